//! pylint JSON: `--output-format=json` (a list of messages) and `json2` (`{messages, statistics}`).
//!
//! Producers seen: pylint 3 and 4.1. Every message is a lint violation, whatever its `type`
//! (convention, refactor, warning, error, fatal); columns are 0-based. Levels: `fatal` and `error`
//! are errors, `warning` a warning, `convention`, `refactor` and `info` below (lint.violations only).

use std::io::BufRead;

use serde::Deserialize;

use super::Format;
use super::error::ParseError;
use super::json::{self, LenientNumber};
use crate::model::{Category, Finding, Findings, LintLevel, Report, ReportContent, SourceLocation};

#[derive(Deserialize)]
struct Json2 {
    messages: Vec<Message>,
}

#[derive(Deserialize)]
struct Message {
    #[serde(alias = "messageId", rename = "message-id")]
    message_id: String,
    #[serde(default)]
    symbol: Option<String>,
    message: String,
    #[serde(default, rename = "type")]
    kind: Option<String>,
    path: String,
    #[serde(default)]
    line: Option<LenientNumber>,
    #[serde(default)]
    column: Option<LenientNumber>,
    #[serde(default, rename = "endLine")]
    end_line: Option<LenientNumber>,
}

/// Parses pylint JSON (either shape).
pub(crate) fn parse(mut input: impl BufRead) -> Result<Report, ParseError> {
    let messages = if json::peek_first_byte(Format::Pylint, &mut input)? == Some(b'[') {
        json::from_reader::<Vec<Message>>(Format::Pylint, input)?
    } else {
        json::from_reader::<Json2>(Format::Pylint, input)?.messages
    };
    let mut findings = Findings::covering(&[Category::Lint]);
    for message in messages {
        let mut finding = Finding::new(Category::Lint, "pylint", message.message_id, message.message);
        finding.rule_name = message.symbol;
        finding.lint_level = message.kind.as_deref().map(level);
        let mut location = SourceLocation::new(message.path, message.line.and_then(LenientNumber::line))
            .ending_at(message.end_line.and_then(LenientNumber::line));
        location.column = message.column.and_then(LenientNumber::line).map(|column| column.saturating_add(1));
        finding.location = Some(location);
        findings.items.push(finding);
    }
    Ok(Report {
        format: Format::Pylint,
        producer: Some("pylint".to_owned()),
        notes: Vec::new(),
        content: ReportContent::Findings(findings),
    })
}

/// pylint's message type as a lint level.
fn level(kind: &str) -> LintLevel {
    match kind {
        "fatal" | "error" => LintLevel::Error,
        "warning" => LintLevel::Warning,
        _ => LintLevel::Info,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_str;

    fn rules(json: &str) -> Vec<(String, Option<u32>, Option<u32>)> {
        let ReportContent::Findings(findings) = parse_str(Format::Pylint, json).unwrap().content else {
            panic!()
        };
        findings
            .items
            .into_iter()
            .map(|finding| {
                let location = finding.location.unwrap();
                (finding.rule, location.line, location.column)
            })
            .collect()
    }

    #[test]
    fn both_shapes() {
        let legacy = r#"[{"type": "error", "module": "m", "obj": "", "line": 1, "column": 10, "endLine": null, "endColumn": null,
            "path": "broken/syntax_error.py", "symbol": "syntax-error", "message": "Parsing failed", "message-id": "E0001"}]"#;
        let json2 = r#"{"messages": [{"type": "convention", "symbol": "missing-function-docstring", "message": "Missing docstring",
            "messageId": "C0116", "confidence": "HIGH", "module": "m", "obj": "f", "line": 4, "column": 0, "endLine": 4, "endColumn": 12,
            "path": "demo/calc.py", "absolutePath": "/w/demo/calc.py"}], "statistics": {"messageTypeCount": {}, "modulesLinted": 3, "score": 7.5}}"#;
        assert_eq!(rules(legacy), vec![("E0001".to_owned(), Some(1), Some(11))]);
        assert_eq!(rules(json2), vec![("C0116".to_owned(), Some(4), Some(1))]);
    }
}

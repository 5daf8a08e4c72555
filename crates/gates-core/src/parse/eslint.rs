//! ESLint JSON (`eslint -f json`, and the `results` of `-f json-with-metadata`).
//!
//! Producers seen: ESLint 9.39. Read from ESLint's formatter documentation and its `LintResult`
//! type: a list of files, each with `filePath`, `messages`, `suppressedMessages` and the counts
//! `errorCount`, `fatalErrorCount` and `warningCount`. Severity 2 is an error, 1 a warning; a
//! `fatal` message (the file could not be parsed) is an error with no rule. Suppressed messages
//! (`eslint-disable` comments) are not counted. ESLint computes each file's counts from its
//! messages, so a file whose messages disagree with its counts is refused as damaged.

use std::io::BufRead;

use serde::Deserialize;
use serde::de::IgnoredAny;

use super::Format;
use super::error::{ParseError, ParseErrorKind};
use super::json::{self, LenientCount, LenientNumber};
use crate::model::{Category, Finding, Findings, LintLevel, Report, ReportContent, SourceLocation};

/// `-f json-with-metadata`: the results beside rule metadata.
#[derive(Deserialize)]
struct WithMetadata {
    results: Vec<FileResult>,
    #[serde(default, rename = "metadata")]
    _metadata: Option<IgnoredAny>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FileResult {
    file_path: String,
    messages: Vec<Message>,
    #[serde(default)]
    error_count: Option<LenientCount>,
    #[serde(default)]
    warning_count: Option<LenientCount>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Message {
    #[serde(default)]
    rule_id: Option<String>,
    severity: LenientCount,
    message: String,
    #[serde(default)]
    fatal: bool,
    #[serde(default)]
    line: Option<LenientNumber>,
    #[serde(default)]
    column: Option<LenientNumber>,
    #[serde(default)]
    end_line: Option<LenientNumber>,
}

/// Parses ESLint JSON (either shape).
pub(crate) fn parse(mut input: impl BufRead) -> Result<Report, ParseError> {
    let results = if json::peek_first_byte(Format::Eslint, &mut input)? == Some(b'{') {
        json::from_reader::<WithMetadata>(Format::Eslint, input)?.results
    } else {
        json::from_reader::<Vec<FileResult>>(Format::Eslint, input)?
    };
    let mut findings = Findings::covering(&[Category::Lint]);
    for (index, file) in results.into_iter().enumerate() {
        let (mut errors, mut warnings) = (0u64, 0u64);
        for (at, message) in file.messages.into_iter().enumerate() {
            let level = match (message.fatal, message.severity.0) {
                (true, _) | (false, 2) => LintLevel::Error,
                (false, 1) => LintLevel::Warning,
                (false, other) => {
                    return Err(ParseError::new(
                        Format::Eslint,
                        ParseErrorKind::invalid("a severity 1 (warning) or 2 (error)", &other.to_string()),
                    )
                    .in_element(format!("[{index}].messages[{at}].severity")));
                }
            };
            match level {
                LintLevel::Error => errors += 1,
                _ => warnings += 1,
            }
            let rule = message
                .rule_id
                .unwrap_or_else(|| if message.fatal { "parse-error" } else { "unknown" }.to_owned());
            let mut finding = Finding::new(Category::Lint, "eslint", rule, message.message);
            finding.lint_level = Some(level);
            let mut location =
                SourceLocation::new(file.file_path.clone(), message.line.and_then(LenientNumber::line))
                    .ending_at(message.end_line.and_then(LenientNumber::line));
            location.column = message.column.and_then(LenientNumber::line);
            finding.location = Some(location);
            findings.items.push(finding);
        }
        check_count(index, "errorCount", file.error_count, errors)?;
        check_count(index, "warningCount", file.warning_count, warnings)?;
    }
    Ok(Report {
        format: Format::Eslint,
        producer: Some("ESLint".to_owned()),
        notes: Vec::new(),
        content: ReportContent::Findings(findings),
    })
}

/// A file's own count, where given, must equal the messages listed.
fn check_count(
    index: usize,
    key: &str,
    declared: Option<LenientCount>,
    listed: u64,
) -> Result<(), ParseError> {
    match declared {
        Some(LenientCount(declared)) if declared != listed => Err(ParseError::new(
            Format::Eslint,
            ParseErrorKind::Json(format!(
                "{key} is {declared} but the file's messages hold {listed}; the report is damaged"
            )),
        )
        .in_element(format!("[{index}].{key}"))),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_str;

    #[test]
    fn levels_fatal_errors_and_both_shapes() {
        let list = r#"[{"filePath": "/w/src/broken.js", "messages": [{"ruleId": null, "fatal": true, "severity": 2, "message": "Parsing error: Unexpected token", "line": 3, "column": 1}],
            "suppressedMessages": [], "errorCount": 1, "fatalErrorCount": 1, "warningCount": 0},
          {"filePath": "/w/src/a.js", "messages": [{"ruleId": "eqeqeq", "severity": 1, "message": "Expected '==='", "line": 5, "column": 20, "endLine": 5, "endColumn": 22}],
            "suppressedMessages": [{"ruleId": "eqeqeq", "severity": 1, "message": "x", "line": 9, "column": 1, "suppressions": [{"kind": "directive", "justification": ""}]}],
            "errorCount": 0, "warningCount": 1}]"#;
        let ReportContent::Findings(findings) = parse_str(Format::Eslint, list).unwrap().content else {
            panic!()
        };
        let seen: Vec<_> =
            findings.items.iter().map(|finding| (finding.rule.as_str(), finding.lint_level)).collect();
        assert_eq!(seen, [("parse-error", Some(LintLevel::Error)), ("eqeqeq", Some(LintLevel::Warning))]);
        let with_metadata =
            format!(r#"{{"results": {list}, "metadata": {{"cwd": "/w", "rulesMeta": {{}}}}}}"#);
        let ReportContent::Findings(again) = parse_str(Format::Eslint, &with_metadata).unwrap().content
        else {
            panic!()
        };
        assert_eq!(again.items, findings.items);
    }

    #[test]
    fn counts_must_match_messages() {
        let json = r#"[{"filePath": "a.js", "messages": [{"ruleId": "x", "severity": 2, "message": "m"}], "errorCount": 2, "warningCount": 0}]"#;
        let error = parse_str(Format::Eslint, json).unwrap_err().to_string();
        assert!(error.contains("errorCount is 2 but the file's messages hold 1"), "{error}");
        let json = r#"[{"filePath": "a.js", "messages": [{"ruleId": "x", "severity": 0, "message": "m"}]}]"#;
        assert!(
            parse_str(Format::Eslint, json).unwrap_err().to_string().contains("severity 1 (warning) or 2")
        );
    }
}

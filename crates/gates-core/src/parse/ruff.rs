//! ruff JSON (`ruff check --output-format json`).
//!
//! Producers seen: ruff 0.16 and 0.17 (`name`, `severity`, `cell` for notebooks, `code`
//! `invalid-syntax` for syntax errors, which older ruff wrote as `null`). Every entry is a lint
//! violation; an empty list is a clean run. ruff has no warning level (any violation fails
//! `ruff check`), so every violation is a `lint.errors` one.

use std::io::BufRead;

use serde::Deserialize;

use super::Format;
use super::error::ParseError;
use super::json::{self, LenientNumber};
use crate::model::{Category, Finding, Findings, LintLevel, Report, ReportContent, SourceLocation};

#[derive(Deserialize)]
struct Diagnostic {
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    name: Option<String>,
    message: String,
    filename: String,
    #[serde(default)]
    location: Option<Position>,
    #[serde(default)]
    end_location: Option<Position>,
    #[serde(default)]
    cell: Option<LenientNumber>,
}

#[derive(Deserialize)]
struct Position {
    row: LenientNumber,
    column: LenientNumber,
}

/// Parses a ruff JSON report.
pub(crate) fn parse(input: impl BufRead) -> Result<Report, ParseError> {
    let diagnostics: Vec<Diagnostic> = json::from_reader(Format::Ruff, input)?;
    let mut findings = Findings::covering(&[Category::Lint]);
    for diagnostic in diagnostics {
        let rule =
            diagnostic.code.filter(|code| !code.is_empty()).unwrap_or_else(|| "syntax-error".to_owned());
        let mut finding = Finding::new(Category::Lint, "ruff", rule, diagnostic.message);
        finding.rule_name = diagnostic.name;
        finding.lint_level = Some(LintLevel::Error);
        let mut path = diagnostic.filename;
        if let Some(cell) = diagnostic.cell.and_then(LenientNumber::line) {
            // Notebook rows count from the top of the cell.
            path = format!("{path}:cell {cell}");
        }
        let mut location =
            SourceLocation::new(path, diagnostic.location.as_ref().and_then(|at| at.row.line()))
                .ending_at(diagnostic.end_location.and_then(|end| end.row.line()));
        location.column = diagnostic.location.as_ref().and_then(|at| at.column.line());
        finding.location = Some(location);
        findings.items.push(finding);
    }
    Ok(Report {
        format: Format::Ruff,
        producer: Some("ruff".to_owned()),
        notes: Vec::new(),
        content: ReportContent::Findings(findings),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_str;

    #[test]
    fn violations_and_syntax_errors() {
        let json = r#"[
  {"cell": null, "code": "invalid-syntax", "end_location": {"column": 17, "row": 1}, "filename": "/w/pkg/broken.py", "fix": null,
   "location": {"column": 16, "row": 1}, "message": "Expected `)`", "name": "invalid-syntax", "noqa_row": null, "severity": "error", "url": null},
  {"cell": null, "code": "F401", "end_location": {"column": 11, "row": 4}, "filename": "/w/pkg/routing.py",
   "fix": {"applicability": "safe", "edits": [], "message": "Remove unused import: `sys`"}, "location": {"column": 8, "row": 4},
   "message": "`sys` imported but unused", "name": "unused-import", "noqa_row": 4, "url": "https://docs.astral.sh/ruff/rules/unused-import"},
  {"cell": 2, "code": "E501", "end_location": null, "filename": "nb.ipynb", "fix": null, "location": {"column": 1, "row": 3}, "message": "long", "noqa_row": null},
  {"code": null, "filename": "old.py", "location": {"column": 1, "row": 1}, "message": "SyntaxError: invalid syntax", "noqa_row": null}
]"#;
        let report = parse_str(Format::Ruff, json).unwrap();
        let ReportContent::Findings(findings) = report.content else { panic!() };
        let rules: Vec<_> = findings.items.iter().map(|finding| finding.rule.as_str()).collect();
        assert_eq!(rules, ["invalid-syntax", "F401", "E501", "syntax-error"]);
        let unused = findings.items[1].location.as_ref().unwrap();
        assert_eq!(
            (unused.path.as_str(), unused.line, unused.column),
            ("/w/pkg/routing.py", Some(4), Some(8))
        );
        assert_eq!(findings.items[2].location.as_ref().unwrap().path, "nb.ipynb:cell 2");
    }

    #[test]
    fn empty_list_is_clean() {
        let report = parse_str(Format::Ruff, "[]").unwrap();
        let ReportContent::Findings(findings) = report.content else { panic!() };
        assert!(findings.items.is_empty() && findings.covers(Category::Lint));
    }
}

//! Code Climate issues as GitLab Code Quality reads them: a JSON list of issues.
//!
//! Producers seen: ESLint 9.39 with eslint-formatter-gitlab 7.2, and gates' own `--format
//! codeclimate`. Read from the Code Climate engine specification (SPEC.md: `type`, `check_name`,
//! `description`, `categories`, `location` with `lines` or `positions`, `severity`) and GitLab's
//! Code Quality documentation (the list form; the engine's NUL-separated stream is not read).
//!
//! An issue whose `categories` hold `Security` is a security finding (blocker and critical are
//! high, major medium, minor and info low); any other is a lint violation (blocker, critical and
//! major are errors, minor a warning, info below), as ESLint's formatter writes fatal and errors as
//! critical and major, warnings as minor. Fingerprints are not unique in real reports, so every
//! issue counts, whatever its fingerprint. Entries whose `type` is not `issue` are skipped.

use std::io::BufRead;

use serde::Deserialize;

use super::Format;
use super::error::{ParseError, ParseErrorKind};
use super::json::{self, LenientNumber};
use crate::model::{Category, Finding, Findings, Level, LintLevel, Report, ReportContent, SourceLocation};

#[derive(Deserialize)]
struct Issue {
    #[serde(default, rename = "type")]
    kind: Option<String>,
    #[serde(default)]
    check_name: Option<String>,
    description: String,
    #[serde(default)]
    categories: Vec<String>,
    location: Location,
    severity: String,
}

#[derive(Deserialize)]
struct Location {
    path: String,
    #[serde(default)]
    lines: Option<Lines>,
    #[serde(default)]
    positions: Option<Positions>,
}

#[derive(Deserialize)]
struct Lines {
    begin: LenientNumber,
    #[serde(default)]
    end: Option<LenientNumber>,
}

#[derive(Deserialize)]
struct Positions {
    begin: Position,
    #[serde(default)]
    end: Option<Position>,
}

/// A line and column, or a byte offset (which gives no line).
#[derive(Deserialize)]
struct Position {
    #[serde(default)]
    line: Option<LenientNumber>,
    #[serde(default)]
    column: Option<LenientNumber>,
}

/// The severities of the specification, most severe first.
#[derive(Clone, Copy)]
enum Severity {
    Blocker,
    Critical,
    Major,
    Minor,
    Info,
}

impl Severity {
    fn from_name(name: &str) -> Option<Severity> {
        Some(match name {
            "blocker" => Severity::Blocker,
            "critical" => Severity::Critical,
            "major" => Severity::Major,
            "minor" => Severity::Minor,
            "info" => Severity::Info,
            _ => return None,
        })
    }
}

/// Parses a Code Climate / GitLab Code Quality report.
pub(crate) fn parse(input: impl BufRead) -> Result<Report, ParseError> {
    let issues: Vec<Issue> = json::from_reader(Format::CodeClimate, input)?;
    let mut findings = Findings::covering(&[Category::Lint]);
    for (index, issue) in issues.into_iter().enumerate() {
        if issue.kind.as_deref().is_some_and(|kind| !kind.eq_ignore_ascii_case("issue")) {
            continue;
        }
        let severity = Severity::from_name(&issue.severity).ok_or_else(|| {
            ParseError::new(
                Format::CodeClimate,
                ParseErrorKind::invalid(
                    "a severity info, minor, major, critical or blocker",
                    &issue.severity,
                ),
            )
            .in_element(format!("[{index}].severity"))
        })?;
        let security = issue.categories.iter().any(|category| category == "Security");
        let rule = issue.check_name.filter(|name| !name.is_empty()).unwrap_or_else(|| "unknown".to_owned());
        let category = if security { Category::Security } else { Category::Lint };
        let mut finding = Finding::new(category, "codeclimate", rule, issue.description);
        if security {
            finding.severity = Some(match severity {
                Severity::Blocker | Severity::Critical => Level::High,
                Severity::Major => Level::Medium,
                Severity::Minor | Severity::Info => Level::Low,
            });
            if !findings.covers(Category::Security) {
                findings.categories.push(Category::Security);
            }
        } else {
            finding.lint_level = Some(match severity {
                Severity::Blocker | Severity::Critical | Severity::Major => LintLevel::Error,
                Severity::Minor => LintLevel::Warning,
                Severity::Info => LintLevel::Info,
            });
        }
        finding.location = Some(location(issue.location));
        findings.items.push(finding);
    }
    Ok(Report {
        format: Format::CodeClimate,
        producer: None,
        notes: Vec::new(),
        content: ReportContent::Findings(findings),
    })
}

fn location(location: Location) -> SourceLocation {
    let (begin, end, column) = match (location.lines, location.positions) {
        (Some(lines), _) => (lines.begin.line(), lines.end.and_then(LenientNumber::line), None),
        (None, Some(positions)) => (
            positions.begin.line.and_then(LenientNumber::line),
            positions.end.and_then(|end| end.line).and_then(LenientNumber::line),
            positions.begin.column.and_then(LenientNumber::line),
        ),
        (None, None) => (None, None, None),
    };
    let mut source = SourceLocation::new(location.path, begin).ending_at(end);
    source.column = column;
    source
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_str;

    #[test]
    fn security_and_lint_issues_with_repeated_fingerprints() {
        let json = r#"[
  {"type": "issue", "check_name": "eqeqeq", "description": "Expected '==='", "categories": ["Style"], "severity": "minor",
   "fingerprint": "f1", "location": {"path": "src/a.js", "positions": {"begin": {"line": 5, "column": 20}, "end": {"line": 5, "column": 22}}}},
  {"type": "issue", "check_name": "eqeqeq", "description": "Expected '==='", "categories": ["Style"], "severity": "minor",
   "fingerprint": "f1", "location": {"path": "src/a.js", "lines": {"begin": 9}}},
  {"type": "issue", "check_name": "bandit/B602", "description": "shell", "categories": ["Security"], "severity": "critical",
   "fingerprint": "f2", "location": {"path": "a.py", "lines": {"begin": 3}}}
]"#;
        let ReportContent::Findings(findings) = parse_str(Format::CodeClimate, json).unwrap().content else {
            panic!()
        };
        let seen: Vec<_> = findings
            .items
            .iter()
            .map(|finding| {
                let at = finding.location.as_ref().unwrap();
                (finding.category, finding.severity, finding.lint_level, at.line, at.column)
            })
            .collect();
        assert_eq!(
            seen,
            [
                (Category::Lint, None, Some(LintLevel::Warning), Some(5), Some(20)),
                (Category::Lint, None, Some(LintLevel::Warning), Some(9), None),
                (Category::Security, Some(Level::High), None, Some(3), None),
            ]
        );
        assert_eq!(findings.categories, [Category::Lint, Category::Security]);
    }

    #[test]
    fn unknown_severity_is_refused() {
        let json = r#"[{"type": "issue", "check_name": "x", "description": "d", "severity": "high", "location": {"path": "a", "lines": {"begin": 1}}}]"#;
        let error = parse_str(Format::CodeClimate, json).unwrap_err().to_string();
        assert!(error.contains("a severity info, minor, major, critical or blocker"), "{error}");
    }
}

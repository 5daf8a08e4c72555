//! golangci-lint JSON (`golangci-lint run --out-format json` in v1, `--output.json.path FILE`
//! in v2).
//!
//! Read from golangci-lint's JSON printer and its `result.Issue` and `report.Data` types (v1.64
//! and v2): an object with `Issues` (each with `FromLinter`, `Text`, `Severity` and `Pos`) and
//! `Report` (`Warnings`, `Linters`, and `Error` when the run itself failed). Go is too old here
//! to build golangci-lint, so the fixtures are written by hand in that shape.
//!
//! - `Severity` is empty unless the configuration's `severity` section sets one. golangci-lint's
//!   own Checkstyle and SARIF printers write an empty severity as `error`, and so does gates.
//!   `warning` is a warning; `info`, `note`, `notice`, `minor` and `low` are below a warning; any
//!   other label a configuration may set counts as an error, with a note naming it.
//! - A run that failed (`Report.Error`: the packages could not be loaded, a bad configuration)
//!   linted nothing: it is counted as one error, so its empty `Issues` never pass a gate.
//! - `SourceLines` hold the source the issue points at and are never read.

use std::io::BufRead;

use serde::Deserialize;
use serde::de::IgnoredAny;

use super::Format;
use super::json::{self, LenientNumber};
use crate::model::{Category, Finding, Findings, LintLevel, Report, ReportContent, SourceLocation};

const TOOL: &str = "golangci-lint";

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct LintResult {
    /// Required, and `null` when the run found nothing.
    #[serde(deserialize_with = "Option::deserialize")]
    issues: Option<Vec<Issue>>,
    #[serde(default)]
    report: Option<RunReport>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Issue {
    from_linter: String,
    text: String,
    #[serde(default)]
    severity: String,
    pos: Position,
    #[serde(default)]
    line_range: Option<LineRange>,
    #[serde(default)]
    _source_lines: Option<IgnoredAny>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Position {
    filename: String,
    line: LenientNumber,
    #[serde(default)]
    column: Option<LenientNumber>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct LineRange {
    to: LenientNumber,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RunReport {
    #[serde(default)]
    warnings: Vec<Warning>,
    #[serde(default)]
    error: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Warning {
    text: String,
}

/// Parses a golangci-lint JSON report.
pub(crate) fn parse(input: impl BufRead) -> Result<Report, super::error::ParseError> {
    let result: LintResult = json::from_reader(Format::GolangciLint, input)?;
    let mut findings = Findings::covering(&[Category::Lint]);
    let mut unknown_labels: Vec<String> = Vec::new();
    for issue in result.issues.unwrap_or_default() {
        let level = level_of(&issue.severity).unwrap_or_else(|| {
            if !unknown_labels.contains(&issue.severity) {
                unknown_labels.push(issue.severity.clone());
            }
            LintLevel::Error
        });
        let mut finding = Finding::new(Category::Lint, TOOL, issue.from_linter, issue.text);
        finding.lint_level = Some(level);
        let line = issue.pos.line.line().filter(|line| *line > 0);
        let last = issue.line_range.and_then(|range| range.to.line()).filter(|last| Some(*last) > line);
        let mut location = SourceLocation::new(issue.pos.filename, line).ending_at(last);
        location.column = issue.pos.column.and_then(LenientNumber::line).filter(|column| *column > 0);
        finding.location = Some(location);
        findings.items.push(finding);
    }
    let mut notes = Vec::new();
    if !unknown_labels.is_empty() {
        notes.push(format!(
            "golangci-lint severities {} are not error, warning or info: counted as errors",
            unknown_labels.iter().map(|label| format!("'{label}'")).collect::<Vec<_>>().join(", ")
        ));
    }
    let report = result.report.unwrap_or(RunReport { warnings: Vec::new(), error: None });
    notes.extend(report.warnings.into_iter().map(|warning| format!("golangci-lint: {}", warning.text)));
    if let Some(error) = report.error.filter(|error| !error.trim().is_empty()) {
        notes.push(format!("golangci-lint did not finish, counted as one error: {error}"));
        let mut failed = Finding::new(Category::Lint, TOOL, "run-error", error);
        failed.lint_level = Some(LintLevel::Error);
        findings.items.push(failed);
    }
    Ok(Report {
        format: Format::GolangciLint,
        producer: Some(TOOL.to_owned()),
        notes,
        content: ReportContent::Findings(findings),
    })
}

/// The level of a golangci-lint severity label, or `None` for a label it does not define.
fn level_of(severity: &str) -> Option<LintLevel> {
    match severity.trim().to_ascii_lowercase().as_str() {
        "" | "error" => Some(LintLevel::Error),
        "warning" => Some(LintLevel::Warning),
        "info" | "note" | "notice" | "minor" | "low" => Some(LintLevel::Info),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_str;

    fn findings(json: &str) -> (Findings, Vec<String>) {
        let report = parse_str(Format::GolangciLint, json).unwrap();
        let ReportContent::Findings(findings) = report.content else { panic!("not findings") };
        (findings, report.notes)
    }

    #[test]
    fn empty_severity_is_an_error_and_labels_map_to_levels() {
        let (found, notes) = findings(
            r#"{"Issues":[
              {"FromLinter":"errcheck","Text":"unchecked","Severity":"","SourceLines":["x()"],"Pos":{"Filename":"a.go","Offset":3,"Line":4,"Column":2}},
              {"FromLinter":"gocritic","Text":"heavy","Severity":"warning","Pos":{"Filename":"b.go","Offset":0,"Line":6,"Column":0},"LineRange":{"From":6,"To":9}},
              {"FromLinter":"misspell","Text":"typo","Severity":"info","Pos":{"Filename":"c.go","Offset":0,"Line":1,"Column":1}},
              {"FromLinter":"gosec","Text":"weak","Severity":"high","Pos":{"Filename":"d.go","Offset":0,"Line":2,"Column":1}}],
              "Report":{"Warnings":[{"Tag":"runner","Text":"The linter 'x' is deprecated"}],"Linters":[{"Name":"errcheck","Enabled":true}]}}"#,
        );
        let levels: Vec<_> = found.items.iter().map(|finding| finding.lint_level).collect();
        use LintLevel::{Error, Info, Warning};
        assert_eq!(levels, [Some(Error), Some(Warning), Some(Info), Some(Error)]);
        let second = found.items.get(1).and_then(|finding| finding.location.as_ref()).unwrap();
        assert_eq!((second.line, second.end_line, second.column), (Some(6), Some(9), None));
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(notes.iter().any(|note| note.contains("'high'")), "{notes:?}");
    }

    #[test]
    fn a_failed_run_is_an_error_and_never_clean() {
        let (found, notes) =
            findings(r#"{"Issues":[],"Report":{"Error":"context loading failed: no go files to analyze"}}"#);
        assert_eq!(found.items.len(), 1);
        assert_eq!(found.items.first().map(|finding| finding.rule.as_str()), Some("run-error"));
        assert!(notes.iter().any(|note| note.contains("did not finish")), "{notes:?}");
        let (clean, _) =
            findings(r#"{"Issues":null,"Report":{"Linters":[{"Name":"govet","Enabled":true}]}}"#);
        assert!(clean.items.is_empty());
    }

    #[test]
    fn damaged_issues_are_refused() {
        for json in [
            r#"{"Report":{}}"#,
            r#"{"Issues":[{"FromLinter":"x","Text":"t","Pos":{"Filename":"a.go"}}]}"#,
            r#"{"Issues":[{"FromLinter":"x","Text":"t","Pos":{"Filename":"a.go","Line":"four"}}]}"#,
            r#"{"Issues":[{"Text":"t","Pos":{"Filename":"a.go","Line":1}}]}"#,
        ] {
            assert!(parse_str(Format::GolangciLint, json).is_err(), "{json}");
        }
    }
}

//! Semgrep JSON (`semgrep scan --json`, `semgrep ci --json`).
//!
//! Read from Semgrep's output specification (semgrep-interfaces `semgrep_output_v1.atd`:
//! `cli_output` with `results` of `cli_match` and `errors` of `cli_error`); no Semgrep runs
//! here, so the fixtures are written by hand in that shape.
//!
//! - Every result is a security finding, whatever its rule's `metadata.category`: the SARIF
//!   reader counts a Semgrep run as a security scanner's, and one scan must count the same
//!   whichever format it was written in. Semgrep's docs rank a finding by its rule's
//!   `severity`: `ERROR` (and 1.72's `CRITICAL` and `HIGH`) is high, `WARNING` (`MEDIUM`)
//!   medium, `INFO` (`LOW`) low; the deprecated `EXPERIMENT` and `INVENTORY` are counted in no
//!   severity, with a note. Any other label is refused.
//! - A result `is_ignored` (a `nosemgrep` comment, kept by `--disable-nosem`) is not counted.
//! - Each of `errors` is a scan error: a file Semgrep could not parse, or parsed only in part
//!   (`warn`), is not a clean one.
//! - `extra.lines` holds the matched source, which may be a credential: it is never read.

use std::io::BufRead;

use serde::Deserialize;

use super::Format;
use super::error::{ParseError, ParseErrorKind};
use super::json::{self, LenientNumber, Scalar};
use crate::model::{Category, Finding, Findings, Level, Report, ReportContent, ScanProblem, SourceLocation};

#[derive(Deserialize)]
struct SemgrepReport {
    #[serde(default)]
    version: Option<String>,
    results: Vec<Match>,
    #[serde(default)]
    errors: Vec<SemgrepError>,
}

#[derive(Deserialize)]
struct Match {
    check_id: String,
    path: String,
    start: Position,
    #[serde(default)]
    end: Option<Position>,
    extra: Extra,
}

#[derive(Deserialize)]
struct Position {
    line: LenientNumber,
    #[serde(default)]
    col: Option<LenientNumber>,
}

#[derive(Deserialize)]
struct Extra {
    message: String,
    severity: String,
    #[serde(default)]
    is_ignored: Option<bool>,
}

#[derive(Deserialize)]
struct SemgrepError {
    #[serde(default, rename = "type")]
    kind: Option<Scalar>,
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    path: Option<String>,
}

/// What a rule's severity counts as: a level, or none for the deprecated labels.
enum Ranked {
    Level(Level),
    Deprecated,
}

/// Parses a Semgrep JSON report.
pub(crate) fn parse(input: impl BufRead) -> Result<Report, ParseError> {
    let report: SemgrepReport = json::from_reader(Format::Semgrep, input)?;
    let mut findings = Findings::covering(&[Category::Security]);
    let (mut ignored, mut unranked) = (0usize, 0usize);
    for (at, found) in report.results.into_iter().enumerate() {
        let ranked = rank(&found.extra.severity).ok_or_else(|| {
            ParseError::new(
                Format::Semgrep,
                ParseErrorKind::invalid(
                    "a severity (ERROR, WARNING, INFO, CRITICAL, HIGH, MEDIUM, LOW)",
                    &found.extra.severity,
                ),
            )
            .in_element(format!("results[{at}].extra.severity"))
        })?;
        if found.extra.is_ignored == Some(true) {
            ignored += 1;
            continue;
        }
        let mut finding = Finding::new(Category::Security, "semgrep", found.check_id, found.extra.message);
        finding.severity = match ranked {
            Ranked::Level(level) => Some(level),
            Ranked::Deprecated => {
                unranked += 1;
                None
            }
        };
        let mut location = SourceLocation::new(found.path, found.start.line.line())
            .ending_at(found.end.and_then(|end| end.line.line()));
        location.column = found.start.col.and_then(LenientNumber::line);
        finding.location = Some(location);
        findings.items.push(finding);
    }
    let mut notes = Vec::new();
    if ignored > 0 {
        notes.push(format!("{ignored} Semgrep results ignored by a nosemgrep comment are not counted"));
    }
    if unranked > 0 {
        notes.push(format!(
            "{unranked} Semgrep results of a rule of EXPERIMENT or INVENTORY severity are counted in no severity"
        ));
    }
    for error in report.errors {
        let kind = error.kind.and_then(Scalar::into_text);
        let message = error.message.or(kind).unwrap_or_else(|| "a scan error".to_owned());
        let subject = error.path.as_deref().unwrap_or("a file");
        notes.push(format!(
            "semgrep could not fully scan {subject}: {}",
            message.lines().next().unwrap_or("")
        ));
        findings.problems.push(ScanProblem::new("semgrep", error.path, message));
    }
    Ok(Report {
        format: Format::Semgrep,
        producer: Some(match report.version {
            Some(version) => format!("semgrep {version}"),
            None => "semgrep".to_owned(),
        }),
        notes,
        content: ReportContent::Findings(findings),
    })
}

/// A rule severity of Semgrep's: the three of rules up to 1.71, the four since, the two deprecated.
fn rank(label: &str) -> Option<Ranked> {
    Some(match label.to_ascii_uppercase().as_str() {
        "ERROR" | "CRITICAL" | "HIGH" => Ranked::Level(Level::High),
        "WARNING" | "MEDIUM" => Ranked::Level(Level::Medium),
        "INFO" | "LOW" => Ranked::Level(Level::Low),
        "EXPERIMENT" | "INVENTORY" => Ranked::Deprecated,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_str;

    #[test]
    fn ignored_results_are_not_counted_and_new_severities_are_read() {
        let json = r#"{"version": "1.100.0", "results": [
            {"check_id": "a", "path": "x.py", "start": {"line": 3, "col": 1}, "end": {"line": 3, "col": 9},
             "extra": {"message": "m", "severity": "CRITICAL", "metadata": {}, "lines": "password = 'hunter2'", "is_ignored": false}},
            {"check_id": "b", "path": "x.py", "start": {"line": 4, "col": 1}, "end": {"line": 4, "col": 9},
             "extra": {"message": "m", "severity": "LOW", "metadata": {}, "is_ignored": true}},
            {"check_id": "c", "path": "y.py", "start": {"line": 1, "col": 1}, "end": {"line": 1, "col": 2},
             "extra": {"message": "m", "severity": "INVENTORY", "metadata": {}}}],
          "errors": [{"code": 2, "level": "error", "type": ["Rule parse error"], "rule_id": "r"}], "paths": {"scanned": []}}"#;
        let report = parse_str(Format::Semgrep, json).unwrap();
        assert!(!format!("{report:?}").contains("hunter2"), "matched source is never kept");
        let ReportContent::Findings(findings) = report.content else { panic!() };
        let kept: Vec<_> = findings.items.iter().map(|found| (found.rule.as_str(), found.severity)).collect();
        assert_eq!(kept, [("a", Some(Level::High)), ("c", None)]);
        assert_eq!(findings.problems, [ScanProblem::new("semgrep", None, "a scan error")]);
        assert_eq!(report.notes.len(), 3, "{:?}", report.notes);
    }
}

//! bandit JSON (`bandit -r PKG -f json`).
//!
//! Producers seen: bandit 1.6 (float metrics, no `issue_cwe`/`col_offset`), 1.7, 1.8 and 1.9
//! (`issue_cwe`, `col_offset`, `end_col_offset`, `skipped_tests`); read from bandit's
//! `formatters/json.py`. The `results` list is the oracle: `metrics._totals` counts every finding
//! even when `-l`/`-i` filters narrowed `results`, so it is never used. `errors` lists files bandit
//! could not scan; they become scan problems, because an unscanned file is not a clean one.
//! `metrics` must be there, as bandit always writes it, so another scanner's `results` is refused.

use std::io::BufRead;

use serde::Deserialize;

use super::Format;
use super::error::ParseError;
use super::json::{self, LenientNumber};
use crate::model::{Category, Finding, Findings, Level, Report, ReportContent, ScanProblem, SourceLocation};

#[derive(Deserialize)]
struct BanditReport {
    results: Vec<BanditResult>,
    #[serde(default)]
    errors: Vec<BanditError>,
    /// Never read, but every bandit report has it: without it, `results` may be another
    /// scanner's (Semgrep's report has `results` and `errors` too).
    #[serde(rename = "metrics")]
    _metrics: serde::de::IgnoredAny,
}

#[derive(Deserialize)]
struct BanditResult {
    test_id: String,
    #[serde(default)]
    test_name: Option<String>,
    issue_severity: String,
    issue_confidence: String,
    issue_text: String,
    filename: String,
    line_number: LenientNumber,
    #[serde(default)]
    line_range: Vec<LenientNumber>,
    #[serde(default)]
    col_offset: Option<LenientNumber>,
    #[serde(default)]
    issue_cwe: Option<Cwe>,
}

#[derive(Deserialize)]
struct Cwe {
    id: LenientNumber,
}

#[derive(Deserialize)]
struct BanditError {
    filename: String,
    reason: String,
}

/// Parses a bandit JSON report.
pub(crate) fn parse(input: impl BufRead) -> Result<Report, ParseError> {
    let report: BanditReport = json::from_reader(Format::Bandit, input)?;
    let mut findings = Findings::covering(&[Category::Security]);
    let mut notes = Vec::new();
    for result in report.results {
        let mut finding = Finding::new(Category::Security, "bandit", result.test_id, result.issue_text);
        finding.rule_name = result.test_name;
        finding.severity = Level::from_name(&result.issue_severity);
        finding.confidence = Level::from_name(&result.issue_confidence);
        let mut location = SourceLocation::new(result.filename, result.line_number.line())
            .ending_at(result.line_range.last().and_then(|last| last.line()));
        location.column =
            result.col_offset.and_then(LenientNumber::line).map(|offset| offset.saturating_add(1));
        finding.location = Some(location);
        finding.cwe = result.issue_cwe.and_then(|cwe| cwe.id.line()).filter(|id| *id > 0);
        if finding.severity.is_none() {
            notes.push(format!(
                "bandit finding {} in {} has an unknown severity; it is counted in no severity",
                finding.rule,
                finding.location.as_ref().map_or("", |location| location.path.as_str())
            ));
        }
        findings.items.push(finding);
    }
    for error in report.errors {
        notes.push(format!("bandit could not scan {}: {}", error.filename, error.reason));
        findings.problems.push(ScanProblem::new("bandit", Some(error.filename), error.reason));
    }
    Ok(Report {
        format: Format::Bandit,
        producer: Some("bandit".to_owned()),
        notes,
        content: ReportContent::Findings(findings),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_str;

    fn findings(json: &str) -> (Findings, Vec<String>) {
        let report = parse_str(Format::Bandit, json).unwrap();
        match report.content {
            ReportContent::Findings(findings) => (findings, report.notes),
            other => panic!("{other:?}"),
        }
    }

    /// Shaped like bandit 1.9.4 output, with a file it could not parse.
    const MODERN: &str = r#"{
  "errors": [{"filename": "demo/broken/syntax_error.py", "reason": "syntax error while parsing AST from file"}],
  "generated_at": "2026-11-22T17:42:44Z",
  "metrics": {"_totals": {"SEVERITY.HIGH": 1, "SEVERITY.LOW": 9}},
  "results": [
    {"code": "12 subprocess.call(cmd, shell=True)\n", "col_offset": 11, "end_col_offset": 47, "filename": "demo/ops.py",
     "issue_confidence": "HIGH", "issue_cwe": {"id": 78, "link": "https://cwe.mitre.org/data/definitions/78.html"},
     "issue_severity": "HIGH", "issue_text": "subprocess call with shell=True identified, security issue.",
     "line_number": 12, "line_range": [12, 13], "more_info": "https://bandit.readthedocs.io/en/1.9.4/plugins/b602.html",
     "test_id": "B602", "test_name": "subprocess_popen_with_shell_equals_true"},
    {"code": "3 import pickle\n", "col_offset": 0, "filename": "demo/ops.py", "issue_confidence": "HIGH",
     "issue_cwe": {"id": 502, "link": ""}, "issue_severity": "LOW", "issue_text": "Consider possible security implications associated with pickle module.",
     "line_number": 3, "line_range": [3], "test_id": "B403", "test_name": "blacklist"}
  ]
}"#;

    #[test]
    fn results_become_security_findings() {
        let (findings, notes) = findings(MODERN);
        assert_eq!(findings.items.len(), 2);
        let shell = &findings.items[0];
        assert_eq!(
            (shell.rule.as_str(), shell.severity, shell.confidence, shell.cwe),
            ("B602", Some(Level::High), Some(Level::High), Some(78))
        );
        let location = shell.location.as_ref().unwrap();
        assert_eq!(
            (location.path.as_str(), location.line, location.end_line, location.column),
            ("demo/ops.py", Some(12), Some(13), Some(12))
        );
        assert_eq!(findings.items[1].location.as_ref().unwrap().end_line, None);
        assert_eq!(
            findings.problems,
            vec![ScanProblem::new(
                "bandit",
                Some("demo/broken/syntax_error.py".into()),
                "syntax error while parsing AST from file"
            )]
        );
        assert_eq!(
            notes,
            vec![
                "bandit could not scan demo/broken/syntax_error.py: syntax error while parsing AST from file"
            ]
        );
    }

    #[test]
    fn old_bandit_without_cwe_and_with_float_metrics() {
        let json = r#"{"errors": [], "generated_at": "2020-01-01T00:00:00Z", "metrics": {"_totals": {"loc": 38.0}},
          "results": [{"code": "x", "filename": "./celery/a.py", "issue_confidence": "MEDIUM", "issue_severity": "LOW",
          "issue_text": "Try, Except, Pass detected.", "line_number": 7, "line_range": [7, 8], "more_info": "", "test_id": "B110", "test_name": "try_except_pass"}]}"#;
        let (findings, _) = findings(json);
        assert_eq!(findings.items[0].cwe, None);
        assert_eq!(findings.items[0].confidence, Some(Level::Medium));
        assert_eq!(findings.items[0].location.as_ref().unwrap().path, "./celery/a.py");
    }
}

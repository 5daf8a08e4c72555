//! gitleaks JSON (`gitleaks detect --report-format json`, `gitleaks dir`/`git` in 8.19+).
//!
//! Producer seen: gitleaks 8.16.0; the fields are those of gitleaks' `report.Finding` (report/finding.go):
//! `Description`, `StartLine`, `EndLine`, `StartColumn`, `EndColumn`, `Match`, `Secret`, `File`,
//! `SymlinkFile`, `Commit`, `Entropy`, `Author`, `Email`, `Date`, `Message`, `Tags`, `RuleID`,
//! `Fingerprint`. A clean scan is `[]`.
//!
//! `Secret` and `Match` hold the leaked credential itself: they are never read, so no output can
//! show them. Neither are the author's name and e-mail.

use std::io::BufRead;

use serde::Deserialize;

use super::Format;
use super::error::ParseError;
use super::json::{self, LenientNumber};
use crate::model::{Category, Finding, Findings, Level, Report, ReportContent, SourceLocation};

/// Characters of a commit hash shown.
const COMMIT_SHOWN: usize = 12;

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Leak {
    #[serde(default)]
    description: Option<String>,
    #[serde(rename = "RuleID")]
    rule_id: String,
    file: String,
    #[serde(default)]
    start_line: Option<LenientNumber>,
    #[serde(default)]
    end_line: Option<LenientNumber>,
    #[serde(default)]
    start_column: Option<LenientNumber>,
    #[serde(default)]
    commit: Option<String>,
}

/// Parses a gitleaks JSON report.
pub(crate) fn parse(input: impl BufRead) -> Result<Report, ParseError> {
    let leaks: Vec<Leak> = json::from_reader(Format::Gitleaks, input)?;
    let mut findings = Findings::covering(&[Category::Secret]);
    findings.items = leaks.into_iter().map(finding).collect();
    Ok(Report {
        format: Format::Gitleaks,
        producer: Some("gitleaks".to_owned()),
        notes: Vec::new(),
        content: ReportContent::Findings(findings),
    })
}

fn finding(leak: Leak) -> Finding {
    let what =
        leak.description.filter(|text| !text.trim().is_empty()).unwrap_or_else(|| leak.rule_id.clone());
    let message = match leak.commit.as_deref().filter(|commit| !commit.is_empty()) {
        Some(commit) => {
            format!("{what} in commit {}", commit.get(..COMMIT_SHOWN).unwrap_or(commit))
        }
        None => what,
    };
    let mut finding = Finding::new(Category::Secret, "gitleaks", leak.rule_id, message);
    finding.severity = Some(Level::High);
    let mut location = SourceLocation::new(leak.file, leak.start_line.and_then(LenientNumber::line))
        .ending_at(leak.end_line.and_then(LenientNumber::line));
    location.column = leak.start_column.and_then(LenientNumber::line);
    finding.location = Some(location);
    finding
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_str;

    #[test]
    fn secret_and_match_are_never_kept() {
        let json = r#"[{"Description": "AWS", "StartLine": 4, "EndLine": 4, "StartColumn": 23, "EndColumn": 42,
            "Match": "KEY=AKIAPLANTEDFAKE0001", "Secret": "AKIAPLANTEDFAKE0001", "File": "app/settings.py",
            "SymlinkFile": "", "Commit": "c66ee4277bbe0b7de7d5ffdc8aad4ad68c1fcbfa", "Entropy": 3.78,
            "Author": "Dev", "Email": "dev@example.com", "Date": "2026-11-30T21:27:40Z", "Message": "m",
            "Tags": [], "RuleID": "aws-access-token", "Fingerprint": "c66e:app/settings.py:aws-access-token:4"}]"#;
        let report = parse_str(Format::Gitleaks, json).unwrap();
        assert!(!format!("{report:?}").contains("PLANTEDFAKE"));
        let ReportContent::Findings(findings) = report.content else { panic!() };
        let finding = &findings.items[0];
        assert_eq!(finding.message, "AWS in commit c66ee4277bbe");
        assert_eq!(finding.location.as_ref().and_then(|location| location.column), Some(23));
    }
}

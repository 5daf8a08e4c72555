//! GitLab Code Quality (a subset of the Code Climate JSON): the merge-request widget lists the
//! counted findings. GitLab requires `description`, `check_name`, `fingerprint`, `severity`,
//! `location.path` and `location.lines.begin`; the fingerprint must stay the same across runs
//! for the same finding, so it leaves out the line number (which shifts as code moves) and
//! counts repeats of the same rule and message in one file instead.

use std::collections::HashMap;

use serde::Serialize;

use super::listing;
use crate::model::{Category, Finding, Level, LintLevel, Metrics};
use crate::policy::{Disposition, Evaluation};

#[derive(Serialize)]
struct Issue<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    description: &'a str,
    check_name: String,
    fingerprint: String,
    severity: &'static str,
    categories: [&'static str; 1],
    location: Location<'a>,
}

#[derive(Serialize)]
struct Location<'a> {
    path: &'a str,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: u32,
}

/// Renders the counted findings that have a location as a Code Quality report.
pub fn render(evaluation: &Evaluation, metrics: &Metrics) -> String {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let issues: Vec<Issue<'_>> = listing::findings(evaluation, metrics)
        .filter(|(_, disposition, _)| *disposition == Disposition::Counted)
        .filter_map(|(finding, _, _)| {
            let location = finding.location.as_ref()?;
            let key = identity(finding);
            let occurrence = seen.entry(key.clone()).or_default();
            *occurrence += 1;
            Some(Issue {
                kind: "issue",
                description: &finding.message,
                check_name: format!("{}/{}", finding.tool, finding.rule),
                fingerprint: fingerprint(&format!("{key}\u{0}{occurrence}")),
                severity: severity(finding),
                categories: [match finding.category {
                    Category::Security | Category::Secret => "Security",
                    Category::Lint => "Style",
                    Category::Type => "Bug Risk",
                }],
                location: Location {
                    path: &location.path,
                    lines: Lines { begin: location.line.unwrap_or(1).max(1) },
                },
            })
        })
        .collect();
    serde_json::to_string_pretty(&issues).unwrap_or_default()
}

fn severity(finding: &Finding) -> &'static str {
    match (finding.category, finding.severity, finding.lint_level) {
        (_, Some(Level::High), _) => "critical",
        (_, Some(Level::Medium), _) | (_, None, Some(LintLevel::Error)) => "major",
        (_, Some(Level::Low), _) => "minor",
        (_, None, Some(LintLevel::Info)) => "info",
        (Category::Type, None, None) => "major",
        _ => "minor",
    }
}

/// What identifies a finding apart from its line.
fn identity(finding: &Finding) -> String {
    let path = finding.location.as_ref().map_or("", |location| location.path.as_str());
    [finding.tool.as_str(), finding.rule.as_str(), path, finding.message.as_str()].join("\u{0}")
}

/// A stable 128-bit FNV-1a hash of `key`, as hex.
fn fingerprint(key: &str) -> String {
    const OFFSET: u128 = 0x6c62272e07bb014262b821756295c58d;
    const PRIME: u128 = 0x0000000001000000000000000000013B;
    let hash = key.bytes().fold(OFFSET, |hash, byte| (hash ^ u128::from(byte)).wrapping_mul(PRIME));
    format!("{hash:032x}")
}

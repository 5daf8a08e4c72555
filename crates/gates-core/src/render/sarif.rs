//! SARIF 2.1.0 for GitHub code scanning: every counted finding with a location, as a result of
//! the tool that found it (rule ids are `tool/rule`), so alerts land on the lines concerned.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::listing;
use crate::model::{Finding, Level, LintLevel, Metrics, slash_path};
use crate::policy::{Disposition, Evaluation};

/// Renders the counted findings as a SARIF log with one run.
pub fn render(evaluation: &Evaluation, metrics: &Metrics) -> String {
    let findings: Vec<(&Finding, Option<bool>)> = listing::findings(evaluation, metrics)
        .filter(|(finding, disposition, _)| {
            *disposition == Disposition::Counted && finding.location.is_some()
        })
        .map(|(finding, _, new)| (finding, new))
        .collect();
    let mut rules: BTreeMap<String, &Finding> = BTreeMap::new();
    for (finding, _) in &findings {
        rules.entry(rule_id(finding)).or_insert(finding);
    }
    let rule_index: BTreeMap<&str, usize> =
        rules.keys().enumerate().map(|(at, id)| (id.as_str(), at)).collect();
    let rules_json: Vec<Value> = rules
        .iter()
        .map(|(id, finding)| {
            let mut rule = json!({
                "id": id,
                "shortDescription": { "text": finding.rule_name.clone().unwrap_or_else(|| finding.rule.clone()) },
                "defaultConfiguration": { "level": level(finding) },
            });
            if let (Some(cwe), Some(object)) = (finding.cwe, rule.as_object_mut()) {
                object.insert("properties".to_owned(), json!({ "tags": [format!("external/cwe/cwe-{cwe}")] }));
            }
            rule
        })
        .collect();
    let results: Vec<Value> = findings
        .iter()
        .filter_map(|(finding, new)| {
            let location = finding.location.as_ref()?;
            let start = location.line.unwrap_or(1).max(1);
            let mut region = serde_json::Map::new();
            region.insert("startLine".to_owned(), json!(start));
            if let Some(end) = location.end_line {
                region.insert("endLine".to_owned(), json!(end.max(start)));
            }
            if let Some(column) = location.column {
                region.insert("startColumn".to_owned(), json!(column.max(1)));
            }
            let id = rule_id(finding);
            let mut result = json!({
                "ruleId": id,
                "ruleIndex": rule_index.get(id.as_str()),
                "level": level(finding),
                "message": { "text": finding.message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri(&location.path) },
                        "region": region,
                    }
                }],
            });
            // SARIF's own word for a result against a baseline.
            if let (Some(new), Some(object)) = (new, result.as_object_mut()) {
                object.insert("baselineState".to_owned(), json!(if *new { "new" } else { "unchanged" }));
            }
            Some(result)
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "gates",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": env!("CARGO_PKG_REPOSITORY"),
                "rules": rules_json,
            }},
            "results": results,
        }],
    });
    serde_json::to_string_pretty(&log).unwrap_or_default()
}

fn rule_id(finding: &Finding) -> String {
    format!("{}/{}", finding.tool, finding.rule)
}

/// Security findings by severity, lint findings by the linter's level (a warning when it gives
/// none), type errors errors.
fn level(finding: &Finding) -> &'static str {
    match (finding.severity, finding.lint_level) {
        (Some(Level::High), _) | (None, Some(LintLevel::Error)) => "error",
        (Some(Level::Medium), _) | (None, Some(LintLevel::Warning)) => "warning",
        (Some(Level::Low), _) | (None, Some(LintLevel::Info)) => "note",
        (None, None) if finding.category == crate::model::Category::Type => "error",
        (None, None) => "warning",
    }
}

/// A repository-relative URI with `/` separators and no `./`.
fn uri(path: &str) -> String {
    slash_path(path)
}

//! SARIF 2.1.0 from any scanner (semgrep, CodeQL, trivy, gitleaks, bandit `-f sarif`, …).
//!
//! Read from the OASIS SARIF 2.1.0 specification. Each result of each run is a security finding
//! of the run's tool unless it is suppressed (a `suppressions` entry that is not `rejected`).
//! Severity, in order: the producer's own `issue_severity` (bandit writes no `level` for MEDIUM),
//! a numeric `security-severity` on the result or its rule (CVSS-like, possibly a string: ≥ 7
//! high, ≥ 4 medium, else low, as GitHub maps it), then `level`, the rule's default level, and
//! SARIF's default `warning` (error → high, warning → medium, note → low; `none` is no finding).
//! A run without `results` was not computed and counts nothing; tool error notifications and
//! `executionSuccessful: false` are scan problems.
//!
//! The results of a secrets scanner (tool gitleaks or trufflehog) are secrets, not security
//! findings. gitleaks puts the secret in `region.snippet.text`, and other producers may put it in
//! the message: snippets are never read, and a secret's message is its rule's name (or id).

use serde::Deserialize;

use super::Format;
use super::error::{ParseError, ParseErrorKind};
use super::json::{self, LenientNumber};
use crate::model::{Category, Finding, Findings, Level, Report, ReportContent, ScanProblem, SourceLocation};

#[derive(Deserialize)]
struct Log {
    #[serde(default)]
    version: Option<String>,
    runs: Vec<Run>,
}

#[derive(Deserialize)]
struct Run {
    tool: Tool,
    #[serde(default)]
    results: Option<Vec<SarifResult>>,
    #[serde(default)]
    invocations: Vec<Invocation>,
}

#[derive(Deserialize)]
struct Tool {
    driver: Driver,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    version: Option<String>,
    #[serde(default)]
    semantic_version: Option<String>,
    #[serde(default)]
    rules: Vec<Rule>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    short_description: Option<Message>,
    #[serde(default)]
    default_configuration: Option<Configuration>,
    #[serde(default)]
    properties: Option<Properties>,
}

#[derive(Deserialize)]
struct Configuration {
    #[serde(default)]
    level: Option<String>,
}

#[derive(Deserialize, Default)]
struct Properties {
    #[serde(default, rename = "security-severity")]
    security_severity: Option<LenientNumber>,
    #[serde(default)]
    issue_severity: Option<String>,
    #[serde(default)]
    issue_confidence: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    #[serde(default)]
    rule_id: Option<String>,
    #[serde(default)]
    rule_index: Option<usize>,
    #[serde(default)]
    level: Option<String>,
    #[serde(default)]
    message: Option<Message>,
    #[serde(default)]
    locations: Vec<Location>,
    #[serde(default)]
    suppressions: Vec<Suppression>,
    #[serde(default)]
    properties: Option<Properties>,
}

#[derive(Deserialize)]
struct Message {
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    markdown: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    #[serde(default)]
    physical_location: Option<PhysicalLocation>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    #[serde(default)]
    artifact_location: Option<ArtifactLocation>,
    #[serde(default)]
    region: Option<Region>,
}

#[derive(Deserialize)]
struct ArtifactLocation {
    #[serde(default)]
    uri: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    #[serde(default)]
    start_line: Option<LenientNumber>,
    #[serde(default)]
    end_line: Option<LenientNumber>,
    #[serde(default)]
    start_column: Option<LenientNumber>,
}

#[derive(Deserialize)]
struct Suppression {
    #[serde(default)]
    status: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    #[serde(default)]
    execution_successful: Option<bool>,
    #[serde(default)]
    tool_execution_notifications: Vec<Notification>,
    #[serde(default)]
    tool_configuration_notifications: Vec<Notification>,
}

#[derive(Deserialize)]
struct Notification {
    #[serde(default)]
    level: Option<String>,
    #[serde(default)]
    message: Option<Message>,
    #[serde(default)]
    locations: Vec<Location>,
}

/// Parses a SARIF 2.1.0 log.
pub(crate) fn parse(bytes: &[u8]) -> Result<Report, ParseError> {
    let log: Log = json::from_slice(Format::Sarif, bytes)?;
    if let Some(version) = log.version.as_deref().filter(|version| *version != "2.1.0") {
        return Err(ParseError::new(
            Format::Sarif,
            ParseErrorKind::invalid("SARIF version \"2.1.0\"", version),
        ));
    }
    // A run that computed no results is no scan at all: it covers nothing, so its gates are
    // skipped rather than passed with zero findings.
    let mut findings = Findings::covering(&[]);
    for run in log.runs.iter().filter(|run| run.results.is_some()) {
        findings.merge(Findings::covering(&[category(run)]));
    }
    let mut notes = Vec::new();
    let producer = log.runs.first().and_then(|run| {
        let name = run.tool.driver.name.clone().filter(|name| !name.is_empty())?;
        Some(match run.tool.driver.version.as_ref().or(run.tool.driver.semantic_version.as_ref()) {
            Some(version) => format!("{name} {version}"),
            None => name,
        })
    });
    for run in log.runs {
        let category = category(&run);
        let tool = run
            .tool
            .driver
            .name
            .clone()
            .filter(|name| !name.is_empty())
            .unwrap_or_else(|| "sarif".to_owned());
        read_invocations(&tool, &run.invocations, &mut findings);
        let Some(results) = run.results else {
            notes.push(format!("the {tool} run has no results (not computed): it counts nothing"));
            continue;
        };
        let (mut suppressed, mut without_level) = (0usize, 0usize);
        for result in results {
            if result.suppressions.iter().any(|suppression| suppression.status.as_deref() != Some("rejected"))
            {
                suppressed += 1;
                continue;
            }
            match finding(&tool, category, &run.tool.driver.rules, result) {
                Some(finding) => findings.items.push(finding),
                None => without_level += 1,
            }
        }
        if suppressed > 0 {
            notes.push(format!("{suppressed} {tool} results are suppressed in the source and not counted"));
        }
        if without_level > 0 {
            notes.push(format!("{without_level} {tool} results have level `none` and are not findings"));
        }
    }
    for problem in &findings.problems {
        notes.push(match &problem.path {
            Some(path) => format!("{} reported an error for {path}: {}", problem.tool, problem.message),
            None => format!("{} reported an error: {}", problem.tool, problem.message),
        });
    }
    Ok(Report { format: Format::Sarif, producer, notes, content: ReportContent::Findings(findings) })
}

fn read_invocations(tool: &str, invocations: &[Invocation], findings: &mut Findings) {
    for invocation in invocations {
        let notifications = invocation
            .tool_execution_notifications
            .iter()
            .chain(&invocation.tool_configuration_notifications);
        for notification in
            notifications.filter(|notification| notification.level.as_deref() == Some("error"))
        {
            let message =
                notification.message.as_ref().and_then(text).unwrap_or_else(|| "tool error".to_owned());
            let path = notification.locations.first().and_then(uri);
            findings.problems.push(ScanProblem::new(tool, path, message));
        }
        if invocation.execution_successful == Some(false) {
            findings.problems.push(ScanProblem::new(
                tool,
                None,
                "the tool reports that its run did not succeed",
            ));
        }
    }
}

/// Secrets scanners' results are secrets; every other tool's are security findings.
fn category(run: &Run) -> Category {
    let name = run.tool.driver.name.as_deref().unwrap_or_default().to_ascii_lowercase();
    if name.contains("gitleaks") || name.contains("trufflehog") {
        Category::Secret
    } else {
        Category::Security
    }
}

fn finding(tool: &str, category: Category, rules: &[Rule], result: SarifResult) -> Option<Finding> {
    let rule = result
        .rule_index
        .and_then(|at| rules.get(at))
        .or_else(|| rules.iter().find(|rule| rule.id.is_some() && rule.id == result.rule_id));
    let properties = result.properties.unwrap_or_default();
    let rule_properties = rule.and_then(|rule| rule.properties.as_ref());
    let severity = match severity(&properties, rule_properties, result.level.as_deref(), rule) {
        Severity::Level(level) => Some(level),
        Severity::NotAFinding => return None,
        Severity::Unknown => None,
    };
    let rule_id = result
        .rule_id
        .or_else(|| rule.and_then(|rule| rule.id.clone()))
        .unwrap_or_else(|| "unknown".to_owned());
    let message = if category == Category::Secret {
        rule.and_then(|rule| rule.name.clone())
            .filter(|name| !name.trim().is_empty())
            .unwrap_or_else(|| rule_id.clone())
    } else {
        result
            .message
            .as_ref()
            .and_then(text)
            .or_else(|| rule.and_then(|rule| rule.short_description.as_ref()).and_then(text))
            .unwrap_or_default()
    };
    let mut finding = Finding::new(category, tool, rule_id, message);
    finding.rule_name = rule.and_then(|rule| rule.name.clone());
    // A committed credential is a high-severity finding whatever level the scanner gives it.
    finding.severity = if category == Category::Secret { Some(Level::High) } else { severity };
    finding.confidence = properties.issue_confidence.as_deref().and_then(Level::from_name);
    finding.cwe = rule_properties.and_then(|properties| properties.tags.iter().find_map(|tag| cwe(tag)));
    finding.location = result.locations.first().and_then(|location| {
        let path = uri(location)?;
        let region = location.physical_location.as_ref().and_then(|physical| physical.region.as_ref());
        let mut source = SourceLocation::new(
            path,
            region.and_then(|region| region.start_line).and_then(LenientNumber::line),
        )
        .ending_at(region.and_then(|region| region.end_line).and_then(LenientNumber::line));
        source.column = region.and_then(|region| region.start_column).and_then(LenientNumber::line);
        Some(source)
    });
    Some(finding)
}

enum Severity {
    Level(Level),
    NotAFinding,
    Unknown,
}

fn severity(
    properties: &Properties,
    rule: Option<&Properties>,
    level: Option<&str>,
    rule_def: Option<&Rule>,
) -> Severity {
    if let Some(level) = properties.issue_severity.as_deref().and_then(Level::from_name) {
        return Severity::Level(level);
    }
    if let Some(score) = properties.security_severity.or(rule.and_then(|rule| rule.security_severity)) {
        return Severity::Level(match score.0 {
            score if score >= 7.0 => Level::High,
            score if score >= 4.0 => Level::Medium,
            _ => Level::Low,
        });
    }
    let level = level
        .or_else(|| {
            rule_def
                .and_then(|rule| rule.default_configuration.as_ref())
                .and_then(|config| config.level.as_deref())
        })
        .unwrap_or("warning");
    match level {
        "error" => Severity::Level(Level::High),
        "warning" => Severity::Level(Level::Medium),
        "note" => Severity::Level(Level::Low),
        "none" => Severity::NotAFinding,
        _ => Severity::Unknown,
    }
}

fn text(message: &Message) -> Option<String> {
    message.text.clone().or_else(|| message.markdown.clone()).filter(|text| !text.trim().is_empty())
}

fn uri(location: &Location) -> Option<String> {
    let uri = location.physical_location.as_ref()?.artifact_location.as_ref()?.uri.as_deref()?;
    Some(uri.strip_prefix("file://").unwrap_or(uri).to_owned())
}

/// `CWE-78`, `external/cwe/cwe-078` → 78.
fn cwe(tag: &str) -> Option<u32> {
    let lower = tag.to_ascii_lowercase();
    let number = lower.rsplit("cwe-").next().filter(|_| lower.contains("cwe-"))?;
    number.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_str;

    fn read(json: &str) -> (Findings, Vec<String>) {
        let report = parse_str(Format::Sarif, json).unwrap();
        let ReportContent::Findings(findings) = report.content else { panic!() };
        (findings, report.notes)
    }

    #[test]
    fn severities_from_properties_scores_and_levels() {
        let json = r#"{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "scanner", "version": "1.0", "rules": [
            {"id": "R1", "properties": {"security-severity": "9.8", "tags": ["external/cwe/cwe-078"]}},
            {"id": "R2", "defaultConfiguration": {"level": "note"}}]}},
          "results": [
            {"ruleId": "R1", "ruleIndex": 0, "level": "note", "message": {"text": "injection"},
             "locations": [{"physicalLocation": {"artifactLocation": {"uri": "file://src/a.py"}, "region": {"startLine": 3, "endLine": 5, "startColumn": 2}}}]},
            {"ruleId": "R2", "message": {"text": "minor"}, "locations": []},
            {"ruleId": "R3", "message": {"text": "default level"}},
            {"ruleId": "B301", "message": {"text": "pickle"}, "properties": {"issue_severity": "MEDIUM", "issue_confidence": "HIGH"}},
            {"ruleId": "R4", "level": "none", "message": {"text": "info"}},
            {"ruleId": "R5", "level": "error", "message": {"text": "ignored"}, "suppressions": [{"kind": "inSource"}]}]}]}"#;
        let (findings, notes) = read(json);
        let severities: Vec<_> =
            findings.items.iter().map(|finding| (finding.rule.as_str(), finding.severity)).collect();
        assert_eq!(
            severities,
            vec![
                ("R1", Some(Level::High)),
                ("R2", Some(Level::Low)),
                ("R3", Some(Level::Medium)),
                ("B301", Some(Level::Medium))
            ]
        );
        let first = &findings.items[0];
        assert_eq!(first.cwe, Some(78));
        let location = first.location.as_ref().unwrap();
        assert_eq!(
            (location.path.as_str(), location.line, location.end_line, location.column),
            ("src/a.py", Some(3), Some(5), Some(2))
        );
        assert_eq!(findings.items[3].confidence, Some(Level::High));
        assert_eq!(
            notes,
            vec![
                "1 scanner results are suppressed in the source and not counted",
                "1 scanner results have level `none` and are not findings"
            ]
        );
    }

    #[test]
    fn missing_results_and_tool_errors_are_not_clean_scans() {
        let json = r#"{"version": "2.1.0", "runs": [
            {"tool": {"driver": {"name": "CodeQL"}}},
            {"tool": {"driver": {"name": "Semgrep OSS", "rules": []}}, "results": [],
             "invocations": [{"executionSuccessful": true, "toolExecutionNotifications": [{"level": "error", "message": {"text": "File not found: x.py"}}]}]}]}"#;
        let (findings, notes) = read(json);
        assert!(findings.items.is_empty());
        assert!(findings.covers(Category::Security), "one run computed results");
        assert_eq!(findings.problems, vec![ScanProblem::new("Semgrep OSS", None, "File not found: x.py")]);
        let (nothing, _) =
            read(r#"{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "CodeQL"}}}]}"#);
        assert!(!nothing.covers(Category::Security), "no run computed results: not a clean scan");
        assert!(notes[0].contains("the CodeQL run has no results"), "{notes:?}");
    }

    #[test]
    fn invalid_logs_are_rejected() {
        let error = parse_str(
            Format::Sarif,
            r#"{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": 42}]}"#,
        )
        .unwrap_err()
        .to_string();
        assert!(error.contains("(runs[0].results)"), "{error}");
        let error = parse_str(Format::Sarif, r#"{"version": "1.0.0", "runs": []}"#).unwrap_err().to_string();
        assert!(error.contains("expected SARIF version \"2.1.0\", found \"1.0.0\""), "{error}");
    }
}

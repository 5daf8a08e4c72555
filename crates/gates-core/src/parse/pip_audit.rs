//! pip-audit JSON (`pip-audit -f json`).
//!
//! Producers seen: pip-audit 2.x (`{"dependencies": [...], "fixes": [...]}`) and the pre-2.0
//! top-level list of dependencies; read from pip-audit's `_format/json.py`. Each dependency either
//! carries `version` and `vulns` (audited) or a `skip_reason` (not audited). A skipped dependency
//! is not known to be safe: pip-audit says "No known vulnerabilities found" and exits 0 even when
//! its vulnerability service was unreachable and every dependency was skipped, so gates counts
//! them as unaudited and says so. pip-audit gives no severity: every vulnerability is `unknown`.

use std::io::BufRead;

use serde::Deserialize;

use super::Format;
use super::error::{ParseError, ParseErrorKind};
use super::json;
use crate::model::{AuditedPackage, DependencyAudit, Report, ReportContent, Vulnerability};

/// Names listed in the note about skipped dependencies before "and N more".
const SKIPPED_NAMED: usize = 5;

#[derive(Deserialize)]
struct PipAuditReport {
    dependencies: Vec<Dependency>,
}

#[derive(Deserialize)]
struct Dependency {
    name: String,
    #[serde(default)]
    version: Option<String>,
    #[serde(default)]
    vulns: Option<Vec<Vuln>>,
    #[serde(default)]
    skip_reason: Option<String>,
}

#[derive(Deserialize)]
struct Vuln {
    id: String,
    #[serde(default)]
    fix_versions: Vec<String>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    description: Option<String>,
}

/// Parses a pip-audit JSON report.
pub(crate) fn parse(mut input: impl BufRead) -> Result<Report, ParseError> {
    // pip-audit before 2.0 wrote the dependency list alone.
    let dependencies = if json::peek_first_byte(Format::PipAudit, &mut input)? == Some(b'[') {
        json::from_reader::<Vec<Dependency>>(Format::PipAudit, input)?
    } else {
        json::from_reader::<PipAuditReport>(Format::PipAudit, input)?.dependencies
    };
    let total = dependencies.len();
    let packages: Vec<AuditedPackage> = dependencies
        .into_iter()
        .enumerate()
        .map(|(at, dependency)| match (dependency.skip_reason, dependency.vulns) {
            (Some(reason), _) => Ok(AuditedPackage::skipped(dependency.name, dependency.version, reason)),
            // Neither audited nor skipped: reading it as "no vulnerabilities" would call it safe.
            (None, None) => Err(ParseError::new(
                Format::PipAudit,
                ParseErrorKind::MissingAttribute("vulns (or skip_reason)"),
            )
            .in_element(format!("dependencies[{at}](\"{}\")", dependency.name))),
            (None, Some(vulns)) => {
                let vulnerabilities = vulns
                    .into_iter()
                    .map(|vuln| {
                        let mut vulnerability = Vulnerability::new(vuln.id);
                        vulnerability.aliases = vuln.aliases;
                        vulnerability.set_fix_versions(vuln.fix_versions);
                        vulnerability.description = vuln.description.filter(|text| !text.trim().is_empty());
                        vulnerability
                    })
                    .collect();
                Ok(AuditedPackage::audited(dependency.name, dependency.version, vulnerabilities))
            }
        })
        .collect::<Result<_, _>>()?;
    let notes = skipped_note(&packages, total).into_iter().collect();
    Ok(Report {
        format: Format::PipAudit,
        producer: Some("pip-audit".to_owned()),
        notes,
        content: ReportContent::Dependencies(DependencyAudit { packages }),
    })
}

/// "pip-audit skipped 3 of 3 dependencies …", naming the first few with their reasons.
fn skipped_note(packages: &[AuditedPackage], total: usize) -> Option<String> {
    let skipped: Vec<String> = packages
        .iter()
        .filter_map(|package| match &package.status {
            crate::model::AuditStatus::Skipped { reason } => Some(format!("{} ({reason})", package.name)),
            crate::model::AuditStatus::Audited { .. } => None,
        })
        .collect();
    if skipped.is_empty() {
        return None;
    }
    let mut named = skipped.iter().take(SKIPPED_NAMED).cloned().collect::<Vec<_>>().join(", ");
    if skipped.len() > SKIPPED_NAMED {
        named.push_str(&format!(", and {} more", skipped.len() - SKIPPED_NAMED));
    }
    let headline = if skipped.len() == total {
        format!("pip-audit audited nothing: it skipped all {total} dependencies, so none is known to be safe")
    } else {
        format!("pip-audit skipped {} of {total} dependencies (not audited)", skipped.len())
    };
    Some(format!("{headline}: {named}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::AuditStatus;
    use crate::parse::parse_str;
    use crate::{Metric, Metrics};

    fn metrics(json: &str) -> (Metrics, Vec<String>) {
        let report = parse_str(Format::PipAudit, json).unwrap();
        let notes = report.notes.clone();
        let mut metrics = Metrics::new();
        metrics.add("pip-audit.json", report);
        (metrics, notes)
    }

    #[test]
    fn vulnerabilities_and_skips_in_the_current_shape() {
        let json = r#"{"dependencies": [
            {"name": "requests", "version": "2.19.0", "vulns": [
                {"id": "PYSEC-2018-28", "fix_versions": ["2.20.0"], "aliases": ["CVE-2018-18074", "GHSA-x84v-xcm2-53pg"], "description": "leaks auth"},
                {"id": "PYSEC-2023-74", "fix_versions": ["2.31.0"], "aliases": ["CVE-2023-32681"]}]},
            {"name": "idna", "version": "3.7", "vulns": []},
            {"name": "mgit", "skip_reason": "Dependency not found on PyPI and could not be audited: mgit (0.2.13)"}],
          "fixes": []}"#;
        let (metrics, notes) = metrics(json);
        assert_eq!(metrics.value(Metric::SecurityVulnerabilities), Ok(2.0));
        assert_eq!(metrics.value(Metric::SecurityVulnerablePackages), Ok(1.0));
        assert_eq!(metrics.value(Metric::SecurityUnauditedPackages), Ok(1.0));
        let requests = &metrics.dependencies.as_ref().unwrap().packages[0];
        let AuditStatus::Audited { vulnerabilities } = &requests.status else { panic!() };
        assert!(vulnerabilities[0].is_known_as("cve-2018-18074"));
        assert_eq!(vulnerabilities[0].fix_versions, vec!["2.20.0"]);
        assert_eq!(
            notes,
            vec![
                "pip-audit skipped 1 of 3 dependencies (not audited): mgit (Dependency not found on PyPI and could not be audited: mgit (0.2.13))"
            ]
        );
    }

    #[test]
    fn everything_skipped_is_not_clean() {
        let json = r#"{"dependencies": [{"name": "jinja2", "skip_reason": "Dependency not found on PyPI and could not be audited: jinja2 (2.10)"},
            {"name": "requests", "skip_reason": "Dependency not found on PyPI and could not be audited: requests (2.19.0)"}], "fixes": []}"#;
        let (metrics, notes) = metrics(json);
        assert_eq!(metrics.value(Metric::SecurityVulnerabilities), Ok(0.0));
        assert_eq!(metrics.value(Metric::SecurityUnauditedPackages), Ok(2.0));
        assert!(
            notes[0].starts_with("pip-audit audited nothing: it skipped all 2 dependencies"),
            "{notes:?}"
        );
    }

    #[test]
    fn legacy_top_level_list() {
        let json = r#"[{"name": "flask", "version": "0.5", "vulns": [{"id": "PYSEC-2019-179", "fix_versions": ["1.0"]}]}]"#;
        let (metrics, notes) = metrics(json);
        assert_eq!(metrics.value(Metric::SecurityVulnerabilities), Ok(1.0));
        assert!(notes.is_empty());
    }
}

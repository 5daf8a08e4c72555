//! npm audit JSON (`npm audit --json`): npm 7+ (`auditReportVersion: 2`) and npm 6.
//!
//! Read from npm's documented output (docs `npm-audit`, the `npm-audit-report` package's JSON
//! reporter and arborist's `AuditReport`): no report written by npm could be kept, as the
//! audit endpoint is not reachable from where gates was built (testdata/npm-audit/README.md).
//!
//! npm 7+: `vulnerabilities` is keyed by package; its `via` mixes advisory objects (`source`,
//! `name`, `title`, `url`, `severity`, `range`) with names of the dependencies a package is
//! vulnerable through. Only the objects are advisories, each counted once in the package it
//! names; a package vulnerable only through its dependencies has none of its own and is not a
//! vulnerable package here (a note names them). `fixAvailable` (true, or the package and
//! version `npm audit fix` would install) marks every advisory of the package fixable; the
//! version is its fix when it is of the same package. npm 7+ names no installed version.
//!
//! npm 6: `advisories` keyed by id, each with `module_name`, `severity`, `findings` (installed
//! versions and their paths), `patched_versions` (`<0.0.0`: no fix) and `cves`; one
//! vulnerability per advisory and installed version.
//!
//! The severity is the advisory's own label (`moderate` = medium, `info` = low). npm's own
//! totals (`metadata.vulnerabilities`) count other things (npm 7+: packages by their worst
//! advisory or dependency; npm 6: advisories times paths); they are checked against the
//! report's entries, and a disagreement refuses the report as damaged.

use std::collections::BTreeMap;
use std::fmt;
use std::io::BufRead;

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

use super::Format;
use super::error::{ParseError, ParseErrorKind};
use super::json;
use crate::model::{
    AuditedPackage, DependencyAudit, Report, ReportContent, Vulnerability, VulnerabilitySeverity,
};

/// npm 7+ (`auditReportVersion` and `vulnerabilities`) or npm 6 (`advisories`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AuditReport {
    #[serde(default)]
    audit_report_version: Option<u32>,
    #[serde(default)]
    vulnerabilities: Option<BTreeMap<String, Entry>>,
    #[serde(default)]
    advisories: Option<BTreeMap<String, LegacyAdvisory>>,
    metadata: Metadata,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Entry {
    name: String,
    severity: String,
    via: Vec<Via>,
    fix_available: FixAvailable,
}

/// An item of `via`: an advisory, or the name of a dependency the package is vulnerable through.
enum Via {
    Advisory(ViaAdvisory),
    Dependency(String),
}

impl<'de> Deserialize<'de> for Via {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> Visitor<'de> for Visit {
            type Value = Via;
            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("an advisory object or a dependency's name")
            }
            fn visit_str<E: de::Error>(self, name: &str) -> Result<Via, E> {
                Ok(Via::Dependency(name.to_owned()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Via, A::Error> {
                ViaAdvisory::deserialize(de::value::MapAccessDeserializer::new(map)).map(Via::Advisory)
            }
        }
        deserializer.deserialize_any(Visit)
    }
}

#[derive(Deserialize)]
struct ViaAdvisory {
    source: json::Scalar,
    name: String,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    url: Option<String>,
    severity: String,
}

/// `fixAvailable`: true, false, or what `npm audit fix` would install.
#[derive(Deserialize)]
#[serde(untagged)]
enum FixAvailable {
    Flag(bool),
    Install { name: String, version: String },
}

#[derive(Deserialize)]
struct Metadata {
    vulnerabilities: SeverityCounts,
}

/// npm's totals by severity.
#[derive(Deserialize, PartialEq, Default, Debug)]
struct SeverityCounts {
    info: u64,
    low: u64,
    moderate: u64,
    high: u64,
    critical: u64,
}

#[derive(Deserialize)]
struct LegacyAdvisory {
    id: json::Scalar,
    module_name: String,
    severity: String,
    #[serde(default)]
    title: Option<String>,
    findings: Vec<Finding>,
    patched_versions: String,
    #[serde(default)]
    cves: Vec<String>,
    #[serde(default)]
    github_advisory_id: Option<String>,
}

#[derive(Deserialize)]
struct Finding {
    version: String,
    paths: Vec<String>,
}

/// Parses an npm audit JSON report.
pub(crate) fn parse(input: impl BufRead) -> Result<Report, ParseError> {
    let report: AuditReport = json::from_reader(Format::NpmAudit, input)?;
    let totals = report.metadata.vulnerabilities;
    let (packages, notes) = match (report.audit_report_version, report.vulnerabilities, report.advisories) {
        (Some(2), Some(entries), None) => read_current(entries, &totals)?,
        (None, None, Some(advisories)) => read_legacy(advisories, &totals)?,
        (Some(version), _, _) if version != 2 => {
            return Err(invalid("auditReportVersion 2", &version.to_string(), "auditReportVersion"));
        }
        _ => {
            return Err(ParseError::new(
                Format::NpmAudit,
                ParseErrorKind::Json(
                    "expected `auditReportVersion` 2 with `vulnerabilities` (npm 7+) or `advisories` (npm 6)"
                        .to_owned(),
                ),
            ));
        }
    };
    Ok(Report {
        format: Format::NpmAudit,
        producer: Some("npm audit".to_owned()),
        notes,
        content: ReportContent::Dependencies(DependencyAudit { packages }),
    })
}

fn read_current(
    entries: BTreeMap<String, Entry>,
    totals: &SeverityCounts,
) -> Result<(Vec<AuditedPackage>, Vec<String>), ParseError> {
    let mut counted = SeverityCounts::default();
    let mut packages = Vec::new();
    let mut through_dependencies = Vec::new();
    for (key, entry) in entries {
        let place = format!("vulnerabilities.{key}");
        count_label(&mut counted, &entry.severity).ok_or_else(|| severity_error(&entry.severity, &place))?;
        let (fix_available, fix_version) = match entry.fix_available {
            FixAvailable::Flag(available) => (available, None),
            FixAvailable::Install { name, version } => (true, (name == entry.name).then_some(version)),
        };
        let mut vulnerabilities: Vec<Vulnerability> = Vec::new();
        let mut dependencies: Vec<String> = Vec::new();
        for via in entry.via {
            let advisory = match via {
                Via::Advisory(advisory) => advisory,
                Via::Dependency(name) => {
                    dependencies.push(name);
                    continue;
                }
            };
            if advisory.name != entry.name {
                continue;
            }
            let source = advisory_id(advisory.source, &format!("{place}.via.source"))?;
            let severity = VulnerabilitySeverity::from_name(&advisory.severity)
                .ok_or_else(|| severity_error(&advisory.severity, &format!("{place}.via")))?;
            let github_id = advisory.url.as_deref().and_then(github_advisory_id);
            // An advisory of several vulnerable ranges comes once per range, each with a source.
            let id = github_id.as_deref().unwrap_or(&source);
            if let Some(known) = vulnerabilities.iter_mut().find(|known| known.is_known_as(id)) {
                if !known.is_known_as(&source) {
                    known.aliases.push(source);
                }
                continue;
            }
            let mut vulnerability = match github_id {
                Some(github_id) => {
                    let mut vulnerability = Vulnerability::new(github_id);
                    vulnerability.aliases = vec![source];
                    vulnerability
                }
                None => Vulnerability::new(source),
            };
            vulnerability.severity = severity;
            vulnerability.fix_available = fix_available;
            vulnerability.set_fix_versions(fix_version.clone());
            vulnerability.description = advisory.title.filter(|title| !title.trim().is_empty());
            vulnerabilities.push(vulnerability);
        }
        if vulnerabilities.is_empty() {
            through_dependencies.push(format!("{} (through {})", entry.name, dependencies.join(", ")));
        } else {
            packages.push(AuditedPackage::audited(entry.name, None, vulnerabilities));
        }
    }
    check_totals(&counted, totals, "vulnerable packages by severity")?;
    let mut notes =
        vec!["npm audit lists vulnerable packages only, without their installed versions".to_owned()];
    if !through_dependencies.is_empty() {
        notes.push(format!(
            "npm also counts {} packages vulnerable only through their dependencies, whose advisories count once, in the dependency: {}",
            through_dependencies.len(),
            through_dependencies.join(", ")
        ));
    }
    Ok((packages, notes))
}

fn read_legacy(
    advisories: BTreeMap<String, LegacyAdvisory>,
    totals: &SeverityCounts,
) -> Result<(Vec<AuditedPackage>, Vec<String>), ParseError> {
    let mut counted = SeverityCounts::default();
    let mut packages: Vec<AuditedPackage> = Vec::new();
    for (key, advisory) in advisories {
        let place = format!("advisories.{key}");
        let severity = VulnerabilitySeverity::from_name(&advisory.severity)
            .ok_or_else(|| severity_error(&advisory.severity, &place))?;
        for finding in &advisory.findings {
            for _ in &finding.paths {
                count_label(&mut counted, &advisory.severity)
                    .ok_or_else(|| severity_error(&advisory.severity, &place))?;
            }
        }
        let id = advisory_id(advisory.id, &format!("{place}.id"))?;
        let mut versions: Vec<String> =
            advisory.findings.into_iter().map(|finding| finding.version).collect();
        versions.sort_unstable();
        versions.dedup();
        for version in versions {
            let mut vulnerability = match &advisory.github_advisory_id {
                Some(github_id) => {
                    let mut vulnerability = Vulnerability::new(github_id.clone());
                    vulnerability.aliases.push(id.clone());
                    vulnerability
                }
                None => Vulnerability::new(id.clone()),
            };
            vulnerability.aliases.extend(advisory.cves.iter().cloned());
            vulnerability.severity = severity;
            // npm writes `<0.0.0` when no version is patched.
            if advisory.patched_versions.trim() != "<0.0.0" {
                vulnerability.set_fix_versions([advisory.patched_versions.clone()]);
            }
            vulnerability.description = advisory.title.clone().filter(|title| !title.trim().is_empty());
            match packages
                .iter_mut()
                .find(|known| known.name == advisory.module_name && known.version.as_ref() == Some(&version))
            {
                Some(AuditedPackage {
                    status: crate::model::AuditStatus::Audited { vulnerabilities },
                    ..
                }) => vulnerabilities.push(vulnerability),
                _ => packages.push(AuditedPackage::audited(
                    &advisory.module_name,
                    Some(version),
                    vec![vulnerability],
                )),
            }
        }
    }
    check_totals(&counted, totals, "advisory paths by severity")?;
    Ok((packages, vec!["npm 6 audit lists vulnerable packages only".to_owned()]))
}

/// An advisory id npm writes as a number (or text).
fn advisory_id(id: json::Scalar, place: &str) -> Result<String, ParseError> {
    let shown = id.shown();
    id.into_text().ok_or_else(|| invalid("an advisory id (a number)", &shown, place))
}

/// Adds one to npm's count of `label`; `None` for a label npm does not write.
fn count_label(counts: &mut SeverityCounts, label: &str) -> Option<()> {
    let count = match label {
        "info" => &mut counts.info,
        "low" => &mut counts.low,
        "moderate" => &mut counts.moderate,
        "high" => &mut counts.high,
        "critical" => &mut counts.critical,
        _ => return None,
    };
    *count += 1;
    Some(())
}

/// The GHSA id at the end of an advisory's URL (`https://github.com/advisories/GHSA-…`).
fn github_advisory_id(url: &str) -> Option<String> {
    let last = url.trim_end_matches('/').rsplit('/').next()?;
    last.starts_with("GHSA-").then(|| last.to_owned())
}

/// npm's totals must be what its entries add up to.
fn check_totals(counted: &SeverityCounts, npm: &SeverityCounts, what: &str) -> Result<(), ParseError> {
    if counted == npm {
        return Ok(());
    }
    Err(ParseError::new(
        Format::NpmAudit,
        ParseErrorKind::Contradiction(format!(
            "metadata.vulnerabilities says {} but the report lists {} ({what})",
            shown(npm),
            shown(counted)
        )),
    ))
}

fn shown(counts: &SeverityCounts) -> String {
    format!(
        "info {}, low {}, moderate {}, high {}, critical {}",
        counts.info, counts.low, counts.moderate, counts.high, counts.critical
    )
}

fn severity_error(found: &str, place: &str) -> ParseError {
    invalid("a severity (info, low, moderate, high or critical)", found, &format!("{place}.severity"))
}

fn invalid(expected: &'static str, found: &str, place: &str) -> ParseError {
    ParseError::new(Format::NpmAudit, ParseErrorKind::invalid(expected, found)).in_element(place.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_str;
    use crate::{Metric, Metrics};

    fn metrics(json: &str) -> Metrics {
        let mut metrics = Metrics::new();
        metrics.add("npm-audit.json", parse_str(Format::NpmAudit, json).unwrap());
        metrics
    }

    const CURRENT: &str = r#"{"auditReportVersion": 2, "vulnerabilities": {
        "a": {"name": "a", "severity": "high", "isDirect": true, "via": [
            {"source": 1, "name": "a", "dependency": "a", "title": "t", "url": "https://github.com/advisories/GHSA-aaaa-bbbb-cccc", "severity": "high", "range": "<2"},
            {"source": 2, "name": "a", "dependency": "a", "title": "u", "url": "https://x.test/2", "severity": "moderate", "range": "<2"},
            {"source": 2, "name": "a", "dependency": "a", "title": "u", "url": "https://x.test/2", "severity": "moderate", "range": "<2"}],
          "effects": ["b"], "range": "<2", "nodes": ["node_modules/a"], "fixAvailable": {"name": "a", "version": "2.0.0", "isSemVerMajor": true}},
        "b": {"name": "b", "severity": "high", "isDirect": true, "via": ["a"], "effects": [], "range": "*", "nodes": ["node_modules/b"], "fixAvailable": false}},
      "metadata": {"vulnerabilities": {"info": 0, "low": 0, "moderate": 0, "high": 2, "critical": 0, "total": 2}, "dependencies": {}}}"#;

    #[test]
    fn only_advisory_objects_of_via_are_advisories_once_each() {
        let metrics = metrics(CURRENT);
        assert_eq!(metrics.value(Metric::SecurityVulnerabilities), Ok(2.0));
        assert_eq!(metrics.value(Metric::SecurityVulnerablePackages), Ok(1.0));
        assert_eq!(metrics.value(Metric::SecurityVulnerabilitiesMedium), Ok(1.0), "moderate");
        let a = &metrics.dependencies.as_ref().unwrap().packages[0];
        let crate::model::AuditStatus::Audited { vulnerabilities } = &a.status else { panic!() };
        assert_eq!(vulnerabilities[0].id, "GHSA-aaaa-bbbb-cccc");
        assert!(vulnerabilities[0].is_known_as("1") && vulnerabilities[1].id == "2");
        assert_eq!(vulnerabilities[0].fix_versions, ["2.0.0"]);
        assert!(
            metrics.sources[0].notes[1].ends_with("in the dependency: b (through a)"),
            "{:?}",
            metrics.sources[0].notes
        );
    }

    #[test]
    fn totals_other_than_the_entries_and_unknown_severities_are_refused() {
        let wrong_total = CURRENT.replace(r#""high": 2, "critical": 0"#, r#""high": 1, "critical": 1"#);
        let error = parse_str(Format::NpmAudit, &wrong_total).unwrap_err().to_string();
        assert!(
            error.contains("metadata.vulnerabilities says info 0, low 0, moderate 0, high 1, critical 1"),
            "{error}"
        );
        let odd = CURRENT.replace(r#""severity": "moderate""#, r#""severity": "severe""#);
        let error = parse_str(Format::NpmAudit, &odd).unwrap_err().to_string();
        assert!(error.contains("vulnerabilities.a.via.severity"), "{error}");
        let version = CURRENT.replace(r#""auditReportVersion": 2"#, r#""auditReportVersion": 3"#);
        assert!(parse_str(Format::NpmAudit, &version).is_err());
    }

    #[test]
    fn npm_6_advisories_by_installed_version() {
        let json = r#"{"actions": [], "advisories": {"1523": {"id": 1523, "module_name": "lodash", "severity": "low",
            "title": "Prototype Pollution", "findings": [{"version": "4.17.15", "paths": ["lodash", "x>lodash"]}],
            "patched_versions": ">=4.17.19", "cves": ["CVE-2020-8203"], "github_advisory_id": "GHSA-p6mc-m468-83gw"},
          "9": {"id": 9, "module_name": "left", "severity": "critical", "findings": [{"version": "1.0.0", "paths": ["left"]}],
            "patched_versions": "<0.0.0", "cves": []}},
          "muted": [], "metadata": {"vulnerabilities": {"info": 0, "low": 2, "moderate": 0, "high": 0, "critical": 1},
            "dependencies": 3, "devDependencies": 0, "optionalDependencies": 0, "totalDependencies": 3}, "runId": "r"}"#;
        let metrics = metrics(json);
        assert_eq!(metrics.value(Metric::SecurityVulnerabilities), Ok(2.0));
        assert_eq!(metrics.value(Metric::SecurityVulnerabilitiesCritical), Ok(1.0));
        let packages = &metrics.dependencies.as_ref().unwrap().packages;
        let crate::model::AuditStatus::Audited { vulnerabilities } = &packages[0].status else { panic!() };
        assert!(vulnerabilities[0].is_known_as("CVE-2020-8203") && vulnerabilities[0].is_known_as("1523"));
        assert_eq!(vulnerabilities[0].fix_versions, [">=4.17.19"]);
        let crate::model::AuditStatus::Audited { vulnerabilities } = &packages[1].status else { panic!() };
        assert!(!vulnerabilities[0].fix_available, "<0.0.0: no fix");
    }
}

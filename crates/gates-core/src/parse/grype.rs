//! Grype JSON (`grype -o json`).
//!
//! Read from Grype's documentation and its JSON presenter's document (`matches`, `source`,
//! `distro`, `descriptor`); no Grype runs here, so the fixture is written by hand in that shape.
//! Each match is a `vulnerability` (`id`, `severity`, `fix`) found in an `artifact` (`name`,
//! `version`); `relatedVulnerabilities` are the same advisory under other ids (a GHSA's CVE),
//! kept as aliases. The severity is Grype's own label (`Negligible` counts as low); a fix is
//! `fix.versions` when `fix.state` is `fixed`. A vulnerability matched several times in one
//! package version (several locations or matchers) counts once.

use std::io::BufRead;

use serde::Deserialize;

use super::Format;
use super::error::{ParseError, ParseErrorKind};
use super::json;
use crate::model::{
    AuditStatus, AuditedPackage, DependencyAudit, Report, ReportContent, Vulnerability, VulnerabilitySeverity,
};

#[derive(Deserialize)]
struct GrypeReport {
    matches: Vec<Match>,
    #[serde(default)]
    descriptor: Option<Descriptor>,
}

#[derive(Deserialize)]
struct Descriptor {
    #[serde(default)]
    version: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Match {
    vulnerability: MatchedVulnerability,
    #[serde(default)]
    related_vulnerabilities: Vec<Related>,
    artifact: Artifact,
}

#[derive(Deserialize)]
struct MatchedVulnerability {
    id: String,
    severity: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    fix: Option<Fix>,
}

#[derive(Deserialize)]
struct Fix {
    #[serde(default)]
    versions: Vec<String>,
    state: String,
}

#[derive(Deserialize)]
struct Related {
    id: String,
}

#[derive(Deserialize)]
struct Artifact {
    name: String,
    version: String,
}

/// Parses a Grype JSON report.
pub(crate) fn parse(input: impl BufRead) -> Result<Report, ParseError> {
    let report: GrypeReport = json::from_reader(Format::Grype, input)?;
    let mut packages: Vec<AuditedPackage> = Vec::new();
    for (at, found) in report.matches.into_iter().enumerate() {
        let severity = severity(&found.vulnerability.severity).ok_or_else(|| {
            ParseError::new(
                Format::Grype,
                ParseErrorKind::invalid(
                    "a severity (Critical, High, Medium, Low, Negligible or Unknown)",
                    &found.vulnerability.severity,
                ),
            )
            .in_element(format!("matches[{at}].vulnerability.severity"))
        })?;
        let Artifact { name, version } = found.artifact;
        let index = match packages
            .iter()
            .position(|package| package.name == name && package.version.as_deref() == Some(version.as_str()))
        {
            Some(index) => index,
            None => {
                packages.push(AuditedPackage::audited(name, Some(version), Vec::new()));
                packages.len() - 1
            }
        };
        let Some(AuditedPackage { status: AuditStatus::Audited { vulnerabilities }, .. }) =
            packages.get_mut(index)
        else {
            continue;
        };
        if vulnerabilities.iter().any(|known| known.is_known_as(&found.vulnerability.id)) {
            continue;
        }
        let mut vulnerability = Vulnerability::new(found.vulnerability.id);
        vulnerability.aliases = found
            .related_vulnerabilities
            .into_iter()
            .map(|related| related.id)
            .filter(|id| !vulnerability.is_known_as(id))
            .collect();
        vulnerability.aliases.dedup();
        vulnerability.severity = severity;
        if let Some(fix) = found.vulnerability.fix.filter(|fix| fix.state == "fixed") {
            vulnerability.fix_available = true;
            vulnerability.set_fix_versions(fix.versions);
        }
        vulnerability.description = found.vulnerability.description.filter(|text| !text.trim().is_empty());
        vulnerabilities.push(vulnerability);
    }
    let producer =
        report.descriptor.and_then(|descriptor| descriptor.version).map(|version| format!("grype {version}"));
    Ok(Report {
        format: Format::Grype,
        producer: producer.or_else(|| Some("grype".to_owned())),
        notes: vec!["Grype lists vulnerable packages only".to_owned()],
        content: ReportContent::Dependencies(DependencyAudit { packages }),
    })
}

/// Grype's labels: the usual ones, and `Negligible` as low.
fn severity(label: &str) -> Option<VulnerabilitySeverity> {
    if label.eq_ignore_ascii_case("negligible") {
        return Some(VulnerabilitySeverity::Low);
    }
    VulnerabilitySeverity::from_name(label)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_str;

    #[test]
    fn an_unknown_severity_is_refused_where_it_stands() {
        let json = r#"{"matches": [{"vulnerability": {"id": "CVE-1", "severity": "Severe"}, "artifact": {"name": "a", "version": "1"}}],
            "source": {}, "descriptor": {"name": "grype"}}"#;
        let error = parse_str(Format::Grype, json).unwrap_err().to_string();
        assert!(error.contains("matches[0].vulnerability.severity"), "{error}");
        assert!(severity("Negligible") == Some(VulnerabilitySeverity::Low));
    }
}

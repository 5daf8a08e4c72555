//! Trivy JSON (`trivy fs|image|repo --format json`): `SchemaVersion` 2, and the bare list of
//! results Trivy wrote before 0.20.
//!
//! Read from Trivy's documentation (docs/configuration/reporting.md and the report types of
//! pkg/types/report.go): no Trivy runs here, so the fixtures are written by hand in that shape.
//! Each of `Results` is a target (a lock file, an image's OS packages, a Dockerfile, a file)
//! with `Vulnerabilities` (null when none), `Misconfigurations` and `Secrets`.
//!
//! - A vulnerability is `VulnerabilityID` of `PkgName` `InstalledVersion`, its `Severity`
//!   Trivy's own label (`UNKNOWN` is unknown), its `FixedVersion` (comma-separated, empty when
//!   none) the fix. The same id of the same package and version in several targets or layers is
//!   one vulnerability.
//! - A misconfiguration whose `Status` is `FAIL` is a security finding (critical counts as high,
//!   as for every scanner); passed checks (`--include-non-failures`) are not findings.
//! - A secret is a `secrets.findings` finding of its rule, file and line. `Match` and `Code`
//!   hold the secret itself and are never read.
//!
//! Trivy leaves `Results` out when nothing is found; it lists only targets with something
//! found, so a clean scan has no misconfiguration or
//! secret target: security findings count only when the report has a `config` result, secrets
//! only when it has a `secret` result, and are otherwise not measured.

use std::io::BufRead;

use serde::Deserialize;

use super::Format;
use super::error::{ParseError, ParseErrorKind};
use super::json::{self, LenientNumber};
use crate::model::{
    AuditStatus, AuditedPackage, Category, DependencyAudit, Finding, Findings, Level, Report, ReportContent,
    SourceLocation, Vulnerability, VulnerabilitySeverity,
};

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct TrivyReport {
    schema_version: u32,
    #[serde(default)]
    results: Option<Vec<Target>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Target {
    target: String,
    #[serde(default)]
    class: Option<String>,
    #[serde(default)]
    vulnerabilities: Option<Vec<TrivyVulnerability>>,
    #[serde(default)]
    misconfigurations: Option<Vec<Misconfiguration>>,
    #[serde(default)]
    secrets: Option<Vec<Secret>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct TrivyVulnerability {
    #[serde(rename = "VulnerabilityID")]
    vulnerability_id: String,
    pkg_name: String,
    installed_version: String,
    #[serde(default)]
    fixed_version: Option<String>,
    #[serde(default)]
    title: Option<String>,
    severity: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Misconfiguration {
    #[serde(rename = "ID")]
    id: String,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    message: Option<String>,
    severity: String,
    status: String,
    #[serde(default)]
    cause_metadata: Option<CauseMetadata>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct CauseMetadata {
    #[serde(default)]
    start_line: Option<LenientNumber>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Secret {
    #[serde(rename = "RuleID")]
    rule_id: String,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    start_line: Option<LenientNumber>,
}

/// Parses a Trivy JSON report.
pub(crate) fn parse(mut input: impl BufRead) -> Result<Report, ParseError> {
    let targets = if json::peek_first_byte(Format::Trivy, &mut input)? == Some(b'[') {
        json::from_reader::<Vec<Target>>(Format::Trivy, input)?
    } else {
        let report: TrivyReport = json::from_reader(Format::Trivy, input)?;
        if report.schema_version != 2 {
            return Err(ParseError::new(
                Format::Trivy,
                ParseErrorKind::invalid("SchemaVersion 2", &report.schema_version.to_string()),
            )
            .in_element("SchemaVersion"));
        }
        report.results.unwrap_or_default()
    };
    let mut packages: Vec<AuditedPackage> = Vec::new();
    let mut categories = Vec::new();
    let mut items = Vec::new();
    for (at, target) in targets.into_iter().enumerate() {
        let place = format!("Results[{at}]");
        match target.class.as_deref() {
            Some("config") => add_category(&mut categories, Category::Security),
            Some("secret") => add_category(&mut categories, Category::Secret),
            _ => {}
        }
        for found in target.vulnerabilities.unwrap_or_default() {
            add_vulnerability(&mut packages, found, &place)?;
        }
        for misconfiguration in target.misconfigurations.unwrap_or_default() {
            add_category(&mut categories, Category::Security);
            if misconfiguration.status == "FAIL" {
                items.push(misconfiguration_finding(misconfiguration, &target.target, &place)?);
            }
        }
        for secret in target.secrets.unwrap_or_default() {
            add_category(&mut categories, Category::Secret);
            let title = secret.title.unwrap_or_else(|| secret.rule_id.clone());
            let mut finding = Finding::new(Category::Secret, "trivy", secret.rule_id, title);
            finding.severity = Some(Level::High);
            let line = secret.start_line.and_then(LenientNumber::line);
            finding.location = Some(SourceLocation::new(&target.target, line));
            items.push(finding);
        }
    }
    let mut findings = Findings::covering(&categories);
    findings.items = items;
    Ok(Report {
        format: Format::Trivy,
        producer: Some("trivy".to_owned()),
        notes: Vec::new(),
        content: ReportContent::DependenciesAndFindings { audit: DependencyAudit { packages }, findings },
    })
}

fn add_category(categories: &mut Vec<Category>, category: Category) {
    if !categories.contains(&category) {
        categories.push(category);
    }
}

/// Adds a vulnerability to its package, once however many targets list it.
fn add_vulnerability(
    packages: &mut Vec<AuditedPackage>,
    found: TrivyVulnerability,
    place: &str,
) -> Result<(), ParseError> {
    let severity = VulnerabilitySeverity::from_name(&found.severity).ok_or_else(|| {
        ParseError::new(
            Format::Trivy,
            ParseErrorKind::invalid("a severity (CRITICAL, HIGH, MEDIUM, LOW or UNKNOWN)", &found.severity),
        )
        .in_element(format!("{place}.Vulnerabilities(\"{}\").Severity", found.vulnerability_id))
    })?;
    let index = match packages.iter().position(|package| {
        package.name == found.pkg_name && package.version.as_deref() == Some(found.installed_version.as_str())
    }) {
        Some(index) => index,
        None => {
            packages.push(AuditedPackage::audited(found.pkg_name, Some(found.installed_version), Vec::new()));
            packages.len() - 1
        }
    };
    if let Some(AuditedPackage { status: AuditStatus::Audited { vulnerabilities }, .. }) =
        packages.get_mut(index)
        && !vulnerabilities.iter().any(|known| known.is_known_as(&found.vulnerability_id))
    {
        let mut vulnerability = Vulnerability::new(found.vulnerability_id);
        vulnerability.severity = severity;
        let fixed = found.fixed_version.unwrap_or_default();
        vulnerability.set_fix_versions(fixed.split(',').map(|version| version.trim().to_owned()));
        vulnerability.description = found.title.filter(|title| !title.trim().is_empty());
        vulnerabilities.push(vulnerability);
    }
    Ok(())
}

fn misconfiguration_finding(
    misconfiguration: Misconfiguration,
    target: &str,
    place: &str,
) -> Result<Finding, ParseError> {
    let severity = match misconfiguration.severity.to_ascii_uppercase().as_str() {
        "UNKNOWN" => None,
        label => Some(Level::from_name(label).ok_or_else(|| {
            ParseError::new(
                Format::Trivy,
                ParseErrorKind::invalid(
                    "a severity (CRITICAL, HIGH, MEDIUM, LOW or UNKNOWN)",
                    &misconfiguration.severity,
                ),
            )
            .in_element(format!("{place}.Misconfigurations(\"{}\").Severity", misconfiguration.id))
        })?),
    };
    let message = misconfiguration.message.or(misconfiguration.title.clone()).unwrap_or_default();
    let mut finding = Finding::new(Category::Security, "trivy", misconfiguration.id, message);
    finding.rule_name = misconfiguration.title;
    finding.severity = severity;
    let line =
        misconfiguration.cause_metadata.and_then(|cause| cause.start_line).and_then(LenientNumber::line);
    finding.location = Some(SourceLocation::new(target, line));
    Ok(finding)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_str;
    use crate::{Metric, Metrics};

    #[test]
    fn the_legacy_list_with_null_vulnerabilities() {
        let json = r#"[{"Target": "composer.lock", "Vulnerabilities": null},
            {"Target": "package-lock.json", "Vulnerabilities": [{"VulnerabilityID": "CVE-2018-16487",
              "PkgName": "lodash", "InstalledVersion": "4.17.4", "FixedVersion": ">=4.17.11", "Severity": "HIGH"}]}]"#;
        let mut metrics = Metrics::new();
        metrics.add("trivy.json", parse_str(Format::Trivy, json).unwrap());
        assert_eq!(metrics.value(Metric::SecurityVulnerabilitiesHigh), Ok(1.0));
        assert!(metrics.value(Metric::SecretsFindings).is_err(), "no secret scan in the report");
    }

    #[test]
    fn another_schema_version_and_an_unknown_severity_are_refused() {
        let error =
            parse_str(Format::Trivy, r#"{"SchemaVersion": 3, "Results": []}"#).unwrap_err().to_string();
        assert!(error.contains("expected SchemaVersion 2, found \"3\""), "{error}");
        let odd = r#"{"SchemaVersion": 2, "Results": [{"Target": "a", "Vulnerabilities": [{"VulnerabilityID": "CVE-1",
            "PkgName": "p", "InstalledVersion": "1", "Severity": "SEVERE"}]}]}"#;
        let error = parse_str(Format::Trivy, odd).unwrap_err().to_string();
        assert!(error.contains("Results[0].Vulnerabilities(\"CVE-1\").Severity"), "{error}");
        let clean = parse_str(
            Format::Trivy,
            r#"{"SchemaVersion": 2, "ArtifactName": ".", "ArtifactType": "filesystem"}"#,
        );
        let mut metrics = Metrics::new();
        metrics.add("trivy.json", clean.unwrap());
        assert_eq!(metrics.value(Metric::SecurityVulnerabilities), Ok(0.0), "no Results: nothing found");
    }
}

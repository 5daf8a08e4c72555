//! cargo-audit JSON (`cargo audit --json`).
//!
//! Producer seen: cargo-audit 0.22.2; the shape is the `rustsec` crate's `Report` (report.rs):
//! `database`, `lockfile`, `settings`, `vulnerabilities` (`found`, `count`, `list`) and
//! `warnings` keyed by kind (`unmaintained`, `unsound`, `yanked`, `notice`). Each listed
//! vulnerability is an `advisory` (`id`, `aliases`, `title`, `cvss`), the `versions` that fix it
//! (`patched`) and the `package` (`name`, `version`) of Cargo.lock.
//!
//! RustSec advisories carry a CVSS vector, not a severity label: the severity is the band of the
//! vector's CVSS 3.x base score (parse/cvss.rs), as cargo-audit prints it (`Severity: 9.8
//! (critical)`); an advisory without a vector is `unknown`, and so is one with a CVSS 4.0 vector,
//! which gates does not score (a note says so). Only vulnerable packages are listed: the report
//! names no others. Warnings (unmaintained, unsound, yanked) are notes, as cargo-audit reports
//! them without failing unless told to; as findings they would stand for a code scan that did
//! not run and let the security-findings gates pass on it. `vulnerabilities.count` must equal
//! the list's length.

use std::collections::BTreeMap;
use std::io::BufRead;

use serde::{Deserialize, Deserializer};

use super::Format;
use super::cvss::{self, CvssError};
use super::error::{ParseError, ParseErrorKind};
use super::json;
use crate::model::{
    AuditedPackage, DependencyAudit, Report, ReportContent, Vulnerability, VulnerabilitySeverity,
};

#[derive(Deserialize)]
struct AuditReport {
    lockfile: Lockfile,
    vulnerabilities: Vulnerabilities,
    warnings: BTreeMap<String, Vec<Warning>>,
}

#[derive(Deserialize)]
struct Lockfile {
    #[serde(rename = "dependency-count")]
    dependency_count: u64,
}

#[derive(Deserialize)]
struct Vulnerabilities {
    count: u64,
    list: Vec<Listed>,
}

#[derive(Deserialize)]
struct Listed {
    advisory: Advisory,
    versions: Versions,
    package: Package,
}

#[derive(Deserialize)]
struct Advisory {
    id: String,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
    cvss: Cvss,
}

#[derive(Deserialize)]
struct Versions {
    patched: Vec<String>,
}

#[derive(Deserialize)]
struct Package {
    name: String,
    version: String,
}

#[derive(Deserialize)]
struct Warning {
    kind: String,
    package: Package,
    #[serde(default)]
    advisory: Option<WarningAdvisory>,
}

#[derive(Deserialize)]
struct WarningAdvisory {
    id: String,
    #[serde(default)]
    title: Option<String>,
}

/// An advisory's CVSS vector read as a severity: null is unknown, a CVSS 4.0 vector is unknown
/// with its version kept for a note, a malformed one is refused where it stands.
struct Cvss {
    severity: VulnerabilitySeverity,
    unscored_version: Option<String>,
}

impl<'de> Deserialize<'de> for Cvss {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let unknown = |unscored_version| Cvss { severity: VulnerabilitySeverity::Unknown, unscored_version };
        match Option::<String>::deserialize(deserializer)? {
            None => Ok(unknown(None)),
            Some(vector) => match cvss::severity(&vector) {
                Ok(severity) => Ok(Cvss { severity, unscored_version: None }),
                Err(CvssError::UnsupportedVersion(version)) => Ok(unknown(Some(version))),
                Err(error @ CvssError::Malformed(_)) => Err(serde::de::Error::custom(error)),
            },
        }
    }
}

/// Parses a cargo-audit JSON report.
pub(crate) fn parse(input: impl BufRead) -> Result<Report, ParseError> {
    let report: AuditReport = json::from_reader(Format::CargoAudit, input)?;
    let listed = report.vulnerabilities.list.len() as u64;
    if listed != report.vulnerabilities.count {
        return Err(ParseError::new(
            Format::CargoAudit,
            ParseErrorKind::Contradiction(format!(
                "vulnerabilities.count is {} but the list holds {listed}",
                report.vulnerabilities.count
            )),
        ));
    }
    let mut notes = vec![format!(
        "cargo-audit lists vulnerable crates only: {} of Cargo.lock's {} dependencies are named",
        count_packages(&report.vulnerabilities.list),
        report.lockfile.dependency_count
    )];
    let mut packages: Vec<AuditedPackage> = Vec::new();
    for found in report.vulnerabilities.list {
        if let Some(version) = &found.advisory.cvss.unscored_version {
            notes.push(format!(
                "{} has a CVSS {version} vector, which gates does not score: its severity is unknown",
                found.advisory.id
            ));
        }
        let mut vulnerability = Vulnerability::new(found.advisory.id);
        vulnerability.aliases = found.advisory.aliases;
        vulnerability.severity = found.advisory.cvss.severity;
        vulnerability.set_fix_versions(found.versions.patched);
        vulnerability.description = found.advisory.title.filter(|title| !title.trim().is_empty());
        let Package { name, version } = found.package;
        match packages.iter_mut().find(|known| known.name == name && known.version.as_ref() == Some(&version))
        {
            Some(AuditedPackage {
                status: crate::model::AuditStatus::Audited { vulnerabilities }, ..
            }) => {
                vulnerabilities.push(vulnerability);
            }
            _ => packages.push(AuditedPackage::audited(name, Some(version), vec![vulnerability])),
        }
    }
    notes.extend(report.warnings.into_values().flatten().map(warning_note));
    Ok(Report {
        format: Format::CargoAudit,
        producer: Some("cargo-audit".to_owned()),
        notes,
        content: ReportContent::Dependencies(DependencyAudit { packages }),
    })
}

/// How many distinct crate versions the list names.
fn count_packages(list: &[Listed]) -> usize {
    let mut named: Vec<(&str, &str)> =
        list.iter().map(|found| (found.package.name.as_str(), found.package.version.as_str())).collect();
    named.sort_unstable();
    named.dedup();
    named.len()
}

/// An unmaintained, unsound, yanked or notice warning as a note, with its advisory where it has one.
fn warning_note(warning: Warning) -> String {
    let Package { name, version } = warning.package;
    let kind = warning.kind;
    match warning.advisory {
        Some(WarningAdvisory { id, title: Some(title) }) => {
            format!("cargo-audit warns: {name} {version} is {kind} ({id}: {title})")
        }
        Some(WarningAdvisory { id, title: None }) => {
            format!("cargo-audit warns: {name} {version} is {kind} ({id})")
        }
        None => format!("cargo-audit warns: {name} {version} is {kind}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_str;

    fn report(list: &str, count: usize, warnings: &str) -> String {
        format!(
            r#"{{"database": {{}}, "lockfile": {{"dependency-count": 4}}, "settings": {{}},
              "vulnerabilities": {{"found": true, "count": {count}, "list": [{list}]}}, "warnings": {{{warnings}}}}}"#
        )
    }

    fn listed(id: &str, package: &str, cvss: &str) -> String {
        format!(
            r#"{{"advisory": {{"id": "{id}", "package": "{package}", "title": "t", "aliases": ["CVE-{id}"], "cvss": {cvss}}},
                "versions": {{"patched": [">=9"], "unaffected": []}}, "affected": null,
                "package": {{"name": "{package}", "version": "1.0.0"}}}}"#
        )
    }

    #[test]
    fn vulnerabilities_of_one_crate_are_one_package_with_severities_from_cvss() {
        let list = [
            listed("A", "smallvec", "\"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\""),
            listed("B", "smallvec", "null"),
            listed("C", "lz4", "\"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N\""),
        ]
        .join(",");
        let parsed = parse_str(Format::CargoAudit, &report(&list, 3, "")).unwrap();
        assert!(parsed.notes.iter().any(
            |note| note == "C has a CVSS 4.0 vector, which gates does not score: its severity is unknown"
        ));
        let ReportContent::Dependencies(audit) = parsed.content else { panic!() };
        assert_eq!(audit.packages.len(), 2);
        let crate::model::AuditStatus::Audited { vulnerabilities } = &audit.packages[0].status else {
            panic!()
        };
        let severities: Vec<_> = vulnerabilities.iter().map(|vulnerability| vulnerability.severity).collect();
        assert_eq!(severities, [VulnerabilitySeverity::Critical, VulnerabilitySeverity::Unknown]);
        assert!(vulnerabilities[0].fix_available && vulnerabilities[0].is_known_as("cve-a"));
    }

    #[test]
    fn a_count_other_than_the_list_and_a_bad_vector_are_refused() {
        let one = listed("A", "time", "null");
        let error = parse_str(Format::CargoAudit, &report(&one, 2, "")).unwrap_err().to_string();
        assert!(error.contains("vulnerabilities.count is 2 but the list holds 1"), "{error}");
        let bad = listed("A", "time", "\"CVSS:3.1/AV:N\"");
        let error = parse_str(Format::CargoAudit, &report(&bad, 1, "")).unwrap_err().to_string();
        assert!(error.contains("found no AC, PR, UI, S, C, I, A"), "{error}");
        assert!(error.contains("line 2"), "{error}");
    }

    #[test]
    fn a_yanked_warning_without_advisory_is_a_note() {
        let warnings = r#""yanked": [{"kind": "yanked", "package": {"name": "foo", "version": "0.1.0"}, "advisory": null, "affected": null, "versions": null}]"#;
        let parsed = parse_str(Format::CargoAudit, &report("", 0, warnings)).unwrap();
        assert!(matches!(parsed.content, ReportContent::Dependencies(_)));
        assert!(
            parsed.notes.iter().any(|note| note == "cargo-audit warns: foo 0.1.0 is yanked"),
            "{:?}",
            parsed.notes
        );
    }
}

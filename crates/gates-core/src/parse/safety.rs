//! Safety JSON (`safety check --json`).
//!
//! Producers seen: Safety 1.x (a list of `[name, spec, version, advisory, id, …]` rows), and the
//! report of Safety 2.x and 3.x's `check` (`report_meta`, `scanned_packages`, `vulnerabilities`,
//! `ignored_vulnerabilities`), read from Safety's `formatters/json.py`. Every scanned package is
//! audited; a vulnerability marked ignored by Safety's own policy is left out and noted. The JSON
//! of Safety 3's `scan` command (`scan_results`) has no published schema and is refused.
//! Safety's free database leaves `severity` null, so every vulnerability is `unknown`.

use std::collections::BTreeMap;
use std::fmt;
use std::io::BufRead;

use serde::de::{self, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

use super::Format;
use super::error::{ParseError, ParseErrorKind};
use super::json::{self, Scalar};
use crate::model::{AuditedPackage, DependencyAudit, Report, ReportContent, Vulnerability, package_name_key};

#[derive(Deserialize)]
struct CheckReport {
    /// Present in every `check` report; an object without it is not one.
    #[serde(default)]
    report_meta: Option<Meta>,
    /// The `safety scan` JSON, which is refused.
    #[serde(default)]
    scan_results: Option<IgnoredAny>,
    /// What Safety writes instead of a report when it fails (`{"error": …}` or `{"message": …}`).
    #[serde(default)]
    error: Option<String>,
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    scanned_packages: BTreeMap<String, Scanned>,
    #[serde(default)]
    vulnerabilities: Vec<SafetyVulnerability>,
    #[serde(default)]
    ignored_vulnerabilities: Vec<SafetyVulnerability>,
}

#[derive(Deserialize)]
struct Meta {
    #[serde(default)]
    safety_version: Option<String>,
}

#[derive(Deserialize)]
struct Scanned {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    version: Option<String>,
}

#[derive(Deserialize)]
struct SafetyVulnerability {
    vulnerability_id: VulnerabilityId,
    package_name: String,
    #[serde(default)]
    analyzed_version: Option<String>,
    #[serde(default)]
    advisory: Option<String>,
    #[serde(default, rename = "CVE")]
    cve: Cve,
    #[serde(default)]
    fixed_versions: Vec<String>,
    #[serde(default)]
    ignored: Ignored,
}

/// An id Safety writes as text or as a number.
struct VulnerabilityId(String);

/// A CVE name: a string, or `{"name": "CVE-…", "cvssv2": …, "cvssv3": …}` in some 2.x builds;
/// the rest of the object is skipped, not kept.
#[derive(Default)]
struct Cve(Option<String>);

/// Whether Safety's own policy ignores the vulnerability: `true`/`false`, or `{}` (not
/// ignored) in some 3.x reports, whose content is skipped.
#[derive(Default)]
struct Ignored(bool);

impl<'de> Deserialize<'de> for VulnerabilityId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visit;
        impl Visitor<'_> for Visit {
            type Value = VulnerabilityId;
            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("a vulnerability id (text or a number)")
            }
            fn visit_str<E: de::Error>(self, id: &str) -> Result<VulnerabilityId, E> {
                Ok(VulnerabilityId(id.to_owned()))
            }
            fn visit_u64<E: de::Error>(self, id: u64) -> Result<VulnerabilityId, E> {
                Ok(VulnerabilityId(id.to_string()))
            }
            fn visit_i64<E: de::Error>(self, id: i64) -> Result<VulnerabilityId, E> {
                Ok(VulnerabilityId(id.to_string()))
            }
        }
        deserializer.deserialize_any(Visit)
    }
}

impl<'de> Deserialize<'de> for Cve {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> Visitor<'de> for Visit {
            type Value = Cve;
            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("a CVE name, null or an object with its name")
            }
            fn visit_str<E: de::Error>(self, name: &str) -> Result<Cve, E> {
                Ok(Cve(Some(name.to_owned())))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Cve, E> {
                Ok(Cve(None))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Cve, A::Error> {
                let mut name = None;
                while let Some(key) = map.next_key::<String>()? {
                    if key == "name" {
                        name = map.next_value::<Option<String>>()?;
                    } else {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
                Ok(Cve(name))
            }
        }
        deserializer.deserialize_any(Visit)
    }
}

impl<'de> Deserialize<'de> for Ignored {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> Visitor<'de> for Visit {
            type Value = Ignored;
            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("true, false or an object")
            }
            fn visit_bool<E: de::Error>(self, ignored: bool) -> Result<Ignored, E> {
                Ok(Ignored(ignored))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Ignored, E> {
                Ok(Ignored(false))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Ignored, A::Error> {
                IgnoredAny.visit_map(map).map(|_| Ignored(false))
            }
        }
        deserializer.deserialize_any(Visit)
    }
}

/// Why an object without `report_meta` is refused: what Safety reported, if it says.
fn not_a_report(reported: Option<String>) -> ParseErrorKind {
    match reported {
        Some(mut text) => {
            crate::model::truncate_at_char(&mut text, 200);
            ParseErrorKind::Json(format!("Safety reported an error instead of a report: {text}"))
        }
        None => ParseErrorKind::Json(
            "missing key `report_meta`: not the report of `safety check --json`".to_owned(),
        ),
    }
}

/// Parses a Safety JSON report.
pub(crate) fn parse(mut input: impl BufRead) -> Result<Report, ParseError> {
    if json::peek_first_byte(Format::Safety, &mut input)? == Some(b'[') {
        return parse_rows(input);
    }
    let report: CheckReport = json::from_reader(Format::Safety, input)?;
    if report.scan_results.is_some() {
        return Err(ParseError::new(
            Format::Safety,
            ParseErrorKind::invalid(
                "the report of `safety check --json` (the `safety scan` JSON is not supported)",
                "scan_results",
            ),
        ));
    }
    if report.report_meta.is_none() {
        return Err(ParseError::new(Format::Safety, not_a_report(report.error.or(report.message))));
    }
    let mut packages: BTreeMap<String, AuditedPackage> = BTreeMap::new();
    for (key, scanned) in report.scanned_packages {
        let name = scanned.name.unwrap_or(key);
        packages.insert(package_name_key(&name), AuditedPackage::audited(name, scanned.version, Vec::new()));
    }
    let mut ignored = report.ignored_vulnerabilities.len();
    for found in report.vulnerabilities {
        if found.ignored.0 {
            ignored += 1;
            continue;
        }
        let package = packages.entry(package_name_key(&found.package_name)).or_insert_with(|| {
            AuditedPackage::audited(found.package_name.clone(), found.analyzed_version.clone(), Vec::new())
        });
        if let crate::model::AuditStatus::Audited { vulnerabilities } = &mut package.status {
            vulnerabilities.push(vulnerability(found));
        }
    }
    let notes = if ignored > 0 {
        vec![format!("{ignored} vulnerabilities are ignored by Safety's own policy and not counted")]
    } else {
        Vec::new()
    };
    let producer =
        report.report_meta.and_then(|meta| meta.safety_version).map(|version| format!("safety {version}"));
    Ok(Report {
        format: Format::Safety,
        producer: producer.or_else(|| Some("safety".to_owned())),
        notes,
        content: ReportContent::Dependencies(DependencyAudit { packages: packages.into_values().collect() }),
    })
}

fn vulnerability(found: SafetyVulnerability) -> Vulnerability {
    let mut vulnerability = Vulnerability::new(found.vulnerability_id.0);
    vulnerability.aliases = found.cve.0.into_iter().filter(|cve| !cve.is_empty()).collect();
    vulnerability.set_fix_versions(found.fixed_versions);
    vulnerability.description = found.advisory.filter(|text| !text.trim().is_empty());
    vulnerability
}

/// One Safety 1.x row: its first five values; the rest are passed over.
struct Row(Vec<Scalar>);

impl<'de> Deserialize<'de> for Row {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct RowVisitor;
        impl<'de> Visitor<'de> for RowVisitor {
            type Value = Row;

            fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
                formatter.write_str("a row [name, spec, version, advisory, id]")
            }

            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Row, A::Error> {
                let mut values = Vec::new();
                while let Some(value) = seq.next_element::<Scalar>()? {
                    if values.len() < 5 {
                        values.push(value);
                    }
                }
                Ok(Row(values))
            }
        }
        deserializer.deserialize_seq(RowVisitor)
    }
}

/// Safety 1.x: `[[name, spec, version, advisory, id, …], …]`.
fn parse_rows(input: impl BufRead) -> Result<Report, ParseError> {
    let rows: Vec<(String, String, String, String, String)> =
        json::from_reader::<Vec<Row>>(Format::Safety, input)?
            .into_iter()
            .enumerate()
            .map(|(at, Row(row))| {
                let field = |index: usize| match row.get(index) {
                    Some(Scalar::Text(text)) => Ok(text.clone()),
                    Some(Scalar::Null) | None if index == 3 => Ok(String::new()),
                    other => Err(ParseError::new(
                        Format::Safety,
                        ParseErrorKind::invalid(
                            "a row [name, spec, version, advisory, id]",
                            &other.map_or_else(|| "nothing".to_owned(), Scalar::shown),
                        ),
                    )
                    .in_element(format!("[{at}][{index}]"))),
                };
                Ok((field(0)?, field(1)?, field(2)?, field(3)?, field(4)?))
            })
            .collect::<Result<_, ParseError>>()?;
    let mut packages: BTreeMap<String, AuditedPackage> = BTreeMap::new();
    for (name, _spec, version, advisory, id) in rows {
        let package = packages
            .entry(package_name_key(&name))
            .or_insert_with(|| AuditedPackage::audited(name.clone(), Some(version.clone()), Vec::new()));
        if let crate::model::AuditStatus::Audited { vulnerabilities } = &mut package.status {
            let mut vulnerability = Vulnerability::new(id);
            vulnerability.description = Some(advisory).filter(|text| !text.is_empty());
            vulnerabilities.push(vulnerability);
        }
    }
    Ok(Report {
        format: Format::Safety,
        producer: Some("safety".to_owned()),
        notes: vec![
            "Safety 1.x lists vulnerable packages only: packages without vulnerabilities are not named"
                .to_owned(),
        ],
        content: ReportContent::Dependencies(DependencyAudit { packages: packages.into_values().collect() }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_str;
    use crate::{Metric, Metrics};

    fn metrics(json: &str) -> (Metrics, Vec<String>) {
        let report = parse_str(Format::Safety, json).unwrap();
        let notes = report.notes.clone();
        let mut metrics = Metrics::new();
        metrics.add("safety.json", report);
        (metrics, notes)
    }

    #[test]
    fn check_report_of_safety_2_and_3() {
        let json = r#"{"report_meta": {"safety_version": "3.6.2", "packages_found": 3, "vulnerabilities_found": 3},
          "scanned_packages": {"Django": {"name": "django", "version": "4.0.1"}, "idna": {"name": "idna", "version": "3.7"}},
          "affected_packages": {}, "announcements": [],
          "vulnerabilities": [
            {"vulnerability_id": "44742", "package_name": "django", "ignored": {}, "vulnerable_spec": ">=4.0a1,<4.0.2", "analyzed_version": "4.0.1",
             "advisory": "Denial of service", "CVE": "CVE-2022-22818", "fixed_versions": ["3.2.12", "4.0.2"], "severity": null},
            {"vulnerability_id": "44771", "package_name": "Django", "ignored": false, "vulnerable_spec": ["<4.0.2"], "analyzed_version": "4.0.1",
             "advisory": "", "CVE": null, "fixed_versions": [""]},
            {"vulnerability_id": "44800", "package_name": "django", "ignored": false, "analyzed_version": "4.0.1", "fixed_versions": [],
             "CVE": {"name": "CVE-2022-23833", "cvssv3": {"base_score": 7.5, "base_severity": "HIGH"}}},
            {"vulnerability_id": "1", "package_name": "jinja2", "ignored": true, "analyzed_version": "2.10", "fixed_versions": []}],
          "ignored_vulnerabilities": [], "remediations": {}}"#;
        let (metrics, notes) = metrics(json);
        assert_eq!(metrics.value(Metric::SecurityVulnerabilities), Ok(3.0));
        assert_eq!(metrics.value(Metric::SecurityVulnerablePackages), Ok(1.0));
        assert_eq!(metrics.value(Metric::SecurityUnauditedPackages), Ok(0.0));
        let django = &metrics.dependencies.as_ref().unwrap().packages[0];
        let crate::model::AuditStatus::Audited { vulnerabilities } = &django.status else { panic!() };
        assert!(vulnerabilities[0].is_known_as("CVE-2022-22818"));
        assert!(vulnerabilities[1].fix_versions.is_empty(), "empty strings dropped");
        assert!(vulnerabilities[2].is_known_as("CVE-2022-23833"), "CVE given as an object");
        assert_eq!(notes, vec!["1 vulnerabilities are ignored by Safety's own policy and not counted"]);
    }

    #[test]
    fn safety_1_rows() {
        let (metrics, _) = metrics(
            r#"[["django", "<1.11.29", "1.11.0", "Django before 1.11.29 ...", "38010"], ["django", "<2", "1.11.0", "x", "38011"]]"#,
        );
        assert_eq!(metrics.value(Metric::SecurityVulnerabilities), Ok(2.0));
        assert_eq!(metrics.value(Metric::SecurityVulnerablePackages), Ok(1.0));
    }

    #[test]
    fn ids_cves_and_ignored_keep_only_what_is_read() {
        let report = |vulnerability: &str| {
            format!(
                r#"{{"report_meta": {{}}, "vulnerabilities": [{{"package_name": "django", {vulnerability}}}]}}"#
            )
        };
        let read = report(
            r#""vulnerability_id": 44742, "CVE": {"name": "CVE-1", "cvssv3": {"a": [[]]}}, "ignored": {"reason": [[]]}"#,
        );
        let (metrics, _) = metrics(&read);
        assert_eq!(metrics.value(Metric::SecurityVulnerabilities), Ok(1.0));
        let vulnerability = match &metrics.dependencies.as_ref().unwrap().packages[0].status {
            crate::model::AuditStatus::Audited { vulnerabilities } => vulnerabilities[0].clone(),
            other => panic!("{other:?}"),
        };
        assert!(vulnerability.is_known_as("CVE-1") && vulnerability.is_known_as("44742"));
        for odd in [
            r#""vulnerability_id": [[]]"#,
            r#""vulnerability_id": "1", "CVE": [[]]"#,
            r#""vulnerability_id": "1", "ignored": [[]]"#,
        ] {
            assert!(parse_str(Format::Safety, &report(odd)).is_err(), "{odd}");
        }
    }
}

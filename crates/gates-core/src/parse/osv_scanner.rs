//! OSV-Scanner JSON (`osv-scanner --format json`, 1.x and 2.x).
//!
//! Read from OSV-Scanner's result types (pkg/models/results.go: `results[]` of a `source` and
//! its `packages[]`, each a `package` with `vulnerabilities[]` and `groups[]`) and the OSV
//! schema of each vulnerability (`id`, `aliases`, `affected[].ranges[].events[].fixed`,
//! `severity[]`, `database_specific.severity`); no OSV-Scanner runs here, so the fixture is
//! written by hand in that shape.
//!
//! - A group is one vulnerability: its `ids` are aliases of one another (a GHSA and the PYSEC
//!   of the same flaw), the first id its id, the rest and the group's `aliases` its aliases.
//!   A vulnerability in no group stands alone.
//! - The severity is the group's `max_severity`, OSV-Scanner's own CVSS score; without one,
//!   the worst of its vulnerabilities' CVSS 3.x vectors (`severity[]`), then of their
//!   `database_specific.severity` labels (GitHub's `MODERATE` is medium); else unknown.
//! - The fixes are the `fixed` events of the ranges that affect this package.
//! - The same package (ecosystem, name, version) in several sources (two lock files) is one
//!   package, each vulnerability once.
//! - With `--experimental-call-analysis`, a group whose vulnerable functions the code does not
//!   call is still counted (a call graph is not proof), and named in a note.

use std::collections::BTreeMap;
use std::io::BufRead;

use serde::Deserialize;

use super::Format;
use super::cvss;
use super::error::{ParseError, ParseErrorKind};
use super::json;
use crate::model::{
    AuditStatus, AuditedPackage, DependencyAudit, Report, ReportContent, Vulnerability, VulnerabilitySeverity,
};

#[derive(Deserialize)]
struct OsvReport {
    results: Vec<Source>,
}

#[derive(Deserialize)]
struct Source {
    packages: Vec<PackageVulns>,
}

#[derive(Deserialize)]
struct PackageVulns {
    package: Package,
    #[serde(default)]
    vulnerabilities: Vec<OsvVulnerability>,
    #[serde(default)]
    groups: Vec<Group>,
}

#[derive(Deserialize)]
struct Package {
    name: String,
    version: String,
    #[serde(default)]
    ecosystem: String,
}

#[derive(Deserialize)]
struct OsvVulnerability {
    id: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    summary: Option<String>,
    #[serde(default)]
    affected: Vec<Affected>,
    #[serde(default)]
    severity: Vec<Score>,
    #[serde(default)]
    database_specific: Option<DatabaseSpecific>,
}

#[derive(Deserialize)]
struct Affected {
    #[serde(default)]
    package: Option<AffectedPackage>,
    #[serde(default)]
    ranges: Vec<Range>,
}

#[derive(Deserialize)]
struct AffectedPackage {
    name: String,
    #[serde(default)]
    ecosystem: String,
}

#[derive(Deserialize)]
struct Range {
    #[serde(default)]
    events: Vec<Event>,
}

#[derive(Deserialize)]
struct Event {
    #[serde(default)]
    fixed: Option<String>,
}

#[derive(Deserialize)]
struct Score {
    #[serde(rename = "type")]
    kind: String,
    score: String,
}

#[derive(Deserialize)]
struct DatabaseSpecific {
    #[serde(default)]
    severity: Option<String>,
}

#[derive(Deserialize)]
struct Group {
    ids: Vec<String>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    max_severity: Option<String>,
    /// `--experimental-call-analysis`: whether the code calls each vulnerable function.
    #[serde(default, rename = "experimentalAnalysis")]
    analysis: BTreeMap<String, Analysis>,
}

#[derive(Deserialize)]
struct Analysis {
    #[serde(default)]
    called: bool,
}

/// A package as OSV-Scanner names it: the ecosystem tells `requests` on PyPI from one on npm.
struct Keyed {
    ecosystem: String,
    package: AuditedPackage,
}

/// Parses an OSV-Scanner JSON report.
pub(crate) fn parse(input: impl BufRead) -> Result<Report, ParseError> {
    let report: OsvReport = json::from_reader(Format::OsvScanner, input)?;
    let mut packages: Vec<Keyed> = Vec::new();
    let mut uncalled: Vec<String> = Vec::new();
    for (at, source) in report.results.into_iter().enumerate() {
        for (index, found) in source.packages.into_iter().enumerate() {
            let place = format!("results[{at}].packages[{index}]");
            let vulnerabilities = package_vulnerabilities(&found, &place)?;
            for group in &found.groups {
                let id = group.ids.first().filter(|id| !uncalled.contains(id));
                if let Some(id) = id.filter(|_| {
                    !group.analysis.is_empty() && group.analysis.values().all(|found| !found.called)
                }) {
                    uncalled.push(id.clone());
                }
            }
            let Package { name, version, ecosystem } = found.package;
            let known = packages.iter_mut().find(|known| {
                known.ecosystem == ecosystem
                    && known.package.name == name
                    && known.package.version.as_deref() == Some(version.as_str())
            });
            let keyed = match known {
                Some(keyed) => keyed,
                None => {
                    packages.push(Keyed {
                        ecosystem,
                        package: AuditedPackage::audited(name, Some(version), Vec::new()),
                    });
                    let Some(last) = packages.last_mut() else { continue };
                    last
                }
            };
            if let AuditStatus::Audited { vulnerabilities: kept } = &mut keyed.package.status {
                for vulnerability in vulnerabilities {
                    if !kept.iter().any(|known| known.is_known_as(&vulnerability.id)) {
                        kept.push(vulnerability);
                    }
                }
            }
        }
    }
    let mut notes = vec!["OSV-Scanner lists vulnerable packages only".to_owned()];
    if !uncalled.is_empty() {
        notes.push(format!(
            "OSV-Scanner's call analysis found {} vulnerabilities not called by the code ({}); they are counted",
            uncalled.len(),
            uncalled.join(", ")
        ));
    }
    Ok(Report {
        format: Format::OsvScanner,
        producer: Some("osv-scanner".to_owned()),
        notes,
        content: ReportContent::Dependencies(DependencyAudit {
            packages: packages.into_iter().map(|keyed| keyed.package).collect(),
        }),
    })
}

/// The vulnerabilities of one package entry: one per group, then one per vulnerability no
/// group names.
fn package_vulnerabilities(found: &PackageVulns, place: &str) -> Result<Vec<Vulnerability>, ParseError> {
    let mut merged = Vec::new();
    for (at, group) in found.groups.iter().enumerate() {
        let members: Vec<&OsvVulnerability> = found
            .vulnerabilities
            .iter()
            .filter(|vulnerability| group.ids.contains(&vulnerability.id))
            .collect();
        let Some(id) = group.ids.first() else {
            return Err(ParseError::new(
                Format::OsvScanner,
                ParseErrorKind::invalid("a group with ids", "none"),
            )
            .in_element(format!("{place}.groups[{at}].ids")));
        };
        let mut vulnerability = Vulnerability::new(id.clone());
        for alias in
            group.ids.iter().chain(&group.aliases).chain(members.iter().flat_map(|member| &member.aliases))
        {
            if !vulnerability.is_known_as(alias) {
                vulnerability.aliases.push(alias.clone());
            }
        }
        let score = group.max_severity.as_deref().map(str::trim).filter(|score| !score.is_empty());
        vulnerability.severity = match score {
            Some(score) => {
                let band = score.parse::<f64>().ok().map(VulnerabilitySeverity::from_cvss_score);
                band.filter(|band| *band != VulnerabilitySeverity::Unknown).ok_or_else(|| {
                    ParseError::new(
                        Format::OsvScanner,
                        ParseErrorKind::invalid("a CVSS score (0.0 to 10.0)", score),
                    )
                    .in_element(format!("{place}.groups[{at}].max_severity"))
                })?
            }
            None => worst(members.iter().map(|member| advisory_severity(member))),
        };
        add_details(&mut vulnerability, &members, &found.package);
        merged.push(vulnerability);
    }
    for single in &found.vulnerabilities {
        if merged.iter().any(|known: &Vulnerability| known.is_known_as(&single.id)) {
            continue;
        }
        let mut vulnerability = Vulnerability::new(single.id.clone());
        vulnerability.aliases =
            single.aliases.iter().filter(|alias| !alias.eq_ignore_ascii_case(&single.id)).cloned().collect();
        vulnerability.severity = advisory_severity(single);
        add_details(&mut vulnerability, &[single], &found.package);
        merged.push(vulnerability);
    }
    Ok(merged)
}

/// The fixes and the summary of a vulnerability's advisories.
fn add_details(vulnerability: &mut Vulnerability, members: &[&OsvVulnerability], package: &Package) {
    let mut fixes: Vec<String> = Vec::new();
    for fixed in members
        .iter()
        .flat_map(|member| &member.affected)
        .filter(|affected| {
            affected.package.as_ref().is_none_or(|named| {
                named.name == package.name
                    && (named.ecosystem.is_empty() || named.ecosystem == package.ecosystem)
            })
        })
        .flat_map(|affected| &affected.ranges)
        .flat_map(|range| &range.events)
        .filter_map(|event| event.fixed.clone())
    {
        if !fixes.contains(&fixed) {
            fixes.push(fixed);
        }
    }
    vulnerability.set_fix_versions(fixes);
    vulnerability.description =
        members.iter().filter_map(|member| member.summary.clone()).find(|summary| !summary.trim().is_empty());
}

/// An advisory's own severity: its CVSS 3.x vector's band, else its database's label.
fn advisory_severity(vulnerability: &OsvVulnerability) -> VulnerabilitySeverity {
    let scored = vulnerability
        .severity
        .iter()
        .filter(|score| score.kind.starts_with("CVSS_V3"))
        .filter_map(|score| cvss::severity(&score.score).ok());
    let scored = worst(scored);
    if scored != VulnerabilitySeverity::Unknown {
        return scored;
    }
    vulnerability
        .database_specific
        .as_ref()
        .and_then(|specific| specific.severity.as_deref())
        .and_then(VulnerabilitySeverity::from_name)
        .unwrap_or(VulnerabilitySeverity::Unknown)
}

/// The worst known severity, or unknown when none is known.
fn worst(severities: impl Iterator<Item = VulnerabilitySeverity>) -> VulnerabilitySeverity {
    let severities: Vec<VulnerabilitySeverity> = severities.collect();
    VulnerabilitySeverity::ALL
        .into_iter()
        .find(|severity| severities.contains(severity))
        .unwrap_or(VulnerabilitySeverity::Unknown)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_str;

    #[test]
    fn a_group_without_max_severity_takes_its_worst_vector_then_its_label() {
        let json = r#"{"results": [{"source": {"path": "a/package-lock.json", "type": "lockfile"}, "packages": [
            {"package": {"name": "p", "version": "1.0.0", "ecosystem": "npm"},
             "vulnerabilities": [
               {"id": "GHSA-aaaa-bbbb-cccc", "aliases": ["CVE-2020-1"], "database_specific": {"severity": "MODERATE"}},
               {"id": "GHSA-dddd-eeee-ffff", "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N"}]}],
             "groups": [{"ids": ["GHSA-aaaa-bbbb-cccc"], "aliases": ["CVE-2020-1", "GHSA-aaaa-bbbb-cccc"], "max_severity": ""}]}]}],
            "experimental_config": {}}"#;
        let report = parse_str(Format::OsvScanner, json).unwrap();
        let ReportContent::Dependencies(audit) = report.content else { panic!() };
        let AuditStatus::Audited { vulnerabilities } = &audit.packages[0].status else { panic!() };
        let severities: Vec<_> =
            vulnerabilities.iter().map(|found| (found.id.as_str(), found.severity)).collect();
        assert_eq!(
            severities,
            [
                ("GHSA-aaaa-bbbb-cccc", VulnerabilitySeverity::Medium),
                ("GHSA-dddd-eeee-ffff", VulnerabilitySeverity::High)
            ]
        );
        assert_eq!(vulnerabilities[0].aliases, ["CVE-2020-1"]);
        assert_eq!(report.notes.len(), 1, "no call analysis: no note");
    }

    #[test]
    fn vulnerabilities_the_call_analysis_found_not_called_are_counted_with_a_note() {
        let json = r#"{"results": [{"source": {}, "packages": [{"package": {"name": "golang.org/x/net", "version": "0.7.0", "ecosystem": "Go"},
            "vulnerabilities": [{"id": "GO-1"}, {"id": "GO-2"}],
            "groups": [{"ids": ["GO-1"], "experimentalAnalysis": {"GO-1": {"called": false, "unimportant": false}}, "max_severity": ""},
                       {"ids": ["GO-2"], "experimentalAnalysis": {"GO-2": {"called": true, "unimportant": false}}, "max_severity": "7.5"}]}]}],
            "experimental_config": {"licenses": {"summary": false, "allowlist": null}}}"#;
        let report = parse_str(Format::OsvScanner, json).unwrap();
        assert_eq!(
            report.notes[1],
            "OSV-Scanner's call analysis found 1 vulnerabilities not called by the code (GO-1); they are counted"
        );
        let ReportContent::Dependencies(audit) = report.content else { panic!() };
        let AuditStatus::Audited { vulnerabilities } = &audit.packages[0].status else { panic!() };
        assert_eq!(vulnerabilities.len(), 2);
    }

    #[test]
    fn a_max_severity_that_is_not_a_score_is_refused_where_it_stands() {
        let json = r#"{"results": [{"source": {}, "packages": [{"package": {"name": "p", "version": "1", "ecosystem": "npm"},
            "vulnerabilities": [{"id": "A"}], "groups": [{"ids": ["A"], "max_severity": "HIGH"}]}]}]}"#;
        let error = parse_str(Format::OsvScanner, json).unwrap_err().to_string();
        assert!(error.contains("results[0].packages[0].groups[0].max_severity"), "{error}");
        assert!(error.contains("a CVSS score"), "{error}");
    }
}

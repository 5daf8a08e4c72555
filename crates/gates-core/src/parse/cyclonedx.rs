//! CycloneDX JSON with `vulnerabilities` (a BOM with VEX: `trivy --format cyclonedx`, `grype -o
//! cyclonedx-json`, Dependency-Track's VEX export), CycloneDX 1.4 to 1.6.
//!
//! Read from the CycloneDX JSON schema (`components`, `vulnerabilities` with `ratings`,
//! `affects` and `analysis`); none of those tools runs here, so the fixtures are written by
//! hand in that shape.
//!
//! - Every component (nested ones too, and `metadata.component`) is an audited package; each
//!   vulnerability belongs to the components its `affects[].ref` names by `bom-ref`. A ref to no
//!   component of the document (a VEX document beside its BOM) is a package named by the ref: a
//!   package URL's name and version, else the ref itself.
//! - The severity is that of the rating by the vulnerability's own `source` (Trivy's data
//!   source, whose severity Trivy's table shows), else the worst of its `ratings`: a rating's
//!   `severity` (`none` and `info` count as low), else the band of its CVSS 3.x `vector` or
//!   `score`; no rating is `unknown`. Any other label is refused.
//! - The `analysis.state` of the BOM's VEX decides whether it counts: `not_affected`,
//!   `false_positive`, `resolved` and `resolved_with_pedigree` are not counted, and are listed
//!   in a note with their justification; `exploitable`, `in_triage` or no analysis count.
//! - `references[].id` are the advisory's aliases (a CVE's GHSA).
//! - A BOM without `vulnerabilities` lists components and says nothing of vulnerabilities: it is
//!   refused, never read as a clean audit.

use std::collections::HashMap;
use std::io::BufRead;

use serde::Deserialize;
use serde::de::IgnoredAny;

use super::Format;
use super::cvss;
use super::error::{ParseError, ParseErrorKind};
use super::json::{self, LenientNumber};
use crate::model::{
    AuditStatus, AuditedPackage, DependencyAudit, Report, ReportContent, Vulnerability, VulnerabilitySeverity,
};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Bom {
    #[serde(rename = "bomFormat")]
    _bom_format: IgnoredAny,
    #[serde(default)]
    spec_version: Option<String>,
    #[serde(default)]
    metadata: Option<Metadata>,
    #[serde(default)]
    components: Vec<Component>,
    /// A BOM without it is no audit.
    #[serde(default)]
    vulnerabilities: Option<Vec<BomVulnerability>>,
}

#[derive(Deserialize)]
struct Metadata {
    #[serde(default)]
    component: Option<Component>,
}

#[derive(Deserialize)]
struct Component {
    #[serde(default, rename = "bom-ref")]
    bom_ref: Option<String>,
    name: String,
    #[serde(default)]
    version: Option<String>,
    #[serde(default)]
    components: Vec<Component>,
}

#[derive(Deserialize)]
struct BomVulnerability {
    id: String,
    #[serde(default)]
    source: Option<Source>,
    #[serde(default)]
    references: Vec<Reference>,
    #[serde(default)]
    ratings: Vec<Rating>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    affects: Vec<Affected>,
    #[serde(default)]
    analysis: Option<Analysis>,
}

#[derive(Deserialize)]
struct Reference {
    id: String,
}

#[derive(Deserialize)]
struct Rating {
    #[serde(default)]
    source: Option<Source>,
    #[serde(default)]
    severity: Option<String>,
    #[serde(default)]
    score: Option<LenientNumber>,
    #[serde(default)]
    method: Option<String>,
    #[serde(default)]
    vector: Option<String>,
}

#[derive(Deserialize)]
struct Source {
    #[serde(default)]
    name: Option<String>,
}

#[derive(Deserialize)]
struct Affected {
    #[serde(rename = "ref")]
    reference: String,
}

#[derive(Deserialize)]
struct Analysis {
    #[serde(default)]
    state: Option<String>,
    #[serde(default)]
    justification: Option<String>,
}

/// The VEX states that say the component is not, or no longer, vulnerable.
const NOT_COUNTED_STATES: &[&str] = &["not_affected", "false_positive", "resolved", "resolved_with_pedigree"];
/// Every state CycloneDX defines.
const STATES: &[&str] =
    &["resolved", "resolved_with_pedigree", "exploitable", "in_triage", "false_positive", "not_affected"];

/// Parses a CycloneDX JSON BOM with vulnerabilities.
pub(crate) fn parse(input: impl BufRead) -> Result<Report, ParseError> {
    let bom: Bom = json::from_reader(Format::Cyclonedx, input)?;
    let Some(found_vulnerabilities) = bom.vulnerabilities else {
        return Err(ParseError::new(
            Format::Cyclonedx,
            ParseErrorKind::Json(
                "this BOM has no `vulnerabilities`: it lists components, not what is known of them; give a \
                 scanner's CycloneDX output with vulnerabilities (`trivy --format cyclonedx --scanners vuln`, \
                 `grype -o cyclonedx-json`)"
                    .to_owned(),
            ),
        ));
    };
    let mut packages: Vec<AuditedPackage> = Vec::new();
    let mut by_ref: HashMap<String, usize> = HashMap::new();
    let mut pending: Vec<Component> = bom.components;
    pending.extend(bom.metadata.and_then(|metadata| metadata.component));
    while let Some(component) = pending.pop() {
        pending.extend(component.components);
        if let Some(reference) = component.bom_ref {
            by_ref.entry(reference).or_insert(packages.len());
        }
        packages.push(AuditedPackage::audited(component.name, component.version, Vec::new()));
    }
    let mut set_aside: Vec<String> = Vec::new();
    for (at, found) in found_vulnerabilities.into_iter().enumerate() {
        let place = |field: &str| format!("vulnerabilities[{at}]{field}");
        let source = found.source.as_ref().and_then(|source| source.name.as_deref());
        let severity = severity_of(&found.ratings, source).map_err(|(index, label)| {
            ParseError::new(
                Format::Cyclonedx,
                ParseErrorKind::invalid(
                    "a severity (critical, high, medium, low, info, none or unknown)",
                    &label,
                ),
            )
            .in_element(place(&format!(".ratings[{index}].severity")))
        })?;
        let state = found.analysis.as_ref().and_then(|analysis| analysis.state.as_deref());
        if let Some(state) = state.filter(|state| !STATES.contains(state)) {
            return Err(ParseError::new(
                Format::Cyclonedx,
                ParseErrorKind::invalid(
                    "an analysis state (resolved, resolved_with_pedigree, exploitable, in_triage, false_positive, \
                     not_affected)",
                    state,
                ),
            )
            .in_element(place(".analysis.state")));
        }
        if let Some(state) = state.filter(|state| NOT_COUNTED_STATES.contains(state)) {
            let why = found.analysis.as_ref().and_then(|analysis| analysis.justification.as_deref());
            set_aside.push(match why {
                Some(why) => format!("{} ({state}: {why})", found.id),
                None => format!("{} ({state})", found.id),
            });
            continue;
        }
        let mut vulnerability = Vulnerability::new(found.id);
        vulnerability.severity = severity;
        vulnerability.aliases = found
            .references
            .into_iter()
            .map(|reference| reference.id)
            .filter(|id| !vulnerability.is_known_as(id))
            .collect();
        vulnerability.aliases.dedup();
        vulnerability.description = found.description.filter(|text| !text.trim().is_empty());
        for affected in found.affects {
            let index = *by_ref.entry(affected.reference.clone()).or_insert_with(|| {
                let (name, version) = named_by_ref(&affected.reference);
                packages.push(AuditedPackage::audited(name, version, Vec::new()));
                packages.len() - 1
            });
            if let Some(AuditedPackage { status: AuditStatus::Audited { vulnerabilities }, .. }) =
                packages.get_mut(index)
                && !vulnerabilities.iter().any(|known| known.is_known_as(&vulnerability.id))
            {
                vulnerabilities.push(vulnerability.clone());
            }
        }
    }
    let mut notes = Vec::new();
    if !set_aside.is_empty() {
        let noun = if set_aside.len() == 1 { "vulnerability" } else { "vulnerabilities" };
        notes.push(format!(
            "{} {noun} not counted, by the BOM's VEX analysis: {}",
            set_aside.len(),
            set_aside.join(", ")
        ));
    }
    Ok(Report {
        format: Format::Cyclonedx,
        producer: Some(match bom.spec_version {
            Some(version) => format!("CycloneDX {version}"),
            None => "CycloneDX".to_owned(),
        }),
        notes,
        content: ReportContent::Dependencies(DependencyAudit { packages }),
    })
}

/// The severity of the rating by the vulnerability's own `source` (as Trivy takes its data
/// source's), else the worst of the ratings, `unknown` when none tells. Every label is checked;
/// an unknown one is refused with its index.
fn severity_of(ratings: &[Rating], source: Option<&str>) -> Result<VulnerabilitySeverity, (usize, String)> {
    let (mut worst, mut own) = (VulnerabilitySeverity::Unknown, None);
    for (index, rating) in ratings.iter().enumerate() {
        let severity = match rating.severity.as_deref() {
            Some(label) if label.eq_ignore_ascii_case("none") => VulnerabilitySeverity::Low,
            Some(label) => {
                VulnerabilitySeverity::from_name(label).ok_or_else(|| (index, label.to_owned()))?
            }
            None => scored(rating),
        };
        let rated_by = rating.source.as_ref().and_then(|rater| rater.name.as_deref());
        if own.is_none()
            && source.is_some()
            && rated_by == source
            && severity != VulnerabilitySeverity::Unknown
        {
            own = Some(severity);
        }
        if rank(severity) < rank(worst) {
            worst = severity;
        }
    }
    Ok(own.unwrap_or(worst))
}

/// A rating without a label: the band of its CVSS 3.x vector or score.
fn scored(rating: &Rating) -> VulnerabilitySeverity {
    let cvss3 = rating.method.as_deref().is_some_and(|method| method.starts_with("CVSSv3"));
    match (&rating.vector, rating.score) {
        (Some(vector), _) if vector.starts_with("CVSS:3") => {
            cvss::severity(vector).unwrap_or(VulnerabilitySeverity::Unknown)
        }
        (_, Some(LenientNumber(score))) if cvss3 => VulnerabilitySeverity::from_cvss_score(score),
        _ => VulnerabilitySeverity::Unknown,
    }
}

/// Where a severity stands, worst first, `unknown` last.
fn rank(severity: VulnerabilitySeverity) -> usize {
    VulnerabilitySeverity::ALL.iter().position(|known| *known == severity).unwrap_or(usize::MAX)
}

/// The name and version a ref to no component stands for: a package URL's
/// (`pkg:npm/%40scope/name@1.2.0?…` → `@scope/name`, `1.2.0`), else the ref itself.
fn named_by_ref(reference: &str) -> (String, Option<String>) {
    let Some(path) = reference.strip_prefix("pkg:") else {
        return (reference.to_owned(), None);
    };
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let (path, version) = match path.rsplit_once('@') {
        Some((path, version)) if !path.ends_with('/') => (path, Some(version.to_owned())),
        _ => (path, None),
    };
    let name = path.split_once('/').map_or(path, |(_, name)| name).replace("%40", "@");
    (name, version)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_str;

    #[test]
    fn package_urls_name_refs_to_no_component() {
        assert_eq!(
            named_by_ref("pkg:npm/%40babel/core@7.1.0"),
            ("@babel/core".to_owned(), Some("7.1.0".to_owned()))
        );
        assert_eq!(
            named_by_ref("pkg:pypi/requests@2.19.0?a=b"),
            ("requests".to_owned(), Some("2.19.0".to_owned()))
        );
        assert_eq!(named_by_ref("urn:cdx:3e67/1#lodash"), ("urn:cdx:3e67/1#lodash".to_owned(), None));
    }

    #[test]
    fn the_worst_rating_counts_and_labels_are_checked() {
        let rating = |severity: Option<&str>, vector: Option<&str>| Rating {
            source: Some(Source { name: Some(if vector.is_some() { "nvd" } else { "ghsa" }.to_owned()) }),
            severity: severity.map(str::to_owned),
            score: None,
            method: Some("CVSSv31".to_owned()),
            vector: vector.map(str::to_owned),
        };
        let ratings = [
            rating(Some("medium"), None),
            rating(None, Some("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")),
        ];
        assert_eq!(severity_of(&ratings, None), Ok(VulnerabilitySeverity::Critical));
        assert_eq!(
            severity_of(&ratings, Some("ghsa")),
            Ok(VulnerabilitySeverity::Medium),
            "its own source's"
        );
        assert_eq!(severity_of(&ratings, Some("osv")), Ok(VulnerabilitySeverity::Critical));
        assert_eq!(severity_of(&[rating(Some("none"), None)], None), Ok(VulnerabilitySeverity::Low));
        assert_eq!(severity_of(&[], None), Ok(VulnerabilitySeverity::Unknown));
        assert_eq!(severity_of(&[rating(Some("severe"), None)], None), Err((0, "severe".to_owned())));
    }

    #[test]
    fn a_bom_without_vulnerabilities_is_no_audit() {
        let sbom = r#"{"bomFormat": "CycloneDX", "specVersion": "1.5", "components": [{"type": "library", "name": "a", "version": "1"}]}"#;
        let error = parse_str(Format::Cyclonedx, sbom).unwrap_err().to_string();
        assert!(error.contains("no `vulnerabilities`"), "{error}");
    }
}

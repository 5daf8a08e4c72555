//! The `--format json` document. Its shape is a contract other tools rely on:
//! `{"version": 1, "verdict": …, "metrics": {name: number}, "gates": [...], …}`.
//! Fields are only added, never renamed; empty ones are left out.

use std::collections::BTreeMap;

use serde::Serialize;

use super::listing::{self, Hotspot};
use crate::Unit;
use crate::model::{Finding, Metrics, PackageLicense, ScanProblem, Source, TestStatus, Vulnerability};
use crate::policy::LicenseVerdict;
use crate::policy::{Disposition, Evaluation, Severity, Status, Verdict};

/// Version of the JSON document's shape.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    verdict: Verdict,
    metrics: BTreeMap<&'a str, Figure>,
    gates: Vec<GateJson>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    failed_tests: Vec<FailedTestJson<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    findings: Vec<FindingJson<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    vulnerabilities: Vec<VulnerabilityJson<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    unaudited_packages: Vec<UnauditedJson<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    license_issues: Vec<LicenseIssueJson<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    complexity_hotspots: Vec<Hotspot<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    scan_problems: Vec<&'a ScanProblem>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    expired_waivers: Vec<WaiverJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    patch: Option<PatchJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    benchmarks: Option<&'a crate::compare::BenchComparison>,
    sources: &'a [Source],
}

#[derive(Serialize)]
struct PatchJson<'a> {
    lines_covered: u64,
    lines_valid: u64,
    files: Vec<PatchFileJson<'a>>,
}

#[derive(Serialize)]
struct PatchFileJson<'a> {
    path: &'a str,
    measured: bool,
    lines_covered: usize,
    lines_valid: usize,
    /// Uncovered changed lines as `"10"` or `"49-53"`.
    uncovered: Vec<String>,
}

#[derive(Serialize)]
struct GateJson {
    name: String,
    metric: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    actual: Option<Figure>,
    #[serde(skip_serializing_if = "Option::is_none")]
    min: Option<Figure>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max: Option<Figure>,
    bound: String,
    severity: Severity,
    required: bool,
    status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    detail: Option<String>,
}

/// A figure: a whole count, flag or byte size as a JSON integer (`23`, not `23.0`, which typed
/// consumers refuse for an integer); percentages, seconds and other figures as numbers.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(untagged)]
enum Figure {
    Whole(i64),
    Number(f64),
}

impl Figure {
    fn new(unit: Unit, value: f64) -> Self {
        let whole = matches!(unit, Unit::Count | Unit::Flag | Unit::Bytes)
            && value.fract() == 0.0
            && value.abs() < MAX_EXACT_INTEGER;
        if whole { Figure::Whole(value as i64) } else { Figure::Number(value) }
    }
}

/// 2^53: every whole f64 below it is an exact integer.
const MAX_EXACT_INTEGER: f64 = 9_007_199_254_740_992.0;

#[derive(Serialize)]
struct FailedTestJson<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    classname: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    suite: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<u32>,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<&'a str>,
}

/// Whether an item counted and, if waived, by which waiver.
#[derive(Serialize)]
struct CountedJson<'a> {
    counted: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    waived_by: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    waiver_reason: Option<&'a str>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    below_confidence: bool,
}

#[derive(Serialize)]
struct FindingJson<'a> {
    #[serde(flatten)]
    finding: &'a Finding,
    #[serde(flatten)]
    disposition: CountedJson<'a>,
}

#[derive(Serialize)]
struct VulnerabilityJson<'a> {
    package: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<&'a str>,
    #[serde(flatten)]
    vulnerability: &'a Vulnerability,
    #[serde(flatten)]
    disposition: CountedJson<'a>,
}

#[derive(Serialize)]
struct UnauditedJson<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<&'a str>,
    reason: &'a str,
}

/// A dependency whose licence is denied or unknown.
#[derive(Serialize)]
struct LicenseIssueJson<'a> {
    #[serde(flatten)]
    package: &'a PackageLicense,
    verdict: LicenseVerdict,
}

#[derive(Serialize)]
struct WaiverJson<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<&'a str>,
    reason: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    expires: Option<String>,
}

fn counted<'a>(evaluation: &'a Evaluation, disposition: Disposition) -> CountedJson<'a> {
    let waiver = match disposition {
        Disposition::Waived { waiver } => evaluation.waivers.get(waiver),
        _ => None,
    };
    CountedJson {
        counted: disposition == Disposition::Counted,
        waived_by: waiver.map(|waiver| waiver.id.as_str()),
        waiver_reason: waiver.map(|waiver| waiver.reason.as_str()),
        below_confidence: disposition == Disposition::BelowConfidence,
    }
}

/// Renders the evaluation and every metric as one pretty-printed JSON document.
pub fn render(evaluation: &Evaluation, metrics: &Metrics) -> String {
    let gates = evaluation
        .outcomes
        .iter()
        .map(|outcome| {
            let figure = |value: f64| Figure::new(super::unit(&outcome.gate), value);
            GateJson {
                name: outcome.gate.name(),
                metric: outcome.gate.metric.to_string(),
                actual: outcome.actual.as_ref().ok().copied().map(figure),
                min: outcome.gate.min.map(figure),
                max: outcome.gate.max.map(figure),
                bound: super::bound_text(&outcome.gate),
                severity: outcome.gate.severity,
                required: outcome.gate.required,
                status: outcome.status,
                reason: outcome.reason(),
                detail: outcome.detail.as_ref().map(ToString::to_string),
            }
        })
        .collect();
    let document = Document {
        version: VERSION,
        verdict: evaluation.verdict,
        metrics: evaluation
            .metrics
            .iter()
            .map(|(metric, value)| (metric.name(), Figure::new(metric.unit(), *value)))
            .chain(
                evaluation
                    .custom_metrics
                    .iter()
                    .map(|(name, unit, value)| (name.as_str(), Figure::new(*unit, *value))),
            )
            .collect(),
        gates,
        failed_tests: failed_tests(metrics),
        findings: listing::findings(evaluation, metrics)
            .map(|(finding, disposition)| FindingJson {
                finding,
                disposition: counted(evaluation, disposition),
            })
            .collect(),
        vulnerabilities: listing::vulnerabilities(evaluation, metrics)
            .map(|(package, vulnerability, disposition)| VulnerabilityJson {
                package: &package.name,
                version: package.version.as_deref(),
                vulnerability,
                disposition: counted(evaluation, disposition),
            })
            .collect(),
        unaudited_packages: listing::unaudited(metrics)
            .map(|(package, reason)| UnauditedJson {
                name: &package.name,
                version: package.version.as_deref(),
                reason,
            })
            .collect(),
        license_issues: super::license_issues(evaluation, metrics)
            .map(|(package, verdict)| LicenseIssueJson { package, verdict })
            .collect(),
        complexity_hotspots: listing::hotspots(metrics),
        scan_problems: listing::scan_problems(metrics).collect(),
        expired_waivers: evaluation
            .expired_waivers
            .iter()
            .filter_map(|&at| evaluation.waivers.get(at))
            .map(|waiver| WaiverJson {
                id: &waiver.id,
                path: waiver.path.as_deref(),
                reason: &waiver.reason,
                expires: waiver.expires.map(|date| date.to_string()),
            })
            .collect(),
        patch: metrics.patch.as_ref().map(|patch| PatchJson {
            lines_covered: patch.lines_covered(),
            lines_valid: patch.lines_valid(),
            files: patch
                .files
                .iter()
                .map(|file| PatchFileJson {
                    path: &file.path,
                    measured: file.coverage_path.is_some(),
                    lines_covered: file.covered_lines.len(),
                    lines_valid: file.covered_lines.len() + file.uncovered_lines.len(),
                    uncovered: super::ranges(&file.uncovered_ranges()),
                })
                .collect(),
        }),
        benchmarks: evaluation.bench.as_ref(),
        sources: &metrics.sources,
    };
    serde_json::to_string_pretty(&document).unwrap_or_default()
}

fn failed_tests(metrics: &Metrics) -> Vec<FailedTestJson<'_>> {
    metrics
        .tests
        .iter()
        .flat_map(|run| run.problems())
        .map(|case| {
            let (status, problem) = match &case.status {
                TestStatus::Errored(problem) => ("error", Some(problem)),
                TestStatus::Failed(problem) => ("failed", Some(problem)),
                _ => ("failed", None),
            };
            FailedTestJson {
                name: &case.name,
                classname: case.classname.as_deref(),
                suite: case.suite.as_deref(),
                file: case.file.as_deref(),
                line: case.line,
                status,
                message: problem.and_then(|problem| problem.message.as_deref()),
            }
        })
        .collect()
}

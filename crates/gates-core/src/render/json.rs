//! The `--format json` document. Its shape is a contract other tools rely on:
//! `{"version": 1, "verdict": …, "metrics": {name: number}, "gates": [...], …}`.
//! Fields are only added, never renamed; empty ones are left out. [`json_schema`] describes it.

use std::collections::BTreeMap;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Serialize;

use super::listing::{self, Hotspot};
use crate::model::{
    ChangeRuleValue, Finding, Metrics, PackageLicense, ScanProblem, Source, TestCase, TestStatus,
    Vulnerability,
};
use crate::model::{Metric, OutdatedPackage, Unit};
use crate::policy::{Disposition, Evaluation, LicenseVerdict, Severity, Status, Verdict};

/// Version of the JSON document's shape.
pub const VERSION: u32 = 1;

/// A failed test under quarantine.
#[derive(Serialize, JsonSchema)]
struct QuarantinedJson<'a> {
    /// The test, `classname.name`.
    name: String,
    /// The quarantine's glob that covers it.
    quarantine: &'a str,
    /// The quarantine's reason.
    reason: &'a str,
}

/// The output of `gates check --format json`.
#[derive(Serialize, JsonSchema)]
#[schemars(title = "gates output")]
struct Document<'a> {
    /// The version of this document's shape: 1.
    version: u32,
    /// The summary of all gates' outcomes.
    verdict: Verdict,
    /// Every metric the reports gave a value, by name: counts as integers, others as numbers.
    #[schemars(schema_with = "metrics_schema")]
    metrics: BTreeMap<&'a str, Figure>,
    /// Each gate of the policy and its outcome, in policy order.
    gates: Vec<GateJson>,
    /// Tests that failed or errored.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    failed_tests: Vec<FailedTestJson<'a>>,
    /// The slowest tests that ran, slowest first (at most 10).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    slowest_tests: Vec<SlowTestJson<'a>>,
    /// Failed tests a quarantine covers: reported, not counted in tests.failed or tests.errors.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    quarantined_tests: Vec<QuarantinedJson<'a>>,
    /// Tests that both failed and passed over the history's window, lowest pass rate first.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    intermittent_tests: &'a [crate::compare::IntermittentTest],
    /// Findings of linters, type checkers and security scanners, and whether each counted.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    findings: Vec<FindingJson<'a>>,
    /// Known vulnerabilities of dependencies, and whether each counted.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    vulnerabilities: Vec<VulnerabilityJson<'a>>,
    /// Dependencies the auditor skipped.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    unaudited_packages: Vec<UnauditedJson<'a>>,
    /// Dependencies whose licence is denied or unknown.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    license_issues: Vec<LicenseIssueJson<'a>>,
    /// The most complex blocks of rank C or worse, worst first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    complexity_hotspots: Vec<Hotspot<'a>>,
    /// What analysers could not do (files they could not read, tool errors).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    scan_problems: Vec<&'a ScanProblem>,
    /// Waivers past their expiry date, no longer applied.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    expired_waivers: Vec<WaiverJson<'a>>,
    /// Coverage of the changed lines, when a diff was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    patch: Option<PatchJson<'a>>,
    /// Dependencies with a newer release.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    outdated_packages: Vec<OutdatedJson<'a>>,
    /// Changed files whose first lines lack the policy's licence header.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    missing_license_headers: Vec<&'a String>,
    /// The policy's `[[change]]` rules over the diff and the files behind each, when a diff was given.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    changes: Vec<ChangeJson<'a>>,
    /// The history entry that is the baseline, when it was taken from a history.
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline: Option<&'a crate::compare::BaselineOrigin>,
    /// The benchmarks against the baseline, when one was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    benchmarks: Option<&'a crate::compare::BenchComparison>,
    /// The reports read, in the order given.
    sources: &'a [Source],
}

/// Coverage of the changed lines.
#[derive(Serialize, JsonSchema)]
struct PatchJson<'a> {
    /// Changed lines covered.
    lines_covered: u64,
    /// Changed lines that coverage measured.
    lines_valid: u64,
    /// Each changed file.
    files: Vec<PatchFileJson<'a>>,
}

/// One changed file.
#[derive(Serialize, JsonSchema)]
struct PatchFileJson<'a> {
    /// The path as the diff names it.
    path: &'a str,
    /// Whether a coverage report measured the file.
    measured: bool,
    /// Changed lines covered.
    lines_covered: usize,
    /// Changed lines that coverage measured.
    lines_valid: usize,
    /// Uncovered changed lines as `"10"` or `"49-53"`.
    uncovered: Vec<String>,
}

/// A dependency with a newer release.
#[derive(Serialize, JsonSchema)]
struct OutdatedJson<'a> {
    #[serde(flatten)]
    package: &'a OutdatedPackage,
    /// The latest release is a major version ahead (`deps.outdated_major`).
    major: bool,
}

/// A `[[change]]` rule's value and the files behind it.
#[derive(Serialize, JsonSchema)]
struct ChangeJson<'a> {
    /// The metric, `change.NAME`.
    metric: &'a str,
    /// 1 or 0 for a rule that requires files, the number of files for one that counts them.
    value: Figure,
    /// Changed files matching `when-changed` or `count-changed`.
    changed: &'a [String],
    /// Changed files matching `require-changed`.
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    required: &'a [String],
}

/// One gate and its outcome.
#[derive(Serialize, JsonSchema)]
struct GateJson {
    /// The gate's name.
    name: String,
    /// The metric, or the expression of metrics, it bounds.
    metric: String,
    /// The value found; absent when its input is missing (see `reason`).
    #[serde(skip_serializing_if = "Option::is_none")]
    actual: Option<Figure>,
    /// The metric in the baseline (`--baseline`), when it holds it.
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline: Option<Figure>,
    /// The lower bound, in the metric's unit.
    #[serde(skip_serializing_if = "Option::is_none")]
    min: Option<Figure>,
    /// The upper bound, in the metric's unit.
    #[serde(skip_serializing_if = "Option::is_none")]
    max: Option<Figure>,
    /// The bounds as text (`>= 80%`).
    bound: String,
    /// What breaching it means.
    severity: Severity,
    /// Whether a missing input fails it.
    required: bool,
    /// The outcome.
    status: Status,
    /// Why there is no value.
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
    /// What decided the value, where that is not obvious.
    #[serde(skip_serializing_if = "Option::is_none")]
    detail: Option<String>,
}

/// A figure: a whole count, flag or byte size as a JSON integer (`23`, not `23.0`, which typed
/// consumers refuse for an integer); percentages, seconds and other figures as numbers.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
enum Figure {
    /// A count, flag or byte size.
    Whole(i64),
    /// Any other figure.
    Number(f64),
}

/// `metrics`: each built-in metric typed by its unit; custom metrics are numbers.
fn metrics_schema(_: &mut SchemaGenerator) -> Schema {
    let properties: serde_json::Map<String, serde_json::Value> = Metric::ALL
        .iter()
        .map(|metric| {
            let whole = matches!(metric.unit(), Unit::Count | Unit::Flag | Unit::Bytes);
            let kind = if whole { "integer" } else { "number" };
            (
                metric.name().to_owned(),
                serde_json::json!({ "type": kind, "description": metric.description() }),
            )
        })
        .collect();
    json_schema!({
        "type": "object",
        "properties": properties,
        "additionalProperties": { "type": "number" },
    })
}

/// The JSON Schema (draft 2020-12) of the `--format json` document.
pub fn json_schema() -> serde_json::Value {
    let generator = schemars::generate::SchemaSettings::draft2020_12().for_serialize().into_generator();
    generator.into_root_schema_for::<Document<'static>>().to_value()
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

/// Which test: its name and where the report places it.
#[derive(Serialize, JsonSchema)]
struct TestJson<'a> {
    /// The test's name.
    name: &'a str,
    /// Its class, where the report gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    classname: Option<&'a str>,
    /// Its suite, where the report gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    suite: Option<&'a str>,
    /// Its file, where the report gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<&'a str>,
}

impl<'a> TestJson<'a> {
    fn of(case: &'a TestCase) -> Self {
        Self {
            name: &case.name,
            classname: case.classname.as_deref(),
            suite: case.suite.as_deref(),
            file: case.file.as_deref(),
        }
    }
}

/// One of the slowest tests.
#[derive(Serialize, JsonSchema)]
struct SlowTestJson<'a> {
    #[serde(flatten)]
    test: TestJson<'a>,
    /// Its final outcome.
    #[schemars(extend("enum" = ["passed", "failed", "error"]))]
    status: &'static str,
    /// Seconds its final attempt took.
    time_s: f64,
}

/// A test that failed or errored.
#[derive(Serialize, JsonSchema)]
struct FailedTestJson<'a> {
    #[serde(flatten)]
    test: TestJson<'a>,
    /// Its line, where the report gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<u32>,
    /// `failed` (an assertion) or `error` (anything else went wrong).
    #[schemars(extend("enum" = ["failed", "error"]))]
    status: &'static str,
    /// The failure's message, where given.
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<&'a str>,
}

/// Whether an item counted and, if waived, by which waiver.
#[derive(Serialize, JsonSchema)]
struct CountedJson<'a> {
    /// Whether it counts in the metrics (neither waived nor below the confidence floor).
    counted: bool,
    /// The id of the waiver that excused it.
    #[serde(skip_serializing_if = "Option::is_none")]
    waived_by: Option<&'a str>,
    /// That waiver's reason.
    #[serde(skip_serializing_if = "Option::is_none")]
    waiver_reason: Option<&'a str>,
    /// Not counted because its confidence is under the policy's floor; present only when true.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    below_confidence: bool,
}

/// One finding and whether it counted.
#[derive(Serialize, JsonSchema)]
struct FindingJson<'a> {
    #[serde(flatten)]
    finding: &'a Finding,
    /// With `--baseline`: whether the baseline lacks this finding.
    #[serde(skip_serializing_if = "Option::is_none")]
    new: Option<bool>,
    #[serde(flatten)]
    disposition: CountedJson<'a>,
}

/// One vulnerability of a package and whether it counted.
#[derive(Serialize, JsonSchema)]
struct VulnerabilityJson<'a> {
    /// The package.
    package: &'a str,
    /// Its installed version, where given.
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<&'a str>,
    #[serde(flatten)]
    vulnerability: &'a Vulnerability,
    #[serde(flatten)]
    disposition: CountedJson<'a>,
}

/// A package the auditor skipped, so not known to be safe.
#[derive(Serialize, JsonSchema)]
struct UnauditedJson<'a> {
    /// The package.
    name: &'a str,
    /// Its installed version, where given.
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<&'a str>,
    /// The auditor's reason.
    reason: &'a str,
}

/// A dependency whose licence is denied or unknown.
#[derive(Serialize, JsonSchema)]
struct LicenseIssueJson<'a> {
    #[serde(flatten)]
    package: &'a PackageLicense,
    /// How its licence fares under the policy.
    verdict: LicenseVerdict,
}

/// An expired waiver.
#[derive(Serialize, JsonSchema)]
struct WaiverJson<'a> {
    /// The rule or advisory id it waived.
    id: &'a str,
    /// The glob of files it was limited to.
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<&'a str>,
    /// Its reason.
    reason: &'a str,
    /// The last day it applied (`YYYY-MM-DD`).
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
    serde_json::to_string_pretty(&document(evaluation, metrics)).unwrap_or_default()
}

/// The document written into `out` as it is serialized.
pub(super) fn write(
    evaluation: &Evaluation,
    metrics: &Metrics,
    out: &mut impl std::io::Write,
) -> std::io::Result<()> {
    Ok(serde_json::to_writer_pretty(out, &document(evaluation, metrics))?)
}

fn document<'a>(evaluation: &'a Evaluation, metrics: &'a Metrics) -> Document<'a> {
    let gates = evaluation
        .outcomes
        .iter()
        .map(|outcome| {
            let figure = |value: f64| Figure::new(super::unit(&outcome.gate), value);
            GateJson {
                name: outcome.gate.name(),
                metric: outcome.gate.metric.to_string(),
                actual: outcome.actual.as_ref().ok().copied().map(figure),
                baseline: outcome.baseline.map(figure),
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
    Document {
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
            .chain(
                change_rules(metrics).map(|rule| (rule.metric.as_str(), Figure::new(rule.unit, rule.value))),
            )
            .collect(),
        gates,
        failed_tests: failed_tests(metrics),
        slowest_tests: listing::slowest_tests(metrics)
            .into_iter()
            .map(|case| SlowTestJson {
                test: TestJson::of(case),
                status: listing::outcome_word(&case.status),
                time_s: case.time_s.unwrap_or(0.0),
            })
            .collect(),
        intermittent_tests: &evaluation.intermittent,
        quarantined_tests: listing::quarantined_tests(evaluation, metrics)
            .map(|(case, quarantine)| QuarantinedJson {
                name: case.full_name(),
                quarantine: &quarantine.test,
                reason: &quarantine.reason,
            })
            .collect(),
        findings: listing::findings(evaluation, metrics)
            .map(|(finding, disposition, new)| FindingJson {
                finding,
                new,
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
        outdated_packages: listing::outdated(metrics)
            .map(|package| OutdatedJson { package, major: package.major_behind() })
            .collect(),
        missing_license_headers: listing::missing_headers(metrics).collect(),
        changes: change_rules(metrics)
            .map(|rule| ChangeJson {
                metric: &rule.metric,
                value: Figure::new(rule.unit, rule.value),
                changed: &rule.changed,
                required: &rule.required,
            })
            .collect(),
        baseline: evaluation.baseline_origin.as_ref(),
        benchmarks: evaluation.bench.as_ref(),
        sources: &metrics.sources,
    }
}

fn change_rules(metrics: &Metrics) -> impl Iterator<Item = &ChangeRuleValue> {
    metrics.changes.iter().flatten()
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
                test: TestJson::of(case),
                line: case.line,
                status,
                message: problem.and_then(|problem| problem.message.as_deref()),
            }
        })
        .collect()
}

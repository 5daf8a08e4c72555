//! The `--format json` document. Its shape is a contract other tools rely on:
//! `{"version": 1, "verdict": …, "metrics": {name: number}, "gates": [...], …}`.
//! Fields are only added, never renamed; empty ones are left out.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::{Metrics, Source, TestStatus};
use crate::policy::{Evaluation, Severity, Status, Verdict};

/// Version of the JSON document's shape.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    verdict: Verdict,
    metrics: BTreeMap<&'static str, f64>,
    gates: Vec<GateJson>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    failed_tests: Vec<FailedTestJson<'a>>,
    sources: &'a [Source],
}

#[derive(Serialize)]
struct GateJson {
    name: String,
    metric: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    actual: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    min: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max: Option<f64>,
    bound: String,
    severity: Severity,
    required: bool,
    status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
}

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

/// Renders the evaluation and every metric as one pretty-printed JSON document.
pub fn render(evaluation: &Evaluation, metrics: &Metrics) -> String {
    let gates = evaluation
        .outcomes
        .iter()
        .map(|outcome| GateJson {
            name: outcome.gate.name(),
            metric: outcome.gate.metric.to_string(),
            actual: outcome.actual.as_ref().ok().copied(),
            min: outcome.gate.min,
            max: outcome.gate.max,
            bound: super::bound_text(&outcome.gate),
            severity: outcome.gate.severity,
            required: outcome.gate.required,
            status: outcome.status,
            reason: outcome.reason(),
        })
        .collect();
    let failed_tests = metrics
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
        .collect();
    let document = Document {
        version: VERSION,
        verdict: evaluation.verdict,
        metrics: evaluation.metrics.iter().map(|(metric, value)| (metric.name(), *value)).collect(),
        gates,
        failed_tests,
        sources: &metrics.sources,
    };
    serde_json::to_string_pretty(&document).unwrap_or_default()
}

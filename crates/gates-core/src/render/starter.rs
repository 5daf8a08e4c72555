//! The starter policy `gates init` writes: the built-in gates whose metrics the found reports
//! measure, each with a comment saying how the reports fare against it today.

use std::fmt::Write;

use serde::Serialize;

use super::{actual_text, bound_text};
use crate::model::Metrics;
use crate::model::{Family, InputNames, Metric};
use crate::policy::{
    BUILTIN_TOML, EvaluateOptions, Gate, GateFile, Policy, PolicyError, PolicyFile, Status, evaluate,
};

/// A commented policy with the built-in gates that `metrics` can feed (benchmark gates when a
/// pytest-benchmark report is there, though they also need `--bench-baseline`). The report
/// paths in `metrics.sources` are listed in the header; a gate without a value says which input it
/// needs, named as `inputs` names it.
pub fn starter_toml(
    metrics: &Metrics,
    inputs: &'static InputNames,
    options: StarterOptions,
) -> Result<String, PolicyError> {
    let file: PolicyFile = toml::from_str(BUILTIN_TOML).map_err(|error| PolicyError {
        line_column: None,
        message: format!("the built-in policy does not parse: {}", error.message()),
    })?;
    let builtin = Policy::builtin()?;
    let (files, gates): (Vec<GateFile>, Vec<Gate>) = file
        .gates
        .into_iter()
        .zip(builtin.gates.iter().cloned())
        .filter(|(_, gate)| {
            gate.metric
                .terms
                .iter()
                .all(|term| term.builtin().is_some_and(|metric| measured(metrics, metric)))
        })
        .unzip();
    let policy = Policy { gates, ..builtin };
    let evaluation = evaluate(&policy, metrics, &EvaluateOptions::default().naming_inputs(inputs));

    let mut text = format!("#:schema {SCHEMA_URL}\n");
    text.push_str(HEADER);
    text.push_str("#\n# Reports found:\n");
    for source in &metrics.sources {
        let producer = source.producer.as_deref().map(|producer| format!(", {producer}")).unwrap_or_default();
        let _ = writeln!(text, "#   {} ({}{producer})", comment_safe(&source.path), source.format);
    }
    if files.is_empty() {
        text.push_str(
            "#\n# None of the built-in gates applies to these reports: add your own [[gate]] tables.\n",
        );
    }
    for (file, outcome) in files.iter().zip(&evaluation.outcomes) {
        text.push('\n');
        let _ = match (&outcome.actual, outcome.status) {
            (Ok(_), status) => writeln!(
                text,
                "# Now: {} (bound {}: {})",
                actual_text(outcome),
                bound_text(&outcome.gate),
                status_word(status)
            ),
            (Err(why), _) => writeln!(text, "# Now: no value ({})", why.describe(inputs)),
        };
        let one = OneGate { gate: [file] };
        let toml = toml::to_string(&one).map_err(|error| PolicyError {
            line_column: None,
            message: format!("cannot write a starter gate: {error}"),
        })?;
        text.push_str(&brief(&toml));
    }
    if options.patch_gate && metrics.coverage.is_some() {
        let _ = write!(text, "\n# Needs {}.\n{PATCH_GATE}", inputs.diff);
    }
    Ok(text)
}

/// What [`starter_toml`] adds to the built-in gates the reports feed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct StarterOptions {
    /// Each change can be diffed (the project is in git): a gate on the coverage of changed lines.
    pub patch_gate: bool,
}

impl StarterOptions {
    /// The same options with the changed-lines coverage gate.
    pub fn with_patch_gate(self) -> Self {
        Self { patch_gate: true, ..self }
    }
}

/// The gate on changed lines, written when each change can be diffed.
const PATCH_GATE: &str = "\
[[gate]]
title = \"Changed lines covered\"
metric = \"coverage.patch\"
min = 80
";

const HEADER: &str = "\
# gates policy, written by `gates init`: the built-in gates for the reports found below.
#
# Each [[gate]] names a metric (see `gates metrics`), a bound (`min` and/or `max`, both inclusive)
# and a severity: `fail` makes `gates check` exit 1, `warn` only reports. A gate whose report is
# not given is skipped, never passed; `required = true` makes a missing report a failure.
# `gates check` reads this file from the working directory when --policy is not given.
";

/// The JSON Schema of policy files, for editors (taplo, Even Better TOML) to check the file with.
const SCHEMA_URL: &str =
    "https://raw.githubusercontent.com/gates-dev/gates/main/policies/gates-policy.schema.json";

/// `[[gate]]` with one table, as the policy file writes it.
#[derive(Serialize)]
struct OneGate<'a> {
    gate: [&'a GateFile; 1],
}

/// A gate's TOML as a person would write it: keys at their default left out
/// (`severity = "fail"`, `required = false`), whole bounds as integers (`min = 80`).
fn brief(toml: &str) -> String {
    let mut kept = String::new();
    for line in toml.lines() {
        if line == "severity = \"fail\"" || line == "required = false" {
            continue;
        }
        let whole = line
            .split_once(" = ")
            .and_then(|(key, value)| Some((key, value.strip_suffix(".0")?)))
            .filter(|(_, digits)| {
                !digits.is_empty() && digits.trim_start_matches('-').bytes().all(|byte| byte.is_ascii_digit())
            });
        match whole {
            Some((key, digits)) => {
                let _ = writeln!(kept, "{key} = {digits}");
            }
            None => {
                let _ = writeln!(kept, "{line}");
            }
        }
    }
    kept
}

/// Whether the reports feed `metric`; benchmark, patch and baseline metrics also need an option
/// of `gates check`, which the gate's comment names.
fn measured(metrics: &Metrics, metric: Metric) -> bool {
    match metric.family() {
        Family::Bench => metrics.benchmarks.is_some(),
        Family::Patch => metrics.coverage.is_some(),
        Family::Baseline => metrics.findings.is_some(),
        _ => metrics.value(metric).is_ok(),
    }
}

fn status_word(status: Status) -> &'static str {
    match status {
        Status::Pass => "passes",
        Status::Warn => "warns",
        Status::Fail => "fails",
        Status::Skipped => "skipped",
    }
}

/// A report path inside a `#` comment: a newline in a file name must not end the comment.
fn comment_safe(path: &str) -> String {
    path.chars().map(|c| if c.is_control() { '?' } else { c }).collect()
}

//! Policies: which metrics must stay within which bounds, and what a breach means.
//!
//! A policy is TOML: a list of `[[gate]]` tables, each naming a metric, a `min` and/or `max`
//! (inclusive) and a `severity`. [`Policy::from_toml_str`] validates it; [`evaluate`] applies it.

mod evaluate;
mod schema;

use std::fmt;
use std::ops::Range;

use serde::{Deserialize, Serialize};

pub use evaluate::{EvaluateOptions, Evaluation, Outcome, Status, Verdict, evaluate};

use crate::metric::Metric;
use schema::{GateFile, PolicyFile};

/// The built-in policy's TOML text.
pub const BUILTIN_TOML: &str = include_str!("default.toml");

/// What a breached gate means.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The check fails (exit code 1).
    #[default]
    Fail,
    /// Reported, but the check passes (unless run in strict mode).
    Warn,
}

/// A validated policy.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Policy {
    /// The gates, in the order written.
    pub gates: Vec<Gate>,
}

/// One rule: a metric expression, its bounds and the severity of a breach.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Gate {
    /// The human title, if the policy gave one.
    pub title: Option<String>,
    /// The metric, or the sum of several.
    pub metric: MetricExpr,
    /// The lowest passing value (inclusive).
    pub min: Option<f64>,
    /// The highest passing value (inclusive).
    pub max: Option<f64>,
    /// What a breach means.
    pub severity: Severity,
    /// Whether a missing input fails the gate (otherwise it is skipped).
    pub required: bool,
}

/// One metric, or the sum of several (`tests.failed + tests.errors`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct MetricExpr {
    /// The metrics added together; never empty.
    pub terms: Vec<Metric>,
}

impl fmt::Display for MetricExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (at, term) in self.terms.iter().enumerate() {
            if at > 0 {
                f.write_str(" + ")?;
            }
            f.write_str(term.name())?;
        }
        Ok(())
    }
}

impl Gate {
    /// The title, or the rule itself (`coverage.lines >= 80`).
    pub fn name(&self) -> String {
        match &self.title {
            Some(title) => title.clone(),
            None => format!("{} {}", self.metric, crate::render::bound_text(self)),
        }
    }
}

/// A policy could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{message}", location(*.line_column))]
#[non_exhaustive]
pub struct PolicyError {
    /// 1-based line and column, where known.
    pub line_column: Option<(usize, usize)>,
    /// What is wrong and what would be right.
    pub message: String,
}

fn location(line_column: Option<(usize, usize)>) -> String {
    line_column.map(|(line, column)| format!("line {line}, column {column}: ")).unwrap_or_default()
}

impl Policy {
    /// The built-in policy (`policies/default.toml`).
    pub fn builtin() -> Result<Policy, PolicyError> {
        Policy::from_toml_str(BUILTIN_TOML)
    }

    /// Reads and validates a policy.
    pub fn from_toml_str(text: &str) -> Result<Policy, PolicyError> {
        let file: PolicyFile = toml::from_str(text).map_err(|error| PolicyError {
            line_column: error.span().map(|span| line_column(text, span.start)),
            message: error.message().trim_end().to_owned(),
        })?;
        let gates = file.gates.into_iter().map(|gate| validate_gate(gate, text)).collect::<Result<_, _>>()?;
        Ok(Policy { gates })
    }

    /// The policy as TOML, with every default written out.
    pub fn to_toml_string(&self) -> String {
        let file = PolicyFile {
            gates: self
                .gates
                .iter()
                .map(|gate| GateFile {
                    title: gate.title.clone(),
                    metric: toml::Spanned::new(0..0, gate.metric.to_string()),
                    min: gate.min.map(|min| toml::Spanned::new(0..0, min)),
                    max: gate.max.map(|max| toml::Spanned::new(0..0, max)),
                    severity: gate.severity,
                    required: gate.required,
                })
                .collect(),
        };
        toml::to_string(&file).unwrap_or_default()
    }
}

fn validate_gate(gate: GateFile, text: &str) -> Result<Gate, PolicyError> {
    let error_at = |span: Range<usize>, message: String| PolicyError {
        line_column: Some(line_column(text, span.start)),
        message,
    };
    let metric =
        parse_metric_expr(gate.metric.get_ref()).map_err(|message| error_at(gate.metric.span(), message))?;
    let (min, max) =
        (gate.min.as_ref().map(|min| *min.get_ref()), gate.max.as_ref().map(|max| *max.get_ref()));
    for bound in [&gate.min, &gate.max].into_iter().flatten() {
        if !bound.get_ref().is_finite() {
            return Err(error_at(bound.span(), "a bound must be a finite number".to_owned()));
        }
    }
    match (min, max) {
        (None, None) => {
            return Err(error_at(
                gate.metric.span(),
                format!("the gate on `{metric}` has no bound: add `min = …` or `max = …`"),
            ));
        }
        (Some(low), Some(high)) if low > high => {
            let span = gate.min.as_ref().map(toml::Spanned::span).unwrap_or_default();
            return Err(error_at(
                span,
                format!("`min` ({low}) is above `max` ({high}): no value could pass"),
            ));
        }
        _ => {}
    }
    Ok(Gate { title: gate.title, metric, min, max, severity: gate.severity, required: gate.required })
}

/// `"tests.failed + tests.errors"` → the two metrics, or a message naming the unknown name.
fn parse_metric_expr(text: &str) -> Result<MetricExpr, String> {
    let terms = text
        .split('+')
        .map(|term| {
            let name = term.trim();
            Metric::from_name(name).ok_or_else(|| unknown_metric(name))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(MetricExpr { terms })
}

fn unknown_metric(name: &str) -> String {
    if name.is_empty() {
        return "empty metric name: expected a name such as `coverage.lines` (see `gates metrics`)"
            .to_owned();
    }
    let closest = Metric::ALL
        .iter()
        .map(|metric| (strsim::levenshtein(name, metric.name()), metric.name()))
        .min()
        .filter(|(distance, _)| *distance <= 3);
    match closest {
        Some((_, suggestion)) => {
            format!("unknown metric `{name}`; did you mean `{suggestion}`? (see `gates metrics`)")
        }
        None => format!("unknown metric `{name}` (see `gates metrics` for the list)"),
    }
}

/// 1-based line and character column of byte `offset` in `text`.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests;

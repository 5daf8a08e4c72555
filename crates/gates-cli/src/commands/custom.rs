//! Custom metrics: the values given with `--metric` and read from the policy's JSON files.

use std::io;

use gates_core::cli_support::value_at;
use gates_core::{CustomMetric, Metric, Policy, Unavailable, closest_name};

use crate::error::CliError;

/// A custom metric's value, or why it has none.
type Value = Result<f64, Unavailable>;

/// The value of every metric `policy` declares, or why it has none. A `--metric` the policy does
/// not declare is an error; a declared file that does not exist leaves the metric without a value.
pub(crate) fn values(policy: &Policy, given: &[(String, f64)]) -> Result<Vec<(String, Value)>, CliError> {
    for (name, _) in given {
        if !policy.custom_metrics.iter().any(|metric| &metric.name == name) {
            return Err(CliError::UndeclaredMetric { name: name.clone(), why: undeclared(name, policy) });
        }
    }
    let mut values = Vec::with_capacity(policy.custom_metrics.len());
    for metric in &policy.custom_metrics {
        let value = match given.iter().rev().find(|(name, _)| name == &metric.name) {
            Some((_, value)) => Ok(*value),
            None => read(metric)?,
        };
        values.push((metric.name.clone(), value));
    }
    Ok(values)
}

fn undeclared(name: &str, policy: &Policy) -> String {
    if Metric::from_name(name).is_some() {
        return "a built-in metric comes from reports, not from --metric".to_owned();
    }
    match closest_name(name, policy.custom_metrics.iter().map(|metric| metric.name.as_str())) {
        Some(known) => format!("the policy declares no such metric; did you mean `{known}`?"),
        None => format!(
            "the policy declares no such metric: add a `[metrics.\"{name}\"]` table with `description` and `unit`"
        ),
    }
}

/// The value in the metric's file, or why there is none.
fn read(metric: &CustomMetric) -> Result<Value, CliError> {
    let Some(source) = &metric.source else {
        return Ok(Err(Unavailable::Missing(format!("not given: pass --metric {}=VALUE", metric.name))));
    };
    let text = match std::fs::read_to_string(&source.file) {
        Ok(text) => text,
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            return Ok(Err(Unavailable::Missing(format!("{} does not exist", source.file))));
        }
        Err(source_error) => {
            return Err(CliError::ReadMetricFile {
                name: metric.name.clone(),
                file: source.file.clone(),
                source: source_error,
            });
        }
    };
    value_at(&text, &source.pointer).map(Ok).map_err(|error| CliError::MetricFile {
        name: metric.name.clone(),
        file: source.file.clone(),
        source: error,
    })
}

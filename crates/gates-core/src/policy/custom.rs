//! Custom metrics: figures a policy declares (`[metrics."NAME"]`) and anything can produce, given
//! on the command line or read from a JSON file with an RFC 6901 JSON Pointer.

use crate::model::Unit;

/// A metric declared by a policy.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct CustomMetric {
    /// The dotted name gates use, e.g. `eval.adversarial_pass_rate`.
    pub name: String,
    /// What it measures.
    pub description: String,
    /// The unit of its value.
    pub unit: Unit,
    /// Where its value is read from; without one it is given as `--metric NAME=VALUE`.
    pub source: Option<JsonSource>,
}

/// A number inside a JSON file.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct JsonSource {
    /// The file, relative to the working directory.
    pub file: String,
    /// An RFC 6901 JSON Pointer (`/summary/pass_rate`); empty for the whole document.
    pub pointer: String,
}

impl CustomMetric {
    /// A metric fed by `--metric`.
    pub fn new(name: impl Into<String>, description: impl Into<String>, unit: Unit) -> Self {
        Self { name: name.into(), description: description.into(), unit, source: None }
    }

    /// The same metric, read from `pointer` in the JSON file `file`.
    pub fn from_json(self, file: impl Into<String>, pointer: impl Into<String>) -> Self {
        Self { source: Some(JsonSource { file: file.into(), pointer: pointer.into() }), ..self }
    }
}

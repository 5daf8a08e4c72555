//! The policy file as written: serde structs mirroring the TOML, validated into [`super::Policy`].
//!
//! Unknown keys are errors, so a misspelt key can never silently drop a gate.

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::Severity;

/// A policy file.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct PolicyFile {
    /// The gates, evaluated in order.
    #[serde(default, rename = "gate", skip_serializing_if = "Vec::is_empty")]
    pub(crate) gates: Vec<GateFile>,
}

/// One `[[gate]]` table.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct GateFile {
    /// A human title shown instead of the rule itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) title: Option<String>,
    /// A metric name, or several joined by `+` (their values are added).
    pub(crate) metric: Spanned<String>,
    /// The lowest passing value (inclusive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) min: Option<Spanned<f64>>,
    /// The highest passing value (inclusive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) max: Option<Spanned<f64>>,
    /// `fail` (the default) or `warn`.
    #[serde(default)]
    pub(crate) severity: Severity,
    /// When true, a missing input fails the gate instead of skipping it.
    #[serde(default)]
    pub(crate) required: bool,
}

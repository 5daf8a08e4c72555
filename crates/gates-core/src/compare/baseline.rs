//! Baselines: a versioned JSON snapshot of every metric, and of the findings and vulnerabilities
//! that delta gates compare against (`gates baseline save`, `gates check --baseline`).
//!
//! Findings are matched by tool, rule, file and message, not by line, so code that moves does
//! not make an old finding look new; repeats of the same finding in one file are counted.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::{AuditStatus, Category, Finding, Metric, Metrics};

/// The version of the snapshot's shape; a newer one is refused rather than misread.
pub const VERSION: u32 = 1;

/// A snapshot of one run, plain JSON that a CI cache or artifact can carry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Baseline {
    /// The version of the snapshot's shape: 1.
    pub version: u32,
    /// The gates version that wrote it.
    #[serde(default)]
    pub written_by: String,
    /// Every metric that had a value, by name.
    pub metrics: BTreeMap<String, f64>,
    /// Every finding, without its line.
    #[serde(default)]
    pub findings: Vec<FindingKey>,
    /// Every known vulnerability: package and advisory id.
    #[serde(default)]
    pub vulnerabilities: Vec<(String, String)>,
}

/// What identifies a finding across runs.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FindingKey {
    /// The tool.
    pub tool: String,
    /// The rule.
    pub rule: String,
    /// The file, when the finding has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The message.
    pub message: String,
}

impl FindingKey {
    /// The key of a finding.
    pub fn of(finding: &Finding) -> Self {
        Self {
            tool: finding.tool.clone(),
            rule: finding.rule.clone(),
            path: finding.location.as_ref().map(|location| location.path.replace('\\', "/")),
            message: finding.message.clone(),
        }
    }
}

/// A baseline file could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BaselineError {
    /// Not JSON of the baseline's shape.
    #[error("not a gates baseline: {0}")]
    Invalid(String),
    /// Written by a newer gates.
    #[error(
        "baseline version {found} is newer than this gates understands ({VERSION}); save it again with this version"
    )]
    TooNew {
        /// The version in the file.
        found: u32,
    },
}

impl Baseline {
    /// The snapshot of `metrics` with its built-in metric `values` (every finding and
    /// vulnerability counted, as reported).
    pub fn of(metrics: &Metrics, values: &[(Metric, f64)]) -> Baseline {
        let findings =
            metrics.findings.iter().flat_map(|findings| &findings.items).map(FindingKey::of).collect();
        let vulnerabilities = metrics
            .dependencies
            .iter()
            .flat_map(|audit| &audit.packages)
            .flat_map(|package| match &package.status {
                AuditStatus::Audited { vulnerabilities } => vulnerabilities
                    .iter()
                    .map(|vulnerability| (package.name.clone(), vulnerability.id.clone()))
                    .collect(),
                AuditStatus::Skipped { .. } => Vec::new(),
            })
            .collect();
        Baseline {
            version: VERSION,
            written_by: format!("gates {}", env!("CARGO_PKG_VERSION")),
            metrics: values
                .iter()
                .map(|(metric, value)| (metric.name().to_owned(), *value))
                .chain(
                    metrics
                        .custom
                        .iter()
                        .filter_map(|(name, value)| Some((name.clone(), value.clone().ok()?))),
                )
                .collect(),
            findings,
            vulnerabilities,
        }
    }

    /// The snapshot as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Reads a snapshot written by this or an older gates.
    pub fn from_json(text: &str) -> Result<Baseline, BaselineError> {
        #[derive(Deserialize)]
        struct Versioned {
            version: u32,
        }
        let versioned: Versioned =
            serde_json::from_str(text).map_err(|error| BaselineError::Invalid(error.to_string()))?;
        if versioned.version > VERSION {
            return Err(BaselineError::TooNew { found: versioned.version });
        }
        serde_json::from_str(text).map_err(|error| BaselineError::Invalid(error.to_string()))
    }

    /// For each finding of `metrics`, in order, whether the baseline lacks it: a finding the
    /// baseline holds N times is known for its first N matches.
    pub fn new_findings(&self, metrics: &Metrics) -> Vec<bool> {
        let mut known: BTreeMap<&FindingKey, usize> = BTreeMap::new();
        for key in &self.findings {
            *known.entry(key).or_default() += 1;
        }
        metrics
            .findings
            .iter()
            .flat_map(|findings| &findings.items)
            .map(|finding| match known.get_mut(&FindingKey::of(finding)) {
                Some(left) if *left > 0 => {
                    *left -= 1;
                    false
                }
                _ => true,
            })
            .collect()
    }

    /// How many counted findings of `category` in `metrics` (`counts` is told each finding's
    /// index) are new and how many were already in the baseline, as [`Baseline::new_findings`]
    /// marks them: the baseline holds every finding, waived ones too, so they are matched alike.
    pub fn split_findings(
        &self,
        metrics: &Metrics,
        counts: impl Fn(usize) -> bool,
        category: Category,
    ) -> (u64, u64) {
        let new = self.new_findings(metrics);
        let (mut new_count, mut old_count) = (0, 0);
        for (at, finding) in metrics.findings.iter().flat_map(|findings| &findings.items).enumerate() {
            if !counts(at) || finding.category != category {
                continue;
            }
            if new.get(at).copied().unwrap_or(true) {
                new_count += 1;
            } else {
                old_count += 1;
            }
        }
        (new_count, old_count)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::{Findings, SourceLocation};

    /// Security findings of bandit, each (rule, path, line).
    pub(crate) fn metrics_with(findings: &[(&str, &str, u32)]) -> Metrics {
        let mut all = Findings::covering(&[Category::Security]);
        for (rule, path, line) in findings {
            let mut finding = Finding::new(Category::Security, "bandit", *rule, format!("issue {rule}"));
            finding.location = Some(SourceLocation::new(*path, Some(*line)));
            all.items.push(finding);
        }
        let mut metrics = Metrics::new();
        metrics.findings = Some(all);
        metrics
    }

    #[test]
    fn round_trips_through_json() {
        let baseline = Baseline::of(&metrics_with(&[("B602", "a.py", 3)]), &[(Metric::SecurityHigh, 1.0)]);
        assert_eq!(Baseline::from_json(&baseline.to_json()).unwrap(), baseline);
    }

    #[test]
    fn newer_versions_are_refused() {
        let error = Baseline::from_json(r#"{"version": 2, "metrics": {}}"#).unwrap_err();
        assert!(matches!(error, BaselineError::TooNew { found: 2 }), "{error}");
        assert!(Baseline::from_json("[]").is_err());
    }
}

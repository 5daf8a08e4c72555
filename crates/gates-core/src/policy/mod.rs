//! Policies: which metrics must stay within which bounds, and what a breach means.
//!
//! A policy is TOML: a list of `[[gate]]` tables, each naming a metric, a `min` and/or `max`
//! (inclusive) and a `severity`. [`Policy::from_toml_str`] validates it; [`evaluate`] applies it.

mod change;
mod custom;
mod description;
mod evaluate;
mod license_header;
mod licenses;
mod load;
mod quarantine;
mod schema;
mod title;
mod triage;
mod values;

use std::fmt;

use serde::{Deserialize, Serialize};

pub use change::{ChangeRule, ChangeRuleKind};
pub use custom::{CustomMetric, JsonSource};
pub use description::DescriptionRules;
pub use evaluate::{Detail, EvaluateOptions, Evaluation, Outcome, Status, Verdict, evaluate};
pub use license_header::{HeaderText, LicenseHeaderRule};
pub use licenses::{LicenseRules, LicenseVerdict, licensee};
pub use quarantine::Quarantine;
pub use schema::json_schema;
pub(crate) use schema::{GateFile, PolicyFile};
pub use title::{DEFAULT_TYPES, Header, TitleRules};
pub use triage::{Disposition, Triage, Waiver};

use crate::compare::{CompareOptions, PathMap};
use crate::model::{Level, Term, slash_path};

/// The built-in policy's TOML text.
pub const BUILTIN_TOML: &str = include_str!("default.toml");

/// What a breached gate means.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
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
    /// Security findings with a lower confidence are not counted.
    pub min_confidence: Option<Level>,
    /// Accepted findings and vulnerabilities.
    pub waivers: Vec<Waiver>,
    /// How coverage report paths become repository paths.
    pub path_map: PathMap,
    /// The name of the pull-request comment's hidden marker, when the policy sets one.
    pub comment_marker: Option<String>,
    /// How benchmarks are compared with a benchmark baseline.
    pub bench: CompareOptions,
    /// The custom metrics the policy declares, by name.
    pub custom_metrics: Vec<CustomMetric>,
    /// What a pull-request title must look like.
    pub pr_title: TitleRules,
    /// How a pull request's description is judged.
    pub pr_description: DescriptionRules,
    /// Size labels with the fewest changed lines that earn each, smallest bound first.
    pub size_labels: Vec<(String, u64)>,
    /// Files left out of a pull request's size when it is measured from a diff.
    pub pr_ignore: Globs,
    /// Which dependency licences are acceptable.
    pub licenses: LicenseRules,
    /// The `[[change]]` rules over the files a change touches, in policy order.
    pub change_rules: Vec<ChangeRule>,
    /// The title of the issue `--track-issue` opens, when the policy names one.
    pub track_issue_title: Option<String>,
    /// The licence header changed files must carry, when the policy has a `[license-header]` table.
    pub license_header: Option<LicenseHeaderRule>,
    /// How many of the latest runs with test reports `tests.intermittent` looks at.
    pub history_window: usize,
    /// Tests whose failures are not counted, each with its reason.
    pub quarantines: Vec<Quarantine>,
}

/// The runs `tests.intermittent` looks at when the policy does not say.
pub const DEFAULT_HISTORY_WINDOW: usize = 20;

/// A calendar day, for waiver expiry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// The year.
    pub year: u16,
    /// 1–12.
    pub month: u8,
    /// 1–31.
    pub day: u8,
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
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
    /// Which files a coverage gate looks at, and whether each on its own.
    pub scope: Option<Scope>,
    /// A change gate bounds the change since the baseline, not the value.
    pub change: Option<ChangeBound>,
}

/// How far a metric may move from its baseline value (both inclusive).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
#[non_exhaustive]
pub struct ChangeBound {
    /// The most it may fall.
    pub max_decrease: Option<f64>,
    /// The most it may rise.
    pub max_increase: Option<f64>,
    /// Whether the bounds, and the gate's value, are percents of the baseline's value
    /// (`max-increase-percent`) rather than amounts in the metric's unit.
    pub in_percent: bool,
}

impl Policy {
    /// The size label a change of `lines` changed lines earns: the one with the largest bound it
    /// reaches; none when it is below every bound.
    pub fn size_label(&self, lines: u64) -> Option<&str> {
        self.size_labels.iter().rev().find(|(_, bound)| lines >= *bound).map(|(label, _)| label.as_str())
    }
}

/// The one glob rule of every path pattern in a policy (gate `paths`, waiver `path`, `[pr] ignore`):
/// `*`, `?` and `[…]` never cross `/`, `**` does (`src/**` is everything under `src/`); a pattern
/// without a `/` matches the base name at any depth, as in `.gitignore` (`*.py` matches `a/b.py`).
/// Paths are matched with `\` read as `/` and a leading `./` dropped. Compared by their text.
#[derive(Debug, Clone, Default)]
pub struct Globs {
    patterns: Vec<String>,
    matcher: globset::GlobSet,
}

impl Globs {
    /// Compiles `patterns`.
    pub fn new(patterns: Vec<String>) -> Result<Globs, globset::Error> {
        let mut builder = globset::GlobSetBuilder::new();
        for pattern in &patterns {
            builder.add(globset::GlobBuilder::new(pattern).literal_separator(true).build()?);
            if !pattern.contains('/') {
                let at_any_depth = format!("**/{pattern}");
                builder.add(globset::GlobBuilder::new(&at_any_depth).literal_separator(true).build()?);
            }
        }
        Ok(Globs { matcher: builder.build()?, patterns })
    }

    /// The globs as written.
    pub fn patterns(&self) -> &[String] {
        &self.patterns
    }

    /// Whether `path` matches any of them.
    pub fn is_match(&self, path: &str) -> bool {
        self.matcher.is_match(slash_path(path))
    }
}

impl PartialEq for Globs {
    fn eq(&self, other: &Self) -> bool {
        self.patterns == other.patterns
    }
}

/// The files a coverage gate is about.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Scope {
    /// The files' globs; none means every file.
    pub paths: Globs,
    /// The bound applies to each file on its own.
    pub each_file: bool,
}

impl Scope {
    /// Whether any of `candidates` (the ways a report names one file) matches the globs.
    pub fn matches<S: AsRef<str>>(&self, candidates: &[S]) -> bool {
        let globs = &self.paths;
        globs.patterns.is_empty() || candidates.iter().any(|candidate| globs.is_match(candidate.as_ref()))
    }
}

/// One metric, or the sum of several (`tests.failed + tests.errors`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct MetricExpr {
    /// The metrics added together; never empty.
    pub terms: Vec<Term>,
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

/// The name of `known` nearest to a mistyped `name` (at most three edits away), for a "did you
/// mean" hint.
pub fn closest_name<'a>(name: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    known
        .into_iter()
        .map(|known| (strsim::levenshtein(name, known), known))
        .min()
        .filter(|(distance, _)| *distance <= 3)
        .map(|(_, known)| known)
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

#[cfg(test)]
mod tests;

//! The policy file as written: serde structs mirroring the TOML, validated into [`super::Policy`].
//!
//! Unknown keys are errors, so a misspelt key can never silently drop a gate.
//! The same structs give the JSON Schema editors use (`gates policy schema`); `Spanned` fields
//! and `Option` fields are described as their inner type (TOML has no null: an optional key is
//! one left out).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::{ChangeRule, ChangeRuleKind, HeaderText, LicenseHeaderRule, Policy, Severity, TitleRules};
use crate::model::Level;

/// A policy file.
#[derive(Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(title = "gates policy")]
pub(crate) struct PolicyFile {
    /// The gates, evaluated in order.
    #[serde(default, rename = "gate", skip_serializing_if = "Vec::is_empty")]
    pub(crate) gates: Vec<GateFile>,
    /// How security findings are counted.
    #[serde(default, skip_serializing_if = "SecurityFile::is_default")]
    pub(crate) security: SecurityFile,
    /// Accepted findings and vulnerabilities.
    #[serde(default, rename = "waiver", skip_serializing_if = "Vec::is_empty")]
    pub(crate) waivers: Vec<WaiverFile>,
    /// How coverage report paths map to repository paths.
    #[serde(default, skip_serializing_if = "CoverageFile::is_default")]
    pub(crate) coverage: CoverageFile,
    /// The pull-request comment.
    #[serde(default, skip_serializing_if = "CommentFile::is_default")]
    pub(crate) comment: CommentFile,
    /// How benchmarks are compared with `--bench-baseline`.
    #[serde(default)]
    pub(crate) bench: BenchFile,
    /// Pull-request title rules and size exclusions.
    #[serde(default, skip_serializing_if = "PrFile::is_default")]
    pub(crate) pr: PrFile,
    /// Custom metrics by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(with = "BTreeMap<String, CustomMetricFile>")]
    pub(crate) metrics: BTreeMap<String, Spanned<CustomMetricFile>>,
    /// Which dependency licences are acceptable.
    #[serde(default, skip_serializing_if = "LicensesFile::is_default")]
    pub(crate) licenses: LicensesFile,
    /// The issue `gates check --track-issue` keeps open while a scheduled run fails.
    #[serde(default, skip_serializing_if = "TrackIssueFile::is_default")]
    pub(crate) track_issue: TrackIssueFile,
    /// The licence header files a change adds or modifies must carry (`licenses.missing_header`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) license_header: Option<LicenseHeaderFile>,
    /// Rules over the files a change touches, each a metric `change.NAME`.
    #[serde(default, rename = "change", skip_serializing_if = "Vec::is_empty")]
    pub(crate) changes: Vec<ChangeFile>,
    /// Tests whose failures are not counted, each for a reason.
    #[serde(default, rename = "quarantine", skip_serializing_if = "Vec::is_empty")]
    pub(crate) quarantines: Vec<QuarantineFile>,
    /// How the history of runs (`--history`) is read.
    #[serde(default, skip_serializing_if = "HistoryFile::is_default")]
    pub(crate) history: HistoryFile,
}

/// One `[[quarantine]]` table.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct QuarantineFile {
    /// A glob of test ids, matched against `classname.name` and, where the report gives a file,
    /// `file::name` (`tests/test_x.py::test_y`, `tests.test_x.*`).
    #[schemars(with = "String")]
    pub(crate) test: Spanned<String>,
    /// Why the test may fail (required).
    #[schemars(with = "String")]
    pub(crate) reason: Spanned<String>,
    /// The last day the quarantine applies (a TOML date, `2027-01-31`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String", extend("format" = "date"))]
    pub(crate) expires: Option<Spanned<toml::value::Datetime>>,
}

/// The `[history]` table.
#[derive(Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct HistoryFile {
    /// How many of the latest runs with test reports `tests.intermittent` looks at, this run
    /// included (default 20).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<usize>", range(min = 1))]
    pub(crate) window: Option<Spanned<usize>>,
}

impl HistoryFile {
    fn is_default(&self) -> bool {
        self.window.is_none()
    }
}

/// The `[license-header]` table: `spdx` or `pattern`.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct LicenseHeaderFile {
    /// gitignore-style globs of the files that must carry the header (`["src/**/*.py"]`).
    #[schemars(with = "Vec<String>")]
    pub(crate) paths: Spanned<Vec<String>>,
    /// The header must be within this many lines from the top (default 5).
    #[serde(default = "LicenseHeaderFile::five")]
    pub(crate) lines: usize,
    /// An SPDX licence id: a line `SPDX-License-Identifier: ID` must be there (`Apache-2.0`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub(crate) spdx: Option<Spanned<String>>,
    /// Instead of `spdx`: a regular expression one of the lines must match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub(crate) pattern: Option<Spanned<String>>,
}

impl LicenseHeaderFile {
    fn five() -> usize {
        5
    }

    fn from_rule(rule: &LicenseHeaderRule) -> Self {
        let (spdx, pattern) = match &rule.header {
            HeaderText::Spdx(id) => (Some(Spanned::new(0..0, id.clone())), None),
            HeaderText::Pattern(regex) => (None, Some(Spanned::new(0..0, regex.as_str().to_owned()))),
        };
        LicenseHeaderFile {
            paths: Spanned::new(0..0, rule.paths.patterns().to_vec()),
            lines: rule.lines,
            spdx,
            pattern,
        }
    }
}

/// The `[track-issue]` table.
#[derive(Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct TrackIssueFile {
    /// The issue's title (default "[gates] scheduled run failing").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub(crate) title: Option<String>,
}

impl TrackIssueFile {
    fn is_default(&self) -> bool {
        self.title.is_none()
    }
}

/// One `[[change]]` table: `when-changed` with `require-changed`, or `count-changed`.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct ChangeFile {
    /// The rule's name; its metric is `change.NAME` (letters, digits, `_` and `-`).
    #[schemars(with = "String")]
    pub(crate) name: Spanned<String>,
    /// gitignore-style globs: when a matching file changed, …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Vec<String>>")]
    pub(crate) when_changed: Option<Spanned<Vec<String>>>,
    /// … a file matching one of these must change too (metric 1 when it holds, else 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Vec<String>>")]
    pub(crate) require_changed: Option<Spanned<Vec<String>>>,
    /// gitignore-style globs: the metric is the number of changed files matching them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Vec<String>>")]
    pub(crate) count_changed: Option<Spanned<Vec<String>>>,
    /// Deleted files count too (default false: only added, modified and renamed files).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub(crate) include_deleted: bool,
}

/// The `[pr]` table.
#[derive(Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct PrFile {
    /// Allowed Conventional Commits types (default: the semantic pull-request check's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) types: Option<Vec<String>>,
    /// Allowed scopes; empty allows any.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) scopes: Vec<String>,
    /// A scope must be given.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub(crate) require_scope: bool,
    /// A regular expression the description must match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub(crate) subject_pattern: Option<Spanned<String>>,
    /// A regular expression of the project's tracker keys (`JIRA-\\d+`), an issue reference besides
    /// `#123`, `GH-123`, `!12` and issue URLs (`pr.references_issue`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub(crate) issue_pattern: Option<Spanned<String>>,
    /// Size labels by the fewest changed lines that earn each (`"size/M" = 100`): with `--label`
    /// or `--comment`, the pull request gets the label of the largest bound its size reaches and
    /// loses the other labels listed here.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub(crate) size_labels: BTreeMap<String, u64>,
    /// gitignore-style globs of files left out of the size from a diff (lockfiles, generated code).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Vec<String>>")]
    pub(crate) ignore: Option<Spanned<Vec<String>>>,
}

impl PrFile {
    fn is_default(&self) -> bool {
        self.types.is_none()
            && self.scopes.is_empty()
            && !self.require_scope
            && self.subject_pattern.is_none()
            && self.issue_pattern.is_none()
            && self.size_labels.is_empty()
            && self.ignore.is_none()
    }
}

/// One `[metrics."NAME"]` table.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct CustomMetricFile {
    /// What the metric measures.
    pub(crate) description: String,
    /// `percent`, `ratio`, `count`, `seconds`, `bytes` or `number`.
    #[schemars(with = "String", extend("enum" = ["percent", "ratio", "count", "seconds", "bytes", "number"]))]
    pub(crate) unit: Spanned<String>,
    /// A JSON file holding the value; without it the value comes from `--metric NAME=VALUE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) file: Option<String>,
    /// An RFC 6901 JSON Pointer into `file` (`/summary/pass_rate`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub(crate) pointer: Option<Spanned<String>>,
}

/// The `[licenses]` table.
#[derive(Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct LicensesFile {
    /// SPDX ids of the only acceptable licences (`["MIT", "Apache-2.0"]`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Vec<String>")]
    pub(crate) allow: Vec<Spanned<String>>,
    /// SPDX ids of licences never acceptable (`["GPL-3.0-only", "AGPL-3.0-or-later"]`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Vec<String>")]
    pub(crate) deny: Vec<Spanned<String>>,
    /// Packages whose licence is not checked (reviewed by hand).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) ignore_packages: Vec<String>,
}

impl LicensesFile {
    fn is_default(&self) -> bool {
        self.allow.is_empty() && self.deny.is_empty() && self.ignore_packages.is_empty()
    }
}

/// The `[bench]` table.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct BenchFile {
    /// The figure compared: `mean` (default), `median` or `min`.
    #[serde(default = "BenchFile::mean")]
    #[schemars(with = "String", extend("enum" = ["mean", "median", "min"]))]
    pub(crate) statistic: Spanned<String>,
    /// A benchmark slower by more than this many percent warns (default 10).
    #[serde(default = "BenchFile::ten")]
    pub(crate) warn_percent: f64,
    /// A benchmark slower by more than this many percent is a regression (default 20).
    #[serde(default = "BenchFile::twenty")]
    pub(crate) fail_percent: f64,
    /// Count a slowdown only when it is statistically significant (default false).
    #[serde(default)]
    pub(crate) require_significance: bool,
    /// The significance level (default 0.05).
    #[serde(default = "BenchFile::alpha")]
    pub(crate) alpha: f64,
}

impl BenchFile {
    fn mean() -> Spanned<String> {
        Spanned::new(0..0, "mean".to_owned())
    }
    fn ten() -> f64 {
        10.0
    }
    fn twenty() -> f64 {
        20.0
    }
    fn alpha() -> f64 {
        0.05
    }
}

impl Default for BenchFile {
    fn default() -> Self {
        Self {
            statistic: Self::mean(),
            warn_percent: Self::ten(),
            fail_percent: Self::twenty(),
            require_significance: false,
            alpha: Self::alpha(),
        }
    }
}

/// The `[comment]` table.
#[derive(Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct CommentFile {
    /// Names the hidden marker of the sticky comment, so several gates jobs keep separate comments.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub(crate) marker: Option<String>,
}

impl CommentFile {
    fn is_default(&self) -> bool {
        self.marker.is_none()
    }
}

/// The `[coverage]` table.
#[derive(Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct CoverageFile {
    /// Prefixes removed from report paths before they are matched to globs and diffs
    /// (e.g. the CI checkout directory `/home/runner/work/app/app/`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) strip_prefix: Vec<String>,
    /// The Go module path (`example.com/app`, as in `go.mod`) removed from the import paths of Go
    /// coverprofiles; without it `gates check` reads `go.mod` in the working directory.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) go_module: Option<String>,
}

impl CoverageFile {
    fn is_default(&self) -> bool {
        self.strip_prefix.is_empty() && self.go_module.is_none()
    }
}

/// The `[security]` table.
#[derive(Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct SecurityFile {
    /// Findings whose confidence is below this (`low`, `medium`, `high`) are not counted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Level")]
    pub(crate) min_confidence: Option<Level>,
}

impl SecurityFile {
    fn is_default(&self) -> bool {
        self.min_confidence.is_none()
    }
}

/// One `[[waiver]]` table.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct WaiverFile {
    /// The rule or advisory id: bandit test id, ruff/flake8/pylint/mypy code, SARIF rule id,
    /// vulnerability id or alias (CVE-…, GHSA-…).
    pub(crate) id: String,
    /// Only findings in files matching this gitignore-style glob.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub(crate) path: Option<Spanned<String>>,
    /// Why the finding is accepted (required).
    #[schemars(with = "String")]
    pub(crate) reason: Spanned<String>,
    /// The last day the waiver applies (a TOML date, `2027-01-31`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String", extend("format" = "date"))]
    pub(crate) expires: Option<Spanned<toml::value::Datetime>>,
}

/// One `[[gate]]` table.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct GateFile {
    /// A human title shown instead of the rule itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub(crate) title: Option<String>,
    /// A metric name, or several joined by `+` (their values are added).
    #[schemars(with = "String")]
    pub(crate) metric: Spanned<String>,
    /// The lowest passing value (inclusive): a number, or a rank letter for complexity metrics.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "BoundValue")]
    pub(crate) min: Option<Spanned<BoundValue>>,
    /// The highest passing value (inclusive): a number, or a rank letter for complexity metrics.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "BoundValue")]
    pub(crate) max: Option<Spanned<BoundValue>>,
    /// `fail` (the default) or `warn`.
    #[serde(default)]
    pub(crate) severity: Severity,
    /// When true, a missing input fails the gate instead of skipping it.
    #[serde(default)]
    pub(crate) required: bool,
    /// With `--baseline`: the most the metric may fall below the baseline's value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "f64")]
    pub(crate) max_decrease: Option<Spanned<f64>>,
    /// With `--baseline`: the most the metric may rise above the baseline's value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "f64")]
    pub(crate) max_increase: Option<Spanned<f64>>,
    /// With a baseline: the most the metric may fall, in percent of the baseline's value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "f64")]
    pub(crate) max_decrease_percent: Option<Spanned<f64>>,
    /// With a baseline: the most the metric may rise, in percent of the baseline's value
    /// (`tests.duration_s` 20 % slower fails with `max-increase-percent = 20`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "f64")]
    pub(crate) max_increase_percent: Option<Spanned<f64>>,
    /// Coverage gates only: count only files matching these gitignore-style globs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<String>")]
    pub(crate) paths: Option<Spanned<Vec<String>>>,
    /// Coverage gates only: apply the bound to every file on its own (the worst file decides).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub(crate) each_file: bool,
}

/// A bound as written: a number, or a radon rank letter (`"B"`).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(untagged)]
pub(crate) enum BoundValue {
    /// A number in the metric's unit.
    Number(f64),
    /// A radon rank letter, A to F.
    Rank(String),
}

/// The JSON Schema (draft-07, which taplo and VS Code's TOML extensions read) of policy files.
pub fn json_schema() -> serde_json::Value {
    let generator = schemars::generate::SchemaSettings::draft07().into_generator();
    generator.into_root_schema_for::<PolicyFile>().to_value()
}

impl Policy {
    /// The policy as TOML, with every default written out.
    pub fn to_toml_string(&self) -> String {
        let file = PolicyFile {
            gates: self
                .gates
                .iter()
                .map(|gate| {
                    // A change bound, written under the key of its kind (amount or percent).
                    let bound = |in_percent: bool, side: fn(&super::ChangeBound) -> Option<f64>| {
                        gate.change
                            .filter(|change| change.in_percent == in_percent)
                            .and_then(|change| side(&change))
                            .map(|value| toml::Spanned::new(0..0, value))
                    };
                    GateFile {
                        title: gate.title.clone(),
                        metric: toml::Spanned::new(0..0, gate.metric.to_string()),
                        min: gate.min.map(|min| toml::Spanned::new(0..0, BoundValue::Number(min))),
                        max: gate.max.map(|max| toml::Spanned::new(0..0, BoundValue::Number(max))),
                        severity: gate.severity,
                        required: gate.required,
                        paths: gate
                            .scope
                            .as_ref()
                            .filter(|scope| !scope.paths.patterns().is_empty())
                            .map(|scope| toml::Spanned::new(0..0, scope.paths.patterns().to_vec())),
                        each_file: gate.scope.as_ref().is_some_and(|scope| scope.each_file),
                        max_decrease: bound(false, |change| change.max_decrease),
                        max_increase: bound(false, |change| change.max_increase),
                        max_decrease_percent: bound(true, |change| change.max_decrease),
                        max_increase_percent: bound(true, |change| change.max_increase),
                    }
                })
                .collect(),
            coverage: CoverageFile {
                strip_prefix: self.path_map.strip_prefixes.clone(),
                go_module: self.path_map.go_module.clone(),
            },
            comment: CommentFile { marker: self.comment_marker.clone() },
            bench: BenchFile {
                statistic: toml::Spanned::new(0..0, self.bench.statistic.name().to_owned()),
                warn_percent: self.bench.warn_percent,
                fail_percent: self.bench.fail_percent,
                require_significance: self.bench.require_significance,
                alpha: self.bench.alpha,
            },
            security: SecurityFile { min_confidence: self.min_confidence },
            pr: PrFile {
                types: Some(self.pr_title.types.clone())
                    .filter(|types| *types != TitleRules::default().types),
                scopes: self.pr_title.scopes.clone(),
                require_scope: self.pr_title.require_scope,
                subject_pattern: self
                    .pr_title
                    .subject_pattern
                    .as_ref()
                    .map(|pattern| toml::Spanned::new(0..0, pattern.as_str().to_owned())),
                issue_pattern: self
                    .pr_description
                    .issue_pattern
                    .as_ref()
                    .map(|pattern| toml::Spanned::new(0..0, pattern.as_str().to_owned())),
                size_labels: self.size_labels.iter().map(|(label, lines)| (label.clone(), *lines)).collect(),
                ignore: (!self.pr_ignore.patterns().is_empty())
                    .then(|| toml::Spanned::new(0..0, self.pr_ignore.patterns().to_vec())),
            },
            metrics: self
                .custom_metrics
                .iter()
                .map(|metric| {
                    let file = CustomMetricFile {
                        description: metric.description.clone(),
                        unit: toml::Spanned::new(0..0, metric.unit.to_string()),
                        file: metric.source.as_ref().map(|source| source.file.clone()),
                        pointer: metric
                            .source
                            .as_ref()
                            .map(|source| toml::Spanned::new(0..0, source.pointer.clone())),
                    };
                    (metric.name.clone(), toml::Spanned::new(0..0, file))
                })
                .collect(),
            licenses: LicensesFile {
                allow: self
                    .licenses
                    .allow
                    .iter()
                    .map(|id| toml::Spanned::new(0..0, id.to_string()))
                    .collect(),
                deny: self.licenses.deny.iter().map(|id| toml::Spanned::new(0..0, id.to_string())).collect(),
                ignore_packages: self.licenses.ignore_packages.clone(),
            },
            changes: self.change_rules.iter().map(ChangeFile::from_rule).collect(),
            license_header: self.license_header.as_ref().map(LicenseHeaderFile::from_rule),
            quarantines: self
                .quarantines
                .iter()
                .map(|quarantine| QuarantineFile {
                    test: toml::Spanned::new(0..0, quarantine.test.clone()),
                    reason: toml::Spanned::new(0..0, quarantine.reason.clone()),
                    expires: quarantine.expires.map(toml_date),
                })
                .collect(),
            history: HistoryFile {
                window: (self.history_window != super::DEFAULT_HISTORY_WINDOW)
                    .then(|| toml::Spanned::new(0..0, self.history_window)),
            },
            track_issue: TrackIssueFile { title: self.track_issue_title.clone() },
            waivers: self
                .waivers
                .iter()
                .map(|waiver| WaiverFile {
                    id: waiver.id.clone(),
                    path: waiver.path.clone().map(|path| toml::Spanned::new(0..0, path)),
                    reason: toml::Spanned::new(0..0, waiver.reason.clone()),
                    expires: waiver.expires.map(toml_date),
                })
                .collect(),
        };
        toml::to_string(&file).unwrap_or_default()
    }
}

/// A day as a TOML date.
fn toml_date(date: super::Date) -> Spanned<toml::value::Datetime> {
    let date = toml::value::Date { year: date.year, month: date.month, day: date.day };
    Spanned::new(0..0, toml::value::Datetime { date: Some(date), time: None, offset: None })
}

impl ChangeFile {
    fn from_rule(rule: &ChangeRule) -> Self {
        let globs = |globs: &super::Globs| Some(toml::Spanned::new(0..0, globs.patterns().to_vec()));
        let (when_changed, require_changed, count_changed) = match &rule.kind {
            ChangeRuleKind::Requires { when, require } => (globs(when), globs(require), None),
            ChangeRuleKind::Counts(counted) => (None, None, globs(counted)),
        };
        ChangeFile {
            name: toml::Spanned::new(0..0, rule.name.clone()),
            when_changed,
            require_changed,
            count_changed,
            include_deleted: rule.include_deleted,
        }
    }
}

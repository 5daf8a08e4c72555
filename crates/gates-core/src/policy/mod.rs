//! Policies: which metrics must stay within which bounds, and what a breach means.
//!
//! A policy is TOML: a list of `[[gate]]` tables, each naming a metric, a `min` and/or `max`
//! (inclusive) and a `severity`. [`Policy::from_toml_str`] validates it; [`evaluate`] applies it.

mod custom;
mod evaluate;
mod licenses;
mod schema;
mod title;
mod triage;
mod values;

use std::fmt;
use std::ops::Range;

use serde::{Deserialize, Serialize};

pub use custom::{CustomMetric, JsonSource};
pub use evaluate::{Detail, EvaluateOptions, Evaluation, Outcome, Status, Verdict, evaluate};
pub use licenses::{LicenseRules, LicenseVerdict, licensee};
pub use schema::json_schema;
pub(crate) use schema::{GateFile, PolicyFile};
pub use title::{DEFAULT_TYPES, Header, TitleRules};
pub use triage::{Disposition, Triage, Waiver};

use crate::compare::{CompareOptions, PathMap, Statistic};
use crate::model::{Family, Level, Metric, Term, Unit, complexity_rank_bound, maintainability_rank_floor};
use schema::{
    BenchFile, BoundValue, CommentFile, CoverageFile, CustomMetricFile, LicensesFile, PrFile, SecurityFile,
    WaiverFile,
};

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
    /// Files left out of a pull request's size when it is measured from a diff.
    pub pr_ignore: Globs,
    /// Which dependency licences are acceptable.
    pub licenses: LicenseRules,
}

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
        let path = path.replace('\\', "/");
        self.matcher.is_match(path.strip_prefix("./").unwrap_or(&path))
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
        let custom_metrics = file
            .metrics
            .into_iter()
            .map(|(name, metric)| validate_custom_metric(name, metric, text))
            .collect::<Result<Vec<_>, _>>()?;
        let gates = file
            .gates
            .into_iter()
            .map(|gate| validate_gate(gate, &custom_metrics, text))
            .collect::<Result<_, _>>()?;
        let waivers =
            file.waivers.into_iter().map(|waiver| validate_waiver(waiver, text)).collect::<Result<_, _>>()?;
        let path_map = PathMap::new(file.coverage.strip_prefix);
        let bench = validate_bench(&file.bench, text)?;
        let (pr_title, pr_ignore) = validate_pr(file.pr, text)?;
        let licenses = validate_licenses(file.licenses, text)?;
        Ok(Policy {
            gates,
            min_confidence: file.security.min_confidence,
            waivers,
            path_map,
            comment_marker: file.comment.marker,
            bench,
            custom_metrics,
            pr_title,
            pr_ignore,
            licenses,
        })
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
                    max_decrease: gate
                        .change
                        .and_then(|change| change.max_decrease)
                        .map(|value| toml::Spanned::new(0..0, value)),
                    max_increase: gate
                        .change
                        .and_then(|change| change.max_increase)
                        .map(|value| toml::Spanned::new(0..0, value)),
                })
                .collect(),
            coverage: CoverageFile { strip_prefix: self.path_map.strip_prefixes.clone() },
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
            waivers: self
                .waivers
                .iter()
                .map(|waiver| WaiverFile {
                    id: waiver.id.clone(),
                    path: waiver.path.clone().map(|path| toml::Spanned::new(0..0, path)),
                    reason: toml::Spanned::new(0..0, waiver.reason.clone()),
                    expires: waiver.expires.map(|date| {
                        let date = toml::value::Date { year: date.year, month: date.month, day: date.day };
                        toml::Spanned::new(
                            0..0,
                            toml::value::Datetime { date: Some(date), time: None, offset: None },
                        )
                    }),
                })
                .collect(),
        };
        toml::to_string(&file).unwrap_or_default()
    }
}

fn validate_gate(gate: GateFile, custom: &[CustomMetric], text: &str) -> Result<Gate, PolicyError> {
    let error_at = |span: Range<usize>, message: String| PolicyError {
        line_column: Some(line_column(text, span.start)),
        message,
    };
    let metric = parse_metric_expr(gate.metric.get_ref(), custom)
        .map_err(|message| error_at(gate.metric.span(), message))?;
    let resolve = |bound: &Option<toml::Spanned<BoundValue>>, side: BoundSide| {
        bound
            .as_ref()
            .map(|value| {
                bound_number(value.get_ref(), &metric, side)
                    .map_err(|message| error_at(value.span(), message))
            })
            .transpose()
    };
    let min = resolve(&gate.min, BoundSide::Min)?;
    let max = resolve(&gate.max, BoundSide::Max)?;
    let change = validate_change(&gate).map_err(|(span, message)| error_at(span, message))?;
    if change.is_some() && (min.is_some() || max.is_some()) {
        return Err(error_at(
            gate.metric.span(),
            "a gate bounds either the value (`min`/`max`) or its change (`max-decrease`/`max-increase`); write two gates".to_owned(),
        ));
    }
    match (min, max) {
        (None, None) if change.is_some() => {}
        (None, None) => {
            return Err(error_at(
                gate.metric.span(),
                format!(
                    "the gate on `{metric}` has no bound: add `min = …`, `max = …`, `max-decrease = …` or `max-increase = …`"
                ),
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
    let scope = validate_scope(&gate, &metric).map_err(|(span, message)| error_at(span, message))?;
    Ok(Gate {
        title: gate.title,
        metric,
        min,
        max,
        severity: gate.severity,
        required: gate.required,
        scope,
        change,
    })
}

fn validate_change(gate: &GateFile) -> Result<Option<ChangeBound>, (Range<usize>, String)> {
    for bound in [&gate.max_decrease, &gate.max_increase].into_iter().flatten() {
        if !bound.get_ref().is_finite() || *bound.get_ref() < 0.0 {
            return Err((bound.span(), "a change bound must be a number of zero or more".to_owned()));
        }
    }
    let bound = ChangeBound {
        max_decrease: gate.max_decrease.as_ref().map(|bound| *bound.get_ref()),
        max_increase: gate.max_increase.as_ref().map(|bound| *bound.get_ref()),
    };
    if bound == ChangeBound::default() {
        return Ok(None);
    }
    if gate.paths.is_some() || gate.each_file {
        return Err((
            gate.metric.span(),
            "change gates cannot be scoped with `paths` or `each-file`".to_owned(),
        ));
    }
    Ok(Some(bound))
}

fn validate_scope(gate: &GateFile, metric: &MetricExpr) -> Result<Option<Scope>, (Range<usize>, String)> {
    if gate.paths.is_none() && !gate.each_file {
        return Ok(None);
    }
    let span = gate.paths.as_ref().map_or_else(|| gate.metric.span(), toml::Spanned::span);
    let coverage_metric = matches!(
        metric.terms.as_slice(),
        [single] if single.builtin().is_some_and(|metric| metric.family() == Family::Coverage)
    );
    if !coverage_metric {
        return Err((
            span,
            format!("`paths` and `each-file` apply to one coverage metric, not to `{metric}`"),
        ));
    }
    let paths = gate.paths.as_ref().map(|paths| paths.get_ref().clone()).unwrap_or_default();
    let paths = Globs::new(paths).map_err(|error| (span, format!("invalid glob: {error}")))?;
    Ok(Some(Scope { paths, each_file: gate.each_file }))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BoundSide {
    Min,
    Max,
}

/// A bound as a number; a rank letter becomes the limit of its rank for complexity metrics
/// (`max = "B"` → 10) and maintainability (`min = "A"` → 20).
fn bound_number(value: &BoundValue, metric: &MetricExpr, side: BoundSide) -> Result<f64, String> {
    let rank = match value {
        BoundValue::Number(number) if number.is_finite() => return Ok(*number),
        BoundValue::Number(_) => return Err("a bound must be a finite number".to_owned()),
        BoundValue::Rank(rank) => rank.trim(),
    };
    let unit = match metric.terms.as_slice() {
        [single] => single.unit(),
        _ => Unit::Count,
    };
    let letter = match rank.chars().collect::<Vec<_>>().as_slice() {
        [letter] => *letter,
        _ => ' ',
    };
    let resolved = match (unit, side) {
        (Unit::Complexity, BoundSide::Max) => complexity_rank_bound(letter).map(f64::from),
        (Unit::Maintainability, BoundSide::Min) => maintainability_rank_floor(letter),
        (Unit::Complexity, BoundSide::Min) | (Unit::Maintainability, BoundSide::Max) => {
            return Err(format!(
                "a rank letter bounds `{metric}` from the {} side only",
                if unit == Unit::Complexity { "`max`" } else { "`min`" }
            ));
        }
        _ => {
            return Err(format!(
                "expected a number, found {rank:?} (rank letters only bound complexity metrics)"
            ));
        }
    };
    resolved.ok_or_else(|| {
        let ranks = if unit == Unit::Complexity { "A to E" } else { "A to C" };
        format!("unknown rank {rank:?}: expected a number or a rank from {ranks}")
    })
}

fn validate_bench(bench: &BenchFile, text: &str) -> Result<CompareOptions, PolicyError> {
    let statistic = Statistic::from_name(bench.statistic.get_ref()).ok_or_else(|| PolicyError {
        line_column: Some(line_column(text, bench.statistic.span().start)),
        message: format!("unknown statistic `{}`: expected mean, median or min", bench.statistic.get_ref()),
    })?;
    let valid = bench.warn_percent.is_finite()
        && bench.fail_percent.is_finite()
        && bench.warn_percent >= 0.0
        && bench.fail_percent >= bench.warn_percent
        && bench.alpha > 0.0
        && bench.alpha < 1.0;
    if !valid {
        return Err(PolicyError {
            line_column: None,
            message: "[bench]: expected 0 <= warn-percent <= fail-percent and 0 < alpha < 1".to_owned(),
        });
    }
    let options = CompareOptions::new(statistic).with_bounds(bench.warn_percent, bench.fail_percent);
    Ok(if bench.require_significance { options.requiring_significance(bench.alpha) } else { options })
}

fn validate_pr(pr: PrFile, text: &str) -> Result<(TitleRules, Globs), PolicyError> {
    let error_at = |span: Range<usize>, message: String| PolicyError {
        line_column: Some(line_column(text, span.start)),
        message,
    };
    let mut rules = TitleRules::default();
    if let Some(types) = pr.types {
        if types.is_empty() {
            return Err(PolicyError {
                line_column: None,
                message: "[pr] types: list at least one type".to_owned(),
            });
        }
        rules.types = types;
    }
    rules.scopes = pr.scopes;
    rules.require_scope = pr.require_scope;
    if let Some(pattern) = pr.subject_pattern {
        let regex = regex::Regex::new(pattern.get_ref())
            .map_err(|error| error_at(pattern.span(), format!("invalid subject-pattern: {error}")))?;
        rules.subject_pattern = Some(regex);
    }
    let ignore = match pr.ignore {
        Some(ignore) => {
            let span = ignore.span();
            Globs::new(ignore.into_inner())
                .map_err(|error| error_at(span, format!("invalid glob: {error}")))?
        }
        None => Globs::default(),
    };
    Ok((rules, ignore))
}

fn validate_licenses(licenses: LicensesFile, text: &str) -> Result<LicenseRules, PolicyError> {
    let read = |ids: &[toml::Spanned<String>]| {
        ids.iter()
            .map(|id| {
                licenses::licensee(id.get_ref()).map_err(|message| PolicyError {
                    line_column: Some(line_column(text, id.span().start)),
                    message: format!("[licenses]: {message}"),
                })
            })
            .collect::<Result<Vec<_>, _>>()
    };
    Ok(LicenseRules::new(read(&licenses.allow)?, read(&licenses.deny)?, licenses.ignore_packages))
}

fn validate_waiver(waiver: WaiverFile, text: &str) -> Result<Waiver, PolicyError> {
    let error_at = |span: Range<usize>, message: String| PolicyError {
        line_column: Some(line_column(text, span.start)),
        message,
    };
    if waiver.reason.get_ref().trim().is_empty() {
        return Err(error_at(waiver.reason.span(), "a waiver needs a reason".to_owned()));
    }
    let expires = match &waiver.expires {
        None => None,
        Some(expires) => match (expires.get_ref().date, expires.get_ref().time) {
            (Some(date), None) => Some(Date { year: date.year, month: date.month, day: date.day }),
            _ => {
                return Err(error_at(
                    expires.span(),
                    "`expires` must be a date such as 2027-01-31".to_owned(),
                ));
            }
        },
    };
    let path_span = waiver.path.as_ref().map(toml::Spanned::span).unwrap_or_default();
    Waiver::new(waiver.id, waiver.path.map(toml::Spanned::into_inner), waiver.reason.into_inner(), expires)
        .map_err(|error| error_at(path_span, format!("invalid glob: {error}")))
}

/// `"tests.failed + tests.errors"` → the two metrics, or a message naming the unknown name.
fn parse_metric_expr(text: &str, custom: &[CustomMetric]) -> Result<MetricExpr, String> {
    let terms = text
        .split('+')
        .map(|term| {
            let name = term.trim();
            if let Some(metric) = Metric::from_name(name) {
                return Ok(Term::Builtin(metric));
            }
            custom
                .iter()
                .find(|metric| metric.name == name)
                .map(|metric| Term::Custom { name: metric.name.clone(), unit: metric.unit })
                .ok_or_else(|| unknown_metric(name, custom))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(MetricExpr { terms })
}

fn unknown_metric(name: &str, custom: &[CustomMetric]) -> String {
    if name.is_empty() {
        return "empty metric name: expected a name such as `coverage.lines` (see `gates metrics`)"
            .to_owned();
    }
    let closest = Metric::ALL
        .iter()
        .map(|metric| metric.name())
        .chain(custom.iter().map(|metric| metric.name.as_str()))
        .map(|known| (strsim::levenshtein(name, known), known))
        .min()
        .filter(|(distance, _)| *distance <= 3);
    match closest {
        Some((_, suggestion)) => {
            format!("unknown metric `{name}`; did you mean `{suggestion}`? (see `gates metrics`)")
        }
        None => format!(
            "unknown metric `{name}` (see `gates metrics` for the list; declare a custom metric as a `[metrics.\"{name}\"]` table)"
        ),
    }
}

fn validate_custom_metric(
    name: String,
    metric: toml::Spanned<CustomMetricFile>,
    text: &str,
) -> Result<CustomMetric, PolicyError> {
    let error_at = |span: Range<usize>, message: String| PolicyError {
        line_column: Some(line_column(text, span.start)),
        message,
    };
    let span = metric.span();
    let metric = metric.into_inner();
    let well_formed = !name.is_empty()
        && name.split('.').all(|part| !part.is_empty())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if !well_formed {
        return Err(error_at(
            span,
            format!(
                "custom metric name `{name}`: expected dotted words of letters, digits, `_` or `-`, like `eval.pass_rate`"
            ),
        ));
    }
    if Metric::from_name(&name).is_some() {
        return Err(error_at(
            span,
            format!("`{name}` is a built-in metric; give the custom one another name"),
        ));
    }
    if metric.description.trim().is_empty() {
        return Err(error_at(span, format!("custom metric `{name}` needs a `description`")));
    }
    let unit = Unit::from_name(metric.unit.get_ref().trim()).ok_or_else(|| {
        let units: Vec<String> = Unit::DECLARABLE.iter().map(ToString::to_string).collect();
        error_at(
            metric.unit.span(),
            format!("unknown unit `{}`: expected one of {}", metric.unit.get_ref(), units.join(", ")),
        )
    })?;
    let declared = CustomMetric::new(name.clone(), metric.description, unit);
    match (metric.file, metric.pointer) {
        (None, None) => Ok(declared),
        (None, Some(pointer)) => {
            Err(error_at(pointer.span(), format!("custom metric `{name}` has a `pointer` but no `file`")))
        }
        (Some(_), Some(pointer)) if !pointer.get_ref().is_empty() && !pointer.get_ref().starts_with('/') => {
            Err(error_at(
                pointer.span(),
                format!(
                    "`pointer` is a JSON Pointer (RFC 6901): it starts with `/`, like \"/summary/pass_rate\", found {:?}",
                    pointer.get_ref()
                ),
            ))
        }
        (Some(file), pointer) => {
            Ok(declared.from_json(file, pointer.map(toml::Spanned::into_inner).unwrap_or_default()))
        }
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

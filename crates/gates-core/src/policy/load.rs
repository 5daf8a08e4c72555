//! Reading a policy: TOML into the file's types, then each table checked and turned into the
//! policy's types; every error names its line and column.

use std::collections::BTreeMap;
use std::ops::Range;

use super::schema::{
    BenchFile, BoundValue, ChangeFile, CustomMetricFile, GateFile, LicenseHeaderFile, LicensesFile,
    PolicyFile, PrFile, QuarantineFile, WaiverFile,
};
use super::{
    BUILTIN_TOML, ChangeBound, ChangeRule, ChangeRuleKind, CustomMetric, Date, DescriptionRules, Gate, Globs,
    HeaderText, LicenseHeaderRule, MetricExpr, Policy, PolicyError, Quarantine, Scope, TitleRules, Waiver,
    closest_name, licenses,
};
use crate::compare::{CompareOptions, PathMap, Statistic};
use crate::model::{Family, Metric, Term, Unit, complexity_rank_bound, maintainability_rank_floor};
use crate::policy::LicenseRules;

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
        let mut change_rules: Vec<ChangeRule> = Vec::with_capacity(file.changes.len());
        for rule in file.changes {
            let rule = validate_change_rule(rule, &change_rules, text)?;
            change_rules.push(rule);
        }
        let license_header =
            file.license_header.map(|table| validate_license_header(table, text)).transpose()?;
        let declared = Declared { custom: &custom_metrics, change_rules: &change_rules };
        let gates = file
            .gates
            .into_iter()
            .map(|gate| validate_gate(gate, &declared, text))
            .collect::<Result<_, _>>()?;
        let waivers =
            file.waivers.into_iter().map(|waiver| validate_waiver(waiver, text)).collect::<Result<_, _>>()?;
        let path_map = PathMap::new(file.coverage.strip_prefix).with_go_module(file.coverage.go_module);
        let bench = validate_bench(&file.bench, text)?;
        let size_labels = validate_size_labels(&file.pr.size_labels)?;
        let (pr_title, pr_description, pr_ignore) = validate_pr(file.pr, text)?;
        let licenses = validate_licenses(file.licenses, text)?;
        let quarantines = file
            .quarantines
            .into_iter()
            .map(|quarantine| validate_quarantine(quarantine, text))
            .collect::<Result<_, _>>()?;
        let history_window = match file.history.window {
            Some(window) if *window.get_ref() == 0 => {
                return Err(error_at(text, window.span(), "the window must hold at least 1 run".to_owned()));
            }
            Some(window) => window.into_inner(),
            None => super::DEFAULT_HISTORY_WINDOW,
        };
        Ok(Policy {
            gates,
            min_confidence: file.security.min_confidence,
            waivers,
            path_map,
            comment_marker: file.comment.marker,
            bench,
            custom_metrics,
            pr_title,
            pr_description,
            size_labels,
            pr_ignore,
            licenses,
            change_rules,
            license_header,
            history_window,
            quarantines,
            track_issue_title: file.track_issue.title,
        })
    }
}

/// The metrics a policy declares besides the built-in ones.
struct Declared<'a> {
    custom: &'a [CustomMetric],
    change_rules: &'a [ChangeRule],
}

fn validate_gate(gate: GateFile, declared: &Declared<'_>, text: &str) -> Result<Gate, PolicyError> {
    let metric = parse_metric_expr(gate.metric.get_ref(), declared)
        .map_err(|message| error_at(text, gate.metric.span(), message))?;
    let resolve = |bound: &Option<toml::Spanned<BoundValue>>, side: BoundSide| {
        bound
            .as_ref()
            .map(|value| {
                bound_number(value.get_ref(), &metric, side)
                    .map_err(|message| error_at(text, value.span(), message))
            })
            .transpose()
    };
    let min = resolve(&gate.min, BoundSide::Min)?;
    let max = resolve(&gate.max, BoundSide::Max)?;
    let change = validate_change(&gate).map_err(|(span, message)| error_at(text, span, message))?;
    if change.is_some() && (min.is_some() || max.is_some()) {
        return Err(error_at(
            text,
            gate.metric.span(),
            "a gate bounds either the value (`min`/`max`) or its change (`max-decrease`/`max-increase`); write two gates".to_owned(),
        ));
    }
    match (min, max) {
        (None, None) if change.is_some() => {}
        (None, None) => {
            return Err(error_at(
                text,
                gate.metric.span(),
                format!(
                    "the gate on `{metric}` has no bound: add `min = …`, `max = …`, `max-decrease = …`, `max-increase = …` or their `-percent` forms"
                ),
            ));
        }
        (Some(low), Some(high)) if low > high => {
            let span = gate.min.as_ref().map(toml::Spanned::span).unwrap_or_default();
            return Err(error_at(
                text,
                span,
                format!("`min` ({low}) is above `max` ({high}): no value could pass"),
            ));
        }
        _ => {}
    }
    let scope = validate_scope(&gate, &metric).map_err(|(span, message)| error_at(text, span, message))?;
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
    let amounts = [&gate.max_decrease, &gate.max_increase];
    let percents = [&gate.max_decrease_percent, &gate.max_increase_percent];
    for bound in amounts.into_iter().chain(percents).flatten() {
        if !bound.get_ref().is_finite() || *bound.get_ref() < 0.0 {
            return Err((bound.span(), "a change bound must be a number of zero or more".to_owned()));
        }
    }
    let given = |bounds: [&Option<toml::Spanned<f64>>; 2]| bounds.iter().any(|bound| bound.is_some());
    if given(amounts) && given(percents) {
        return Err((
            gate.metric.span(),
            "a gate bounds its change either in the metric's unit (`max-decrease`/`max-increase`) or in percent \
             of the baseline (`max-decrease-percent`/`max-increase-percent`); write two gates"
                .to_owned(),
        ));
    }
    let in_percent = given(percents);
    let [decrease, increase] = if in_percent { percents } else { amounts };
    let bound = ChangeBound {
        max_decrease: decrease.as_ref().map(|bound| *bound.get_ref()),
        max_increase: increase.as_ref().map(|bound| *bound.get_ref()),
        in_percent,
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
    let statistic = Statistic::from_name(bench.statistic.get_ref()).ok_or_else(|| {
        let message =
            format!("unknown statistic `{}`: expected mean, median or min", bench.statistic.get_ref());
        error_at(text, bench.statistic.span(), message)
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

fn validate_pr(pr: PrFile, text: &str) -> Result<(TitleRules, DescriptionRules, Globs), PolicyError> {
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
            .map_err(|error| error_at(text, pattern.span(), format!("invalid subject-pattern: {error}")))?;
        rules.subject_pattern = Some(regex);
    }
    let mut description = DescriptionRules::default();
    if let Some(pattern) = pr.issue_pattern {
        let regex = regex::Regex::new(pattern.get_ref())
            .map_err(|error| error_at(text, pattern.span(), format!("invalid issue-pattern: {error}")))?;
        description.issue_pattern = Some(regex);
    }
    let ignore = match pr.ignore {
        Some(ignore) => {
            let span = ignore.span();
            Globs::new(ignore.into_inner())
                .map_err(|error| error_at(text, span, format!("invalid glob: {error}")))?
        }
        None => Globs::default(),
    };
    Ok((rules, description, ignore))
}

/// The size labels, smallest bound first; two labels may not share a bound.
fn validate_size_labels(labels: &BTreeMap<String, u64>) -> Result<Vec<(String, u64)>, PolicyError> {
    let mut sorted: Vec<(String, u64)> =
        labels.iter().map(|(label, lines)| (label.clone(), *lines)).collect();
    sorted.sort_by_key(|(label, lines)| (*lines, label.clone()));
    let same_bound = sorted.windows(2).find_map(|pair| match pair {
        [(first, low), (second, high)] if low == high => Some((first, second, low)),
        _ => None,
    });
    match same_bound {
        Some((first, second, lines)) => Err(PolicyError {
            line_column: None,
            message: format!(
                "[pr.size-labels]: `{first}` and `{second}` both start at {lines} changed lines; give each label its own bound"
            ),
        }),
        None => Ok(sorted),
    }
}

fn validate_licenses(licenses: LicensesFile, text: &str) -> Result<LicenseRules, PolicyError> {
    let read = |ids: &[toml::Spanned<String>]| {
        ids.iter()
            .map(|id| {
                licenses::licensee(id.get_ref())
                    .map_err(|message| error_at(text, id.span(), format!("[licenses]: {message}")))
            })
            .collect::<Result<Vec<_>, _>>()
    };
    Ok(LicenseRules::new(read(&licenses.allow)?, read(&licenses.deny)?, licenses.ignore_packages))
}

fn validate_waiver(waiver: WaiverFile, text: &str) -> Result<Waiver, PolicyError> {
    if waiver.reason.get_ref().trim().is_empty() {
        return Err(error_at(text, waiver.reason.span(), "a waiver needs a reason".to_owned()));
    }
    let expires = validate_expires(waiver.expires.as_ref(), text)?;
    let path_span = waiver.path.as_ref().map(toml::Spanned::span).unwrap_or_default();
    Waiver::new(waiver.id, waiver.path.map(toml::Spanned::into_inner), waiver.reason.into_inner(), expires)
        .map_err(|error| error_at(text, path_span, format!("invalid glob: {error}")))
}

fn validate_quarantine(quarantine: QuarantineFile, text: &str) -> Result<Quarantine, PolicyError> {
    if quarantine.reason.get_ref().trim().is_empty() {
        return Err(error_at(text, quarantine.reason.span(), "a quarantine needs a reason".to_owned()));
    }
    let expires = validate_expires(quarantine.expires.as_ref(), text)?;
    let span = quarantine.test.span();
    Quarantine::new(quarantine.test.into_inner(), quarantine.reason.into_inner(), expires)
        .map_err(|error| error_at(text, span, format!("invalid glob: {error}")))
}

/// An `expires` key: a date without a time.
fn validate_expires(
    expires: Option<&toml::Spanned<toml::value::Datetime>>,
    text: &str,
) -> Result<Option<Date>, PolicyError> {
    let Some(expires) = expires else { return Ok(None) };
    match (expires.get_ref().date, expires.get_ref().time) {
        (Some(date), None) => Ok(Some(Date { year: date.year, month: date.month, day: date.day })),
        _ => Err(error_at(text, expires.span(), "`expires` must be a date such as 2027-01-31".to_owned())),
    }
}

/// `"tests.failed + tests.errors"` → the two metrics, or a message naming the unknown name.
fn parse_metric_expr(text: &str, declared: &Declared<'_>) -> Result<MetricExpr, String> {
    let terms = text
        .split('+')
        .map(|term| {
            let name = term.trim();
            if let Some(metric) = Metric::from_name(name) {
                return Ok(Term::Builtin(metric));
            }
            if let Some(rule) = name.strip_prefix("change.") {
                return declared
                    .change_rules
                    .iter()
                    .find(|known| known.name == rule)
                    .map(|known| Term::Change { name: known.metric_name(), unit: known.unit() })
                    .ok_or_else(|| unknown_change_rule(rule, declared.change_rules));
            }
            declared
                .custom
                .iter()
                .find(|metric| metric.name == name)
                .map(|metric| Term::Custom { name: metric.name.clone(), unit: metric.unit })
                .ok_or_else(|| unknown_metric(name, declared.custom))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(MetricExpr { terms })
}

fn unknown_change_rule(name: &str, rules: &[ChangeRule]) -> String {
    match closest_name(name, rules.iter().map(|rule| rule.name.as_str())) {
        Some(suggestion) => {
            format!("no `[[change]]` rule is named `{name}`; did you mean `change.{suggestion}`?")
        }
        None => format!("no `[[change]]` rule is named `{name}`: declare one with `name = \"{name}\"`"),
    }
}

fn validate_change_rule(
    rule: ChangeFile,
    known: &[ChangeRule],
    text: &str,
) -> Result<ChangeRule, PolicyError> {
    let name_span = rule.name.span();
    let name = rule.name.into_inner();
    let well_formed =
        !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'));
    if !well_formed {
        return Err(error_at(
            text,
            name_span,
            format!(
                "change rule name {name:?}: expected letters, digits, `_` or `-`, like `tests-with-source`"
            ),
        ));
    }
    if known.iter().any(|rule| rule.name == name) {
        return Err(error_at(text, name_span, format!("two `[[change]]` rules are named `{name}`")));
    }
    let globs = |globs: toml::Spanned<Vec<String>>, key: &str| {
        let span = globs.span();
        let patterns = globs.into_inner();
        if patterns.is_empty() {
            return Err(error_at(text, span, format!("`{key}` lists no glob")));
        }
        Globs::new(patterns).map_err(|error| error_at(text, span, format!("invalid glob: {error}")))
    };
    let kind = match (rule.when_changed, rule.require_changed, rule.count_changed) {
        (Some(when), Some(require), None) => ChangeRuleKind::Requires {
            when: globs(when, "when-changed")?,
            require: globs(require, "require-changed")?,
        },
        (None, None, Some(counted)) => ChangeRuleKind::Counts(globs(counted, "count-changed")?),
        _ => {
            return Err(error_at(
                text,
                name_span,
                format!(
                    "change rule `{name}`: give `when-changed` with `require-changed`, or `count-changed` alone"
                ),
            ));
        }
    };
    Ok(ChangeRule { name, kind, include_deleted: rule.include_deleted })
}

fn validate_license_header(table: LicenseHeaderFile, text: &str) -> Result<LicenseHeaderRule, PolicyError> {
    let paths_span = table.paths.span();
    let patterns = table.paths.into_inner();
    if patterns.is_empty() {
        return Err(error_at(text, paths_span, "[license-header] paths: list the files' globs".to_owned()));
    }
    let paths = Globs::new(patterns)
        .map_err(|error| error_at(text, paths_span.clone(), format!("invalid glob: {error}")))?;
    if table.lines == 0 {
        return Err(error_at(text, paths_span, "[license-header] lines: expected 1 or more".to_owned()));
    }
    let header = match (table.spdx, table.pattern) {
        (Some(id), None) if !id.get_ref().trim().is_empty() => {
            HeaderText::Spdx(id.into_inner().trim().to_owned())
        }
        (None, Some(pattern)) => {
            let span = pattern.span();
            HeaderText::Pattern(regex::Regex::new(pattern.get_ref()).map_err(|error| {
                error_at(text, span, format!("[license-header] pattern: invalid regular expression: {error}"))
            })?)
        }
        _ => {
            return Err(error_at(
                text,
                paths_span,
                "[license-header]: give `spdx = \"Apache-2.0\"` or `pattern = \"…\"`, one of them".to_owned(),
            ));
        }
    };
    Ok(LicenseHeaderRule { paths, lines: table.lines, header })
}

fn unknown_metric(name: &str, custom: &[CustomMetric]) -> String {
    if name.is_empty() {
        return "empty metric name: expected a name such as `coverage.lines` (see `gates metrics`)"
            .to_owned();
    }
    let known = Metric::ALL.iter().map(|metric| metric.name());
    match closest_name(name, known.chain(custom.iter().map(|metric| metric.name.as_str()))) {
        Some(suggestion) => {
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
    let span = metric.span();
    let metric = metric.into_inner();
    let well_formed = !name.is_empty()
        && name.split('.').all(|part| !part.is_empty())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if !well_formed {
        return Err(error_at(
            text,
            span,
            format!(
                "custom metric name `{name}`: expected dotted words of letters, digits, `_` or `-`, like `eval.pass_rate`"
            ),
        ));
    }
    if Metric::from_name(&name).is_some() {
        return Err(error_at(
            text,
            span,
            format!("`{name}` is a built-in metric; give the custom one another name"),
        ));
    }
    if name.starts_with("change.") {
        return Err(error_at(
            text,
            span,
            format!("`{name}`: names starting with `change.` are the metrics of `[[change]]` rules"),
        ));
    }
    if metric.description.trim().is_empty() {
        return Err(error_at(text, span, format!("custom metric `{name}` needs a `description`")));
    }
    let unit = Unit::from_name(metric.unit.get_ref().trim()).ok_or_else(|| {
        let units: Vec<String> = Unit::DECLARABLE.iter().map(ToString::to_string).collect();
        error_at(
            text,
            metric.unit.span(),
            format!("unknown unit `{}`: expected one of {}", metric.unit.get_ref(), units.join(", ")),
        )
    })?;
    let declared = CustomMetric::new(name.clone(), metric.description, unit);
    match (metric.file, metric.pointer) {
        (None, None) => Ok(declared),
        (None, Some(pointer)) => Err(error_at(
            text,
            pointer.span(),
            format!("custom metric `{name}` has a `pointer` but no `file`"),
        )),
        (Some(_), Some(pointer)) if !pointer.get_ref().is_empty() && !pointer.get_ref().starts_with('/') => {
            Err(error_at(
                text,
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

/// An error at the start of `span` in the policy `text`.
fn error_at(text: &str, span: Range<usize>, message: String) -> PolicyError {
    PolicyError { line_column: Some(line_column(text, span.start)), message }
}

/// 1-based line and character column of byte `offset` in `text`.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let (line, column) = crate::parse::line_column(text.as_bytes(), offset as u64).unwrap_or((1, 1));
    (usize::try_from(line).unwrap_or(usize::MAX), usize::try_from(column).unwrap_or(usize::MAX))
}

//! Applies a policy to the metrics. Pure: no I/O, no clock, no environment.

use std::fmt;

use serde::Serialize;

use super::values::coverage_metric;
use super::{Date, Gate, Policy, Scope, Severity, Triage};
use crate::compare::PathMap;
use crate::compare::{Baseline, BaselineOrigin, IntermittentTest, TrendPoint};
use crate::compare::{BenchComparison, compare_benchmarks};
use crate::model::BenchmarkRun;
use crate::model::{ChangeRuleValue, CoverageTotals, Family, Metrics};
use crate::model::{InputNames, Metric, Term, Unavailable, Unit, Wanted};

/// How to evaluate.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct EvaluateOptions {
    /// Warnings make the verdict fail.
    pub strict: bool,
    /// Today, for waiver expiry; without it no waiver expires.
    pub today: Option<Date>,
    /// The snapshot that change gates and new-finding metrics compare with.
    pub baseline: Option<Baseline>,
    /// The benchmark run the reports' benchmarks are compared with.
    pub bench_baseline: Option<BenchmarkRun>,
    /// How the reasons name inputs that were not given.
    pub inputs: &'static InputNames,
    /// Why there is no baseline, when the caller looked for one and found none: the reason
    /// change gates give instead of asking for a baseline.
    pub baseline_missing: Option<String>,
    /// The tests a history found intermittent, when a history was given.
    pub intermittent: Option<Vec<IntermittentTest>>,
}

impl Default for EvaluateOptions {
    fn default() -> Self {
        Self::strict(false)
    }
}

impl EvaluateOptions {
    /// Options with strict mode on or off.
    pub fn strict(strict: bool) -> Self {
        Self {
            strict,
            today: None,
            baseline: None,
            bench_baseline: None,
            inputs: &InputNames::LIBRARY,
            baseline_missing: None,
            intermittent: None,
        }
    }

    /// The same options on a given day.
    pub fn on(self, today: Date) -> Self {
        Self { today: Some(today), ..self }
    }

    /// The same options comparing benchmarks with `run`.
    pub fn with_bench_baseline(self, run: BenchmarkRun) -> Self {
        Self { bench_baseline: Some(run), ..self }
    }

    /// The same options naming inputs as `inputs` does.
    pub fn naming_inputs(self, inputs: &'static InputNames) -> Self {
        Self { inputs, ..self }
    }

    /// The same options comparing with a baseline.
    pub fn with_baseline(self, baseline: Baseline) -> Self {
        Self { baseline: Some(baseline), ..self }
    }

    /// The same options with the tests a history found intermittent.
    pub fn with_intermittent(self, tests: Vec<IntermittentTest>) -> Self {
        Self { intermittent: Some(tests), ..self }
    }

    /// The same options with no baseline, for the reason given.
    pub fn without_baseline(self, reason: impl Into<String>) -> Self {
        Self { baseline_missing: Some(reason.into()), ..self }
    }
}

/// The outcome of one gate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Within bounds.
    Pass,
    /// Out of bounds, severity `warn`.
    Warn,
    /// Out of bounds with severity `fail`, or a required input is missing.
    Fail,
    /// The input was not given; the gate says nothing.
    Skipped,
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Status::Pass => "pass",
            Status::Warn => "warn",
            Status::Fail => "fail",
            Status::Skipped => "skipped",
        })
    }
}

/// One gate applied to the metrics.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Outcome {
    /// The gate.
    pub gate: Gate,
    /// The metric's value, or why there is none.
    pub actual: Result<f64, Unavailable>,
    /// The result.
    pub status: Status,
    /// What decided the value, where that is not obvious (the worst file of an `each-file` gate).
    pub detail: Option<Detail>,
    /// How [`Outcome::reason`] names inputs that were not given.
    pub inputs: &'static InputNames,
    /// The gate's metric in the baseline, when one was given and holds it (scoped gates have none).
    pub baseline: Option<f64>,
}

/// What decided an outcome's value, shown beside it.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Detail {
    /// The file of an `each-file` gate whose value decided.
    WorstFile(String),
    /// The pull-request title and what is wrong with it.
    TitleProblem {
        /// The title as given.
        title: String,
        /// What is wrong with it.
        problem: String,
    },
    /// The files behind a `[[change]]` rule's value.
    ChangedFiles(ChangeRuleValue),
    /// Lines and branches apart, for `coverage.total`.
    CoverageParts {
        /// Line coverage in percent, where there are lines.
        lines: Option<f64>,
        /// Branch coverage in percent, where there are branches.
        branches: Option<f64>,
    },
}

impl Outcome {
    /// Whether the baseline took part: the gate compares with it, or has a value there.
    pub fn uses_baseline(&self) -> bool {
        self.baseline.is_some()
            || self.gate.change.is_some()
            || self.gate.metric.terms.iter().any(|term| {
                term.builtin().is_some_and(|metric| metric.family() == crate::model::Family::Baseline)
            })
    }

    /// Why the gate has no value, when it has none.
    pub fn reason(&self) -> Option<String> {
        match &self.actual {
            Ok(_) => None,
            Err(why) if self.gate.required => {
                Some(format!("required input missing: {}", why.describe(self.inputs)))
            }
            Err(why) => Some(why.describe(self.inputs)),
        }
    }
}

/// The summary of all outcomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Every evaluated gate passed.
    Pass,
    /// Some gate warned, none failed.
    Warn,
    /// Some gate failed, or the policy has gates and none could be evaluated.
    Fail,
}

impl Verdict {
    /// Whether the change may merge: a warning passes (`--strict` turns warnings into failures
    /// before the verdict is reached).
    pub fn passed(self) -> bool {
        self != Verdict::Fail
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Verdict::Pass => "pass",
            Verdict::Warn => "warn",
            Verdict::Fail => "fail",
        })
    }
}

/// Every gate's outcome and the verdict.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Evaluation {
    /// One outcome per gate, in policy order.
    pub outcomes: Vec<Outcome>,
    /// The summary.
    pub verdict: Verdict,
    /// Every metric that has a value, with waivers and the confidence floor applied.
    pub metrics: Vec<(Metric, f64)>,
    /// Every custom metric the policy declares that has a value, with its unit, in declaration order.
    pub custom_metrics: Vec<(String, Unit, f64)>,
    /// Which findings and vulnerabilities counted, and why the others did not.
    pub triage: Triage,
    /// Indexes of the policy's waivers that expired and no longer apply.
    pub expired_waivers: Vec<usize>,
    /// Indexes of the policy's quarantines past their expiry date, no longer applied.
    pub expired_quarantines: Vec<usize>,
    /// The policy's quarantines, which `triage.quarantined` indexes.
    pub quarantines: Vec<super::Quarantine>,
    /// The policy's waivers, which [`Disposition::Waived`](super::Disposition) points into.
    pub waivers: Vec<super::Waiver>,
    /// The benchmarks compared with the benchmark baseline, when one was given.
    pub bench: Option<BenchComparison>,
    /// With a baseline, for each finding of the reports (in order), whether the baseline lacks it.
    pub new_findings: Option<Vec<bool>>,
    /// What the outputs call the policy, when the caller named it.
    pub policy_name: Option<String>,
    /// Which history entry the baseline is, when it was taken from a history.
    pub baseline_origin: Option<BaselineOrigin>,
    /// The tests a history found intermittent, lowest pass rate first.
    pub intermittent: Vec<IntermittentTest>,
    /// The headline figures of the target branch's last runs in the history, then this run's;
    /// empty without a history.
    pub trend: Vec<TrendPoint>,
}

impl Evaluation {
    /// The policy has gates but none of them had its input: nothing was checked.
    pub fn nothing_evaluated(&self) -> bool {
        !self.outcomes.is_empty() && self.outcomes.iter().all(|outcome| outcome.status == Status::Skipped)
    }
}

/// Applies every gate of `policy` to `metrics`.
pub fn evaluate(policy: &Policy, metrics: &Metrics, options: &EvaluateOptions) -> Evaluation {
    let triage = Triage::new(metrics, &policy.waivers, policy.min_confidence, options.today)
        .with_license_rules(metrics, &policy.licenses)
        .with_quarantines(metrics, &policy.quarantines, options.today);
    let bench = match (&options.bench_baseline, &metrics.benchmarks) {
        (Some(baseline), Some(candidate)) => Some(compare_benchmarks(baseline, candidate, &policy.bench)),
        _ => None,
    };
    let values = metrics.all_values(
        &triage,
        options.baseline.as_ref(),
        bench.as_ref(),
        options.intermittent.as_deref(),
    );
    let outcomes: Vec<Outcome> =
        policy.gates.iter().map(|gate| apply(gate, metrics, &values, &policy.path_map, options)).collect();
    let worst = outcomes.iter().map(|outcome| outcome.status).fold(Verdict::Pass, |verdict, status| {
        verdict.max(match status {
            Status::Fail => Verdict::Fail,
            Status::Warn if options.strict => Verdict::Fail,
            Status::Warn => Verdict::Warn,
            Status::Pass | Status::Skipped => Verdict::Pass,
        })
    });
    let expired_waivers = (0..policy.waivers.len())
        .filter(|&at| policy.waivers.get(at).is_some_and(|waiver| waiver.expired(options.today)))
        .collect();
    let mut evaluation = Evaluation {
        outcomes,
        verdict: worst,
        metrics: values
            .into_iter()
            .filter_map(|(metric, value)| value.ok().map(|value| (metric, value)))
            .collect(),
        custom_metrics: policy
            .custom_metrics
            .iter()
            .filter_map(|metric| {
                let value = metrics.custom.get(&metric.name)?.clone().ok()?;
                Some((metric.name.clone(), metric.unit, value))
            })
            .collect(),
        triage,
        expired_waivers,
        expired_quarantines: (0..policy.quarantines.len())
            .filter(|&at| {
                policy.quarantines.get(at).is_some_and(|quarantine| quarantine.expired(options.today))
            })
            .collect(),
        quarantines: policy.quarantines.clone(),
        waivers: policy.waivers.clone(),
        bench,
        new_findings: options.baseline.as_ref().map(|baseline| baseline.new_findings(metrics)),
        policy_name: None,
        baseline_origin: None,
        intermittent: options.intermittent.clone().unwrap_or_default(),
        trend: Vec::new(),
    };
    if evaluation.nothing_evaluated() {
        evaluation.verdict = Verdict::Fail;
    }
    evaluation
}

fn apply(
    gate: &Gate,
    metrics: &Metrics,
    values: &[(Metric, Result<f64, Unavailable>)],
    path_map: &PathMap,
    options: &EvaluateOptions,
) -> Outcome {
    let baseline = options.baseline.as_ref();
    let (actual, detail) = match (&gate.scope, gate.metric.terms.as_slice()) {
        (Some(scope), [Term::Builtin(metric)]) => scoped_value(*metric, gate, scope, metrics, path_map),
        _ => {
            let value_of = |term: &Term| match term {
                Term::Builtin(term) => values
                    .iter()
                    .find(|(metric, _)| metric == term)
                    .map_or(Err(Unavailable::NoReport(term.family())), |(_, value)| value.clone()),
                Term::Custom { name, .. } => metrics
                    .custom
                    .get(name)
                    .cloned()
                    .unwrap_or_else(|| Err(Unavailable::NotGiven(Wanted::CustomValue(name.clone())))),
                Term::Change { name, .. } => change_rule(metrics, name).map(|rule| rule.value),
            };
            let current: Result<f64, Unavailable> = gate.metric.terms.iter().map(value_of).sum();
            match &gate.change {
                Some(change) => {
                    let moved = |current: f64| {
                        let was = baseline_value(gate, baseline)?;
                        if change.in_percent { percent_change(current, was) } else { Ok(current - was) }
                    };
                    (current.and_then(moved), None)
                }
                None => (current, None),
            }
        }
    };
    let actual = match (actual, &options.baseline_missing) {
        (Err(Unavailable::NoReport(Family::Baseline)), Some(why)) => Err(Unavailable::Missing(why.clone())),
        (actual, _) => actual,
    };
    let detail = detail
        .or_else(|| title_problem(gate, metrics))
        .or_else(|| coverage_parts(gate, metrics))
        .or_else(|| changed_files(gate, metrics));
    let status = match &actual {
        Err(_) if gate.required => Status::Fail,
        Err(_) => Status::Skipped,
        Ok(value) if within(gate, *value) => Status::Pass,
        Ok(_) => match gate.severity {
            Severity::Fail => Status::Fail,
            Severity::Warn => Status::Warn,
        },
    };
    let was = if gate.scope.is_none() { baseline_value(gate, baseline).ok() } else { None };
    Outcome { gate: gate.clone(), actual, status, detail, inputs: options.inputs, baseline: was }
}

/// What is wrong with the pull-request title, for a gate on `pr.title_conventional`.
fn title_problem(gate: &Gate, metrics: &Metrics) -> Option<Detail> {
    if !gate.metric.terms.contains(&Term::Builtin(Metric::PrTitleConventional)) {
        return None;
    }
    let title = metrics.pull_request.as_ref()?.title.as_ref()?;
    let problem = title.problem.clone()?;
    Some(Detail::TitleProblem { title: title.title.clone(), problem })
}

/// The value of the `[[change]]` rule whose metric is `name`; absent without a diff.
fn change_rule<'a>(metrics: &'a Metrics, name: &str) -> Result<&'a ChangeRuleValue, Unavailable> {
    let rules = metrics.changes.as_ref().ok_or(Unavailable::NoReport(Family::Diff))?;
    rules
        .iter()
        .find(|rule| rule.metric == name)
        .ok_or(Unavailable::NotMeasured("the change rule was not applied to the diff"))
}

/// The files behind a gate on one `[[change]]` rule.
fn changed_files(gate: &Gate, metrics: &Metrics) -> Option<Detail> {
    match gate.metric.terms.as_slice() {
        [Term::Change { name, .. }] => change_rule(metrics, name).ok().cloned().map(Detail::ChangedFiles),
        _ => None,
    }
}

/// Lines and branches apart, for an unscoped gate on `coverage.total` over a report with branch data.
fn coverage_parts(gate: &Gate, metrics: &Metrics) -> Option<Detail> {
    if gate.scope.is_some() || gate.metric.terms != [Term::Builtin(Metric::CoverageTotal)] {
        return None;
    }
    let coverage = metrics.coverage.as_ref().filter(|coverage| coverage.branches_measured)?;
    let totals = coverage.totals();
    Some(Detail::CoverageParts { lines: totals.line_percent(), branches: totals.branch_percent() })
}

/// A coverage metric over the files a scope selects: all of them together, or each on its own
/// with the worst one (lowest under a `min`, highest under a `max`) deciding.
fn scoped_value(
    metric: Metric,
    gate: &Gate,
    scope: &Scope,
    metrics: &Metrics,
    path_map: &PathMap,
) -> (Result<f64, Unavailable>, Option<Detail>) {
    let Some(coverage) = &metrics.coverage else {
        return (Err(Unavailable::NoReport(metric.family())), None);
    };
    let files: Vec<_> = coverage
        .files
        .iter()
        .filter(|(path, _)| scope.matches(&path_map.candidates(path, &coverage.source_roots)))
        .collect();
    if files.is_empty() {
        return (
            Err(Unavailable::NotMeasured("no file of the coverage report matches the gate's paths")),
            None,
        );
    }
    if !scope.each_file {
        let totals = files.iter().fold(CoverageTotals::default(), |sum, (_, file)| sum.plus(&file.totals()));
        return (coverage_metric(metric, &totals, coverage.branches_measured), None);
    }
    let wants_low = gate.min.is_some();
    let worst = files
        .iter()
        .filter_map(|(path, file)| {
            coverage_metric(metric, &file.totals(), coverage.branches_measured)
                .ok()
                .map(|value| (value, *path))
        })
        .reduce(|worst, next| {
            let worse = if wants_low { next.0 < worst.0 } else { next.0 > worst.0 };
            if worse { next } else { worst }
        });
    match worst {
        Some((value, path)) => (Ok(value), Some(Detail::WorstFile(path.clone()))),
        None => (Err(Unavailable::NotMeasured("no matching file has a value for this metric")), None),
    }
}

fn within(gate: &Gate, value: f64) -> bool {
    let change = gate.change.unwrap_or_default();
    gate.min.is_none_or(|min| value >= min)
        && gate.max.is_none_or(|max| value <= max)
        && change.max_decrease.is_none_or(|decrease| value >= -decrease)
        && change.max_increase.is_none_or(|increase| value <= increase)
}

/// How far `current` moved from `was`, in percent of `was`; from 0 only "no change" has a value.
pub(super) fn percent_change(current: f64, was: f64) -> Result<f64, Unavailable> {
    if was == 0.0 {
        return if current == 0.0 {
            Ok(0.0)
        } else {
            Err(Unavailable::NotMeasured(
                "the baseline's value is 0, so a change in percent of it has no value",
            ))
        };
    }
    Ok((current - was) / was.abs() * 100.0)
}

/// The gate's metric in the baseline, for a change gate.
fn baseline_value(gate: &Gate, baseline: Option<&Baseline>) -> Result<f64, Unavailable> {
    let baseline = baseline.ok_or(Unavailable::NoReport(crate::model::Family::Baseline))?;
    gate.metric
        .terms
        .iter()
        .map(|term| {
            baseline
                .metrics
                .get(term.name())
                .copied()
                .ok_or(Unavailable::NotMeasured("the baseline has no value for this metric"))
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Problem, TestCase, TestRun, TestStatus};

    fn metrics_with_tests(statuses: Vec<TestStatus>) -> Metrics {
        let cases = statuses
            .into_iter()
            .enumerate()
            .map(|(at, status)| TestCase::new(format!("t{at}"), status))
            .collect();
        Metrics { tests: Some(TestRun::new(cases, None)), ..Metrics::default() }
    }

    #[test]
    fn missing_report_skips_gate_but_fails_when_required() {
        let policy = Policy::from_toml_str(
            "[[gate]]\nmetric = \"coverage.lines\"\nmin = 80\n\n[[gate]]\nmetric = \"tests.total\"\nmin = 1\n",
        )
        .unwrap();
        let metrics = metrics_with_tests(vec![TestStatus::Passed]);
        let evaluation = evaluate(&policy, &metrics, &EvaluateOptions::default());
        assert_eq!(evaluation.outcomes[0].status, Status::Skipped);
        assert_eq!(evaluation.verdict, Verdict::Pass);

        let required =
            Policy::from_toml_str("[[gate]]\nmetric = \"coverage.lines\"\nmin = 80\nrequired = true\n")
                .unwrap();
        let evaluation = evaluate(&required, &metrics, &EvaluateOptions::default());
        assert_eq!(evaluation.outcomes[0].status, Status::Fail);
        assert_eq!(evaluation.verdict, Verdict::Fail);
    }

    #[test]
    fn all_gates_skipped_is_not_a_pass() {
        let policy = Policy::from_toml_str("[[gate]]\nmetric = \"coverage.lines\"\nmin = 80\n").unwrap();
        let evaluation = evaluate(&policy, &metrics_with_tests(vec![]), &EvaluateOptions::default());
        assert!(evaluation.nothing_evaluated());
        assert_eq!(evaluation.verdict, Verdict::Fail);
    }

    #[test]
    fn sums_metrics_and_applies_severity() {
        let policy = Policy::from_toml_str(
            "[[gate]]\nmetric = \"tests.failed + tests.errors\"\nmax = 0\nseverity = \"warn\"\n",
        )
        .unwrap();
        let metrics = metrics_with_tests(vec![
            TestStatus::Passed,
            TestStatus::Failed(Problem::default()),
            TestStatus::Errored(Problem::default()),
        ]);
        let evaluation = evaluate(&policy, &metrics, &EvaluateOptions::default());
        assert_eq!(evaluation.outcomes[0].actual, Ok(2.0));
        assert_eq!(evaluation.verdict, Verdict::Warn);
        let strict = evaluate(&policy, &metrics, &EvaluateOptions::strict(true));
        assert_eq!(strict.verdict, Verdict::Fail);
    }

    #[test]
    fn bounds_are_inclusive() {
        let policy = Policy::from_toml_str("[[gate]]\nmetric = \"tests.total\"\nmin = 2\nmax = 2\n").unwrap();
        let metrics = metrics_with_tests(vec![TestStatus::Passed, TestStatus::Passed]);
        assert_eq!(evaluate(&policy, &metrics, &EvaluateOptions::default()).verdict, Verdict::Pass);
    }
}

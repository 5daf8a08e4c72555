//! The front door: every input of a check gathered step by step, then evaluated.

use std::collections::BTreeMap;

use crate::compare::{Baseline, BaselineOrigin, History, TestIds, TrendPoint};
use crate::model::{
    BenchmarkRun, Diff, InputNames, Metrics, PatchCoverage, PullRequestFacts, Report, Unavailable,
};
use crate::policy::{Date, EvaluateOptions, Evaluation, Policy, evaluate};

/// One check of a change against a policy: the reports and the other inputs `gates check` takes.
///
/// ```
/// # use gates_core::{Check, Format, Policy, parse_str};
/// let policy = Policy::from_toml_str("[[gate]]\nmetric = \"tests.failed\"\nmax = 0\n")?;
/// let report = parse_str(Format::Junit, r#"<testsuite name="unit"><testcase name="t"/></testsuite>"#)?;
/// let checked = Check::new(&policy).report("junit.xml", report).run();
/// assert!(checked.evaluation.verdict.passed());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
#[must_use = "a check does nothing until it is run"]
pub struct Check<'p> {
    policy: &'p Policy,
    metrics: Metrics,
    diff: Option<Diff>,
    file_heads: BTreeMap<String, String>,
    baseline: Option<Baseline>,
    baseline_origin: Option<BaselineOrigin>,
    baseline_missing: Option<String>,
    history: Option<History>,
    trend_line: Vec<String>,
    bench_baseline: Option<BenchmarkRun>,
    today: Option<Date>,
    strict: bool,
    inputs: &'static InputNames,
    policy_name: Option<String>,
}

/// A check that was run: the evaluation and the merged figures it was made from, which every
/// output needs.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Checked {
    /// Every gate's outcome and the verdict.
    pub evaluation: Evaluation,
    /// The merged reports, with the patch coverage when a diff was given.
    pub metrics: Metrics,
}

impl<'p> Check<'p> {
    /// How many earlier runs of the target branch the trend shows.
    pub const TREND_RUNS: usize = 20;

    /// A check of no reports yet under `policy`.
    pub fn new(policy: &'p Policy) -> Self {
        Self {
            policy,
            metrics: Metrics::new(),
            diff: None,
            file_heads: BTreeMap::new(),
            baseline: None,
            baseline_origin: None,
            baseline_missing: None,
            history: None,
            trend_line: Vec::new(),
            bench_baseline: None,
            today: None,
            strict: false,
            inputs: &InputNames::LIBRARY,
            policy_name: None,
        }
    }

    /// A check of reports already merged into `metrics` (by [`Metrics::add`]).
    pub fn with_metrics(policy: &'p Policy, metrics: Metrics) -> Self {
        Self { metrics, ..Self::new(policy) }
    }

    /// Adds a report read from `path` (the name outputs give it).
    pub fn report(mut self, path: impl Into<String>, report: Report) -> Self {
        self.metrics.add(path, report);
        self
    }

    /// The change, for patch coverage and the policy's `[[change]]` rules; its size is a
    /// pull-request fact given apart.
    pub fn diff(mut self, diff: Diff) -> Self {
        self.diff = Some(diff);
        self
    }

    /// The first lines of a changed file, for the policy's licence header: the caller reads
    /// those of every file [`Policy::license_header_files`] names.
    pub fn file_head(mut self, path: impl Into<String>, head: impl Into<String>) -> Self {
        self.file_heads.insert(path.into(), head.into());
        self
    }

    /// A snapshot of an earlier run, for new findings and change gates.
    pub fn baseline(mut self, baseline: Baseline) -> Self {
        self.baseline = Some(baseline);
        self
    }

    /// A baseline taken from a history, with which entry it is (the outputs name it).
    pub fn history_baseline(mut self, baseline: Baseline, origin: BaselineOrigin) -> Self {
        self.baseline = Some(baseline);
        self.baseline_origin = Some(origin);
        self
    }

    /// No baseline was found where one was looked for: change gates are skipped with `reason`.
    pub fn no_baseline(mut self, reason: impl Into<String>) -> Self {
        self.baseline_missing = Some(reason.into());
        self
    }

    /// The history of earlier runs, for `tests.intermittent` (its baseline is given apart, by
    /// [`Check::history_baseline`]).
    pub fn history(mut self, history: History) -> Self {
        self.history = Some(history);
        self
    }

    /// The commits of the target branch, newest first (the merge-base and its first-parent
    /// ancestors): the trend shows the last [`Check::TREND_RUNS`] of them that the history has.
    pub fn trend_line(mut self, commits: Vec<String>) -> Self {
        self.trend_line = commits;
        self
    }

    /// The benchmark timings to compare the candidate's with.
    pub fn bench_baseline(mut self, run: BenchmarkRun) -> Self {
        self.bench_baseline = Some(run);
        self
    }

    /// The value of a custom metric the policy declares, or why there is none.
    pub fn custom_metric(mut self, name: impl Into<String>, value: Result<f64, Unavailable>) -> Self {
        self.metrics.custom.insert(name.into(), value);
        self
    }

    /// What is known of the pull request.
    pub fn pull_request(mut self, facts: PullRequestFacts) -> Self {
        self.metrics.pull_request = Some(facts);
        self
    }

    /// Today's date, after which expired waivers no longer apply.
    pub fn today(mut self, today: Date) -> Self {
        self.today = Some(today);
        self
    }

    /// Whether a warning fails the verdict.
    pub fn strict(mut self, strict: bool) -> Self {
        self.strict = strict;
        self
    }

    /// How the reasons of skipped gates name the inputs that were not given (default:
    /// [`InputNames::LIBRARY`], this type's own calls).
    pub fn naming_inputs(mut self, inputs: &'static InputNames) -> Self {
        self.inputs = inputs;
        self
    }

    /// What the outputs call the policy: its file, or "built-in default".
    pub fn policy_name(mut self, name: impl Into<String>) -> Self {
        self.policy_name = Some(name.into());
        self
    }

    /// The reports and values gathered so far.
    pub fn metrics(&self) -> &Metrics {
        &self.metrics
    }

    /// Evaluates the policy.
    pub fn run(self) -> Checked {
        let Check {
            policy,
            mut metrics,
            diff,
            file_heads,
            baseline,
            baseline_origin,
            baseline_missing,
            history,
            trend_line,
            bench_baseline,
            today,
            strict,
            inputs,
            policy_name,
        } = self;
        let mut options = EvaluateOptions::strict(strict).naming_inputs(inputs);
        if let Some(today) = today {
            options = options.on(today);
        }
        if let Some(baseline) = baseline {
            options = options.with_baseline(baseline);
        }
        if let Some(reason) = baseline_missing {
            options = options.without_baseline(reason);
        }
        if let Some(history) = &history {
            let current = metrics.tests.as_ref().map(TestIds::of);
            options =
                options.with_intermittent(history.intermittent(policy.history_window, current.as_ref()));
        }
        if let Some(run) = bench_baseline {
            options = options.with_bench_baseline(run);
        }
        if let (Some(diff), Some(coverage)) = (&diff, &metrics.coverage) {
            metrics.patch = Some(PatchCoverage::compute(coverage, diff, &policy.path_map));
        }
        if let Some(diff) = &diff {
            metrics.changes =
                Some(policy.change_rules.iter().map(|rule| rule.apply(diff, &policy.pr_ignore)).collect());
            metrics.license_headers = Some(match &policy.license_header {
                Some(rule) => rule.check(diff, &policy.pr_ignore, &file_heads),
                None => Err("the policy has no [license-header] table".to_owned()),
            });
        }
        let mut evaluation = evaluate(policy, &metrics, &options);
        evaluation.policy_name = policy_name;
        evaluation.baseline_origin = baseline_origin;
        if let Some(history) = &history {
            let mut trend = history.trend(&trend_line, Self::TREND_RUNS);
            let values = evaluation.metrics.iter().map(|(metric, value)| (metric.name().to_owned(), *value));
            let medians =
                metrics.benchmarks.iter().flat_map(|run| &run.benchmarks).map(|bench| bench.stats.median);
            trend.push(TrendPoint::new("this run", &values.collect(), medians));
            evaluation.trend = trend;
        }
        Checked { evaluation, metrics }
    }
}

//! Comparing a candidate with a baseline: benchmark timings, change by change (pure).
//!
//! [`compare_benchmarks`] matches benchmarks by full name (the test's node id, as pytest-benchmark
//! does in `BenchmarkSession.prepare_benchmarks`), falling back to the name when a producer wrote
//! no full name, and gives each a [`BenchRow`] with a [`BenchVerdict`].
//!
//! # The relative change is pytest-benchmark's
//! Read from pytest-benchmark 5.3.1 (`utils.py`, `table.py`):
//! - `--benchmark-compare-fail=mean:10%` builds a `PercentageRegressionCheck`, whose `compute` is
//!   `current / compared * 100 - 100` (candidate over reference), and `fails` when that value is
//!   **strictly greater** than the threshold (a whole number of percent). A zero reference gives
//!   `inf`, which always fails.
//! - `pytest-benchmark compare --between=mean` prints `(cmp - base) / abs(base) * 100` as
//!   `{:+.1f}%`, and `N/A` for a zero reference; the plain `compare` table prints each value's
//!   ratio to the best of its group, `(1.15)`.
//!
//! [`BenchRow::change_percent`] is computed with the first expression, floating-point operation for
//! operation, so a change exactly at a bound is judged as pytest-benchmark judges it; it is the
//! figure `--between` prints, to its precision. A bound is crossed only when the change is strictly
//! greater: with `fail_percent = 20`, +20.0% warns and +20.000001% fails.
//!
//! # Direction and units
//! A benchmark's [`Measure`] says which way is better: a time, bytes or allocations get worse as
//! they grow, a throughput (`MB/s`, `ops/s`) as it shrinks. `change_percent` is always the
//! figure's own relative change, the one the tools print (Criterion's `change`, hyperfine's
//! ratio of means); the bounds apply to the change in the worse direction, so a throughput down
//! 25% is a 25% regression. Figures in two time units (`us/op` and `ns/op`) are scaled to the
//! baseline's; a benchmark measured in other units or directions on the two sides is
//! [`BenchVerdict::Incomparable`], named in the notes.
//!
//! Where we differ from pytest-benchmark: a zero baseline against a zero candidate is unchanged
//! (pytest-benchmark fails it as `inf`); a zero baseline against a positive candidate is a
//! regression of unknown size (no `change_percent`, and [`BenchComparison::max_slowdown`] is an
//! error naming the benchmark). Improvements mirror warnings: a change below `-warn_percent` is [`BenchVerdict::Improved`].
//!
//! # Significance
//! Each matched pair also gets a two-sided test ([`stats`]): Mann-Whitney U over the raw round
//! times when both reports kept them, else Welch's t-test from mean, standard deviation and
//! rounds. With [`CompareOptions::require_significance`], a change whose p-value is not below
//! `alpha` is [`BenchVerdict::Unchanged`], whatever its size; when no test could be made (a single
//! round, zero spread on both sides) the size alone decides. Without raw times, whether the
//! interquartile ranges overlap ([`BenchRow::spread_overlap`]) is a rougher hint of noise.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::fmt;

use serde::{Serialize, Serializer};

use super::stats::Summary;
use crate::model::{Benchmark, BenchmarkRun, Direction, MachineInfo, Measure, MeasureUnit};

/// Which figure of a benchmark's timings is compared.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Statistic {
    /// The mean round time (pytest-benchmark's `--benchmark-compare-fail=mean:…`).
    #[default]
    Mean,
    /// The median round time: robust to a few slow rounds.
    Median,
    /// The fastest round: the least noisy, and blind to slow rounds.
    Min,
}

impl Statistic {
    /// Every statistic.
    pub const ALL: &'static [Statistic] = &[Statistic::Mean, Statistic::Median, Statistic::Min];

    /// The name pytest-benchmark uses (`mean`, `median`, `min`).
    pub fn name(self) -> &'static str {
        match self {
            Statistic::Mean => "mean",
            Statistic::Median => "median",
            Statistic::Min => "min",
        }
    }

    /// The statistic with this name.
    pub fn from_name(name: &str) -> Option<Statistic> {
        Statistic::ALL.iter().copied().find(|statistic| statistic.name() == name)
    }

    /// This figure of a benchmark, in its unit.
    pub fn of(self, benchmark: &Benchmark) -> f64 {
        match self {
            Statistic::Mean => benchmark.stats.mean,
            Statistic::Median => benchmark.stats.median,
            Statistic::Min => benchmark.stats.min,
        }
    }
}

impl fmt::Display for Statistic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How to compare: the figure, the bounds in percent and whether a change must be significant.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct CompareOptions {
    /// The figure compared.
    pub statistic: Statistic,
    /// A slowdown strictly above this many percent warns (and a speed-up beyond it improves).
    pub warn_percent: f64,
    /// A slowdown strictly above this many percent is a regression.
    pub fail_percent: f64,
    /// Only a statistically significant change counts.
    pub require_significance: bool,
    /// The significance level: a p-value below it is significant.
    pub alpha: f64,
}

impl Default for CompareOptions {
    /// The mean, warn above 10%, fail above 20%, no significance required, alpha 0.05.
    fn default() -> Self {
        Self {
            statistic: Statistic::Mean,
            warn_percent: 10.0,
            fail_percent: 20.0,
            require_significance: false,
            alpha: 0.05,
        }
    }
}

impl CompareOptions {
    /// The default options comparing `statistic`.
    pub fn new(statistic: Statistic) -> Self {
        Self { statistic, ..Self::default() }
    }

    /// The same options with other bounds, in percent.
    pub fn with_bounds(self, warn_percent: f64, fail_percent: f64) -> Self {
        Self { warn_percent, fail_percent, ..self }
    }

    /// The same options counting only changes significant at level `alpha`.
    pub fn requiring_significance(self, alpha: f64) -> Self {
        Self { require_significance: true, alpha, ..self }
    }
}

/// What became of one benchmark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum BenchVerdict {
    /// Faster by more than the warning bound.
    Improved,
    /// Within the warning bound either way (or not significant, when that is required).
    Unchanged,
    /// Slower by more than the warning bound, not more than the failure bound.
    Warn,
    /// Slower by more than the failure bound.
    Regressed,
    /// Only in the candidate.
    Added,
    /// Only in the baseline.
    Removed,
    /// Measured in other units or directions on the two sides (`ns/op` against `B/op`, JMH's
    /// throughput against its average time): not compared.
    Incomparable,
}

/// A significance test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SignificanceTest {
    /// Mann-Whitney U over both reports' raw round times.
    MannWhitneyU,
    /// Welch's t-test from mean, standard deviation and rounds.
    WelchT,
}

impl SignificanceTest {
    /// The test's usual name (`Mann-Whitney U`, `Welch's t-test`).
    pub fn name(self) -> &'static str {
        match self {
            SignificanceTest::MannWhitneyU => "Mann-Whitney U",
            SignificanceTest::WelchT => "Welch's t-test",
        }
    }
}

impl fmt::Display for SignificanceTest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for SignificanceTest {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// Whether the difference between baseline and candidate is more than noise.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct Significance {
    /// The test made.
    #[schemars(with = "String", extend("enum" = ["Mann-Whitney U", "Welch's t-test"]))]
    pub test: SignificanceTest,
    /// Its two-sided p-value.
    pub p_value: f64,
    /// Whether `p_value` is below the level asked for.
    pub significant: bool,
}

/// One benchmark, baseline against candidate.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct BenchRow {
    /// The full name it was matched by (or its name, when the report gave no full name).
    pub name: String,
    /// Its group, where one was set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The unit of `baseline` and `candidate` as the tool prints it (`ns/op`, `MB/s`); absent
    /// for seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Which way is better; absent for lower is better.
    #[serde(skip_serializing_if = "lower_is_better")]
    pub direction: Direction,
    /// The compared figure in the baseline, in seconds or `unit`.
    pub baseline: Option<f64>,
    /// The compared figure in the candidate, in seconds or `unit` (scaled to the baseline's time
    /// unit where the two differ).
    pub candidate: Option<f64>,
    /// `candidate / baseline * 100 - 100`: positive is a larger figure (slower, for a time).
    /// Absent unless both are present and the baseline is positive.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change_percent: Option<f64>,
    /// What became of it.
    pub verdict: BenchVerdict,
    /// The significance test, where one could be made.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub significance: Option<Significance>,
    /// Without raw times on both sides: whether the interquartile ranges `[q1, q3]` overlap.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spread_overlap: Option<bool>,
}

fn lower_is_better(direction: &Direction) -> bool {
    *direction == Direction::LowerIsBetter
}

impl BenchRow {
    /// How much worse the figure got, in percent: the change for a figure where lower is
    /// better, its opposite where higher is; negative is better.
    pub fn worsening_percent(&self) -> Option<f64> {
        self.change_percent.map(|change| match self.direction {
            Direction::LowerIsBetter => change,
            Direction::HigherIsBetter => -change,
        })
    }
}

/// A candidate's benchmarks against a baseline's.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct BenchComparison {
    /// The options compared with.
    pub options: CompareOptions,
    /// One row per benchmark: the largest slowdown first, then speed-ups, then added and removed
    /// benchmarks; ties by name.
    pub rows: Vec<BenchRow>,
    /// How the two machines differ (`CPU differs: X vs Y`), which makes any change suspect.
    pub machine_mismatch: Vec<String>,
    /// Benchmarks timed differently on the two sides (iterations per round, timer, what
    /// calibrated the rounds), one line each by name: not a fair comparison.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub setup_mismatch: Vec<String>,
    /// What the comparison noticed but read past (a benchmark listed twice).
    pub notes: Vec<String>,
}

impl BenchComparison {
    /// How many benchmarks regressed beyond the failure bound (significantly, when required).
    pub fn regressions(&self) -> usize {
        self.count(BenchVerdict::Regressed)
    }

    /// How many benchmarks slowed beyond the warning bound but not the failure bound.
    pub fn warnings(&self) -> usize {
        self.count(BenchVerdict::Warn)
    }

    /// How many benchmarks sped up beyond the warning bound.
    pub fn improvements(&self) -> usize {
        self.count(BenchVerdict::Improved)
    }

    /// The largest slowdown in percent (the change in the worse direction), significant or not;
    /// 0 when nothing got worse. A benchmark timed at zero in the baseline that now takes time
    /// has no relative slowdown: that is an error naming it, never an infinite percentage (it
    /// still counts as a regression).
    pub fn max_slowdown(&self) -> Result<f64, String> {
        if let Some(row) = self
            .rows
            .iter()
            .find(|row| row.change_percent.is_none() && row.verdict == BenchVerdict::Regressed)
        {
            let was = match (&row.unit, row.baseline) {
                (Some(unit), Some(0.0)) => format!("was 0 {unit} in the baseline"),
                (None, Some(0.0)) => "took 0 s in the baseline".to_owned(),
                _ => "changed by more than a percentage can hold".to_owned(),
            };
            return Err(format!(
                "benchmark {} {was}, so its slowdown has no percentage (it counts in bench.regressions)",
                row.name
            ));
        }
        Ok(self.rows.iter().filter_map(BenchRow::worsening_percent).fold(0.0, f64::max))
    }

    fn count(&self, verdict: BenchVerdict) -> usize {
        self.rows.iter().filter(|row| row.verdict == verdict).count()
    }
}

/// Compares every benchmark of `candidate` with the one of the same full name in `baseline`.
pub fn compare_benchmarks(
    baseline: &BenchmarkRun,
    candidate: &BenchmarkRun,
    options: &CompareOptions,
) -> BenchComparison {
    let mut notes = Vec::new();
    let baseline_index = index(baseline, "baseline", &mut notes);
    let candidate_index = index(candidate, "candidate", &mut notes);
    let mut rows = Vec::new();
    for (key, base) in &baseline_index {
        rows.push(match candidate_index.get(key) {
            Some(cand) => compare_pair(base, cand, options, &mut notes),
            None => lone_row(base, options, BenchVerdict::Removed),
        });
    }
    for (key, cand) in &candidate_index {
        if !baseline_index.contains_key(key) {
            rows.push(lone_row(cand, options, BenchVerdict::Added));
        }
    }
    rows.sort_by(row_order);
    BenchComparison {
        options: *options,
        rows,
        machine_mismatch: machine_mismatch(&baseline.machine, &candidate.machine),
        setup_mismatch: setup_mismatch(&baseline_index, &candidate_index),
        notes,
    }
}

/// One line per benchmark on both sides that was timed differently, by name.
fn setup_mismatch(
    baseline: &HashMap<&str, &Benchmark>,
    candidate: &HashMap<&str, &Benchmark>,
) -> Vec<String> {
    let mut pairs: Vec<(&str, &Benchmark, &Benchmark)> = baseline
        .iter()
        .filter_map(|(key, base)| candidate.get(key).map(|cand| (*key, *base, *cand)))
        .collect();
    pairs.sort_by_key(|(key, _, _)| *key);
    pairs
        .into_iter()
        .filter_map(|(key, base, cand)| {
            let differences = setup_differences(base, cand);
            (!differences.is_empty()).then(|| {
                format!(
                    "benchmark {key} was timed differently, which is not a fair comparison: {}",
                    differences.join("; ")
                )
            })
        })
        .collect()
}

/// What differs in how two timings were made, baseline first; a setting only one side names is
/// not compared.
fn setup_differences(base: &Benchmark, cand: &Benchmark) -> Vec<String> {
    fn differs<T: PartialEq + fmt::Display>(
        label: &str,
        before: Option<T>,
        after: Option<T>,
    ) -> Option<String> {
        match (before, after) {
            (Some(before), Some(after)) if before != after => Some(format!("{label} {before} vs {after}")),
            _ => None,
        }
    }
    let (before, after) = (&base.setup, &cand.setup);
    [
        differs("iterations per round", base.stats.iterations, cand.stats.iterations),
        differs("timer", before.timer.as_deref(), after.timer.as_deref()),
        differs("min_rounds", before.min_rounds, after.min_rounds),
        differs("min_time", before.min_time, after.min_time),
        differs("max_time", before.max_time, after.max_time),
        differs("threads", before.threads, after.threads),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// Each benchmark by key, the first of any listed twice.
fn index<'a>(run: &'a BenchmarkRun, side: &str, notes: &mut Vec<String>) -> HashMap<&'a str, &'a Benchmark> {
    let mut index = HashMap::with_capacity(run.benchmarks.len());
    for benchmark in &run.benchmarks {
        if index.contains_key(benchmark.key()) {
            notes.push(format!(
                "benchmark {} is listed twice in the {side}; the first is compared",
                benchmark.key()
            ));
        } else {
            index.insert(benchmark.key(), benchmark);
        }
    }
    index
}

fn lone_row(benchmark: &Benchmark, options: &CompareOptions, verdict: BenchVerdict) -> BenchRow {
    let value = Some(options.statistic.of(benchmark));
    let (baseline, candidate) = if verdict == BenchVerdict::Added { (None, value) } else { (value, None) };
    BenchRow {
        name: benchmark.key().to_owned(),
        group: benchmark.group.clone(),
        unit: unit_name(&benchmark.measure.unit),
        direction: benchmark.measure.direction,
        baseline,
        candidate,
        change_percent: None,
        verdict,
        significance: None,
        spread_overlap: None,
    }
}

fn compare_pair(
    base: &Benchmark,
    cand: &Benchmark,
    options: &CompareOptions,
    notes: &mut Vec<String>,
) -> BenchRow {
    let before = options.statistic.of(base);
    let Some(scale) = candidate_scale(&base.measure, &cand.measure) else {
        notes.push(format!(
            "benchmark {} is measured in {} in the baseline and {} in the candidate, so it is not compared",
            cand.key(),
            measure_text(&base.measure),
            measure_text(&cand.measure)
        ));
        return BenchRow {
            baseline: Some(before),
            candidate: None,
            verdict: BenchVerdict::Incomparable,
            ..lone_row(base, options, BenchVerdict::Incomparable)
        };
    };
    // Scaling by 1 is exact, so figures in one unit keep pytest-benchmark's arithmetic.
    let after = options.statistic.of(cand) * scale;
    let direction = base.measure.direction;
    let change_percent = relative_change(before, after);
    let significance = significance(base, cand, scale, options.alpha);
    let worsening = change_percent.map(|change| match direction {
        Direction::LowerIsBetter => change,
        Direction::HigherIsBetter => -change,
    });
    let by_size = match worsening {
        Some(worse) if worse > options.fail_percent => BenchVerdict::Regressed,
        Some(worse) if worse > options.warn_percent => BenchVerdict::Warn,
        Some(worse) if worse < -options.warn_percent => BenchVerdict::Improved,
        Some(_) => BenchVerdict::Unchanged,
        // From zero to something (pytest-benchmark's `inf`), or a rise too large for a
        // percentage: worse for a time, better for a rate.
        None if after > before => match direction {
            Direction::LowerIsBetter => BenchVerdict::Regressed,
            Direction::HigherIsBetter => BenchVerdict::Improved,
        },
        None => BenchVerdict::Unchanged,
    };
    let noise = options.require_significance && significance.is_some_and(|test| !test.significant);
    let spread_overlap = (base.data.is_none() || cand.data.is_none())
        .then_some(base.stats.q1 <= cand.stats.q3 * scale && cand.stats.q1 * scale <= base.stats.q3);
    BenchRow {
        name: cand.key().to_owned(),
        group: cand.group.clone().or_else(|| base.group.clone()),
        unit: unit_name(&base.measure.unit),
        direction,
        baseline: Some(before),
        candidate: Some(after),
        change_percent,
        verdict: if noise { BenchVerdict::Unchanged } else { by_size },
        significance,
        spread_overlap,
    }
}

/// What the candidate's figures are multiplied by to be in the baseline's unit: 1 for the same
/// measure, the ratio of two time units, `None` when they do not compare.
fn candidate_scale(base: &Measure, cand: &Measure) -> Option<f64> {
    if base.direction != cand.direction {
        return None;
    }
    if base.unit == cand.unit {
        return Some(1.0);
    }
    Some(cand.unit.seconds()? / base.unit.seconds()?)
}

/// The unit as outputs name it; `None` for seconds, which are shown in the unit that reads best.
fn unit_name(unit: &MeasureUnit) -> Option<String> {
    match unit {
        MeasureUnit::Seconds => None,
        MeasureUnit::Named(name) => Some(name.clone()),
    }
}

/// `ns/op (lower is better)`, for notes.
fn measure_text(measure: &Measure) -> String {
    let unit = unit_name(&measure.unit).unwrap_or_else(|| "seconds".to_owned());
    let better = match measure.direction {
        Direction::LowerIsBetter => "lower",
        Direction::HigherIsBetter => "higher",
    };
    format!("{unit} ({better} is better)")
}

/// pytest-benchmark's `PercentageRegressionCheck.compute`, operation for operation.
/// `None` where there is no finite percentage (a baseline of 0, or a change too large for one).
fn relative_change(before: f64, after: f64) -> Option<f64> {
    (before > 0.0 && before.is_finite() && after.is_finite())
        .then(|| after / before * 100.0 - 100.0)
        .filter(|change| change.is_finite())
}

/// The test of whether `cand` differs from `base`, its figures times `scale` in the baseline's unit.
fn significance(base: &Benchmark, cand: &Benchmark, scale: f64, alpha: f64) -> Option<Significance> {
    let rank_test = match (&base.data, &cand.data) {
        (Some(before), Some(after)) => {
            let scaled: Vec<f64>;
            let after = if scale == 1.0 {
                after
            } else {
                scaled = after.iter().map(|value| value * scale).collect();
                &scaled
            };
            super::stats::mann_whitney_u(before, after)
                .map(|test| (SignificanceTest::MannWhitneyU, test.p_value))
        }
        _ => None,
    };
    let (test, p_value) = rank_test.or_else(|| {
        let summary = |benchmark: &Benchmark, scale: f64| {
            Summary::new(benchmark.stats.mean * scale, benchmark.stats.stddev * scale, benchmark.stats.rounds)
        };
        super::stats::welch_t_test(&summary(base, 1.0), &summary(cand, scale))
            .map(|test| (SignificanceTest::WelchT, test.p_value))
    })?;
    Some(Significance { test, p_value, significant: p_value < alpha })
}

/// A row's slowdown for ordering: how much worse it got, infinite for a regression of unknown size.
fn slowdown(row: &BenchRow) -> f64 {
    match (row.worsening_percent(), row.verdict) {
        (Some(change), _) => change,
        (None, BenchVerdict::Regressed) => f64::INFINITY,
        (None, _) => f64::NEG_INFINITY,
    }
}

fn row_order(left: &BenchRow, right: &BenchRow) -> Ordering {
    let place = |row: &BenchRow| match row.verdict {
        BenchVerdict::Added => 1,
        BenchVerdict::Removed => 2,
        BenchVerdict::Incomparable => 3,
        _ => 0,
    };
    place(left)
        .cmp(&place(right))
        .then_with(|| slowdown(right).total_cmp(&slowdown(left)))
        .then_with(|| left.name.cmp(&right.name))
}

fn machine_mismatch(baseline: &MachineInfo, candidate: &MachineInfo) -> Vec<String> {
    // The host name is left out: CI runners get a new one every job.
    let parts = [
        ("CPU", &baseline.cpu, &candidate.cpu),
        ("Architecture", &baseline.machine, &candidate.machine),
        ("OS", &baseline.system, &candidate.system),
        ("Python implementation", &baseline.python_implementation, &candidate.python_implementation),
        ("Python", &baseline.python_version, &candidate.python_version),
        ("Toolchain", &baseline.toolchain, &candidate.toolchain),
    ];
    parts
        .into_iter()
        .filter_map(|(label, before, after)| match (before, after) {
            (Some(before), Some(after)) if before != after => {
                Some(format!("{label} differs: {before} vs {after}"))
            }
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Stats;

    /// A benchmark whose every round took `seconds` times the factors given.
    fn bench(name: &str, seconds: f64, spread: &[f64]) -> Benchmark {
        let rounds: Vec<f64> = spread.iter().map(|factor| seconds * factor).collect();
        let mut benchmark = Benchmark::new(name, Stats::from_rounds(&rounds, 1).unwrap());
        benchmark.fullname = Some(format!("tests/test_x.py::{name}"));
        benchmark.data = Some(rounds);
        benchmark
    }

    const NOISE: &[f64] = &[0.99, 1.0, 1.01, 0.995, 1.005, 1.0, 0.98, 1.02];

    fn run(benchmarks: Vec<Benchmark>) -> BenchmarkRun {
        BenchmarkRun::new(benchmarks)
    }

    fn verdicts(comparison: &BenchComparison) -> Vec<(&str, BenchVerdict)> {
        comparison
            .rows
            .iter()
            .map(|row| (row.name.trim_start_matches("tests/test_x.py::"), row.verdict))
            .collect()
    }

    #[test]
    fn change_is_pytest_benchmarks_figure_to_the_last_bit() {
        let base = run(vec![bench("a", 0.001, &[1.0, 1.0])]);
        let cand = run(vec![bench("a", 0.0011, &[1.0, 1.0])]);
        let comparison = compare_benchmarks(&base, &cand, &CompareOptions::default().with_bounds(5.0, 10.0));
        // Python: 0.0011 / 0.001 * 100 - 100 == 10.000000000000014, which `mean:10%` fails.
        assert_eq!(comparison.rows[0].change_percent, Some(10.000000000000014));
        assert_eq!(comparison.rows[0].verdict, BenchVerdict::Regressed);
    }

    #[test]
    fn a_rise_too_large_for_a_percentage_still_regresses_and_has_no_slowdown() {
        let base = run(vec![bench("a", 3e-5, &[1.0, 1.0])]);
        let cand = run(vec![bench("a", 1e308, &[1.0, 1.0])]);
        let comparison = compare_benchmarks(&base, &cand, &CompareOptions::default());
        assert_eq!(
            (comparison.rows[0].change_percent, comparison.rows[0].verdict),
            (None, BenchVerdict::Regressed)
        );
        let why = comparison.max_slowdown().unwrap_err();
        assert!(why.contains("more than a percentage can hold"), "{why}");
    }

    #[test]
    fn a_change_exactly_at_a_bound_does_not_cross_it() {
        let base = run(vec![bench("a", 1.0, &[1.0, 1.0])]);
        let cand = run(vec![bench("a", 1.25, &[1.0, 1.0])]);
        let at =
            |warn, fail| compare_benchmarks(&base, &cand, &CompareOptions::default().with_bounds(warn, fail));
        assert_eq!(at(10.0, 25.0).rows[0].verdict, BenchVerdict::Warn);
        assert_eq!(at(25.0, 30.0).rows[0].verdict, BenchVerdict::Unchanged);
        assert_eq!(at(10.0, 24.9).rows[0].verdict, BenchVerdict::Regressed);
    }

    #[test]
    fn verdicts_and_order() {
        let base = run(vec![
            bench("same", 1.0, NOISE),
            bench("slower_15", 1.0, NOISE),
            bench("slower_50", 1.0, NOISE),
            bench("faster", 1.0, NOISE),
            bench("gone", 1.0, NOISE),
        ]);
        let cand = run(vec![
            bench("new", 1.0, NOISE),
            bench("faster", 0.5, NOISE),
            bench("slower_50", 1.5, NOISE),
            bench("same", 1.02, NOISE),
            bench("slower_15", 1.15, NOISE),
        ]);
        let comparison = compare_benchmarks(&base, &cand, &CompareOptions::default());
        assert_eq!(
            verdicts(&comparison),
            [
                ("slower_50", BenchVerdict::Regressed),
                ("slower_15", BenchVerdict::Warn),
                ("same", BenchVerdict::Unchanged),
                ("faster", BenchVerdict::Improved),
                ("new", BenchVerdict::Added),
                ("gone", BenchVerdict::Removed),
            ]
        );
        assert_eq!((comparison.regressions(), comparison.warnings(), comparison.improvements()), (1, 1, 1));
        assert!((comparison.max_slowdown().unwrap() - 50.0).abs() < 1e-9);
        let added = &comparison.rows[4];
        assert_eq!((added.baseline, added.candidate, added.change_percent), (None, Some(1.0), None));
        assert!(comparison.machine_mismatch.is_empty() && comparison.notes.is_empty());
    }

    #[test]
    fn raw_rounds_get_mann_whitney_and_summaries_get_welch() {
        let base = run(vec![bench("a", 1.0, NOISE)]);
        let cand = run(vec![bench("a", 1.3, NOISE)]);
        let row = &compare_benchmarks(&base, &cand, &CompareOptions::default()).rows[0];
        let significance = row.significance.unwrap();
        assert_eq!(significance.test, SignificanceTest::MannWhitneyU);
        assert!(significance.significant, "{significance:?}");
        assert_eq!(row.spread_overlap, None);

        let mut summary_only = cand.clone();
        summary_only.benchmarks[0].data = None;
        let row = &compare_benchmarks(&base, &summary_only, &CompareOptions::default()).rows[0];
        assert_eq!(row.significance.unwrap().test.name(), "Welch's t-test");
        assert_eq!(row.spread_overlap, Some(false));
    }

    #[test]
    fn required_significance_turns_noise_into_unchanged() {
        let wild = &[0.2, 1.8, 0.5, 1.5, 1.0, 0.3, 1.7, 1.0];
        let base = run(vec![bench("a", 1.0, wild)]);
        let cand = run(vec![bench("a", 1.3, wild)]);
        let plain = compare_benchmarks(&base, &cand, &CompareOptions::default());
        assert_eq!(plain.rows[0].verdict, BenchVerdict::Regressed);
        assert_eq!(plain.regressions(), 1);
        let strict =
            compare_benchmarks(&base, &cand, &CompareOptions::default().requiring_significance(0.05));
        assert_eq!(strict.rows[0].verdict, BenchVerdict::Unchanged);
        assert!(!strict.rows[0].significance.unwrap().significant);
        assert_eq!((strict.regressions(), strict.warnings()), (0, 0));
        // The size of the change is still there to show.
        assert!((strict.max_slowdown().unwrap() - 30.0).abs() < 1e-9);
    }

    #[test]
    fn statistic_chooses_the_figure() {
        let base = run(vec![bench("a", 1.0, &[1.0, 1.0, 1.0, 4.0])]);
        let cand = run(vec![bench("a", 1.0, &[1.0, 1.0, 1.0, 1.0])]);
        let with =
            |statistic| compare_benchmarks(&base, &cand, &CompareOptions::new(statistic)).rows[0].verdict;
        assert_eq!(with(Statistic::Mean), BenchVerdict::Improved);
        assert_eq!(with(Statistic::Median), BenchVerdict::Unchanged);
        assert_eq!(with(Statistic::Min), BenchVerdict::Unchanged);
        assert_eq!(Statistic::from_name("median"), Some(Statistic::Median));
        assert_eq!(Statistic::from_name("max"), None);
    }

    #[test]
    fn zero_baselines() {
        let zero = run(vec![bench("a", 0.0, &[1.0, 1.0])]);
        let some = run(vec![bench("a", 1.0, &[1.0, 1.0])]);
        let up = compare_benchmarks(&zero, &some, &CompareOptions::default());
        assert_eq!((up.rows[0].change_percent, up.rows[0].verdict), (None, BenchVerdict::Regressed));
        assert_eq!(
            up.max_slowdown(),
            Err("benchmark tests/test_x.py::a took 0 s in the baseline, so its slowdown has no percentage \
                 (it counts in bench.regressions)"
                .to_owned())
        );
        let flat = compare_benchmarks(&zero, &zero, &CompareOptions::default());
        assert_eq!((flat.rows[0].change_percent, flat.rows[0].verdict), (None, BenchVerdict::Unchanged));
        assert_eq!(flat.max_slowdown(), Ok(0.0));
        let down = compare_benchmarks(&some, &zero, &CompareOptions::default());
        assert_eq!(
            (down.rows[0].change_percent, down.rows[0].verdict),
            (Some(-100.0), BenchVerdict::Improved)
        );
        assert_eq!(down.max_slowdown(), Ok(0.0));
    }

    #[test]
    fn zero_baseline_gives_a_reason_not_an_infinite_slowdown() {
        let policy =
            crate::Policy::from_toml_str("[[gate]]\nmetric = \"bench.max_slowdown\"\nmax = 10\n").unwrap();
        let metrics = crate::Metrics {
            benchmarks: Some(run(vec![bench("a", 1.0, &[1.0, 1.0])])),
            ..crate::Metrics::default()
        };
        let options =
            crate::EvaluateOptions::default().with_bench_baseline(run(vec![bench("a", 0.0, &[1.0, 1.0])]));
        let evaluation = crate::evaluate(&policy, &metrics, &options);
        let reason = evaluation.outcomes[0].reason().unwrap();
        assert!(reason.starts_with("benchmark tests/test_x.py::a took 0 s in the baseline"), "{reason}");
        let json = crate::render(crate::Output::Json, &evaluation, &metrics);
        let document: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert!(!json.contains("null") && document["metrics"].get("bench.max_slowdown").is_none(), "{json}");
    }

    #[test]
    fn a_timing_setting_only_one_side_names_is_not_compared() {
        let mut base = run(vec![bench("a", 1.0, NOISE)]);
        let mut cand = run(vec![bench("a", 1.0, NOISE)]);
        base.benchmarks[0].setup.timer = Some("perf_counter".to_owned());
        cand.benchmarks[0].setup.min_time = Some(0.000005);
        assert!(compare_benchmarks(&base, &cand, &CompareOptions::default()).setup_mismatch.is_empty());
        cand.benchmarks[0].setup.timer = Some("process_time".to_owned());
        assert_eq!(
            compare_benchmarks(&base, &cand, &CompareOptions::default()).setup_mismatch,
            ["benchmark tests/test_x.py::a was timed differently, which is not a fair comparison: timer \
              perf_counter vs process_time"]
        );
    }

    #[test]
    fn machines_and_duplicates_are_reported() {
        let mut base = run(vec![bench("a", 1.0, NOISE), bench("a", 2.0, NOISE)]);
        base.machine.cpu = Some("AMD EPYC".to_owned());
        base.machine.python_version = Some("3.11.7".to_owned());
        base.machine.node = Some("runner-1".to_owned());
        let mut cand = run(vec![bench("a", 1.0, NOISE)]);
        cand.machine.cpu = Some("Apple M2".to_owned());
        cand.machine.python_version = Some("3.12.1".to_owned());
        cand.machine.node = Some("runner-2".to_owned());
        let comparison = compare_benchmarks(&base, &cand, &CompareOptions::default());
        assert_eq!(
            comparison.machine_mismatch,
            ["CPU differs: AMD EPYC vs Apple M2", "Python differs: 3.11.7 vs 3.12.1"]
        );
        assert_eq!(
            comparison.notes,
            ["benchmark tests/test_x.py::a is listed twice in the baseline; the first is compared"]
        );
        assert_eq!(verdicts(&comparison), [("a", BenchVerdict::Unchanged)]);
    }

    #[test]
    fn benchmarks_without_full_names_match_by_name() {
        let mut base = bench("a", 1.0, NOISE);
        base.fullname = None;
        let mut cand = bench("a", 1.5, NOISE);
        cand.fullname = None;
        let comparison = compare_benchmarks(&run(vec![base]), &run(vec![cand]), &CompareOptions::default());
        assert_eq!(verdicts(&comparison), [("a", BenchVerdict::Regressed)]);
    }

    /// `bench` in a named unit, better in `direction`.
    fn measured(name: &str, value: f64, unit: &str, direction: Direction) -> Benchmark {
        let mut benchmark = bench(name, value, NOISE);
        benchmark.measure = Measure::named(unit, direction);
        benchmark
    }

    #[test]
    fn a_throughput_regresses_when_it_falls() {
        let higher = Direction::HigherIsBetter;
        let base =
            run(vec![measured("fell", 100.0, "MB/s", higher), measured("rose", 100.0, "MB/s", higher)]);
        let cand = run(vec![measured("fell", 70.0, "MB/s", higher), measured("rose", 130.0, "MB/s", higher)]);
        let comparison = compare_benchmarks(&base, &cand, &CompareOptions::default());
        assert_eq!(
            verdicts(&comparison),
            [("fell", BenchVerdict::Regressed), ("rose", BenchVerdict::Improved)]
        );
        let fell = &comparison.rows[0];
        assert!((fell.change_percent.unwrap() + 30.0).abs() < 1e-9);
        assert_eq!((fell.unit.as_deref(), fell.direction), (Some("MB/s"), higher));
        assert!((comparison.max_slowdown().unwrap() - 30.0).abs() < 1e-9);
        let json = serde_json::to_value(&comparison).unwrap();
        assert_eq!(
            (json["rows"][0]["unit"].as_str(), json["rows"][0]["direction"].as_str()),
            (Some("MB/s"), Some("higher_is_better"))
        );
    }

    #[test]
    fn time_units_are_scaled_and_other_units_are_not_compared() {
        let lower = Direction::LowerIsBetter;
        let base = run(vec![measured("a", 1.0, "us/op", lower), measured("b", 10.0, "B/op", lower)]);
        let cand = run(vec![measured("a", 1500.0, "ns/op", lower), measured("b", 10.0, "allocs/op", lower)]);
        let comparison = compare_benchmarks(&base, &cand, &CompareOptions::default());
        assert_eq!(
            verdicts(&comparison),
            [("a", BenchVerdict::Regressed), ("b", BenchVerdict::Incomparable)]
        );
        let scaled = &comparison.rows[0];
        assert!(
            (scaled.candidate.unwrap() - 1.5).abs() < 1e-12
                && (scaled.change_percent.unwrap() - 50.0).abs() < 1e-9
        );
        assert_eq!(scaled.significance.unwrap().test, SignificanceTest::MannWhitneyU);
        assert!(scaled.significance.unwrap().significant);
        assert_eq!(
            comparison.notes,
            ["benchmark tests/test_x.py::b is measured in B/op (lower is better) in the baseline and \
              allocs/op (lower is better) in the candidate, so it is not compared"]
        );
        assert_eq!(comparison.regressions(), 1);
    }

    #[test]
    fn pytest_benchmark_rows_name_no_unit_or_direction() {
        let base = run(vec![bench("a", 1.0, NOISE)]);
        let json =
            serde_json::to_value(compare_benchmarks(&base, &base, &CompareOptions::default())).unwrap();
        assert!(json["rows"][0].get("unit").is_none() && json["rows"][0].get("direction").is_none());
    }

    #[test]
    fn comparison_serializes_test_names() {
        let base = run(vec![bench("a", 1.0, NOISE)]);
        let cand = run(vec![bench("a", 1.3, NOISE)]);
        let json =
            serde_json::to_value(compare_benchmarks(&base, &cand, &CompareOptions::default())).unwrap();
        assert_eq!(json["rows"][0]["significance"]["test"], "Mann-Whitney U");
        assert_eq!(json["rows"][0]["verdict"], "regressed");
        assert_eq!(json["options"]["statistic"], "mean");
    }
}

//! Benchmark figures, kept as the tool summarised them: pytest-benchmark, Criterion, hyperfine…
//!
//! Each benchmark has a [`Measure`]: its unit and which way is better. A time per iteration that
//! the tool prints in the unit that reads best (pytest-benchmark, Criterion, hyperfine) is kept in
//! seconds, [`MeasureUnit::Seconds`]; a figure the tool prints in a fixed unit (Go's `ns/op`,
//! `B/op`, JMH's `ops/s`) keeps that unit, so outputs show it as the tool does.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// One benchmark session, or several merged: the machine, the commit and each benchmark.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct BenchmarkRun {
    /// The machine the benchmarks ran on (of the first run, when runs are merged).
    pub machine: MachineInfo,
    /// The commit measured, where the producer recorded one (of the first run, when merged).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commit: Option<CommitInfo>,
    /// Every benchmark, in report order.
    pub benchmarks: Vec<Benchmark>,
    /// When the session ended, as the producer wrote it (ISO 8601).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub datetime: Option<String>,
    /// The producer's version (pytest-benchmark `version`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
}

impl BenchmarkRun {
    /// A run of these benchmarks on an unknown machine.
    pub fn new(benchmarks: Vec<Benchmark>) -> Self {
        Self { benchmarks, ..Self::default() }
    }

    /// Adds another run's benchmarks. The machine, commit, date and version of the first run
    /// stay: a merged run describes where its first part was measured.
    pub fn merge(&mut self, other: BenchmarkRun) {
        self.benchmarks.extend(other.benchmarks);
        if self.commit.is_none() {
            self.commit = other.commit;
        }
        if self.machine == MachineInfo::default() {
            self.machine = other.machine;
        }
        if self.datetime.is_none() {
            self.datetime = other.datetime;
        }
        if self.version.is_none() {
            self.version = other.version;
        }
    }
}

/// What is known of the machine; each part is absent when the producer did not record it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct MachineInfo {
    /// The host name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node: Option<String>,
    /// The CPU's brand string (py-cpuinfo `brand_raw`, or `brand` before py-cpuinfo 6).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cpu: Option<String>,
    /// The operating system (`Linux`, `Darwin`, `Windows`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub system: Option<String>,
    /// The operating system's release (kernel version on Linux).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub release: Option<String>,
    /// The hardware architecture (`x86_64`, `arm64`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub machine: Option<String>,
    /// The Python implementation (`CPython`, `PyPy`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub python_implementation: Option<String>,
    /// The Python language version (`3.11.7`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub python_version: Option<String>,
    /// The compiler Python was built with.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub python_compiler: Option<String>,
    /// The compiler or runtime the benchmarks were built or run with (`go1.22.2`, `rustc 1.95.0`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub toolchain: Option<String>,
}

/// The commit a benchmark session measured.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CommitInfo {
    /// The commit id (pytest-benchmark writes `unversioned` outside a repository).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The branch (pytest-benchmark writes `(unknown)` or `(detached head)` when there is none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub branch: Option<String>,
    /// Whether the work tree had uncommitted changes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dirty: Option<bool>,
}

/// One benchmark and its timing statistics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Benchmark {
    /// The test's name, with its parameter id (`test_parse[small]`).
    pub name: String,
    /// The test's node id (`tests/test_parse.py::test_parse[small]`), which identifies it across runs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fullname: Option<String>,
    /// The benchmark group, where one was set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The test's parameters by name, where it is parametrized.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub params: Option<BTreeMap<String, serde_json::Value>>,
    /// What the figures measure; seconds per iteration, lower is better, unless the tool says otherwise.
    #[serde(default, skip_serializing_if = "Measure::is_time")]
    pub measure: Measure,
    /// The producer's summary of the figures.
    pub stats: Stats,
    /// The figure of every round (seconds per iteration for a time), in the order run, when the
    /// report kept them all.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<Vec<f64>>,
    /// How the producer timed it, where the report says.
    #[serde(default, skip_serializing_if = "TimingSetup::is_empty")]
    pub setup: TimingSetup,
}

/// How a benchmark was timed: the clock and what decided its rounds and iterations
/// (pytest-benchmark `options`). Two timings made differently are not a fair comparison.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TimingSetup {
    /// The clock (`perf_counter`, `process_time`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timer: Option<String>,
    /// The fewest rounds asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_rounds: Option<u64>,
    /// The seconds a round had to last at least, which calibration sets iterations by.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_time: Option<f64>,
    /// The seconds allowed for all rounds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_time: Option<f64>,
    /// The threads the benchmark could use (Go's GOMAXPROCS, the `-N` of `BenchmarkName-N`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub threads: Option<u64>,
}

impl TimingSetup {
    /// Whether the report said nothing of how it timed.
    pub fn is_empty(&self) -> bool {
        *self == TimingSetup::default()
    }
}

impl Benchmark {
    /// A benchmark with the given name and statistics.
    pub fn new(name: impl Into<String>, stats: Stats) -> Self {
        Self {
            name: name.into(),
            fullname: None,
            group: None,
            params: None,
            measure: Measure::default(),
            stats,
            data: None,
            setup: TimingSetup::default(),
        }
    }

    /// What identifies the benchmark across runs: the full name, or the name when there is none.
    pub fn key(&self) -> &str {
        self.fullname.as_deref().unwrap_or(&self.name)
    }
}

/// What a benchmark's figures are: their unit and whether less or more is better.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Measure {
    /// The unit of every figure.
    pub unit: MeasureUnit,
    /// Which way is better.
    pub direction: Direction,
}

impl Measure {
    /// A figure in `unit`, better when it moves in `direction`.
    pub fn new(unit: MeasureUnit, direction: Direction) -> Self {
        Self { unit, direction }
    }

    /// A figure in the unit the tool prints (`B/op`, `MB/s`), better when it moves in `direction`.
    pub fn named(unit: impl Into<String>, direction: Direction) -> Self {
        Self::new(MeasureUnit::Named(unit.into()), direction)
    }

    /// Whether this is seconds per iteration, lower being better: what a report says when it
    /// says nothing else.
    pub fn is_time(&self) -> bool {
        *self == Measure::default()
    }
}

/// The unit of a benchmark's figures.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum MeasureUnit {
    /// Seconds (per iteration or per run), shown in the unit that reads best.
    #[default]
    Seconds,
    /// A unit as the tool prints it: `ns/op`, `B/op`, `allocs/op`, `MB/s`, `ops/s`, or any name
    /// a custom benchmark gives.
    Named(String),
}

impl MeasureUnit {
    /// How many seconds one of this unit is, for a time unit (`ns`, `us/op`, `ms`): figures in
    /// two time units compare once scaled. `None` for any other unit.
    pub fn seconds(&self) -> Option<f64> {
        match self {
            MeasureUnit::Seconds => Some(1.0),
            MeasureUnit::Named(name) => MeasureUnit::seconds_in(name),
        }
    }

    /// How many seconds one of the named unit is (`ns/op`: 1e-9), or `None` for no time unit.
    pub fn seconds_in(name: &str) -> Option<f64> {
        match name.strip_suffix("/op").unwrap_or(name) {
            "s" => Some(1.0),
            "ms" => Some(1e-3),
            "us" | "µs" | "μs" => Some(1e-6),
            "ns" => Some(1e-9),
            _ => None,
        }
    }
}

/// Which way a benchmark's figure is better.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Direction {
    /// A time, bytes or allocations: less is better.
    #[default]
    LowerIsBetter,
    /// A throughput (`MB/s`, `ops/s`): more is better.
    HigherIsBetter,
}

/// Statistics of one benchmark's figures, in its [`Measure`]'s unit (seconds per iteration for
/// pytest-benchmark).
///
/// Quartiles are pytest-benchmark's own (Wikipedia's methods 2 and 3), not numpy's interpolation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Stats {
    /// The fastest round.
    pub min: f64,
    /// The slowest round.
    pub max: f64,
    /// The mean over rounds.
    pub mean: f64,
    /// The sample standard deviation over rounds (0 for a single round).
    pub stddev: f64,
    /// The median over rounds.
    pub median: f64,
    /// The interquartile range, `q3 - q1`.
    pub iqr: f64,
    /// The first quartile.
    pub q1: f64,
    /// The third quartile.
    pub q3: f64,
    /// How many rounds were timed.
    pub rounds: u64,
    /// How many iterations each round ran (a round's time is divided by it); absent where rounds
    /// ran different counts (Criterion's linear sampling) or the tool does not say.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iterations: Option<u64>,
    /// Rounds per second of total time, where given (not before pytest-benchmark 3).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ops: Option<f64>,
    /// Seconds spent in all rounds, where given (not before pytest-benchmark 3).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<f64>,
    /// Outlier counts as pytest-benchmark writes them: `"<beyond 1 stddev>;<beyond 1.5 IQR>"`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outliers: Option<String>,
    /// The lowest round within 1.5 IQR below `q1`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ld15iqr: Option<f64>,
    /// The highest round within 1.5 IQR above `q3`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hd15iqr: Option<f64>,
}

impl Stats {
    /// The statistics of a tool's raw samples other than pytest-benchmark's (Criterion's
    /// per-iteration times, hyperfine's runs): as [`Stats::from_rounds`], without the figures
    /// only pytest-benchmark writes (rounds per second, total time, outliers, fences) and with
    /// no iteration count.
    pub fn from_samples(samples: &[f64]) -> Option<Stats> {
        let stats = Stats::from_rounds(samples, 1)?;
        Some(Stats {
            iterations: None,
            ops: None,
            total: None,
            outliers: None,
            ld15iqr: None,
            hd15iqr: None,
            ..stats
        })
    }

    /// pytest-benchmark's statistics of the given rounds (seconds per iteration each), or `None`
    /// when there are none or one is not a finite number.
    ///
    /// Quartiles follow pytest-benchmark's `Stats.q1`/`q3`: Wikipedia's method 3 for an odd
    /// number of rounds, method 2 (medians of the halves) for an even number; the standard
    /// deviation is the sample one (0 for one round).
    pub fn from_rounds(rounds: &[f64], iterations: u64) -> Option<Stats> {
        if rounds.is_empty() || rounds.iter().any(|value| !value.is_finite()) {
            return None;
        }
        let mut sorted = rounds.to_vec();
        sorted.sort_by(f64::total_cmp);
        let count = sorted.len();
        let n = count as f64;
        let total: f64 = sorted.iter().sum();
        let mean = total / n;
        let stddev = if count > 1 {
            (sorted.iter().map(|value| (value - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt()
        } else {
            0.0
        };
        let (q1, q3) = quartiles(&sorted)?;
        let iqr = q3 - q1;
        let (low_fence, high_fence) = (q1 - 1.5 * iqr, q3 + 1.5 * iqr);
        let (below, above) = (mean - stddev, mean + stddev);
        let beyond_stddev = sorted.iter().filter(|value| **value < below || **value > above).count();
        let beyond_iqr = sorted.iter().filter(|value| **value < low_fence || **value > high_fence).count();
        Some(Stats {
            min: *sorted.first()?,
            max: *sorted.last()?,
            mean,
            stddev,
            median: median(&sorted)?,
            iqr,
            q1,
            q3,
            rounds: count as u64,
            iterations: Some(iterations),
            ops: Some(if total > 0.0 { n / total } else { 0.0 }),
            total: Some(total),
            outliers: Some(format!("{beyond_stddev};{beyond_iqr}")),
            ld15iqr: sorted.iter().copied().find(|value| *value >= low_fence),
            hd15iqr: sorted.iter().copied().rev().find(|value| *value <= high_fence),
        })
    }
}

/// The median of sorted values.
fn median(sorted: &[f64]) -> Option<f64> {
    let half = sorted.len() / 2;
    if !sorted.len().is_multiple_of(2) {
        sorted.get(half).copied()
    } else {
        Some((sorted.get(half.checked_sub(1)?)? + sorted.get(half)?) / 2.0)
    }
}

/// The first and third quartiles of sorted values, as pytest-benchmark computes them.
fn quartiles(sorted: &[f64]) -> Option<(f64, f64)> {
    let count = sorted.len();
    let at = |index: usize| sorted.get(index).copied();
    if count == 1 {
        let only = at(0)?;
        return Some((only, only));
    }
    if count.is_multiple_of(2) {
        let (lower, upper) = sorted.split_at(count / 2);
        return Some((median(lower)?, median(upper)?));
    }
    let (quarter, rest) = (count / 4, count % 4);
    if rest == 1 {
        let q1 = 0.25 * at(quarter.checked_sub(1)?)? + 0.75 * at(quarter)?;
        let q3 = 0.75 * at(3 * quarter)? + 0.25 * at(3 * quarter + 1)?;
        Some((q1, q3))
    } else {
        let q1 = 0.75 * at(quarter)? + 0.25 * at(quarter + 1)?;
        let q3 = 0.25 * at(3 * quarter + 1)? + 0.75 * at(3 * quarter + 2)?;
        Some((q1, q3))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_units_scale_to_seconds_and_others_do_not() {
        let named = |name: &str| MeasureUnit::Named(name.to_owned()).seconds();
        assert_eq!(MeasureUnit::Seconds.seconds(), Some(1.0));
        assert_eq!(
            (named("ns/op"), named("us"), named("ms/op"), named("s")),
            (Some(1e-9), Some(1e-6), Some(1e-3), Some(1.0))
        );
        assert_eq!((named("B/op"), named("ops/s"), named("MB/s")), (None, None, None));
    }

    #[test]
    fn statistics_of_rounds_follow_pytest_benchmark() {
        // Figures from pytest_benchmark.stats.Stats (5.3.1) fed the same rounds.
        let stats = Stats::from_rounds(&[5.0, 1.0, 4.0, 2.0, 3.0, 10.0, 2.5], 1).unwrap();
        assert_eq!((stats.min, stats.max, stats.median, stats.rounds), (1.0, 10.0, 3.0, 7));
        assert_eq!((stats.q1, stats.q3), (2.125, 4.75));
        assert!((stats.mean - 3.9285714285714284).abs() < 1e-15);
        assert!((stats.stddev - 2.978094628961212).abs() < 1e-15);
        assert_eq!((stats.total, stats.ops), (Some(27.5), Some(0.2545454545454545)));
        assert_eq!(stats.outliers.as_deref(), Some("1;1"));
        assert_eq!((stats.ld15iqr, stats.hd15iqr), (Some(1.0), Some(5.0)));

        let even = Stats::from_rounds(&[4.0, 1.0, 3.0, 2.0], 10).unwrap();
        assert_eq!((even.q1, even.median, even.q3, even.iterations), (1.5, 2.5, 3.5, Some(10)));
        assert_eq!(even.outliers.as_deref(), Some("2;0"));
        let one = Stats::from_rounds(&[2.0], 1).unwrap();
        assert_eq!((one.q1, one.q3, one.stddev), (2.0, 2.0, 0.0));
        assert_eq!(Stats::from_rounds(&[], 1), None);
        assert_eq!(Stats::from_rounds(&[1.0, f64::NAN], 1), None);
    }

    #[test]
    fn merged_runs_keep_the_first_machine() {
        let mut first = BenchmarkRun::new(vec![Benchmark::new("a", Stats::default())]);
        first.machine.cpu = Some("AMD EPYC".to_owned());
        let mut second = BenchmarkRun::new(vec![Benchmark::new("b", Stats::default())]);
        second.machine.cpu = Some("Apple M2".to_owned());
        second.commit = Some(CommitInfo { id: Some("abc".to_owned()), ..CommitInfo::default() });
        first.merge(second);
        let names: Vec<_> = first.benchmarks.iter().map(Benchmark::key).collect();
        assert_eq!(names, ["a", "b"]);
        assert_eq!(first.machine.cpu.as_deref(), Some("AMD EPYC"));
        assert_eq!(first.commit.and_then(|commit| commit.id).as_deref(), Some("abc"));
    }
}

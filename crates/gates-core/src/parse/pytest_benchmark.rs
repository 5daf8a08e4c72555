//! pytest-benchmark JSON: `--benchmark-json FILE` and the files `--benchmark-save` /
//! `--benchmark-autosave` write under `.benchmarks/<machine>/NNNN_<name>.json`.
//!
//! Producers seen: pytest-benchmark 2.5.0 (2015), 3.2.2 and 5.3.1. The writer read is
//! pytest-benchmark's own: `plugin.pytest_benchmark_generate_json` (top level: `machine_info`,
//! `commit_info`, `benchmarks`, `datetime`, `version`), `stats.Metadata.as_dict` and
//! `stats.Stats` (each benchmark's `stats`), `utils.get_commit_info`.
//! - Every time is seconds per iteration (a round's time divided by `iterations`); ns/µs/ms are
//!   only how pytest-benchmark prints them.
//! - 2.5 files lack `ops`, `total`, `param` and `extra_info`; their `commit_info` has only `id`
//!   and `dirty`, their `machine_info` no `cpu`. `params` is `null` when a test is not parametrized.
//! - `machine_info.cpu` comes from py-cpuinfo: `brand_raw` since py-cpuinfo 6, `brand` before.
//!   Plugins may add anything to `machine_info` and `commit_info` through hooks, so their values
//!   are read leniently (a string or number is kept, anything else ignored).
//! - `stats.data`, the time of every round, is there only with `--benchmark-json` or
//!   `--benchmark-save-data`. It is kept only when complete: one number per round. A file trimmed
//!   by hand (github-action-benchmark's test data ends `data` with the string
//!   `"... omitted to keep this file small"`) has it dropped with a note, because statistics over
//!   a partial sample would be biased; the summary statistics stand.
//! - Each benchmark's `options` says how it was timed: `timer` (the clock's name, `perf_counter`),
//!   `min_rounds`, `min_time` (what calibration sets `iterations` by) and `max_time`.
//! - The summary statistics are the oracle: they are what pytest-benchmark compares and prints.
//!
//! Python's `json` writes `NaN` and `Infinity` for such floats (in `extra_info`, say); they are not
//! JSON, so a file holding one is reported as malformed at that spot.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer};

use super::Format;
use super::error::ParseError;
use super::json::{self, LenientCount, LenientNumber};
use crate::model::{
    Benchmark, BenchmarkRun, CommitInfo, MachineInfo, Report, ReportContent, Stats, TimingSetup,
    truncate_at_char,
};

/// Parses a pytest-benchmark JSON report.
pub(crate) fn parse(bytes: &[u8]) -> Result<Report, ParseError> {
    let raw: RawReport = json::from_slice(Format::PytestBenchmark, bytes)?;
    let mut notes = Vec::new();
    let benchmarks = raw.benchmarks.into_iter().map(|benchmark| benchmark.into_model(&mut notes)).collect();
    let run = BenchmarkRun {
        machine: raw.machine_info.map(RawMachine::into_model).unwrap_or_default(),
        commit: raw.commit_info.map(RawCommit::into_model),
        benchmarks,
        datetime: raw.datetime.0,
        version: raw.version.0,
    };
    let producer = match &run.version {
        Some(version) => format!("pytest-benchmark {version}"),
        None => "pytest-benchmark".to_owned(),
    };
    Ok(Report {
        format: Format::PytestBenchmark,
        producer: Some(producer),
        notes,
        content: ReportContent::Benchmarks(Box::new(run)),
    })
}

#[derive(Deserialize)]
struct RawReport {
    #[serde(default)]
    machine_info: Option<RawMachine>,
    #[serde(default)]
    commit_info: Option<RawCommit>,
    benchmarks: Vec<RawBenchmark>,
    #[serde(default)]
    datetime: Text,
    #[serde(default)]
    version: Text,
}

#[derive(Deserialize)]
struct RawMachine {
    #[serde(default)]
    node: Text,
    #[serde(default)]
    machine: Text,
    #[serde(default)]
    system: Text,
    #[serde(default)]
    release: Text,
    #[serde(default)]
    python_implementation: Text,
    #[serde(default)]
    python_version: Text,
    #[serde(default)]
    python_compiler: Text,
    #[serde(default)]
    cpu: Option<serde_json::Value>,
}

impl RawMachine {
    fn into_model(self) -> MachineInfo {
        let brand = |key: &str| {
            self.cpu.as_ref().and_then(|cpu| cpu.get(key)).and_then(|value| Text::from_value(value).0)
        };
        MachineInfo {
            cpu: brand("brand_raw").or_else(|| brand("brand")),
            node: self.node.0,
            system: self.system.0,
            release: self.release.0,
            machine: self.machine.0,
            python_implementation: self.python_implementation.0,
            python_version: self.python_version.0,
            python_compiler: self.python_compiler.0,
        }
    }
}

#[derive(Deserialize)]
struct RawCommit {
    #[serde(default)]
    id: Text,
    #[serde(default)]
    branch: Text,
    #[serde(default)]
    dirty: Option<serde_json::Value>,
}

impl RawCommit {
    fn into_model(self) -> CommitInfo {
        let dirty = match self.dirty {
            Some(serde_json::Value::Bool(dirty)) => Some(dirty),
            Some(serde_json::Value::String(text)) => match text.trim().to_ascii_lowercase().as_str() {
                "true" => Some(true),
                "false" => Some(false),
                _ => None,
            },
            _ => None,
        };
        CommitInfo { id: self.id.0, branch: self.branch.0, dirty }
    }
}

#[derive(Deserialize)]
struct RawBenchmark {
    name: String,
    #[serde(default)]
    fullname: Text,
    #[serde(default)]
    group: Text,
    #[serde(default)]
    params: Option<BTreeMap<String, serde_json::Value>>,
    stats: RawStats,
    #[serde(default)]
    options: RawOptions,
}

/// The benchmark's `options` (`BenchmarkFixture`'s settings); one that is missing or `null` is absent.
#[derive(Deserialize, Default)]
struct RawOptions {
    #[serde(default)]
    timer: Text,
    #[serde(default)]
    min_rounds: Option<LenientCount>,
    #[serde(default)]
    min_time: Option<LenientNumber>,
    #[serde(default)]
    max_time: Option<LenientNumber>,
}

impl RawOptions {
    fn into_model(self) -> TimingSetup {
        TimingSetup {
            timer: self.timer.0,
            min_rounds: self.min_rounds.map(|count| count.0),
            min_time: self.min_time.map(|number| number.0),
            max_time: self.max_time.map(|number| number.0),
        }
    }
}

impl RawBenchmark {
    fn into_model(self, notes: &mut Vec<String>) -> Benchmark {
        let raw = self.stats;
        let stats = Stats {
            min: raw.min.0,
            max: raw.max.0,
            mean: raw.mean.0,
            stddev: raw.stddev.0,
            median: raw.median.0,
            iqr: raw.iqr.0,
            q1: raw.q1.0,
            q3: raw.q3.0,
            rounds: raw.rounds.0,
            iterations: raw.iterations.0,
            ops: raw.ops.map(|number| number.0),
            total: raw.total.map(|number| number.0),
            outliers: raw.outliers.0,
            ld15iqr: raw.ld15iqr.map(|number| number.0),
            hd15iqr: raw.hd15iqr.map(|number| number.0),
        };
        let mut benchmark = Benchmark::new(self.name, stats);
        benchmark.fullname = self.fullname.0;
        benchmark.group = self.group.0;
        benchmark.params = self.params;
        benchmark.setup = self.options.into_model();
        benchmark.data = raw.data.and_then(|data| complete_rounds(data, &benchmark, notes));
        benchmark
    }
}

#[derive(Deserialize)]
struct RawStats {
    min: LenientNumber,
    max: LenientNumber,
    mean: LenientNumber,
    stddev: LenientNumber,
    median: LenientNumber,
    iqr: LenientNumber,
    q1: LenientNumber,
    q3: LenientNumber,
    rounds: LenientCount,
    iterations: LenientCount,
    #[serde(default)]
    ops: Option<LenientNumber>,
    #[serde(default)]
    total: Option<LenientNumber>,
    #[serde(default)]
    outliers: Text,
    #[serde(default)]
    ld15iqr: Option<LenientNumber>,
    #[serde(default)]
    hd15iqr: Option<LenientNumber>,
    #[serde(default)]
    data: Option<Vec<serde_json::Value>>,
}

/// The round times, when there is one number per round; otherwise `None` and a note.
fn complete_rounds(
    data: Vec<serde_json::Value>,
    benchmark: &Benchmark,
    notes: &mut Vec<String>,
) -> Option<Vec<f64>> {
    let mut rounds = Vec::with_capacity(data.len());
    for (at, value) in data.iter().enumerate() {
        match value.as_f64().filter(|number| number.is_finite()) {
            Some(number) => rounds.push(number),
            None => {
                let mut shown = value.to_string();
                truncate_at_char(&mut shown, 60);
                notes.push(format!(
                    "benchmark {}: raw timings dropped because stats.data[{at}] is {shown}, not a \
                     number; its summary statistics are used",
                    benchmark.key()
                ));
                return None;
            }
        }
    }
    if rounds.len() as u64 != benchmark.stats.rounds {
        notes.push(format!(
            "benchmark {}: raw timings dropped because stats.data holds {} timings for {} rounds; its \
             summary statistics are used",
            benchmark.key(),
            rounds.len(),
            benchmark.stats.rounds
        ));
        return None;
    }
    Some(rounds)
}

/// Free text the producer (or a plugin hook) wrote: a string or a number is kept, an empty string,
/// `null` or anything else is absent.
#[derive(Default)]
struct Text(Option<String>);

impl Text {
    fn from_value(value: &serde_json::Value) -> Text {
        Text(match value {
            serde_json::Value::String(text) if !text.trim().is_empty() => Some(text.clone()),
            serde_json::Value::Number(number) => Some(number.to_string()),
            _ => None,
        })
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        serde_json::Value::deserialize(deserializer).map(|value| Text::from_value(&value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_of(json: &str) -> (BenchmarkRun, Vec<String>) {
        let report = parse(json.as_bytes()).unwrap_or_else(|error| panic!("{error}"));
        match report.content {
            ReportContent::Benchmarks(run) => (*run, report.notes),
            other => panic!("{other:?}"),
        }
    }

    const STATS: &str = r#""min": 1, "max": 3, "mean": 2, "stddev": 1, "median": 2, "iqr": 2,
        "q1": 1, "q3": 3, "rounds": 3, "iterations": 1"#;

    #[test]
    fn timing_options_are_kept_and_null_or_missing_ones_absent() {
        let json = format!(
            r#"{{"benchmarks": [
                {{"name": "a", "stats": {{{STATS}}},
                  "options": {{"timer": "perf_counter", "min_rounds": 5, "min_time": null, "max_time": "1.0"}}}},
                {{"name": "b", "stats": {{{STATS}}}}}]}}"#
        );
        let (run, _) = run_of(&json);
        let setup = &run.benchmarks[0].setup;
        assert_eq!(
            (setup.timer.as_deref(), setup.min_rounds, setup.min_time, setup.max_time),
            (Some("perf_counter"), Some(5), None, Some(1.0))
        );
        assert!(run.benchmarks[1].setup.is_empty());
    }

    #[test]
    fn raw_timings_with_a_string_are_dropped_with_a_note() {
        let json = format!(
            r#"{{"machine_info": {{}}, "benchmarks": [{{"name": "t", "fullname": "a.py::t",
            "stats": {{{STATS}, "data": [1.0, 2.0, "... omitted to keep this file small"]}}}}]}}"#
        );
        let (run, notes) = run_of(&json);
        assert_eq!(run.benchmarks[0].data, None);
        assert_eq!(
            notes,
            ["benchmark a.py::t: raw timings dropped because stats.data[2] is \"... omitted to keep \
              this file small\", not a number; its summary statistics are used"]
        );
    }

    #[test]
    fn raw_timings_must_cover_every_round() {
        let json = format!(r#"{{"benchmarks": [{{"name": "t", "stats": {{{STATS}, "data": [1, 2]}}}}]}}"#);
        let (run, notes) = run_of(&json);
        assert_eq!(run.benchmarks[0].data, None);
        assert!(notes[0].contains("holds 2 timings for 3 rounds"), "{notes:?}");
        let json = format!(r#"{{"benchmarks": [{{"name": "t", "stats": {{{STATS}, "data": [1, 2, 3]}}}}]}}"#);
        assert_eq!(run_of(&json).0.benchmarks[0].data, Some(vec![1.0, 2.0, 3.0]));
    }

    #[test]
    fn hook_values_of_any_shape_are_read_leniently() {
        let json = format!(
            r#"{{"machine_info": {{"node": 7, "system": ["odd"], "processor": "", "cpu": {{"brand": "Intel"}}}},
            "commit_info": {{"id": "abc", "dirty": "False", "branch": null}},
            "benchmarks": [{{"name": "t", "params": null, "stats": {{{STATS}}}}}]}}"#
        );
        let (run, notes) = run_of(&json);
        assert!(notes.is_empty());
        assert_eq!(run.machine.node.as_deref(), Some("7"));
        assert_eq!(run.machine.system, None);
        assert_eq!(run.machine.cpu.as_deref(), Some("Intel"));
        let commit = run.commit.unwrap();
        assert_eq!((commit.id.as_deref(), commit.dirty, commit.branch), (Some("abc"), Some(false), None));
    }
}

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
use std::io::BufRead;

use serde::{Deserialize, Deserializer};

use super::Format;
use super::error::ParseError;
use super::json::{self, LenientCount, LenientNumber, Scalar};
use crate::model::{
    Benchmark, BenchmarkRun, CommitInfo, MachineInfo, Report, ReportContent, Stats, TimingSetup,
};

/// Parses a pytest-benchmark JSON report.
pub(crate) fn parse(input: impl BufRead) -> Result<Report, ParseError> {
    let raw: RawReport = json::from_reader(Format::PytestBenchmark, input)?;
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
    cpu: Cpu,
}

impl RawMachine {
    fn into_model(self) -> MachineInfo {
        MachineInfo {
            cpu: self.cpu.brand_raw.0.or(self.cpu.brand.0),
            node: self.node.0,
            system: self.system.0,
            release: self.release.0,
            machine: self.machine.0,
            python_implementation: self.python_implementation.0,
            python_version: self.python_version.0,
            python_compiler: self.python_compiler.0,
            toolchain: None,
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
    dirty: Option<Scalar>,
}

impl RawCommit {
    fn into_model(self) -> CommitInfo {
        let dirty = match self.dirty {
            Some(Scalar::Bool(dirty)) => Some(dirty),
            Some(Scalar::Text(text)) => match text.trim().to_ascii_lowercase().as_str() {
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
    params: Option<BTreeMap<String, Param>>,
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
            threads: None,
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
            iterations: Some(raw.iterations.0),
            ops: raw.ops.map(|number| number.0),
            total: raw.total.map(|number| number.0),
            outliers: raw.outliers.0,
            ld15iqr: raw.ld15iqr.map(|number| number.0),
            hd15iqr: raw.hd15iqr.map(|number| number.0),
        };
        let mut benchmark = Benchmark::new(self.name, stats);
        benchmark.fullname = self.fullname.0;
        benchmark.group = self.group.0;
        benchmark.params =
            self.params.map(|params| params.into_iter().map(|(name, Param(value))| (name, value)).collect());
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
    data: Option<RoundTimes>,
}

/// The round times, when there is one number per round; otherwise `None` and a note.
fn complete_rounds(data: RoundTimes, benchmark: &Benchmark, notes: &mut Vec<String>) -> Option<Vec<f64>> {
    let dropped = |why: String| {
        format!(
            "benchmark {}: raw timings dropped because {why}; its summary statistics are used",
            benchmark.key()
        )
    };
    if let Some((at, shown)) = data.first_not_a_number {
        notes.push(dropped(format!("stats.data[{at}] is {shown}, not a number")));
        return None;
    }
    if data.count > MAX_ROUNDS {
        notes.push(dropped(format!(
            "stats.data holds {} timings, more than the {MAX_ROUNDS} kept",
            data.count
        )));
        return None;
    }
    if data.count != benchmark.stats.rounds {
        notes.push(dropped(format!(
            "stats.data holds {} timings for {} rounds",
            data.count, benchmark.stats.rounds
        )));
        return None;
    }
    Some(data.kept)
}

/// Most round times kept for one benchmark (32 MiB of them); a longer `data` is dropped.
const MAX_ROUNDS: u64 = 1 << 22;

/// `stats.data` read as it streams by: the times while they are numbers, up to [`MAX_ROUNDS`].
struct RoundTimes {
    kept: Vec<f64>,
    count: u64,
    first_not_a_number: Option<(u64, String)>,
}

impl<'de> Deserialize<'de> for RoundTimes {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = RoundTimes;

            fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
                formatter.write_str("an array of round times")
            }

            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<RoundTimes, A::Error> {
                let mut times = RoundTimes { kept: Vec::new(), count: 0, first_not_a_number: None };
                while let Some(value) = seq.next_element::<Scalar>()? {
                    match value {
                        Scalar::Number(_, time) if time.is_finite() => {
                            if times.first_not_a_number.is_none() && times.count < MAX_ROUNDS {
                                times.kept.push(time);
                            }
                        }
                        other => {
                            times.first_not_a_number.get_or_insert((times.count, other.shown()));
                            times.kept = Vec::new();
                        }
                    }
                    times.count += 1;
                }
                if times.count > MAX_ROUNDS {
                    times.kept = Vec::new();
                }
                Ok(times)
            }
        }
        deserializer.deserialize_seq(Visitor)
    }
}

/// `machine_info.cpu`: py-cpuinfo's brand, the rest passed over; anything but an object is no cpu.
#[derive(Default)]
struct Cpu {
    brand_raw: Text,
    brand: Text,
}

impl<'de> Deserialize<'de> for Cpu {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Cpu;

            fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
                formatter.write_str("py-cpuinfo's object")
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Cpu, A::Error> {
                let mut cpu = Cpu::default();
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "brand_raw" => cpu.brand_raw = map.next_value()?,
                        "brand" => cpu.brand = map.next_value()?,
                        _ => {
                            map.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(cpu)
            }

            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Cpu, A::Error> {
                while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Ok(Cpu::default())
            }

            fn visit_unit<E>(self) -> Result<Cpu, E> {
                Ok(Cpu::default())
            }

            fn visit_bool<E>(self, _: bool) -> Result<Cpu, E> {
                Ok(Cpu::default())
            }

            fn visit_u64<E>(self, _: u64) -> Result<Cpu, E> {
                Ok(Cpu::default())
            }

            fn visit_i64<E>(self, _: i64) -> Result<Cpu, E> {
                Ok(Cpu::default())
            }

            fn visit_f64<E>(self, _: f64) -> Result<Cpu, E> {
                Ok(Cpu::default())
            }

            fn visit_str<E>(self, _: &str) -> Result<Cpu, E> {
                Ok(Cpu::default())
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// Most JSON values one parameter may hold; the model keeps parameters whole, so a larger one
/// is refused rather than held.
const MAX_PARAM_VALUES: usize = 10_000;

/// One `params` value, kept as JSON while it holds at most [`MAX_PARAM_VALUES`] values.
struct Param(serde_json::Value);

impl<'de> Deserialize<'de> for Param {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut budget = MAX_PARAM_VALUES;
        serde::de::DeserializeSeed::deserialize(Bounded(&mut budget), deserializer).map(Param)
    }
}

/// Builds a JSON value while `budget` values remain.
struct Bounded<'a>(&'a mut usize);

impl<'de> serde::de::DeserializeSeed<'de> for Bounded<'_> {
    type Value = serde_json::Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl Bounded<'_> {
    fn spend<E: serde::de::Error>(&mut self) -> Result<(), E> {
        *self.0 = self.0.checked_sub(1).ok_or_else(|| {
            E::custom(format!("a benchmark parameter holding more than {MAX_PARAM_VALUES} values"))
        })?;
        Ok(())
    }
}

impl<'de> serde::de::Visitor<'de> for Bounded<'_> {
    type Value = serde_json::Value;

    fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
        formatter.write_str("a JSON value")
    }

    fn visit_unit<E>(self) -> Result<serde_json::Value, E> {
        Ok(serde_json::Value::Null)
    }

    fn visit_bool<E>(self, value: bool) -> Result<serde_json::Value, E> {
        Ok(value.into())
    }

    fn visit_u64<E>(self, value: u64) -> Result<serde_json::Value, E> {
        Ok(value.into())
    }

    fn visit_i64<E>(self, value: i64) -> Result<serde_json::Value, E> {
        Ok(value.into())
    }

    fn visit_f64<E>(self, value: f64) -> Result<serde_json::Value, E> {
        Ok(serde_json::Number::from_f64(value).map_or(serde_json::Value::Null, serde_json::Value::Number))
    }

    fn visit_str<E>(self, value: &str) -> Result<serde_json::Value, E> {
        Ok(value.into())
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(mut self, mut seq: A) -> Result<serde_json::Value, A::Error> {
        let mut items = Vec::new();
        loop {
            self.spend()?;
            match seq.next_element_seed(Bounded(&mut *self.0))? {
                Some(item) => items.push(item),
                None => return Ok(serde_json::Value::Array(items)),
            }
        }
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(mut self, mut map: A) -> Result<serde_json::Value, A::Error> {
        let mut entries = serde_json::Map::new();
        loop {
            self.spend()?;
            let Some(key) = map.next_key::<String>()? else { return Ok(serde_json::Value::Object(entries)) };
            let value = map.next_value_seed(Bounded(&mut *self.0))?;
            entries.insert(key, value);
        }
    }
}

/// Free text the producer (or a plugin hook) wrote: a string or a number is kept, an empty string,
/// `null` or anything else is absent (and not kept while it is read).
#[derive(Default)]
struct Text(Option<String>);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = Scalar::deserialize(deserializer)?.into_text();
        Ok(Text(text.filter(|text| !text.trim().is_empty())))
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

    #[test]
    fn a_parameter_too_large_to_keep_is_refused() {
        let values = vec!["1"; MAX_PARAM_VALUES].join(",");
        let json = |values: &str| {
            format!(
                r#"{{"benchmarks": [{{"name": "t", "params": {{"n": [{values}]}}, "stats": {{{STATS}}}}}]}}"#
            )
        };
        assert!(parse(json("1, [2, {\"k\": 3}]").as_bytes()).is_ok());
        let error = parse(json(&values).as_bytes()).err().map(|error| error.to_string()).unwrap_or_default();
        assert!(error.contains("more than 10000 values"), "{error}");
    }
}

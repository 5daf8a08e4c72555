//! Criterion.rs results: the `target/criterion` directory `cargo bench` leaves.
//!
//! Producer seen: criterion 0.5.1. The writer read is criterion's own (`fs.rs`, `analysis/mod.rs`,
//! `report.rs`): each benchmark has a directory (its `directory_name`, `group/function/value`)
//! holding one folder per run kept: `new/` (the last run), `base/` (the default saved baseline)
//! or the name given to `--save-baseline`, each with
//! - `benchmark.json`: the benchmark's ids; `full_id` (`checksum/1024`) names it across runs;
//! - `sample.json`: `iters[i]` iterations took `times[i]` nanoseconds, so `times[i] / iters[i]`
//!   is the time per iteration of sample `i`: these are the raw samples (Criterion's
//!   `avg_times`);
//! - `estimates.json`: bootstrap estimates of those samples; the `point_estimate`s of `mean`,
//!   `median` and `std_dev` are the oracle, the figures Criterion prints and compares.
//!
//! Criterion's `change/estimates.json` `mean.point_estimate` is `new mean / base mean - 1`, so
//! comparing the `new` folder with the `base` one gives Criterion's own relative change. Folders
//! are told apart from benchmark directories by their `benchmark.json`; `report/` folders (HTML)
//! have none and hold no benchmark. Times are kept in seconds.
//!
//! `cargo criterion --message-format=json` (cargo-criterion 1.1.0, its `message_formats/json.rs`)
//! writes one JSON object per line: a `benchmark-complete` message per benchmark, with `id`,
//! `iteration_count`, `measured_values` (the samples, in `unit`: `ns` for the wall clock, another
//! name for a custom measurement) and the estimates (`mean.estimate`, `median.estimate`,
//! `median_abs_dev`); a `group-complete` message after each group, listing its `benchmarks` (a
//! lone `bench_function` is a group of one), so a benchmark no group lists after it means the
//! output was cut short. Its `change.mean.estimate` (a fraction despite its `"unit": "%"`) is the
//! same `new / base - 1`.

use std::fs::{self, File};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::Format;
use super::error::{ParseError, ParseErrorKind, ReportError, io_error};
use super::json;
use super::lines::{Lines, MAX_TEXT_LINE};
use crate::model::{Benchmark, BenchmarkRun, Direction, Measure, Report, ReportContent, Stats};

/// The folder of a benchmark's last run.
pub(crate) const LAST_RUN: &str = "new";
/// How deep below the results directory benchmark directories are looked for
/// (`group/function/value` is three down).
const MAX_DEPTH: usize = 6;
/// Most samples kept for one benchmark; Criterion takes 100 by default, at least 10.
const MAX_SAMPLES: usize = 1 << 20;

/// Reads every benchmark's `folder` (`new`, `base` or a saved baseline's name) below the
/// results directory `root`, in the order of their directory names.
pub(crate) fn parse_dir(root: &Path, folder: &str) -> Result<Report, ReportError> {
    let mut found = Vec::new();
    benchmark_dirs(root, 0, &mut found)?;
    let mut benchmarks = Vec::new();
    let mut folders_seen: Vec<String> = Vec::new();
    for dir in &found {
        let run = dir.join(folder);
        if run.join("benchmark.json").is_file() {
            benchmarks.push(read_benchmark(&run)?);
        } else {
            for name in data_folders(dir)? {
                if !folders_seen.contains(&name) {
                    folders_seen.push(name);
                }
            }
        }
    }
    if benchmarks.is_empty() {
        let problem = if found.is_empty() {
            "no benchmark directory below it (Criterion writes <benchmark>/new/benchmark.json)".to_owned()
        } else {
            folders_seen.sort();
            format!(
                "none of its {} benchmarks has a `{folder}` folder (folders found: {})",
                found.len(),
                folders_seen.join(", ")
            )
        };
        return Err(ReportError::NotCriterion { path: root.to_owned(), problem });
    }
    Ok(Report {
        format: Format::Criterion,
        producer: Some("Criterion.rs".to_owned()),
        notes: Vec::new(),
        content: ReportContent::Benchmarks(Box::new(BenchmarkRun::new(benchmarks))),
    })
}

/// Collects the benchmark directories below `dir` (those with a folder holding a
/// `benchmark.json`), in path order: each directory before the sorted directories below it.
fn benchmark_dirs(dir: &Path, depth: usize, found: &mut Vec<PathBuf>) -> Result<(), ReportError> {
    let mut subdirs = Vec::new();
    let mut is_benchmark = false;
    for entry in fs::read_dir(dir).map_err(|source| ReportError::Read { path: dir.to_owned(), source })? {
        let entry = entry.map_err(|source| ReportError::Read { path: dir.to_owned(), source })?;
        if entry.file_type().is_ok_and(|kind| kind.is_dir()) {
            let path = entry.path();
            if path.join("benchmark.json").is_file() {
                is_benchmark = true;
            } else {
                subdirs.push(path);
            }
        }
    }
    if is_benchmark {
        found.push(dir.to_owned());
    }
    if depth < MAX_DEPTH {
        subdirs.sort();
        for subdir in subdirs {
            benchmark_dirs(&subdir, depth + 1, found)?;
        }
    }
    Ok(())
}

/// The names of a benchmark directory's run folders (`new`, `base`, saved baselines).
fn data_folders(dir: &Path) -> Result<Vec<String>, ReportError> {
    let read_error = |source| ReportError::Read { path: dir.to_owned(), source };
    let mut names = Vec::new();
    for entry in fs::read_dir(dir).map_err(read_error)? {
        let path = entry.map_err(read_error)?.path();
        if path.join("benchmark.json").is_file() {
            names.extend(path.file_name().and_then(|name| name.to_str()).map(str::to_owned));
        }
    }
    Ok(names)
}

/// Parses `cargo criterion --message-format=json` output.
pub(crate) fn parse_messages(input: impl BufRead) -> Result<Report, ParseError> {
    let mut benchmarks = Vec::new();
    let mut ungrouped: Vec<String> = Vec::new();
    let mut lines = Lines::new(input, MAX_TEXT_LINE);
    let mut objects = json::JsonLines::default();
    while let Some(line) = lines.next_line().map_err(|error| io_error(Format::Criterion, error))? {
        let start = line.start;
        let Some(message) = objects.read::<Message>(Format::Criterion, &line)? else {
            continue;
        };
        match message.reason {
            Reason::BenchmarkComplete => {
                let benchmark = message.into_model().map_err(|error| error.at(start))?;
                ungrouped.push(benchmark.name.clone());
                benchmarks.push(benchmark);
            }
            Reason::GroupComplete => {
                let listed = message.benchmarks.unwrap_or_default();
                ungrouped.retain(|id| !listed.contains(id));
            }
        }
    }
    if lines.ended_mid_line() {
        return Err(ParseError::new(Format::Criterion, ParseErrorKind::CutMidLine).at(lines.offset()));
    }
    if benchmarks.is_empty() {
        return Err(ParseError::new(Format::Criterion, ParseErrorKind::Empty("benchmark-complete message")));
    }
    if let Some(id) = ungrouped.first() {
        let problem = format!("no group-complete message lists benchmark {id:?}");
        return Err(
            ParseError::new(Format::Criterion, ParseErrorKind::Incomplete(problem)).at(lines.offset())
        );
    }
    Ok(Report {
        format: Format::Criterion,
        producer: Some("cargo-criterion".to_owned()),
        notes: Vec::new(),
        content: ReportContent::Benchmarks(Box::new(BenchmarkRun::new(benchmarks))),
    })
}

/// One line of cargo-criterion's output. A `benchmark-complete` message has every field, a
/// `group-complete` one none of them. (Not a serde-tagged enum: that buffers each line and
/// loses the line and column of a damaged value.)
#[derive(Deserialize)]
struct Message {
    reason: Reason,
    id: Option<String>,
    iteration_count: Option<Vec<f64>>,
    measured_values: Option<Vec<f64>>,
    unit: Option<String>,
    mean: Option<Estimated>,
    median: Option<Estimated>,
    /// A group-complete message's benchmarks.
    benchmarks: Option<Vec<String>>,
}

#[derive(Deserialize, PartialEq)]
#[serde(rename_all = "kebab-case")]
enum Reason {
    BenchmarkComplete,
    GroupComplete,
}

#[derive(Deserialize)]
struct Estimated {
    estimate: f64,
    unit: String,
}

impl Message {
    /// The benchmark of a `benchmark-complete` message.
    fn into_model(self) -> Result<Benchmark, ParseError> {
        let error = |kind| ParseError::new(Format::Criterion, kind);
        let missing =
            |key| error(ParseErrorKind::Json(format!("a benchmark-complete message without `{key}`")));
        let id = self.id.ok_or_else(|| missing("id"))?;
        let iteration_count = self.iteration_count.ok_or_else(|| missing("iteration_count"))?;
        let measured_values = self.measured_values.ok_or_else(|| missing("measured_values"))?;
        let unit = self.unit.ok_or_else(|| missing("unit"))?;
        let mean = self.mean.ok_or_else(|| missing("mean"))?;
        let median = self.median.ok_or_else(|| missing("median"))?;
        for estimate in [&mean, &median] {
            if estimate.unit != unit {
                return Err(error(ParseErrorKind::Contradiction(format!(
                    "benchmark {id:?} measures in {unit} and estimates in {}",
                    estimate.unit
                ))));
            }
        }
        // The wall clock's nanoseconds are kept in seconds; a custom measurement in its unit.
        let (scale, measure) = match unit.as_str() {
            "ns" => (SECONDS_PER_NANOSECOND, Measure::default()),
            other => (1.0, Measure::named(other, Direction::LowerIsBetter)),
        };
        let samples = per_iteration(&iteration_count, &measured_values, scale)
            .map_err(|error| error.in_element(format!("benchmark {id:?}")))?;
        let stats = Stats::from_samples(&samples)
            .map(|stats| Stats { mean: mean.estimate * scale, median: median.estimate * scale, ..stats })
            .ok_or_else(|| error(ParseErrorKind::Empty("sample")))?;
        let mut benchmark = Benchmark::new(id, stats);
        benchmark.measure = measure;
        benchmark.data = Some(samples);
        Ok(benchmark)
    }
}

/// One benchmark from its run folder's three files.
fn read_benchmark(run: &Path) -> Result<Benchmark, ReportError> {
    let id: BenchmarkId = read_json(&run.join("benchmark.json"), json::from_reader)?;
    let sample_path = run.join("sample.json");
    let sample: Sample = read_json(&sample_path, json::from_reader)?;
    let samples = per_iteration(&sample.iters, &sample.times, SECONDS_PER_NANOSECOND)
        .map_err(|source| invalid(&sample_path, source))?;
    let estimates: Estimates = read_json(&run.join("estimates.json"), json::from_reader)?;
    let stats = Stats::from_samples(&samples)
        .map(|stats| Stats {
            mean: estimates.mean.point_estimate * SECONDS_PER_NANOSECOND,
            median: estimates.median.point_estimate * SECONDS_PER_NANOSECOND,
            stddev: estimates.std_dev.point_estimate * SECONDS_PER_NANOSECOND,
            ..stats
        })
        .ok_or_else(|| {
            invalid(&sample_path, ParseError::new(Format::Criterion, ParseErrorKind::Empty("sample")))
        })?;
    let mut benchmark = Benchmark::new(id.full_id, stats);
    benchmark.group = id.group_id;
    benchmark.data = Some(samples);
    Ok(benchmark)
}

const SECONDS_PER_NANOSECOND: f64 = 1e-9;

/// Opens and parses one JSON file of a run folder, naming it in any error.
fn read_json<T>(
    path: &Path,
    parse: fn(Format, BufReader<File>) -> Result<T, ParseError>,
) -> Result<T, ReportError> {
    let file = File::open(path).map_err(|source| ReportError::Read { path: path.to_owned(), source })?;
    parse(Format::Criterion, BufReader::new(file)).map_err(|mut source| {
        if let Ok(file) = File::open(path) {
            source.locate(BufReader::new(file));
        }
        ReportError::Invalid { path: path.to_owned(), source: Box::new(source) }
    })
}

fn invalid(path: &Path, source: ParseError) -> ReportError {
    ReportError::Invalid { path: path.to_owned(), source: Box::new(source) }
}

/// `benchmark.json`: the ids of one benchmark.
#[derive(Deserialize)]
struct BenchmarkId {
    group_id: Option<String>,
    full_id: String,
}

/// `sample.json`: the iterations and nanoseconds of every sample.
#[derive(Deserialize)]
struct Sample {
    /// Read so that another mode, which gates does not know, is refused.
    #[serde(rename = "sampling_mode")]
    _sampling_mode: SamplingMode,
    iters: Vec<f64>,
    times: Vec<f64>,
}

/// How Criterion chose each sample's iterations: `Linear` (d, 2d, 3d, …) or `Flat` (all d).
#[derive(Deserialize)]
enum SamplingMode {
    Linear,
    Flat,
}

/// The per-iteration figure of each sample, `values[i] / iters[i] * scale`; refused when the two
/// lists differ in length, a count is not positive or a value is negative.
fn per_iteration(iters: &[f64], values: &[f64], scale: f64) -> Result<Vec<f64>, ParseError> {
    let error = |kind| ParseError::new(Format::Criterion, kind);
    if iters.len() != values.len() {
        return Err(error(ParseErrorKind::Contradiction(format!(
            "{} iteration counts for {} measured values",
            iters.len(),
            values.len()
        ))));
    }
    if values.len() > MAX_SAMPLES {
        return Err(error(ParseErrorKind::invalid("at most 1048576 samples", &values.len().to_string())));
    }
    iters
        .iter()
        .zip(values)
        .enumerate()
        .map(|(at, (&iters, &value))| {
            if iters <= 0.0 {
                return Err(error(ParseErrorKind::invalid("a positive iteration count", &iters.to_string()))
                    .in_element(format!("iteration {at}")));
            }
            if value < 0.0 {
                return Err(error(ParseErrorKind::invalid(
                    "a measured value of 0 or more",
                    &value.to_string(),
                ))
                .in_element(format!("sample {at}")));
            }
            Ok(value / iters * scale)
        })
        .collect()
}

/// `estimates.json`: the point estimates gates keeps (nanoseconds per iteration).
#[derive(Deserialize)]
struct Estimates {
    mean: Estimate,
    median: Estimate,
    std_dev: Estimate,
}

#[derive(Deserialize)]
struct Estimate {
    point_estimate: f64,
}

//! Google Benchmark JSON: `--benchmark_format=json` or `--benchmark_out=FILE`.
//!
//! Producer seen: Google Benchmark 1.7.1 (Debian `libbenchmark-dev`). The writer read is the
//! library's own (`src/json_reporter.cc`): `context` (the machine: `host_name`, `num_cpus`,
//! `mhz_per_cpu`, `cpu_scaling_enabled`, `library_build_type`, and since 1.8
//! `library_version`) and `benchmarks`, one row per run:
//! - `run_type: "iteration"` rows are the repetitions (`--benchmark_repetitions=N`): the samples;
//! - `run_type: "aggregate"` rows (`<name>_mean`, `_median`, `_stddev`, `_cv`) summarise them:
//!   not samples, but the oracle: a `_mean` that is not the mean of its repetitions is a damaged
//!   report;
//! - `run_name` names the benchmark in both (`BM_Accumulate/1024`); `real_time` and `cpu_time`
//!   are per iteration in `time_unit`; `bytes_per_second` and `items_per_second` are there when
//!   the benchmark set them; a row with `error_occurred` has no figures.
//!
//! Each figure is a benchmark of its own: `<run_name>` the real time and `<run_name> CPU` the CPU
//! time, both in `time_unit` (`ns`, `us`, `ms`, `s`); `<run_name> bytes/s` and
//! `<run_name> items/s`, better higher. User counters are not read. A report written with
//! `--benchmark_report_aggregates_only` has no repetitions to test and is refused. The machine
//! check compares `num_cpus × mhz_per_cpu MHz`, the only CPU description the report has.

use std::io::BufRead;

use serde::Deserialize;

use super::Format;
use super::error::{ParseError, ParseErrorKind};
use super::json;
use super::sample_series::{SeriesOf, SeriesSet};
use crate::model::{BenchmarkRun, Direction, MachineInfo, Measure, Report, ReportContent};

/// Parses a Google Benchmark JSON report.
pub(crate) fn parse(input: impl BufRead) -> Result<Report, ParseError> {
    let raw: RawReport = json::from_reader(Format::GoogleBenchmark, input)?;
    let mut notes = raw.context.notes();
    let mut series = SeriesSet::default();
    let mut means: Vec<MeanRow> = Vec::new();
    for (at, row) in raw.benchmarks.into_iter().enumerate() {
        let element = |error: ParseError| error.in_element(format!("benchmarks[{at}]"));
        if row.error_occurred {
            notes.push(format!(
                "benchmark {} failed ({}) and has no result",
                row.name,
                row.error_message.as_deref().unwrap_or("no message")
            ));
            continue;
        }
        let run_name = row.run_name.clone().unwrap_or_else(|| row.name.clone());
        match row.run_type {
            RunType::Iteration => {
                for (key, measure, value) in row.figures(&run_name).map_err(element)? {
                    series.add(key, value, || SeriesOf { group: None, measure, threads: row.threads });
                }
            }
            RunType::Aggregate if row.aggregate_name.as_deref() == Some("mean") => {
                let figures = row.figures(&run_name).map_err(element)?;
                let figures = figures.into_iter().map(|(key, _, value)| (key, value)).collect();
                means.push(MeanRow { at, run_name, figures });
            }
            RunType::Aggregate => {}
        }
    }
    for MeanRow { at, run_name, figures } in &means {
        let element = format!("benchmarks[{at}]");
        for (key, mean) in figures {
            let Some(samples) = series.samples(key) else {
                let problem = format!(
                    "benchmark {run_name} has aggregates but no repetitions (written with \
                     --benchmark_report_aggregates_only?); gates needs every repetition"
                );
                return Err(ParseError::new(Format::GoogleBenchmark, ParseErrorKind::Incomplete(problem))
                    .in_element(element));
            };
            let repeated = samples.iter().sum::<f64>() / samples.len() as f64;
            if (repeated - mean).abs() > MEAN_TOLERANCE * mean.abs() {
                return Err(ParseError::new(
                    Format::GoogleBenchmark,
                    ParseErrorKind::Contradiction(format!(
                        "{key}: the `_mean` aggregate is {mean} but its {} repetitions average {repeated}",
                        samples.len()
                    )),
                )
                .in_element(element));
            }
        }
    }
    if series.is_empty() {
        return Err(ParseError::new(Format::GoogleBenchmark, ParseErrorKind::Empty("benchmark repetition")));
    }
    let run = BenchmarkRun {
        machine: raw.context.machine(),
        datetime: raw.context.date,
        version: raw.context.library_version.clone(),
        ..BenchmarkRun::new(series.into_benchmarks())
    };
    let producer = match &raw.context.library_version {
        Some(version) => format!("Google Benchmark {version}"),
        None => "Google Benchmark".to_owned(),
    };
    Ok(Report {
        format: Format::GoogleBenchmark,
        producer: Some(producer),
        notes,
        content: ReportContent::Benchmarks(Box::new(run)),
    })
}

/// A `_mean` aggregate row: where it is, its benchmark and each figure's mean by key.
struct MeanRow {
    at: usize,
    run_name: String,
    figures: Vec<(String, f64)>,
}

/// How far an aggregate mean may be from the mean of its repetitions, relative: rounding only.
const MEAN_TOLERANCE: f64 = 1e-9;

#[derive(Deserialize)]
struct RawReport {
    context: Context,
    benchmarks: Vec<Row>,
}

#[derive(Deserialize)]
struct Context {
    date: Option<String>,
    host_name: Option<String>,
    num_cpus: Option<u64>,
    mhz_per_cpu: Option<f64>,
    #[serde(default)]
    cpu_scaling_enabled: bool,
    library_build_type: Option<String>,
    library_version: Option<String>,
}

impl Context {
    /// What Google Benchmark itself warns about on the console.
    fn notes(&self) -> Vec<String> {
        let mut notes = Vec::new();
        if self.library_build_type.as_deref() == Some("debug") {
            notes.push(
                "the benchmark library was built as debug (library_build_type): timings may be affected"
                    .to_owned(),
            );
        }
        if self.cpu_scaling_enabled {
            notes.push("CPU scaling was enabled (cpu_scaling_enabled): timings will be noisy".to_owned());
        }
        notes
    }

    fn machine(&self) -> MachineInfo {
        let cpu = match (self.num_cpus, self.mhz_per_cpu) {
            (Some(cpus), Some(mhz)) => Some(format!("{cpus} × {mhz} MHz")),
            _ => None,
        };
        MachineInfo { node: self.host_name.clone(), cpu, ..MachineInfo::default() }
    }
}

#[derive(Deserialize)]
struct Row {
    name: String,
    run_name: Option<String>,
    run_type: RunType,
    aggregate_name: Option<String>,
    threads: Option<u64>,
    real_time: Option<f64>,
    cpu_time: Option<f64>,
    time_unit: Option<TimeUnit>,
    bytes_per_second: Option<f64>,
    items_per_second: Option<f64>,
    #[serde(default)]
    error_occurred: bool,
    error_message: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "lowercase")]
enum RunType {
    Iteration,
    Aggregate,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum TimeUnit {
    Ns,
    Us,
    Ms,
    S,
}

impl TimeUnit {
    fn name(self) -> &'static str {
        match self {
            TimeUnit::Ns => "ns",
            TimeUnit::Us => "us",
            TimeUnit::Ms => "ms",
            TimeUnit::S => "s",
        }
    }
}

impl Row {
    /// Each figure of the row with its benchmark key and measure.
    fn figures(&self, run_name: &str) -> Result<Vec<(String, Measure, f64)>, ParseError> {
        let missing = |key: &str| {
            ParseError::new(Format::GoogleBenchmark, ParseErrorKind::Json(format!("a run without `{key}`")))
        };
        let unit = self.time_unit.ok_or_else(|| missing("time_unit"))?.name();
        let time = Measure::named(unit, Direction::LowerIsBetter);
        let mut figures = vec![
            (run_name.to_owned(), time.clone(), self.real_time.ok_or_else(|| missing("real_time"))?),
            (format!("{run_name} CPU"), time, self.cpu_time.ok_or_else(|| missing("cpu_time"))?),
        ];
        for (rate, unit) in [(self.bytes_per_second, "bytes/s"), (self.items_per_second, "items/s")] {
            if let Some(rate) = rate {
                figures.push((
                    format!("{run_name} {unit}"),
                    Measure::named(unit, Direction::HigherIsBetter),
                    rate,
                ));
            }
        }
        if let Some((key, _, value)) = figures.iter().find(|(_, _, value)| *value < 0.0) {
            return Err(ParseError::new(
                Format::GoogleBenchmark,
                ParseErrorKind::invalid("a figure of 0 or more", &format!("{key} {value}")),
            ));
        }
        Ok(figures)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONTEXT: &str = r#""context": {"date": "2026-12-02T20:31:41+00:00", "host_name": "vm", "num_cpus": 2,
        "mhz_per_cpu": 2600, "cpu_scaling_enabled": false, "library_build_type": "release"}"#;

    fn row(run_type: &str, name: &str, real: f64) -> String {
        format!(
            r#"{{"name": "{name}", "run_name": "BM_A", "run_type": "{run_type}", "threads": 1, "iterations": 10,
            "real_time": {real}, "cpu_time": {real}, "time_unit": "ns"{aggregate}}}"#,
            aggregate = if run_type == "aggregate" { r#", "aggregate_name": "mean""# } else { "" }
        )
    }

    fn parse_rows(rows: &[String]) -> Result<Report, ParseError> {
        crate::parse::parse_str(
            Format::GoogleBenchmark,
            &format!(r#"{{{CONTEXT}, "benchmarks": [{}]}}"#, rows.join(",")),
        )
    }

    #[test]
    fn repetitions_are_samples_and_aggregates_check_them() {
        let rows = [
            row("iteration", "BM_A", 10.0),
            row("iteration", "BM_A", 12.0),
            row("aggregate", "BM_A_mean", 11.0),
        ];
        let report = parse_rows(&rows).unwrap();
        let ReportContent::Benchmarks(run) = report.content else { panic!() };
        assert_eq!(run.machine.cpu.as_deref(), Some("2 × 2600 MHz"));
        let names: Vec<_> = run
            .benchmarks
            .iter()
            .map(|benchmark| (benchmark.name.as_str(), benchmark.stats.rounds))
            .collect();
        assert_eq!(names, [("BM_A", 2), ("BM_A CPU", 2)]);
        let edited = [
            row("iteration", "BM_A", 10.0),
            row("iteration", "BM_A", 12.0),
            row("aggregate", "BM_A_mean", 11.5),
        ];
        assert_eq!(
            parse_rows(&edited).unwrap_err().to_string(),
            "not valid Google Benchmark JSON: benchmarks[2]: BM_A: the `_mean` aggregate is 11.5 but its 2 repetitions average 11; \
             the report contradicts itself"
        );
    }

    #[test]
    fn aggregates_alone_are_refused() {
        let rows = [row("aggregate", "BM_A_mean", 11.0)];
        let error = parse_rows(&rows).unwrap_err().to_string();
        assert!(error.contains("benchmark BM_A has aggregates but no repetitions"), "{error}");
    }

    #[test]
    fn a_failed_benchmark_is_noted() {
        let failed = r#"{"name": "BM_B", "run_name": "BM_B", "run_type": "iteration", "error_occurred": true,
            "error_message": "out of memory"}"#;
        let report = parse_rows(&[row("iteration", "BM_A", 10.0), failed.to_owned()]).unwrap();
        assert_eq!(report.notes, ["benchmark BM_B failed (out of memory) and has no result"]);
    }
}

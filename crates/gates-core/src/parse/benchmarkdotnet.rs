//! BenchmarkDotNet JSON: the full JSON exporter's `*-report-full.json` (`[JsonExporterAttribute.Full]`,
//! `--exporters json`) and its compressed sibling.
//!
//! BenchmarkDotNet cannot run here (no .NET); the shape is BenchmarkDotNet 0.13–0.14's
//! `JsonExporter` as its public reports show it: `HostEnvironmentInfo` (the machine:
//! `ProcessorName`, `OsVersion`, `Architecture`, `RuntimeVersion`, `BenchmarkDotNetVersion`) and
//! `Benchmarks`, each with `FullName` (`Namespace.Type.Method(Param: value)`), `Statistics`
//! (nanoseconds per operation: `OriginalValues`, `N`, `Mean`, `Median`, `StandardDeviation`,
//! `Min`, `Max`, `Q1`, `Q3`, …), `Memory` (with `[MemoryDiagnoser]`:
//! `BytesAllocatedPerOperation`) and `Measurements` (every iteration of every stage).
//! - The samples are `Statistics.OriginalValues`; a report without them (the brief exporter,
//!   older versions) gives them as the `Workload` `Result` measurements, `Nanoseconds /
//!   Operations` each.
//! - `Statistics` is the oracle: what BenchmarkDotNet prints. An `N` that is not the number of
//!   samples, or a `Mean` that is not theirs, is a damaged report.
//! - A benchmark that failed has `Statistics: null`: it is noted and has no figures.
//!
//! Times are kept in seconds (BenchmarkDotNet prints them in the unit that reads best); the
//! bytes allocated per operation are a benchmark of their own, `<FullName> allocated`, in `B/op`.

use std::io::BufRead;

use serde::Deserialize;

use super::Format;
use super::error::{ParseError, ParseErrorKind};
use super::json;
use crate::model::{Benchmark, BenchmarkRun, Direction, MachineInfo, Measure, Report, ReportContent, Stats};

const NANOSECONDS_PER_SECOND: f64 = 1e9;
/// How far `Statistics.Mean` may be from the mean of the samples, relative: rounding only.
const MEAN_TOLERANCE: f64 = 1e-9;

/// Parses a BenchmarkDotNet JSON report.
pub(crate) fn parse(input: impl BufRead) -> Result<Report, ParseError> {
    let raw: RawReport = json::from_reader(Format::Benchmarkdotnet, input)?;
    let mut notes = Vec::new();
    let mut benchmarks = Vec::new();
    for (at, benchmark) in raw.benchmarks.into_iter().enumerate() {
        benchmark
            .into_models(&mut benchmarks, &mut notes)
            .map_err(|error| error.in_element(format!("Benchmarks[{at}]")))?;
    }
    if benchmarks.is_empty() && notes.is_empty() {
        return Err(ParseError::new(Format::Benchmarkdotnet, ParseErrorKind::Empty("benchmark")));
    }
    let host = raw.host_environment_info;
    let machine = MachineInfo {
        cpu: host.processor_name,
        system: host.os_version,
        machine: host.architecture,
        toolchain: host.runtime_version,
        ..MachineInfo::default()
    };
    let producer = match &host.benchmark_dot_net_version {
        Some(version) => format!("BenchmarkDotNet {version}"),
        None => "BenchmarkDotNet".to_owned(),
    };
    Ok(Report {
        format: Format::Benchmarkdotnet,
        producer: Some(producer),
        notes,
        content: ReportContent::Benchmarks(Box::new(BenchmarkRun {
            machine,
            version: host.benchmark_dot_net_version,
            ..BenchmarkRun::new(benchmarks)
        })),
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RawReport {
    host_environment_info: Host,
    benchmarks: Vec<RawBenchmark>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Host {
    benchmark_dot_net_version: Option<String>,
    os_version: Option<String>,
    processor_name: Option<String>,
    runtime_version: Option<String>,
    architecture: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RawBenchmark {
    full_name: String,
    #[serde(rename = "Type")]
    type_name: Option<String>,
    statistics: Option<Statistics>,
    memory: Option<Memory>,
    #[serde(default)]
    measurements: Vec<Measurement>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Statistics {
    original_values: Option<Vec<f64>>,
    #[serde(rename = "N")]
    n: u64,
    min: f64,
    max: f64,
    mean: f64,
    median: f64,
    standard_deviation: f64,
    #[serde(rename = "Q1")]
    q1: f64,
    #[serde(rename = "Q3")]
    q3: f64,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Memory {
    bytes_allocated_per_operation: f64,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Measurement {
    iteration_mode: String,
    iteration_stage: String,
    operations: f64,
    nanoseconds: f64,
}

impl RawBenchmark {
    fn into_models(self, benchmarks: &mut Vec<Benchmark>, notes: &mut Vec<String>) -> Result<(), ParseError> {
        let error = |kind| ParseError::new(Format::Benchmarkdotnet, kind);
        let Some(statistics) = self.statistics else {
            notes.push(format!(
                "benchmark {} has no statistics (it failed) and has no result",
                self.full_name
            ));
            return Ok(());
        };
        let samples: Vec<f64> = match statistics.original_values {
            Some(values) => values,
            None => self
                .measurements
                .iter()
                .filter(|measurement| {
                    measurement.iteration_mode == "Workload" && measurement.iteration_stage == "Result"
                })
                .map(|measurement| measurement.nanoseconds / measurement.operations)
                .collect(),
        };
        let computed = Stats::from_samples(&samples).ok_or_else(|| {
            error(ParseErrorKind::Empty(
                "sample (Statistics.OriginalValues or a Workload Result measurement)",
            ))
        })?;
        if computed.rounds != statistics.n {
            return Err(error(ParseErrorKind::Contradiction(format!(
                "benchmark {}: `Statistics.N` is {} for {} samples",
                self.full_name, statistics.n, computed.rounds
            ))));
        }
        if (computed.mean - statistics.mean).abs() > MEAN_TOLERANCE * statistics.mean.abs() {
            return Err(error(ParseErrorKind::Contradiction(format!(
                "benchmark {}: `Statistics.Mean` is {} but its {} samples average {}",
                self.full_name, statistics.mean, computed.rounds, computed.mean
            ))));
        }
        let seconds = |nanoseconds: f64| nanoseconds / NANOSECONDS_PER_SECOND;
        let stats = Stats {
            min: seconds(statistics.min),
            max: seconds(statistics.max),
            mean: seconds(statistics.mean),
            stddev: seconds(statistics.standard_deviation),
            median: seconds(statistics.median),
            q1: seconds(statistics.q1),
            q3: seconds(statistics.q3),
            iqr: seconds(statistics.q3 - statistics.q1),
            ..computed
        };
        let mut time = Benchmark::new(self.full_name.clone(), stats);
        time.group = self.type_name.clone();
        time.data = Some(samples.into_iter().map(seconds).collect());
        benchmarks.push(time);
        if let Some(memory) = self.memory {
            let bytes = memory.bytes_allocated_per_operation;
            if let Some(stats) = Stats::from_samples(&[bytes]) {
                let mut allocated = Benchmark::new(format!("{} allocated", self.full_name), stats);
                allocated.group = self.type_name;
                allocated.measure = Measure::named("B/op", Direction::LowerIsBetter);
                allocated.data = Some(vec![bytes]);
                benchmarks.push(allocated);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(statistics: &str, measurements: &str) -> String {
        format!(
            r#"{{"Title": "t", "HostEnvironmentInfo": {{"BenchmarkDotNetVersion": "0.14.0",
            "ProcessorName": "AMD EPYC 7763", "OsVersion": "Ubuntu 22.04", "Architecture": "X64",
            "RuntimeVersion": ".NET 8.0.11"}}, "Benchmarks": [{{"FullName": "A.B.C", "Type": "B",
            "Statistics": {statistics}, "Memory": {{"BytesAllocatedPerOperation": 64}},
            "Measurements": {measurements}}}]}}"#
        )
    }

    fn run(text: &str) -> Result<(BenchmarkRun, Vec<String>), ParseError> {
        let report = crate::parse::parse_str(Format::Benchmarkdotnet, text)?;
        match report.content {
            ReportContent::Benchmarks(run) => Ok((*run, report.notes)),
            other => panic!("not benchmarks: {other:?}"),
        }
    }

    const STATISTICS: &str = r#"{"N": 2, "Min": 10, "Max": 30, "Mean": 20, "Median": 20, "StandardDeviation": 14.142135623730951, "Q1": 15, "Q3": 25"#;

    #[test]
    fn samples_come_from_original_values_or_result_measurements() {
        let measurements = r#"[{"IterationMode": "Workload", "IterationStage": "Actual", "Operations": 4, "Nanoseconds": 400},
            {"IterationMode": "Workload", "IterationStage": "Result", "Operations": 4, "Nanoseconds": 40},
            {"IterationMode": "Workload", "IterationStage": "Result", "Operations": 4, "Nanoseconds": 120}]"#;
        let (from_measurements, _) = run(&report(&format!("{STATISTICS}}}"), measurements)).unwrap();
        let (original, _) =
            run(&report(&format!(r#"{STATISTICS}, "OriginalValues": [10, 30]}}"#), "[]")).unwrap();
        for run in [from_measurements, original] {
            let time = &run.benchmarks[0];
            assert_eq!((time.name.as_str(), time.stats.rounds, time.stats.mean), ("A.B.C", 2, 20e-9));
            assert_eq!(time.data.as_deref(), Some(&[10e-9, 30e-9][..]));
            assert_eq!(run.benchmarks[1].measure, Measure::named("B/op", Direction::LowerIsBetter));
            assert_eq!(run.machine.toolchain.as_deref(), Some(".NET 8.0.11"));
        }
    }

    #[test]
    fn statistics_that_are_not_the_samples_are_refused_and_failures_noted() {
        let edited = report(&format!(r#"{STATISTICS}, "OriginalValues": [10, 30, 20]}}"#), "[]");
        assert_eq!(
            run(&edited).unwrap_err().to_string(),
            "not valid BenchmarkDotNet JSON: Benchmarks[0]: benchmark A.B.C: `Statistics.N` is 2 for 3 samples; the \
             report contradicts itself"
        );
        let (failed, notes) = run(&report("null", "[]")).unwrap();
        assert!(failed.benchmarks.is_empty());
        assert_eq!(notes, ["benchmark A.B.C has no statistics (it failed) and has no result"]);
    }
}

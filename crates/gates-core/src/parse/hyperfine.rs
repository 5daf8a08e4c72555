//! hyperfine JSON: `hyperfine --export-json FILE`.
//!
//! Producer seen: hyperfine 1.20.0. The writer read is hyperfine's own (`export/json.rs`,
//! `benchmark/benchmark_result.rs`): `{"results": [...]}`, one result per command with `command`
//! (the `--command-name` when one was given), `mean`, `stddev` (`null` after a single run),
//! `median`, `min`, `max`, `user`, `system`, `times` (every run's wall-clock seconds: the
//! samples), `exit_codes` (`null` for a run ended by a signal), `memory_usage_byte` and, with
//! `--parameter-scan`/`--parameter-list`, `parameters`.
//!
//! `mean`, `stddev`, `median`, `min` and `max` are the oracle: what hyperfine prints, and what
//! its relative figures (`1.98 ± 0.03 times faster`) divide. A `mean` that is not the mean of
//! `times`, or a `stddev` missing after several runs, is a damaged report. Runs are whole
//! processes: each is one iteration.

use std::collections::BTreeMap;
use std::io::BufRead;

use serde::Deserialize;

use super::Format;
use super::error::{ParseError, ParseErrorKind};
use super::json;
use crate::model::{Benchmark, BenchmarkRun, Report, ReportContent, Stats};

/// Parses a hyperfine JSON export.
pub(crate) fn parse(input: impl BufRead) -> Result<Report, ParseError> {
    let raw: RawExport = json::from_reader(Format::Hyperfine, input)?;
    if raw.results.is_empty() {
        return Err(ParseError::new(Format::Hyperfine, ParseErrorKind::Empty("benchmark result")));
    }
    let mut notes = Vec::new();
    let benchmarks = raw
        .results
        .into_iter()
        .enumerate()
        .map(|(at, result)| {
            result.into_model(&mut notes).map_err(|error| error.in_element(format!("results[{at}]")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Report {
        format: Format::Hyperfine,
        producer: Some("hyperfine".to_owned()),
        notes,
        content: ReportContent::Benchmarks(Box::new(BenchmarkRun::new(benchmarks))),
    })
}

#[derive(Deserialize)]
struct RawExport {
    results: Vec<RawResult>,
}

#[derive(Deserialize)]
struct RawResult {
    command: String,
    mean: f64,
    stddev: Option<f64>,
    median: f64,
    min: f64,
    max: f64,
    times: Vec<f64>,
    #[serde(default)]
    exit_codes: Vec<Option<i64>>,
    #[serde(default)]
    parameters: Option<BTreeMap<String, String>>,
}

/// How far hyperfine's mean may be from the mean of its `times`, relative: rounding only.
const MEAN_TOLERANCE: f64 = 1e-9;

impl RawResult {
    fn into_model(self, notes: &mut Vec<String>) -> Result<Benchmark, ParseError> {
        let contradiction =
            |what: String| ParseError::new(Format::Hyperfine, ParseErrorKind::Contradiction(what));
        let samples = Stats::from_samples(&self.times).ok_or_else(|| {
            ParseError::new(Format::Hyperfine, ParseErrorKind::Empty("run time in `times`"))
        })?;
        if (samples.mean - self.mean).abs() > MEAN_TOLERANCE * self.mean.abs() {
            return Err(contradiction(format!(
                "`mean` is {} but the {} `times` average {}",
                self.mean, samples.rounds, samples.mean
            )));
        }
        let stddev = match (self.stddev, samples.rounds) {
            (Some(stddev), _) => stddev,
            (None, 1) => 0.0,
            (None, runs) => return Err(contradiction(format!("`stddev` is null after {runs} runs"))),
        };
        let failed = self.exit_codes.iter().filter(|code| **code != Some(0)).count();
        if failed > 0 {
            notes.push(format!(
                "benchmark {}: {failed} of {} runs did not exit 0 (hyperfine --ignore-failure); their times count",
                self.command,
                self.exit_codes.len()
            ));
        }
        let stats =
            Stats { mean: self.mean, stddev, median: self.median, min: self.min, max: self.max, ..samples };
        let mut benchmark = Benchmark::new(self.command, stats);
        benchmark.params = self.parameters.map(|parameters| {
            parameters.into_iter().map(|(name, value)| (name, serde_json::Value::String(value))).collect()
        });
        benchmark.data = Some(self.times);
        Ok(benchmark)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> Result<Report, ParseError> {
        crate::parse::parse_str(Format::Hyperfine, text)
    }

    fn run(report: Report) -> BenchmarkRun {
        match report.content {
            ReportContent::Benchmarks(run) => *run,
            other => panic!("not benchmarks: {other:?}"),
        }
    }

    #[test]
    fn one_run_has_no_spread_and_several_need_one() {
        let one = r#"{"results": [{"command": "a", "mean": 0.5, "stddev": null, "median": 0.5,
            "min": 0.5, "max": 0.5, "times": [0.5], "exit_codes": [0]}]}"#;
        let benchmark = &run(parse_str(one).unwrap()).benchmarks[0];
        assert_eq!(
            (benchmark.stats.stddev, benchmark.stats.rounds, benchmark.stats.iterations),
            (0.0, 1, None)
        );
        let two = one.replace("[0.5]", "[0.5, 0.5]");
        assert_eq!(
            parse_str(&two).unwrap_err().to_string(),
            "not valid hyperfine JSON: results[0]: `stddev` is null after 2 runs; the report contradicts itself"
        );
    }

    #[test]
    fn a_mean_that_is_not_the_mean_of_the_times_is_refused() {
        let edited = r#"{"results": [{"command": "a", "mean": 0.5, "stddev": 0.1, "median": 0.5,
            "min": 0.4, "max": 0.6, "times": [0.4, 0.6]}]}"#;
        assert!(parse_str(edited).is_ok());
        let edited = edited.replace("\"mean\": 0.5", "\"mean\": 0.45");
        assert_eq!(
            parse_str(&edited).unwrap_err().to_string(),
            "not valid hyperfine JSON: results[0]: `mean` is 0.45 but the 2 `times` average 0.5; the report \
             contradicts itself"
        );
    }

    #[test]
    fn failed_runs_and_parameters_are_kept() {
        let scan = r#"{"results": [{"command": "sleep 0.1", "mean": 0.1, "stddev": 0.0, "median": 0.1,
            "min": 0.1, "max": 0.1, "times": [0.1, 0.1], "exit_codes": [0, null],
            "parameters": {"delay": "0.1"}}]}"#;
        let report = parse_str(scan).unwrap();
        assert_eq!(
            report.notes,
            [
                "benchmark sleep 0.1: 1 of 2 runs did not exit 0 (hyperfine --ignore-failure); their times count"
            ]
        );
        let benchmark = &run(report).benchmarks[0];
        assert_eq!(benchmark.params.as_ref().unwrap()["delay"], "0.1");
    }
}

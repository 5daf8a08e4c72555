//! JMH JSON: `java -jar benchmarks.jar -rf json -rff FILE` (`jmh-result.json`).
//!
//! JMH cannot run here; the shape is JMH 1.x's `JSONResultFormat` as its public outputs show it:
//! a list with one object per benchmark and parameter set: `jmhVersion`, `benchmark` (the
//! method's full name), `mode`, `threads`, `forks`, `jdkVersion`, `vmName`, `params` (when
//! `@Param`), `primaryMetric` and `secondaryMetrics` (`gc.alloc.rate.norm` and friends, with
//! `-prof`). A metric has `score`, `scoreError`, `scoreUnit` and `rawData`: one list per fork of
//! one figure per measurement iteration, the samples.
//! - The mode decides the direction: `thrpt` (`ops/s`, `ops/ms`) is better higher; `avgt`,
//!   `sample` and `ss` (`us/op`, `ns/op`) are better lower.
//! - `score` is the mean of `rawData`, which the oracle checks: a score that is not the mean of its
//!   raw data is a damaged report.
//! - `sample` mode writes a histogram (`rawDataHistogram`) instead of `rawData`; such a
//!   benchmark is refused, naming it: gates keeps no histograms.
//!
//! The primary metric is named by the benchmark (with its parameters, `[size=100]`); each
//! secondary metric by the benchmark and the metric's name, in its own unit, better lower
//! (allocation rates, GC counts) except units per second.

use std::collections::BTreeMap;
use std::io::BufRead;

use serde::Deserialize;

use super::Format;
use super::error::{ParseError, ParseErrorKind};
use super::json;
use crate::model::{Benchmark, BenchmarkRun, Direction, MachineInfo, Measure, Report, ReportContent, Stats};

/// Parses a JMH JSON result.
pub(crate) fn parse(input: impl BufRead) -> Result<Report, ParseError> {
    let results: Vec<RawResult> = json::from_reader(Format::Jmh, input)?;
    let first =
        results.first().ok_or_else(|| ParseError::new(Format::Jmh, ParseErrorKind::Empty("benchmark")))?;
    let machine = MachineInfo {
        toolchain: match (&first.vm_name, &first.jdk_version) {
            (Some(vm), Some(jdk)) => Some(format!("{vm} {jdk}")),
            (None, Some(jdk)) => Some(jdk.clone()),
            _ => None,
        },
        ..MachineInfo::default()
    };
    let version = first.jmh_version.clone();
    let mut benchmarks = Vec::new();
    for (at, result) in results.into_iter().enumerate() {
        result.into_models(&mut benchmarks).map_err(|mut error| {
            let inner = error.location.element.take();
            error.in_element(inner.map_or_else(|| format!("[{at}]"), |inner| format!("[{at}].{inner}")))
        })?;
    }
    let producer = match &version {
        Some(version) => format!("JMH {version}"),
        None => "JMH".to_owned(),
    };
    Ok(Report {
        format: Format::Jmh,
        producer: Some(producer),
        notes: Vec::new(),
        content: ReportContent::Benchmarks(Box::new(BenchmarkRun {
            machine,
            version,
            ..BenchmarkRun::new(benchmarks)
        })),
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawResult {
    jmh_version: Option<String>,
    benchmark: String,
    mode: Mode,
    threads: Option<u64>,
    jdk_version: Option<String>,
    vm_name: Option<String>,
    #[serde(default)]
    params: BTreeMap<String, String>,
    primary_metric: Metric,
    #[serde(default)]
    secondary_metrics: BTreeMap<String, Metric>,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum Mode {
    Thrpt,
    Avgt,
    Sample,
    Ss,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Metric {
    score: f64,
    score_unit: String,
    raw_data: Option<Vec<Vec<f64>>>,
}

/// How far a score may be from the mean of its raw data, relative: rounding only.
const SCORE_TOLERANCE: f64 = 1e-9;

impl RawResult {
    /// The primary metric and each secondary one, as benchmarks.
    fn into_models(self, benchmarks: &mut Vec<Benchmark>) -> Result<(), ParseError> {
        let name = if self.params.is_empty() {
            self.benchmark.clone()
        } else {
            let params: Vec<String> =
                self.params.iter().map(|(key, value)| format!("{key}={value}")).collect();
            format!("{}[{}]", self.benchmark, params.join(","))
        };
        let direction = match self.mode {
            Mode::Thrpt => Direction::HigherIsBetter,
            Mode::Avgt | Mode::Sample | Mode::Ss => Direction::LowerIsBetter,
        };
        let params: BTreeMap<String, serde_json::Value> =
            self.params.into_iter().map(|(key, value)| (key, serde_json::Value::String(value))).collect();
        let mut add = |key: String, metric: Metric, direction: Direction, element: String| {
            let mut benchmark = metric.into_model(&key).map_err(|error| error.in_element(element))?;
            benchmark.measure.direction = direction;
            benchmark.group = Some(self.benchmark.clone());
            benchmark.params = (!params.is_empty()).then(|| params.clone());
            benchmark.setup.threads = self.threads;
            benchmarks.push(benchmark);
            Ok::<(), ParseError>(())
        };
        add(name.clone(), self.primary_metric, direction, "primaryMetric".to_owned())?;
        for (metric_name, metric) in self.secondary_metrics {
            let direction = rate_direction(&metric.score_unit);
            let element = format!("secondaryMetrics.{metric_name}");
            add(format!("{name} {metric_name}"), metric, direction, element)?;
        }
        Ok(())
    }
}

/// A secondary metric's direction: a rate per second is better higher, anything else lower.
fn rate_direction(unit: &str) -> Direction {
    if unit.ends_with("/s") || unit.starts_with("ops/") {
        Direction::HigherIsBetter
    } else {
        Direction::LowerIsBetter
    }
}

impl Metric {
    fn into_model(self, key: &str) -> Result<Benchmark, ParseError> {
        let error = |kind| ParseError::new(Format::Jmh, kind);
        let raw = self.raw_data.ok_or_else(|| {
            error(ParseErrorKind::Json(format!(
                "benchmark {key} has no `rawData` (JMH's sample mode writes a histogram, which gates does not read)"
            )))
        })?;
        let samples: Vec<f64> = raw.into_iter().flatten().collect();
        let stats =
            Stats::from_samples(&samples).ok_or_else(|| error(ParseErrorKind::Empty("rawData figure")))?;
        if (stats.mean - self.score).abs() > SCORE_TOLERANCE * self.score.abs() {
            return Err(error(ParseErrorKind::Contradiction(format!(
                "benchmark {key}: `score` is {} but its {} raw figures average {}",
                self.score, stats.rounds, stats.mean
            ))));
        }
        let mut benchmark = Benchmark::new(key, Stats { mean: self.score, ..stats });
        benchmark.measure = Measure::named(self.score_unit, Direction::LowerIsBetter);
        benchmark.data = Some(samples);
        Ok(benchmark)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(mode: &str, unit: &str, score: f64, raw: &str) -> String {
        format!(
            r#"[{{"jmhVersion": "1.37", "benchmark": "org.example.Sort.quick", "mode": "{mode}", "threads": 1,
            "forks": 2, "jdkVersion": "21.0.2", "vmName": "OpenJDK 64-Bit Server VM", "params": {{"size": "100"}},
            "primaryMetric": {{"score": {score}, "scoreError": 1.0, "scoreUnit": "{unit}", "rawData": {raw}}},
            "secondaryMetrics": {{}}}}]"#
        )
    }

    fn parsed(text: &str) -> Result<BenchmarkRun, ParseError> {
        match crate::parse::parse_str(Format::Jmh, text)?.content {
            ReportContent::Benchmarks(run) => Ok(*run),
            other => panic!("not benchmarks: {other:?}"),
        }
    }

    #[test]
    fn the_mode_decides_the_direction_and_forks_pool_their_iterations() {
        let run = parsed(&result("thrpt", "ops/s", 2.5, "[[1.0, 2.0], [3.0, 4.0]]")).unwrap();
        let benchmark = &run.benchmarks[0];
        assert_eq!(benchmark.name, "org.example.Sort.quick[size=100]");
        assert_eq!(benchmark.measure, Measure::named("ops/s", Direction::HigherIsBetter));
        assert_eq!((benchmark.stats.rounds, benchmark.data.as_ref().map(Vec::len)), (4, Some(4)));
        assert_eq!(run.machine.toolchain.as_deref(), Some("OpenJDK 64-Bit Server VM 21.0.2"));
        let average = parsed(&result("avgt", "us/op", 2.5, "[[1.0, 2.0], [3.0, 4.0]]")).unwrap();
        assert_eq!(average.benchmarks[0].measure.direction, Direction::LowerIsBetter);
    }

    #[test]
    fn a_score_that_is_not_its_raw_datas_mean_is_refused() {
        assert_eq!(
            parsed(&result("avgt", "us/op", 2.0, "[[1.0, 2.0], [3.0, 4.0]]")).unwrap_err().to_string(),
            "not valid JMH JSON: [0].primaryMetric: benchmark org.example.Sort.quick[size=100]: `score` is 2 but its 4 \
             raw figures average 2.5; the report contradicts itself"
        );
        let sample = result("sample", "us/op", 2.0, "null");
        assert!(parsed(&sample).unwrap_err().to_string().contains("has no `rawData`"));
    }
}

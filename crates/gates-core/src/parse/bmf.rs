//! Bencher Metric Format (BMF) JSON: what Bencher's adapters write and `bencher run --adapter json`
//! reads.
//!
//! Bencher cannot run here; the shape is its published JSON Schema (`bencher.dev/bmf.json`): an
//! object keyed by benchmark name, each an object keyed by measure (slug, name or UUID), each a
//! metric `{"value", "lower_value", "upper_value"}` with only `value` required.
//!
//! Bencher's built-in measures give the unit and direction: `latency` (ns), `build-time`
//! (seconds) and `file-size` (bytes) are better lower, `throughput` (ops/s) higher. Any other
//! measure keeps its key as its unit and is taken as better lower (BMF does not say; a Bencher
//! threshold does). Each metric is a benchmark: the benchmark's name for `latency`, the name and
//! the measure for the others. `lower_value` and `upper_value` are bounds, not samples: they are
//! checked to hold `value` and not kept.

use std::collections::BTreeMap;
use std::io::BufRead;

use serde::Deserialize;

use super::Format;
use super::error::{ParseError, ParseErrorKind};
use super::json;
use crate::model::{Benchmark, BenchmarkRun, Direction, Measure, MeasureUnit, Report, ReportContent, Stats};

/// Parses a BMF JSON document.
pub(crate) fn parse(input: impl BufRead) -> Result<Report, ParseError> {
    let json::AtMostKeyed(document) = json::from_reader::<
        json::AtMostKeyed<BTreeMap<String, Metric>, { json::MAX_BENCHMARKS }>,
    >(Format::Bmf, input)?;
    let mut benchmarks = Vec::new();
    for (name, measures) in document {
        for (slug, metric) in measures {
            let key = if slug == "latency" { name.clone() } else { format!("{name} {slug}") };
            let lower = metric.lower_value.unwrap_or(metric.value);
            let upper = metric.upper_value.unwrap_or(metric.value);
            if !(lower <= metric.value && metric.value <= upper) {
                return Err(ParseError::new(
                    Format::Bmf,
                    ParseErrorKind::Contradiction(format!(
                        "{key}: `value` {} is not between `lower_value` {lower} and `upper_value` {upper}",
                        metric.value
                    )),
                )
                .in_element(format!("{name}.{slug}")));
            }
            let Some(stats) = Stats::from_samples(&[metric.value]) else { continue };
            let mut benchmark = Benchmark::new(key, stats);
            benchmark.group = Some(name.clone());
            benchmark.measure = measure(&slug);
            benchmark.data = Some(vec![metric.value]);
            benchmarks.push(benchmark);
        }
    }
    if benchmarks.is_empty() {
        return Err(ParseError::new(Format::Bmf, ParseErrorKind::Empty("benchmark metric")));
    }
    Ok(Report {
        format: Format::Bmf,
        producer: None,
        notes: Vec::new(),
        content: ReportContent::Benchmarks(Box::new(BenchmarkRun::new(benchmarks))),
    })
}

#[derive(Deserialize)]
struct Metric {
    value: f64,
    lower_value: Option<f64>,
    upper_value: Option<f64>,
}

/// The unit and direction of a measure, by Bencher's built-in slugs.
fn measure(slug: &str) -> Measure {
    match slug {
        "latency" => Measure::named("ns", Direction::LowerIsBetter),
        "throughput" => Measure::named("ops/s", Direction::HigherIsBetter),
        "build-time" => Measure::new(MeasureUnit::Seconds, Direction::LowerIsBetter),
        "file-size" => Measure::named("B", Direction::LowerIsBetter),
        other => Measure::named(other, Direction::LowerIsBetter),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Result<BenchmarkRun, ParseError> {
        match crate::parse::parse_str(Format::Bmf, text)?.content {
            ReportContent::Benchmarks(run) => Ok(*run),
            other => panic!("not benchmarks: {other:?}"),
        }
    }

    #[test]
    fn each_measure_is_a_benchmark_in_bencher_units() {
        let text = r#"{"parse": {"latency": {"value": 88.0, "lower_value": 87.4, "upper_value": 88.9},
            "throughput": {"value": 5.5}}, "my_binary": {"file-size": {"value": 42.0}}}"#;
        let shown: Vec<_> = run(text)
            .unwrap()
            .benchmarks
            .iter()
            .map(|benchmark| (benchmark.name.clone(), benchmark.measure.clone(), benchmark.stats.mean))
            .collect();
        assert_eq!(
            shown,
            [
                ("my_binary file-size".to_owned(), Measure::named("B", Direction::LowerIsBetter), 42.0),
                ("parse".to_owned(), Measure::named("ns", Direction::LowerIsBetter), 88.0),
                ("parse throughput".to_owned(), Measure::named("ops/s", Direction::HigherIsBetter), 5.5),
            ]
        );
    }

    #[test]
    fn a_value_outside_its_bounds_is_refused() {
        let text = r#"{"parse": {"latency": {"value": 90.0, "upper_value": 88.9}}}"#;
        assert_eq!(
            run(text).unwrap_err().to_string(),
            "not valid Bencher Metric Format JSON: parse.latency: parse: `value` 90 is not between `lower_value` 90 \
             and `upper_value` 88.9; the report contradicts itself"
        );
    }
}

//! github-action-benchmark's custom JSON: the `customSmallerIsBetter` and
//! `customBiggerIsBetter` tools.
//!
//! The action cannot run here; the shape is the one its README documents: a list of
//! `{"name", "unit", "value", "range", "extra"}` objects, `value` a number, `range` (`"± 3"`) and
//! `extra` free text. The file does not say which way is better: the tool name does, so the
//! format is named on the command line (`--input custom-smaller-is-better=FILE` or
//! `custom-bigger-is-better`); the content alone is refused with that advice.
//!
//! Each item is a benchmark with one figure in its `unit`; `range` is text, not a spread, and is
//! not read.

use std::io::BufRead;

use serde::Deserialize;

use super::Format;
use super::error::{ParseError, ParseErrorKind};
use super::json;
use crate::model::{Benchmark, BenchmarkRun, Direction, Measure, Report, ReportContent, Stats};

/// Parses a custom benchmark list whose figures are better in `direction`.
pub(crate) fn parse(input: impl BufRead, direction: Direction) -> Result<Report, ParseError> {
    let format = match direction {
        Direction::LowerIsBetter => Format::CustomSmallerIsBetter,
        Direction::HigherIsBetter => Format::CustomBiggerIsBetter,
    };
    let json::AtMost(entries) =
        json::from_reader::<json::AtMost<Entry, { json::MAX_BENCHMARKS }>>(format, input)?;
    if entries.is_empty() {
        return Err(ParseError::new(format, ParseErrorKind::Empty("benchmark")));
    }
    let benchmarks = entries
        .into_iter()
        .map(|Entry(mut benchmark)| {
            benchmark.measure.direction = direction;
            benchmark
        })
        .collect();
    Ok(Report {
        format,
        producer: None,
        notes: Vec::new(),
        content: ReportContent::Benchmarks(Box::new(BenchmarkRun::new(benchmarks))),
    })
}

#[derive(Deserialize)]
struct Item {
    name: String,
    unit: String,
    value: f64,
}

/// An item, made a benchmark as it is read (lower is better until the format says otherwise),
/// so a long list is never held twice.
#[derive(Deserialize)]
#[serde(try_from = "Item")]
struct Entry(Benchmark);

impl TryFrom<Item> for Entry {
    type Error = String;

    fn try_from(item: Item) -> Result<Self, String> {
        let stats = Stats::from_samples(&[item.value])
            .ok_or_else(|| format!("value {} is not a number", item.value))?;
        let mut benchmark = Benchmark::new(item.name, stats);
        benchmark.measure = Measure::named(item.unit, Direction::LowerIsBetter);
        benchmark.data = Some(vec![item.value]);
        Ok(Entry(benchmark))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_format_gives_the_direction() {
        let text =
            r#"[{"name": "bundle size", "unit": "KB", "value": 412.5, "range": "± 0", "extra": "gzip"}]"#;
        for (format, direction) in [
            (Format::CustomSmallerIsBetter, Direction::LowerIsBetter),
            (Format::CustomBiggerIsBetter, Direction::HigherIsBetter),
        ] {
            let ReportContent::Benchmarks(run) = crate::parse::parse_str(format, text).unwrap().content
            else {
                panic!("not benchmarks")
            };
            let benchmark = &run.benchmarks[0];
            assert_eq!((benchmark.name.as_str(), benchmark.stats.mean), ("bundle size", 412.5));
            assert_eq!(benchmark.measure, Measure::named("KB", direction));
        }
        let text_value = r#"[{"name": "a", "unit": "ms", "value": "12"}]"#;
        assert_eq!(
            crate::parse::parse_str(Format::CustomSmallerIsBetter, text_value).unwrap_err().to_string(),
            "not valid github-action-benchmark customSmallerIsBetter JSON: line 1, column 42 ([0].value): invalid \
             type: string \"12\", expected f64"
        );
    }
}

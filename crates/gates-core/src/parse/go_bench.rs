//! `go test -bench` text output (with or without `-benchmem`, `-count=N`, `-v`).
//!
//! Producer seen: Go 1.19.8. The format read is Go's benchmark data format (the Go proposal
//! 14313, `golang.org/x/perf/benchfmt`) as `testing.BenchmarkResult.String` writes it:
//! - configuration lines `key: value` before and between results: `goos`, `goarch`, `pkg`, `cpu`
//!   (the machine check reads `goos`, `goarch` and `cpu`; `pkg` qualifies the names after it);
//! - one line per run of a benchmark: `BenchmarkName-N  <iterations>  <value> <unit> …`, with
//!   `-N` the GOMAXPROCS suffix (absent when it is 1) and the pairs `ns/op`, with `-benchmem`
//!   `B/op` and `allocs/op`, with `b.SetBytes` `MB/s`, and any `b.ReportMetric` unit;
//! - `-count=N` repeats the line: each is one sample of each unit;
//! - `-v` first prints the name alone; `--- FAIL: BenchmarkName` marks a failed benchmark, which
//!   wrote no result (noted); `PASS`, test and log lines are passed over;
//! - each package's output ends with `ok  <pkg> <time>` or `FAIL <pkg> …`: output that does not
//!   end so was cut short.
//!
//! Each unit is a benchmark of its own, named `shapes.BenchmarkName` for `ns/op` and
//! `shapes.BenchmarkName unit` for the others (the last element of `pkg`, as Go names a
//! package's functions), in the unit Go prints; its group is the whole `pkg`. A rate (`MB/s`, any unit per
//! second) is better higher; every other unit is better lower. The suffix is not part of the
//! name: it is the run's threads, and a baseline with other threads is named in a warning.

use std::io::BufRead;

use super::Format;
use super::error::{ParseError, ParseErrorKind, io_error};
use super::lines::{Lines, MAX_TEXT_LINE};
use super::sample_series::{SeriesOf, SeriesSet};
use crate::model::{BenchmarkRun, Direction, MachineInfo, Measure, Report, ReportContent};

const EXPECTED: &str = "`go test -bench` output: `BenchmarkName-N  <iterations>  <value> <unit> …` lines";

/// Whether the report looks like `go test -bench` output: its first line is a `goos:`,
/// `goarch:`, `pkg:` or `cpu:` configuration line or a benchmark result.
pub(crate) fn sniff(content: &[u8]) -> Option<Format> {
    let content = content.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(content);
    let first = content.split(|&byte| byte == b'\n').next()?;
    let first = std::str::from_utf8(first).ok()?.trim_end_matches('\r');
    let configuration = ["goos: ", "goarch: ", "pkg: ", "cpu: "].iter().any(|key| first.starts_with(key));
    let result = is_benchmark_name(first.split_ascii_whitespace().next().unwrap_or_default())
        && first
            .split_ascii_whitespace()
            .nth(1)
            .is_some_and(|field| field.bytes().all(|byte| byte.is_ascii_digit()));
    (configuration || result).then_some(Format::GoBench)
}

/// Parses `go test -bench` output.
pub(crate) fn parse(input: impl BufRead) -> Result<Report, ParseError> {
    let mut machine = MachineInfo::default();
    let mut package: Option<String> = None;
    let mut series = SeriesSet::default();
    let mut notes = Vec::new();
    let mut closed = false;
    let mut lines = Lines::new(input, MAX_TEXT_LINE);
    while let Some(line) = lines.next_line().map_err(|error| io_error(Format::GoBench, error))? {
        let start = line.start;
        let text = line.text(Format::GoBench, EXPECTED)?;
        if !text.trim().is_empty() {
            closed = is_package_end(text);
        }
        if let Some((key, value)) = configuration(text) {
            let value = Some(value.to_owned());
            match key {
                "goos" => machine.system = value,
                "goarch" => machine.machine = value,
                "cpu" => machine.cpu = value,
                _ => package = value,
            }
            continue;
        }
        if let Some(failed) = text.strip_prefix("--- FAIL: ").filter(|rest| is_benchmark_name(rest.trim())) {
            notes.push(format!("benchmark {} failed and has no result", failed.trim()));
            continue;
        }
        let Some(result) = result_line(text)
            .map_err(|(column, kind)| ParseError::new(Format::GoBench, kind).at(start + column as u64))?
        else {
            continue;
        };
        let (name, threads) = split_threads(result.name);
        let qualified = match package.as_deref().and_then(|package| package.rsplit('/').next()) {
            Some(short) => format!("{short}.{name}"),
            None => name.to_owned(),
        };
        for (value, unit) in result.figures {
            let key = if unit == "ns/op" { qualified.clone() } else { format!("{qualified} {unit}") };
            series.add(key, value, || SeriesOf {
                group: package.clone(),
                measure: Measure::named(unit, direction(unit)),
                threads,
            });
        }
    }
    if lines.ended_mid_line() {
        return Err(ParseError::new(Format::GoBench, ParseErrorKind::CutMidLine).at(lines.offset()));
    }
    if series.is_empty() {
        return Err(ParseError::new(Format::GoBench, ParseErrorKind::Empty("benchmark result line")));
    }
    if !closed {
        return Err(ParseError::new(
            Format::GoBench,
            ParseErrorKind::Incomplete(
                "the output does not end with go test's `ok` or `FAIL` line for its package".to_owned(),
            ),
        )
        .at(lines.offset()));
    }
    let benchmarks = series.into_benchmarks();
    Ok(Report {
        format: Format::GoBench,
        producer: Some("go test -bench".to_owned()),
        notes,
        content: ReportContent::Benchmarks(Box::new(BenchmarkRun {
            machine,
            ..BenchmarkRun::new(benchmarks)
        })),
    })
}

/// Whether a line is go test's last for a package: `ok  \t<pkg>\t<time>` or `FAIL\t<pkg>…`.
fn is_package_end(text: &str) -> bool {
    ["ok", "FAIL"].iter().any(|word| {
        text.strip_prefix(word).is_some_and(|rest| rest.starts_with([' ', '\t']) && !rest.trim().is_empty())
    })
}

/// A configuration line's key and value, for the keys gates reads.
fn configuration(text: &str) -> Option<(&str, &str)> {
    let (key, value) = text.split_once(": ")?;
    matches!(key, "goos" | "goarch" | "pkg" | "cpu").then(|| (key, value.trim()))
}

/// A benchmark's name as Go writes it: `Benchmark`, then nothing or a character that is not a
/// lower-case letter (`BenchmarkJoin`, `Benchmark_x`, not `Benchmarking`).
fn is_benchmark_name(field: &str) -> bool {
    field.strip_prefix("Benchmark").is_some_and(|rest| !rest.starts_with(|c: char| c.is_lowercase()))
}

/// One result line.
struct ResultLine<'a> {
    name: &'a str,
    figures: Vec<(f64, &'a str)>,
}

/// The result on a line: `None` for a line that is no result (a `-v` name echo, test output),
/// an error with its byte column for a result line Go would not write.
fn result_line(text: &str) -> Result<Option<ResultLine<'_>>, (usize, ParseErrorKind)> {
    let column = |field: &str| (field.as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
    let mut fields = text.split_ascii_whitespace();
    let Some(name) = fields.next().filter(|name| is_benchmark_name(name) && text.starts_with(name)) else {
        return Ok(None);
    };
    let Some(iterations) = fields.next() else { return Ok(None) };
    if super::number::count(iterations).is_none() {
        return Err((column(iterations), ParseErrorKind::invalid("the iteration count", iterations)));
    }
    let mut figures = Vec::new();
    while let Some(value) = fields.next() {
        let number = value.parse::<f64>().ok().filter(|number| number.is_finite() && *number >= 0.0);
        let Some(number) = number else {
            return Err((column(value), ParseErrorKind::invalid("a figure (a number of 0 or more)", value)));
        };
        let Some(unit) = fields.next() else {
            return Err((column(value), ParseErrorKind::invalid("a figure followed by its unit", value)));
        };
        figures.push((number, unit));
    }
    if figures.is_empty() {
        return Err((
            column(iterations),
            ParseErrorKind::invalid("figures after the iteration count", iterations),
        ));
    }
    Ok(Some(ResultLine { name, figures }))
}

/// The name without its GOMAXPROCS suffix, and the suffix.
fn split_threads(name: &str) -> (&str, Option<u64>) {
    match name.rsplit_once('-') {
        Some((base, digits)) if !digits.is_empty() && digits.bytes().all(|byte| byte.is_ascii_digit()) => {
            (base, digits.parse().ok())
        }
        _ => (name, None),
    }
}

/// A rate is better higher; a time, a size or a count lower.
fn direction(unit: &str) -> Direction {
    if unit.ends_with("/s") { Direction::HigherIsBetter } else { Direction::LowerIsBetter }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Benchmark;

    fn benchmarks(text: &str) -> Result<(Vec<Benchmark>, Vec<String>), ParseError> {
        let report = crate::parse::parse_str(Format::GoBench, text)?;
        match report.content {
            ReportContent::Benchmarks(run) => Ok((run.benchmarks, report.notes)),
            other => panic!("not benchmarks: {other:?}"),
        }
    }

    #[test]
    fn each_unit_is_a_benchmark_and_each_line_a_sample() {
        let text = "BenchmarkCopy-4 \t 10 \t 1232 ns/op\t53208.97 MB/s\t 0 B/op\nBenchmarkCopy-4 10 1234 ns/op 53088.88 MB/s 0 B/op\nok  \tx\t0.1s\n";
        let (benchmarks, _) = benchmarks(text).unwrap();
        let shown: Vec<_> = benchmarks
            .iter()
            .map(|benchmark| {
                (
                    benchmark.name.as_str(),
                    benchmark.measure.direction,
                    benchmark.stats.mean,
                    benchmark.setup.threads,
                )
            })
            .collect();
        assert_eq!(
            shown,
            [
                ("BenchmarkCopy", Direction::LowerIsBetter, 1233.0, Some(4)),
                ("BenchmarkCopy MB/s", Direction::HigherIsBetter, 53148.925, Some(4)),
                ("BenchmarkCopy B/op", Direction::LowerIsBetter, 0.0, Some(4)),
            ]
        );
        assert_eq!(benchmarks[0].measure, Measure::named("ns/op", Direction::LowerIsBetter));
    }

    #[test]
    fn echoed_names_and_failures_are_not_results() {
        let text = "BenchmarkSum\nBenchmarkSum 437335 237.9 ns/op\n--- FAIL: BenchmarkBroken\n    x_test.go:9: boom\nFAIL\nexit status 1\nFAIL\tx\t0.1s\n";
        let (benchmarks, notes) = benchmarks(text).unwrap();
        assert_eq!((benchmarks.len(), benchmarks[0].setup.threads), (1, None));
        assert_eq!(notes, ["benchmark BenchmarkBroken failed and has no result"]);
    }

    #[test]
    fn damaged_results_are_refused_where_they_are() {
        let refused = |text: &str| benchmarks(text).unwrap_err().to_string();
        assert_eq!(
            refused("BenchmarkSum-2 100 237.9\n"),
            "not valid go test -bench output: line 1, column 20: expected a figure followed by its unit, found \"237.9\""
        );
        assert_eq!(
            refused("BenchmarkSum-2 100 fast ns/op\n"),
            "not valid go test -bench output: line 1, column 20: expected a figure (a number of 0 or more), found \"fast\""
        );
        assert_eq!(
            refused("BenchmarkSum-2 1e2x 3 ns/op\n"),
            "not valid go test -bench output: line 1, column 16: expected the iteration count, found \"1e2x\""
        );
        assert_eq!(
            refused("goos: linux\nPASS\n"),
            "not valid go test -bench output: no benchmark result line found; the report is empty"
        );
        assert_eq!(
            refused("BenchmarkSum-2 100 3 ns/op\nPASS\n"),
            "not valid go test -bench output: line 3, column 1: the output does not end with go test's `ok` or `FAIL` line \
             for its package; the report is incomplete: the stream was cut short or the run stopped before its end"
        );
        assert_eq!(
            refused("BenchmarkSum-2 100 3 ns/op"),
            "not valid go test -bench output: line 1, column 27: the last line ends without a newline; the report is truncated"
        );
    }
}

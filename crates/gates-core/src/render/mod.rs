//! Outputs made from an evaluation: JSON for tools, Markdown for people.
//!
//! Terminal tables live in the CLI; the text helpers here keep every output's numbers alike.

mod annotations;
mod badge;
mod charts;
mod ci_job;
mod codeclimate;
mod html;
mod json;
mod junit;
mod listing;
mod markdown;
mod mermaid;
mod sarif;
mod starter;

pub use badge::Badge;
pub use ci_job::{BASELINE_FILE, CiJob, CiSystem};
pub use html::HtmlReport;
pub use json::json_schema as output_json_schema;
pub use listing::{GateFacts, gate_facts};
pub use markdown::render_within as markdown_within;
pub use starter::{StarterOptions, starter_toml};

use std::fmt;

use crate::model::{ChangeRuleValue, Metrics, PackageLicense, Unit, complexity_rank};
use crate::policy::LicenseVerdict;
use crate::policy::{Detail, Evaluation, Gate, Outcome, Scope};

/// The factor and unit that show `seconds` (the largest or a typical one of several) with a few
/// digits.
pub(crate) fn time_scale(seconds: f64) -> (f64, &'static str) {
    match seconds.abs() {
        seconds if seconds >= 1.0 => (1.0, "s"),
        seconds if seconds >= 1e-3 => (1e3, "ms"),
        seconds if seconds >= 1e-6 => (1e6, "µs"),
        _ => (1e9, "ns"),
    }
}

/// An output gates writes from an evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Output {
    /// The JSON document for tools (`version`, `verdict`, `metrics`, `gates`, …).
    Json,
    /// GitHub-flavoured Markdown: the PR comment and job summary.
    Markdown,
    /// SARIF 2.1.0 of the findings, for code scanning.
    Sarif,
    /// JUnit XML with one test case per gate.
    Junit,
    /// GitLab Code Quality JSON of the findings.
    CodeClimate,
    /// GitHub Actions workflow commands (`::error file=…::`).
    Annotations,
}

/// The evaluation written as `output` into `out`: the JSON document streams, without the whole
/// text held in memory; the other outputs are written as [`render`] makes them.
pub fn write_rendered(
    output: Output,
    evaluation: &Evaluation,
    metrics: &Metrics,
    out: &mut impl std::io::Write,
) -> std::io::Result<()> {
    match output {
        Output::Json => json::write(evaluation, metrics, out),
        _ => out.write_all(render(output, evaluation, metrics).as_bytes()),
    }
}

/// The evaluation written as `output`.
pub fn render(output: Output, evaluation: &Evaluation, metrics: &Metrics) -> String {
    match output {
        Output::Json => json::render(evaluation, metrics),
        Output::Markdown => markdown::render(evaluation, metrics),
        Output::Sarif => sarif::render(evaluation, metrics),
        Output::Junit => junit::render(evaluation),
        Output::CodeClimate => codeclimate::render(evaluation, metrics),
        Output::Annotations => annotations::render(evaluation, metrics),
    }
}

// The texts of policy types live with the other texts of values and bounds.
impl Gate {
    /// The title, or the rule itself (`coverage.lines >= 80`).
    pub fn name(&self) -> String {
        match &self.title {
            Some(title) => title.clone(),
            None => match &self.scope {
                Some(scope) => {
                    format!("{} {} {}", self.metric, scope.describe(), bound_text(self))
                }
                None => format!("{} {}", self.metric, bound_text(self)),
            },
        }
    }
}

impl Scope {
    /// The files a scope selects: `[src/**]`, `(each file of src/**)`.
    fn describe(&self) -> String {
        let paths = self.paths.patterns();
        match (paths.is_empty(), self.each_file) {
            (true, _) => "(each file)".to_owned(),
            (false, false) => format!("[{}]", paths.join(", ")),
            (false, true) => format!("(each file of {})", paths.join(", ")),
        }
    }
}

impl fmt::Display for Detail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let percent =
            |value: &Option<f64>| value.map_or("n/a".to_owned(), |value| value_text(Unit::Percent, value));
        match self {
            Detail::WorstFile(path) => write!(f, "worst file: {path}"),
            Detail::TitleProblem { title, problem } => write!(f, "{title:?}: {problem}"),
            Detail::ChangedFiles(rule) => f.write_str(&changed_files_text(rule)),
            Detail::CoverageParts { lines, branches } => {
                write!(f, "lines {}, branches {}", percent(lines), percent(branches))
            }
        }
    }
}

/// Files named in a gate's note before the rest are counted.
const FILES_NAMED: usize = 5;

/// `a.py, b.py and 3 more`.
fn file_list(files: &[String]) -> String {
    let named: Vec<&str> = files.iter().take(FILES_NAMED).map(String::as_str).collect();
    match files.len().saturating_sub(FILES_NAMED) {
        0 => named.join(", "),
        more => format!("{} and {more} more", named.join(", ")),
    }
}

/// The files behind a `[[change]]` rule's value, as one phrase.
pub fn changed_files_text(rule: &ChangeRuleValue) -> String {
    match (rule.unit, rule.changed.is_empty(), rule.required.is_empty()) {
        (Unit::Flag, true, _) => "no file of the rule changed".to_owned(),
        (Unit::Flag, false, true) => format!("changed without a required file: {}", file_list(&rule.changed)),
        (Unit::Flag, false, false) => {
            format!("{} with {}", file_list(&rule.changed), file_list(&rule.required))
        }
        (_, true, _) => "no matching file changed".to_owned(),
        (_, false, _) => file_list(&rule.changed),
    }
}

/// The unit a gate's value is shown in: that of its first metric.
fn unit(gate: &Gate) -> Unit {
    gate.metric.terms.first().map_or(Unit::Count, |metric| metric.unit())
}

/// The slowest tests that ran, slowest first: each one's full name and its time (`1.234 s`),
/// with the outcome when it is not a pass (`1.234 s (failed)`).
pub fn slowest_test_texts(metrics: &Metrics) -> Vec<(String, String)> {
    listing::slowest_tests(metrics)
        .into_iter()
        .map(|case| {
            let time = duration_text(case.time_s.unwrap_or(0.0));
            let time = match case.status {
                crate::model::TestStatus::Passed => time,
                _ => format!("{time} ({})", listing::outcome_word(&case.status)),
            };
            (case.full_name(), time)
        })
        .collect()
}

/// A value with its unit: `81.25%`, `312`, `4.20 s`.
pub fn value_text(unit: Unit, value: f64) -> String {
    match unit {
        Unit::Percent => format!("{}%", percent_text(value)),
        Unit::Count if value.fract() == 0.0 => format!("{value:.0}"),
        Unit::Seconds => format!("{value:.2} s"),
        Unit::Complexity => format!("{} ({})", trim_decimals(value), complexity_rank(value.ceil() as u32)),
        Unit::Maintainability => format!("{value:.2} ({})", maintainability_rank(value)),
        Unit::Flag if value == 1.0 => "yes".to_owned(),
        Unit::Flag if value == 0.0 => "no".to_owned(),
        _ => format!("{value}"),
    }
}

/// `12` or `3.45`: whole numbers without decimals, others with two.
fn trim_decimals(value: f64) -> String {
    if value.fract() == 0.0 { format!("{value:.0}") } else { format!("{value:.2}") }
}

/// radon's maintainability rank: A above 19, B 10–19, C below 10.
fn maintainability_rank(index: f64) -> char {
    if index >= 20.0 {
        'A'
    } else if index >= 10.0 {
        'B'
    } else {
        'C'
    }
}

/// Two decimals, never showing 100.00 or 0.00 for a value that is not exactly that
/// (as coverage.py never rounds 99.996 % up to 100 %).
fn percent_text(value: f64) -> String {
    let shown = format!("{value:.2}");
    if value < 100.0 && shown == "100.00" {
        "99.99".to_owned()
    } else if value > 0.0 && shown == "0.00" {
        "0.01".to_owned()
    } else {
        shown
    }
}

/// The measured value of an outcome with its unit (a change for change gates), or `n/a`.
/// With a baseline, the change since it follows: `79.71% (-2.50 pts)`.
pub fn actual_text(outcome: &Outcome) -> String {
    let unit = unit(&outcome.gate);
    match (&outcome.actual, outcome.gate.change, outcome.baseline) {
        (Ok(change), Some(bound), _) if bound.in_percent => format!("{change:+.2}%"),
        (Ok(change), Some(_), _) => change_text(unit, *change),
        (Ok(value), None, Some(was)) => {
            format!("{} ({})", value_text(unit, *value), change_text(unit, value - was))
        }
        (Ok(value), None, None) => value_text(unit, *value),
        (Err(_), _, _) => "n/a".to_owned(),
    }
}

/// A change since the baseline: `+1.20 pts`, `-3`.
fn change_text(unit: Unit, change: f64) -> String {
    let sign = if change > 0.0 { "+" } else { "" };
    match unit {
        Unit::Percent => format!("{sign}{change:.2} pts"),
        _ => format!("{sign}{}", trim_number((change * 100.0).round() / 100.0)),
    }
}

/// The gate's bound with its unit: `>= 80%`, `<= 0`.
pub fn bound_text(gate: &Gate) -> String {
    let unit = unit(gate);
    let show = |value: f64| match unit {
        Unit::Percent => format!("{}%", trim_number(value)),
        Unit::Complexity if value.fract() == 0.0 && value >= 1.0 => {
            format!("{} ({})", trim_number(value), complexity_rank(value as u32))
        }
        Unit::Maintainability => format!("{} ({})", trim_number(value), maintainability_rank(value)),
        _ => trim_number(value),
    };
    if let Some(change) = gate.change {
        let points = if change.in_percent {
            "%"
        } else if unit == Unit::Percent {
            " pts"
        } else {
            ""
        };
        let parts: Vec<String> = [("drop", change.max_decrease), ("rise", change.max_increase)]
            .into_iter()
            .filter_map(|(word, bound)| {
                bound.map(|bound| format!("{word} <= {}{points}", trim_number(bound)))
            })
            .collect();
        return parts.join(" and ");
    }
    match (gate.min, gate.max) {
        (Some(min), None) if unit == Unit::Flag && min > 0.0 && min <= 1.0 => "yes".to_owned(),
        (None, Some(max)) if unit == Unit::Flag && (0.0..1.0).contains(&max) => "no".to_owned(),
        (Some(min), Some(max)) => format!(">= {} and <= {}", show(min), show(max)),
        (Some(min), None) => format!(">= {}", show(min)),
        (None, Some(max)) => format!("<= {}", show(max)),
        (None, None) => String::new(),
    }
}

/// The texts of one benchmark row: name, baseline, candidate, change, verdict, significance.
pub fn bench_row_texts(row: &crate::compare::BenchRow) -> [String; 6] {
    use crate::compare::BenchVerdict;
    let figure = |value: Option<f64>| match (value, &row.unit) {
        (None, _) => "–".to_owned(),
        (Some(seconds), None) => duration_text(seconds),
        (Some(value), Some(unit)) => format!("{} {unit}", figure_text(value)),
    };
    let change = row.change_percent.map_or_else(|| "–".to_owned(), |change| format!("{change:+.2}%"));
    // A time gets faster or slower; bytes, allocations and rates get better or worse.
    let time = row.unit.as_deref().is_none_or(|unit| crate::model::MeasureUnit::seconds_in(unit).is_some());
    let verdict = match row.verdict {
        BenchVerdict::Improved if time => "faster",
        BenchVerdict::Improved => "better",
        BenchVerdict::Unchanged => "unchanged",
        BenchVerdict::Warn if time => "slower (warn)",
        BenchVerdict::Warn => "worse (warn)",
        BenchVerdict::Regressed => "regressed",
        BenchVerdict::Added => "added",
        BenchVerdict::Removed => "removed",
        BenchVerdict::Incomparable => "not comparable",
    };
    let significance = match (&row.significance, row.spread_overlap) {
        (Some(test), _) => format!(
            "{} {}{}",
            test.test.name(),
            p_value_text(test.p_value),
            if test.significant { "" } else { " (not significant)" }
        ),
        (None, Some(true)) => "IQRs overlap".to_owned(),
        (None, Some(false)) => "IQRs apart".to_owned(),
        (None, None) => String::new(),
    };
    [row.name.clone(), figure(row.baseline), figure(row.candidate), change, verdict.to_owned(), significance]
}

/// A figure in a unit the tool named, to four significant digits or so: `812.3`, `52.31`, `3`.
fn figure_text(value: f64) -> String {
    let size = value.abs();
    if value.fract() == 0.0 && size < 1e15 {
        format!("{value:.0}")
    } else if size >= 100.0 {
        format!("{value:.1}")
    } else if size >= 1.0 {
        format!("{value:.3}")
    } else {
        format!("{value:.4}")
    }
}

/// Seconds in the unit that reads best: `965.2 ps`, `812.3 ns`, `1.234 ms`, `2.10 s`.
pub(crate) fn duration_text(seconds: f64) -> String {
    match seconds.abs() {
        value if value < 1e-9 => format!("{:.1} ps", seconds * 1e12),
        value if value < 1e-6 => format!("{:.1} ns", seconds * 1e9),
        value if value < 1e-3 => format!("{:.3} µs", seconds * 1e6),
        value if value < 1.0 => format!("{:.3} ms", seconds * 1e3),
        _ => format!("{seconds:.3} s"),
    }
}

/// Dependencies whose licence is denied or cannot be read, in report order: every output lists
/// these.
pub fn license_issues<'a>(
    evaluation: &'a Evaluation,
    metrics: &'a Metrics,
) -> impl Iterator<Item = (&'a PackageLicense, LicenseVerdict)> + 'a {
    let licenses = metrics.licenses.iter().flat_map(|licenses| &licenses.packages);
    licenses.enumerate().filter_map(|(at, package)| {
        let verdict = evaluation.triage.licenses.get(at).copied()?;
        matches!(verdict, LicenseVerdict::Denied | LicenseVerdict::Unknown).then_some((package, verdict))
    })
}

/// `Unidecode 1.4.0: GNU General Public License v2 or later (GPLv2+) (SPDX: GPL-2.0-or-later)`.
pub fn license_text(package: &PackageLicense) -> String {
    let version = package.version.as_deref().map(|version| format!(" {version}")).unwrap_or_default();
    let written = package.license.as_deref().unwrap_or("no licence given");
    let reading = match &package.spdx {
        Some(spdx) => format!("SPDX: {spdx}"),
        None => "no SPDX reading".to_owned(),
    };
    format!("{}{version}: {written} ({reading})", package.name)
}

/// Line ranges as people write them: `["10", "49-53"]`.
pub fn ranges(ranges: &[(u32, u32)]) -> Vec<String> {
    ranges
        .iter()
        .map(|&(start, end)| if start == end { start.to_string() } else { format!("{start}-{end}") })
        .collect()
}

/// `p=0.042`, or `p<0.001` where three decimals would show zero.
fn p_value_text(p_value: f64) -> String {
    if p_value < 0.001 { "p<0.001".to_owned() } else { format!("p={p_value:.3}") }
}

fn trim_number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 { format!("{value:.0}") } else { value.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_never_rounds_to_the_ends() {
        assert_eq!(value_text(Unit::Percent, 99.999), "99.99%");
        assert_eq!(value_text(Unit::Percent, 100.0), "100.00%");
        assert_eq!(value_text(Unit::Percent, 0.001), "0.01%");
        assert_eq!(value_text(Unit::Percent, 81.254), "81.25%");
        assert_eq!(value_text(Unit::Count, 12.0), "12");
        assert_eq!(value_text(Unit::Seconds, 1.5), "1.50 s");
        assert_eq!(value_text(Unit::Complexity, 12.0), "12 (C)");
        assert_eq!(value_text(Unit::Complexity, 3.456), "3.46 (A)");
        assert_eq!(value_text(Unit::Maintainability, 15.0), "15.00 (B)");
    }

    #[test]
    fn benchmark_rows_show_the_tools_units_and_say_better_or_worse_for_other_than_time() {
        use crate::compare::{CompareOptions, compare_benchmarks};
        use crate::model::{Benchmark, BenchmarkRun, Direction, Measure, Stats};
        let run = |values: &[(&str, f64, Measure)]| {
            BenchmarkRun::new(
                values
                    .iter()
                    .map(|(name, value, measure)| {
                        let mut benchmark = Benchmark::new(*name, Stats::from_samples(&[*value]).unwrap());
                        benchmark.measure = measure.clone();
                        benchmark
                    })
                    .collect(),
            )
        };
        let rate = Measure::named("MB/s", Direction::HigherIsBetter);
        let time = Measure::named("ns/op", Direction::LowerIsBetter);
        let seconds = Measure::default();
        let base = run(&[
            ("copy", 52855.7, rate.clone()),
            ("scan", 100.0, rate.clone()),
            ("join", 2343.6, time.clone()),
            ("sum", 9.6515e-10, seconds.clone()),
        ]);
        let cand = run(&[
            ("copy", 47000.0, rate.clone()),
            ("scan", 130.0, rate),
            ("join", 2600.0, time),
            ("sum", 9.6515e-10, seconds),
        ]);
        let comparison = compare_benchmarks(&base, &cand, &CompareOptions::default());
        let texts: Vec<[String; 6]> = comparison.rows.iter().map(bench_row_texts).collect();
        let shown: Vec<[&str; 5]> = texts
            .iter()
            .map(|[name, base, cand, change, verdict, _]| [name.as_str(), base, cand, change, verdict])
            .collect();
        assert_eq!(
            shown,
            [
                ["copy", "52855.7 MB/s", "47000 MB/s", "-11.08%", "worse (warn)"],
                ["join", "2343.6 ns/op", "2600 ns/op", "+10.94%", "slower (warn)"],
                ["sum", "965.1 ps", "965.1 ps", "+0.00%", "unchanged"],
                ["scan", "100 MB/s", "130 MB/s", "+30.00%", "better"],
            ]
        );
    }

    #[test]
    fn tiny_p_values_print_as_a_bound() {
        assert_eq!(p_value_text(0.0000004), "p<0.001");
        assert_eq!(p_value_text(0.001), "p=0.001");
        assert_eq!(p_value_text(0.0425), "p=0.043");
    }
}

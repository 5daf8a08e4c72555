//! The HTML report: one self-contained page (no network fetch, no external file) with the
//! verdict and gates, trends, coverage per file and by directory, benchmark distributions,
//! failing tests and findings. Charts are SVG from [`super::charts`]; the only script sorts the
//! coverage table.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::charts::{self, Area, ChartPoint};
use super::listing;
use crate::compare::BenchVerdict;
use crate::compare::TrendPoint;
use crate::model::{BenchmarkRun, Category, CoverageTotals, Finding, Metrics, Unit};
use crate::policy::{Disposition, Evaluation, Status, Verdict};

/// Files listed at most in the coverage table, lowest covered first.
const FILES_LISTED: usize = 5_000;
/// Directories drawn at most in the treemap, largest first; the rest are one tile.
const AREAS_DRAWN: usize = 60;
/// Benchmarks drawn at most, in the comparison's order (largest slowdown first).
const BENCHMARKS_DRAWN: usize = 24;
/// Failing tests and findings listed at most each.
const ITEMS_LISTED: usize = 500;
/// Lines of a failing test's output shown.
const OUTPUT_LINES: usize = 20;

/// What the HTML report shows: an evaluation with its metrics (and, with a history, its
/// trend), and the benchmark baseline it was compared with.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct HtmlReport<'a> {
    /// The evaluation.
    pub evaluation: &'a Evaluation,
    /// The metrics it was made from.
    pub metrics: &'a Metrics,
    /// The benchmark run compared with, whose samples are drawn beside the candidate's.
    pub bench_baseline: Option<&'a BenchmarkRun>,
}

impl<'a> HtmlReport<'a> {
    /// The report of an evaluation, without benchmark samples to compare.
    pub fn new(evaluation: &'a Evaluation, metrics: &'a Metrics) -> Self {
        Self { evaluation, metrics, bench_baseline: None }
    }

    /// With the benchmark run the evaluation compared with, to draw its samples.
    pub fn bench_baseline(self, run: Option<&'a BenchmarkRun>) -> Self {
        Self { bench_baseline: run, ..self }
    }

    /// The page.
    pub fn render(&self) -> String {
        let mut page = String::from(HEAD);
        let _ = write!(page, "<header><h1>gates report</h1>{}</header>", self.verdict());
        self.gates(&mut page);
        self.trend_charts(&mut page);
        self.coverage(&mut page);
        self.benchmarks(&mut page);
        self.failing_tests(&mut page);
        self.slowest_tests(&mut page);
        self.findings(&mut page);
        page.push_str(SORT_SCRIPT);
        page.push_str("</body></html>\n");
        page
    }

    fn verdict(&self) -> String {
        let evaluation = self.evaluation;
        let count = |status| evaluation.outcomes.iter().filter(|outcome| outcome.status == status).count();
        let (class, word) = match evaluation.verdict {
            Verdict::Pass => ("pass", "passed"),
            Verdict::Warn => ("warn", "passed with warnings"),
            Verdict::Fail => ("fail", "failed"),
        };
        let policy = evaluation.policy_name.as_deref().map(|name| format!("; policy: {}", escape(name)));
        format!(
            "<p class=\"verdict {class}\">gates {word} <span>({} passed, {} warned, {} failed, {} skipped{})</span></p>",
            count(Status::Pass),
            count(Status::Warn),
            count(Status::Fail),
            count(Status::Skipped),
            policy.unwrap_or_default()
        )
    }

    fn gates(&self, page: &mut String) {
        page.push_str(
            "<section><h2>Gates</h2><table><thead><tr><th>Status</th><th>Gate</th><th>Actual</th>\
            <th>Threshold</th></tr></thead><tbody>",
        );
        for outcome in &self.evaluation.outcomes {
            let actual = match (outcome.reason(), &outcome.detail) {
                (Some(reason), _) => format!("n/a ({reason})"),
                (None, Some(detail)) => format!("{} ({detail})", super::actual_text(outcome)),
                (None, None) => super::actual_text(outcome),
            };
            let (class, word) = status_words(outcome.status);
            let _ = write!(
                page,
                "<tr><td class=\"{class}\">{word}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(&outcome.gate.name()),
                escape(&actual),
                escape(&super::bound_text(&outcome.gate))
            );
        }
        page.push_str("</tbody></table></section>");
    }

    /// A chart per gated metric (and the slowest benchmark) that two runs of the trend have.
    fn trend_charts(&self, page: &mut String) {
        let trend = &self.evaluation.trend;
        let mut gated: Vec<&str> = Vec::new();
        for term in self.evaluation.outcomes.iter().flat_map(|outcome| &outcome.gate.metric.terms) {
            if !gated.contains(&term.name()) {
                gated.push(term.name());
            }
        }
        let series = |figure: &dyn Fn(&TrendPoint) -> Option<f64>| -> Vec<ChartPoint> {
            trend
                .iter()
                .filter_map(|point| Some(ChartPoint { label: point.label.clone(), value: figure(point)? }))
                .collect()
        };
        let mut drawn: Vec<String> = gated
            .iter()
            .filter_map(|name| {
                let points = series(&|point| point.values.get(*name).copied());
                (points.len() >= 2).then(|| charts::trend(name, &points)).flatten()
            })
            .collect();
        let slowest = series(&|point| point.slowest_benchmark_s);
        if slowest.len() >= 2 {
            let (scale, unit) =
                super::time_scale(slowest.iter().map(|point| point.value).fold(0.0, f64::max));
            let scaled: Vec<ChartPoint> =
                slowest.into_iter().map(|point| ChartPoint { value: point.value * scale, ..point }).collect();
            drawn.extend(charts::trend(&format!("slowest benchmark, median ({unit})"), &scaled));
        }
        if drawn.is_empty() {
            return;
        }
        page.push_str("<section><h2>Trends</h2><div class=\"charts\">");
        for chart in drawn {
            let _ = write!(page, "<figure>{chart}</figure>");
        }
        page.push_str("</div></section>");
    }

    fn coverage(&self, page: &mut String) {
        let Some(coverage) = &self.metrics.coverage else { return };
        let mut directories: BTreeMap<&str, (u64, u64)> = BTreeMap::new();
        let mut files: Vec<(&str, CoverageTotals)> =
            coverage.files.iter().map(|(path, file)| (path.as_str(), file.totals())).collect();
        for (path, totals) in &files {
            let directory = path.rsplit_once('/').map_or(".", |(directory, _)| directory);
            let entry = directories.entry(directory).or_default();
            entry.0 += totals.lines_covered;
            entry.1 += totals.lines_valid;
        }
        let mut areas: Vec<Area> = directories
            .into_iter()
            .filter(|(_, (_, valid))| *valid > 0)
            .map(|(name, (covered, valid))| Area {
                name: name.to_owned(),
                lines: valid,
                percent: covered as f64 * 100.0 / valid as f64,
            })
            .collect();
        areas.sort_by(|a, b| b.lines.cmp(&a.lines).then_with(|| a.name.cmp(&b.name)));
        if areas.len() > AREAS_DRAWN {
            let rest = areas.split_off(AREAS_DRAWN - 1);
            let (lines, covered) = rest.iter().fold((0u64, 0.0), |(lines, covered), area| {
                (lines + area.lines, covered + area.percent * area.lines as f64 / 100.0)
            });
            areas.push(Area {
                name: format!("{} more", rest.len()),
                lines,
                percent: covered * 100.0 / lines as f64,
            });
        }
        let totals = coverage.totals();
        page.push_str("<section><h2>Coverage</h2>");
        let _ = write!(
            page,
            "<p>{} of {} lines covered ({}){}</p>",
            totals.lines_covered,
            totals.lines_valid,
            totals
                .line_percent()
                .map_or("n/a".to_owned(), |percent| super::value_text(Unit::Percent, percent)),
            match totals.branch_percent() {
                Some(percent) => format!(
                    "; {} of {} branches ({})",
                    totals.branches_covered,
                    totals.branches_valid,
                    super::value_text(Unit::Percent, percent)
                ),
                None => String::new(),
            }
        );
        if let Some(map) = charts::treemap(&areas) {
            let _ = write!(
                page,
                "<figure>{map}<figcaption>Lines by directory, coloured by line coverage</figcaption></figure>"
            );
        }
        files.sort_by(|a, b| {
            let percent = |totals: &CoverageTotals| totals.line_percent().unwrap_or(100.0);
            percent(&a.1).total_cmp(&percent(&b.1)).then_with(|| a.0.cmp(b.0))
        });
        page.push_str(
            "<table class=\"sortable\"><thead><tr><th>File</th><th>Lines</th><th>Covered</th>\
            <th>Line %</th><th>Branches</th><th>Branch %</th></tr></thead><tbody>",
        );
        for (path, totals) in files.iter().take(FILES_LISTED) {
            let percent = |value: Option<f64>| value.map_or(String::new(), |value| format!("{value:.2}"));
            let _ = write!(
                page,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(path),
                totals.lines_valid,
                totals.lines_covered,
                percent(totals.line_percent()),
                totals.branches_valid,
                percent(totals.branch_percent())
            );
        }
        page.push_str("</tbody></table>");
        if files.len() > FILES_LISTED {
            let _ = write!(page, "<p>{} more files not listed.</p>", files.len() - FILES_LISTED);
        }
        page.push_str("</section>");
    }

    fn benchmarks(&self, page: &mut String) {
        let Some(comparison) = &self.evaluation.bench else { return };
        let samples = |run: Option<&BenchmarkRun>, name: &str| -> Option<Vec<f64>> {
            run?.benchmarks.iter().find(|benchmark| benchmark.key() == name)?.data.clone()
        };
        page.push_str("<section><h2>Benchmarks</h2>");
        let mut drawn = 0;
        for row in comparison
            .rows
            .iter()
            .filter(|row| !matches!(row.verdict, BenchVerdict::Added | BenchVerdict::Removed))
        {
            let [name, baseline, candidate, change, verdict, significance] = super::bench_row_texts(row);
            let _ = write!(
                page,
                "<div class=\"bench\"><p><b>{}</b>: {} → {} ({}, {}) {}</p>",
                escape(&name),
                escape(&baseline),
                escape(&candidate),
                escape(&change),
                escape(&verdict),
                escape(&significance)
            );
            let pair = (drawn < BENCHMARKS_DRAWN)
                .then(|| {
                    samples(self.bench_baseline, &row.name)
                        .zip(samples(self.metrics.benchmarks.as_ref(), &row.name))
                })
                .flatten();
            if let Some((before, after)) = pair {
                let (unit, scale) = match &row.unit {
                    Some(unit) => (unit.clone(), 1.0),
                    None => time_unit(&before),
                };
                let scaled = |values: &[f64]| values.iter().map(|value| value * scale).collect::<Vec<f64>>();
                if let Some(chart) = charts::samples(&name, &unit, &scaled(&before), &scaled(&after)) {
                    let _ = write!(page, "<figure>{chart}</figure>");
                    drawn += 1;
                }
            }
            page.push_str("</div>");
        }
        page.push_str("</section>");
    }

    fn failing_tests(&self, page: &mut String) {
        let failed: Vec<_> = listing::failed_tests(self.metrics).collect();
        if failed.is_empty() {
            return;
        }
        let _ = write!(page, "<section><h2>Failed tests ({})</h2><ul>", failed.len());
        for (case, label, problem) in failed.iter().take(ITEMS_LISTED) {
            let _ = write!(page, "<li><b>{}</b> ({label})", escape(&case.full_name()));
            if let Some(message) = &problem.message {
                let _ = write!(page, ": {}", escape(message.lines().next().unwrap_or("")));
            }
            if let Some(output) = &problem.output {
                let shown: Vec<&str> = output.lines().take(OUTPUT_LINES).collect();
                let _ = write!(page, "<pre>{}</pre>", escape(&shown.join("\n")));
            }
            page.push_str("</li>");
        }
        page.push_str("</ul></section>");
    }

    fn slowest_tests(&self, page: &mut String) {
        let slowest = listing::slowest_tests(self.metrics);
        if slowest.is_empty() {
            return;
        }
        page.push_str(
            "<section><h2>Slowest tests</h2><table><thead><tr><th>Test</th><th>Time</th>\
             <th>Outcome</th></tr></thead><tbody>",
        );
        for case in slowest {
            let _ = write!(
                page,
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(&case.full_name()),
                super::duration_text(case.time_s.unwrap_or(0.0)),
                listing::outcome_word(&case.status)
            );
        }
        page.push_str("</tbody></table></section>");
    }

    fn findings(&self, page: &mut String) {
        for (category, title) in [
            (Category::Security, "Security findings"),
            (Category::Lint, "Lint violations"),
            (Category::Type, "Type errors"),
            (Category::Secret, "Secrets"),
        ] {
            let counted: Vec<&Finding> = listing::findings(self.evaluation, self.metrics)
                .filter(|(finding, disposition, _)| {
                    finding.category == category && *disposition == Disposition::Counted
                })
                .map(|(finding, _, _)| finding)
                .collect();
            if counted.is_empty() {
                continue;
            }
            let _ = write!(
                page,
                "<section><h2>{title} ({})</h2><table><thead><tr><th>Severity</th><th>Rule</th><th>Where</th>\
                 <th>Message</th></tr></thead><tbody>",
                counted.len()
            );
            for finding in counted.iter().take(ITEMS_LISTED) {
                let severity = finding
                    .severity
                    .map(|level| format!("{level:?}"))
                    .or_else(|| finding.lint_level.map(|level| format!("{level:?}")))
                    .unwrap_or_default();
                let place = finding.location.as_ref().map_or(String::new(), |location| match location.line {
                    Some(line) => format!("{}:{line}", location.path),
                    None => location.path.clone(),
                });
                let _ = write!(
                    page,
                    "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    escape(&severity),
                    escape(&finding.rule),
                    escape(&place),
                    escape(&finding.message)
                );
            }
            page.push_str("</tbody></table></section>");
        }
    }
}

/// The time unit that reads best for these samples in seconds (by their median), and the
/// factor to it.
fn time_unit(seconds: &[f64]) -> (String, f64) {
    let mut sorted: Vec<f64> = seconds.iter().copied().filter(|value| value.is_finite()).collect();
    sorted.sort_by(f64::total_cmp);
    let (factor, unit) = super::time_scale(sorted.get(sorted.len() / 2).copied().unwrap_or(1.0));
    (unit.to_owned(), factor)
}

fn status_words(status: Status) -> (&'static str, &'static str) {
    match status {
        Status::Pass => ("pass", "pass"),
        Status::Warn => ("warn", "warn"),
        Status::Fail => ("fail", "fail"),
        Status::Skipped => ("skipped", "skipped"),
    }
}

/// Text made inert in HTML content and attributes.
fn escape(raw: &str) -> String {
    let mut escaped = String::with_capacity(raw.len());
    for character in raw.chars() {
        match character {
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '&' => escaped.push_str("&amp;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            _ => escaped.push(character),
        }
    }
    escaped
}

const HEAD: &str = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>gates report</title><style>\
body{font-family:system-ui,sans-serif;color:#24292f;margin:2rem auto;max-width:1200px;padding:0 1rem}\
h1{font-size:1.6rem;margin:0}h2{font-size:1.2rem;border-bottom:1px solid #d0d7de;padding-bottom:.3rem}\
.verdict{font-size:1.2rem;font-weight:600}.verdict span{font-weight:400;color:#57606a}\
table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left}\
th{background:#f6f8fa}table.sortable th{cursor:pointer}\
.pass{color:#1a7f37}.warn{color:#9a6700}.fail{color:#cf222e}.skipped{color:#57606a}\
.charts{display:flex;flex-wrap:wrap;gap:1rem}figure{margin:.5rem 0}pre{background:#f6f8fa;padding:.5rem;overflow:auto}\
</style></head><body>";

/// Sorts a `sortable` table by the clicked column (numbers as numbers), toggling the order.
const SORT_SCRIPT: &str = "<script>\
document.querySelectorAll('table.sortable th').forEach(function(th,col){th.addEventListener('click',function(){\
var body=th.closest('table').tBodies[0];var rows=Array.from(body.rows);var up=th.dataset.up!=='1';th.dataset.up=up?'1':'0';\
rows.sort(function(a,b){var x=a.cells[col].textContent,y=b.cells[col].textContent;var nx=parseFloat(x),ny=parseFloat(y);\
var c=(isNaN(nx)||isNaN(ny))?x.localeCompare(y):nx-ny;return up?c:-c;});rows.forEach(function(r){body.appendChild(r);});});});\
</script>";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_inert_in_content_and_attributes() {
        assert_eq!(
            escape("<script>a&b</script> \"x\" 'y'"),
            "&lt;script&gt;a&amp;b&lt;/script&gt; &quot;x&quot; &#39;y&#39;"
        );
    }

    #[test]
    fn samples_are_shown_in_the_time_unit_of_their_median() {
        assert_eq!(time_unit(&[2e-6, 3e-6, 4e-6]), ("µs".to_owned(), 1e6));
        assert_eq!(time_unit(&[0.5, 0.25]), ("ms".to_owned(), 1e3));
        assert_eq!(time_unit(&[2.0]), ("s".to_owned(), 1.0));
        assert_eq!(time_unit(&[]).0, "s");
    }
}

//! One self-contained HTML report (`gates report --html`): the verdict and gates, a trend of
//! every gated metric over the history, coverage per file, failing tests and findings. No
//! script or style is fetched: it opens from disk as a CI artifact. Charts are SVG drawn by
//! plotters' SVG backend.

use std::fmt::Write;

use plotters::prelude::*;
use quick_xml::escape::escape;

use super::listing;
use crate::compare::History;
use crate::model::{Benchmark, BenchmarkRun, Metrics};
use crate::policy::{Evaluation, Verdict};

/// Runs of the history a trend shows at most, this run included.
const TREND_RUNS: usize = 50;

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:2rem;color:#222}\
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}\
th{background:#f4f4f4;cursor:pointer}td.n{text-align:right}.pass{color:#1a7f37}.warn{color:#9a6700}\
.fail{color:#cf222e}.skipped{color:#777}.charts{display:flex;flex-wrap:wrap;gap:1rem}";

/// Sorts a table by the clicked column: numbers by value, text alphabetically.
const SORT_SCRIPT: &str = "for(const t of document.querySelectorAll('table.sortable'))\
t.querySelectorAll('th').forEach((h,i)=>h.onclick=()=>{const b=t.tBodies[0],r=[...b.rows],\
k=x=>{const v=x.cells[i].dataset.v??x.cells[i].textContent;return isNaN(v)?v:+v},\
d=h.dataset.d=h.dataset.d==='a'?'d':'a';r.sort((x,y)=>(k(x)>k(y)?1:k(x)<k(y)?-1:0)*(d==='a'?1:-1));\
r.forEach(x=>b.appendChild(x))});";

/// Benchmarks drawn at most.
const BENCHMARKS_DRAWN: usize = 24;

/// The report of `evaluation` and `metrics`, with trends from `history` and the benchmark
/// distributions of `bench_baseline` beside this run's when given.
pub fn render_html(
    evaluation: &Evaluation,
    metrics: &Metrics,
    history: Option<&History>,
    bench_baseline: Option<&BenchmarkRun>,
) -> String {
    let mut out = String::from("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
    let _ = write!(out, "<title>gates report</title><style>{STYLE}</style></head><body>");
    let verdict = match evaluation.verdict {
        Verdict::Pass => ("pass", "gates passed"),
        Verdict::Warn => ("warn", "gates passed with warnings"),
        Verdict::Fail => ("fail", "gates failed"),
    };
    let _ = write!(out, "<h1 class=\"{}\">{}</h1>", verdict.0, verdict.1);
    if let Some(name) = &evaluation.policy_name {
        let _ = write!(out, "<p>policy: {}</p>", escape(name.as_str()));
    }
    gates_table(&mut out, evaluation);
    if let Some(history) = history {
        trends(&mut out, evaluation, history);
    }
    coverage_table(&mut out, metrics);
    benchmarks(&mut out, evaluation, metrics, bench_baseline);
    failing_tests(&mut out, metrics);
    findings(&mut out, evaluation, metrics);
    let _ = writeln!(out, "<script>{SORT_SCRIPT}</script></body></html>");
    out
}

fn gates_table(out: &mut String, evaluation: &Evaluation) {
    out.push_str("<h2>Gates</h2><table><thead><tr><th>Status</th><th>Gate</th><th>Actual</th><th>Threshold</th></tr></thead><tbody>");
    for outcome in &evaluation.outcomes {
        let actual =
            outcome.reason().map_or_else(|| super::actual_text(outcome), |reason| format!("n/a ({reason})"));
        let _ = write!(
            out,
            "<tr><td class=\"{status}\">{status}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(outcome.gate.name().as_str()),
            escape(actual.as_str()),
            escape(super::bound_text(&outcome.gate).as_str()),
            status = outcome.status,
        );
    }
    out.push_str("</tbody></table>");
}

/// A line chart per gated metric over the history's last runs and this one.
fn trends(out: &mut String, evaluation: &Evaluation, history: &History) {
    let mut names: Vec<String> = Vec::new();
    for outcome in &evaluation.outcomes {
        let name = outcome.gate.metric.to_string();
        if outcome.gate.scope.is_none() && !names.contains(&name) {
            names.push(name);
        }
    }
    let current = |name: &str| {
        evaluation.metrics.iter().find(|(metric, _)| metric.name() == name).map(|(_, value)| *value).or_else(
            || {
                evaluation
                    .custom_metrics
                    .iter()
                    .find(|(custom, ..)| custom == name)
                    .map(|(_, _, value)| *value)
            },
        )
    };
    let skip = history.entries.len().saturating_sub(TREND_RUNS - 1);
    out.push_str("<h2>Trends</h2><div class=\"charts\">");
    for name in names {
        let mut points: Vec<(String, f64)> = history
            .entries
            .iter()
            .skip(skip)
            .filter_map(|entry| {
                let value = *entry.snapshot.metrics.get(&name)?;
                Some((entry.commit.label().to_owned(), value))
            })
            .collect();
        points.extend(current(&name).map(|value| ("this run".to_owned(), value)));
        if points.len() >= 2 {
            out.push_str(&line_chart(&name, &points));
        }
    }
    out.push_str("</div>");
}

fn line_chart(title: &str, points: &[(String, f64)]) -> String {
    let mut svg = String::new();
    let drawn = draw_line_chart(&mut svg, title, points);
    match drawn {
        Ok(()) => svg,
        Err(error) => {
            format!("<p>{}: the chart could not be drawn ({})</p>", escape(title), escape(error.as_str()))
        }
    }
}

fn draw_line_chart(svg: &mut String, title: &str, points: &[(String, f64)]) -> Result<(), String> {
    let (low, high) = points.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(low, high), (_, value)| {
        (low.min(*value), high.max(*value))
    });
    let pad = ((high - low) * 0.1).max(high.abs() * 0.01).max(0.5);
    let last = points.len().saturating_sub(1);
    let root = SVGBackend::with_string(svg, (460, 220)).into_drawing_area();
    root.fill(&WHITE).map_err(|error| error.to_string())?;
    let mut chart = ChartBuilder::on(&root)
        .caption(title, ("sans-serif", 15))
        .margin(10)
        .margin_right(28)
        .x_label_area_size(28)
        .y_label_area_size(48)
        .build_cartesian_2d(0..last, (low - pad)..(high + pad))
        .map_err(|error| error.to_string())?;
    chart
        .configure_mesh()
        .x_labels(points.len().min(8))
        .x_label_formatter(&|at| points.get(*at).map(|(label, _)| label.clone()).unwrap_or_default())
        .draw()
        .map_err(|error| error.to_string())?;
    let series = points.iter().enumerate().map(|(at, (_, value))| (at, *value));
    chart.draw_series(LineSeries::new(series.clone(), &BLUE)).map_err(|error| error.to_string())?;
    chart
        .draw_series(series.map(|point| Circle::new(point, 3, BLUE.filled())))
        .map_err(|error| error.to_string())?;
    root.present().map_err(|error| error.to_string())
}

/// Each benchmark's rounds as box plots, the baseline's beside this run's, with the comparison's
/// verdict; only benchmarks whose report kept every round.
fn benchmarks(out: &mut String, evaluation: &Evaluation, metrics: &Metrics, baseline: Option<&BenchmarkRun>) {
    let key = |benchmark: &Benchmark| benchmark.fullname.clone().unwrap_or_else(|| benchmark.name.clone());
    let drawn: Vec<String> = metrics
        .benchmarks
        .iter()
        .flat_map(|run| &run.benchmarks)
        .filter_map(|benchmark| {
            let name = key(benchmark);
            let mut samples = vec![("this run", benchmark.data.as_deref()?)];
            let before = baseline
                .iter()
                .flat_map(|run| &run.benchmarks)
                .find(|earlier| key(earlier) == name)
                .and_then(|earlier| earlier.data.as_deref());
            if let Some(before) = before {
                samples.insert(0, ("baseline", before));
            }
            let verdict =
                evaluation.bench.iter().flat_map(|bench| &bench.rows).find(|row| row.name == name).map(
                    |row| {
                        let [_, _, _, change, verdict, significance] = super::bench_row_texts(row);
                        format!("{change}, {verdict}, {significance}")
                    },
                );
            Some(box_chart(&name, &samples, verdict.as_deref()))
        })
        .take(BENCHMARKS_DRAWN)
        .collect();
    if !drawn.is_empty() {
        let _ =
            write!(out, "<h2>Benchmarks: time per round</h2><div class=\"charts\">{}</div>", drawn.concat());
    }
}

fn box_chart(name: &str, samples: &[(&str, &[f64])], verdict: Option<&str>) -> String {
    let mut svg = String::new();
    let caption = match verdict {
        Some(verdict) => format!("<p>{}: {}</p>", escape(name), escape(verdict)),
        None => format!("<p>{}</p>", escape(name)),
    };
    match draw_box_chart(&mut svg, samples) {
        Ok(()) => format!("<figure>{caption}{svg}</figure>"),
        Err(error) => format!("{caption}<p>the chart could not be drawn ({})</p>", escape(error.as_str())),
    }
}

fn draw_box_chart(svg: &mut String, samples: &[(&str, &[f64])]) -> Result<(), String> {
    let largest = samples.iter().flat_map(|(_, data)| data.iter()).copied().fold(0.0, f64::max);
    let (scale, unit) = super::time_scale(largest);
    let quartiles: Vec<(&str, Quartiles)> = samples
        .iter()
        .map(|(label, data)| {
            (*label, Quartiles::new(&data.iter().map(|seconds| seconds * scale).collect::<Vec<_>>()))
        })
        .collect();
    let (low, high) =
        quartiles.iter().fold((f32::INFINITY, f32::NEG_INFINITY), |(low, high), (_, quartiles)| {
            let [min, .., max] = quartiles.values();
            (low.min(min), high.max(max))
        });
    let pad = ((high - low) * 0.1).max(high.abs() * 0.01).max(f32::EPSILON);
    let labels: Vec<&str> = quartiles.iter().map(|(label, _)| *label).collect();
    let root = SVGBackend::with_string(svg, (320, 220)).into_drawing_area();
    root.fill(&WHITE).map_err(|error| error.to_string())?;
    let mut chart = ChartBuilder::on(&root)
        .margin(10)
        .x_label_area_size(24)
        .y_label_area_size(56)
        .build_cartesian_2d(labels.as_slice().into_segmented(), (low - pad)..(high + pad))
        .map_err(|error| error.to_string())?;
    chart
        .configure_mesh()
        .y_desc(unit)
        .x_label_formatter(&|segment| match segment {
            SegmentValue::Exact(label) | SegmentValue::CenterOf(label) => (**label).to_owned(),
            SegmentValue::Last => String::new(),
        })
        .draw()
        .map_err(|error| error.to_string())?;
    chart
        .draw_series(quartiles.iter().map(|(label, quartiles)| {
            Boxplot::new_vertical(SegmentValue::CenterOf(label), quartiles).width(30)
        }))
        .map_err(|error| error.to_string())?;
    root.present().map_err(|error| error.to_string())
}

fn coverage_table(out: &mut String, metrics: &Metrics) {
    let Some(coverage) = &metrics.coverage else { return };
    out.push_str("<h2>Coverage per file</h2><table class=\"sortable\"><thead><tr><th>File</th><th>Coverage</th><th>Lines covered</th><th>Lines</th><th>Branches covered</th><th>Branches</th></tr></thead><tbody>");
    for (path, file) in &coverage.files {
        let totals = file.totals();
        let percent = totals.combined_percent();
        let _ = write!(
            out,
            "<tr><td>{}</td><td class=\"n\" data-v=\"{}\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            escape(path.as_str()),
            percent.unwrap_or(-1.0),
            percent
                .map(|percent| super::value_text(crate::model::Unit::Percent, percent))
                .unwrap_or_default(),
            totals.lines_covered,
            totals.lines_valid,
            totals.branches_covered,
            totals.branches_valid,
        );
    }
    out.push_str("</tbody></table>");
}

fn failing_tests(out: &mut String, metrics: &Metrics) {
    let failed: Vec<String> = listing::failed_tests(metrics)
        .map(|(case, label, problem)| {
            let message = problem.message.as_deref().and_then(|message| message.lines().next()).unwrap_or("");
            format!("<li><b>{}</b> ({label}) {}</li>", escape(case.full_name().as_str()), escape(message))
        })
        .collect();
    if !failed.is_empty() {
        let _ = write!(out, "<h2>Failing tests ({})</h2><ul>{}</ul>", failed.len(), failed.concat());
    }
}

fn findings(out: &mut String, evaluation: &Evaluation, metrics: &Metrics) {
    let items: Vec<String> = metrics
        .findings
        .iter()
        .flat_map(|findings| &findings.items)
        .enumerate()
        .filter(|(at, _)| evaluation.triage.finding_counts(*at))
        .map(|(_, finding)| {
            let place = finding
                .location
                .as_ref()
                .map(|location| match location.line {
                    Some(line) => format!(" {}:{line}", location.path),
                    None => format!(" {}", location.path),
                })
                .unwrap_or_default();
            format!(
                "<li>{} {}{}: {}</li>",
                escape(finding.tool.as_str()),
                escape(finding.rule.as_str()),
                escape(place.as_str()),
                escape(finding.message.as_str())
            )
        })
        .collect();
    if !items.is_empty() {
        let _ = write!(out, "<h2>Findings ({})</h2><ul>{}</ul>", items.len(), items.concat());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_trend_chart_is_an_svg_with_its_title_and_labels() {
        let points = [("a1b2c3d".to_owned(), 80.0), ("this run".to_owned(), 82.5)];
        let svg = line_chart("coverage.total", &points);
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(svg.contains(">\ncoverage.total\n</text>") && svg.contains(">\nthis run\n</text>"), "{svg}");
    }
}

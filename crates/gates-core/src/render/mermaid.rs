//! Trend charts as Mermaid `xychart-beta` blocks, which GitHub and GitLab draw in comments:
//! no image to host.

use std::fmt::Write;

use crate::compare::TrendPoint;

/// One chart per headline figure that at least two runs have: coverage, tests, the slowest
/// benchmark. A run without the figure is left out of that chart.
pub(crate) fn trend_charts(points: &[TrendPoint]) -> Vec<String> {
    let slowest: Vec<(&str, f64)> = series(points, |point| point.slowest_benchmark_s);
    let (scale, unit) = super::time_scale(slowest.iter().map(|(_, seconds)| *seconds).fold(0.0, f64::max));
    let slowest = slowest.into_iter().map(|(label, seconds)| (label, seconds * scale)).collect();
    [
        ("coverage.total (%)", series(points, |point| point.coverage_total)),
        ("tests.total", series(points, |point| point.tests_total)),
        (&*format!("slowest benchmark, median ({unit})"), slowest),
    ]
    .into_iter()
    .filter(|(_, values)| values.len() >= 2)
    .map(|(title, values)| chart(title, &values))
    .collect()
}

fn series(points: &[TrendPoint], figure: impl Fn(&TrendPoint) -> Option<f64>) -> Vec<(&str, f64)> {
    points
        .iter()
        .filter_map(|point| Some((point.label.as_str(), figure(point).filter(|value| value.is_finite())?)))
        .collect()
}

fn chart(title: &str, values: &[(&str, f64)]) -> String {
    let labels: Vec<String> =
        values.iter().map(|(label, _)| format!("\"{}\"", label.replace('"', "'"))).collect();
    let figures: Vec<String> =
        values.iter().map(|(_, value)| format!("{}", (value * 100.0).round() / 100.0)).collect();
    let mut out = String::from("```mermaid\nxychart-beta\n");
    let _ = writeln!(out, "    title \"{title}\"");
    let _ = writeln!(out, "    x-axis [{}]", labels.join(", "));
    let _ = writeln!(out, "    line [{}]", figures.join(", "));
    // A blank line after each chart keeps the Markdown source readable.
    out.push_str("```\n");
    out
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[test]
    fn each_figure_two_runs_have_is_a_chart() {
        let values = |coverage: f64| BTreeMap::from([("coverage.total".to_owned(), coverage)]);
        let points = [
            TrendPoint::new("a1b2c3d", &values(80.123), [0.0021]),
            TrendPoint::new("e4f5a6b", &values(81.0), []),
            TrendPoint::new("this run", &values(79.5), [0.0034, 0.0012]),
        ];
        let charts = trend_charts(&points);
        assert_eq!(
            charts,
            [
                "```mermaid\nxychart-beta\n    title \"coverage.total (%)\"\n    x-axis [\"a1b2c3d\", \"e4f5a6b\", \"this run\"]\n    line [80.12, 81, 79.5]\n```\n",
                "```mermaid\nxychart-beta\n    title \"slowest benchmark, median (ms)\"\n    x-axis [\"a1b2c3d\", \"this run\"]\n    line [2.1, 3.4]\n```\n",
            ]
        );
    }
}

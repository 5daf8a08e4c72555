//! SVG charts for the HTML report, drawn with plotters' SVG backend: a metric's trend, a
//! benchmark's samples as box plots, and coverage by directory as a treemap.
//!
//! A chart that cannot be drawn (plotters refuses an empty range) is left out, never half drawn.

use plotters::coord::Shift;
use plotters::prelude::*;

/// One value of a trend: what it is labelled by (a short commit id) and the value.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartPoint {
    /// The label on the x axis.
    pub label: String,
    /// The metric's value.
    pub value: f64,
}

const WIDTH: u32 = 560;
const TREND_HEIGHT: u32 = 220;
const BOX_HEIGHT: u32 = 150;
const MAP_HEIGHT: u32 = 320;
const INK: RGBColor = RGBColor(0x24, 0x29, 0x2f);
const ACCENT: RGBColor = RGBColor(0x09, 0x69, 0xda);
const BASELINE: RGBColor = RGBColor(0x6e, 0x77, 0x81);

/// Draws on an SVG string of the given size; `None` when plotters refuses the chart.
fn svg(
    size: (u32, u32),
    draw: impl FnOnce(&DrawingArea<SVGBackend<'_>, Shift>) -> Option<()>,
) -> Option<String> {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, size).into_drawing_area();
        root.fill(&WHITE).ok()?;
        draw(&root)?;
        root.present().ok()?;
    }
    Some(out)
}

/// A line chart of `points` in order, the last one marked: the trend of one metric.
pub fn trend(title: &str, points: &[ChartPoint]) -> Option<String> {
    let (low, high) = span(points.iter().map(|point| point.value))?;
    let last = points.len().checked_sub(1)?;
    svg((WIDTH, TREND_HEIGHT), |root| {
        let mut chart = ChartBuilder::on(root)
            .caption(title, ("sans-serif", 15).into_font().color(&INK))
            .margin(10)
            .margin_right(30)
            .x_label_area_size(28)
            .y_label_area_size(52)
            .build_cartesian_2d(0..last.max(1), low..high)
            .ok()?;
        chart
            .configure_mesh()
            .label_style(("sans-serif", 12))
            .x_labels(points.len().min(8))
            .x_label_formatter(&|at| points.get(*at).map(|point| point.label.clone()).unwrap_or_default())
            .y_label_formatter(&|value| short_number(*value))
            .light_line_style(WHITE.mix(0.0))
            .draw()
            .ok()?;
        chart
            .draw_series(LineSeries::new(
                points.iter().enumerate().map(|(at, point)| (at, point.value)),
                ACCENT.stroke_width(2),
            ))
            .ok()?;
        chart
            .draw_series(points.iter().enumerate().map(|(at, point)| {
                let size = if at == last { 5 } else { 3 };
                Circle::new((at, point.value), size, ACCENT.filled())
            }))
            .ok()?;
        Some(())
    })
}

/// Two horizontal box plots, baseline above candidate, of samples in `unit` (already scaled).
pub fn samples(title: &str, unit: &str, baseline: &[f64], candidate: &[f64]) -> Option<String> {
    let (baseline_quartiles, candidate_quartiles) = (quartiles(baseline)?, quartiles(candidate)?);
    // The whiskers end at the 1.5 IQR fences: the axis spans them, not far outliers.
    let fences = baseline_quartiles.values().into_iter().chain(candidate_quartiles.values()).map(f64::from);
    let (low, high) = span(fences)?;
    svg((WIDTH, BOX_HEIGHT), |root| {
        let mut chart = ChartBuilder::on(root)
            .caption(title, ("sans-serif", 14).into_font().color(&INK))
            .margin(10)
            .x_label_area_size(30)
            .y_label_area_size(80)
            .build_cartesian_2d(low as f32..high as f32, (0..2u32).into_segmented())
            .ok()?;
        chart
            .configure_mesh()
            .label_style(("sans-serif", 12))
            .axis_desc_style(("sans-serif", 12))
            .x_desc(unit)
            .x_label_formatter(&|value| short_number(f64::from(*value)))
            .y_label_formatter(&|segment| match segment {
                SegmentValue::CenterOf(0) => "baseline".to_owned(),
                SegmentValue::CenterOf(1) => "candidate".to_owned(),
                _ => String::new(),
            })
            .y_labels(2)
            .light_line_style(WHITE.mix(0.0))
            .draw()
            .ok()?;
        chart
            .draw_series([
                Boxplot::new_horizontal(SegmentValue::CenterOf(0), &baseline_quartiles)
                    .style(BASELINE)
                    .width(24),
                Boxplot::new_horizontal(SegmentValue::CenterOf(1), &candidate_quartiles)
                    .style(ACCENT)
                    .width(24),
            ])
            .ok()?;
        Some(())
    })
}

/// One directory of the coverage treemap.
#[derive(Debug, Clone, PartialEq)]
pub struct Area {
    /// The directory.
    pub name: String,
    /// Its executable lines: the size of its tile.
    pub lines: u64,
    /// Its line coverage in percent: the colour of its tile.
    pub percent: f64,
}

/// A treemap of `areas` (largest first), laid out in rows: each tile's size is its lines, its
/// colour its coverage (red at 0 %, amber at 50 %, green at 100 %).
pub fn treemap(areas: &[Area]) -> Option<String> {
    let total: u64 = areas.iter().map(|area| area.lines).sum();
    if total == 0 {
        return None;
    }
    let tiles = strips(areas, total, f64::from(WIDTH), f64::from(MAP_HEIGHT));
    svg((WIDTH, MAP_HEIGHT), |root| {
        for (area, (left, top, right, bottom)) in areas.iter().zip(tiles) {
            let corners = [(left as i32, top as i32), (right as i32, bottom as i32)];
            root.draw(&Rectangle::new(corners, coverage_colour(area.percent).filled())).ok()?;
            root.draw(&Rectangle::new(corners, WHITE.stroke_width(2))).ok()?;
            if right - left > 70.0 && bottom - top > 30.0 {
                let label = format!("{} {:.0}%", area.name, area.percent.floor());
                let fits = ((right - left) / 7.0) as usize;
                let shown: String = label.chars().take(fits).collect();
                root.draw(&Text::new(
                    shown,
                    (left as i32 + 5, top as i32 + 5),
                    ("sans-serif", 16).into_font().color(&INK),
                ))
                .ok()?;
            }
        }
        Some(())
    })
}

/// Row-by-row tiles for areas sorted largest first (squarified rows): a row takes the next area
/// while that makes its worst tile closer to square.
fn strips(areas: &[Area], total: u64, width: f64, height: f64) -> Vec<(f64, f64, f64, f64)> {
    let mut tiles = Vec::with_capacity(areas.len());
    let (mut top, mut left_over) = (0.0, total as f64);
    let mut start = 0;
    while start < areas.len() {
        let remaining_height = height - top;
        // How far from square the worst tile of a row of `lines` is, its largest and smallest given.
        let worst = |lines: f64, largest: f64, smallest: f64| {
            let row_height = remaining_height * lines / left_over;
            let aspect = |tile: f64| {
                let tile_width = width * tile / lines;
                (tile_width / row_height).max(row_height / tile_width)
            };
            aspect(largest).max(aspect(smallest))
        };
        let largest = areas.get(start).map_or(0.0, |area| area.lines as f64);
        let (mut end, mut row) = (start + 1, largest);
        while let Some(next) = areas.get(end) {
            let next = next.lines as f64;
            let smallest = areas.get(end - 1).map_or(largest, |area| area.lines as f64);
            if next > 0.0 && worst(row + next, largest, next) <= worst(row, largest, smallest) {
                row += next;
                end += 1;
            } else {
                break;
            }
        }
        let row_height =
            if end >= areas.len() { remaining_height } else { remaining_height * row / left_over };
        let mut left = 0.0;
        for area in areas.get(start..end).unwrap_or_default() {
            let tile_width = if row > 0.0 { width * area.lines as f64 / row } else { 0.0 };
            tiles.push((left, top, left + tile_width, top + row_height));
            left += tile_width;
        }
        top += row_height;
        left_over -= row;
        start = end;
    }
    tiles
}

/// Red at 0 %, amber at 50 %, green at 100 %.
fn coverage_colour(percent: f64) -> RGBColor {
    let share = (percent / 100.0).clamp(0.0, 1.0);
    let blend =
        |from: u8, to: u8, at: f64| (f64::from(from) + (f64::from(to) - f64::from(from)) * at).round() as u8;
    let (red, amber, green) = ((0xf8, 0x51, 0x49), (0xf0, 0xb7, 0x2f), (0x3f, 0xb9, 0x50));
    let (from, to, at): ((u8, u8, u8), (u8, u8, u8), f64) =
        if share < 0.5 { (red, amber, share * 2.0) } else { (amber, green, (share - 0.5) * 2.0) };
    RGBColor(blend(from.0, to.0, at), blend(from.1, to.1, at), blend(from.2, to.2, at))
}

/// The lowest and highest finite value, widened when they are equal; `None` when there is none.
fn span(values: impl Iterator<Item = f64>) -> Option<(f64, f64)> {
    let (low, high) = values.filter(|value| value.is_finite()).fold(
        None,
        |range: Option<(f64, f64)>, value| match range {
            None => Some((value, value)),
            Some((low, high)) => Some((low.min(value), high.max(value))),
        },
    )?;
    let pad = if high > low { (high - low) * 0.08 } else { low.abs().max(1.0) * 0.05 };
    Some((low - pad, high + pad))
}

/// Quartiles of finite samples, `None` when there are none.
fn quartiles(samples: &[f64]) -> Option<Quartiles> {
    let finite: Vec<f64> = samples.iter().copied().filter(|value| value.is_finite()).collect();
    (!finite.is_empty()).then(|| Quartiles::new(&finite))
}

/// `1.25k`, `84.5`, `0.0031`: short enough for an axis.
fn short_number(value: f64) -> String {
    let size = value.abs();
    if size >= 10_000.0 {
        format!("{:.1}k", value / 1000.0)
    } else if size >= 100.0 || size == 0.0 {
        format!("{value:.0}")
    } else if size >= 1.0 {
        format!("{value:.1}")
    } else {
        format!("{value:.3}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn points(values: &[f64]) -> Vec<ChartPoint> {
        values
            .iter()
            .enumerate()
            .map(|(at, value)| ChartPoint { label: format!("c{at}"), value: *value })
            .collect()
    }

    #[test]
    fn a_trend_is_an_svg_with_its_title_and_labels() {
        let chart = trend("coverage.lines", &points(&[71.0, 74.5, 80.25])).unwrap();
        assert!(chart.starts_with("<svg"), "{chart}");
        assert!(chart.contains("coverage.lines") && chart.contains("c2"), "{chart}");
        assert!(trend("one", &points(&[5.0])).is_some(), "a single entry still draws");
        assert_eq!(trend("none", &[]), None);
        assert_eq!(trend("nan", &points(&[f64::NAN])), None);
    }

    #[test]
    fn box_plots_need_samples_on_both_sides() {
        let chart = samples("parse", "µs", &[1.0, 1.1, 1.2, 1.3], &[1.5, 1.6, 1.4, 1.7]).unwrap();
        assert!(chart.contains("baseline") && chart.contains("candidate"), "{chart}");
        assert_eq!(samples("parse", "µs", &[], &[1.0]), None);
    }

    #[test]
    fn treemap_tiles_cover_the_map_in_proportion() {
        let areas: Vec<Area> = [600, 300, 60, 40]
            .iter()
            .map(|lines| Area { name: format!("d{lines}"), lines: *lines, percent: 50.0 })
            .collect();
        let tiles = strips(&areas, 1000, 500.0, 200.0);
        let covered: f64 =
            tiles.iter().map(|(left, top, right, bottom)| (right - left) * (bottom - top)).sum();
        assert!((covered - 100_000.0).abs() < 1e-6, "{tiles:?}");
        let first = tiles.first().unwrap();
        assert!(((first.2 - first.0) * (first.3 - first.1) - 60_000.0).abs() < 1e-6, "{tiles:?}");
        assert!(treemap(&areas).unwrap().contains("d600"));
        assert_eq!(treemap(&[]), None);
    }

    #[test]
    fn coverage_colours_run_red_amber_green() {
        assert_eq!(coverage_colour(0.0), RGBColor(0xf8, 0x51, 0x49));
        assert_eq!(coverage_colour(50.0), RGBColor(0xf0, 0xb7, 0x2f));
        assert_eq!(coverage_colour(100.0), RGBColor(0x3f, 0xb9, 0x50));
        assert_eq!(coverage_colour(250.0), coverage_colour(100.0));
    }
}

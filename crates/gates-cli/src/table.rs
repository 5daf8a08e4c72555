//! Terminal tables (comfy-table): the only place that knows about colours and widths.

use std::io::{self, Write};

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Attribute, Cell, CellAlignment, Color, ContentArrangement, Table};
use gates_core::cli_support::{
    GateFacts, actual_text, bench_row_texts, bound_text, gate_facts, license_issues, license_text,
};
use gates_core::{
    BenchComparison, BenchVerdict, CustomMetric, Evaluation, LicenseVerdict, Metric, Metrics, Status, Verdict,
};

/// Licence issues listed under the gates table; `--format json` has them all.
const LICENSES_SHOWN: usize = 20;
/// Facts listed under each failed or warned gate unless `--details` asks for all.
const FACTS_SHOWN: usize = 5;
/// Lines the facts take at most unless `--details` asks for all, so that they stay within a
/// screen; gates that do not fit are counted on one more line.
const FACT_LINES: usize = 40;
/// Widest line of facts unless `--details` asks for whole lines.
const FACT_COLUMNS: usize = 100;

fn new_table(color: bool, header: &[&str]) -> Table {
    let mut table = Table::new();
    table.load_style(UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Dynamic);
    if color {
        table.enforce_styling();
    } else {
        table.force_no_tty();
    }
    table.set_header(header.iter().map(|title| Cell::new(title).add_attribute(Attribute::Bold)));
    table
}

pub(crate) fn write_evaluation(
    out: &mut impl Write,
    evaluation: &Evaluation,
    metrics: &Metrics,
    policy_name: &str,
    color: bool,
    details: bool,
) -> io::Result<()> {
    let with_notes =
        evaluation.outcomes.iter().any(|outcome| outcome.reason().is_some() || outcome.detail.is_some());
    let mut header = vec!["Status", "Gate", "Actual", "Threshold"];
    if with_notes {
        header.push("Note");
    }
    let mut table = new_table(color, &header);
    for outcome in &evaluation.outcomes {
        let mut row = vec![
            Cell::new(outcome.status.to_string().to_uppercase()).fg(status_color(outcome.status)),
            Cell::new(outcome.gate.name()),
            Cell::new(actual_text(outcome)).set_alignment(CellAlignment::Right),
            Cell::new(bound_text(&outcome.gate)),
        ];
        if with_notes {
            row.push(Cell::new(
                outcome
                    .reason()
                    .or_else(|| outcome.detail.as_ref().map(ToString::to_string))
                    .unwrap_or_default(),
            ));
        }
        table.add_row(row);
    }
    writeln!(out, "{table}")?;
    write_gate_facts(out, &gate_facts(evaluation, metrics), color, details)?;
    write_license_issues(out, evaluation, metrics)?;
    if let Some(bench) = &evaluation.bench {
        write_bench(out, bench, color)?;
    }
    writeln!(out, "{}", verdict_line(evaluation, policy_name, color))
}

/// Benchmarks against the baseline, largest slowdown first.
fn write_bench(out: &mut impl Write, bench: &BenchComparison, color: bool) -> io::Result<()> {
    let options = &bench.options;
    writeln!(
        out,
        "benchmarks on the {}: warn above {}% slower, fail above {}%{}",
        options.statistic.name(),
        options.warn_percent,
        options.fail_percent,
        if options.require_significance {
            format!(", only significant changes (alpha {})", options.alpha)
        } else {
            String::new()
        }
    )?;
    let mut table =
        new_table(color, &["Benchmark", "Baseline", "Candidate", "Change", "Verdict", "Significance"]);
    for row in &bench.rows {
        let texts = bench_row_texts(row);
        let color = match row.verdict {
            BenchVerdict::Regressed => Color::Red,
            BenchVerdict::Warn => Color::Yellow,
            BenchVerdict::Improved => Color::Green,
            _ => Color::Reset,
        };
        table.add_row(texts.into_iter().enumerate().map(|(at, text)| {
            let cell = Cell::new(text).fg(color);
            if (1..=3).contains(&at) { cell.set_alignment(CellAlignment::Right) } else { cell }
        }));
    }
    writeln!(out, "{table}")
}

/// What made each failed or warned gate fail or warn: a handful of facts each, or all of them
/// with `details`.
fn write_gate_facts(
    out: &mut impl Write,
    facts: &[GateFacts<'_>],
    color: bool,
    details: bool,
) -> io::Result<()> {
    let (mut lines_left, facts_shown) =
        if details { (usize::MAX, usize::MAX) } else { (FACT_LINES, FACTS_SHOWN) };
    let mut gates_shown = 0;
    for gate in facts {
        let listed = gate.items.len().min(facts_shown);
        let lines = 1 + listed + usize::from(gate.items.len() > listed);
        if lines > lines_left {
            break;
        }
        lines_left -= lines;
        gates_shown += 1;
        let status = gate.outcome.status.to_string().to_uppercase();
        let status = if color { paint(&status, status_ansi(gate.outcome.status)) } else { status };
        writeln!(out, "{status} {}:", gate.outcome.gate.name())?;
        for item in gate.items.iter().take(facts_shown) {
            let line = format!("  {item}");
            if details {
                writeln!(out, "{line}")?
            } else {
                writeln!(out, "{}", clipped(&line, FACT_COLUMNS))?
            }
        }
        if gate.items.len() > facts_shown {
            writeln!(out, "  … and {} more (--details shows all)", gate.items.len() - facts_shown)?;
        }
    }
    if facts.len() > gates_shown {
        writeln!(
            out,
            "… and {} more failed or warned gate(s) (--details shows all)",
            facts.len() - gates_shown
        )?;
    }
    Ok(())
}

/// `line` cut to `columns` characters, ending in "…" when cut.
fn clipped(line: &str, columns: usize) -> String {
    if line.chars().count() <= columns {
        return line.to_owned();
    }
    let mut kept: String = line.chars().take(columns.saturating_sub(1)).collect();
    kept.push('…');
    kept
}

/// Dependencies whose licence is denied or cannot be checked, at most `LICENSES_SHOWN` of them.
fn write_license_issues(out: &mut impl Write, evaluation: &Evaluation, metrics: &Metrics) -> io::Result<()> {
    let issues: Vec<_> = license_issues(evaluation, metrics).collect();
    for (package, verdict) in issues.iter().take(LICENSES_SHOWN) {
        let word = match verdict {
            LicenseVerdict::Denied => "licence denied",
            _ => "licence unknown",
        };
        writeln!(out, "{word}: {}", license_text(package))?;
    }
    if issues.len() > LICENSES_SHOWN {
        writeln!(out, "… and {} more licence issues (see --format json)", issues.len() - LICENSES_SHOWN)?;
    }
    Ok(())
}

fn status_color(status: Status) -> Color {
    match status {
        Status::Pass => Color::Green,
        Status::Warn => Color::Yellow,
        Status::Fail => Color::Red,
        Status::Skipped => Color::DarkGrey,
    }
}

/// The ANSI colour code of a status, for text outside a table.
fn status_ansi(status: Status) -> &'static str {
    match status {
        Status::Pass => "32",
        Status::Warn => "33",
        Status::Fail => "31",
        Status::Skipped => "90",
    }
}

/// `text` in bold and the colour `ansi`.
fn paint(text: &str, ansi: &str) -> String {
    format!("\x1b[1;{ansi}m{text}\x1b[0m")
}

fn verdict_line(evaluation: &Evaluation, policy_name: &str, color: bool) -> String {
    let count = |status| evaluation.outcomes.iter().filter(|outcome| outcome.status == status).count();
    let (word, status) = match evaluation.verdict {
        Verdict::Pass => ("PASS", Status::Pass),
        Verdict::Warn => ("PASS with warnings", Status::Warn),
        Verdict::Fail => ("FAIL", Status::Fail),
    };
    let word = if color { paint(word, status_ansi(status)) } else { word.to_owned() };
    let mut line = format!(
        "verdict: {word}: {} passed, {} warned, {} failed, {} skipped (policy: {policy_name})",
        count(Status::Pass),
        count(Status::Warn),
        count(Status::Fail),
        count(Status::Skipped),
    );
    if evaluation.nothing_evaluated() {
        line.push_str("\nno gate could be evaluated: none of the given reports feeds a gate of this policy");
    }
    line
}

pub(crate) fn write_metric_catalogue(
    out: &mut impl Write,
    custom: &[CustomMetric],
    color: bool,
) -> io::Result<()> {
    let mut table = new_table(color, &["Metric", "Unit", "From", "Meaning"]);
    for metric in Metric::ALL {
        table.add_row(vec![
            Cell::new(metric.name()),
            Cell::new(metric.unit().to_string()),
            Cell::new(metric.family().wanted_report(&crate::commands::INPUT_NAMES)),
            Cell::new(metric.description()),
        ]);
    }
    for metric in custom {
        let from = match &metric.source {
            Some(source) if source.pointer.is_empty() => format!("policy: {}", source.file),
            Some(source) => format!("policy: {} at {}", source.file, source.pointer),
            None => format!("policy: --metric {}=VALUE", metric.name),
        };
        table.add_row(vec![
            Cell::new(&metric.name),
            Cell::new(metric.unit.to_string()),
            Cell::new(from),
            Cell::new(&metric.description),
        ]);
    }
    writeln!(out, "{table}")
}

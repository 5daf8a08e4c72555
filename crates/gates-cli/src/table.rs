//! Terminal tables (comfy-table): the only place that knows about colours and widths.

use std::io::{self, IsTerminal, Write};

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{
    Attribute, Cell, CellAlignment, Color, ColumnConstraint, ContentArrangement, Table, Width,
};
use gates_core::cli_support::{
    GateFacts, actual_text, bench_row_texts, bound_text, gate_facts, license_issues, license_text,
    slowest_test_texts, value_text,
};
use gates_core::{
    BenchComparison, BenchVerdict, Evaluation, Family, LicenseVerdict, Metric, Metrics, Outcome, Policy,
    Status, Unavailable, Verdict,
};

/// Licence issues listed under the gates table; `--format json` has them all.
const LICENSES_SHOWN: usize = 20;
/// Facts listed under each failed or warned gate unless `--details` asks for all.
const FACTS_SHOWN: usize = 5;
/// Lines the facts take at most unless `--details` asks for all, so that they stay within a
/// screen; gates that do not fit are counted on one more line.
const FACT_LINES: usize = 40;
/// Slowest tests listed unless `--details` asks for all that the outputs keep.
const SLOWEST_SHOWN: usize = 3;
/// Columns the output takes when stdout is not a terminal: a CI log, a file, a pipe.
const PIPED_WIDTH: usize = 100;

/// How the output looks: coloured or not, and how many columns it may take.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Layout {
    pub(crate) color: bool,
    pub(crate) width: usize,
}

impl Layout {
    /// For stdout: a terminal's own width, else [`PIPED_WIDTH`].
    pub(crate) fn stdout(color: bool) -> Self {
        let stdout = io::stdout();
        let terminal_width = if stdout.is_terminal() {
            terminal_size::terminal_size_of(&stdout).map(|(width, _)| usize::from(width.0))
        } else {
            None
        };
        Self { color, width: terminal_width.unwrap_or(PIPED_WIDTH) }
    }

    /// Plain text of the width of a log, for a file.
    pub(crate) fn file() -> Self {
        Self { color: false, width: PIPED_WIDTH }
    }
}

fn new_table(layout: Layout, header: &[&str]) -> Table {
    let mut table = Table::new();
    table
        .load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(u16::try_from(layout.width).unwrap_or(u16::MAX));
    if layout.color {
        table.enforce_styling();
    } else {
        table.force_no_tty();
    }
    table.set_header(header.iter().map(|title| Cell::new(title).add_attribute(Attribute::Bold)));
    table
}

/// Keeps the first `kept` columns as wide as their widest cell (up to two fifths of the width
/// each), so that the columns after them, free text, are the ones that wrap.
fn wrap_only_after(table: &mut Table, kept: usize, layout: Layout) {
    let cap = u16::try_from(layout.width * 2 / 5).unwrap_or(u16::MAX);
    let widths = table.column_max_content_widths();
    for (column, width) in table.column_iter_mut().zip(widths).take(kept) {
        // The boundary counts the padding on either side of the text.
        let padded = width.saturating_add(2).min(cap);
        column.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(padded)));
    }
}

/// Failed gates first, then warned, then passed; skipped gates are not in the table.
fn table_rank(status: Status) -> Option<u8> {
    match status {
        Status::Fail => Some(0),
        Status::Warn => Some(1),
        Status::Pass => Some(2),
        Status::Skipped => None,
    }
}

pub(crate) fn write_evaluation(
    out: &mut impl Write,
    evaluation: &Evaluation,
    metrics: &Metrics,
    policy_name: &str,
    layout: Layout,
    details: bool,
) -> io::Result<()> {
    let mut shown: Vec<(u8, &Outcome)> = evaluation
        .outcomes
        .iter()
        .filter_map(|outcome| table_rank(outcome.status).map(|rank| (rank, outcome)))
        .collect();
    shown.sort_by_key(|(rank, _)| *rank);
    let note = |outcome: &Outcome| {
        outcome.reason().or_else(|| outcome.detail.as_ref().map(ToString::to_string)).unwrap_or_default()
    };
    let with_notes = shown.iter().any(|(_, outcome)| !note(outcome).is_empty());
    let mut header = vec!["Status", "Gate", "Actual", "Threshold"];
    if with_notes {
        header.push("Note");
    }
    if !shown.is_empty() {
        let mut table = new_table(layout, &header);
        for (_, outcome) in &shown {
            let mut row = vec![
                Cell::new(outcome.status.to_string().to_uppercase()).fg(status_color(outcome.status)),
                Cell::new(outcome.gate.name()),
                Cell::new(actual_text(outcome)).set_alignment(CellAlignment::Right),
                Cell::new(bound_text(&outcome.gate)),
            ];
            if with_notes {
                row.push(Cell::new(note(outcome)));
            }
            table.add_row(row);
        }
        wrap_only_after(&mut table, 4, layout);
        writeln!(out, "{table}")?;
    }
    if let Some(skipped) = skipped_text(evaluation) {
        let status = status_word(Status::Skipped, layout.color);
        let text = wrapped(&format!("SKIPPED {skipped}"), layout.width);
        writeln!(out, "{}", text.replacen("SKIPPED", &status, 1))?;
    }
    write_gate_facts(out, &gate_facts(evaluation, metrics), layout, details)?;
    write_license_issues(out, evaluation, metrics, layout, details)?;
    if let Some(bench) = &evaluation.bench {
        write_bench(out, bench, layout)?;
    }
    for test in &evaluation.intermittent {
        let rate = value_text(gates_core::Unit::Percent, test.pass_rate());
        writeln!(
            out,
            "intermittent across runs: {} passed {} of {} runs ({rate})",
            test.id, test.passes, test.runs
        )?;
    }
    write_slowest_tests(out, metrics, layout, details)?;
    writeln!(out, "{}", verdict_line(evaluation, policy_name, layout.color))
}

fn write_slowest_tests(
    out: &mut impl Write,
    metrics: &Metrics,
    layout: Layout,
    details: bool,
) -> io::Result<()> {
    let lines: Vec<String> =
        slowest_test_texts(metrics).into_iter().map(|(name, time)| format!("{name}: {time}")).collect();
    if lines.is_empty() {
        return Ok(());
    }
    writeln!(out, "Slowest tests:")?;
    let shown = if details { lines.len() } else { SLOWEST_SHOWN };
    for line in lines.iter().take(shown) {
        let line = format!("  {line}");
        writeln!(out, "{}", if details { line } else { clipped(&line, layout.width) })?;
    }
    Ok(())
}

/// The skipped gates on one entry, by what would enable them:
/// `3 gates: no input: give A (2 gates), B (1 gate)`, other reasons after a `;`.
fn skipped_text(evaluation: &Evaluation) -> Option<String> {
    let mut wanted: Vec<(String, usize)> = Vec::new();
    let mut other: Vec<(String, usize)> = Vec::new();
    for outcome in evaluation.outcomes.iter().filter(|outcome| outcome.status == Status::Skipped) {
        let (groups, key) = match &outcome.actual {
            Err(Unavailable::NoReport(family)) => (&mut wanted, family.wanted_report(outcome.inputs)),
            _ => (&mut other, outcome.reason().unwrap_or_default()),
        };
        match groups.iter_mut().find(|(known, _)| *known == key) {
            Some((_, count)) => *count += 1,
            None => groups.push((key, 1)),
        }
    }
    let skipped: usize = wanted.iter().chain(&other).map(|(_, count)| count).sum();
    let counted = wanted.len() + other.len() > 1;
    let text = |(key, count): &(String, usize)| {
        if counted { format!("{key} ({})", gates_text(*count)) } else { key.clone() }
    };
    let mut parts: Vec<String> = Vec::new();
    if !wanted.is_empty() {
        parts.push(format!("no input: give {}", wanted.iter().map(text).collect::<Vec<_>>().join(", ")));
    }
    parts.extend(other.iter().map(text));
    (skipped > 0).then(|| format!("{}: {}", gates_text(skipped), parts.join("; ")))
}

/// `1 gate`, `2 gates`.
fn gates_text(count: usize) -> String {
    format!("{count} gate{}", if count == 1 { "" } else { "s" })
}

/// `text` broken between words into lines of at most `width` columns, the later ones indented.
fn wrapped(text: &str, width: usize) -> String {
    const INDENT: &str = "  ";
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        if line.is_empty() {
            line.push_str(word);
        } else if line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::replace(&mut line, format!("{INDENT}{word}")));
        } else {
            line.push(' ');
            line.push_str(word);
        }
    }
    lines.push(line);
    lines.join("\n")
}

/// Benchmarks against the baseline, largest slowdown first.
fn write_bench(out: &mut impl Write, bench: &BenchComparison, layout: Layout) -> io::Result<()> {
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
        new_table(layout, &["Benchmark", "Baseline", "Candidate", "Change", "Verdict", "Significance"]);
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
    layout: Layout,
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
        writeln!(out, "{} {}:", status_word(gate.outcome.status, layout.color), gate.outcome.gate.name())?;
        for item in gate.items.iter().take(facts_shown) {
            let line = format!("  {item}");
            if details {
                writeln!(out, "{line}")?
            } else {
                writeln!(out, "{}", clipped(&line, layout.width))?
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
/// Lines are cut to the layout's width unless `details` asks for whole lines.
fn write_license_issues(
    out: &mut impl Write,
    evaluation: &Evaluation,
    metrics: &Metrics,
    layout: Layout,
    details: bool,
) -> io::Result<()> {
    let issues: Vec<_> = license_issues(evaluation, metrics).collect();
    for (package, verdict) in issues.iter().take(LICENSES_SHOWN) {
        let word = match verdict {
            LicenseVerdict::Denied => "licence denied",
            _ => "licence unknown",
        };
        let line = format!("{word}: {}", license_text(package));
        writeln!(out, "{}", if details { line } else { clipped(&line, layout.width) })?;
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

/// A status in capitals, painted in its colour with `color`.
fn status_word(status: Status, color: bool) -> String {
    let word = status.to_string().to_uppercase();
    if color { paint(&word, status_ansi(status)) } else { word }
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

/// Every metric a gate can test, one table per kind of report that feeds it; with `values` (the
/// metrics of the given reports), only the kinds those reports feed, each metric with its value.
pub(crate) fn write_metric_catalogue(
    out: &mut impl Write,
    policy: Option<&Policy>,
    values: Option<&[(Metric, f64)]>,
    layout: Layout,
) -> io::Result<()> {
    let mut families: Vec<Family> = Vec::new();
    for metric in Metric::ALL {
        let family = metric.family();
        let fed = values.is_none_or(|values| values.iter().any(|(known, _)| known.family() == family));
        if fed && !families.contains(&family) {
            families.push(family);
        }
    }
    let header: &[&str] = if values.is_some() {
        &["Metric", "Unit", "Value", "Meaning"]
    } else {
        &["Metric", "Unit", "Meaning"]
    };
    for family in families {
        let from = format!("From {}:", family.wanted_report(&crate::commands::INPUT_NAMES));
        writeln!(out, "{}", wrapped(&from, layout.width))?;
        let mut table = new_table(layout, header);
        for metric in Metric::ALL.iter().filter(|metric| metric.family() == family) {
            let mut row = vec![Cell::new(metric.name()), Cell::new(metric.unit().to_string())];
            if let Some(values) = values {
                let value = values.iter().find(|(known, _)| known == metric);
                let text =
                    value.map_or_else(|| "n/a".to_owned(), |(_, value)| value_text(metric.unit(), *value));
                row.push(Cell::new(text).set_alignment(CellAlignment::Right));
            }
            row.push(Cell::new(metric.description()));
            table.add_row(row);
        }
        wrap_only_after(&mut table, header.len() - 1, layout);
        writeln!(out, "{table}")?;
    }
    let Some(policy) = policy else { return Ok(()) };
    if !policy.change_rules.is_empty() {
        writeln!(out, "Change rules of the policy (from {}):", crate::commands::INPUT_NAMES.diff)?;
        let mut table = new_table(layout, &["Metric", "Unit", "Meaning"]);
        for rule in &policy.change_rules {
            table.add_row(vec![
                Cell::new(rule.metric_name()),
                Cell::new(rule.unit().to_string()),
                Cell::new(rule.description()),
            ]);
        }
        wrap_only_after(&mut table, 2, layout);
        writeln!(out, "{table}")?;
    }
    let custom = &policy.custom_metrics;
    if custom.is_empty() {
        return Ok(());
    }
    writeln!(out, "Custom metrics of the policy:")?;
    let mut table = new_table(layout, &["Metric", "Unit", "From", "Meaning"]);
    for metric in custom {
        let from = match &metric.source {
            Some(source) if source.pointer.is_empty() => source.file.clone(),
            Some(source) => format!("{}\nat {}", source.file, source.pointer),
            None => format!("--metric {}=VALUE", metric.name),
        };
        table.add_row(vec![
            Cell::new(&metric.name),
            Cell::new(metric.unit.to_string()),
            Cell::new(from),
            Cell::new(&metric.description),
        ]);
    }
    wrap_only_after(&mut table, 3, layout);
    writeln!(out, "{table}")
}

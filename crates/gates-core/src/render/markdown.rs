//! GitHub-flavoured Markdown: a verdict line, the gates table, then details worth a look.

use std::fmt::Write;

use super::listing;
use crate::model::{Category, Finding, Metrics, SourceLocation, Unit};
use crate::policy::LicenseVerdict;
use crate::policy::{Disposition, Evaluation, Status, Verdict};

/// Failed tests listed before the rest are summarised as "N more".
const FAILED_TESTS_SHOWN: usize = 20;
/// Lines of a failure's output shown.
const OUTPUT_LINES_SHOWN: usize = 12;
/// Items of any other section listed before the rest are summarised as "N more".
const ITEMS_SHOWN: usize = 30;
/// Files listed in the lowest-covered section.
const LOWEST_COVERED_SHOWN: usize = 10;
/// Bytes kept free for the note that counts sections left out.
const OMITTED_NOTE_ROOM: usize = 80;

/// Renders the evaluation as Markdown.
pub fn render(evaluation: &Evaluation, metrics: &Metrics) -> String {
    render_within(evaluation, metrics, usize::MAX)
}

/// Renders the evaluation as Markdown of at most `limit` bytes (GitHub comments take 65,536
/// characters): the verdict and the gates table are always whole; sections are cut to fit, each
/// saying how many items it leaves out, and sections that do not fit at all are counted at the end.
pub fn render_within(evaluation: &Evaluation, metrics: &Metrics, limit: usize) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}\n", verdict_line(evaluation));
    if let Some(origin) = &evaluation.baseline_origin {
        let _ = writeln!(out, "{}\n", text(&origin.describe()));
    }
    out.push_str("| Status | Gate | Actual | Threshold |\n|:--|:--|--:|:--|\n");
    for outcome in &evaluation.outcomes {
        let actual = match (outcome.reason(), &outcome.detail) {
            (Some(reason), _) => format!("n/a ({reason})"),
            (None, Some(detail)) => format!("{} ({detail})", super::actual_text(outcome)),
            (None, None) => super::actual_text(outcome),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            status_badge(outcome.status),
            text(&outcome.gate.name()),
            text(&actual),
            text(&super::bound_text(&outcome.gate)),
        );
    }
    let intermittent: Vec<String> = evaluation
        .intermittent
        .iter()
        .map(|test| {
            format!(
                "- {}: passed {} of {} runs ({})",
                code(&test.id),
                test.passes,
                test.runs,
                super::value_text(Unit::Percent, test.pass_rate())
            )
        })
        .collect();
    let quarantined: Vec<String> = listing::quarantined_tests(evaluation, metrics)
        .map(|(case, quarantine)| format!("- {}: {}", code(&case.full_name()), text(&quarantine.reason)))
        .collect();
    let mut sections = vec![
        failed_tests(metrics),
        Section::new("Quarantined failures (not counted)", quarantined),
        Section::new("Intermittent tests across runs", intermittent),
        Section::new(
            "Trends: the target branch's last runs and this one",
            super::mermaid::trend_charts(&evaluation.trend),
        ),
    ];
    let uncovered: Vec<String> = listing::uncovered_changes(metrics)
        .map(|(path, ranges)| format!("- {}: lines {}", code(path), ranges.join(", ")))
        .collect();
    let uncovered_lines =
        metrics.patch.iter().flat_map(|patch| &patch.files).map(|file| file.uncovered_lines.len()).sum();
    sections.push(Section::new("Changed lines not covered", uncovered).counting(uncovered_lines));
    let lowest: Vec<String> = listing::lowest_covered(metrics, LOWEST_COVERED_SHOWN)
        .into_iter()
        .map(|(path, percent, totals)| {
            let branches = if totals.branches_valid > 0 {
                format!(", {} of {} branches", totals.branches_covered, totals.branches_valid)
            } else {
                String::new()
            };
            format!(
                "- {}: {} ({} of {} lines{branches})",
                code(path),
                super::value_text(Unit::Percent, percent),
                totals.lines_covered,
                totals.lines_valid
            )
        })
        .collect();
    sections.push(Section::new("Lowest-covered files", lowest));
    sections.push(change_rules(metrics));
    let headers = listing::missing_headers(metrics).map(|path| format!("- {}", code(path))).collect();
    sections.push(Section::new("Changed files without the licence header", headers));
    sections.extend(findings_sections(evaluation, metrics));
    sections.extend(dependency_sections(evaluation, metrics));
    if let Some(bench) = &evaluation.bench {
        let changed: Vec<String> = bench
            .rows
            .iter()
            .filter(|row| row.verdict != crate::compare::BenchVerdict::Unchanged)
            .map(|row| {
                let [name, baseline, candidate, change, verdict, significance] = super::bench_row_texts(row);
                format!(
                    "- {}: {baseline} → {candidate} ({change}, {verdict}) {}",
                    code(&name),
                    text(&significance)
                )
            })
            .collect();
        sections.push(Section::new("Benchmark changes", changed));
        let unfair = bench.setup_mismatch.iter().map(|line| format!("- {}", text(line))).collect();
        sections.push(Section::new("Benchmarks timed differently (not a fair comparison)", unfair));
    }
    let hotspots: Vec<String> = listing::hotspots(metrics)
        .iter()
        .map(|spot| {
            format!(
                "- {} {} (line {}): complexity {} (rank {})",
                code(spot.path),
                text(&spot.name),
                spot.line,
                spot.complexity,
                spot.rank
            )
        })
        .collect();
    sections.push(Section::new("Complexity hot spots (rank C or worse)", hotspots));
    let slowest = super::slowest_test_texts(metrics)
        .into_iter()
        .map(|(name, time)| format!("- {}: {}", code(&name), text(&time)))
        .collect();
    sections.push(Section::new("Slowest tests", slowest));
    let problems: Vec<String> = listing::scan_problems(metrics)
        .map(|problem| match &problem.path {
            Some(path) => format!("- {}: {}: {}", text(&problem.tool), code(path), text(&problem.message)),
            None => format!("- {}: {}", text(&problem.tool), text(&problem.message)),
        })
        .collect();
    sections.push(Section::new("Not analysed (tool errors)", problems));
    let expired: Vec<String> = evaluation
        .expired_waivers
        .iter()
        .filter_map(|&at| evaluation.waivers.get(at))
        .map(|waiver| {
            let expires = waiver.expires.map(|date| date.to_string()).unwrap_or_default();
            format!("- {} expired on {expires}: {}", code(&waiver.id), text(&waiver.reason))
        })
        .collect();
    sections.push(Section::new("Expired waivers (no longer applied)", expired));

    let mut omitted = 0usize;
    for section in sections.iter().filter(|section| !section.items.is_empty()) {
        // Room for this section, keeping space for the closing "omitted" note.
        let room = limit.saturating_sub(out.len() + OMITTED_NOTE_ROOM);
        match section.render_within(room) {
            Some(rendered) => out.push_str(&rendered),
            None => omitted += 1,
        }
    }
    if omitted > 0 {
        let _ = writeln!(out, "\n_{omitted} more section(s) left out to fit the size limit._");
    }
    out
}

/// Each `[[change]]` rule with every file behind its value.
fn change_rules(metrics: &Metrics) -> Section {
    let files = |files: &[String]| match files {
        [] => "none".to_owned(),
        files => files.iter().map(|path| code(path)).collect::<Vec<_>>().join(", "),
    };
    let items = metrics
        .changes
        .iter()
        .flatten()
        .map(|rule| {
            let value = super::value_text(rule.unit, rule.value);
            match rule.unit {
                Unit::Flag => format!(
                    "- {} {value}: changed {}; required changed {}",
                    code(&rule.metric),
                    files(&rule.changed),
                    files(&rule.required)
                ),
                _ => format!("- {} {value}: {}", code(&rule.metric), files(&rule.changed)),
            }
        })
        .collect();
    Section::new("Change rules", items)
}

fn findings_sections(evaluation: &Evaluation, metrics: &Metrics) -> Vec<Section> {
    let mut sections = Vec::new();
    for (category, title) in [
        (Category::Security, "Security findings"),
        (Category::Lint, "Lint violations"),
        (Category::Type, "Type errors"),
        (Category::Secret, "Secrets"),
    ] {
        let items: Vec<String> = listing::findings(evaluation, metrics)
            .filter(|(finding, disposition, _)| {
                finding.category == category && *disposition == Disposition::Counted
            })
            .map(|(finding, _, new)| match new {
                Some(true) => format!("{} **new**", finding_line(finding)),
                _ => finding_line(finding),
            })
            .collect();
        sections.push(Section::new(title, items));
    }
    let waived: Vec<String> = listing::findings(evaluation, metrics)
        .filter_map(|(finding, disposition, _)| match disposition {
            Disposition::Waived { waiver } => {
                let reason = evaluation.waivers.get(waiver).map_or("", |waiver| waiver.reason.as_str());
                Some(format!("{} — waived: {}", finding_line(finding), text(reason)))
            }
            Disposition::BelowConfidence => {
                Some(format!("{} — under the confidence floor", finding_line(finding)))
            }
            Disposition::Counted => None,
        })
        .collect();
    sections.push(Section::new("Waived findings", waived));
    sections
}

fn finding_line(finding: &Finding) -> String {
    let severity = finding.severity.map(|level| format!("{level:?} ").to_uppercase()).unwrap_or_default();
    let place = finding.location.as_ref().map(location).unwrap_or_default();
    format!("- {severity}{} {place}{}", code(&finding.rule), text(&finding.message))
}

fn location(location: &SourceLocation) -> String {
    match location.line {
        Some(line) => format!("{} ", code(&format!("{}:{line}", location.path))),
        None => format!("{} ", code(&location.path)),
    }
}

fn dependency_sections(evaluation: &Evaluation, metrics: &Metrics) -> Vec<Section> {
    let vulnerable: Vec<String> = listing::vulnerabilities(evaluation, metrics)
        .map(|(package, vulnerability, disposition)| {
            let version = package.version.as_deref().unwrap_or("?");
            let waived = match disposition {
                Disposition::Counted => "",
                _ => " — waived",
            };
            format!(
                "- {} {}: {} {} ({}){waived}",
                text(&package.name),
                text(version),
                code(&vulnerability.id),
                vulnerability.severity.name(),
                text(&listing::fix_text(vulnerability))
            )
        })
        .collect();
    let unaudited: Vec<String> = listing::unaudited(metrics)
        .map(|(package, reason)| format!("- {}: {}", text(&package.name), text(reason)))
        .collect();
    let licenses = |wanted: LicenseVerdict| -> Vec<String> {
        super::license_issues(evaluation, metrics)
            .filter(|(_, verdict)| *verdict == wanted)
            .map(|(package, _)| format!("- {}", text(&super::license_text(package))))
            .collect()
    };
    let outdated = listing::outdated(metrics)
        .map(|package| format!("- {}", text(&listing::outdated_text(package))))
        .collect();
    vec![
        Section::new("Vulnerable dependencies", vulnerable),
        Section::new("Outdated dependencies", outdated),
        Section::new("Dependencies not audited", unaudited),
        Section::new("Denied licences", licenses(LicenseVerdict::Denied)),
        Section::new("Licences that cannot be checked (no SPDX reading)", licenses(LicenseVerdict::Unknown)),
    ]
}

fn verdict_line(evaluation: &Evaluation) -> String {
    let count = |status| evaluation.outcomes.iter().filter(|outcome| outcome.status == status).count();
    let tally = format!(
        "{} passed, {} warned, {} failed, {} skipped",
        count(Status::Pass),
        count(Status::Warn),
        count(Status::Fail),
        count(Status::Skipped)
    );
    let tally = match &evaluation.policy_name {
        Some(name) => format!("{tally}; policy: {}", text(name)),
        None => tally,
    };
    match evaluation.verdict {
        Verdict::Pass => format!("**✅ gates passed** ({tally})"),
        Verdict::Warn => format!("**⚠️ gates passed with warnings** ({tally})"),
        Verdict::Fail if evaluation.nothing_evaluated() => {
            format!("**❌ gates failed: no gate could be evaluated** ({tally})")
        }
        Verdict::Fail => format!("**❌ gates failed** ({tally})"),
    }
}

fn status_badge(status: Status) -> &'static str {
    match status {
        Status::Pass => "✅ pass",
        Status::Warn => "⚠️ warn",
        Status::Fail => "❌ fail",
        Status::Skipped => "⏭️ skipped",
    }
}

fn failed_tests(metrics: &Metrics) -> Section {
    let listed = listing::failed_tests(metrics).count();
    // Only those that may be shown are rendered: a run can fail thousands of tests.
    let items: Vec<String> = listing::failed_tests(metrics)
        .take(FAILED_TESTS_SHOWN)
        .map(|(case, label, problem)| {
            let mut item = format!("- **{}** ({label})", text(&case.full_name()));
            if let Some(message) = &problem.message {
                let _ = write!(item, ": {}", text(message.lines().next().unwrap_or("")));
            }
            if let Some(output) = &problem.output {
                let shown: Vec<&str> = output.lines().take(OUTPUT_LINES_SHOWN).collect();
                let _ = write!(item, "\n\n{}\n", fenced(&shown.join("\n")));
            }
            item
        })
        .collect();
    Section { title: "Failed tests", count: listed, items, listed, shown: FAILED_TESTS_SHOWN }
}

/// A collapsible list with a title.
struct Section {
    title: &'static str,
    /// The first items, or all of them.
    items: Vec<String>,
    /// How many items there are, rendered or not.
    listed: usize,
    /// The figure beside the title: the items, or what they hold (lines of ranges).
    count: usize,
    /// Items listed at most, the rest summarised as "N more".
    shown: usize,
}

impl Section {
    fn new(title: &'static str, items: Vec<String>) -> Self {
        Self { title, count: items.len(), listed: items.len(), items, shown: ITEMS_SHOWN }
    }

    /// The section titled with `count` instead of the number of its items.
    fn counting(self, count: usize) -> Self {
        Self { count, ..self }
    }

    /// The section with its first `count` items.
    fn render(&self, count: usize) -> String {
        let mut out = format!("\n<details><summary>{} ({})</summary>\n\n", self.title, self.count);
        for item in self.items.iter().take(count) {
            let _ = writeln!(out, "{item}");
        }
        let rendered = count.min(self.items.len());
        if self.listed > rendered {
            let _ = writeln!(out, "- … and {} more", self.listed - rendered);
        }
        out.push_str("\n</details>\n");
        out
    }

    /// The section with as many items as fit in `room` bytes, or `None` if not even one does.
    fn render_within(&self, room: usize) -> Option<String> {
        let mut count = self.shown.min(self.items.len());
        loop {
            let rendered = self.render(count);
            if rendered.len() <= room {
                return Some(rendered);
            }
            if count == 0 {
                return None;
            }
            count /= 2;
        }
    }
}

/// Text from a report, made inert and kept on one line (safe in a table cell):
/// no HTML, no Markdown, no mentions or issue links.
fn text(raw: &str) -> String {
    let mut escaped = String::with_capacity(raw.len());
    for character in raw.chars() {
        match character {
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '&' => escaped.push_str("&amp;"),
            // A zero-width joiner after `@` and `#` stops GitHub from notifying users or linking issues.
            '@' | '#' => {
                escaped.push(character);
                escaped.push('\u{2060}');
            }
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' => {
                escaped.push('\\');
                escaped.push(character);
            }
            '\r' | '\n' => escaped.push(' '),
            _ => escaped.push(character),
        }
    }
    escaped
}

/// A code span: shown literally by GitHub (no HTML, no mentions, no links), so it needs no escaping
/// beyond keeping it on one line and closed: backticks inside become quotes.
fn code(raw: &str) -> String {
    let inner: String = raw
        .chars()
        .map(|c| match c {
            '`' => '\'',
            '\r' | '\n' => ' ',
            other => other,
        })
        .collect();
    format!("`{inner}`")
}

/// A fenced code block long enough that the content cannot close it.
fn fenced(content: &str) -> String {
    let longest_run = content.split(|character| character != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest_run.max(2) + 1);
    format!("{fence}text\n{content}\n{fence}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_text_is_inert() {
        assert_eq!(
            text("<img src=x> @admin fixes #12 | *bold*\nnext"),
            "&lt;img src=x&gt; @\u{2060}admin fixes #\u{2060}12 \\| \\*bold\\* next"
        );
    }

    #[test]
    fn size_limit_cuts_sections_never_the_table() {
        use crate::model::{Problem, TestCase, TestRun, TestStatus};
        use crate::{EvaluateOptions, Policy, evaluate};
        let cases = (0..500)
            .map(|at| {
                let output = Some("x".repeat(2000));
                TestCase::new(
                    format!("test_{at}"),
                    TestStatus::Failed(Problem::new(Some("boom".into()), None, output)),
                )
            })
            .collect();
        let metrics = Metrics { tests: Some(TestRun::new(cases, None)), ..Metrics::default() };
        let policy = Policy::from_toml_str("[[gate]]\nmetric = \"tests.failed\"\nmax = 0\n").unwrap();
        let evaluation = evaluate(&policy, &metrics, &EvaluateOptions::default());
        let full = render(&evaluation, &metrics);
        let capped = render_within(&evaluation, &metrics, 10_000);
        assert!(capped.len() <= 10_000, "{}", capped.len());
        assert!(capped.contains("| ❌ fail | tests.failed &lt;= 0 | 500 | &lt;= 0 |"), "{capped}");
        assert!(capped.contains("Failed tests (500)"));
        assert!(capped.contains("more\n"), "visible note of what was cut");
        assert!(full.contains("Failed tests (500)") && full.contains("- … and 480 more\n"), "{full}");
        assert_eq!(full.matches("- **test\\_").count(), FAILED_TESTS_SHOWN);
        assert!(full.len() > capped.len());
        let tiny = render_within(&evaluation, &metrics, 300);
        assert!(tiny.contains("1 more section(s) left out"), "{tiny}");
    }

    #[test]
    fn fence_outlasts_backticks_inside() {
        assert_eq!(fenced("a ``` b"), "````text\na ``` b\n````");
    }
}

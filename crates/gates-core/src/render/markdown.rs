//! GitHub-flavoured Markdown: a verdict line, the gates table, then details worth a look.

use std::fmt::Write;

use super::listing;
use crate::model::{Category, Finding, Metrics, SourceLocation, TestStatus};
use crate::policy::{Disposition, Evaluation, Status, Verdict};

/// Failed tests listed before the rest are summarised as "N more".
const FAILED_TESTS_SHOWN: usize = 20;
/// Lines of a failure's output shown.
const OUTPUT_LINES_SHOWN: usize = 12;
/// Items of any other section listed before the rest are summarised as "N more".
const ITEMS_SHOWN: usize = 30;

/// Renders the evaluation as Markdown.
pub fn render(evaluation: &Evaluation, metrics: &Metrics) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}\n", verdict_line(evaluation));
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
    failed_tests(&mut out, metrics);
    let uncovered: Vec<String> = metrics
        .patch
        .iter()
        .flat_map(|patch| &patch.files)
        .filter(|file| !file.uncovered_lines.is_empty())
        .map(|file| {
            format!("- `{}`: lines {}", text(&file.path), super::ranges(&file.uncovered_ranges()).join(", "))
        })
        .collect();
    details(&mut out, "Changed lines not covered", &uncovered);
    findings_sections(&mut out, evaluation, metrics);
    dependency_sections(&mut out, evaluation, metrics);
    let hotspots: Vec<String> = listing::hotspots(metrics)
        .iter()
        .map(|spot| {
            format!(
                "- `{}` {} (line {}): complexity {} (rank {})",
                text(spot.path),
                text(&spot.name),
                spot.line,
                spot.complexity,
                spot.rank
            )
        })
        .collect();
    details(&mut out, "Complexity hot spots (rank C or worse)", &hotspots);
    let problems: Vec<String> = listing::scan_problems(metrics)
        .map(|problem| match &problem.path {
            Some(path) => format!("- {}: `{}`: {}", text(&problem.tool), text(path), text(&problem.message)),
            None => format!("- {}: {}", text(&problem.tool), text(&problem.message)),
        })
        .collect();
    details(&mut out, "Not analysed (tool errors)", &problems);
    let expired: Vec<String> = evaluation
        .expired_waivers
        .iter()
        .filter_map(|&at| evaluation.waivers.get(at))
        .map(|waiver| {
            let expires = waiver.expires.map(|date| date.to_string()).unwrap_or_default();
            format!("- `{}` expired on {expires}: {}", text(&waiver.id), text(&waiver.reason))
        })
        .collect();
    details(&mut out, "Expired waivers (no longer applied)", &expired);
    out
}

fn findings_sections(out: &mut String, evaluation: &Evaluation, metrics: &Metrics) {
    for (category, title) in [
        (Category::Security, "Security findings"),
        (Category::Lint, "Lint violations"),
        (Category::Type, "Type errors"),
    ] {
        let items: Vec<String> = listing::findings(evaluation, metrics)
            .filter(|(finding, disposition)| {
                finding.category == category && *disposition == Disposition::Counted
            })
            .map(|(finding, _)| finding_line(finding))
            .collect();
        details(out, title, &items);
    }
    let waived: Vec<String> = listing::findings(evaluation, metrics)
        .filter_map(|(finding, disposition)| match disposition {
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
    details(out, "Waived findings", &waived);
}

fn finding_line(finding: &Finding) -> String {
    let severity = finding.severity.map(|level| format!("{level:?} ").to_uppercase()).unwrap_or_default();
    let place = finding.location.as_ref().map(location).unwrap_or_default();
    format!("- {severity}`{}` {place}{}", text(&finding.rule), text(&finding.message))
}

fn location(location: &SourceLocation) -> String {
    match location.line {
        Some(line) => format!("`{}:{line}` ", text(&location.path)),
        None => format!("`{}` ", text(&location.path)),
    }
}

fn dependency_sections(out: &mut String, evaluation: &Evaluation, metrics: &Metrics) {
    let vulnerable: Vec<String> = listing::vulnerabilities(evaluation, metrics)
        .map(|(package, vulnerability, disposition)| {
            let version = package.version.as_deref().unwrap_or("?");
            let fixes = if vulnerability.fix_versions.is_empty() {
                "no fix yet".to_owned()
            } else {
                format!("fixed in {}", vulnerability.fix_versions.join(", "))
            };
            let waived = match disposition {
                Disposition::Counted => "",
                _ => " — waived",
            };
            format!(
                "- {} {}: `{}` ({}){waived}",
                text(&package.name),
                text(version),
                text(&vulnerability.id),
                text(&fixes)
            )
        })
        .collect();
    details(out, "Vulnerable dependencies", &vulnerable);
    let unaudited: Vec<String> = listing::unaudited(metrics)
        .map(|(package, reason)| format!("- {}: {}", text(&package.name), text(reason)))
        .collect();
    details(out, "Dependencies not audited", &unaudited);
}

/// A collapsible section listing `items`, cut at [`ITEMS_SHOWN`] with a visible count of the rest.
fn details(out: &mut String, title: &str, items: &[String]) {
    if items.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n<details><summary>{title} ({})</summary>\n", items.len());
    for item in items.iter().take(ITEMS_SHOWN) {
        let _ = writeln!(out, "{item}");
    }
    if items.len() > ITEMS_SHOWN {
        let _ = writeln!(out, "- … and {} more", items.len() - ITEMS_SHOWN);
    }
    out.push_str("\n</details>\n");
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

fn failed_tests(out: &mut String, metrics: &Metrics) {
    let Some(run) = &metrics.tests else { return };
    let problems: Vec<_> = run.problems().collect();
    if problems.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n<details><summary>Failed tests ({})</summary>\n", problems.len());
    for case in problems.iter().take(FAILED_TESTS_SHOWN) {
        let (label, problem) = match &case.status {
            TestStatus::Errored(problem) => ("error", problem),
            TestStatus::Failed(problem) => ("failed", problem),
            _ => continue,
        };
        let _ = write!(out, "- **{}** ({label})", text(&case.full_name()));
        if let Some(message) = &problem.message {
            let first_line = message.lines().next().unwrap_or("");
            let _ = write!(out, ": {}", text(first_line));
        }
        out.push('\n');
        if let Some(output) = &problem.output {
            let shown: Vec<&str> = output.lines().take(OUTPUT_LINES_SHOWN).collect();
            let _ = writeln!(out, "\n{}\n", fenced(&shown.join("\n")));
        }
    }
    if problems.len() > FAILED_TESTS_SHOWN {
        let _ = writeln!(out, "- … and {} more", problems.len() - FAILED_TESTS_SHOWN);
    }
    out.push_str("\n</details>\n");
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
    fn fence_outlasts_backticks_inside() {
        assert_eq!(fenced("a ``` b"), "````text\na ``` b\n````");
    }
}

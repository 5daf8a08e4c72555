//! GitHub-flavoured Markdown: a verdict line, the gates table, then details worth a look.

use std::fmt::Write;

use crate::model::{Metrics, TestStatus};
use crate::policy::{Evaluation, Status, Verdict};

/// Failed tests listed before the rest are summarised as "N more".
const FAILED_TESTS_SHOWN: usize = 20;
/// Lines of a failure's output shown.
const OUTPUT_LINES_SHOWN: usize = 12;

/// Renders the evaluation as Markdown.
pub fn render(evaluation: &Evaluation, metrics: &Metrics) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}\n", verdict_line(evaluation));
    out.push_str("| Status | Gate | Actual | Threshold |\n|:--|:--|--:|:--|\n");
    for outcome in &evaluation.outcomes {
        let actual = match outcome.reason() {
            Some(reason) => format!("n/a ({reason})"),
            None => super::actual_text(outcome),
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
    out
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

//! Pull-request descriptions: how much the author wrote, and whether the change names an issue.
//!
//! A description is measured without what a template leaves: HTML comments (`<!-- … -->`, an
//! unclosed one to the end) and Markdown heading lines (`## Summary`); whitespace runs count as
//! one character. An issue is referenced by `#123` (GitHub issues and pull requests, GitLab
//! issues), `GH-123`, GitLab's `!12`, an issue, pull-request or merge-request URL, or the policy's
//! `[pr] issue-pattern` (`JIRA-\d+`), in the title or the description's text outside comments.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::DescriptionCheck;

/// The references every forge understands.
static FORGE_REFERENCE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\w&/])(?:#|!)\d+\b|\bGH-\d+\b|https?://\S+/(?:-/)?(?:issues|pull|merge_requests)/\d+")
        .ok()
});

/// How a description is judged.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct DescriptionRules {
    /// The project's own tracker keys (`[pr] issue-pattern`, e.g. `JIRA-\d+`).
    pub issue_pattern: Option<Regex>,
}

impl PartialEq for DescriptionRules {
    fn eq(&self, other: &Self) -> bool {
        let pattern =
            |rules: &DescriptionRules| rules.issue_pattern.as_ref().map(Regex::as_str).map(str::to_owned);
        pattern(self) == pattern(other)
    }
}

impl DescriptionRules {
    /// Whether `text` references an issue.
    pub fn references_issue(&self, text: &str) -> bool {
        FORGE_REFERENCE.as_ref().is_some_and(|regex| regex.is_match(text))
            || self.issue_pattern.as_ref().is_some_and(|regex| regex.is_match(text))
    }
}

/// `text` without HTML comments; an unclosed comment runs to the end.
fn without_comments(text: &str) -> String {
    let mut kept = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("<!--") {
        kept.push_str(rest.get(..start).unwrap_or_default());
        let after = rest.get(start + 4..).unwrap_or_default();
        rest = after.find("-->").and_then(|end| after.get(end + 3..)).unwrap_or_default();
    }
    kept.push_str(rest);
    kept
}

/// A Markdown ATX heading: up to three spaces, one to six `#`, then a space or the line's end.
fn is_heading(line: &str) -> bool {
    let line = line.trim_start_matches(' ');
    let hashes = line.len() - line.trim_start_matches('#').len();
    (1..=6).contains(&hashes)
        && line.get(hashes..).is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
}

impl DescriptionCheck {
    /// Measures `body` and looks for an issue reference in it and in `title`.
    pub fn new(title: Option<&str>, body: &str, rules: &DescriptionRules) -> Self {
        let text = without_comments(body);
        let written: Vec<&str> =
            text.lines().filter(|line| !is_heading(line)).flat_map(str::split_whitespace).collect();
        let chars =
            written.iter().map(|word| word.chars().count()).sum::<usize>() + written.len().saturating_sub(1);
        let references_issue =
            title.is_some_and(|title| rules.references_issue(title)) || rules.references_issue(&text);
        Self { chars: chars as u64, references_issue }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_comments_and_headings_are_not_counted() {
        let template = "## Summary\n<!-- What does this change? -->\n\n## Issue\n<!-- Fixes #123 -->\n";
        let empty = DescriptionCheck::new(Some("feat: x"), template, &DescriptionRules::default());
        assert_eq!((empty.chars, empty.references_issue), (0, false));
        let filled = DescriptionCheck::new(
            None,
            &format!("{template}Adds  LCOV\ninput.\n<!-- unclosed"),
            &DescriptionRules::default(),
        );
        assert_eq!(filled.chars, "Adds LCOV input.".len() as u64);
        assert!(!filled.references_issue);
    }

    #[test]
    fn references_of_every_forge_and_the_policy_s_tracker() {
        let rules = DescriptionRules::default();
        for text in [
            "Fixes #12",
            "(#7)",
            "closes GH-9",
            "see !34",
            "https://github.com/o/r/issues/5",
            "https://gitlab.com/g/p/-/merge_requests/8",
        ] {
            assert!(rules.references_issue(text), "{text}");
        }
        for text in ["issue#12", "&#39;", "C# 12", "PROJ-12", "https://example.com/a#12", "#a1"] {
            assert!(!rules.references_issue(text), "{text}");
        }
        let jira = DescriptionRules { issue_pattern: Regex::new(r"\bPROJ-\d+\b").ok() };
        assert!(DescriptionCheck::new(Some("feat: PROJ-12 login"), "", &jira).references_issue);
    }
}

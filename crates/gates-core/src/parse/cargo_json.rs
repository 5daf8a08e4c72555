//! cargo's JSON messages (`cargo clippy --message-format=json`, `cargo check`, `cargo build`).
//!
//! Producers seen: cargo 1.95 with clippy 0.1.95. Read from cargo's "External tools" chapter
//! (JSON messages) and rustc's JSON diagnostic format: one JSON object per line, told by its
//! `reason`. A `compiler-message` carries a rustc diagnostic; a stream ends with `build-finished`,
//! so one without it is truncated and a message after it (two runs in one file) is refused. Other reasons (`compiler-artifact`, `build-script-executed`)
//! are skipped.
//!
//! Levels: `error` (also a lint set to `deny` or `forbid`) is an error, `warning` a warning; a
//! top-level note, help or failure-note is below a warning; any other level is refused. The notes
//! and help inside a diagnostic belong to it.
//! A crate checked for several targets (lib and lib test) reports the same diagnostic for each:
//! one diagnostic is counted once per (level, code, message, primary span). A failed build with no
//! error diagnostic (a build script or the linker failed) is an error finding: the lint did not run.

use std::collections::HashSet;
use std::io::BufRead;

use serde::Deserialize;

use super::Format;
use super::error::{ParseError, ParseErrorKind, io_error};
use super::json;
use super::lines::{Lines, MAX_TEXT_LINE};
use crate::model::{Category, Finding, Findings, LintLevel, Report, ReportContent, SourceLocation};

#[derive(Deserialize)]
struct Message {
    reason: String,
    #[serde(default)]
    message: Option<Diagnostic>,
    #[serde(default)]
    success: Option<bool>,
}

#[derive(Deserialize)]
struct Diagnostic {
    message: String,
    level: String,
    #[serde(default)]
    code: Option<Code>,
    #[serde(default)]
    spans: Vec<Span>,
}

#[derive(Deserialize)]
struct Code {
    code: String,
}

#[derive(Deserialize)]
struct Span {
    file_name: String,
    line_start: u32,
    line_end: u32,
    column_start: u32,
    column_end: u32,
    is_primary: bool,
}

/// What makes two reports of a diagnostic the same one.
type Identity = (String, Option<String>, String, Option<(String, u32, u32, u32, u32)>);

/// Parses cargo's JSON messages.
pub(crate) fn parse(input: impl BufRead) -> Result<Report, ParseError> {
    let mut findings = Findings::covering(&[Category::Lint]);
    let mut seen: HashSet<Identity> = HashSet::new();
    let (mut finished, mut failed) = (false, false);
    let (mut repeats, mut errors) = (0usize, 0usize);
    let mut lines = Lines::new(input, MAX_TEXT_LINE);
    let mut objects = json::JsonLines::default();
    while let Some(line) = lines.next_line().map_err(|error| io_error(Format::CargoJson, error))? {
        let start = line.start;
        let Some(parsed) = objects.read::<Message>(Format::CargoJson, &line)? else {
            continue;
        };
        if finished {
            let kind = ParseErrorKind::Json(
                "nothing after cargo's build-finished line, which ends a run; give each run's messages as a file of its own".to_owned(),
            );
            return Err(ParseError::new(Format::CargoJson, kind).at(start));
        }
        finished = parsed.reason == "build-finished";
        if finished {
            failed |= parsed.success == Some(false);
            continue;
        }
        if parsed.reason != "compiler-message" {
            continue;
        }
        let diagnostic = parsed.message.ok_or_else(|| {
            ParseError::new(
                Format::CargoJson,
                ParseErrorKind::Json("a compiler-message without its message".to_owned()),
            )
            .at(start)
        })?;
        let level = match diagnostic.level.as_str() {
            "error" | "error: internal compiler error" => LintLevel::Error,
            "warning" => LintLevel::Warning,
            "note" | "help" | "failure-note" => LintLevel::Info,
            other => {
                return Err(ParseError::new(
                    Format::CargoJson,
                    ParseErrorKind::InvalidValue {
                        expected: "a level rustc writes: error, warning, note, help or failure-note",
                        found: other.to_owned(),
                    },
                )
                .at(start));
            }
        };
        let code = diagnostic.code.map(|code| code.code);
        let primary = diagnostic.spans.into_iter().find(|span| span.is_primary);
        let identity: Identity = (
            diagnostic.level,
            code.clone(),
            diagnostic.message.clone(),
            primary.as_ref().map(|span| {
                (span.file_name.clone(), span.line_start, span.column_start, span.line_end, span.column_end)
            }),
        );
        if !seen.insert(identity) {
            repeats += 1;
            continue;
        }
        errors += usize::from(level == LintLevel::Error);
        let rule =
            code.unwrap_or_else(|| if level == LintLevel::Error { "error" } else { "diagnostic" }.to_owned());
        let tool = if rule.starts_with("clippy::") { "clippy" } else { "rustc" };
        let mut finding = Finding::new(Category::Lint, tool, rule, diagnostic.message);
        finding.lint_level = Some(level);
        finding.location = primary.map(|span| {
            let mut location =
                SourceLocation::new(span.file_name, Some(span.line_start)).ending_at(Some(span.line_end));
            location.column = Some(span.column_start);
            location
        });
        findings.items.push(finding);
    }
    if !finished {
        return Err(ParseError::new(
            Format::CargoJson,
            ParseErrorKind::Json(
                "the messages end before cargo's final build-finished line; the report is truncated"
                    .to_owned(),
            ),
        )
        .at(lines.offset()));
    }
    let mut notes = Vec::new();
    if repeats > 0 {
        notes.push(format!(
            "{repeats} diagnostics repeated for another target of the same crate were counted once"
        ));
    }
    if failed && errors == 0 {
        // cargo failed without saying why in a diagnostic: the lint did not run everywhere.
        let mut finding = Finding::new(
            Category::Lint,
            "cargo",
            "build-failed",
            "the build failed without an error diagnostic (a build script, a dependency or the linker)",
        );
        finding.lint_level = Some(LintLevel::Error);
        findings.items.push(finding);
    }
    Ok(Report {
        format: Format::CargoJson,
        producer: Some(
            if findings.items.iter().any(|finding| finding.tool == "clippy") { "clippy" } else { "cargo" }
                .to_owned(),
        ),
        notes,
        content: ReportContent::Findings(findings),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_str;

    const WARNING: &str = r#"{"reason":"compiler-message","package_id":"p","target":{"kind":["lib"]},"message":{"rendered":"r","$message_type":"diagnostic","children":[{"message":"note","code":null,"level":"note","spans":[],"children":[],"rendered":null}],"code":{"code":"clippy::len_zero","explanation":null},"level":"warning","message":"length comparison to zero","spans":[{"file_name":"src/lib.rs","byte_start":1,"byte_end":2,"line_start":16,"line_end":16,"column_start":5,"column_end":20,"is_primary":true,"text":[],"label":null,"suggested_replacement":null,"suggestion_applicability":null,"expansion":null}]}}"#;

    #[test]
    fn a_diagnostic_of_two_targets_counts_once() {
        let text = format!("{WARNING}\n{WARNING}\n{{\"reason\":\"build-finished\",\"success\":true}}\n");
        let report = parse_str(Format::CargoJson, &text).unwrap();
        let ReportContent::Findings(findings) = report.content else { panic!() };
        assert_eq!(findings.items.len(), 1);
        let finding = &findings.items[0];
        assert_eq!(
            (finding.tool.as_str(), finding.rule.as_str(), finding.lint_level),
            ("clippy", "clippy::len_zero", Some(LintLevel::Warning))
        );
        assert_eq!(finding.location.as_ref().map(|at| (at.line, at.column)), Some((Some(16), Some(5))));
        assert_eq!(
            report.notes,
            ["1 diagnostics repeated for another target of the same crate were counted once"]
        );
    }

    #[test]
    fn a_message_after_build_finished_is_refused() {
        let finished = "{\"reason\":\"build-finished\",\"success\":true}\n";
        let error = parse_str(Format::CargoJson, &format!("{finished}{finished}")).unwrap_err().to_string();
        assert!(
            error.contains("line 2") && error.contains("nothing after cargo's build-finished line"),
            "{error}"
        );
    }

    #[test]
    fn a_level_rustc_does_not_write_is_refused() {
        let finished = "{\"reason\":\"build-finished\",\"success\":true}";
        let damaged = WARNING.replace("\"level\":\"warning\"", "\"level\":\"warnilg\"");
        assert_ne!(damaged, WARNING);
        let error =
            parse_str(Format::CargoJson, &format!("{damaged}\n{finished}\n")).unwrap_err().to_string();
        assert!(error.contains("\"warnilg\"") && error.contains("line 1"), "{error}");
    }

    #[test]
    fn no_build_finished_is_truncated() {
        let error = parse_str(Format::CargoJson, &format!("{WARNING}\n")).unwrap_err().to_string();
        assert!(error.contains("truncated"), "{error}");
    }

    #[test]
    fn failed_build_without_errors_is_an_error() {
        let report =
            parse_str(Format::CargoJson, "{\"reason\":\"build-finished\",\"success\":false}\n").unwrap();
        let ReportContent::Findings(findings) = report.content else { panic!() };
        assert_eq!(findings.items[0].rule, "build-failed");
        assert_eq!(findings.items[0].lint_level, Some(LintLevel::Error));
    }
}

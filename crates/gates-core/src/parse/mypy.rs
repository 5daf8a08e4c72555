//! mypy: plain text output and `-O json` (JSON Lines).
//!
//! Producers seen: mypy 1.x and 2.4. Text lines are `path:line[:col[:end_line:end_col]]: severity:
//! message  [code]`; `note:` lines explain the error before them and are not errors; `--pretty`
//! wraps a long message onto unindented continuation lines and adds indented source excerpts and
//! carets. The summary ("Found N errors in M files", "Success: no issues found") is checked
//! against the errors read; "errors prevented further checking" means mypy stopped early.

use std::io::BufRead;

use serde::Deserialize;

use super::Format;
use super::error::{ParseError, ParseErrorKind, io_error};
use super::json::LenientNumber;
use super::lines::{Lines, MAX_TEXT_LINE};
use crate::model::{Category, Finding, Findings, Report, ReportContent, SourceLocation};

/// One `path:line…: severity: message` line.
pub(crate) struct Diagnostic<'a> {
    pub(crate) path: &'a str,
    pub(crate) line: Option<u32>,
    pub(crate) column: Option<u32>,
    pub(crate) severity: &'a str,
    pub(crate) message: &'a str,
}

/// Splits a mypy diagnostic line, or `None` when the line is not one.
pub(crate) fn diagnostic(line: &str) -> Option<Diagnostic<'_>> {
    let (at, severity) = ["error", "note", "warning"]
        .iter()
        .filter_map(|severity| line.find(&format!(": {severity}: ")).map(|at| (at, *severity)))
        .min_by_key(|(at, _)| *at)?;
    let location = line.get(..at)?;
    let message = line.get(at + severity.len() + 4..)?;
    // Up to four numbers after the path: line, column, end line, end column.
    let mut parts: Vec<&str> = location.rsplitn(5, ':').collect();
    let numbers: Vec<u32> = parts
        .iter()
        .take_while(|part| part.parse::<u32>().is_ok())
        .filter_map(|part| part.parse().ok())
        .collect();
    if numbers.is_empty() {
        return None;
    }
    parts.drain(..numbers.len());
    parts.reverse();
    let path_len = parts.iter().map(|part| part.len()).sum::<usize>() + parts.len().saturating_sub(1);
    let path = location.get(..path_len).filter(|path| !path.is_empty())?;
    // Read from the right: [line], [column, line] or [end column, end line, column, line].
    let line = numbers.last().copied();
    let column = numbers.len().checked_sub(2).and_then(|at| numbers.get(at)).copied();
    Some(Diagnostic { path, line, column, severity, message })
}

/// Parses mypy's text output.
pub(crate) fn parse_text(input: impl BufRead) -> Result<Report, ParseError> {
    let mut findings = Findings::covering(&[Category::Type]);
    let mut notes = Vec::new();
    let mut summary: Option<(usize, bool)> = None;
    let mut understood = false;
    let mut continues_error = false;
    let mut first_written_line = None;
    let mut lines = Lines::new(input, MAX_TEXT_LINE);
    while let Some(line) = lines.next_line().map_err(|error| io_error(Format::Mypy, error))? {
        let (number, line) = (line.number, line.text(Format::Mypy, "mypy lines shorter than 1 MiB")?);
        if !line.trim().is_empty() {
            first_written_line.get_or_insert(number);
        }
        if let Some(diagnostic) = diagnostic(line) {
            understood = true;
            continues_error = diagnostic.severity == "error";
            if continues_error {
                let mut location = SourceLocation::new(diagnostic.path, diagnostic.line);
                location.column = diagnostic.column;
                let mut finding = Finding::new(Category::Type, "mypy", "", diagnostic.message.trim_end());
                finding.location = Some(location);
                findings.items.push(finding);
            }
        } else if let Some(rest) = line.strip_prefix("Found ") {
            understood = true;
            continues_error = false;
            let count = rest.split_whitespace().next().and_then(|count| count.parse().ok()).unwrap_or(0);
            summary = Some((count, line.contains("errors prevented further checking")));
        } else if line.starts_with("Success: no issues found") {
            understood = true;
            continues_error = false;
            summary = Some((0, false));
        } else if continues_error && !line.starts_with(' ') && !line.trim().is_empty() {
            // `--pretty` wraps long messages onto unindented lines.
            if let Some(finding) = findings.items.last_mut() {
                finding.message.push(' ');
                finding.message.push_str(line.trim());
            }
        }
    }
    if !understood {
        return Err(ParseError::new(
            Format::Mypy,
            ParseErrorKind::UnexpectedLine {
                expected: "mypy output (`path:line: error: …` lines or a summary)",
                line: first_written_line.unwrap_or(1),
            },
        ));
    }
    for finding in &mut findings.items {
        let (message, code) = split_code(&finding.message);
        finding.rule = code.unwrap_or("misc").to_owned();
        finding.message = message.to_owned();
    }
    match summary {
        Some((count, _)) if count != findings.items.len() => {
            notes.push(format!("mypy's summary counts {count} errors but {} were read", findings.items.len()))
        }
        None => notes.push("the mypy output has no summary line; it may be cut short".to_owned()),
        _ => {}
    }
    if summary.is_some_and(|(_, stopped)| stopped) {
        notes.push("mypy stopped early (errors prevented further checking): files after the blocking error were not checked".to_owned());
    }
    Ok(Report {
        format: Format::Mypy,
        producer: Some("mypy".to_owned()),
        notes,
        content: ReportContent::Findings(findings),
    })
}

/// `"message  [code]"` → (`"message"`, `Some("code")`).
fn split_code(message: &str) -> (&str, Option<&str>) {
    let trimmed = message.trim_end();
    if let Some(open) = trimmed.strip_suffix(']').and_then(|rest| rest.rfind('[')) {
        let code = trimmed.get(open + 1..trimmed.len() - 1).unwrap_or("");
        if !code.is_empty() && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
            return (trimmed.get(..open).unwrap_or(trimmed).trim_end(), Some(code));
        }
    }
    (trimmed, None)
}

#[derive(Deserialize)]
struct JsonDiagnostic {
    file: String,
    line: LenientNumber,
    #[serde(default)]
    column: Option<LenientNumber>,
    message: String,
    #[serde(default)]
    code: Option<String>,
    severity: String,
}

/// Parses `mypy -O json` output: one JSON object per line.
pub(crate) fn parse_json(input: impl BufRead) -> Result<Report, ParseError> {
    let mut findings = Findings::covering(&[Category::Type]);
    let mut lines = Lines::new(input, MAX_TEXT_LINE);
    let mut objects = super::json::JsonLines::default();
    while let Some(line) = lines.next_line().map_err(|error| io_error(Format::MypyJson, error))? {
        let Some(diagnostic) = objects.read::<JsonDiagnostic>(Format::MypyJson, &line)? else {
            continue;
        };
        if diagnostic.severity != "error" {
            continue;
        }
        let mut finding = Finding::new(
            Category::Type,
            "mypy",
            diagnostic.code.unwrap_or_else(|| "misc".to_owned()),
            diagnostic.message,
        );
        let mut location = SourceLocation::new(diagnostic.file, diagnostic.line.line());
        location.column =
            diagnostic.column.and_then(LenientNumber::line).map(|column| column.saturating_add(1));
        finding.location = Some(location);
        findings.items.push(finding);
    }
    Ok(Report {
        format: Format::MypyJson,
        producer: Some("mypy".to_owned()),
        notes: Vec::new(),
        content: ReportContent::Findings(findings),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_str;

    /// Rule, message, line and column of each finding.
    type Read = Vec<(String, String, Option<u32>, Option<u32>)>;

    fn parsed(format: Format, text: &str) -> (Read, Vec<String>) {
        let report = parse_str(format, text).unwrap();
        let ReportContent::Findings(findings) = report.content else { panic!() };
        let items = findings
            .items
            .into_iter()
            .map(|finding| {
                let location = finding.location.unwrap();
                (finding.rule, finding.message, location.line, location.column)
            })
            .collect();
        (items, report.notes)
    }

    #[test]
    fn errors_count_and_notes_do_not() {
        let text = "demo/risky.py:6: error: Library stubs not installed for \"yaml\"  [import-untyped]\n\
demo/risky.py:6: note: Hint: \"python3 -m pip install types-PyYAML\"\n\
demo/risky.py:31: error: Incompatible types in assignment  [assignment]\n\
Found 2 errors in 1 file (checked 3 source files)\n";
        let (items, notes) = parsed(Format::Mypy, text);
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].0, "import-untyped");
        assert_eq!(
            items[1],
            ("assignment".to_owned(), "Incompatible types in assignment".to_owned(), Some(31), None)
        );
        assert!(notes.is_empty(), "{notes:?}");
    }

    #[test]
    fn pretty_output_with_columns_wrapped_messages_and_excerpts() {
        let text = "demo/risky.py:31:15:31:23: error: Incompatible types in assignment (expression\n\
has type \"int\", variable has type \"str\")  [assignment]\n    result: str = add(1, 2)\n                  ^~~~~~~~~\n\
Found 1 error in 1 file (checked 3 source files)\n";
        let (items, _) = parsed(Format::Mypy, text);
        assert_eq!(
            items,
            vec![(
                "assignment".to_owned(),
                "Incompatible types in assignment (expression has type \"int\", variable has type \"str\")"
                    .to_owned(),
                Some(31),
                Some(15)
            )]
        );
    }

    #[test]
    fn blocker_and_success_and_mismatch() {
        let (items, notes) = parsed(
            Format::Mypy,
            "pkg/broken.py:1: error: invalid syntax  [syntax]\nFound 1 error in 1 file (errors prevented further checking)\n",
        );
        assert_eq!(items.len(), 1);
        assert!(notes[0].starts_with("mypy stopped early"), "{notes:?}");
        let (items, notes) = parsed(Format::Mypy, "Success: no issues found in 3 source files\n");
        assert!(items.is_empty() && notes.is_empty());
        let (_, notes) = parsed(
            Format::Mypy,
            "a.py:1: error: x  [misc]\nFound 3 errors in 1 file (checked 1 source file)\n",
        );
        assert_eq!(notes, vec!["mypy's summary counts 3 errors but 1 were read"]);
    }

    #[test]
    fn windows_paths_keep_their_drive() {
        let diagnostic = diagnostic(r"C:\src\a.py:12:5: error: boom  [misc]").unwrap();
        assert_eq!(
            (diagnostic.path, diagnostic.line, diagnostic.column),
            (r"C:\src\a.py", Some(12), Some(5))
        );
    }

    #[test]
    fn json_lines_with_zero_based_columns() {
        let text = "{\"file\": \"a.py\", \"line\": 31, \"column\": 14, \"end_line\": 31, \"end_column\": 23, \"message\": \"bad\", \"hint\": null, \"code\": \"assignment\", \"severity\": \"error\"}\n\
{\"file\": \"a.py\", \"line\": 32, \"column\": 0, \"message\": \"see\", \"hint\": null, \"code\": null, \"severity\": \"note\"}\n";
        let (items, _) = parsed(Format::MypyJson, text);
        assert_eq!(items, vec![("assignment".to_owned(), "bad".to_owned(), Some(31), Some(15))]);
    }
}

//! Line-oriented lint output: flake8's default format, and telling it from mypy's text.
//!
//! flake8 (3 to 7) writes `path:row:col: CODE message`; `--count` adds a final bare number and
//! `--statistics` lines `<count> CODE message`: those are summaries, noted and not counted.
//! flake8 has no levels: a `W` code (pycodestyle's warnings) is a warning, every other code
//! (pycodestyle's `E` errors, pyflakes' `F`, mccabe's `C`, plugins') an error, as any fails the run.

use std::io::BufRead;

use super::error::{ParseError, ParseErrorKind, io_error};
use super::lines::{Lines, MAX_TEXT_LINE};
use super::{Format, mypy};
use crate::model::{Category, Finding, Findings, LintLevel, Report, ReportContent, SourceLocation};

/// Lines looked at to tell the format.
const SNIFFED_LINES: usize = 50;

/// mypy or flake8 text, from the first lines; `None` when neither fits.
pub(crate) fn sniff(bytes: &[u8]) -> Option<Format> {
    let text = String::from_utf8_lossy(bytes.get(..64 * 1024).unwrap_or(bytes));
    let lines: Vec<&str> = text.lines().take(SNIFFED_LINES).collect();
    let mypy = lines.iter().any(|line| {
        mypy::diagnostic(line).is_some()
            || line.starts_with("Success: no issues found")
            || is_mypy_summary(line)
    });
    if mypy {
        return Some(Format::Mypy);
    }
    lines.iter().any(|line| flake8_line(line).is_some()).then_some(Format::Flake8)
}

fn is_mypy_summary(line: &str) -> bool {
    line.starts_with("Found ") && line.contains(" error") && line.contains(" in ")
}

struct Flake8Line<'a> {
    path: &'a str,
    row: u32,
    column: u32,
    code: &'a str,
    message: &'a str,
}

/// `path:row:col: CODE message`, or `None`.
fn flake8_line(line: &str) -> Option<Flake8Line<'_>> {
    let (location, rest) = line.split_once(": ")?;
    let mut parts = location.rsplitn(3, ':');
    let column = parts.next()?.parse().ok()?;
    let row = parts.next()?.parse().ok()?;
    let path = parts.next().filter(|path| !path.is_empty())?;
    let (code, message) = rest.split_once(' ')?;
    let valid_code = code.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && code.chars().any(|c| c.is_ascii_digit())
        && code.chars().all(|c| c.is_ascii_alphanumeric());
    valid_code.then_some(Flake8Line { path, row, column, code, message })
}

/// Parses flake8's default text output.
pub(crate) fn parse_flake8(input: impl BufRead) -> Result<Report, ParseError> {
    let mut findings = Findings::covering(&[Category::Lint]);
    let (mut summaries, mut unknown) = (0usize, Vec::new());
    let mut lines = Lines::new(input, MAX_TEXT_LINE);
    while let Some(line) = lines.next_line().map_err(|error| io_error(Format::Flake8, error))? {
        let (number, line) = (line.number, line.text(Format::Flake8, "flake8 lines shorter than 1 MiB")?);
        if line.trim().is_empty() {
            continue;
        }
        match flake8_line(line) {
            Some(parsed) => {
                let mut finding = Finding::new(Category::Lint, "flake8", parsed.code, parsed.message);
                let warning = parsed.code.starts_with('W');
                finding.lint_level = Some(if warning { LintLevel::Warning } else { LintLevel::Error });
                let mut location = SourceLocation::new(parsed.path, Some(parsed.row));
                location.column = Some(parsed.column);
                finding.location = Some(location);
                findings.items.push(finding);
            }
            None if is_summary(line) => summaries += 1,
            None => unknown.push(number),
        }
    }
    if findings.items.is_empty() && !unknown.is_empty() {
        let line = unknown.first().copied().unwrap_or(1);
        return Err(ParseError::new(
            Format::Flake8,
            ParseErrorKind::UnexpectedLine {
                expected: "flake8 lines like `path:row:col: CODE message`",
                line,
            },
        ));
    }
    let mut notes = Vec::new();
    if summaries > 0 {
        notes
            .push(format!("{summaries} summary lines (--count/--statistics) were not counted as violations"));
    }
    if let Some(first) = unknown.first() {
        notes.push(format!("{} lines not understood, the first is line {first}", unknown.len()));
    }
    Ok(Report {
        format: Format::Flake8,
        producer: Some("flake8".to_owned()),
        notes,
        content: ReportContent::Findings(findings),
    })
}

/// `--count`'s bare total, or a `--statistics` line `<count> CODE message`.
fn is_summary(line: &str) -> bool {
    let mut words = line.split_whitespace();
    let Some(count) = words.next() else { return false };
    count.parse::<u64>().is_ok() && words.next().is_none_or(|code| code.chars().any(|c| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_str;

    #[test]
    fn flake8_lines_and_summaries() {
        let text = "warehouse/routing.py:4:1: F401 'sys' imported but unused\nbroken/x.py:1:17: E999 SyntaxError: invalid syntax\n1     E999 SyntaxError: invalid syntax\n2\n";
        let report = parse_str(Format::Flake8, text).unwrap();
        let ReportContent::Findings(findings) = report.content else { panic!() };
        let rules: Vec<_> = findings.items.iter().map(|finding| finding.rule.as_str()).collect();
        assert_eq!(rules, ["F401", "E999"]);
        assert_eq!(findings.items[0].location.as_ref().unwrap().column, Some(1));
        assert_eq!(
            report.notes,
            vec!["2 summary lines (--count/--statistics) were not counted as violations"]
        );
    }

    #[test]
    fn sniffing_tells_mypy_from_flake8() {
        assert_eq!(
            sniff(b"a.py:3: error: bad  [misc]\nFound 1 error in 1 file (checked 1 source file)\n"),
            Some(Format::Mypy)
        );
        assert_eq!(sniff(b"Success: no issues found in 3 source files\n"), Some(Format::Mypy));
        assert_eq!(sniff(b"a.py:3:1: E302 expected 2 blank lines\n"), Some(Format::Flake8));
        assert_eq!(sniff(b"hello\nworld\n"), None);
    }
}

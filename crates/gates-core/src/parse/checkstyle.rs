//! Checkstyle XML, the lint format many tools write.
//!
//! Producers seen: Checkstyle 8.36 (`-f xml`), ESLint 9 with eslint-formatter-checkstyle 9.0.
//! Read from Checkstyle's `XMLLogger` documentation: a `<checkstyle version>` root, one `<file
//! name>` per file checked (empty for a clean file), each violation an `<error line column severity
//! message source>` in it (`source` is the rule: a check's class, `eslint.rules.<id>`, a linter's
//! name), and an `<exception>` with the stack trace where a file could not be checked (an
//! error: a file not checked is not clean). The `<error>` elements are the only figures: there
//! are no totals to compare.
//!
//! Severity `error` and `warning` are lint levels of their own names, `info` is below a warning,
//! and `ignore` (which Checkstyle never writes) is not a finding. An `<error>` without `line`,
//! `severity`, `message` or `source` is refused: every producer writes them (`line="0"` and
//! `source=""` where it has none), so one missing means a damaged element. In a report of
//! Checkstyle itself (a source of its own), an `<error>` given twice in a file is refused:
//! Checkstyle keeps a file's findings in a set. Any other element inside a
//! `<file>` is refused (a damaged `<error>` would drop a finding); elsewhere they are skipped.
//! The file streams: memory follows the findings kept. Findings' tool is `eslint` for ESLint's
//! rules, else `checkstyle` (the format: golangci-lint, ktlint and others write their own rule
//! names in `source`).

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::hash::{Hash, Hasher};
use std::io::BufRead;

use super::Format;
use super::error::{ParseError, ParseErrorKind};
use super::number;
use super::xml::{self, TextBuffer};
use crate::model::{Category, Finding, Findings, LintLevel, Report, ReportContent, SourceLocation};

/// How much of an `<exception>`'s stack trace is kept.
const MAX_EXCEPTION_TEXT: usize = 4096;

/// ESLint's checkstyle formatter writes its rules as `eslint.rules.<rule id>`.
const ESLINT_SOURCE: &str = "eslint.rules.";

/// Checkstyle names its checks by their Java classes.
const CHECKSTYLE_SOURCE: &str = "com.puppycrawl.tools.checkstyle.";

/// Parses a Checkstyle XML report.
pub(crate) fn parse<R: BufRead + Send>(input: R) -> Result<Report, ParseError> {
    let mut parser = Parser::default();
    xml::read_document(
        input,
        Format::Checkstyle,
        xml::Document::new(&["checkstyle"], "a <checkstyle> root element"),
        &mut parser,
    )?;
    parser.finish()
}

impl xml::Handler for Parser {
    fn on_open(&mut self, element: &xml::Tag<'_>, empty: bool, at: u64) -> Result<(), ParseErrorKind> {
        self.open(element, empty, at)
    }

    fn on_close(&mut self) -> Result<(), ParseErrorKind> {
        self.close();
        Ok(())
    }

    fn text_sink(&mut self) -> Option<&mut xml::TextBuffer> {
        self.exception_text()
    }

    fn error_at(&self, kind: ParseErrorKind, offset: u64) -> ParseError {
        self.error(kind, offset)
    }
}

/// What an open element is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Open {
    Root,
    File,
    Exception,
    Other,
}

#[derive(Debug, Default)]
struct Parser {
    root_seen: bool,
    open: Vec<Open>,
    /// The `<file>` being read and its 1-based place among the files.
    file: Option<String>,
    files_seen: u64,
    errors_in_file: u64,
    exception: Option<TextBuffer>,
    findings: Findings,
    /// The findings of the current `<file>`, by a hash of each, to find one given twice.
    in_file: HashMap<u64, usize>,
    /// Where a finding was first given twice, which Checkstyle, keeping its findings in a set,
    /// never writes.
    repeated: Option<ParseError>,
    eslint: bool,
    checkstyle: bool,
}

impl Parser {
    fn open(&mut self, element: &xml::Tag<'_>, empty: bool, at: u64) -> Result<(), ParseErrorKind> {
        let name = element.name();
        let kind = if !self.root_seen {
            self.root_seen = true;
            Open::Root
        } else {
            match (name, self.open.last()) {
                ("file", Some(Open::Root)) => {
                    self.open_file(element)?;
                    Open::File
                }
                ("error", Some(Open::File)) => {
                    self.violation(element, at)?;
                    Open::Other
                }
                ("exception", Some(Open::File)) => {
                    self.exception = Some(TextBuffer::new(MAX_EXCEPTION_TEXT));
                    Open::Exception
                }
                ("error", _) => {
                    return Err(ParseErrorKind::Misplaced {
                        found: "<error>".to_owned(),
                        problem: "outside a <file> element",
                    });
                }
                (other, Some(Open::File)) => {
                    return Err(ParseErrorKind::Misplaced {
                        found: format!("<{other}>"),
                        problem: "inside a <file> element, where Checkstyle has only <error> and <exception>",
                    });
                }
                _ => Open::Other,
            }
        };
        if empty {
            self.closed(kind);
        } else {
            self.open.push(kind);
        }
        Ok(())
    }

    fn close(&mut self) {
        if let Some(kind) = self.open.pop() {
            self.closed(kind);
        }
    }

    fn closed(&mut self, kind: Open) {
        match kind {
            Open::Root => {}
            Open::File => self.file = None,
            Open::Exception => {
                let trace = self.exception.take().and_then(|mut text| text.take());
                let message = trace.map_or_else(
                    || "Checkstyle could not check the file".to_owned(),
                    |trace| trace.trim().to_owned(),
                );
                // A file that was not checked is not clean.
                let mut finding = Finding::new(Category::Lint, "checkstyle", "exception", message);
                finding.lint_level = Some(LintLevel::Error);
                finding.location = self.file.clone().map(|path| SourceLocation::new(path, None));
                self.findings.items.push(finding);
            }
            Open::Other => {}
        }
    }

    fn exception_text(&mut self) -> Option<&mut TextBuffer> {
        self.exception.as_mut()
    }

    fn open_file(&mut self, element: &xml::Tag<'_>) -> Result<(), ParseErrorKind> {
        self.files_seen += 1;
        self.errors_in_file = 0;
        self.in_file.clear();
        let name = element.owned_attribute("name").ok_or(ParseErrorKind::MissingAttribute("name"))?;
        self.file = Some(name);
        Ok(())
    }

    fn violation(&mut self, element: &xml::Tag<'_>, at: u64) -> Result<(), ParseErrorKind> {
        self.errors_in_file += 1;
        let severity = element.attribute("severity").ok_or(ParseErrorKind::MissingAttribute("severity"))?;
        let level = match severity {
            "error" => LintLevel::Error,
            "warning" => LintLevel::Warning,
            "info" => LintLevel::Info,
            "ignore" => return Ok(()),
            other => return Err(ParseErrorKind::invalid("a severity error, warning, info or ignore", other)),
        };
        let message =
            element.owned_attribute("message").ok_or(ParseErrorKind::MissingAttribute("message"))?;
        // Every producer writes `source`, if empty (ESLint's parse errors): without it, the
        // element was damaged.
        let source = element.owned_attribute("source").ok_or(ParseErrorKind::MissingAttribute("source"))?;
        let (tool, rule) = match source.strip_prefix(ESLINT_SOURCE) {
            Some(rule) => {
                self.eslint = true;
                ("eslint", rule.to_owned())
            }
            None if source.is_empty() => ("checkstyle", "unknown".to_owned()),
            None => {
                self.checkstyle |= source.starts_with(CHECKSTYLE_SOURCE);
                ("checkstyle", source)
            }
        };
        let line = element.attribute("line").ok_or(ParseErrorKind::MissingAttribute("line"))?;
        let line = position_in(line)?;
        let mut finding = Finding::new(Category::Lint, tool, rule, message);
        finding.lint_level = Some(level);
        let mut location = SourceLocation::new(self.file.clone().unwrap_or_default(), line);
        location.column = position(element, "column")?;
        finding.location = Some(location);
        self.note_repeat(&finding, at);
        self.findings.items.push(finding);
        Ok(())
    }

    /// Notes `finding`, read at `at`, if the current file gave it already.
    fn note_repeat(&mut self, finding: &Finding, at: u64) {
        let mut hasher = std::hash::DefaultHasher::new();
        let place = finding.location.as_ref().map(|location| (location.line, location.column));
        (&finding.rule, &finding.message, finding.lint_level, place).hash(&mut hasher);
        let index = self.findings.items.len();
        match self.in_file.entry(hasher.finish()) {
            Entry::Occupied(earlier) => {
                if self.repeated.is_none() && self.findings.items.get(*earlier.get()) == Some(finding) {
                    let kind = ParseErrorKind::Misplaced {
                        found: "an <error> given twice".to_owned(),
                        problem: "(the same line, column, severity, message and source), which Checkstyle never writes: it keeps a file's findings in a set",
                    };
                    self.repeated = Some(self.error(kind, at));
                }
            }
            Entry::Vacant(vacant) => {
                vacant.insert(index);
            }
        }
    }

    fn error(&self, kind: ParseErrorKind, offset: u64) -> ParseError {
        let error = ParseError::new(Format::Checkstyle, kind).at(offset);
        match &self.file {
            Some(file) if self.errors_in_file > 0 => error
                .in_element(format!("file[{}]({file:?})/error[{}]", self.files_seen, self.errors_in_file)),
            Some(file) => error.in_element(format!("file[{}]({file:?})", self.files_seen)),
            None => error,
        }
    }

    fn finish(self) -> Result<Report, ParseError> {
        if self.checkstyle
            && let Some(repeated) = self.repeated
        {
            return Err(repeated);
        }
        let mut findings = self.findings;
        findings.categories = vec![Category::Lint];
        Ok(Report {
            format: Format::Checkstyle,
            // The root's `version` is the format's for other producers (ESLint writes 4.3).
            producer: match (self.eslint, self.checkstyle) {
                (true, _) => Some("ESLint".to_owned()),
                (false, true) => Some("Checkstyle".to_owned()),
                (false, false) => None,
            },
            notes: Vec::new(),
            content: ReportContent::Findings(findings),
        })
    }
}

/// A column attribute: see [`position_in`]; absent when missing.
fn position(element: &xml::Tag<'_>, name: &'static str) -> Result<Option<u32>, ParseErrorKind> {
    element.attribute(name).map_or(Ok(None), position_in)
}

/// A line or column: a 1-based number, `None` for 0 (a file-level finding).
fn position_in(text: &str) -> Result<Option<u32>, ParseErrorKind> {
    match number::line_number(text) {
        Some(0) => Ok(None),
        Some(at) => Ok(Some(at)),
        None => Err(ParseErrorKind::invalid("a line or column number", text)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_str;

    fn findings(xml: &str) -> Findings {
        let ReportContent::Findings(findings) = parse_str(Format::Checkstyle, xml).unwrap().content else {
            panic!()
        };
        findings
    }

    #[test]
    fn levels_rules_and_clean_files() {
        let found = findings(
            r#"<?xml version="1.0"?><checkstyle version="8.36.1"><file name="A.java">
<error line="3" column="17" severity="warning" message="star" source="c.AvoidStarImportCheck"/>
<error line="4" severity="error" message="unused" source="c.UnusedImportsCheck"/>
<error line="0" severity="info" message="magic" source="c.MagicNumberCheck"/>
<error line="5" severity="ignore" message="hidden" source="c.EmptyBlockCheck"/>
</file><file name="B.java"></file><file name="C.js"><error line="2" column="1" severity="error" message="x" source="eslint.rules.no-undef"/></file></checkstyle>"#,
        );
        let seen: Vec<_> = found
            .items
            .iter()
            .map(|finding| {
                let location = finding.location.as_ref().unwrap();
                (
                    finding.tool.as_str(),
                    finding.rule.as_str(),
                    finding.lint_level,
                    location.line,
                    location.column,
                )
            })
            .collect();
        assert_eq!(
            seen,
            [
                ("checkstyle", "c.AvoidStarImportCheck", Some(LintLevel::Warning), Some(3), Some(17)),
                ("checkstyle", "c.UnusedImportsCheck", Some(LintLevel::Error), Some(4), None),
                ("checkstyle", "c.MagicNumberCheck", Some(LintLevel::Info), None, None),
                ("eslint", "no-undef", Some(LintLevel::Error), Some(2), Some(1)),
            ]
        );
    }

    #[test]
    fn an_error_given_twice_is_refused_only_from_checkstyle_which_never_writes_one() {
        let twice = |source: &str| {
            let error =
                format!(r#"<error line="3" column="1" severity="error" message="m" source="{source}"/>"#);
            format!(r#"<checkstyle><file name="A.java">{error}{error}</file></checkstyle>"#)
        };
        let refused = parse_str(Format::Checkstyle, &twice("com.puppycrawl.tools.checkstyle.checks.X"));
        assert!(refused.unwrap_err().to_string().contains("an <error> given twice"));
        assert_eq!(findings(&twice("eslint.rules.no-undef")).items.len(), 2);
    }

    #[test]
    fn exception_is_an_error() {
        let found = findings(
            "<checkstyle><file name=\"Bad.java\"><exception><![CDATA[\nParseException: unexpected token\n]]></exception></file></checkstyle>",
        );
        let exception = &found.items[0];
        assert_eq!((exception.rule.as_str(), exception.lint_level), ("exception", Some(LintLevel::Error)));
        assert_eq!(exception.location.as_ref().unwrap().path, "Bad.java");
        assert_eq!(exception.message, "ParseException: unexpected token");
    }

    #[test]
    fn refuses_damaged_reports() {
        let error = |xml: &str| parse_str(Format::Checkstyle, xml).unwrap_err().to_string();
        let cases = [
            ("<checkstyle><file name=\"a\">", "truncated"),
            (
                "<checkstyle><error line=\"1\" severity=\"error\" message=\"m\"/></checkstyle>",
                "outside a <file>",
            ),
            (
                "<checkstyle><file name=\"a\"><error severity=\"fatal\" message=\"m\"/></file></checkstyle>",
                "a severity error, warning, info or ignore",
            ),
            ("<checkstyle><file><error/></file></checkstyle>", "missing attribute `name`"),
            (
                "<checkstyle><file name=\"a\"><error severity=\"error\" message=\"m\" source=\"r\"/></file></checkstyle>",
                "missing attribute `line`",
            ),
            (
                "<checkstyle><file name=\"a\"><error line=\"1\" severity=\"error\" message=\"m\"/></file></checkstyle>",
                "missing attribute `source`",
            ),
            (
                "<checkstyle><file name=\"a\"><error message=\"m\"/></file></checkstyle>",
                "missing attribute `severity`",
            ),
        ];
        for (xml, expected) in cases {
            let message = error(xml);
            assert!(message.contains(expected), "{xml}: {message}");
        }
    }
}

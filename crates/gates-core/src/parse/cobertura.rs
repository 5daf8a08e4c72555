//! Cobertura XML.
//!
//! Producers seen: coverage.py 5–7 (also through pytest-cov), gcovr 8, istanbul/nyc, grcov and
//! cargo-llvm-cov. The format has no formal writer spec; coverage.py's `xmlreport.py` and gcovr's
//! `cobertura.py` were read to learn it.
//!
//! The `<line>` elements are the oracle. Root, package and class rates are ignored: coverage.py
//! rounds `line-rate` to four digits, istanbul writes `1` for files without lines, and counters
//! differ in what they count. A file listed under several `<class>` elements counts each line
//! once; `<method>` elements repeat their class's lines (gcovr, istanbul) and are skipped.

use std::io::BufRead;

use quick_xml::events::{BytesStart, Event};

use super::error::{ParseError, ParseErrorKind};
use super::xml::{self, TextBuffer};
use super::{Format, number};
use crate::model::{Coverage, FileCoverage, LineCoverage, LineMerge, Report, ReportContent};

const ROOT: &str = "coverage";

/// Parses a Cobertura XML report.
pub(crate) fn parse<R: BufRead>(input: R) -> Result<Report, ParseError> {
    let mut reader = xml::reader(input);
    let mut buf = Vec::new();
    let mut parser = Parser::default();
    loop {
        let start = reader.buffer_position();
        let event = reader.read_event_into(&mut buf).map_err(|error| {
            ParseError::new(Format::Cobertura, xml::malformed(error)).at(reader.error_position())
        })?;
        let step = match event {
            Event::Empty(element) => parser.open(&element, true),
            Event::Start(element) => parser.open(&element, false),
            Event::End(element) => parser.close(element.name().as_ref()),
            Event::Text(text) if parser.in_source => {
                parser.source_text.push_text(&text);
                Ok(())
            }
            Event::GeneralRef(reference) if parser.in_source => parser.source_text.push_reference(&reference),
            Event::Comment(comment) if !parser.root_seen => {
                parser.generated_by_coverage_py |= comment.xml10_content().contains("coverage.py");
                Ok(())
            }
            Event::Eof => break,
            _ => Ok(()),
        };
        step.map_err(|kind| parser.error(kind, start))?;
        buf.clear();
    }
    parser.finish()
}

#[derive(Debug, Default)]
struct Parser {
    coverage: Coverage,
    root_seen: bool,
    root_closed: bool,
    generated_by_coverage_py: bool,
    version: Option<String>,
    in_source: bool,
    source_text: TextBuffer,
    /// Depth of open `<methods>` elements; lines inside them repeat the class's lines.
    methods_depth: u32,
    class: Option<OpenClass>,
    packages_seen: u64,
    classes_seen: u64,
}

#[derive(Debug)]
struct OpenClass {
    filename: String,
    lines: Vec<LineCoverage>,
}

impl Default for TextBuffer {
    fn default() -> Self {
        TextBuffer::new(4096)
    }
}

impl Parser {
    fn open(&mut self, element: &BytesStart<'_>, empty: bool) -> Result<(), ParseErrorKind> {
        let name = element.name();
        let name = name.as_ref();
        if !self.root_seen {
            return self.open_root(element, name, empty);
        }
        match name {
            "line" if self.methods_depth == 0 => {
                if let Some(class) = &mut self.class {
                    let line = read_line(element)?;
                    self.coverage.branches_measured |= line.branches_valid > 0;
                    class.lines.push(line);
                }
            }
            "class" => {
                self.classes_seen += 1;
                let filename = xml::owned_attribute(element, "filename")?
                    .ok_or(ParseErrorKind::MissingAttribute("filename"))?;
                self.class = Some(OpenClass { filename, lines: Vec::new() });
                if empty {
                    self.close_class();
                }
            }
            "methods" if !empty => self.methods_depth += 1,
            "package" => self.packages_seen += 1,
            "source" if !empty => self.in_source = true,
            _ => {}
        }
        Ok(())
    }

    fn open_root(&mut self, element: &BytesStart<'_>, name: &str, empty: bool) -> Result<(), ParseErrorKind> {
        if name != ROOT {
            return Err(ParseErrorKind::WrongRoot {
                expected: "a <coverage> root element",
                found: name.to_owned(),
            });
        }
        if xml::attribute(element, "clover")?.is_some() {
            return Err(ParseErrorKind::WrongRoot {
                expected: "Cobertura, not Clover (a <coverage clover=…> root)",
                found: name.to_owned(),
            });
        }
        self.root_seen = true;
        self.root_closed = empty;
        self.version = xml::owned_attribute(element, "version")?;
        Ok(())
    }

    fn close(&mut self, name: &str) -> Result<(), ParseErrorKind> {
        match name {
            "class" => self.close_class(),
            "methods" => self.methods_depth = self.methods_depth.saturating_sub(1),
            "source" => {
                self.in_source = false;
                if let Some(root) = self.source_text.take() {
                    self.coverage.source_roots.push(root.trim().to_owned());
                }
            }
            ROOT => self.root_closed = true,
            _ => {}
        }
        Ok(())
    }

    fn close_class(&mut self) {
        if let Some(class) = self.class.take() {
            let file = FileCoverage::from_lines(class.lines, LineMerge::SameRun);
            self.coverage.add_file(class.filename, file, LineMerge::SameRun);
        }
    }

    fn error(&self, kind: ParseErrorKind, offset: u64) -> ParseError {
        let mut error = ParseError::new(Format::Cobertura, kind).at(offset);
        if let Some(class) = &self.class {
            error = error.in_element(format!(
                "package[{}]/class[{}](\"{}\")/line[{}]",
                self.packages_seen,
                self.classes_seen,
                class.filename,
                class.lines.len() + 1
            ));
        }
        error
    }

    fn finish(self) -> Result<Report, ParseError> {
        if !self.root_seen {
            return Err(ParseError::new(
                Format::Cobertura,
                ParseErrorKind::WrongRoot {
                    expected: "a <coverage> root element",
                    found: "nothing".to_owned(),
                },
            ));
        }
        if !self.root_closed {
            return Err(ParseError::new(Format::Cobertura, ParseErrorKind::Truncated(ROOT.to_owned())));
        }
        let producer = match self.version {
            Some(version) if self.generated_by_coverage_py => Some(format!("coverage.py {version}")),
            Some(version) if version.chars().any(char::is_alphabetic) => Some(version),
            _ => None,
        };
        Ok(Report {
            format: Format::Cobertura,
            producer,
            notes: Vec::new(),
            content: ReportContent::Coverage(self.coverage),
        })
    }
}

/// Reads `<line number=… hits=… branch=… condition-coverage="50% (1/2)">`.
fn read_line(element: &BytesStart<'_>) -> Result<LineCoverage, ParseErrorKind> {
    let (mut number_text, mut hits_text, mut branch, mut condition) = (None, None, false, None);
    for attribute in element.attributes().with_checks(false) {
        let attribute = attribute.map_err(|error| ParseErrorKind::Xml(error.to_string()))?;
        match attribute.key.as_ref() {
            "number" => number_text = Some(attribute.value),
            "hits" => hits_text = Some(attribute.value),
            "branch" => branch = attribute.value.trim() == "true",
            "condition-coverage" => condition = Some(attribute.value),
            _ => {}
        }
    }
    let number_text = number_text.ok_or(ParseErrorKind::MissingAttribute("number"))?;
    let number = number::line_number(&number_text)
        .ok_or_else(|| ParseErrorKind::invalid("a line number (`number`)", &number_text))?;
    let hits_text = hits_text.ok_or(ParseErrorKind::MissingAttribute("hits"))?;
    let hits = number::count(&hits_text)
        .ok_or_else(|| ParseErrorKind::invalid("a whole number of hits (`hits`)", &hits_text))?;
    let hits = u32::try_from(hits).unwrap_or(u32::MAX);
    match condition {
        Some(condition) if branch => {
            let (covered, valid) = condition_coverage(&condition).ok_or_else(|| {
                ParseErrorKind::invalid("`condition-coverage` like \"50% (1/2)\"", &condition)
            })?;
            Ok(LineCoverage::with_branches(number, hits, covered, valid))
        }
        _ => Ok(LineCoverage::new(number, hits)),
    }
}

/// `"50% (1/2)"` → `(1, 2)`; counts saturate at `u16::MAX`.
fn condition_coverage(text: &str) -> Option<(u16, u16)> {
    let inner = text.split_once('(')?.1.split_once(')')?.0;
    let (covered, valid) = inner.split_once('/')?;
    let covered = number::count(covered)?;
    let valid = number::count(valid)?;
    (covered <= valid).then(|| (saturate(covered), saturate(valid)))
}

fn saturate(count: u64) -> u16 {
    u16::try_from(count).unwrap_or(u16::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_str;

    fn coverage(xml: &str) -> Coverage {
        match parse_str(Format::Cobertura, xml).unwrap().content {
            ReportContent::Coverage(coverage) => coverage,
            other => panic!("not coverage: {other:?}"),
        }
    }

    #[test]
    fn method_lines_are_not_counted_twice() {
        let xml = r#"<coverage><packages><package><classes><class filename="a.c">
            <methods><method name="f"><lines><line number="1" hits="1"/></lines></method></methods>
            <lines><line number="1" hits="1"/><line number="2" hits="0"/></lines>
        </class></classes></package></packages></coverage>"#;
        let totals = coverage(xml).totals();
        assert_eq!((totals.lines_covered, totals.lines_valid), (1, 2));
    }

    #[test]
    fn file_in_several_classes_counts_each_line_once() {
        let xml = r#"<coverage><packages><package><classes>
            <class filename="A.java"><lines><line number="1" hits="0"/><line number="2" hits="3"/></lines></class>
            <class filename="A.java"><lines><line number="1" hits="2"/><line number="5" hits="0"/></lines></class>
        </classes></package></packages></coverage>"#;
        let totals = coverage(xml).totals();
        assert_eq!((totals.lines_covered, totals.lines_valid), (2, 3));
    }

    #[test]
    fn branches_come_from_condition_coverage() {
        let xml = r#"<coverage><sources><source>/src/app</source></sources><packages><package><classes><class filename="m.py"><lines>
            <line number="1" hits="1" branch="true" condition-coverage="50% (1/2)"/>
            <line number="2" hits="0" branch="false"/>
        </lines></class></classes></package></packages></coverage>"#;
        let coverage = coverage(xml);
        let totals = coverage.totals();
        assert_eq!((totals.branches_covered, totals.branches_valid), (1, 2));
        assert!(coverage.branches_measured);
        assert_eq!(coverage.source_roots, vec!["/src/app".to_owned()]);
    }

    #[test]
    fn bad_hits_names_line_and_element() {
        let xml = "<coverage>\n<packages><package><classes><class filename=\"m.py\"><lines>\n  <line number=\"7\" hits=\"abc\"/>";
        let error = parse_str(Format::Cobertura, xml).unwrap_err().to_string();
        assert_eq!(
            error,
            "not valid Cobertura XML: line 3, column 3 (package[1]/class[1](\"m.py\")/line[1]): expected a whole number of hits (`hits`), found \"abc\""
        );
    }

    #[test]
    fn truncated_report_is_an_error() {
        let error = parse_str(Format::Cobertura, "<coverage><packages>").unwrap_err();
        assert!(matches!(error.kind, ParseErrorKind::Truncated(_)), "{error}");
    }

    #[test]
    fn wrong_root_is_an_error() {
        let error = parse_str(Format::Cobertura, "<testsuite/>").unwrap_err().to_string();
        assert_eq!(
            error,
            "not valid Cobertura XML: line 1, column 1: expected a <coverage> root element, found <testsuite>"
        );
    }
}

//! Clover XML.
//!
//! Producers seen: istanbul's `clover` reporter (jest 30.5 `--coverageReporters=clover`),
//! PHPUnit 9.6 (`--coverage-clover`, with PCOV and with Xdebug). Learned from OpenClover's
//! `clover.xsd` and its XML writer, and from those tools' own reports: a `<coverage>` root
//! holding one `<project>` (and, in OpenClover, a `<testproject>` of the test sources, which is
//! skipped), `<file>` elements directly in it or in `<package>`s, each with `<metrics>` (its own
//! totals) and `<line num type …>` elements:
//!
//! - `type="stmt"` is a statement with its `count`; `type="method"` is a method's first line with
//!   the count of its calls, which is not a statement (PHPUnit's, OpenClover's and Codecov's rule)
//!   and not counted as a line.
//! - `type="cond"` is where two producers differ. OpenClover writes one per branch point with the
//!   times it was true and false (`truecount`, `falsecount`): two branches, taken when their count
//!   is not zero, and no statement (Codecov and Sonar count `0/2`, `1/2`, `2/2` so). istanbul writes
//!   one per line that branches, in place of the statement line, with the line's `count` and in
//!   `truecount` the branches covered, in `falsecount` those not covered; its `<metrics>`
//!   count the line as a statement and `truecount + falsecount` conditionals. The file's own
//!   `<metrics>` tell which reading is meant: a `<file>` with `cond` lines is read the way that
//!   gives its `statements`, `coveredstatements`, `conditionals` and `coveredconditionals`.
//!
//! Lines: each `stmt` (and istanbul `cond`) line, its hits the largest count given for it; an
//! OpenClover `cond` adds its two branches to its line (a line holding only conditions
//! ran once if one was evaluated). A file's `<metrics>`, and the project's,
//! must equal what its lines give, else the report is refused as damaged. Paths: the `path`
//! attribute (istanbul and OpenClover write the name there, the absolute path in `path`), else
//! `name` (PHPUnit's absolute path). The file streams: memory follows one file's lines.

use std::io::BufRead;

use super::error::{ParseError, ParseErrorKind};
use super::xml;
use super::{Format, number};
use crate::model::{Coverage, FileCoverage, LineCoverage, LineMerge, Report, ReportContent};

const ROOT: &str = "coverage";

/// Parses a Clover XML report.
pub(crate) fn parse<R: BufRead>(input: R) -> Result<Report, ParseError> {
    let mut lexer = xml::Lexer::new(input);
    let mut parser = Parser::default();
    let mut document = xml::Document::new(&[ROOT], "a Clover <coverage> root element");
    loop {
        let (offset, token) = lexer.next_token().map_err(|error| parser.error(error.kind, error.offset))?;
        document.check(&token).map_err(|kind| parser.error(kind, offset))?;
        let step = match token {
            xml::Token::Open(element) => parser.open(&element, element.is_empty()),
            xml::Token::Close(_) => parser.close(),
            xml::Token::Text(text) if parser.holds_only_elements() && !xml::is_white_space(text) => {
                Err(ParseErrorKind::Xml("text inside an element that holds only elements".to_owned()))
            }
            xml::Token::CData(_) if parser.holds_only_elements() => {
                Err(ParseErrorKind::Xml("CDATA inside an element that holds only elements".to_owned()))
            }
            xml::Token::End => break,
            _ => Ok(()),
        };
        step.map_err(|kind| parser.error(kind, offset))?;
    }
    parser.finish()
}

/// What an open element is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Open {
    Root,
    Project,
    /// OpenClover's `<testproject>` and everything in it: the tests' own coverage, skipped.
    Skipped,
    Package,
    File,
    Other,
}

/// A `<metrics>` element's counts that the lines can be checked against.
#[derive(Debug, Default, Clone, Copy)]
struct Metrics {
    statements: Option<u64>,
    covered_statements: Option<u64>,
    conditionals: Option<u64>,
    covered_conditionals: Option<u64>,
}

impl Metrics {
    fn read(element: &xml::Tag<'_>) -> Result<Self, ParseErrorKind> {
        let count = |name: &'static str| -> Result<Option<u64>, ParseErrorKind> {
            match element.attribute(name) {
                None => Ok(None),
                Some(text) => number::count(text)
                    .map(Some)
                    .ok_or_else(|| ParseErrorKind::invalid("a whole number in <metrics>", text)),
            }
        };
        Ok(Self {
            statements: count("statements")?,
            covered_statements: count("coveredstatements")?,
            conditionals: count("conditionals")?,
            covered_conditionals: count("coveredconditionals")?,
        })
    }

    /// Whether these metrics count what the lines count, read as `reading` says. istanbul's may
    /// count more conditionals than its lines carry (see [`Unplaced`]); the statements, and
    /// OpenClover's conditionals, must be equal.
    fn agrees(&self, counts: &Counts, reading: CondReading) -> bool {
        let same = |given: Option<u64>, counted: u64| given.is_none_or(|given| given == counted);
        let statements = same(self.statements, counts.statements)
            && same(self.covered_statements, counts.covered_statements);
        statements
            && match reading {
                CondReading::BranchPoint => {
                    same(self.conditionals, counts.conditionals)
                        && same(self.covered_conditionals, counts.covered_conditionals)
                }
                CondReading::LineSummary => self.unplaced(counts).is_some(),
            }
    }

    /// The conditionals (and of them covered) these metrics count beyond the lines', if the
    /// lines count no more than these metrics do.
    fn unplaced(&self, counts: &Counts) -> Option<(u64, u64)> {
        let total = self.conditionals.unwrap_or(counts.conditionals).checked_sub(counts.conditionals)?;
        let covered = self
            .covered_conditionals
            .unwrap_or(counts.covered_conditionals)
            .checked_sub(counts.covered_conditionals)?;
        (covered <= total).then_some((total, covered))
    }

    /// The counts given, as [`Counts::describe`] words them.
    fn describe(&self) -> String {
        let part = |total: Option<u64>, covered: Option<u64>, what: &str| match (total, covered) {
            (Some(total), Some(covered)) => Some(format!("{total} {what} ({covered} covered)")),
            (Some(total), None) => Some(format!("{total} {what}")),
            (None, Some(covered)) => Some(format!("{covered} covered {what}")),
            (None, None) => None,
        };
        let parts: Vec<String> = [
            part(self.statements, self.covered_statements, "statements"),
            part(self.conditionals, self.covered_conditionals, "conditionals"),
        ]
        .into_iter()
        .flatten()
        .collect();
        parts.join(" and ")
    }
}

/// What a file's lines count, read one way.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Counts {
    statements: u64,
    covered_statements: u64,
    conditionals: u64,
    covered_conditionals: u64,
}

impl Counts {
    fn plus(self, other: Counts) -> Counts {
        Counts {
            statements: self.statements + other.statements,
            covered_statements: self.covered_statements + other.covered_statements,
            conditionals: self.conditionals + other.conditionals,
            covered_conditionals: self.covered_conditionals + other.covered_conditionals,
        }
    }

    fn describe(&self) -> String {
        format!(
            "{} statements ({} covered) and {} conditionals ({} covered)",
            self.statements, self.covered_statements, self.conditionals, self.covered_conditionals
        )
    }
}

/// How a file's `cond` lines are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CondReading {
    /// istanbul: the line itself, with its branches covered and not covered.
    LineSummary,
    /// OpenClover: a branch point with the times it was true and false.
    BranchPoint,
}

/// One `stmt` or `cond` line as written.
#[derive(Debug, Clone, Copy)]
struct Element {
    number: u32,
    /// `None` for an OpenClover `cond`, which has no `count`.
    count: Option<u64>,
    cond: Option<(u64, u64)>,
}

#[derive(Debug)]
struct OpenFile {
    path: String,
    elements: Vec<Element>,
    lines_seen: u64,
    metrics: Option<Metrics>,
}

#[derive(Debug, Default)]
struct Parser {
    root_seen: bool,
    root_closed: bool,
    project_seen: bool,
    open: Vec<Open>,
    file: Option<OpenFile>,
    files_seen: u64,
    project_metrics: Option<Metrics>,
    counted: Counts,
    coverage: Coverage,
    /// The line buffer, reused from file to file.
    lines: Vec<LineCoverage>,
    unplaced: Unplaced,
}

/// Conditionals istanbul's `<metrics>` count that no `<line>` carries: its clover reporter
/// writes the branches of statement lines only, so a default parameter's branch on a function's
/// first line is counted in the metrics and written nowhere. They cannot be given a line and are
/// left out, with a note.
#[derive(Debug, Default)]
struct Unplaced {
    files: u64,
    total: u64,
    covered: u64,
}

impl Parser {
    /// Every element of a Clover `<project>` holds only elements (OpenClover's skipped test
    /// project is not read). Before a project, a report of another kind is told as such at its end.
    fn holds_only_elements(&self) -> bool {
        self.project_seen && !self.open.contains(&Open::Skipped)
    }

    fn open(&mut self, element: &xml::Tag<'_>, empty: bool) -> Result<(), ParseErrorKind> {
        let name = element.name();
        let kind = if !self.root_seen {
            if name != ROOT {
                return Err(ParseErrorKind::WrongRoot {
                    expected: "a Clover <coverage> root element",
                    found: name.to_owned(),
                });
            }
            self.root_seen = true;
            Open::Root
        } else {
            match (name, self.open.last().copied().unwrap_or(Open::Other)) {
                (_, Open::Skipped) | ("testproject", Open::Root) => Open::Skipped,
                ("project", Open::Root) if self.project_seen => {
                    return Err(ParseErrorKind::Misplaced {
                        found: "a second <project>".to_owned(),
                        problem: "in <coverage>, which holds one",
                    });
                }
                ("project", Open::Root) => {
                    self.project_seen = true;
                    Open::Project
                }
                ("package", Open::Project) => Open::Package,
                ("file", Open::Project | Open::Package) => {
                    self.open_file(element)?;
                    Open::File
                }
                ("file", _) => {
                    return Err(ParseErrorKind::Misplaced {
                        found: "<file>".to_owned(),
                        problem: "outside the <project> and its <package>s",
                    });
                }
                ("line", Open::File) => {
                    self.read_line(element)?;
                    Open::Other
                }
                ("line", _) => {
                    return Err(ParseErrorKind::Misplaced {
                        found: "<line>".to_owned(),
                        problem: "outside a <file> element",
                    });
                }
                ("metrics", Open::File) => {
                    let metrics = Metrics::read(element)?;
                    if let Some(file) = self.file.as_mut()
                        && file.metrics.replace(metrics).is_some()
                    {
                        return Err(second_metrics("<file>"));
                    }
                    Open::Other
                }
                ("metrics", Open::Project) => {
                    if self.project_metrics.replace(Metrics::read(element)?).is_some() {
                        return Err(second_metrics("<project>"));
                    }
                    Open::Other
                }
                _ => Open::Other,
            }
        };
        if empty {
            return self.closed(kind);
        }
        self.open.push(kind);
        Ok(())
    }

    fn close(&mut self) -> Result<(), ParseErrorKind> {
        match self.open.pop() {
            Some(kind) => self.closed(kind),
            None => Ok(()),
        }
    }

    fn closed(&mut self, kind: Open) -> Result<(), ParseErrorKind> {
        match kind {
            Open::Root => self.root_closed = true,
            Open::File => self.close_file()?,
            Open::Project => {
                let exact = CondReading::BranchPoint;
                if let Some(metrics) =
                    self.project_metrics.filter(|metrics| !metrics.agrees(&self.counted, exact))
                {
                    return Err(ParseErrorKind::Contradiction(format!(
                        "the project's <metrics> count {}, its files {}",
                        metrics.describe(),
                        self.counted.describe()
                    )));
                }
            }
            Open::Skipped | Open::Package | Open::Other => {}
        }
        Ok(())
    }

    fn open_file(&mut self, element: &xml::Tag<'_>) -> Result<(), ParseErrorKind> {
        self.files_seen += 1;
        let path = match element.owned_attribute("path") {
            Some(path) => path,
            None => element.owned_attribute("name").ok_or(ParseErrorKind::MissingAttribute("name"))?,
        };
        self.file = Some(OpenFile { path, elements: Vec::new(), lines_seen: 0, metrics: None });
        Ok(())
    }

    fn read_line(&mut self, element: &xml::Tag<'_>) -> Result<(), ParseErrorKind> {
        let Some(file) = self.file.as_mut() else { return Ok(()) };
        file.lines_seen += 1;
        let mut attributes = LineAttributes::default();
        for (name, value) in element.attributes() {
            match name {
                "num" => attributes.number = Some(value),
                "type" => attributes.kind = Some(value),
                "count" => attributes.count = Some(value),
                "truecount" => attributes.true_count = Some(value),
                "falsecount" => attributes.false_count = Some(value),
                _ => {}
            }
        }
        if let Some(element) = attributes.element()? {
            file.elements.push(element);
        }
        Ok(())
    }

    fn close_file(&mut self) -> Result<(), ParseErrorKind> {
        let Some(file) = self.file.take() else { return Ok(()) };
        let has_cond = file.elements.iter().any(|element| element.cond.is_some());
        let reading = match (&file.metrics, has_cond) {
            (_, false) => CondReading::LineSummary,
            (Some(metrics), true) => [CondReading::LineSummary, CondReading::BranchPoint]
                .into_iter()
                .find(|reading| metrics.agrees(&counts(&file.elements, *reading), *reading))
                .ok_or_else(|| {
                    ParseErrorKind::Contradiction(format!(
                        "the <metrics> of {:?} count {}, its lines {} read as istanbul writes them and {} read as OpenClover does",
                        file.path,
                        metrics.describe(),
                        counts(&file.elements, CondReading::LineSummary).describe(),
                        counts(&file.elements, CondReading::BranchPoint).describe()
                    ))
                })?,
            (None, true) => {
                return Err(ParseErrorKind::Misplaced {
                    found: format!("{:?}'s `cond` lines", file.path),
                    problem: "with no <metrics> in the <file> to tell how they count (istanbul and OpenClover differ)",
                });
            }
        };
        let mut counted = counts(&file.elements, reading);
        if let Some(metrics) = file.metrics.filter(|metrics| !metrics.agrees(&counted, reading)) {
            return Err(ParseErrorKind::Contradiction(format!(
                "the <metrics> of {:?} count {}, its lines {}",
                file.path,
                metrics.describe(),
                counted.describe()
            )));
        }
        if let Some((total, covered)) =
            file.metrics.and_then(|metrics| metrics.unplaced(&counted)).filter(|unplaced| unplaced.0 > 0)
        {
            self.unplaced.files += 1;
            self.unplaced.total += total;
            self.unplaced.covered += covered;
            // The project's metrics sum up the files' metrics, these conditionals included.
            counted.conditionals += total;
            counted.covered_conditionals += covered;
        }
        self.counted = self.counted.plus(counted);
        self.coverage.branches_measured |=
            has_cond || file.metrics.and_then(|metrics| metrics.conditionals).is_some_and(|count| count > 0);
        file_lines(&file.elements, reading, &mut self.lines);
        let lines = FileCoverage::drain_lines(&mut self.lines, LineMerge::SameRun);
        self.coverage.add_file(file.path, lines, LineMerge::SameRun);
        Ok(())
    }

    fn error(&self, kind: ParseErrorKind, offset: u64) -> ParseError {
        let error = ParseError::new(Format::Clover, kind).at(offset);
        match &self.file {
            Some(file) if file.lines_seen > 0 => error
                .in_element(format!("file[{}]({:?})/line[{}]", self.files_seen, file.path, file.lines_seen)),
            Some(file) => error.in_element(format!("file[{}]({:?})", self.files_seen, file.path)),
            None => error,
        }
    }

    fn finish(self) -> Result<Report, ParseError> {
        let kind = if !self.root_seen {
            Some(ParseErrorKind::WrongRoot {
                expected: "a Clover <coverage> root element",
                found: "nothing".to_owned(),
            })
        } else if !self.root_closed {
            Some(ParseErrorKind::Truncated(ROOT.to_owned()))
        } else if !self.project_seen {
            Some(ParseErrorKind::WrongRoot {
                expected: "a Clover <coverage> holding a <project> (this one has none: a Cobertura report? read it as \
                           cobertura)",
                found: ROOT.to_owned(),
            })
        } else {
            None
        };
        if let Some(kind) = kind {
            return Err(ParseError::new(Format::Clover, kind));
        }
        let mut notes = Vec::new();
        if self.unplaced.total > 0 {
            let totals = self.coverage.totals();
            notes.push(format!(
                "the <metrics> of {} files count {} conditionals ({} covered) that are on no <line> (istanbul writes the \
                 branches of statement lines only): gates counts the {} on lines ({} covered), the report's own figure is \
                 {} ({} covered)",
                self.unplaced.files,
                self.unplaced.total,
                self.unplaced.covered,
                totals.branches_valid,
                totals.branches_covered,
                totals.branches_valid + self.unplaced.total,
                totals.branches_covered + self.unplaced.covered,
            ));
        }
        Ok(Report {
            format: Format::Clover,
            producer: None,
            notes,
            content: ReportContent::Coverage(self.coverage),
        })
    }
}

fn second_metrics(owner: &str) -> ParseErrorKind {
    ParseErrorKind::Misplaced { found: format!("a second <metrics> in a {owner}"), problem: "which has one" }
}

/// The attributes of a `<line>` that matter, as written.
#[derive(Default)]
struct LineAttributes<'a> {
    number: Option<&'a str>,
    kind: Option<&'a str>,
    count: Option<&'a str>,
    true_count: Option<&'a str>,
    false_count: Option<&'a str>,
}

impl LineAttributes<'_> {
    /// The line as an element, or `None` for a `method` line (checked, not kept).
    fn element(&self) -> Result<Option<Element>, ParseErrorKind> {
        let number_text = self.number.ok_or(ParseErrorKind::MissingAttribute("num"))?;
        let number = number::line_number(number_text)
            .ok_or_else(|| ParseErrorKind::invalid("a line number (`num`)", number_text))?;
        let count_of = |text: Option<&str>, name: &'static str, expected: &'static str| match text {
            None => Err(ParseErrorKind::MissingAttribute(name)),
            Some(text) => number::count(text).ok_or_else(|| ParseErrorKind::invalid(expected, text)),
        };
        let count = |required: bool| match self.count {
            None if !required => Ok(None),
            text => count_of(text, "count", "a whole number of hits (`count`)").map(Some),
        };
        match self.kind.ok_or(ParseErrorKind::MissingAttribute("type"))? {
            "stmt" => Ok(Some(Element { number, count: count(true)?, cond: None })),
            "method" => count(true).map(|_| None),
            "cond" => {
                let true_count = count_of(self.true_count, "truecount", "a whole number (`truecount`)")?;
                let false_count = count_of(self.false_count, "falsecount", "a whole number (`falsecount`)")?;
                Ok(Some(Element { number, count: count(false)?, cond: Some((true_count, false_count)) }))
            }
            other => Err(ParseErrorKind::invalid("a line type `stmt`, `cond` or `method`", other)),
        }
    }
}

/// What the elements count read one way.
fn counts(elements: &[Element], reading: CondReading) -> Counts {
    let mut counts = Counts::default();
    for element in elements {
        let hit = element.count.is_some_and(|count| count > 0);
        match (element.cond, reading) {
            (None, _) | (Some(_), CondReading::LineSummary) => {
                counts.statements += 1;
                counts.covered_statements += u64::from(hit);
            }
            (Some(_), CondReading::BranchPoint) => {}
        }
        match (element.cond, reading) {
            (None, _) => {}
            (Some((covered, uncovered)), CondReading::LineSummary) => {
                counts.conditionals += covered + uncovered;
                counts.covered_conditionals += covered;
            }
            (Some((true_count, false_count)), CondReading::BranchPoint) => {
                counts.conditionals += 2;
                counts.covered_conditionals += u64::from(true_count > 0) + u64::from(false_count > 0);
            }
        }
    }
    counts
}

/// The lines of a file, sorted, each once: the largest count, the branches of its `cond`s added.
fn file_lines(elements: &[Element], reading: CondReading, lines: &mut Vec<LineCoverage>) {
    lines.clear();
    for element in elements {
        let (hits, covered, valid) = match (element.cond, reading) {
            (None, _) => (element.count.unwrap_or(0), 0, 0),
            (Some((covered, uncovered)), CondReading::LineSummary) => {
                (element.count.unwrap_or(0), covered, covered + uncovered)
            }
            (Some((true_count, false_count)), CondReading::BranchPoint) => (
                // No count of its own: a line that holds only conditions ran if one was evaluated.
                element.count.unwrap_or(u64::from(true_count > 0 || false_count > 0)),
                u64::from(true_count > 0) + u64::from(false_count > 0),
                2,
            ),
        };
        let hits = u32::try_from(hits).unwrap_or(u32::MAX);
        lines.push(LineCoverage::with_branches(element.number, hits, saturate(covered), saturate(valid)));
    }
    lines.sort_by_key(|line| line.number);
    lines.dedup_by(|later, kept| {
        if later.number != kept.number {
            return false;
        }
        let covered = kept.branches_covered.saturating_add(later.branches_covered);
        let valid = kept.branches_valid.saturating_add(later.branches_valid);
        *kept = LineCoverage::with_branches(kept.number, kept.hits.max(later.hits), covered, valid);
        true
    });
}

fn saturate(count: u64) -> u16 {
    u16::try_from(count).unwrap_or(u16::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_str;

    fn coverage(xml: &str) -> Coverage {
        match parse_str(Format::Clover, xml).unwrap_or_else(|error| panic!("{error}")).content {
            ReportContent::Coverage(coverage) => coverage,
            other => panic!("not coverage: {other:?}"),
        }
    }

    fn error(xml: &str) -> String {
        parse_str(Format::Clover, xml).unwrap_err().to_string()
    }

    fn totals(coverage: &Coverage) -> (u64, u64, u64, u64) {
        let totals = coverage.totals();
        (totals.lines_covered, totals.lines_valid, totals.branches_covered, totals.branches_valid)
    }

    #[test]
    fn istanbul_cond_lines_carry_the_branches_covered_and_not() {
        let xml = r#"<coverage generated="1" clover="3.2.0"><project timestamp="1" name="All files">
            <metrics statements="3" coveredstatements="2" conditionals="5" coveredconditionals="3"/>
            <package name="src"><file name="a.js" path="/w/src/a.js">
              <metrics statements="3" coveredstatements="2" conditionals="5" coveredconditionals="3"/>
              <line num="1" count="1" type="stmt"/>
              <line num="2" count="4" type="cond" truecount="3" falsecount="2"/>
              <line num="3" count="0" type="stmt"/>
            </file></package></project></coverage>"#;
        let coverage = coverage(xml);
        assert_eq!(totals(&coverage), (2, 3, 3, 5));
        assert!(coverage.branches_measured);
        let lines: Vec<_> = coverage.files["/w/src/a.js"].lines().collect();
        assert_eq!(lines[1], LineCoverage::with_branches(2, 4, 3, 5));
    }

    #[test]
    fn openclover_cond_lines_are_two_branches_and_no_statement() {
        let xml = r#"<coverage generated="1" clover="4.4.1"><project timestamp="1">
            <file name="A.java" path="/w/A.java">
              <metrics statements="2" coveredstatements="2" conditionals="4" coveredconditionals="3" methods="1"/>
              <line num="3" count="2" type="method" signature="f() : void" visibility="public"/>
              <line num="4" count="2" type="stmt"/>
              <line num="4" type="cond" truecount="2" falsecount="0"/>
              <line num="5" count="1" type="stmt"/>
              <line num="5" type="cond" truecount="1" falsecount="1"/>
            </file></project>
            <testproject timestamp="1"><file name="T.java" path="/w/T.java"><line num="1" count="0" type="stmt"/></file></testproject>
            </coverage>"#;
        let coverage = coverage(xml);
        assert_eq!(totals(&coverage), (2, 2, 3, 4));
        assert_eq!(coverage.files.len(), 1, "the test project is skipped");
        let lines: Vec<_> = coverage.files["/w/A.java"].lines().collect();
        assert_eq!(lines, [LineCoverage::with_branches(4, 2, 1, 2), LineCoverage::with_branches(5, 1, 2, 2)]);
    }

    #[test]
    fn phpunit_method_lines_are_not_statements() {
        let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<coverage generated="1"><project timestamp="1"><file name="/w/src/A.php">
  <class name="A" namespace="global"><metrics complexity="1" methods="1" coveredmethods="1" conditionals="0" coveredconditionals="0" statements="2" coveredstatements="1" elements="3" coveredelements="2"/></class>
  <line num="5" type="method" name="f" visibility="public" complexity="1" crap="1" count="1"/>
  <line num="7" type="stmt" count="1"/><line num="8" type="stmt" count="0"/>
  <metrics loc="10" ncloc="10" classes="1" methods="1" coveredmethods="1" conditionals="0" coveredconditionals="0" statements="2" coveredstatements="1" elements="3" coveredelements="2"/>
</file><metrics files="1" statements="2" coveredstatements="1"/></project></coverage>"#;
        let coverage = coverage(xml);
        assert_eq!(totals(&coverage), (1, 2, 0, 0));
        assert!(!coverage.branches_measured);
    }

    #[test]
    fn refuses_damaged_reports() {
        let file = |metrics: &str, lines: &str| {
            format!(
                r#"<coverage generated="1"><project><file name="a"><metrics {metrics}/>{lines}</file></project></coverage>"#
            )
        };
        let cases = [
            (file(r#"statements="2" coveredstatements="1""#, r#"<line num="1" type="stmt" count="1"/>"#), "contradicts itself"),
            (
                file(r#"statements="1" conditionals="2" coveredconditionals="2""#, r#"<line num="1" type="cond" count="1" truecount="1" falsecount="1"/>"#),
                "read as OpenClover does",
            ),
            (file("", r#"<line num="1" type="branch" count="1"/>"#), "a line type `stmt`, `cond` or `method`"),
            (file("", r#"<line num="1" type="stmt"/>"#), "missing attribute `count`"),
            (file("", r#"<line num="1" type="cond" count="1" truecount="1"/>"#), "missing attribute `falsecount`"),
            (file("", r#"<line num="x" type="stmt" count="1"/>"#), "a line number (`num`)"),
            (file("", r#"<line num="1" type="stmt" count="1" count="2"/>"#), "given twice"),
            (file(r#"statements="-1""#, ""), "a whole number in <metrics>"),
            (
                r#"<coverage generated="1"><project><file name="a"><line num="1" type="cond" truecount="1" falsecount="0"/></file></project></coverage>"#.to_owned(),
                "no <metrics>",
            ),
            (r#"<coverage generated="1"><project><file name="a">"#.to_owned(), "truncated"),
            (r#"<coverage line-rate="1"><packages/></coverage>"#.to_owned(), "has none: a Cobertura report?"),
            (r#"<coverage><project/><project/></coverage>"#.to_owned(), "a second <project>"),
            (r#"<coverage><project><metrics statements="1"/></project></coverage>"#.to_owned(), "the project's <metrics>"),
            (r#"<coverage><file name="a"/></coverage>"#.to_owned(), "outside the <project>"),
            (r#"<report/>"#.to_owned(), "expected a Clover <coverage> root"),
        ];
        for (xml, expected) in cases {
            let message = error(&xml);
            assert!(message.contains(expected), "{xml}: {message}");
        }
    }

    #[test]
    fn errors_name_the_file_and_line() {
        let message = error(
            r#"<coverage><project><file name="a.php"><line num="1" type="stmt" count="1"/><line num="2" type="stmt" count="z"/></file></project></coverage>"#,
        );
        assert!(message.contains(r#"file[1]("a.php")/line[2]"#), "{message}");
        assert!(message.contains("line 1, column"), "{message}");
    }
}

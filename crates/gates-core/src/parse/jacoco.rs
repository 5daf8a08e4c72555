//! JaCoCo XML.
//!
//! Producers seen: JaCoCo 0.8.6 (Ant), JaCoCo reports of Java and Kotlin projects (DTD 1.0 and
//! 1.1, in grcov's test data) and gcovr 8.6 (`--jacoco`). JaCoCo's `report.dtd` and its `XMLFormatter` were read to
//! learn the format, and gcovr's `formats/jacoco/write.py` for gcovr's variant. The DOCTYPE is an
//! event like any other: the DTD is never loaded.
//!
//! The `<line>` elements of each `<sourcefile>` are the oracle; the `<counter>` elements are only
//! compared with them, and a disagreement becomes a note.
//! - A file's path is its package name (slash-separated, as JaCoCo writes `org/gradle`), a `/`
//!   and the source file name: `org/gradle/Person.java`, relative to a source root. The default
//!   package (`name=""`) gives the bare file name. gcovr writes directories with dots
//!   (`src.util`), which is kept as written. Inner classes (`Person$Inner`) share their outer
//!   class's `<sourcefile>`; a path seen twice (one package in two `<group>`s) counts each line once.
//! - JaCoCo measures bytecode instructions (`mi` missed, `ci` covered) and branches (`mb`, `cb`)
//!   per line, not execution counts. A line is executable when `mi + ci > 0`; its hits are `ci`,
//!   the closest thing to a count (so "hit" means some instruction of it ran, as in JaCoCo's own
//!   LINE counter: covered lines are those with `ci > 0`). Branches: `mb + cb`, of which `cb` taken.
//! - gcovr writes `<line nr>` without `mi`/`ci` (and `mb`/`cb` only where the line branches), so
//!   the line does not say whether it ran. A taken branch (`cb > 0`) shows it did. Otherwise the
//!   source file's LINE counter decides where it can (`missed="0"`: every line ran; no more covered
//!   lines than those known to have run: no other line did); the remaining lines count as not run,
//!   with a note that points to gcovr's Cobertura or LCOV output instead.

use std::io::BufRead;

use super::error::{ParseError, ParseErrorKind};
use super::xml;
use super::{Format, number};
use crate::model::{Coverage, FileCoverage, LineCoverage, LineMerge, Report, ReportContent};

const ROOT: &str = "report";

/// Parses a JaCoCo XML report.
pub(crate) fn parse<R: BufRead + Send>(input: R) -> Result<Report, ParseError> {
    let mut parser = Parser::default();
    xml::read_document(
        input,
        Format::Jacoco,
        xml::Document::new(&[ROOT], "a <report> root element"),
        &mut parser,
    )?;
    parser.finish()
}

impl xml::Handler for Parser {
    fn on_open(&mut self, element: &xml::Tag<'_>, empty: bool, _at: u64) -> Result<(), ParseErrorKind> {
        self.open(element, empty)
    }

    fn on_close(&mut self) -> Result<(), ParseErrorKind> {
        self.close();
        Ok(())
    }

    fn error_at(&self, kind: ParseErrorKind, offset: u64) -> ParseError {
        self.error(kind, offset)
    }
}

/// The open elements that matter for what a `<line>` or `<counter>` belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    Report,
    Package,
    SourceFile,
    Other,
}

#[derive(Debug)]
struct Parser {
    coverage: Coverage,
    root_seen: bool,
    scopes: Vec<Scope>,
    package: Option<String>,
    packages_seen: u64,
    sourcefiles_seen: u64,
    sourcefile: Option<OpenSourceFile>,
    report_lines: Option<LineCounter>,
    /// `<line>` elements without `mi`/`ci` (gcovr).
    lines_without_counts: u64,
    /// Of those, lines whose counter could not settle whether they ran: (count, files, first file).
    unsettled: (u64, u64, Option<String>),
    /// `<line nr="0">` elements, which are no source line, left out: (count, first file).
    lines_numbered_zero: (u64, Option<String>),
}

impl Default for Parser {
    fn default() -> Self {
        Self {
            // JaCoCo always measures branches; gcovr writes `mb`/`cb` wherever a line branches.
            coverage: Coverage::new(true),
            root_seen: false,
            scopes: Vec::new(),
            package: None,
            packages_seen: 0,
            sourcefiles_seen: 0,
            sourcefile: None,
            report_lines: None,
            lines_without_counts: 0,
            lines_numbered_zero: (0, None),
            unsettled: (0, 0, None),
        }
    }
}

#[derive(Debug)]
struct OpenSourceFile {
    name: String,
    path: String,
    lines: Vec<LineCoverage>,
    /// Lines without `mi`/`ci` and without a taken branch: whether they ran is not known yet.
    unknown: Vec<u32>,
    elements: u64,
    counter: Option<LineCounter>,
}

/// `<counter type="LINE" missed=… covered=…>`.
#[derive(Debug, Clone, Copy)]
struct LineCounter {
    missed: u64,
    covered: u64,
}

/// One `<line nr mi ci mb cb>`; `mi`/`ci` are absent in gcovr's reports.
#[derive(Debug)]
struct LineElement {
    number: u32,
    missed: Option<u64>,
    covered: Option<u64>,
    branches_missed: u64,
    branches_covered: u64,
}

impl Parser {
    fn open(&mut self, element: &xml::Tag<'_>, empty: bool) -> Result<(), ParseErrorKind> {
        let name = element.name();
        if !self.root_seen {
            return self.open_root(empty);
        }
        let parent = self.scopes.last().copied();
        let scope = match name {
            "package" => {
                let package =
                    element.owned_attribute("name").ok_or(ParseErrorKind::MissingAttribute("name"))?;
                self.packages_seen += 1;
                self.sourcefiles_seen = 0;
                self.package = Some(package);
                Scope::Package
            }
            "sourcefile" if parent == Some(Scope::Package) => {
                let name = element.owned_attribute("name").ok_or(ParseErrorKind::MissingAttribute("name"))?;
                let path = match self.package.as_deref() {
                    Some(package) if !package.is_empty() => format!("{package}/{name}"),
                    _ => name.clone(),
                };
                self.sourcefiles_seen += 1;
                self.sourcefile = Some(OpenSourceFile {
                    name,
                    path,
                    lines: Vec::new(),
                    unknown: Vec::new(),
                    elements: 0,
                    counter: None,
                });
                Scope::SourceFile
            }
            "line" if parent == Some(Scope::SourceFile) => {
                self.add_line(element)?;
                Scope::Other
            }
            "counter" => {
                if let Some(counter) = read_line_counter(element)? {
                    match (parent, &mut self.sourcefile) {
                        (Some(Scope::Report), _) => self.report_lines = Some(counter),
                        (Some(Scope::SourceFile), Some(file)) => file.counter = Some(counter),
                        _ => {}
                    }
                }
                Scope::Other
            }
            _ => Scope::Other,
        };
        if empty {
            self.leave(scope);
        } else {
            self.scopes.push(scope);
        }
        Ok(())
    }

    fn open_root(&mut self, empty: bool) -> Result<(), ParseErrorKind> {
        self.root_seen = true;
        if !empty {
            self.scopes.push(Scope::Report);
        }
        Ok(())
    }

    fn close(&mut self) {
        if let Some(scope) = self.scopes.pop() {
            self.leave(scope);
        }
    }

    fn leave(&mut self, scope: Scope) {
        match scope {
            Scope::Report => {}
            Scope::Package => self.package = None,
            Scope::SourceFile => self.close_sourcefile(),
            Scope::Other => {}
        }
    }

    fn add_line(&mut self, element: &xml::Tag<'_>) -> Result<(), ParseErrorKind> {
        let Some(file) = &mut self.sourcefile else { return Ok(()) };
        let line = read_line(element)?;
        file.elements += 1;
        if line.number == 0 {
            let (count, first) = &mut self.lines_numbered_zero;
            *count += 1;
            first.get_or_insert_with(|| file.path.clone());
            return Ok(());
        }
        let valid = saturate(line.branches_missed.saturating_add(line.branches_covered));
        let covered = saturate(line.branches_covered);
        match (line.missed, line.covered) {
            (None, None) => {
                self.lines_without_counts += 1;
                let ran = line.branches_covered > 0;
                if !ran {
                    file.unknown.push(line.number);
                }
                file.lines.push(LineCoverage::with_branches(line.number, u32::from(ran), covered, valid));
            }
            (missed, hits) => {
                let hits = hits.unwrap_or(0);
                if missed.unwrap_or(0).saturating_add(hits) > 0 {
                    let hits = u32::try_from(hits).unwrap_or(u32::MAX);
                    file.lines.push(LineCoverage::with_branches(line.number, hits, covered, valid));
                }
            }
        }
        Ok(())
    }

    fn close_sourcefile(&mut self) {
        let Some(mut open) = self.sourcefile.take() else { return };
        let mut file = FileCoverage::from_lines(std::mem::take(&mut open.lines), LineMerge::SameRun);
        if !open.unknown.is_empty() {
            open.unknown.sort_unstable();
            open.unknown.dedup();
            let known_run = file.totals().lines_covered;
            let all_ran = open.counter.is_some_and(|counter| counter.missed == 0 && counter.covered > 0);
            let none_else_ran = open.counter.is_some_and(|counter| counter.covered <= known_run);
            if all_ran {
                let lines =
                    file.lines().map(|line| LineCoverage { hits: line.hits.max(1), ..line }).collect();
                file = FileCoverage::from_lines(lines, LineMerge::SameRun);
            } else if !none_else_ran {
                let unknown = file
                    .lines()
                    .filter(|line| line.hits == 0 && open.unknown.binary_search(&line.number).is_ok())
                    .count() as u64;
                let (lines, files, first) = &mut self.unsettled;
                *lines += unknown;
                *files += 1;
                first.get_or_insert_with(|| open.path.clone());
            }
        }
        self.coverage.add_file(open.path, file, LineMerge::SameRun);
    }

    fn error(&self, kind: ParseErrorKind, offset: u64) -> ParseError {
        let error = ParseError::new(Format::Jacoco, kind).at(offset);
        let Some(package) = &self.package else { return error };
        let mut path = format!("package[{}]({package:?})", self.packages_seen);
        if let Some(file) = &self.sourcefile {
            path.push_str(&format!(
                "/sourcefile[{}]({:?})/line[{}]",
                self.sourcefiles_seen,
                file.name,
                file.elements + 1
            ));
        }
        error.in_element(path)
    }

    fn finish(self) -> Result<Report, ParseError> {
        let mut notes = Vec::new();
        if self.lines_without_counts > 0 {
            let mut note = format!(
                "{} <line> elements carry no instruction counts (mi/ci), as gcovr writes them: a line counts \
                 as run when a branch on it was taken or its source file's LINE counter shows that every line ran",
                self.lines_without_counts
            );
            let (lines, files, first) = &self.unsettled;
            if let Some(first) = first {
                note.push_str(&format!(
                    "; whether {lines} lines in {files} files ran is unknown (first: {first:?}) and they count as \
                     not run: for line coverage give gates gcovr's Cobertura (--cobertura) or LCOV (--lcov) output"
                ));
            }
            notes.push(note);
        }
        if let (count, Some(first)) = &self.lines_numbered_zero {
            notes.push(format!(
                "{count} <line nr=\"0\"> elements are not source lines and are left out (first in {first:?})"
            ));
        }
        if let Some(counter) = self.report_lines {
            let totals = self.coverage.totals();
            let total = counter.missed.saturating_add(counter.covered);
            if counter.covered != totals.lines_covered || total != totals.lines_valid {
                notes.push(format!(
                    "the report's LINE counter says {} of {total} lines covered, its <line> elements {} of {}; \
                     gates counts the <line> elements",
                    counter.covered, totals.lines_covered, totals.lines_valid
                ));
            }
        }
        Ok(Report {
            format: Format::Jacoco,
            producer: None,
            notes,
            content: ReportContent::Coverage(self.coverage),
        })
    }
}

fn read_line(element: &xml::Tag<'_>) -> Result<LineElement, ParseErrorKind> {
    let mut line =
        LineElement { number: 0, missed: None, covered: None, branches_missed: 0, branches_covered: 0 };
    let mut number = None;
    for (name, value) in element.attributes() {
        match name {
            "nr" => {
                number = Some(
                    number::line_number(value)
                        .ok_or_else(|| ParseErrorKind::invalid("a line number (`nr`)", value))?,
                );
            }
            "mi" => line.missed = Some(count(value, "a whole number of missed instructions (`mi`)")?),
            "ci" => line.covered = Some(count(value, "a whole number of covered instructions (`ci`)")?),
            "mb" => line.branches_missed = count(value, "a whole number of missed branches (`mb`)")?,
            "cb" => line.branches_covered = count(value, "a whole number of covered branches (`cb`)")?,
            _ => {}
        }
    }
    line.number = number.ok_or(ParseErrorKind::MissingAttribute("nr"))?;
    Ok(line)
}

/// The figures of a `<counter type="LINE">`; other counters are `None`.
fn read_line_counter(element: &xml::Tag<'_>) -> Result<Option<LineCounter>, ParseErrorKind> {
    if element.attribute("type") != Some("LINE") {
        return Ok(None);
    }
    let figure = |name: &'static str, expected: &'static str| -> Result<u64, ParseErrorKind> {
        let value = element.attribute(name).ok_or(ParseErrorKind::MissingAttribute(name))?;
        count(value, expected)
    };
    Ok(Some(LineCounter {
        missed: figure("missed", "a whole number of missed lines (`missed`)")?,
        covered: figure("covered", "a whole number of covered lines (`covered`)")?,
    }))
}

fn count(text: &str, expected: &'static str) -> Result<u64, ParseErrorKind> {
    number::count(text).ok_or_else(|| ParseErrorKind::invalid(expected, text))
}

fn saturate(count: u64) -> u16 {
    u16::try_from(count).unwrap_or(u16::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_str;

    fn report(xml: &str) -> (Coverage, Vec<String>) {
        let report = parse_str(Format::Jacoco, xml).unwrap_or_else(|error| panic!("{error}"));
        match report.content {
            ReportContent::Coverage(coverage) => (coverage, report.notes),
            other => panic!("not coverage: {other:?}"),
        }
    }

    fn totals(coverage: &Coverage) -> (u64, u64, u64, u64) {
        let totals = coverage.totals();
        (totals.lines_covered, totals.lines_valid, totals.branches_covered, totals.branches_valid)
    }

    const PROLOG: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
        <!DOCTYPE report PUBLIC \"-//JACOCO//DTD Report 1.1//EN\" \"report.dtd\">";

    /// Kotlin's inline functions and some generated code reach JaCoCo as line 0.
    #[test]
    fn lines_numbered_zero_are_left_out_with_a_note() {
        let xml = format!(
            "{PROLOG}<report name=\"k\"><package name=\"app\"><sourcefile name=\"Main.kt\">\
             <line nr=\"0\" mi=\"4\" ci=\"0\" mb=\"2\" cb=\"0\"/><line nr=\"3\" mi=\"0\" ci=\"2\" mb=\"0\" cb=\"0\"/>\
             <line nr=\"0\" mi=\"0\" ci=\"1\" mb=\"0\" cb=\"0\"/><line nr=\"4\" mi=\"1\" ci=\"0\" mb=\"0\" cb=\"0\"/>\
             </sourcefile></package></report>"
        );
        let (coverage, notes) = report(&xml);
        assert_eq!(totals(&coverage), (1, 2, 0, 0));
        assert_eq!(
            notes,
            ["2 <line nr=\"0\"> elements are not source lines and are left out (first in \"app/Main.kt\")"]
        );
    }

    /// Shaped like JaCoCo 0.8's own report: classes and methods carry counters only, the lines
    /// are in `<sourcefile>`, the default package is `name=""`.
    #[test]
    fn lines_come_from_sourcefiles_and_agree_with_the_line_counter() {
        let xml = format!(
            "{PROLOG}<report name=\"demo\"><sessioninfo id=\"a-1\" start=\"1\" dump=\"2\"/>\
            <package name=\"\"><class name=\"hello\"><method name=\"&lt;init&gt;\" desc=\"()V\" line=\"1\">\
            <counter type=\"LINE\" missed=\"1\" covered=\"0\"/></method></class>\
            <sourcefile name=\"hello.java\"><line nr=\"1\" mi=\"3\" ci=\"0\" mb=\"0\" cb=\"0\"/>\
            <line nr=\"3\" mi=\"0\" ci=\"7\" mb=\"1\" cb=\"2\"/><line nr=\"4\" mi=\"0\" ci=\"3\" mb=\"0\" cb=\"0\"/>\
            <line nr=\"5\" mi=\"0\" ci=\"0\" mb=\"0\" cb=\"0\"/>\
            <counter type=\"LINE\" missed=\"1\" covered=\"2\"/></sourcefile>\
            <counter type=\"LINE\" missed=\"1\" covered=\"2\"/></package>\
            <counter type=\"INSTRUCTION\" missed=\"3\" covered=\"10\"/><counter type=\"LINE\" missed=\"1\" covered=\"2\"/></report>"
        );
        let (coverage, notes) = report(&xml);
        assert_eq!(totals(&coverage), (2, 3, 2, 3));
        assert_eq!(
            coverage.files["hello.java"].lines().collect::<Vec<_>>(),
            vec![LineCoverage::new(1, 0), LineCoverage::with_branches(3, 7, 2, 3), LineCoverage::new(4, 3)]
        );
        assert!(coverage.branches_measured);
        assert!(notes.is_empty(), "{notes:?}");
    }

    #[test]
    fn inner_classes_share_the_source_file_under_the_package_path() {
        let xml = "<report name=\"q\"><package name=\"org/gradle\">\
            <class name=\"org/gradle/Person$Inner\"><counter type=\"LINE\" missed=\"1\" covered=\"0\"/></class>\
            <class name=\"org/gradle/Person\"><counter type=\"LINE\" missed=\"1\" covered=\"0\"/></class>\
            <sourcefile name=\"Person.java\"><line nr=\"5\" mi=\"3\" ci=\"0\" mb=\"0\" cb=\"0\"/>\
            <line nr=\"34\" mi=\"6\" ci=\"0\" mb=\"0\" cb=\"0\"/></sourcefile></package></report>";
        let (coverage, _) = report(xml);
        assert_eq!(coverage.files.keys().collect::<Vec<_>>(), ["org/gradle/Person.java"]);
        assert_eq!(totals(&coverage), (0, 2, 0, 0));
    }

    #[test]
    fn a_path_in_two_groups_counts_each_line_once() {
        let package = "<package name=\"a\"><sourcefile name=\"A.java\"><line nr=\"1\" mi=\"0\" ci=\"2\" mb=\"0\" cb=\"0\"/>\
            </sourcefile></package>";
        let xml = format!(
            "<report name=\"r\"><group name=\"m1\">{package}</group><group name=\"m2\">{package}</group></report>"
        );
        let (coverage, _) = report(&xml);
        assert_eq!(coverage.files["a/A.java"].lines().collect::<Vec<_>>(), vec![LineCoverage::new(1, 2)]);
    }

    /// gcovr writes `<line nr>` without instruction counts.
    #[test]
    fn gcovr_lines_ran_when_a_branch_was_taken_or_the_counter_says_all_ran() {
        let xml = "<!DOCTYPE report SYSTEM 'https://www.jacoco.org/jacoco/trunk/coverage/report.dtd'>\
            <report name=\"GCOVR report\"><package name=\"\"><sourcefile name=\"example.cpp\">\
            <line nr=\"3\"/><line nr=\"5\" mb=\"1\" cb=\"1\"/><line nr=\"7\"/>\
            <counter type=\"LINE\" missed=\"1\" covered=\"2\"/><counter type=\"BRANCH\" missed=\"1\" covered=\"1\"/></sourcefile>\
            <sourcefile name=\"all.cpp\"><line nr=\"1\"/><line nr=\"1\"/><line nr=\"2\"/>\
            <counter type=\"LINE\" missed=\"0\" covered=\"3\"/></sourcefile>\
            <sourcefile name=\"none.cpp\"><line nr=\"1\"/><line nr=\"2\" mb=\"2\" cb=\"0\"/>\
            <counter type=\"LINE\" missed=\"2\" covered=\"0\"/></sourcefile></package>\
            <counter type=\"LINE\" missed=\"3\" covered=\"5\"/></report>";
        let (coverage, notes) = report(xml);
        assert_eq!(
            coverage.files["example.cpp"].lines().nth(1).unwrap(),
            LineCoverage::with_branches(5, 1, 1, 2)
        );
        assert_eq!(totals(&coverage), (3, 7, 1, 4));
        assert_eq!(
            notes,
            [
                "8 <line> elements carry no instruction counts (mi/ci), as gcovr writes them: a line counts as run \
                 when a branch on it was taken or its source file's LINE counter shows that every line ran; whether \
                 2 lines in 1 files ran is unknown (first: \"example.cpp\") and they count as not run: for line \
                 coverage give gates gcovr's Cobertura (--cobertura) or LCOV (--lcov) output",
                "the report's LINE counter says 5 of 8 lines covered, its <line> elements 3 of 7; gates counts the \
                 <line> elements",
            ]
        );
    }

    #[test]
    fn sniffs_report_root_past_doctype() {
        let head = format!("{PROLOG}<report name=\"demo\">");
        assert_eq!(crate::parse::sniff(head.as_bytes()), Ok(Format::Jacoco));
    }
}

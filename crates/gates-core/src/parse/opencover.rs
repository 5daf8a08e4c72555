//! OpenCover XML, Coverlet's default for .NET (`dotnet test --collect:"XPlat Code Coverage"
//! -- …Format=opencover`, `coverlet … --format opencover`) and OpenCover's own.
//!
//! Learned from OpenCover's documented output and the shape of Coverlet's OpenCover reporter;
//! no .NET runs here, so the fixtures are written by hand in that shape.
//!
//! A `<CoverageSession>` holds a `<Summary>` and `<Modules>`; each `<Module>` lists its
//! `<Files>` (`<File uid fullPath>`) and its `<Classes>`, whose `<Method>`s hold
//! `<SequencePoints>` (`<SequencePoint vc sl el fileid>`: a statement, its visit count and the
//! lines it spans) and `<BranchPoints>` (`<BranchPoint vc sl path fileid>`: one way out of a
//! branching instruction).
//! - Lines: a line is executable when a sequence point starts on it (`sl`); its hits are the
//!   largest `vc` of those, so it is covered when any of them ran (Coverlet writes one sequence
//!   point per line; OpenCover's points of a statement spanning lines count on its first).
//! - Branches: each branch point is one branch of the line it starts on, taken when its `vc` is
//!   above zero; the points of one line (in every method and class, a lambda's included) add up.
//!   A line with branch points and no sequence point is executable, and covered when one of its
//!   branches was taken.
//! - A point's file is its `fileid`, else its method's `<FileRef uid>`, looked up among its
//!   module's `<File>`s; one that names no file, a missing or non-numeric `vc` or `sl`, and a line
//!   0 are refused, and so is any other element among the points (a damaged one would drop a
//!   line). Every listed file is kept, an empty one too. Paths are `fullPath` as written.
//! - The session's `<Summary>` (`numSequencePoints`, `visitedSequencePoints`, `numBranchPoints`,
//!   `visitedBranchPoints`) is compared with the points read: a disagreement is a note. The file
//!   streams; memory follows the lines kept.

use std::collections::{BTreeMap, HashMap};
use std::io::BufRead;

use super::error::{ParseError, ParseErrorKind};
use super::xml;
use super::{Format, number};
use crate::model::{Coverage, FileCoverage, LineCoverage, LineMerge, Report, ReportContent};

/// Parses an OpenCover XML report.
pub(crate) fn parse<R: BufRead + Send>(input: R) -> Result<Report, ParseError> {
    let mut parser = Parser::default();
    xml::read_document(
        input,
        Format::Opencover,
        xml::Document::new(&["CoverageSession"], "a <CoverageSession> root element"),
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

    fn takes_text(&self) -> bool {
        // Names and paths (`<ModulePath>`, `<FullName>`, `<Name>`) hold text; the rest only elements.
        matches!(self.open.last(), Some(Open::Other) | None)
    }

    fn error_at(&self, kind: ParseErrorKind, offset: u64) -> ParseError {
        self.error(kind, offset)
    }
}

/// What an open element is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Open {
    Root,
    Modules,
    Module,
    Files,
    Classes,
    Class,
    Methods,
    Method,
    SequencePoints,
    BranchPoints,
    Other,
}

/// A line's figures while the report is read.
#[derive(Debug, Clone, Copy, Default)]
struct Line {
    /// Whether a sequence point starts here (else only branch points do).
    statement: bool,
    hits: u32,
    branches_covered: u16,
    branches_valid: u16,
}

/// Points counted, to compare with the session's `<Summary>`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Points {
    sequence: u64,
    visited_sequence: u64,
    branch: u64,
    visited_branch: u64,
}

#[derive(Debug, Default)]
struct Parser {
    open: Vec<Open>,
    summary: Option<Points>,
    counted: Points,
    /// The current module's files by uid.
    module_files: HashMap<String, String>,
    /// The current method's `<FileRef uid>`.
    method_file: Option<String>,
    files: HashMap<String, BTreeMap<u32, Line>>,
    modules_seen: u64,
    methods_seen: u64,
}

impl Parser {
    fn open(&mut self, element: &xml::Tag<'_>, empty: bool) -> Result<(), ParseErrorKind> {
        let name = element.name();
        let kind = match (name, self.open.last().copied()) {
            // The document has refused any root but <CoverageSession>.
            (_, None) => Open::Root,
            ("Summary", Some(Open::Root)) => {
                self.summary = Some(read_summary(element)?);
                Open::Other
            }
            ("Modules", Some(Open::Root)) => Open::Modules,
            ("Module", Some(Open::Modules)) => {
                self.modules_seen += 1;
                self.module_files.clear();
                Open::Module
            }
            ("Files", Some(Open::Module)) => Open::Files,
            ("File", Some(Open::Files)) => {
                let uid = element.owned_attribute("uid").ok_or(ParseErrorKind::MissingAttribute("uid"))?;
                let path = element
                    .owned_attribute("fullPath")
                    .ok_or(ParseErrorKind::MissingAttribute("fullPath"))?;
                self.files.entry(path.clone()).or_default();
                if self.module_files.insert(uid.clone(), path).is_some() {
                    return Err(ParseErrorKind::invalid("a file uid listed once in its module", &uid));
                }
                Open::Other
            }
            ("Classes", Some(Open::Module)) => Open::Classes,
            ("Class", Some(Open::Classes)) => Open::Class,
            ("Methods", Some(Open::Class)) => Open::Methods,
            ("Method", Some(Open::Methods)) => {
                self.methods_seen += 1;
                self.method_file = None;
                Open::Method
            }
            ("FileRef", Some(Open::Method)) => {
                self.method_file = element.owned_attribute("uid");
                Open::Other
            }
            ("SequencePoints", Some(Open::Method)) => Open::SequencePoints,
            ("BranchPoints", Some(Open::Method)) => Open::BranchPoints,
            ("SequencePoint", Some(Open::SequencePoints)) => {
                self.point(element, false)?;
                Open::Other
            }
            ("BranchPoint", Some(Open::BranchPoints)) => {
                self.point(element, true)?;
                Open::Other
            }
            (other, Some(Open::SequencePoints | Open::BranchPoints)) => {
                return Err(ParseErrorKind::Misplaced {
                    found: format!("<{other}>"),
                    problem: "among a method's points, where OpenCover has only <SequencePoint> and <BranchPoint>",
                });
            }
            _ => Open::Other,
        };
        if empty {
            self.closed(kind);
        } else {
            self.open.push(kind);
        }
        Ok(())
    }

    /// Adds a sequence point (a statement) or a branch point to its line.
    fn point(&mut self, element: &xml::Tag<'_>, branch: bool) -> Result<(), ParseErrorKind> {
        let vc = element.attribute("vc").ok_or(ParseErrorKind::MissingAttribute("vc"))?;
        let vc = number::count(vc).ok_or_else(|| ParseErrorKind::invalid("a visit count (vc)", vc))?;
        let sl = element.attribute("sl").ok_or(ParseErrorKind::MissingAttribute("sl"))?;
        let line = number::line_number(sl)
            .filter(|line| *line > 0)
            .ok_or_else(|| ParseErrorKind::invalid("a 1-based start line (sl)", sl))?;
        let uid = match element.owned_attribute("fileid") {
            Some(uid) => uid,
            None => self.method_file.clone().ok_or(ParseErrorKind::MissingAttribute("fileid"))?,
        };
        let path = self
            .module_files
            .get(&uid)
            .ok_or_else(|| ParseErrorKind::invalid("a fileid listed among its module's <File>s", &uid))?;
        let entry = self.files.entry(path.clone()).or_default().entry(line).or_default();
        let visited = vc > 0;
        if branch {
            entry.branches_valid = entry.branches_valid.saturating_add(1);
            entry.branches_covered = entry.branches_covered.saturating_add(u16::from(visited));
            self.counted.branch += 1;
            self.counted.visited_branch += u64::from(visited);
        } else {
            entry.statement = true;
            entry.hits = entry.hits.max(u32::try_from(vc).unwrap_or(u32::MAX));
            self.counted.sequence += 1;
            self.counted.visited_sequence += u64::from(visited);
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
            Open::Method => self.method_file = None,
            _ => {}
        }
    }

    fn error(&self, kind: ParseErrorKind, offset: u64) -> ParseError {
        let error = ParseError::new(Format::Opencover, kind).at(offset);
        if self.open.contains(&Open::Method) {
            error.in_element(format!("Module[{}]/Method[{}]", self.modules_seen, self.methods_seen))
        } else if self.open.contains(&Open::Module) {
            error.in_element(format!("Module[{}]", self.modules_seen))
        } else {
            error
        }
    }

    fn finish(self) -> Result<Report, ParseError> {
        let mut notes = Vec::new();
        if let Some(summary) = self.summary
            && summary != self.counted
        {
            notes.push(format!(
                "the session's Summary counts {} sequence points ({} visited) and {} branch points ({} visited); \
                 the report lists {} ({}) and {} ({}): the points listed are counted",
                summary.sequence,
                summary.visited_sequence,
                summary.branch,
                summary.visited_branch,
                self.counted.sequence,
                self.counted.visited_sequence,
                self.counted.branch,
                self.counted.visited_branch
            ));
        }
        let mut coverage = Coverage::new(true);
        let mut lines = Vec::new();
        for (path, file) in self.files {
            lines.extend(file.into_iter().map(|(number, line)| {
                // A line with branch points but no sequence point ran when a branch was taken.
                let hits = if line.statement { line.hits } else { u32::from(line.branches_covered > 0) };
                LineCoverage::with_branches(number, hits, line.branches_covered, line.branches_valid)
            }));
            coverage.add_file(
                path,
                FileCoverage::drain_lines(&mut lines, LineMerge::SameRun),
                LineMerge::SameRun,
            );
        }
        Ok(Report {
            format: Format::Opencover,
            producer: None,
            notes,
            content: ReportContent::Coverage(coverage),
        })
    }
}

/// The counts of a `<Summary>`.
fn read_summary(element: &xml::Tag<'_>) -> Result<Points, ParseErrorKind> {
    let count = |attribute| -> Result<u64, ParseErrorKind> {
        match element.attribute(attribute) {
            Some(value) => {
                number::count(value).ok_or_else(|| ParseErrorKind::invalid("a count of points", value))
            }
            None => Ok(0),
        }
    };
    Ok(Points {
        sequence: count("numSequencePoints")?,
        visited_sequence: count("visitedSequencePoints")?,
        branch: count("numBranchPoints")?,
        visited_branch: count("visitedBranchPoints")?,
    })
}

//! Go coverprofiles (`go test -coverprofile`).
//!
//! Producers seen: Go 1.19 (Debian's golang-go) in `set`, `count` and `atomic` mode, with and
//! without `-coverpkg`. The format is the one `golang.org/x/tools/cover` reads (its `profile.go`
//! was read): a `mode: set|count|atomic` line, then one block per line,
//! `<import path>/<file>.go:<start line>.<column>,<end line>.<column> <statements> <count>`.
//!
//! - In `set` mode a count is 0 or 1; any other is an error.
//! - go's cover tool draws a file's blocks so that none overlaps another (a block ends where a
//!   nested block or function literal starts): a block that overlaps another is an error.
//! - Each test binary lists a file's blocks together and always in the same order, so a file
//!   listed again (after other files) lists its first listing's blocks again, in that order; a
//!   listing cut short or with other blocks is an error.
//! - The same block listed again (`-coverpkg`, where every test binary lists every package, or
//!   concatenated profiles) is merged as go merges it: the larger count in `set` mode, the sum in
//!   `count` and `atomic` mode; the same block with another statement count is an error, as in
//!   go. A `mode:` line repeated further down (profiles concatenated with `cat`, which go's own
//!   reader refuses) is read when it names the same mode.
//! - Lines: a line is executable when a block spans it (its first line to its last, both
//!   included) and its hits are the largest count of the blocks spanning it, so a line is covered
//!   when any block on it ran. Go itself counts statements, not lines: `go tool cover -func`
//!   weighs each block by its statements. gates' line figures are therefore not go's `total:`
//!   percentage; the statement figure go prints is given in a note, and tests hold both to the
//!   oracles in `testdata/go-cover/`.
//! - File names are import paths (`example.com/mod/pkg/file.go`); [`go_module_path`] reads the
//!   module path from `go.mod` so that they can be made repository paths
//!   ([`Report::without_go_module`](crate::model::Report::without_go_module)).

use super::lines::Lines;
use std::collections::{BTreeMap, HashMap};
use std::io::BufRead;

use super::error::{ParseError, ParseErrorKind, io_error};
use super::{Format, number};
use crate::model::{Coverage, FileCoverage, LineCoverage, LineMerge, Report, ReportContent};

/// Longest line read.
const MAX_LINE: usize = 64 * 1024;

/// Most lines one block may span; more is a damaged profile, not a Go function.
const MAX_BLOCK_LINES: u32 = 1_000_000;

/// Whether `content` is a coverprofile: its first line is `mode: ` and a mode.
pub(crate) fn sniff(content: &[u8]) -> Option<Format> {
    let content = content.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(content);
    let first = content.split(|&byte| byte == b'\n').next()?.trim_ascii();
    mode(first).map(|_| Format::GoCover)
}

/// The mode a `mode: …` line names.
fn mode(line: &[u8]) -> Option<Mode> {
    match line.strip_prefix(b"mode: ")?.trim_ascii() {
        b"set" => Some(Mode::Set),
        b"count" => Some(Mode::Count),
        b"atomic" => Some(Mode::Atomic),
        _ => None,
    }
}

/// The module path of a `go.mod` file (`module example.com/mod`), if it names one.
pub fn go_module_path(go_mod: &str) -> Option<String> {
    go_mod.lines().find_map(|line| {
        let line = line.split("//").next().unwrap_or_default().trim();
        let path = line.strip_prefix("module")?;
        if !path.starts_with([' ', '\t', '"']) {
            return None;
        }
        let path = path.trim().trim_matches(['"', '`']);
        (!path.is_empty()).then(|| path.to_owned())
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Set,
    Count,
    Atomic,
}

impl Mode {
    fn name(self) -> &'static str {
        match self {
            Mode::Set => "set",
            Mode::Count => "count",
            Mode::Atomic => "atomic",
        }
    }
}

/// A block's place: start line and column, end line and column.
type Span = (u32, u32, u32, u32);

#[derive(Debug)]
struct Block {
    statements: u64,
    count: u64,
}

#[derive(Debug, Default)]
struct Profile {
    mode: Option<Mode>,
    files: BTreeMap<String, BTreeMap<Span, Block>>,
    listings: Listings,
    line_number: usize,
    repeated_blocks: u64,
}

/// The order go lists blocks in: each test binary writes every file it covers once, all of its
/// blocks together and always in the same order. So a file listed again (`-coverpkg`, profiles
/// joined) lists again exactly the blocks of its first listing, in that order.
#[derive(Debug, Default)]
struct Listings {
    /// Each file's first listing.
    first: HashMap<String, Vec<Span>>,
    /// The file being listed, and how many blocks of its first listing a listing again has
    /// come to (`None` while it is its first listing).
    current: Option<(String, Option<usize>)>,
}

impl Listings {
    fn block(&mut self, path: &str, span: Span) -> Result<(), ParseErrorKind> {
        if self.current.as_ref().is_none_or(|(file, _)| file != path) {
            self.end()?;
            let again = if self.first.contains_key(path) {
                Some(0)
            } else {
                self.first.insert(path.to_owned(), Vec::new());
                None
            };
            self.current = Some((path.to_owned(), again));
        }
        let Some((file, again)) = &mut self.current else { return Ok(()) };
        let Some(first) = self.first.get_mut(file.as_str()) else { return Ok(()) };
        match again {
            None => first.push(span),
            Some(at) => {
                if first.get(*at) != Some(&span) {
                    return Err(listed_again(file));
                }
                *at += 1;
            }
        }
        Ok(())
    }

    /// Ends the listing of the current file: a listing again must have come to its end.
    fn end(&self) -> Result<(), ParseErrorKind> {
        match &self.current {
            Some((file, Some(at)))
                if self.first.get(file.as_str()).is_some_and(|first| first.len() != *at) =>
            {
                Err(listed_again(file))
            }
            _ => Ok(()),
        }
    }
}

fn listed_again(file: &str) -> ParseErrorKind {
    ParseErrorKind::Misplaced {
        found: format!("{file}, listed again,"),
        problem: "lists other blocks than its first listing: each test binary lists a file's blocks whole and in the same order",
    }
}

/// Parses a coverprofile line by line.
pub(crate) fn parse<R: BufRead>(input: R) -> Result<Report, ParseError> {
    let mut profile = Profile::default();
    let mut lines = Lines::new(input, MAX_LINE);
    while let Some(line) = lines.next_line().map_err(|error| io_error(Format::GoCover, error))? {
        profile.line_number = line.number;
        if line.cut {
            let kind = ParseErrorKind::UnexpectedLine {
                expected: "a coverprofile line shorter than 64 KiB",
                line: line.number,
            };
            return Err(ParseError::new(Format::GoCover, kind).at(line.start));
        }
        profile.read_line(line.bytes.trim_ascii_end(), line.start)?;
    }
    if lines.ended_mid_line() {
        return Err(ParseError::new(Format::GoCover, ParseErrorKind::CutMidLine).at(lines.offset()));
    }
    profile.finish(lines.offset())
}

impl Profile {
    fn read_line(&mut self, line: &[u8], start: u64) -> Result<(), ParseError> {
        if line.is_empty() {
            return Ok(());
        }
        if line.iter().any(|&byte| byte < 0x20 && byte != b'\t') || std::str::from_utf8(line).is_err() {
            let kind = ParseErrorKind::invalid(
                "printable UTF-8 text",
                "a control character or bytes that are not UTF-8",
            );
            return Err(self.error(kind, start));
        }
        if line.starts_with(b"mode:") {
            let Some(found) = mode(line) else {
                let kind =
                    ParseErrorKind::invalid("`mode: set`, `mode: count` or `mode: atomic`", &lossy(line));
                return Err(self.error(kind, start));
            };
            return match self.mode {
                None => {
                    self.mode = Some(found);
                    Ok(())
                }
                Some(known) if known == found => Ok(()),
                Some(_) => {
                    let kind = ParseErrorKind::Misplaced {
                        found: lossy(line),
                        problem: "after a `mode:` line naming another mode: profiles of different modes cannot be merged",
                    };
                    Err(self.error(kind, start))
                }
            };
        }
        let Some(mode) = self.mode else {
            let kind = ParseErrorKind::UnexpectedLine {
                expected: "a `mode: set|count|atomic` line first",
                line: self.line_number,
            };
            return Err(self.error(kind, start));
        };
        let Some((path, span, statements, count)) = block(line) else {
            let kind = ParseErrorKind::UnexpectedLine {
                expected: "a block `<import path>/<file>.go:<line>.<column>,<line>.<column> <statements> <count>`, ending after it starts",
                line: self.line_number,
            };
            return Err(self.error(kind, start));
        };
        if mode == Mode::Set && count > 1 {
            let kind = ParseErrorKind::UnexpectedLine {
                expected: "a count of 0 or 1, the only counts `set` mode writes",
                line: self.line_number,
            };
            return Err(self.error(kind, start));
        }
        let (first, _, last, _) = span;
        if first == 0 || last < first || last - first >= MAX_BLOCK_LINES {
            let kind = ParseErrorKind::UnexpectedLine {
                expected: "a block whose end line is not before its start line, both 1 or more, within a million lines",
                line: self.line_number,
            };
            return Err(self.error(kind, start));
        }
        self.listings.block(path, span).map_err(|kind| self.error(kind, start))?;
        let blocks = self.files.entry(path.to_owned()).or_default();
        match blocks.get_mut(&span) {
            Some(known) => {
                if known.statements != statements {
                    let kind = ParseErrorKind::UnexpectedLine {
                        expected: "a repeated block with the statement count it had before",
                        line: self.line_number,
                    };
                    return Err(ParseError::new(Format::GoCover, kind).at(start));
                }
                self.repeated_blocks += 1;
                known.count = match mode {
                    Mode::Set => known.count.max(count),
                    Mode::Count | Mode::Atomic => known.count.saturating_add(count),
                };
            }
            None => {
                if let Some(other) = overlapped(blocks, span) {
                    let (first, first_column, last, last_column) = other;
                    let kind = ParseErrorKind::invalid(
                        "blocks of a file that do not overlap, as go's cover tool draws them",
                        &format!("a block overlapping {first}.{first_column},{last}.{last_column}"),
                    );
                    return Err(self.error(kind, start));
                }
                blocks.insert(span, Block { statements, count });
            }
        }
        Ok(())
    }

    fn error(&self, kind: ParseErrorKind, offset: u64) -> ParseError {
        ParseError::new(Format::GoCover, kind).at(offset)
    }

    fn finish(self, end: u64) -> Result<Report, ParseError> {
        let Some(mode) = self.mode else {
            return Err(ParseError::new(Format::GoCover, ParseErrorKind::Empty("`mode:` line")));
        };
        self.listings.end().map_err(|kind| self.error(kind, end))?;
        let mut coverage = Coverage::new(false);
        let (mut statements, mut covered) = (0u64, 0u64);
        let mut lines = Vec::new();
        for (path, blocks) in self.files {
            let mut hits: BTreeMap<u32, u64> = BTreeMap::new();
            for (&(first, _, last, _), block) in &blocks {
                statements = statements.saturating_add(block.statements);
                if block.count > 0 {
                    covered = covered.saturating_add(block.statements);
                }
                for number in first..=last {
                    let known = hits.entry(number).or_insert(0);
                    *known = (*known).max(block.count);
                }
            }
            lines.extend(
                hits.into_iter().map(|(number, count)| {
                    LineCoverage::new(number, u32::try_from(count).unwrap_or(u32::MAX))
                }),
            );
            coverage.add_file(
                path,
                FileCoverage::drain_lines(&mut lines, LineMerge::SameRun),
                LineMerge::SameRun,
            );
        }
        let mut notes = vec![statement_note(covered, statements)];
        if self.repeated_blocks > 0 {
            let rule = if mode == Mode::Set { "the larger count kept" } else { "their counts added" };
            notes.push(format!(
                "{} repeated blocks merged ({} mode: {rule})",
                self.repeated_blocks,
                mode.name()
            ));
        }
        Ok(Report {
            format: Format::GoCover,
            producer: Some(format!("go test -covermode={}", mode.name())),
            notes,
            content: ReportContent::Coverage(coverage),
        })
    }
}

/// What `go tool cover -func` prints as `total:`, which gates' line figures are not.
fn statement_note(covered: u64, statements: u64) -> String {
    let percent = if statements == 0 { 0.0 } else { covered as f64 * 100.0 / statements as f64 };
    format!(
        "go counts statements: {covered} of {statements} covered ({percent:.1}%, `go tool cover -func`'s total); \
         gates' coverage.lines counts source lines spanned by blocks, a line covered when any block on it ran"
    )
}

/// A block of `blocks` that `span` (not among them) overlaps: its neighbour before ending after
/// `span` starts, or its neighbour after starting before `span` ends. Blocks may abut.
fn overlapped(blocks: &BTreeMap<Span, Block>, span: Span) -> Option<Span> {
    let (first, first_column, last, last_column) = span;
    let before = blocks.range(..span).next_back().map(|(other, _)| *other);
    let after = blocks.range(span..).next().map(|(other, _)| *other);
    before
        .filter(|other| (other.2, other.3) > (first, first_column))
        .or(after.filter(|other| (other.0, other.1) < (last, last_column)))
}

/// `<file>:<line>.<column>,<line>.<column> <statements> <count>`; the file name may hold colons.
fn block(line: &[u8]) -> Option<(&str, Span, u64, u64)> {
    let text = std::str::from_utf8(line).ok()?;
    let (path, rest) = text.rsplit_once(':')?;
    let mut fields = rest.split(' ');
    let (range, statements, count) = (fields.next()?, fields.next()?, fields.next()?);
    if fields.next().is_some() || !is_go_file(path) {
        return None;
    }
    let (from, to) = range.split_once(',')?;
    let position = |text: &str| -> Option<(u32, u32)> {
        let (line, column) = text.split_once('.')?;
        Some((whole(line)?, whole(column)?))
    };
    let ((first, first_column), (last, last_column)) = (position(from)?, position(to)?);
    if first_column == 0 || last_column == 0 || (first == last && last_column < first_column) {
        return None;
    }
    let statements = number::count(statements).filter(|_| is_digits(statements))?;
    let count = number::count(count).filter(|_| is_digits(count))?;
    Some((path, (first, first_column, last, last_column), statements, count))
}

/// Whether `path` is how go names a file: `<import path>/<name>.go`, with no empty segment, and
/// a name go builds (go leaves out files whose names start with `.` or `_`).
fn is_go_file(path: &str) -> bool {
    let Some((import_path, name)) = path.rsplit_once('/') else { return false };
    let builds = name.len() > ".go".len() && !name.starts_with(['.', '_']) && name.ends_with(".go");
    builds && !import_path.is_empty() && import_path.split('/').all(|segment| !segment.is_empty())
}

/// Digits only: go writes plain decimal numbers.
fn is_digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|byte| byte.is_ascii_digit())
}

fn whole(text: &str) -> Option<u32> {
    is_digits(text).then(|| text.parse().ok()).flatten()
}

fn lossy(line: &[u8]) -> String {
    String::from_utf8_lossy(line).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_str;

    fn coverage(text: &str) -> (Coverage, Vec<String>) {
        let report = parse_str(Format::GoCover, text).unwrap();
        let ReportContent::Coverage(coverage) = report.content else { panic!() };
        (coverage, report.notes)
    }

    #[test]
    fn a_line_is_covered_when_any_block_on_it_ran() {
        let (coverage, notes) = coverage("mode: set\na/b.go:3.10,4.5 2 1\na/b.go:4.5,6.2 1 0\n");
        let lines: Vec<_> = coverage.files["a/b.go"].lines().map(|line| (line.number, line.hits)).collect();
        assert_eq!(lines, [(3, 1), (4, 1), (5, 0), (6, 0)]);
        assert!(notes[0].starts_with("go counts statements: 2 of 3 covered (66.7%"), "{notes:?}");
    }

    #[test]
    fn repeated_blocks_merge_by_mode() {
        let set = "mode: set\nm/a.go:1.1,1.9 1 1\nm/a.go:1.1,1.9 1 1\n";
        assert_eq!(coverage(set).0.files["m/a.go"].lines().next().map(|line| line.hits), Some(1));
        let count = "mode: count\nm/a.go:1.1,1.9 1 2\nmode: count\nm/a.go:1.1,1.9 1 3\n";
        let (merged, notes) = coverage(count);
        assert_eq!(merged.files["m/a.go"].lines().next().map(|line| line.hits), Some(5));
        assert_eq!(notes[1], "1 repeated blocks merged (count mode: their counts added)");
    }

    #[test]
    fn reads_the_module_path_of_go_mod() {
        assert_eq!(
            go_module_path("// x\nmodule example.com/m // y\n\ngo 1.22\n").as_deref(),
            Some("example.com/m")
        );
        assert_eq!(go_module_path("module \"example.com/q\"\n").as_deref(), Some("example.com/q"));
        assert_eq!(go_module_path("modules x\n"), None);
    }

    #[test]
    fn damaged_profiles_are_refused() {
        let error = |text: &str| parse_str(Format::GoCover, text).unwrap_err().to_string();
        assert!(error("m/a.go:1.1,1.9 1 1\n").contains("`mode: set|count|atomic` line first"));
        assert!(error("mode: set\nm/a.go:1.1,1.9 1\n").contains("line 2, column 1"));
        assert!(error("mode: set\nm/a.go:5.1,4.9 1 1\n").contains("end line is not before"));
        for damaged in [
            "m/a.g:1.1,1.9 1 1",
            "a.go:1.1,1.9 1 1",
            "/.go:1.1,1.9 1 1",
            "m/.go:1.1,1.9 1 1",
            "m//a.go:1.1,1.9 1 1",
            "m/_a.go:1.1,1.9 1 1",
            "m/a.go:1.9,1.1 1 1",
            "m/a.go:1.0,2.1 1 1",
        ] {
            assert!(error(&format!("mode: set\n{damaged}\n")).contains("line 2"), "{damaged}");
        }
        assert!(error("mode: set\nm/a.go:1.1,1.9 1 1").contains("without a newline"));
        assert!(error("mode: set\nmode: count\n").contains("profiles of different modes"));
        assert!(
            error("mode: set\nm/a.go:1.1,1.9 1 1\nm/a.go:1.1,1.9 2 1\n")
                .contains("statement count it had before")
        );
        assert!(error("").contains("no `mode:` line found"));
    }
}

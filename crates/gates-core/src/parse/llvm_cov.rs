//! LLVM's coverage export (`llvm-cov export -format=text`, also cargo-llvm-cov `--json`).
//!
//! Producers seen: LLVM 14 (Debian's `llvm` and `clang`, export version 2.0.1) on a small C
//! program. Learned from LLVM's `CoverageExporterJson.cpp` and `CoverageMapping.cpp` and the
//! exports: `{"type": "llvm.coverage.json.export", "version": "2.0.1", "data": [{"files": [...],
//! "functions": [...], "totals": {...}}]}`, each file with `filename`, `segments` (`[line, column,
//! count, has count, is region entry, is gap region]`), `branches` (`[line, column, end line, end
//! column, true count, false count, file id, expanded file id, kind]`), `expansions` (macro
//! expansions, each with its `source_region` and `branches`) and `summary`.
//!
//! - Lines as `llvm-cov report` derives them (its `LineCoverageStats`): from the first segment's
//!   line to the last, a line is executable ("mapped") unless it starts a skipped region, when a
//!   region that has a count starts on it (not a gap) or the segment wrapping in from the line
//!   before has a count; its hits are the largest count of the regions starting on it and of the
//!   wrapping segment.
//! - Branches: each branch region is two branches (true and false), taken when their count is
//!   above 0, on its start line; those of a macro expansion on the line of the expansion's use.
//!   A branch on a line that is not executable is left out, with a note.
//! - Each file's `summary` is llvm's own figure: a file whose lines or branches differ from it is
//!   named in a note (llvm sums functions, which can count a line twice).
//!
//! Files are turned into lines as they are read: memory follows one file's segments.

use std::fmt;
use std::io::BufRead;

use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, SeqAccess, Visitor};

use super::Format;
use super::error::{ParseError, ParseErrorKind};
use super::json;
use crate::model::{Coverage, FileCoverage, LineCoverage, LineMerge, Report, ReportContent};

const EXPORT_TYPE: &str = "llvm.coverage.json.export";
/// The export major version read (LLVM 11 to 20 write 2.0.x).
const KNOWN_MAJOR: &str = "2";

/// Parses an `llvm-cov export -format=text` report.
pub(crate) fn parse(input: impl BufRead) -> Result<Report, ParseError> {
    let export: Export = json::from_reader(Format::LlvmCovJson, input)?;
    if export.kind != EXPORT_TYPE {
        let kind = ParseErrorKind::invalid("`type` \"llvm.coverage.json.export\"", &export.kind);
        return Err(ParseError::new(Format::LlvmCovJson, kind).in_element("type"));
    }
    let mut notes = Vec::new();
    if export.version.split('.').next() != Some(KNOWN_MAJOR) {
        notes.push(format!(
            "export version {} is not 2.x, the version gates knows; read as 2.0",
            export.version
        ));
    }
    let mut coverage = Coverage::new(true);
    let mut tally = Tally::default();
    for data in export.data {
        for file in data.files.0 {
            tally.add(&file);
            coverage.add_file(file.path, file.lines, LineMerge::SameRun);
        }
    }
    notes.extend(tally.notes());
    Ok(Report {
        format: Format::LlvmCovJson,
        producer: Some(format!("llvm-cov export {}", export.version)),
        notes,
        content: ReportContent::Coverage(coverage),
    })
}

#[derive(Deserialize)]
struct Export {
    data: Vec<Data>,
    #[serde(rename = "type")]
    kind: String,
    version: String,
}

#[derive(Deserialize)]
struct Data {
    files: Files,
    #[serde(default, rename = "functions")]
    _functions: IgnoredAny,
    #[serde(default, rename = "totals")]
    _totals: IgnoredAny,
}

/// The files of one export, each read into lines as it comes.
struct Files(Vec<ReadFile>);

struct ReadFile {
    path: String,
    lines: FileCoverage,
    /// Branches on lines that are not executable: (branches, taken).
    unplaced: (u64, u64),
    /// llvm's own `summary` lines and branches, where they differ from the lines read.
    disagreement: Option<String>,
}

#[derive(Deserialize)]
struct RawFile {
    filename: String,
    segments: Vec<Segment>,
    #[serde(default)]
    branches: Vec<Numbers>,
    #[serde(default)]
    expansions: Vec<Expansion>,
    #[serde(default)]
    summary: Option<Summary>,
}

#[derive(Deserialize)]
struct Expansion {
    source_region: Numbers,
    #[serde(default)]
    branches: Vec<Numbers>,
}

#[derive(Deserialize)]
struct Summary {
    lines: Counted,
    #[serde(default)]
    branches: Option<Counted>,
}

#[derive(Deserialize)]
struct Counted {
    count: u64,
    covered: u64,
}

/// `[line, column, count, has count, is region entry, is gap region]` (no gap flag before LLVM 11).
#[derive(Debug, Clone, Copy)]
struct Segment {
    line: u32,
    count: u64,
    has_count: bool,
    region_entry: bool,
    gap: bool,
}

impl<'de> Deserialize<'de> for Segment {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SegmentVisitor;
        impl<'de> Visitor<'de> for SegmentVisitor {
            type Value = Segment;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a segment [line, column, count, has count, is region entry, is gap region]")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Segment, A::Error> {
                let missing = |read: usize| de::Error::invalid_length(read, &self);
                let line: u32 = seq.next_element()?.ok_or_else(|| missing(0))?;
                let _column: u32 = seq.next_element()?.ok_or_else(|| missing(1))?;
                let count: u64 = seq.next_element()?.ok_or_else(|| missing(2))?;
                let has_count: bool = seq.next_element()?.ok_or_else(|| missing(3))?;
                let region_entry: bool = seq.next_element()?.ok_or_else(|| missing(4))?;
                let gap: bool = seq.next_element()?.unwrap_or(false);
                if seq.next_element::<IgnoredAny>()?.is_some() {
                    return Err(de::Error::invalid_length(7, &self));
                }
                Ok(Segment { line, count, has_count, region_entry, gap })
            }
        }
        deserializer.deserialize_seq(SegmentVisitor)
    }
}

/// A region or branch as a list of whole numbers.
struct Numbers(Vec<u64>);

impl<'de> Deserialize<'de> for Numbers {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Vec::<u64>::deserialize(deserializer).map(Numbers)
    }
}

impl Numbers {
    /// A branch's start line and its true and false counts.
    fn branch(&self) -> Result<(u64, u64, u64), String> {
        match self.0.as_slice() {
            [line, _, _, _, true_count, false_count, ..] => Ok((*line, *true_count, *false_count)),
            _ => Err(format!(
                "expected a branch [line, column, end line, end column, true count, false count, …], found {} numbers",
                self.0.len()
            )),
        }
    }
}

impl<'de> Deserialize<'de> for Files {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FilesVisitor;
        impl<'de> Visitor<'de> for FilesVisitor {
            type Value = Files;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of files")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Files, A::Error> {
                let mut files = Vec::new();
                while let Some(file) = seq.next_element::<RawFile>()? {
                    files.push(read_file(file).map_err(de::Error::custom)?);
                }
                Ok(Files(files))
            }
        }
        deserializer.deserialize_seq(FilesVisitor)
    }
}

/// One file's lines from its segments and branches, as `llvm-cov report` counts them.
fn read_file(file: RawFile) -> Result<ReadFile, String> {
    let mut lines = mapped_lines(&file.segments).map_err(|error| format!("{:?}: {error}", file.filename))?;
    let mut unplaced = (0, 0);
    let mut add = |line: u64, true_count: u64, false_count: u64| {
        let taken = u64::from(true_count > 0) + u64::from(false_count > 0);
        let found = u32::try_from(line)
            .ok()
            .and_then(|line| lines.binary_search_by_key(&line, |(number, ..)| *number).ok());
        match found.and_then(|at| lines.get_mut(at)) {
            Some((_, _, covered, valid)) => {
                *covered += taken;
                *valid += 2;
            }
            None => {
                unplaced.0 += 2;
                unplaced.1 += taken;
            }
        }
    };
    for branch in &file.branches {
        let (line, true_count, false_count) =
            branch.branch().map_err(|error| format!("{:?}: {error}", file.filename))?;
        add(line, true_count, false_count);
    }
    for expansion in &file.expansions {
        let used_at = *expansion
            .source_region
            .0
            .first()
            .ok_or_else(|| format!("{:?}: an expansion's `source_region` is empty", file.filename))?;
        for branch in &expansion.branches {
            let (_, true_count, false_count) =
                branch.branch().map_err(|error| format!("{:?}: {error}", file.filename))?;
            add(used_at, true_count, false_count);
        }
    }
    let lines: Vec<LineCoverage> = lines
        .into_iter()
        .map(|(number, hits, covered, valid)| {
            let hits = u32::try_from(hits).unwrap_or(u32::MAX);
            LineCoverage::with_branches(number, hits, saturate(covered), saturate(valid))
        })
        .collect();
    let lines = FileCoverage::from_lines(lines, LineMerge::SameRun);
    let totals = lines.totals();
    let disagreement = file.summary.and_then(|summary| {
        let branches = summary.branches.map(|branches| (branches.covered, branches.count));
        let lines_agree =
            (summary.lines.covered, summary.lines.count) == (totals.lines_covered, totals.lines_valid);
        let branches_agree = branches.is_none_or(|branches| {
            branches == (totals.branches_covered + unplaced.1, totals.branches_valid + unplaced.0)
        });
        (!lines_agree || !branches_agree).then(|| {
            let mut text = format!(
                "{:?} (llvm: {} of {} lines",
                file.filename, summary.lines.covered, summary.lines.count
            );
            if let Some((covered, count)) = branches {
                text.push_str(&format!(", {covered} of {count} branches"));
            }
            text.push_str(&format!(
                "; its segments: {} of {}, {} of {})",
                totals.lines_covered, totals.lines_valid, totals.branches_covered, totals.branches_valid
            ));
            text
        })
    });
    Ok(ReadFile { path: file.filename, lines, unplaced, disagreement })
}

/// The executable lines of a file with their hits, as llvm's `LineCoverageIterator` finds them:
/// (line, hits, branches covered, branches).
fn mapped_lines(segments: &[Segment]) -> Result<Vec<(u32, u64, u64, u64)>, String> {
    let mut lines = Vec::new();
    let starts_region = |segment: &Segment| segment.has_count && segment.region_entry && !segment.gap;
    let mut wrapped: Option<Segment> = None;
    let mut rest = segments;
    while let Some(first) = rest.first() {
        let line = first.line;
        let on_line = rest.iter().take_while(|segment| segment.line == line).count();
        let (here, after) = rest.split_at(on_line);
        let skipped = here.first().is_some_and(|segment| !segment.has_count && segment.region_entry);
        let wrapped_count = wrapped.filter(|segment| segment.has_count).map(|segment| segment.count);
        let region_count =
            here.iter().filter(|segment| starts_region(segment)).map(|segment| segment.count).max();
        if !skipped && (wrapped_count.is_some() || region_count.is_some()) {
            let hits = wrapped.map_or(0, |segment| segment.count).max(region_count.unwrap_or(0));
            lines.push((line, hits, 0, 0));
        }
        wrapped = here.last().copied();
        rest = after;
        let Some(next) = rest.first() else { break };
        if next.line <= line {
            return Err(format!("segments out of order: line {} after line {line}", next.line));
        }
        // The lines up to the next segment have none of their own: the last segment wraps them.
        if let Some(segment) = wrapped.filter(|segment| segment.has_count) {
            if next.line - line > MAX_WRAPPED_LINES {
                return Err(format!(
                    "a region from line {line} to line {} spans more lines than a file has",
                    next.line
                ));
            }
            lines.extend((line + 1..next.line).map(|number| (number, segment.count, 0, 0)));
        }
    }
    Ok(lines)
}

/// Most lines one region may wrap; more is a damaged export, not source code.
const MAX_WRAPPED_LINES: u32 = 1_000_000;

/// What the files' notes add up to.
#[derive(Default)]
struct Tally {
    unplaced_files: u64,
    unplaced: (u64, u64),
    disagreements: Vec<String>,
}

impl Tally {
    fn add(&mut self, file: &ReadFile) {
        if file.unplaced.0 > 0 {
            self.unplaced_files += 1;
            self.unplaced.0 += file.unplaced.0;
            self.unplaced.1 += file.unplaced.1;
        }
        if let Some(disagreement) = &file.disagreement {
            self.disagreements.push(disagreement.clone());
        }
    }

    fn notes(self) -> Vec<String> {
        let mut notes = Vec::new();
        if self.unplaced.0 > 0 {
            notes.push(format!(
                "{} branches ({} taken) of {} files are on lines that are not executable and are left out",
                self.unplaced.0, self.unplaced.1, self.unplaced_files
            ));
        }
        if let Some(first) = self.disagreements.first() {
            notes.push(format!(
                "{} files' own summary differs from what their segments give (first: {first}); gates counts the segments",
                self.disagreements.len()
            ));
        }
        notes
    }
}

fn saturate(count: u64) -> u16 {
    u16::try_from(count).unwrap_or(u16::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_str;

    fn report(json: &str) -> (Coverage, Report) {
        let report = parse_str(Format::LlvmCovJson, json).unwrap_or_else(|error| panic!("{error}"));
        match &report.content {
            ReportContent::Coverage(coverage) => (coverage.clone(), report),
            other => panic!("not coverage: {other:?}"),
        }
    }

    /// `if (x) { a(); }` over lines 1–4, a gap on line 5, a skipped region on line 6, line 8 uncovered.
    const EXPORT: &str = r#"{"data": [{"files": [{"filename": "/w/a.c",
        "segments": [[1, 12, 3, true, true, false], [2, 7, 3, true, true, false], [2, 10, 1, true, true, false],
                     [3, 6, 1, true, false, false], [4, 2, 3, true, false, true], [5, 1, 0, true, false, true],
                     [6, 1, 0, false, true, false], [6, 9, 0, false, false, false], [8, 3, 0, true, true, false],
                     [8, 9, 0, false, false, false]],
        "branches": [[2, 7, 2, 9, 1, 2, 0, 0, 4]],
        "expansions": [{"source_region": [8, 3, 8, 8, 0, 0, 1, 1], "branches": [[20, 1, 20, 5, 0, 0, 1, 0, 4]],
                        "filenames": ["/w/a.c", "/w/a.c"], "target_regions": []}],
        "summary": {"lines": {"count": 6, "covered": 5, "percent": 83.3}, "branches": {"count": 4, "covered": 2, "notcovered": 2, "percent": 50}}}],
        "functions": [{"name": "f"}], "totals": {}}], "type": "llvm.coverage.json.export", "version": "2.0.1"}"#;

    #[test]
    fn lines_follow_llvms_line_coverage_stats() {
        let (coverage, report) = report(EXPORT);
        let lines: Vec<_> = coverage.files["/w/a.c"].lines().collect();
        assert_eq!(
            lines,
            [
                LineCoverage::new(1, 3),
                LineCoverage::with_branches(2, 3, 2, 2),
                LineCoverage::new(3, 1),
                LineCoverage::new(4, 1),
                LineCoverage::new(5, 3),
                LineCoverage::with_branches(8, 0, 0, 2),
            ]
        );
        assert_eq!(report.notes, Vec::<String>::new());
        assert_eq!(report.producer.as_deref(), Some("llvm-cov export 2.0.1"));
    }

    #[test]
    fn a_summary_that_differs_is_noted() {
        let json = EXPORT.replace(r#""count": 6, "covered": 5"#, r#""count": 7, "covered": 5"#);
        let (_, report) = report(&json);
        assert_eq!(
            report.notes,
            [
                "1 files' own summary differs from what their segments give (first: \"/w/a.c\" (llvm: 5 of 7 lines, 2 of 4 \
              branches; its segments: 5 of 6, 2 of 4)); gates counts the segments"
            ]
        );
    }

    #[test]
    fn refuses_damaged_exports() {
        let cases = [
            (EXPORT.replace("llvm.coverage.json.export", "other"), "`type` \"llvm.coverage.json.export\""),
            (EXPORT.replace("[1, 12, 3, true, true, false]", "[1, 12, 3, true]"), "invalid length"),
            (
                EXPORT.replace("[1, 12, 3, true, true, false]", "[1, 12, -3, true, true, false]"),
                "invalid value",
            ),
            (EXPORT.replace("[2, 7, 2, 9, 1, 2, 0, 0, 4]", "[2, 7, 2]"), "expected a branch"),
            (
                EXPORT.replace(r#""filename": "/w/a.c","#, r#""filename": "/w/a.c", "filename": "/w/b.c","#),
                "twice",
            ),
            (EXPORT.replace(r#", "version": "2.0.1""#, ""), "missing field `version`"),
            (EXPORT.get(..EXPORT.len() / 2).unwrap().to_owned(), "EOF"),
            (
                EXPORT.replace("[3, 6, 1, true, false, false]", "[1, 6, 1, true, false, false]"),
                "out of order",
            ),
            (
                EXPORT.replace(
                    "[8, 9, 0, false, false, false]]",
                    "[8, 9, 1, true, false, false], [8000000, 1, 0, true, true, false]]",
                ),
                "spans more lines",
            ),
        ];
        for (json, expected) in cases {
            let message = parse_str(Format::LlvmCovJson, &json).unwrap_err().to_string();
            assert!(message.contains(expected), "{expected}: {message}");
        }
    }

    #[test]
    fn sniffs_type_data_and_version() {
        assert_eq!(crate::parse::sniff(EXPORT.as_bytes()), Ok(Format::LlvmCovJson));
    }
}

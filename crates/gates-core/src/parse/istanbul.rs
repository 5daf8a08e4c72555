//! istanbul's JSON coverage (`coverage-final.json`, the `json` reporter).
//!
//! Producers seen: jest 30.5 (`--coverageReporters=json`, istanbul-lib-coverage 3.2). Learned
//! from istanbul-lib-coverage's `file-coverage.js` and the reports: an object keyed by file path,
//! each file with `path`, `statementMap` (each statement's `start` and `end`), `s` (its count),
//! `branchMap` (each branch point's `line` or `loc.start.line`, and its `locations`), `b` (a count
//! per location), `fnMap` and `f` (functions, which gates does not read).
//!
//! - Lines as istanbul's `getLineCoverage` derives them: a line is executable when a statement
//!   starts on it, and its hits are the largest count of the statements starting there. So gates'
//!   lines equal istanbul's `lines` summary (jest's "Lines" in `text-summary`).
//! - Branches: each entry of a `b` list is one branch, taken when its count is above 0, on the
//!   line of its branch point (istanbul's `getBranchCoverageByLine`), as istanbul's `branches`
//!   summary counts them. A branch point on a line where no statement starts (a default
//!   parameter on a function's first line) has no line in the model: its branches are left out,
//!   with a note giving istanbul's own figure, as LCOV's `BRDA:` on lines without `DA:` are.
//! - A count with no statement or branch point in the maps, or a map entry with no count, is an
//!   error: istanbul's maps and counts are written together.
//!
//! Each file is turned into lines as it is read, so memory follows one file's maps.
//!
//! `coverage-summary.json` (the `json-summary` reporter) holds only each file's totals, and gates
//! computes coverage from per-line data, never from a report's own summary (patch coverage and
//! merging need the lines): it is refused with [`SUMMARY_ONLY`], which names what to give instead.

use std::collections::BTreeMap;
use std::fmt;
use std::io::BufRead;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};

use super::Format;
use super::error::ParseError;
use super::json::{self, LenientCount};
use crate::model::{Coverage, FileCoverage, LineCoverage, LineMerge, Report, ReportContent};

/// Why a `coverage-summary.json` is refused, and what to give instead.
const SUMMARY_ONLY: &str = "istanbul's coverage-summary.json (the json-summary reporter), which holds \
    only each file's totals; gates counts coverage from per-line data: add istanbul's `json` reporter \
    (coverage-final.json) or `lcov` and give that report";

/// The key istanbul's `json-summary` reporter writes first; a `coverage-final.json` is keyed by path.
const SUMMARY_TOTAL_KEY: &str = "total";

/// Parses a `coverage-final.json`.
pub(crate) fn parse(input: impl BufRead) -> Result<Report, ParseError> {
    let Read { coverage, unplaced } = json::from_reader(Format::IstanbulJson, input)?;
    let mut notes = Vec::new();
    if unplaced.branches > 0 {
        let totals = coverage.totals();
        notes.push(format!(
            "{} branches ({} taken) of {} files are on lines where no statement starts (default parameters) and are \
             left out: gates counts {} of {}, istanbul's own figure is {} of {}",
            unplaced.branches,
            unplaced.taken,
            unplaced.files,
            totals.branches_covered,
            totals.branches_valid,
            totals.branches_covered + unplaced.taken,
            totals.branches_valid + unplaced.branches,
        ));
    }
    Ok(Report {
        format: Format::IstanbulJson,
        producer: None,
        notes,
        content: ReportContent::Coverage(coverage),
    })
}

/// The whole report, read file by file.
struct Read {
    coverage: Coverage,
    unplaced: Unplaced,
}

#[derive(Default)]
struct Unplaced {
    files: u64,
    branches: u64,
    taken: u64,
}

impl<'de> Deserialize<'de> for Read {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(FilesVisitor)
    }
}

struct FilesVisitor;

impl<'de> Visitor<'de> for FilesVisitor {
    type Value = Read;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object of files keyed by path")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Read, A::Error> {
        let mut read = Read { coverage: Coverage::new(true), unplaced: Unplaced::default() };
        while let Some(key) = map.next_key::<String>()? {
            if key == SUMMARY_TOTAL_KEY {
                return Err(de::Error::custom(format!("this is {SUMMARY_ONLY}")));
            }
            let file: FileData = map.next_value()?;
            let path = file.path.clone().unwrap_or(key);
            let (lines, unplaced) = file.lines(&path).map_err(de::Error::custom)?;
            if unplaced.0 > 0 {
                read.unplaced.files += 1;
                read.unplaced.branches += unplaced.0;
                read.unplaced.taken += unplaced.1;
            }
            read.coverage.add_file(
                path,
                FileCoverage::from_lines(lines, LineMerge::SameRun),
                LineMerge::SameRun,
            );
        }
        Ok(read)
    }
}

#[derive(Deserialize)]
struct FileData {
    #[serde(default)]
    path: Option<String>,
    #[serde(rename = "statementMap")]
    statement_map: BTreeMap<String, Range>,
    s: BTreeMap<String, LenientCount>,
    #[serde(rename = "branchMap", default)]
    branch_map: BTreeMap<String, BranchPoint>,
    #[serde(default)]
    b: BTreeMap<String, Vec<LenientCount>>,
}

#[derive(Deserialize)]
struct Range {
    start: Position,
}

#[derive(Deserialize)]
struct Position {
    line: u32,
}

#[derive(Deserialize)]
struct BranchPoint {
    #[serde(default)]
    line: Option<u32>,
    #[serde(default)]
    loc: Option<Range>,
}

impl FileData {
    /// The file's lines, and the branches (and of them taken) on lines without a statement.
    fn lines(&self, path: &str) -> Result<(Vec<LineCoverage>, (u64, u64)), String> {
        let mut lines: BTreeMap<u32, (u64, u64, u64)> = BTreeMap::new();
        for (key, count) in &self.s {
            let range = self.statement_map.get(key).ok_or_else(|| {
                format!("{path:?}: `s` counts statement {key:?}, which `statementMap` does not have")
            })?;
            let hits = &mut lines.entry(range.start.line).or_default().0;
            *hits = (*hits).max(count.0);
        }
        if let Some(key) = self.statement_map.keys().find(|key| !self.s.contains_key(*key)) {
            return Err(format!("{path:?}: statement {key:?} of `statementMap` has no count in `s`"));
        }
        let mut unplaced = (0, 0);
        for (key, counts) in &self.b {
            let point = self.branch_map.get(key).ok_or_else(|| {
                format!("{path:?}: `b` counts branch point {key:?}, which `branchMap` does not have")
            })?;
            let line = point
                .line
                .or(point.loc.as_ref().map(|loc| loc.start.line))
                .ok_or_else(|| format!("{path:?}: branch point {key:?} has neither `line` nor `loc`"))?;
            let taken = counts.iter().filter(|count| count.0 > 0).count() as u64;
            match lines.get_mut(&line) {
                Some((_, covered, valid)) => {
                    *covered += taken;
                    *valid += counts.len() as u64;
                }
                None => {
                    unplaced.0 += counts.len() as u64;
                    unplaced.1 += taken;
                }
            }
        }
        if let Some(key) = self.branch_map.keys().find(|key| !self.b.contains_key(*key)) {
            return Err(format!("{path:?}: branch point {key:?} of `branchMap` has no counts in `b`"));
        }
        let lines = lines
            .into_iter()
            .map(|(number, (hits, covered, valid))| {
                let hits = u32::try_from(hits).unwrap_or(u32::MAX);
                LineCoverage::with_branches(number, hits, saturate(covered), saturate(valid))
            })
            .collect();
        Ok((lines, unplaced))
    }
}

fn saturate(count: u64) -> u16 {
    u16::try_from(count).unwrap_or(u16::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_str;

    fn report(json: &str) -> (Coverage, Vec<String>) {
        let report = parse_str(Format::IstanbulJson, json).unwrap_or_else(|error| panic!("{error}"));
        match report.content {
            ReportContent::Coverage(coverage) => (coverage, report.notes),
            other => panic!("not coverage: {other:?}"),
        }
    }

    const FILE: &str = r#"{"/w/src/a.js": {"path": "/w/src/a.js",
        "statementMap": {"0": {"start": {"line": 1, "column": 0}, "end": {"line": 1, "column": 9}},
                         "1": {"start": {"line": 3, "column": 2}, "end": {"line": 3, "column": 20}},
                         "2": {"start": {"line": 3, "column": 10}, "end": {"line": 3, "column": 19}},
                         "3": {"start": {"line": 4, "column": 2}, "end": {"line": 4, "column": 9}}},
        "fnMap": {"0": {"name": "f", "decl": {"start": {"line": 2, "column": 9}, "end": {"line": 2, "column": 10}},
                        "loc": {"start": {"line": 2, "column": 14}, "end": {"line": 5, "column": 1}}, "line": 2}},
        "branchMap": {"0": {"loc": {"start": {"line": 2, "column": 11}, "end": {"line": 2, "column": 16}},
                            "type": "default-arg", "locations": [{"start": {"line": 2, "column": 15}, "end": {"line": 2, "column": 16}}], "line": 2},
                      "1": {"loc": {"start": {"line": 3, "column": 2}, "end": {"line": 3, "column": 20}},
                            "type": "if", "locations": [{}, {}], "line": 3}},
        "s": {"0": 1, "1": 2, "2": 0, "3": 0}, "f": {"0": 2}, "b": {"0": [2], "1": [2, 0]},
        "_coverageSchema": "1a1c01bbd47fc00a2c39e90264f33305004495a9", "hash": "x"}}"#;

    #[test]
    fn lines_take_the_largest_count_of_the_statements_starting_there() {
        let (coverage, notes) = report(FILE);
        let lines: Vec<_> = coverage.files["/w/src/a.js"].lines().collect();
        assert_eq!(
            lines,
            [LineCoverage::new(1, 1), LineCoverage::with_branches(3, 2, 1, 2), LineCoverage::new(4, 0)]
        );
        assert_eq!(
            notes,
            [
                "1 branches (1 taken) of 1 files are on lines where no statement starts (default parameters) and are left \
              out: gates counts 1 of 2, istanbul's own figure is 2 of 3"
            ]
        );
    }

    #[test]
    fn maps_and_counts_must_match() {
        let error = |json: String| parse_str(Format::IstanbulJson, &json).unwrap_err().to_string();
        let cases = [
            (
                FILE.replace(r#""3": 0}, "f""#, r#""3": 0, "4": 1}, "f""#),
                "which `statementMap` does not have",
            ),
            (FILE.replace(r#""s": {"0": 1, "#, r#""s": {"#), "has no count in `s`"),
            (FILE.replace(r#""b": {"0": [2], "1": [2, 0]}"#, r#""b": {"0": [2]}"#), "has no counts in `b`"),
            (FILE.replace(r#""1": [2, 0]"#, r#""1": [2, 0], "7": [1]"#), "which `branchMap` does not have"),
            (FILE.replace(r#""3": 0}"#, r#""3": -1}"#), "expected a whole number"),
            (FILE.replace(r#""s": {"0": 1"#, r#""s": {"0": 1, "0": 2"#), "twice"),
            (
                FILE.replace(r#"{"start": {"line": 1, "column": 0}"#, r#"{"start": {"column": 0}"#),
                "missing field `line`",
            ),
            (FILE.trim_end_matches('}').to_owned(), "EOF"),
        ];
        for (json, expected) in cases {
            let message = error(json);
            assert!(message.contains(expected), "{expected}: {message}");
        }
    }

    #[test]
    fn sniffs_the_maps_of_the_first_file() {
        assert_eq!(crate::parse::sniff(FILE.as_bytes()), Ok(Format::IstanbulJson));
    }
}

//! coverage.py JSON (`coverage json`).
//!
//! Producers seen: coverage.py 7.11 and 7.17 (`meta.format` 3). Format 2 only added
//! `meta.format`, format 3 the `functions` and `classes` regions, which gates does not read; a
//! report without `meta.format` (format 1, coverage.py 5) has the same files. coverage.py's
//! `jsonreport.py` was read to learn it.
//!
//! The per-file `executed_lines`, `missing_lines`, `executed_branches` and `missing_branches` are
//! the oracle; the report's `totals` are compared with them, and a disagreement becomes a note.
//! - Lines: every executed line with 1 hit (the report has no counts), every missing line with 0.
//!   `excluded_lines` are not executable.
//! - Branches are arcs `[from, to]` (a negative `to` leaves the function, and is a branch too):
//!   a line has as many branches as arcs leave it, and those executed are taken. So the figures
//!   equal coverage.py's own: `covered_branches` and `num_branches` count the same arcs.
//! - `meta.branch_coverage` says whether branches were measured.
//! - coverage.py before 7.13.1 listed a module docstring among `executed_lines` though it is no
//!   statement (its issue 2105): such a file's lines are taken as listed, with a note, since which
//!   listed line is the docstring cannot be told from the report.

use std::collections::BTreeMap;
use std::io::BufRead;

use serde::{Deserialize, Deserializer};

use super::Format;
use super::error::ParseError;
use super::json::{self, LenientNumber};
use crate::model::{Coverage, CoverageTotals, FileCoverage, LineCoverage, LineMerge, Report, ReportContent};

/// The newest `meta.format` read.
const KNOWN_FORMAT: u64 = 3;

#[derive(Debug, Deserialize)]
struct JsonReport {
    meta: Meta,
    files: BTreeMap<String, JsonFile>,
    totals: Totals,
}

#[derive(Debug, Deserialize)]
struct Meta {
    #[serde(default)]
    format: Option<u64>,
    #[serde(default)]
    version: Option<String>,
    #[serde(default)]
    branch_coverage: bool,
}

#[derive(Debug, Deserialize)]
struct JsonFile {
    #[serde(deserialize_with = "line_numbers")]
    executed_lines: Vec<u32>,
    #[serde(deserialize_with = "line_numbers")]
    missing_lines: Vec<u32>,
    /// Present only when branches were measured.
    #[serde(default, deserialize_with = "distinct")]
    executed_branches: Vec<(i64, i64)>,
    #[serde(default, deserialize_with = "distinct")]
    missing_branches: Vec<(i64, i64)>,
    #[serde(default)]
    summary: Option<FileSummary>,
}

#[derive(Debug, Deserialize)]
struct FileSummary {
    covered_lines: u64,
}

#[derive(Debug, Deserialize)]
struct Totals {
    covered_lines: u64,
    num_statements: u64,
    /// Present only when branches were measured.
    #[serde(default)]
    covered_branches: Option<u64>,
    #[serde(default)]
    num_branches: Option<u64>,
}

fn line_numbers<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u32>, D::Error> {
    #[derive(PartialEq, Eq, PartialOrd, Ord)]
    struct Line(u32);
    impl<'de> Deserialize<'de> for Line {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            let number = LenientNumber::deserialize(deserializer)?;
            number
                .line()
                .map(Line)
                .ok_or_else(|| serde::de::Error::custom(format!("expected line numbers, found {}", number.0)))
        }
    }
    let lines: Vec<Line> = distinct(deserializer)?;
    Ok(lines.into_iter().map(|Line(number)| number).collect())
}

/// A list read as its distinct items, sorted: a list repeating one item (`[1, 1, 1, …]`) keeps
/// one, so memory follows the distinct items, not the bytes read.
fn distinct<'de, D: Deserializer<'de>, T: Deserialize<'de> + Ord>(
    deserializer: D,
) -> Result<Vec<T>, D::Error> {
    struct Distinct<T>(std::marker::PhantomData<T>);
    impl<'de, T: Deserialize<'de> + Ord> serde::de::Visitor<'de> for Distinct<T> {
        type Value = Vec<T>;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a list")
        }

        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
            // Repeats are dropped whenever the list doubles past this, so a list of one line
            // repeated stays small; most lists are shorter and never sorted twice.
            const FIRST_DEDUP: usize = 1024;
            let (mut items, mut next_dedup) = (Vec::new(), FIRST_DEDUP);
            while let Some(item) = seq.next_element()? {
                if items.len() == next_dedup {
                    items.sort_unstable();
                    items.dedup();
                    next_dedup = (items.len() * 2).max(FIRST_DEDUP);
                }
                items.push(item);
            }
            items.sort_unstable();
            items.dedup();
            items.shrink_to_fit();
            Ok(items)
        }
    }
    deserializer.deserialize_seq(Distinct(std::marker::PhantomData))
}

/// Parses a coverage.py JSON report.
pub(crate) fn parse(input: impl BufRead) -> Result<Report, ParseError> {
    let report: JsonReport = json::from_reader(Format::CoveragepyJson, input)?;
    let mut notes = Vec::new();
    if let Some(format) = report.meta.format.filter(|format| *format > KNOWN_FORMAT) {
        notes.push(format!("meta.format {format} is newer than {KNOWN_FORMAT}, the newest gates knows; read as {KNOWN_FORMAT}"));
    }
    let mut coverage = Coverage::new(report.meta.branch_coverage);
    let mut stray_arcs = (0u64, None);
    let mut listed_beyond_summary = (0u64, None);
    for (path, file) in report.files {
        if file
            .summary
            .as_ref()
            .is_some_and(|summary| file.executed_lines.len() as u64 > summary.covered_lines)
        {
            listed_beyond_summary.0 += 1;
            listed_beyond_summary.1.get_or_insert_with(|| path.clone());
        }
        let lines = file_lines(&file, &path, &mut stray_arcs);
        coverage.add_file(path, FileCoverage::from_lines(lines, LineMerge::SameRun), LineMerge::SameRun);
    }
    if let (count, Some(first)) = stray_arcs {
        notes.push(format!(
            "{count} branch arcs leave lines that are neither executed nor missing and are left out (first: {first})"
        ));
    }
    if let Some(note) = compare_totals(&report.totals, &coverage.totals(), report.meta.branch_coverage) {
        notes.push(note);
    }
    if let (count, Some(first)) = listed_beyond_summary {
        notes.push(format!(
            "in {count} files (first: {first:?}) executed_lines lists more lines than the file's summary counts as \
             covered: coverage.py before 7.13.1 listed executed lines that are no statements, such as a module \
             docstring (its issue 2105), so gates' figures are higher than coverage.py's"
        ));
    }
    Ok(Report {
        format: Format::CoveragepyJson,
        producer: report.meta.version.map(|version| format!("coverage.py {version}")),
        notes,
        content: ReportContent::Coverage(coverage),
    })
}

/// The lines of one file, each with the arcs that leave it.
fn file_lines(file: &JsonFile, path: &str, stray_arcs: &mut (u64, Option<String>)) -> Vec<LineCoverage> {
    let mut lines: BTreeMap<u32, (u32, u64, u64)> = BTreeMap::new();
    for &number in &file.missing_lines {
        lines.insert(number, (0, 0, 0));
    }
    for &number in &file.executed_lines {
        lines.insert(number, (1, 0, 0));
    }
    let arcs = file.executed_branches.iter().map(|arc| (arc, true));
    for (&(from, to), taken) in arcs.chain(file.missing_branches.iter().map(|arc| (arc, false))) {
        match u32::try_from(from).ok().and_then(|from| lines.get_mut(&from)) {
            Some((_, covered, valid)) => {
                *valid += 1;
                *covered += u64::from(taken);
            }
            None => {
                stray_arcs.0 += 1;
                stray_arcs.1.get_or_insert_with(|| format!("{path:?} [{from}, {to}]"));
            }
        }
    }
    lines
        .into_iter()
        .map(|(number, (hits, covered, valid))| match valid {
            0 => LineCoverage::new(number, hits),
            _ => LineCoverage::with_branches(number, hits, saturate(covered), saturate(valid)),
        })
        .collect()
}

fn compare_totals(totals: &Totals, ours: &CoverageTotals, branches_measured: bool) -> Option<String> {
    let lines_agree = (totals.covered_lines, totals.num_statements) == (ours.lines_covered, ours.lines_valid);
    let branches_agree = totals.covered_branches.is_none_or(|covered| covered == ours.branches_covered)
        && totals.num_branches.is_none_or(|valid| valid == ours.branches_valid);
    if lines_agree && branches_agree {
        return None;
    }
    let mut note =
        format!("the report's totals say {} of {} statements", totals.covered_lines, totals.num_statements);
    if let (Some(covered), Some(valid)) = (totals.covered_branches, totals.num_branches) {
        note.push_str(&format!(" and {covered} of {valid} branches"));
    }
    note.push_str(&format!(", its files {} of {}", ours.lines_covered, ours.lines_valid));
    if branches_measured {
        note.push_str(&format!(" and {} of {}", ours.branches_covered, ours.branches_valid));
    }
    note.push_str("; gates counts the files");
    Some(note)
}

fn saturate(count: u64) -> u16 {
    u16::try_from(count).unwrap_or(u16::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_str;

    fn coverage(json: &str) -> (Coverage, Report) {
        let report = parse_str(Format::CoveragepyJson, json).unwrap_or_else(|error| panic!("{error}"));
        match &report.content {
            ReportContent::Coverage(coverage) => (coverage.clone(), report),
            other => panic!("not coverage: {other:?}"),
        }
    }

    fn totals(coverage: &Coverage) -> (u64, u64, u64, u64) {
        let totals = coverage.totals();
        (totals.lines_covered, totals.lines_valid, totals.branches_covered, totals.branches_valid)
    }

    /// Shaped like `coverage json` 7.17 with branches (functions and classes regions cut).
    const BRANCH: &str = r#"{"meta": {"format": 3, "version": "7.17.3", "timestamp": "2026-11-22T17:42:59.071109",
        "branch_coverage": true, "show_contexts": false},
      "files": {
        "demo/__init__.py": {"executed_lines": [], "summary": {"covered_lines": 0, "num_statements": 0},
          "missing_lines": [], "excluded_lines": [], "executed_branches": [], "missing_branches": [],
          "functions": {}, "classes": {}},
        "demo/calc.py": {"executed_lines": [4, 5, 6, 7, 8], "summary": {"covered_lines": 5, "num_statements": 7,
            "num_branches": 5, "covered_branches": 3},
          "missing_lines": [9, 12], "excluded_lines": [10],
          "executed_branches": [[5, 6], [5, 7], [7, 8]], "missing_branches": [[7, -4], [12, 13]],
          "functions": {"classify": {"executed_lines": [5], "summary": {}, "missing_lines": [], "excluded_lines": [], "start_line": 4}}}},
      "totals": {"covered_lines": 5, "num_statements": 7, "percent_covered": 66.66, "percent_covered_display": "67",
        "missing_lines": 2, "excluded_lines": 1, "num_branches": 5, "num_partial_branches": 1, "covered_branches": 3,
        "missing_branches": 2}}"#;

    #[test]
    fn arcs_from_a_line_are_its_branches_and_totals_agree() {
        let (coverage, report) = coverage(BRANCH);
        assert_eq!(totals(&coverage), (5, 7, 3, 5));
        assert!(coverage.branches_measured);
        let lines: Vec<_> = coverage.files["demo/calc.py"].lines().collect();
        // An arc to a negative line leaves the function: still a branch of line 7.
        assert_eq!(lines[1], LineCoverage::with_branches(5, 1, 2, 2));
        assert_eq!(lines[3], LineCoverage::with_branches(7, 1, 1, 2));
        assert_eq!(lines[6], LineCoverage::with_branches(12, 0, 0, 1));
        assert!(coverage.files["demo/__init__.py"].is_empty());
        assert_eq!(report.producer.as_deref(), Some("coverage.py 7.17.3"));
        assert!(report.notes.is_empty(), "{:?}", report.notes);
    }

    #[test]
    fn without_branch_coverage_no_branches_are_measured() {
        let json = r#"{"meta": {"format": 2, "version": "7.4.0", "branch_coverage": false},
            "files": {"m.py": {"executed_lines": [1, 2], "missing_lines": [3], "excluded_lines": [],
              "summary": {"covered_lines": 2, "num_statements": 3}}},
            "totals": {"covered_lines": 2, "num_statements": 3}}"#;
        let (coverage, report) = coverage(json);
        assert_eq!(totals(&coverage), (2, 3, 0, 0));
        assert!(!coverage.branches_measured);
        assert!(report.notes.is_empty(), "{:?}", report.notes);
    }

    #[test]
    fn totals_that_disagree_with_the_files_are_noted() {
        let json = BRANCH.replace(r#""covered_branches": 3,"#, r#""covered_branches": 4,"#);
        let (_, report) = coverage(&json);
        assert_eq!(
            report.notes,
            [
                "the report's totals say 5 of 7 statements and 4 of 5 branches, its files 5 of 7 and 3 of 5; gates counts the files"
            ]
        );
    }

    /// coverage.py 7.11 listed a module docstring among the executed lines but not in the summary.
    #[test]
    fn docstring_listed_as_executed_is_noted() {
        let json = r#"{"meta": {"format": 3, "version": "7.11.0", "branch_coverage": false},
            "files": {"actions/__init__.py": {"executed_lines": [1, 23, 26], "missing_lines": [30],
              "excluded_lines": [], "summary": {"covered_lines": 2, "num_statements": 3}}},
            "totals": {"covered_lines": 2, "num_statements": 3}}"#;
        let (coverage, report) = coverage(json);
        assert_eq!(totals(&coverage), (3, 4, 0, 0));
        assert_eq!(
            report.notes,
            [
                "the report's totals say 2 of 3 statements, its files 3 of 4; gates counts the files",
                "in 1 files (first: \"actions/__init__.py\") executed_lines lists more lines than the file's summary \
                 counts as covered: coverage.py before 7.13.1 listed executed lines that are no statements, such as a \
                 module docstring (its issue 2105), so gates' figures are higher than coverage.py's",
            ]
        );
    }

    #[test]
    fn sniffs_meta_files_totals() {
        assert_eq!(crate::parse::sniff(BRANCH.as_bytes()), Ok(Format::CoveragepyJson));
    }
}

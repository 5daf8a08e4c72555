//! Line and branch coverage, whatever tool measured it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::packed_lines::{Lines, PackedLines};

/// Coverage of a whole project: one entry per source file, keyed by the path the report gave.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Coverage {
    /// Files by path as the report writes them; [`Coverage::source_roots`] says what they are relative to.
    pub files: BTreeMap<String, FileCoverage>,
    /// Whether the producer measured branches; without it, zero branches means "not measured".
    pub branches_measured: bool,
    /// Source roots the report names (Cobertura `<source>`), which its file paths are relative to.
    pub source_roots: Vec<String>,
}

/// The executable lines of one file, sorted by line number, each listed once, and their totals.
///
/// The lines are kept packed (most take 1 to 3 bytes); read them with [`FileCoverage::lines`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "FileLines", from = "FileLines")]
pub struct FileCoverage {
    lines: PackedLines,
    totals: CoverageTotals,
}

/// How a file is written by serde: its lines in full.
#[derive(Serialize, Deserialize)]
struct FileLines {
    lines: Vec<LineCoverage>,
}

impl From<FileLines> for FileCoverage {
    fn from(file: FileLines) -> Self {
        FileCoverage::from_lines(file.lines, LineMerge::SameRun)
    }
}

impl From<FileCoverage> for FileLines {
    fn from(file: FileCoverage) -> Self {
        FileLines { lines: file.lines().collect() }
    }
}

/// One executable line: how often it ran and, where it branches, how many branches were taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LineCoverage {
    /// 1-based line number.
    pub number: u32,
    /// Execution count, saturating at `u32::MAX`.
    pub hits: u32,
    /// Branches leaving this line that were taken (0 when the line does not branch).
    pub branches_covered: u16,
    /// Branches leaving this line (0 when the line does not branch).
    pub branches_valid: u16,
}

impl LineCoverage {
    /// A line with no branch data.
    pub fn new(number: u32, hits: u32) -> Self {
        Self { number, hits, branches_covered: 0, branches_valid: 0 }
    }

    /// A line with branch data; `covered` is clamped to `valid`.
    pub fn with_branches(number: u32, hits: u32, covered: u16, valid: u16) -> Self {
        Self { number, hits, branches_covered: covered.min(valid), branches_valid: valid }
    }
}

/// How two reports of the same line combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineMerge {
    /// The same run described twice (a file listed under several classes): keep the larger figures.
    SameRun,
    /// Separate runs (shards, matrix jobs): add the hits, keep the most branches taken.
    SeparateRuns,
}

/// Integer totals; percentages are derived where they are compared or shown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CoverageTotals {
    /// Executable lines that ran at least once.
    pub lines_covered: u64,
    /// Executable lines.
    pub lines_valid: u64,
    /// Branches taken.
    pub branches_covered: u64,
    /// Branches.
    pub branches_valid: u64,
}

impl CoverageTotals {
    /// Percent of executable lines that ran, or `None` when there are none.
    pub fn line_percent(&self) -> Option<f64> {
        percent(self.lines_covered, self.lines_valid)
    }

    /// Percent of branches taken, or `None` when there are none.
    pub fn branch_percent(&self) -> Option<f64> {
        percent(self.branches_covered, self.branches_valid)
    }

    /// The sum of two totals.
    pub fn plus(&self, other: &CoverageTotals) -> CoverageTotals {
        CoverageTotals {
            lines_covered: self.lines_covered + other.lines_covered,
            lines_valid: self.lines_valid + other.lines_valid,
            branches_covered: self.branches_covered + other.branches_covered,
            branches_valid: self.branches_valid + other.branches_valid,
        }
    }

    /// Lines and branches together, as coverage.py computes its TOTAL.
    pub fn combined_percent(&self) -> Option<f64> {
        percent(self.lines_covered + self.branches_covered, self.lines_valid + self.branches_valid)
    }
}

fn percent(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 * 100.0 / whole as f64)
}

impl FileCoverage {
    /// Builds a file from lines in any order; repeated line numbers combine as `merge` says.
    pub fn from_lines(mut lines: Vec<LineCoverage>, merge: LineMerge) -> Self {
        Self::drain_lines(&mut lines, merge)
    }

    /// [`FileCoverage::from_lines`] that leaves `lines` empty with its capacity, for reuse.
    pub(crate) fn drain_lines(lines: &mut Vec<LineCoverage>, merge: LineMerge) -> Self {
        if !lines.is_sorted_by(|a, b| a.number < b.number) {
            lines.sort_by_key(|line| line.number);
            lines.dedup_by(|later, kept| {
                if later.number != kept.number {
                    return false;
                }
                combine_line(kept, later, merge);
                true
            });
        }
        let mut totals = CoverageTotals::default();
        for line in lines.iter() {
            totals.lines_valid += 1;
            totals.lines_covered += u64::from(line.hits > 0);
            totals.branches_valid += u64::from(line.branches_valid);
            totals.branches_covered += u64::from(line.branches_covered);
        }
        let file = Self { lines: PackedLines::pack(lines), totals };
        lines.clear();
        file
    }

    /// The executable lines in ascending order of number.
    pub fn lines(&self) -> Lines<'_> {
        self.lines.iter()
    }

    /// Whether the file has no executable lines.
    pub fn is_empty(&self) -> bool {
        self.lines.len() == 0
    }

    /// Merges another report of this file into this one.
    pub fn merge(&mut self, other: FileCoverage, merge: LineMerge) {
        let lines = self.lines().chain(other.lines()).collect();
        *self = Self::from_lines(lines, merge);
    }

    /// Totals of this file alone.
    pub fn totals(&self) -> CoverageTotals {
        self.totals
    }
}

fn combine_line(kept: &mut LineCoverage, other: &LineCoverage, merge: LineMerge) {
    kept.hits = match merge {
        LineMerge::SameRun => kept.hits.max(other.hits),
        LineMerge::SeparateRuns => kept.hits.saturating_add(other.hits),
    };
    kept.branches_valid = kept.branches_valid.max(other.branches_valid);
    kept.branches_covered = kept.branches_covered.max(other.branches_covered).min(kept.branches_valid);
}

impl Coverage {
    /// An empty coverage result.
    pub fn new(branches_measured: bool) -> Self {
        Self { files: BTreeMap::new(), branches_measured, source_roots: Vec::new() }
    }

    /// Adds lines of `path`, combining with lines already known for it.
    pub fn add_file(&mut self, path: String, file: FileCoverage, merge: LineMerge) {
        match self.files.get_mut(&path) {
            Some(known) => known.merge(file, merge),
            None => {
                self.files.insert(path, file);
            }
        }
    }

    /// Merges a coverage report of separate runs (shards, matrix jobs) into this one.
    pub fn merge(&mut self, other: Coverage) {
        self.branches_measured |= other.branches_measured;
        for root in other.source_roots {
            if !self.source_roots.contains(&root) {
                self.source_roots.push(root);
            }
        }
        for (path, file) in other.files {
            self.add_file(path, file, LineMerge::SeparateRuns);
        }
    }

    /// Totals over every file.
    pub fn totals(&self) -> CoverageTotals {
        self.files.values().fold(CoverageTotals::default(), |sum, file| sum.plus(&file.totals()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_line_in_one_run_counts_once() {
        let file = FileCoverage::from_lines(
            vec![LineCoverage::new(3, 0), LineCoverage::new(1, 2), LineCoverage::new(3, 5)],
            LineMerge::SameRun,
        );
        assert_eq!(file.lines().collect::<Vec<_>>(), vec![LineCoverage::new(1, 2), LineCoverage::new(3, 5)]);
        assert_eq!(file.totals().lines_valid, 2);
    }

    #[test]
    fn separate_runs_add_hits_and_keep_most_branches() {
        let mut a = Coverage::new(true);
        a.add_file(
            "m.py".into(),
            FileCoverage::from_lines(vec![LineCoverage::with_branches(1, 1, 1, 2)], LineMerge::SameRun),
            LineMerge::SameRun,
        );
        let mut b = Coverage::new(true);
        b.add_file(
            "m.py".into(),
            FileCoverage::from_lines(
                vec![LineCoverage::with_branches(1, 2, 2, 2), LineCoverage::new(2, 0)],
                LineMerge::SameRun,
            ),
            LineMerge::SameRun,
        );
        a.merge(b);
        let totals = a.totals();
        assert_eq!(a.files["m.py"].lines().next().map(|line| line.hits), Some(3));
        assert_eq!((totals.lines_covered, totals.lines_valid), (1, 2));
        assert_eq!((totals.branches_covered, totals.branches_valid), (2, 2));
    }

    #[test]
    fn files_serialize_their_lines_in_full() {
        let file = FileCoverage::from_lines(
            vec![LineCoverage::with_branches(4, 2, 1, 2), LineCoverage::new(1, 0)],
            LineMerge::SameRun,
        );
        let json = serde_json::to_string(&file).unwrap();
        assert_eq!(
            json,
            r#"{"lines":[{"number":1,"hits":0,"branches_covered":0,"branches_valid":0},{"number":4,"hits":2,"branches_covered":1,"branches_valid":2}]}"#
        );
        let read: FileCoverage = serde_json::from_str(&json).unwrap();
        assert_eq!(read, file);
        assert_eq!(read.totals(), file.totals());
    }

    #[test]
    fn combined_percent_counts_lines_and_branches_together() {
        let totals =
            CoverageTotals { lines_covered: 27, lines_valid: 71, branches_covered: 13, branches_valid: 30 };
        let combined = totals.combined_percent().unwrap();
        assert!((combined - 4000.0 / 101.0).abs() < 1e-9);
        assert_eq!(CoverageTotals::default().line_percent(), None);
    }
}

//! The history: one JSON Lines file, an entry per run (`gates history add`), from which a later
//! run takes its baseline (the entry of the merge-base, or of its nearest ancestor) and its trends.
//!
//! Each line is one [`HistoryEntry`] carrying its own version, so a file written over years by
//! several gates versions stays readable. Writing the file (atomically, under a lock) is the
//! caller's business; this module only reads and renders its text.

use std::io::BufRead;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::baseline::Baseline;
use crate::model::{Metric, Metrics, TestRun, TestStatus};

/// The first 12 characters of a commit id, as messages show it.
pub fn short_sha(sha: &str) -> &str {
    sha.get(..12).unwrap_or(sha)
}

/// The version of an entry's shape; a newer one is refused rather than misread.
pub const HISTORY_VERSION: u32 = 1;

/// How many entries a history keeps when not told otherwise.
pub const DEFAULT_KEEP: usize = 200;

/// The commit a run describes: from git (sha, parents, author date) and the CI (branch, run id).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CommitFacts {
    /// The full commit id.
    pub sha: String,
    /// The parents' ids, first parent first.
    #[serde(default)]
    pub parents: Vec<String>,
    /// The author date, ISO 8601 as git prints it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author_date: Option<String>,
    /// The branch the CI ran on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub branch: Option<String>,
    /// The CI's run (pipeline, workflow run) id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run_id: Option<String>,
}

impl CommitFacts {
    /// The facts of commit `sha`; the rest is filled in by the caller.
    pub fn new(sha: impl Into<String>) -> Self {
        Self { sha: sha.into(), ..Self::default() }
    }

    /// The first 12 characters of the id, as messages show it.
    pub fn short_sha(&self) -> &str {
        short_sha(&self.sha)
    }

    /// The first 7 characters of the id, as chart labels show it.
    pub fn label(&self) -> &str {
        self.sha.get(..7).unwrap_or(&self.sha)
    }
}

/// The tests of a run that the history follows across runs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TestIds {
    /// Tests whose final outcome was a failure or an error.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub failing: Vec<String>,
    /// Tests that failed, were rerun and passed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flaky: Vec<String>,
}

impl TestIds {
    /// The failing and flaky tests of `run`.
    pub fn of(run: &TestRun) -> Self {
        let mut ids = TestIds::default();
        for case in &run.cases {
            match case.status {
                TestStatus::Failed(_) | TestStatus::Errored(_) => ids.failing.push(case.full_name()),
                TestStatus::Passed if case.is_flaky() => ids.flaky.push(case.full_name()),
                TestStatus::Passed | TestStatus::Skipped { .. } => {}
            }
        }
        ids
    }
}

/// A test that both failed and passed over the runs of a window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct IntermittentTest {
    /// The test, as the history names it (`classname.name`).
    pub id: String,
    /// Runs with test reports in the window.
    pub runs: u32,
    /// Of those, the runs in which it passed in the end (a flaky rerun counts).
    pub passes: u32,
}

impl IntermittentTest {
    /// Passes as a percent of runs.
    pub fn pass_rate(&self) -> f64 {
        f64::from(self.passes) * 100.0 / f64::from(self.runs.max(1))
    }
}

/// A benchmark's summary statistics, in seconds per iteration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct BenchSummary {
    /// The benchmark's full name where the report gives one, else its name.
    pub name: String,
    /// The fastest round.
    pub min: f64,
    /// The median over rounds.
    pub median: f64,
    /// The mean over rounds.
    pub mean: f64,
    /// The slowest round.
    pub max: f64,
    /// The sample standard deviation over rounds.
    pub stddev: f64,
    /// How many rounds were timed.
    pub rounds: u64,
}

/// One run in the history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct HistoryEntry {
    /// The version of the entry's shape: 1.
    pub version: u32,
    /// The commit the run describes.
    pub commit: CommitFacts,
    /// Every metric, finding and vulnerability, as a baseline holds them.
    pub snapshot: Baseline,
    /// The failing and flaky tests, when the run had test reports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tests: Option<TestIds>,
    /// Every benchmark's summary.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub benchmarks: Vec<BenchSummary>,
}

impl HistoryEntry {
    /// The entry of a run of `commit` whose merged reports are `metrics`, with their built-in
    /// metric `values`.
    pub fn of(commit: CommitFacts, metrics: &Metrics, values: &[(Metric, f64)]) -> Self {
        let tests = metrics.tests.as_ref().map(TestIds::of);
        let benchmarks = metrics
            .benchmarks
            .iter()
            .flat_map(|run| &run.benchmarks)
            .map(|benchmark| BenchSummary {
                name: benchmark.fullname.clone().unwrap_or_else(|| benchmark.name.clone()),
                min: benchmark.stats.min,
                median: benchmark.stats.median,
                mean: benchmark.stats.mean,
                max: benchmark.stats.max,
                stddev: benchmark.stats.stddev,
                rounds: benchmark.stats.rounds,
            })
            .collect();
        Self { version: HISTORY_VERSION, commit, snapshot: Baseline::of(metrics, values), tests, benchmarks }
    }

    /// The entry as one line of JSON, without its line end.
    pub fn to_json_line(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// The headline figures of one run, for trends.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct TrendPoint {
    /// The run's commit, shortened, or `this run`.
    pub label: String,
    /// `coverage.total`, when the run had coverage.
    pub coverage_total: Option<f64>,
    /// `tests.total`, when the run had tests.
    pub tests_total: Option<f64>,
    /// The slowest benchmark's median, in seconds, when the run had benchmarks.
    pub slowest_benchmark_s: Option<f64>,
    /// Every metric the run had a value of, by name.
    pub values: BTreeMap<String, f64>,
}

impl TrendPoint {
    /// The figures of a run labelled `label`: its metric `values` by name and its benchmarks'
    /// medians.
    pub fn new(
        label: impl Into<String>,
        values: &BTreeMap<String, f64>,
        medians: impl IntoIterator<Item = f64>,
    ) -> Self {
        Self {
            label: label.into(),
            coverage_total: values.get(Metric::CoverageTotal.name()).copied(),
            tests_total: values.get(Metric::TestsTotal.name()).copied(),
            slowest_benchmark_s: medians.into_iter().reduce(f64::max),
            values: values.clone(),
        }
    }

    fn of_entry(entry: &HistoryEntry) -> Self {
        Self::new(
            entry.commit.label(),
            &entry.snapshot.metrics,
            entry.benchmarks.iter().map(|benchmark| benchmark.median),
        )
    }
}

/// A history file could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum HistoryError {
    /// A line that is not an entry (and not a torn last line).
    #[error("line {line}: not a gates history entry: {message}")]
    Invalid {
        /// 1-based line.
        line: usize,
        /// What was wrong.
        message: String,
    },
    /// An entry written by a newer gates.
    #[error(
        "line {line}: entry version {found} is newer than this gates understands ({HISTORY_VERSION}); use a newer gates"
    )]
    TooNew {
        /// 1-based line.
        line: usize,
        /// The version in the entry.
        found: u32,
    },
    /// The file could not be read.
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// Every entry of a history file, oldest first.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct History {
    /// The entries, oldest first.
    pub entries: Vec<HistoryEntry>,
    /// What was read past: a torn last line left by a writer that was stopped.
    pub notes: Vec<String>,
}

/// Where a baseline taken from the history came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct BaselineOrigin {
    /// The commit whose entry is the baseline.
    pub commit: String,
    /// The merge-base of the change and its target.
    pub merge_base: String,
    /// How many first-parent steps the commit is behind the merge-base (0: the merge-base itself).
    pub distance: usize,
}

impl BaselineOrigin {
    /// One sentence for the outputs.
    pub fn describe(&self) -> String {
        match self.distance {
            0 => format!("baseline: history entry of {}, the merge-base", short_sha(&self.commit)),
            1 => format!(
                "baseline: history entry of {}, 1 commit before the merge-base {}",
                short_sha(&self.commit),
                short_sha(&self.merge_base)
            ),
            distance => format!(
                "baseline: history entry of {}, {distance} commits before the merge-base {}",
                short_sha(&self.commit),
                short_sha(&self.merge_base)
            ),
        }
    }
}

impl History {
    /// Reads a history: one entry per line, blank lines ignored. A last line that is not valid
    /// JSON and has no line end was torn by a stopped writer: it is skipped with a note.
    pub fn parse(mut reader: impl BufRead) -> Result<History, HistoryError> {
        let mut history = History::default();
        let mut line = String::new();
        let mut number = 0;
        loop {
            line.clear();
            if reader.read_line(&mut line)? == 0 {
                return Ok(history);
            }
            number += 1;
            let text = line.trim();
            if text.is_empty() {
                continue;
            }
            match read_entry(text, number) {
                Ok(entry) => history.entries.push(entry),
                Err(HistoryError::Invalid { .. }) if !line.ends_with('\n') => {
                    history.notes.push(format!("line {number} is cut short (a stopped writer); skipped it"));
                }
                Err(error) => return Err(error),
            }
        }
    }

    /// Appends `entry`, keeping the last `keep` entries (at least this one).
    pub fn push(&mut self, entry: HistoryEntry, keep: usize) {
        self.entries.push(entry);
        let excess = self.entries.len().saturating_sub(keep.max(1));
        self.entries.drain(..excess);
    }

    /// The text of the file: one entry per line.
    pub fn to_json_lines(&self) -> String {
        self.entries.iter().map(|entry| entry.to_json_line() + "\n").collect()
    }

    /// The latest entry of `sha`.
    pub fn entry_of(&self, sha: &str) -> Option<&HistoryEntry> {
        self.entries.iter().rev().find(|entry| entry.commit.sha == sha)
    }

    /// The tests that failed in some and passed in other of the last `window` runs with test
    /// reports: those of the history, then `current` (this run's, when it has tests) as the
    /// newest. A test a run does not list as failing passed in it: runs keep only failing ids.
    /// Sorted by pass rate, lowest first.
    pub fn intermittent(&self, window: usize, current: Option<&TestIds>) -> Vec<IntermittentTest> {
        let mut runs: Vec<&TestIds> = current.into_iter().collect();
        let earlier = window.saturating_sub(runs.len());
        runs.extend(self.entries.iter().rev().filter_map(|entry| entry.tests.as_ref()).take(earlier));
        let count = u32::try_from(runs.len()).unwrap_or(u32::MAX);
        let mut failures: BTreeMap<&str, (u32, bool)> = BTreeMap::new();
        for ids in &runs {
            for id in &ids.failing {
                failures.entry(id).or_default().0 += 1;
            }
            for id in &ids.flaky {
                failures.entry(id).or_default().1 = true;
            }
        }
        let mut found: Vec<IntermittentTest> = failures
            .into_iter()
            .filter(|(_, (failed, flaky))| *flaky || (*failed > 0 && *failed < count))
            .map(|(id, (failed, _))| IntermittentTest {
                id: id.to_owned(),
                runs: count,
                passes: count - failed,
            })
            .collect();
        found.sort_by_key(|test| (test.passes, test.id.clone()));
        found
    }

    /// The figures of the last `count` entries of the commits of `line` (a branch's commits,
    /// newest first), oldest first.
    pub fn trend(&self, line: &[String], count: usize) -> Vec<TrendPoint> {
        let mut points: Vec<TrendPoint> =
            line.iter().filter_map(|sha| self.entry_of(sha)).take(count).map(TrendPoint::of_entry).collect();
        points.reverse();
        points
    }

    /// The entry of the first of `ancestors` (the merge-base first, then its first-parent
    /// ancestors, nearest first) that has one, with where it came from.
    pub fn nearest(&self, ancestors: &[String]) -> Option<(&HistoryEntry, BaselineOrigin)> {
        let merge_base = ancestors.first()?;
        ancestors.iter().enumerate().find_map(|(distance, sha)| {
            let entry = self.entry_of(sha)?;
            Some((entry, BaselineOrigin { commit: sha.clone(), merge_base: merge_base.clone(), distance }))
        })
    }
}

fn read_entry(text: &str, line: usize) -> Result<HistoryEntry, HistoryError> {
    #[derive(Deserialize)]
    struct Versioned {
        version: u32,
    }
    let invalid = |error: serde_json::Error| HistoryError::Invalid { line, message: error.to_string() };
    let versioned: Versioned = serde_json::from_str(text).map_err(invalid)?;
    if versioned.version > HISTORY_VERSION {
        return Err(HistoryError::TooNew { line, found: versioned.version });
    }
    serde_json::from_str(text).map_err(invalid)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Problem, TestCase, TestRun};

    fn entry(sha: &str, coverage: f64) -> HistoryEntry {
        let mut run = TestRun::default();
        run.add(TestCase::new("ok", TestStatus::Passed));
        run.add(TestCase::new("broken", TestStatus::Failed(Problem::default())));
        let mut metrics = Metrics::new();
        metrics.tests = Some(run);
        HistoryEntry::of(CommitFacts::new(sha), &metrics, &[(Metric::CoverageTotal, coverage)])
    }

    #[test]
    fn entries_round_trip_through_json_lines() {
        let mut history = History::default();
        history.push(entry("a1", 80.0), DEFAULT_KEEP);
        history.push(entry("b2", 81.0), DEFAULT_KEEP);
        let read = History::parse(history.to_json_lines().as_bytes()).unwrap();
        assert_eq!(read, history);
        assert_eq!(read.entries[1].tests.as_ref().unwrap().failing, ["broken"]);
    }

    #[test]
    fn a_torn_last_line_is_skipped_with_a_note() {
        let whole = entry("a1", 80.0).to_json_line() + "\n";
        let torn = entry("b2", 81.0).to_json_line();
        let text = format!("{whole}{}", &torn[..torn.len() / 2]);
        let history = History::parse(text.as_bytes()).unwrap();
        assert_eq!(history.entries.len(), 1);
        assert_eq!(history.notes, ["line 2 is cut short (a stopped writer); skipped it"]);
    }

    #[test]
    fn a_bad_line_before_the_end_is_an_error() {
        let text = format!("{{\"version\": 1\n{}\n", entry("a1", 80.0).to_json_line());
        let error = History::parse(text.as_bytes()).unwrap_err();
        assert!(matches!(error, HistoryError::Invalid { line: 1, .. }), "{error}");
        let newer = History::parse(&b"{\"version\": 9}\n"[..]).unwrap_err();
        assert!(matches!(newer, HistoryError::TooNew { line: 1, found: 9 }), "{newer}");
    }

    #[test]
    fn keep_drops_the_oldest_entries() {
        let mut history = History::default();
        for (at, sha) in ["a", "b", "c"].iter().enumerate() {
            history.push(entry(sha, at as f64), 2);
        }
        let shas: Vec<&str> = history.entries.iter().map(|entry| entry.commit.sha.as_str()).collect();
        assert_eq!(shas, ["b", "c"]);
    }

    fn ids(failing: &[&str], flaky: &[&str]) -> TestIds {
        let owned = |ids: &[&str]| ids.iter().map(|id| (*id).to_owned()).collect();
        TestIds { failing: owned(failing), flaky: owned(flaky) }
    }

    #[test]
    fn intermittent_tests_failed_and_passed_within_the_window() {
        let mut history = History::default();
        for (at, failing) in
            [&["old"][..], &["a", "always"], &["always"], &["a", "always"]].iter().enumerate()
        {
            let mut entry = entry(&format!("c{at}"), 80.0);
            entry.tests = Some(ids(failing, &[]));
            history.push(entry, DEFAULT_KEEP);
        }
        let current = ids(&["always"], &["rerun"]);
        let found = history.intermittent(4, Some(&current));
        let summary: Vec<(&str, u32, u32)> =
            found.iter().map(|test| (test.id.as_str(), test.passes, test.runs)).collect();
        // "old" failed only before the window; "always" failed in every run of it.
        assert_eq!(summary, [("a", 2, 4), ("rerun", 4, 4)]);
        assert_eq!(found[0].pass_rate(), 50.0);
    }

    #[test]
    fn the_trend_follows_the_line_oldest_first() {
        let mut history = History::default();
        for (sha, coverage) in [("aaaaaaaa1", 70.0), ("bbbbbbbb2", 75.0), ("cccccccc3", 80.0)] {
            history.push(entry(sha, coverage), DEFAULT_KEEP);
        }
        let line: Vec<String> = ["cccccccc3", "nothing", "aaaaaaaa1"].map(String::from).to_vec();
        let trend = history.trend(&line, 5);
        let points: Vec<(&str, Option<f64>)> =
            trend.iter().map(|point| (point.label.as_str(), point.coverage_total)).collect();
        assert_eq!(points, [("aaaaaaa", Some(70.0)), ("ccccccc", Some(80.0))]);
        assert_eq!(history.trend(&line, 1).len(), 1);
    }

    #[test]
    fn the_nearest_ancestor_with_an_entry_is_the_baseline() {
        let mut history = History::default();
        history.push(entry("c1", 70.0), DEFAULT_KEEP);
        history.push(entry("c2", 75.0), DEFAULT_KEEP);
        let ancestors: Vec<String> = ["c4", "c3", "c2", "c1"].map(String::from).to_vec();
        let (found, origin) = history.nearest(&ancestors).unwrap();
        assert_eq!(found.commit.sha, "c2");
        assert_eq!((origin.distance, origin.merge_base.as_str()), (2, "c4"));
        assert_eq!(origin.describe(), "baseline: history entry of c2, 2 commits before the merge-base c4");
        assert!(history.nearest(&["zz".to_owned()]).is_none());
    }
}

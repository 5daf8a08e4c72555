//! Test results, whatever runner wrote them.

use serde::{Deserialize, Serialize};

/// The tests of one or more runs (shards and matrix jobs are merged by [`TestRun::merge`]).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TestRun {
    /// Every distinct test, once, with its final outcome, but for those in `plain_passes`.
    pub cases: Vec<TestCase>,
    /// Wall-clock seconds the runs took, summed over runs, when the reports say.
    pub duration_s: Option<f64>,
    /// Tests that passed at their only attempt and are counted here rather than listed in
    /// `cases` (see [`TestRun::add`]): a run of millions keeps only what its outputs show.
    #[serde(default)]
    pub plain_passes: u64,
    /// The slowest of the plain passes, at most [`TestRun::SLOWEST_KEPT`], slowest first: with
    /// the listed `cases` they hold the run's slowest tests (see [`TestRun::slowest`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub slowest_passes: Vec<TestCase>,
    /// A pass no slower than this is counted, never kept: the run is read to be merged into one
    /// that keeps ten slower passes already.
    #[serde(skip)]
    pub(crate) pass_floor: Option<f64>,
}

/// One test with its final outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TestCase {
    /// Name of the enclosing suite, where the report names one.
    pub suite: Option<String>,
    /// Class or module, where the report gives one.
    pub classname: Option<String>,
    /// The test's own name (may be empty when the producer wrote none).
    pub name: String,
    /// Source file of the test, where given.
    pub file: Option<String>,
    /// Line of the test in `file`, where given.
    pub line: Option<u32>,
    /// Seconds the final attempt took, where given.
    pub time_s: Option<f64>,
    /// Final outcome.
    pub status: TestStatus,
    /// How many times the test ran; more than one means it was rerun after a failed attempt.
    pub attempts: u32,
}

/// The final outcome of a test.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
#[non_exhaustive]
pub enum TestStatus {
    /// It ran and passed.
    Passed,
    /// An assertion failed.
    Failed(Problem),
    /// It could not run to completion (setup/teardown error, crash, build failure).
    Errored(Problem),
    /// It was not run, or its failure was expected (pytest's xfail).
    Skipped {
        /// The reason given, if any.
        message: Option<String>,
    },
}

/// What a failed or errored test left behind.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Problem {
    /// The one-line message (the `message` attribute).
    pub message: Option<String>,
    /// The exception or failure type, where given.
    pub kind: Option<String>,
    /// The body: traceback or captured output, cut to [`Problem::OUTPUT_LIMIT`] bytes.
    pub output: Option<String>,
}

impl Problem {
    /// Longest `output` kept, in bytes; longer bodies are cut at a character boundary.
    pub const OUTPUT_LIMIT: usize = 8 * 1024;

    /// A problem with the given parts; `output` is cut to [`Problem::OUTPUT_LIMIT`].
    pub fn new(message: Option<String>, kind: Option<String>, output: Option<String>) -> Self {
        let output = output.map(|mut text| {
            truncate_at_char(&mut text, Self::OUTPUT_LIMIT);
            text
        });
        Self { message, kind, output }
    }
}

/// Cuts `text` to at most `limit` bytes without splitting a character.
pub(crate) fn truncate_at_char(text: &mut String, limit: usize) {
    if text.len() > limit {
        let mut end = limit;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
    }
}

/// Counts of a test run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct TestCounts {
    /// Distinct tests.
    pub total: u64,
    /// Tests whose final outcome is a pass (flaky ones included).
    pub passed: u64,
    /// Tests whose final outcome is a failure.
    pub failed: u64,
    /// Tests whose final outcome is an error.
    pub errors: u64,
    /// Tests skipped or expected to fail.
    pub skipped: u64,
    /// Tests that were rerun and passed in the end.
    pub flaky: u64,
}

impl TestCase {
    /// A test that ran once with the given outcome.
    pub fn new(name: impl Into<String>, status: TestStatus) -> Self {
        Self {
            suite: None,
            classname: None,
            name: name.into(),
            file: None,
            line: None,
            time_s: None,
            status,
            attempts: 1,
        }
    }

    /// Passed at its only attempt.
    pub fn is_plain_pass(&self) -> bool {
        self.attempts <= 1 && self.status == TestStatus::Passed
    }

    /// Rerun after a failed attempt, and passed in the end.
    pub fn is_flaky(&self) -> bool {
        self.attempts > 1 && self.status == TestStatus::Passed
    }

    /// `classname.name`, or the name alone.
    pub fn full_name(&self) -> String {
        match &self.classname {
            Some(class) if !class.is_empty() => format!("{class}.{}", self.name),
            _ => self.name.clone(),
        }
    }
}

impl FromIterator<TestCase> for TestRun {
    /// A run of these cases, each added as [`TestRun::add`] adds it.
    fn from_iter<I: IntoIterator<Item = TestCase>>(cases: I) -> Self {
        let mut run = TestRun::default();
        cases.into_iter().for_each(|case| run.add(case));
        run
    }
}

impl TestRun {
    /// A run of these cases, all listed.
    pub fn new(cases: Vec<TestCase>, duration_s: Option<f64>) -> Self {
        Self { cases, duration_s, plain_passes: 0, slowest_passes: Vec::new(), pass_floor: None }
    }

    /// Plain passes kept by their time, so the outputs can name the slowest tests.
    pub const SLOWEST_KEPT: usize = 10;

    /// Adds one test: listed in `cases`, or only counted when it passed at its only attempt.
    pub fn add(&mut self, case: TestCase) {
        if case.is_plain_pass() {
            self.count_plain_pass(case);
        } else {
            self.cases.push(case);
        }
    }

    /// Counts a test that passed at its only attempt, keeping it among `slowest_passes` when it
    /// is one of the slowest; gives back the case not kept (this one or the one it displaced) so
    /// a parser can reuse its strings.
    pub fn count_plain_pass(&mut self, case: TestCase) -> Option<TestCase> {
        self.plain_passes += 1;
        let Some(time) = case.time_s.filter(|time| self.keeps_pass_of(Some(*time))) else {
            return Some(case);
        };
        let full = self.slowest_passes.len() >= Self::SLOWEST_KEPT;
        let at = self.slowest_passes.partition_point(|kept| kept.time_s.is_some_and(|kept| kept >= time));
        self.slowest_passes.insert(at, case);
        if full { self.slowest_passes.pop() } else { None }
    }

    /// Counts a plain pass as [`TestRun::count_plain_pass`] does, building it with `build` only
    /// when a pass taking `time_s` is kept among the slowest.
    pub fn count_plain_pass_of(
        &mut self,
        time_s: Option<f64>,
        build: impl FnOnce() -> TestCase,
    ) -> Option<TestCase> {
        if self.keeps_pass_of(time_s) {
            self.count_plain_pass(build())
        } else {
            self.plain_passes += 1;
            None
        }
    }

    /// The time a pass must exceed to be kept among `slowest_passes`: the fastest of them once
    /// they are full, or the floor the run was read with, whichever is higher.
    pub fn slowest_floor(&self) -> Option<f64> {
        let full = self.slowest_passes.len() >= Self::SLOWEST_KEPT;
        let floor = self.slowest_passes.last().and_then(|fastest| fastest.time_s).filter(|_| full);
        match (floor, self.pass_floor) {
            (Some(kept), Some(given)) => Some(kept.max(given)),
            (kept, given) => kept.or(given),
        }
    }

    /// Whether a plain pass taking `time_s` would be kept among `slowest_passes`.
    fn keeps_pass_of(&self, time_s: Option<f64>) -> bool {
        time_s.is_some_and(|time| time > 0.0 && self.slowest_floor().is_none_or(|floor| time > floor))
    }

    /// Takes back the plain pass last counted of a test `same` tells, which turned out to be the
    /// first attempt of a rerun.
    pub fn uncount_plain_pass(&mut self, same: impl Fn(&TestCase) -> bool) {
        self.plain_passes = self.plain_passes.saturating_sub(1);
        if let Some(at) = self.slowest_passes.iter().rposition(same) {
            self.slowest_passes.remove(at);
        }
    }

    /// The `limit` slowest tests that ran (skipped ones aside) and took a time above zero,
    /// slowest first.
    /// Exact for `limit` up to [`TestRun::SLOWEST_KEPT`]: every test not counted as a plain pass
    /// is listed in `cases`.
    pub fn slowest(&self, limit: usize) -> Vec<&TestCase> {
        let mut timed: Vec<&TestCase> = self
            .cases
            .iter()
            .filter(|case| !matches!(case.status, TestStatus::Skipped { .. }))
            .chain(&self.slowest_passes)
            .filter(|case| case.time_s.is_some_and(|time| time > 0.0))
            .collect();
        timed.sort_by(|a, b| b.time_s.unwrap_or(0.0).total_cmp(&a.time_s.unwrap_or(0.0)));
        timed.truncate(limit);
        timed
    }

    /// Counts over every test.
    pub fn counts(&self) -> TestCounts {
        let mut counts =
            TestCounts { total: self.plain_passes, passed: self.plain_passes, ..TestCounts::default() };
        for case in &self.cases {
            counts.total += 1;
            match case.status {
                TestStatus::Passed => counts.passed += 1,
                TestStatus::Failed(_) => counts.failed += 1,
                TestStatus::Errored(_) => counts.errors += 1,
                TestStatus::Skipped { .. } => counts.skipped += 1,
            }
            counts.flaky += u64::from(case.is_flaky());
        }
        counts
    }

    /// Adds another run (a shard or a matrix job): its tests count in addition to these.
    pub fn merge(&mut self, other: TestRun) {
        self.cases.extend(other.cases);
        self.plain_passes += other.plain_passes.saturating_sub(other.slowest_passes.len() as u64);
        for case in other.slowest_passes {
            self.count_plain_pass(case);
        }
        self.duration_s = match (self.duration_s, other.duration_s) {
            (Some(a), Some(b)) => Some(a + b),
            (a, b) => a.or(b),
        };
    }

    /// Tests whose final outcome is a failure or an error.
    pub fn problems(&self) -> impl Iterator<Item = &TestCase> {
        self.cases.iter().filter(|case| matches!(case.status, TestStatus::Failed(_) | TestStatus::Errored(_)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_is_cut_at_a_character_boundary() {
        let long = "é".repeat(Problem::OUTPUT_LIMIT);
        let problem = Problem::new(None, None, Some(long));
        let output = problem.output.unwrap();
        assert!(output.len() <= Problem::OUTPUT_LIMIT);
        assert!(output.chars().all(|c| c == 'é'));
    }

    fn timed(name: &str, status: TestStatus, seconds: f64) -> TestCase {
        let mut case = TestCase::new(name, status);
        case.time_s = Some(seconds);
        case
    }

    fn names<'a>(cases: &[&'a TestCase]) -> Vec<&'a str> {
        cases.iter().map(|case| case.name.as_str()).collect()
    }

    #[test]
    fn the_slowest_tests_are_kept_among_any_number_of_passes() {
        let mut run = TestRun::default();
        for at in 0..1_000_u32 {
            // Times rise and fall so the slowest arrive anywhere in the run.
            run.add(timed(&format!("t{at}"), TestStatus::Passed, f64::from((at * 7919) % 1_000)));
        }
        run.add(TestCase::new("untimed", TestStatus::Passed));
        run.add(timed("slow failure", TestStatus::Failed(Problem::default()), 995.5));
        run.add(timed("skipped", TestStatus::Skipped { message: None }, 5_000.0));
        assert_eq!(run.slowest_passes.len(), TestRun::SLOWEST_KEPT);
        assert_eq!(run.plain_passes, 1_001);
        let slowest: Vec<f64> = run.slowest(4).iter().filter_map(|case| case.time_s).collect();
        assert_eq!(slowest, [999.0, 998.0, 997.0, 996.0]);
        assert_eq!(names(&run.slowest(6)).get(4), Some(&"slow failure"));
    }

    #[test]
    fn merged_runs_keep_the_slowest_of_both() {
        let mut first = TestRun::default();
        let mut second = TestRun::default();
        for at in 0..20_u32 {
            first.add(timed(&format!("a{at}"), TestStatus::Passed, f64::from(at)));
            second.add(timed(&format!("b{at}"), TestStatus::Passed, f64::from(at) + 0.5));
        }
        first.merge(second);
        assert_eq!((first.plain_passes, first.slowest_passes.len()), (40, TestRun::SLOWEST_KEPT));
        assert_eq!(names(&first.slowest(3)), ["b19", "a19", "b18"]);
    }

    #[test]
    fn a_run_read_to_be_merged_keeps_no_pass_below_the_floor() {
        let mut run = TestRun { pass_floor: Some(2.0), ..TestRun::default() };
        for (name, seconds) in [("fast", 1.0), ("even", 2.0), ("slow", 3.0)] {
            run.add(timed(name, TestStatus::Passed, seconds));
        }
        assert_eq!((run.plain_passes, names(&run.slowest(10))), (3, vec!["slow"]));
        assert_eq!(run.slowest_floor(), Some(2.0));
        let mut full = TestRun::default();
        for at in 0..12_u32 {
            full.add(timed(&format!("t{at}"), TestStatus::Passed, f64::from(at)));
        }
        assert_eq!(full.slowest_floor(), Some(2.0), "the tenth slowest of 0 to 11 s");
        assert_eq!(TestRun::default().slowest_floor(), None);
    }

    proptest::proptest! {
        #[test]
        fn shards_read_above_the_floor_merge_as_shards_read_whole(
            shards in proptest::collection::vec((proptest::collection::vec(0_u8..40, 0..30), 0_usize..4), 1..8),
        ) {
            let read = |shard: &[u8], at: usize, pass_floor: Option<f64>| {
                let mut run = TestRun { pass_floor, ..TestRun::default() };
                for (index, &tenths) in shard.iter().enumerate() {
                    run.add(timed(&format!("s{at}t{index}"), TestStatus::Passed, f64::from(tenths) / 10.0));
                }
                run
            };
            // A shard read ahead knows the floor of `lag` merges before its own.
            let (mut whole, mut floored, mut floors) = (TestRun::default(), TestRun::default(), vec![None]);
            for (at, (shard, lag)) in shards.iter().enumerate() {
                whole.merge(read(shard, at, None));
                let floor = floors.get(floors.len().saturating_sub(1 + lag)).copied().flatten();
                floored.merge(read(shard, at, floor));
                floors.push(floored.slowest_floor());
            }
            proptest::prop_assert_eq!(whole.counts(), floored.counts());
            proptest::prop_assert_eq!(whole.slowest(TestRun::SLOWEST_KEPT), floored.slowest(TestRun::SLOWEST_KEPT));
        }
    }

    #[test]
    fn an_uncounted_pass_leaves_the_slowest() {
        let mut run = TestRun::default();
        run.add(timed("rerun", TestStatus::Passed, 3.0));
        run.add(timed("other", TestStatus::Passed, 1.0));
        run.uncount_plain_pass(|case| case.name == "rerun");
        assert_eq!((run.plain_passes, names(&run.slowest(5))), (1, vec!["other"]));
    }

    #[test]
    fn flaky_counts_only_rerun_passes() {
        let mut rerun_pass = TestCase::new("a", TestStatus::Passed);
        rerun_pass.attempts = 2;
        let mut rerun_fail = TestCase::new("b", TestStatus::Failed(Problem::default()));
        rerun_fail.attempts = 3;
        let mut run = TestRun::new(vec![rerun_pass, rerun_fail], None);
        run.add(TestCase::new("c", TestStatus::Passed));
        run.add(TestCase::new("d", TestStatus::Skipped { message: None }));
        assert_eq!((run.cases.len(), run.plain_passes), (3, 1));
        let counts = run.counts();
        assert_eq!(
            (counts.total, counts.passed, counts.failed, counts.skipped, counts.flaky),
            (4, 2, 1, 1, 1)
        );
    }
}

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

impl TestRun {
    /// A run of these cases, all listed.
    pub fn new(cases: Vec<TestCase>, duration_s: Option<f64>) -> Self {
        Self { cases, duration_s, plain_passes: 0 }
    }

    /// Adds one test: listed in `cases`, or only counted when it passed at its only attempt.
    pub fn add(&mut self, case: TestCase) {
        if case.is_plain_pass() {
            self.plain_passes += 1;
        } else {
            self.cases.push(case);
        }
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
        self.plain_passes += other.plain_passes;
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

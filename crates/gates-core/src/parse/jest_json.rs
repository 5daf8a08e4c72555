//! Jest JSON (`jest --json --outputFile=…`).
//!
//! Producers seen: jest 30.5 (jest-circus). Read from jest's `formatTestResults` and the
//! `AggregatedResult`/`AssertionResult` types of `@jest/test-result`.
//!
//! The `assertionResults` are the oracle; the `num…Tests` totals are only compared with them.
//! - Each assertion result is one test, titles repeated or not; its suite is its
//!   `ancestorTitles` joined with ` > `, its file the test file.
//! - `pending`, `skipped` and `disabled` are skipped, `todo` is skipped as a todo.
//! - A test file that could not run (status `failed` with no assertion results, or a
//!   `testExecError`: a syntax error, a throw at load time) is one errored case named after the
//!   file; jest counts it in `numRuntimeErrorTestSuites`, not in `numFailedTests`.
//! - `invocations` above one are retries (`jest.retryTimes`): the final outcome stands.

use std::io::BufRead;

use serde::Deserialize;

use super::Format;
use super::error::ParseError;
use super::json::{self, LenientCount, LenientNumber};
use crate::model::{Problem, Report, ReportContent, TestCase, TestRun, TestStatus};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Results {
    num_passed_tests: LenientCount,
    num_failed_tests: LenientCount,
    num_pending_tests: LenientCount,
    #[serde(default)]
    num_todo_tests: LenientCount,
    #[serde(default)]
    num_runtime_error_test_suites: LenientCount,
    test_results: Vec<FileResult>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FileResult {
    name: String,
    status: FileStatus,
    #[serde(default)]
    message: String,
    #[serde(default)]
    assertion_results: Vec<Assertion>,
    #[serde(default)]
    test_exec_error: Option<ExecError>,
}

#[derive(Deserialize, PartialEq)]
#[serde(rename_all = "lowercase")]
enum FileStatus {
    Passed,
    Failed,
    Pending,
    Skipped,
}

#[derive(Deserialize)]
struct ExecError {
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    stack: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Assertion {
    #[serde(default)]
    ancestor_titles: Vec<String>,
    title: String,
    status: AssertionStatus,
    #[serde(default)]
    duration: Option<LenientNumber>,
    #[serde(default)]
    failure_messages: Vec<String>,
    #[serde(default)]
    invocations: Option<LenientCount>,
    #[serde(default)]
    location: Option<Position>,
}

#[derive(Deserialize)]
#[serde(rename_all = "lowercase")]
enum AssertionStatus {
    Passed,
    Failed,
    Pending,
    Skipped,
    Disabled,
    Todo,
}

#[derive(Deserialize)]
struct Position {
    line: LenientNumber,
}

/// Parses a Jest JSON report.
pub(crate) fn parse(input: impl BufRead) -> Result<Report, ParseError> {
    let results: Results = json::from_reader(Format::JestJson, input)?;
    let mut run = TestRun::default();
    for file in results.test_results {
        let could_not_run = file.test_exec_error.is_some()
            || (file.status == FileStatus::Failed && file.assertion_results.is_empty());
        if could_not_run {
            run.add(file_error(&file));
        }
        for assertion in file.assertion_results {
            run.add(test_case(assertion, &file.name));
        }
    }
    let mut notes = Vec::new();
    let counts = run.counts();
    let own = (
        results.num_passed_tests.0,
        results.num_failed_tests.0,
        results.num_pending_tests.0 + results.num_todo_tests.0,
        results.num_runtime_error_test_suites.0,
    );
    if own != (counts.passed, counts.failed, counts.skipped, counts.errors) {
        notes.push(format!(
            "jest's totals say {} passed, {} failed, {} pending or todo and {} files that could not run; \
             the tests listed say {}, {}, {} and {}",
            own.0, own.1, own.2, own.3, counts.passed, counts.failed, counts.skipped, counts.errors
        ));
    }
    Ok(Report {
        format: Format::JestJson,
        producer: Some("jest".to_owned()),
        notes,
        content: ReportContent::Tests(run),
    })
}

fn test_case(assertion: Assertion, file: &str) -> TestCase {
    let status = match assertion.status {
        AssertionStatus::Passed => TestStatus::Passed,
        AssertionStatus::Failed => {
            let output = assertion.failure_messages.join("\n\n");
            let message = assertion.failure_messages.first().map(|text| without_stack(text).to_owned());
            TestStatus::Failed(Problem::new(message, None, Some(output)))
        }
        AssertionStatus::Pending | AssertionStatus::Skipped | AssertionStatus::Disabled => {
            TestStatus::Skipped { message: None }
        }
        AssertionStatus::Todo => TestStatus::Skipped { message: Some("todo".to_owned()) },
    };
    let mut case = TestCase::new(assertion.title, status);
    if !assertion.ancestor_titles.is_empty() {
        case.suite = Some(assertion.ancestor_titles.join(" > "));
    }
    case.file = Some(file.to_owned());
    case.line = assertion.location.and_then(|at| at.line.line());
    case.time_s =
        assertion.duration.map(|ms| ms.0 / 1000.0).filter(|seconds| seconds.is_finite() && *seconds >= 0.0);
    case.attempts = assertion
        .invocations
        .and_then(|LenientCount(count)| u32::try_from(count).ok())
        .filter(|count| *count > 0)
        .unwrap_or(1);
    case
}

/// The errored case of a test file that could not run.
fn file_error(file: &FileResult) -> TestCase {
    let (message, output) = match &file.test_exec_error {
        Some(error) => (error.message.clone(), error.stack.clone().or_else(|| Some(file.message.clone()))),
        None => {
            // jest's `message` opens with "● Test suite failed to run", then the error.
            let first = file
                .message
                .lines()
                .map(str::trim)
                .find(|line| !line.is_empty() && !line.starts_with('●'))
                .map(str::to_owned);
            (first, Some(file.message.clone()))
        }
    };
    let mut case = TestCase::new(file.name.clone(), TestStatus::Errored(Problem::new(message, None, output)));
    case.file = Some(file.name.clone());
    case
}

/// A failure message up to its stack trace (the first line starting with `at `).
fn without_stack(text: &str) -> &str {
    let end = text.find("\n    at ").unwrap_or(text.len());
    text.get(..end).unwrap_or(text).trim_end()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_str;

    #[test]
    fn a_file_that_could_not_run_is_an_error() {
        let json = r#"{"numPassedTests": 1, "numFailedTests": 0, "numPendingTests": 0, "numTodoTests": 1,
          "numRuntimeErrorTestSuites": 1, "numTotalTests": 2, "testResults": [
          {"name": "/w/a.test.js", "status": "passed", "message": "", "assertionResults": [
            {"ancestorTitles": ["outer"], "title": "works", "status": "passed", "duration": 4, "failureMessages": []},
            {"ancestorTitles": [], "title": "later", "status": "todo", "duration": null, "failureMessages": []}]},
          {"name": "/w/b.test.js", "status": "failed", "message": "  ● Test suite failed to run\n\n    boom\n", "assertionResults": []}]}"#;
        let report = parse_str(Format::JestJson, json).unwrap();
        let ReportContent::Tests(run) = report.content else { panic!("not tests") };
        let counts = run.counts();
        assert_eq!((counts.total, counts.passed, counts.skipped, counts.errors), (3, 1, 1, 1));
        let TestStatus::Errored(problem) = &run.cases[1].status else { panic!("{:?}", run.cases[1]) };
        assert_eq!(problem.message.as_deref(), Some("boom"));
        // The pass is counted, and kept among the slowest as it took a time.
        assert_eq!((run.plain_passes, run.slowest_passes[0].suite.as_deref()), (1, Some("outer")));
        assert!(report.notes.is_empty(), "{:?}", report.notes);
    }

    #[test]
    fn an_unknown_status_is_refused() {
        let json = r#"{"numPassedTests": 0, "numFailedTests": 0, "numPendingTests": 0, "testResults": [
          {"name": "a", "status": "passed", "assertionResults": [{"title": "t", "status": "weird"}]}]}"#;
        assert!(parse_str(Format::JestJson, json).is_err());
    }
}

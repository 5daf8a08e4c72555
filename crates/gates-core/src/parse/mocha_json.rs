//! Mocha JSON (`mocha --reporter json`).
//!
//! Producers seen: mocha 12.0. Read from mocha's `lib/reporters/json.js`: `tests` lists every
//! test that ended, `passes`, `failures` and `pending` the outcomes, `stats` the totals.
//!
//! The `passes`, `failures` and `pending` lists are the oracle; `stats` is only compared with them.
//! - A failure that is one of the `tests` (same full title and file, counted) is a failed test.
//!   Any other failure is a hook's (`"before all" hook for "…"`) or an error outside a test: an
//!   errored case, as mocha counts it among its failures and runs none of the hook's tests.
//! - `currentRetry` above 0 are retries (`this.retries(n)`): the final outcome stands.
//! - A test file that throws at load time stops mocha before it writes any JSON: the empty
//!   file is refused.

use std::collections::HashMap;
use std::io::BufRead;

use serde::Deserialize;

use super::Format;
use super::error::ParseError;
use super::json::{self, LenientCount, LenientNumber};
use crate::model::{Problem, Report, ReportContent, TestCase, TestRun, TestStatus};

#[derive(Deserialize)]
struct Results {
    stats: Stats,
    tests: Vec<Test>,
    passes: Vec<Test>,
    failures: Vec<Test>,
    pending: Vec<Test>,
}

#[derive(Deserialize)]
struct Stats {
    passes: LenientCount,
    pending: LenientCount,
    failures: LenientCount,
    #[serde(default)]
    duration: Option<LenientNumber>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Test {
    title: String,
    full_title: String,
    #[serde(default)]
    file: Option<String>,
    #[serde(default)]
    duration: Option<LenientNumber>,
    #[serde(default)]
    current_retry: Option<LenientCount>,
    #[serde(default)]
    err: Option<Failure>,
}

#[derive(Deserialize)]
struct Failure {
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    stack: Option<String>,
}

/// Parses a Mocha JSON report.
pub(crate) fn parse(input: impl BufRead) -> Result<Report, ParseError> {
    let results: Results = json::from_reader(Format::MochaJson, input)?;
    let mut tests_listed: HashMap<(&str, Option<&str>), u64> = HashMap::new();
    for test in &results.tests {
        *tests_listed.entry((test.full_title.as_str(), test.file.as_deref())).or_default() += 1;
    }
    let mut run = TestRun::default();
    for test in &results.passes {
        run.add(test_case(test, TestStatus::Passed));
    }
    for test in &results.failures {
        let problem = test.err.as_ref().map_or_else(Problem::default, |err| {
            Problem::new(err.message.clone(), err.name.clone(), err.stack.clone())
        });
        let listed = tests_listed.get_mut(&(test.full_title.as_str(), test.file.as_deref()));
        let status = match listed {
            Some(remaining) if *remaining > 0 => {
                *remaining -= 1;
                TestStatus::Failed(problem)
            }
            _ => TestStatus::Errored(problem),
        };
        run.add(test_case(test, status));
    }
    for test in &results.pending {
        run.add(test_case(test, TestStatus::Skipped { message: None }));
    }
    let own = (results.stats.passes.0, results.stats.failures.0, results.stats.pending.0);
    let listed = (results.passes.len() as u64, results.failures.len() as u64, results.pending.len() as u64);
    let mut notes = Vec::new();
    if own != listed {
        notes.push(format!(
            "mocha's stats say {} passes, {} failures and {} pending; the lists hold {}, {} and {}",
            own.0, own.1, own.2, listed.0, listed.1, listed.2
        ));
    }
    let duration_s = results.stats.duration.map(|ms| ms.0 / 1000.0).filter(|s| s.is_finite() && *s >= 0.0);
    Ok(Report {
        format: Format::MochaJson,
        producer: Some("mocha".to_owned()),
        notes,
        content: ReportContent::Tests(TestRun { duration_s, ..run }),
    })
}

fn test_case(test: &Test, status: TestStatus) -> TestCase {
    let mut case = TestCase::new(test.title.clone(), status);
    // The full title is the suites' titles, then the test's, joined by spaces.
    let suite = test.full_title.strip_suffix(test.title.as_str()).map(str::trim_end).unwrap_or_default();
    if !suite.is_empty() {
        case.suite = Some(suite.to_owned());
    }
    case.file = test.file.clone();
    case.time_s =
        test.duration.map(|ms| ms.0 / 1000.0).filter(|seconds| seconds.is_finite() && *seconds >= 0.0);
    case.attempts = test
        .current_retry
        .and_then(|LenientCount(retries)| u32::try_from(retries).ok())
        .map_or(1, |retries| retries.saturating_add(1));
    case
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_str;

    #[test]
    fn a_hook_failure_is_an_error_and_repeated_titles_stay_distinct() {
        let json = r#"{"stats": {"suites": 1, "tests": 3, "passes": 2, "pending": 0, "failures": 2, "duration": 5},
          "tests": [{"title": "same", "fullTitle": "s same", "file": "/w/t.js", "duration": 1, "currentRetry": 0, "err": {}},
                    {"title": "same", "fullTitle": "s same", "file": "/w/t.js", "duration": 1, "currentRetry": 0, "err": {}},
                    {"title": "bad", "fullTitle": "s bad", "file": "/w/t.js", "duration": 1, "currentRetry": 1, "err": {"message": "no"}}],
          "passes": [{"title": "same", "fullTitle": "s same", "file": "/w/t.js", "currentRetry": 0, "err": {}},
                     {"title": "same", "fullTitle": "s same", "file": "/w/t.js", "currentRetry": 0, "err": {}}],
          "failures": [{"title": "bad", "fullTitle": "s bad", "file": "/w/t.js", "currentRetry": 1, "err": {"message": "no"}},
                       {"title": "\"before all\" hook", "fullTitle": "db \"before all\" hook", "file": "/w/t.js", "err": {"message": "down"}}],
          "pending": []}"#;
        let report = parse_str(Format::MochaJson, json).unwrap();
        let ReportContent::Tests(run) = report.content else { panic!("not tests") };
        let counts = run.counts();
        assert_eq!((counts.total, counts.passed, counts.failed, counts.errors), (4, 2, 1, 1));
        // The passes are counted, not listed.
        assert_eq!((run.plain_passes, run.cases[0].attempts), (2, 2));
        assert_eq!(run.cases[1].suite.as_deref(), Some("db"));
        assert!(report.notes.is_empty(), "{:?}", report.notes);
    }
}

//! CTRF JSON, the Common Test Report Format.
//!
//! Producers seen: jest-ctrf-json-reporter 0.0.11 (jest 30.5) and mocha-ctrf-json-reporter
//! 0.0.11 (mocha 12.0), which write `suite` as one string joined by ` > `; the current schema
//! (ctrf-io/ctrf `schema/ctrf.schema.json`) writes it as a list, and both are read.
//!
//! The `tests` are the oracle; `summary` is only compared with them.
//! - `passed` passes, `failed` fails, `skipped` and `pending` are skipped.
//! - `other` is the catch-all: skipped when the producer's `rawStatus` says the test was not
//!   meant to run (`todo`, `disabled`, `skipped`, `pending`), otherwise an error, since an
//!   outcome gates cannot name must not pass.
//! - `retries` are attempts before the final outcome; `flaky` marks a pass after failures.
//! - CTRF has no status for a test file that could not run: the jest reporter leaves such a file
//!   out, so only jest's own JSON (`jest-json`) sees it.

use std::io::BufRead;

use serde::{Deserialize, Deserializer};

use super::Format;
use super::error::ParseError;
use super::json::{self, LenientCount, LenientNumber};
use crate::model::{Problem, Report, ReportContent, TestCase, TestRun, TestStatus};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Document {
    results: Results,
}

#[derive(Deserialize)]
struct Results {
    tool: Tool,
    summary: Summary,
    tests: Vec<Test>,
}

#[derive(Deserialize)]
struct Tool {
    name: String,
    #[serde(default)]
    version: Option<String>,
}

#[derive(Deserialize)]
struct Summary {
    passed: LenientCount,
    failed: LenientCount,
    skipped: LenientCount,
    pending: LenientCount,
    other: LenientCount,
    #[serde(default)]
    start: Option<LenientNumber>,
    #[serde(default)]
    stop: Option<LenientNumber>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Test {
    name: String,
    status: Status,
    #[serde(default)]
    duration: Option<LenientNumber>,
    #[serde(default)]
    suite: Option<Suite>,
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    trace: Option<String>,
    #[serde(default)]
    line: Option<LenientNumber>,
    #[serde(default)]
    raw_status: Option<String>,
    #[serde(default)]
    file_path: Option<String>,
    #[serde(default)]
    retries: Option<LenientCount>,
    #[serde(default)]
    flaky: Option<bool>,
}

#[derive(Deserialize, Clone, Copy, PartialEq)]
#[serde(rename_all = "lowercase")]
enum Status {
    Passed,
    Failed,
    Skipped,
    Pending,
    Other,
}

/// The suite path: one string (older reporters) or the titles from the top (the schema).
struct Suite(String);

impl<'de> Deserialize<'de> for Suite {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Suite;
            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("a suite name or a list of suite titles")
            }
            fn visit_str<E: serde::de::Error>(self, joined: &str) -> Result<Suite, E> {
                Ok(Suite(joined.to_owned()))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut titles: A) -> Result<Suite, A::Error> {
                let mut joined = String::new();
                while let Some(title) = titles.next_element::<String>()? {
                    if !joined.is_empty() {
                        joined.push_str(" > ");
                    }
                    joined.push_str(&title);
                }
                Ok(Suite(joined))
            }
        }
        deserializer.deserialize_any(Visit)
    }
}

/// Raw statuses of tests that were not meant to run, which reporters file under `other`.
const NOT_RUN_RAW_STATUSES: &[&str] = &["todo", "disabled", "skipped", "pending"];

/// Parses a CTRF JSON report.
pub(crate) fn parse(input: impl BufRead) -> Result<Report, ParseError> {
    let Document { results } = json::from_reader(Format::Ctrf, input)?;
    let statuses: Vec<Status> = results.tests.iter().map(|test| test.status).collect();
    let run: TestRun = results.tests.into_iter().map(test_case).collect();
    let summary = &results.summary;
    let own = [summary.passed.0, summary.failed.0, summary.skipped.0, summary.pending.0, summary.other.0];
    let listed = [Status::Passed, Status::Failed, Status::Skipped, Status::Pending, Status::Other]
        .map(|status| statuses.iter().filter(|each| **each == status).count() as u64);
    let mut notes = Vec::new();
    if own != listed {
        notes.push(format!(
            "the summary says {} passed, {} failed, {} skipped, {} pending and {} other; the tests listed say {}, {}, {}, {} and {}",
            own[0], own[1], own[2], own[3], own[4], listed[0], listed[1], listed[2], listed[3], listed[4]
        ));
    }
    let duration_s = match (summary.start, summary.stop) {
        (Some(start), Some(stop)) if stop.0 >= start.0 => Some((stop.0 - start.0) / 1000.0),
        _ => None,
    }
    .filter(|seconds| seconds.is_finite());
    let producer = match &results.tool.version {
        Some(version) => format!("{} {version}", results.tool.name),
        None => results.tool.name.clone(),
    };
    Ok(Report {
        format: Format::Ctrf,
        producer: Some(producer),
        notes,
        content: ReportContent::Tests(TestRun { duration_s, ..run }),
    })
}

fn test_case(test: Test) -> TestCase {
    let problem = || Problem::new(test.message.clone(), None, test.trace.clone());
    let status = match test.status {
        Status::Passed => TestStatus::Passed,
        Status::Failed => TestStatus::Failed(problem()),
        Status::Skipped | Status::Pending => TestStatus::Skipped { message: None },
        Status::Other => match test.raw_status.as_deref() {
            Some(raw) if NOT_RUN_RAW_STATUSES.contains(&raw) => {
                TestStatus::Skipped { message: Some(raw.to_owned()) }
            }
            raw => {
                let what = format!("status `other` (raw status {:?})", raw.unwrap_or("none"));
                let message =
                    test.message.clone().map_or(what.clone(), |message| format!("{what}: {message}"));
                TestStatus::Errored(Problem::new(Some(message), None, test.trace.clone()))
            }
        },
    };
    let retries = test.retries.and_then(|LenientCount(retries)| u32::try_from(retries).ok()).unwrap_or(0);
    let mut case = TestCase::new(test.name, status);
    case.suite = test.suite.map(|Suite(suite)| suite).filter(|suite| !suite.is_empty());
    case.file = test.file_path;
    case.line = test.line.and_then(LenientNumber::line);
    case.time_s =
        test.duration.map(|ms| ms.0 / 1000.0).filter(|seconds| seconds.is_finite() && *seconds >= 0.0);
    case.attempts = retries.saturating_add(1);
    if test.flaky == Some(true) && case.attempts == 1 {
        case.attempts = 2;
    }
    case
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_str;

    #[test]
    fn other_is_an_error_unless_the_raw_status_says_not_run() {
        let json = r#"{"reportFormat": "CTRF", "specVersion": "0.0.0", "results": {
          "tool": {"name": "x", "version": "1.2"},
          "summary": {"tests": 4, "passed": 1, "failed": 0, "skipped": 0, "pending": 0, "other": 3, "start": 1000, "stop": 3500},
          "tests": [
            {"name": "a", "status": "passed", "duration": 5, "suite": ["top", "inner"], "retries": 1, "flaky": true},
            {"name": "b", "status": "other", "rawStatus": "todo", "duration": 0},
            {"name": "c", "status": "other", "rawStatus": "interrupted", "duration": 0},
            {"name": "d", "status": "other", "duration": 0}]}}"#;
        let report = parse_str(Format::Ctrf, json).unwrap();
        assert_eq!(report.producer.as_deref(), Some("x 1.2"));
        let ReportContent::Tests(run) = report.content else { panic!("not tests") };
        let counts = run.counts();
        assert_eq!((counts.passed, counts.skipped, counts.errors, counts.flaky), (1, 1, 2, 1));
        assert_eq!(run.cases[0].suite.as_deref(), Some("top > inner"));
        assert_eq!(run.duration_s, Some(2.5));
        assert!(report.notes.is_empty(), "{:?}", report.notes);
    }
}

//! JUnit XML.
//!
//! Producers seen: pytest 5–9 (`junit_family` xunit1 and xunit2, with pytest-rerunfailures),
//! Maven Surefire 2–3, jest-junit, go-junit-report 2, gotestsum, cargo-nextest (quick-junit),
//! Bazel, PHPUnit, xunit.net. There is no single spec; Surefire's XSD and quick-junit's writer
//! were read for the rerun elements.
//!
//! The `<testcase>` elements are the oracle; suite counters are only compared with them to warn.
//! - One element with several outcomes counts as the worst: error, then failure, then skipped.
//! - A later element with the same suite, class and name is a rerun only after a failed or
//!   errored attempt, or in pytest's reports (pytest-rerunfailures writes each failed attempt as
//!   an empty `<testcase>`); its outcome replaces the earlier. Elsewhere (jest, mocha, data-driven
//!   runners) each element is its own test, so a pass after a pass is never flaky. pytest writes a
//!   call failure followed by a teardown error of the same run as two elements: two problems in a
//!   row are one attempt, and the first (the test's own failure) stands.
//! - `status="disabled"`/`"notrun"`/`"skipped"`/`"ignored"` or `result="skipped"`/`"suppressed"`
//!   on a `<testcase>` makes it skipped; a `<failure>`/`<error>` child still wins.
//! - Summed `time` attributes that overflow are refused.
//! - Surefire and nextest keep reruns inside the element: `flakyFailure`/`flakyError` are failed
//!   attempts before a pass, `rerunFailure`/`rerunError` failed attempts after the first failure.
//! - pytest writes `line` 0-based; a report whose suites carry pytest's names (`pytest tests`,
//!   `pytest`) has its lines shifted to the 1-based numbers the model uses.

use std::hash::BuildHasher;
use std::io::BufRead;

use quick_xml::events::{BytesStart, Event};

use super::error::{ParseError, ParseErrorKind};
use super::xml::{self, TextBuffer};
use super::{Format, number};
use crate::model::{Problem, Report, ReportContent, TestCase, TestRun, TestStatus};

/// Parses a JUnit XML report.
pub(crate) fn parse<R: BufRead>(input: R) -> Result<Report, ParseError> {
    let mut reader = xml::reader(input);
    let mut buf = Vec::new();
    let mut parser = Parser::default();
    let mut document = xml::Document::new(&["testsuites", "testsuite"]).nestable(&["testsuite"]);
    loop {
        let start = reader.buffer_position();
        let event = reader.read_event_into(&mut buf).map_err(|error| {
            ParseError::new(Format::Junit, xml::malformed(error)).at(reader.error_position())
        })?;
        document.check(&event, false).map_err(|kind| parser.error(kind, start))?;
        let step = match event {
            Event::Start(element) => parser.open(&element, false),
            Event::Empty(element) => parser.open(&element, true),
            Event::End(_) => {
                parser.close();
                Ok(())
            }
            Event::Text(text) => {
                if let Some(body) = parser.body_in_reach() {
                    body.push_text(&text);
                }
                Ok(())
            }
            Event::CData(cdata) => {
                if let Some(body) = parser.body_in_reach() {
                    body.push_cdata(&cdata);
                }
                Ok(())
            }
            Event::GeneralRef(reference) => match parser.body_in_reach() {
                Some(body) => body.push_reference(&reference),
                None => Ok(()),
            },
            Event::Eof => break,
            _ => Ok(()),
        };
        step.map_err(|kind| parser.error(kind, start))?;
        buf.clear();
    }
    parser.finish()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Rank {
    Skipped,
    Failure,
    Error,
}

/// What one element inside a `<testcase>` means.
#[derive(Debug, Clone, Copy)]
enum Child {
    Outcome(Rank),
    /// A failed attempt before the final pass (Surefire, nextest).
    FlakyAttempt,
    /// A failed attempt after the first failure (Surefire, nextest).
    FailedRerun,
}

impl Child {
    fn from_name(name: &str) -> Option<Child> {
        Some(match name {
            "failure" => Child::Outcome(Rank::Failure),
            "error" => Child::Outcome(Rank::Error),
            "skipped" => Child::Outcome(Rank::Skipped),
            "flakyFailure" | "flakyError" => Child::FlakyAttempt,
            "rerunFailure" | "rerunError" => Child::FailedRerun,
            _ => return None,
        })
    }
}

#[derive(Debug)]
struct Suite {
    name: Option<String>,
    declared_tests: Option<u64>,
    cases_seen: u64,
}

#[derive(Debug)]
struct OpenCase {
    case: TestCase,
    worst: Option<(Rank, Problem)>,
    extra_attempts: u32,
    /// Elements open inside this testcase.
    depth: u32,
    body: Option<OpenBody>,
}

#[derive(Debug)]
struct OpenBody {
    rank: Rank,
    message: Option<String>,
    kind: Option<String>,
    text: TextBuffer,
    depth: u32,
}

/// An element open outside any testcase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outside {
    Suite,
    Other,
}

#[derive(Debug, Default)]
struct Parser {
    root: Option<String>,
    open_outside_cases: Vec<Outside>,
    root_closed: bool,
    root_time: Option<f64>,
    top_suites_time: Option<f64>,
    cases_time: Option<f64>,
    suites: Vec<Suite>,
    case: Option<OpenCase>,
    cases: Vec<TestCase>,
    /// Where each test was first recorded, by the hash of its (suite, class, name), so the names
    /// are not stored twice; `cases` settles what a hash collision would confuse.
    seen: hashbrown::HashTable<usize>,
    hasher: foldhash::fast::RandomState,
    elements_seen: u64,
    notes: Vec<String>,
    /// Written by pytest, whose `line` attributes are 0-based.
    pytest: bool,
}

impl Parser {
    fn open(&mut self, element: &BytesStart<'_>, empty: bool) -> Result<(), ParseErrorKind> {
        let name = element.name();
        let name = name.as_ref();
        if self.root.is_none() {
            self.open_root(element, name, empty)?;
        }
        if let Some(case) = &mut self.case {
            if !empty {
                case.depth += 1;
            }
            return open_in_case(case, element, name, empty);
        }
        match name {
            "testsuite" => self.open_suite(element, empty),
            "testcase" => {
                self.open_case(element)?;
                if empty {
                    self.close_case();
                }
                Ok(())
            }
            _ => {
                if !empty {
                    self.open_outside_cases.push(Outside::Other);
                }
                Ok(())
            }
        }
    }

    fn open_root(&mut self, element: &BytesStart<'_>, name: &str, empty: bool) -> Result<(), ParseErrorKind> {
        if !matches!(name, "testsuites" | "testsuite") {
            return Err(ParseErrorKind::WrongRoot {
                expected: "a <testsuites> or <testsuite> root element",
                found: name.to_owned(),
            });
        }
        self.root = Some(name.to_owned());
        self.root_closed = empty;
        self.pytest |= xml::attribute(element, "name")?.as_deref() == Some("pytest tests");
        if name == "testsuites" {
            self.root_time = xml::attribute(element, "time")?.and_then(|time| number::seconds(&time));
        }
        Ok(())
    }

    fn open_suite(&mut self, element: &BytesStart<'_>, empty: bool) -> Result<(), ParseErrorKind> {
        if self.suites.is_empty()
            && let Some(time) = xml::attribute(element, "time")?.and_then(|time| number::seconds(&time))
        {
            self.top_suites_time = Some(add_seconds(self.top_suites_time, time)?);
        }
        let name = xml::owned_attribute(element, "name")?;
        self.pytest |= name.as_deref() == Some("pytest");
        self.suites.push(Suite {
            name,
            declared_tests: xml::attribute(element, "tests")?.and_then(|tests| number::count(&tests)),
            cases_seen: 0,
        });
        if empty {
            self.close_suite();
        } else {
            self.open_outside_cases.push(Outside::Suite);
        }
        Ok(())
    }

    fn open_case(&mut self, element: &BytesStart<'_>) -> Result<(), ParseErrorKind> {
        self.elements_seen += 1;
        let mut case =
            TestCase::new(xml::owned_attribute(element, "name")?.unwrap_or_default(), TestStatus::Passed);
        case.suite = self.suites.last().and_then(|suite| suite.name.clone());
        case.classname = xml::owned_attribute(element, "classname")?;
        case.file = xml::owned_attribute(element, "file")?;
        case.line = xml::attribute(element, "line")?.and_then(|line| number::line_number(&line));
        case.time_s = xml::attribute(element, "time")?.and_then(|time| number::seconds(&time));
        if let Some(time) = case.time_s {
            self.cases_time = Some(add_seconds(self.cases_time, time)?);
        }
        let worst = did_not_run(element)?.then(|| (Rank::Skipped, Problem::default()));
        self.case = Some(OpenCase { case, worst, extra_attempts: 0, depth: 0, body: None });
        Ok(())
    }

    fn close(&mut self) {
        match &mut self.case {
            Some(case) if case.depth == 0 => self.close_case(),
            Some(case) => {
                if case.body.as_ref().is_some_and(|body| body.depth == case.depth) {
                    close_body(case);
                }
                case.depth -= 1;
            }
            None => {
                if self.open_outside_cases.pop() == Some(Outside::Suite) {
                    self.close_suite();
                }
                self.root_closed |= self.open_outside_cases.is_empty();
            }
        }
    }

    fn close_suite(&mut self) {
        if let Some(suite) = self.suites.pop() {
            if suite.cases_seen == 0 && suite.declared_tests.unwrap_or(0) > 0 {
                self.notes.push(format!(
                    "testsuite {:?} declares {} tests but lists none; only listed tests are counted",
                    suite.name.as_deref().unwrap_or(""),
                    suite.declared_tests.unwrap_or(0)
                ));
            }
            if let Some(parent) = self.suites.last_mut() {
                parent.cases_seen += suite.cases_seen;
            }
        }
    }

    fn close_case(&mut self) {
        let Some(open) = self.case.take() else { return };
        let mut case = open.case;
        case.attempts = 1 + open.extra_attempts;
        case.status = match open.worst {
            None => TestStatus::Passed,
            Some((Rank::Skipped, problem)) => TestStatus::Skipped { message: problem.message },
            Some((Rank::Failure, problem)) => TestStatus::Failed(problem),
            Some((Rank::Error, problem)) => TestStatus::Errored(problem),
        };
        if let Some(suite) = self.suites.last_mut() {
            suite.cases_seen += 1;
        }
        self.record(case);
    }

    fn record(&mut self, case: TestCase) {
        if case.name.is_empty() {
            // Nameless tests cannot be told apart, so none is taken for a rerun of another.
            self.cases.push(case);
            return;
        }
        let hasher = &self.hasher;
        let cases = &mut self.cases;
        let pytest = self.pytest;
        let hash = hasher.hash_one(identity(&case));
        let earlier =
            self.seen.find(hash, |&at| cases.get(at).is_some_and(|seen| identity(seen) == identity(&case)));
        match earlier.copied().and_then(|at| cases.get_mut(at)) {
            None => {
                self.seen.insert_unique(hash, cases.len(), |&at| {
                    cases.get(at).map_or(0, |seen| hasher.hash_one(identity(seen)))
                });
                cases.push(case);
            }
            Some(earlier) if is_problem(&earlier.status) && is_problem(&case.status) => {
                // pytest: the test's own failure, then a teardown error of the same attempt.
            }
            Some(earlier) if is_problem(&earlier.status) || pytest => {
                let attempts = earlier.attempts.saturating_add(case.attempts);
                *earlier = case;
                earlier.attempts = attempts;
            }
            // Not a rerun: jest, mocha and data-driven runners repeat names for distinct tests.
            Some(_) => cases.push(case),
        }
    }

    fn body_in_reach(&mut self) -> Option<&mut TextBuffer> {
        let case = self.case.as_mut()?;
        let body = case.body.as_mut()?;
        (body.depth == case.depth).then_some(&mut body.text)
    }

    fn error(&self, kind: ParseErrorKind, offset: u64) -> ParseError {
        let mut error = ParseError::new(Format::Junit, kind).at(offset);
        if let Some(case) = &self.case {
            error = error.in_element(format!("testcase[{}](\"{}\")", self.elements_seen, case.case.name));
        }
        error
    }

    fn finish(self) -> Result<Report, ParseError> {
        let Some(root) = self.root else {
            return Err(ParseError::new(
                Format::Junit,
                ParseErrorKind::WrongRoot {
                    expected: "a <testsuites> or <testsuite> root element",
                    found: "nothing".to_owned(),
                },
            ));
        };
        if !self.root_closed {
            return Err(ParseError::new(Format::Junit, ParseErrorKind::Truncated(root)));
        }
        let mut cases = self.cases;
        if self.pytest {
            for case in &mut cases {
                case.line = case.line.map(|line| line.saturating_add(1));
            }
        }
        let run = TestRun { cases, duration_s: self.root_time.or(self.top_suites_time).or(self.cases_time) };
        Ok(Report {
            format: Format::Junit,
            producer: self.pytest.then(|| "pytest".to_owned()),
            notes: self.notes,
            content: ReportContent::Tests(run),
        })
    }
}

fn open_in_case(
    case: &mut OpenCase,
    element: &BytesStart<'_>,
    name: &str,
    empty: bool,
) -> Result<(), ParseErrorKind> {
    if case.body.is_some() {
        return Ok(());
    }
    match Child::from_name(name) {
        Some(Child::Outcome(rank)) => {
            let body = OpenBody {
                rank,
                message: xml::owned_attribute(element, "message")?,
                kind: xml::owned_attribute(element, "type")?,
                text: TextBuffer::new(Problem::OUTPUT_LIMIT),
                depth: case.depth,
            };
            case.body = Some(body);
            if empty {
                close_body(case);
            }
        }
        Some(Child::FlakyAttempt | Child::FailedRerun) => {
            case.extra_attempts = case.extra_attempts.saturating_add(1)
        }
        None => {}
    }
    Ok(())
}

fn close_body(case: &mut OpenCase) {
    let Some(mut body) = case.body.take() else { return };
    if case.worst.as_ref().is_some_and(|(worst, _)| *worst >= body.rank) {
        return;
    }
    let mut message = body.message;
    if let Some(text) = &mut message {
        crate::model::truncate_at_char(text, Problem::OUTPUT_LIMIT);
    }
    let problem = Problem::new(message, body.kind, body.text.take());
    case.worst = Some((body.rank, problem));
}

/// A `status`/`result` attribute saying the test did not run (C++ tst, GoogleTest, others).
fn did_not_run(element: &BytesStart<'_>) -> Result<bool, ParseErrorKind> {
    let not_run = |value: Option<std::borrow::Cow<'_, str>>| {
        value.is_some_and(|value| {
            ["disabled", "notrun", "skipped", "ignored", "suppressed"]
                .iter()
                .any(|word| value.eq_ignore_ascii_case(word))
        })
    };
    Ok(not_run(xml::attribute(element, "status")?) || not_run(xml::attribute(element, "result")?))
}

/// Adds `time` to a running total of seconds, refusing a total too large to hold.
fn add_seconds(total: Option<f64>, time: f64) -> Result<f64, ParseErrorKind> {
    let sum = total.unwrap_or(0.0) + time;
    if sum.is_finite() {
        Ok(sum)
    } else {
        Err(ParseErrorKind::InvalidValue {
            expected: "`time` attributes whose sum stays a finite number of seconds",
            found: format!("{time}"),
        })
    }
}

fn is_problem(status: &TestStatus) -> bool {
    matches!(status, TestStatus::Failed(_) | TestStatus::Errored(_))
}

/// What tells one test from another: its suite, class and name.
fn identity(case: &TestCase) -> (Option<&str>, Option<&str>, &str) {
    (case.suite.as_deref(), case.classname.as_deref(), case.name.as_str())
}

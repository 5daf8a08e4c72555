//! NUnit XML: NUnit 3's `<test-run>` (nunit3-console, the NUnit test adapter's
//! `NUnit.TestOutputXml`, NUnitLite) and NUnit 2's `<test-results>` (nunit-console 2.x).
//!
//! Learned from NUnit's "Test Result XML Format" documentation (NUnit 3) and the NUnit 2.5
//! `Results.xsd`; no .NET runs here, so the fixtures are written by hand in that shape.
//!
//! Suites (`<test-suite type="Assembly|TestSuite|TestFixture|ParameterizedMethod|…">`) nest to
//! any depth (in NUnit 2 inside `<results>`); each `<test-case>` is one test.
//! - NUnit 3 `result`/`label`: `Passed` and `Warning` pass; `Failed` fails, and is an error when
//!   its `label` is `Error`, `Invalid` or `Cancelled` (an exception, a test that cannot run, a
//!   cancelled run); `Skipped` (`Ignored`, `Explicit` or none) and `Inconclusive` are skipped.
//!   The message and stack trace come from `<failure>`, a skip's reason from `<reason>`. The
//!   class is the test case's `classname`, the suite the assembly's name.
//! - NUnit 2 `result`: `Success` passes, `Failure` fails, `Error`, `NotRunnable` and `Cancelled`
//!   are errors, `Ignored`, `Skipped` and `Inconclusive` are skipped; where `result` is missing
//!   (NUnit 2.4), `executed="False"` is skipped and `success` decides. Its test cases carry full
//!   names: the class is the namespace and fixture suites above, and is cut from the name.
//! - A suite that failed on its own (a `OneTimeSetUp` that threw, an assembly that could not be
//!   loaded) with no failed test below it is one errored test named after the suite, never
//!   dropped; so is an NUnit 3 suite whose failure `site` is `TearDown` (its tests passed before
//!   its `OneTimeTearDown` threw). A suite failed only through its children (`site="Child"`)
//!   adds nothing.
//! - The root's counts are checked against the test cases: NUnit 3's `total`, `passed`,
//!   `failed`, `skipped`, `inconclusive` and `warnings` are computed from those very results,
//!   so a disagreement means test cases were lost and the report is refused (`total` may leave
//!   the warnings out, as NUnit 3.7–3.9 wrote it). NUnit 2's writers counted differently:
//!   `total` is the tests run (2.5 on, and the NUnit 3 engine's `nunit2` writer) or all test
//!   cases (before), `failures` the failures or (before `errors` was written) the failures and
//!   errors; `ignored` (2.5 on) the ignored tests. A `total`, `failures` or `ignored` that is none
//!   of these is refused; `errors` disagreeing is a note. The suite errors above are beyond those counts.
//! - Text directly in a run, suite, `<results>` list, test case, failure or reason (all of
//!   elements only) is refused: it is what is left of a damaged element.
//! - NUnit 3's `<test-run>` must have its `duration`, and each `<test-suite>` its `result`, which
//!   it always writes.
//! - Durations are seconds (`duration` in NUnit 3, `time` in NUnit 2); one that is not a
//!   number is refused. The run's duration is the root's `duration` (NUnit 3) or the sum of the
//!   top-level suites' `time` (NUnit 2). The file streams; memory follows the tests kept.

use std::io::BufRead;

use super::error::{ParseError, ParseErrorKind};
use super::xml::{self, TextBuffer};
use super::{Format, number};
use crate::model::{Problem, Report, ReportContent, TestCase, TestRun, TestStatus};

/// Parses an NUnit 3 or NUnit 2 XML report.
pub(crate) fn parse<R: BufRead + Send>(input: R) -> Result<Report, ParseError> {
    let mut parser = Parser::default();
    xml::read_document(
        input,
        Format::Nunit,
        xml::Document::new(
            &["test-run", "test-results"],
            "a <test-run> (NUnit 3) or <test-results> (NUnit 2) root element",
        ),
        &mut parser,
    )?;
    parser.finish()
}

impl xml::Handler for Parser {
    fn on_open(&mut self, element: &xml::Tag<'_>, empty: bool, at: u64) -> Result<(), ParseErrorKind> {
        self.open(element, empty, at)
    }

    fn on_close(&mut self) -> Result<(), ParseErrorKind> {
        self.close()
    }

    fn text_sink(&mut self) -> Option<&mut xml::TextBuffer> {
        self.capture.as_mut().map(|(_, buffer)| buffer)
    }

    fn takes_text(&self) -> bool {
        !matches!(
            self.open.last(),
            Some(
                Open::Root
                    | Open::Suite
                    | Open::Results
                    | Open::Case
                    | Open::SuiteFailure
                    | Open::CaseFailure
                    | Open::SuiteReason
                    | Open::CaseReason
            )
        )
    }

    fn error_at(&self, kind: ParseErrorKind, offset: u64) -> ParseError {
        self.error(kind, offset)
    }
}

/// Which NUnit wrote the report, told by its root.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Version {
    #[default]
    Three,
    Two,
}

/// What an outcome makes of a test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Passed,
    Failed,
    Errored,
    Skipped,
}

/// The outcome as the report's counts count it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Counted {
    Passed,
    Failed,
    Skipped,
    Inconclusive,
    Warning,
    /// NUnit 2: `Error`, `Cancelled`.
    Error,
    /// NUnit 2: a test that did not run (`Skipped`, `NotRunnable`).
    NotRun,
    /// NUnit 2: an `Ignored` test, which did not run either.
    Ignored,
}

impl Counted {
    /// Whether an NUnit 2 test case did not run: it is not in the root's `total` (2.5 on).
    fn did_not_run(self) -> bool {
        matches!(self, Counted::NotRun | Counted::Ignored)
    }
}

/// What an open element is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Open {
    Root,
    Suite,
    SuiteFailure,
    SuiteReason,
    Case,
    CaseFailure,
    CaseReason,
    /// NUnit 2's list of a suite's tests.
    Results,
    Text(Target),
    Other,
}

/// Where captured text goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    CaseMessage,
    CaseStackTrace,
    CaseReason,
    SuiteMessage,
}

#[derive(Debug)]
struct Suite {
    name: String,
    fullname: Option<String>,
    kind: Option<String>,
    failed: bool,
    site: Option<String>,
    label: Option<String>,
    message: Option<String>,
    problems_below: u64,
    time_s: Option<f64>,
}

#[derive(Debug)]
struct OpenCase {
    case: TestCase,
    kind: Kind,
    error_kind: Option<String>,
    message: Option<String>,
    stack_trace: Option<String>,
    reason: Option<String>,
}

/// The root's own counts, by attribute name.
#[derive(Debug, Default)]
struct Declared(Vec<(&'static str, u64)>);

#[derive(Debug, Default)]
struct Parser {
    version: Version,
    root_seen: bool,
    root_offset: u64,
    declared: Declared,
    run_duration: Option<f64>,
    open: Vec<Open>,
    suites: Vec<Suite>,
    case: Option<OpenCase>,
    cases_seen: u64,
    capture: Option<(Target, TextBuffer)>,
    run: TestRun,
    counted: Vec<Counted>,
    top_suites_time: Option<f64>,
}

/// The root attributes NUnit 3 counts test cases in, and what each counts.
const COUNTS_3: [(&str, Option<Counted>); 6] = [
    ("total", None),
    ("passed", Some(Counted::Passed)),
    ("failed", Some(Counted::Failed)),
    ("skipped", Some(Counted::Skipped)),
    ("inconclusive", Some(Counted::Inconclusive)),
    ("warnings", Some(Counted::Warning)),
];

/// The root attributes of NUnit 2 compared: `total` counts the tests that ran (2.5 on).
const COUNTS_2: [(&str, Option<Counted>); 4] = [
    ("total", None),
    ("failures", Some(Counted::Failed)),
    ("errors", Some(Counted::Error)),
    ("ignored", Some(Counted::Ignored)),
];

impl Parser {
    fn open(&mut self, element: &xml::Tag<'_>, empty: bool, offset: u64) -> Result<(), ParseErrorKind> {
        let name = element.name();
        let kind = if !self.root_seen {
            self.open_root(element, name, offset)?
        } else if self.case.is_some() {
            self.open_below_case(name)
        } else {
            match (name, self.open.last().copied()) {
                ("test-suite", _) => self.open_suite(element)?,
                ("test-case", _) => self.open_case(element)?,
                ("failure", Some(Open::Suite)) => Open::SuiteFailure,
                ("reason", Some(Open::Suite)) => Open::SuiteReason,
                ("message", Some(Open::SuiteFailure | Open::SuiteReason)) => {
                    self.capture(Target::SuiteMessage)
                }
                ("results", Some(Open::Suite)) => Open::Results,
                _ => Open::Other,
            }
        };
        if empty {
            self.closed(kind)?;
        } else {
            self.open.push(kind);
        }
        Ok(())
    }

    fn open_below_case(&mut self, name: &str) -> Open {
        match (name, self.open.last().copied()) {
            ("failure", Some(Open::Case)) => Open::CaseFailure,
            ("reason", Some(Open::Case)) => Open::CaseReason,
            ("message", Some(Open::CaseFailure)) => self.capture(Target::CaseMessage),
            ("stack-trace", Some(Open::CaseFailure)) => self.capture(Target::CaseStackTrace),
            ("message", Some(Open::CaseReason)) => self.capture(Target::CaseReason),
            _ => Open::Other,
        }
    }

    fn open_root(&mut self, element: &xml::Tag<'_>, name: &str, offset: u64) -> Result<Open, ParseErrorKind> {
        let (version, counts) = match name {
            "test-run" => (Version::Three, &COUNTS_3[..]),
            // The document has refused any other root than these two.
            _ => (Version::Two, &COUNTS_2[..]),
        };
        self.version = version;
        self.root_seen = true;
        self.root_offset = offset;
        for (attribute, _) in counts {
            if let Some(value) = element.attribute(attribute) {
                let count = number::count(value)
                    .ok_or_else(|| ParseErrorKind::invalid("a count of test cases", value))?;
                self.declared.0.push((attribute, count));
            }
        }
        if version == Version::Three {
            // NUnit 3 always writes it; a run without it is damaged.
            self.run_duration =
                Some(seconds(element, "duration")?.ok_or(ParseErrorKind::MissingAttribute("duration"))?);
        }
        Ok(Open::Root)
    }

    fn open_suite(&mut self, element: &xml::Tag<'_>) -> Result<Open, ParseErrorKind> {
        let result = element.owned_attribute("result");
        let failed = match self.version {
            // NUnit 3 writes every suite's result: one without has lost it (and its failure).
            Version::Three => {
                result.as_deref().ok_or(ParseErrorKind::MissingAttribute("result"))? == "Failed"
            }
            Version::Two => match result.as_deref() {
                Some(result) => matches!(result, "Failure" | "Error" | "NotRunnable" | "Cancelled"),
                None => {
                    element.attribute("executed") == Some("True")
                        && element.attribute("success") == Some("False")
                }
            },
        };
        let time_s = seconds(element, if self.version == Version::Three { "duration" } else { "time" })?;
        if self.suites.is_empty()
            && let Some(time) = time_s
        {
            self.top_suites_time = Some(self.top_suites_time.unwrap_or(0.0) + time);
        }
        self.suites.push(Suite {
            name: element.owned_attribute("name").unwrap_or_default(),
            fullname: element.owned_attribute("fullname"),
            kind: element.owned_attribute("type"),
            failed,
            site: element.owned_attribute("site"),
            label: element.owned_attribute("label"),
            message: None,
            problems_below: 0,
            time_s,
        });
        Ok(Open::Suite)
    }

    fn open_case(&mut self, element: &xml::Tag<'_>) -> Result<Open, ParseErrorKind> {
        self.cases_seen += 1;
        let name = element.owned_attribute("name").unwrap_or_default();
        let result = element.owned_attribute("result");
        let label = element.owned_attribute("label");
        let (kind, counted, error_kind) = match self.version {
            Version::Three => outcome_3(result.as_deref(), label)?,
            Version::Two => {
                let executed = element.attribute("executed").map(|value| value == "True");
                let success = element.attribute("success").map(|value| value == "True");
                outcome_2(result.as_deref(), executed, success)?
            }
        };
        let mut case = TestCase::new(name, TestStatus::Passed);
        case.suite = self.assembly();
        match self.version {
            Version::Three => {
                case.classname = match element.owned_attribute("classname") {
                    Some(class) => Some(class),
                    None => self.fixture_fullname(),
                };
                case.time_s = seconds(element, "duration")?;
            }
            Version::Two => {
                let class = self.class_of_2();
                if let Some(class) = &class
                    && let Some(short) =
                        case.name.strip_prefix(class.as_str()).and_then(|rest| rest.strip_prefix('.'))
                {
                    case.name = short.to_owned();
                }
                case.classname = class;
                case.time_s = seconds(element, "time")?;
            }
        }
        self.counted.push(counted);
        self.case = Some(OpenCase { case, kind, error_kind, message: None, stack_trace: None, reason: None });
        Ok(Open::Case)
    }

    /// The name of the assembly suite the current element is in (its file name).
    fn assembly(&self) -> Option<String> {
        let suite = self.suites.iter().find(|suite| suite.kind.as_deref() == Some("Assembly"))?;
        Some(suite.name.rsplit(['/', '\\']).next().unwrap_or(&suite.name).to_owned())
    }

    /// NUnit 3: the full name of the nearest fixture, for a test case without `classname`.
    fn fixture_fullname(&self) -> Option<String> {
        let fixture = self.suites.iter().rev().find(|suite| suite.kind.as_deref() == Some("TestFixture"))?;
        fixture.fullname.clone().or_else(|| Some(fixture.name.clone()))
    }

    /// NUnit 2: the namespace and fixture suites above, joined with dots.
    fn class_of_2(&self) -> Option<String> {
        let parts: Vec<&str> = self
            .suites
            .iter()
            .filter(|suite| {
                matches!(suite.kind.as_deref(), Some("Namespace" | "TestFixture" | "GenericFixture"))
            })
            .map(|suite| suite.name.as_str())
            .collect();
        (!parts.is_empty()).then(|| parts.join("."))
    }

    fn capture(&mut self, target: Target) -> Open {
        self.capture = Some((target, TextBuffer::new(Problem::OUTPUT_LIMIT)));
        Open::Text(target)
    }

    fn close(&mut self) -> Result<(), ParseErrorKind> {
        match self.open.pop() {
            Some(kind) => self.closed(kind),
            None => Ok(()),
        }
    }

    fn closed(&mut self, kind: Open) -> Result<(), ParseErrorKind> {
        match kind {
            Open::Root => {}
            Open::Text(_) => {
                let Some((target, mut buffer)) = self.capture.take() else { return Ok(()) };
                let text = buffer.take();
                let trimmed = text.as_deref().map(|text| text.trim().to_owned());
                match (target, self.case.as_mut(), self.suites.last_mut()) {
                    (Target::CaseMessage, Some(case), _) => case.message = trimmed,
                    (Target::CaseStackTrace, Some(case), _) => case.stack_trace = text,
                    (Target::CaseReason, Some(case), _) => case.reason = trimmed,
                    (Target::SuiteMessage, _, Some(suite)) => {
                        suite.message = suite.message.take().or(trimmed)
                    }
                    _ => {}
                }
            }
            Open::Case => self.close_case(),
            Open::Suite => self.close_suite(),
            _ => {}
        }
        Ok(())
    }

    fn close_case(&mut self) {
        let Some(open) = self.case.take() else { return };
        let mut case = open.case;
        case.status = match open.kind {
            Kind::Passed => TestStatus::Passed,
            Kind::Skipped => TestStatus::Skipped { message: open.reason.or(open.message) },
            Kind::Failed => TestStatus::Failed(Problem::new(open.message, None, open.stack_trace)),
            Kind::Errored => {
                TestStatus::Errored(Problem::new(open.message, open.error_kind, open.stack_trace))
            }
        };
        if matches!(open.kind, Kind::Failed | Kind::Errored)
            && let Some(suite) = self.suites.last_mut()
        {
            suite.problems_below += 1;
        }
        self.run.add(case);
    }

    fn close_suite(&mut self) {
        let Some(suite) = self.suites.pop() else { return };
        let site = suite.site.as_deref();
        let own_failure = suite.failed
            && site != Some("Child")
            && (suite.problems_below == 0 || (self.version == Version::Three && site == Some("TearDown")));
        let mut problems = suite.problems_below;
        if own_failure {
            problems += 1;
            let name = suite.fullname.clone().unwrap_or_else(|| suite.name.clone());
            let kind = suite.site.clone().or_else(|| suite.label.clone());
            let mut case = TestCase::new(name, TestStatus::Errored(Problem::new(suite.message, kind, None)));
            case.suite = self.assembly().or_else(|| {
                (suite.kind.as_deref() == Some("Assembly"))
                    .then(|| suite.name.rsplit(['/', '\\']).next().unwrap_or(&suite.name).to_owned())
            });
            case.time_s = suite.time_s;
            self.run.add(case);
        }
        if let Some(parent) = self.suites.last_mut() {
            parent.problems_below += problems;
        }
    }

    fn error(&self, kind: ParseErrorKind, offset: u64) -> ParseError {
        let mut error = ParseError::new(Format::Nunit, kind).at(offset);
        if let Some(case) = &self.case {
            error = error.in_element(format!("test-case[{}](\"{}\")", self.cases_seen, case.case.name));
        }
        error
    }

    fn finish(self) -> Result<Report, ParseError> {
        let mut notes = Vec::new();
        if let Some(lost) = self.cases_lost_2() {
            let kind = ParseErrorKind::invalid("test-results counts that are its test cases'", &lost);
            return Err(ParseError::new(Format::Nunit, kind).at(self.root_offset));
        }
        if let Some(disagreement) = self.disagreement() {
            if self.version == Version::Three {
                let kind = ParseErrorKind::invalid("test-run counts that are its test cases'", &disagreement);
                return Err(ParseError::new(Format::Nunit, kind).at(self.root_offset));
            }
            notes.push(format!("the test-results counts disagree with its test cases: {disagreement}"));
        }
        let duration_s = match self.version {
            Version::Three => self.run_duration,
            Version::Two => self.top_suites_time.filter(|time| time.is_finite()),
        };
        Ok(Report {
            format: Format::Nunit,
            producer: Some(if self.version == Version::Three { "NUnit 3" } else { "NUnit 2" }.to_owned()),
            notes,
            content: ReportContent::Tests(TestRun { duration_s, ..self.run }),
        })
    }

    /// The NUnit 2 root's `total` and `failures` that no NUnit 2 writer would give for these test
    /// cases: `total` is the tests run (2.5 and later, and the NUnit 3 engine's `nunit2` writer)
    /// or all of them (earlier versions); `failures` the failed tests, or those and the errors
    /// (before 2.5 wrote `errors` apart). Either off means test cases were lost or added.
    fn cases_lost_2(&self) -> Option<String> {
        if self.version != Version::Two {
            return None;
        }
        let count = |which: Counted| self.counted.iter().filter(|counted| **counted == which).count() as u64;
        let (failed, errors) = (count(Counted::Failed), count(Counted::Error));
        let all = self.counted.len() as u64;
        let run = self.counted.iter().filter(|counted| !counted.did_not_run()).count() as u64;
        let lost: Vec<String> = self
            .declared
            .0
            .iter()
            .filter_map(|&(name, declared)| match name {
                "total" if declared != run && declared != all => {
                    Some(format!("total {declared} (test cases run: {run}, in all: {all})"))
                }
                "failures" if declared != failed && declared != failed + errors => {
                    Some(format!("failures {declared} (failed: {failed}, errors besides: {errors})"))
                }
                "ignored" if declared != count(Counted::Ignored) => {
                    Some(format!("ignored {declared} (test cases: {})", count(Counted::Ignored)))
                }
                _ => None,
            })
            .collect();
        (!lost.is_empty()).then(|| lost.join(", "))
    }

    /// The root's counts that differ from the test cases', as `name declared (counted)`.
    fn disagreement(&self) -> Option<String> {
        let differences: Vec<String> = self
            .declared
            .0
            .iter()
            .filter_map(|&(name, declared)| {
                let counted = match (name, self.version) {
                    // NUnit 3.7 to 3.9 left warnings out of `total`; later versions count them.
                    ("total", Version::Three) => {
                        let warnings =
                            self.counted.iter().filter(|counted| **counted == Counted::Warning).count();
                        if declared == (self.counted.len() - warnings) as u64 {
                            return None;
                        }
                        self.counted.len()
                    }
                    ("total", Version::Two) => {
                        self.counted.iter().filter(|counted| !counted.did_not_run()).count()
                    }
                    _ => {
                        let table =
                            if self.version == Version::Three { &COUNTS_3[..] } else { &COUNTS_2[..] };
                        let which =
                            table.iter().find(|(known, _)| *known == name).and_then(|(_, which)| *which)?;
                        self.counted.iter().filter(|counted| **counted == which).count()
                    }
                } as u64;
                (counted != declared).then(|| format!("{name} {declared} (test cases: {counted})"))
            })
            .collect();
        (!differences.is_empty()).then(|| differences.join(", "))
    }
}

/// An NUnit 3 test case's `result` and `label`.
fn outcome_3(
    result: Option<&str>,
    label: Option<String>,
) -> Result<(Kind, Counted, Option<String>), ParseErrorKind> {
    let result = result.ok_or(ParseErrorKind::MissingAttribute("result"))?;
    Ok(match result {
        "Passed" => (Kind::Passed, Counted::Passed, None),
        "Warning" => (Kind::Passed, Counted::Warning, None),
        "Failed" if matches!(label.as_deref(), Some("Error" | "Invalid" | "Cancelled")) => {
            (Kind::Errored, Counted::Failed, label)
        }
        "Failed" => (Kind::Failed, Counted::Failed, None),
        "Skipped" => (Kind::Skipped, Counted::Skipped, None),
        "Inconclusive" => (Kind::Skipped, Counted::Inconclusive, None),
        other => {
            return Err(ParseErrorKind::invalid(
                "an NUnit 3 result (Passed, Failed, Skipped, Inconclusive or Warning)",
                other,
            ));
        }
    })
}

/// An NUnit 2 test case's `result`, or (NUnit 2.4) its `executed` and `success`.
fn outcome_2(
    result: Option<&str>,
    executed: Option<bool>,
    success: Option<bool>,
) -> Result<(Kind, Counted, Option<String>), ParseErrorKind> {
    Ok(match result {
        Some("Success") => (Kind::Passed, Counted::Passed, None),
        Some("Failure") => (Kind::Failed, Counted::Failed, None),
        Some(error @ ("Error" | "Cancelled")) => (Kind::Errored, Counted::Error, Some(error.to_owned())),
        Some("NotRunnable") => (Kind::Errored, Counted::NotRun, Some("NotRunnable".to_owned())),
        Some("Ignored") => (Kind::Skipped, Counted::Ignored, None),
        Some("Skipped") => (Kind::Skipped, Counted::NotRun, None),
        Some("Inconclusive") => (Kind::Skipped, Counted::Inconclusive, None),
        Some(other) => {
            return Err(ParseErrorKind::invalid(
                "an NUnit 2 result (Success, Failure, Error, Ignored, Skipped, NotRunnable, …)",
                other,
            ));
        }
        None => match (executed, success) {
            (Some(false), _) => (Kind::Skipped, Counted::NotRun, None),
            (_, Some(true)) => (Kind::Passed, Counted::Passed, None),
            (_, Some(false)) => (Kind::Failed, Counted::Failed, None),
            (_, None) => return Err(ParseErrorKind::MissingAttribute("result")),
        },
    })
}

/// The attribute `name` as seconds; present and not a number is an error.
fn seconds(element: &xml::Tag<'_>, name: &str) -> Result<Option<f64>, ParseErrorKind> {
    match element.attribute(name) {
        Some(value) => number::seconds(value)
            .map(Some)
            .ok_or_else(|| ParseErrorKind::invalid("a duration in seconds", value)),
        None => Ok(None),
    }
}

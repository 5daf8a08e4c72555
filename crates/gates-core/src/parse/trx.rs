//! Visual Studio TRX (`dotnet test --logger trx`, `vstest.console /logger:trx`).
//!
//! Learned from the TRX schema (`vstst.xsd`, namespace
//! `http://microsoft.com/schemas/VisualStudio/TeamTest/2010`) and from how vstest's TRX logger
//! writes it; no .NET runs here, so the fixtures are written by hand in that shape.
//!
//! A `<TestRun>` holds `<Results>` (one `<UnitTestResult testId testName outcome duration>` per
//! result, a data-driven test's rows as `<InnerResults>` of its parent result, an ordered test's
//! as `<InnerResults>` of a `<TestResultAggregation>`), `<TestDefinitions>` (one `<UnitTest id>`
//! per test, its `<TestMethod className name>`) and a `<ResultSummary>` with `<Counters>` and the
//! run's messages (`<RunInfos>`). vstest writes the results before the definitions, so results
//! are kept until the end and joined to their definitions by `testId` there.
//! - Every result element counts as one test, a data-driven parent and each of its rows alike,
//!   as vstest counts them in `Counters/@total`. The name is the result's `testName` (a row's
//!   carries its data) less the class in front of it (xUnit.net's adapter writes `Class.Method`),
//!   the class the definition's `className` (an assembly-qualified one is cut at its first `, `),
//!   the suite the file name of the definition's `storage` (the assembly).
//! - Outcomes: `Passed`, `PassedButRunAborted`, `Warning` and `Completed` pass; `Failed` fails;
//!   `Error`, `Timeout`, `Aborted`, `Disconnected`, `NotRunnable`, `InProgress` and `Pending`
//!   (the test did not run to its end) are errors; `NotExecuted` (a skipped test) and
//!   `Inconclusive` are skipped. Any other outcome is refused. The message and stack trace come
//!   from the result's `Output/ErrorInfo`; a skipped test's message is its reason.
//! - A run-level error (`ResultSummary/RunInfos/RunInfo outcome="Error"`: a test host that
//!   crashed, an aborted run) is one errored test named `[test run]`, never dropped; so is a
//!   summary whose own outcome is `Error`, `Timeout` or `Aborted` without such a message. A
//!   `<RunInfo>` without an outcome of TRX's schema is refused.
//! - `Counters` are compared with the results: `total` with the results counted, `passed` and
//!   `failed` with those outcomes, and any other counter that is not zero with its outcome
//!   (vstest writes zero for all but `total`, `executed`, `passed` and `failed`). Counters that
//!   count fewer are a note, as a writer may count otherwise (mstest.exe counted a data-driven
//!   test once, its rows not); counters that count more are refused: results are missing.
//! - Durations are `TimeSpan`s (`[d.]hh:mm:ss[.fffffff]`); one that is not is refused. The run's
//!   duration is `Times/@finish` less `Times/@start`, else the sum of the top-level results'.
//! - A result whose `testId` has no definition, a test id defined twice, two results of one
//!   `executionId` (a result written twice) and a root in another namespace are refused. The file streams; memory follows the results kept.

use std::collections::{HashMap, HashSet};
use std::io::BufRead;

use super::Format;
use super::error::{ParseError, ParseErrorKind};
use super::xml::{self, TextBuffer};
use crate::model::{Problem, Report, ReportContent, TestCase, TestRun, TestStatus};

/// The TRX namespaces (2006 and 2010) start so.
const NAMESPACE: &str = "http://microsoft.com/schemas/VisualStudio/TeamTest/";

/// What an outcome makes of a test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Passed,
    Failed,
    Errored,
    Skipped,
}

/// Every outcome of the schema's `TestOutcome`, with its `Counters` attribute and what it means.
const OUTCOMES: [(&str, &str, Kind); 14] = [
    ("Passed", "passed", Kind::Passed),
    ("Failed", "failed", Kind::Failed),
    ("Error", "error", Kind::Errored),
    ("Timeout", "timeout", Kind::Errored),
    ("Aborted", "aborted", Kind::Errored),
    ("Inconclusive", "inconclusive", Kind::Skipped),
    ("PassedButRunAborted", "passedButRunAborted", Kind::Passed),
    ("NotRunnable", "notRunnable", Kind::Errored),
    ("NotExecuted", "notExecuted", Kind::Skipped),
    ("Disconnected", "disconnected", Kind::Errored),
    ("Warning", "warning", Kind::Passed),
    ("Completed", "completed", Kind::Passed),
    ("InProgress", "inProgress", Kind::Errored),
    ("Pending", "pending", Kind::Errored),
];

/// The two outcomes vstest counts; the other counters it writes as zero.
const ALWAYS_COUNTED: [&str; 2] = ["Passed", "Failed"];

/// The outcomes of TRX's schema (`TestOutcome`), which a `<RunInfo>` says too.
const TEST_OUTCOMES: [&str; 14] = [
    "Error",
    "Failed",
    "Timeout",
    "Aborted",
    "Inconclusive",
    "PassedButRunAborted",
    "NotRunnable",
    "NotExecuted",
    "Disconnected",
    "Warning",
    "Passed",
    "Completed",
    "InProgress",
    "Pending",
];

/// Parses a TRX report.
pub(crate) fn parse<R: BufRead + Send>(input: R) -> Result<Report, ParseError> {
    let mut parser = Parser::default();
    xml::read_document(
        input,
        Format::Trx,
        xml::Document::new(&["TestRun"], "a <TestRun> root element"),
        &mut parser,
    )?;
    parser.finish()
}

impl xml::Handler for Parser {
    fn on_open(&mut self, element: &xml::Tag<'_>, empty: bool, at: u64) -> Result<(), ParseErrorKind> {
        self.open(element, empty, at)
    }

    fn on_close(&mut self) -> Result<(), ParseErrorKind> {
        self.close();
        Ok(())
    }

    fn text_sink(&mut self) -> Option<&mut xml::TextBuffer> {
        self.capture.as_mut().map(|capture| &mut capture.1)
    }

    fn error_at(&self, kind: ParseErrorKind, offset: u64) -> ParseError {
        self.error(kind, offset)
    }
}

/// What an open element is; `usize` is the place of its result in `Parser::results`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Open {
    Root,
    Results,
    Result(usize),
    InnerResults(usize),
    Output(usize),
    ErrorInfo(usize),
    Text(Target),
    Definitions,
    Definition,
    Summary,
    RunInfos,
    RunInfo,
    Other,
}

/// Where captured text goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Message(usize),
    StackTrace(usize),
    RunInfo,
}

/// One result, kept until the definitions are read.
#[derive(Debug)]
struct Pending {
    test_id: String,
    name: String,
    outcome: usize,
    time_s: Option<f64>,
    message: Option<String>,
    stack_trace: Option<String>,
    top_level: bool,
    offset: u64,
}

/// What a `<UnitTest>` (or other test definition) says of its test.
#[derive(Debug, Default)]
struct Definition {
    class: Option<String>,
    storage: Option<String>,
}

#[derive(Debug, Default)]
struct Parser {
    open: Vec<Open>,
    results: Vec<Pending>,
    definitions: HashMap<String, Definition>,
    definition: Option<(String, Definition)>,
    capture: Option<(Target, TextBuffer)>,
    times: (Option<i64>, Option<i64>),
    counters: Vec<(String, u64)>,
    /// Where `<Counters>` is, for an error found once the results are all read.
    counters_offset: u64,
    summary_outcome: Option<String>,
    run_info_error: bool,
    run_errors: Vec<String>,
    /// The `executionId` of every result read, each given once.
    executions: HashSet<String>,
}

impl Parser {
    fn open(&mut self, element: &xml::Tag<'_>, empty: bool, offset: u64) -> Result<(), ParseErrorKind> {
        let name = element.local_name();
        let kind = match (name, self.open.last().copied()) {
            (_, None) => self.open_root(element)?,
            ("Times", Some(Open::Root)) => {
                let stamp = |attribute| -> Result<Option<i64>, ParseErrorKind> {
                    let Some(value) = element.attribute(attribute) else { return Ok(None) };
                    timestamp(value).map(Some).ok_or_else(|| ParseErrorKind::InvalidValue {
                        expected: "timestamps such as 2026-12-01T10:15:02.1180000+00:00 in <Times start finish>",
                        found: value.to_owned(),
                    })
                };
                self.times = (stamp("start")?, stamp("finish")?);
                Open::Other
            }
            ("Results", Some(Open::Root)) => Open::Results,
            (_, Some(Open::Results)) => self.open_result(element, offset, true)?,
            (_, Some(Open::InnerResults(_))) => self.open_result(element, offset, false)?,
            ("InnerResults", Some(Open::Result(at))) => Open::InnerResults(at),
            ("Output", Some(Open::Result(at))) => Open::Output(at),
            ("ErrorInfo", Some(Open::Output(at))) => Open::ErrorInfo(at),
            ("Message", Some(Open::ErrorInfo(at))) => self.capture(Target::Message(at)),
            ("StackTrace", Some(Open::ErrorInfo(at))) => self.capture(Target::StackTrace(at)),
            ("TestDefinitions", Some(Open::Root)) => Open::Definitions,
            (_, Some(Open::Definitions)) => {
                let id = element.owned_attribute("id").ok_or(ParseErrorKind::MissingAttribute("id"))?;
                if self.definitions.contains_key(&id) {
                    return Err(ParseErrorKind::invalid("a test id defined once in <TestDefinitions>", &id));
                }
                let storage = element.owned_attribute("storage");
                self.definition = Some((id, Definition { class: None, storage }));
                Open::Definition
            }
            ("TestMethod", Some(Open::Definition)) => {
                if let Some((_, definition)) = &mut self.definition {
                    definition.class = element.attribute("className").map(|class| {
                        class.split_once(", ").map_or(class.as_ref(), |(class, _)| class).to_owned()
                    });
                }
                Open::Other
            }
            ("ResultSummary", Some(Open::Root)) => {
                self.summary_outcome = element.owned_attribute("outcome");
                Open::Summary
            }
            ("Counters", Some(Open::Summary)) => {
                self.counters_offset = offset;
                self.read_counters(element)?;
                Open::Other
            }
            ("RunInfos", Some(Open::Summary)) => Open::RunInfos,
            ("RunInfo", Some(Open::RunInfos)) => {
                let outcome =
                    element.attribute("outcome").ok_or(ParseErrorKind::MissingAttribute("outcome"))?;
                if !TEST_OUTCOMES.contains(&outcome) {
                    return Err(ParseErrorKind::invalid(
                        "a TRX outcome (Error, Warning, Failed, …)",
                        outcome,
                    ));
                }
                self.run_info_error = outcome == "Error";
                Open::RunInfo
            }
            ("Text", Some(Open::RunInfo)) if self.run_info_error => self.capture(Target::RunInfo),
            _ => Open::Other,
        };
        if empty {
            self.closed(kind);
        } else {
            self.open.push(kind);
        }
        Ok(())
    }

    fn open_root(&mut self, element: &xml::Tag<'_>) -> Result<Open, ParseErrorKind> {
        if let Some(namespace) = element.attribute("xmlns")
            && !namespace.starts_with(NAMESPACE)
        {
            return Err(ParseErrorKind::invalid(
                "the TRX namespace http://microsoft.com/schemas/VisualStudio/TeamTest/2010",
                namespace,
            ));
        }
        Ok(Open::Root)
    }

    fn open_result(
        &mut self,
        element: &xml::Tag<'_>,
        offset: u64,
        top_level: bool,
    ) -> Result<Open, ParseErrorKind> {
        let required =
            |attribute| element.owned_attribute(attribute).ok_or(ParseErrorKind::MissingAttribute(attribute));
        let test_id = required("testId")?;
        if let Some(execution) = element.owned_attribute("executionId")
            && !self.executions.insert(execution.clone())
        {
            return Err(ParseErrorKind::invalid("an executionId that no other result has", &execution));
        }
        let name = required("testName")?;
        let outcome_name = required("outcome")?;
        let outcome = OUTCOMES.iter().position(|(known, _, _)| *known == outcome_name).ok_or_else(|| {
            ParseErrorKind::invalid("a TRX test outcome (Passed, Failed, NotExecuted, …)", &outcome_name)
        })?;
        let time_s = match element.attribute("duration") {
            Some(duration) => Some(
                time_span(duration)
                    .ok_or_else(|| ParseErrorKind::invalid("a duration as hh:mm:ss.fffffff", duration))?,
            ),
            None => None,
        };
        self.results.push(Pending {
            test_id,
            name,
            outcome,
            time_s,
            message: None,
            stack_trace: None,
            top_level,
            offset,
        });
        Ok(Open::Result(self.results.len() - 1))
    }

    fn read_counters(&mut self, element: &xml::Tag<'_>) -> Result<(), ParseErrorKind> {
        for (name, value) in element.attributes() {
            let name = name.to_owned();
            let count = super::number::count(value)
                .ok_or_else(|| ParseErrorKind::invalid("a count in Counters", value))?;
            self.counters.push((name, count));
        }
        Ok(())
    }

    fn capture(&mut self, target: Target) -> Open {
        self.capture = Some((target, TextBuffer::new(Problem::OUTPUT_LIMIT)));
        Open::Text(target)
    }

    fn close(&mut self) {
        if let Some(kind) = self.open.pop() {
            self.closed(kind);
        }
    }

    fn closed(&mut self, kind: Open) {
        match kind {
            Open::Root => {}
            Open::Text(_) => {
                let Some((target, mut buffer)) = self.capture.take() else { return };
                let text = buffer.take();
                match target {
                    Target::Message(at) => {
                        if let Some(result) = self.results.get_mut(at) {
                            result.message = text.map(|text| text.trim().to_owned());
                        }
                    }
                    Target::StackTrace(at) => {
                        if let Some(result) = self.results.get_mut(at) {
                            result.stack_trace = text;
                        }
                    }
                    Target::RunInfo => {
                        self.run_errors.push(text.map_or_else(String::new, |text| text.trim().to_owned()));
                        self.run_info_error = false;
                    }
                }
            }
            Open::RunInfo if self.run_info_error => {
                // An error without a `<Text>`.
                self.run_errors.push(String::new());
                self.run_info_error = false;
            }
            Open::Definition => {
                if let Some((id, definition)) = self.definition.take() {
                    self.definitions.insert(id, definition);
                }
            }
            _ => {}
        }
    }

    fn error(&self, kind: ParseErrorKind, offset: u64) -> ParseError {
        let mut error = ParseError::new(Format::Trx, kind).at(offset);
        let open_result = self.open.iter().rev().find_map(|open| match open {
            Open::Result(at) => Some(*at),
            _ => None,
        });
        if let Some(at) = open_result
            && let Some(result) = self.results.get(at)
        {
            error = error.in_element(format!("UnitTestResult[{}](\"{}\")", at + 1, result.name));
        }
        error
    }

    fn finish(self) -> Result<Report, ParseError> {
        let mut notes = Vec::new();
        let disagreement = counters_disagree(&self.counters, &self.results);
        let at = self.counters_offset;
        if let Some(note) = disagreement.map_err(|kind| ParseError::new(Format::Trx, kind).at(at))? {
            notes.push(note);
        }
        let mut run = TestRun::default();
        let mut summed = None::<f64>;
        for result in self.results {
            let definition = self.definitions.get(&result.test_id).ok_or_else(|| {
                ParseError::new(
                    Format::Trx,
                    ParseErrorKind::invalid(
                        "a testId defined by a <UnitTest> in <TestDefinitions>",
                        &result.test_id,
                    ),
                )
                .at(result.offset)
            })?;
            if result.top_level
                && let Some(time) = result.time_s
            {
                summed = Some(summed.unwrap_or(0.0) + time);
            }
            run.add(test_case(result, definition));
        }
        let mut run_errors = self.run_errors;
        let aborted = self
            .summary_outcome
            .filter(|outcome| matches!(outcome.as_str(), "Error" | "Timeout" | "Aborted"));
        if let Some(outcome) = aborted
            && run_errors.is_empty()
        {
            run_errors.push(format!("the test run's outcome is {outcome}"));
        }
        for text in run_errors {
            let message = text.lines().next().map(str::to_owned).filter(|line| !line.is_empty());
            let output = (!text.is_empty()).then_some(text);
            run.add(TestCase::new("[test run]", TestStatus::Errored(Problem::new(message, None, output))));
        }
        let duration_s = match self.times {
            (Some(start), Some(finish)) if finish >= start => {
                Some((finish - start) as f64 / TICKS_PER_SECOND as f64)
            }
            _ => summed.filter(|sum| sum.is_finite()),
        };
        Ok(Report {
            format: Format::Trx,
            producer: None,
            notes,
            content: ReportContent::Tests(TestRun { duration_s, ..run }),
        })
    }
}

fn test_case(result: Pending, definition: &Definition) -> TestCase {
    let kind = OUTCOMES.get(result.outcome).map_or(Kind::Errored, |(_, _, kind)| *kind);
    let status = match kind {
        Kind::Passed => TestStatus::Passed,
        Kind::Skipped => TestStatus::Skipped { message: result.message },
        Kind::Failed => TestStatus::Failed(Problem::new(result.message, None, result.stack_trace)),
        Kind::Errored => {
            let outcome = OUTCOMES.get(result.outcome).map(|(name, _, _)| (*name).to_owned());
            TestStatus::Errored(Problem::new(result.message, outcome, result.stack_trace))
        }
    };
    // xUnit.net's and NUnit's adapters write the class in front of the name: it is cut there.
    let name = match &definition.class {
        Some(class) => match result.name.strip_prefix(class.as_str()).and_then(|rest| rest.strip_prefix('.'))
        {
            Some(short) if !short.is_empty() => short.to_owned(),
            _ => result.name,
        },
        None => result.name,
    };
    let mut case = TestCase::new(name, status);
    case.classname = definition.class.clone();
    case.suite = definition
        .storage
        .as_deref()
        .map(|storage| storage.rsplit(['/', '\\']).next().unwrap_or(storage).to_owned());
    case.time_s = result.time_s;
    case
}

/// A note when `Counters` count fewer than the results (mstest.exe counting a data-driven test
/// once), an error when they count more: a result is missing.
fn counters_disagree(
    counters: &[(String, u64)],
    results: &[Pending],
) -> Result<Option<String>, ParseErrorKind> {
    let mut differences = Vec::new();
    for (name, own) in counters {
        let counted = if name == "total" {
            results.len() as u64
        } else if let Some((outcome, _, _)) = OUTCOMES.iter().find(|(_, counter, _)| counter == name) {
            if *own == 0 && !ALWAYS_COUNTED.contains(outcome) {
                continue;
            }
            let at = OUTCOMES.iter().position(|(known, _, _)| known == outcome);
            results.iter().filter(|result| Some(result.outcome) == at).count() as u64
        } else {
            continue;
        };
        if counted < *own {
            return Err(ParseErrorKind::invalid(
                "as many results as the Counters count (fewer means results are missing)",
                &format!("{name} {own} against {counted} results"),
            ));
        }
        if counted != *own {
            differences.push(format!("{name} {own} (the results: {counted})"));
        }
    }
    Ok((!differences.is_empty()).then(|| {
        format!(
            "the TRX's Counters count fewer than its results: {}; the results are counted",
            differences.join(", ")
        )
    }))
}

/// Seconds in a .NET `TimeSpan` as TRX writes it: `[d.]hh:mm:ss[.fffffff]`.
fn time_span(text: &str) -> Option<f64> {
    time_span_ticks(text).map(|ticks| ticks as f64 / TICKS_PER_SECOND as f64)
}

/// 100-nanosecond ticks, .NET's unit of time.
const TICKS_PER_SECOND: u64 = 10_000_000;

/// A `TimeSpan` in ticks; digits past the seventh of a fraction are dropped.
fn time_span_ticks(text: &str) -> Option<u64> {
    let mut parts = text.split(':');
    let (hours, minutes, seconds) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let (days, hours) = match hours.split_once('.') {
        Some((days, hours)) => (digits(days)?, digits(hours)?),
        None => (0, digits(hours)?),
    };
    let minutes = digits(minutes)?;
    let (whole, fraction) = seconds.split_once('.').unwrap_or((seconds, ""));
    let whole = digits(whole)?;
    if minutes > 59 || whole > 59 || (seconds.contains('.') && fraction.is_empty()) {
        return None;
    }
    let mut fraction_ticks = 0;
    for (place, byte) in fraction.bytes().enumerate() {
        if !byte.is_ascii_digit() {
            return None;
        }
        if place < 7 {
            fraction_ticks += u64::from(byte - b'0') * 10u64.pow(6 - place as u32);
        }
    }
    let total = ((days * 24 + hours) * 60 + minutes) * 60 + whole;
    Some(total * TICKS_PER_SECOND + fraction_ticks)
}

/// A number of plain digits, not too long to hold.
fn digits(text: &str) -> Option<u64> {
    if (1..=9).contains(&text.len()) && text.bytes().all(|byte| byte.is_ascii_digit()) {
        text.parse().ok()
    } else {
        None
    }
}

/// Ticks since 1970 of an ISO 8601 time as TRX writes it: `2026-12-02T05:40:01.1234567+00:00`
/// (`Z` or no offset is UTC); `None` for anything else.
fn timestamp(text: &str) -> Option<i64> {
    let (date, time) = text.split_once(['T', ' '])?;
    let mut date = date.split('-');
    let (year, month, day) = (digits(date.next()?)?, digits(date.next()?)?, digits(date.next()?)?);
    if date.next().is_some() || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let (clock, offset) = match time.find(['Z', '+', '-']) {
        Some(at) => (time.get(..at)?, time.get(at..)?),
        None => (time, ""),
    };
    let offset_seconds = match offset.split_at_checked(1) {
        None | Some(("Z", "")) => 0,
        Some((sign, zone)) => {
            let (hours, minutes) = zone.split_once(':').unwrap_or((zone.get(..2)?, zone.get(2..)?));
            let seconds = i64::try_from(digits(hours)? * 3600 + digits(minutes)? * 60).ok()?;
            if sign == "-" { -seconds } else { seconds }
        }
    };
    let since_midnight = i64::try_from(time_span_ticks(clock)?).ok()?;
    if since_midnight >= 86_400 * TICKS_PER_SECOND as i64 {
        return None;
    }
    // Days from 1970-01-01 to the civil date (proleptic Gregorian).
    let (year, month, day) =
        (i64::try_from(year).ok()?, i64::try_from(month).ok()?, i64::try_from(day).ok()?);
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    let days = era * 146_097 + day_of_era - 719_468;
    let seconds = days * 86_400 - offset_seconds;
    Some(seconds * TICKS_PER_SECOND as i64 + since_midnight)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_spans() {
        assert_eq!(time_span("00:00:00.0012345"), Some(0.0012345));
        assert_eq!(time_span("01:02:03"), Some(3723.0));
        assert_eq!(time_span("1.00:00:01.5"), Some(86_401.5));
        assert_eq!(time_span("00:00:00.123456789"), Some(0.1234567));
        for bad in [
            "",
            "0.5",
            "00:60:00",
            "00:00:61",
            "-00:00:01",
            "00:00:01.x",
            "00:00:01.",
            "a:b:c",
            "00:00:00:00",
        ] {
            assert_eq!(time_span(bad), None, "{bad}");
        }
    }

    #[test]
    fn timestamps() {
        let seconds = |text| timestamp(text).map(|ticks| ticks as f64 / 1e7);
        assert_eq!(seconds("1970-01-01T00:00:00Z"), Some(0.0));
        assert_eq!(seconds("1970-01-02T00:00:01.5+01:00"), Some(86_401.5 - 3600.0));
        assert_eq!(seconds("1970-01-01T00:00:00-0130"), Some(5400.0));
        let start = timestamp("2026-12-02T05:40:01.1000000+00:00").unwrap();
        let finish = timestamp("2026-12-02T05:40:03.6000000+00:00").unwrap();
        assert_eq!(finish - start, 25_000_000);
        assert_eq!(
            seconds("2024-03-01T00:00:00Z").unwrap() - seconds("2024-02-28T00:00:00Z").unwrap(),
            172_800.0
        );
        for bad in ["yesterday", "2026-13-01T00:00:00Z", "2026-12-01T24:00:00Z", "2026-12-01"] {
            assert_eq!(timestamp(bad), None, "{bad}");
        }
    }
}

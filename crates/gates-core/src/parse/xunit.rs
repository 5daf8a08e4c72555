//! xUnit.net XML, v2 format (`dotnet test --logger xunit`'s shape too; `xunit.console -xml`,
//! the MSBuild runner, xunit v3's `-xml`).
//!
//! Learned from xunit.net's "XML Format v2" documentation; no .NET runs here, so the fixtures
//! are written by hand in that shape.
//!
//! `<assemblies>` holds one `<assembly name total passed failed skipped errors time>` per test
//! assembly, its `<collection>`s of `<test name type method time result>` and an `<errors>` list.
//! - `result`: `Pass` passes, `Fail` fails, `Skip` and v3's `NotRun` are skipped; any other is
//!   refused. A failure's message, exception type and stack trace come from `<failure
//!   exception-type>`'s `<message>` and `<stack-trace>`, a skip's reason from `<reason>`.
//!   Traits, output and attachments are passed over.
//! - The class is the test's `type`, and is cut from the front of its `name` (a theory's name
//!   keeps its arguments); the suite is the assembly's file name; `source-file`/`source-line`
//!   are its file and line where given.
//! - Each `<error>` (a fixture's or collection's cleanup that threw, a catastrophic failure) is
//!   one errored test named `[type] name`: an error of the run is never dropped.
//! - Each assembly's `total`, `passed`, `failed`, `skipped`, `not-run` and `errors` must count
//!   its tests and errors (`total` with or without those not run): the runner writes them from
//!   the same results, so a disagreement means elements were lost and the report is refused.
//! - `time` is seconds (refused when not a number); the run's duration is the sum of the
//!   assemblies'. The file streams; memory follows the tests kept.

use std::io::BufRead;

use super::error::{ParseError, ParseErrorKind};
use super::xml::{self, TextBuffer};
use super::{Format, number};
use crate::model::{Problem, Report, ReportContent, TestCase, TestRun, TestStatus};

/// Parses an xUnit.net v2 XML report.
pub(crate) fn parse<R: BufRead + Send>(input: R) -> Result<Report, ParseError> {
    let mut parser = Parser::default();
    xml::read_document(
        input,
        Format::Xunit,
        xml::Document::new(&["assemblies"], "an <assemblies> root element"),
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

    fn error_at(&self, kind: ParseErrorKind, offset: u64) -> ParseError {
        self.error(kind, offset)
    }
}

/// A test's result as the assembly counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Pass,
    Fail,
    Skip,
    NotRun,
}

/// The assembly attributes that count results, and what each counts (`None`: errors).
const COUNTS: [(&str, Option<Outcome>); 5] = [
    ("passed", Some(Outcome::Pass)),
    ("failed", Some(Outcome::Fail)),
    ("skipped", Some(Outcome::Skip)),
    ("not-run", Some(Outcome::NotRun)),
    ("errors", None),
];

/// What an open element is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Open {
    Root,
    Assembly,
    Errors,
    Error,
    ErrorFailure,
    Collection,
    Test,
    TestFailure,
    Text(Target),
    Other,
}

/// Where captured text goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Message,
    StackTrace,
    Reason,
}

/// A test or an `<error>` being read.
#[derive(Debug)]
struct Item {
    case: TestCase,
    result: Option<Outcome>,
    kind: Option<String>,
    message: Option<String>,
    stack_trace: Option<String>,
    reason: Option<String>,
}

#[derive(Debug)]
struct Assembly {
    name: Option<String>,
    offset: u64,
    declared_total: Option<u64>,
    declared: Vec<(&'static str, u64)>,
    results: [u64; 4],
    errors: u64,
}

#[derive(Debug, Default)]
struct Parser {
    open: Vec<Open>,
    assembly: Option<Assembly>,
    item: Option<Item>,
    items_seen: u64,
    capture: Option<(Target, TextBuffer)>,
    run: TestRun,
    duration_s: Option<f64>,
    /// Where an assembly whose counts disagree starts, for the error.
    error_at: Option<u64>,
}

impl Parser {
    fn open(&mut self, element: &xml::Tag<'_>, empty: bool, offset: u64) -> Result<(), ParseErrorKind> {
        let name = element.name();
        let kind = match (name, self.open.last().copied()) {
            // The document has refused any root but <assemblies>.
            (_, None) => Open::Root,
            ("assembly", Some(Open::Root)) => self.open_assembly(element, offset)?,
            ("errors", Some(Open::Assembly)) => Open::Errors,
            ("error", Some(Open::Errors)) => self.open_error(element)?,
            ("collection", Some(Open::Assembly)) => Open::Collection,
            ("test", Some(Open::Collection)) => self.open_test(element)?,
            ("failure", Some(Open::Test | Open::Error)) => {
                if let Some(item) = &mut self.item {
                    item.kind = element.owned_attribute("exception-type");
                }
                if self.open.last() == Some(&Open::Test) { Open::TestFailure } else { Open::ErrorFailure }
            }
            ("message", Some(Open::TestFailure | Open::ErrorFailure)) => self.capture(Target::Message),
            ("stack-trace", Some(Open::TestFailure | Open::ErrorFailure)) => self.capture(Target::StackTrace),
            ("reason", Some(Open::Test)) => self.capture(Target::Reason),
            _ => Open::Other,
        };
        if empty {
            self.closed(kind)?;
        } else {
            self.open.push(kind);
        }
        Ok(())
    }

    fn open_assembly(&mut self, element: &xml::Tag<'_>, offset: u64) -> Result<Open, ParseErrorKind> {
        let count = |attribute| -> Result<Option<u64>, ParseErrorKind> {
            match element.attribute(attribute) {
                Some(value) => number::count(value)
                    .map(Some)
                    .ok_or_else(|| ParseErrorKind::invalid("a count of tests", value)),
                None => Ok(None),
            }
        };
        let mut declared = Vec::new();
        for (attribute, _) in COUNTS {
            if let Some(value) = count(attribute)? {
                declared.push((attribute, value));
            }
        }
        let declared_total = count("total")?;
        if let Some(value) = element.attribute("time") {
            let time =
                number::seconds(value).ok_or_else(|| ParseErrorKind::invalid("a time in seconds", value))?;
            self.duration_s = Some(self.duration_s.unwrap_or(0.0) + time);
        }
        let name =
            element.attribute("name").map(|name| name.rsplit(['/', '\\']).next().unwrap_or(name).to_owned());
        self.assembly = Some(Assembly { name, offset, declared_total, declared, results: [0; 4], errors: 0 });
        Ok(Open::Assembly)
    }

    fn open_test(&mut self, element: &xml::Tag<'_>) -> Result<Open, ParseErrorKind> {
        self.items_seen += 1;
        let name = element.owned_attribute("name").ok_or(ParseErrorKind::MissingAttribute("name"))?;
        let result = element.attribute("result").ok_or(ParseErrorKind::MissingAttribute("result"))?;
        let result = match result {
            "Pass" => Outcome::Pass,
            "Fail" => Outcome::Fail,
            "Skip" => Outcome::Skip,
            "NotRun" => Outcome::NotRun,
            other => return Err(ParseErrorKind::invalid("a result Pass, Fail, Skip or NotRun", other)),
        };
        let class = element.owned_attribute("type");
        let short = class
            .as_deref()
            .and_then(|class| name.strip_prefix(class))
            .and_then(|rest| rest.strip_prefix('.'))
            .map(str::to_owned);
        let mut case = TestCase::new(short.unwrap_or(name), TestStatus::Passed);
        case.classname = class;
        case.suite = self.assembly.as_ref().and_then(|assembly| assembly.name.clone());
        case.file = element.owned_attribute("source-file");
        case.line = element.attribute("source-line").and_then(number::line_number);
        case.time_s = match element.attribute("time") {
            Some(value) => Some(
                number::seconds(value).ok_or_else(|| ParseErrorKind::invalid("a time in seconds", value))?,
            ),
            None => None,
        };
        self.item = Some(Item {
            case,
            result: Some(result),
            kind: None,
            message: None,
            stack_trace: None,
            reason: None,
        });
        Ok(Open::Test)
    }

    fn open_error(&mut self, element: &xml::Tag<'_>) -> Result<Open, ParseErrorKind> {
        self.items_seen += 1;
        let kind = element.attribute("type").map_or_else(|| "error".to_owned(), str::to_owned);
        let name = match element.attribute("name") {
            Some(name) => format!("[{kind}] {name}"),
            None => format!("[{kind}]"),
        };
        let mut case = TestCase::new(name, TestStatus::Passed);
        case.suite = self.assembly.as_ref().and_then(|assembly| assembly.name.clone());
        self.item =
            Some(Item { case, result: None, kind: None, message: None, stack_trace: None, reason: None });
        Ok(Open::Error)
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
            Open::Text(target) => {
                let text = self.capture.take().and_then(|(_, mut buffer)| buffer.take());
                if let Some(item) = &mut self.item {
                    let trimmed = text.as_deref().map(|text| text.trim().to_owned());
                    match target {
                        Target::Message => item.message = trimmed,
                        Target::StackTrace => item.stack_trace = text,
                        Target::Reason => item.reason = trimmed,
                    }
                }
            }
            Open::Test | Open::Error => self.close_item(),
            Open::Assembly => self.close_assembly()?,
            _ => {}
        }
        Ok(())
    }

    fn close_item(&mut self) {
        let Some(item) = self.item.take() else { return };
        let mut case = item.case;
        case.status = match item.result {
            Some(Outcome::Pass) => TestStatus::Passed,
            Some(Outcome::Skip | Outcome::NotRun) => TestStatus::Skipped { message: item.reason },
            Some(Outcome::Fail) => {
                TestStatus::Failed(Problem::new(item.message, item.kind, item.stack_trace))
            }
            None => TestStatus::Errored(Problem::new(item.message, item.kind, item.stack_trace)),
        };
        if let Some(assembly) = &mut self.assembly {
            match item.result {
                Some(result) => {
                    if let Some(count) = assembly.results.get_mut(result as usize) {
                        *count += 1;
                    }
                }
                None => assembly.errors += 1,
            }
        }
        self.run.add(case);
    }

    fn close_assembly(&mut self) -> Result<(), ParseErrorKind> {
        let Some(assembly) = self.assembly.take() else { return Ok(()) };
        let mut differences = Vec::new();
        for (name, declared) in &assembly.declared {
            let counted = match COUNTS.iter().find(|(known, _)| known == name).and_then(|(_, which)| *which) {
                Some(result) => assembly.results.get(result as usize).copied().unwrap_or(0),
                None => assembly.errors,
            };
            if counted != *declared {
                differences.push(format!("{name} {declared} (listed: {counted})"));
            }
        }
        if let Some(total) = assembly.declared_total {
            let all: u64 = assembly.results.iter().sum();
            let run = all - assembly.results.get(Outcome::NotRun as usize).copied().unwrap_or(0);
            if total != all && total != run {
                differences.push(format!("total {total} (listed: {all})"));
            }
        }
        if differences.is_empty() {
            return Ok(());
        }
        // Reported at the assembly's start tag, where its counts are written.
        self.error_at = Some(assembly.offset);
        Err(ParseErrorKind::invalid(
            "assembly counts that are its tests' and errors'",
            &differences.join(", "),
        ))
    }

    fn error(&self, kind: ParseErrorKind, offset: u64) -> ParseError {
        let offset = self.error_at.unwrap_or(offset);
        let mut error = ParseError::new(Format::Xunit, kind).at(offset);
        if let Some(item) = &self.item {
            error = error.in_element(format!("test[{}](\"{}\")", self.items_seen, item.case.name));
        }
        error
    }

    fn finish(self) -> Result<Report, ParseError> {
        let duration_s = self.duration_s.filter(|time| time.is_finite());
        Ok(Report {
            format: Format::Xunit,
            producer: None,
            notes: Vec::new(),
            content: ReportContent::Tests(TestRun { duration_s, ..self.run }),
        })
    }
}

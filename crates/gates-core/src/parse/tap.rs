//! TAP, the Test Anything Protocol, versions 13 and 14.
//!
//! Producers seen: node 20's built-in runner (`node --test --test-reporter=tap`, TAP 13 with
//! TAP 14's indented subtests) and tape 5. Read from the TAP 13 and TAP 14 specifications
//! (testanything.org) and node's TAP reporter (`lib/internal/test_runner/reporter/tap.js`).
//!
//! The test points are the oracle; node's `# pass`/`# fail` trailer and tape's `# tests`/`# pass`/`# fail`
//! must agree with them, or the stream is refused.
//! - Every test point counts, at every depth of subtests, except the points node writes for a
//!   `describe` block (YAML `type: 'suite'`): node's own `# tests` count.
//! - `# SKIP` and `# TODO` points are skipped: a failing TODO does not fail the run.
//! - A `not ok` point is a failure; it is an error when its YAML says the test did not run to
//!   its end (`failureType` `cancelledByParent`, `testTimeoutFailure` or `hookFailed`) or when
//!   it stands for a test file whose process crashed (an `exitCode` or `signal`).
//! - `Bail out!` is one errored case: the producer stopped on purpose and said so.
//! - A stream or subtest without a plan, or whose plan does not match its points, is refused as
//!   a partial report; so is a last line without a newline. Test numbers out of order are refused.
//! - A point's file and line come from node's `location` or tape's `at`.
//! - Lines that are none of TAP's (a test's own output) are passed over, as the specification
//!   says, once the stream has started; before that, the file is refused as not TAP.

use super::lines::Lines;
use std::io::BufRead;

use super::error::{ParseError, ParseErrorKind, io_error};
use super::{Format, number};
use crate::model::{Problem, Report, ReportContent, TestCase, TestRun, TestStatus};

/// Longest part of a line read; the rest of a longer line is passed over, not held.
const MAX_LINE: usize = 64 * 1024;

/// Whether `content` starts with a TAP version line (`TAP version 13` or `14`).
pub(crate) fn sniff(content: &[u8]) -> Option<Format> {
    let content = content.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(content);
    let first = content.split(|&byte| byte == b'\n').map(<[u8]>::trim_ascii).find(|line| !line.is_empty())?;
    matches!(first, b"TAP version 13" | b"TAP version 14").then_some(Format::Tap)
}

/// Parses a TAP stream line by line.
pub(crate) fn parse<R: BufRead>(input: R) -> Result<Report, ParseError> {
    let mut parser = Parser {
        levels: vec![Level { indent: 0, name: None, planned: None, points: 0 }],
        ..Parser::default()
    };
    // A test's output may be one huge line: its first 64 KiB are read, the rest passed over.
    let mut lines = Lines::new(input, MAX_LINE);
    while let Some(line) = lines.next_line().map_err(|error| io_error(Format::Tap, error))? {
        parser.line_number = line.number;
        let text = text_line(line.bytes.trim_ascii_end(), line.cut)
            .map_err(|kind| parser.error(kind, line.start))?;
        if parser.read_line(&text, line.start)? == Flow::Stop {
            return parser.finish(lines.offset());
        }
    }
    if lines.ended_mid_line() {
        return Err(parser.error(ParseErrorKind::CutMidLine, lines.offset()));
    }
    parser.finish(lines.offset())
}

#[derive(Debug, PartialEq, Eq)]
enum Flow {
    Continue,
    Stop,
}

/// One level of test points: the top of the stream or a subtest.
#[derive(Debug)]
struct Level {
    indent: usize,
    /// The name from the `# Subtest:` line that opened it.
    name: Option<String>,
    planned: Option<u64>,
    points: u64,
}

/// A test point whose YAML block may still follow.
#[derive(Debug)]
struct Point {
    indent: usize,
    case: TestCase,
    outcome: Outcome,
    diagnostics: Diagnostics,
}

#[derive(Debug, Clone, PartialEq)]
enum Outcome {
    Ok,
    NotOk,
    Skip(Option<String>),
    Todo(Option<String>),
}

/// The YAML keys gates reads; the rest of a block is passed over.
#[derive(Debug, Default)]
struct Diagnostics {
    message: Option<String>,
    kind: Option<String>,
    stack: Option<String>,
    suite: bool,
    did_not_finish: bool,
}

/// A YAML block being read: the indent of its `---`, that of its keys (node writes them under
/// the `---`, tape two spaces in) and the block scalar (`|-`) being gathered, if any.
#[derive(Debug)]
struct Block {
    marker_indent: usize,
    indent: Option<usize>,
    scalar: Option<(Key, String)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Message,
    Kind,
    Stack,
    Type,
    FailureType,
    Location,
    Duration,
    ExitCode,
    Signal,
}

impl Key {
    fn from_name(name: &str) -> Option<Key> {
        Some(match name {
            "error" | "message" => Key::Message,
            "name" => Key::Kind,
            "stack" => Key::Stack,
            "type" => Key::Type,
            "failureType" => Key::FailureType,
            // node writes `location: 'file:line:column'`, tape `at: Test.<anonymous> (file:line:column)`.
            "location" | "at" => Key::Location,
            "duration_ms" => Key::Duration,
            "exitCode" => Key::ExitCode,
            "signal" => Key::Signal,
            _ => return None,
        })
    }
}

/// node's trailer: `# pass 7`, `# fail 5`, …
#[derive(Debug, Default)]
struct Trailer {
    tests: Option<u64>,
    pass: Option<u64>,
    fail: Option<u64>,
    cancelled: Option<u64>,
    skipped: Option<u64>,
    todo: Option<u64>,
}

#[derive(Debug, Default)]
struct Parser {
    line_number: usize,
    started: bool,
    levels: Vec<Level>,
    /// The open `# Subtest:` headers, by indent: a level takes the name of the one above it.
    subtest_headers: Vec<(usize, String)>,
    bailed_out: bool,
    point: Option<Point>,
    block: Option<Block>,
    run: TestRun,
    trailer: Trailer,
    notes: Vec<String>,
}

impl Parser {
    fn error(&self, kind: ParseErrorKind, offset: u64) -> ParseError {
        ParseError::new(Format::Tap, kind).at(offset)
    }

    fn read_line(&mut self, line: &str, start: u64) -> Result<Flow, ParseError> {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let text = line.trim_start_matches(' ');
        if self.block.is_some() {
            self.read_yaml(indent, text);
            return Ok(Flow::Continue);
        }
        if text.is_empty() {
            return Ok(Flow::Continue);
        }
        if text == "---" && self.point.as_ref().is_some_and(|point| indent > point.indent) {
            self.block = Some(Block { marker_indent: indent, indent: None, scalar: None });
            return Ok(Flow::Continue);
        }
        self.finish_point();
        if let Some(reason) = text.strip_prefix("Bail out!") {
            self.started = true;
            let reason = reason.trim();
            let message = if reason.is_empty() { None } else { Some(reason.to_owned()) };
            let mut case = TestCase::new("Bail out!", TestStatus::Errored(Problem::new(message, None, None)));
            case.suite = self.suite_name();
            self.run.add(case);
            self.notes.push("the producer bailed out: the tests after it did not run".to_owned());
            self.bailed_out = true;
            return Ok(Flow::Stop);
        }
        if text.starts_with("TAP version ") {
            self.started = true;
            return Ok(Flow::Continue);
        }
        if let Some(comment) = text.strip_prefix('#') {
            self.started = true;
            self.read_comment(indent, comment.trim());
            return Ok(Flow::Continue);
        }
        if let Some(plan) = text.strip_prefix("1..") {
            return self.read_plan(indent, plan, start).map(|()| Flow::Continue);
        }
        if let Some(rest) = text.strip_prefix("not ok") {
            return self.read_point(indent, false, rest, start).map(|()| Flow::Continue);
        }
        if let Some(rest) = text.strip_prefix("ok") {
            return self.read_point(indent, true, rest, start).map(|()| Flow::Continue);
        }
        if !self.started {
            let kind = ParseErrorKind::UnexpectedLine {
                expected: "TAP (`TAP version 14`, a plan `1..N` or `ok`/`not ok` test points)",
                line: self.line_number,
            };
            return Err(self.error(kind, start));
        }
        Ok(Flow::Continue)
    }

    fn read_comment(&mut self, indent: usize, comment: &str) {
        if let Some(name) = comment.strip_prefix("Subtest:") {
            self.subtest_headers.retain(|(header_indent, _)| *header_indent < indent);
            self.subtest_headers.push((indent, name.trim().to_owned()));
            return;
        }
        if indent > 0 {
            return;
        }
        let Some((key, value)) = comment.split_once(' ') else { return };
        let slot = match key {
            "tests" => &mut self.trailer.tests,
            "pass" => &mut self.trailer.pass,
            "fail" => &mut self.trailer.fail,
            "cancelled" => &mut self.trailer.cancelled,
            "skipped" => &mut self.trailer.skipped,
            "todo" => &mut self.trailer.todo,
            _ => return,
        };
        if let Some(count) = number::count(value.trim()) {
            *slot = Some(count);
        }
    }

    /// Closes the levels deeper than `indent` and opens one at `indent` if it is deeper.
    fn enter(&mut self, indent: usize, offset: u64) -> Result<(), ParseError> {
        while self.levels.last().is_some_and(|level| level.indent > indent) {
            self.close_level(offset)?;
        }
        if self.levels.last().is_none_or(|level| level.indent < indent) {
            let name = self
                .subtest_headers
                .iter()
                .rev()
                .find(|(header_indent, _)| *header_indent < indent)
                .map(|(_, name)| name.clone());
            self.levels.push(Level { indent, name, planned: None, points: 0 });
        }
        Ok(())
    }

    fn read_plan(&mut self, indent: usize, plan: &str, start: u64) -> Result<(), ParseError> {
        self.started = true;
        self.enter(indent, start)?;
        let count = plan.split('#').next().unwrap_or_default().trim();
        let digits_only = !count.is_empty() && count.bytes().all(|byte| byte.is_ascii_digit());
        let Some(count) = number::count(count).filter(|_| digits_only) else {
            let kind = ParseErrorKind::invalid("a plan `1..N`", &format!("1..{plan}"));
            return Err(self.error(kind, start));
        };
        let Some(level) = self.levels.last_mut() else { return Ok(()) };
        if level.planned.is_some() {
            let kind = ParseErrorKind::Misplaced {
                found: format!("1..{count}"),
                problem: "is a second plan at its level",
            };
            return Err(self.error(kind, start));
        }
        level.planned = Some(count);
        Ok(())
    }

    fn read_point(&mut self, indent: usize, ok: bool, rest: &str, start: u64) -> Result<(), ParseError> {
        // `ok` must be a word of its own: `okay` is a test's output.
        if !(rest.is_empty() || rest.starts_with(' ')) {
            return Ok(());
        }
        self.started = true;
        self.enter(indent, start)?;
        let rest = rest.trim_start();
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let (number_text, rest) = rest.split_at(digits);
        let suite = self.suite_name();
        let Some(level) = self.levels.last_mut() else { return Ok(()) };
        level.points += 1;
        if !number_text.is_empty() && number::count(number_text) != Some(level.points) {
            let kind = ParseErrorKind::InvalidValue {
                expected: "test points numbered in order",
                found: format!("test point {number_text} where {} was due", level.points),
            };
            return Err(self.error(kind, start));
        }
        let (description, directive) = split_directive(rest);
        let description = description.trim_start();
        let description = description.strip_prefix('-').map_or(description, str::trim_start);
        let outcome = match directive {
            Some(Directive::Skip(reason)) => Outcome::Skip(reason),
            Some(Directive::Todo(reason)) => Outcome::Todo(reason),
            None if ok => Outcome::Ok,
            None => Outcome::NotOk,
        };
        let mut case = TestCase::new(unescape(description.trim()), TestStatus::Passed);
        case.suite = suite;
        self.point = Some(Point { indent, case, outcome, diagnostics: Diagnostics::default() });
        Ok(())
    }

    /// The names of the enclosing subtests, outermost first.
    fn suite_name(&self) -> Option<String> {
        let names: Vec<&str> = self.levels.iter().filter_map(|level| level.name.as_deref()).collect();
        (!names.is_empty()).then(|| names.join(" > "))
    }

    fn read_yaml(&mut self, indent: usize, text: &str) {
        let Some(block) = &mut self.block else { return };
        if let Some((key, mut gathered)) = block.scalar.take() {
            let key_indent = block.indent.unwrap_or(block.marker_indent);
            if text.is_empty() || indent > key_indent {
                if gathered.len() < Problem::OUTPUT_LIMIT {
                    if !gathered.is_empty() {
                        gathered.push('\n');
                    }
                    // Lines of a block scalar keep their indent beyond the key's.
                    gathered.push_str(&" ".repeat(indent.saturating_sub(key_indent + 2)));
                    gathered.push_str(text);
                }
                block.scalar = Some((key, gathered));
                return;
            }
            self.store(key, gathered.trim_end().to_owned());
        }
        let Some(block) = &mut self.block else { return };
        if indent <= block.marker_indent && text == "..." {
            self.block = None;
            return;
        }
        if text.is_empty() || *block.indent.get_or_insert(indent) != indent {
            return;
        }
        let Some((name, value)) = text.split_once(':') else { return };
        let Some(key) = Key::from_name(name) else { return };
        let value = value.trim();
        if value.starts_with('|') || value.starts_with('>') {
            block.scalar = Some((key, String::new()));
        } else if let Some(value) = scalar(value) {
            self.store(key, value);
        }
    }

    fn store(&mut self, key: Key, value: String) {
        let Some(point) = &mut self.point else { return };
        let diagnostics = &mut point.diagnostics;
        match key {
            Key::Message => diagnostics.message = Some(value),
            Key::Kind => diagnostics.kind = Some(value),
            Key::Stack => diagnostics.stack = Some(value),
            Key::Type => diagnostics.suite = value == "suite",
            Key::FailureType => {
                diagnostics.did_not_finish |=
                    matches!(value.as_str(), "cancelledByParent" | "testTimeoutFailure" | "hookFailed");
            }
            Key::ExitCode | Key::Signal => diagnostics.did_not_finish |= value != "0",
            Key::Duration => point.case.time_s = number::seconds(&value).map(|ms| ms / 1000.0),
            Key::Location => {
                let place = match value.rsplit_once(" (") {
                    Some((_, inside)) => inside.strip_suffix(')').unwrap_or(inside),
                    None => value.as_str(),
                };
                let mut parts = place.rsplitn(3, ':');
                let (_column, line, file) = (parts.next(), parts.next(), parts.next());
                if let (Some(file), Some(line)) = (file, line.and_then(number::line_number)) {
                    point.case.file = Some(file.to_owned());
                    point.case.line = Some(line);
                }
            }
        }
    }

    fn finish_point(&mut self) {
        let Some(point) = self.point.take() else { return };
        let Point { mut case, outcome, diagnostics, .. } = point;
        if diagnostics.suite {
            return;
        }
        case.status = match outcome {
            Outcome::Ok => TestStatus::Passed,
            Outcome::Skip(reason) => TestStatus::Skipped { message: reason },
            Outcome::Todo(reason) => TestStatus::Skipped {
                message: Some(reason.map_or_else(|| "todo".to_owned(), |r| format!("todo: {r}"))),
            },
            Outcome::NotOk => {
                let problem = Problem::new(diagnostics.message, diagnostics.kind, diagnostics.stack);
                if diagnostics.did_not_finish {
                    TestStatus::Errored(problem)
                } else {
                    TestStatus::Failed(problem)
                }
            }
        };
        self.run.add(case);
    }

    /// Closes the innermost level; one whose plan is missing or unmet is a partial report.
    fn close_level(&mut self, offset: u64) -> Result<(), ParseError> {
        let Some(level) = self.levels.pop() else { return Ok(()) };
        let place = match &level.name {
            Some(name) => format!("subtest {name:?}"),
            None if self.levels.is_empty() => "the stream".to_owned(),
            None => "a subtest".to_owned(),
        };
        let problem = match level.planned {
            Some(planned) if planned == level.points => return Ok(()),
            Some(planned) => format!("{place} planned {planned} tests but holds {}", level.points),
            None => format!("{place} has no plan (`1..N`)"),
        };
        Err(self.error(ParseErrorKind::Incomplete(problem), offset))
    }

    fn finish(mut self, offset: u64) -> Result<Report, ParseError> {
        if self.block.is_some() {
            let kind = ParseErrorKind::UnclosedBlock("a YAML diagnostic block (no `...` after `---`)");
            return Err(self.error(kind, offset));
        }
        if !self.started {
            return Err(self.error(ParseErrorKind::Empty("TAP lines"), offset));
        }
        self.finish_point();
        if self.bailed_out {
            // The plans of a stream that stopped on purpose are not checked again.
            self.levels.clear();
        }
        while !self.levels.is_empty() {
            self.close_level(offset)?;
        }
        let run = self.run;
        if let (Some(tests), None) = (self.trailer.tests, self.trailer.pass) {
            // tape and node write `# pass` after `# tests`: a stream that ends between them is cut.
            let kind = ParseErrorKind::invalid(
                "a trailer that goes on from `# tests` to `# pass`",
                &format!("`# tests {tests}` and then the end of the stream"),
            );
            return Err(ParseError::new(Format::Tap, kind).at(offset));
        }
        if !self.bailed_out
            && let Some(disagreement) = trailer_disagreement(&self.trailer, &run)
        {
            let kind = ParseErrorKind::invalid(
                "a trailer whose pass, fail and skip counts are the test points'",
                &disagreement,
            );
            return Err(ParseError::new(Format::Tap, kind).at(offset));
        }
        Ok(Report {
            format: Format::Tap,
            producer: None,
            notes: self.notes,
            content: ReportContent::Tests(run),
        })
    }
}

/// A line as text: UTF-8 with no NUL (a cut line may end inside a character).
fn text_line(line: &[u8], cut: bool) -> Result<std::borrow::Cow<'_, str>, ParseErrorKind> {
    if line.contains(&0) {
        return Err(ParseErrorKind::invalid("text", "a NUL byte"));
    }
    match std::str::from_utf8(line) {
        Ok(text) => Ok(std::borrow::Cow::Borrowed(text)),
        Err(error) if cut && error.error_len().is_none() => Ok(String::from_utf8_lossy(line)),
        Err(_) => Err(ParseErrorKind::invalid("UTF-8 text", "bytes that are not UTF-8")),
    }
}

/// How node's own trailer counts differ from the test points, when they do: a stream whose
/// points were damaged.
fn trailer_disagreement(trailer: &Trailer, run: &TestRun) -> Option<String> {
    let counts = run.counts();
    let (Some(pass), Some(fail), Some(cancelled), Some(todo)) =
        (trailer.pass, trailer.fail, trailer.cancelled, trailer.todo)
    else {
        // tape's: `# tests` counts the points, `# fail` (absent when none failed) the failing
        // ones but a TODO, which `# pass` counts with the rest. Without its `# tests` line, the
        // trailer's other counts are still checked.
        let pass = trailer.pass?;
        let fail = trailer.fail.unwrap_or(0);
        let failing = counts.failed + counts.errors;
        let points = (counts.total, counts.total.saturating_sub(failing), failing);
        return ((trailer.tests.unwrap_or(points.0), pass, fail) != points).then(|| {
            let tests = trailer.tests.map_or_else(|| "no".to_owned(), |tests| tests.to_string());
            format!(
                "tests {tests}, pass {pass}, fail {fail} against the points' {}, {}, {}",
                points.0, points.1, points.2
            )
        });
    };
    let failed = fail.saturating_add(cancelled);
    let skipped = trailer.skipped.unwrap_or(0).saturating_add(todo);
    let points = (counts.passed, counts.failed + counts.errors, counts.skipped);
    ((pass, failed, skipped) != points).then(|| {
        format!("{pass}, {failed}, {skipped} against the points' {}, {}, {}", points.0, points.1, points.2)
    })
}

enum Directive {
    Skip(Option<String>),
    Todo(Option<String>),
}

/// Splits a test point's description from its `# SKIP`/`# TODO` directive; `\#` is no directive.
fn split_directive(rest: &str) -> (&str, Option<Directive>) {
    let mut escaped = false;
    for (at, character) in rest.char_indices() {
        match character {
            '\\' => escaped = !escaped,
            '#' if !escaped => {
                let (description, comment) = rest.split_at(at);
                let comment = comment.trim_start_matches('#').trim_start();
                let word_end = comment.find(|c: char| c.is_whitespace()).unwrap_or(comment.len());
                let (word, reason) = comment.split_at(word_end);
                let reason = reason.trim();
                let reason = (!reason.is_empty()).then(|| reason.to_owned());
                let word = word.to_ascii_lowercase();
                return if word.starts_with("skip") {
                    (description, Some(Directive::Skip(reason)))
                } else if word == "todo" {
                    (description, Some(Directive::Todo(reason)))
                } else {
                    (rest, None)
                };
            }
            _ => escaped = false,
        }
    }
    (rest, None)
}

/// A description with TAP's escapes (`\#`, `\\`) undone.
fn unescape(description: &str) -> String {
    let mut text = String::with_capacity(description.len());
    let mut characters = description.chars();
    while let Some(character) = characters.next() {
        match character {
            '\\' => text.push(characters.next().unwrap_or('\\')),
            other => text.push(other),
        }
    }
    text
}

/// A one-line YAML scalar: quoted (`'a ''b'''`, `"a \"b\""`), plain, or null (`~`).
fn scalar(value: &str) -> Option<String> {
    if value.is_empty() || value == "~" || value == "null" {
        return None;
    }
    if let Some(inner) = value.strip_prefix('\'') {
        return Some(inner.strip_suffix('\'').unwrap_or(inner).replace("''", "'"));
    }
    if let Some(inner) = value.strip_prefix('"') {
        let inner = inner.strip_suffix('"').unwrap_or(inner);
        let mut text = String::with_capacity(inner.len());
        let mut characters = inner.chars();
        while let Some(character) = characters.next() {
            match (character, characters.clone().next()) {
                ('\\', Some('n')) => {
                    text.push('\n');
                    characters.next();
                }
                ('\\', Some(escaped)) => {
                    text.push(escaped);
                    characters.next();
                }
                (other, _) => text.push(other),
            }
        }
        return Some(text);
    }
    Some(value.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_str;

    fn run(tap: &str) -> TestRun {
        match parse_str(Format::Tap, tap).unwrap().content {
            ReportContent::Tests(run) => run,
            other => panic!("not tests: {other:?}"),
        }
    }

    #[test]
    fn directives_and_escapes() {
        let run = run(
            "TAP version 14\n1..4\nok 1 - a\nnot ok 2 - c # TODO later\nok 3 # skip no db\nnot ok 4 d \\# e\n",
        );
        let counts = run.counts();
        assert_eq!((counts.total, counts.passed, counts.failed, counts.skipped), (4, 1, 1, 2));
        // The pass is counted, the others listed.
        assert_eq!((run.plain_passes, run.cases.len()), (1, 3));
        assert_eq!(run.cases[0].status, TestStatus::Skipped { message: Some("todo: later".to_owned()) });
        assert_eq!(run.cases[1].status, TestStatus::Skipped { message: Some("no db".to_owned()) });
        assert_eq!(run.cases[2].name, "d # e");
    }

    #[test]
    fn a_bail_out_is_an_error_and_a_partial_stream_is_refused() {
        let bailed = run("TAP version 13\n1..3\nok 1 - a\nBail out! database down\n");
        assert_eq!((bailed.counts().passed, bailed.counts().errors), (1, 1));
        for partial in [
            "TAP version 13\n1..3\nok 1 - a\nok 2 - b\n",
            "TAP version 13\n1..1\nok 1 - a\nok 2 - b\n",
            "ok 1 - a\n",
            "TAP version 13\n# Subtest: s\n    ok 1 - a\nok 1 - s\n1..1\n",
            "TAP version 13\nok 1 - a\n1..1",
            // tape's trailer without its `# tests` line, its `# pass` one too many.
            "TAP version 13\nok 1 - a\nnot ok 2 - b\n1..2\n# te{ts 2\n# pass  2\n# fail  1\n",
        ] {
            assert!(parse_str(Format::Tap, partial).is_err(), "{partial:?}");
        }
    }

    #[test]
    fn yaml_message_and_subtests() {
        let tap = "TAP version 13\n# Subtest: outer\n    ok 1 - inner\n    not ok 2 - broken\n      ---\n      error: |-\n        line one\n          line two\n      name: 'AssertionError'\n      location: '/w/t.js:8:3'\n      ...\n    1..2\nnot ok 1 - outer\n  ---\n  type: 'suite'\n  ...\n1..1\n";
        let run = run(tap);
        assert_eq!((run.plain_passes, run.cases.len()), (1, 1));
        let TestStatus::Failed(problem) = &run.cases[0].status else { panic!("{:?}", run.cases[0]) };
        assert_eq!(problem.message.as_deref(), Some("line one\n  line two"));
        assert_eq!(problem.kind.as_deref(), Some("AssertionError"));
        assert_eq!((run.cases[0].file.as_deref(), run.cases[0].line), (Some("/w/t.js"), Some(8)));
        assert_eq!(run.cases[0].suite.as_deref(), Some("outer"));
    }

    #[test]
    fn a_huge_output_line_is_passed_over() {
        let tap = format!("TAP version 14\n# {}\nok 1 - after\n1..1\n", "x".repeat(3 * MAX_LINE));
        let run = run(&tap);
        assert_eq!((run.plain_passes, run.counts().passed), (1, 1));
    }

    #[test]
    fn refuses_what_is_not_tap() {
        assert!(parse_str(Format::Tap, "{\"a\": 1}\n").is_err());
        assert!(parse_str(Format::Tap, "1..2\nok 1\nok 3\n").is_err());
        assert!(parse_str(Format::Tap, "1..1\nnot ok 1\n  ---\n  error: 'x'\n").is_err());
    }
}

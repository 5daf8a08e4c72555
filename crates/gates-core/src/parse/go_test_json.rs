//! `go test -json` event streams (cmd/test2json).
//!
//! Producers seen: Go 1.19 (Debian's golang-go). The events are described in `go doc test2json`
//! (`Time`, `Action`, `Package`, `Test`, `Elapsed`, `Output`). Later versions, read from go's own
//! test scripts (`cmd/go/testdata/script/test_json_build.txt`, `test_json_issue35169.txt`) and
//! not run here: Go 1.20 adds the package `start` action and writes a build failure as package
//! output; Go 1.24 adds `build-output`/`build-fail` events keyed by `ImportPath` and the package
//! `fail` event's `FailedBuild`.
//!
//! The final `pass`/`fail`/`skip` event of each test is the oracle; the `--- FAIL` lines of the
//! output are not read.
//! - A subtest (`TestParent/child`) is its own test, and a failing child fails its parent too:
//!   both count, as go prints both.
//! - A test that runs again after a failed run (`gotestsum --rerun-fails`) is a rerun: its last
//!   outcome stands and the runs are its attempts. After a pass (`-count=2`) it is a new test.
//! - A package may run again further down (streams of shards joined, or a rerun). A test that
//!   passed or was skipped in an earlier run of its package, and whose root test did too, running
//!   again is an error: a rerun runs only failed tests, a shard only its own, so the file holds
//!   the same run twice. A package failing outside its tests in two runs is one errored test.
//! - test2json reads a test's `Elapsed` from its `--- PASS: <name> (0.01s)` line: the two
//!   disagreeing is an error. So is a package's `Elapsed` more than a second from the time of
//!   its `ok  \t<package>\t0.010s` line (go measures both, a moment apart).
//! - A package that fails while none of its tests failed (a build failure, a panic or timeout
//!   outside a test, `TestMain` exiting) is one errored test named after the package. Tests
//!   still running when their package fails are errored too; a package or test that passes
//!   (or skips) while a test under it runs is an error, as go ends a test after its subtests.
//! - Go before 1.24 writes a build failure as a plain `FAIL\t<package> [build failed]` line
//!   among the events; that line (and `[setup failed]`) is read, any other line that is not a
//!   test2json event is an error, as is a stream that ends with a test or package unfinished.
//! - `Output` belongs to `output` events (and `build-output`, `bench`) only; on another it is an
//!   error.
//! - The output of a failed or skipped test, less go's `=== RUN`/`--- FAIL` framing, is kept up
//!   to [`Problem::OUTPUT_LIMIT`]; its first line is the message.

use super::lines::Lines;
use std::collections::{BTreeMap, HashMap};
use std::io::BufRead;

use serde::Deserialize;

use super::error::{Location, ParseError, ParseErrorKind, io_error};
use super::{Format, json, json_sniff, number};
use crate::model::{Problem, Report, ReportContent, TestCase, TestRun, TestStatus, truncate_at_char};

/// Longest line read; test2json splits longer output into several events.
const MAX_LINE: usize = 1024 * 1024;

/// Whether `content` starts as a test2json stream past go's plain build-failure lines: its first
/// event has `Action` and `Package` (or `ImportPath`, Go 1.24's build events), as
/// [`json_sniff::sniff`] tells from its keys.
pub(crate) fn sniff(content: &[u8]) -> Option<Format> {
    let mut rest = content.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(content);
    loop {
        let end = rest.iter().position(|&byte| byte == b'\n').unwrap_or(rest.len());
        let line = rest.get(..end).unwrap_or_default().trim_ascii();
        if !line.is_empty() && plain_failure(line).is_none() {
            break;
        }
        rest = rest.get(end + 1..)?;
    }
    (json::first_byte(rest) == Some(b'{') && json_sniff::sniff(rest) == Ok(Format::GoTestJson))
        .then_some(Format::GoTestJson)
}

/// One test2json event; `Time` and unknown keys are skipped.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Event {
    action: String,
    #[serde(default)]
    package: Option<String>,
    #[serde(default)]
    import_path: Option<String>,
    #[serde(default)]
    test: Option<String>,
    #[serde(default)]
    elapsed: Option<f64>,
    #[serde(default)]
    output: Option<String>,
    #[serde(default)]
    failed_build: Option<String>,
}

/// Parses a `go test -json` stream line by line.
pub(crate) fn parse<R: BufRead>(input: R) -> Result<Report, ParseError> {
    let mut stream = Stream::default();
    let mut lines = Lines::new(input, MAX_LINE);
    while let Some(line) = lines.next_line().map_err(|error| io_error(Format::GoTestJson, error))? {
        stream.line_number = line.number;
        if line.cut {
            let kind = ParseErrorKind::UnexpectedLine {
                expected: "test2json events shorter than 1 MiB",
                line: line.number,
            };
            return Err(ParseError::new(Format::GoTestJson, kind).at(line.start));
        }
        stream.read_line(line.bytes.trim_ascii_end(), line.start)?;
    }
    if lines.ended_mid_line() {
        return Err(ParseError::new(Format::GoTestJson, ParseErrorKind::CutMidLine).at(lines.offset()));
    }
    stream.finish(lines.offset())
}

/// How far a package's `Elapsed` may be from its `ok` line's time: go measures both, a moment
/// apart (0.018 s against `0.017s` in `testdata/go-test-json/passing.jsonl`).
const PACKAGE_ELAPSED_SLACK_S: f64 = 1.0;

/// The seconds of `test`'s own `--- PASS: <test> (0.01s)` line (indented for a subtest).
fn framed_seconds(text: &str, test: &str) -> Option<f64> {
    let rest = text.trim_start().strip_prefix("--- ")?;
    let rest = ["PASS: ", "FAIL: ", "SKIP: "].iter().find_map(|outcome| rest.strip_prefix(outcome))?;
    let seconds = rest.strip_prefix(test)?.trim_end().strip_prefix(" (")?.strip_suffix("s)")?;
    number::seconds(seconds)
}

/// The seconds of go's `ok  \t<package>\t0.010s` or `FAIL\t<package>\t0.010s` line, which may
/// go on with the coverage; none for `(cached)`.
fn package_seconds(text: &str, package: &str) -> Option<f64> {
    let rest = text.strip_prefix("ok  \t").or_else(|| text.strip_prefix("FAIL\t"))?;
    let rest = rest.strip_prefix(package)?.strip_prefix('\t')?;
    let seconds = rest.split(['\t', '\n']).next()?.strip_suffix('s')?;
    number::seconds(seconds)
}

/// The package of go's plain `FAIL\t<package> [build failed]` (or `[setup failed]`) line.
fn plain_failure(line: &[u8]) -> Option<&str> {
    let text = std::str::from_utf8(line).ok()?.strip_prefix("FAIL\t")?;
    text.strip_suffix(" [build failed]").or_else(|| text.strip_suffix(" [setup failed]"))
}

/// A test that has started and not yet ended.
#[derive(Debug, Default)]
struct Running {
    output: Kept,
    /// Runs that ended in a failure before this one.
    failed_runs: u32,
    /// The seconds of its `--- PASS: <name> (0.01s)` line, which test2json's `Elapsed` is read from.
    framed_s: Option<f64>,
}

/// Output kept up to [`Problem::OUTPUT_LIMIT`] bytes.
#[derive(Debug, Default)]
struct Kept(String);

impl Kept {
    fn push(&mut self, text: &str) {
        if self.0.len() < Problem::OUTPUT_LIMIT {
            self.0.push_str(text);
            truncate_at_char(&mut self.0, Problem::OUTPUT_LIMIT);
        }
    }
}

#[derive(Debug, Default)]
struct Package {
    /// By name, so the tests under one are found as a range.
    running: BTreeMap<String, Running>,
    /// Where each test's latest case is in `cases`, to find a rerun, and in which of the
    /// package's runs it ended.
    latest: HashMap<String, Latest>,
    /// The package's runs that have ended.
    runs_ended: u32,
    tests_failed: bool,
    /// The seconds of the run's `ok  \t<package>\t0.010s` (or `FAIL`) line.
    reported_s: Option<f64>,
    /// Output outside any test.
    output: Kept,
    ended: bool,
}

#[derive(Debug, Clone, Copy)]
struct Latest {
    at: usize,
    run: u32,
}

#[derive(Debug, Default)]
struct Stream {
    packages: HashMap<String, Package>,
    /// Go 1.24's build output, by import path.
    build_output: HashMap<String, Kept>,
    cases: Vec<TestCase>,
    duration_s: Option<f64>,
    line_number: usize,
    events: u64,
}

impl Stream {
    fn read_line(&mut self, line: &[u8], start: u64) -> Result<(), ParseError> {
        if line.is_empty() {
            return Ok(());
        }
        if let Some(package) = plain_failure(line) {
            self.events += 1;
            let problem = Problem::new(Some("build failed".to_owned()), Some("build".to_owned()), None);
            self.package_failed(package, TestStatus::Errored(problem));
            self.packages.entry(package.to_owned()).or_default().ended = true;
            return Ok(());
        }
        if line.first() != Some(&b'{') {
            let kind = ParseErrorKind::UnexpectedLine {
                expected: "a test2json event (a JSON object per line, as `go test -json` writes to stdout)",
                line: self.line_number,
            };
            return Err(ParseError::new(Format::GoTestJson, kind).at(start));
        }
        let event: Event = json::from_slice(Format::GoTestJson, line).map_err(|error| ParseError {
            location: Location { offset: error.location.offset.map(|at| at + start), ..error.location },
            ..error
        })?;
        self.events += 1;
        self.apply(event).map_err(|kind| ParseError::new(Format::GoTestJson, kind).at(start))
    }

    fn apply(&mut self, event: Event) -> Result<(), ParseErrorKind> {
        if event.output.is_some() && !matches!(event.action.as_str(), "output" | "build-output" | "bench") {
            // test2json gives `Output` to output events only: this line was pieced together.
            return Err(ParseErrorKind::invalid(
                "`Output` on `output`, `build-output` and `bench` events only",
                &format!("a `{}` event with Output", event.action),
            ));
        }
        if let Some(import_path) = &event.import_path
            && event.package.is_none()
        {
            return match event.action.as_str() {
                "build-output" => {
                    let kept = self.build_output.entry(import_path.clone()).or_default();
                    kept.push(event.output.as_deref().unwrap_or_default());
                    Ok(())
                }
                "build-fail" => Ok(()),
                _ => Err(ParseErrorKind::invalid(
                    "`build-output` or `build-fail` for an event with ImportPath and no Package",
                    &event.action,
                )),
            };
        }
        let Some(package_name) = event.package.clone() else {
            return Err(ParseErrorKind::MissingAttribute("Package"));
        };
        match event.test.clone() {
            Some(test) => self.test_event(&package_name, test, event),
            None => self.package_event(package_name, event),
        }
    }

    fn test_event(&mut self, package_name: &str, test: String, event: Event) -> Result<(), ParseErrorKind> {
        let package = self.packages.entry(package_name.to_owned()).or_default();
        match event.action.as_str() {
            "run" => {
                let root = test.split('/').next().unwrap_or(&test);
                let ended_well_before = |latest: &Latest| {
                    latest.run < package.runs_ended
                        && self.cases.get(latest.at).is_some_and(|case| !is_problem(&case.status))
                };
                if package.latest.get(root).is_some_and(ended_well_before) {
                    return Err(ParseErrorKind::Misplaced {
                        found: format!("test {test} running again"),
                        problem: "after it passed or was skipped in an earlier run of its package: a rerun runs only failed tests, so the file holds the same run twice (two streams joined?)",
                    });
                }
                let failed_runs = package
                    .latest
                    .get(&test)
                    .and_then(|latest| self.cases.get(latest.at))
                    .filter(|case| is_problem(&case.status))
                    .map_or(0, |case| case.attempts);
                // A package may run again further down (shards' streams concatenated).
                package.ended = false;
                package.running.insert(test, Running { failed_runs, ..Running::default() });
                Ok(())
            }
            "output" => {
                let text = event.output.as_deref().unwrap_or_default();
                if let Some(running) = package.running.get_mut(&test) {
                    if !is_framing(text) {
                        running.output.push(text);
                    } else if let Some(seconds) = framed_seconds(text, &test) {
                        running.framed_s = Some(seconds);
                    }
                }
                Ok(())
            }
            "pause" | "cont" | "bench" => Ok(()),
            "pass" | "fail" | "skip" => {
                let subtests = format!("{test}/");
                nothing_running(&event.action, ("test", &test), &package.running, &subtests)?;
                let Some(running) = package.running.remove(&test) else {
                    return Err(ParseErrorKind::Misplaced {
                        found: format!("the {} of test {test}", event.action),
                        problem: "comes without its `run` event: the stream is damaged",
                    });
                };
                if let (Some(framed), Some(elapsed)) = (running.framed_s, event.elapsed)
                    && (framed - elapsed).abs() > 1e-9
                {
                    return Err(ParseErrorKind::invalid(
                        "the test's `Elapsed`, which test2json reads from its `--- PASS`/`--- FAIL`/`--- SKIP` line",
                        &format!("{elapsed} against {framed}s on that line"),
                    ));
                }
                let text = running.output.0;
                let status = match event.action.as_str() {
                    "pass" => TestStatus::Passed,
                    "skip" => TestStatus::Skipped { message: first_line(&text) },
                    _ => {
                        package.tests_failed = true;
                        TestStatus::Failed(Problem::new(first_line(&text), None, non_empty(text)))
                    }
                };
                self.end_test(package_name, test, status, event.elapsed, running.failed_runs);
                Ok(())
            }
            other => Err(ParseErrorKind::invalid(
                "a test action of test2json (run, pause, cont, pass, fail, skip, output, bench)",
                other,
            )),
        }
    }

    fn end_test(
        &mut self,
        package_name: &str,
        test: String,
        status: TestStatus,
        elapsed: Option<f64>,
        failed_runs: u32,
    ) {
        let at = self.cases.len();
        let mut case = test_case(package_name, test.clone(), status);
        case.time_s = elapsed;
        let package = self.packages.entry(package_name.to_owned()).or_default();
        let run = package.runs_ended;
        // A rerun, or a subtest run again with its failed root; a pass in the same run is a new test.
        match package.latest.get_mut(&test).filter(|latest| failed_runs > 0 || latest.run < run) {
            Some(latest) => {
                latest.run = run;
                if let Some(earlier) = self.cases.get_mut(latest.at) {
                    case.attempts = failed_runs.saturating_add(1);
                    *earlier = case;
                }
            }
            None => {
                package.latest.insert(test, Latest { at, run });
                self.cases.push(case);
            }
        }
    }

    fn package_event(&mut self, package_name: String, event: Event) -> Result<(), ParseErrorKind> {
        match event.action.as_str() {
            "start" => {
                self.packages.entry(package_name).or_default().ended = false;
                Ok(())
            }
            "pause" | "cont" | "run" => Ok(()),
            "output" => {
                let text = event.output.as_deref().unwrap_or_default();
                let reported = package_seconds(text, &package_name);
                let package = self.packages.entry(package_name).or_default();
                package.reported_s = reported.or(package.reported_s);
                package.output.push(text);
                Ok(())
            }
            "pass" | "skip" | "fail" => {
                let package = self.packages.entry(package_name.clone()).or_default();
                nothing_running(&event.action, ("package", &package_name), &package.running, "")?;
                if let (Some(reported), Some(elapsed)) = (package.reported_s.take(), event.elapsed)
                    && (reported - elapsed).abs() > PACKAGE_ELAPSED_SLACK_S
                {
                    return Err(ParseErrorKind::invalid(
                        "the package's `Elapsed` within a second of the time its `ok`/`FAIL` line gives",
                        &format!("{elapsed} against {reported}s on that line"),
                    ));
                }
                if let Some(elapsed) = event.elapsed {
                    let sum = self.duration_s.unwrap_or(0.0) + elapsed;
                    self.duration_s = sum.is_finite().then_some(sum).or(self.duration_s);
                }
                let failed = event.action == "fail";
                let build_output =
                    event.failed_build.as_ref().and_then(|path| self.build_output.remove(path));
                self.end_package(&package_name, failed, event.failed_build.is_some(), build_output);
                Ok(())
            }
            other => Err(ParseErrorKind::invalid(
                "a package action of test2json (start, output, pass, fail, skip)",
                other,
            )),
        }
    }

    /// Ends a package: tests still running are errored, and a failure no test explains is one
    /// errored test of its own.
    fn end_package(
        &mut self,
        package_name: &str,
        failed: bool,
        build_failed: bool,
        build_output: Option<Kept>,
    ) {
        let package = self.packages.entry(package_name.to_owned()).or_default();
        package.ended = true;
        package.runs_ended = package.runs_ended.saturating_add(1);
        let unfinished = std::mem::take(&mut package.running);
        let tests_failed = std::mem::take(&mut package.tests_failed) || !unfinished.is_empty();
        let package_output = std::mem::take(&mut package.output.0);
        for (test, running) in unfinished {
            let message = "did not finish: its package ended first (panic, timeout or os.Exit)";
            let problem = Problem::new(Some(message.to_owned()), None, non_empty(running.output.0));
            self.end_test(package_name, test, TestStatus::Errored(problem), None, running.failed_runs);
        }
        if failed && !tests_failed {
            // Go 1.20 to 1.23 write go's `FAIL\t<package> [build failed]` line as package output.
            let build_failed = build_failed || package_output.contains(" [build failed]");
            let (message, kind, output) = if build_failed {
                let output = build_output.map(|kept| kept.0).unwrap_or(package_output);
                ("build failed", "build", output)
            } else {
                ("the package failed outside its tests", "package", package_output)
            };
            let problem = Problem::new(Some(message.to_owned()), Some(kind.to_owned()), non_empty(output));
            self.package_failed(package_name, TestStatus::Errored(problem));
        }
    }

    /// The errored test that stands for a package failing outside its tests; a second failure of
    /// the package (its build, in two shards) replaces the first.
    fn package_failed(&mut self, package_name: &str, status: TestStatus) {
        let name = package_case_name(package_name);
        let case = test_case(package_name, name.clone(), status);
        let package = self.packages.entry(package_name.to_owned()).or_default();
        match package.latest.get(&name).and_then(|latest| self.cases.get_mut(latest.at)) {
            Some(earlier) => *earlier = case,
            None => {
                let latest = Latest { at: self.cases.len(), run: package.runs_ended };
                package.latest.insert(name, latest);
                self.cases.push(case);
            }
        }
    }

    /// Ends the stream at byte `end`: every test and package must have finished.
    fn finish(self, end: u64) -> Result<Report, ParseError> {
        if self.events == 0 {
            return Err(ParseError::new(Format::GoTestJson, ParseErrorKind::Empty("test2json events")));
        }
        let mut unfinished: Vec<(String, &str)> = self
            .packages
            .iter()
            .filter(|(_, package)| !package.ended)
            .map(|(name, package)| match package.running.keys().next() {
                Some(test) => (format!("test {test} of package {name}"), "pass, fail or skip"),
                None => (format!("package {name}"), "package pass, fail or skip"),
            })
            .collect();
        unfinished.sort();
        if let Some((what, expected)) = unfinished.into_iter().next() {
            let kind = ParseErrorKind::Unfinished { what, expected };
            return Err(ParseError::new(Format::GoTestJson, kind).at(end));
        }
        Ok(Report {
            format: Format::GoTestJson,
            producer: Some("go test".to_owned()),
            notes: Vec::new(),
            content: ReportContent::Tests(TestRun {
                duration_s: self.duration_s,
                ..self.cases.into_iter().collect()
            }),
        })
    }
}

/// Refuses a `pass` or `skip` of a test or package (`what`, with its name) while a test whose name
/// starts with `prefix` still runs: go ends a test after its subtests, and a test that does not
/// finish fails its package. A `fail` may come with tests running.
fn nothing_running(
    action: &str,
    (what, name): (&str, &str),
    running: &BTreeMap<String, Running>,
    prefix: &str,
) -> Result<(), ParseErrorKind> {
    if action == "fail" {
        return Ok(());
    }
    let first = running
        .range::<str, _>((std::ops::Bound::Included(prefix), std::ops::Bound::Unbounded))
        .next()
        .map(|(test, _)| test);
    match first.filter(|test| test.starts_with(prefix)) {
        Some(test) => Err(ParseErrorKind::Misplaced {
            found: format!("the {action} of {what} {name} while test {test} runs"),
            problem: "cannot be: go ends a test after the tests under it and fails a package whose test does not finish, so the stream is damaged",
        }),
        None => Ok(()),
    }
}

fn test_case(package_name: &str, name: String, status: TestStatus) -> TestCase {
    let mut case = TestCase::new(name, status);
    case.classname = Some(package_name.to_owned());
    case
}

/// The name of the errored test that stands for a package failing outside its tests.
fn package_case_name(package_name: &str) -> String {
    let last = package_name.rsplit('/').next().unwrap_or(package_name);
    format!("[{last}]")
}

/// go's own lines around a test's output: `=== RUN`, `=== PAUSE`, `=== CONT`, `--- FAIL: …`.
fn is_framing(text: &str) -> bool {
    let text = text.trim_start();
    ["=== RUN", "=== PAUSE", "=== CONT", "=== NAME", "--- PASS:", "--- FAIL:", "--- SKIP:"]
        .iter()
        .any(|frame| text.starts_with(frame))
}

fn first_line(text: &str) -> Option<String> {
    text.lines().map(str::trim).find(|line| !line.is_empty()).map(str::to_owned)
}

fn non_empty(text: String) -> Option<String> {
    (!text.trim().is_empty()).then_some(text)
}

fn is_problem(status: &TestStatus) -> bool {
    matches!(status, TestStatus::Failed(_) | TestStatus::Errored(_))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_str;

    fn counts(stream: &str) -> crate::model::TestCounts {
        let ReportContent::Tests(run) = parse_str(Format::GoTestJson, stream).unwrap().content else {
            panic!()
        };
        run.counts()
    }

    #[test]
    fn sniffs_past_go_build_failure_lines() {
        let stream = b"FAIL\tm/b [build failed]\n{\"Action\":\"run\",\"Package\":\"m/a\",\"Test\":\"T\"}\n";
        assert_eq!(sniff(stream), Some(Format::GoTestJson));
        assert_eq!(sniff(b"FAIL\tm/b [build failed]\n"), None);
        assert_eq!(sniff(b"{\"Action\":\"run\"}\n"), None);
    }

    /// Two shards' streams concatenated: the second run of a package must finish too.
    #[test]
    fn a_package_run_again_must_finish_again() {
        let run = "{\"Action\":\"run\",\"Package\":\"m/a\",\"Test\":\"T\"}\n\
            {\"Action\":\"fail\",\"Package\":\"m/a\",\"Test\":\"T\"}\n{\"Action\":\"fail\",\"Package\":\"m/a\"}\n";
        let twice = format!("{run}{run}");
        assert_eq!((counts(&twice).total, counts(&twice).failed), (1, 1));
        let cut = format!("{run}{}\n", run.lines().next().unwrap());
        let error = parse_str(Format::GoTestJson, &cut).unwrap_err().to_string();
        assert!(error.contains("the file ends before test T of package m/a finished"), "{error}");
    }

    /// A rerun runs only failed tests: a passed test running again means the same run twice.
    #[test]
    fn a_passed_test_running_again_in_a_later_run_is_refused() {
        let run = "{\"Action\":\"run\",\"Package\":\"m/a\",\"Test\":\"T\"}\n\
            {\"Action\":\"pass\",\"Package\":\"m/a\",\"Test\":\"T\"}\n{\"Action\":\"pass\",\"Package\":\"m/a\"}\n";
        let error = parse_str(Format::GoTestJson, &format!("{run}{run}")).unwrap_err().to_string();
        assert!(error.contains("line 4") && error.contains("test T running again"), "{error}");
        // The root test failed, so its passing subtest may run again with it.
        let failed = "{\"Action\":\"run\",\"Package\":\"m/a\",\"Test\":\"T\"}\n\
            {\"Action\":\"run\",\"Package\":\"m/a\",\"Test\":\"T/ok\"}\n\
            {\"Action\":\"pass\",\"Package\":\"m/a\",\"Test\":\"T/ok\"}\n\
            {\"Action\":\"run\",\"Package\":\"m/a\",\"Test\":\"T/bad\"}\n\
            {\"Action\":\"fail\",\"Package\":\"m/a\",\"Test\":\"T/bad\"}\n\
            {\"Action\":\"fail\",\"Package\":\"m/a\",\"Test\":\"T\"}\n{\"Action\":\"fail\",\"Package\":\"m/a\"}\n";
        let rerun = failed.replace("\"fail\"", "\"pass\"");
        let counts = counts(&format!("{failed}{rerun}"));
        assert_eq!((counts.total, counts.failed, counts.flaky), (3, 0, 2));
    }

    #[test]
    fn the_times_of_go_s_own_lines_are_read() {
        assert_eq!(framed_seconds("    --- PASS: T/sub (0.25s)\n", "T/sub"), Some(0.25));
        assert_eq!(framed_seconds("--- FAIL: T (1.50s)\n", "T"), Some(1.5));
        assert_eq!(framed_seconds("--- PASS: T2 (1.50s)\n", "T"), None);
        assert_eq!(package_seconds("ok  \tm/a\t0.010s\tcoverage: 50.0% of statements\n", "m/a"), Some(0.01));
        assert_eq!(package_seconds("FAIL\tm/a\t0.002s\n", "m/a"), Some(0.002));
        assert_eq!(package_seconds("ok  \tm/a\t(cached)\n", "m/a"), None);
    }

    /// Only a failure may end a test or package with a test under it still running.
    #[test]
    fn a_pass_while_a_test_under_it_runs_is_refused() {
        let run = |test: &str| format!("{{\"Action\":\"run\",\"Package\":\"m/a\",\"Test\":\"{test}\"}}\n");
        let end = |action: &str, test: Option<&str>| match test {
            Some(test) => format!("{{\"Action\":\"{action}\",\"Package\":\"m/a\",\"Test\":\"{test}\"}}\n"),
            None => format!("{{\"Action\":\"{action}\",\"Package\":\"m/a\"}}\n"),
        };
        let parent = format!("{}{}{}", run("T"), run("T/sub"), end("pass", Some("T")));
        let error = parse_str(Format::GoTestJson, &parent).unwrap_err().to_string();
        assert!(
            error.contains("line 3") && error.contains("the pass of test T while test T/sub runs"),
            "{error}"
        );
        let package = format!("{}{}", run("T2"), end("pass", None));
        let error = parse_str(Format::GoTestJson, &package).unwrap_err().to_string();
        assert!(error.contains("the pass of package m/a while test T2 runs"), "{error}");
        // A prefix of a name is not its parent; a failed package errors what still runs.
        let sibling = format!("{}{}{}{}", run("T"), run("T2"), end("pass", Some("T")), end("fail", None));
        assert_eq!((counts(&sibling).passed, counts(&sibling).errors), (1, 1));
    }

    #[test]
    fn a_package_failing_in_two_runs_is_one_errored_test() {
        let broken = "FAIL\tm/b [build failed]\n";
        let counts = counts(&format!("{broken}{broken}"));
        assert_eq!((counts.total, counts.errors), (1, 1));
    }
}

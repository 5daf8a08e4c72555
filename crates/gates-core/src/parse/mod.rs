//! Report parsers: bytes in, one [`Report`] of the normalized model out.
//!
//! [`Format::sniff`] tells the format from the first bytes, [`parse`] dispatches to one parser,
//! and [`from_path`] does both for a file and names it in any error.

mod bandit;
mod cargo_metadata;
mod cobertura;
mod coveragepy_json;
mod error;
mod gitleaks;
mod jacoco;
mod json;
mod json_sniff;
mod junit;
mod lcov;
mod lint_text;
mod maps_only;
mod mypy;
mod number;
mod pip_audit;
mod pip_licenses;
mod pylint;
mod pytest_benchmark;
mod radon;
mod ruff;
mod safety;
mod sarif;
mod xml;

use std::fmt;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use serde::Serialize;

pub use error::{Location, ParseError, ParseErrorKind, ReportError};

use crate::model::{Category, Report};

/// A report format gates reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Format {
    /// Cobertura XML (coverage.py, pytest-cov, gcovr, cargo-llvm-cov, grcov, istanbul/nyc).
    Cobertura,
    /// JaCoCo XML (JaCoCo 0.8 for Java and Kotlin, gcovr 8).
    Jacoco,
    /// LCOV tracefiles (lcov, coverage.py, gcovr, grcov, cargo-llvm-cov, c8/nyc).
    Lcov,
    /// coverage.py JSON (`coverage json`, format 1–3).
    CoveragepyJson,
    /// JUnit XML (pytest, Maven Surefire, jest-junit, go-junit-report, gotestsum, cargo-nextest).
    Junit,
    /// bandit JSON (`bandit -f json`).
    Bandit,
    /// SARIF 2.1.0 (bandit, semgrep, CodeQL, trivy, gitleaks, ESLint, …), each run's results
    /// counted as security, lint or secrets by its producer and rules.
    Sarif,
    /// SARIF 2.1.0 whose results are all lint violations.
    LintSarif,
    /// SARIF 2.1.0 whose results are all security findings.
    SecuritySarif,
    /// pip-audit JSON (`pip-audit -f json`), current and pre-2.0 shapes.
    PipAudit,
    /// Safety JSON (`safety check --json`).
    Safety,
    /// radon cyclomatic complexity JSON (`radon cc -j`).
    RadonCc,
    /// radon maintainability index JSON (`radon mi -j`).
    RadonMi,
    /// radon line counts JSON (`radon raw -j`).
    RadonRaw,
    /// ruff JSON (`ruff check --output-format json`).
    Ruff,
    /// mypy's text output.
    Mypy,
    /// mypy's JSON lines (`mypy -O json`).
    MypyJson,
    /// flake8's default text output.
    Flake8,
    /// pylint JSON (`--output-format=json` or `json2`).
    Pylint,
    /// pytest-benchmark JSON (`--benchmark-json`, `--benchmark-save`), versions 2.5 to 5.x.
    PytestBenchmark,
    /// pip-licenses JSON (`pip-licenses --format=json`).
    PipLicenses,
    /// `cargo metadata --format-version 1`.
    CargoMetadata,
    /// gitleaks JSON (`gitleaks detect --report-format json`).
    Gitleaks,
}

impl Format {
    /// Every format, in the order they are documented.
    pub const ALL: &'static [Format] = &[
        Format::Cobertura,
        Format::Jacoco,
        Format::Lcov,
        Format::CoveragepyJson,
        Format::Junit,
        Format::Bandit,
        Format::Sarif,
        Format::LintSarif,
        Format::SecuritySarif,
        Format::PipAudit,
        Format::Safety,
        Format::RadonCc,
        Format::RadonMi,
        Format::RadonRaw,
        Format::Ruff,
        Format::Mypy,
        Format::MypyJson,
        Format::Flake8,
        Format::Pylint,
        Format::PytestBenchmark,
        Format::PipLicenses,
        Format::CargoMetadata,
        Format::Gitleaks,
    ];

    /// What the formats look like, for error messages.
    pub const SUPPORTED: &'static str = "Cobertura, JaCoCo or JUnit XML, LCOV, bandit, SARIF, pip-audit, Safety, radon, \
        ruff, pylint, coverage.py, mypy, pytest-benchmark, pip-licenses, cargo metadata or gitleaks JSON, or mypy/flake8 text (name the format with --input FORMAT=FILE)";

    /// The short name used on the command line (`cobertura`, `pip-audit`, …).
    pub fn name(self) -> &'static str {
        match self {
            Format::Cobertura => "cobertura",
            Format::Jacoco => "jacoco",
            Format::Lcov => "lcov",
            Format::CoveragepyJson => "coveragepy-json",
            Format::Junit => "junit",
            Format::Bandit => "bandit",
            Format::Sarif => "sarif",
            Format::LintSarif => "lint-sarif",
            Format::SecuritySarif => "security-sarif",
            Format::PipAudit => "pip-audit",
            Format::Safety => "safety",
            Format::RadonCc => "radon-cc",
            Format::RadonMi => "radon-mi",
            Format::RadonRaw => "radon-raw",
            Format::Ruff => "ruff",
            Format::Mypy => "mypy",
            Format::MypyJson => "mypy-json",
            Format::Flake8 => "flake8",
            Format::Pylint => "pylint",
            Format::PytestBenchmark => "pytest-benchmark",
            Format::PipLicenses => "pip-licenses",
            Format::CargoMetadata => "cargo-metadata",
            Format::Gitleaks => "gitleaks",
        }
    }

    /// The format with this short name.
    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.iter().copied().find(|format| format.name() == name)
    }

    /// The formats a file name tells when the content cannot: a clean ruff, pylint or gitleaks
    /// run writes `[]`. A `(prefix, format)` entry matches `prefix*.json`, case-insensitively.
    const NAMED_BY_FILE: &'static [(&'static str, Format)] =
        &[("ruff", Format::Ruff), ("pylint", Format::Pylint), ("gitleaks", Format::Gitleaks)];

    /// The format a report's file name tells (`ruff-report.json` → ruff), if any.
    pub fn from_file_name(path: &Path) -> Option<Format> {
        let name = path.file_name()?.to_str()?.to_ascii_lowercase();
        let stem = name.strip_suffix(".json")?;
        Format::NAMED_BY_FILE.iter().find(|(prefix, _)| stem.starts_with(prefix)).map(|(_, format)| *format)
    }

    /// Whether the parser streams (XML, LCOV); the others read the whole report, which is small.
    fn streams(self) -> bool {
        matches!(self, Format::Cobertura | Format::Jacoco | Format::Lcov | Format::Junit)
    }

    /// Tells the format from a report's content (for XML the first bytes are enough; JSON and
    /// text reports are looked at whole), or says what was found instead.
    pub fn sniff(content: &[u8]) -> Result<Format, String> {
        match json::first_byte(content) {
            Some(b'<') => {
                let root = root_element(content).ok_or_else(|| describe_start(content))?;
                match root {
                    "coverage" => Ok(Format::Cobertura),
                    "report" => Ok(Format::Jacoco),
                    "testsuites" | "testsuite" => Ok(Format::Junit),
                    other => Err(format!("its root element is <{other}>")),
                }
            }
            Some(b'{' | b'[') => json_sniff::sniff(content),
            Some(_) => lcov::sniff(content)
                .or_else(|| lint_text::sniff(content))
                .ok_or_else(|| describe_start(content)),
            None => Err("the file is empty".to_owned()),
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Cobertura => "Cobertura XML",
            Format::Jacoco => "JaCoCo XML",
            Format::Lcov => "LCOV",
            Format::CoveragepyJson => "coverage.py JSON",
            Format::Junit => "JUnit XML",
            Format::Bandit => "bandit JSON",
            Format::Sarif => "SARIF",
            Format::LintSarif => "SARIF (lint)",
            Format::SecuritySarif => "SARIF (security)",
            Format::PipAudit => "pip-audit JSON",
            Format::Safety => "Safety JSON",
            Format::RadonCc => "radon cc JSON",
            Format::RadonMi => "radon mi JSON",
            Format::RadonRaw => "radon raw JSON",
            Format::Ruff => "ruff JSON",
            Format::Mypy => "mypy output",
            Format::MypyJson => "mypy JSON",
            Format::Flake8 => "flake8 output",
            Format::Pylint => "pylint JSON",
            Format::PytestBenchmark => "pytest-benchmark JSON",
            Format::PipLicenses => "pip-licenses JSON",
            Format::CargoMetadata => "cargo metadata JSON",
            Format::Gitleaks => "gitleaks JSON",
        })
    }
}

/// Parses a report of a known format from a stream.
pub fn parse<R: BufRead>(format: Format, mut input: R) -> Result<Report, ParseError> {
    match format {
        Format::Cobertura => return cobertura::parse(input),
        Format::Jacoco => return jacoco::parse(input),
        Format::Lcov => return lcov::parse(input),
        Format::Junit => return junit::parse(input),
        _ => {}
    }
    let mut bytes = Vec::new();
    input.read_to_end(&mut bytes).map_err(|error| ParseError::new(format, ParseErrorKind::Io(error)))?;
    parse_bytes(format, &bytes)
}

/// Parses a whole report held in memory.
fn parse_bytes(format: Format, bytes: &[u8]) -> Result<Report, ParseError> {
    match format {
        Format::Cobertura => cobertura::parse(bytes),
        Format::Jacoco => jacoco::parse(bytes),
        Format::Lcov => lcov::parse(bytes),
        Format::CoveragepyJson => coveragepy_json::parse(bytes),
        Format::Junit => junit::parse(bytes),
        Format::Bandit => bandit::parse(bytes),
        Format::Sarif => sarif::parse(bytes, None),
        Format::LintSarif => sarif::parse(bytes, Some(Category::Lint)),
        Format::SecuritySarif => sarif::parse(bytes, Some(Category::Security)),
        Format::PipAudit => pip_audit::parse(bytes),
        Format::Safety => safety::parse(bytes),
        Format::RadonCc => radon::parse_cc(bytes),
        Format::RadonMi => radon::parse_mi(bytes),
        Format::RadonRaw => radon::parse_raw(bytes),
        Format::Ruff => ruff::parse(bytes),
        Format::Mypy => mypy::parse_text(bytes),
        Format::MypyJson => mypy::parse_json(bytes),
        Format::Flake8 => lint_text::parse_flake8(bytes),
        Format::Pylint => pylint::parse(bytes),
        Format::PytestBenchmark => pytest_benchmark::parse(bytes),
        Format::PipLicenses => pip_licenses::parse(bytes),
        Format::CargoMetadata => cargo_metadata::parse(bytes),
        Format::Gitleaks => gitleaks::parse(bytes),
    }
}

/// Parses a report held in memory; errors carry line and column.
pub fn parse_str(format: Format, input: &str) -> Result<Report, ParseError> {
    parse(format, input.as_bytes()).map_err(|mut error| {
        error.locate(input.as_bytes());
        error
    })
}

/// Opens `path`, tells its format from its content (unless `format` is given) and parses it.
pub fn from_path(path: &Path, format: Option<Format>) -> Result<Report, ReportError> {
    let read_error = |source| ReportError::Read { path: path.to_owned(), source };
    let file = File::open(path).map_err(read_error)?;
    let mut input = BufReader::with_capacity(64 * 1024, file);
    let head = input.fill_buf().map_err(read_error)?;
    // XML and LCOV are told from their first bytes and streamed; the rest is read whole.
    let streams = match format {
        Some(format) => format.streams(),
        None => json::first_byte(head) == Some(b'<') || lcov::sniff(head).is_some(),
    };
    let unrecognized = |found| ReportError::Unrecognized { path: path.to_owned(), found };
    let result = if streams {
        let format = match format {
            Some(format) => format,
            None => Format::sniff(head).map_err(unrecognized)?,
        };
        parse(format, input)
    } else {
        let mut bytes = Vec::new();
        input.read_to_end(&mut bytes).map_err(read_error)?;
        match format {
            Some(format) => parse_bytes(format, &bytes),
            None => match Format::sniff(&bytes) {
                Ok(format) => parse_bytes(format, &bytes),
                Err(found) => {
                    let format = named_by_file(path, &bytes).ok_or_else(|| unrecognized(found))?;
                    parse_bytes(format, &bytes).map(|mut report| {
                        report.notes.push(format!(
                            "the report is an empty list, which any of several tools may write: read as {format} from its file name"
                        ));
                        report
                    })
                }
            },
        }
    };
    result.map_err(|mut source| {
        if let Ok(file) = File::open(path) {
            source.locate(BufReader::new(file));
        }
        ReportError::Invalid { path: path.to_owned(), source: Box::new(source) }
    })
}

/// The format only the file name tells: the content is `[]` and the name is one of
/// [`Format::from_file_name`]'s.
fn named_by_file(path: &Path, content: &[u8]) -> Option<Format> {
    json_sniff::is_empty_list(content).then(|| Format::from_file_name(path)).flatten()
}

/// The format of a report at `path` that only its file name tells (a clean ruff run's `[]` in
/// `ruff.json`), so that a command line can name it with `--input FORMAT=FILE`.
pub fn format_told_by_name_only(path: &Path) -> Option<Format> {
    const MAX_EMPTY_LIST_BYTES: u64 = 4096;
    let mut content = Vec::new();
    File::open(path).ok()?.take(MAX_EMPTY_LIST_BYTES).read_to_end(&mut content).ok()?;
    named_by_file(path, &content)
}

/// The name of the first element, past a BOM, white space, the XML declaration,
/// processing instructions, comments and a DOCTYPE.
fn root_element(head: &[u8]) -> Option<&str> {
    let mut rest = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    loop {
        rest = rest.trim_ascii_start();
        if let Some(after) = rest.strip_prefix(b"<?") {
            rest = skip_past(after, b"?>")?;
        } else if let Some(after) = rest.strip_prefix(b"<!--") {
            rest = skip_past(after, b"-->")?;
        } else if let Some(after) = rest.strip_prefix(b"<!") {
            rest = skip_doctype(after)?;
        } else {
            let after = rest.strip_prefix(b"<")?;
            let end = after
                .iter()
                .position(|&byte| byte.is_ascii_whitespace() || matches!(byte, b'>' | b'/'))
                .unwrap_or(after.len());
            let name = std::str::from_utf8(after.get(..end)?).ok()?;
            // A namespace prefix (`<ns:testsuites>`) does not change the kind.
            let local = name.rsplit(':').next().unwrap_or(name);
            return (!local.is_empty()).then_some(local);
        }
    }
}

fn skip_past<'a>(input: &'a [u8], end: &[u8]) -> Option<&'a [u8]> {
    let at = input.windows(end.len()).position(|window| window == end)?;
    input.get(at + end.len()..)
}

/// Skips `DOCTYPE … >`, including an internal subset in brackets.
fn skip_doctype(input: &[u8]) -> Option<&[u8]> {
    let mut depth = 0usize;
    for (at, &byte) in input.iter().enumerate() {
        match byte {
            b'[' => depth += 1,
            b']' => depth = depth.saturating_sub(1),
            b'>' if depth == 0 => return input.get(at + 1..),
            _ => {}
        }
    }
    None
}

/// What a file that is no known report holds, told as a kind: its bytes may be a secret.
fn describe_start(head: &[u8]) -> String {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    if head.trim_ascii().is_empty() {
        "the file is empty".to_owned()
    } else if std::str::from_utf8(head).is_err_and(|error| error.error_len().is_some()) {
        "it is binary data, not text".to_owned()
    } else {
        "it is text that is neither LCOV nor mypy or flake8 output".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_root_past_prolog() {
        let head = b"\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- generated -->\n<!DOCTYPE coverage SYSTEM \"x.dtd\" [ <!ENTITY a \"b\"> ]>\n<coverage line-rate=\"1\">";
        assert_eq!(Format::sniff(head), Ok(Format::Cobertura));
        assert_eq!(Format::sniff(b"<testsuite name=\"x\"/>"), Ok(Format::Junit));
        assert_eq!(Format::sniff(b"<testsuites>"), Ok(Format::Junit));
    }

    #[test]
    fn sniff_says_what_it_found() {
        assert_eq!(Format::sniff(b"<html lang=\"en\">"), Err("its root element is <html>".to_owned()));
        assert_eq!(Format::sniff(b"  "), Err("the file is empty".to_owned()));
        assert_eq!(Format::sniff(b"{\"a\": 1}"), Err("a JSON object with keys [\"a\"]".to_owned()));
    }
}

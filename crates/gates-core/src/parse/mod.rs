//! Report parsers: bytes in, one [`Report`] of the normalized model out.
//!
//! [`sniff`] tells the format from the first bytes, [`parse`] dispatches to one parser,
//! and [`from_path`] does both for a file and names it in any error.

mod bandit;
mod cargo_json;
mod cargo_metadata;
mod checkstyle;
mod clover;
mod cobertura;
mod codeclimate;
mod coveragepy_json;
mod ctrf;
mod diff;
mod error;
mod eslint;
mod github_event;
mod gitleaks;
mod go_cover;
mod go_test_json;
mod istanbul;
mod jacoco;
mod jest_json;
mod json;
mod json_pointer;
mod json_sniff;
mod junit;
mod lcov;
mod lines;
mod lint_text;
mod llvm_cov;
mod maps_only;
mod mocha_json;
mod mypy;
mod number;
mod nunit;
mod opencover;
mod pip_audit;
mod pip_licenses;
mod pylint;
mod pytest_benchmark;
mod radon;
mod ruff;
mod safety;
mod sarif;
mod simplecov;
mod sniff;
mod spdx;
mod tap;
mod trx;
mod xml;
mod xunit;

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

pub use diff::DiffError;
pub(crate) use error::line_column;
pub use error::{Location, ParseError, ParseErrorKind, ReportError};
pub use github_event::{EventError, event_pull_request_number};
pub use go_cover::go_module_path;
pub use json_pointer::{JsonValueError, number_text, value_at};
pub use sniff::sniff;
pub(crate) use spdx::NO_GUESS;
pub use spdx::{package_license, spdx_reading};

use crate::model::{Category, Format, Report};

/// Parses a report of a known format from a stream.
pub fn parse<R: BufRead>(format: Format, mut input: R) -> Result<Report, ParseError> {
    match format {
        Format::Cobertura => return cobertura::parse(input),
        Format::Jacoco => return jacoco::parse(input),
        Format::Lcov => return lcov::parse(input),
        Format::Junit => return junit::parse(input),
        Format::GoTestJson => return go_test_json::parse(input),
        Format::GoCover => return go_cover::parse(input),
        Format::Checkstyle => return checkstyle::parse(input),
        Format::Tap => return tap::parse(input),
        Format::Trx => return trx::parse(input),
        Format::Nunit => return nunit::parse(input),
        Format::Xunit => return xunit::parse(input),
        Format::Opencover => return opencover::parse(input),
        Format::Clover => return clover::parse(input),
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
        Format::GoTestJson => go_test_json::parse(bytes),
        Format::GoCover => go_cover::parse(bytes),
        Format::Checkstyle => checkstyle::parse(bytes),
        Format::Eslint => eslint::parse(bytes),
        Format::CargoJson => cargo_json::parse(bytes),
        Format::CodeClimate => codeclimate::parse(bytes),
        Format::Tap => tap::parse(bytes),
        Format::JestJson => jest_json::parse(bytes),
        Format::MochaJson => mocha_json::parse(bytes),
        Format::Ctrf => ctrf::parse(bytes),
        Format::Trx => trx::parse(bytes),
        Format::Nunit => nunit::parse(bytes),
        Format::Xunit => xunit::parse(bytes),
        Format::Opencover => opencover::parse(bytes),
        Format::Clover => clover::parse(bytes),
        Format::IstanbulJson => istanbul::parse(bytes),
        Format::Simplecov => simplecov::parse(bytes),
        Format::LlvmCovJson => llvm_cov::parse(bytes),
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
    // XML, LCOV, Go's reports and TAP are told from their first bytes and streamed; the rest is read whole.
    let streams = match format {
        Some(format) => streams(format),
        None => {
            json::first_byte(head) == Some(b'<')
                || lcov::sniff(head).is_some()
                || go_test_json::sniff(head).is_some()
                || go_cover::sniff(head).is_some()
                || tap::sniff(head).is_some()
        }
    };
    let unrecognized = |found| ReportError::Unrecognized { path: path.to_owned(), found };
    let result = if streams {
        let format = match format {
            Some(format) => format,
            None => sniff(head).map_err(unrecognized)?,
        };
        parse(format, input)
    } else {
        let mut bytes = Vec::new();
        input.read_to_end(&mut bytes).map_err(read_error)?;
        match format {
            Some(format) => parse_bytes(format, &bytes),
            None => match sniff(&bytes) {
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

/// Whether the parser streams (XML, LCOV, Go's reports, TAP); the others read the whole report, which is small.
fn streams(format: Format) -> bool {
    matches!(
        format,
        Format::Cobertura
            | Format::Jacoco
            | Format::Lcov
            | Format::Junit
            | Format::GoTestJson
            | Format::GoCover
            | Format::Checkstyle
            | Format::Tap
            | Format::Trx
            | Format::Nunit
            | Format::Xunit
            | Format::Opencover
            | Format::Clover
    )
}

//! Report parsers: bytes in, one [`Report`] of the normalized model out.
//!
//! [`sniff`] tells the format from the first bytes, [`parse`] dispatches to one parser,
//! and [`from_path`] does both for a file and names it in any error.

mod bandit;
mod benchmarkdotnet;
mod bmf;
mod cargo_audit;
mod cargo_json;
mod cargo_metadata;
mod cargo_outdated;
mod checkstyle;
mod clover;
mod cobertura;
mod codeclimate;
mod counted;
mod coveragepy_json;
mod criterion;
mod ctrf;
mod custom_bench;
mod cvss;
mod cyclonedx;
mod diff;
mod error;
mod eslint;
mod github_event;
mod gitleaks;
mod go_bench;
mod go_cover;
mod go_test_json;
mod golangci_lint;
mod google_benchmark;
mod grype;
mod hyperfine;
mod istanbul;
mod jacoco;
mod jest_json;
mod jmh;
mod json;
mod json_guard;
mod json_pointer;
mod json_sniff;
mod junit;
mod kept;
mod lcov;
mod lines;
mod lint_text;
mod llvm_cov;
mod many;
mod mocha_json;
mod mypy;
mod npm_audit;
mod npm_outdated;
mod number;
mod nunit;
mod opencover;
mod osv_scanner;
mod pip_audit;
mod pip_licenses;
mod pip_outdated;
mod pylint;
mod pytest_benchmark;
mod radon;
mod ruff;
mod safety;
mod sample_series;
mod sarif;
mod semgrep;
mod simplecov;
mod sniff;
mod spdx;
mod tap;
mod trivy;
mod trufflehog;
mod trx;
mod utf8_input;
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
pub use many::from_paths;
pub use sniff::sniff;
pub(crate) use spdx::NO_GUESS;
pub use spdx::{package_license, spdx_reading};

use crate::model::{Category, Direction, Format, Metrics, Report, TestRun};
use counted::Counted;

/// Parses a report of a known format from a stream; memory follows what the report's figures
/// keep, not its size. Past its first 32 KiB, an XML test or lint report is lexed on a thread
/// of its own while this one reads the tokens, which is why `input` must be [`Send`].
pub fn parse<R: BufRead + Send>(format: Format, input: R) -> Result<Report, ParseError> {
    parse_merging(format, input, MergeTarget::default())
}

/// What is known of the figures a report will be merged into, so that its reader keeps less.
#[derive(Debug, Clone, Copy, Default)]
pub struct MergeTarget {
    /// The time a passing test must exceed to be among the slowest kept.
    slowest_floor: Option<f64>,
}

impl MergeTarget {
    /// Reports to be merged into `metrics`, as [`Metrics::add`] merges them.
    pub fn of(metrics: &Metrics) -> Self {
        Self { slowest_floor: metrics.tests.as_ref().and_then(TestRun::slowest_floor) }
    }
}

/// [`parse`], for a report to be merged into `into`: the report alone may keep fewer of the
/// slowest passes, as those no slower than the ones `into` keeps would not stay once merged.
pub fn parse_merging<R: BufRead + Send>(
    format: Format,
    input: R,
    into: MergeTarget,
) -> Result<Report, ParseError> {
    match format {
        Format::Cobertura => cobertura::parse(input),
        Format::Jacoco => jacoco::parse(input),
        Format::Lcov => lcov::parse(input),
        Format::CoveragepyJson => coveragepy_json::parse(input),
        Format::Junit => junit::parse(input, into.slowest_floor),
        Format::Bandit => bandit::parse(input),
        Format::Sarif => sarif::parse(input, None),
        Format::LintSarif => sarif::parse(input, Some(Category::Lint)),
        Format::SecuritySarif => sarif::parse(input, Some(Category::Security)),
        Format::PipAudit => pip_audit::parse(input),
        Format::Safety => safety::parse(input),
        Format::RadonCc => radon::parse_cc(input),
        Format::RadonMi => radon::parse_mi(input),
        Format::RadonRaw => radon::parse_raw(input),
        Format::Ruff => ruff::parse(input),
        Format::Mypy => mypy::parse_text(input),
        Format::MypyJson => mypy::parse_json(input),
        Format::Flake8 => lint_text::parse_flake8(input),
        Format::Pylint => pylint::parse(input),
        Format::PytestBenchmark => pytest_benchmark::parse(input),
        Format::PipLicenses => pip_licenses::parse(input),
        Format::CargoMetadata => cargo_metadata::parse(input),
        Format::Gitleaks => gitleaks::parse(input),
        Format::GoTestJson => go_test_json::parse(input),
        Format::GoCover => go_cover::parse(input),
        Format::Checkstyle => checkstyle::parse(input),
        Format::Eslint => eslint::parse(input),
        Format::CargoJson => cargo_json::parse(input),
        Format::CodeClimate => codeclimate::parse(input),
        Format::Tap => tap::parse(input),
        Format::JestJson => jest_json::parse(input),
        Format::MochaJson => mocha_json::parse(input),
        Format::Ctrf => ctrf::parse(input),
        Format::Trx => trx::parse(input),
        Format::Nunit => nunit::parse(input),
        Format::Xunit => xunit::parse(input),
        Format::Opencover => opencover::parse(input),
        Format::Clover => clover::parse(input),
        Format::IstanbulJson => istanbul::parse(input),
        Format::Simplecov => simplecov::parse(input),
        Format::LlvmCovJson => llvm_cov::parse(input),
        Format::CargoAudit => cargo_audit::parse(input),
        Format::NpmAudit => npm_audit::parse(input),
        Format::Trivy => trivy::parse(input),
        Format::Grype => grype::parse(input),
        Format::OsvScanner => osv_scanner::parse(input),
        Format::Semgrep => semgrep::parse(input),
        Format::Trufflehog => trufflehog::parse(input),
        Format::GolangciLint => golangci_lint::parse(input),
        Format::Criterion => criterion::parse_messages(input),
        Format::Hyperfine => hyperfine::parse(input),
        Format::GoBench => go_bench::parse(input),
        Format::GoogleBenchmark => google_benchmark::parse(input),
        Format::Jmh => jmh::parse(input),
        Format::PipOutdated => pip_outdated::parse(input),
        Format::NpmOutdated => npm_outdated::parse(input),
        Format::Cyclonedx => cyclonedx::parse(input),
        Format::CustomSmallerIsBetter => custom_bench::parse(input, Direction::LowerIsBetter),
        Format::CustomBiggerIsBetter => custom_bench::parse(input, Direction::HigherIsBetter),
        Format::Bmf => bmf::parse(input),
        Format::Benchmarkdotnet => benchmarkdotnet::parse(input),
        Format::CargoOutdated => cargo_outdated::parse(input),
    }
}

/// Parses a report held in memory; errors carry line and column.
pub fn parse_str(format: Format, input: &str) -> Result<Report, ParseError> {
    parse(format, input.as_bytes()).map_err(|mut error| {
        error.locate(input.as_bytes());
        error
    })
}

/// Opens `path`, tells its format from its content (unless `format` is given) and parses it,
/// reading it as a stream (twice where a JSON report's kind is told from its keys). A directory
/// is read as Criterion's results (`target/criterion`), each benchmark's last run.
pub fn from_path(path: &Path, format: Option<Format>) -> Result<Report, ReportError> {
    from_path_merging(path, format, MergeTarget::default())
}

/// [`from_path`], for a report to be merged into `into` (see [`MergeTarget`]).
pub fn from_path_merging(
    path: &Path,
    format: Option<Format>,
    into: MergeTarget,
) -> Result<Report, ReportError> {
    read_path(path, format, into).map(|(report, _)| report)
}

/// [`from_path_merging`], and how many bytes of the file it read.
fn read_path(path: &Path, format: Option<Format>, into: MergeTarget) -> Result<(Report, u64), ReportError> {
    let read_error = |source| ReportError::Read { path: path.to_owned(), source };
    let opened = File::open(path).and_then(|file| {
        let mut input = Counted::new(BufReader::with_capacity(64 * 1024, file));
        input.fill_buf()?;
        Ok(input)
    });
    let mut input = match opened {
        Ok(input) => input,
        // Opening or reading a directory fails, however the system tells it: only then is the path
        // asked whether it is one, which saves a file a call.
        Err(_) if path.is_dir() => return from_directory(path, format).map(|report| (report, 0)),
        Err(error) => return Err(read_error(error)),
    };
    let mut notes = Vec::new();
    let format = match format {
        Some(format) => format,
        None => match sniff::sniff_stream(&mut input).map_err(read_error)? {
            Ok(format) => format,
            Err(found) => {
                let format = format_told_by_name_only(path)
                    .ok_or_else(|| ReportError::Unrecognized { path: path.to_owned(), found })?;
                notes.push(format!(
                    "the report is an empty list, which any of several tools may write: read as {format} from its file name"
                ));
                format
            }
        },
    };
    // Back to the start: a sniff that only looked into the buffer took nothing, so the file is
    // read once.
    if input.position() > 0 {
        input.rewind().map_err(read_error)?;
    }
    let mut report = parse_merging(format, &mut input, into).map_err(|mut source| {
        if let Ok(file) = File::open(path) {
            source.locate(BufReader::new(file));
        }
        ReportError::Invalid { path: path.to_owned(), source: Box::new(source) }
    })?;
    report.notes.append(&mut notes);
    Ok((report, input.position()))
}

/// A directory given as a report: Criterion's results, unless `format` names another kind.
fn from_directory(path: &Path, format: Option<Format>) -> Result<Report, ReportError> {
    match format {
        None | Some(Format::Criterion) => criterion::parse_dir(path, criterion::LAST_RUN),
        Some(format) => Err(ReportError::NotCriterion {
            path: path.to_owned(),
            problem: format!("it is a directory, and {format} is read from a file"),
        }),
    }
}

/// Reads a Criterion results directory (`target/criterion`) as the run each benchmark saved
/// under `baseline` (`base`, or the name given to `--save-baseline`).
pub fn criterion_baseline(path: &Path, baseline: &str) -> Result<Report, ReportError> {
    criterion::parse_dir(path, baseline)
}

/// The format of a report at `path` that only its file name tells (a clean ruff run's `[]` in
/// `ruff.json`), so that a command line can name it with `--input FORMAT=FILE`.
pub fn format_told_by_name_only(path: &Path) -> Option<Format> {
    const MAX_EMPTY_LIST_BYTES: u64 = 4096;
    let mut content = Vec::new();
    File::open(path).ok()?.take(MAX_EMPTY_LIST_BYTES).read_to_end(&mut content).ok()?;
    json_sniff::is_empty_list(&content).then(|| Format::from_file_name(path)).flatten()
}

//! The one error type of the CLI.

use std::io;
use std::path::PathBuf;

use gates_core::PolicyError;
use gates_core::ReportError;

/// What a report whose kind cannot be told needs.
const FORMAT_HINT: &str = " (name the format with --input FORMAT=FILE)";

#[derive(Debug, thiserror::Error)]
pub(crate) enum CliError {
    #[error(
        "no reports given: pass report files (e.g. `gates check coverage.xml junit.xml`), or --coverage/--junit"
    )]
    NoReports,
    #[error("{0}{hint}", hint = if matches!(.0, ReportError::Unrecognized { .. }) { FORMAT_HINT } else { "" })]
    Report(#[from] ReportError),
    #[error("cannot read policy {}: {source}", path.display())]
    ReadPolicy { path: PathBuf, source: io::Error },
    #[error("invalid policy {}: {source}", path.display())]
    Policy { path: PathBuf, source: PolicyError },
    #[error("the built-in policy is invalid (a bug in gates): {0}")]
    BuiltinPolicy(PolicyError),
    #[error("cannot read diff {}: {source}", path.display())]
    ReadDiff { path: PathBuf, source: io::Error },
    #[error("invalid diff {name}: {source}")]
    Diff { name: String, source: gates_core::DiffError },
    #[error("`git diff {base}...HEAD` failed: {message}")]
    Git { base: String, message: String },
    #[error("cannot read {path}, a file the diff changes, for its licence header: {source}")]
    ReadChangedFile { path: String, source: io::Error },
    #[error("cannot write {}: {source}", path.display())]
    WriteFile { path: PathBuf, source: io::Error },
    #[error("cannot read baseline {}: {source}", path.display())]
    ReadBaseline { path: PathBuf, source: io::Error },
    #[error("{}: {source}", path.display())]
    Baseline { path: PathBuf, source: gates_core::BaselineError },
    #[error("--bench-baseline {} is not a benchmark report", path.display())]
    NotBenchmarks { path: PathBuf },
    #[error("--metric {name}: {why}")]
    UndeclaredMetric { name: String, why: String },
    #[error("custom metric `{name}`: cannot read {file}: {source}")]
    ReadMetricFile { name: String, file: String, source: io::Error },
    #[error("custom metric `{name}`: {file}: {source}")]
    MetricFile { name: String, file: String, source: gates_core::JsonValueError },
    #[error("cannot read event payload {}: {source}", path.display())]
    ReadEvent { path: PathBuf, source: io::Error },
    #[error("event payload {}: {source}", path.display())]
    Event { path: PathBuf, source: gates_core::EventError },
    #[error("{} exists; pass --force to overwrite it", path.display())]
    PolicyExists { path: PathBuf },
    #[error(
        "no reports found in this directory or {depth} levels below: run the tests and tools first \
         (coverage, JUnit, bandit, …), or write gates.toml by hand (`gates policy show` prints the built-in one)"
    )]
    NoReportsFound { depth: usize },
    #[error("`{command}` failed: {message}")]
    GitCommand { command: String, message: String },
    #[error("cannot read history {}: {source}", path.display())]
    ReadHistory { path: PathBuf, source: io::Error },
    #[error("history {}: {source}", path.display())]
    History { path: PathBuf, source: gates_core::HistoryError },
    #[error("--metric {name}: no such metric{hint}; `gates metrics` lists them, or give `verdict`")]
    UnknownBadgeMetric { name: String, hint: String },
    #[error("cannot write output: {0}")]
    Output(#[from] io::Error),
}

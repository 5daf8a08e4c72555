//! The report formats gates reads, by their short names.

use std::fmt;
use std::path::Path;

use serde::Serialize;

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
    /// `go test -json` event streams (test2json).
    GoTestJson,
    /// Go coverprofiles (`go test -coverprofile`), `set`, `count` and `atomic` mode.
    GoCover,
    /// Checkstyle XML (Checkstyle, ESLint's checkstyle formatter, golangci-lint, ktlint, detekt, …).
    Checkstyle,
    /// ESLint JSON (`eslint -f json`, `-f json-with-metadata`).
    Eslint,
    /// cargo's JSON messages (`cargo clippy --message-format=json`).
    CargoJson,
    /// Code Climate issues as GitLab Code Quality reads them (a JSON list).
    CodeClimate,
    /// TAP 13/14 (node's test runner `--test-reporter=tap`, tape, prove, bats).
    Tap,
    /// Jest JSON (`jest --json`).
    JestJson,
    /// Mocha JSON (`mocha --reporter json`).
    MochaJson,
    /// CTRF JSON, the Common Test Report Format (jest, mocha, Playwright, … reporters).
    Ctrf,
    /// Visual Studio TRX (`dotnet test --logger trx`).
    Trx,
    /// NUnit XML: NUnit 3 `<test-run>` and NUnit 2 `<test-results>`.
    Nunit,
    /// xUnit.net v2 XML (`<assemblies>`).
    Xunit,
    /// OpenCover XML (Coverlet's default for .NET, OpenCover).
    Opencover,
    /// Clover XML (istanbul/jest `clover` reporter, PHPUnit, OpenClover).
    Clover,
    /// istanbul's `coverage-final.json` (jest, nyc, c8 `json` reporter).
    IstanbulJson,
    /// SimpleCov JSON (Ruby): `.resultset.json` and simplecov_json_formatter's `coverage.json`.
    Simplecov,
    /// LLVM's coverage export (`llvm-cov export -format=text`, cargo-llvm-cov `--json`).
    LlvmCovJson,
    /// cargo-audit JSON (`cargo audit --json`).
    CargoAudit,
    /// npm audit JSON (`npm audit --json`), npm 7+ and npm 6.
    NpmAudit,
    /// Trivy JSON (`trivy fs|image --format json`), SchemaVersion 2 and the legacy list.
    Trivy,
    /// Grype JSON (`grype -o json`).
    Grype,
    /// OSV-Scanner JSON (`osv-scanner --format json`).
    OsvScanner,
    /// Semgrep JSON (`semgrep --json`).
    Semgrep,
    /// TruffleHog's JSON lines (`trufflehog … --json`).
    Trufflehog,
    /// golangci-lint JSON (`--out-format json`, v2 `--output.json.path`).
    GolangciLint,
    /// Criterion.rs results: the `target/criterion` directory, or `cargo criterion
    /// --message-format=json` messages.
    Criterion,
    /// hyperfine JSON (`hyperfine --export-json`).
    Hyperfine,
    /// `go test -bench` text output (`-benchmem`, `-count=N`).
    GoBench,
    /// Google Benchmark JSON (`--benchmark_format=json`, `--benchmark_out`).
    GoogleBenchmark,
    /// JMH JSON (`-rf json`).
    Jmh,
    /// `pip list --outdated --format=json`.
    PipOutdated,
    /// `npm outdated --json`.
    NpmOutdated,
    /// CycloneDX JSON with `vulnerabilities` (VEX), 1.4 to 1.6.
    Cyclonedx,
    /// github-action-benchmark's `customSmallerIsBetter` JSON list.
    CustomSmallerIsBetter,
    /// github-action-benchmark's `customBiggerIsBetter` JSON list.
    CustomBiggerIsBetter,
    /// Bencher Metric Format JSON.
    Bmf,
    /// BenchmarkDotNet JSON (`*-report-full.json`, `--exporters json`).
    Benchmarkdotnet,
    /// `cargo outdated --format json`: one JSON object per line, one line per crate checked.
    CargoOutdated,
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
        Format::GoTestJson,
        Format::GoCover,
        Format::Checkstyle,
        Format::Eslint,
        Format::CargoJson,
        Format::CodeClimate,
        Format::Tap,
        Format::JestJson,
        Format::MochaJson,
        Format::Ctrf,
        Format::Trx,
        Format::Nunit,
        Format::Xunit,
        Format::Opencover,
        Format::Clover,
        Format::IstanbulJson,
        Format::Simplecov,
        Format::LlvmCovJson,
        Format::CargoAudit,
        Format::NpmAudit,
        Format::Trivy,
        Format::Grype,
        Format::OsvScanner,
        Format::Semgrep,
        Format::Trufflehog,
        Format::GolangciLint,
        Format::Criterion,
        Format::Hyperfine,
        Format::GoBench,
        Format::GoogleBenchmark,
        Format::Jmh,
        Format::PipOutdated,
        Format::NpmOutdated,
        Format::Cyclonedx,
        Format::CustomSmallerIsBetter,
        Format::CustomBiggerIsBetter,
        Format::Bmf,
        Format::Benchmarkdotnet,
        Format::CargoOutdated,
    ];

    /// What the formats look like, for error messages.
    pub const SUPPORTED: &'static str = "Cobertura, JaCoCo or JUnit XML, LCOV, bandit, SARIF, pip-audit, Safety, radon, \
        ruff, pylint, coverage.py, mypy, pytest-benchmark, pip-licenses, cargo metadata, gitleaks, ESLint, Code Climate, Jest, Mocha or CTRF \
        JSON, cargo JSON messages, Checkstyle XML, `go test -json`, a Go coverprofile, TAP, TRX, NUnit, xUnit.net or OpenCover XML, \
        or mypy/flake8 text; also Clover XML, istanbul, SimpleCov, llvm-cov export, cargo-audit, npm audit, Trivy, Grype, OSV-Scanner, Semgrep or golangci-lint JSON, TruffleHog JSON lines, Criterion's target/criterion directory or JSON messages, hyperfine, Google Benchmark, JMH, BenchmarkDotNet or Bencher Metric Format JSON, or `go test -bench` output; also `pip list --outdated`, `npm outdated` or `cargo outdated` JSON, or CycloneDX JSON with vulnerabilities";

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
            Format::GoTestJson => "go-test-json",
            Format::GoCover => "go-cover",
            Format::Checkstyle => "checkstyle",
            Format::Eslint => "eslint",
            Format::CargoJson => "cargo-json",
            Format::CodeClimate => "codeclimate",
            Format::Tap => "tap",
            Format::JestJson => "jest-json",
            Format::MochaJson => "mocha-json",
            Format::Ctrf => "ctrf",
            Format::Trx => "trx",
            Format::Nunit => "nunit",
            Format::Xunit => "xunit",
            Format::Opencover => "opencover",
            Format::Clover => "clover",
            Format::IstanbulJson => "istanbul-json",
            Format::Simplecov => "simplecov",
            Format::LlvmCovJson => "llvm-cov-json",
            Format::CargoAudit => "cargo-audit",
            Format::NpmAudit => "npm-audit",
            Format::Trivy => "trivy",
            Format::Grype => "grype",
            Format::OsvScanner => "osv-scanner",
            Format::Semgrep => "semgrep",
            Format::Trufflehog => "trufflehog",
            Format::GolangciLint => "golangci-lint",
            Format::Criterion => "criterion",
            Format::Hyperfine => "hyperfine",
            Format::GoBench => "go-bench",
            Format::GoogleBenchmark => "google-benchmark",
            Format::Jmh => "jmh",
            Format::PipOutdated => "pip-outdated",
            Format::NpmOutdated => "npm-outdated",
            Format::Cyclonedx => "cyclonedx",
            Format::CustomSmallerIsBetter => "custom-smaller-is-better",
            Format::CustomBiggerIsBetter => "custom-bigger-is-better",
            Format::Bmf => "bmf",
            Format::Benchmarkdotnet => "benchmarkdotnet",
            Format::CargoOutdated => "cargo-outdated",
        }
    }

    /// The format with this short name.
    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.iter().copied().find(|format| format.name() == name)
    }

    /// The formats a file name tells when the content cannot: a clean ruff, pylint or gitleaks
    /// run, ESLint given no file, a clean Code Quality report and pip with nothing outdated are `[]`. A `(prefix, format)`
    /// entry matches `prefix*.json`, case-insensitively.
    const NAMED_BY_FILE: &'static [(&'static str, Format)] = &[
        ("ruff", Format::Ruff),
        ("pylint", Format::Pylint),
        ("gitleaks", Format::Gitleaks),
        ("eslint", Format::Eslint),
        ("codeclimate", Format::CodeClimate),
        ("gl-code-quality", Format::CodeClimate),
        ("pip-outdated", Format::PipOutdated),
    ];

    /// The format a report's file name tells (`ruff-report.json` → ruff), if any.
    pub fn from_file_name(path: &Path) -> Option<Format> {
        let name = path.file_name()?.to_str()?.to_ascii_lowercase();
        let stem = name.strip_suffix(".json")?;
        Format::NAMED_BY_FILE.iter().find(|(prefix, _)| stem.starts_with(prefix)).map(|(_, format)| *format)
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
            Format::GoTestJson => "go test -json",
            Format::GoCover => "Go coverprofile",
            Format::Checkstyle => "Checkstyle XML",
            Format::Eslint => "ESLint JSON",
            Format::CargoJson => "cargo JSON messages",
            Format::CodeClimate => "Code Climate JSON",
            Format::Tap => "TAP",
            Format::JestJson => "Jest JSON",
            Format::MochaJson => "Mocha JSON",
            Format::Ctrf => "CTRF JSON",
            Format::Trx => "TRX",
            Format::Nunit => "NUnit XML",
            Format::Xunit => "xUnit.net XML",
            Format::Opencover => "OpenCover XML",
            Format::Clover => "Clover XML",
            Format::IstanbulJson => "istanbul JSON",
            Format::Simplecov => "SimpleCov JSON",
            Format::LlvmCovJson => "llvm-cov export JSON",
            Format::CargoAudit => "cargo-audit JSON",
            Format::NpmAudit => "npm audit JSON",
            Format::Trivy => "Trivy JSON",
            Format::Grype => "Grype JSON",
            Format::OsvScanner => "OSV-Scanner JSON",
            Format::Semgrep => "Semgrep JSON",
            Format::Trufflehog => "TruffleHog JSON lines",
            Format::GolangciLint => "golangci-lint JSON",
            Format::Criterion => "Criterion.rs results",
            Format::Hyperfine => "hyperfine JSON",
            Format::GoBench => "go test -bench output",
            Format::GoogleBenchmark => "Google Benchmark JSON",
            Format::Jmh => "JMH JSON",
            Format::PipOutdated => "pip list --outdated JSON",
            Format::NpmOutdated => "npm outdated JSON",
            Format::Cyclonedx => "CycloneDX JSON",
            Format::CustomSmallerIsBetter => "github-action-benchmark customSmallerIsBetter JSON",
            Format::CustomBiggerIsBetter => "github-action-benchmark customBiggerIsBetter JSON",
            Format::Bmf => "Bencher Metric Format JSON",
            Format::Benchmarkdotnet => "BenchmarkDotNet JSON",
            Format::CargoOutdated => "cargo outdated JSON",
        })
    }
}

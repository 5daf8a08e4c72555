//! The normalized model: what every parser fills and the policy engine reads, and its
//! vocabulary (formats, metric names, units). It uses no other module of the crate.

mod bench;
mod complexity;
mod coverage;
mod dependencies;
mod diff;
mod findings;
mod format;
mod licenses;
mod metric;
mod outdated;
mod packed_lines;
mod patch;
mod paths;
mod pull_request;
mod test_run;

pub use bench::{
    Benchmark, BenchmarkRun, CommitInfo, Direction, MachineInfo, Measure, MeasureUnit, Stats, TimingSetup,
};
pub use complexity::{
    Block, BlockKind, Complexity, FileMaintainability, FileSize, complexity_rank, complexity_rank_bound,
    maintainability_rank_floor,
};
pub use coverage::{Coverage, CoverageTotals, FileCoverage, LineCoverage, LineMerge};
pub use dependencies::{
    AuditStatus, AuditedPackage, DependencyAudit, Vulnerability, VulnerabilitySeverity, package_name_key,
};
pub use diff::{ChangeRuleValue, ChangedFile, Diff, HeaderCheck};
pub use findings::{Category, Finding, Findings, Level, LintLevel, ScanProblem, SourceLocation};
pub use format::Format;
pub use licenses::{Licenses, PackageLicense};
pub use metric::{Family, InputNames, Metric, Term, Unavailable, Unit, Wanted};
pub use outdated::{Outdated, OutdatedPackage};
pub use packed_lines::Lines;
pub use patch::{PatchCoverage, PatchFile};
pub use paths::{repository_relative, slash_path};
pub use pull_request::{ChangeSize, DescriptionCheck, EventPullRequest, PullRequestFacts, TitleCheck};
pub(crate) use test_run::truncate_at_char;
pub use test_run::{Problem, TestCase, TestCounts, TestRun, TestStatus};

use serde::Serialize;

/// One parsed report: its content and what is known of its producer.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Report {
    /// The format it was read as.
    pub format: Format,
    /// The producing tool and version, where the report names them (e.g. `coverage.py 7.6.1`).
    pub producer: Option<String>,
    /// Things the parser noticed but could read past (e.g. suite counters that disagree with the listed tests).
    pub notes: Vec<String>,
    /// The normalized content.
    pub content: ReportContent,
}

impl Report {
    /// A report of `content` as `format`, for an embedder feeding its own data: no producer, no
    /// notes.
    ///
    /// ```
    /// # use gates_core::{Check, Format, Policy, Report, ReportContent};
    /// # use gates_core::model::{TestCase, TestRun, TestStatus};
    /// let mut run = TestRun::default();
    /// run.add(TestCase::new("imports a file", TestStatus::Passed));
    /// let report = Report::new(Format::Junit, ReportContent::Tests(run));
    /// let policy = Policy::from_toml_str("[[gate]]\nmetric = \"tests.total\"\nmin = 1\n")?;
    /// assert!(Check::new(&policy).report("own.xml", report).run().evaluation.verdict.passed());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(format: Format, content: ReportContent) -> Self {
        Self { format, producer: None, notes: Vec::new(), content }
    }
}

/// The normalized content of one report.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ReportContent {
    /// Line and branch coverage.
    Coverage(Coverage),
    /// Test results.
    Tests(TestRun),
    /// Findings of a security scanner, linter or type checker.
    Findings(Findings),
    /// A dependency audit.
    Dependencies(DependencyAudit),
    /// A dependency audit that also reports findings (cargo-audit's warnings: unmaintained,
    /// unsound or yanked crates).
    DependenciesAndFindings {
        /// The packages and their vulnerabilities.
        audit: DependencyAudit,
        /// The findings.
        findings: Findings,
    },
    /// Complexity measurements.
    Complexity(Complexity),
    /// Benchmark timings (boxed: a run is several times larger than the other variants).
    Benchmarks(Box<BenchmarkRun>),
    /// The licences of dependencies.
    Licenses(Licenses),
    /// Dependencies with newer releases.
    Outdated(Outdated),
}

/// Where a figure came from: one report file.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct Source {
    /// The report's path as given.
    pub path: String,
    /// The format it was read as.
    pub format: Format,
    /// The producing tool and version, where known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub producer: Option<String>,
    /// What the parser noticed but read past.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// Everything measured, merged over all reports given.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct Metrics {
    /// Coverage, merged over every coverage report (absent when none was given).
    pub coverage: Option<Coverage>,
    /// Tests, merged over every test report (absent when none was given).
    pub tests: Option<TestRun>,
    /// Findings, merged over every analyser report (absent when none was given).
    pub findings: Option<Findings>,
    /// Dependency audits, merged (absent when none was given).
    pub dependencies: Option<DependencyAudit>,
    /// Complexity measurements, merged (absent when none was given).
    pub complexity: Option<Complexity>,
    /// Coverage of a change, when a diff was given with the coverage reports.
    pub patch: Option<PatchCoverage>,
    /// Benchmark timings, merged (absent when none was given).
    pub benchmarks: Option<BenchmarkRun>,
    /// The pull request's title, size and review state, where known.
    pub pull_request: Option<PullRequestFacts>,
    /// Custom metrics by name: the value given or read, or why there is none.
    pub custom: std::collections::BTreeMap<String, Result<f64, Unavailable>>,
    /// Dependency licences, merged (absent when none was given).
    pub licenses: Option<Licenses>,
    /// Dependencies with newer releases, merged (absent when no list was given).
    pub outdated: Option<Outdated>,
    /// The policy's `[[change]]` rules over the diff, in policy order (absent without a diff).
    pub changes: Option<Vec<ChangeRuleValue>>,
    /// Changed files checked for the policy's licence header, or why they could not be
    /// (absent without a diff).
    pub license_headers: Option<Result<HeaderCheck, String>>,
    /// The reports these figures came from, in the order given.
    pub sources: Vec<Source>,
}

impl Metrics {
    /// No reports yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a parsed report read from `path`, merging it with reports of the same family.
    pub fn add(&mut self, path: impl Into<String>, report: Report) {
        self.sources.push(Source {
            path: path.into(),
            format: report.format,
            producer: report.producer,
            notes: report.notes,
        });
        match report.content {
            ReportContent::Coverage(coverage) => merge_into(&mut self.coverage, coverage, Coverage::merge),
            ReportContent::Tests(run) => merge_into(&mut self.tests, run, TestRun::merge),
            ReportContent::Findings(findings) => merge_into(&mut self.findings, findings, Findings::merge),
            ReportContent::Dependencies(audit) => {
                merge_into(&mut self.dependencies, audit, DependencyAudit::merge)
            }
            ReportContent::DependenciesAndFindings { audit, findings } => {
                merge_into(&mut self.dependencies, audit, DependencyAudit::merge);
                merge_into(&mut self.findings, findings, Findings::merge);
            }
            ReportContent::Complexity(complexity) => {
                merge_into(&mut self.complexity, complexity, Complexity::merge)
            }
            ReportContent::Benchmarks(run) => merge_into(&mut self.benchmarks, *run, BenchmarkRun::merge),
            ReportContent::Licenses(licenses) => merge_into(&mut self.licenses, licenses, Licenses::merge),
            ReportContent::Outdated(outdated) => merge_into(&mut self.outdated, outdated, Outdated::merge),
        }
    }
}

fn merge_into<T>(known: &mut Option<T>, new: T, merge: fn(&mut T, T)) {
    match known {
        Some(known) => merge(known, new),
        None => *known = Some(new),
    }
}

//! The catalogue of metric names: every figure a gate can test, with its unit and meaning.

use std::fmt;

use serde::Serialize;

use crate::baseline::Baseline;
use crate::compare::BenchComparison;
use crate::license::LicenseVerdict;
use crate::model::{AuditStatus, Category, CoverageTotals, Level, Metrics, TestCounts};
use crate::policy::Triage;

/// The kind of report a metric comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Family {
    /// Coverage reports (Cobertura, JaCoCo, LCOV, coverage.py JSON).
    Coverage,
    /// Test reports (JUnit XML).
    Tests,
    /// Security scanner reports (bandit, SARIF).
    Security,
    /// Dependency audits (pip-audit, Safety).
    Dependencies,
    /// Complexity reports (radon).
    Complexity,
    /// Linter reports (ruff, flake8, pylint).
    Lint,
    /// Type checker reports (mypy).
    Types,
    /// A coverage report together with a diff.
    Patch,
    /// A baseline snapshot together with the current reports.
    Baseline,
    /// A pytest-benchmark report together with a benchmark baseline.
    Bench,
    /// The pull request: its title, size and review state.
    PullRequest,
    /// Dependency licence lists (pip-licenses, cargo metadata).
    Licenses,
    /// Secrets scanner reports (gitleaks JSON or SARIF).
    Secrets,
}

impl Family {
    /// What to give so that metrics of this family can be computed.
    pub fn wanted_report(self) -> &'static str {
        match self {
            Family::Coverage => "a coverage report (Cobertura, JaCoCo, LCOV or coverage.py JSON)",
            Family::Tests => "a test report (JUnit XML)",
            Family::Security => "a security scan (bandit JSON, SARIF)",
            Family::Dependencies => "a dependency audit (pip-audit or Safety JSON)",
            Family::Complexity => "a complexity report (radon cc/mi/raw JSON)",
            Family::Lint => "a lint report (ruff JSON, flake8, pylint JSON)",
            Family::Types => "a type check report (mypy)",
            Family::Patch => "a coverage report and a diff (--diff FILE or --diff-base REF)",
            Family::Baseline => {
                "a baseline (--baseline FILE, written by `gates baseline save`) and a security scan"
            }
            Family::Bench => "a pytest-benchmark report and --bench-baseline FILE",
            Family::PullRequest => {
                "a pull request: --event FILE ($GITHUB_EVENT_PATH), GitLab's CI_MERGE_REQUEST_TITLE, or --pr-title"
            }
            Family::Licenses => "a licence list (pip-licenses or cargo metadata JSON)",
            Family::Secrets => "a secrets scan (gitleaks JSON or SARIF)",
        }
    }
}

/// The unit of a metric's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Unit {
    /// 0 to 100.
    Percent,
    /// A whole number of things.
    Count,
    /// Seconds.
    Seconds,
    /// Cyclomatic complexity; bounds may be radon rank letters (A–F).
    Complexity,
    /// Maintainability index 0–100; bounds may be radon rank letters (A–C).
    Maintainability,
    /// A fraction, 0 to 1.
    Ratio,
    /// Bytes.
    Bytes,
    /// 1 for yes, 0 for no.
    Flag,
    /// Any other figure.
    Number,
}

impl Unit {
    /// The units a policy may give a custom metric, by name.
    pub const DECLARABLE: &'static [Unit] =
        &[Unit::Percent, Unit::Ratio, Unit::Count, Unit::Seconds, Unit::Bytes, Unit::Number];

    /// The declarable unit called `name` (`percent`, `ratio`, `count`, `seconds`, `bytes`, `number`).
    pub fn from_name(name: &str) -> Option<Unit> {
        Unit::DECLARABLE.iter().copied().find(|unit| unit.to_string() == name)
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Unit::Percent => "percent",
            Unit::Count => "count",
            Unit::Seconds => "seconds",
            Unit::Complexity => "complexity",
            Unit::Maintainability => "index",
            Unit::Ratio => "ratio",
            Unit::Bytes => "bytes",
            Unit::Flag => "yes/no",
            Unit::Number => "number",
        })
    }
}

macro_rules! catalogue {
    ($($variant:ident => $name:literal, $family:ident, $unit:ident, $description:literal;)+) => {
        /// A built-in metric. Its dotted [`name`](Metric::name) is stable: policies and JSON output use it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Metric {
            $(#[doc = $description] $variant,)+
        }

        impl Metric {
            /// Every built-in metric, in catalogue order.
            pub const ALL: &'static [Metric] = &[$(Metric::$variant,)+];

            /// The stable dotted name, e.g. `coverage.lines`.
            pub fn name(self) -> &'static str {
                match self { $(Metric::$variant => $name,)+ }
            }

            /// The report family that feeds it.
            pub fn family(self) -> Family {
                match self { $(Metric::$variant => Family::$family,)+ }
            }

            /// The unit of its value.
            pub fn unit(self) -> Unit {
                match self { $(Metric::$variant => Unit::$unit,)+ }
            }

            /// One sentence on what it measures.
            pub fn description(self) -> &'static str {
                match self { $(Metric::$variant => $description,)+ }
            }
        }
    };
}

catalogue! {
    CoverageLines => "coverage.lines", Coverage, Percent,
        "Executable lines that ran, as a percent of all executable lines (lines_covered / lines_valid).";
    CoverageBranches => "coverage.branches", Coverage, Percent,
        "Branches taken, as a percent of all branches; absent when the report has no branch data.";
    CoverageTotal => "coverage.total", Coverage, Percent,
        "Lines and branches together, (lines_covered + branches_covered) / (lines_valid + branches_valid): the TOTAL that coverage.py prints and uses for --fail-under.";
    CoverageLinesCovered => "coverage.lines_covered", Coverage, Count,
        "Executable lines that ran at least once.";
    CoverageLinesValid => "coverage.lines_valid", Coverage, Count,
        "Executable lines.";
    CoverageBranchesCovered => "coverage.branches_covered", Coverage, Count,
        "Branches taken at least once.";
    CoverageBranchesValid => "coverage.branches_valid", Coverage, Count,
        "Branches.";
    CoveragePatch => "coverage.patch", Patch, Percent,
        "Changed executable lines that ran, as a percent of changed executable lines (new-code coverage, as diff-cover computes it).";
    CoveragePatchLinesCovered => "coverage.patch_lines_covered", Patch, Count,
        "Changed executable lines that ran.";
    CoveragePatchLinesValid => "coverage.patch_lines_valid", Patch, Count,
        "Changed lines the coverage report lists as executable (comments and blank lines are not).";
    TestsTotal => "tests.total", Tests, Count,
        "Distinct tests; a test reported several times (reruns) counts once.";
    TestsPassed => "tests.passed", Tests, Count,
        "Tests whose final outcome is a pass, flaky ones included.";
    TestsFailed => "tests.failed", Tests, Count,
        "Tests whose final outcome is a failure (an assertion did not hold).";
    TestsErrors => "tests.errors", Tests, Count,
        "Tests whose final outcome is an error (setup/teardown error, crash, build failure).";
    TestsSkipped => "tests.skipped", Tests, Count,
        "Tests skipped, or expected to fail (pytest xfail).";
    TestsFlaky => "tests.flaky", Tests, Count,
        "Tests that were rerun and passed on their final attempt.";
    TestsDuration => "tests.duration_s", Tests, Seconds,
        "Wall-clock seconds of the test runs, summed over reports; absent when no report gives times.";
    BenchRegressions => "bench.regressions", Bench, Count,
        "Benchmarks slower than the baseline by more than the policy's fail-percent (default 20) on the chosen statistic.";
    BenchWarnings => "bench.warnings", Bench, Count,
        "Benchmarks slower by more than warn-percent (default 10) but not more than fail-percent.";
    BenchMaxSlowdown => "bench.max_slowdown", Bench, Percent,
        "The largest slowdown of any benchmark on the chosen statistic, in percent; 0 when nothing slowed, no value when a benchmark timed 0 s in the baseline.";
    SecurityHigh => "security.high", Security, Count,
        "Security findings of HIGH (or critical) severity, not waived and not under the policy's confidence floor.";
    SecurityMedium => "security.medium", Security, Count,
        "Security findings of MEDIUM severity, not waived and not under the confidence floor.";
    SecurityLow => "security.low", Security, Count,
        "Security findings of LOW severity, not waived and not under the confidence floor.";
    SecurityScanErrors => "security.scan_errors", Security, Count,
        "Files or checks a security scanner reported it could not do (bandit errors, SARIF tool errors): not scanned is not clean.";
    SecurityNewFindings => "security.new_findings", Baseline, Count,
        "Counted security findings that the baseline does not have (matched by tool, rule, file and message, not line).";
    SecurityKnownFindings => "security.known_findings", Baseline, Count,
        "Counted security findings that the baseline already had.";
    SecurityVulnerabilities => "security.vulnerabilities", Dependencies, Count,
        "Known vulnerabilities in installed dependencies, not waived.";
    SecurityVulnerablePackages => "security.vulnerable_packages", Dependencies, Count,
        "Dependencies with at least one known vulnerability that is not waived.";
    SecurityUnauditedPackages => "security.unaudited_packages", Dependencies, Count,
        "Dependencies the auditor skipped (not found, not on the index, service unreachable): not audited is not safe.";
    ComplexityAverage => "complexity.average", Complexity, Complexity,
        "Mean cyclomatic complexity over every function, method and class, as `radon cc -a` prints it.";
    ComplexityMax => "complexity.max", Complexity, Complexity,
        "Highest cyclomatic complexity of any block; a rank letter may be used as its bound (B = 10).";
    MaintainabilityMin => "maintainability.min", Complexity, Maintainability,
        "Lowest maintainability index of any file, 0-100 (`radon mi`); a rank letter may be used as its bound (A = 20).";
    CodeSloc => "code.sloc", Complexity, Count,
        "Source lines of code over every file (`radon raw`: SLOC).";
    CodeCommentsPercent => "code.comments_percent", Complexity, Percent,
        "Comment and docstring lines as a percent of all lines, radon raw's (C + M % L).";
    LintViolations => "lint.violations", Lint, Count,
        "Linter findings (ruff, flake8, pylint), not waived.";
    TypesErrors => "types.errors", Types, Count,
        "Type checker errors (mypy), not waived; notes are not errors.";
    PrTitleConventional => "pr.title_conventional", PullRequest, Flag,
        "1 when the pull-request title is a Conventional Commits header the policy's `[pr]` rules allow, else 0.";
    PrChangedLines => "pr.changed_lines", PullRequest, Count,
        "Lines added plus lines removed: from --diff/--diff-base without the `[pr] ignore` globs, else from the event payload.";
    PrChangedFiles => "pr.changed_files", PullRequest, Count,
        "Files changed, counted like pr.changed_lines.";
    PrApprovals => "pr.approvals", PullRequest, Count,
        "Reviewers whose latest review approves (GitHub API; needs a token).";
    PrUnresolvedThreads => "pr.unresolved_threads", PullRequest, Count,
        "Review threads not resolved (GitHub GraphQL API; needs a token).";
    PrMergeable => "pr.mergeable", PullRequest, Flag,
        "1 when GitHub can merge the pull request without conflicts, else 0 (GitHub API; needs a token).";
    LicensesDenied => "licenses.denied", Licenses, Count,
        "Dependencies whose licence expression cannot be satisfied with licences accepted by the allow and deny lists of the policy's licenses table (none without such lists).";
    LicensesUnknown => "licenses.unknown", Licenses, Count,
        "Dependencies whose licence has no SPDX reading (none given, UNKNOWN, a classifier without a version such as BSD License, only a licence file), so it cannot be checked.";
    LicensesPackages => "licenses.packages", Licenses, Count,
        "Dependencies listed, not counting those in the policy's ignore-packages.";
    SecretsFindings => "secrets.findings", Secrets, Count,
        "Secrets (credentials, keys, tokens) a secrets scanner found in the code or its history, not waived.";
}

impl Metric {
    /// The metric with this dotted name.
    pub fn from_name(name: &str) -> Option<Metric> {
        Metric::ALL.iter().copied().find(|metric| metric.name() == name)
    }
}

impl fmt::Display for Metric {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A metric a gate names: built in, or declared by the policy (`[metrics."NAME"]`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Term {
    /// A built-in metric.
    Builtin(Metric),
    /// A custom metric, by its declared name and unit.
    Custom {
        /// The declared name.
        name: String,
        /// The declared unit.
        unit: Unit,
    },
}

impl Term {
    /// The dotted name.
    pub fn name(&self) -> &str {
        match self {
            Term::Builtin(metric) => metric.name(),
            Term::Custom { name, .. } => name,
        }
    }

    /// The unit of its value.
    pub fn unit(&self) -> Unit {
        match self {
            Term::Builtin(metric) => metric.unit(),
            Term::Custom { unit, .. } => *unit,
        }
    }

    /// The built-in metric, if it is one.
    pub fn builtin(&self) -> Option<Metric> {
        match self {
            Term::Builtin(metric) => Some(*metric),
            Term::Custom { .. } => None,
        }
    }
}

impl fmt::Display for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Why a metric has no value.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Unavailable {
    /// No report of the family that feeds it was given.
    NoReport(Family),
    /// The reports were given but do not measure it.
    NotMeasured(&'static str),
    /// Its input is missing, for the reason given (e.g. a custom metric's file does not exist).
    Missing(String),
}

impl fmt::Display for Unavailable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unavailable::NoReport(family) => write!(f, "no input: give {}", family.wanted_report()),
            Unavailable::NotMeasured(why) => f.write_str(why),
            Unavailable::Missing(why) => f.write_str(why),
        }
    }
}

impl Metrics {
    /// The value of `metric` counting every finding and vulnerability, or why there is none.
    pub fn value(&self, metric: Metric) -> Result<f64, Unavailable> {
        self.value_triaged(metric, &Triage::count_all(self))
    }

    /// The value of `metric` counting only what `triage` says counts (waivers, confidence floor).
    pub fn value_triaged(&self, metric: Metric, triage: &Triage) -> Result<f64, Unavailable> {
        match metric.family() {
            Family::Coverage => self.coverage_value(metric),
            Family::Tests => self.tests_value(metric),
            Family::Security | Family::Lint | Family::Types => self.findings_value(metric, triage),
            Family::Dependencies => self.dependencies_value(metric, triage),
            Family::Complexity => self.complexity_value(metric),
            Family::Patch => self.patch_value(metric),
            Family::Baseline => self.baseline_value(metric, triage, None),
            Family::Bench => bench_value(metric, None),
            Family::PullRequest => self.pull_request_value(metric),
            Family::Licenses => self.licenses_value(metric, triage),
            Family::Secrets => self.findings_value(metric, triage),
        }
    }

    /// Every metric that has a value, in catalogue order.
    pub fn values(&self) -> Vec<(Metric, f64)> {
        self.values_triaged(&Triage::count_all(self))
    }

    /// Every metric that has a value under `triage`, in catalogue order.
    pub fn values_triaged(&self, triage: &Triage) -> Vec<(Metric, f64)> {
        self.all_values(triage, None, None)
            .into_iter()
            .filter_map(|(metric, value)| value.ok().map(|value| (metric, value)))
            .collect()
    }

    /// Every metric with its value or why there is none, each computed once: the coverage
    /// totals, a pass over every line of every file, are summed a single time. Metrics that
    /// compare with a baseline need `baseline`; benchmark metrics need the comparison `bench`.
    pub fn all_values(
        &self,
        triage: &Triage,
        baseline: Option<&Baseline>,
        bench: Option<&BenchComparison>,
    ) -> Vec<(Metric, Result<f64, Unavailable>)> {
        let coverage = self.coverage.as_ref().map(|coverage| (coverage.totals(), coverage.branches_measured));
        let tests = self.tests.as_ref().map(|run| (run.counts(), run.duration_s));
        Metric::ALL
            .iter()
            .map(|&metric| {
                let value = match (metric.family(), coverage) {
                    (Family::Coverage, Some((totals, branches_measured))) => {
                        coverage_metric(metric, &totals, branches_measured)
                    }
                    (Family::Tests, _) => match &tests {
                        Some((counts, duration_s)) => tests_metric(metric, counts, *duration_s),
                        None => Err(Unavailable::NoReport(Family::Tests)),
                    },
                    (Family::Baseline, _) => self.baseline_value(metric, triage, baseline),
                    (Family::Bench, _) => bench_value(metric, bench),
                    _ => self.value_triaged(metric, triage),
                };
                (metric, value)
            })
            .collect()
    }

    fn coverage_value(&self, metric: Metric) -> Result<f64, Unavailable> {
        let coverage = self.coverage.as_ref().ok_or(Unavailable::NoReport(Family::Coverage))?;
        coverage_metric(metric, &coverage.totals(), coverage.branches_measured)
    }

    fn tests_value(&self, metric: Metric) -> Result<f64, Unavailable> {
        let run = self.tests.as_ref().ok_or(Unavailable::NoReport(Family::Tests))?;
        tests_metric(metric, &run.counts(), run.duration_s)
    }
}

/// A test metric from the counts (and summed duration) of a test run.
fn tests_metric(metric: Metric, counts: &TestCounts, duration_s: Option<f64>) -> Result<f64, Unavailable> {
    let count = match metric {
        Metric::TestsTotal => counts.total,
        Metric::TestsPassed => counts.passed,
        Metric::TestsFailed => counts.failed,
        Metric::TestsErrors => counts.errors,
        Metric::TestsSkipped => counts.skipped,
        Metric::TestsFlaky => counts.flaky,
        Metric::TestsDuration => {
            let duration_s = duration_s.ok_or(Unavailable::NotMeasured("the test reports give no times"))?;
            return duration_s
                .is_finite()
                .then_some(duration_s)
                .ok_or(Unavailable::NotMeasured("the test reports' times add up past the largest number"));
        }
        _ => return Err(Unavailable::NoReport(metric.family())),
    };
    Ok(count as f64)
}

/// A benchmark metric from the comparison with the benchmark baseline.
fn bench_value(metric: Metric, comparison: Option<&BenchComparison>) -> Result<f64, Unavailable> {
    let comparison = comparison.ok_or(Unavailable::NoReport(Family::Bench))?;
    Ok(match metric {
        Metric::BenchRegressions => comparison.regressions() as f64,
        Metric::BenchWarnings => comparison.warnings() as f64,
        _ => comparison.max_slowdown().map_err(Unavailable::Missing)?,
    })
}

/// A coverage metric from totals (of a whole report, some of its files, or one file).
pub(crate) fn coverage_metric(
    metric: Metric,
    totals: &CoverageTotals,
    branches_measured: bool,
) -> Result<f64, Unavailable> {
    let no_lines = Unavailable::NotMeasured("the coverage report lists no executable lines");
    let no_branches =
        Unavailable::NotMeasured("the coverage report has no branch data (measure with --cov-branch)");
    let branches_measured = branches_measured || totals.branches_valid > 0;
    match metric {
        Metric::CoverageLines => totals.line_percent().ok_or(no_lines),
        Metric::CoverageTotal => totals.combined_percent().ok_or(no_lines),
        Metric::CoverageBranches if !branches_measured => Err(no_branches),
        Metric::CoverageBranches => {
            totals.branch_percent().ok_or(Unavailable::NotMeasured("the coverage report lists no branches"))
        }
        Metric::CoverageLinesCovered => Ok(totals.lines_covered as f64),
        Metric::CoverageLinesValid => Ok(totals.lines_valid as f64),
        Metric::CoverageBranchesCovered | Metric::CoverageBranchesValid if !branches_measured => {
            Err(no_branches)
        }
        Metric::CoverageBranchesCovered => Ok(totals.branches_covered as f64),
        Metric::CoverageBranchesValid => Ok(totals.branches_valid as f64),
        _ => Err(Unavailable::NoReport(metric.family())),
    }
}

impl Metrics {
    fn findings_value(&self, metric: Metric, triage: &Triage) -> Result<f64, Unavailable> {
        let family = metric.family();
        let category = match family {
            Family::Lint => Category::Lint,
            Family::Types => Category::Type,
            Family::Secrets => Category::Secret,
            _ => Category::Security,
        };
        let findings = self
            .findings
            .as_ref()
            .filter(|findings| findings.covers(category))
            .ok_or(Unavailable::NoReport(family))?;
        if metric == Metric::SecurityScanErrors {
            return Ok(findings.problems.len() as f64);
        }
        let level = match metric {
            Metric::SecurityHigh => Some(Level::High),
            Metric::SecurityMedium => Some(Level::Medium),
            Metric::SecurityLow => Some(Level::Low),
            _ => None,
        };
        let count = findings
            .items
            .iter()
            .enumerate()
            .filter(|(at, finding)| {
                finding.category == category
                    && triage.finding_counts(*at)
                    && (level.is_none() || finding.severity == level)
            })
            .count();
        Ok(count as f64)
    }

    fn dependencies_value(&self, metric: Metric, triage: &Triage) -> Result<f64, Unavailable> {
        let audit = self.dependencies.as_ref().ok_or(Unavailable::NoReport(Family::Dependencies))?;
        let (mut vulnerabilities, mut vulnerable, mut unaudited) = (0u64, 0u64, 0u64);
        for (package_at, package) in audit.packages.iter().enumerate() {
            match &package.status {
                AuditStatus::Skipped { .. } => unaudited += 1,
                AuditStatus::Audited { vulnerabilities: found } => {
                    let counted =
                        (0..found.len()).filter(|&at| triage.vulnerability_counts(package_at, at)).count();
                    vulnerabilities += counted as u64;
                    vulnerable += u64::from(counted > 0);
                }
            }
        }
        Ok(match metric {
            Metric::SecurityVulnerabilities => vulnerabilities,
            Metric::SecurityVulnerablePackages => vulnerable,
            _ => unaudited,
        } as f64)
    }

    fn licenses_value(&self, metric: Metric, triage: &Triage) -> Result<f64, Unavailable> {
        let licenses = self.licenses.as_ref().ok_or(Unavailable::NoReport(Family::Licenses))?;
        let verdicts = triage.license_verdicts(licenses);
        let count = |wanted: LicenseVerdict| verdicts.iter().filter(|verdict| **verdict == wanted).count();
        Ok(match metric {
            Metric::LicensesDenied => count(LicenseVerdict::Denied),
            Metric::LicensesUnknown => count(LicenseVerdict::Unknown),
            _ => verdicts.len() - count(LicenseVerdict::Ignored),
        } as f64)
    }

    fn baseline_value(
        &self,
        metric: Metric,
        triage: &Triage,
        baseline: Option<&Baseline>,
    ) -> Result<f64, Unavailable> {
        let baseline = baseline.ok_or(Unavailable::NoReport(Family::Baseline))?;
        if !self.findings.as_ref().is_some_and(|findings| findings.covers(Category::Security)) {
            return Err(Unavailable::NoReport(Family::Security));
        }
        let (new, known) = baseline.split_findings(self, triage, Category::Security);
        Ok(if metric == Metric::SecurityNewFindings { new } else { known } as f64)
    }

    fn pull_request_value(&self, metric: Metric) -> Result<f64, Unavailable> {
        let facts = self.pull_request.as_ref().ok_or(Unavailable::NoReport(Family::PullRequest))?;
        let no_size =
            || Unavailable::NotMeasured("no size: the event payload has none; give --diff or --diff-base");
        let from_api = |known: &Option<Result<u64, String>>| match known {
            Some(Ok(count)) => Ok(*count as f64),
            Some(Err(why)) => Err(Unavailable::Missing(why.clone())),
            None => Err(Unavailable::Missing(
                "needs the GitHub API: a token (GITHUB_TOKEN or --token) and the pull request".to_owned(),
            )),
        };
        match metric {
            Metric::PrTitleConventional => facts
                .title
                .as_ref()
                .map(|title| if title.problem.is_none() { 1.0 } else { 0.0 })
                .ok_or(Unavailable::NotMeasured("no pull-request title: give --event, or --pr-title")),
            Metric::PrChangedLines => facts.size.map(|size| size.lines as f64).ok_or_else(no_size),
            Metric::PrChangedFiles => facts.size.map(|size| size.files as f64).ok_or_else(no_size),
            Metric::PrApprovals => from_api(&facts.approvals),
            Metric::PrUnresolvedThreads => from_api(&facts.unresolved_threads),
            _ => from_api(&facts.mergeable.clone().map(|known| known.map(u64::from))),
        }
    }

    fn patch_value(&self, metric: Metric) -> Result<f64, Unavailable> {
        let patch = self.patch.as_ref().ok_or(Unavailable::NoReport(Family::Patch))?;
        let (covered, valid) = (patch.lines_covered(), patch.lines_valid());
        match metric {
            Metric::CoveragePatchLinesCovered => Ok(covered as f64),
            Metric::CoveragePatchLinesValid => Ok(valid as f64),
            _ if valid == 0 => Err(Unavailable::NotMeasured("the diff changes no executable line")),
            _ => Ok(covered as f64 * 100.0 / valid as f64),
        }
    }

    fn complexity_value(&self, metric: Metric) -> Result<f64, Unavailable> {
        let complexity = self.complexity.as_ref().ok_or(Unavailable::NoReport(Family::Complexity))?;
        let no_blocks = Unavailable::NotMeasured("no complexity blocks: give `radon cc -j` output");
        let no_sizes = Unavailable::NotMeasured("no line counts: give `radon raw -j` output");
        let sum = |count: fn(&crate::model::FileSize) -> u64| complexity.sizes.iter().map(count).sum::<u64>();
        match metric {
            Metric::ComplexityAverage => complexity.average().ok_or(no_blocks),
            Metric::ComplexityMax => complexity.max().map(f64::from).ok_or(no_blocks),
            Metric::CodeSloc if complexity.sizes.is_empty() => Err(no_sizes),
            Metric::CodeSloc => Ok(sum(|size| size.sloc) as f64),
            Metric::CodeCommentsPercent => {
                let lines = sum(|size| size.loc);
                if lines == 0 {
                    return Err(no_sizes);
                }
                Ok(sum(|size| size.comments + size.multi) as f64 * 100.0 / lines as f64)
            }
            _ => complexity
                .min_maintainability()
                .ok_or(Unavailable::NotMeasured("no maintainability index: give `radon mi -j` output")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_round_trip() {
        for metric in Metric::ALL {
            assert_eq!(Metric::from_name(metric.name()), Some(*metric));
        }
        let mut names: Vec<_> = Metric::ALL.iter().map(|m| m.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Metric::ALL.len());
    }

    #[test]
    fn absent_report_is_not_zero() {
        let metrics = Metrics::new();
        assert_eq!(metrics.value(Metric::TestsFailed), Err(Unavailable::NoReport(Family::Tests)));
    }
}

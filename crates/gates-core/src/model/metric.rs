//! The catalogue of metric names: every figure a gate can test, with its unit and meaning.

use std::fmt;

use serde::Serialize;

/// The kind of report a metric comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Family {
    /// Coverage reports (Cobertura, JaCoCo, Clover, LCOV, coverage.py, istanbul, SimpleCov, llvm-cov JSON, Go coverprofiles).
    Coverage,
    /// Test reports (JUnit XML).
    Tests,
    /// Security scanner reports (bandit, SARIF).
    Security,
    /// Dependency audits (pip-audit, Safety, npm audit, cargo-audit, Trivy, Grype).
    Dependencies,
    /// Complexity reports (radon).
    Complexity,
    /// Linter reports (ruff, flake8, pylint, ESLint, Checkstyle, clippy).
    Lint,
    /// Type checker reports (mypy).
    Types,
    /// A coverage report together with a diff.
    Patch,
    /// A baseline snapshot together with the current reports.
    Baseline,
    /// A benchmark report together with a benchmark baseline.
    Bench,
    /// The pull request: its title, size and review state.
    PullRequest,
    /// Dependency licence lists (pip-licenses, cargo metadata).
    Licenses,
    /// Secrets scanner reports (gitleaks, Trivy, TruffleHog, SARIF).
    Secrets,
    /// A diff of the change, for the policy's rules over the changed files.
    Diff,
    /// Outdated-dependency lists (pip list --outdated, npm outdated).
    Outdated,
    /// The history of earlier runs together with the current test reports.
    History,
}

impl Family {
    /// What to give so that metrics of this family can be computed, naming the inputs as `inputs`
    /// does.
    pub fn wanted_report(self, inputs: &InputNames) -> String {
        match self {
            Family::Coverage => {
                "a coverage report (Cobertura, JaCoCo, OpenCover, Clover, LCOV, coverage.py, istanbul, SimpleCov or llvm-cov JSON, or a Go coverprofile)"
                    .to_owned()
            }
            Family::Tests => {
                "a test report (JUnit, TRX, NUnit or xUnit.net XML, go test -json, TAP, Jest, Mocha or CTRF JSON)"
                    .to_owned()
            }
            Family::Security => "a security scan (bandit or Semgrep JSON, SARIF, Trivy misconfigurations)".to_owned(),
            Family::Dependencies => "a dependency audit (pip-audit, Safety, cargo-audit, npm audit, Trivy, Grype, OSV-Scanner or CycloneDX JSON)".to_owned(),
            Family::Complexity => "a complexity report (radon cc/mi/raw JSON)".to_owned(),
            Family::Lint => "a lint report (ruff, ESLint, Checkstyle, clippy, …)".to_owned(),
            Family::Types => "a type check report (mypy)".to_owned(),
            Family::Patch => format!("a coverage report and a diff ({})", inputs.diff),
            Family::Baseline => format!("a baseline ({})", inputs.baseline),
            Family::Bench => format!("a benchmark report and {}", inputs.bench_baseline),
            Family::PullRequest => format!("a pull request: {}", inputs.pull_request),
            Family::Licenses => "a licence list (pip-licenses or cargo metadata JSON)".to_owned(),
            Family::Secrets => "a secrets scan (gitleaks or Trivy JSON, TruffleHog JSON lines, SARIF)".to_owned(),
            Family::Diff => format!("a diff ({})", inputs.diff),
            Family::Outdated => {
                "an outdated-dependency list (`pip list --outdated --format=json`, `npm outdated --json`)".to_owned()
            }
            Family::History => format!("a history ({})", inputs.history),
        }
    }
}

/// How the embedder names the inputs that are not reports, for the messages asking for them:
/// the `gates` CLI names its flags, a library its own calls ([`InputNames::LIBRARY`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InputNames {
    /// How to give a diff of the change.
    pub diff: &'static str,
    /// The same, shorter, after "give".
    pub diff_briefly: &'static str,
    /// How to give a baseline snapshot.
    pub baseline: &'static str,
    /// How to give the benchmark run to compare with.
    pub bench_baseline: &'static str,
    /// How to give the pull request.
    pub pull_request: &'static str,
    /// How to give the pull request's title, after "give".
    pub pull_request_title: &'static str,
    /// How to give the pull request's description, after "give".
    pub pull_request_description: &'static str,
    /// How to give access to the forge's API.
    pub api_access: &'static str,
    /// How to give a custom metric's value, `{name}` standing for the metric's name.
    pub custom_value: &'static str,
    /// How to give the history of earlier runs.
    pub history: &'static str,
}

impl InputNames {
    /// The names of `gates_core`'s own calls.
    pub const LIBRARY: InputNames = InputNames {
        diff: "`Check::diff`",
        diff_briefly: "a diff (`Check::diff`)",
        baseline: "`Check::baseline`",
        bench_baseline: "a baseline run (`Check::bench_baseline`)",
        pull_request: "`Check::pull_request`",
        pull_request_title: "`Check::pull_request` facts with a title",
        pull_request_description: "`Check::pull_request` facts with a description",
        api_access: "its figures in `PullRequestFacts`",
        custom_value: "`Check::custom_metric(\"{name}\", …)`",
        history: "`Check::history`",
    };
}

impl Default for InputNames {
    fn default() -> Self {
        InputNames::LIBRARY
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
    SecurityVulnerabilitiesCritical => "security.vulnerabilities_critical", Dependencies, Count,
        "Vulnerabilities counted in security.vulnerabilities whose advisory is critical (CVSS 9.0-10.0).";
    SecurityVulnerabilitiesHigh => "security.vulnerabilities_high", Dependencies, Count,
        "Vulnerabilities counted in security.vulnerabilities whose advisory is high (CVSS 7.0-8.9).";
    SecurityVulnerabilitiesMedium => "security.vulnerabilities_medium", Dependencies, Count,
        "Vulnerabilities counted in security.vulnerabilities whose advisory is medium or moderate (CVSS 4.0-6.9).";
    SecurityVulnerabilitiesLow => "security.vulnerabilities_low", Dependencies, Count,
        "Vulnerabilities counted in security.vulnerabilities whose advisory is low (CVSS 0.0-3.9).";
    SecurityVulnerabilitiesUnknown => "security.vulnerabilities_unknown", Dependencies, Count,
        "Vulnerabilities counted in security.vulnerabilities with no severity (pip-audit, Safety): not known to be minor.";
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
        "Linter findings (ruff, flake8, pylint, ESLint, Checkstyle, clippy, a linter's SARIF), not waived, whatever their level.";
    LintErrors => "lint.errors", Lint, Count,
        "Linter findings at the tool's error level (ESLint 2 and fatal, Checkstyle error, clippy error, SARIF error), not waived.";
    LintWarnings => "lint.warnings", Lint, Count,
        "Linter findings at the tool's warning level (ESLint 1, Checkstyle warning, clippy warning, SARIF warning), not waived.";
    TypesErrors => "types.errors", Types, Count,
        "Type checker errors (mypy), not waived; notes are not errors.";
    PrTitleConventional => "pr.title_conventional", PullRequest, Flag,
        "1 when the pull-request title is a Conventional Commits header the policy's `[pr]` rules allow, else 0.";
    PrChangedLines => "pr.changed_lines", PullRequest, Count,
        "Lines added plus lines removed: from the diff without the `[pr] ignore` globs, else from the event payload.";
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
    PrDescriptionChars => "pr.description_chars", PullRequest, Count,
        "Characters of the pull-request description without the template's comments and headings, whitespace runs counted once.";
    PrReferencesIssue => "pr.references_issue", PullRequest, Flag,
        "1 when the title or description references an issue (#123, GH-123, !12, an issue URL or the policy's `[pr] issue-pattern`), else 0.";
    DepsOutdated => "deps.outdated", Outdated, Count,
        "Installed dependencies with a newer release (pip list --outdated, npm outdated; npm's declared but not installed ones too).";
    DepsOutdatedMajor => "deps.outdated_major", Outdated, Count,
        "Outdated dependencies whose latest release is a major version ahead (for 0.x versions, a minor one; unreadable versions count).";
    LicensesMissingHeader => "licenses.missing_header", Diff, Count,
        "Files the diff adds or modifies, matching the policy's license-header paths, whose first lines lack its SPDX line or pattern.";
    TestsIntermittent => "tests.intermittent", History, Count,
        "Tests that both failed and passed over the last `[history] window` runs with test reports in the history (default 20) and this run; a flaky rerun counts as both.";
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
    /// A `[[change]]` rule of the policy, by its metric name (`change.NAME`) and unit.
    Change {
        /// `change.` and the rule's name.
        name: String,
        /// A flag for a rule that requires files, a count for one that counts them.
        unit: Unit,
    },
}

impl Term {
    /// The dotted name.
    pub fn name(&self) -> &str {
        match self {
            Term::Builtin(metric) => metric.name(),
            Term::Custom { name, .. } | Term::Change { name, .. } => name,
        }
    }

    /// The unit of its value.
    pub fn unit(&self) -> Unit {
        match self {
            Term::Builtin(metric) => metric.unit(),
            Term::Custom { unit, .. } | Term::Change { unit, .. } => *unit,
        }
    }

    /// The built-in metric, if it is one.
    pub fn builtin(&self) -> Option<Metric> {
        match self {
            Term::Builtin(metric) => Some(*metric),
            Term::Custom { .. } | Term::Change { .. } => None,
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
    /// An input that is not a report was not given.
    NotGiven(Wanted),
    /// Its input is missing, for the reason given (e.g. a custom metric's file does not exist).
    Missing(String),
}

/// An input, other than a report, that a metric needs.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Wanted {
    /// The size of the change, which the event payload lacks.
    ChangeSize,
    /// The pull request's title.
    PullRequestTitle,
    /// The pull request's description.
    PullRequestDescription,
    /// The forge's API, for approvals and review threads.
    ApiAccess,
    /// The value of the custom metric of this name.
    CustomValue(String),
}

impl Unavailable {
    /// The reason as text, naming the inputs as `inputs` does.
    pub fn describe(&self, inputs: &InputNames) -> String {
        match self {
            Unavailable::NoReport(family) => format!("no input: give {}", family.wanted_report(inputs)),
            Unavailable::NotMeasured(why) => (*why).to_owned(),
            Unavailable::NotGiven(Wanted::ChangeSize) => {
                format!("no size: the event payload has none; give {}", inputs.diff_briefly)
            }
            Unavailable::NotGiven(Wanted::PullRequestTitle) => {
                format!("no pull-request title: give {}", inputs.pull_request_title)
            }
            Unavailable::NotGiven(Wanted::PullRequestDescription) => {
                format!("no pull-request description: give {}", inputs.pull_request_description)
            }
            Unavailable::NotGiven(Wanted::ApiAccess) => {
                format!("needs the GitHub API: {} and the pull request", inputs.api_access)
            }
            Unavailable::NotGiven(Wanted::CustomValue(name)) => {
                format!("no value given: pass {}", inputs.custom_value.replace("{name}", name))
            }
            Unavailable::Missing(why) => why.clone(),
        }
    }
}

impl fmt::Display for Unavailable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe(&InputNames::LIBRARY))
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
}

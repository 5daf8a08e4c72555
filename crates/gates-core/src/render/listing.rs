//! What the outputs list besides the gates: findings with their disposition, vulnerable and
//! unaudited packages, complexity hot spots. Shared so every output lists the same things.

use serde::Serialize;

use crate::compare::BenchVerdict;
use crate::model::{
    AuditStatus, AuditedPackage, Category, CoverageTotals, Family, Finding, Level, Metric, Metrics,
    OutdatedPackage, Problem, ScanProblem, Term, TestCase, TestRun, TestStatus, Unit, Vulnerability,
    VulnerabilitySeverity, complexity_rank,
};
use crate::policy::{Disposition, Evaluation, Outcome, Quarantine, Status};

/// Blocks of this rank or worse are hot spots.
const HOTSPOT_RANK: char = 'C';
/// Hot spots listed at most, worst first.
const HOTSPOTS_LISTED: usize = 50;

/// Every finding with its disposition and, with a baseline, whether it is new, in report order.
pub(crate) fn findings<'a>(
    evaluation: &'a Evaluation,
    metrics: &'a Metrics,
) -> impl Iterator<Item = (&'a Finding, Disposition, Option<bool>)> + 'a {
    metrics.findings.iter().flat_map(|findings| &findings.items).enumerate().map(|(at, finding)| {
        let new = evaluation.new_findings.as_ref().map(|new| new.get(at).copied().unwrap_or(true));
        (finding, evaluation.triage.findings.get(at).copied().unwrap_or(Disposition::Counted), new)
    })
}

/// Tests whose final outcome is a failure or an error, with the word for which and what they left.
pub(crate) fn failed_tests(metrics: &Metrics) -> impl Iterator<Item = (&TestCase, &'static str, &Problem)> {
    metrics.tests.iter().flat_map(|run| run.problems()).filter_map(|case| match &case.status {
        TestStatus::Errored(problem) | TestStatus::Failed(problem) => {
            Some((case, outcome_word(&case.status), problem))
        }
        _ => None,
    })
}

/// The slowest tests that ran, slowest first, at most [`TestRun::SLOWEST_KEPT`].
pub(crate) fn slowest_tests(metrics: &Metrics) -> Vec<&TestCase> {
    metrics.tests.as_ref().map(|run| run.slowest(TestRun::SLOWEST_KEPT)).unwrap_or_default()
}

/// A test's final outcome in a word.
pub(crate) fn outcome_word(status: &TestStatus) -> &'static str {
    match status {
        TestStatus::Passed => "passed",
        TestStatus::Failed(_) => "failed",
        TestStatus::Errored(_) => "error",
        TestStatus::Skipped { .. } => "skipped",
    }
}

/// Whether and where a vulnerability is fixed: "fixed in 2.20.0, 2.31.0", "fix available" (an
/// auditor that names no version) or "no fix yet".
pub(crate) fn fix_text(vulnerability: &Vulnerability) -> String {
    if !vulnerability.fix_versions.is_empty() {
        format!("fixed in {}", vulnerability.fix_versions.join(", "))
    } else if vulnerability.fix_available {
        "fix available".to_owned()
    } else {
        "no fix yet".to_owned()
    }
}

/// Every vulnerability with its package and disposition.
pub(crate) fn vulnerabilities<'a>(
    evaluation: &'a Evaluation,
    metrics: &'a Metrics,
) -> impl Iterator<Item = (&'a AuditedPackage, &'a Vulnerability, Disposition)> + 'a {
    metrics.dependencies.iter().flat_map(|audit| &audit.packages).enumerate().flat_map(
        move |(package_at, package)| {
            let found: &[Vulnerability] = match &package.status {
                AuditStatus::Audited { vulnerabilities } => vulnerabilities,
                AuditStatus::Skipped { .. } => &[],
            };
            found.iter().enumerate().map(move |(at, vulnerability)| {
                let disposition = evaluation
                    .triage
                    .vulnerabilities
                    .get(package_at)
                    .and_then(|dispositions| dispositions.get(at))
                    .copied()
                    .unwrap_or(Disposition::Counted);
                (package, vulnerability, disposition)
            })
        },
    )
}

/// Packages the auditor skipped, with its reason.
pub(crate) fn unaudited(metrics: &Metrics) -> impl Iterator<Item = (&AuditedPackage, &str)> {
    metrics.dependencies.iter().flat_map(|audit| &audit.packages).filter_map(|package| {
        match &package.status {
            AuditStatus::Skipped { reason } => Some((package, reason.as_str())),
            AuditStatus::Audited { .. } => None,
        }
    })
}

/// What analysers could not do.
pub(crate) fn scan_problems(metrics: &Metrics) -> impl Iterator<Item = &ScanProblem> {
    let findings = metrics.findings.iter().flat_map(|findings| &findings.problems);
    let complexity = metrics.complexity.iter().flat_map(|complexity| &complexity.problems);
    findings.chain(complexity)
}

/// Files with the lowest coverage, lowest first, by coverage.py's per-file rule: covered
/// statements and branches over statements and branches.
pub(crate) fn lowest_covered(metrics: &Metrics, count: usize) -> Vec<(&str, f64, CoverageTotals)> {
    let mut files: Vec<(&str, f64, CoverageTotals)> = metrics
        .coverage
        .iter()
        .flat_map(|coverage| &coverage.files)
        .filter_map(|(path, file)| {
            let totals = file.totals();
            let percent = totals.combined_percent()?;
            (percent < 100.0).then_some((path.as_str(), percent, totals))
        })
        .collect();
    files.sort_by(|a, b| a.1.total_cmp(&b.1).then_with(|| a.0.cmp(b.0)));
    files.truncate(count);
    files
}

/// A block of rank C or worse.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub(crate) struct Hotspot<'a> {
    pub(crate) path: &'a str,
    pub(crate) name: String,
    pub(crate) line: u32,
    pub(crate) complexity: u32,
    pub(crate) rank: char,
}

/// The most complex blocks of rank C or worse, worst first.
pub(crate) fn hotspots(metrics: &Metrics) -> Vec<Hotspot<'_>> {
    let mut spots: Vec<Hotspot<'_>> = metrics
        .complexity
        .iter()
        .flat_map(|complexity| &complexity.blocks)
        .filter(|block| complexity_rank(block.complexity) >= HOTSPOT_RANK)
        .map(|block| Hotspot {
            path: &block.path,
            name: match &block.classname {
                Some(class) => format!("{class}.{}", block.name),
                None => block.name.clone(),
            },
            line: block.line,
            complexity: block.complexity,
            rank: complexity_rank(block.complexity),
        })
        .collect();
    spots.sort_by(|a, b| b.complexity.cmp(&a.complexity).then_with(|| a.path.cmp(b.path)));
    spots.truncate(HOTSPOTS_LISTED);
    spots
}

/// The facts behind one failed or warned gate, as one-line plain texts, the most telling first.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct GateFacts<'a> {
    /// The failed or warned outcome.
    pub outcome: &'a Outcome,
    /// One line each: a failing test, a finding, a file, a benchmark.
    pub items: Vec<String>,
}

/// What kind of fact explains a metric's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FactKind {
    /// Failed and errored tests, or only those `failed_tests` labels with this word.
    FailedTests(Option<&'static str>),
    /// Counted findings of a category, of one severity or (with none) all, worst first.
    Findings(Category, Option<Level>),
    ScanProblems,
    LowestCovered,
    UncoveredChanges,
    /// Benchmarks that regressed, warned, or (with none) either.
    SlowerBenchmarks(Option<BenchVerdict>),
    /// Counted vulnerabilities of one severity or (with none) all.
    Vulnerabilities(Option<VulnerabilitySeverity>),
    Unaudited,
    Hotspots,
    MissingHeaders,
    /// Outdated dependencies: all, or (true) only those a major version behind.
    Outdated(bool),
}

fn fact_kind(metric: Metric) -> Option<FactKind> {
    Some(match metric {
        Metric::TestsFailed => FactKind::FailedTests(Some("failed")),
        Metric::TestsErrors => FactKind::FailedTests(Some("error")),
        Metric::TestsPassed => FactKind::FailedTests(None),
        Metric::SecurityHigh => FactKind::Findings(Category::Security, Some(Level::High)),
        Metric::SecurityMedium => FactKind::Findings(Category::Security, Some(Level::Medium)),
        Metric::SecurityLow => FactKind::Findings(Category::Security, Some(Level::Low)),
        Metric::SecurityScanErrors => FactKind::ScanProblems,
        Metric::LintViolations => FactKind::Findings(Category::Lint, None),
        Metric::TypesErrors => FactKind::Findings(Category::Type, None),
        Metric::SecretsFindings => FactKind::Findings(Category::Secret, None),
        Metric::SecurityVulnerabilities | Metric::SecurityVulnerablePackages => {
            FactKind::Vulnerabilities(None)
        }
        Metric::SecurityVulnerabilitiesCritical => {
            FactKind::Vulnerabilities(Some(VulnerabilitySeverity::Critical))
        }
        Metric::SecurityVulnerabilitiesHigh => FactKind::Vulnerabilities(Some(VulnerabilitySeverity::High)),
        Metric::SecurityVulnerabilitiesMedium => {
            FactKind::Vulnerabilities(Some(VulnerabilitySeverity::Medium))
        }
        Metric::SecurityVulnerabilitiesLow => FactKind::Vulnerabilities(Some(VulnerabilitySeverity::Low)),
        Metric::SecurityVulnerabilitiesUnknown => {
            FactKind::Vulnerabilities(Some(VulnerabilitySeverity::Unknown))
        }
        Metric::SecurityUnauditedPackages => FactKind::Unaudited,
        Metric::LicensesMissingHeader => FactKind::MissingHeaders,
        Metric::DepsOutdated => FactKind::Outdated(false),
        Metric::DepsOutdatedMajor => FactKind::Outdated(true),
        Metric::ComplexityAverage | Metric::ComplexityMax => FactKind::Hotspots,
        Metric::BenchRegressions => FactKind::SlowerBenchmarks(Some(BenchVerdict::Regressed)),
        Metric::BenchWarnings => FactKind::SlowerBenchmarks(Some(BenchVerdict::Warn)),
        other => match other.family() {
            Family::Coverage => FactKind::LowestCovered,
            Family::Patch => FactKind::UncoveredChanges,
            Family::Bench => FactKind::SlowerBenchmarks(None),
            _ => return None,
        },
    })
}

/// For each failed gate, then each warned gate, in policy order, the facts behind its value: failing tests,
/// counted findings by severity, lowest-covered files, uncovered changed lines, slower benchmarks,
/// vulnerable or unaudited packages, complexity hot spots. Gates with nothing to show are left out.
pub fn gate_facts<'a>(evaluation: &'a Evaluation, metrics: &Metrics) -> Vec<GateFacts<'a>> {
    let failed = evaluation.outcomes.iter().filter(|outcome| outcome.status == Status::Fail);
    let warned = evaluation.outcomes.iter().filter(|outcome| outcome.status == Status::Warn);
    failed
        .chain(warned)
        .filter_map(|outcome| {
            let mut kinds: Vec<FactKind> = Vec::new();
            for kind in
                outcome.gate.metric.terms.iter().filter_map(|term| term.builtin()).filter_map(fact_kind)
            {
                if !kinds.contains(&kind) {
                    kinds.push(kind);
                }
            }
            let change_files =
                outcome.gate.metric.terms.iter().flat_map(|term| change_rule_files(term, metrics));
            let items: Vec<String> = kinds
                .into_iter()
                .flat_map(|kind| fact_texts(kind, evaluation, metrics))
                .chain(change_files)
                .collect();
            (!items.is_empty()).then_some(GateFacts { outcome, items })
        })
        .collect()
}

/// The files behind a `[[change]]` rule's value: those that changed without a required file,
/// or those counted.
fn change_rule_files(term: &Term, metrics: &Metrics) -> Vec<String> {
    let Term::Change { name, .. } = term else { return Vec::new() };
    let rule = metrics.changes.iter().flatten().find(|rule| rule.metric == *name);
    let Some(rule) = rule.filter(|rule| rule.unit == Unit::Count || rule.required.is_empty()) else {
        return Vec::new();
    };
    let word = if rule.unit == Unit::Flag { "changed without a required file" } else { "changed" };
    rule.changed.iter().map(|path| one_line(&format!("{word}: {path}"))).collect()
}

fn fact_texts(kind: FactKind, evaluation: &Evaluation, metrics: &Metrics) -> Vec<String> {
    match kind {
        FactKind::FailedTests(wanted) => failed_tests(metrics)
            .filter(|(_, label, _)| wanted.is_none_or(|wanted| wanted == *label))
            .map(|(case, label, problem)| {
                let mut item = format!("{} ({label})", case.full_name());
                if let Some(file) = &case.file {
                    let line = case.line.map(|line| format!(":{line}")).unwrap_or_default();
                    item.push_str(&format!(" at {file}{line}"));
                }
                if let Some(message) = problem.message.as_deref().and_then(|message| message.lines().next()) {
                    item.push_str(&format!(": {message}"));
                }
                one_line(&item)
            })
            .collect(),
        FactKind::Findings(category, severity) => {
            let mut found: Vec<(&Finding, bool)> = findings(evaluation, metrics)
                .filter(|(finding, disposition, _)| {
                    finding.category == category
                        && *disposition == Disposition::Counted
                        && severity.is_none_or(|wanted| finding.severity == Some(wanted))
                })
                .map(|(finding, _, new)| (finding, new == Some(true)))
                .collect();
            // Worst first; report order within a severity.
            found.sort_by_key(|(finding, _)| std::cmp::Reverse(finding.severity));
            found
                .into_iter()
                .map(
                    |(finding, new)| {
                        if new { format!("NEW {}", finding_text(finding)) } else { finding_text(finding) }
                    },
                )
                .collect()
        }
        FactKind::ScanProblems => scan_problems(metrics)
            .map(|problem| match &problem.path {
                Some(path) => one_line(&format!("{}: {path}: {}", problem.tool, problem.message)),
                None => one_line(&format!("{}: {}", problem.tool, problem.message)),
            })
            .collect(),
        FactKind::LowestCovered => lowest_covered(metrics, usize::MAX)
            .into_iter()
            .map(|(path, percent, totals)| {
                let branches = if totals.branches_valid > 0 {
                    format!(", {} of {} branches", totals.branches_covered, totals.branches_valid)
                } else {
                    String::new()
                };
                one_line(&format!(
                    "{path}: {} ({} of {} lines{branches})",
                    super::value_text(Unit::Percent, percent),
                    totals.lines_covered,
                    totals.lines_valid
                ))
            })
            .collect(),
        FactKind::UncoveredChanges => uncovered_changes(metrics)
            .map(|(path, ranges)| one_line(&format!("not covered: {path}: lines {}", ranges.join(", "))))
            .collect(),
        FactKind::SlowerBenchmarks(wanted) => evaluation
            .bench
            .iter()
            .flat_map(|bench| &bench.rows)
            .filter(|row| matches!(row.verdict, BenchVerdict::Regressed | BenchVerdict::Warn))
            .filter(|row| wanted.is_none_or(|wanted| row.verdict == wanted))
            .map(|row| {
                let [name, baseline, candidate, change, verdict, _] = super::bench_row_texts(row);
                one_line(&format!("{name}: {baseline} → {candidate} ({change}, {verdict})"))
            })
            .collect(),
        FactKind::Vulnerabilities(severity) => vulnerabilities(evaluation, metrics)
            .filter(|(_, vulnerability, disposition)| {
                *disposition == Disposition::Counted
                    && severity.is_none_or(|wanted| vulnerability.severity == wanted)
            })
            .map(|(package, vulnerability, _)| {
                let version = package.version.as_deref().unwrap_or("?");
                one_line(&format!(
                    "{} {version}: {} {} ({})",
                    package.name,
                    vulnerability.id,
                    vulnerability.severity.name(),
                    fix_text(vulnerability)
                ))
            })
            .collect(),
        FactKind::Unaudited => unaudited(metrics)
            .map(|(package, reason)| one_line(&format!("{}: {reason}", package.name)))
            .collect(),
        FactKind::Hotspots => hotspots(metrics)
            .iter()
            .map(|spot| {
                one_line(&format!(
                    "{}:{} {}: complexity {} (rank {})",
                    spot.path, spot.line, spot.name, spot.complexity, spot.rank
                ))
            })
            .collect(),
        FactKind::Outdated(major_only) => outdated(metrics)
            .filter(|package| !major_only || package.major_behind())
            .map(|package| one_line(&outdated_text(package)))
            .collect(),
        FactKind::MissingHeaders => {
            missing_headers(metrics).map(|path| one_line(&format!("no licence header: {path}"))).collect()
        }
    }
}

/// Outdated dependencies, in report order.
pub(crate) fn outdated(metrics: &Metrics) -> impl Iterator<Item = &OutdatedPackage> {
    metrics.outdated.iter().flat_map(|outdated| &outdated.packages)
}

/// `chalk 2.4.2 → 5.6.2 (major, npm)`; a package not installed shows what its range wants.
pub(crate) fn outdated_text(package: &OutdatedPackage) -> String {
    let current = match (&package.current, &package.wanted) {
        (Some(current), _) => current.clone(),
        (None, Some(wanted)) => format!("not installed, wants {wanted}"),
        (None, None) => "not installed".to_owned(),
    };
    let major = if package.major_behind() { "major, " } else { "" };
    format!("{} {current} → {} ({major}{})", package.name, package.latest, package.tool)
}

/// Changed files whose first lines lack the policy's licence header, in diff order.
pub(crate) fn missing_headers(metrics: &Metrics) -> impl Iterator<Item = &String> {
    metrics.license_headers.iter().flat_map(|check| check.iter()).flat_map(|check| &check.missing)
}

/// Changed files with changed lines that did not run, with those lines as ranges.
pub(crate) fn uncovered_changes(metrics: &Metrics) -> impl Iterator<Item = (&str, Vec<String>)> {
    metrics
        .patch
        .iter()
        .flat_map(|patch| &patch.files)
        .filter(|file| !file.uncovered_lines.is_empty())
        .map(|file| (file.path.as_str(), super::ranges(&file.uncovered_ranges())))
}

fn finding_text(finding: &Finding) -> String {
    let severity = finding.severity.map(|level| format!("{level:?} ").to_uppercase()).unwrap_or_default();
    let place = match &finding.location {
        Some(location) => match location.line {
            Some(line) => format!("{}:{line} ", location.path),
            None => format!("{} ", location.path),
        },
        None => String::new(),
    };
    one_line(&format!("{severity}{} {place}{}", finding.rule, finding.message))
}

/// Text from a report kept on one line and free of control characters (terminal escapes).
fn one_line(raw: &str) -> String {
    raw.chars().map(|character| if character.is_control() { ' ' } else { character }).collect()
}
/// The failed and errored tests a quarantine in force covers, each with that quarantine.
pub(crate) fn quarantined_tests<'a>(
    evaluation: &'a Evaluation,
    metrics: &'a Metrics,
) -> impl Iterator<Item = (&'a TestCase, &'a Quarantine)> {
    metrics
        .tests
        .iter()
        .flat_map(|run| &run.cases)
        .zip(&evaluation.triage.quarantined)
        .filter_map(|(case, quarantined)| Some((case, evaluation.quarantines.get((*quarantined)?)?)))
}

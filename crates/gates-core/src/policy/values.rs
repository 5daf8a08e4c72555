//! Metric values: every figure of the catalogue computed from the merged reports, counting
//! what the triage counts.

use crate::compare::{Baseline, BenchComparison, IntermittentTest};
use crate::model::{
    AuditStatus, Category, CoverageTotals, Family, FileSize, Level, LintLevel, Metric, Metrics, TestCounts,
    Unavailable, VulnerabilitySeverity, Wanted,
};
use crate::policy::{LicenseVerdict, Triage};

impl Metrics {
    /// The value of `metric` counting every finding and vulnerability, or why there is none.
    pub fn value(&self, metric: Metric) -> Result<f64, Unavailable> {
        self.value_triaged(metric, &Triage::count_all(self))
    }

    /// The value of `metric` counting only what `triage` says counts (waivers, confidence floor).
    pub fn value_triaged(&self, metric: Metric, triage: &Triage) -> Result<f64, Unavailable> {
        match metric.family() {
            Family::Coverage => self.coverage_value(metric),
            Family::Tests => self.tests_value(metric, triage),
            Family::Security | Family::Lint | Family::Types => self.findings_value(metric, triage),
            Family::Dependencies => self.dependencies_value(metric, triage),
            Family::Complexity => self.complexity_value(metric),
            Family::Patch => self.patch_value(metric),
            Family::Baseline => self.baseline_value(metric, triage, None),
            Family::Bench => bench_value(metric, None),
            Family::PullRequest => self.pull_request_value(metric),
            Family::Licenses => self.licenses_value(metric, triage),
            Family::Secrets => self.findings_value(metric, triage),
            Family::Diff => self.license_header_value(),
            Family::Outdated => {
                let outdated = self.outdated.as_ref().ok_or(Unavailable::NoReport(Family::Outdated))?;
                Ok(match metric {
                    Metric::DepsOutdatedMajor => outdated.major_behind(),
                    _ => outdated.packages.len(),
                } as f64)
            }
            Family::History => intermittent_value(None),
        }
    }

    /// Every metric that has a value, in catalogue order.
    pub fn values(&self) -> Vec<(Metric, f64)> {
        self.values_triaged(&Triage::count_all(self))
    }

    /// Every metric that has a value under `triage`, in catalogue order.
    pub fn values_triaged(&self, triage: &Triage) -> Vec<(Metric, f64)> {
        self.all_values(triage, None, None, None)
            .into_iter()
            .filter_map(|(metric, value)| value.ok().map(|value| (metric, value)))
            .collect()
    }

    /// Every metric with its value or why there is none, each computed once: the coverage
    /// totals, a pass over every line of every file, are summed a single time. Metrics that
    /// compare with a baseline need `baseline`; benchmark metrics need the comparison `bench`;
    /// `tests.intermittent` needs the `intermittent` tests found in a history.
    pub fn all_values(
        &self,
        triage: &Triage,
        baseline: Option<&Baseline>,
        bench: Option<&BenchComparison>,
        intermittent: Option<&[IntermittentTest]>,
    ) -> Vec<(Metric, Result<f64, Unavailable>)> {
        let coverage = self.coverage.as_ref().map(|coverage| (coverage.totals(), coverage.branches_measured));
        let tests = self.tests.as_ref().map(|run| (triage.test_counts(run), run.duration_s));
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
                    (Family::History, _) => intermittent_value(intermittent),
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

    fn tests_value(&self, metric: Metric, triage: &Triage) -> Result<f64, Unavailable> {
        let run = self.tests.as_ref().ok_or(Unavailable::NoReport(Family::Tests))?;
        tests_metric(metric, &triage.test_counts(run), run.duration_s)
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
        let lint_level = match metric {
            Metric::LintErrors => Some(LintLevel::Error),
            Metric::LintWarnings => Some(LintLevel::Warning),
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
                    && (lint_level.is_none() || finding.lint_level == lint_level)
            })
            .count();
        Ok(count as f64)
    }

    fn dependencies_value(&self, metric: Metric, triage: &Triage) -> Result<f64, Unavailable> {
        let audit = self.dependencies.as_ref().ok_or(Unavailable::NoReport(Family::Dependencies))?;
        let wanted_severity = match metric {
            Metric::SecurityVulnerabilitiesCritical => Some(VulnerabilitySeverity::Critical),
            Metric::SecurityVulnerabilitiesHigh => Some(VulnerabilitySeverity::High),
            Metric::SecurityVulnerabilitiesMedium => Some(VulnerabilitySeverity::Medium),
            Metric::SecurityVulnerabilitiesLow => Some(VulnerabilitySeverity::Low),
            Metric::SecurityVulnerabilitiesUnknown => Some(VulnerabilitySeverity::Unknown),
            _ => None,
        };
        let (mut vulnerabilities, mut vulnerable, mut unaudited) = (0u64, 0u64, 0u64);
        for (package_at, package) in audit.packages.iter().enumerate() {
            match &package.status {
                AuditStatus::Skipped { .. } => unaudited += 1,
                AuditStatus::Audited { vulnerabilities: found } => {
                    let counted = found
                        .iter()
                        .enumerate()
                        .filter(|(at, vulnerability)| {
                            triage.vulnerability_counts(package_at, *at)
                                && wanted_severity.is_none_or(|wanted| vulnerability.severity == wanted)
                        })
                        .count();
                    vulnerabilities += counted as u64;
                    vulnerable += u64::from(counted > 0);
                }
            }
        }
        Ok(match metric {
            Metric::SecurityVulnerablePackages => vulnerable,
            Metric::SecurityUnauditedPackages => unaudited,
            _ => vulnerabilities,
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
        let (new, known) = baseline.split_findings(self, |at| triage.finding_counts(at), Category::Security);
        Ok(if metric == Metric::SecurityNewFindings { new } else { known } as f64)
    }

    fn pull_request_value(&self, metric: Metric) -> Result<f64, Unavailable> {
        let facts = self.pull_request.as_ref().ok_or(Unavailable::NoReport(Family::PullRequest))?;
        let no_size = || Unavailable::NotGiven(Wanted::ChangeSize);
        let from_api = |known: &Option<Result<u64, String>>| match known {
            Some(Ok(count)) => Ok(*count as f64),
            Some(Err(why)) => Err(Unavailable::Missing(why.clone())),
            None => Err(Unavailable::NotGiven(Wanted::ApiAccess)),
        };
        match metric {
            Metric::PrTitleConventional => facts
                .title
                .as_ref()
                .map(|title| if title.problem.is_none() { 1.0 } else { 0.0 })
                .ok_or(Unavailable::NotGiven(Wanted::PullRequestTitle)),
            Metric::PrChangedLines => facts.size.map(|size| size.lines as f64).ok_or_else(no_size),
            Metric::PrChangedFiles => facts.size.map(|size| size.files as f64).ok_or_else(no_size),
            Metric::PrDescriptionChars | Metric::PrReferencesIssue => {
                let description =
                    facts.description.ok_or(Unavailable::NotGiven(Wanted::PullRequestDescription))?;
                Ok(match metric {
                    Metric::PrDescriptionChars => description.chars as f64,
                    _ => f64::from(u8::from(description.references_issue)),
                })
            }
            Metric::PrApprovals => from_api(&facts.approvals),
            Metric::PrUnresolvedThreads => from_api(&facts.unresolved_threads),
            _ => from_api(&facts.mergeable.clone().map(|known| known.map(u64::from))),
        }
    }

    fn license_header_value(&self) -> Result<f64, Unavailable> {
        match self.license_headers.as_ref().ok_or(Unavailable::NoReport(Family::Diff))? {
            Ok(check) => Ok(check.missing.len() as f64),
            Err(why) => Err(Unavailable::Missing(why.clone())),
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
        let sum = |count: fn(&FileSize) -> u64| complexity.sizes.iter().map(count).sum::<u64>();
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

/// `tests.intermittent`: how many tests the history found intermittent.
fn intermittent_value(intermittent: Option<&[IntermittentTest]>) -> Result<f64, Unavailable> {
    intermittent.map(|tests| tests.len() as f64).ok_or(Unavailable::NoReport(Family::History))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::baseline_tests::metrics_with;
    use crate::{EvaluateOptions, Policy, evaluate};

    fn snapshot(metrics: &Metrics) -> Baseline {
        Baseline::of(metrics, &metrics.values())
    }

    #[test]
    fn moved_findings_are_known_and_extra_copies_are_new() {
        let baseline = snapshot(&metrics_with(&[("B602", "a.py", 3), ("B101", "b.py", 9)]));
        let now = metrics_with(&[
            ("B602", "a.py", 40),
            ("B602", "a.py", 41),
            ("B101", "b.py", 9),
            ("B307", "c.py", 1),
        ]);
        let triage = Triage::count_all(&now);
        assert_eq!(baseline.split_findings(&now, |at| triage.finding_counts(at), Category::Security), (2, 2));
        let policy =
            Policy::from_toml_str("[[gate]]\nmetric = \"security.new_findings\"\nmax = 0\n").unwrap();
        let evaluation = evaluate(&policy, &now, &EvaluateOptions::default().with_baseline(baseline));
        assert_eq!(evaluation.outcomes[0].actual, Ok(2.0));
        assert!(evaluation.metrics.contains(&(Metric::SecurityKnownFindings, 2.0)));
    }

    #[test]
    fn change_gates_compare_with_the_baseline() {
        let mut before = Metrics::new();
        before.findings = metrics_with(&[("B1", "a.py", 1)]).findings;
        let baseline = snapshot(&before);
        let now = metrics_with(&[("B1", "a.py", 1), ("B2", "a.py", 2)]);
        let policy =
            Policy::from_toml_str("[[gate]]\nmetric = \"security.scan_errors\"\nmax-increase = 0\n").unwrap();
        let with = evaluate(&policy, &now, &EvaluateOptions::default().with_baseline(baseline));
        assert_eq!(
            (with.outcomes[0].actual.clone(), with.outcomes[0].status),
            (Ok(0.0), crate::Status::Pass)
        );
        let without = evaluate(&policy, &now, &EvaluateOptions::default());
        assert_eq!(without.outcomes[0].status, crate::Status::Skipped);
        assert!(without.outcomes[0].reason().unwrap().contains("`Check::baseline`"));
    }

    #[test]
    fn absent_report_is_not_zero() {
        let metrics = Metrics::new();
        assert_eq!(metrics.value(Metric::TestsFailed), Err(Unavailable::NoReport(Family::Tests)));
    }
}

//! Which findings and vulnerabilities count: waivers and the confidence floor take some out,
//! and the ones taken out are kept, with the reason, for the reports.

use serde::Serialize;

use super::{Date, Globs, Quarantine};
use super::{LicenseRules, LicenseVerdict};
use crate::model::{
    AuditStatus, Finding, Level, Licenses, Metrics, TestCounts, TestRun, TestStatus, Vulnerability,
};

/// A policy waiver: a finding or vulnerability that is accepted for a reason, maybe until a date.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Waiver {
    /// The rule or advisory id it waives (bandit test id, ruff/mypy code, SARIF rule id,
    /// vulnerability id or alias); compared without regard to case.
    pub id: String,
    /// Only findings in files matching this glob, when given.
    pub path: Option<String>,
    matcher: Option<Globs>,
    /// Why it is accepted.
    pub reason: String,
    /// The last day it applies.
    pub expires: Option<Date>,
}

impl PartialEq for Waiver {
    fn eq(&self, other: &Self) -> bool {
        (&self.id, &self.path, &self.reason, self.expires)
            == (&other.id, &other.path, &other.reason, other.expires)
    }
}

impl Waiver {
    /// A waiver; `path` is a glob with the rule of [`Globs`] (`src/legacy/**`).
    pub fn new(
        id: String,
        path: Option<String>,
        reason: String,
        expires: Option<Date>,
    ) -> Result<Waiver, globset::Error> {
        let matcher = match &path {
            Some(glob) => Some(Globs::new(vec![glob.clone()])?),
            None => None,
        };
        Ok(Waiver { id, path, matcher, reason, expires })
    }

    /// Whether the waiver has expired on `today`.
    pub fn expired(&self, today: Option<Date>) -> bool {
        matches!((self.expires, today), (Some(expires), Some(today)) if today > expires)
    }

    fn covers_finding(&self, finding: &Finding) -> bool {
        if !finding.rule.eq_ignore_ascii_case(&self.id) {
            return false;
        }
        match (&self.matcher, &finding.location) {
            (None, _) => true,
            (Some(matcher), Some(location)) => matcher.is_match(&location.path),
            (Some(_), None) => false,
        }
    }

    fn covers_vulnerability(&self, vulnerability: &Vulnerability) -> bool {
        self.matcher.is_none() && vulnerability.is_known_as(&self.id)
    }
}

fn license_verdicts(metrics: &Metrics, rules: &LicenseRules) -> Vec<LicenseVerdict> {
    metrics
        .licenses
        .iter()
        .flat_map(|licenses| &licenses.packages)
        .map(|package| rules.verdict(package))
        .collect()
}

/// The waivers in force that cover nothing, when there was something they could cover.
fn unmatched_waivers(metrics: &Metrics, waivers: &[Waiver], today: Option<Date>) -> Vec<usize> {
    if metrics.findings.is_none() && metrics.dependencies.is_none() {
        return Vec::new();
    }
    let findings = || metrics.findings.iter().flat_map(|findings| &findings.items);
    let vulnerabilities = || {
        metrics.dependencies.iter().flat_map(|audit| &audit.packages).flat_map(|package| {
            match &package.status {
                AuditStatus::Audited { vulnerabilities } => vulnerabilities.as_slice(),
                AuditStatus::Skipped { .. } => &[],
            }
        })
    };
    waivers
        .iter()
        .enumerate()
        .filter(|(_, waiver)| {
            !waiver.expired(today)
                && !findings().any(|finding| waiver.covers_finding(finding))
                && !vulnerabilities().any(|vulnerability| waiver.covers_vulnerability(vulnerability))
        })
        .map(|(at, _)| at)
        .collect()
}

/// Whether a finding or vulnerability counts toward the metrics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "disposition", rename_all = "snake_case")]
pub enum Disposition {
    /// It counts.
    Counted,
    /// A waiver (by its index in the policy) accepts it.
    Waived {
        /// Index into the policy's waivers.
        waiver: usize,
    },
    /// Its confidence is under the policy's floor.
    BelowConfidence,
}

/// The disposition of every finding and vulnerability of a [`Metrics`].
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct Triage {
    /// One per finding, in the order of `Metrics::findings`.
    pub findings: Vec<Disposition>,
    /// One list per audited package, one entry per vulnerability, in the order of `Metrics::dependencies`.
    pub vulnerabilities: Vec<Vec<Disposition>>,
    /// One per package of `Metrics::licenses`, under the policy's `[licenses]` rules.
    pub licenses: Vec<LicenseVerdict>,
    /// Indexes of the waivers in force that cover no finding or vulnerability of these reports
    /// (a mistyped id or path), when findings or an audit were given.
    pub unmatched_waivers: Vec<usize>,
    /// For each test listed in `Metrics::tests` (in order), the quarantine in force (by its index
    /// in the policy) that covers it, when it failed or errored and one does.
    pub quarantined: Vec<Option<usize>>,
}

impl Triage {
    /// Everything counts.
    pub fn count_all(metrics: &Metrics) -> Triage {
        Triage::new(metrics, &[], None, None)
    }

    /// Applies the waivers in force on `today` and the confidence floor.
    pub fn new(
        metrics: &Metrics,
        waivers: &[Waiver],
        min_confidence: Option<Level>,
        today: Option<Date>,
    ) -> Triage {
        let first_waiver = |covers: &dyn Fn(&Waiver) -> bool| {
            waivers
                .iter()
                .enumerate()
                .find(|(_, waiver)| !waiver.expired(today) && covers(waiver))
                .map(|(at, _)| Disposition::Waived { waiver: at })
        };
        let findings = metrics
            .findings
            .iter()
            .flat_map(|findings| &findings.items)
            .map(|finding| {
                if let Some(waived) = first_waiver(&|waiver| waiver.covers_finding(finding)) {
                    waived
                } else if min_confidence
                    .is_some_and(|floor| finding.confidence.is_some_and(|level| level < floor))
                {
                    Disposition::BelowConfidence
                } else {
                    Disposition::Counted
                }
            })
            .collect();
        let vulnerabilities = metrics
            .dependencies
            .iter()
            .flat_map(|audit| &audit.packages)
            .map(|package| match &package.status {
                AuditStatus::Skipped { .. } => Vec::new(),
                AuditStatus::Audited { vulnerabilities } => vulnerabilities
                    .iter()
                    .map(|vulnerability| {
                        first_waiver(&|waiver| waiver.covers_vulnerability(vulnerability))
                            .unwrap_or(Disposition::Counted)
                    })
                    .collect(),
            })
            .collect();
        let licenses = license_verdicts(metrics, &LicenseRules::default());
        let unmatched_waivers = unmatched_waivers(metrics, waivers, today);
        Triage { findings, vulnerabilities, licenses, unmatched_waivers, quarantined: Vec::new() }
    }

    /// The same triage with the licences judged by `rules`.
    pub fn with_license_rules(self, metrics: &Metrics, rules: &LicenseRules) -> Triage {
        Triage { licenses: license_verdicts(metrics, rules), ..self }
    }

    /// The same triage with failed tests covered by a quarantine in force on `today` not counted.
    pub fn with_quarantines(
        self,
        metrics: &Metrics,
        quarantines: &[Quarantine],
        today: Option<Date>,
    ) -> Triage {
        let quarantined = metrics
            .tests
            .iter()
            .flat_map(|run| &run.cases)
            .map(|case| {
                let failed = matches!(case.status, TestStatus::Failed(_) | TestStatus::Errored(_));
                quarantines
                    .iter()
                    .position(|quarantine| !quarantine.expired(today) && quarantine.covers(case))
                    .filter(|_| failed)
            })
            .collect();
        Triage { quarantined, ..self }
    }

    /// The counts of `run` (the tests of the triaged metrics) without quarantined failures and errors.
    pub fn test_counts(&self, run: &TestRun) -> TestCounts {
        let mut counts = run.counts();
        for (case, quarantined) in run.cases.iter().zip(&self.quarantined) {
            match (&case.status, quarantined) {
                (TestStatus::Failed(_), Some(_)) => counts.failed = counts.failed.saturating_sub(1),
                (TestStatus::Errored(_), Some(_)) => counts.errors = counts.errors.saturating_sub(1),
                _ => {}
            }
        }
        counts
    }

    /// The verdict on every package of `licenses` (packages the triage does not know are judged
    /// with no allow or deny list).
    pub fn license_verdicts(&self, licenses: &Licenses) -> Vec<LicenseVerdict> {
        licenses
            .packages
            .iter()
            .enumerate()
            .map(|(at, package)| {
                self.licenses.get(at).copied().unwrap_or_else(|| LicenseRules::default().verdict(package))
            })
            .collect()
    }

    /// Whether finding `at` counts (findings the triage does not know count).
    pub fn finding_counts(&self, at: usize) -> bool {
        self.findings.get(at).is_none_or(|disposition| *disposition == Disposition::Counted)
    }

    /// Whether vulnerability `at` of package `package` counts.
    pub fn vulnerability_counts(&self, package: usize, at: usize) -> bool {
        self.vulnerabilities
            .get(package)
            .and_then(|found| found.get(at))
            .is_none_or(|disposition| *disposition == Disposition::Counted)
    }
}

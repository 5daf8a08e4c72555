//! Which findings and vulnerabilities count: waivers and the confidence floor take some out,
//! and the ones taken out are kept, with the reason, for the reports.

use globset::{Glob, GlobMatcher};
use serde::Serialize;

use super::Date;
use crate::model::{AuditStatus, Finding, Level, Metrics, Vulnerability};

/// A policy waiver: a finding or vulnerability that is accepted for a reason, maybe until a date.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Waiver {
    /// The rule or advisory id it waives (bandit test id, ruff/mypy code, SARIF rule id,
    /// vulnerability id or alias); compared without regard to case.
    pub id: String,
    /// Only findings in files matching this glob, when given.
    pub path: Option<String>,
    matcher: Option<GlobMatcher>,
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
    /// A waiver; `path` is a gitignore-style glob (`src/legacy/**`).
    pub fn new(
        id: String,
        path: Option<String>,
        reason: String,
        expires: Option<Date>,
    ) -> Result<Waiver, globset::Error> {
        let matcher = match &path {
            Some(glob) => Some(Glob::new(glob)?.compile_matcher()),
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
            (Some(matcher), Some(location)) => matcher.is_match(normalize_path(&location.path)),
            (Some(_), None) => false,
        }
    }

    fn covers_vulnerability(&self, vulnerability: &Vulnerability) -> bool {
        self.matcher.is_none() && vulnerability.is_known_as(&self.id)
    }
}

/// `./src\\a.py` → `src/a.py`, so globs written with forward slashes match every producer's paths.
fn normalize_path(path: &str) -> String {
    let path = path.replace('\\', "/");
    path.strip_prefix("./").unwrap_or(&path).to_owned()
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
        Triage { findings, vulnerabilities }
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

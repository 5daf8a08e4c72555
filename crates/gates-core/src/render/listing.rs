//! What the outputs list besides the gates: findings with their disposition, vulnerable and
//! unaudited packages, complexity hot spots. Shared so every output lists the same things.

use serde::Serialize;

use crate::model::{
    AuditStatus, AuditedPackage, CoverageTotals, Finding, Metrics, ScanProblem, Vulnerability,
    complexity_rank,
};
use crate::policy::{Disposition, Evaluation};

/// Blocks of this rank or worse are hot spots.
const HOTSPOT_RANK: char = 'C';
/// Hot spots listed at most, worst first.
const HOTSPOTS_LISTED: usize = 50;

/// Every finding with its disposition, in report order.
pub(crate) fn findings<'a>(
    evaluation: &'a Evaluation,
    metrics: &'a Metrics,
) -> impl Iterator<Item = (&'a Finding, Disposition)> + 'a {
    metrics.findings.iter().flat_map(|findings| &findings.items).enumerate().map(|(at, finding)| {
        (finding, evaluation.triage.findings.get(at).copied().unwrap_or(Disposition::Counted))
    })
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

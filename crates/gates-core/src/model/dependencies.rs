//! Dependency audits: which installed packages have known vulnerabilities.

use serde::{Deserialize, Serialize};

/// A package name as package names compare: without regard to case, surrounding white space,
/// `-`, `_` and `.` (PEP 503, which also fits crates): `Typing_Extensions` → `typing-extensions`.
pub fn package_name_key(name: &str) -> String {
    name.trim().to_ascii_lowercase().replace(['_', '.'], "-")
}

/// The packages an auditor looked at (pip-audit, Safety, npm audit, cargo-audit, …).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DependencyAudit {
    /// Every package the report names, audited or not.
    pub packages: Vec<AuditedPackage>,
}

/// One package and what the audit found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AuditedPackage {
    /// The package name as the report writes it.
    pub name: String,
    /// The installed version, where given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Audited (with its vulnerabilities), or skipped with the reason.
    pub status: AuditStatus,
}

/// Whether a package was audited.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
#[non_exhaustive]
pub enum AuditStatus {
    /// Looked up; the known vulnerabilities of the installed version (possibly none).
    Audited {
        /// Known vulnerabilities.
        vulnerabilities: Vec<Vulnerability>,
    },
    /// Not looked up, so not known to be safe.
    Skipped {
        /// The auditor's reason.
        reason: String,
    },
}

/// How severe a vulnerability is: its advisory's own label, or the band of its CVSS base score
/// (each reader says which in its notes and the README's "How reports are counted").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum VulnerabilitySeverity {
    /// Critical; CVSS 9.0–10.0.
    Critical,
    /// High; CVSS 7.0–8.9.
    High,
    /// Medium (npm's `moderate`); CVSS 4.0–6.9.
    Medium,
    /// Low (npm's `info`); CVSS 0.0–3.9, CVSS's "none" included, since the advisory still names
    /// a vulnerability.
    Low,
    /// The report gives no severity (pip-audit, Safety) or only one of an unknown scale.
    Unknown,
}

impl VulnerabilitySeverity {
    /// Every severity, worst first, `unknown` last.
    pub const ALL: [VulnerabilitySeverity; 5] = [
        VulnerabilitySeverity::Critical,
        VulnerabilitySeverity::High,
        VulnerabilitySeverity::Medium,
        VulnerabilitySeverity::Low,
        VulnerabilitySeverity::Unknown,
    ];

    /// Reads an advisory's label without regard to case: `critical`, `high`, `medium` or
    /// `moderate`, `low`, `info` (npm's lowest, as low), `unknown`; any other is not one.
    pub fn from_name(name: &str) -> Option<VulnerabilitySeverity> {
        Some(match name.trim().to_ascii_lowercase().as_str() {
            "critical" => VulnerabilitySeverity::Critical,
            "high" => VulnerabilitySeverity::High,
            "medium" | "moderate" => VulnerabilitySeverity::Medium,
            "low" | "info" => VulnerabilitySeverity::Low,
            "unknown" => VulnerabilitySeverity::Unknown,
            _ => return None,
        })
    }

    /// The band of a CVSS v3 base score (0.0–10.0): 9.0 and up critical, 7.0 high, 4.0 medium,
    /// below low; a score outside the scale is unknown.
    pub fn from_cvss_score(score: f64) -> VulnerabilitySeverity {
        match score {
            score if (9.0..=10.0).contains(&score) => VulnerabilitySeverity::Critical,
            score if (7.0..9.0).contains(&score) => VulnerabilitySeverity::High,
            score if (4.0..7.0).contains(&score) => VulnerabilitySeverity::Medium,
            score if (0.0..4.0).contains(&score) => VulnerabilitySeverity::Low,
            _ => VulnerabilitySeverity::Unknown,
        }
    }

    /// The lowercase name, as policies, outputs and the README write it.
    pub fn name(self) -> &'static str {
        match self {
            VulnerabilitySeverity::Critical => "critical",
            VulnerabilitySeverity::High => "high",
            VulnerabilitySeverity::Medium => "medium",
            VulnerabilitySeverity::Low => "low",
            VulnerabilitySeverity::Unknown => "unknown",
        }
    }
}

/// A known vulnerability of a package version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct Vulnerability {
    /// The advisory id (PYSEC-…, GHSA-…, RUSTSEC-…, CVE-…, a Safety id).
    pub id: String,
    /// Other ids of the same advisory (CVE-…, GHSA-…).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// How severe it is.
    pub severity: VulnerabilitySeverity,
    /// Whether a fixed version exists: one of `fix_versions`, or one the auditor says it can
    /// install without naming it (npm's `fixAvailable`).
    pub fix_available: bool,
    /// Versions (or version ranges) that fix it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fix_versions: Vec<String>,
    /// The advisory text, where given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

impl Vulnerability {
    /// A vulnerability with its id, of unknown severity and no known fix; the rest start empty.
    pub fn new(id: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            aliases: Vec::new(),
            severity: VulnerabilitySeverity::Unknown,
            fix_available: false,
            fix_versions: Vec::new(),
            description: None,
        }
    }

    /// Sets the versions that fix it (empty ones dropped) and, when there is one, that a fix
    /// is available.
    pub fn set_fix_versions(&mut self, versions: impl IntoIterator<Item = String>) {
        self.fix_versions = versions.into_iter().filter(|version| !version.trim().is_empty()).collect();
        self.fix_available |= !self.fix_versions.is_empty();
    }

    /// Whether `name` is this vulnerability's id or one of its aliases (case-insensitive).
    pub fn is_known_as(&self, name: &str) -> bool {
        self.id.eq_ignore_ascii_case(name)
            || self.aliases.iter().any(|alias| alias.eq_ignore_ascii_case(name))
    }
}

impl AuditedPackage {
    /// A package that was audited.
    pub fn audited(
        name: impl Into<String>,
        version: Option<String>,
        vulnerabilities: Vec<Vulnerability>,
    ) -> Self {
        Self { name: name.into(), version, status: AuditStatus::Audited { vulnerabilities } }
    }

    /// A package the auditor skipped.
    pub fn skipped(name: impl Into<String>, version: Option<String>, reason: impl Into<String>) -> Self {
        Self { name: name.into(), version, status: AuditStatus::Skipped { reason: reason.into() } }
    }
}

impl DependencyAudit {
    /// Adds another audit's packages.
    pub fn merge(&mut self, other: DependencyAudit) {
        self.packages.extend(other.packages);
    }
}

//! Dependency audits: which installed packages have known vulnerabilities.

use serde::{Deserialize, Serialize};

/// A package name as package names compare: without regard to case, surrounding white space,
/// `-`, `_` and `.` (PEP 503, which also fits crates): `Typing_Extensions` → `typing-extensions`.
pub fn package_name_key(name: &str) -> String {
    name.trim().to_ascii_lowercase().replace(['_', '.'], "-")
}

/// The packages an auditor looked at (pip-audit, Safety).
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

/// A known vulnerability of a package version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct Vulnerability {
    /// The advisory id (PYSEC-…, GHSA-…, a Safety id).
    pub id: String,
    /// Other ids of the same advisory (CVE-…, GHSA-…).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Versions that fix it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fix_versions: Vec<String>,
    /// The advisory text, where given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

impl Vulnerability {
    /// A vulnerability with its id; the rest start empty.
    pub fn new(id: impl Into<String>) -> Self {
        Self { id: id.into(), aliases: Vec::new(), fix_versions: Vec::new(), description: None }
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

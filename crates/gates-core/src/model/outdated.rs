//! Dependency freshness: installed packages that have a newer release.

use serde::Serialize;

/// The packages an outdated-dependency list named (pip list --outdated, npm outdated).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Outdated {
    /// Every package listed, in report order.
    pub packages: Vec<OutdatedPackage>,
}

/// A package with a newer release than the one installed.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct OutdatedPackage {
    /// The package name as the report writes it.
    pub name: String,
    /// The version installed; absent when the package is declared but not installed (npm).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current: Option<String>,
    /// The newest version the declared range allows, where the tool says (npm's `wanted`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wanted: Option<String>,
    /// The newest release.
    pub latest: String,
    /// The tool that listed it (`pip`, `npm`).
    pub tool: String,
}

impl OutdatedPackage {
    /// A package `current` → `latest`, as `tool` listed it.
    pub fn new(
        name: impl Into<String>,
        current: Option<String>,
        latest: impl Into<String>,
        tool: impl Into<String>,
    ) -> Self {
        Self { name: name.into(), current, wanted: None, latest: latest.into(), tool: tool.into() }
    }

    /// Whether the latest release is a major version ahead of the installed one (of `wanted`
    /// when none is installed): the first number differs, or for `0.x` versions the second, as
    /// semver's caret ranges read them. A version whose numbers cannot be read is not known to be
    /// a minor step, so it counts as major.
    pub fn major_behind(&self) -> bool {
        let Some(from) = self.current.as_deref().or(self.wanted.as_deref()) else { return true };
        match (major_part(from), major_part(&self.latest)) {
            (Some(from), Some(latest)) => from != latest,
            _ => true,
        }
    }
}

/// `(major, minor)` for `0.x` versions, `(major, 0)` otherwise; `None` when the version does not
/// start with a number (after an optional `v`).
fn major_part(version: &str) -> Option<(u64, u64)> {
    let mut numbers = version.trim().trim_start_matches(['v', 'V']).split(['.', '-', '+']).map(|part| {
        let digits: String = part.chars().take_while(char::is_ascii_digit).collect();
        digits.parse::<u64>().ok()
    });
    let major = numbers.next().flatten()?;
    if major > 0 {
        return Some((major, 0));
    }
    Some((0, numbers.next().flatten().unwrap_or(0)))
}

impl Outdated {
    /// Adds another report's packages.
    pub fn merge(&mut self, other: Outdated) {
        self.packages.extend(other.packages);
    }

    /// Packages a major version behind.
    pub fn major_behind(&self) -> usize {
        self.packages.iter().filter(|package| package.major_behind()).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_major_step_is_the_first_number_or_the_second_below_1() {
        let step = |current: &str, latest: &str| {
            OutdatedPackage::new("p", Some(current.to_owned()), latest, "pip").major_behind()
        };
        assert!(step("1.26.5", "2.8.0"));
        assert!(!step("2.25.0", "2.34.2"));
        assert!(step("2020.12.5", "2026.10.19.post1"));
        assert!(step("0.3.1", "0.4.0"));
        assert!(!step("0.3.1", "0.3.9"));
        assert!(!step("v4.1.1", "4.4.3"));
        assert!(step("main", "1.0.0"));
        let mut missing = OutdatedPackage::new("semver", None, "7.8.6", "npm");
        missing.wanted = Some("5.7.3".to_owned());
        assert!(missing.major_behind());
    }
}

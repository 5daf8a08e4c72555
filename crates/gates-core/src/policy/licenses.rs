//! The `[licenses]` policy: which SPDX licences are acceptable, and each package's verdict.

use serde::Serialize;
use spdx::{Expression, LicenseReq, Licensee};

use crate::model::{PackageLicense, package_name_key};
use crate::parse::NO_GUESS;

/// How a package's licence fares under the policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LicenseVerdict {
    /// Its expression can be satisfied with acceptable licences.
    Allowed,
    /// Every way of satisfying its expression needs a licence the policy does not accept.
    Denied,
    /// Its licence has no SPDX reading, so it cannot be checked.
    Unknown,
    /// The policy's `ignore-packages` names it.
    Ignored,
}

/// The `[licenses]` policy: which SPDX licences are acceptable.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct LicenseRules {
    /// Only these are acceptable (when not empty).
    pub allow: Vec<Licensee>,
    /// These are never acceptable.
    pub deny: Vec<Licensee>,
    /// Packages not checked, by name (case, `-`, `_` and `.` do not matter).
    pub ignore_packages: Vec<String>,
}

impl LicenseRules {
    /// Rules from allow and deny lists (see [`licensee`]) and package names not to check.
    pub fn new(allow: Vec<Licensee>, deny: Vec<Licensee>, ignore_packages: Vec<String>) -> Self {
        Self { allow, deny, ignore_packages }
    }

    /// Whether the rules accept any licence (no allow or deny list).
    pub fn accept_all(&self) -> bool {
        self.allow.is_empty() && self.deny.is_empty()
    }

    /// The verdict on one package: an `OR` is satisfied by any acceptable branch, an `AND`
    /// needs every part acceptable.
    pub fn verdict(&self, package: &PackageLicense) -> LicenseVerdict {
        let name = package_name_key(&package.name);
        if self.ignore_packages.iter().any(|ignored| package_name_key(ignored) == name) {
            return LicenseVerdict::Ignored;
        }
        let Some(expression) =
            package.spdx.as_deref().and_then(|reading| Expression::parse_mode(reading, NO_GUESS).ok())
        else {
            return LicenseVerdict::Unknown;
        };
        if expression.evaluate(|requirement| self.accepts(requirement)) {
            LicenseVerdict::Allowed
        } else {
            LicenseVerdict::Denied
        }
    }

    fn accepts(&self, requirement: &LicenseReq) -> bool {
        (self.allow.is_empty() || self.allow.iter().any(|licensee| licensee.satisfies(requirement)))
            && !self.deny.iter().any(|licensee| licensee.satisfies(requirement))
    }
}

/// One SPDX licence id of an allow or deny list (`MIT`, `GPL-3.0-or-later`,
/// `Apache-2.0 WITH LLVM-exception`), or a message saying why it is not one.
pub fn licensee(id: &str) -> Result<Licensee, String> {
    Licensee::parse(id.trim()).map_err(|error| {
        format!("`{id}` is not an SPDX licence id such as MIT or Apache-2.0 ({})", error.reason)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::package_license;

    fn package(name: &str, written: &str) -> PackageLicense {
        package_license(name, None, Some(written.to_owned()), "test")
    }

    #[test]
    fn or_needs_one_acceptable_branch_and_needs_all() {
        let ids = |ids: &[&str]| ids.iter().map(|id| licensee(id).unwrap()).collect::<Vec<_>>();
        let rules = LicenseRules::new(ids(&["MIT", "Apache-2.0"]), vec![], vec![]);
        assert_eq!(rules.verdict(&package("a", "MIT OR GPL-3.0-only")), LicenseVerdict::Allowed);
        assert_eq!(rules.verdict(&package("b", "MIT AND GPL-3.0-only")), LicenseVerdict::Denied);
        assert_eq!(rules.verdict(&package("c", "BSD License")), LicenseVerdict::Unknown);
        let deny = LicenseRules::new(vec![], ids(&["GPL-3.0-only"]), vec!["Typing_Extensions".to_owned()]);
        assert_eq!(deny.verdict(&package("a", "MIT OR GPL-3.0-only")), LicenseVerdict::Allowed);
        assert_eq!(deny.verdict(&package("b", "GPL-3.0-only")), LicenseVerdict::Denied);
        assert_eq!(deny.verdict(&package("typing-extensions", "GPL-3.0-only")), LicenseVerdict::Ignored);
        assert_eq!(LicenseRules::default().verdict(&package("d", "GPL-3.0-only")), LicenseVerdict::Allowed);
    }

    #[test]
    fn invalid_ids_are_rejected() {
        let error = licensee("MIT License").unwrap_err();
        assert!(error.starts_with("`MIT License` is not an SPDX licence id"), "{error}");
        assert!(licensee("Apache2").is_err());
        assert!(licensee("GPL-2.0-or-later").is_ok());
    }
}

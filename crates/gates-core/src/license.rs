//! Licences as SPDX expressions: reading what tools write, and checking it against a policy.
//!
//! A licence as written is read, part by part, without ever guessing a version or variant:
//! 1. pip-licenses joins a package's trove classifiers with `; `: a package that lists several
//!    licences is offered under each, so the parts are joined with `OR`. A part that cannot be
//!    read is left out; when no part can be read the package has no reading (unknown).
//! 2. A trove classifier name (`MIT License`, `Mozilla Public License 2.0 (MPL 2.0)`) is looked up
//!    in the table below. Classifiers that name no version or variant (`BSD License`, `Apache
//!    Software License`, `GNU General Public License (GPL)`) are unknown, not a guess.
//! 3. Otherwise the text is read as an SPDX expression, accepting the old `/` for `OR`, `+` on
//!    GPL ids and deprecated ids (`GPL-2.0` → `GPL-2.0-only`), as crates.io does.
//! 4. Otherwise the spdx crate's imprecise names (`apache2`, `gplv3`) are used, but only for a
//!    whole-name match that states the version it maps to: `bsd` (BSD-2-Clause?) or `gpl`
//!    (GPL-2.0?) stay unknown.
//!
//! `UNKNOWN`, `Public Domain`, `Other/Proprietary License` and a cargo `license-file` have no
//! reading.

use serde::Serialize;
use spdx::{Expression, LicenseReq, Licensee, ParseMode};

use crate::model::PackageLicense;

/// crates.io's lax syntax without the spdx crate's guesses for imprecise names.
const NO_GUESS: ParseMode = ParseMode {
    allow_slash_as_or_operator: true,
    allow_imprecise_license_names: false,
    allow_postfix_plus_on_gpl: true,
    allow_deprecated: true,
    allow_unknown: false,
};

/// Trove classifiers (`License :: OSI Approved :: …`, last part) and their SPDX ids; `None` where
/// the classifier names no version or variant, or no SPDX licence.
const CLASSIFIERS: &[(&str, Option<&str>)] = &[
    ("MIT License", Some("MIT")),
    ("MIT No Attribution License (MIT-0)", Some("MIT-0")),
    ("ISC License (ISCL)", Some("ISC")),
    ("The Unlicense (Unlicense)", Some("Unlicense")),
    ("zlib/libpng License", Some("Zlib")),
    ("Boost Software License 1.0 (BSL-1.0)", Some("BSL-1.0")),
    ("Mozilla Public License 1.0 (MPL)", Some("MPL-1.0")),
    ("Mozilla Public License 1.1 (MPL 1.1)", Some("MPL-1.1")),
    ("Mozilla Public License 2.0 (MPL 2.0)", Some("MPL-2.0")),
    ("Eclipse Public License 1.0 (EPL-1.0)", Some("EPL-1.0")),
    ("Eclipse Public License 2.0 (EPL-2.0)", Some("EPL-2.0")),
    ("European Union Public Licence 1.1 (EUPL 1.1)", Some("EUPL-1.1")),
    ("European Union Public Licence 1.2 (EUPL 1.2)", Some("EUPL-1.2")),
    ("Universal Permissive License (UPL)", Some("UPL-1.0")),
    ("CC0 1.0 Universal (CC0 1.0) Public Domain Dedication", Some("CC0-1.0")),
    ("GNU General Public License v2 (GPLv2)", Some("GPL-2.0-only")),
    ("GNU General Public License v2 or later (GPLv2+)", Some("GPL-2.0-or-later")),
    ("GNU General Public License v3 (GPLv3)", Some("GPL-3.0-only")),
    ("GNU General Public License v3 or later (GPLv3+)", Some("GPL-3.0-or-later")),
    ("GNU Lesser General Public License v2 (LGPLv2)", Some("LGPL-2.0-only")),
    ("GNU Lesser General Public License v2 or later (LGPLv2+)", Some("LGPL-2.0-or-later")),
    ("GNU Lesser General Public License v3 (LGPLv3)", Some("LGPL-3.0-only")),
    ("GNU Lesser General Public License v3 or later (LGPLv3+)", Some("LGPL-3.0-or-later")),
    ("GNU Affero General Public License v3", Some("AGPL-3.0-only")),
    ("GNU Affero General Public License v3 or later (AGPLv3+)", Some("AGPL-3.0-or-later")),
    ("Apache Software License", None),
    ("BSD License", None),
    ("GNU General Public License (GPL)", None),
    ("GNU Library or Lesser General Public License (LGPL)", None),
    ("GNU Free Documentation License (FDL)", None),
    ("Python Software Foundation License", None),
    ("Academic Free License (AFL)", None),
    ("Artistic License", None),
    ("Eclipse Public License", None),
    ("Public Domain", None),
    ("Other/Proprietary License", None),
    ("UNKNOWN", None),
];

/// The SPDX expression a licence as written stands for, or `None` when it cannot be read
/// without guessing (see the module documentation).
pub fn spdx_reading(written: &str) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    for part in written.split(';').map(str::trim).filter(|part| !part.is_empty()) {
        if let Some(reading) = read_part(part).filter(|reading| !parts.contains(reading)) {
            parts.push(reading);
        }
    }
    match parts.as_slice() {
        [] => None,
        [single] => Some(single.clone()),
        several => Some(
            several
                .iter()
                .map(|part| if part.contains(' ') { format!("({part})") } else { part.clone() })
                .collect::<Vec<_>>()
                .join(" OR "),
        ),
    }
}

fn read_part(part: &str) -> Option<String> {
    let name = part.rsplit(" :: ").next().unwrap_or(part).trim();
    if let Some((_, id)) = CLASSIFIERS.iter().find(|(classifier, _)| classifier.eq_ignore_ascii_case(name)) {
        return id.map(str::to_owned);
    }
    if Expression::parse_mode(name, NO_GUESS).is_ok() {
        return match Expression::canonicalize(name) {
            Ok(Some(canonical)) => Some(canonical),
            _ => Some(name.to_owned()),
        };
    }
    let (id, matched) = spdx::imprecise_license_id(name)?;
    let version = id.name.chars().find(char::is_ascii_digit);
    if matched != name.len() || version.is_some_and(|digit| !name.contains(digit)) {
        return None;
    }
    Expression::canonicalize(id.name).ok().flatten().or_else(|| Some(id.name.to_owned()))
}

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
        let name = normalize_name(&package.name);
        if self.ignore_packages.iter().any(|ignored| normalize_name(ignored) == name) {
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

/// `typing_extensions`, `Typing-Extensions` → `typing-extensions` (PEP 503, which also fits crates).
fn normalize_name(name: &str) -> String {
    name.trim().to_ascii_lowercase().replace(['_', '.'], "-")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reading(written: &str) -> Option<String> {
        spdx_reading(written)
    }

    #[test]
    fn classifiers_with_a_version_are_read_and_versionless_ones_are_unknown() {
        assert_eq!(reading("Mozilla Public License 2.0 (MPL 2.0)").as_deref(), Some("MPL-2.0"));
        assert_eq!(reading("MIT License").as_deref(), Some("MIT"));
        assert_eq!(
            reading("License :: OSI Approved :: GNU General Public License v2 or later (GPLv2+)").as_deref(),
            Some("GPL-2.0-or-later")
        );
        assert_eq!(reading("BSD License"), None);
        assert_eq!(reading("Apache Software License"), None);
        assert_eq!(reading("UNKNOWN"), None);
        assert_eq!(reading(""), None);
    }

    #[test]
    fn spdx_expressions_in_lax_syntax_are_canonical() {
        assert_eq!(reading("MIT/Apache-2.0").as_deref(), Some("MIT OR Apache-2.0"));
        assert_eq!(reading("LGPL-2.1").as_deref(), Some("LGPL-2.1-only"));
        assert_eq!(reading("GPL-3.0+").as_deref(), Some("GPL-3.0-or-later"));
        assert_eq!(
            reading("(MIT OR Apache-2.0) AND Unicode-3.0").as_deref(),
            Some("(MIT OR Apache-2.0) AND Unicode-3.0")
        );
    }

    #[test]
    fn imprecise_names_only_when_they_state_the_version() {
        assert_eq!(reading("apache2").as_deref(), Some("Apache-2.0"));
        assert_eq!(reading("gplv3").as_deref(), Some("GPL-3.0-only"));
        assert_eq!(reading("mit").as_deref(), Some("MIT"));
        assert_eq!(reading("bsd"), None);
        assert_eq!(reading("gpl"), None);
        assert_eq!(reading("apache"), None);
        // The spdx crate maps "gnu gpl v2" to GPL-3.0: the stated version must match.
        assert_eq!(reading("gnu gpl v2"), None);
        assert_eq!(reading("BSD style"), None);
    }

    #[test]
    fn several_classifiers_are_alternatives() {
        assert_eq!(
            reading("MIT License; Apache-2.0 AND ISC").as_deref(),
            Some("MIT OR (Apache-2.0 AND ISC)")
        );
        assert_eq!(reading("MIT License; BSD License").as_deref(), Some("MIT"));
        assert_eq!(reading("BSD License; GNU General Public License (GPL); Public Domain"), None);
    }

    fn package(name: &str, written: &str) -> PackageLicense {
        PackageLicense::new(name, None, Some(written.to_owned()), "test")
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

//! `[license-header]`: files a change adds or modifies must open with the licence header.
//!
//! The core decides and reads nothing: [`LicenseHeaderRule::files_to_check`] names the files
//! whose first `lines` lines the caller reads, and [`LicenseHeaderRule::check`] judges them.

use std::collections::BTreeMap;

use regex::Regex;

use super::Globs;
use crate::model::{Diff, HeaderCheck};

/// What the first lines of a file must hold.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct LicenseHeaderRule {
    /// The files checked (gitignore-style globs).
    pub paths: Globs,
    /// How many lines from the top the header may be within.
    pub lines: usize,
    /// The line that must be there.
    pub header: HeaderText,
}

/// The header a file must carry.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum HeaderText {
    /// `SPDX-License-Identifier: ID` on a line of its own (after a comment marker).
    Spdx(String),
    /// A line matching this regular expression.
    Pattern(Regex),
}

impl PartialEq for LicenseHeaderRule {
    fn eq(&self, other: &Self) -> bool {
        let text = |header: &HeaderText| match header {
            HeaderText::Spdx(id) => format!("spdx:{id}"),
            HeaderText::Pattern(regex) => format!("pattern:{}", regex.as_str()),
        };
        (&self.paths, self.lines, text(&self.header)) == (&other.paths, other.lines, text(&other.header))
    }
}

impl LicenseHeaderRule {
    /// The files of `diff` to check, in diff order: added, modified or renamed, not binary,
    /// matching the rule's paths and not `ignore`'s.
    pub fn files_to_check<'d>(&self, diff: &'d Diff, ignore: &Globs) -> Vec<&'d str> {
        diff.files
            .iter()
            .filter(|file| !file.deleted && !file.binary)
            .filter(|file| self.paths.is_match(&file.path) && !ignore.is_match(&file.path))
            .map(|file| file.path.as_str())
            .collect()
    }

    /// Whether `head`, the start of a file, carries the header within the rule's first lines.
    pub fn holds(&self, head: &str) -> bool {
        head.lines().take(self.lines).any(|line| match &self.header {
            HeaderText::Spdx(id) => line
                .split_once("SPDX-License-Identifier:")
                .is_some_and(|(_, rest)| rest.trim().trim_end_matches("*/").trim_end() == id),
            HeaderText::Pattern(regex) => regex.is_match(line),
        })
    }

    /// The files of `diff` to check, judged by their first lines in `heads` (path → text);
    /// a file whose first lines were not given makes the check unavailable, never passed.
    pub fn check(
        &self,
        diff: &Diff,
        ignore: &Globs,
        heads: &BTreeMap<String, String>,
    ) -> Result<HeaderCheck, String> {
        let mut check = HeaderCheck::default();
        for path in self.files_to_check(diff, ignore) {
            let head = heads.get(path).ok_or_else(|| {
                format!(
                    "the first lines of {path} were not read (a file of the diff missing from the checkout?)"
                )
            })?;
            if !self.holds(head) {
                check.missing.push(path.to_owned());
            }
            check.checked.push(path.to_owned());
        }
        Ok(check)
    }
}

impl super::Policy {
    /// The changed files of `diff` whose first lines the licence header check needs, with how
    /// many lines to read of each; none without a `[license-header]` table.
    pub fn license_header_files<'d>(&self, diff: &'d Diff) -> (Vec<&'d str>, usize) {
        match &self.license_header {
            Some(rule) => (rule.files_to_check(diff, &self.pr_ignore), rule.lines),
            None => (Vec::new(), 0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(header: HeaderText) -> LicenseHeaderRule {
        LicenseHeaderRule { paths: Globs::new(vec!["*.rs".to_owned()]).unwrap(), lines: 2, header }
    }

    #[test]
    fn the_spdx_line_must_name_the_licence_within_the_first_lines() {
        let spdx = rule(HeaderText::Spdx("Apache-2.0".to_owned()));
        assert!(spdx.holds("// SPDX-License-Identifier: Apache-2.0\nfn main() {}\n"));
        assert!(spdx.holds("#!/bin/sh\n/* SPDX-License-Identifier: Apache-2.0 */\n"));
        assert!(!spdx.holds("// SPDX-License-Identifier: MIT\n"));
        assert!(!spdx.holds("// SPDX-License-Identifier: Apache-2.0-or-later\n"));
        assert!(!spdx.holds("\n\n// SPDX-License-Identifier: Apache-2.0\n"));
        let pattern = rule(HeaderText::Pattern(Regex::new(r"Copyright \d{4} Acme").unwrap()));
        assert!(pattern.holds("# Copyright 2026 Acme Ltd\n"));
        assert!(!pattern.holds("# Copyright Acme\n"));
    }
}

//! `[[change]]` rules: which files a change touches, as metrics (`change.NAME`).
//!
//! A rule either requires files to change together (`when-changed` → `require-changed`: 1 when
//! it holds, 0 when a matching file changed without any required one) or counts the changed files
//! matching its globs. Only added, modified and renamed files count, deleted ones too with
//! `include-deleted`; a renamed file matches by its old or new path; files matching the policy's
//! `[pr] ignore` globs never count.

use super::Globs;
use crate::model::{ChangeRuleValue, ChangedFile, Diff, Unit};

/// One `[[change]]` rule.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ChangeRule {
    /// The name after `change.` in its metric's name.
    pub name: String,
    /// What it measures.
    pub kind: ChangeRuleKind,
    /// Deleted files count too.
    pub include_deleted: bool,
}

/// What a `[[change]]` rule measures.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ChangeRuleKind {
    /// When a file matching `when` changed, some file matching `require` must change too.
    Requires {
        /// `when-changed`.
        when: Globs,
        /// `require-changed`.
        require: Globs,
    },
    /// The number of changed files matching the globs (`count-changed`).
    Counts(Globs),
}

impl ChangeRule {
    /// The metric's name: `change.` and the rule's name.
    pub fn metric_name(&self) -> String {
        format!("change.{}", self.name)
    }

    /// A flag for a rule that requires files, a count for one that counts them.
    pub fn unit(&self) -> Unit {
        match self.kind {
            ChangeRuleKind::Requires { .. } => Unit::Flag,
            ChangeRuleKind::Counts(_) => Unit::Count,
        }
    }

    /// One sentence on what the rule measures, from its globs.
    pub fn description(&self) -> String {
        let deleted = if self.include_deleted { ", deleted files included" } else { "" };
        match &self.kind {
            ChangeRuleKind::Requires { when, require } => format!(
                "1 unless a file matching {} changed without one matching {}, else 0{deleted}.",
                when.patterns().join(", "),
                require.patterns().join(", ")
            ),
            ChangeRuleKind::Counts(globs) => {
                format!("Changed files matching {}{deleted}.", globs.patterns().join(", "))
            }
        }
    }

    /// The rule applied to `diff`, leaving out the files `ignore` matches.
    pub fn apply(&self, diff: &Diff, ignore: &Globs) -> ChangeRuleValue {
        let counted: Vec<&ChangedFile> = diff
            .files
            .iter()
            .filter(|file| self.include_deleted || !file.deleted)
            .filter(|file| !ignore.is_match(&file.path))
            .collect();
        let matching = |globs: &Globs| -> Vec<String> {
            counted
                .iter()
                .filter(|file| {
                    globs.is_match(&file.path)
                        || file.renamed_from.as_ref().is_some_and(|old| globs.is_match(old))
                })
                .map(|file| file.path.clone())
                .collect()
        };
        let (value, changed, required) = match &self.kind {
            ChangeRuleKind::Requires { when, require } => {
                let changed = matching(when);
                let required = matching(require);
                let holds = changed.is_empty() || !required.is_empty();
                (if holds { 1.0 } else { 0.0 }, changed, required)
            }
            ChangeRuleKind::Counts(globs) => {
                let changed = matching(globs);
                (changed.len() as f64, changed, Vec::new())
            }
        };
        ChangeRuleValue { metric: self.metric_name(), unit: self.unit(), value, changed, required }
    }
}

//! A unified diff as gates keeps it: per file, the new-version lines it adds; and what the
//! policy's rules over the changed files found.

use super::Unit;

/// The files a diff touches, with the new-version lines it adds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Diff {
    /// Files in diff order.
    pub files: Vec<ChangedFile>,
}

/// One file of a diff.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ChangedFile {
    /// The path in the new version (the old path for a deleted file), without `a/`/`b/`.
    pub path: String,
    /// The path before a rename (`rename from`), when the file was renamed.
    pub renamed_from: Option<String>,
    /// Lines added or changed, 1-based numbers in the new version, ascending.
    pub added_lines: Vec<u32>,
    /// How many lines of the old version were removed or changed.
    pub removed_lines: u32,
    /// The file no longer exists.
    pub deleted: bool,
    /// A binary change: no lines.
    pub binary: bool,
}

impl ChangedFile {
    pub(crate) fn new(path: String) -> Self {
        Self {
            path,
            renamed_from: None,
            added_lines: Vec::new(),
            removed_lines: 0,
            deleted: false,
            binary: false,
        }
    }
}

/// A `[[change]]` rule of the policy applied to a diff: its value and the files behind it.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ChangeRuleValue {
    /// The metric's name, `change.` and the rule's name.
    pub metric: String,
    /// The unit: a flag for a rule that requires files, a count for one that counts them.
    pub unit: Unit,
    /// 1 or 0 for a rule that requires files, the number of matching files for one that counts.
    pub value: f64,
    /// Changed files matching `when-changed` or `count-changed`, in diff order.
    pub changed: Vec<String>,
    /// Changed files matching `require-changed`, in diff order.
    pub required: Vec<String>,
}

/// Changed files whose first lines lack the policy's licence header.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct HeaderCheck {
    /// Files checked, in diff order.
    pub checked: Vec<String>,
    /// Files checked whose first lines lack the header, in diff order.
    pub missing: Vec<String>,
}

//! A unified diff as gates keeps it: per file, the new-version lines it adds.

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
        Self { path, added_lines: Vec::new(), removed_lines: 0, deleted: false, binary: false }
    }
}

//! Unified diffs (`git diff`, `diff -u`): which lines of the new version each file adds or changes.
//!
//! Read from git's documented diff format (`git help diff`, "combined diff" excepted): per file a
//! `diff --git` header (optional for plain `diff -u`), `---`/`+++` names with `a/`/`b/` prefixes or
//! `/dev/null`, `rename to`, `Binary files … differ`, then hunks `@@ -l,s +l,s @@`. A `+` line is
//! added at the current new-file line; ` ` advances both sides; `-` only the old one.

use std::fmt;

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
    fn new(path: String) -> Self {
        Self { path, added_lines: Vec::new(), removed_lines: 0, deleted: false, binary: false }
    }
}

/// A diff that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub struct DiffError {
    /// 1-based line of the diff.
    pub line: usize,
    /// What was wrong.
    pub message: String,
}

impl fmt::Display for DiffError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// Where the reader is inside a hunk: the next new-file line, and how many lines of each side remain.
#[derive(Debug, Clone, Copy)]
struct Hunk {
    next_new: u32,
    old_left: u32,
    new_left: u32,
}

impl Diff {
    /// Reads a unified diff.
    pub fn parse(text: &str) -> Result<Diff, DiffError> {
        let mut files: Vec<ChangedFile> = Vec::new();
        let mut hunk: Option<Hunk> = None;
        let mut old_path: Option<String> = None;
        // A `diff --git` header names its file; the `---`/`+++` lines after it refine the same file.
        let mut git_header_open = false;
        for (at, line) in text.lines().enumerate() {
            let error = |message: String| DiffError { line: at + 1, message };
            if let Some(state) = hunk.as_mut().filter(|state| state.old_left > 0 || state.new_left > 0) {
                match line.as_bytes().first() {
                    Some(b'+') => {
                        let file = files.last_mut().ok_or_else(|| error("hunk outside a file".to_owned()))?;
                        file.added_lines.push(state.next_new);
                        state.next_new = state.next_new.saturating_add(1);
                        state.new_left = state.new_left.saturating_sub(1);
                    }
                    Some(b'-') => {
                        let file = files.last_mut().ok_or_else(|| error("hunk outside a file".to_owned()))?;
                        file.removed_lines = file.removed_lines.saturating_add(1);
                        state.old_left = state.old_left.saturating_sub(1);
                    }
                    Some(b' ') | None => {
                        state.next_new = state.next_new.saturating_add(1);
                        state.old_left = state.old_left.saturating_sub(1);
                        state.new_left = state.new_left.saturating_sub(1);
                    }
                    Some(b'\\') => {}
                    Some(_) => {
                        return Err(error(format!("expected a hunk line (' ', '+' or '-'), found {line:?}")));
                    }
                }
                continue;
            }
            if line.starts_with('\\') {
                continue; // "\ No newline at end of file" after the last hunk line
            }
            hunk = None;
            if let Some(rest) = line.strip_prefix("diff --git ") {
                files.push(ChangedFile::new(git_header_new_path(rest)));
                old_path = None;
                git_header_open = true;
            } else if let Some(rest) = line.strip_prefix("--- ") {
                old_path = Some(file_name(rest));
            } else if let Some(rest) = line.strip_prefix("+++ ") {
                let new_path = file_name(rest);
                let deleted = new_path == "/dev/null";
                let old = old_path.take().map(|old| strip_side(&old, "a/"));
                let path = if deleted { old.unwrap_or_default() } else { strip_side(&new_path, "b/") };
                match files.last_mut() {
                    Some(file) if git_header_open => {
                        file.path = path;
                        file.deleted = deleted;
                    }
                    _ => {
                        let mut file = ChangedFile::new(path);
                        file.deleted = deleted;
                        files.push(file);
                    }
                }
                git_header_open = false;
            } else if let Some(rest) = line.strip_prefix("rename to ") {
                if let Some(file) = files.last_mut() {
                    file.path = unquote(rest);
                }
            } else if line.starts_with("Binary files ") || line == "GIT binary patch" {
                if let Some(file) = files.last_mut() {
                    file.binary = true;
                }
            } else if let Some(rest) = line.strip_prefix("@@ ") {
                git_header_open = false;
                if files.is_empty() {
                    return Err(error("a hunk before any file header".to_owned()));
                }
                hunk = Some(parse_hunk_header(rest).ok_or_else(|| {
                    error(format!("expected a hunk header like `@@ -1,4 +1,5 @@`, found {line:?}"))
                })?);
            }
        }
        for file in &mut files {
            file.added_lines.sort_unstable();
            file.added_lines.dedup();
        }
        Ok(Diff { files })
    }
}

/// `-12,3 +14,5 @@ context` → the hunk's start on the new side and the lengths of both sides.
fn parse_hunk_header(rest: &str) -> Option<Hunk> {
    let mut parts = rest.split_whitespace();
    let old = parts.next()?.strip_prefix('-')?;
    let new = parts.next()?.strip_prefix('+')?;
    let length = |range: &str| -> Option<(u32, u32)> {
        match range.split_once(',') {
            Some((start, length)) => Some((start.parse().ok()?, length.parse().ok()?)),
            None => Some((range.parse().ok()?, 1)),
        }
    };
    let (_, old_left) = length(old)?;
    let (new_start, new_left) = length(new)?;
    Some(Hunk { next_new: new_start.max(1), old_left, new_left })
}

/// The new path of `a/old b/new` (quoted or not); the `+++` line corrects it when present.
fn git_header_new_path(rest: &str) -> String {
    let rest = rest.trim();
    if rest.ends_with('"')
        && let Some(start) = rest.get(..rest.len() - 1).and_then(|head| head.rfind(" \""))
    {
        return strip_side(&unquote(rest.get(start + 1..).unwrap_or_default()), "b/");
    }
    match rest.find(" b/") {
        Some(at) => rest.get(at + 3..).unwrap_or_default().to_owned(),
        None => rest.rsplit(' ').next().unwrap_or(rest).to_owned(),
    }
}

/// A `---`/`+++` name: unquoted, a trailing tab-separated timestamp (`diff -u`) removed.
fn file_name(rest: &str) -> String {
    let name = rest.split('\t').next().unwrap_or(rest).trim_end();
    unquote(name)
}

fn strip_side(path: &str, prefix: &str) -> String {
    path.strip_prefix(prefix).unwrap_or(path).to_owned()
}

/// Undoes git's C-style quoting of unusual paths: `"dir/na\303\257ve.py"` → `dir/naïve.py`.
fn unquote(name: &str) -> String {
    let Some(inner) = name.strip_prefix('"').and_then(|rest| rest.strip_suffix('"')) else {
        return name.to_owned();
    };
    let mut bytes = Vec::with_capacity(inner.len());
    let mut chars = inner.bytes().peekable();
    while let Some(byte) = chars.next() {
        if byte != b'\\' {
            bytes.push(byte);
            continue;
        }
        match chars.next() {
            Some(b'n') => bytes.push(b'\n'),
            Some(b't') => bytes.push(b'\t'),
            Some(digit @ b'0'..=b'7') => {
                let mut value = u32::from(digit - b'0');
                for _ in 0..2 {
                    match chars.peek() {
                        Some(next @ b'0'..=b'7') => {
                            value = value * 8 + u32::from(next - b'0');
                            chars.next();
                        }
                        _ => break,
                    }
                }
                bytes.push(u8::try_from(value).unwrap_or(b'?'));
            }
            Some(other) => bytes.push(other),
            None => bytes.push(b'\\'),
        }
    }
    let unquoted = String::from_utf8_lossy(&bytes).into_owned();
    strip_side(&strip_side(&unquoted, "a/"), "b/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn git_diff_added_lines_in_new_numbering() {
        let diff = "diff --git a/app/m.py b/app/m.py\nindex 1..2 100644\n--- a/app/m.py\n+++ b/app/m.py\n@@ -1,3 +1,4 @@\n line1\n-old\n+new\n+added\n line3\n@@ -10,2 +11,3 @@ def f():\n x\n+y\n z\n";
        let diff = Diff::parse(diff).unwrap();
        assert_eq!(diff.files.len(), 1);
        assert_eq!(diff.files[0].path, "app/m.py");
        assert_eq!(diff.files[0].added_lines, vec![2, 3, 12]);
    }

    #[test]
    fn new_deleted_renamed_and_binary_files() {
        let diff = "diff --git a/new.py b/new.py\nnew file mode 100644\n--- /dev/null\n+++ b/new.py\n@@ -0,0 +1,2 @@\n+a\n+b\n\
diff --git a/gone.py b/gone.py\ndeleted file mode 100644\n--- a/gone.py\n+++ /dev/null\n@@ -1 +0,0 @@\n-a\n\
diff --git a/old.py b/moved.py\nsimilarity index 90%\nrename from old.py\nrename to moved.py\n\
diff --git a/logo.png b/logo.png\nBinary files a/logo.png and b/logo.png differ\n";
        let files = Diff::parse(diff).unwrap().files;
        let summary: Vec<_> =
            files.iter().map(|f| (f.path.as_str(), f.added_lines.clone(), f.deleted, f.binary)).collect();
        assert_eq!(
            summary,
            vec![
                ("new.py", vec![1, 2], false, false),
                ("gone.py", vec![], true, false),
                ("moved.py", vec![], false, false),
                ("logo.png", vec![], false, true),
            ]
        );
    }

    #[test]
    fn plain_diff_u_with_timestamps_and_no_newline_marker() {
        let diff = "--- src/a.c\t2024-01-01 10:00:00\n+++ src/a.c\t2024-01-02 10:00:00\n@@ -1 +1,2 @@\n-x\n\\ No newline at end of file\n+y\n+z\n\\ No newline at end of file\n";
        let files = Diff::parse(diff).unwrap().files;
        assert_eq!(files[0].path, "src/a.c");
        assert_eq!(files[0].added_lines, vec![1, 2]);
    }

    #[test]
    fn quoted_paths_are_decoded() {
        let diff = "diff --git \"a/dir/na\\303\\257ve.py\" \"b/dir/na\\303\\257ve.py\"\n--- \"a/dir/na\\303\\257ve.py\"\n+++ \"b/dir/na\\303\\257ve.py\"\n@@ -0,0 +1 @@\n+x\n";
        assert_eq!(Diff::parse(diff).unwrap().files[0].path, "dir/naïve.py");
    }

    #[test]
    fn bad_hunk_header_names_the_line() {
        let error = Diff::parse("--- a/x\n+++ b/x\n@@ -a +b @@\n").unwrap_err();
        assert_eq!(
            error.to_string(),
            "line 3: expected a hunk header like `@@ -1,4 +1,5 @@`, found \"@@ -a +b @@\""
        );
    }
}

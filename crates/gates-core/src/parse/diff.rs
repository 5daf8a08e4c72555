//! Unified diffs (`git diff`, `diff -u`): which lines of the new version each file adds or changes.
//!
//! Read from git's documented diff format (`git help diff`, "combined diff" excepted): per file a
//! `diff --git` header (optional for plain `diff -u`), `---`/`+++` names with `a/`/`b/` prefixes or
//! `/dev/null`, `rename from`/`rename to`, `Binary files … differ`, then hunks `@@ -l,s +l,s @@`. A `+` line is
//! added at the current new-file line; ` ` advances both sides; `-` only the old one.
//!
//! A hunk's body must hold exactly the lines its header counts, and each header must follow from
//! the hunks before it in the file (the new side shifted by what they added or removed): a diff
//! that is cut inside a hunk, or whose counts are damaged, is an error, never a different set of
//! lines. Combined diffs of merges (`diff --cc`, `@@@`) are refused.

use std::fmt;

use crate::model::{ChangedFile, Diff};

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
    header_line: usize,
    next_new: u32,
    old_left: u32,
    new_left: u32,
}

impl Hunk {
    fn is_open(&self) -> bool {
        self.old_left > 0 || self.new_left > 0
    }

    fn promised(&self) -> String {
        format!(
            "the hunk header on line {} promises {} more old and {} more new lines",
            self.header_line, self.old_left, self.new_left
        )
    }
}

/// A hunk header's two ranges, as written: `-start[,length] +start[,length]`.
#[derive(Debug, Clone, Copy)]
struct HunkHeader {
    old_start: u32,
    old_length: u32,
    new_start: u32,
    new_length: u32,
}

impl HunkHeader {
    /// The first line of a side; an empty side names the line before it (`-3,0` is after line 3).
    fn first(start: u32, length: u32) -> i64 {
        i64::from(start) + i64::from(length == 0)
    }
}

/// Where the previous hunk of a file ended on each side: the next hunk must start after it, and
/// both sides must be shifted by what the hunks before added or removed.
#[derive(Debug, Clone, Copy)]
struct HunkEnds {
    old: i64,
    new: i64,
}

impl Default for HunkEnds {
    fn default() -> Self {
        Self { old: 1, new: 1 }
    }
}

impl HunkEnds {
    fn check(&mut self, header: &HunkHeader) -> Result<(), String> {
        let old_first = HunkHeader::first(header.old_start, header.old_length);
        let new_first = HunkHeader::first(header.new_start, header.new_length);
        if old_first < self.old {
            return Err(format!(
                "the hunk starts at old line {old_first}, inside or before the previous hunk of this file (which ends before line {})",
                self.old
            ));
        }
        let expected_new = old_first + (self.new - self.old);
        if new_first != expected_new {
            return Err(format!(
                "the hunk's new side starts at line {new_first}, but its old start and the hunks before it put it at line {expected_new}"
            ));
        }
        self.old = old_first + i64::from(header.old_length);
        self.new = new_first + i64::from(header.new_length);
        Ok(())
    }
}

impl Diff {
    /// Reads a unified diff; a hunk whose body does not match its header's counts is an error.
    pub fn parse(text: &str) -> Result<Diff, DiffError> {
        let mut files: Vec<ChangedFile> = Vec::new();
        let mut hunk: Option<Hunk> = None;
        let mut ends = HunkEnds::default();
        // The header line of a hunk that just ended: the next line must not continue its body.
        let mut closed_hunk: Option<usize> = None;
        let mut old_path: Option<String> = None;
        // A `diff --git` header names its file; the `---`/`+++` lines after it refine the same file.
        let mut git_header_open = false;
        let mut lines = text.lines().enumerate().peekable();
        while let Some((at, line)) = lines.next() {
            let error = |message: String| DiffError { line: at + 1, message };
            if let Some(state) = hunk.as_mut().filter(|state| state.is_open()) {
                let file = files.last_mut().ok_or_else(|| error("hunk outside a file".to_owned()))?;
                let too_many = |side: &str| {
                    error(format!(
                        "the hunk has more {side} lines than its header on line {} says, found {line:?}",
                        state.header_line
                    ))
                };
                match line.as_bytes().first() {
                    Some(b'+') => {
                        state.new_left = state.new_left.checked_sub(1).ok_or_else(|| too_many("new"))?;
                        file.added_lines.push(state.next_new);
                        state.next_new = state.next_new.saturating_add(1);
                    }
                    Some(b'-') => {
                        state.old_left = state.old_left.checked_sub(1).ok_or_else(|| too_many("old"))?;
                        file.removed_lines = file.removed_lines.saturating_add(1);
                    }
                    // An empty line is a context line whose space was trimmed (as `git apply` allows).
                    Some(b' ') | None => {
                        if state.old_left == 0 || state.new_left == 0 {
                            return Err(too_many("context"));
                        }
                        state.next_new = state.next_new.saturating_add(1);
                        state.old_left -= 1;
                        state.new_left -= 1;
                    }
                    Some(b'\\') => {}
                    Some(_) => {
                        return Err(error(format!(
                            "the hunk ends early: {}, found {line:?}",
                            state.promised()
                        )));
                    }
                }
                if !state.is_open() {
                    closed_hunk = Some(state.header_line);
                }
                continue;
            }
            if line.starts_with('\\') {
                continue; // "\ No newline at end of file" after the last hunk line
            }
            if let Some(header_line) = closed_hunk.take() {
                let next_is_new_name = lines.peek().is_some_and(|(_, next)| next.starts_with("+++ "));
                let file_header = line.starts_with("--- ") && next_is_new_name;
                // `-- ` alone is the signature separator of `git format-patch` mail.
                if !file_header
                    && line != "-- "
                    && matches!(line.as_bytes().first(), Some(b'+' | b'-' | b' '))
                {
                    return Err(error(format!(
                        "the hunk is longer than its header on line {header_line} says, found {line:?}"
                    )));
                }
            }
            hunk = None;
            if line.starts_with("diff --cc ")
                || line.starts_with("diff --combined ")
                || line.starts_with("@@@")
            {
                return Err(error(format!(
                    "a combined diff of a merge cannot be read, found {line:?}; diff the merge against one parent instead"
                )));
            }
            if let Some(rest) = line.strip_prefix("diff --git ") {
                files.push(ChangedFile::new(git_header_new_path(rest)));
                ends = HunkEnds::default();
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
                        ends = HunkEnds::default();
                    }
                }
                git_header_open = false;
            } else if let Some(rest) = line.strip_prefix("rename from ") {
                if let Some(file) = files.last_mut().filter(|_| git_header_open) {
                    file.renamed_from = Some(unquote(rest));
                }
            } else if let Some(rest) =
                line.strip_prefix("rename to ").or_else(|| line.strip_prefix("copy to "))
            {
                if let Some(file) = files.last_mut().filter(|_| git_header_open) {
                    file.path = unquote(rest);
                }
            } else if line.starts_with("Binary files ") || line == "GIT binary patch" {
                // Without a `diff --git` header before it (plain `diff -r`), the line names a file of
                // its own, which has no lines to count either way.
                if let Some(file) = files.last_mut().filter(|_| git_header_open) {
                    file.binary = true;
                }
            } else if line.starts_with("@@") {
                git_header_open = false;
                if files.is_empty() {
                    return Err(error("a hunk before any file header".to_owned()));
                }
                let header = line.strip_prefix("@@ ").and_then(parse_hunk_header).ok_or_else(|| {
                    error(format!("expected a hunk header like `@@ -1,4 +1,5 @@`, found {line:?}"))
                })?;
                ends.check(&header).map_err(|problem| error(format!("{problem}, in {line:?}")))?;
                hunk = Some(Hunk {
                    header_line: at + 1,
                    next_new: header.new_start.max(1),
                    old_left: header.old_length,
                    new_left: header.new_length,
                });
            }
        }
        if let Some(state) = hunk.filter(Hunk::is_open) {
            let line = text.lines().count();
            return Err(DiffError {
                line,
                message: format!("the diff ends inside a hunk ({}); it is truncated", state.promised()),
            });
        }
        for file in &mut files {
            file.added_lines.sort_unstable();
            file.added_lines.dedup();
        }
        Ok(Diff { files })
    }
}

/// `-12,3 +14,5 @@ context`: the ranges of both sides, lengths 1 when left out (`-12 +14`).
fn parse_hunk_header(rest: &str) -> Option<HunkHeader> {
    let (ranges, _heading) = rest.split_once(" @@")?;
    let (old, new) = ranges.split_once(' ')?;
    let range = |range: &str| -> Option<(u32, u32)> {
        let digits = |text: &str| {
            (!text.is_empty() && text.bytes().all(|byte| byte.is_ascii_digit()))
                .then(|| text.parse().ok())
                .flatten()
        };
        match range.split_once(',') {
            Some((start, length)) => Some((digits(start)?, digits(length)?)),
            None => Some((digits(range)?, 1)),
        }
    };
    let (old_start, old_length) = range(old.strip_prefix('-')?)?;
    let (new_start, new_length) = range(new.strip_prefix('+')?)?;
    // Only an empty side may start at line 0 (`-0,0` for a new file).
    if (old_start == 0 && old_length > 0) || (new_start == 0 && new_length > 0) {
        return None;
    }
    Some(HunkHeader { old_start, old_length, new_start, new_length })
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
    use crate::model::ChangeSize;

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
        assert_eq!(files[2].renamed_from.as_deref(), Some("old.py"));
        assert_eq!(files[0].renamed_from, None);
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
    fn diff_sizes_leave_out_ignored_files() {
        let diff = Diff::parse(
            "diff --git a/src/a.rs b/src/a.rs\n--- a/src/a.rs\n+++ b/src/a.rs\n@@ -1,2 +1,3 @@\n-old\n+new\n+more\n same\n\
             diff --git a/Cargo.lock b/Cargo.lock\n--- a/Cargo.lock\n+++ b/Cargo.lock\n@@ -1 +1 @@\n-a\n+b\n",
        )
        .unwrap();
        let size = ChangeSize::of_diff(&diff, |path| path.ends_with(".lock"));
        assert_eq!(size, ChangeSize { lines: 3, files: 1 });
        assert_eq!(ChangeSize::of_diff(&diff, |_| false).lines, 5);
    }
}

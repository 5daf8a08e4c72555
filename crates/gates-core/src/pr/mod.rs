//! Pull-request hygiene: the title, the size of the change and its review state.
//!
//! The facts come from the CI's event payload (GitHub's `pull_request` object), GitLab's
//! merge-request variables, a diff, or the platform's API; this module only reads and judges them.

mod title;

use serde_json::Value;

pub use title::{DEFAULT_TYPES, Header, TitleRules};

use crate::patch::Diff;

/// What is known of a pull request; every part is optional.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct PullRequestFacts {
    /// The title and what, if anything, is wrong with it.
    pub title: Option<TitleCheck>,
    /// Lines and files changed.
    pub size: Option<ChangeSize>,
    /// Approvals (latest review per reviewer), or why they are not known.
    pub approvals: Option<Result<u64, String>>,
    /// Review threads not resolved, or why they are not known.
    pub unresolved_threads: Option<Result<u64, String>>,
    /// Whether it merges cleanly, or why that is not known.
    pub mergeable: Option<Result<bool, String>>,
}

/// A title checked against the policy's rules.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct TitleCheck {
    /// The title as given.
    pub title: String,
    /// What is wrong with it, with a valid example; `None` when it is a Conventional Commits header.
    pub problem: Option<String>,
}

impl TitleCheck {
    /// Checks `title` against `rules`.
    pub fn new(title: impl Into<String>, rules: &TitleRules) -> Self {
        let title = title.into();
        let problem = rules.check(&title).err();
        Self { title, problem }
    }
}

/// How big a change is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct ChangeSize {
    /// Lines added plus lines removed.
    pub lines: u64,
    /// Files changed.
    pub files: u64,
}

impl ChangeSize {
    /// The size of `diff`, leaving out files for which `ignored` is true (lockfiles, generated code).
    pub fn of_diff(diff: &Diff, ignored: impl Fn(&str) -> bool) -> Self {
        let counted = diff.files.iter().filter(|file| !ignored(&file.path));
        counted.fold(ChangeSize { lines: 0, files: 0 }, |size, file| ChangeSize {
            lines: size.lines + file.added_lines.len() as u64 + u64::from(file.removed_lines),
            files: size.files + 1,
        })
    }
}

/// The pull request of a GitHub event payload (`pull_request` object of a `pull_request` or
/// `pull_request_target` event).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct EventPullRequest {
    /// Its number.
    pub number: Option<u64>,
    /// Its title.
    pub title: String,
    /// `additions + deletions` and `changed_files`, when the payload has them.
    pub size: Option<ChangeSize>,
}

/// An event payload that is not a pull request's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EventError {
    /// Not JSON.
    #[error("not valid JSON: line {line}, column {column}: {message}")]
    NotJson {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// serde_json's description.
        message: String,
    },
    /// No `pull_request` object, or no title in it.
    #[error("not a pull request event: {0}")]
    NotPullRequest(&'static str),
}

impl EventPullRequest {
    /// Reads the pull request from a GitHub Actions event payload (`$GITHUB_EVENT_PATH`).
    pub fn from_json(text: &str) -> Result<Self, EventError> {
        let document: Value = serde_json::from_str(text).map_err(|error| EventError::NotJson {
            line: error.line(),
            column: error.column(),
            message: error.to_string(),
        })?;
        let pull_request = document
            .get("pull_request")
            .filter(|value| value.is_object())
            .ok_or(EventError::NotPullRequest("it has no `pull_request` object"))?;
        let title = pull_request
            .get("title")
            .and_then(Value::as_str)
            .ok_or(EventError::NotPullRequest("its `pull_request` has no `title`"))?;
        let count = |key: &str| pull_request.get(key).and_then(Value::as_u64);
        let size = match (count("additions"), count("deletions"), count("changed_files")) {
            (Some(additions), Some(deletions), Some(files)) => {
                Some(ChangeSize { lines: additions.saturating_add(deletions), files })
            }
            _ => None,
        };
        let number = count("number").or_else(|| document.get("number").and_then(Value::as_u64));
        Ok(Self { number, title: title.to_owned(), size })
    }
}

#[cfg(test)]
mod tests;

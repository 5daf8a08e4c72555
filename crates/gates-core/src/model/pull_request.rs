//! What is known of a pull request: its title, the size of the change and its review state.
//!
//! The facts come from the CI's event payload (GitHub's `pull_request` object), GitLab's
//! merge-request variables, a diff, or the platform's API.

use super::Diff;

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
    /// The description measured, where it is known.
    pub description: Option<DescriptionCheck>,
}

/// A description measured against the policy's rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct DescriptionCheck {
    /// Characters the author wrote: without template comments and headings, whitespace runs as one.
    pub chars: u64,
    /// The title or the description references an issue.
    pub references_issue: bool,
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
    /// The branch it merges into (`base.ref`), when the payload has it.
    pub base_ref: Option<String>,
    /// The description (`body`; empty when the payload's is null), when the payload has the key.
    pub body: Option<String>,
}

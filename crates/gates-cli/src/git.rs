//! The git facts gates needs, asked of the `git` command in the working directory.

use std::process::Command;

use gates_core::CommitFacts;

use crate::error::CliError;

/// The output of `git ARGS`, trimmed; an error names the command.
pub(crate) fn git(args: &[&str]) -> Result<String, CliError> {
    let command = format!("git {}", args.join(" "));
    let output = Command::new("git")
        .args(args)
        .output()
        .map_err(|error| CliError::GitCommand { command: command.clone(), message: error.to_string() })?;
    if !output.status.success() {
        let message = String::from_utf8_lossy(&output.stderr).trim().to_owned();
        return Err(CliError::GitCommand { command, message });
    }
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

/// HEAD's id, parents and author date from git; branch and run id from the CI's variables
/// (GitHub Actions, GitLab CI), else the checked-out branch.
pub(crate) fn head_commit() -> Result<CommitFacts, CliError> {
    let shown = git(&["show", "-s", "--format=%H%n%P%n%aI", "HEAD"])?;
    let mut lines = shown.lines();
    let mut commit = CommitFacts::new(lines.next().unwrap_or_default());
    commit.parents = lines.next().unwrap_or_default().split_whitespace().map(str::to_owned).collect();
    commit.author_date = lines.next().map(str::to_owned).filter(|date| !date.is_empty());
    commit.branch = ci_branch()
        .or_else(|| git(&["symbolic-ref", "--short", "-q", "HEAD"]).ok().filter(|branch| !branch.is_empty()));
    commit.run_id = first_var(&["GITHUB_RUN_ID", "CI_PIPELINE_ID"]);
    Ok(commit)
}

/// The branch the CI says it built: a pull request's head branch, else the pushed branch.
fn ci_branch() -> Option<String> {
    first_var(&[
        "GITHUB_HEAD_REF",
        "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME",
        "GITHUB_REF_NAME",
        "CI_COMMIT_BRANCH",
    ])
}

/// The value of the first of `names` that is set and not empty.
pub(crate) fn first_var(names: &[&str]) -> Option<String> {
    names.iter().find_map(|name| std::env::var(name).ok().filter(|value| !value.is_empty()))
}

/// The merge-base of HEAD and `target`, then its first-parent ancestors, nearest first, at most
/// `depth` in all.
pub(crate) fn merge_base_ancestry(target: &str, depth: usize) -> Result<Vec<String>, CliError> {
    let merge_base = git(&["merge-base", "HEAD", target])?;
    let listed = git(&["rev-list", "--first-parent", &format!("--max-count={depth}"), &merge_base])?;
    Ok(listed.lines().map(str::to_owned).collect())
}

/// Whether `name` names a commit.
pub(crate) fn resolves(name: &str) -> bool {
    git(&["rev-parse", "--verify", "-q", &format!("{name}^{{commit}}")]).is_ok()
}

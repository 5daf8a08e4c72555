//! `check --track-issue`: one issue for a failing scheduled run, on GitHub or (under GitLab CI)
//! on GitLab. Nothing here may change the
//! exit code: every failure becomes a warning on stderr.

use std::io::{self, Write};

use gates_core::cli_support::markdown_within;
use gates_core::{Evaluation, Metrics, Policy};

use super::forge::{self, ApiError, Platform};
use crate::args::CommentArgs;
use crate::github::{self, GitHubError};
use crate::gitlab;
use crate::tracked_issue::{self, IssueAction};

/// The title when the policy gives none.
const DEFAULT_TITLE: &str = "[gates] scheduled run failing";
/// Room for the words around the report in an issue's first description.
const BODY_PREAMBLE: usize = 200;

pub(crate) fn track(
    args: &CommentArgs,
    policy: &Policy,
    evaluation: &Evaluation,
    metrics: &Metrics,
    stdout: &mut impl Write,
    stderr: &mut impl Write,
) -> io::Result<()> {
    let marker = super::comment::hidden_marker("gates-issue", args, policy);
    let title = policy.track_issue_title.as_deref().unwrap_or(DEFAULT_TITLE);
    let failing = !evaluation.verdict.passed();
    let platform = Platform::detect();
    let limit = platform.map_or(forge::GITHUB_COMMENT_LIMIT, Platform::limit);
    let report = markdown_within(evaluation, metrics, limit.saturating_sub(marker.len() + BODY_PREAMBLE));
    if args.dry_run {
        let what = if failing { "open, or comment on, the issue" } else { "close the issue, if one is open" };
        writeln!(stdout, "--- tracked issue {title:?} (dry run: would {what}; nothing posted) ---")?;
        return write!(stdout, "{marker}\n{report}");
    }
    let (name, result) = if platform == Some(Platform::GitLab) {
        let (project, token) = match forge::gitlab_project(args) {
            Ok(context) => context,
            Err(missing) => return writeln!(stderr, "warning: cannot track the issue: {missing}"),
        };
        let result = forge::on_runtime(async {
            let client = gitlab::Client::new(&project, token)?;
            Ok(tracked_issue::sync(&client, &marker, title, &report, failing).await?)
        });
        (forge::gitlab_name(&project), result)
    } else {
        let (api_url, repository, token) = match forge::github_repository(args) {
            Ok(context) => context,
            Err(missing) => return writeln!(stderr, "warning: cannot track the issue: {missing}"),
        };
        let result = forge::on_runtime(async {
            let client = github::Client::new(&api_url, repository.clone(), token)?;
            Ok(tracked_issue::sync(&client, &marker, title, &report, failing).await?)
        });
        (repository, result)
    };
    match result {
        Ok(IssueAction::Opened(number)) => writeln!(stderr, "gates: opened issue {name}#{number}"),
        Ok(IssueAction::Commented(number)) => {
            writeln!(stderr, "gates: commented on issue {name}#{number} (still failing)")
        }
        Ok(IssueAction::Closed(number)) => {
            writeln!(stderr, "gates: closed issue {name}#{number} (passing again)")
        }
        Ok(IssueAction::NothingOpen) => Ok(()),
        Err(ApiError::GitHub(GitHubError::Forbidden { status, message })) => writeln!(
            stderr,
            "warning: cannot track the issue on {name}: GitHub refused ({status}: {message}); give the job `permissions: issues: write`"
        ),
        Err(error) => writeln!(stderr, "warning: cannot track the issue on {name}: {error}"),
    }
}

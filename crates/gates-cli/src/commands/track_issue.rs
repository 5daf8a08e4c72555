//! `check --track-issue`: one issue for a failing scheduled run. Nothing here may change the
//! exit code: every failure becomes a warning on stderr.

use std::io::{self, Write};

use gates_core::cli_support::markdown_within;
use gates_core::{Evaluation, Metrics, Policy};

use crate::args::CommentArgs;
use crate::github::{self, GitHubError};
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
    let report = markdown_within(
        evaluation,
        metrics,
        super::comment::GITHUB_COMMENT_LIMIT - marker.len() - BODY_PREAMBLE,
    );
    if args.dry_run {
        let what = if failing { "open, or comment on, the issue" } else { "close the issue, if one is open" };
        writeln!(stdout, "--- tracked issue {title:?} (dry run: would {what}; nothing posted) ---")?;
        return write!(stdout, "{marker}\n{report}");
    }
    if std::env::var("GITLAB_CI").is_ok_and(|value| value == "true") {
        return writeln!(
            stderr,
            "warning: --track-issue works with GitHub only for now; no issue was touched"
        );
    }
    let (api_url, repository, token) = match super::comment::github_repository(args) {
        Ok(context) => context,
        Err(missing) => return writeln!(stderr, "warning: cannot track the issue: {missing}"),
    };
    let result: Result<IssueAction, GitHubError> =
        match tokio::runtime::Builder::new_current_thread().enable_all().build() {
            Ok(runtime) => runtime.block_on(async {
                let client = github::Client::new(&api_url, repository.clone(), token)?;
                tracked_issue::sync(&client, &marker, title, &report, failing).await
            }),
            Err(error) => Err(GitHubError::Transport(format!("cannot start the HTTP runtime: {error}"))),
        };
    match result {
        Ok(IssueAction::Opened(number)) => writeln!(stderr, "gates: opened issue {repository}#{number}"),
        Ok(IssueAction::Commented(number)) => {
            writeln!(stderr, "gates: commented on issue {repository}#{number} (still failing)")
        }
        Ok(IssueAction::Closed(number)) => {
            writeln!(stderr, "gates: closed issue {repository}#{number} (passing again)")
        }
        Ok(IssueAction::NothingOpen) => Ok(()),
        Err(GitHubError::Forbidden { status, message }) => writeln!(
            stderr,
            "warning: cannot track the issue on {repository}: GitHub refused ({status}: {message}); give the job `permissions: issues: write`"
        ),
        Err(error) => writeln!(stderr, "warning: cannot track the issue on {repository}: {error}"),
    }
}

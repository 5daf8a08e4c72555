//! `check --comment`: keep one pull-request comment in step with the verdict. Nothing here may
//! change the exit code: every failure becomes a warning on stderr.

use std::io::{self, Write};

use gates_core::render::markdown;
use gates_core::{Evaluation, Metrics, Policy, Verdict};

use crate::args::CommentArgs;
use crate::github::{Client, CommentAction, PullRequest};

/// GitHub's limit on a comment body, in characters.
const GITHUB_COMMENT_LIMIT: usize = 65_536;

pub(crate) fn post(
    args: &CommentArgs,
    policy: &Policy,
    evaluation: &Evaluation,
    metrics: &Metrics,
    stdout: &mut impl Write,
    stderr: &mut impl Write,
) -> io::Result<()> {
    let name = args.comment_marker.as_deref().or(policy.comment_marker.as_deref()).unwrap_or("gates");
    let marker = format!("<!-- gates-comment:{} -->", name.replace("--", "-"));
    // Bytes bound characters from above, so a body within the byte limit is within GitHub's.
    let report = markdown::render_within(evaluation, metrics, GITHUB_COMMENT_LIMIT - marker.len() - 1);
    let body = format!("{marker}\n{report}");
    if args.dry_run {
        writeln!(stdout, "--- pull-request comment (dry run: nothing posted) ---")?;
        write!(stdout, "{body}")?;
        return Ok(());
    }
    let (pull_request, token) = match context(args) {
        Ok(context) => context,
        Err(missing) => return writeln!(stderr, "warning: cannot comment on the pull request: {missing}"),
    };
    let target = format!("{}#{}", pull_request.repository, pull_request.number);
    let result = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        // octocrab's client must be built inside the runtime it will run on.
        Ok(runtime) => runtime.block_on(async {
            let client = Client::new(pull_request, token)?;
            client.sync(&marker, &body, args.comment_mode, evaluation.verdict == Verdict::Pass).await
        }),
        Err(error) => Err(crate::github::GitHubError::Transport(error.to_string())),
    };
    match result {
        Ok(action) => {
            let done = match action {
                CommentAction::Created => "created the comment on",
                CommentAction::Updated => "updated the comment on",
                CommentAction::Unchanged => "left the unchanged comment on",
                CommentAction::Deleted => "deleted the comment on (every gate passed)",
                CommentAction::NothingToDelete => "found no comment to delete on",
            };
            writeln!(stderr, "gates: {done} {target}")
        }
        Err(error) => writeln!(stderr, "warning: cannot comment on {target}: {error}"),
    }
}

/// The pull request and token from flags and the GitHub Actions environment, or what is missing.
fn context(args: &CommentArgs) -> Result<(PullRequest, String), String> {
    let token = args
        .token
        .clone()
        .or_else(|| std::env::var("GITHUB_TOKEN").ok())
        .filter(|token| !token.is_empty())
        .ok_or(
            "no token: set GITHUB_TOKEN (e.g. `env: GITHUB_TOKEN: ${{ github.token }}`) or pass --token",
        )?;
    let repository = std::env::var("GITHUB_REPOSITORY")
        .ok()
        .filter(|repository| repository.contains('/'))
        .ok_or("GITHUB_REPOSITORY (owner/repo) is not set")?;
    let number = match args.pr {
        Some(number) => number,
        None => {
            let path = std::env::var("GITHUB_EVENT_PATH")
                .map_err(|_| "no pull request: pass --pr N, or run on a pull_request event")?;
            let event = std::fs::read_to_string(&path)
                .map_err(|error| format!("cannot read GITHUB_EVENT_PATH {path}: {error}"))?;
            crate::github::pull_request_number(&event)
                .ok_or("the event is not about a pull request: pass --pr N")?
        }
    };
    let api_url = std::env::var("GITHUB_API_URL")
        .ok()
        .filter(|url| !url.is_empty())
        .unwrap_or_else(|| "https://api.github.com".to_owned());
    Ok((PullRequest { api_url, repository, number }, token))
}

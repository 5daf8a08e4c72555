//! `check --comment`: keep one pull-request comment (GitHub) or merge-request note (GitLab) in
//! step with the verdict. Nothing here may change the exit code: every failure becomes a warning
//! on stderr.

use std::io::{self, Write};

use gates_core::cli_support::markdown_within;
use gates_core::{Evaluation, Metrics, Policy, Verdict};

use super::forge::{self, GITHUB_COMMENT_LIMIT, Platform, on_runtime};
use crate::args::CommentArgs;
use crate::github::{self, PullRequest};
use crate::gitlab::{self, Project};
use crate::sticky::{self, CommentAction};

/// A change to comment on, with its token.
enum Target {
    GitHub(PullRequest, String),
    GitLab(Project, u64, String),
}

pub(crate) fn post(
    args: &CommentArgs,
    policy: &Policy,
    evaluation: &Evaluation,
    metrics: &Metrics,
    stdout: &mut impl Write,
    stderr: &mut impl Write,
) -> io::Result<()> {
    let marker = hidden_marker("gates-comment", args, policy);
    let platform = Platform::detect();
    // Without a platform, the smaller limit: the dry run's text fits either.
    let limit = platform.map_or(GITHUB_COMMENT_LIMIT, Platform::limit);
    // Bytes bound characters from above, so a body within the byte limit is within the platform's.
    let report = markdown_within(evaluation, metrics, limit.saturating_sub(marker.len() + 1));
    let body = format!("{marker}\n{report}");
    if args.dry_run {
        let heading = match platform {
            Some(Platform::GitLab) => "merge-request note",
            Some(Platform::GitHub) | None => "pull-request comment",
        };
        writeln!(stdout, "--- {heading} (dry run: nothing posted) ---")?;
        write!(stdout, "{body}")?;
        return Ok(());
    }
    let Some(platform) = platform else {
        return writeln!(
            stderr,
            "warning: cannot comment: no CI context found; --comment works under GitHub Actions \
             (GITHUB_ACTIONS=true or GITHUB_REPOSITORY set) and GitLab CI (GITLAB_CI=true)"
        );
    };
    let (noun, change) = platform.words();
    let target = match platform {
        Platform::GitHub => forge::github_context(args).map(|(pr, token)| Target::GitHub(pr, token)),
        Platform::GitLab => {
            forge::gitlab_context(args).map(|(project, iid, token)| Target::GitLab(project, iid, token))
        }
    };
    let target = match target {
        Ok(target) => target,
        Err(missing) => return writeln!(stderr, "warning: cannot comment on the {change}: {missing}"),
    };
    let label = match &target {
        Target::GitHub(pr, _) => format!("{}#{}", pr.repository, pr.number),
        Target::GitLab(project, iid, _) => format!("{}!{iid}", forge::gitlab_name(project)),
    };
    let passed = evaluation.verdict == Verdict::Pass;
    let result = on_runtime(async {
        match target {
            Target::GitHub(pr, token) => {
                let client = github::Client::new(&pr.api_url, pr.repository, token)?;
                let comments = client.comments(pr.number);
                Ok(sticky::sync(&comments, &marker, &body, args.comment_mode, passed).await?)
            }
            Target::GitLab(project, iid, token) => {
                let client = gitlab::Client::new(&project, token)?;
                let notes = client.merge_request(iid);
                Ok(sticky::sync(&notes, &marker, &body, args.comment_mode, passed).await?)
            }
        }
    });
    match result {
        Ok(action) => {
            let done = match action {
                CommentAction::Created => format!("created the {noun} on {label}"),
                CommentAction::Updated => format!("updated the {noun} on {label}"),
                CommentAction::Unchanged => format!("left the unchanged {noun} on {label}"),
                CommentAction::Deleted => format!("deleted the {noun} on {label} (every gate passed)"),
                CommentAction::NothingToDelete => format!("found no {noun} to delete on {label}"),
            };
            writeln!(stderr, "gates: {done}")
        }
        Err(error) => writeln!(stderr, "warning: cannot comment on {label}: {error}"),
    }
}

/// The hidden HTML comment that finds gates' own comment or issue again: `kind` and the marker
/// name (`--comment-marker`, else the policy's, else `gates`), never closing the comment early.
pub(super) fn hidden_marker(kind: &str, args: &CommentArgs, policy: &Policy) -> String {
    let mut name =
        args.comment_marker.as_deref().or(policy.comment_marker.as_deref()).unwrap_or("gates").to_owned();
    // One pass would leave `--` of `---`.
    while name.contains("--") {
        name = name.replace("--", "-");
    }
    format!("<!-- {kind}:{name} -->")
}

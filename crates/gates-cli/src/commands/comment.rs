//! `check --comment`: keep one pull-request comment (GitHub) or merge-request note (GitLab) in
//! step with the verdict. Nothing here may change the exit code: every failure becomes a warning
//! on stderr.

use std::io::{self, Write};

use gates_core::cli_support::markdown_within;
use gates_core::{Evaluation, Metrics, Policy, Verdict};

use crate::args::CommentArgs;
use crate::github::{self, GitHubError, PullRequest};
use crate::gitlab::{self, GitLabError, Project};
use crate::sticky::{self, CommentAction};

/// GitHub's limit on a comment or issue body, in characters.
pub(super) const GITHUB_COMMENT_LIMIT: usize = 65_536;
/// GitLab's limit on a note body, in characters (an issue's description may be a little longer).
const GITLAB_NOTE_LIMIT: usize = 1_000_000;

/// The CI platform the job runs on, told from its predefined variables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Platform {
    GitHub,
    GitLab,
}

impl Platform {
    pub(super) fn detect() -> Option<Platform> {
        let set = |name: &str| std::env::var(name).ok().filter(|value| !value.is_empty());
        if set("GITLAB_CI").as_deref() == Some("true") {
            Some(Platform::GitLab)
        } else if set("GITHUB_ACTIONS").as_deref() == Some("true") || set("GITHUB_REPOSITORY").is_some() {
            Some(Platform::GitHub)
        } else {
            None
        }
    }

    /// The longest comment or note body, in characters.
    pub(super) fn limit(self) -> usize {
        match self {
            Platform::GitHub => GITHUB_COMMENT_LIMIT,
            Platform::GitLab => GITLAB_NOTE_LIMIT,
        }
    }

    /// What the platform calls the comment, and the change it is on.
    fn words(self) -> (&'static str, &'static str) {
        match self {
            Platform::GitHub => ("comment", "pull request"),
            Platform::GitLab => ("note", "merge request"),
        }
    }
}

/// A change to comment on, with its token.
enum Target {
    GitHub(PullRequest, String),
    GitLab(Project, u64, String),
}

/// A failed exchange with either platform.
#[derive(Debug, thiserror::Error)]
pub(super) enum ApiError {
    #[error(transparent)]
    GitHub(#[from] GitHubError),
    #[error(transparent)]
    GitLab(#[from] GitLabError),
    #[error("cannot start the HTTP runtime: {0}")]
    Runtime(io::Error),
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
        Platform::GitHub => github_context(args).map(|(pr, token)| Target::GitHub(pr, token)),
        Platform::GitLab => {
            gitlab_context(args).map(|(project, iid, token)| Target::GitLab(project, iid, token))
        }
    };
    let target = match target {
        Ok(target) => target,
        Err(missing) => return writeln!(stderr, "warning: cannot comment on the {change}: {missing}"),
    };
    let label = match &target {
        Target::GitHub(pr, _) => format!("{}#{}", pr.repository, pr.number),
        Target::GitLab(project, iid, _) => format!("{}!{iid}", gitlab_name(project)),
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

/// Runs `work` on a runtime of its own; the HTTP clients must be built inside the runtime they
/// will run on, so `work` builds them.
pub(super) fn on_runtime<T>(work: impl Future<Output = Result<T, ApiError>>) -> Result<T, ApiError> {
    match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(runtime) => runtime.block_on(work),
        Err(error) => Err(ApiError::Runtime(error)),
    }
}

/// The pull request and token from flags and the GitHub Actions environment, or what is missing.
pub(super) fn github_context(args: &CommentArgs) -> Result<(PullRequest, String), String> {
    let (api_url, repository, token) = github_repository(args)?;
    let number = match args.pr {
        Some(number) => number,
        None => {
            let path = std::env::var("GITHUB_EVENT_PATH")
                .map_err(|_| "no pull request: pass --pr N, or run on a pull_request event")?;
            let event = std::fs::read_to_string(&path)
                .map_err(|error| format!("cannot read GITHUB_EVENT_PATH {path}: {error}"))?;
            gates_core::event_pull_request_number(&event)
                .ok_or("the event is not about a pull request: pass --pr N")?
        }
    };
    Ok((PullRequest { api_url, repository, number }, token))
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

/// The API root, repository and token from flags and the GitHub Actions environment, or what is
/// missing.
pub(super) fn github_repository(args: &CommentArgs) -> Result<(String, String, String), String> {
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
    let api_url = std::env::var("GITHUB_API_URL")
        .ok()
        .filter(|url| !url.is_empty())
        .unwrap_or_else(|| "https://api.github.com".to_owned());
    Ok((api_url, repository, token))
}

/// The project and token from flags and GitLab CI's predefined variables, or what is missing.
pub(super) fn gitlab_project(args: &CommentArgs) -> Result<(Project, String), String> {
    let var = |name: &str| std::env::var(name).ok().filter(|value| !value.is_empty());
    let token = args.token.clone().filter(|token| !token.is_empty()).or_else(|| var("GITLAB_TOKEN")).ok_or(
        "no token: set GITLAB_TOKEN to a project or personal access token with the `api` scope \
         (a masked CI/CD variable; the CI job token cannot write through the API) or pass --token",
    )?;
    let api_url = var("CI_API_V4_URL").ok_or("CI_API_V4_URL is not set")?;
    let id = var("CI_PROJECT_ID").ok_or("CI_PROJECT_ID is not set")?;
    Ok((Project { api_url, id }, token))
}

/// The project, merge request IID and token from flags and GitLab CI's predefined variables, or
/// what is missing.
pub(super) fn gitlab_context(args: &CommentArgs) -> Result<(Project, u64, String), String> {
    let (project, token) = gitlab_project(args)?;
    let iid = match args.pr {
        Some(iid) => iid,
        None => {
            let iid = std::env::var("CI_MERGE_REQUEST_IID").ok().filter(|iid| !iid.is_empty()).ok_or(
                "no merge request: run the job in a merge request pipeline \
                 (`rules: - if: $CI_PIPELINE_SOURCE == \"merge_request_event\"`) or pass --pr IID",
            )?;
            iid.parse().map_err(|_| format!("CI_MERGE_REQUEST_IID is not a number: {iid:?}"))?
        }
    };
    Ok((project, iid, token))
}

/// The project as people know it: `CI_PROJECT_PATH` (`group/shop`), else its id.
pub(super) fn gitlab_name(project: &Project) -> String {
    let path = std::env::var("CI_PROJECT_PATH").ok().filter(|path| !path.is_empty());
    path.unwrap_or_else(|| format!("project {}", project.id))
}

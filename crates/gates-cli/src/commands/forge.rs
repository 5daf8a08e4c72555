//! The forge a job runs on (GitHub or GitLab) and what it takes to call its API: the change or
//! project, the token, a runtime. The comment, the size label and the tracked issue share them.

use std::io;

use crate::args::CommentArgs;
use crate::github::{GitHubError, PullRequest};
use crate::gitlab::{GitLabError, Project};

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
    pub(super) fn words(self) -> (&'static str, &'static str) {
        match self {
            Platform::GitHub => ("comment", "pull request"),
            Platform::GitLab => ("note", "merge request"),
        }
    }
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

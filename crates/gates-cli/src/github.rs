//! GitHub's side of the sticky comment (octocrab): the pull request's issue comments, listed page
//! by page, created, updated and deleted. Answers of 5xx and secondary rate limits are retried
//! with backoff; the token is only ever handed to octocrab, never formatted into a message.

use std::time::Duration;

use octocrab::Octocrab;
use serde::Deserialize;

use crate::labels::LabelHost;
use crate::sticky::{self, CommentHost, Posted};
use crate::tracked_issue::IssueHost;

/// Where the comment goes.
#[derive(Debug, Clone)]
pub(crate) struct PullRequest {
    /// The API root, e.g. `https://api.github.com` or a GitHub Enterprise `…/api/v3`.
    pub(crate) api_url: String,
    /// `owner/repo`.
    pub(crate) repository: String,
    pub(crate) number: u64,
}

#[derive(Debug, thiserror::Error)]
pub(crate) enum GitHubError {
    #[error(
        "GitHub refused to write the comment ({status}: {message}); give the job `permissions: pull-requests: write` (a pull request from a fork gets a read-only token)"
    )]
    Forbidden { status: u16, message: String },
    #[error(
        "GitHub answered 404 for {what}: check GITHUB_REPOSITORY, the pull request number and the token's access"
    )]
    NotFound { what: String },
    #[error("GitHub answered {status}: {message}")]
    Status { status: u16, message: String },
    #[error("cannot reach GitHub: {0}")]
    Transport(String),
}

#[derive(Debug, Deserialize)]
struct Comment {
    id: u64,
    #[serde(default)]
    body: Option<String>,
}

/// The API of one repository.
pub(crate) struct Client {
    crab: Octocrab,
    repository: String,
    backoff: Duration,
}

/// The comments of one pull request (or issue): the sticky comment's host.
pub(crate) struct Comments<'c> {
    client: &'c Client,
    number: u64,
}

impl Client {
    /// A client of `repository` (`owner/repo`) at the API root `api_url`.
    pub(crate) fn new(api_url: &str, repository: String, token: String) -> Result<Client, GitHubError> {
        let crab = Octocrab::builder()
            .base_uri(api_url)
            .map_err(|error| GitHubError::Transport(format!("invalid API URL {api_url}: {error}")))?
            .personal_token(token)
            .set_connect_timeout(Some(Duration::from_secs(10)))
            .set_read_timeout(Some(Duration::from_secs(30)))
            .build()
            .map_err(|error| GitHubError::Transport(error.to_string()))?;
        Ok(Client { crab, repository, backoff: sticky::first_backoff() })
    }

    /// The comments of pull request (or issue) `number`.
    pub(crate) fn comments(&self, number: u64) -> Comments<'_> {
        Comments { client: self, number }
    }

    /// The first comment of issue or pull request `number` carrying `marker`, searching every page.
    async fn find(&self, number: u64, marker: &str) -> Result<Option<Comment>, GitHubError> {
        let route = format!("/repos/{}/issues/{number}/comments", self.repository);
        let mut found = None;
        self.each_page(&route, "list the comments", |comments: Vec<Comment>| {
            found = comments
                .into_iter()
                .find(|comment| comment.body.as_deref().is_some_and(|body| body.contains(marker)));
            found.is_some()
        })
        .await?;
        Ok(found)
    }

    /// Hands every page of a list (100 items a page) to `visit`, until it returns true.
    pub(crate) async fn each_page<T: serde::de::DeserializeOwned>(
        &self,
        route: &str,
        what: &str,
        mut visit: impl FnMut(Vec<T>) -> bool,
    ) -> Result<(), GitHubError> {
        let mut page: octocrab::Page<T> = self
            .retry(what, || async { self.crab.get(route, Some(&[("per_page", "100"), ("page", "1")])).await })
            .await?;
        loop {
            let next = page.next.clone();
            if visit(std::mem::take(&mut page.items)) {
                return Ok(());
            }
            let Some(next) = next else { return Ok(()) };
            let next_page: Option<octocrab::Page<T>> =
                self.retry(what, || async { self.crab.get_page(&Some(next.clone())).await }).await?;
            match next_page {
                Some(next_page) => page = next_page,
                None => return Ok(()),
            }
        }
    }

    /// Runs `request`, retrying 5xx and secondary-rate-limit answers with exponential backoff.
    pub(crate) async fn retry<T, F, Fut>(&self, what: &str, request: F) -> Result<T, GitHubError>
    where
        F: Fn() -> Fut,
        Fut: std::future::Future<Output = octocrab::Result<T>>,
    {
        sticky::with_retries(self.backoff, Duration::ZERO, || async {
            request().await.map_err(|error| {
                let error = classify(error, what);
                let retryable = match &error {
                    GitHubError::Status { status, .. } => *status >= 500,
                    GitHubError::Forbidden { message, .. } => is_rate_limit(message),
                    GitHubError::Transport(_) => true,
                    GitHubError::NotFound { .. } => false,
                };
                sticky::Failed { error, retryable, retry_after: None }
            })
        })
        .await
    }
}

/// How many times a pull request is read while GitHub is still computing `mergeable`.
const MERGEABLE_ATTEMPTS: u32 = 5;

#[derive(Debug, Deserialize)]
struct Review {
    #[serde(default)]
    user: Option<Login>,
    state: String,
}

#[derive(Debug, Deserialize)]
struct Login {
    login: String,
}

#[derive(Debug, Deserialize)]
struct PullRequestState {
    #[serde(default)]
    mergeable: Option<bool>,
}

impl Client {
    /// Reviewers whose latest approving-or-not review approves. Comments neither grant nor
    /// withdraw an approval; a dismissal or a request for changes withdraws it.
    pub(crate) async fn approvals(&self, number: u64) -> Result<u64, GitHubError> {
        let route = format!("/repos/{}/pulls/{number}/reviews", self.repository);
        let mut latest: std::collections::BTreeMap<String, String> = std::collections::BTreeMap::new();
        self.each_page(&route, "list the reviews", |reviews: Vec<Review>| {
            for review in reviews {
                let Some(user) = review.user else { continue };
                if matches!(review.state.as_str(), "APPROVED" | "CHANGES_REQUESTED" | "DISMISSED") {
                    latest.insert(user.login, review.state);
                }
            }
            false
        })
        .await?;
        Ok(latest.values().filter(|state| *state == "APPROVED").count() as u64)
    }

    /// Review threads not resolved, through GraphQL (100 a page).
    pub(crate) async fn unresolved_threads(&self, number: u64) -> Result<u64, GitHubError> {
        let (owner, name) = self.repository.split_once('/').unwrap_or_default();
        let query = "query($owner: String!, $name: String!, $number: Int!, $after: String) { \
            repository(owner: $owner, name: $name) { pullRequest(number: $number) { \
            reviewThreads(first: 100, after: $after) { nodes { isResolved } \
            pageInfo { hasNextPage endCursor } } } } }";
        let mut after: Option<String> = None;
        let mut unresolved = 0;
        loop {
            let body = serde_json::json!({
                "query": query,
                "variables": { "owner": owner, "name": name, "number": number, "after": after },
            });
            let answer: serde_json::Value = self
                .retry("read the review threads", || async { self.crab.post("/graphql", Some(&body)).await })
                .await?;
            if let Some(errors) = answer.get("errors").and_then(serde_json::Value::as_array) {
                let message = errors
                    .iter()
                    .filter_map(|error| error.get("message").and_then(serde_json::Value::as_str))
                    .collect::<Vec<_>>()
                    .join("; ");
                return Err(GitHubError::Status { status: 200, message: format!("GraphQL: {message}") });
            }
            let threads = answer.pointer("/data/repository/pullRequest/reviewThreads").ok_or_else(|| {
                GitHubError::Status {
                    status: 200,
                    message: "GraphQL answer without reviewThreads".to_owned(),
                }
            })?;
            let nodes =
                threads.get("nodes").and_then(serde_json::Value::as_array).map_or(&[][..], Vec::as_slice);
            unresolved += nodes
                .iter()
                .filter(|node| node.get("isResolved").and_then(serde_json::Value::as_bool) == Some(false))
                .count() as u64;
            let next = threads.pointer("/pageInfo/hasNextPage").and_then(serde_json::Value::as_bool);
            let cursor = threads.pointer("/pageInfo/endCursor").and_then(serde_json::Value::as_str);
            match (next, cursor) {
                (Some(true), Some(cursor)) => after = Some(cursor.to_owned()),
                _ => return Ok(unresolved),
            }
        }
    }

    /// Whether the pull request merges cleanly. GitHub computes it lazily (`null` until it has),
    /// so the pull request is read again a few times while it is unknown.
    pub(crate) async fn mergeable(&self, number: u64) -> Result<Option<bool>, GitHubError> {
        let route = format!("/repos/{}/pulls/{number}", self.repository);
        for attempt in 1..=MERGEABLE_ATTEMPTS {
            let state: PullRequestState = self
                .retry("read the pull request", || async { self.crab.get(route.as_str(), None::<&()>).await })
                .await?;
            if state.mergeable.is_some() {
                return Ok(state.mergeable);
            }
            if attempt < MERGEABLE_ATTEMPTS {
                tokio::time::sleep(sticky::backoff_after(self.backoff, attempt)).await;
            }
        }
        Ok(None)
    }
}

impl CommentHost for Comments<'_> {
    type Error = GitHubError;

    async fn find_marked(&self, marker: &str) -> Result<Option<Posted>, GitHubError> {
        let found = self.client.find(self.number, marker).await?;
        Ok(found.map(|comment| Posted { id: comment.id, body: comment.body.unwrap_or_default() }))
    }

    async fn create(&self, body: &str) -> Result<(), GitHubError> {
        let client = self.client;
        let route = format!("/repos/{}/issues/{}/comments", client.repository, self.number);
        client.post(&route, "create the comment", &serde_json::json!({ "body": body })).await
    }

    async fn update(&self, id: u64, body: &str) -> Result<(), GitHubError> {
        let client = self.client;
        let route = format!("/repos/{}/issues/comments/{id}", client.repository);
        client.patch(&route, "update the comment", &serde_json::json!({ "body": body })).await
    }

    async fn delete(&self, id: u64) -> Result<(), GitHubError> {
        let client = self.client;
        let route = format!("/repos/{}/issues/comments/{id}", client.repository);
        client
            .retry("delete the comment", || async {
                client.crab._delete(route.as_str(), None::<&()>).await.map(drop)
            })
            .await
    }
}

#[derive(Debug, Deserialize)]
struct Issue {
    number: u64,
    #[serde(default)]
    body: Option<String>,
    /// Present on pull requests, which the issues list includes.
    #[serde(default)]
    pull_request: Option<serde_json::Value>,
}

impl IssueHost for Client {
    type Error = GitHubError;

    async fn find_open(&self, marker: &str) -> Result<Option<u64>, GitHubError> {
        // The issues list is of open issues by default, oldest last: every page is read.
        let route = format!("/repos/{}/issues", self.repository);
        let mut oldest = None;
        self.each_page(&route, "list the issues", |issues: Vec<Issue>| {
            let marked = issues.into_iter().filter(|issue| {
                issue.pull_request.is_none()
                    && issue.body.as_deref().is_some_and(|body| body.contains(marker))
            });
            if let Some(last) = marked.map(|issue| issue.number).next_back() {
                oldest = Some(last);
            }
            false
        })
        .await?;
        Ok(oldest)
    }

    async fn open(&self, title: &str, body: &str) -> Result<u64, GitHubError> {
        let route = format!("/repos/{}/issues", self.repository);
        let payload = serde_json::json!({ "title": title, "body": body });
        let opened: Issue = self
            .retry("open the issue", || async { self.crab.post(route.as_str(), Some(&payload)).await })
            .await?;
        Ok(opened.number)
    }

    async fn comment(&self, number: u64, body: &str) -> Result<(), GitHubError> {
        self.comments(number).create(body).await
    }

    async fn close(&self, number: u64) -> Result<(), GitHubError> {
        let route = format!("/repos/{}/issues/{number}", self.repository);
        self.patch(&route, "close the issue", &serde_json::json!({ "state": "closed" })).await
    }
}

#[derive(Debug, Deserialize)]
struct Label {
    name: String,
}

/// The labels of one pull request: the size label's host.
pub(crate) struct Labels<'c> {
    client: &'c Client,
    number: u64,
}

impl Client {
    /// The labels of pull request (or issue) `number`.
    pub(crate) fn labels(&self, number: u64) -> Labels<'_> {
        Labels { client: self, number }
    }
}

impl LabelHost for Labels<'_> {
    type Error = GitHubError;

    async fn labels(&self) -> Result<Vec<String>, GitHubError> {
        let route = format!("/repos/{}/issues/{}/labels", self.client.repository, self.number);
        let mut names = Vec::new();
        self.client
            .each_page(&route, "list the labels", |labels: Vec<Label>| {
                names.extend(labels.into_iter().map(|label| label.name));
                false
            })
            .await?;
        Ok(names)
    }

    async fn relabel(&self, add: Option<&str>, remove: &[&str]) -> Result<(), GitHubError> {
        let client = self.client;
        let route = format!("/repos/{}/issues/{}/labels", client.repository, self.number);
        for label in remove {
            let one = format!("{route}/{}", crate::url_path::segment(label));
            client
                .retry("remove the label", || async {
                    client.crab._delete(one.as_str(), None::<&()>).await.map(drop)
                })
                .await?;
        }
        match add {
            Some(label) => {
                client.post(&route, "add the label", &serde_json::json!({ "labels": [label] })).await
            }
            None => Ok(()),
        }
    }
}

impl Client {
    /// POSTs `payload` to `route`, with retries; the answer is not read.
    pub(crate) async fn post(
        &self,
        route: &str,
        what: &str,
        payload: &serde_json::Value,
    ) -> Result<(), GitHubError> {
        self.retry(what, || async {
            self.crab.post::<_, serde_json::Value>(route, Some(payload)).await.map(drop)
        })
        .await
    }

    /// PATCHes `route` with `payload`, with retries; the answer is not read.
    pub(crate) async fn patch(
        &self,
        route: &str,
        what: &str,
        payload: &serde_json::Value,
    ) -> Result<(), GitHubError> {
        self.retry(what, || async {
            self.crab.patch::<serde_json::Value, _, _>(route, Some(payload)).await.map(drop)
        })
        .await
    }
}

fn is_rate_limit(message: &str) -> bool {
    let message = message.to_ascii_lowercase();
    message.contains("rate limit")
}

fn classify(error: octocrab::Error, what: &str) -> GitHubError {
    match error {
        octocrab::Error::GitHub { source, .. } => {
            let status = source.status_code.as_u16();
            let message = source.message.clone();
            match status {
                401 | 403 | 429 => GitHubError::Forbidden { status, message },
                404 => GitHubError::NotFound { what: format!("an attempt to {what}") },
                _ => GitHubError::Status { status, message },
            }
        }
        other => GitHubError::Transport(other.to_string()),
    }
}

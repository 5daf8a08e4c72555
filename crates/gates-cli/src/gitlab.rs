//! GitLab's side of the sticky comment (one merge-request note, `/projects/:id/merge_requests/:iid/notes`),
//! the size label (`PUT /projects/:id/merge_requests/:iid` with `add_labels` and `remove_labels`)
//! and the tracked issue (`/projects/:id/issues` and their notes), through the REST API v4. HTTP
//! goes through hyper-util's client and the rustls connector octocrab already builds on. 5xx and
//! 429 answers are retried with backoff; lists are read 100 a page, following `X-Next-Page`; the
//! token travels only in the `PRIVATE-TOKEN` header and is cut out of any text GitLab sends back.

use std::time::Duration;

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::header::{ACCEPT, CONTENT_TYPE, HeaderValue, RETRY_AFTER, USER_AGENT};
use hyper::{Method, Request, StatusCode, Uri};
use hyper_util::client::legacy::Client as HttpClient;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use serde::Deserialize;

use crate::labels::LabelHost;
use crate::sticky::{self, CommentHost, Posted};
use crate::tracked_issue::IssueHost;

/// The project the calls go to.
#[derive(Debug, Clone)]
pub(crate) struct Project {
    /// The API root, `CI_API_V4_URL`: e.g. `https://gitlab.com/api/v4`.
    pub(crate) api_url: String,
    /// The numeric project id (`CI_PROJECT_ID`) or its `group/project` path.
    pub(crate) id: String,
}

#[derive(Debug, thiserror::Error)]
pub(crate) enum GitLabError {
    #[error(
        "GitLab refused to {what} ({status}: {message}); the CI job token cannot write through the API: set GITLAB_TOKEN to a project or personal access token with the `api` scope (a masked CI/CD variable)"
    )]
    Unauthorized { what: &'static str, status: u16, message: String },
    #[error(
        "GitLab answered 404 when trying to {what}: check CI_PROJECT_ID (and the merge request IID) and that the token's user can see the project"
    )]
    NotFound { what: &'static str },
    #[error("GitLab answered {status} when trying to {what}: {message}")]
    Status { what: &'static str, status: u16, message: String },
    #[error("cannot reach GitLab to {what}: {message}")]
    Transport { what: &'static str, message: String },
    #[error("unexpected answer from GitLab when trying to {what}: {message}")]
    Answer { what: &'static str, message: String },
}

#[derive(Debug, Deserialize)]
struct Note {
    id: u64,
    #[serde(default)]
    body: Option<String>,
    /// Notes GitLab writes itself ("added 1 commit", "approved this merge request").
    #[serde(default)]
    system: bool,
}

/// An issue, as the issues list and a new issue's answer give it.
#[derive(Debug, Deserialize)]
struct Issue {
    /// The number within the project (`#12`).
    iid: u64,
    #[serde(default)]
    description: Option<String>,
}

/// A merge request, as far as its labels go.
#[derive(Debug, Deserialize)]
struct MergeRequestLabels {
    #[serde(default)]
    labels: Vec<String>,
}

/// A successful answer: its body and, for lists, the next page GitLab announced.
struct Answer {
    body: Bytes,
    next_page: Option<u32>,
}

const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// The longest `Retry-After` honoured; a longer one waits this long.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);

type Https = HttpClient<hyper_rustls::HttpsConnector<HttpConnector>, Full<Bytes>>;

/// The API of one project.
pub(crate) struct Client {
    http: Https,
    /// `…/api/v4/projects/:id`.
    project_url: String,
    token: String,
    backoff: Duration,
}

/// One merge request: the sticky note's and the size label's host.
pub(crate) struct MergeRequest<'c> {
    client: &'c Client,
    iid: u64,
}

impl Client {
    pub(crate) fn new(project: &Project, token: String) -> Result<Client, GitLabError> {
        let what = "connect";
        let api_url = project.api_url.trim_end_matches('/');
        let parsed: Uri = api_url.parse().map_err(|error| GitLabError::Transport {
            what,
            message: format!("invalid API URL {api_url}: {error}"),
        })?;
        if !matches!(parsed.scheme_str(), Some("https" | "http")) {
            let message = format!("invalid API URL {api_url}: expected an http(s) URL such as CI_API_V4_URL");
            return Err(GitLabError::Transport { what, message });
        }
        if HeaderValue::from_str(&token).is_err() {
            let message = "the token has characters an HTTP header cannot carry".to_owned();
            return Err(GitLabError::Transport { what, message });
        }
        let mut connector = HttpConnector::new();
        connector.enforce_http(false);
        connector.set_connect_timeout(Some(CONNECT_TIMEOUT));
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_provider_and_native_roots(rustls::crypto::ring::default_provider())
            .map_err(|error| GitLabError::Transport {
                what,
                message: format!("cannot load the system's CA certificates: {error}"),
            })?
            .https_or_http()
            .enable_http1()
            .wrap_connector(connector);
        let http = HttpClient::builder(TokioExecutor::new()).build(https);
        let project_url = format!("{api_url}/projects/{}", crate::url_path::segment(&project.id));
        Ok(Client { http, project_url, token, backoff: sticky::first_backoff() })
    }

    /// Merge request `iid` of the project.
    pub(crate) fn merge_request(&self, iid: u64) -> MergeRequest<'_> {
        MergeRequest { client: self, iid }
    }

    /// Hands every page of the list at `url` (which has a query already) to `visit`, 100 items a
    /// page, until it returns true or `X-Next-Page` is empty.
    async fn each_page<T: serde::de::DeserializeOwned>(
        &self,
        what: &'static str,
        url: &str,
        mut visit: impl FnMut(Vec<T>) -> bool,
    ) -> Result<(), GitLabError> {
        let mut page: u32 = 1;
        loop {
            let answer =
                self.send(what, Method::GET, &format!("{url}&per_page=100&page={page}"), None).await?;
            let items: Vec<T> = read(what, "a JSON list", &answer.body)?;
            if visit(items) {
                return Ok(());
            }
            match answer.next_page {
                None => return Ok(()),
                Some(next) if next > page => page = next,
                Some(next) => {
                    let message = format!("X-Next-Page {next} after page {page} would never end");
                    return Err(GitLabError::Answer { what, message });
                }
            }
        }
    }

    /// Sends one request, retrying 5xx, 429 and transport failures with exponential backoff.
    async fn send(
        &self,
        what: &'static str,
        method: Method,
        url: &str,
        payload: Option<&serde_json::Value>,
    ) -> Result<Answer, GitLabError> {
        sticky::with_retries(self.backoff, MAX_RETRY_AFTER, || async {
            self.send_once(what, method.clone(), url, payload).await.map_err(|(error, retry_after)| {
                let retryable = match &error {
                    GitLabError::Status { status, .. } => *status >= 500 || *status == 429,
                    GitLabError::Transport { .. } => true,
                    GitLabError::Unauthorized { .. }
                    | GitLabError::NotFound { .. }
                    | GitLabError::Answer { .. } => false,
                };
                sticky::Failed { error, retryable, retry_after }
            })
        })
        .await
    }

    /// One attempt; a failure comes with the `Retry-After` GitLab asked for, if any.
    async fn send_once(
        &self,
        what: &'static str,
        method: Method,
        url: &str,
        payload: Option<&serde_json::Value>,
    ) -> Result<Answer, (GitLabError, Option<Duration>)> {
        let transport = |message: String| (GitLabError::Transport { what, message }, None);
        let mut token = HeaderValue::from_str(&self.token)
            .map_err(|_| transport("the token cannot be sent as a header".to_owned()))?;
        token.set_sensitive(true);
        let mut request = Request::builder()
            .method(method)
            .uri(url)
            .header("PRIVATE-TOKEN", token)
            .header(ACCEPT, "application/json")
            .header(USER_AGENT, concat!("gates/", env!("CARGO_PKG_VERSION")));
        if payload.is_some() {
            request = request.header(CONTENT_TYPE, "application/json");
        }
        let payload = payload.map(serde_json::Value::to_string).unwrap_or_default();
        let request = request
            .body(Full::new(Bytes::from(payload)))
            .map_err(|error| transport(format!("cannot build the request: {error}")))?;
        let exchange = async {
            let response = self.http.request(request).await.map_err(|error| describe(&error))?;
            let (parts, body) = response.into_parts();
            let bytes = body.collect().await.map_err(|error| error.to_string())?.to_bytes();
            Ok::<_, String>((parts, bytes))
        };
        let (parts, bytes) = match tokio::time::timeout(REQUEST_TIMEOUT, exchange).await {
            Ok(Ok(answer)) => answer,
            Ok(Err(message)) => return Err(transport(self.redact(&message))),
            Err(_) => return Err(transport(format!("no answer within {} s", REQUEST_TIMEOUT.as_secs()))),
        };
        let status = parts.status;
        if status.is_success() {
            let next_page = parts
                .headers
                .get("x-next-page")
                .and_then(|value| value.to_str().ok())
                .map(str::trim)
                .filter(|value| !value.is_empty())
                .map(|value| {
                    value.parse().map_err(|_| {
                        let message = format!("X-Next-Page is not a page number: {value:?}");
                        (GitLabError::Answer { what, message }, None)
                    })
                })
                .transpose()?;
            return Ok(Answer { body: bytes, next_page });
        }
        let message = self.redact(&error_message(&bytes));
        let retry_after = parts
            .headers
            .get(RETRY_AFTER)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.trim().parse().ok())
            .map(Duration::from_secs);
        let error = match status {
            StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => {
                GitLabError::Unauthorized { what, status: status.as_u16(), message }
            }
            StatusCode::NOT_FOUND => GitLabError::NotFound { what },
            _ => GitLabError::Status { what, status: status.as_u16(), message },
        };
        Err((error, retry_after))
    }

    /// `text` with the token cut out, in case a server or proxy echoes it.
    fn redact(&self, text: &str) -> String {
        if self.token.is_empty() { text.to_owned() } else { text.replace(&self.token, "[token]") }
    }
}

impl MergeRequest<'_> {
    fn notes_url(&self) -> String {
        format!("{}/merge_requests/{}/notes", self.client.project_url, self.iid)
    }
}

impl CommentHost for MergeRequest<'_> {
    type Error = GitLabError;

    /// Pages through every note, oldest first.
    async fn find_marked(&self, marker: &str) -> Result<Option<Posted>, GitLabError> {
        let url = format!("{}?sort=asc&order_by=created_at", self.notes_url());
        let mut found = None;
        self.client
            .each_page("list the merge request's notes", &url, |notes: Vec<Note>| {
                found = notes.into_iter().find(|note| {
                    !note.system && note.body.as_deref().is_some_and(|body| body.contains(marker))
                });
                found.is_some()
            })
            .await?;
        Ok(found.map(|note| Posted { id: note.id, body: note.body.unwrap_or_default() }))
    }

    async fn create(&self, body: &str) -> Result<(), GitLabError> {
        let payload = serde_json::json!({ "body": body });
        self.client.send("create the note", Method::POST, &self.notes_url(), Some(&payload)).await.map(drop)
    }

    async fn update(&self, id: u64, body: &str) -> Result<(), GitLabError> {
        let url = format!("{}/{id}", self.notes_url());
        let payload = serde_json::json!({ "body": body });
        self.client.send("update the note", Method::PUT, &url, Some(&payload)).await.map(drop)
    }

    async fn delete(&self, id: u64) -> Result<(), GitLabError> {
        let url = format!("{}/{id}", self.notes_url());
        self.client.send("delete the note", Method::DELETE, &url, None).await.map(drop)
    }
}

impl LabelHost for MergeRequest<'_> {
    type Error = GitLabError;

    async fn labels(&self) -> Result<Vec<String>, GitLabError> {
        let what = "read the merge request's labels";
        let url = format!("{}/merge_requests/{}", self.client.project_url, self.iid);
        let answer = self.client.send(what, Method::GET, &url, None).await?;
        let merge_request: MergeRequestLabels = read(what, "a merge request", &answer.body)?;
        Ok(merge_request.labels)
    }

    /// One update: GitLab takes the labels to add and to remove as comma-separated lists (a
    /// GitLab label's name holds no comma).
    async fn relabel(&self, add: Option<&str>, remove: &[&str]) -> Result<(), GitLabError> {
        let what = "change the merge request's labels";
        if let Some(label) = add.into_iter().chain(remove.iter().copied()).find(|label| label.contains(',')) {
            let message = format!("the label {label:?} has a comma, which GitLab's label names cannot hold");
            return Err(GitLabError::Answer { what, message });
        }
        let url = format!("{}/merge_requests/{}", self.client.project_url, self.iid);
        let payload =
            serde_json::json!({ "add_labels": add.unwrap_or_default(), "remove_labels": remove.join(",") });
        self.client.send(what, Method::PUT, &url, Some(&payload)).await.map(drop)
    }
}

impl IssueHost for Client {
    type Error = GitLabError;

    /// Pages through the open issues, oldest first, until one's description has `marker`.
    async fn find_open(&self, marker: &str) -> Result<Option<u64>, GitLabError> {
        let url = format!("{}/issues?state=opened&order_by=created_at&sort=asc", self.project_url);
        let mut found = None;
        self.each_page("list the open issues", &url, |issues: Vec<Issue>| {
            found = issues
                .into_iter()
                .find(|issue| issue.description.as_deref().is_some_and(|text| text.contains(marker)))
                .map(|issue| issue.iid);
            found.is_some()
        })
        .await?;
        Ok(found)
    }

    async fn open(&self, title: &str, body: &str) -> Result<u64, GitLabError> {
        let what = "open the issue";
        let url = format!("{}/issues", self.project_url);
        let payload = serde_json::json!({ "title": title, "description": body });
        let answer = self.send(what, Method::POST, &url, Some(&payload)).await?;
        let opened: Issue = read(what, "an issue", &answer.body)?;
        Ok(opened.iid)
    }

    async fn comment(&self, number: u64, body: &str) -> Result<(), GitLabError> {
        let url = format!("{}/issues/{number}/notes", self.project_url);
        let payload = serde_json::json!({ "body": body });
        self.send("comment on the issue", Method::POST, &url, Some(&payload)).await.map(drop)
    }

    async fn close(&self, number: u64) -> Result<(), GitLabError> {
        let url = format!("{}/issues/{number}", self.project_url);
        let payload = serde_json::json!({ "state_event": "close" });
        self.send("close the issue", Method::PUT, &url, Some(&payload)).await.map(drop)
    }
}

/// The typed `T` from an answer's body; `expected` names it in the error.
fn read<T: serde::de::DeserializeOwned>(
    what: &'static str,
    expected: &str,
    body: &[u8],
) -> Result<T, GitLabError> {
    serde_json::from_slice(body)
        .map_err(|error| GitLabError::Answer { what, message: format!("expected {expected}: {error}") })
}

/// A transport error with its causes ("client error (Connect): tcp connect error: Connection refused").
fn describe(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// GitLab's reason from an error body (`{"message": …}` or `{"error": …}`), else the start of the text.
fn error_message(body: &[u8]) -> String {
    #[derive(Deserialize)]
    struct ErrorBody {
        #[serde(default)]
        message: Option<serde_json::Value>,
        #[serde(default)]
        error: Option<serde_json::Value>,
    }
    let from_json = serde_json::from_slice::<ErrorBody>(body).ok().and_then(|parsed| {
        parsed.message.or(parsed.error).map(|value| match value {
            serde_json::Value::String(text) => text,
            other => other.to_string(),
        })
    });
    let text = from_json.unwrap_or_else(|| String::from_utf8_lossy(body).trim().to_owned());
    if text.is_empty() { "no details".to_owned() } else { text.chars().take(300).collect() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_message_prefers_gitlab_reason() {
        assert_eq!(error_message(br#"{"message":"403 Forbidden"}"#), "403 Forbidden");
        assert_eq!(error_message(br#"{"error":"insufficient_scope"}"#), "insufficient_scope");
        assert_eq!(error_message(br#"{"message":{"note":["is too long"]}}"#), r#"{"note":["is too long"]}"#);
        assert_eq!(error_message(b"<html>Bad Gateway</html>"), "<html>Bad Gateway</html>");
        assert_eq!(error_message(b""), "no details");
    }
}

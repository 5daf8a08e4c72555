//! One sticky comment per change, whatever the platform: find the comment that carries the hidden
//! marker, then create, update, leave or delete it. Each platform's client only knows its own API.

use std::fmt::Display;
use std::time::Duration;

/// What to do with the comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum CommentMode {
    /// Create the comment, or update it in place.
    Always,
    /// Update only when the report changed (no notification for an identical report).
    Changed,
    /// Like `always`, but delete the comment once every gate passes.
    DeleteOnPass,
}

/// What was done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CommentAction {
    Created,
    Updated,
    Unchanged,
    Deleted,
    NothingToDelete,
}

/// A comment already on the pull or merge request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Posted {
    pub(crate) id: u64,
    pub(crate) body: String,
}

/// The four calls a platform answers for its comments (GitHub) or notes (GitLab).
pub(crate) trait CommentHost {
    type Error: Display;
    /// The oldest comment written by people or bots (not the platform itself) that contains `marker`.
    async fn find_marked(&self, marker: &str) -> Result<Option<Posted>, Self::Error>;
    async fn create(&self, body: &str) -> Result<(), Self::Error>;
    async fn update(&self, id: u64, body: &str) -> Result<(), Self::Error>;
    async fn delete(&self, id: u64) -> Result<(), Self::Error>;
}

/// Makes the one comment that carries `marker` say `body`, or go away when `passed` in
/// `delete-on-pass` mode.
pub(crate) async fn sync<H: CommentHost>(
    host: &H,
    marker: &str,
    body: &str,
    mode: CommentMode,
    passed: bool,
) -> Result<CommentAction, H::Error> {
    let existing = host.find_marked(marker).await?;
    match (existing, passed && mode == CommentMode::DeleteOnPass) {
        (Some(posted), true) => {
            host.delete(posted.id).await?;
            Ok(CommentAction::Deleted)
        }
        (None, true) => Ok(CommentAction::NothingToDelete),
        (Some(posted), false) if mode == CommentMode::Changed && posted.body == body => {
            Ok(CommentAction::Unchanged)
        }
        (Some(posted), false) => {
            host.update(posted.id, body).await?;
            Ok(CommentAction::Updated)
        }
        (None, false) => {
            host.create(body).await?;
            Ok(CommentAction::Created)
        }
    }
}

/// Attempts per request before giving up on 5xx and rate-limit answers.
pub(crate) const ATTEMPTS: u32 = 4;

/// The wait before the first retry; it doubles after each. Real runs wait 1 s, 2 s, 4 s; tests
/// shorten it with `GATES_HTTP_BACKOFF_MS`.
pub(crate) fn first_backoff() -> Duration {
    let ms = std::env::var("GATES_HTTP_BACKOFF_MS").ok().and_then(|ms| ms.parse().ok()).unwrap_or(1000);
    Duration::from_millis(ms)
}

/// The wait after failed attempt number `attempt` (1-based).
pub(crate) fn backoff_after(first: Duration, attempt: u32) -> Duration {
    first.saturating_mul(2u32.saturating_pow(attempt.saturating_sub(1)))
}

/// A failed attempt: the error, whether trying again may help, and how long the platform asked
/// to wait (`Retry-After`), if it did.
pub(crate) struct Failed<E> {
    pub(crate) error: E,
    pub(crate) retryable: bool,
    pub(crate) retry_after: Option<Duration>,
}

/// Runs `attempt` until it succeeds, fails for good or has been tried [`ATTEMPTS`] times; the
/// waits between tries double from `first`, or are longer where the platform asked (up to
/// `max_retry_after`).
pub(crate) async fn with_retries<T, E, F, Fut>(
    first: Duration,
    max_retry_after: Duration,
    mut attempt: F,
) -> Result<T, E>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, Failed<E>>>,
{
    let mut tried = 0;
    loop {
        tried += 1;
        let failed = match attempt().await {
            Ok(value) => return Ok(value),
            Err(failed) => failed,
        };
        if !failed.retryable || tried >= ATTEMPTS {
            return Err(failed.error);
        }
        let wait = backoff_after(first, tried);
        tokio::time::sleep(failed.retry_after.map_or(wait, |after| after.min(max_retry_after).max(wait)))
            .await;
    }
}

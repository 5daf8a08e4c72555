//! One tracked issue for a failing scheduled run, whatever the platform: found again by a hidden
//! marker, opened on the first failure, commented on while the run keeps failing, and closed
//! with a comment once it passes. Each platform's client only knows its own API.

use std::fmt::Display;

/// What was done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum IssueAction {
    Opened(u64),
    Commented(u64),
    Closed(u64),
    NothingOpen,
}

/// The calls a platform answers for its issues.
pub(crate) trait IssueHost {
    type Error: Display;
    /// The number of the oldest open issue whose description contains `marker`.
    async fn find_open(&self, marker: &str) -> Result<Option<u64>, Self::Error>;
    /// Opens an issue; returns its number.
    async fn open(&self, title: &str, body: &str) -> Result<u64, Self::Error>;
    async fn comment(&self, number: u64, body: &str) -> Result<(), Self::Error>;
    async fn close(&self, number: u64) -> Result<(), Self::Error>;
}

/// Keeps the one issue carrying `marker` in step with the run: `report` is the Markdown report.
pub(crate) async fn sync<H: IssueHost>(
    host: &H,
    marker: &str,
    title: &str,
    report: &str,
    failing: bool,
) -> Result<IssueAction, H::Error> {
    let open = host.find_open(marker).await?;
    match (open, failing) {
        (None, true) => {
            let body = format!(
                "{marker}\nThe scheduled gates run fails; gates updates this issue while it does and closes it when the run passes.\n\n{report}"
            );
            Ok(IssueAction::Opened(host.open(title, &body).await?))
        }
        (Some(number), true) => {
            host.comment(number, &format!("Still failing:\n\n{report}")).await?;
            Ok(IssueAction::Commented(number))
        }
        (Some(number), false) => {
            host.comment(number, &format!("Passing again; closing.\n\n{report}")).await?;
            host.close(number).await?;
            Ok(IssueAction::Closed(number))
        }
        (None, false) => Ok(IssueAction::NothingOpen),
    }
}

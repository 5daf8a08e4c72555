//! GitHub Actions event payloads (`$GITHUB_EVENT_PATH`): the pull request of a `pull_request`
//! or `pull_request_target` event.

use serde_json::Value;

use crate::model::{ChangeSize, EventPullRequest};

/// An event payload that is not a pull request's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EventError {
    /// Not JSON.
    #[error("not valid JSON: line {line}, column {column}: {message}")]
    NotJson {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// serde_json's description.
        message: String,
    },
    /// No `pull_request` object, or no title in it.
    #[error("not a pull request event: {0}")]
    NotPullRequest(&'static str),
}

impl EventPullRequest {
    /// Reads the pull request from a GitHub Actions event payload (`$GITHUB_EVENT_PATH`).
    pub fn from_json(text: &str) -> Result<Self, EventError> {
        let document: Value = serde_json::from_str(text).map_err(|error| EventError::NotJson {
            line: error.line(),
            column: error.column(),
            message: error.to_string(),
        })?;
        let pull_request = document
            .get("pull_request")
            .filter(|value| value.is_object())
            .ok_or(EventError::NotPullRequest("it has no `pull_request` object"))?;
        let title = pull_request
            .get("title")
            .and_then(Value::as_str)
            .ok_or(EventError::NotPullRequest("its `pull_request` has no `title`"))?;
        let count = |key: &str| pull_request.get(key).and_then(Value::as_u64);
        let size = match (count("additions"), count("deletions"), count("changed_files")) {
            (Some(additions), Some(deletions), Some(files)) => {
                Some(ChangeSize { lines: additions.saturating_add(deletions), files })
            }
            _ => None,
        };
        let number = count("number").or_else(|| document.get("number").and_then(Value::as_u64));
        let base_ref = pull_request.get("base").and_then(|base| base.get("ref")).and_then(Value::as_str);
        let body = pull_request.get("body").map(|body| body.as_str().unwrap_or_default().to_owned());
        Ok(Self { number, title: title.to_owned(), size, base_ref: base_ref.map(str::to_owned), body })
    }
}

/// The pull request a GitHub Actions event payload is about: that of a `pull_request` or
/// `pull_request_target` event, or the issue of an `issue_comment` on a pull request.
pub fn event_pull_request_number(text: &str) -> Option<u64> {
    let document: Value = serde_json::from_str(text).ok()?;
    let number = |key: &str| document.get(key)?.get("number")?.as_u64();
    number("pull_request").or_else(|| number("issue")).or_else(|| document.get("number")?.as_u64())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_payloads_give_title_number_and_size() {
        let payload = r#"{"action": "synchronize", "number": 42, "pull_request": {"number": 42,
            "title": "feat: add LCOV", "additions": 120, "deletions": 30, "changed_files": 7}}"#;
        let pull_request = EventPullRequest::from_json(payload).unwrap();
        assert_eq!(pull_request.number, Some(42));
        assert_eq!(pull_request.title, "feat: add LCOV");
        assert_eq!(pull_request.size, Some(ChangeSize { lines: 150, files: 7 }));
        assert_eq!(pull_request.base_ref, None);
        let based = r#"{"pull_request": {"title": "fix: x", "base": {"ref": "release/2"}}}"#;
        assert_eq!(EventPullRequest::from_json(based).unwrap().base_ref.as_deref(), Some("release/2"));
        assert_eq!(pull_request.body, None);
        let described = r#"{"pull_request": {"title": "t", "body": "Fixes #1"}}"#;
        assert_eq!(EventPullRequest::from_json(described).unwrap().body.as_deref(), Some("Fixes #1"));
        let null_body = r#"{"pull_request": {"title": "t", "body": null}}"#;
        assert_eq!(EventPullRequest::from_json(null_body).unwrap().body.as_deref(), Some(""));
        let push = r#"{"ref": "refs/heads/main", "commits": []}"#;
        assert_eq!(
            EventPullRequest::from_json(push).unwrap_err().to_string(),
            "not a pull request event: it has no `pull_request` object"
        );
        assert!(matches!(EventPullRequest::from_json("{"), Err(EventError::NotJson { line: 1, .. })));
    }

    #[test]
    fn the_number_comes_from_the_pull_request_or_the_commented_issue() {
        assert_eq!(event_pull_request_number(r#"{"number": 1, "pull_request": {"number": 7}}"#), Some(7));
        assert_eq!(event_pull_request_number(r#"{"issue": {"number": 9}, "comment": {}}"#), Some(9));
        assert_eq!(event_pull_request_number(r#"{"number": 3}"#), Some(3));
        assert_eq!(event_pull_request_number(r#"{"ref": "main"}"#), None);
        assert_eq!(event_pull_request_number("{"), None);
    }
}

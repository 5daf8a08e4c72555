//! `--track-issue` against a fake GitHub API on loopback (wiremock): opened on the first failure,
//! found again by its marker on a later page and commented on, closed once the run passes; a
//! refusal is a warning that leaves the exit code alone.

use wiremock::matchers::{body_string_contains, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::{Run, gates_keeping_secret, runtime, temp_file};

const TOKEN: &str = "ghs_TOPSECRETtoken0123456789";
const ISSUES: &str = "/repos/octo/shop/issues";
const MARKER: &str = "<!-- gates-issue:gates -->";
/// coverage.total 81.91 %.
const COVERAGE: &str = "testdata/cobertura/coverage-py-nobranch.xml";

/// A policy whose coverage gate fails (`min = 90`) or passes (`min = 80`).
fn policy(min: u32) -> (tempfile::TempDir, String) {
    let text = format!(
        "[track-issue]\ntitle = \"[gates] nightly failing\"\n\n[[gate]]\nmetric = \"coverage.total\"\nmin = {min}\n"
    );
    temp_file("gates.toml", &text)
}

fn nightly(server: &MockServer, policy: &str) -> Run {
    let uri = server.uri();
    let set = [
        ("GITHUB_API_URL", uri.as_str()),
        ("GITHUB_TOKEN", TOKEN),
        ("GITHUB_REPOSITORY", "octo/shop"),
        ("GATES_HTTP_BACKOFF_MS", "5"),
    ];
    gates_keeping_secret(
        &["check", "--policy", policy, "--track-issue", COVERAGE],
        &set,
        &["GITHUB_ACTIONS", "GITLAB_CI", "GITHUB_EVENT_PATH"],
        TOKEN,
    )
}

fn issue(number: u64, body: &str) -> serde_json::Value {
    serde_json::json!({ "number": number, "title": "t", "body": body })
}

#[test]
fn a_first_failure_opens_the_issue() {
    runtime().block_on(async {
        let server = MockServer::start().await;
        let pull_request = serde_json::json!({"number": 3, "body": MARKER, "pull_request": {"url": "x"}});
        Mock::given(method("GET"))
            .and(path(ISSUES))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(serde_json::json!([issue(1, "a bug"), pull_request])),
            )
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .and(path(ISSUES))
            .and(body_string_contains("[gates] nightly failing"))
            .and(body_string_contains(MARKER))
            .and(body_string_contains("gates failed"))
            .respond_with(ResponseTemplate::new(201).set_body_json(issue(41, MARKER)))
            .expect(1)
            .mount(&server)
            .await;
        let (_dir, policy) = policy(90);
        let run = nightly(&server, &policy);
        assert_eq!(run.code, 1, "{}", run.transcript());
        assert!(run.stderr.contains("gates: opened issue octo/shop#41"), "{}", run.stderr);
    });
}

#[test]
fn a_later_failure_comments_on_the_issue_found_on_a_later_page() {
    runtime().block_on(async {
        let server = MockServer::start().await;
        let others: Vec<_> = (100..200).map(|number| issue(number, "an unrelated issue")).collect();
        let next = format!("<{}{ISSUES}?per_page=100&page=2>; rel=\"next\"", server.uri());
        Mock::given(method("GET"))
            .and(path(ISSUES))
            .and(query_param("page", "1"))
            .respond_with(
                ResponseTemplate::new(200).set_body_json(others).insert_header("link", next.as_str()),
            )
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path(ISSUES))
            .and(query_param("page", "2"))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(serde_json::json!([issue(41, &format!("{MARKER}\nold report"))])),
            )
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .and(path("/repos/octo/shop/issues/41/comments"))
            .and(body_string_contains("Still failing"))
            .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({"id": 9})))
            .expect(1)
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .and(path(ISSUES))
            .respond_with(ResponseTemplate::new(201))
            .expect(0)
            .mount(&server)
            .await;
        let (_dir, policy) = policy(90);
        let run = nightly(&server, &policy);
        assert_eq!(run.code, 1, "{}", run.transcript());
        assert!(
            run.stderr.contains("gates: commented on issue octo/shop#41 (still failing)"),
            "{}",
            run.stderr
        );
    });
}

#[test]
fn a_passing_run_closes_the_issue_and_nothing_open_is_left_alone() {
    runtime().block_on(async {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path(ISSUES))
            .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([issue(41, MARKER)])))
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .and(path("/repos/octo/shop/issues/41/comments"))
            .and(body_string_contains("Passing again"))
            .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({"id": 9})))
            .expect(1)
            .mount(&server)
            .await;
        Mock::given(method("PATCH"))
            .and(path("/repos/octo/shop/issues/41"))
            .and(body_string_contains("closed"))
            .respond_with(ResponseTemplate::new(200).set_body_json(issue(41, MARKER)))
            .expect(1)
            .mount(&server)
            .await;
        let (_dir, policy) = policy(80);
        let run = nightly(&server, &policy);
        assert_eq!(run.code, 0, "{}", run.transcript());
        assert!(run.stderr.contains("gates: closed issue octo/shop#41 (passing again)"), "{}", run.stderr);

        let empty = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path(ISSUES))
            .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([])))
            .mount(&empty)
            .await;
        Mock::given(method("POST")).respond_with(ResponseTemplate::new(201)).expect(0).mount(&empty).await;
        let run = nightly(&empty, &policy);
        assert_eq!(run.code, 0, "{}", run.transcript());
    });
}

#[test]
fn a_refusal_is_a_warning_and_never_changes_the_exit_code() {
    runtime().block_on(async {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path(ISSUES))
            .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([])))
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .and(path(ISSUES))
            .respond_with(
                ResponseTemplate::new(403)
                    .set_body_json(serde_json::json!({"message": "Resource not accessible by integration"})),
            )
            .expect(1)
            .mount(&server)
            .await;
        let (_dir, failing) = policy(90);
        let run = nightly(&server, &failing);
        assert_eq!(run.code, 1, "the verdict's code, not the post's:\n{}", run.transcript());
        assert!(run.stderr.contains("give the job `permissions: issues: write`"), "{}", run.stderr);
    });
}

#[test]
fn a_dry_run_prints_what_it_would_post() {
    let (_dir, failing) = policy(90);
    let run = super::gates(&["check", "--policy", &failing, "--track-issue", "--dry-run", COVERAGE]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(
        run.stdout.contains("--- tracked issue \"[gates] nightly failing\" (dry run: would open, or comment on, the issue; nothing posted) ---\n<!-- gates-issue:gates -->"),
        "{}",
        run.stdout
    );
}

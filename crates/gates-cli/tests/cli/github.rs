//! The sticky pull-request comment against a fake GitHub API on loopback (wiremock).

use std::process::Command;

use wiremock::matchers::{body_string_contains, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::{Run, gates_keeping_secret, repo, runtime, temp_file};

const TOKEN: &str = "ghs_TOPSECRETtoken0123456789";
const COMMENTS: &str = "/repos/octo/shop/issues/7/comments";
/// No branch data: coverage.total is the line figure, 81.91 %, above the built-in 80 % gate.
const COVERAGE: &str = "testdata/cobertura/coverage-py-nobranch.xml";
const JUNIT: &str = "testdata/junit/pytest-xunit2.xml";

/// Runs gates against the fake API with the GitHub Actions environment set.
fn gates_on(server: &MockServer, args: &[&str]) -> Run {
    let uri = server.uri();
    let set = [
        ("GITHUB_API_URL", uri.as_str()),
        ("GITHUB_TOKEN", TOKEN),
        ("GITHUB_REPOSITORY", "octo/shop"),
        ("GATES_GITHUB_BACKOFF_MS", "5"),
    ];
    gates_keeping_secret(args, &set, &["GATES_HTTP_BACKOFF_MS", "GITHUB_ACTIONS", "GITLAB_CI"], TOKEN)
}

fn comment(id: u64, body: &str) -> serde_json::Value {
    serde_json::json!({ "id": id, "body": body })
}

#[test]
fn first_run_creates_the_comment() {
    runtime().block_on(async {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path(COMMENTS))
            .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([comment(1, "LGTM")])))
            .expect(1)
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .and(path(COMMENTS))
            .and(body_string_contains("<!-- gates-comment:gates -->"))
            .and(body_string_contains("gates failed"))
            .respond_with(ResponseTemplate::new(201).set_body_json(comment(2, "x")))
            .expect(1)
            .mount(&server)
            .await;
        let run = gates_on(&server, &["check", "--comment", "--pr", "7", COVERAGE, JUNIT]);
        assert_eq!(run.code, 1, "the verdict decides the exit code:\n{}", run.transcript());
        assert!(run.stderr.contains("gates: created the comment on octo/shop#7"), "{}", run.stderr);
    });
}

#[test]
fn comment_found_on_page_two_is_updated_in_place() {
    runtime().block_on(async {
        let server = MockServer::start().await;
        let others: Vec<_> = (1..=100).map(|id| comment(id, "an unrelated review comment")).collect();
        let next = format!("<{}{COMMENTS}?per_page=100&page=2>; rel=\"next\"", server.uri());
        Mock::given(method("GET"))
            .and(path(COMMENTS))
            .and(query_param("page", "1"))
            .respond_with(
                ResponseTemplate::new(200).set_body_json(others).insert_header("link", next.as_str()),
            )
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path(COMMENTS))
            .and(query_param("page", "2"))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(serde_json::json!([comment(555, "<!-- gates-comment:gates -->\nold")])),
            )
            .mount(&server)
            .await;
        Mock::given(method("PATCH"))
            .and(path("/repos/octo/shop/issues/comments/555"))
            .and(body_string_contains("gates failed"))
            .respond_with(ResponseTemplate::new(200).set_body_json(comment(555, "x")))
            .expect(1)
            .mount(&server)
            .await;
        Mock::given(method("POST")).respond_with(ResponseTemplate::new(201)).expect(0).mount(&server).await;
        let run = gates_on(&server, &["check", "--comment", "--pr", "7", COVERAGE, JUNIT]);
        assert!(run.stderr.contains("gates: updated the comment on octo/shop#7"), "{}", run.transcript());
    });
}

#[test]
fn fork_without_write_permission_warns_and_keeps_the_verdict() {
    runtime().block_on(async {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path(COMMENTS))
            .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([])))
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .and(path(COMMENTS))
            .respond_with(
                ResponseTemplate::new(403)
                    .set_body_json(serde_json::json!({"message": "Resource not accessible by integration"})),
            )
            .expect(1)
            .mount(&server)
            .await;
        let dir = tempfile::tempdir().unwrap();
        let summary = dir.path().join("summary.md");
        let output = Command::new(env!("CARGO_BIN_EXE_gates"))
            .args(["check", "--comment", "--pr", "7", COVERAGE])
            .current_dir(repo())
            .env("GITHUB_API_URL", server.uri())
            .env("GITHUB_TOKEN", TOKEN)
            .env("GITHUB_REPOSITORY", "octo/shop")
            .env("GITHUB_STEP_SUMMARY", &summary)
            .output()
            .unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(
            output.status.code(),
            Some(0),
            "coverage passes; the failed post changes nothing:\n{stderr}"
        );
        assert!(stderr.contains("permissions: pull-requests: write"), "{stderr}");
        assert!(!stderr.contains(TOKEN));
        assert!(std::fs::read_to_string(&summary).unwrap().contains("gates passed"), "summary still written");
    });
}

#[test]
fn server_errors_are_retried() {
    runtime().block_on(async {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path(COMMENTS))
            .respond_with(ResponseTemplate::new(502))
            .up_to_n_times(2)
            .with_priority(1)
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path(COMMENTS))
            .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([])))
            .with_priority(2)
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .and(path(COMMENTS))
            .respond_with(ResponseTemplate::new(201).set_body_json(comment(9, "x")))
            .expect(1)
            .mount(&server)
            .await;
        let run = gates_on(&server, &["check", "--comment", "--pr", "7", COVERAGE]);
        assert!(run.stderr.contains("created the comment"), "{}", run.transcript());
    });
}

#[test]
fn persistent_server_errors_give_up_with_a_warning() {
    runtime().block_on(async {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path(COMMENTS))
            .respond_with(ResponseTemplate::new(503))
            .expect(4)
            .mount(&server)
            .await;
        let run = gates_on(&server, &["check", "--comment", "--pr", "7", COVERAGE]);
        assert_eq!(run.code, 0, "{}", run.transcript());
        assert!(
            run.stderr.contains("warning: cannot comment on octo/shop#7: GitHub answered 503"),
            "{}",
            run.stderr
        );
    });
}

#[test]
fn changed_mode_leaves_an_identical_comment_alone_and_delete_on_pass_removes_it() {
    runtime().block_on(async {
        let server = MockServer::start().await;
        let dry = gates_on(&server, &["check", "--dry-run", "--pr", "7", COVERAGE]);
        let body = dry
            .stdout
            .split("--- pull-request comment (dry run: nothing posted) ---\n")
            .nth(1)
            .unwrap()
            .to_owned();
        assert!(body.starts_with("<!-- gates-comment:gates -->\n**✅ gates passed**"), "{body}");
        Mock::given(method("GET"))
            .and(path(COMMENTS))
            .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([comment(31, &body)])))
            .mount(&server)
            .await;
        Mock::given(method("PATCH")).respond_with(ResponseTemplate::new(200)).expect(0).mount(&server).await;
        Mock::given(method("DELETE"))
            .and(path("/repos/octo/shop/issues/comments/31"))
            .respond_with(ResponseTemplate::new(204))
            .expect(1)
            .mount(&server)
            .await;
        let unchanged =
            gates_on(&server, &["check", "--comment", "--comment-mode", "changed", "--pr", "7", COVERAGE]);
        assert!(unchanged.stderr.contains("left the unchanged comment"), "{}", unchanged.transcript());
        let deleted = gates_on(
            &server,
            &["check", "--comment", "--comment-mode", "delete-on-pass", "--pr", "7", COVERAGE],
        );
        assert!(deleted.stderr.contains("deleted the comment"), "{}", deleted.transcript());
    });
}

#[test]
fn pr_number_comes_from_the_event_and_the_marker_from_the_policy() {
    runtime().block_on(async {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/repos/octo/shop/issues/42/comments"))
            .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([])))
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .and(path("/repos/octo/shop/issues/42/comments"))
            .and(body_string_contains("<!-- gates-comment:backend -->"))
            .respond_with(ResponseTemplate::new(201).set_body_json(comment(1, "x")))
            .expect(1)
            .mount(&server)
            .await;
        let (_event_dir, event) = temp_file(
            "event.json",
            r#"{"action": "synchronize", "number": 42, "pull_request": {"number": 42}}"#,
        );
        let (_policy_dir, policy) = temp_file(
            "gates.toml",
            "[comment]\nmarker = \"backend\"\n\n[[gate]]\nmetric = \"coverage.lines\"\nmin = 1\n",
        );
        let output = Command::new(env!("CARGO_BIN_EXE_gates"))
            .args(["check", "--comment", "--policy", &policy, COVERAGE])
            .current_dir(repo())
            .env("GITHUB_API_URL", server.uri())
            .env("GITHUB_TOKEN", TOKEN)
            .env("GITHUB_REPOSITORY", "octo/shop")
            .env("GITHUB_EVENT_PATH", &event)
            .output()
            .unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(stderr.contains("created the comment on octo/shop#42"), "{stderr}");
    });
}

#[test]
fn missing_token_is_a_warning() {
    let output = Command::new(env!("CARGO_BIN_EXE_gates"))
        .args(["check", "--comment", COVERAGE])
        .current_dir(repo())
        .env("GITHUB_REPOSITORY", "octo/shop")
        .env_remove("GITHUB_TOKEN")
        .env_remove("GITLAB_CI")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(
        String::from_utf8(output.stderr)
            .unwrap()
            .contains("warning: cannot comment on the pull request: no token")
    );
}

#[test]
fn comment_outside_any_ci_says_which_context_is_missing() {
    let output = Command::new(env!("CARGO_BIN_EXE_gates"))
        .args(["check", "--comment", COVERAGE])
        .current_dir(repo())
        .env_remove("GITHUB_ACTIONS")
        .env_remove("GITHUB_REPOSITORY")
        .env_remove("GITLAB_CI")
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("warning: cannot comment: no CI context found; --comment works under GitHub Actions"),
        "{stderr}"
    );
    assert!(stderr.contains("GitLab CI (GITLAB_CI=true)"), "{stderr}");
}

#[test]
fn a_marker_name_never_holds_two_dashes() {
    let dry = super::gates(&["check", "--dry-run", "--comment-marker", "api---v2", COVERAGE]);
    assert!(dry.stdout.contains("<!-- gates-comment:api-v2 -->"), "{}", dry.stdout);
}

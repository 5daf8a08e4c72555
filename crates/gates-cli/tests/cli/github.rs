//! The sticky pull-request comment against a fake GitHub API on loopback.

use std::process::Command;

use wiremock::matchers::{body_string_contains, method, path};
use wiremock::{Mock, ResponseTemplate};

use super::fake_api::{FakeApi, Forge, comment, json, refusal};
use super::{repo, temp_file};

const COMMENTS: &str = "/repos/octo/shop/issues/7/comments";
/// No branch data: coverage.total is the line figure, 81.91 %, above the built-in 80 % gate.
const COVERAGE: &str = "testdata/cobertura/coverage-py-nobranch.xml";
const JUNIT: &str = "testdata/junit/pytest-xunit2.xml";

fn github_comment(id: u64, body: &str) -> serde_json::Value {
    comment(Forge::GitHub, id, body)
}

#[test]
fn first_run_creates_the_comment() {
    let api = FakeApi::github();
    api.mount(
        Mock::given(method("GET"))
            .and(path(COMMENTS))
            .respond_with(json(200, serde_json::json!([github_comment(1, "LGTM")])))
            .expect(1),
    );
    api.mount(
        Mock::given(method("POST"))
            .and(path(COMMENTS))
            .and(body_string_contains("<!-- gates-comment:gates -->"))
            .and(body_string_contains("gates failed"))
            .respond_with(json(201, github_comment(2, "x")))
            .expect(1),
    );
    let run = api.gates(&["check", "--comment", "--pr", "7", COVERAGE, JUNIT], &[]);
    assert_eq!(run.code, 1, "the verdict decides the exit code:\n{}", run.transcript());
    assert!(run.stderr.contains("gates: created the comment on octo/shop#7"), "{}", run.stderr);
}

#[test]
fn comment_found_on_page_two_is_updated_in_place() {
    let api = FakeApi::github();
    let mut listed: Vec<_> = (1..=100).map(|id| github_comment(id, "an unrelated review comment")).collect();
    listed.push(github_comment(555, "<!-- gates-comment:gates -->\nold"));
    api.mount_pages("/issues/7/comments", listed);
    api.mount(
        Mock::given(method("PATCH"))
            .and(path("/repos/octo/shop/issues/comments/555"))
            .and(body_string_contains("gates failed"))
            .respond_with(json(200, github_comment(555, "x")))
            .expect(1),
    );
    api.mount(Mock::given(method("POST")).respond_with(ResponseTemplate::new(201)).expect(0));
    let run = api.gates(&["check", "--comment", "--pr", "7", COVERAGE, JUNIT], &[]);
    assert!(run.stderr.contains("gates: updated the comment on octo/shop#7"), "{}", run.transcript());
}

#[test]
fn fork_without_write_permission_warns_and_keeps_the_verdict() {
    let api = FakeApi::github();
    api.mount(Mock::given(method("GET")).and(path(COMMENTS)).respond_with(json(200, serde_json::json!([]))));
    api.mount(
        Mock::given(method("POST"))
            .and(path(COMMENTS))
            .respond_with(refusal(403, "Resource not accessible by integration"))
            .expect(1),
    );
    let dir = tempfile::tempdir().unwrap();
    let summary = dir.path().join("summary.md");
    let run = api.gates(
        &["check", "--comment", "--pr", "7", COVERAGE],
        &[("GITHUB_STEP_SUMMARY", summary.to_str().unwrap())],
    );
    assert_eq!(run.code, 0, "coverage passes; the failed post changes nothing:\n{}", run.transcript());
    assert!(run.stderr.contains("permissions: pull-requests: write"), "{}", run.stderr);
    assert!(std::fs::read_to_string(&summary).unwrap().contains("gates passed"), "summary still written");
}

#[test]
fn server_errors_are_retried() {
    let api = FakeApi::github();
    api.mount(
        Mock::given(method("GET"))
            .and(path(COMMENTS))
            .respond_with(ResponseTemplate::new(502))
            .up_to_n_times(2)
            .with_priority(1),
    );
    api.mount(
        Mock::given(method("GET"))
            .and(path(COMMENTS))
            .respond_with(json(200, serde_json::json!([])))
            .with_priority(2),
    );
    api.mount(
        Mock::given(method("POST"))
            .and(path(COMMENTS))
            .respond_with(json(201, github_comment(9, "x")))
            .expect(1),
    );
    let run = api.gates(&["check", "--comment", "--pr", "7", COVERAGE], &[]);
    assert!(run.stderr.contains("created the comment"), "{}", run.transcript());
}

#[test]
fn persistent_server_errors_give_up_with_a_warning() {
    let api = FakeApi::github();
    api.mount(
        Mock::given(method("GET")).and(path(COMMENTS)).respond_with(ResponseTemplate::new(503)).expect(4),
    );
    let run = api.gates(&["check", "--comment", "--pr", "7", COVERAGE], &[]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(
        run.stderr.contains("warning: cannot comment on octo/shop#7: GitHub answered 503"),
        "{}",
        run.stderr
    );
}

#[test]
fn changed_mode_leaves_an_identical_comment_alone_and_delete_on_pass_removes_it() {
    let api = FakeApi::github();
    let dry = api.gates(&["check", "--dry-run", "--pr", "7", COVERAGE], &[]);
    let body = dry
        .stdout
        .split("--- pull-request comment (dry run: nothing posted) ---\n")
        .nth(1)
        .unwrap()
        .to_owned();
    assert!(body.starts_with("<!-- gates-comment:gates -->\n**✅ gates passed**"), "{body}");
    api.mount(
        Mock::given(method("GET"))
            .and(path(COMMENTS))
            .respond_with(json(200, serde_json::json!([github_comment(31, &body)]))),
    );
    api.mount(Mock::given(method("PATCH")).respond_with(ResponseTemplate::new(200)).expect(0));
    api.mount(
        Mock::given(method("DELETE"))
            .and(path("/repos/octo/shop/issues/comments/31"))
            .respond_with(ResponseTemplate::new(204))
            .expect(1),
    );
    let unchanged =
        api.gates(&["check", "--comment", "--comment-mode", "changed", "--pr", "7", COVERAGE], &[]);
    assert!(unchanged.stderr.contains("left the unchanged comment"), "{}", unchanged.transcript());
    let deleted =
        api.gates(&["check", "--comment", "--comment-mode", "delete-on-pass", "--pr", "7", COVERAGE], &[]);
    assert!(deleted.stderr.contains("deleted the comment"), "{}", deleted.transcript());
}

#[test]
fn pr_number_comes_from_the_event_and_the_marker_from_the_policy() {
    let api = FakeApi::github();
    api.mount(
        Mock::given(method("GET"))
            .and(path("/repos/octo/shop/issues/42/comments"))
            .respond_with(json(200, serde_json::json!([]))),
    );
    api.mount(
        Mock::given(method("POST"))
            .and(path("/repos/octo/shop/issues/42/comments"))
            .and(body_string_contains("<!-- gates-comment:backend -->"))
            .respond_with(json(201, github_comment(1, "x")))
            .expect(1),
    );
    let (_event_dir, event) =
        temp_file("event.json", r#"{"action": "synchronize", "number": 42, "pull_request": {"number": 42}}"#);
    let (_policy_dir, policy) = temp_file(
        "gates.toml",
        "[comment]\nmarker = \"backend\"\n\n[[gate]]\nmetric = \"coverage.lines\"\nmin = 1\n",
    );
    let run =
        api.gates(&["check", "--comment", "--policy", &policy, COVERAGE], &[("GITHUB_EVENT_PATH", &event)]);
    assert!(run.stderr.contains("created the comment on octo/shop#42"), "{}", run.transcript());
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

//! Pull-request hygiene: title and size offline, review state through a fake GitHub API.

use wiremock::Mock;
use wiremock::matchers::{body_string_contains, method, path};

use super::fake_api::{FakeApi, json, refusal};
use super::{Run, gates_with_env, repo, temp_file};

const HYGIENE: &str = r#"
[[gate]]
title = "Conventional title"
metric = "pr.title_conventional"
min = 1

[[gate]]
metric = "pr.changed_lines"
max = 800
severity = "warn"

[[gate]]
metric = "pr.changed_files"
max = 40
severity = "warn"
"#;

const OFFLINE: &[(&str, &str)] = &[
    ("GITHUB_EVENT_PATH", ""),
    ("GITHUB_EVENT_NAME", ""),
    ("GITLAB_CI", ""),
    ("GITHUB_TOKEN", ""),
    ("GITHUB_REPOSITORY", ""),
];

fn check(policy: &str, args: &[&str], env: &[(&str, &str)]) -> Run {
    let (_dir, policy) = temp_file("gates.toml", policy);
    let mut all = vec!["check", "--policy", &policy, "--format", "json"];
    all.extend_from_slice(args);
    let env: Vec<(&str, &str)> = OFFLINE.iter().chain(env).copied().collect();
    gates_with_env(&all, &env)
}

#[test]
fn an_opened_event_with_a_wrong_type_fails_and_says_why() {
    let run = check(HYGIENE, &["--event", "testdata/github-events/pull_request-opened.json"], &[]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let json = run.json();
    assert_eq!(json["metrics"]["pr.title_conventional"], 0.0);
    assert_eq!(json["metrics"]["pr.changed_lines"], 508.0);
    assert_eq!(json["metrics"]["pr.changed_files"], 9.0);
    assert_eq!(json["gates"][0]["status"], "fail");
    assert_eq!(
        json["gates"][0]["detail"],
        "\"feature: LCOV input\": unknown type `feature`; allowed: feat, fix, docs, style, refactor, perf, test, build, ci, chore, revert; e.g. `feat: add LCOV support`"
    );
    assert_eq!(json["gates"][1]["status"], "pass");
}

#[test]
fn the_edited_title_passes_and_a_large_synchronize_warns() {
    let edited = check(HYGIENE, &["--event", "testdata/github-events/pull_request-edited.json"], &[]);
    assert_eq!(edited.code, 0, "{}", edited.transcript());
    let json =
        check(HYGIENE, &["--event", "testdata/github-events/pull_request-synchronize.json"], &[]).json();
    assert_eq!(json["verdict"], "warn");
    assert_eq!(json["metrics"]["pr.changed_lines"], 1025.0);
    assert_eq!(json["gates"][1]["status"], "warn");
    assert_eq!(json["gates"][2]["status"], "warn");
}

#[test]
fn the_actions_event_is_read_only_on_pull_request_events() {
    let event = repo().join("testdata/github-events/pull_request-opened.json");
    let event = event.to_str().unwrap();
    let on_pr = check(HYGIENE, &[], &[("GITHUB_EVENT_PATH", event), ("GITHUB_EVENT_NAME", "pull_request")]);
    assert_eq!(on_pr.json()["metrics"]["pr.title_conventional"], 0.0);
    let on_push = check(HYGIENE, &[], &[("GITHUB_EVENT_PATH", event), ("GITHUB_EVENT_NAME", "push")]);
    assert_eq!(on_push.code, 2, "no input at all: {}", on_push.transcript());
    let explicit_push = check(HYGIENE, &["--event", "testdata/github-events/push.json"], &[]);
    assert_eq!(explicit_push.code, 2);
    assert!(
        explicit_push.stderr.contains("push.json: not a pull request event: it has no `pull_request` object"),
        "{}",
        explicit_push.stderr
    );
}

#[test]
fn a_title_from_the_command_line_or_gitlab_is_checked() {
    let given = check(HYGIENE, &["--pr-title", "fix(api)!: drop v1"], &[]);
    assert_eq!(given.code, 0, "{}", given.transcript());
    let json = given.json();
    assert_eq!(json["gates"][0]["status"], "pass");
    assert_eq!(json["gates"][1]["status"], "skipped");
    let gitlab = check(HYGIENE, &[], &[("GITLAB_CI", "true"), ("CI_MERGE_REQUEST_TITLE", "Draft: fix it")]);
    assert_eq!(gitlab.code, 1);
    assert!(gitlab.json()["gates"][0]["detail"].as_str().unwrap().contains("unknown type `Draft`"));
}

#[test]
fn sizes_from_a_diff_leave_out_ignored_files() {
    // `git apply --numstat testdata/patch/change.diff`: 57 lines in 5 files, 22 of them in tests/.
    let with_ignore = format!("{HYGIENE}\n[pr]\nignore = [\"tests/**\"]\n");
    let json =
        check(&with_ignore, &["--diff", "testdata/patch/change.diff", "--pr-title", "feat: x"], &[]).json();
    assert_eq!(json["metrics"]["pr.changed_lines"], 35.0);
    assert_eq!(json["metrics"]["pr.changed_files"], 4.0);
    let json = check(HYGIENE, &["--diff", "testdata/patch/change.diff", "--pr-title", "feat: x"], &[]).json();
    assert_eq!(json["metrics"]["pr.changed_lines"], 57.0);
    assert_eq!(json["metrics"]["pr.changed_files"], 5.0);
}

#[test]
fn policy_title_rules_apply() {
    let strict = format!(
        "{HYGIENE}\n[pr]\ntypes = [\"feat\", \"fix\"]\nscopes = [\"parser\"]\nrequire-scope = true\n"
    );
    let json = check(&strict, &["--pr-title", "fix: no scope"], &[]).json();
    assert_eq!(
        json["gates"][0]["detail"],
        "\"fix: no scope\": a scope is required: `fix(scope): …`; e.g. `feat(parser): add LCOV support`"
    );
    let (_dir, bad) = temp_file("gates.toml", "[pr]\nsubject-pattern = \"([a-z\"\n");
    let run = gates_with_env(&["check", "--policy", &bad, "--pr-title", "feat: x"], OFFLINE);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("line 2, column 19: invalid subject-pattern"), "{}", run.stderr);
}

const REVIEW_GATES: &str = r#"
[[gate]]
metric = "pr.approvals"
min = 1

[[gate]]
metric = "pr.unresolved_threads"
max = 0

[[gate]]
metric = "pr.mergeable"
min = 1
required = true
"#;

fn gates_on(api: &FakeApi, policy: &str) -> Run {
    let (_dir, policy) = temp_file("gates.toml", policy);
    api.gates(&["check", "--policy", &policy, "--pr", "7", "--pr-title", "feat: x", "--format", "json"], &[])
}

fn review(login: &str, state: &str) -> serde_json::Value {
    serde_json::json!({"id": 1, "user": {"login": login}, "state": state, "body": ""})
}

#[test]
fn review_state_comes_from_the_api() {
    let api = FakeApi::github();
    let reviews = serde_json::json!([
        review("alice", "APPROVED"),
        review("alice", "COMMENTED"),
        review("bob", "APPROVED"),
        review("bob", "CHANGES_REQUESTED"),
        review("carol", "APPROVED"),
        review("carol", "DISMISSED"),
        review("dave", "CHANGES_REQUESTED"),
        review("dave", "APPROVED"),
    ]);
    api.mount(
        Mock::given(method("GET"))
            .and(path("/repos/octo/shop/pulls/7/reviews"))
            .respond_with(json(200, reviews)),
    );
    let threads = |resolved: &[bool], next: Option<&str>| {
        let nodes: Vec<_> = resolved.iter().map(|done| serde_json::json!({"isResolved": done})).collect();
        serde_json::json!({"data": {"repository": {"pullRequest": {"reviewThreads": {
            "nodes": nodes,
            "pageInfo": {"hasNextPage": next.is_some(), "endCursor": next}}}}}})
    };
    api.mount(
        Mock::given(method("POST"))
            .and(path("/graphql"))
            .and(body_string_contains("\"after\":\"Y3Vyc29y\""))
            .respond_with(json(200, threads(&[false, true], None))),
    );
    api.mount(
        Mock::given(method("POST"))
            .and(path("/graphql"))
            .and(body_string_contains("\"after\":null"))
            .respond_with(json(200, threads(&[true, false, false], Some("Y3Vyc29y")))),
    );
    // GitHub has not computed mergeability on the first read.
    api.mount(
        Mock::given(method("GET"))
            .and(path("/repos/octo/shop/pulls/7"))
            .respond_with(json(200, serde_json::json!({"number": 7, "mergeable": null})))
            .up_to_n_times(2),
    );
    api.mount(
        Mock::given(method("GET"))
            .and(path("/repos/octo/shop/pulls/7"))
            .respond_with(json(200, serde_json::json!({"number": 7, "mergeable": true}))),
    );
    let run = gates_on(&api, REVIEW_GATES);
    let json = run.json();
    // alice (comment does not withdraw) and dave (approved last); bob and carol withdrawn.
    assert_eq!(json["metrics"]["pr.approvals"], 2.0, "{}", run.transcript());
    assert_eq!(json["metrics"]["pr.unresolved_threads"], 3.0, "{}", run.transcript());
    assert_eq!(json["metrics"]["pr.mergeable"], 1.0);
    assert_eq!(json["gates"][1]["status"], "fail");
    assert_eq!(run.code, 1);
}

#[test]
fn a_forbidden_api_skips_the_gates_and_fails_the_required_one() {
    let api = FakeApi::github();
    api.mount(
        Mock::given(wiremock::matchers::any())
            .respond_with(refusal(403, "Resource not accessible by integration")),
    );
    let run = gates_on(&api, REVIEW_GATES);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let json = run.json();
    assert_eq!(json["gates"][0]["status"], "skipped");
    assert!(
        json["gates"][0]["reason"].as_str().unwrap().contains("Resource not accessible by integration"),
        "{}",
        run.transcript()
    );
    assert_eq!(json["gates"][2]["status"], "fail");
}

#[test]
fn server_errors_and_rate_limits_are_retried() {
    let api = FakeApi::github();
    api.mount(
        Mock::given(method("GET"))
            .and(path("/repos/octo/shop/pulls/7/reviews"))
            .respond_with(wiremock::ResponseTemplate::new(502))
            .up_to_n_times(1),
    );
    api.mount(
        Mock::given(method("GET"))
            .and(path("/repos/octo/shop/pulls/7/reviews"))
            .respond_with(refusal(403, "You have exceeded a secondary rate limit."))
            .up_to_n_times(1),
    );
    api.mount(
        Mock::given(method("GET"))
            .and(path("/repos/octo/shop/pulls/7/reviews"))
            .respond_with(json(200, serde_json::json!([review("alice", "APPROVED")]))),
    );
    let policy = "[[gate]]\nmetric = \"pr.approvals\"\nmin = 1\n";
    let run = gates_on(&api, policy);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert_eq!(run.json()["metrics"]["pr.approvals"], 1.0);
}

#[test]
fn without_a_token_review_gates_are_skipped_with_the_reason() {
    let run = check("[[gate]]\nmetric = \"pr.approvals\"\nmin = 1\n", &["--pr-title", "feat: x"], &[]);
    let json = run.json();
    assert_eq!(json["gates"][0]["status"], "skipped");
    assert!(
        json["gates"][0]["reason"].as_str().unwrap().starts_with("cannot ask GitHub: no token"),
        "{}",
        run.transcript()
    );
}

const DESCRIPTION: &str = r#"
[pr]
issue-pattern = '\bINV-\d+\b'

[[gate]]
metric = "pr.description_chars"
min = 20
severity = "warn"

[[gate]]
metric = "pr.references_issue"
min = 1
"#;

#[test]
fn the_description_is_measured_and_its_issue_reference_found() {
    let opened = check(DESCRIPTION, &["--event", "testdata/github-events/pull_request-opened.json"], &[]);
    assert_eq!(opened.code, 0, "{}", opened.transcript());
    let json = opened.json();
    // "Adds LCOV input.\r\n\r\nCloses #12": 27 characters, whitespace runs counted once.
    assert_eq!(json["metrics"]["pr.description_chars"], 27);
    assert_eq!(json["metrics"]["pr.references_issue"], 1);

    let template = "## Summary\n<!-- Describe the change; e.g. Fixes #123 -->\n\n## Issue\n";
    let empty = check(DESCRIPTION, &["--pr-title", "feat: x", "--pr-description", template], &[]);
    assert_eq!(empty.code, 1, "{}", empty.transcript());
    let json = empty.json();
    assert_eq!(
        (json["gates"][0]["status"].as_str(), json["gates"][1]["status"].as_str()),
        (Some("warn"), Some("fail"))
    );
    assert_eq!(json["metrics"]["pr.description_chars"], 0);

    let gitlab = check(
        DESCRIPTION,
        &["--pr-title", "feat: INV-31 stock alerts"],
        &[("GITLAB_CI", "true"), ("CI_MERGE_REQUEST_DESCRIPTION", "Alerts when stock runs low.")],
    );
    assert_eq!(gitlab.code, 0, "{}", gitlab.transcript());
    assert_eq!(gitlab.json()["metrics"]["pr.references_issue"], 1);
}

#[test]
fn without_a_description_its_gates_are_skipped_with_the_reason() {
    let run = check(DESCRIPTION, &["--pr-title", "feat: x"], &[]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let json = run.json();
    for gate in json["gates"].as_array().unwrap() {
        assert_eq!(gate["status"], "skipped");
        assert_eq!(
            gate["reason"],
            "no pull-request description: give --event, GitLab's CI_MERGE_REQUEST_DESCRIPTION, or --pr-description"
        );
    }
    let bad = check("[pr]\nissue-pattern = \"(\"\n", &["--pr-title", "feat: x"], &[]);
    assert_eq!(bad.code, 2, "{}", bad.transcript());
    assert!(bad.stderr.contains("line 2, column 17: invalid issue-pattern"), "{}", bad.stderr);
}

//! `--track-issue` against a fake GitHub and a fake GitLab on loopback: opened on the first
//! failure, found again by its marker on a later page among many and commented on, closed once
//! the run passes; a refusal is a warning that leaves the exit code alone.

use wiremock::Mock;
use wiremock::ResponseTemplate;
use wiremock::matchers::{any, body_string_contains, method, path};

use super::fake_api::{FakeApi, Forge, issue, json, last_page, refusal};
use super::{Run, temp_file};

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

/// The scheduled job: no merge request, so GitLab's IID is blank.
fn nightly(api: &FakeApi, min: u32) -> Run {
    let (_dir, policy) = policy(min);
    api.gates(&["check", "--policy", &policy, "--track-issue", COVERAGE], &[("CI_MERGE_REQUEST_IID", "")])
}

fn issues_route(api: &FakeApi) -> String {
    format!("{}/issues", api.project())
}

fn a_first_failure_opens_the_issue(api: &FakeApi) {
    let mut listed = vec![issue(api.forge, 1, "a bug")];
    if api.forge == Forge::GitHub {
        // GitHub lists pull requests among the issues; one quoting the marker is no issue.
        listed.push(serde_json::json!({"number": 3, "body": MARKER, "pull_request": {"url": "x"}}));
    }
    api.mount_pages("/issues", listed);
    api.mount(
        Mock::given(method("POST"))
            .and(path(issues_route(api)))
            .and(body_string_contains("[gates] nightly failing"))
            .and(body_string_contains(MARKER))
            .and(body_string_contains("gates failed"))
            .respond_with(json(201, issue(api.forge, 41, MARKER)))
            .expect(1),
    );
    let run = nightly(api, 90);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(run.stderr.contains(&format!("gates: opened issue {}#41", api.name())), "{}", run.stderr);
}

#[test]
fn a_first_failure_opens_the_github_issue() {
    a_first_failure_opens_the_issue(&FakeApi::github());
}

#[test]
fn a_first_failure_opens_the_gitlab_issue_with_its_description() {
    let api = FakeApi::gitlab();
    a_first_failure_opens_the_issue(&api);
    // GitLab keeps the text in `description`; the private token goes, never the job token.
    let opened = api.requests().into_iter().find(|request| request.method.as_str() == "POST").unwrap();
    assert_eq!(opened.headers.get("PRIVATE-TOKEN").unwrap(), api.token());
    let payload: serde_json::Value = serde_json::from_slice(&opened.body).unwrap();
    assert_eq!(payload["title"], "[gates] nightly failing");
    assert!(payload["description"].as_str().unwrap().starts_with(MARKER), "{payload}");
}

fn a_later_failure_comments_on_the_issue_found_on_page_three(api: &FakeApi) {
    let mut listed: Vec<_> =
        (100..300).map(|number| issue(api.forge, number, "an unrelated issue")).collect();
    listed.push(issue(api.forge, 41, &format!("{MARKER}\nold report")));
    api.mount_pages("/issues", listed);
    api.mount(
        Mock::given(method("POST"))
            .and(path(api.issue_comments(41)))
            .and(body_string_contains("Still failing"))
            .and(body_string_contains("gates failed"))
            .respond_with(json(201, serde_json::json!({"id": 9})))
            .expect(1),
    );
    api.mount(
        Mock::given(method("POST"))
            .and(path(issues_route(api)))
            .respond_with(ResponseTemplate::new(201))
            .expect(0),
    );
    let run = nightly(api, 90);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(
        run.stderr.contains(&format!("gates: commented on issue {}#41 (still failing)", api.name())),
        "{}",
        run.stderr
    );
}

#[test]
fn a_later_failure_comments_on_the_github_issue_found_on_page_three() {
    a_later_failure_comments_on_the_issue_found_on_page_three(&FakeApi::github());
}

#[test]
fn a_later_failure_adds_a_note_to_the_gitlab_issue_found_on_page_three() {
    let api = FakeApi::gitlab();
    a_later_failure_comments_on_the_issue_found_on_page_three(&api);
    // Only open issues are asked for, oldest first, 100 a page, and the pages in turn.
    let listed: Vec<String> = api
        .requests()
        .into_iter()
        .filter(|request| request.method.as_str() == "GET")
        .map(|request| request.url.query().unwrap_or_default().to_owned())
        .collect();
    let page = |n: u32| format!("state=opened&order_by=created_at&sort=asc&per_page=100&page={n}");
    assert_eq!(listed, [page(1), page(2), page(3)]);
}

fn a_passing_run_closes_the_issue(api: &FakeApi) {
    let (close_method, close_route, closed) = api.issue_close(41);
    api.mount_pages("/issues", vec![issue(api.forge, 41, MARKER)]);
    api.mount(
        Mock::given(method("POST"))
            .and(path(api.issue_comments(41)))
            .and(body_string_contains("Passing again"))
            .respond_with(json(201, serde_json::json!({"id": 9})))
            .expect(1),
    );
    api.mount(
        Mock::given(method(close_method))
            .and(path(close_route))
            .and(body_string_contains(closed))
            .respond_with(json(200, issue(api.forge, 41, MARKER)))
            .expect(1),
    );
    let run = nightly(api, 80);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(
        run.stderr.contains(&format!("gates: closed issue {}#41 (passing again)", api.name())),
        "{}",
        run.stderr
    );

    let empty = FakeApi::new(api.forge);
    empty.mount_pages("/issues", Vec::new());
    empty.mount(Mock::given(method("POST")).respond_with(ResponseTemplate::new(201)).expect(0));
    empty.mount(Mock::given(method(close_method)).respond_with(ResponseTemplate::new(200)).expect(0));
    let run = nightly(&empty, 80);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(!run.stderr.contains("issue"), "nothing open, nothing said:\n{}", run.stderr);
}

#[test]
fn a_passing_run_closes_the_github_issue_and_nothing_open_is_left_alone() {
    a_passing_run_closes_the_issue(&FakeApi::github());
}

#[test]
fn a_passing_run_closes_the_gitlab_issue_with_a_note_and_nothing_open_is_left_alone() {
    a_passing_run_closes_the_issue(&FakeApi::gitlab());
}

/// A 403 on opening the issue is a warning naming the fix; the exit code is the verdict's.
fn a_refusal_is_a_warning(api: &FakeApi, fix: &str) {
    api.mount_pages("/issues", Vec::new());
    api.mount(
        Mock::given(method("POST"))
            .and(path(issues_route(api)))
            .respond_with(refusal(403, "403 Forbidden"))
            .expect(1),
    );
    let run = nightly(api, 90);
    assert_eq!(run.code, 1, "the verdict's code, not the post's:\n{}", run.transcript());
    assert!(
        run.stderr.contains(&format!("warning: cannot track the issue on {}: ", api.name())),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains(fix), "{}", run.stderr);
}

#[test]
fn a_github_refusal_is_a_warning_and_never_changes_the_exit_code() {
    a_refusal_is_a_warning(&FakeApi::github(), "give the job `permissions: issues: write`");
}

#[test]
fn a_gitlab_refusal_is_a_warning_and_never_changes_the_exit_code() {
    a_refusal_is_a_warning(
        &FakeApi::gitlab(),
        "GitLab refused to open the issue (403: 403 Forbidden); the CI job token cannot write through the API: set GITLAB_TOKEN",
    );
}

#[test]
fn a_gitlab_job_without_a_token_warns_and_asks_nothing() {
    let api = FakeApi::gitlab();
    api.mount(Mock::given(any()).respond_with(last_page(Vec::new())).expect(0));
    let (_dir, failing) = policy(90);
    let run = api.gates(
        &["check", "--policy", &failing, "--track-issue", COVERAGE],
        &[("GITLAB_TOKEN", ""), ("CI_MERGE_REQUEST_IID", "")],
    );
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(
        run.stderr.contains("warning: cannot track the issue: no token: set GITLAB_TOKEN"),
        "{}",
        run.stderr
    );
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

#[test]
fn a_gitlab_dry_run_prints_the_issue_and_asks_nothing() {
    let api = FakeApi::gitlab();
    api.mount(Mock::given(any()).respond_with(last_page(Vec::new())).expect(0));
    let (_dir, failing) = policy(90);
    let run = api.gates(
        &["check", "--policy", &failing, "--track-issue", "--dry-run", COVERAGE],
        &[("CI_MERGE_REQUEST_IID", "")],
    );
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(run.stdout.contains("(dry run: would open, or comment on, the issue; nothing posted) ---\n<!-- gates-issue:gates -->\n"), "{}", run.stdout);
    assert!(run.stdout.contains("gates failed"), "{}", run.stdout);
}

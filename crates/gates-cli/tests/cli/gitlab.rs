//! The sticky merge-request note against a fake GitLab API on loopback.

use wiremock::matchers::{body_string_contains, header, method, path, query_param};
use wiremock::{Mock, ResponseTemplate};

use super::fake_api::{FakeApi, json, last_page, note, refusal};

const NOTES: &str = "/api/v4/projects/4711/merge_requests/7/notes";
const MARKER: &str = "<!-- gates-comment:gates -->";
/// No branch data: coverage.total is the line figure, 81.91 %, above the built-in 80 % gate.
const COVERAGE: &str = "testdata/cobertura/coverage-py-nobranch.xml";
const JUNIT: &str = "testdata/junit/pytest-xunit2.xml";

#[test]
fn first_run_posts_the_note_with_the_private_token() {
    let api = FakeApi::gitlab();
    api.mount(
        Mock::given(method("GET"))
            .and(path(NOTES))
            .and(query_param("per_page", "100"))
            .and(query_param("page", "1"))
            .and(header("PRIVATE-TOKEN", api.token()))
            .respond_with(last_page(vec![
                note(1, "Looks good", false),
                note(2, "approved this merge request", true),
            ]))
            .expect(1),
    );
    api.mount(
        Mock::given(method("POST"))
            .and(path(NOTES))
            .and(header("PRIVATE-TOKEN", api.token()))
            .and(header("content-type", "application/json"))
            .and(body_string_contains(MARKER))
            .and(body_string_contains("gates failed"))
            .respond_with(json(201, note(3, "x", false)))
            .expect(1),
    );
    let run = api.gates(&["check", "--comment", COVERAGE, JUNIT], &[]);
    assert_eq!(run.code, 1, "the verdict decides the exit code:\n{}", run.transcript());
    assert!(run.stderr.contains("gates: created the note on group/shop!7"), "{}", run.transcript());
}

#[test]
fn pr_flag_overrides_the_merge_request_iid() {
    let api = FakeApi::gitlab();
    let other = "/api/v4/projects/4711/merge_requests/12/notes";
    api.mount(Mock::given(method("GET")).and(path(other)).respond_with(last_page(vec![])).expect(1));
    api.mount(
        Mock::given(method("POST")).and(path(other)).respond_with(json(201, note(3, "x", false))).expect(1),
    );
    let run = api.gates(&["check", "--comment", "--pr", "12", COVERAGE], &[]);
    assert!(run.stderr.contains("created the note on group/shop!12"), "{}", run.transcript());
}

#[test]
fn note_on_page_two_is_updated_in_place_and_system_notes_are_skipped() {
    let api = FakeApi::gitlab();
    // Page 1: 100 notes, some by GitLab itself; one of those quotes the marker and must not match.
    let first: Vec<_> = (1..=100)
        .map(|id| match id % 10 {
            0 => note(id, "added 1 commit", true),
            5 => note(id, &format!("changed the description {MARKER}"), true),
            _ => note(id, "an unrelated review note", false),
        })
        .collect();
    api.mount(
        Mock::given(method("GET"))
            .and(path(NOTES))
            .and(query_param("page", "1"))
            .respond_with(json(200, serde_json::Value::Array(first)).insert_header("x-next-page", "2"))
            .expect(1),
    );
    let second = vec![
        note(101, "another review note", false),
        note(555, &format!("{MARKER}\nold report"), false),
        note(556, &format!("{MARKER}\na later copy"), false),
    ];
    api.mount(
        Mock::given(method("GET"))
            .and(path(NOTES))
            .and(query_param("page", "2"))
            .respond_with(last_page(second))
            .expect(1),
    );
    api.mount(
        Mock::given(method("PUT"))
            .and(path(format!("{NOTES}/555")))
            .and(header("PRIVATE-TOKEN", api.token()))
            .and(body_string_contains("gates failed"))
            .respond_with(json(200, note(555, "x", false)))
            .expect(1),
    );
    api.mount(Mock::given(method("POST")).respond_with(ResponseTemplate::new(201)).expect(0));
    api.mount(
        Mock::given(method("PUT")).respond_with(ResponseTemplate::new(200)).with_priority(10).expect(0),
    );
    let run = api.gates(&["check", "--comment", COVERAGE, JUNIT], &[]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(run.stderr.contains("gates: updated the note on group/shop!7"), "{}", run.transcript());
}

/// A 401 or 403 (the job token, or a token without the `api` scope) is a warning naming the
/// fix; the outputs are still written and the exit code stays the verdict's.
fn refused_write_warns(status: u16, message: &str) {
    let api = FakeApi::gitlab();
    api.mount(Mock::given(method("GET")).and(path(NOTES)).respond_with(last_page(vec![])));
    api.mount(Mock::given(method("POST")).and(path(NOTES)).respond_with(refusal(status, message)).expect(1));
    let dir = tempfile::tempdir().unwrap();
    let junit = dir.path().join("gates-junit.xml");
    let args =
        ["check", "--comment", "--format", "junit", "--output", junit.to_str().unwrap(), COVERAGE, JUNIT];
    let run = api.gates(&args, &[]);
    assert_eq!(run.code, 1, "a failed post changes nothing:\n{}", run.transcript());
    assert!(
        run.stderr.contains(&format!(
            "warning: cannot comment on group/shop!7: GitLab refused to create the note ({status}: {message})"
        )),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("the CI job token cannot write through the API"), "{}", run.stderr);
    assert!(run.stderr.contains("GITLAB_TOKEN") && run.stderr.contains("`api` scope"), "{}", run.stderr);
    assert!(run.stdout.contains("verdict: FAIL"), "the table still goes to the terminal");
    assert!(std::fs::read_to_string(&junit).unwrap().contains("<testsuites"), "the output is still written");
}

#[test]
fn unauthorized_token_warns_and_keeps_the_verdict() {
    refused_write_warns(401, "401 Unauthorized");
}

#[test]
fn forbidden_token_warns_and_keeps_the_verdict() {
    refused_write_warns(403, "403 Forbidden");
}

#[test]
fn server_errors_and_rate_limits_are_retried() {
    let api = FakeApi::gitlab();
    api.mount(
        Mock::given(method("GET"))
            .and(path(NOTES))
            .respond_with(ResponseTemplate::new(502).set_body_string("<html>Bad Gateway</html>"))
            .up_to_n_times(2)
            .with_priority(1)
            .expect(2),
    );
    api.mount(
        Mock::given(method("GET"))
            .and(path(NOTES))
            .respond_with(last_page(vec![]))
            .with_priority(2)
            .expect(1),
    );
    api.mount(
        Mock::given(method("POST"))
            .and(path(NOTES))
            .respond_with(json(429, serde_json::json!({ "message": "Retry later" })))
            .up_to_n_times(1)
            .with_priority(1)
            .expect(1),
    );
    api.mount(
        Mock::given(method("POST"))
            .and(path(NOTES))
            .respond_with(json(201, note(9, "x", false)))
            .with_priority(2)
            .expect(1),
    );
    let run = api.gates(&["check", "--comment", COVERAGE], &[]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(run.stderr.contains("gates: created the note on group/shop!7"), "{}", run.transcript());
}

#[test]
fn persistent_server_errors_give_up_with_a_warning_that_hides_the_token() {
    let api = FakeApi::gitlab();
    // A proxy that echoes the request headers back: the token must still not be printed.
    api.mount(
        Mock::given(method("GET"))
            .and(path(NOTES))
            .respond_with(
                ResponseTemplate::new(503)
                    .set_body_string(format!("PRIVATE-TOKEN: {} overloaded", api.token())),
            )
            .expect(4),
    );
    let run = api.gates(&["check", "--comment", COVERAGE], &[]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(
        run.stderr.contains(
            "warning: cannot comment on group/shop!7: GitLab answered 503 when trying to list the merge request's notes: PRIVATE-TOKEN: [token] overloaded"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn token_from_the_flag_is_sent_and_never_printed() {
    let api = FakeApi::gitlab();
    api.mount(
        Mock::given(method("GET"))
            .and(path(NOTES))
            .and(header("PRIVATE-TOKEN", api.token()))
            .respond_with(last_page(vec![]))
            .expect(1),
    );
    api.mount(
        Mock::given(method("POST"))
            .and(path(NOTES))
            .and(header("PRIVATE-TOKEN", api.token()))
            .respond_with(json(201, note(9, "x", false)))
            .expect(1),
    );
    let run =
        api.gates(&["check", "--comment", "--token", api.token(), COVERAGE, JUNIT], &[("GITLAB_TOKEN", "")]);
    assert!(run.stderr.contains("created the note"), "{}", run.transcript());
}

#[test]
fn changed_mode_leaves_an_identical_note_alone_and_delete_on_pass_removes_it() {
    let api = FakeApi::gitlab();
    let dry = api.gates(&["check", "--dry-run", COVERAGE], &[]);
    let body = dry
        .stdout
        .split("--- merge-request note (dry run: nothing posted) ---\n")
        .nth(1)
        .unwrap_or_else(|| panic!("{}", dry.transcript()))
        .to_owned();
    assert!(body.starts_with(&format!("{MARKER}\n**✅ gates passed**")), "{body}");
    api.mount(
        Mock::given(method("GET"))
            .and(path(NOTES))
            .respond_with(last_page(vec![note(30, "hello", false), note(31, &body, false)])),
    );
    api.mount(Mock::given(method("PUT")).respond_with(ResponseTemplate::new(200)).expect(0));
    api.mount(Mock::given(method("POST")).respond_with(ResponseTemplate::new(201)).expect(0));
    api.mount(
        Mock::given(method("DELETE"))
            .and(path(format!("{NOTES}/31")))
            .and(header("PRIVATE-TOKEN", api.token()))
            .respond_with(ResponseTemplate::new(204))
            .expect(1),
    );
    let unchanged = api.gates(&["check", "--comment", "--comment-mode", "changed", COVERAGE], &[]);
    assert!(
        unchanged.stderr.contains("gates: left the unchanged note on group/shop!7"),
        "{}",
        unchanged.transcript()
    );
    let deleted = api.gates(&["check", "--comment", "--comment-mode", "delete-on-pass", COVERAGE], &[]);
    assert!(
        deleted.stderr.contains("gates: deleted the note on group/shop!7 (every gate passed)"),
        "{}",
        deleted.transcript()
    );
}

#[test]
fn changed_mode_updates_a_note_that_differs() {
    let api = FakeApi::gitlab();
    api.mount(Mock::given(method("GET")).and(path(NOTES)).respond_with(last_page(vec![note(
        31,
        &format!("{MARKER}\nan older report"),
        false,
    )])));
    api.mount(
        Mock::given(method("PUT"))
            .and(path(format!("{NOTES}/31")))
            .respond_with(json(200, note(31, "x", false)))
            .expect(1),
    );
    let run = api.gates(&["check", "--comment", "--comment-mode", "changed", COVERAGE], &[]);
    assert!(run.stderr.contains("gates: updated the note on group/shop!7"), "{}", run.transcript());
}

#[test]
fn missing_gitlab_context_is_a_warning_that_says_what_to_set() {
    let api = FakeApi::gitlab();
    api.mount(Mock::given(method("GET")).respond_with(last_page(vec![])).expect(0));
    let no_token = api.gates(&["check", "--comment", COVERAGE], &[("GITLAB_TOKEN", "")]);
    assert_eq!(no_token.code, 0, "{}", no_token.transcript());
    assert!(
        no_token.stderr.contains("warning: cannot comment on the merge request: no token: set GITLAB_TOKEN"),
        "{}",
        no_token.stderr
    );
    assert!(no_token.stderr.contains("the CI job token cannot write through the API"), "{}", no_token.stderr);
    let branch_pipeline = api.gates(&["check", "--comment", COVERAGE], &[("CI_MERGE_REQUEST_IID", "")]);
    assert!(
        branch_pipeline.stderr.contains("no merge request: run the job in a merge request pipeline"),
        "{}",
        branch_pipeline.stderr
    );
}

#[test]
fn gitlab_ci_wins_over_a_github_repository_variable() {
    let api = FakeApi::gitlab();
    api.mount(Mock::given(method("GET")).and(path(NOTES)).respond_with(last_page(vec![])).expect(1));
    api.mount(
        Mock::given(method("POST")).and(path(NOTES)).respond_with(json(201, note(9, "x", false))).expect(1),
    );
    let run = api.gates(&["check", "--comment", COVERAGE], &[("GITHUB_REPOSITORY", "octo/shop")]);
    assert!(run.stderr.contains("created the note on group/shop!7"), "{}", run.transcript());
}

#[test]
fn delete_on_pass_without_a_note_posts_nothing() {
    let api = FakeApi::gitlab();
    api.mount(
        Mock::given(method("GET"))
            .and(path(NOTES))
            .respond_with(last_page(vec![note(1, "hello", false)]))
            .expect(1),
    );
    api.mount(Mock::given(method("POST")).respond_with(ResponseTemplate::new(201)).expect(0));
    api.mount(Mock::given(method("DELETE")).respond_with(ResponseTemplate::new(204)).expect(0));
    let run = api.gates(&["check", "--comment", "--comment-mode", "delete-on-pass", COVERAGE], &[]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(run.stderr.contains("gates: found no note to delete on group/shop!7"), "{}", run.transcript());
}

#[test]
fn a_next_page_that_goes_back_is_an_error_not_an_endless_loop() {
    let api = FakeApi::gitlab();
    api.mount(
        Mock::given(method("GET"))
            .and(path(NOTES))
            .respond_with(
                json(200, serde_json::json!([note(1, "hi", false)])).insert_header("x-next-page", "1"),
            )
            .expect(1),
    );
    api.mount(Mock::given(method("POST")).respond_with(ResponseTemplate::new(201)).expect(0));
    let run = api.gates(&["check", "--comment", COVERAGE, JUNIT], &[]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(
        run.stderr.contains("unexpected answer from GitLab when trying to list the merge request's notes: X-Next-Page 1 after page 1"),
        "{}",
        run.stderr
    );
}

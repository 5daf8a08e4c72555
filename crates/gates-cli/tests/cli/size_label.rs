//! `--label`: the size label from `[pr.size-labels]` against a fake GitHub and a fake GitLab on
//! loopback.

use wiremock::matchers::{any, body_string_contains, header, method, path};
use wiremock::{Mock, ResponseTemplate};

use super::fake_api::{FakeApi, json, last_page, refusal};
use super::{Run, gates, temp_file};

const LABELS: &str = "/repos/octo/shop/issues/7/labels";
const MERGE_REQUEST: &str = "/api/v4/projects/4711/merge_requests/7";
/// The diff changes 57 lines: size/S.
const POLICY: &str = "[pr.size-labels]\n\"size/XS\" = 0\n\"size/S\" = 10\n\"size/M\" = 100\n\"size/L\" = 500\n\n[[gate]]\nmetric = \"pr.changed_lines\"\nmax = 800\n";
const DIFF: &str = "testdata/patch/change.diff";

/// `gates check --label` on the diff, as a job on the fake's forge (GitHub's pull request 7,
/// GitLab's merge request !7).
fn label_run(api: &FakeApi, extra: &[&str]) -> Run {
    let (_dir, policy) = temp_file("gates.toml", POLICY);
    let mut args = vec!["check", "--policy", &policy, "--label", "--diff", DIFF];
    if api.forge == super::fake_api::Forge::GitHub {
        args.extend(["--pr", "7"]);
    }
    args.extend_from_slice(extra);
    api.gates(&args, &[])
}

#[test]
fn the_matching_github_label_is_set_and_the_other_size_labels_removed() {
    let api = FakeApi::github();
    api.mount(
        Mock::given(method("GET"))
            .and(path(LABELS))
            .respond_with(json(200, serde_json::json!([{"name": "bug"}, {"name": "size/XS"}]))),
    );
    api.mount(
        Mock::given(method("DELETE"))
            .and(path("/repos/octo/shop/issues/7/labels/size%2FXS"))
            .respond_with(json(200, serde_json::json!([])))
            .expect(1),
    );
    api.mount(
        Mock::given(method("POST"))
            .and(path(LABELS))
            .and(body_string_contains("size/S"))
            .respond_with(json(200, serde_json::json!([])))
            .expect(1),
    );
    let run = label_run(&api, &[]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(
        run.stderr.contains("gates: size label on octo/shop#7: added size/S, removed size/XS"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_refused_github_label_is_a_warning_and_the_exit_code_stays() {
    let api = FakeApi::github();
    api.mount(Mock::given(method("GET")).and(path(LABELS)).respond_with(json(200, serde_json::json!([]))));
    api.mount(
        Mock::given(method("POST"))
            .and(path(LABELS))
            .respond_with(refusal(403, "Resource not accessible by integration"))
            .expect(1),
    );
    let run = label_run(&api, &[]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(run.stderr.contains("warning: cannot label octo/shop#7: GitHub refused (403"), "{}", run.stderr);
}

#[test]
fn the_matching_gitlab_label_is_added_and_the_other_size_labels_removed_in_one_update() {
    let api = FakeApi::gitlab();
    api.mount(
        Mock::given(method("GET"))
            .and(path(MERGE_REQUEST))
            .and(header("PRIVATE-TOKEN", api.token()))
            .respond_with(json(200, serde_json::json!({"iid": 7, "labels": ["bug", "size/XS", "size/L"]}))),
    );
    api.mount(
        Mock::given(method("PUT"))
            .and(path(MERGE_REQUEST))
            .and(header("PRIVATE-TOKEN", api.token()))
            .and(body_string_contains(r#""add_labels":"size/S""#))
            .and(body_string_contains(r#""remove_labels":"size/XS,size/L""#))
            .respond_with(json(200, serde_json::json!({"iid": 7, "labels": ["bug", "size/S"]})))
            .expect(1),
    );
    let run = label_run(&api, &[]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(
        run.stderr.contains("gates: size label on group/shop!7: added size/S, removed size/XS, size/L"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_gitlab_merge_request_already_labelled_right_is_left_alone() {
    let api = FakeApi::gitlab();
    api.mount(
        Mock::given(method("GET"))
            .and(path(MERGE_REQUEST))
            .respond_with(json(200, serde_json::json!({"iid": 7, "labels": ["size/S", "bug"]})))
            .expect(1),
    );
    api.mount(Mock::given(method("PUT")).respond_with(ResponseTemplate::new(200)).expect(0));
    let run = label_run(&api, &[]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(run.stderr.contains("gates: size label on group/shop!7: added nothing"), "{}", run.stderr);
}

#[test]
fn a_refused_gitlab_label_is_a_warning_and_the_exit_code_stays() {
    let api = FakeApi::gitlab();
    api.mount(
        Mock::given(method("GET"))
            .and(path(MERGE_REQUEST))
            .respond_with(json(200, serde_json::json!({"iid": 7, "labels": []}))),
    );
    api.mount(
        Mock::given(method("PUT"))
            .and(path(MERGE_REQUEST))
            .respond_with(refusal(403, "403 Forbidden"))
            .expect(1),
    );
    // The change's gate fails (max 50 changed lines): the exit code is still the verdict's.
    let (_dir, failing) = temp_file("gates.toml", &POLICY.replace("max = 800", "max = 50"));
    let run = api.gates(&["check", "--policy", &failing, "--label", "--diff", DIFF], &[]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(
        run.stderr.contains(
            "warning: cannot label group/shop!7: GitLab refused to change the merge request's labels (403: 403 Forbidden); the CI job token cannot write through the API"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("needs the Developer role to change a merge request's labels"),
        "{}",
        run.stderr
    );
}

#[test]
fn gitlab_server_errors_are_retried_for_labels() {
    let api = FakeApi::gitlab();
    api.mount(
        Mock::given(method("GET"))
            .and(path(MERGE_REQUEST))
            .respond_with(ResponseTemplate::new(502))
            .up_to_n_times(1)
            .with_priority(1)
            .expect(1),
    );
    api.mount(
        Mock::given(method("GET"))
            .and(path(MERGE_REQUEST))
            .respond_with(json(200, serde_json::json!({"iid": 7, "labels": []}))),
    );
    api.mount(
        Mock::given(method("PUT"))
            .and(path(MERGE_REQUEST))
            .respond_with(json(200, serde_json::json!({})))
            .expect(1),
    );
    let run = label_run(&api, &[]);
    assert!(run.stderr.contains("gates: size label on group/shop!7: added size/S"), "{}", run.transcript());
}

#[test]
fn a_gitlab_dry_run_says_what_it_would_do_and_asks_nothing() {
    let api = FakeApi::gitlab();
    api.mount(Mock::given(any()).respond_with(last_page(Vec::new())).expect(0));
    let run = label_run(&api, &["--dry-run"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(
        run.stdout.contains("57 changed lines: would set label size/S and remove size/XS, size/M, size/L"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_dry_run_says_what_it_would_do_and_bad_bounds_are_policy_errors() {
    let (_dir, policy) = temp_file("gates.toml", POLICY);
    let run = gates(&["check", "--policy", &policy, "--label", "--dry-run", "--diff", DIFF]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(
        run.stdout.contains("57 changed lines: would set label size/S and remove size/XS, size/M, size/L"),
        "{}",
        run.stdout
    );
    let (_dir, same) = temp_file("gates.toml", "[pr.size-labels]\n\"small\" = 0\n\"tiny\" = 0\n");
    let run = gates(&["check", "--policy", &same, "--pr-title", "feat: x"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(run.stderr.contains("`small` and `tiny` both start at 0 changed lines"), "{}", run.stderr);
}

#[test]
fn a_gitlab_comment_also_sets_the_size_label() {
    let api = FakeApi::gitlab();
    let notes = format!("{MERGE_REQUEST}/notes");
    api.mount(Mock::given(method("GET")).and(path(notes.as_str())).respond_with(last_page(Vec::new())));
    api.mount(
        Mock::given(method("POST"))
            .and(path(notes.as_str()))
            .respond_with(json(201, serde_json::json!({"id": 1})))
            .expect(1),
    );
    api.mount(
        Mock::given(method("GET"))
            .and(path(MERGE_REQUEST))
            .respond_with(json(200, serde_json::json!({"iid": 7, "labels": []}))),
    );
    api.mount(
        Mock::given(method("PUT"))
            .and(path(MERGE_REQUEST))
            .and(body_string_contains(r#""add_labels":"size/S""#))
            .respond_with(json(200, serde_json::json!({})))
            .expect(1),
    );
    let (_dir, policy) = temp_file("gates.toml", POLICY);
    let run = api.gates(&["check", "--policy", &policy, "--comment", "--diff", DIFF], &[]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(run.stderr.contains("gates: created the note on group/shop!7"), "{}", run.stderr);
    assert!(run.stderr.contains("gates: size label on group/shop!7: added size/S"), "{}", run.stderr);
}

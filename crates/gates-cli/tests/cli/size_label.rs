//! `--label`: the size label from `[pr.size-labels]` against a fake GitHub API on loopback.

use wiremock::matchers::{body_string_contains, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::{Run, gates, gates_keeping_secret, runtime, temp_file};

const TOKEN: &str = "ghs_TOPSECRETtoken0123456789";
const LABELS: &str = "/repos/octo/shop/issues/7/labels";
/// The diff changes 57 lines: size/S.
const POLICY: &str = "[pr.size-labels]\n\"size/XS\" = 0\n\"size/S\" = 10\n\"size/M\" = 100\n\"size/L\" = 500\n\n[[gate]]\nmetric = \"pr.changed_lines\"\nmax = 800\n";

fn label_run(server: &MockServer, policy: &str) -> Run {
    let uri = server.uri();
    let set = [
        ("GITHUB_API_URL", uri.as_str()),
        ("GITHUB_TOKEN", TOKEN),
        ("GITHUB_REPOSITORY", "octo/shop"),
        ("GATES_HTTP_BACKOFF_MS", "5"),
    ];
    let args = ["check", "--policy", policy, "--label", "--pr", "7", "--diff", "testdata/patch/change.diff"];
    gates_keeping_secret(&args, &set, &["GITHUB_ACTIONS", "GITLAB_CI", "GITHUB_EVENT_PATH"], TOKEN)
}

#[test]
fn the_matching_label_is_set_and_the_other_size_labels_removed() {
    runtime().block_on(async {
        let server = MockServer::start().await;
        let present = serde_json::json!([{"name": "bug"}, {"name": "size/XS"}]);
        Mock::given(method("GET"))
            .and(path(LABELS))
            .respond_with(ResponseTemplate::new(200).set_body_json(present))
            .mount(&server)
            .await;
        Mock::given(method("DELETE"))
            .and(path("/repos/octo/shop/issues/7/labels/size%2FXS"))
            .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([])))
            .expect(1)
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .and(path(LABELS))
            .and(body_string_contains("size/S"))
            .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([])))
            .expect(1)
            .mount(&server)
            .await;
        let (_dir, policy) = temp_file("gates.toml", POLICY);
        let run = label_run(&server, &policy);
        assert_eq!(run.code, 0, "{}", run.transcript());
        assert!(
            run.stderr.contains("gates: size label on octo/shop#7: added size/S, removed size/XS"),
            "{}",
            run.stderr
        );
    });
}

#[test]
fn a_refused_label_is_a_warning_and_the_exit_code_stays() {
    runtime().block_on(async {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path(LABELS))
            .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([])))
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .and(path(LABELS))
            .respond_with(
                ResponseTemplate::new(403)
                    .set_body_json(serde_json::json!({"message": "Resource not accessible by integration"})),
            )
            .expect(1)
            .mount(&server)
            .await;
        let (_dir, policy) = temp_file("gates.toml", POLICY);
        let run = label_run(&server, &policy);
        assert_eq!(run.code, 0, "{}", run.transcript());
        assert!(
            run.stderr.contains("warning: cannot label octo/shop#7: GitHub refused (403"),
            "{}",
            run.stderr
        );
    });
}

#[test]
fn a_dry_run_says_what_it_would_do_and_bad_bounds_are_policy_errors() {
    let (_dir, policy) = temp_file("gates.toml", POLICY);
    let run = gates(&[
        "check",
        "--policy",
        &policy,
        "--label",
        "--dry-run",
        "--diff",
        "testdata/patch/change.diff",
    ]);
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

//! Machine outputs, `--output`, the job summary and workflow-command annotations.

use super::{gates, gates_with_env};

const COVERAGE: &str = "testdata/cobertura/coverage-py-branch.xml";
const JUNIT: &str = "testdata/junit/pytest-xunit2.xml";

#[test]
fn junit_output_has_a_test_case_per_gate() {
    let run = gates(&["check", "--format", "junit", COVERAGE, JUNIT]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn output_file_gets_the_format_and_the_terminal_the_table() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gates.json");
    let run = gates(&["check", "--format", "json", "--output", path.to_str().unwrap(), COVERAGE, JUNIT]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(run.stdout.contains("verdict: FAIL"), "{}", run.stdout);
    let written: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(written["verdict"], "fail");
}

#[test]
fn job_summary_is_appended_when_github_asks_for_it() {
    let dir = tempfile::tempdir().unwrap();
    let summary = dir.path().join("summary.md");
    std::fs::write(&summary, "# earlier step\n").unwrap();
    let env = [("GITHUB_STEP_SUMMARY", summary.to_str().unwrap())];
    let run = gates_with_env(&["check", COVERAGE, JUNIT], &env);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let text = std::fs::read_to_string(&summary).unwrap();
    assert!(text.starts_with("# earlier step\n**❌ gates failed**"), "{text}");
}

#[test]
fn unwritable_job_summary_is_a_warning_not_a_new_verdict() {
    let env = [("GITHUB_STEP_SUMMARY", "/nonexistent-dir/summary.md")];
    // Without branch data the coverage gate passes (81.91 %), so the verdict is a pass.
    let run = gates_with_env(&["check", "testdata/cobertura/coverage-py-nobranch.xml"], &env);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(run.stderr.contains("warning: cannot append to the job summary"), "{}", run.stderr);
}

#[test]
fn annotations_under_github_actions_are_escaped_and_capped() {
    let run = gates_with_env(&["check", COVERAGE, JUNIT], &[("GITHUB_ACTIONS", "true")]);
    let commands: Vec<&str> = run.stdout.lines().filter(|line| line.starts_with("::")).collect();
    assert!(
        commands.contains(
            &"::error title=gate%3A No failing tests::tests.failed + tests.errors is 5, threshold <= 0"
        ),
        "{commands:#?}"
    );
    assert!(commands.iter().all(|command| !command.contains('\n')));
    assert!(commands.iter().filter(|command| command.starts_with("::error")).count() <= 10);
    let without = gates(&["check", COVERAGE, JUNIT]);
    assert!(!without.stdout.contains("::error"), "only under GitHub Actions");
    let json = gates_with_env(&["check", "--format", "json", COVERAGE, JUNIT], &[("GITHUB_ACTIONS", "true")]);
    json.json();
    assert!(json.stderr.contains("::error"), "beside JSON on stdout, commands go to stderr");
}

/// The fake credentials planted in testdata/gitleaks (see make-leaky-repo.py), which
/// testdata/trufflehog's report carries too, in pieces any rendering of them would contain.
const PLANTED_SECRETS: &[&str] = &[
    "AKIAOXYIMCFIPNZB575Y",
    "ghp_FKm51zfFoWbSrHAE56yUhQqg0eyN1ygQdvpS",
    "l/Asie+ys64KT2rumOT/zNtTKjCSFbLRCIe2GWM1wYovdzuMobWRv3Dr0501kiKm",
    "BEGIN RSA PRIVATE KEY",
];

#[test]
fn no_output_shows_a_planted_secret() {
    let reports = [
        "testdata/gitleaks/gitleaks.json",
        "testdata/gitleaks/gitleaks.sarif",
        "testdata/trufflehog/trufflehog.jsonl",
    ];
    for report in reports {
        for format in ["table", "json", "markdown", "junit", "sarif", "codeclimate"] {
            let run = gates_with_env(&["check", "--format", format, report], &[("GITHUB_ACTIONS", "true")]);
            assert_eq!(run.code, 1, "{}", run.transcript());
            let everything = run.transcript();
            // Annotations (under GitHub Actions) go to stdout or, beside machine formats, stderr.
            assert!(everything.contains("::error"), "{format}: no annotations\n{everything}");
            assert!(
                everything.contains("config/id_rsa"),
                "{format}: the finding is not listed\n{everything}"
            );
            for secret in PLANTED_SECRETS {
                assert!(!everything.contains(secret), "{report} as {format} shows {secret}:\n{everything}");
            }
        }
    }
}

#[test]
fn licence_issues_are_listed_in_every_human_output() {
    let policy = super::temp_file(
        "gates.toml",
        "[licenses]\nallow = [\"MIT\", \"Apache-2.0\"]\n\n[[gate]]\nmetric = \"licenses.denied\"\nmax = 0\n",
    );
    let report = "testdata/cargo-metadata/cargo-metadata.json";
    let table = gates(&["check", "--policy", &policy.1, "--color", "never", report]);
    assert_eq!(table.code, 1, "{}", table.transcript());
    assert!(
        table.stdout.contains("licence denied: option-ext 0.2.0: MPL-2.0 (SPDX: MPL-2.0)"),
        "{}",
        table.stdout
    );
    assert!(
        table.stdout.contains("licence unknown: fuchsia-cprng 0.1.1: file LICENSE (no SPDX reading)"),
        "{}",
        table.stdout
    );
    let markdown = gates(&["check", "--policy", &policy.1, "--format", "markdown", report]);
    assert!(
        markdown.stdout.contains("<details><summary>Denied licences (2)</summary>"),
        "{}",
        markdown.stdout
    );
    assert!(
        markdown.stdout.contains("- unicode-ident 1.0.27: (MIT OR Apache-2.0) AND Unicode-3.0 (SPDX: (MIT OR Apache-2.0) AND Unicode-3.0)"),
        "{}",
        markdown.stdout
    );
    let json = gates(&["check", "--policy", &policy.1, "--format", "json", report]).json();
    let issues = json["license_issues"].as_array().unwrap();
    let names: Vec<_> = issues
        .iter()
        .map(|issue| (issue["name"].as_str().unwrap(), issue["verdict"].as_str().unwrap()))
        .collect();
    assert_eq!(
        names,
        vec![("fuchsia-cprng", "unknown"), ("option-ext", "denied"), ("unicode-ident", "denied")]
    );
    assert_eq!(issues[1]["license"], "MPL-2.0");
    assert_eq!(json["metrics"]["licenses.packages"], 8.0);
}

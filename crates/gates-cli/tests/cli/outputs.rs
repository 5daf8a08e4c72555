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
    let run = gates_with_env(&["check", COVERAGE], &env);
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

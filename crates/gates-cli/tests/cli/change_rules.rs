//! `[[change]]` rules through the binary, on a branch made with git: `--diff-base` feeds them,
//! every output names the files, and without a diff they are skipped.

use super::git_repo::GitRepo;

const POLICY: &str = r#"
[[change]]
name = "tests-with-source"
when-changed = ["src/**"]
require-changed = ["tests/**"]

[[change]]
name = "critical-files"
count-changed = ["src/api/**"]

[[gate]]
title = "Tests change with the source"
metric = "change.tests-with-source"
min = 1
severity = "warn"

[[gate]]
title = "No critical file changed"
metric = "change.critical-files"
max = 0
"#;

/// A branch `feature` that changes source and an API file but no test.
fn feature_branch() -> GitRepo {
    let repo = GitRepo::new();
    repo.write("gates.toml", POLICY)
        .write("src/app.py", "A = 1\n")
        .write("src/api/routes.py", "R = []\n")
        .write("tests/test_app.py", "def test(): pass\n")
        .commit("base")
        .branch("feature");
    repo.write("src/app.py", "A = 2\n").write("src/api/routes.py", "R = [1]\n").commit("change");
    repo
}

#[test]
fn rules_over_the_branch_fail_and_warn_naming_the_files() {
    let repo = feature_branch();
    let table = repo.gates(&["check", "--diff-base", "main"]);
    assert_eq!(table.code, 1, "{}", table.transcript());
    assert!(
        table.stdout.contains("FAIL No critical file changed:\n  changed: src/api/routes.py\n"),
        "{}",
        table.stdout
    );
    assert!(
        table.stdout.contains("WARN Tests change with the source:\n  changed without a required file: src/api/routes.py\n  changed without a required file: src/app.py\n"),
        "{}",
        table.stdout
    );
    let json = repo.gates(&["check", "--format", "json", "--diff-base", "main"]).json();
    assert_eq!(json["metrics"]["change.critical-files"], 1);
    assert_eq!(json["changes"][0]["changed"], serde_json::json!(["src/api/routes.py", "src/app.py"]));
    let markdown = repo.gates(&["check", "--format", "markdown", "--diff-base", "main"]);
    assert!(
        markdown.stdout.contains("- `change.critical-files` 1: `src/api/routes.py`"),
        "{}",
        markdown.stdout
    );
}

#[test]
fn without_a_diff_the_rules_are_skipped_and_nothing_passes() {
    let repo = feature_branch();
    let json = repo.gates(&["check", "--format", "json", "--pr-title", "feat: x"]);
    assert_eq!(json.code, 1, "{}", json.transcript());
    let json = json.json();
    assert_eq!(json["gates"][0]["status"], "skipped");
    assert_eq!(json["gates"][0]["reason"], "no input: give a diff (--diff FILE or --diff-base REF)");
}

#[test]
fn metrics_lists_the_policy_s_change_rules() {
    let repo = feature_branch();
    let run = repo.gates(&["metrics", "--policy", "gates.toml"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(
        run.stdout.contains("Change rules of the policy (from --diff FILE or --diff-base REF):"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("change.critical-files"), "{}", run.stdout);
    assert!(run.stdout.contains("Changed files matching src/api/**."), "{}", run.stdout);
}

#[test]
fn changed_files_without_the_licence_header_are_read_from_the_checkout() {
    let repo = GitRepo::new();
    let policy = "[license-header]\npaths = [\"src/**\"]\nlines = 2\nspdx = \"MIT\"\n\n[[gate]]\nmetric = \"licenses.missing_header\"\nmax = 0\n";
    repo.write("gates.toml", policy)
        .write("src/a.py", "# SPDX-License-Identifier: MIT\n")
        .commit("base")
        .branch("feature");
    repo.write("src/a.py", "# SPDX-License-Identifier: MIT\nA = 1\n")
        .write("src/b.py", "B = 1\n")
        .commit("add b");
    std::fs::create_dir_all(repo.path().join("sub")).unwrap();
    // From a subfolder too: the diff's paths start at the repository's root.
    let run = super::gates_in(
        &repo.path().join("sub"),
        &["check", "--policy", "../gates.toml", "--diff-base", "main"],
        &[],
    );
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(run.stdout.contains("no licence header: src/b.py"), "{}", run.stdout);
    let json = repo.gates(&["check", "--format", "json", "--diff-base", "main"]).json();
    assert_eq!(json["metrics"]["licenses.missing_header"], 1);
    assert_eq!(json["missing_license_headers"], serde_json::json!(["src/b.py"]));

    // A changed file missing from the working tree skips the gate naming it, never passes it.
    std::fs::remove_file(repo.path().join("src/b.py")).unwrap();
    let json = repo.gates(&["check", "--format", "json", "--diff-base", "main"]).json();
    assert_eq!(json["gates"][0]["status"], "skipped");
    assert_eq!(
        json["gates"][0]["reason"],
        "the first lines of src/b.py were not read (a file of the diff missing from the checkout?)"
    );
}

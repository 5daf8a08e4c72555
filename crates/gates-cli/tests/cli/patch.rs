//! `--diff` and `--diff-base`: patch coverage through the binary.

use std::process::Command;

use super::{gates, temp_file};

const POLICY: &str = "[[gate]]\nmetric = \"coverage.patch\"\nmin = 85\n";

#[test]
fn diff_file_gives_patch_coverage_and_uncovered_lines() {
    let (_dir, policy) = temp_file("gates.toml", POLICY);
    let run = gates(&[
        "check",
        "--policy",
        &policy,
        "--diff",
        "testdata/patch/change.diff",
        "testdata/patch/coverage.xml",
    ]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(run.stdout.contains("80.00%"), "{}", run.stdout);
    assert!(run.stdout.contains("not covered: inventory/discounts.py: lines 10, 16\n"), "{}", run.stdout);
    assert!(run.stdout.contains("not covered: inventory/pricing.py: lines 49, 53\n"), "{}", run.stdout);
    let json = gates(&[
        "check",
        "--format",
        "json",
        "--policy",
        &policy,
        "--diff",
        "testdata/patch/change.diff",
        "testdata/patch/coverage.xml",
    ])
    .json();
    assert_eq!(json["patch"]["lines_valid"], 20);
    assert_eq!(json["patch"]["files"][0]["path"], "inventory/discounts.py");
    assert_eq!(json["patch"]["files"][0]["uncovered"], serde_json::json!(["10", "16"]));
}

#[test]
fn without_a_diff_the_patch_gate_is_skipped() {
    let (_dir, policy) = temp_file(
        "gates.toml",
        "[[gate]]\nmetric = \"coverage.patch\"\nmin = 85\n\n[[gate]]\nmetric = \"coverage.lines\"\nmin = 1\n",
    );
    let run = gates(&["check", "--format", "json", "--policy", &policy, "testdata/patch/coverage.xml"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert_eq!(
        run.json()["gates"][0]["reason"],
        "no input: give a coverage report and a diff (--diff FILE or --diff-base REF)"
    );
}

#[test]
fn malformed_diff_is_an_error_with_its_line() {
    let (_dir, diff) = temp_file("bad.diff", "--- a/x.py\n+++ b/x.py\n@@ -1 +one @@\n");
    let run = gates(&["check", "--diff", &diff, "testdata/patch/coverage.xml"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(run.stderr.contains("bad.diff: line 3: expected a hunk header"), "{}", run.stderr);
}

#[test]
fn diff_base_runs_git_diff() {
    let repo = tempfile::tempdir().unwrap();
    let git = |args: &[&str]| {
        let status = Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
            .args(args)
            .current_dir(repo.path())
            .output()
            .unwrap();
        assert!(status.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&status.stderr));
    };
    git(&["init", "-q", "-b", "main"]);
    std::fs::write(repo.path().join("m.py"), "a = 1\n").unwrap();
    git(&["add", "m.py"]);
    git(&["commit", "-qm", "base"]);
    git(&["checkout", "-qb", "feature"]);
    std::fs::write(repo.path().join("m.py"), "a = 1\nb = 2\nc = 3\n").unwrap();
    git(&["commit", "-qam", "change"]);
    let coverage = "<coverage><packages><package><classes><class filename=\"m.py\"><lines>\
        <line number=\"1\" hits=\"1\"/><line number=\"2\" hits=\"1\"/><line number=\"3\" hits=\"0\"/>\
        </lines></class></classes></package></packages></coverage>";
    std::fs::write(repo.path().join("coverage.xml"), coverage).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_gates"))
        .args(["check", "--format", "json", "--diff-base", "main", "coverage.xml"])
        .current_dir(repo.path())
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["metrics"]["coverage.patch"], 50.0, "{}", String::from_utf8_lossy(&output.stderr));

    let bad = Command::new(env!("CARGO_BIN_EXE_gates"))
        .args(["check", "--diff-base", "no-such-branch", "coverage.xml"])
        .current_dir(repo.path())
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("`git diff no-such-branch...HEAD` failed"));
}

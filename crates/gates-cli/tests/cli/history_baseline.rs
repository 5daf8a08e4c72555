//! `gates check --history`: the baseline is the entry of the merge-base with the target branch,
//! or of its nearest ancestor that has one.

use std::path::Path;

use super::git_repo::git;
use super::history::{CI_VARIABLES, commit, repository, testdata};
use super::{Run, gates_in, temp_file};

const CHANGE_POLICY: &str = "[[gate]]\nmetric = \"coverage.lines\"\nmax-decrease = 100\n";

fn add_entry(dir: &Path, history: &Path, report: &str) {
    let run = gates_in(
        dir,
        &["history", "add", "--history", history.to_str().unwrap(), &testdata(report)],
        &CI_VARIABLES,
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
}

fn check(dir: &Path, history: &Path, policy: &str, format: &str) -> Run {
    let args = [
        "check",
        "--format",
        format,
        "--policy",
        policy,
        "--history",
        history.to_str().unwrap(),
        &testdata("cobertura/coverage-py-branch.xml"),
    ];
    gates_in(
        dir,
        &args,
        &[("GITHUB_BASE_REF", ""), ("CI_MERGE_REQUEST_TARGET_BRANCH_NAME", ""), ("GITHUB_EVENT_NAME", "")],
    )
}

/// The commit and distance the JSON output names, and the gate's baseline value.
fn used(run: &Run) -> (String, u64, f64) {
    let json = run.json();
    let baseline = &json["baseline"];
    (
        baseline["commit"].as_str().unwrap_or_else(|| panic!("{}", run.transcript())).to_owned(),
        baseline["distance"].as_u64().unwrap(),
        json["gates"][0]["baseline"].as_f64().unwrap(),
    )
}

#[test]
fn the_baseline_is_the_merge_base_entry_and_follows_it() {
    let upstream = repository();
    let history = upstream.path().join("history.jsonl");
    let first = git(upstream.path(), &["rev-parse", "HEAD"]);
    add_entry(upstream.path(), &history, "cobertura/shards/shard-1.xml");
    let second = commit(upstream.path(), "second");
    add_entry(upstream.path(), &history, "cobertura/shards/shard-2.xml");
    let third = commit(upstream.path(), "third");
    add_entry(upstream.path(), &history, "cobertura/coverage-py-nobranch.xml");
    assert_ne!(first, second);

    let clone_dir = tempfile::tempdir().unwrap();
    let clone = clone_dir.path().join("clone");
    git(clone_dir.path(), &["clone", "-q", upstream.path().to_str().unwrap(), "clone"]);
    git(&clone, &["checkout", "-q", "-b", "feature", &second]);
    commit(&clone, "feature");
    let (_policy_dir, policy) = temp_file("gates.toml", CHANGE_POLICY);

    let run = check(&clone, &history, &policy, "json");
    assert_eq!(run.code, 0, "{}", run.transcript());
    let (commit_used, distance, _) = used(&run);
    assert_eq!((commit_used.as_str(), distance), (second.as_str(), 0));
    assert!(
        run.stderr.contains(&format!("gates: baseline: history entry of {}, the merge-base", &second[..12])),
        "{}",
        run.transcript()
    );
    let markdown = check(&clone, &history, &policy, "markdown");
    assert!(
        markdown.stdout.contains(&format!("baseline: history entry of {}", &second[..12])),
        "{}",
        markdown.stdout
    );
    // The trend: the entries of the merge-base's line (the first and second commits), then this run.
    let coverage_chart = format!(
        "```mermaid\nxychart-beta\n    title \"coverage.total (%)\"\n    x-axis [\"{}\", \"{}\", \"this run\"]\n",
        &first[..7],
        &second[..7]
    );
    assert!(markdown.stdout.contains(&coverage_chart), "{}", markdown.stdout);

    git(&clone, &["rebase", "-q", "origin/main"]);
    let (commit_used, distance, _) = used(&check(&clone, &history, &policy, "json"));
    assert_eq!((commit_used.as_str(), distance), (third.as_str(), 0));

    // A main commit with no entry yet: its nearest ancestor with one is used, and said to be.
    commit(upstream.path(), "fourth");
    git(&clone, &["fetch", "-q"]);
    git(&clone, &["rebase", "-q", "origin/main"]);
    let run = check(&clone, &history, &policy, "json");
    let (commit_used, distance, _) = used(&run);
    assert_eq!((commit_used.as_str(), distance), (third.as_str(), 1));
    assert!(run.stderr.contains("1 commit before the merge-base"), "{}", run.stderr);
}

#[test]
fn the_pull_requests_base_branch_is_the_target() {
    let upstream = repository();
    let history = upstream.path().join("history.jsonl");
    let main_tip = commit(upstream.path(), "main");
    add_entry(upstream.path(), &history, "cobertura/shards/shard-1.xml");
    git(upstream.path(), &["checkout", "-q", "-b", "release", "HEAD~1"]);
    let release_tip = commit(upstream.path(), "release");
    add_entry(upstream.path(), &history, "cobertura/shards/shard-2.xml");
    git(upstream.path(), &["checkout", "-q", "-b", "fix"]);
    commit(upstream.path(), "fix");
    assert_ne!(main_tip, release_tip);
    let (_policy_dir, policy) = temp_file("gates.toml", CHANGE_POLICY);
    let (_event_dir, event) =
        temp_file("event.json", r#"{"pull_request": {"title": "fix: x", "base": {"ref": "release"}}}"#);
    let run = gates_in(
        upstream.path(),
        &[
            "check",
            "--format",
            "json",
            "--policy",
            &policy,
            "--event",
            &event,
            "--history",
            history.to_str().unwrap(),
            &testdata("cobertura/coverage-py-branch.xml"),
        ],
        &[],
    );
    assert_eq!(used(&run).0, release_tip, "{}", run.transcript());
}

#[test]
fn without_an_entry_change_gates_are_skipped_saying_why() {
    let upstream = repository();
    let history = upstream.path().join("history.jsonl");
    std::fs::write(&history, "").unwrap();
    let clone_dir = tempfile::tempdir().unwrap();
    let clone = clone_dir.path().join("clone");
    git(clone_dir.path(), &["clone", "-q", upstream.path().to_str().unwrap(), "clone"]);
    let (_policy_dir, policy) = temp_file("gates.toml", CHANGE_POLICY);
    let run = check(&clone, &history, &policy, "json");
    let json = run.json();
    assert_eq!(json["gates"][0]["status"], "skipped", "{}", run.transcript());
    let reason = json["gates"][0]["reason"].as_str().unwrap();
    assert!(reason.starts_with("no history entry for the merge-base "), "{reason}");
    assert!(reason.contains(" with origin/HEAD or any of its last 1000 ancestors"), "{reason}");
    assert!(json.get("baseline").is_none());
}

#[test]
fn without_a_merge_base_change_gates_are_skipped_saying_what_to_fetch() {
    let upstream = repository();
    let history = upstream.path().join("history.jsonl");
    add_entry(upstream.path(), &history, "cobertura/shards/shard-1.xml");
    let (_policy_dir, policy) = temp_file("gates.toml", CHANGE_POLICY);
    let run = check(upstream.path(), &history, &policy, "json");
    assert_eq!(run.code, 1, "its only gate skipped, nothing was checked: {}", run.transcript());
    let reason = run.json()["gates"][0]["reason"].as_str().unwrap().to_owned();
    assert!(
        reason.starts_with("no merge-base with origin/HEAD (`git merge-base HEAD origin/HEAD` failed"),
        "{reason}"
    );
    assert!(reason.ends_with("fetch-depth: 0)"), "{reason}");
}

/// A history line with these failing tests and no metrics.
fn tests_entry(sha: &str, failing: &[&str]) -> String {
    serde_json::json!({
        "version": 1,
        "commit": {"sha": sha},
        "snapshot": {"version": 1, "metrics": {}},
        "tests": {"failing": failing},
    })
    .to_string()
        + "\n"
}

#[test]
fn tests_that_failed_and_passed_across_runs_are_intermittent() {
    let dir = repository();
    let undo = "tests.test_ledger.test_undo_restores_balance";
    let history = dir.path().join("history.jsonl");
    std::fs::write(&history, tests_entry("a1", &[]) + &tests_entry("b2", &[undo])).unwrap();
    let run_with = |window: &str| {
        let (_policy_dir, policy) = temp_file(
            "gates.toml",
            &format!("[history]\n{window}\n[[gate]]\nmetric = \"tests.intermittent\"\nmax = 0\n"),
        );
        gates_in(
            dir.path(),
            &[
                "check",
                "--format",
                "json",
                "--policy",
                &policy,
                "--history",
                history.to_str().unwrap(),
                &testdata("junit/pytest-xunit2.xml"),
            ],
            &[],
        )
    };
    let run = run_with("");
    assert_eq!(run.code, 1, "{}", run.transcript());
    let json = run.json();
    assert_eq!(json["metrics"]["tests.intermittent"], 5);
    let first = &json["intermittent_tests"][0];
    assert_eq!(
        (first["id"].as_str(), first["passes"].as_u64(), first["runs"].as_u64()),
        (Some(undo), Some(1), Some(3))
    );
    // Within a window of this run alone, a failing test has not passed.
    let run = run_with("window = 1");
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert_eq!(run.json()["metrics"]["tests.intermittent"], 0);
}

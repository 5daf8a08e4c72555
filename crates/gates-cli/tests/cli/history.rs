//! `gates history add`: one JSON line per run, written atomically under a lock.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::git_repo::git;
use std::time::Duration;

use super::{Run, gates_in, repo};

/// A repository in a temporary directory with one commit on `main`.
pub(crate) fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "-q", "-b", "main"]);
    commit(dir.path(), "first");
    dir
}

/// Commits a change of the file `message` (so a rebase keeps it); returns its id.
pub(crate) fn commit(dir: &Path, message: &str) -> String {
    let path = dir.join(message);
    let before = std::fs::read_to_string(&path).unwrap_or_default();
    std::fs::write(&path, before + "+\n").unwrap();
    git(dir, &["add", message]);
    git(dir, &["commit", "-q", "-m", message]);
    git(dir, &["rev-parse", "HEAD"])
}

/// The CI variables that would name another branch or run, removed.
pub(crate) const CI_VARIABLES: [(&str, &str); 6] = [
    ("GITHUB_HEAD_REF", ""),
    ("GITHUB_REF_NAME", ""),
    ("GITHUB_RUN_ID", ""),
    ("CI_MERGE_REQUEST_SOURCE_BRANCH_NAME", ""),
    ("CI_COMMIT_BRANCH", ""),
    ("CI_PIPELINE_ID", ""),
];

pub(crate) fn testdata(path: &str) -> String {
    repo().join("testdata").join(path).to_str().unwrap().to_owned()
}

fn add(dir: &Path, history: &Path, extra: &[&str]) -> Run {
    let history = history.to_str().unwrap();
    let mut args = vec!["history", "add", "--history", history];
    args.extend_from_slice(extra);
    gates_in(dir, &args, &CI_VARIABLES)
}

fn entries(history: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(history)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

#[test]
fn an_entry_names_the_commit_and_holds_metrics_and_failing_tests() {
    let dir = repository();
    let first = git(dir.path(), &["rev-parse", "HEAD"]);
    let second = commit(dir.path(), "second");
    let history = dir.path().join("history.jsonl");
    let junit = testdata("junit/pytest-xunit2.xml");
    let run = add(dir.path(), &history, &[&junit, &testdata("cobertura/coverage-py-branch.xml")]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(run.stderr.contains(&format!("gates: added {} to", &second[..12])), "{}", run.stderr);
    let [entry] = entries(&history).try_into().unwrap();
    assert_eq!(entry["version"], 1);
    assert_eq!(entry["commit"]["sha"], second.as_str());
    assert_eq!(entry["commit"]["parents"], serde_json::json!([first]));
    assert_eq!(entry["commit"]["author_date"], "2026-01-02T03:04:05Z");
    assert_eq!(entry["commit"]["branch"], "main");
    assert_eq!(entry["snapshot"]["metrics"]["tests.total"], 23.0); // 3 failed, 15 passed, 2 skipped, 1 xfailed, 1 xpassed, 3 errors
    assert!(entry["snapshot"]["metrics"]["coverage.total"].is_f64(), "{entry}");
    // tests.failed 3 + tests.errors 2 (a teardown error of a passed test counts once).
    let failing: Vec<&str> =
        entry["tests"]["failing"].as_array().unwrap().iter().map(|id| id.as_str().unwrap()).collect();
    assert_eq!(failing.len(), 5, "{entry}");
    assert!(failing.contains(&"tests.test_ledger.test_undo_restores_balance"), "{entry}");
}

#[test]
fn keep_drops_the_oldest_entries_and_ci_variables_name_branch_and_run() {
    let dir = repository();
    let history = dir.path().join("history.jsonl");
    let junit = testdata("junit/pytest-xunit2.xml");
    for _ in 0..3 {
        commit(dir.path(), "next");
        assert_eq!(add(dir.path(), &history, &["--keep", "2", &junit]).code, 0);
    }
    let kept = entries(&history);
    assert_eq!(kept.len(), 2);
    assert_eq!(kept[1]["commit"]["sha"], git(dir.path(), &["rev-parse", "HEAD"]));
    let run = gates_in(
        dir.path(),
        &["history", "add", "--history", history.to_str().unwrap(), &junit],
        &[("GITHUB_REF_NAME", "release"), ("GITHUB_RUN_ID", "4711"), ("GITHUB_HEAD_REF", "")],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    let last = entries(&history).pop().unwrap();
    assert_eq!(
        (last["commit"]["branch"].as_str(), last["commit"]["run_id"].as_str()),
        (Some("release"), Some("4711"))
    );
}

#[test]
fn a_torn_last_line_is_skipped_with_a_note_and_dropped() {
    let dir = repository();
    let history = dir.path().join("history.jsonl");
    let junit = testdata("junit/pytest-xunit2.xml");
    assert_eq!(add(dir.path(), &history, &[&junit]).code, 0);
    let whole = std::fs::read_to_string(&history).unwrap();
    std::fs::write(&history, format!("{whole}{}", &whole[..40])).unwrap();
    let run = add(dir.path(), &history, &[&junit]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(
        run.stderr.contains("history.jsonl: line 2 is cut short (a stopped writer); skipped it"),
        "{}",
        run.stderr
    );
    assert_eq!(entries(&history).len(), 2);
}

#[test]
fn outside_a_repository_there_is_no_commit_to_name() {
    let dir = tempfile::tempdir().unwrap();
    let history = dir.path().join("history.jsonl");
    let run = gates_in(
        dir.path(),
        &["history", "add", "--history", history.to_str().unwrap(), &testdata("junit/pytest-xunit2.xml")],
        &[("GIT_CEILING_DIRECTORIES", dir.path().parent().unwrap().to_str().unwrap())],
    );
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(run.stderr.contains("`git show -s --format=%H%n%P%n%aI HEAD` failed"), "{}", run.stderr);
    assert!(!history.exists());
}

fn spawn_add(dir: &Path, history: &Path, report: &str) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_gates"))
        .args(["history", "add", "--keep", "1000000", "--history", history.to_str().unwrap(), report])
        .current_dir(dir)
        .envs(CI_VARIABLES)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// A history of `count` copies of one real entry, big enough that rewriting it takes a while.
fn long_history(dir: &Path, report: &str, count: usize) -> PathBuf {
    let history = dir.join("history.jsonl");
    assert_eq!(add(dir, &history, &[report]).code, 0);
    let line = std::fs::read_to_string(&history).unwrap();
    std::fs::write(&history, line.repeat(count)).unwrap();
    history
}

#[test]
fn killing_a_writer_at_any_point_leaves_every_earlier_entry() {
    let dir = repository();
    let report = testdata("bandit/bandit.json");
    let history = long_history(dir.path(), &report, 5000);
    let before = std::fs::read_to_string(&history).unwrap();
    for delay_ms in [0, 2, 5, 10, 20, 40, 80, 160, 320] {
        let mut child = spawn_add(dir.path(), &history, &report);
        std::thread::sleep(Duration::from_millis(delay_ms));
        child.kill().unwrap();
        child.wait().unwrap();
        let after = std::fs::read_to_string(&history).unwrap();
        assert!(after.starts_with(&before), "killed after {delay_ms} ms: an earlier entry changed");
        assert!(after.ends_with('\n'), "killed after {delay_ms} ms: a torn line");
        entries(&history);
    }
    // The lock of a killed writer is gone with it.
    let run = add(dir.path(), &history, &["--keep", "1000000", &report]);
    assert_eq!(run.code, 0, "{}", run.transcript());
}

#[test]
fn concurrent_writers_lose_no_entry() {
    let dir = repository();
    let report = testdata("junit/pytest-xunit2.xml");
    let history = long_history(dir.path(), &report, 200);
    let children: Vec<_> = (0..4).map(|_| spawn_add(dir.path(), &history, &report)).collect();
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }
    assert_eq!(entries(&history).len(), 204);
}

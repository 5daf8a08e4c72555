//! `gates baseline save` and `gates check --baseline`.

use super::{gates, temp_file};

#[test]
fn saved_baseline_drives_change_gates_and_new_findings() {
    let dir = tempfile::tempdir().unwrap();
    let baseline = dir.path().join("baseline.json");
    let saved = gates(&[
        "baseline",
        "save",
        "--out",
        baseline.to_str().unwrap(),
        "testdata/bandit/bandit.json",
        "testdata/cobertura/coverage-py-branch.xml",
        "testdata/junit/pytest-xunit2.xml",
    ]);
    assert_eq!(saved.code, 0, "{}", saved.transcript());
    assert!(saved.stderr.contains("(18 metrics, 8 findings, 0 vulnerabilities)"), "{}", saved.stderr);
    let (_policy_dir, policy) = temp_file(
        "gates.toml",
        "[[gate]]\nmetric = \"coverage.lines\"\nmax-decrease = 0.5\n\n[[gate]]\nmetric = \"tests.total\"\nmax-decrease = 0\n\n\
         [[gate]]\nmetric = \"security.new_findings\"\nmax = 0\n\n[[gate]]\nmetric = \"security.known_findings\"\nmax = 0\nseverity = \"warn\"\n",
    );
    let run = gates(&[
        "check",
        "--format",
        "json",
        "--policy",
        &policy,
        "--baseline",
        baseline.to_str().unwrap(),
        "testdata/bandit/bandit.json",
        "testdata/cobertura/shards/shard-2.xml",
        "testdata/junit/pytest-xunit2.xml",
    ]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let json = run.json();
    let gates = json["gates"].as_array().unwrap();
    let statuses: Vec<_> = gates.iter().map(|gate| gate["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["fail", "pass", "pass", "warn"]);
    let drop = gates[0]["actual"].as_f64().unwrap();
    assert!((drop - (51.0 / 94.0 - 77.0 / 94.0) * 100.0).abs() < 1e-9, "{drop}");
    assert_eq!(gates[0]["bound"], "drop <= 0.5 pts");
}

#[test]
fn unreadable_or_newer_baselines_are_errors() {
    let (_dir, newer) = temp_file("baseline.json", r#"{"version": 99, "metrics": {}}"#);
    let run = gates(&["check", "--baseline", &newer, "testdata/cobertura/coverage-py-branch.xml"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(run.stderr.contains("baseline version 99 is newer"), "{}", run.stderr);
    let run = gates(&["check", "--baseline", "missing.json", "testdata/cobertura/coverage-py-branch.xml"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("cannot read baseline missing.json"), "{}", run.stderr);
}

#[test]
fn change_gate_without_a_baseline_asks_for_the_baseline_only() {
    let (_dir, policy) = temp_file(
        "gates.toml",
        "[[gate]]\ntitle = \"Coverage may not drop\"\nmetric = \"coverage.lines\"\nmax-decrease = 0.5\n",
    );
    let run = gates(&[
        "check",
        "--policy",
        &policy,
        "--format",
        "json",
        "testdata/cobertura/coverage-py-branch.xml",
    ]);
    let reason = run.json()["gates"][0]["reason"].as_str().unwrap().to_owned();
    assert_eq!(reason, "no input: give a baseline (--baseline FILE, written by `gates baseline save`)");
}

#[test]
fn with_a_baseline_every_gate_shows_the_change_and_json_the_baseline() {
    let dir = tempfile::tempdir().unwrap();
    let baseline = dir.path().join("baseline.json");
    let baseline = baseline.to_str().unwrap();
    let coverage = "testdata/cobertura/coverage-py-branch.xml";
    let saved = gates(&["baseline", "save", "--out", baseline, coverage]);
    assert_eq!(saved.code, 0, "{}", saved.transcript());
    let table = gates(&["check", "--baseline", baseline, coverage, "testdata/junit/pytest-xunit2.xml"]);
    assert!(table.stdout.contains("┆ 79.71% (0.00 pts) ┆"), "{}", table.stdout);
    assert!(!table.stderr.contains("no gate of this policy uses the baseline"), "{}", table.stderr);
    let json = gates(&["check", "--baseline", baseline, "--format", "json", coverage]).json();
    assert_eq!(json["gates"][0]["baseline"], json["gates"][0]["actual"]);
    assert!(json["gates"][1].get("baseline").is_none(), "the baseline has no tests: {}", json["gates"][1]);
}

#[test]
fn a_baseline_no_gate_uses_is_noted() {
    let dir = tempfile::tempdir().unwrap();
    let baseline = dir.path().join("baseline.json");
    let baseline = baseline.to_str().unwrap();
    let saved = gates(&["baseline", "save", "--out", baseline, "testdata/cobertura/coverage-py-branch.xml"]);
    assert_eq!(saved.code, 0, "{}", saved.transcript());
    let (_policy_dir, policy) = temp_file("gates.toml", "[[gate]]\nmetric = \"tests.total\"\nmin = 1\n");
    let run =
        gates(&["check", "--policy", &policy, "--baseline", baseline, "testdata/junit/pytest-xunit2.xml"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(run.stderr.contains("note: no gate of this policy uses the baseline"), "{}", run.stderr);
}

#[test]
fn findings_missing_from_the_baseline_are_marked_new_in_every_output() {
    let dir = tempfile::tempdir().unwrap();
    let baseline = dir.path().join("baseline.json");
    let baseline = baseline.to_str().unwrap();
    let saved = gates(&["baseline", "save", "--out", baseline, "testdata/mypy/mypy.txt"]);
    assert_eq!(saved.code, 0, "{}", saved.transcript());
    let args = |format: &'static str| {
        [
            "check",
            "--baseline",
            baseline,
            "--format",
            format,
            "testdata/bandit/bandit.json",
            "testdata/mypy/mypy.txt",
        ]
    };
    let json = gates(&args("json")).json();
    let news: Vec<(String, bool)> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|finding| {
            (finding["tool"].as_str().unwrap_or_default().to_owned(), finding["new"].as_bool().unwrap())
        })
        .collect();
    assert!(news.iter().all(|(tool, new)| *new == (tool != "mypy")), "{news:?}");
    let sarif: serde_json::Value = serde_json::from_str(&gates(&args("sarif")).stdout).unwrap();
    let states: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|result| result["baselineState"].as_str().unwrap())
        .collect();
    assert!(states.contains(&"new") && states.contains(&"unchanged"), "{states:?}");
    assert!(gates(&args("markdown")).stdout.contains("**new**"));
    let table = gates(&["check", "--baseline", baseline, "testdata/bandit/bandit.json"]);
    assert!(table.stdout.contains("  NEW HIGH B602 warehouse/maintenance.py:14"), "{}", table.stdout);
}

#[test]
fn a_change_in_percent_of_the_baseline_bounds_test_time_growth() {
    let dir = tempfile::tempdir().unwrap();
    let baseline = dir.path().join("baseline.json");
    let saved =
        gates(&["baseline", "save", "--out", baseline.to_str().unwrap(), "testdata/junit/pytest-xunit2.xml"]);
    assert_eq!(saved.code, 0, "{}", saved.transcript());
    let (_policy_dir, policy) =
        temp_file("gates.toml", "[[gate]]\nmetric = \"tests.duration_s\"\nmax-increase-percent = 20\n");
    let base = ["check", "--format", "json", "--policy", &policy, "--baseline", baseline.to_str().unwrap()];
    let same = gates(&[&base[..], &["testdata/junit/pytest-xunit2.xml"]].concat());
    assert_eq!(same.code, 0, "{}", same.transcript());
    assert_eq!(same.json()["gates"][0]["actual"], 0.0);
    // Twice the tests' time (xunit1 is the same run in pytest's older format): +95.80 %.
    let slower = gates(
        &[&base[..], &["testdata/junit/pytest-xunit2.xml", "testdata/junit/pytest-xunit1.xml"]].concat(),
    );
    assert_eq!(slower.code, 1, "{}", slower.transcript());
    let actual = slower.json()["gates"][0]["actual"].as_f64().unwrap();
    assert!((actual - 95.8).abs() < 0.01, "{actual}");
    let table = gates(&[
        "check",
        "--policy",
        &policy,
        "--baseline",
        baseline.to_str().unwrap(),
        "testdata/junit/pytest-xunit2.xml",
    ]);
    assert!(table.stdout.contains("rise <= 20%") && table.stdout.contains("+0.00%"), "{}", table.stdout);
}

//! Security, dependency, complexity, lint and type gates through the binary.

use super::{gates, gates_in, repo, temp_file};

const SCANS: &[&str] = &[
    "testdata/bandit/bandit.json",
    "testdata/pip-audit/pip-audit.json",
    "testdata/radon/cc.json",
    "testdata/ruff/ruff.json",
    "testdata/mypy/mypy.txt",
];

fn check(extra: &[&str]) -> super::Run {
    let mut args = vec!["check"];
    args.extend_from_slice(extra);
    args.extend_from_slice(SCANS);
    gates(&args)
}

#[test]
fn default_policy_on_real_scans() {
    let run = check(&[]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn statuses_of_every_finding_gate() {
    let json = check(&["--format", "json"]).json();
    let status = |name: &str| {
        let gate = json["gates"].as_array().unwrap().iter().find(|gate| gate["name"] == name).unwrap();
        (gate["status"].as_str().unwrap().to_owned(), gate["actual"].clone())
    };
    assert_eq!(status("No high-severity security findings"), ("fail".into(), 1.into()));
    assert_eq!(status("No medium-severity security findings"), ("fail".into(), 3.into()));
    assert_eq!(status("Security scan complete"), ("warn".into(), 1.into()));
    assert_eq!(status("No critical or high vulnerabilities"), ("pass".into(), 0.into()));
    assert_eq!(status("No vulnerabilities of unknown severity"), ("pass".into(), 0.into()));
    assert_eq!(status("No medium-severity vulnerabilities"), ("pass".into(), 0.into()));
    assert_eq!(status("Every dependency audited"), ("warn".into(), 4.into()));
    assert_eq!(status("Complexity rank B or better"), ("warn".into(), 12.0.into()));
    assert_eq!(status("No lint violations"), ("fail".into(), 8.into()));
    assert_eq!(status("No type errors"), ("fail".into(), 2.into()));
    assert_eq!(status("Coverage (lines and branches)").0, "skipped");
    assert_eq!(json["unaudited_packages"].as_array().unwrap().len(), 4);
    assert_eq!(json["complexity_hotspots"][0]["name"], "pick_order");
}

#[test]
fn waivers_and_confidence_floor_turn_fails_into_passes() {
    let (_dir, policy) = temp_file(
        "gates.toml",
        r#"
[security]
min-confidence = "high"

[[gate]]
metric = "security.high"
max = 0

[[gate]]
metric = "security.medium"
max = 0
severity = "warn"

[[waiver]]
id = "B602"
path = "warehouse/*.py"
reason = "backups run from cron with a fixed path"

[[waiver]]
id = "B307"
reason = "rules come from our own config"
expires = 2001-01-01
"#,
    );
    let run = gates(&["check", "--format", "json", "--policy", &policy, "testdata/bandit/bandit.json"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let json = run.json();
    assert_eq!(json["gates"][0]["status"], "pass");
    assert_eq!(json["gates"][1]["status"], "warn", "B307 (eval) is still counted: its waiver expired");
    assert!(run.stderr.contains("warning: waiver for `B307` expired on 2001-01-01"), "{}", run.stderr);
    assert_eq!(json["expired_waivers"][0]["id"], "B307");
    let b602 = json["findings"].as_array().unwrap().iter().find(|finding| finding["rule"] == "B602").unwrap();
    assert_eq!((b602["counted"].as_bool(), b602["waived_by"].as_str()), (Some(false), Some("B602")));
    let below = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|finding| finding["below_confidence"] == true)
        .count();
    assert_eq!(below, 1, "the one MEDIUM-confidence finding");
}

#[test]
fn markdown_lists_findings_and_unaudited_packages() {
    let run = check(&["--format", "markdown"]);
    assert!(run.stdout.contains("<details><summary>Security findings (8)</summary>"), "{}", run.stdout);
    assert!(
        run.stdout.contains("- HIGH `B602` `warehouse/maintenance.py:14` subprocess call with shell=True"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("<details><summary>Dependencies not audited (4)</summary>"));
    assert!(run.stdout.contains("<details><summary>Complexity hot spots (rank C or worse) (1)</summary>"));
    assert!(run.stdout.contains("<details><summary>Not analysed (tool errors) (2)</summary>"));
}

#[test]
fn sarif_output_carries_findings_for_code_scanning() {
    let run = check(&["--format", "sarif"]);
    let sarif: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 8 + 8 + 2, "bandit + ruff + mypy findings");
    let shell = results.iter().find(|result| result["ruleId"] == "bandit/B602").unwrap();
    assert_eq!(shell["level"], "error");
    assert_eq!(shell["locations"][0]["physicalLocation"]["region"]["startLine"], 14);
    // gates' own SARIF reads back through gates' SARIF parser.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gates.sarif");
    std::fs::write(&path, &run.stdout).unwrap();
    let again = gates(&["check", "--format", "json", path.to_str().unwrap()]).json();
    // One run of tool gates reads back as a security scan: every `error` result is high.
    assert_eq!(
        again["metrics"]["security.high"],
        1.0 + 2.0 + 8.0,
        "bandit HIGH + the two mypy errors + ruff's eight (ruff's violations are errors)"
    );
}

#[test]
fn code_quality_report_has_the_fields_gitlab_requires_and_stable_fingerprints() {
    let first: serde_json::Value = serde_json::from_str(&check(&["--format", "codeclimate"]).stdout).unwrap();
    let second: serde_json::Value =
        serde_json::from_str(&check(&["--format", "codeclimate"]).stdout).unwrap();
    let issues = first.as_array().unwrap();
    assert_eq!(issues.len(), 18);
    for issue in issues {
        for field in ["description", "check_name", "fingerprint", "severity"] {
            assert!(issue[field].as_str().is_some_and(|text| !text.is_empty()), "{field} in {issue}");
        }
        assert!(
            issue["location"]["path"].as_str().is_some_and(|path| !path.is_empty())
                && issue["location"]["lines"]["begin"].as_u64().is_some_and(|line| line >= 1),
            "{issue}"
        );
        assert!(
            ["info", "minor", "major", "critical", "blocker"].contains(&issue["severity"].as_str().unwrap())
        );
    }
    assert_eq!(first, second, "fingerprints are stable across runs");
    let mut fingerprints: Vec<_> =
        issues.iter().map(|issue| issue["fingerprint"].as_str().unwrap()).collect();
    fingerprints.sort_unstable();
    fingerprints.dedup();
    assert_eq!(fingerprints.len(), 18, "distinct findings have distinct fingerprints");
}

#[test]
fn file_uris_inside_the_working_directory_become_relative_and_an_unmatched_waiver_is_named() {
    // Outside any git checkout the root is the working directory: ESLint's real SARIF, its
    // runner path replaced with this directory.
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let eslint = std::fs::read_to_string(repo().join("testdata/sarif/eslint.sarif")).unwrap();
    let moved =
        eslint.replace("file:///home/runner/work/webapp/webapp/", &format!("file://{}/", root.display()));
    std::fs::write(root.join("eslint.sarif"), moved).unwrap();
    std::fs::write(
        root.join("gates.toml"),
        "[[gate]]\nmetric = \"lint.violations\"\nmax = 3\n\n[[waiver]]\nid = \"no-debugger\"\npath = \"src/**\"\nreason = \"r\"\n\n[[waiver]]\nid = \"no-var\"\npath = \"lib/**\"\nreason = \"legacy\"\n",
    )
    .unwrap();
    let run =
        gates_in(&root, &["check", "--policy", "gates.toml", "--format", "codeclimate", "eslint.sarif"], &[]);
    assert_eq!(run.code, 1, "4 counted > 3: {}", run.transcript());
    let issues: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let paths: Vec<&str> =
        issues.as_array().unwrap().iter().map(|issue| issue["location"]["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["src/cart.js"; 4], "no-debugger waived by `src/**`");
    assert!(
        run.stderr
            .contains("warning: waiver for `no-var` in `lib/**` matched nothing in these reports (legacy)"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("`no-debugger`"), "{}", run.stderr);
}

#[test]
fn paths_are_relative_to_the_repository_above_the_working_directory() {
    // The root is the nearest directory up holding `.git`: a directory, or a worktree's file.
    for git_is_a_file in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        if git_is_a_file {
            std::fs::write(root.join(".git"), "gitdir: /elsewhere/.git/worktrees/web\n").unwrap();
        } else {
            std::fs::create_dir(root.join(".git")).unwrap();
        }
        let web = root.join("web");
        std::fs::create_dir(&web).unwrap();
        let eslint = std::fs::read_to_string(repo().join("testdata/sarif/eslint.sarif")).unwrap();
        let moved =
            eslint.replace("file:///home/runner/work/webapp/webapp/", &format!("file://{}/", web.display()));
        std::fs::write(web.join("eslint.sarif"), moved).unwrap();
        let run = gates_in(&web, &["check", "--format", "codeclimate", "eslint.sarif"], &[]);
        let issues: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        let paths: Vec<&str> = issues
            .as_array()
            .unwrap()
            .iter()
            .map(|issue| issue["location"]["path"].as_str().unwrap())
            .collect();
        assert!(!paths.is_empty() && paths.iter().all(|path| path.starts_with("web/src/")), "{paths:?}");
    }
}

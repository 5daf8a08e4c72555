//! `[[quarantine]]`: a failing test still reported, not counted, until the quarantine expires.

use super::{gates, temp_file};

const QUARANTINES: &str = r#"
[[gate]]
metric = "tests.failed"
max = 2

[[quarantine]]
test = "tests.test_ledger.test_undo_*"
reason = "flaky clock, #123"

[[quarantine]]
test = "tests.test_ledger.test_history_with_database"
reason = "database upgrade"
expires = 2020-01-31
"#;

#[test]
fn a_quarantined_failure_is_reported_but_not_counted() {
    let (_dir, policy) = temp_file("gates.toml", QUARANTINES);
    let run = gates(&["check", "--format", "json", "--policy", &policy, "testdata/junit/pytest-xunit2.xml"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let json = run.json();
    // 3 failed in the report, one of them quarantined.
    assert_eq!(json["metrics"]["tests.failed"], 2);
    assert_eq!(
        json["quarantined_tests"],
        serde_json::json!([{
            "name": "tests.test_ledger.test_undo_restores_balance",
            "quarantine": "tests.test_ledger.test_undo_*",
            "reason": "flaky clock, #123",
        }])
    );
    assert!(
        json["failed_tests"].as_array().unwrap().iter().any(|test| test["name"]
            .as_str()
            .is_some_and(|name| name.ends_with("test_undo_restores_balance"))),
        "a quarantined failure is still listed: {json}"
    );
    assert!(
        run.stderr.contains(
            "warning: quarantine of `tests.test_ledger.test_history_with_database` expired on 2020-01-31 and no longer applies (database upgrade)"
        ),
        "{}",
        run.stderr
    );
    let markdown =
        gates(&["check", "--format", "markdown", "--policy", &policy, "testdata/junit/pytest-xunit2.xml"]);
    assert!(markdown.stdout.contains("Quarantined failures (not counted) (1)"), "{}", markdown.stdout);
}

#[test]
fn a_quarantine_needs_a_reason() {
    let (_dir, policy) = temp_file("gates.toml", "[[quarantine]]\ntest = \"t\"\nreason = \" \"\n");
    let run = gates(&["check", "--policy", &policy, "testdata/junit/pytest-xunit2.xml"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(run.stderr.contains("line 3, column 10: a quarantine needs a reason"), "{}", run.stderr);
}

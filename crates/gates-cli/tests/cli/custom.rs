//! Custom metrics: declared in the policy, fed by `--metric` or a JSON file and pointer.

use crate::{gates, temp_file};

const EVAL_POLICY: &str = r#"
[metrics."eval.adversarial_pass_rate"]
description = "Hostile stock lines the parser handles robustly (testdata/eval)"
unit = "percent"
file = "testdata/eval/results.json"
pointer = "/summary/pass_rate_text"

[metrics."bundle.size"]
description = "Size of the release bundle"
unit = "bytes"

[[gate]]
title = "Adversarial pass rate"
metric = "eval.adversarial_pass_rate"
min = 40
severity = "warn"

[[gate]]
metric = "bundle.size"
max = 1000000
"#;

#[test]
fn json_pointer_and_command_line_values_feed_gates() {
    let (_dir, policy) = temp_file("gates.toml", EVAL_POLICY);
    let run = gates(&["check", "--policy", &policy, "--metric", "bundle.size=2500000", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let json = run.json();
    assert_eq!(json["metrics"]["eval.adversarial_pass_rate"], 56.25);
    assert_eq!(json["metrics"]["bundle.size"], 2_500_000.0);
    assert_eq!(json["gates"][0]["status"], "pass");
    assert_eq!(json["gates"][0]["actual"], 56.25);
    assert_eq!(json["gates"][1]["status"], "fail");
}

#[test]
fn a_percent_string_from_the_command_line_is_read() {
    let (_dir, policy) = temp_file("gates.toml", EVAL_POLICY);
    let run = gates(&[
        "check",
        "--policy",
        &policy,
        "--metric",
        "eval.adversarial_pass_rate=31.5%",
        "--metric",
        "bundle.size=10",
    ]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(run.stdout.contains("WARN"), "{}", run.transcript());
    assert!(run.stdout.contains("31.50%"), "{}", run.transcript());
}

#[test]
fn a_metric_without_a_value_skips_its_gate() {
    let (_dir, policy) = temp_file("gates.toml", EVAL_POLICY);
    let run = gates(&["check", "--policy", &policy, "--format", "json"]);
    let json = run.json();
    assert_eq!(json["gates"][1]["status"], "skipped");
    assert_eq!(json["gates"][1]["reason"], "not given: pass --metric bundle.size=VALUE");
    assert!(json["metrics"].get("bundle.size").is_none());
}

#[test]
fn an_absent_file_skips_or_fails_a_required_gate_never_passes() {
    let policy_text = r#"
[metrics."eval.pass_rate"]
description = "Eval pass rate"
unit = "percent"
file = "eval/does-not-exist.json"
pointer = "/summary/pass_rate"

[[gate]]
metric = "eval.pass_rate"
min = 40
required = true
"#;
    let (_dir, policy) = temp_file("gates.toml", policy_text);
    let run = gates(&["check", "--policy", &policy, "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let json = run.json();
    assert_eq!(json["gates"][0]["status"], "fail");
    assert_eq!(json["gates"][0]["reason"], "required input missing: eval/does-not-exist.json does not exist");
    let optional = policy_text.replace("required = true", "");
    let (_dir, policy) = temp_file("gates.toml", &optional);
    let json = gates(&["check", "--policy", &policy, "--format", "json"]).json();
    assert_eq!(json["gates"][0]["status"], "skipped");
}

#[test]
fn a_file_without_a_number_at_the_pointer_is_an_error_naming_file_pointer_and_value() {
    let policy_text = r#"
[metrics."eval.pass_rate"]
description = "Eval pass rate"
unit = "percent"
file = "testdata/eval/results.json"
pointer = "/cases/0/input"
"#;
    let (_dir, policy) = temp_file("gates.toml", policy_text);
    let run = gates(&["check", "--policy", &policy]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert_eq!(
        run.stderr.trim(),
        "error: custom metric `eval.pass_rate`: testdata/eval/results.json: expected a number at JSON Pointer `/cases/0/input` (like 43.5, \"43.5\" or \"43.5%\"), found the string \"SKU-1;12;4.50\""
    );
    let typo = policy_text.replace("/cases/0/input", "/summary/passrate");
    let (_dir, policy) = temp_file("gates.toml", &typo);
    let run = gates(&["check", "--policy", &policy]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("nothing at JSON Pointer `/summary/passrate` (`/summary` has keys: cases, pass_rate, pass_rate_text, passed)"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_undeclared_metric_is_an_error_not_ignored() {
    let (_dir, policy) = temp_file("gates.toml", EVAL_POLICY);
    let run = gates(&["check", "--policy", &policy, "--metric", "bundle.sise=3"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr.trim(),
        "error: --metric bundle.sise: the policy declares no such metric; did you mean `bundle.size`?"
    );
    let run = gates(&["check", "testdata/junit/pytest-xunit2.xml", "--metric", "eval.rate=3"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("add a `[metrics.\"eval.rate\"]` table"), "{}", run.stderr);
}

#[test]
fn a_gate_on_an_undeclared_metric_is_a_policy_error() {
    let (_dir, policy) = temp_file("gates.toml", "[[gate]]\nmetric = \"eval.pass_rate\"\nmin = 40\n");
    let run = gates(&["check", "--policy", &policy, "--metric", "eval.pass_rate=50"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("line 2, column 10: unknown metric `eval.pass_rate`"), "{}", run.stderr);
}

#[test]
fn a_policy_of_declarations_only_reports_every_metric() {
    let declarations = EVAL_POLICY.split("[[gate]]").next().unwrap();
    let (_dir, policy) = temp_file("gates.toml", declarations);
    let run = gates(&[
        "check",
        "testdata/junit/pytest-xunit2.xml",
        "--policy",
        &policy,
        "--metric",
        "bundle.size=12",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let json = run.json();
    assert_eq!(json["gates"].as_array().unwrap().len(), 0);
    assert_eq!(json["metrics"]["tests.total"], 23.0);
    assert_eq!(json["metrics"]["bundle.size"], 12.0);
    assert_eq!(json["metrics"]["eval.adversarial_pass_rate"], 56.25);
}

#[test]
fn metrics_lists_the_policy_s_custom_metrics() {
    let (_dir, policy) = temp_file("gates.toml", EVAL_POLICY);
    let run = gates(&["metrics", "--policy", &policy]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(run.stdout.contains("eval.adversarial_pass_rate"), "{}", run.stdout);
    assert!(run.stdout.contains("testdata/eval/results.json"), "{}", run.stdout);
    assert!(run.stdout.contains("at /summary/pass_rate_text"), "{}", run.stdout);
    assert!(run.stdout.contains("--metric bundle.size=VALUE"), "{}", run.stdout);
    assert!(run.stdout.contains("coverage.lines"));
}

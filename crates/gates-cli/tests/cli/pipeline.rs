//! policies/pipeline.toml, a whole pull-request pipeline, over the bundled example reports.

use crate::gates_with_env;

/// `gates check` with policies/pipeline.toml over every example report, as JSON.
pub(crate) const PIPELINE_JSON: &[&str] = &[
    "check",
    "--policy",
    "policies/pipeline.toml",
    "testdata/patch/coverage.xml",
    "testdata/junit/pytest-xunit2.xml",
    "testdata/bandit/bandit.json",
    "testdata/pip-audit/pip-audit.json",
    "testdata/radon/cc.json",
    "testdata/ruff/ruff.json",
    "testdata/mypy/mypy.txt",
    "testdata/pip-licenses/pip-licenses.json",
    "--input",
    "gitleaks=testdata/gitleaks/gitleaks.json",
    "testdata/pip-outdated/pip-outdated.json",
    "testdata/pytest-benchmark/candidate-15pct.json",
    "--bench-baseline",
    "testdata/pytest-benchmark/baseline.json",
    "--diff",
    "testdata/patch/change.diff",
    "--event",
    "testdata/github-events/pull_request-opened.json",
    "--format",
    "json",
];

#[test]
fn the_pipeline_policy_judges_every_gate_of_the_example_reports() {
    let run =
        gates_with_env(PIPELINE_JSON, &[("GITHUB_TOKEN", ""), ("GITHUB_REPOSITORY", ""), ("GITLAB_CI", "")]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let json = run.json();
    let statuses: Vec<(String, String)> = json["gates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|gate| (gate["name"].as_str().unwrap().to_owned(), gate["status"].as_str().unwrap().to_owned()))
        .collect();
    let expected = [
        ("Coverage (lines and branches)", "fail"), // 78.40 % = (91 + 36) / (112 + 50)
        ("Critical-path coverage", "fail"),        // 84.76 % of pricing.py + ledger.py
        ("New-code coverage", "fail"),             // 80 %, as diff-cover says
        ("At least 300 tests", "fail"),            // 23
        ("No failing tests", "fail"),              // 3 failed + 2 errors
        ("No lint errors", "fail"),                // ruff: 8
        ("No lint warnings", "pass"),              // ruff has no warning level
        ("No type errors", "fail"),                // mypy: 2
        ("No high/medium security findings", "fail"), // bandit: 1 high + 3 medium
        ("No vulnerable dependencies", "pass"),    // pip-audit found none...
        ("Every dependency audited", "warn"),      // ...because it skipped all 4
        ("No leaked secrets", "fail"),             // gitleaks: 3
        ("No dependency a major version behind", "warn"), // pip list --outdated: 7 of 9
        ("Licences allowed", "fail"),              // Unidecode GPL-2.0+, paramiko LGPL-2.1
        ("Licences known", "fail"),                // 4 without an SPDX reading
        ("Complexity grade B or better", "warn"),  // 12 (C)
        ("No severe benchmark regression (> 20 %)", "fail"), // test_bulk_quote mean +39.31 %
        ("No benchmark regression (> 10 %)", "warn"), // test_fill_ledger mean +14.51 %
        ("Conventional Commits title", "fail"),    // "feature: LCOV input"
        ("At most 800 changed lines", "pass"),     // the diff: 57
        ("At most 40 changed files", "pass"),      // 5
        ("A description of 30 characters or more", "warn"), // "Adds LCOV input. Closes #12": 27
        ("References an issue", "pass"),           // Closes #12
        ("At least one approval", "skipped"),      // no token
        ("No unresolved review threads", "skipped"),
        ("Merges without conflicts", "skipped"),
        ("Tests change with the source", "pass"), // tests/test_discounts.py is in the diff
        ("Docs change with the API", "warn"),     // pricing.py changed, no docs
        ("Changed source files carry the licence header", "skipped"), // the diff's files are not checked out here
        ("No critical file changed (breaking-change review)", "warn"), // ledger.py
        ("Adversarial-eval pass rate", "pass"),                       // 56.25 %
    ];
    let expected: Vec<(String, String)> =
        expected.iter().map(|(name, status)| ((*name).to_owned(), (*status).to_owned())).collect();
    assert_eq!(statuses, expected);
    assert_eq!(json["metrics"]["eval.adversarial_pass_rate"], 56.25);
    assert_eq!(json["metrics"]["licenses.denied"], 2.0);
    assert_eq!(json["metrics"]["pr.changed_lines"], 57.0);
}

//! Every renderer over the same evaluations, one snapshot each (`<renderer>_<evaluation>`);
//! then Markdown's own concerns: trimming at the size limit, hostile text, coverage.py's figures.

use crate::kit::model::{
    Category, Finding, Findings, Problem, SourceLocation, TestCase, TestRun, TestStatus,
};
use crate::kit::{
    self, BUILTIN_TOML, Output, evaluate_builtin, evaluate_with, markdown_within, metrics_of, render,
};
use gates_core::{EvaluateOptions, Evaluation, Metrics};

/// Coverage and tests of the demo project.
fn real_metrics() -> Metrics {
    metrics_of(&["cobertura/coverage-py-branch.xml", "junit/pytest-xunit2.xml"])
}

/// The reports of README's first command: one of each kind the built-in policy reads.
const EXAMPLE_REPORTS: &[&str] = &[
    "cobertura/coverage-py-branch.xml",
    "junit/pytest-xunit2.xml",
    "bandit/bandit.json",
    "pip-audit/pip-audit.json",
    "radon/cc.json",
    "ruff/ruff.json",
    "mypy/mypy.txt",
    "gitleaks/gitleaks.json",
    "pip-licenses/pip-licenses.json",
];

/// The built-in policy with a patch coverage gate, on a real change and benchmarks 15 % slower.
fn patch_and_bench() -> (Metrics, Evaluation) {
    let mut metrics = kit::with_patch(metrics_of(&["patch/coverage.xml"]), "patch/change.diff");
    let candidate = "pytest-benchmark/candidate-15pct.json";
    metrics.add(candidate, kit::report_at(&kit::testdata(candidate)));
    let options =
        EvaluateOptions::default().with_bench_baseline(kit::benchmark_run("pytest-benchmark/baseline.json"));
    let policy = format!("{BUILTIN_TOML}\n[[gate]]\nmetric = \"coverage.patch\"\nmin = 80\n");
    let evaluation = evaluate_with(&policy, &metrics, &options);
    (metrics, evaluation)
}

/// A failing test and a finding whose names and messages try to break out of every output.
fn hostile_metrics() -> Metrics {
    let mut case = TestCase::new(
        "test_x[</details><img src=x onerror=alert(1)> | @octocat fixes #1]",
        TestStatus::Failed(Problem::new(
            Some("```\n<script>alert(1)</script>\n@admin".into()),
            None,
            Some("``` fence\n</details>".into()),
        )),
    );
    case.classname = Some("tests.`evil`_*mod*".into());
    let mut finding =
        Finding::new(Category::Security, "scanner", "R|1", "<b>bold</b> [link](https://x) @team #42");
    finding.location = Some(SourceLocation::new("src/|pipe|.py", Some(3)));
    let mut findings = Findings::covering(&[Category::Security]);
    findings.items.push(finding);
    let mut run = TestRun::default();
    run.cases.push(case);
    let mut metrics = Metrics::new();
    metrics.tests = Some(run);
    metrics.findings = Some(findings);
    metrics
}

const HOSTILE_POLICY: &str =
    "[[gate]]\nmetric = \"tests.failed\"\nmax = 0\n\n[[gate]]\nmetric = \"security.medium\"\nmax = 0\n";

/// The evaluations every renderer is shown, by name.
fn evaluations() -> Vec<(&'static str, Metrics, Evaluation)> {
    let options = EvaluateOptions::default();
    let real = real_metrics();
    let pass = evaluate_with(
        "[[gate]]\ntitle = \"Line coverage\"\nmetric = \"coverage.lines\"\nmin = 80\n",
        &real,
        &options,
    );
    let warn = evaluate_with(
        "[[gate]]\nmetric = \"coverage.total\"\nmin = 85\nseverity = \"warn\"\n\n[[gate]]\nmetric = \"tests.total\"\nmin = 1\n",
        &real,
        &options,
    );
    let fail = evaluate_builtin(&real);
    let example = metrics_of(EXAMPLE_REPORTS);
    let example_evaluation = evaluate_builtin(&example);
    let (patch_metrics, patch_evaluation) = patch_and_bench();
    let hostile = hostile_metrics();
    let hostile_evaluation = evaluate_with(HOSTILE_POLICY, &hostile, &options);
    vec![
        ("pass", real.clone(), pass),
        ("warn", real.clone(), warn),
        ("fail", real, fail),
        ("example", example, example_evaluation),
        ("patch_and_bench", patch_metrics, patch_evaluation),
        ("hostile", hostile, hostile_evaluation),
    ]
}

/// Every output, by the name its snapshots go by.
const OUTPUTS: &[(&str, Output)] = &[
    ("markdown", Output::Markdown),
    ("json", Output::Json),
    ("sarif", Output::Sarif),
    ("junit", Output::Junit),
    ("codeclimate", Output::CodeClimate),
    ("annotations", Output::Annotations),
];

#[test]
fn every_renderer_on_the_same_evaluations() {
    for (evaluation_name, metrics, evaluation) in evaluations() {
        for &(renderer_name, output) in OUTPUTS {
            insta::assert_snapshot!(
                format!("{renderer_name}_{evaluation_name}"),
                render(output, &evaluation, &metrics)
            );
        }
    }
}

#[test]
fn each_output_written_as_it_renders_is_the_rendered_text() {
    for (evaluation_name, metrics, evaluation) in evaluations() {
        for &(renderer_name, output) in OUTPUTS {
            let mut written = Vec::new();
            gates_core::write_rendered(output, &evaluation, &metrics, &mut written).unwrap();
            assert_eq!(
                String::from_utf8(written).unwrap(),
                render(output, &evaluation, &metrics),
                "{renderer_name}_{evaluation_name}"
            );
        }
    }
}

#[test]
fn markdown_trimmed_at_the_size_limit() {
    let metrics = real_metrics();
    let evaluation = evaluate_builtin(&metrics);
    let trimmed = markdown_within(&evaluation, &metrics, 3_000);
    assert!(trimmed.len() <= 3_000, "{}", trimmed.len());
    insta::assert_snapshot!(trimmed);
}

#[test]
fn hostile_names_cannot_break_the_comment() {
    let metrics = hostile_metrics();
    let rendered = render(
        Output::Markdown,
        &evaluate_with(HOSTILE_POLICY, &metrics, &EvaluateOptions::default()),
        &metrics,
    );
    assert!(
        !rendered.contains("<img") && !rendered.contains("<script>") && !rendered.contains("<b>"),
        "{rendered}"
    );
    assert!(
        !rendered.contains("@octocat") && !rendered.contains("#1]") && !rendered.contains("@team"),
        "{rendered}"
    );
    // Outside fenced code blocks (where GitHub shows text as is), every section opens and closes once.
    let outside_fences: String = rendered.split("````").step_by(2).collect();
    assert_eq!(
        outside_fences.matches("</details>").count(),
        outside_fences.matches("<details>").count(),
        "{rendered}"
    );
}

#[test]
fn lowest_covered_files_agree_with_coverage_report() {
    let metrics = real_metrics();
    let markdown = render(Output::Markdown, &evaluate_builtin(&metrics), &metrics);
    // coverage-py-branch.report.txt, `coverage report --precision=2` of the same run.
    let expected = [
        "- `reports.py`: 0.00% (0 of 10 lines, 0 of 4 branches)",
        "- `pricing.py`: 85.45% (29 of 33 lines, 18 of 22 branches)",
        "- `ledger.py`: 88.89% (26 of 28 lines, 6 of 8 branches)",
        "- `csvparse.py`: 93.94% (22 of 23 lines, 9 of 10 branches)",
    ];
    let listed: Vec<&str> = markdown.lines().filter(|line| line.starts_with("- `")).take(4).collect();
    assert_eq!(listed, expected, "{markdown}");
    let report = kit::read("cobertura/coverage-py-branch.report.txt");
    for row in report.lines().filter(|row| row.starts_with("inventory/") && !row.ends_with("100.00%")) {
        let (name, cover) = (row.split_whitespace().next().unwrap(), row.split_whitespace().last().unwrap());
        let shown = format!("- `{}`: {cover} (", name.trim_start_matches("inventory/"));
        assert!(listed.iter().any(|line| line.starts_with(&shown)), "{shown} not in {listed:?}");
    }
    // The headline is coverage.py's TOTAL, 79.71%, with lines and branches beside it.
    assert!(
        markdown.contains(
            "| Coverage (lines and branches) | 79.71% (lines 81.91%, branches 75.00%) | &gt;= 80% |"
        ),
        "{markdown}"
    );
}

/// Issue 20: the facts the terminal lists under a failed or warned gate.
#[test]
fn gate_facts_explain_failed_and_warned_gates_only() {
    use gates_core::Status;
    use gates_core::cli_support::gate_facts;
    let example = metrics_of(EXAMPLE_REPORTS);
    let evaluation = evaluate_builtin(&example);
    let facts = gate_facts(&evaluation, &example);
    let statuses: Vec<Status> = facts.iter().map(|gate| gate.outcome.status).collect();
    let first_warned = statuses.iter().position(|status| *status == Status::Warn).unwrap();
    assert!(statuses[..first_warned].iter().all(|status| *status == Status::Fail), "{statuses:?}");
    assert!(statuses[first_warned..].iter().all(|status| *status == Status::Warn), "{statuses:?}");
    let items = |name: &str| -> &[String] {
        let gate = facts.iter().find(|gate| gate.outcome.gate.name() == name);
        &gate.unwrap_or_else(|| panic!("no facts for {name}")).items
    };
    // tests.failed + tests.errors: the five problems of pytest-xunit2.xml, failures first.
    let tests = items("No failing tests");
    assert_eq!(tests.len(), 5, "{tests:?}");
    assert!(tests[0].starts_with("tests.test_ledger.test_undo_restores_balance (failed): AssertionError"));
    assert!(tests[4].contains("(error): failed on teardown"), "{tests:?}");
    let lint = items("No lint violations");
    assert_eq!(lint.len(), 8, "every counted ruff finding");
    assert_eq!(
        items("No high-severity security findings"),
        ["HIGH B602 warehouse/maintenance.py:14 subprocess call with shell=True identified, security issue."]
    );
    assert!(items("Coverage (lines and branches)")[0].starts_with("reports.py: 0.00% (0 of 10 lines"));
    assert!(facts.iter().all(|gate| gate.outcome.gate.name() != "Tests ran"), "a passed gate has no facts");

    let (metrics, evaluation) = patch_and_bench();
    let facts = gate_facts(&evaluation, &metrics);
    let bench =
        |name: &str| facts.iter().find(|gate| gate.outcome.gate.name() == name).unwrap().items.clone();
    assert_eq!(
        bench("No benchmark regression (> 20 % slower)"),
        ["benchmarks/test_bench_inventory.py::test_bulk_quote: 1.613 ms → 2.247 ms (+39.31%, regressed)"]
    );
    assert_eq!(
        bench("No benchmark slowdown (> 10 % slower)"),
        [
            "benchmarks/test_bench_inventory.py::test_fill_ledger: 1.434 ms → 1.642 ms (+14.51%, slower (warn))"
        ]
    );
    let patch_gate = evaluate_with(
        "[[gate]]\nmetric = \"coverage.patch\"\nmin = 85\n",
        &metrics,
        &EvaluateOptions::default(),
    );
    let facts = gate_facts(&patch_gate, &metrics);
    assert_eq!(
        facts.iter().flat_map(|gate| &gate.items).collect::<Vec<_>>(),
        [
            "not covered: inventory/discounts.py: lines 10, 16",
            "not covered: inventory/pricing.py: lines 49, 53"
        ]
    );
}

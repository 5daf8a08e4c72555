//! Markdown snapshots: pass, warn and fail reports, trimming at the size limit, hostile text.

use gates_core::Output;
use gates_core::cli_support::markdown_within;
use gates_core::model::{
    Category, Finding, Findings, Problem, SourceLocation, TestCase, TestRun, TestStatus,
};
use gates_core::{EvaluateOptions, Metrics, Policy, evaluate};

fn real_metrics() -> Metrics {
    let mut metrics = Metrics::new();
    for path in ["cobertura/coverage-py-branch.xml", "junit/pytest-xunit2.xml"] {
        let full = format!("{}/../../testdata/{path}", env!("CARGO_MANIFEST_DIR"));
        metrics.add(path, gates_core::parse_path(full.as_ref(), None).unwrap());
    }
    metrics
}

fn render(policy: &str, metrics: &Metrics) -> String {
    let policy = Policy::from_toml_str(policy).unwrap();
    gates_core::render(Output::Markdown, &evaluate(&policy, metrics, &EvaluateOptions::default()), metrics)
}

#[test]
fn markdown_pass() {
    let policy = "[[gate]]\ntitle = \"Line coverage\"\nmetric = \"coverage.lines\"\nmin = 80\n";
    insta::assert_snapshot!(render(policy, &real_metrics()));
}

#[test]
fn markdown_warn() {
    let policy = "[[gate]]\nmetric = \"coverage.total\"\nmin = 85\nseverity = \"warn\"\n\n[[gate]]\nmetric = \"tests.total\"\nmin = 1\n";
    insta::assert_snapshot!(render(policy, &real_metrics()));
}

#[test]
fn markdown_fail() {
    insta::assert_snapshot!(render(gates_core::BUILTIN_TOML, &real_metrics()));
}

#[test]
fn markdown_trimmed_at_the_size_limit() {
    let metrics = real_metrics();
    let policy = Policy::builtin().unwrap();
    let evaluation = evaluate(&policy, &metrics, &EvaluateOptions::default());
    let trimmed = markdown_within(&evaluation, &metrics, 3_000);
    assert!(trimmed.len() <= 3_000, "{}", trimmed.len());
    insta::assert_snapshot!(trimmed);
}

#[test]
fn hostile_names_cannot_break_the_comment() {
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
    let rendered = render(
        "[[gate]]\nmetric = \"tests.failed\"\nmax = 0\n\n[[gate]]\nmetric = \"security.medium\"\nmax = 0\n",
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
    insta::assert_snapshot!(rendered);
}

#[test]
fn lowest_covered_files_agree_with_coverage_report() {
    let markdown = render(gates_core::BUILTIN_TOML, &real_metrics());
    // coverage-py-branch.report.txt, `coverage report --precision=2` of the same run.
    let expected = [
        "- `reports.py`: 0.00% (0 of 10 lines, 0 of 4 branches)",
        "- `pricing.py`: 85.45% (29 of 33 lines, 18 of 22 branches)",
        "- `ledger.py`: 88.89% (26 of 28 lines, 6 of 8 branches)",
        "- `csvparse.py`: 93.94% (22 of 23 lines, 9 of 10 branches)",
    ];
    let listed: Vec<&str> = markdown.lines().filter(|line| line.starts_with("- `")).take(4).collect();
    assert_eq!(listed, expected, "{markdown}");
    let report = std::fs::read_to_string(format!(
        "{}/../../testdata/cobertura/coverage-py-branch.report.txt",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
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

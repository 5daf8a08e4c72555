//! Markdown snapshots: pass, warn and fail reports, trimming at the size limit, hostile text.

use gates_core::model::{
    Category, Finding, Findings, Problem, SourceLocation, TestCase, TestRun, TestStatus,
};
use gates_core::render::markdown;
use gates_core::{EvaluateOptions, Metrics, Policy, evaluate, parse};

fn real_metrics() -> Metrics {
    let mut metrics = Metrics::new();
    for path in ["cobertura/coverage-py-branch.xml", "junit/pytest-xunit2.xml"] {
        let full = format!("{}/../../testdata/{path}", env!("CARGO_MANIFEST_DIR"));
        metrics.add(path, parse::from_path(full.as_ref(), None).unwrap());
    }
    metrics
}

fn render(policy: &str, metrics: &Metrics) -> String {
    let policy = Policy::from_toml_str(policy).unwrap();
    markdown::render(&evaluate(&policy, metrics, &EvaluateOptions::default()), metrics)
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
    insta::assert_snapshot!(render(gates_core::policy::BUILTIN_TOML, &real_metrics()));
}

#[test]
fn markdown_trimmed_at_the_size_limit() {
    let metrics = real_metrics();
    let policy = Policy::builtin().unwrap();
    let evaluation = evaluate(&policy, &metrics, &EvaluateOptions::default());
    let trimmed = markdown::render_within(&evaluation, &metrics, 3_000);
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

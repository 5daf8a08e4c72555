//! Repository-relative paths and SARIF classification, on real reports: ruff's absolute file
//! names and ESLint's `file://` SARIF URIs.

use crate::kit::{Format, ReportContent, model::Category, report};
use gates_core::{EvaluateOptions, Metric, Metrics, Policy, Report, evaluate};

fn finding_paths(report: &Report) -> Vec<&str> {
    let ReportContent::Findings(findings) = &report.content else { panic!("not findings") };
    findings.items.iter().map(|finding| finding.location.as_ref().unwrap().path.as_str()).collect()
}

fn value(policy: &str, metrics: &Metrics, metric: Metric) -> (Option<f64>, Vec<usize>) {
    let evaluation = evaluate(&Policy::from_toml_str(policy).unwrap(), metrics, &EvaluateOptions::default());
    let found = evaluation.metrics.iter().find(|(known, _)| *known == metric).map(|(_, value)| *value);
    (found, evaluation.triage.unmatched_waivers)
}

#[test]
fn ruff_absolute_file_names_become_repository_relative() {
    let ruff = report("ruff/ruff.json", Some(Format::Ruff));
    assert!(
        finding_paths(&ruff).iter().all(|path| path.starts_with("/home/runner/work/warehouse/warehouse/"))
    );
    let relative = ruff.relative_to("/home/runner/work/warehouse/warehouse");
    let paths = finding_paths(&relative);
    assert_eq!(paths.iter().filter(|path| **path == "warehouse/broken.py").count(), 2);
    assert_eq!(paths.iter().filter(|path| **path == "warehouse/routing.py").count(), 6);
    // Another root leaves them as ruff wrote them.
    let elsewhere = report("ruff/ruff.json", Some(Format::Ruff)).relative_to("/home/runner/work/other");
    assert!(finding_paths(&elsewhere).iter().all(|path| path.starts_with('/')));
}

#[test]
fn eslint_sarif_is_lint_with_repository_relative_paths_that_waivers_match() {
    let eslint = report("sarif/eslint.sarif", None);
    assert_eq!(eslint.producer.as_deref(), Some("ESLint 9.39.5"));
    let ReportContent::Findings(findings) = &eslint.content else { panic!() };
    assert_eq!(findings.categories, vec![Category::Lint]);
    // ESLint: "✖ 5 problems (3 errors, 2 warnings)".
    assert_eq!(findings.items.len(), 5);
    assert!(findings.items.iter().all(|finding| finding.severity.is_none()));
    assert_eq!(finding_paths(&eslint), ["/home/runner/work/webapp/webapp/src/cart.js"; 5]);

    let mut metrics = Metrics::new();
    metrics.add("eslint.sarif", eslint.relative_to("/home/runner/work/webapp/webapp"));
    let policy = |path: &str| {
        format!(
            "[[gate]]\nmetric = \"lint.violations\"\nmax = 0\n\n[[waiver]]\nid = \"no-debugger\"\npath = \"{path}\"\nreason = \"r\"\n"
        )
    };
    assert_eq!(value(&policy("src/**"), &metrics, Metric::LintViolations), (Some(4.0), vec![]));
    assert_eq!(
        value(&policy("lib/**"), &metrics, Metric::LintViolations),
        (Some(5.0), vec![0]),
        "names the waiver"
    );
    let (security, _) = value(&policy("src/**"), &metrics, Metric::SecurityHigh);
    assert_eq!(security, None, "a linter's SARIF feeds no security metric");

    let as_security = report("sarif/eslint.sarif", Some(Format::SecuritySarif));
    let ReportContent::Findings(findings) = &as_security.content else { panic!() };
    assert_eq!(findings.categories, vec![Category::Security]);
}

//! Patch coverage and per-path gates on a real change: gates agrees with diff-cover.

use std::collections::BTreeMap;

use gates_core::patch::{Diff, PatchCoverage, PathMap};
use gates_core::{EvaluateOptions, Metric, Metrics, Policy, Status, evaluate, parse};

fn testdata(path: &str) -> String {
    format!("{}/../../testdata/{path}", env!("CARGO_MANIFEST_DIR"))
}

fn patch_metrics() -> Metrics {
    let mut metrics = Metrics::new();
    let report = parse::from_path(testdata("patch/coverage.xml").as_ref(), None).unwrap();
    metrics.add("coverage.xml", report);
    let diff = Diff::parse(&std::fs::read_to_string(testdata("patch/change.diff")).unwrap()).unwrap();
    let patch = PatchCoverage::compute(metrics.coverage.as_ref().unwrap(), &diff, &PathMap::default());
    metrics.patch = Some(patch);
    metrics
}

#[test]
fn patch_coverage_equals_diff_cover() {
    let metrics = patch_metrics();
    let oracle: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(testdata("patch/diff-cover.json")).unwrap()).unwrap();
    assert_eq!(
        metrics.value(Metric::CoveragePatchLinesValid),
        Ok(oracle["total_num_lines"].as_f64().unwrap())
    );
    let covered =
        oracle["total_num_lines"].as_f64().unwrap() - oracle["total_num_violations"].as_f64().unwrap();
    assert_eq!(metrics.value(Metric::CoveragePatchLinesCovered), Ok(covered));
    assert_eq!(metrics.value(Metric::CoveragePatch), Ok(oracle["total_percent_covered"].as_f64().unwrap()));

    let ours: BTreeMap<&str, (Vec<u32>, Vec<u32>)> = metrics
        .patch
        .as_ref()
        .unwrap()
        .files
        .iter()
        .filter(|file| file.coverage_path.is_some())
        .filter(|file| !(file.covered_lines.is_empty() && file.uncovered_lines.is_empty()))
        .map(|file| (file.path.as_str(), (file.covered_lines.clone(), file.uncovered_lines.clone())))
        .collect();
    let lines = |value: &serde_json::Value| -> Vec<u32> {
        value.as_array().unwrap().iter().map(|line| line.as_u64().unwrap() as u32).collect()
    };
    let theirs: BTreeMap<&str, (Vec<u32>, Vec<u32>)> = oracle["src_stats"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(path, stats)| {
            (path.as_str(), (lines(&stats["covered_lines"]), lines(&stats["violation_lines"])))
        })
        .collect();
    assert_eq!(ours, theirs);
}

#[test]
fn comment_only_and_unmeasured_files_do_not_count() {
    let metrics = patch_metrics();
    let files = &metrics.patch.as_ref().unwrap().files;
    let reports = files.iter().find(|file| file.path == "inventory/reports.py").unwrap();
    assert_eq!((reports.covered_lines.len(), reports.uncovered_lines.len()), (0, 0));
    let test_file = files.iter().find(|file| file.path == "tests/test_discounts.py").unwrap();
    assert_eq!(test_file.coverage_path, None);
}

#[test]
fn per_path_and_per_file_gates() {
    let policy = Policy::from_toml_str(
        r#"
[[gate]]
title = "pricing"
metric = "coverage.lines"
paths = ["inventory/pricing.py", "inventory/ledger.py"]
min = 90

[[gate]]
title = "each file"
metric = "coverage.lines"
each-file = true
min = 50

[[gate]]
title = "typo in glob"
metric = "coverage.lines"
paths = ["src/**"]
min = 50
"#,
    )
    .unwrap();
    let mut metrics = Metrics::new();
    let report = parse::from_path(testdata("cobertura/coverage-py-branch.xml").as_ref(), None).unwrap();
    metrics.add("coverage.xml", report);
    let evaluation = evaluate(&policy, &metrics, &EvaluateOptions::default());
    // coverage report: pricing.py 29/33 statements, ledger.py 26/28.
    let [pricing, each, typo] = &evaluation.outcomes[..] else { panic!() };
    assert_eq!(pricing.actual, Ok(55.0 * 100.0 / 61.0));
    assert_eq!(pricing.status, Status::Pass);
    assert_eq!(each.actual, Ok(0.0));
    assert_eq!(each.detail.as_deref(), Some("worst file: reports.py"));
    assert_eq!(each.status, Status::Fail);
    assert_eq!(typo.status, Status::Skipped);
}

#[test]
fn scoped_gates_only_take_one_coverage_metric() {
    let error = Policy::from_toml_str("[[gate]]\nmetric = \"tests.total\"\npaths = [\"src/**\"]\nmin = 1\n")
        .unwrap_err();
    assert!(error.message.contains("apply to one coverage metric"), "{error}");
}

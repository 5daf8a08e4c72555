//! One snapshot per case in testdata/: for a valid report its figures and the size of its model,
//! for an invalid one gates' error. Adding a case is adding a file (testdata/README.md); the
//! figures the tools themselves printed are asserted in `reports.rs`.

use std::path::Path;

use serde_json::{Value, json};

use crate::kit::{self, Diff, FolderKind, Format, ReportContent};
use gates_core::{Metrics, Report};

/// How much of each kind the model holds: counts, not the per-line data.
fn model_size(content: &ReportContent) -> Value {
    match content {
        ReportContent::Coverage(coverage) => json!({"coverage": {
            "files": coverage.files.len(),
            "empty_files": coverage.files.values().filter(|file| file.is_empty()).count(),
            "branches_measured": coverage.branches_measured,
            "source_roots": coverage.source_roots,
        }}),
        ReportContent::Tests(run) => json!({"tests": {
            "cases": run.cases.len(),
            "plain_passes": run.plain_passes,
            "attempts": run.cases.iter().map(|case| u64::from(case.attempts)).sum::<u64>(),
            "with_file": run.cases.iter().chain(&run.slowest_passes).filter(|case| case.file.is_some()).count(),
        }}),
        ReportContent::Findings(findings) => json!({"findings": {
            "items": findings.items.len(),
            "with_location": findings.items.iter().filter(|finding| finding.location.is_some()).count(),
            "problems": findings.problems.len(),
            "categories": findings.categories.iter().map(|category| format!("{category:?}")).collect::<Vec<_>>(),
        }}),
        ReportContent::Dependencies(audit) => json!({"dependencies": {"packages": audit.packages.len()}}),
        ReportContent::DependenciesAndFindings { audit, findings } => json!({
            "dependencies": {"packages": audit.packages.len()},
            "findings": {"items": findings.items.len(), "problems": findings.problems.len()},
        }),
        ReportContent::Complexity(complexity) => json!({"complexity": {
            "blocks": complexity.blocks.len(),
            "maintainability": complexity.maintainability.len(),
            "sizes": complexity.sizes.len(),
            "problems": complexity.problems.len(),
        }}),
        ReportContent::Benchmarks(run) => json!({"benchmarks": {
            "benchmarks": run.benchmarks.len(),
            "with_raw_data": run.benchmarks.iter().filter(|benchmark| benchmark.data.is_some()).count(),
        }}),
        ReportContent::Licenses(licenses) => json!({"licenses": {
            "packages": licenses.packages.len(),
            "read_as_spdx": licenses.packages.iter().filter(|package| package.spdx.is_some()).count(),
        }}),
        ReportContent::Outdated(outdated) => json!({"outdated": {
            "packages": outdated.packages.len(),
            "installed": outdated.packages.iter().filter(|package| package.current.is_some()).count(),
        }}),
        other => panic!("no summary for {other:?}"),
    }
}

/// The format, producer, notes, model size and every figure gates computes from one report.
fn report_summary(path: &Path, report: Report) -> Value {
    let header = json!({
        "format": report.format.name(),
        "producer": report.producer,
        "notes": report.notes,
        "model": model_size(&report.content),
    });
    let mut metrics = Metrics::new();
    metrics.add(kit::shown(path), report);
    let figures: serde_json::Map<String, Value> = metrics
        .values()
        .into_iter()
        .map(|(metric, value)| (metric.name().to_owned(), json!(value)))
        .collect();
    json!({"report": header, "figures": figures})
}

/// What a diff changes, file by file.
fn diff_summary(path: &Path) -> Value {
    let diff = Diff::parse(&std::fs::read_to_string(path).unwrap())
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    let files: Vec<Value> = diff
        .files
        .iter()
        .map(|file| {
            json!({
                "path": file.path,
                "added_lines": file.added_lines.len(),
                "removed_lines": file.removed_lines,
                "deleted": file.deleted,
                "binary": file.binary,
            })
        })
        .collect();
    json!({"files": files})
}

/// The formats a report in `folder` may be read as: the folder's, and SARIF for a `.sarif` file.
fn allowed_formats(path: &Path, folder: Vec<Format>) -> Vec<Format> {
    let sarif = path.extension().is_some_and(|extension| extension == "sarif");
    folder.into_iter().chain(sarif.then_some(Format::Sarif)).collect()
}

#[test]
fn every_valid_case_gives_its_figures() {
    insta::glob!("../../../../testdata", "*/*", |path| {
        if !kit::is_valid_case(path) {
            return;
        }
        let folder = path.parent().and_then(Path::file_name).and_then(|name| name.to_str()).unwrap();
        match kit::folder_kind(folder) {
            Some(FolderKind::Diffs) => insta::assert_json_snapshot!(diff_summary(path)),
            Some(FolderKind::Reports(formats)) => {
                let report = kit::report_at(path);
                let allowed = allowed_formats(path, formats);
                assert!(allowed.contains(&report.format), "{}: read as {}", kit::shown(path), report.format);
                insta::assert_json_snapshot!(report_summary(path, report));
            }
            None => unreachable!("a case sits in a case folder"),
        }
    });
}

#[test]
fn every_invalid_case_is_refused_with_the_place_of_the_damage() {
    insta::glob!("../../../../testdata", "*/invalid/*", |path| {
        if kit::is_invalid_case(path) {
            insta::assert_snapshot!(kit::refusal(path));
        }
    });
}

#[test]
fn every_format_has_a_valid_case() {
    let read: Vec<Format> = kit::seeds().iter().map(|seed| seed.format).collect();
    let without: Vec<&str> =
        Format::ALL.iter().filter(|format| !read.contains(format)).map(|format| format.name()).collect();
    // No tool run here wrote these; their parsers are tested on inline reports. The custom
    // benchmark lists cannot be told from their content (the direction is in the format's name):
    // testdata/custom-bench/ is read with `--input` in reports.rs.
    assert_eq!(
        without,
        ["lint-sarif", "security-sarif", "safety", "custom-smaller-is-better", "custom-bigger-is-better"]
    );
}

#[test]
fn a_file_is_a_case_by_its_folder_and_extension() {
    for (path, valid) in [
        ("cobertura/coverage-py-branch.xml", true),
        ("cobertura/coverage-py-branch.report.txt", false),
        ("cobertura/shards/shard-1.xml", false),
        ("mypy/mypy.txt", true),
        ("radon/cc-average.txt", false),
        ("patch/change.diff", true),
        ("patch/coverage.xml", false),
        ("github-events/push.json", false),
        ("junit/README.md", false),
    ] {
        assert_eq!(kit::is_valid_case(&kit::testdata(path)), valid, "{path}");
    }
    assert_eq!(
        kit::folder_kind("radon"),
        Some(FolderKind::Reports(vec![Format::RadonCc, Format::RadonMi, Format::RadonRaw]))
    );
    assert_eq!(kit::folder_kind("sarif"), Some(FolderKind::Reports(vec![Format::Sarif])));
}

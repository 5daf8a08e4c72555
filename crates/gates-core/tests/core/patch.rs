//! Patch coverage and per-path gates on a real change: gates agrees with diff-cover.

use std::collections::BTreeMap;

use crate::kit::{self, Diff, metrics_of};
use gates_core::{EvaluateOptions, Metric, Metrics, Policy, Status, evaluate};

fn patch_metrics() -> Metrics {
    kit::with_patch(metrics_of(&["patch/coverage.xml"]), "patch/change.diff")
}

#[test]
fn patch_coverage_equals_diff_cover() {
    let metrics = patch_metrics();
    let oracle: serde_json::Value = serde_json::from_str(&kit::read("patch/diff-cover.json")).unwrap();
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
    let metrics = metrics_of(&["cobertura/coverage-py-branch.xml"]);
    let evaluation = evaluate(&policy, &metrics, &EvaluateOptions::default());
    // coverage report: pricing.py 29/33 statements, ledger.py 26/28.
    let [pricing, each, typo] = &evaluation.outcomes[..] else { panic!() };
    assert_eq!(pricing.actual, Ok(55.0 * 100.0 / 61.0));
    assert_eq!(pricing.status, Status::Pass);
    assert_eq!(each.actual, Ok(0.0));
    assert_eq!(each.detail.as_ref().map(ToString::to_string).as_deref(), Some("worst file: reports.py"));
    assert_eq!(each.status, Status::Fail);
    assert_eq!(typo.status, Status::Skipped);
}

#[test]
fn scoped_gates_only_take_one_coverage_metric() {
    let error = Policy::from_toml_str("[[gate]]\nmetric = \"tests.total\"\npaths = [\"src/**\"]\nmin = 1\n")
        .unwrap_err();
    assert!(error.message.contains("apply to one coverage metric"), "{error}");
}

fn git_diff(name: &str) -> String {
    kit::read(&format!("patch/git/{name}"))
}

/// git's own figures (testdata/patch/git/README.md): 7 insertions, 5 deletions, the added lines
/// as `git blame` attributes them to the change.
#[test]
fn real_git_diffs_give_git_blames_added_lines() {
    for name in ["mixed.diff", "no-prefix.diff", "unified-0.diff", "mixed-crlf.diff"] {
        let files = Diff::parse(&git_diff(name)).unwrap_or_else(|error| panic!("{name}: {error}")).files;
        let summary: Vec<_> =
            files.iter().map(|f| (f.path.as_str(), f.added_lines.clone(), f.binary)).collect();
        assert_eq!(
            summary,
            vec![
                ("app.py", vec![3, 5, 28], false),
                ("logo.bin", vec![], true),
                ("new_name.py", vec![6], false),
                ("run.sh", vec![], false),
                ("tail.txt", vec![2], false),
                ("win.txt", vec![2, 4], false),
            ],
            "{name}"
        );
        assert_eq!(files.iter().map(|f| f.added_lines.len()).sum::<usize>(), 7, "{name}");
        assert_eq!(files.iter().map(|f| f.removed_lines).sum::<u32>(), 5, "{name}");
    }
}

#[test]
fn combined_diff_of_a_merge_is_refused() {
    let error = Diff::parse(&git_diff("combined.diff")).unwrap_err();
    assert_eq!(error.line, 1, "{error}");
    assert!(error.message.contains("combined diff"), "{error}");
}

/// Every hunk header of a real diff with one of its four numbers off by one.
fn header_mutations(text: &str) -> Vec<String> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut mutations = Vec::new();
    for (at, line) in lines.iter().enumerate() {
        let Some(rest) = line.strip_prefix("@@ -") else { continue };
        let (ranges, heading) = rest.split_once(" @@").unwrap();
        let (old, new) = ranges.split_once(" +").unwrap();
        let range = |range: &str| -> [i64; 2] {
            let (start, length) = range.split_once(',').unwrap_or((range, "1"));
            [start.parse().unwrap(), length.parse().unwrap()]
        };
        let numbers = [range(old), range(new)].concat();
        for index in 0..4 {
            for delta in [-1, 1] {
                let mut changed = numbers.clone();
                changed[index] += delta;
                if changed[index] < 0 {
                    continue;
                }
                let header =
                    format!("@@ -{},{} +{},{} @@{heading}", changed[0], changed[1], changed[2], changed[3]);
                let mut mutated: Vec<String> = lines.iter().map(|line| (*line).to_owned()).collect();
                mutated[at] = header;
                mutations.push(mutated.concat());
            }
        }
    }
    mutations
}

#[test]
fn a_hunk_header_off_by_one_is_an_error() {
    for name in ["mixed.diff", "no-prefix.diff", "unified-0.diff", "mixed-crlf.diff"] {
        let mutations = header_mutations(&git_diff(name));
        assert!(mutations.len() >= 40, "{name}: {}", mutations.len());
        for mutated in mutations {
            assert!(Diff::parse(&mutated).is_err(), "{name}: accepted\n{mutated}");
        }
    }
}

/// A diff cut after any line is refused, or (cut between hunks, which no reader can tell) keeps
/// exactly the lines of the hunks before the cut.
#[test]
fn a_truncated_diff_never_changes_a_files_lines() {
    for name in ["mixed.diff", "unified-0.diff"] {
        let text = git_diff(name);
        let full = Diff::parse(&text).unwrap().files;
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        let mut inside = false;
        let in_hunk: Vec<bool> = lines
            .iter()
            .map(|line| {
                inside = !line.starts_with("diff --git") && (inside || line.starts_with("@@"));
                inside && !line.starts_with("@@")
            })
            .collect();
        for cut in 1..lines.len() {
            let Ok(part) = Diff::parse(&lines[..cut].concat()) else { continue };
            for (at, file) in part.files.iter().enumerate() {
                let whole = &full[at];
                assert_eq!(file.path, whole.path, "{name} cut after line {cut}");
                let last = at + 1 == part.files.len();
                if last {
                    assert!(whole.added_lines.starts_with(&file.added_lines), "{name} cut after line {cut}");
                } else {
                    assert_eq!(file.added_lines, whole.added_lines, "{name} cut after line {cut}");
                }
            }
            let body_follows = in_hunk[cut] && !lines[cut].starts_with('\\');
            assert!(!body_follows, "{name}: a cut inside a hunk after line {cut} was accepted");
        }
    }
}

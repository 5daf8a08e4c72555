//! The real reports in testdata/: gates' figures equal the producing tools' own.

use crate::kit::{Format, metrics_of, model::TestStatus, parse_reader, test_counts, value};
use gates_core::{Metric, Metrics};

#[test]
fn coverage_py_branch_totals_equal_coverage_report() {
    let metrics = metrics_of(&["cobertura/coverage-py-branch.xml"]);
    let totals = metrics.coverage.as_ref().unwrap().totals();
    assert_eq!((totals.lines_covered, totals.lines_valid), (77, 94));
    assert_eq!((totals.branches_covered, totals.branches_valid), (33, 44));
    // `coverage report --precision=2`: TOTAL 79.71%
    assert_eq!(format!("{:.2}", value(&metrics, Metric::CoverageTotal)), "79.71");
    assert_eq!(format!("{:.2}", value(&metrics, Metric::CoverageLines)), "81.91");
    assert_eq!(value(&metrics, Metric::CoverageBranches), 75.0);
    assert_eq!(metrics.sources[0].producer.as_deref(), Some("coverage.py 7.17.3"));
}

#[test]
fn coverage_py_without_branches_has_no_branch_metrics() {
    let metrics = metrics_of(&["cobertura/coverage-py-nobranch.xml"]);
    assert_eq!(format!("{:.2}", value(&metrics, Metric::CoverageTotal)), "81.91");
    assert!(metrics.value(Metric::CoverageBranches).is_err());
    assert!(metrics.value(Metric::CoverageBranchesValid).is_err());
    let coverage = metrics.coverage.as_ref().unwrap();
    assert_eq!(coverage.files["reports.py"].totals().lines_covered, 0);
    assert!(coverage.files["__init__.py"].is_empty());
    // relative_files = true with --cov=inventory: names are relative to the `<source>` root.
    assert_eq!(coverage.source_roots, vec!["inventory".to_owned()]);
}

#[test]
fn pytest_xunit2_counts_each_test_once() {
    let metrics = metrics_of(&["junit/pytest-xunit2.xml"]);
    assert_eq!(test_counts(&metrics), [23.0, 15.0, 3.0, 2.0, 3.0, 0.0]);
    assert_eq!(value(&metrics, Metric::TestsDuration), 0.143);
}

#[test]
fn pytest_xunit1_agrees_with_xunit2_and_has_one_based_lines() {
    let metrics = metrics_of(&["junit/pytest-xunit1.xml"]);
    assert_eq!(test_counts(&metrics), [23.0, 15.0, 3.0, 2.0, 3.0, 0.0]);
    let run = metrics.tests.as_ref().unwrap();
    let case = run.cases.iter().find(|case| case.name == "test_receive_and_ship").unwrap();
    assert_eq!((case.file.as_deref(), case.line), (Some("tests/test_ledger.py"), Some(10)));
}

#[test]
fn pytest_reruns_count_each_test_once_and_flaky_when_final_attempt_passed() {
    let metrics = metrics_of(&["junit/pytest-reruns.xml"]);
    assert_eq!(test_counts(&metrics), [23.0, 16.0, 3.0, 2.0, 2.0, 1.0]);
    let run = metrics.tests.as_ref().unwrap();
    let flaky: Vec<_> =
        run.cases.iter().filter(|case| case.is_flaky()).map(|case| case.name.as_str()).collect();
    assert_eq!(flaky, ["test_flaky_clock"]);
    let failed = run.cases.iter().find(|case| case.name == "test_undo_restores_balance").unwrap();
    assert_eq!(failed.attempts, 3);
}

#[test]
fn failure_then_teardown_error_is_one_failed_test() {
    let metrics = metrics_of(&["junit/pytest-xunit2.xml"]);
    let run = metrics.tests.as_ref().unwrap();
    let both: Vec<_> =
        run.cases.iter().filter(|case| case.name == "test_fails_and_breaks_teardown").collect();
    assert_eq!(both.len(), 1);
    let TestStatus::Failed(problem) = &both[0].status else { panic!("{:?}", both[0].status) };
    assert_eq!(problem.message.as_deref(), Some("assert 1 == 2"));
    assert!(problem.output.as_deref().unwrap().contains("tests/test_ledger.py:47: AssertionError"));
}

#[test]
fn hostile_parameter_ids_and_unicode_names_survive() {
    let metrics = metrics_of(&["junit/pytest-xunit2.xml"]);
    let names: Vec<_> = metrics.tests.as_ref().unwrap().cases.iter().map(|case| case.name.as_str()).collect();
    assert!(names.contains(&"test_grade[0.2-<C>&\"']"), "{names:?}");
    assert!(names.contains(&"test_unicode_name_überprüfung"), "{names:?}");
}

#[test]
fn shards_and_matrix_jobs_add_up() {
    let metrics = metrics_of(&["junit/pytest-xunit2.xml", "junit/pytest-xunit1.xml"]);
    assert_eq!(test_counts(&metrics), [46.0, 30.0, 6.0, 4.0, 6.0, 0.0]);
    let coverage = metrics_of(&["cobertura/coverage-py-branch.xml", "cobertura/coverage-py-nobranch.xml"]);
    // The same lines twice: hits add up, the set of covered lines does not change.
    let totals = coverage.coverage.as_ref().unwrap().totals();
    assert_eq!((totals.lines_covered, totals.lines_valid), (77, 94));
}

#[test]
fn merged_shards_equal_coverage_combine() {
    let merged = metrics_of(&["cobertura/shards/shard-1.xml", "cobertura/shards/shard-2.xml"]);
    let combined = metrics_of(&["cobertura/shards/combined.xml"]);
    let merged_coverage = merged.coverage.as_ref().unwrap();
    assert_eq!(merged_coverage.totals(), combined.coverage.as_ref().unwrap().totals());
    let totals = merged_coverage.totals();
    assert_eq!(
        (totals.lines_covered, totals.lines_valid, totals.branches_covered, totals.branches_valid),
        (77, 94, 33, 44)
    );
    // combined.report.txt: TOTAL 79.71%
    assert_eq!(format!("{:.2}", value(&merged, Metric::CoverageTotal)), "79.71");
    // Merging is order-independent.
    let reversed = metrics_of(&["cobertura/shards/shard-2.xml", "cobertura/shards/shard-1.xml"]);
    assert_eq!(reversed.coverage, merged.coverage);
}

#[test]
fn bandit_json_and_sarif_equal_bandits_own_totals() {
    // bandit.txt: High 1, Medium 3, Low 4; broken.py skipped.
    for path in ["bandit/bandit.json", "sarif/bandit.sarif"] {
        let metrics = metrics_of(&[path]);
        let counts =
            [Metric::SecurityHigh, Metric::SecurityMedium, Metric::SecurityLow, Metric::SecurityScanErrors]
                .map(|metric| value(&metrics, metric));
        assert_eq!(counts, [1.0, 3.0, 4.0, 1.0], "{path}");
        assert!(
            metrics.sources[0].notes.iter().any(|note| note.contains("broken.py")),
            "{path}: {:?}",
            metrics.sources[0].notes
        );
    }
    let metrics = metrics_of(&["bandit/bandit.json"]);
    let shell =
        metrics.findings.as_ref().unwrap().items.iter().find(|finding| finding.rule == "B602").unwrap();
    assert_eq!(shell.cwe, Some(78));
    assert_eq!(shell.location.as_ref().unwrap().path, "warehouse/maintenance.py");
}

#[test]
fn pip_audit_that_audited_nothing_is_not_clean() {
    let metrics = metrics_of(&["pip-audit/pip-audit.json"]);
    assert_eq!(value(&metrics, Metric::SecurityVulnerabilities), 0.0);
    assert_eq!(value(&metrics, Metric::SecurityUnauditedPackages), 4.0);
    assert!(
        metrics.sources[0].notes[0].starts_with("pip-audit audited nothing"),
        "{:?}",
        metrics.sources[0].notes
    );
}

#[test]
fn radon_average_equals_radon_cc_a() {
    // cc-average.txt: "13 blocks ... Average complexity: A (2.076923076923077)"
    let metrics = metrics_of(&["radon/cc.json", "radon/mi.json"]);
    let complexity = metrics.complexity.as_ref().unwrap();
    assert_eq!(complexity.blocks.len(), 13);
    assert_eq!(value(&metrics, Metric::ComplexityAverage), 2.076923076923077);
    assert_eq!(value(&metrics, Metric::ComplexityMax), 12.0);
    assert_eq!(format!("{:.2}", value(&metrics, Metric::MaintainabilityMin)), "45.43");
    assert_eq!(complexity.problems.len(), 2, "broken.py in cc and in mi");
}

#[test]
fn linters_and_type_checker_equal_their_own_counts() {
    assert_eq!(value(&metrics_of(&["ruff/ruff.json"]), Metric::LintViolations), 8.0, "ruff: Found 8 errors.");
    assert_eq!(value(&metrics_of(&["flake8/flake8.txt"]), Metric::LintViolations), 5.0);
    assert_eq!(value(&metrics_of(&["pylint/pylint.json"]), Metric::LintViolations), 17.0);
    for path in ["mypy/mypy.txt", "mypy/mypy.jsonl", "mypy/mypy-blocked.txt", "mypy/mypy-blocked.jsonl"] {
        assert_eq!(value(&metrics_of(&[path]), Metric::TypesErrors), 2.0, "{path}");
    }
    let blocked = metrics_of(&["mypy/mypy-blocked.txt"]);
    assert!(blocked.sources[0].notes.iter().any(|note| note.starts_with("mypy stopped early")));
    let typed = metrics_of(&["mypy/mypy.txt"]);
    let rules: Vec<_> = typed.findings.unwrap().items.into_iter().map(|finding| finding.rule).collect();
    assert_eq!(rules, ["return-value", "return-value"]);
}

#[test]
fn radon_raw_equals_radons_own_totals() {
    // raw-summary.txt: LOC 89, SLOC 60, Comments 1, Multi 0; (C + M % L): 1%
    let metrics = metrics_of(&["radon/raw.json"]);
    assert_eq!(value(&metrics, Metric::CodeSloc), 60.0);
    assert_eq!(format!("{:.0}", value(&metrics, Metric::CodeCommentsPercent)), "1");
    let sizes = &metrics.complexity.as_ref().unwrap().sizes;
    assert_eq!(sizes.iter().map(|size| size.loc).sum::<u64>(), 89);
    assert!(metrics.sources[0].notes[0].contains("broken.py"));
}

/// `coverage report --precision=2` on the same run: TOTAL 94 statements, 17 missed, 44 branches,
/// 5 partial, 79.71 %.
fn assert_coverage_py_total(metrics: &Metrics) {
    let totals = metrics.coverage.as_ref().unwrap().totals();
    assert_eq!((totals.lines_covered, totals.lines_valid), (77, 94));
    assert_eq!((totals.branches_covered, totals.branches_valid), (33, 44));
    assert_eq!(format!("{:.2}", value(metrics, Metric::CoverageTotal)), "79.71");
    assert_eq!(format!("{:.2}", value(metrics, Metric::CoverageLines)), "81.91");
    assert_eq!(value(metrics, Metric::CoverageBranches), 75.0);
    assert!(metrics.sources[0].notes.is_empty(), "{:?}", metrics.sources[0].notes);
}

#[test]
fn coverage_py_lcov_totals_equal_coverage_report() {
    let metrics = metrics_of(&["lcov/coverage-py.info"]);
    assert_coverage_py_total(&metrics);
    let coverage = metrics.coverage.as_ref().unwrap();
    assert_eq!(coverage.files["inventory/reports.py"].totals().lines_covered, 0);
    // `SF:` with nothing before `end_of_record`: a file without statements.
    assert!(coverage.files["inventory/__init__.py"].is_empty());
}

#[test]
fn coverage_py_json_totals_equal_coverage_report() {
    let metrics = metrics_of(&["coveragepy-json/coverage-py.json"]);
    assert_coverage_py_total(&metrics);
    assert_eq!(metrics.sources[0].producer.as_deref(), Some("coverage.py 7.17.3"));
    let pricing = metrics.coverage.as_ref().unwrap().files["inventory/pricing.py"].totals();
    // coverage report: pricing.py 33 statements, 4 missed, 22 branches, 2 partial.
    assert_eq!((pricing.lines_covered, pricing.lines_valid, pricing.branches_valid), (29, 33, 22));
}

#[test]
fn coverage_py_lcov_json_and_cobertura_agree_line_by_line() {
    let files = |path: &str| metrics_of(&[path]).coverage.unwrap().files;
    let lcov = files("lcov/coverage-py.info");
    assert_eq!(lcov, files("coveragepy-json/coverage-py.json"));
    // The Cobertura report names files relative to its `<source>inventory</source>`.
    let cobertura: Vec<_> = files("cobertura/coverage-py-branch.xml")
        .into_iter()
        .map(|(path, file)| (format!("inventory/{path}"), file))
        .collect();
    assert_eq!(lcov.into_iter().collect::<Vec<_>>(), cobertura);
}

#[test]
fn jacoco_totals_equal_its_line_and_branch_counters() {
    let metrics = metrics_of(&["jacoco/jacoco-0.8.6.xml"]);
    let coverage = metrics.coverage.as_ref().unwrap();
    let totals = coverage.totals();
    // The report's own counters: LINE missed 9 covered 32, BRANCH missed 10 covered 18.
    assert_eq!((totals.lines_covered, totals.lines_valid), (32, 41));
    assert_eq!((totals.branches_covered, totals.branches_valid), (18, 28));
    assert!(metrics.sources[0].notes.is_empty(), "{:?}", metrics.sources[0].notes);
    let paths: Vec<_> = coverage.files.keys().map(String::as_str).collect();
    assert_eq!(
        paths,
        ["Greeting.java", "inventory/Ledger.java", "inventory/Pricing.java", "inventory/Reports.java"]
    );
    // jacoco-0.8.6.csv: Ledger 15 + Ledger.Entry 5 covered lines, 2 missed, in one source file.
    let ledger = coverage.files["inventory/Ledger.java"].totals();
    assert_eq!((ledger.lines_covered, ledger.lines_valid), (20, 22));
    assert_eq!(coverage.files["inventory/Reports.java"].totals().lines_covered, 0);
}

#[test]
fn jest_duplicate_titles_are_distinct_tests() {
    // jest: "Tests: 1 failed, 1 skipped, 5 passed, 7 total"
    let metrics = metrics_of(&["junit/jest-duplicate-titles.xml"]);
    assert_eq!(test_counts(&metrics), [7.0, 5.0, 1.0, 0.0, 1.0, 0.0]);
}

#[test]
fn jest_retries_leave_only_the_final_outcome() {
    // jest: "Tests: 1 failed, 2 passed, 3 total"; jest-junit does not record the retries.
    let metrics = metrics_of(&["junit/jest-retry.xml"]);
    assert_eq!(test_counts(&metrics), [3.0, 2.0, 1.0, 0.0, 0.0, 0.0]);
}

#[test]
fn mocha_duplicate_titles_are_distinct_tests() {
    // mocha: "4 passing, 1 pending, 1 failing"; mocha-junit-reporter lists no pending test.
    let metrics = metrics_of(&["junit/mocha-duplicate-titles.xml"]);
    assert_eq!(test_counts(&metrics), [5.0, 4.0, 1.0, 0.0, 0.0, 0.0]);
}

#[test]
fn testng_data_provider_invocations_are_distinct_and_a_retry_is_one_flaky_test() {
    // TestNG: "Total tests run: 8, Passes: 6, Failures: 1, Skips: 0, Retries: 1". It counts
    // attempts; the retried attempt (written as `<skipped/>`) and its rerun are one test.
    let reporter = metrics_of(&["junit/testng-parser.xml", "junit/testng-clock.xml"]);
    assert_eq!(test_counts(&reporter), [7.0, 6.0, 1.0, 0.0, 0.0, 1.0]);
    let one_file = metrics_of(&["junit/testng-junitxml.xml"]);
    assert_eq!(test_counts(&one_file), [7.0, 6.0, 1.0, 0.0, 0.0, 1.0]);
}

#[test]
fn googletest_disabled_tests_are_skipped_not_passed() {
    // GoogleTest: 3 ran, "1 test" passed, 1 skipped, 1 failed, "YOU HAVE 1 DISABLED TEST";
    // the DISABLED_ test is written with status="notrun" and no child element.
    let metrics = metrics_of(&["junit/gtest.xml"]);
    assert_eq!(test_counts(&metrics), [4.0, 1.0, 1.0, 0.0, 2.0, 0.0]);
}

#[test]
fn a_skip_then_the_same_name_is_two_tests_outside_testng() {
    let xml = r#"<testsuite name="t"><testcase classname="c" name="n"><skipped/></testcase><testcase classname="c" name="n"/></testsuite>"#;
    assert_eq!(junit_counts(xml), [2.0, 1.0, 0.0, 0.0, 1.0, 0.0]);
}

fn junit_counts(xml: &str) -> [f64; 6] {
    let report = parse_reader(Format::Junit, xml.as_bytes()).unwrap_or_else(|error| panic!("{error}"));
    let mut metrics = Metrics::new();
    metrics.add("inline.xml", report);
    test_counts(&metrics)
}

#[test]
fn a_pass_repeated_is_two_tests_and_never_flaky() {
    let xml = r#"<testsuite name="s"><testcase classname="c" name="t"/><testcase classname="c" name="t"/></testsuite>"#;
    assert_eq!(junit_counts(xml), [2.0, 2.0, 0.0, 0.0, 0.0, 0.0]);
}

#[test]
fn a_failure_then_a_pass_of_the_same_name_is_one_flaky_test() {
    let xml = r#"<testsuite name="s"><testcase classname="c" name="t"><failure/></testcase><testcase classname="c" name="t"/></testsuite>"#;
    assert_eq!(junit_counts(xml), [1.0, 1.0, 0.0, 0.0, 0.0, 1.0]);
}

#[test]
fn surefire_flaky_and_rerun_failures_stay_inside_one_test() {
    let xml = r#"<testsuite name="s">
        <testcase classname="c" name="flaky"><flakyFailure message="first"/></testcase>
        <testcase classname="c" name="broken"><failure/><rerunFailure/><rerunFailure/></testcase>
    </testsuite>"#;
    assert_eq!(junit_counts(xml), [2.0, 1.0, 1.0, 0.0, 0.0, 1.0]);
}

#[test]
fn tests_marked_as_not_run_are_skipped_unless_a_child_says_worse() {
    let xml = r#"<testsuites><testsuite name="s">
        <testcase name="a" status="disabled"/>
        <testcase name="b" status="notrun" result="suppressed"/>
        <testcase name="c" status="skipped"/>
        <testcase name="d" status="ignored"/>
        <testcase name="e" result="skipped"/>
        <testcase name="f" status="run" result="completed"/>
        <testcase name="g" status="notrun"><failure message="boom"/></testcase>
    </testsuite></testsuites>"#;
    assert_eq!(junit_counts(xml), [7.0, 1.0, 1.0, 0.0, 5.0, 0.0]);
}

#[test]
fn a_retry_follows_the_latest_test_of_a_repeated_name() {
    // TestNG: two DataProvider invocations, the second retried once and passing on the rerun.
    let xml = r#"<!-- Generated by org.testng.reporters.JUnitReportReporter -->
<testsuite name="demo.T"><testcase classname="demo.T" name="m"/><testcase classname="demo.T" name="m"><skipped/></testcase><testcase classname="demo.T" name="m"/></testsuite>"#;
    assert_eq!(junit_counts(xml), [2.0, 2.0, 0.0, 0.0, 0.0, 1.0]);
}

#[test]
fn node_test_tap_counts_as_node_summary() {
    // node --test: "# tests 15, # pass 7, # fail 5, # cancelled 0, # skipped 1, # todo 2"; the
    // file that throws at load time is the one error among the five failures.
    let metrics = metrics_of(&["tap/node-test.tap"]);
    assert_eq!(test_counts(&metrics), [15.0, 7.0, 4.0, 1.0, 3.0, 0.0]);
    let run = metrics.tests.as_ref().unwrap();
    let same_title = run.cases.iter().filter(|case| case.name == "same title").count();
    assert_eq!(same_title, 2);
    let nested = run.cases.iter().find(|case| case.name == "adds zero").unwrap();
    assert_eq!(nested.suite.as_deref(), Some("add > nested"));
    let wrong = run.cases.iter().find(|case| case.name == "is wrong on purpose").unwrap();
    let TestStatus::Failed(problem) = &wrong.status else { panic!("{wrong:?}") };
    assert!(problem.message.as_deref().unwrap().contains("4 !== 5"));
    assert_eq!(wrong.line, Some(8));
}

#[test]
fn tape_tap_counts_test_points() {
    // tape: "# tests 6, # pass 5, # fail 1"; it counts its TODO assertion as a pass, gates as a skip.
    let metrics = metrics_of(&["tap/tape.tap"]);
    assert_eq!(test_counts(&metrics), [6.0, 4.0, 1.0, 0.0, 1.0, 0.0]);
    let run = metrics.tests.as_ref().unwrap();
    let wrong = run.cases.iter().find(|case| case.name == "is wrong on purpose").unwrap();
    assert_eq!((wrong.file.as_deref(), wrong.line), (Some("/tmp/jsproj/tape-tests/math.js"), Some(6)));
}

#[test]
fn a_tap_stream_cut_before_its_plan_never_passes() {
    let full = crate::kit::read("tap/node-test.tap");
    let cut = full.get(..full.find("# Subtest: divide throws on zero").unwrap()).unwrap();
    let report = crate::kit::parse_str(Format::Tap, cut).unwrap();
    let crate::kit::ReportContent::Tests(run) = report.content else { panic!("not tests") };
    let plan = run.cases.iter().find(|case| case.name == "plan").unwrap();
    assert!(matches!(plan.status, TestStatus::Errored(_)));
    let bailed =
        crate::kit::parse_str(Format::Tap, "TAP version 14\n1..2\nok 1 - a\nBail out! no database\n")
            .unwrap();
    let crate::kit::ReportContent::Tests(run) = bailed.content else { panic!("not tests") };
    assert_eq!(run.counts().errors, 1);
}

#[test]
fn jest_json_counts_as_jest_and_a_file_that_cannot_run_is_an_error() {
    // jest: numPassedTests 5, numFailedTests 2, numPendingTests 2, numTodoTests 1,
    // numRuntimeErrorTestSuites 1 ("Tests: 2 failed, 2 skipped, 1 todo, 5 passed, 10 total").
    let metrics = metrics_of(&["jest-json/jest.json"]);
    assert_eq!(test_counts(&metrics), [11.0, 5.0, 2.0, 1.0, 3.0, 0.0]);
    let run = metrics.tests.as_ref().unwrap();
    let broken = run.cases.iter().find(|case| matches!(case.status, TestStatus::Errored(_))).unwrap();
    let TestStatus::Errored(problem) = &broken.status else { unreachable!() };
    assert_eq!(problem.message.as_deref(), Some("cannot load this file"));
    assert_eq!(run.cases.iter().filter(|case| case.name == "same title").count(), 2);
    let nested = run.cases.iter().find(|case| case.name == "adds zero").unwrap();
    assert_eq!(nested.suite.as_deref(), Some("add > nested"));
}

#[test]
fn jest_json_retries_leave_the_final_outcome() {
    // jest: "Tests: 1 failed, 1 passed, 2 total"; invocations 2 (passed) and 3 (failed).
    let metrics = metrics_of(&["jest-json/jest-retry.json"]);
    assert_eq!(test_counts(&metrics), [2.0, 1.0, 1.0, 0.0, 0.0, 1.0]);
}

#[test]
fn mocha_json_counts_as_mocha_stats_and_a_hook_failure_is_an_error() {
    // mocha stats: passes 5, pending 2, failures 3 (one the "before all" hook).
    let metrics = metrics_of(&["mocha-json/mocha.json"]);
    assert_eq!(test_counts(&metrics), [10.0, 5.0, 2.0, 1.0, 2.0, 0.0]);
    let run = metrics.tests.as_ref().unwrap();
    let hook = run.cases.iter().find(|case| matches!(case.status, TestStatus::Errored(_))).unwrap();
    assert_eq!(hook.suite.as_deref(), Some("database"));
    assert!(hook.name.contains("\"before all\" hook"));
    assert_eq!(run.cases.iter().filter(|case| case.name == "same title").count(), 2);
}

#[test]
fn mocha_json_retries_leave_the_final_outcome() {
    // mocha stats: passes 1, failures 1; currentRetry 1 (passed) and 2 (failed).
    let metrics = metrics_of(&["mocha-json/mocha-retry.json"]);
    assert_eq!(test_counts(&metrics), [2.0, 1.0, 1.0, 0.0, 0.0, 1.0]);
}

#[test]
fn ctrf_from_jest_counts_as_its_summary_and_files_the_todo_as_skipped() {
    // summary: passed 5, failed 2, pending 2, other 1 (rawStatus todo); the jest reporter leaves
    // out the file that cannot load.
    let metrics = metrics_of(&["ctrf/jest-ctrf.json"]);
    assert_eq!(test_counts(&metrics), [10.0, 5.0, 2.0, 0.0, 3.0, 0.0]);
    let run = metrics.tests.as_ref().unwrap();
    let nested = run.cases.iter().find(|case| case.name == "add nested adds zero").unwrap();
    assert_eq!(nested.suite.as_deref(), Some("math.test.js > add > nested"));
    assert_eq!(metrics.sources[0].producer.as_deref(), Some("jest"));
}

#[test]
fn ctrf_from_mocha_counts_as_its_summary() {
    // summary: passed 5, failed 3 (one the "before all" hook), pending 2.
    let metrics = metrics_of(&["ctrf/mocha-ctrf.json"]);
    assert_eq!(test_counts(&metrics), [10.0, 5.0, 3.0, 0.0, 2.0, 0.0]);
}

#[test]
fn ctrf_retries_leave_the_final_outcome() {
    // Each summary: passed 1 (retries 1, flaky), failed 1 (retries 2).
    for path in ["ctrf/jest-ctrf-retry.json", "ctrf/mocha-ctrf-retry.json"] {
        assert_eq!(test_counts(&metrics_of(&[path])), [2.0, 1.0, 1.0, 0.0, 0.0, 1.0], "{path}");
    }
}

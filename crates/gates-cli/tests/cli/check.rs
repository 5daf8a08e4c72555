//! `gates check` on the real reports in testdata/.

use super::{gates, gates_with_env, temp_file};

const COVERAGE: &str = "testdata/cobertura/coverage-py-branch.xml";
const JUNIT: &str = "testdata/junit/pytest-xunit2.xml";

#[test]
fn readme_example_fails_on_failing_tests() {
    let run = gates(&["check", COVERAGE, JUNIT]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    insta::assert_snapshot!(run.transcript());
}

fn readme_run() -> super::Run {
    let args = super::readme_command();
    gates(&args.iter().map(String::as_str).collect::<Vec<_>>())
}

#[test]
fn readme_main_command_runs_every_gate() {
    let run = readme_run();
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(run.stdout.contains("verdict: FAIL: 4 passed, 4 warned, 7 failed, 2 skipped"), "{}", run.stdout);
}

#[test]
fn readme_sample_output_is_what_its_main_command_prints() {
    let readme = super::readme();
    let sample: String = readme
        .lines()
        .skip_while(|line| !line.starts_with("$ gates check "))
        .skip(1)
        .take_while(|line| *line != "```")
        .map(|line| format!("{line}\n"))
        .collect();
    assert_eq!(readme_run().stdout, sample, "update the sample at the top of README.md");
}

#[test]
fn output_to_a_log_fits_100_columns_failed_gates_first_skipped_on_one_line() {
    let run = readme_run();
    let widest = run.stdout.lines().map(|line| line.chars().count()).max().unwrap();
    assert!(widest <= 100, "{widest} columns:\n{}", run.stdout);
    let statuses: Vec<&str> = run
        .stdout
        .lines()
        .filter_map(|line| line.strip_prefix("│ "))
        .filter_map(|row| row.split_whitespace().next())
        .filter(|status| ["FAIL", "WARN", "PASS", "SKIPPED"].contains(status))
        .collect();
    let mut ordered = statuses.clone();
    ordered.sort_by_key(|status| ["FAIL", "WARN", "PASS"].iter().position(|known| known == status));
    assert_eq!(statuses, ordered);
    assert!(!statuses.contains(&"SKIPPED"), "{}", run.stdout);
    let skipped: Vec<&str> = run.stdout.lines().filter(|line| line.starts_with("SKIPPED ")).collect();
    assert_eq!(skipped, ["SKIPPED 2 gates: no input: give a benchmark report and --bench-baseline FILE"]);
}

#[test]
fn note_column_is_left_out_when_no_gate_has_a_note() {
    let (_dir, policy) = temp_file("gates.toml", "[[gate]]\nmetric = \"tests.total\"\nmin = 1\n");
    let run = gates(&["check", "--policy", &policy, JUNIT]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(run.stdout.contains("│ Status ┆ Gate             ┆ Actual ┆ Threshold │"), "{}", run.stdout);
}

#[test]
fn json_output_has_the_documented_shape() {
    let run = gates(&["check", "--format", "json", COVERAGE, JUNIT]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let json = run.json();
    assert_eq!(json["version"], 1);
    assert_eq!(json["verdict"], "fail");
    assert_eq!(json["metrics"]["coverage.lines_covered"], 77.0);
    assert_eq!(json["metrics"]["coverage.branches_valid"], 44.0);
    assert_eq!(json["metrics"]["tests.total"], 23.0);
    assert_eq!(json["metrics"]["tests.failed"], 3.0);
    assert_eq!(json["metrics"]["tests.errors"], 2.0);
    let gates = json["gates"].as_array().unwrap();
    assert_eq!(gates.len(), 17);
    assert_eq!(gates[2]["metric"], "tests.failed + tests.errors");
    assert_eq!(gates[2]["actual"], 5.0);
    assert_eq!(gates[2]["status"], "fail");
    assert_eq!(json["failed_tests"].as_array().unwrap().len(), 5);
    assert_eq!(json["sources"][0]["producer"], "coverage.py 7.17.3");
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn json_counts_are_integers_and_percentages_numbers() {
    let run = gates(&["check", "--format", "json", COVERAGE, JUNIT]);
    let json = run.json();
    for count in ["coverage.lines_covered", "coverage.branches_valid", "tests.total", "tests.failed"] {
        assert!(json["metrics"][count].is_u64(), "{count}: {}", json["metrics"][count]);
    }
    assert!(run.stdout.contains("\"tests.failed\": 3,"), "{}", run.stdout);
    assert!(json["metrics"]["coverage.total"].is_f64());
    let gates = json["gates"].as_array().unwrap();
    assert!(gates[0]["actual"].is_f64() && gates[0]["min"].is_f64(), "{}", gates[0]);
    assert!(gates[1]["actual"].is_u64() && gates[1]["min"].is_u64(), "{}", gates[1]);
    assert!(gates[2]["actual"].is_u64() && gates[2]["max"].is_u64(), "{}", gates[2]);
}

#[test]
fn markdown_output() {
    let run = gates(&["check", "--format", "markdown", COVERAGE, JUNIT]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn passing_policy_exits_zero() {
    let (_dir, policy) = temp_file(
        "gates.toml",
        "[[gate]]\nmetric = \"coverage.total\"\nmin = 79.7\n\n[[gate]]\nmetric = \"tests.total\"\nmin = 23\nmax = 23\n",
    );
    let run = gates(&["check", "--policy", &policy, COVERAGE, JUNIT]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(run.stdout.contains("verdict: PASS: 2 passed"), "{}", run.stdout);
}

#[test]
fn warning_passes_unless_strict() {
    let (_dir, policy) =
        temp_file("gates.toml", "[[gate]]\nmetric = \"coverage.total\"\nmin = 80\nseverity = \"warn\"\n");
    let run = gates(&["check", "--policy", &policy, COVERAGE]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(run.stdout.contains("WARN"), "{}", run.stdout);
    assert!(run.stdout.contains("verdict: PASS with warnings"), "{}", run.stdout);
    let strict = gates(&["check", "--strict", "--policy", &policy, COVERAGE]);
    assert_eq!(strict.code, 1, "{}", strict.transcript());
}

#[test]
fn lint_errors_fail_and_lint_warnings_warn() {
    let (_dir, policy) = temp_file(
        "gates.toml",
        "[[gate]]\nmetric = \"lint.errors\"\nmax = 0\n\n[[gate]]\nmetric = \"lint.warnings\"\nmax = 0\nseverity = \"warn\"\n",
    );
    let run = gates(&["check", "--format", "json", "--policy", &policy, "testdata/eslint/eslint.json"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let outcomes: Vec<_> = json["gates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|gate| (gate["actual"].clone(), gate["status"].clone()))
        .collect();
    assert_eq!(outcomes, [(6.into(), "fail".into()), (3.into(), "warn".into())]);
    // Warnings alone only warn.
    let run = gates(&["check", "--policy", &policy, "testdata/cargo-json/clean.jsonl"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
}

#[test]
fn gate_without_its_report_is_skipped_with_the_reason() {
    let coverage = "testdata/cobertura/coverage-py-nobranch.xml"; // 81.91 %: the coverage gate passes
    let run = gates(&["check", "--format", "json", "--coverage", coverage]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let json = run.json();
    let tests_gate = &json["gates"][1];
    assert_eq!(tests_gate["status"], "skipped");
    assert!(tests_gate.get("actual").is_none());
    assert_eq!(
        tests_gate["reason"],
        "no input: give a test report (JUnit, TRX, NUnit or xUnit.net XML, go test -json, TAP, Jest, Mocha or CTRF JSON)"
    );
    assert!(json["metrics"].get("tests.total").is_none(), "absent is not zero");
}

#[test]
fn required_gate_fails_when_its_report_is_missing() {
    let (_dir, policy) =
        temp_file("gates.toml", "[[gate]]\nmetric = \"tests.total\"\nmin = 1\nrequired = true\n");
    let run = gates(&["check", "--policy", &policy, COVERAGE]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let notes = last_column(&run.stdout);
    assert!(notes.starts_with("required input missing: no input: give a test report"), "{}", run.stdout);
}

/// The last column of a table's rows, its wrapped lines joined again.
fn last_column(table: &str) -> String {
    let cells: Vec<&str> = table
        .lines()
        .filter(|line| line.starts_with('│') && !line.starts_with("│ Status"))
        .filter_map(|line| line.rsplit('┆').next())
        .map(|cell| cell.trim_end_matches('│').trim())
        .filter(|cell| !cell.is_empty())
        .collect();
    cells.join(" ")
}

#[test]
fn nothing_evaluated_is_not_a_pass() {
    let (_dir, policy) = temp_file("gates.toml", "[[gate]]\nmetric = \"tests.total\"\nmin = 1\n");
    let run = gates(&["check", "--policy", &policy, COVERAGE]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(run.stdout.contains("no gate could be evaluated"), "{}", run.stdout);
}

#[test]
fn reruns_make_a_flaky_test_pass() {
    let (_dir, policy) =
        temp_file("gates.toml", "[[gate]]\nmetric = \"tests.flaky\"\nmax = 0\nseverity = \"warn\"\n");
    let run = gates(&["check", "--format", "json", "--policy", &policy, "testdata/junit/pytest-reruns.xml"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let json = run.json();
    assert_eq!(json["metrics"]["tests.flaky"], 1.0);
    assert_eq!(json["gates"][0]["status"], "warn");
}

#[test]
fn parser_notes_go_to_stderr() {
    let (_dir, path) =
        temp_file("junit.xml", "<testsuite name=\"pytest\" tests=\"6\" failures=\"1\"></testsuite>");
    let run = gates(&["check", &path]);
    assert!(run.stderr.contains("declares 6 tests but lists none"), "{}", run.transcript());
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let piped = gates(&["check", COVERAGE, JUNIT]);
    assert!(!piped.stdout.contains('\u{1b}'), "no colour into a pipe");
    let forced = gates(&["check", "--color", "always", COVERAGE, JUNIT]);
    assert!(forced.stdout.contains('\u{1b}'), "{}", forced.stdout);
    let no_color = gates_with_env(&["check", COVERAGE, JUNIT], &[("NO_COLOR", "1")]);
    assert!(!no_color.stdout.contains('\u{1b}'));
}

#[test]
fn lcov_coveragepy_json_and_jacoco_are_told_from_their_content() {
    for (path, format) in [
        ("testdata/lcov/coverage-py.info", "lcov"),
        ("testdata/coveragepy-json/coverage-py.json", "coveragepy_json"),
    ] {
        let run = gates(&["check", "--format", "json", path]);
        let json = run.json();
        assert_eq!(json["sources"][0]["format"], format, "{}", run.transcript());
        assert_eq!(json["metrics"]["coverage.lines_covered"], 77.0);
        assert_eq!(json["metrics"]["coverage.branches_covered"], 33.0);
        assert_eq!(format!("{:.2}", json["metrics"]["coverage.total"].as_f64().unwrap()), "79.71");
    }
    let run = gates(&["check", "--format", "json", "--input", "jacoco=testdata/jacoco/jacoco-0.8.6.xml"]);
    let json = run.json();
    assert_eq!(json["metrics"]["coverage.lines_valid"], 41.0, "{}", run.transcript());
    assert_eq!(json["metrics"]["coverage.branches_valid"], 28.0);
}

/// A pytest-benchmark pair timed differently (1 against 20 iterations per round, another timer)
/// is warned about in the terminal and in the Markdown comment, naming each benchmark.
#[test]
fn benchmarks_timed_differently_are_warned_about() {
    let args = |format: &'static str| {
        [
            "check",
            "testdata/pytest-benchmark/unfair/candidate-20-iterations.json",
            "--bench-baseline",
            "testdata/pytest-benchmark/unfair/baseline-1-iteration.json",
            "--format",
            format,
        ]
    };
    let terminal = gates(&args("table"));
    let pedantic = "benchmark test_bench_unfair.py::test_pedantic_sum was timed differently, which is not a \
                    fair comparison: iterations per round 1 vs 20; timer perf_counter vs process_time; \
                    min_rounds 5 vs 10";
    assert!(
        terminal.stderr.contains(&format!("warning: benchmarks: {pedantic}\n")),
        "{}",
        terminal.transcript()
    );
    assert!(
        terminal
            .stderr
            .contains("warning: benchmarks: benchmark test_bench_unfair.py::test_calibrated_sort was"),
        "{}",
        terminal.transcript()
    );
    let markdown = gates(&args("markdown"));
    assert!(
        markdown.stdout.contains("Benchmarks timed differently (not a fair comparison)"),
        "{}",
        markdown.transcript()
    );
    // Markdown escapes the underscores.
    let escaped = pedantic.replace('_', "\\_");
    assert!(markdown.stdout.contains(&format!("- {escaped}\n")), "{}", markdown.transcript());
    let fair = gates(&[
        "check",
        "testdata/pytest-benchmark/candidate-5pct.json",
        "--bench-baseline",
        "testdata/pytest-benchmark/baseline.json",
        "--format",
        "markdown",
    ]);
    assert!(!fair.stderr.contains("timed differently"), "{}", fair.transcript());
    assert!(!fair.stdout.contains("timed differently"), "{}", fair.transcript());
}

/// A Go coverprofile names files by import path: `go.mod` in the working directory, or the
/// policy's `[coverage] go-module`, makes them repository paths that a gate's `paths` match.
#[test]
fn go_coverprofile_paths_lose_the_module_path() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(super::repo().join("testdata/go-cover/set.out"), dir.path().join("coverage.out")).unwrap();
    let gate =
        "[[gate]]\ntitle = \"shapes\"\nmetric = \"coverage.lines\"\npaths = [\"shapes/**\"]\nmin = 50\n";
    std::fs::write(dir.path().join("gates.toml"), gate).unwrap();
    let shapes = |run: &super::Run| run.json()["gates"][0]["actual"].clone();
    let check = || super::gates_in(dir.path(), &["check", "--format", "json", "coverage.out"], &[]);

    let unmapped = check();
    assert_eq!(unmapped.json()["gates"][0]["status"], "skipped", "{}", unmapped.transcript());
    assert_eq!(unmapped.json()["sources"][0]["format"], "go_cover");

    std::fs::write(dir.path().join("go.mod"), "module example.com/inventory\n\ngo 1.19\n").unwrap();
    // shapes.go: 5 of its 16 lines ran (testdata/go-cover/lines.py).
    assert_eq!(shapes(&check()), 31.25);

    std::fs::remove_file(dir.path().join("go.mod")).unwrap();
    let policy = format!("{gate}[coverage]\ngo-module = \"example.com/inventory\"\n");
    std::fs::write(dir.path().join("gates.toml"), policy).unwrap();
    assert_eq!(shapes(&check()), 31.25);
}

#[test]
fn go_test_json_is_told_from_its_content_and_counts_the_build_failure() {
    let run = gates(&["check", "--format", "json", "testdata/go-test-json/all-packages.jsonl"]);
    let json = run.json();
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert_eq!(json["sources"][0]["format"], "go_test_json");
    assert_eq!(json["metrics"]["tests.total"], 15.0);
    assert_eq!(json["metrics"]["tests.errors"], 1.0);
    let truncated = gates(&["check", "testdata/go-test-json/invalid/truncated-test-unfinished.jsonl"]);
    assert_eq!(truncated.code, 2, "{}", truncated.transcript());
    assert!(truncated.stderr.contains("the report is truncated"), "{}", truncated.transcript());
}

#[test]
fn javascript_test_reports_are_told_from_their_content() {
    for (path, format, failed) in [
        ("testdata/tap/node-test.tap", "tap", 4.0),
        ("testdata/jest-json/jest.json", "jest_json", 2.0),
        ("testdata/mocha-json/mocha.json", "mocha_json", 2.0),
        ("testdata/ctrf/mocha-ctrf.json", "ctrf", 3.0),
    ] {
        let run = gates(&["check", "--format", "json", path]);
        assert_eq!(run.code, 1, "{}", run.transcript());
        let json = run.json();
        assert_eq!(json["sources"][0]["format"], format, "{path}");
        assert_eq!(json["metrics"]["tests.failed"], failed, "{path}");
    }
}

#[test]
fn dotnet_test_reports_are_told_from_their_content_and_a_cut_one_cannot_be_evaluated() {
    for (path, format, failed, errors) in [
        ("testdata/trx/mstest.trx", "trx", 3.0, 0.0),
        ("testdata/nunit/nunit3.xml", "nunit", 2.0, 3.0),
        ("testdata/nunit/nunit2.xml", "nunit", 1.0, 2.0),
        ("testdata/xunit/xunit.xml", "xunit", 2.0, 2.0),
    ] {
        let run = gates(&["check", "--format", "json", path]);
        assert_eq!(run.code, 1, "{}", run.transcript());
        let json = run.json();
        assert_eq!(json["sources"][0]["format"], format, "{path}");
        assert_eq!(
            (json["metrics"]["tests.failed"].as_f64(), json["metrics"]["tests.errors"].as_f64()),
            (Some(failed), Some(errors)),
            "{path}"
        );
    }
    for path in [
        "testdata/trx/invalid/truncated-after-results.trx",
        "testdata/nunit/invalid/truncated-after-a-suite.xml",
        "testdata/xunit/invalid/truncated-after-a-collection.xml",
    ] {
        let run = gates(&["check", path]);
        assert_eq!(run.code, 2, "{}", run.transcript());
        assert!(run.stderr.contains("the report is truncated"), "{}", run.transcript());
    }
}

#[test]
fn a_tap_stream_that_bails_out_fails_and_a_damaged_one_cannot_be_evaluated() {
    let (_dir, bailed) =
        temp_file("results.tap", "TAP version 14\n1..2\nok 1 - first\nBail out! no database\n");
    let run = gates(&["check", &bailed]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let (_dir, cut) = temp_file("cut.tap", "TAP version 14\n1..1\nnot ok 1 - first\n  ---\n  error: 'x'\n");
    let run = gates(&["check", &cut]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(run.stderr.contains("ends inside a YAML diagnostic block"), "{}", run.stderr);
}

/// Issue 20: the terminal says why a gate failed, without flags, in lines a log viewer shows whole.
#[test]
fn failed_gates_list_their_failing_tests_findings_and_files_under_the_table() {
    let (_dir, policy) = temp_file(
        "gates.toml",
        "[[gate]]\nmetric = \"tests.failed\"\nmax = 0\n\n[[gate]]\nmetric = \"security.high\"\nmax = 0\n\n\
         [[gate]]\nmetric = \"coverage.lines\"\nmin = 90\n\n[[gate]]\nmetric = \"tests.total\"\nmin = 1\n",
    );
    let run = gates(&[
        "check",
        "--policy",
        &policy,
        "testdata/junit/pytest-xunit1.xml",
        "testdata/bandit/bandit.json",
        COVERAGE,
    ]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let below_table = run.stdout.rsplit_once('┘').unwrap().1;
    for expected in [
        "FAIL tests.failed <= 0:\n",
        "  tests.test_ledger.test_undo_restores_balance (failed) at tests/test_ledger.py:30: AssertionError:",
        "FAIL security.high <= 0:\n  HIGH B602 warehouse/maintenance.py:14 subprocess call with shell=True",
        "FAIL coverage.lines >= 90%:\n  reports.py: 0.00% (0 of 10 lines, 0 of 4 branches)\n",
    ] {
        assert!(below_table.contains(expected), "{expected:?} missing from:\n{}", run.stdout);
    }
    assert!(!below_table.contains("(error)"), "tests.failed lists failures, not errors:\n{}", run.stdout);
    assert!(!below_table.contains("MEDIUM"), "security.high lists high findings only:\n{}", run.stdout);
    assert!(!below_table.contains("tests.total"), "a passed gate lists nothing:\n{}", run.stdout);
    assert!(!run.stdout.contains('\x1b'), "plain text when stdout is not a terminal");
    let widest = run.stdout.lines().map(|line| line.chars().count()).max().unwrap();
    assert!(widest <= 100, "a line of {widest} columns:\n{}", run.stdout);
}

#[test]
fn details_flag_lists_every_fact_in_whole_lines() {
    let (_dir, policy) = temp_file("gates.toml", "[[gate]]\nmetric = \"lint.violations\"\nmax = 0\n");
    let short = gates(&["check", "--policy", &policy, "testdata/ruff/ruff.json"]);
    assert_eq!(short.code, 1, "{}", short.transcript());
    let listed = |run: &super::Run| run.stdout.lines().filter(|line| line.starts_with("  ")).count();
    assert_eq!(listed(&short), 6, "five violations and the count of the rest:\n{}", short.stdout);
    assert!(short.stdout.contains("  … and 3 more (--details shows all)\n"), "{}", short.stdout);
    let all = gates(&["check", "--details", "--policy", &policy, "testdata/ruff/ruff.json"]);
    assert_eq!(all.code, 1, "{}", all.transcript());
    assert_eq!(listed(&all), 8, "{}", all.stdout);
    assert!(!all.stdout.contains("more (--details"), "{}", all.stdout);
    assert!(all.stdout.lines().any(|line| line.chars().count() > 100), "whole lines: {}", all.stdout);
}

#[test]
fn markdown_names_the_policy() {
    let run = gates(&["check", "--format", "markdown", COVERAGE, JUNIT]);
    let verdict = run.stdout.lines().next().unwrap();
    assert!(verdict.ends_with("; policy: built-in default)"), "{verdict}");
}

/// A Criterion results directory is its own baseline: `new/` against `base/` (or the folder
/// --criterion-baseline names), with Criterion's change and Mann-Whitney over its samples.
#[test]
fn a_criterion_directory_is_checked_against_its_saved_baseline() {
    let results = "testdata/criterion/target-criterion";
    let run = gates(&["check", results, "--bench-baseline", results]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(run.stdout.contains("checksum/1024: 2.407 µs → 4.806 µs (+99.69%, regressed)"), "{}", run.stdout);
    assert!(
        run.stdout.contains("│ sum_squares    ┆  964.9 ps ┆  964.9 ps ┆   +0.01% ┆ unchanged"),
        "{}",
        run.stdout
    );

    let missing = gates(&["check", results, "--bench-baseline", results, "--criterion-baseline", "main"]);
    assert_eq!(missing.code, 2, "{}", missing.transcript());
    assert_eq!(
        missing.stderr,
        "error: testdata/criterion/target-criterion is not a Criterion results directory to read: none of its \
         3 benchmarks has a `main` folder (folders found: base, new)\n"
    );
    let as_file = gates(&["check", "--input", &format!("pytest-benchmark={results}")]);
    assert_eq!(as_file.code, 2, "{}", as_file.transcript());
    assert!(as_file.stderr.contains("it is a directory, and pytest-benchmark JSON is read from a file"));
}

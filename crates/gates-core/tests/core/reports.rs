//! The real reports in testdata/: gates' figures equal the producing tools' own.

use crate::kit::{Format, metrics_of, model::TestStatus, parse_path, parse_reader, test_counts, value};
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
    let case = run.cases.iter().find(|case| case.name == "test_undo_restores_balance").unwrap();
    assert_eq!((case.file.as_deref(), case.line), (Some("tests/test_ledger.py"), Some(30)));
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
    // Passing tests are counted, not listed: a failing copy shows the name is read whole.
    let failing = crate::kit::read("junit/pytest-xunit2.xml").replace(
        "name=\"test_unicode_name_überprüfung\" time=\"0.000\" />",
        "name=\"test_unicode_name_überprüfung\" time=\"0.000\"><failure message=\"m\"/></testcase>",
    );
    let report = crate::kit::parse_str(Format::Junit, &failing).unwrap();
    let crate::kit::ReportContent::Tests(run) = report.content else { panic!("not tests") };
    assert!(run.problems().any(|case| case.name == "test_unicode_name_überprüfung"));
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

/// The per-severity vulnerability counts: critical, high, medium, low, unknown, then all.
fn vulnerability_counts(metrics: &Metrics) -> [f64; 6] {
    [
        Metric::SecurityVulnerabilitiesCritical,
        Metric::SecurityVulnerabilitiesHigh,
        Metric::SecurityVulnerabilitiesMedium,
        Metric::SecurityVulnerabilitiesLow,
        Metric::SecurityVulnerabilitiesUnknown,
        Metric::SecurityVulnerabilities,
    ]
    .map(|metric| value(metrics, metric))
}

#[test]
fn cargo_audit_equals_its_own_totals_and_severities() {
    // "error: 3 vulnerabilities found!": smallvec 9.8 (critical), time 6.2 (medium), chrono
    // without a vector; "warning: 3 allowed warnings found".
    let metrics = metrics_of(&["cargo-audit/cargo-audit.json"]);
    assert_eq!(vulnerability_counts(&metrics), [1.0, 0.0, 1.0, 0.0, 1.0, 3.0]);
    assert_eq!(value(&metrics, Metric::SecurityVulnerablePackages), 3.0);
    let packages = &metrics.dependencies.as_ref().unwrap().packages;
    let smallvec = packages.iter().find(|package| package.name == "smallvec").unwrap();
    let gates_core::model::AuditStatus::Audited { vulnerabilities } = &smallvec.status else { panic!() };
    assert_eq!(vulnerabilities[0].id, "RUSTSEC-2021-0003");
    assert!(vulnerabilities[0].is_known_as("CVE-2021-25900"));
    assert_eq!(vulnerabilities[0].fix_versions, [">=0.6.14, <1.0.0", ">=1.6.1"]);
    // The warnings are notes: no code scan ran, so the security-findings gates stay unmeasured.
    assert!(metrics.findings.is_none());
    assert!(metrics.value(Metric::SecurityHigh).is_err());
    let notes = &metrics.sources[0].notes;
    assert_eq!(
        notes[0],
        "cargo-audit lists vulnerable crates only: 3 of Cargo.lock's 15 dependencies are named"
    );
    let warned: Vec<_> = notes.iter().filter(|note| note.starts_with("cargo-audit warns: ")).collect();
    assert_eq!(warned.len(), 3, "unmaintained ×2, unsound: {notes:?}");
    assert!(
        warned.iter().any(|note| note.contains("atty 0.2.14 is unsound (RUSTSEC-2021-0145")),
        "{warned:?}"
    );
}

#[test]
fn npm_audit_counts_advisories_and_checks_npms_own_totals() {
    // npm 7+: metadata.vulnerabilities high 1, critical 2 (packages); five advisories.
    let current = metrics_of(&["npm-audit/npm-audit-v2.json"]);
    assert_eq!(vulnerability_counts(&current), [1.0, 2.0, 2.0, 0.0, 0.0, 5.0]);
    assert_eq!(value(&current, Metric::SecurityVulnerablePackages), 2.0);
    let minimist = &current.dependencies.as_ref().unwrap().packages[1];
    let gates_core::model::AuditStatus::Audited { vulnerabilities } = &minimist.status else { panic!() };
    assert_eq!(vulnerabilities[0].id, "GHSA-xvch-5gv4-984h");
    assert!(vulnerabilities[0].is_known_as("1097677") && vulnerabilities[0].is_known_as("1097678"));
    assert!(vulnerabilities[0].fix_available && vulnerabilities[0].fix_versions.is_empty());
    assert!(
        current.sources[0].notes[1].ends_with("mkdirp (through minimist)"),
        "{:?}",
        current.sources[0].notes
    );
    // npm 6: low 3 (advisories times paths); one per advisory and installed version.
    let legacy = metrics_of(&["npm-audit/npm-audit-v6.json"]);
    assert_eq!(vulnerability_counts(&legacy), [0.0, 0.0, 0.0, 3.0, 0.0, 3.0]);
    assert_eq!(value(&legacy, Metric::SecurityVulnerablePackages), 3.0);
}

#[test]
fn trivy_counts_a_cve_listed_in_two_targets_once() {
    let metrics = metrics_of(&["trivy/trivy-fs.json"]);
    assert_eq!(vulnerability_counts(&metrics), [1.0, 1.0, 1.0, 0.0, 1.0, 4.0]);
    assert_eq!(value(&metrics, Metric::SecurityVulnerablePackages), 3.0);
    // The Dockerfile's two failed checks; DS001 passed.
    assert_eq!(
        [Metric::SecurityHigh, Metric::SecurityMedium, Metric::SecurityLow]
            .map(|metric| value(&metrics, metric)),
        [1.0, 0.0, 1.0]
    );
    assert_eq!(value(&metrics, Metric::SecretsFindings), 1.0);
    let findings = &metrics.findings.as_ref().unwrap().items;
    let secret = findings.iter().find(|finding| finding.rule == "aws-access-key-id").unwrap();
    assert_eq!(secret.message, "AWS Access Key ID");
    assert!(!format!("{findings:?}").contains("AWS_ACCESS_KEY_ID="), "the secret itself is not kept");
    let legacy = metrics_of(&["trivy/trivy-legacy.json"]);
    assert_eq!(vulnerability_counts(&legacy), [1.0, 1.0, 0.0, 0.0, 0.0, 2.0]);
    assert!(legacy.value(Metric::SecurityHigh).is_err(), "no misconfiguration scan");
}

#[test]
fn grype_counts_a_vulnerability_matched_twice_in_one_package_once() {
    let metrics = metrics_of(&["grype/grype-dir.json"]);
    assert_eq!(vulnerability_counts(&metrics), [1.0, 1.0, 0.0, 1.0, 0.0, 3.0]);
    assert_eq!(value(&metrics, Metric::SecurityVulnerablePackages), 3.0);
    let lodash = &metrics.dependencies.as_ref().unwrap().packages[0];
    let gates_core::model::AuditStatus::Audited { vulnerabilities } = &lodash.status else { panic!() };
    assert!(vulnerabilities[0].is_known_as("CVE-2021-23337"));
    assert_eq!(vulnerabilities[0].fix_versions, ["4.17.21"]);
    assert_eq!(metrics.sources[0].producer.as_deref(), Some("grype 0.74.0"));
}

#[test]
fn radon_on_a_tree_without_python_files_is_refused() {
    // radon cc, mi and raw -j all write `{}` there: a report of nothing measured.
    let path = crate::kit::testdata("radon/empty/no-python-files.json");
    assert!(parse_path(&path, None).is_err());
    for format in [Format::RadonCc, Format::RadonMi, Format::RadonRaw] {
        let error = parse_path(&path, Some(format)).map(|_| ()).unwrap_err().to_string();
        assert!(
            error.contains("no Python files (radon analysed none where it looked) found"),
            "{format}: {error}"
        );
    }
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

/// `lint.violations`, `lint.errors` and `lint.warnings` of one report.
fn lint_counts(path: &str) -> [f64; 3] {
    let metrics = metrics_of(&[path]);
    [Metric::LintViolations, Metric::LintErrors, Metric::LintWarnings].map(|metric| value(&metrics, metric))
}

#[test]
fn lint_levels_follow_each_tools_own() {
    // ruff has no warning level; flake8's five codes are E and F ones.
    assert_eq!(lint_counts("ruff/ruff.json"), [8.0, 8.0, 0.0]);
    assert_eq!(lint_counts("flake8/flake8.txt"), [5.0, 5.0, 0.0]);
    // pylint: 1 error, 4 warnings, 12 conventions.
    assert_eq!(lint_counts("pylint/pylint.json"), [17.0, 1.0, 4.0]);
    // ESLint: "✖ 5 problems (3 errors, 2 warnings)".
    assert_eq!(lint_counts("sarif/eslint.sarif"), [5.0, 3.0, 2.0]);
}

#[test]
fn eslint_and_its_checkstyle_output_equal_eslints_own_count() {
    // "✖ 9 problems (6 errors, 3 warnings)", the suppressed eqeqeq not among them.
    assert_eq!(lint_counts("eslint/eslint.json"), [9.0, 6.0, 3.0]);
    assert_eq!(lint_counts("eslint/eslint-with-metadata.json"), [9.0, 6.0, 3.0]);
    assert_eq!(lint_counts("checkstyle/eslint-checkstyle.xml"), [9.0, 6.0, 3.0]);
    assert_eq!(lint_counts("eslint/eslint-clean.json"), [0.0, 0.0, 0.0]);
    let findings = metrics_of(&["eslint/eslint.json"]).findings.unwrap();
    let parse_error = findings.items.iter().find(|finding| finding.rule == "parse-error").unwrap();
    assert_eq!(parse_error.location.as_ref().unwrap().line, Some(3));
}

#[test]
fn code_quality_reports_of_eslint_and_gates_keep_their_figures() {
    // ESLint's formatter: fatal → critical, error → major, warning → minor.
    assert_eq!(lint_counts("codeclimate/eslint-gitlab.json"), [9.0, 6.0, 3.0]);
    // gates' own output of ruff (8) and bandit (1 high, 3 medium, 4 low) reads back the same.
    let metrics = metrics_of(&["codeclimate/gates.json"]);
    assert_eq!(lint_counts("codeclimate/gates.json"), [8.0, 8.0, 0.0]);
    let security = [Metric::SecurityHigh, Metric::SecurityMedium, Metric::SecurityLow]
        .map(|metric| value(&metrics, metric));
    assert_eq!(security, [1.0, 3.0, 4.0]);
}

#[test]
fn cyclonedx_counts_by_the_vulnerabilitys_own_rating_and_leaves_out_what_vex_sets_aside() {
    use gates_core::model::Metric as M;
    let severities = |path: &str| {
        let metrics = metrics_of(&[path]);
        [
            M::SecurityVulnerabilities,
            M::SecurityVulnerablePackages,
            M::SecurityVulnerabilitiesCritical,
            M::SecurityVulnerabilitiesHigh,
            M::SecurityVulnerabilitiesMedium,
            M::SecurityVulnerabilitiesLow,
            M::SecurityVulnerabilitiesUnknown,
        ]
        .map(|metric| value(&metrics, metric))
    };
    // Trivy's table would show 5 (CRITICAL 1, HIGH 2, MEDIUM 2); the not_affected jinja2
    // sandbox escape (HIGH) is set aside by the BOM's VEX analysis.
    assert_eq!(severities("cyclonedx/trivy-cyclonedx.json"), [4.0, 4.0, 1.0, 1.0, 2.0, 0.0, 0.0]);
    // A VEX document without components: refs name the packages; a false positive is left out.
    assert_eq!(severities("cyclonedx/vex.json"), [3.0, 3.0, 0.0, 1.0, 2.0, 0.0, 0.0]);
    let notes = &metrics_of(&["cyclonedx/trivy-cyclonedx.json"]).sources[0].notes;
    assert!(
        notes.iter().any(|note| note.contains("CVE-2019-10906 (not_affected: code_not_reachable)")),
        "{notes:?}"
    );
}

#[test]
fn golangci_lint_counts_an_empty_severity_as_an_error_and_a_failed_run_as_one() {
    // v2 without a severity section: "6 issues" (errcheck 2, govet, ineffassign, staticcheck,
    // unused 1 each), all errors as its Checkstyle and SARIF printers write them.
    assert_eq!(lint_counts("golangci-lint/golangci-lint-v2.json"), [6.0, 6.0, 0.0]);
    // v1.64 with severity rules: 1 error, 2 warnings, 1 info.
    assert_eq!(lint_counts("golangci-lint/golangci-lint-v1.json"), [4.0, 1.0, 2.0]);
    assert_eq!(lint_counts("golangci-lint/golangci-lint-clean.json"), [0.0, 0.0, 0.0]);
    assert_eq!(lint_counts("golangci-lint/golangci-lint-failed.json"), [1.0, 1.0, 0.0]);
}

#[test]
fn checkstyle_equals_checkstyles_own_count() {
    // 2 [ERROR], 4 [WARN], 1 [INFO]: "Checkstyle ends with 2 errors."
    assert_eq!(lint_counts("checkstyle/checkstyle.xml"), [7.0, 2.0, 4.0]);
}

#[test]
fn clippy_counts_a_diagnostic_of_lib_and_test_targets_once() {
    // lib: 1 error, 5 warnings; lib test: the same and unused_variables.
    assert_eq!(lint_counts("cargo-json/clippy.jsonl"), [7.0, 1.0, 6.0]);
    assert_eq!(lint_counts("cargo-json/clean.jsonl"), [0.0, 0.0, 0.0]);
    let findings = metrics_of(&["cargo-json/clippy.jsonl"]).findings.unwrap();
    let errors: Vec<_> = findings
        .items
        .iter()
        .filter(|finding| finding.lint_level == Some(gates_core::model::LintLevel::Error))
        .map(|finding| finding.rule.as_str())
        .collect();
    assert_eq!(errors, ["clippy::needless_return"]);
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

use crate::kit::{ReportContent, parse_str, sniff};

/// The tests a `go test -json` stream keeps, by final outcome: those listed and the slowest passes.
fn go_cases(relative: &str) -> Vec<gates_core::model::TestCase> {
    let run = metrics_of(&[relative]).tests.unwrap();
    run.cases.into_iter().chain(run.slowest_passes).collect()
}

/// The tests a run keeps by name: those listed, and the slowest of those only counted.
fn kept(run: &gates_core::model::TestRun) -> impl Iterator<Item = &gates_core::model::TestCase> {
    run.cases.iter().chain(&run.slowest_passes)
}

#[test]
fn go_test_json_counts_subtests_and_the_build_failure() {
    let metrics = metrics_of(&["go-test-json/all-packages.jsonl"]);
    // `go test -v`: 8 `--- PASS`, 4 `--- FAIL`, 2 `--- SKIP`, and `broken [build failed]`.
    assert_eq!(test_counts(&metrics), [15.0, 8.0, 4.0, 1.0, 2.0, 0.0]);
    let cases = go_cases("go-test-json/all-packages.jsonl");
    let status = |name: &str| &cases.iter().find(|case| case.name == name).unwrap().status;
    // A failing subtest fails its parent: both count.
    let TestStatus::Failed(wide) = status("TestClassify/wide") else { panic!("{cases:?}") };
    assert_eq!(wide.message.as_deref(), Some("shapes_test.go:40: Classify(3, 2) = \"wide\", want \"tall\""));
    assert!(matches!(status("TestClassify"), TestStatus::Failed(_)));
    let TestStatus::Skipped { message } = status("TestPerimeterLater") else { panic!() };
    assert_eq!(message.as_deref(), Some("shapes_test.go:49: perimeter rules are being rewritten"));
    let TestStatus::Failed(panicked) = status("TestWordsPanics") else { panic!() };
    assert!(panicked.output.as_deref().unwrap().contains("panic: assignment to entry in nil map"));
    let TestStatus::Errored(build) = status("[broken]") else { panic!() };
    assert_eq!(build.message.as_deref(), Some("build failed"));
    let broken = cases.iter().find(|case| case.name == "[broken]").unwrap();
    assert_eq!(broken.classname.as_deref(), Some("example.com/inventory/broken"));
}

#[test]
fn go_test_json_reruns_after_a_failure_and_counts_repeated_passes() {
    let metrics = metrics_of(&["go-test-json/count-2.jsonl"]);
    assert_eq!(test_counts(&metrics), [22.0, 14.0, 4.0, 0.0, 4.0, 0.0]);
    let cases = go_cases("go-test-json/count-2.jsonl");
    let perimeter: Vec<_> = cases.iter().filter(|case| case.name == "TestPerimeter").collect();
    assert_eq!(perimeter.len(), 1);
    assert_eq!(perimeter[0].attempts, 2);
    // The 14 passes count both of TestArea/unit's.
    assert_eq!(metrics.tests.as_ref().map(|run| run.plain_passes), Some(14));
    let passing = metrics_of(&["go-test-json/passing.jsonl"]);
    assert_eq!(test_counts(&passing), [3.0, 3.0, 0.0, 0.0, 0.0, 0.0]);
}

#[test]
fn go_test_json_package_failures_outside_tests_are_errors() {
    let package = r#"{"Action":"run","Package":"m/a","Test":"TestSlow"}
{"Action":"output","Package":"m/a","Test":"TestSlow","Output":"=== RUN   TestSlow\n"}
{"Action":"output","Package":"m/a","Output":"panic: test timed out after 1s\n"}
{"Action":"fail","Package":"m/a","Elapsed":1.01}
{"Action":"output","Package":"m/b","Output":"FAIL\tm/b\t0.01s\n"}
{"Action":"fail","Package":"m/b","Elapsed":0.01}
{"ImportPath":"m/c [m/c.test]","Action":"build-output","Output":"c.go:3:9: undefined: x\n"}
{"ImportPath":"m/c [m/c.test]","Action":"build-fail"}
{"Action":"fail","Package":"m/c","Elapsed":0,"FailedBuild":"m/c [m/c.test]"}
"#;
    let report = parse_str(Format::GoTestJson, package).unwrap();
    let ReportContent::Tests(run) = report.content else { panic!() };
    let problems: Vec<(&str, Option<&str>)> = run
        .cases
        .iter()
        .map(|case| match &case.status {
            TestStatus::Errored(problem) => (case.name.as_str(), problem.output.as_deref()),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        problems,
        [("TestSlow", None), ("[b]", Some("FAIL\tm/b\t0.01s\n")), ("[c]", Some("c.go:3:9: undefined: x\n"))]
    );
}

#[test]
fn go_reports_are_told_from_their_content() {
    assert_eq!(sniff(crate::kit::read("go-test-json/all-packages.jsonl").as_bytes()), Ok(Format::GoTestJson));
    assert_eq!(sniff(crate::kit::read("go-test-json/passing.jsonl").as_bytes()), Ok(Format::GoTestJson));
    assert_eq!(sniff(b"mode: atomic\na.go:1.1,2.2 1 0\n"), Ok(Format::GoCover));
    assert_eq!(sniff(b"{\"ImportPath\":\"m/c\",\"Action\":\"build-output\"}\n"), Ok(Format::GoTestJson));
}

/// `go tool cover -func`'s `total:` percentage, from the output kept beside a profile.
fn go_func_total(relative: &str) -> String {
    let text = crate::kit::read(relative);
    let total = text.lines().find(|line| line.starts_with("total:")).unwrap();
    total.split_whitespace().last().unwrap().to_owned()
}

#[test]
fn go_cover_lines_equal_the_oracle_and_statements_equal_go_tool_cover() {
    for (profile, lines, statements) in [
        ("set", (21, 34), "15 of 21"),
        ("count", (27, 34), "18 of 21"),
        ("coverpkg-atomic", (21, 34), "15 of 21"),
    ] {
        let metrics = metrics_of(&[&format!("go-cover/{profile}.out")]);
        let totals = metrics.coverage.as_ref().unwrap().totals();
        // testdata/go-cover/lines.py
        assert_eq!((totals.lines_covered, totals.lines_valid), lines, "{profile}");
        let go_total = go_func_total(&format!("go-cover/{profile}.func.txt"));
        let note = &metrics.sources[0].notes[0];
        assert!(
            note.starts_with(&format!("go counts statements: {statements} covered ({go_total}, ")),
            "{note}"
        );
    }
}

#[test]
fn go_cover_paths_become_repository_paths_through_the_module() {
    let report = crate::kit::parse_path(&crate::kit::testdata("go-cover/set.out"), None).unwrap();
    let report = report.without_go_module("example.com/inventory");
    let ReportContent::Coverage(coverage) = report.content else { panic!() };
    let paths: Vec<&str> = coverage.files.keys().map(String::as_str).collect();
    assert_eq!(paths, ["shapes/shapes.go", "textutil/textutil.go"]);
}

/// Go 1.20 to 1.23 write the build failure as package output (go's test_json_issue35169 script).
#[test]
fn go_test_json_build_failure_as_package_output_is_a_build_error() {
    let stream = "{\"Action\":\"start\",\"Package\":\"example\"}\n\
        {\"Action\":\"output\",\"Package\":\"example\",\"Output\":\"FAIL\\texample [build failed]\\n\"}\n\
        {\"Action\":\"fail\",\"Package\":\"example\",\"Elapsed\":0}\n";
    let ReportContent::Tests(run) = parse_str(Format::GoTestJson, stream).unwrap().content else { panic!() };
    let [case] = run.cases.as_slice() else { panic!("{run:?}") };
    let TestStatus::Errored(problem) = &case.status else { panic!("{case:?}") };
    assert_eq!((case.name.as_str(), problem.message.as_deref()), ("[example]", Some("build failed")));
}
#[test]
fn node_test_tap_counts_as_node_summary() {
    // node --test: "# tests 15, # pass 7, # fail 5, # cancelled 0, # skipped 1, # todo 2"; the
    // file that throws at load time is the one error among the five failures.
    let metrics = metrics_of(&["tap/node-test.tap"]);
    assert_eq!(test_counts(&metrics), [15.0, 7.0, 4.0, 1.0, 3.0, 0.0]);
    let run = metrics.tests.as_ref().unwrap();
    let same_title = kept(run).filter(|case| case.name == "same title").count();
    assert_eq!(same_title, 2);
    let nested = kept(run).find(|case| case.name == "adds zero").unwrap();
    assert_eq!(nested.suite.as_deref(), Some("add > nested"));
    let wrong = kept(run).find(|case| case.name == "is wrong on purpose").unwrap();
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
fn a_tap_stream_cut_before_its_plan_is_refused_and_a_bail_out_fails() {
    let full = crate::kit::read("tap/node-test.tap");
    let cut = full.get(..full.find("# Subtest: divide throws on zero").unwrap()).unwrap();
    let error = crate::kit::parse_str(Format::Tap, cut).unwrap_err().to_string();
    assert!(error.contains("the stream has no plan (`1..N`); the report is incomplete"), "{error}");
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
    let broken = kept(run).find(|case| matches!(case.status, TestStatus::Errored(_))).unwrap();
    let TestStatus::Errored(problem) = &broken.status else { unreachable!() };
    assert_eq!(problem.message.as_deref(), Some("cannot load this file"));
    // The 5 passes count both tests titled "same title"; the one that took a time is kept.
    assert_eq!(run.plain_passes, 5);
    let same_title = kept(run).find(|case| case.name == "same title").unwrap();
    assert_eq!(same_title.suite.as_deref(), Some("add"));
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
    let hook = kept(run).find(|case| matches!(case.status, TestStatus::Errored(_))).unwrap();
    assert_eq!(hook.suite.as_deref(), Some("database"));
    assert!(hook.name.contains("\"before all\" hook"));
    // The 5 passes count both tests titled "same title".
    assert_eq!(run.plain_passes, 5);
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
    let nested = kept(run).find(|case| case.name == "add nested adds zero").unwrap();
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

fn problem_of<'a>(run: &'a gates_core::model::TestRun, name: &str) -> &'a gates_core::model::Problem {
    let case = run.cases.iter().find(|case| case.name == name).unwrap_or_else(|| panic!("no test {name}"));
    match &case.status {
        TestStatus::Failed(problem) | TestStatus::Errored(problem) => problem,
        other => panic!("{name}: {other:?}"),
    }
}

#[test]
fn trx_counts_each_result_as_its_counters_do_a_data_driven_parent_and_its_rows() {
    // Counters: total 7, executed 6, passed 3, failed 3; the skipped test is the seventh.
    let metrics = metrics_of(&["trx/mstest.trx"]);
    assert_eq!(test_counts(&metrics), [7.0, 3.0, 3.0, 0.0, 1.0, 0.0]);
    assert_eq!(format!("{:.3}", value(&metrics, Metric::TestsDuration)), "2.524");
    assert!(metrics.sources[0].notes.is_empty(), "{:?}", metrics.sources[0].notes);
    let run = metrics.tests.as_ref().unwrap();
    let row = problem_of(run, "InterestIsRoundedToCents (33.33, 0.015, 0.5)");
    assert_eq!(row.message.as_deref(), Some("Assert.AreEqual failed. Expected:<0.5>. Actual:<0.49>."));
    assert!(row.output.as_deref().unwrap().contains("AccountTests.cs:line 48"));
    let skipped = run.cases.iter().find(|case| case.name == "ExportsStatementAsCsv").unwrap();
    assert_eq!(
        skipped.status,
        TestStatus::Skipped { message: Some("CSV export is not written yet".to_owned()) }
    );
    assert_eq!(skipped.classname.as_deref(), Some("Ledger.Tests.StatementTests"));
    assert_eq!(skipped.suite.as_deref(), Some("ledger.tests.dll"));
}

#[test]
fn trx_run_error_is_an_errored_test_and_legacy_outcomes_map_as_documented() {
    // Counters: total 2, passed 2; the crashed test host is a run-level error.
    let metrics = metrics_of(&["trx/host-crash.trx"]);
    assert_eq!(test_counts(&metrics), [3.0, 2.0, 0.0, 1.0, 0.0, 0.0]);
    let crash = problem_of(metrics.tests.as_ref().unwrap(), "[test run]");
    assert!(crash.message.as_deref().unwrap().ends_with("Test host process crashed : Stack overflow."));
    let xunit =
        metrics.tests.as_ref().map(kept).unwrap().find(|case| case.name == "ParsesEmptyStatement").unwrap();
    assert_eq!(xunit.full_name(), "Ledger.Tests.ParserTests.ParsesEmptyStatement");
    // Counters: total 4, passed 1, error 1, timeout 1, inconclusive 1.
    let metrics = metrics_of(&["trx/mstest-outcomes.trx"]);
    assert_eq!(test_counts(&metrics), [4.0, 1.0, 0.0, 2.0, 1.0, 0.0]);
    assert_eq!(value(&metrics, Metric::TestsDuration), 32.5);
    let run = metrics.tests.as_ref().unwrap();
    assert_eq!(problem_of(run, "SettlesOvernightBatch").kind.as_deref(), Some("Timeout"));
    let case = kept(run).find(|case| case.name == "OpensConnection").unwrap();
    assert_eq!(case.classname.as_deref(), Some("Ledger.Integration.DatabaseTests"));
    assert_eq!(case.suite.as_deref(), Some("ledger.integration.dll"));
}

#[test]
fn trx_counters_that_count_fewer_are_a_note_and_more_an_error() {
    let fewer = crate::kit::read("trx/host-crash.trx").replace("passed=\"2\"", "passed=\"1\"");
    let report = crate::kit::parse_str(Format::Trx, &fewer).unwrap();
    assert_eq!(
        report.notes,
        [
            "the TRX's Counters count fewer than its results: passed 1 (the results: 2); the results are counted"
        ]
    );
    let more = crate::kit::read("trx/host-crash.trx").replace("passed=\"2\"", "passed=\"5\"");
    let error = crate::kit::parse_str(Format::Trx, &more).unwrap_err().to_string();
    assert!(error.contains("Counters") && error.contains("passed 5 against 2 results"), "{error}");
}

#[test]
fn nunit3_counts_equal_its_test_run_and_a_suite_teardown_error_is_one_more_test() {
    // test-run: total 12, passed 4, failed 4 (two of them label Error), warnings 1,
    // inconclusive 1, skipped 2 (Ignored, Explicit); DatabaseTests' OneTimeTearDown threw.
    let metrics = metrics_of(&["nunit/nunit3.xml"]);
    assert_eq!(test_counts(&metrics), [13.0, 5.0, 2.0, 3.0, 3.0, 0.0]);
    assert_eq!(value(&metrics, Metric::TestsDuration), 1.284619);
    let run = metrics.tests.as_ref().unwrap();
    let row = problem_of(run, "InterestIsRoundedToCents(33.33m,0.015m,0.5m)");
    assert!(row.message.as_deref().unwrap().starts_with("Expected: 0.5m"));
    assert!(row.output.as_deref().unwrap().contains("AccountTests.cs:line 48"));
    assert_eq!(problem_of(run, "ReadsOpeningBalance").kind.as_deref(), Some("Error"));
    // A OneTimeSetUp failure is its test's error, not one more.
    assert_eq!(problem_of(run, "ImportsBankFile").kind.as_deref(), Some("Error"));
    assert!(!run.cases.iter().any(|case| case.name == "Ledger.Tests.ImportTests"));
    let teardown = problem_of(run, "Ledger.Tests.DatabaseTests");
    assert_eq!(teardown.kind.as_deref(), Some("TearDown"));
    let ignored = run.cases.iter().find(|case| case.name == "ExportsStatementAsCsv").unwrap();
    assert_eq!(
        ignored.status,
        TestStatus::Skipped { message: Some("CSV export is not written yet".to_owned()) }
    );
    assert_eq!(
        (ignored.classname.as_deref(), ignored.suite.as_deref()),
        (Some("Ledger.Tests.StatementTests"), Some("Ledger.Tests.dll"))
    );
}

#[test]
fn nunit3_assembly_that_could_not_load_is_an_error() {
    let metrics = metrics_of(&["nunit/nunit3-not-loaded.xml"]);
    assert_eq!(test_counts(&metrics), [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);
    let problem = problem_of(
        metrics.tests.as_ref().unwrap(),
        "/home/runner/work/ledger/ledger/tests/Ledger.Integration/bin/Debug/net8.0/Ledger.Integration.dll",
    );
    assert!(problem.message.as_deref().unwrap().starts_with("File not found: "));
}

#[test]
fn nunit2_counts_equal_its_test_results_and_names_lose_their_class() {
    // test-results: total 6 (run), errors 1, failures 1, not-run 2 (ignored 1, invalid 1).
    let metrics = metrics_of(&["nunit/nunit2.xml"]);
    assert_eq!(test_counts(&metrics), [8.0, 4.0, 1.0, 2.0, 1.0, 0.0]);
    assert_eq!(value(&metrics, Metric::TestsDuration), 0.412);
    let run = metrics.tests.as_ref().unwrap();
    // Passing tests are counted, not listed; a failing one shows how names are split.
    assert_eq!(run.plain_passes, 4);
    let row = run.cases.iter().find(|case| case.name == "WithdrawBeyondBalanceIsRefused").unwrap();
    assert_eq!(row.classname.as_deref(), Some("Ledger.Tests.AccountTests"));
    assert_eq!(row.suite.as_deref(), Some("Ledger.Tests.dll"));
    assert_eq!(problem_of(run, "PrintsHeader(System.String)").kind.as_deref(), Some("NotRunnable"));
}

#[test]
fn xunit_counts_equal_its_assemblies_and_each_error_is_an_errored_test() {
    // Ledger.Tests.dll: total 7, passed 4, failed 2, skipped 1, errors 1 (a class cleanup);
    // Ledger.Integration.dll: total 0, errors 1 (fatal: it could not load).
    let metrics = metrics_of(&["xunit/xunit.xml"]);
    assert_eq!(test_counts(&metrics), [9.0, 4.0, 2.0, 2.0, 1.0, 0.0]);
    assert_eq!(value(&metrics, Metric::TestsDuration), 0.412);
    let run = metrics.tests.as_ref().unwrap();
    let row = problem_of(run, "InterestIsRoundedToCents(balance: 33.33, rate: 0.015, expected: 0.5)");
    assert_eq!(row.kind.as_deref(), Some("Xunit.Sdk.EqualException"));
    assert!(row.message.as_deref().unwrap().starts_with("Assert.Equal() Failure: Values differ"));
    let cleanup = problem_of(run, "[test-class-cleanup] Ledger.Tests.DatabaseTests");
    assert_eq!(cleanup.kind.as_deref(), Some("System.InvalidOperationException"));
    let fatal = run.cases.iter().find(|case| case.name == "[fatal]").unwrap();
    assert_eq!(fatal.suite.as_deref(), Some("Ledger.Integration.dll"));
    let skipped = run.cases.iter().find(|case| case.name == "ExportsStatementAsCsv").unwrap();
    assert_eq!(
        skipped.status,
        TestStatus::Skipped { message: Some("CSV export is not written yet".to_owned()) }
    );
    assert_eq!(skipped.classname.as_deref(), Some("Ledger.Tests.AccountTests"));
}

#[test]
fn xunit_v3_not_run_tests_are_skipped() {
    // total 3, passed 1, failed 1, not-run 1; messages as plain text, not CDATA.
    let metrics = metrics_of(&["xunit/xunit-v3.xml"]);
    assert_eq!(test_counts(&metrics), [3.0, 1.0, 1.0, 0.0, 1.0, 0.0]);
    let run = metrics.tests.as_ref().unwrap();
    let failed = problem_of(run, "ParsesOneLine(line: \"2026-01-01;10,00\")");
    assert!(failed.output.as_deref().unwrap().contains("ParserTests.cs:line 19"));
}

#[test]
fn opencover_from_coverlet_equals_its_summary() {
    // Summary: 17 sequence points, 11 visited (sequenceCoverage 64.71); 6 branch points, 3 visited.
    let metrics = metrics_of(&["opencover/coverlet.opencover.xml"]);
    let coverage = metrics.coverage.as_ref().unwrap();
    let totals = coverage.totals();
    assert_eq!((totals.lines_covered, totals.lines_valid), (11, 17));
    assert_eq!((totals.branches_covered, totals.branches_valid), (3, 6));
    assert_eq!(format!("{:.2}", value(&metrics, Metric::CoverageLines)), "64.71");
    let account = &coverage.files["/home/runner/work/ledger/ledger/src/Ledger/Account.cs"];
    let line = account.lines().find(|line| line.number == 16).unwrap();
    assert_eq!((line.hits, line.branches_covered, line.branches_valid), (2, 1, 2));
    assert!(metrics.sources[0].notes.is_empty(), "{:?}", metrics.sources[0].notes);
}

#[test]
fn opencover_statements_count_on_their_first_line_and_a_skipped_module_adds_nothing() {
    // Summary: 4 sequence points (2 visited) on lines 30-32, 33 (two), 34; 2 branch points (1).
    let metrics = metrics_of(&["opencover/opencover.xml"]);
    let coverage = metrics.coverage.as_ref().unwrap();
    let file = &coverage.files["C:\\build\\ledger\\src\\Ledger.Reports\\Summary.cs"];
    let lines: Vec<_> = file.lines().map(|line| (line.number, line.hits, line.branches_covered)).collect();
    assert_eq!(lines, [(30, 2, 0), (33, 2, 1), (34, 0, 0)]);
    assert_eq!(coverage.files.len(), 1);
}

#[test]
fn opencover_summary_that_disagrees_is_a_note() {
    let report = crate::kit::read("opencover/opencover.xml").replacen(
        "numSequencePoints=\"4\"",
        "numSequencePoints=\"5\"",
        1,
    );
    let report = crate::kit::parse_str(Format::Opencover, &report).unwrap();
    assert_eq!(report.notes.len(), 1, "{:?}", report.notes);
    assert!(
        report.notes[0].starts_with("the session's Summary counts 5 sequence points"),
        "{:?}",
        report.notes
    );
}

#[test]
fn nunit3_total_may_leave_the_warnings_out() {
    // NUnit 3.7-3.9 wrote `total` as passed + failed + skipped + inconclusive.
    let report = crate::kit::read("nunit/nunit3.xml").replacen("total=\"12\"", "total=\"11\"", 1);
    assert!(crate::kit::parse_str(Format::Nunit, &report).is_ok());
    let report = crate::kit::read("nunit/nunit3.xml").replacen("total=\"12\"", "total=\"10\"", 1);
    let error = crate::kit::parse_str(Format::Nunit, &report).unwrap_err().to_string();
    assert!(error.contains("total 10 (test cases: 12)"), "{error}");
}

fn coverage_totals(relative: &str) -> (u64, u64, u64, u64) {
    let totals = metrics_of(&[relative]).coverage.as_ref().unwrap().totals();
    (totals.lines_covered, totals.lines_valid, totals.branches_covered, totals.branches_valid)
}

#[test]
fn phpunit_clover_lines_equal_phpunits_own_text_report() {
    for (xml, text) in [
        ("clover/phpunit-pcov.xml", "clover/phpunit-pcov.txt"),
        ("clover/phpunit-xdebug.xml", "clover/phpunit-xdebug.txt"),
    ] {
        // PHPUnit's text report: "Lines:   50.00% (10/20)"; method lines are not statements.
        assert!(crate::kit::read(text).contains("Lines:   50.00% (10/20)"), "{text}");
        assert_eq!(coverage_totals(xml), (10, 20, 0, 0), "{xml}");
    }
    let report = parse_path(&crate::kit::testdata("clover/phpunit-pcov.xml"), None).unwrap();
    let report = report.relative_to("/home/runner/work/ledger/ledger");
    let gates_core::model::ReportContent::Coverage(coverage) = report.content else { panic!() };
    let paths: Vec<&str> = coverage.files.keys().map(String::as_str).collect();
    assert_eq!(paths, ["src/Book.php", "src/Money/Amount.php", "src/helpers.php"]);
}

#[test]
fn jest_clover_lines_equal_jests_own_summary_and_its_unplaced_branches_are_noted() {
    // jest's text summary: "Lines : 73.68% ( 28/38 )", "Branches : 62.5% ( 15/24 )". Three of
    // the 24 branches (default parameters on function lines) are on no <line> of the clover file.
    let summary = crate::kit::read("istanbul/jest-coverage.txt");
    assert!(summary.contains("Lines        : 73.68% ( 28/38 )"), "{summary}");
    assert!(summary.contains("Branches     : 62.5% ( 15/24 )"), "{summary}");
    assert_eq!(coverage_totals("clover/jest-clover.xml"), (28, 38, 13, 21));
    let metrics = metrics_of(&["clover/jest-clover.xml"]);
    let note = &metrics.sources[0].notes[0];
    assert!(note.ends_with("the report's own figure is 24 (15 covered)"), "{note}");
}

#[test]
fn istanbul_json_lines_equal_jests_own_summary_and_agree_with_its_clover_line_by_line() {
    assert_eq!(coverage_totals("istanbul/coverage-final.json"), (28, 38, 13, 21));
    let json = metrics_of(&["istanbul/coverage-final.json"]);
    let note = &json.sources[0].notes[0];
    assert!(note.ends_with("istanbul's own figure is 15 of 24"), "{note}");
    // jest's table: cart.js 15/18 lines, pricing.js 10/13, unused.js 1/4, util/round.js 2/3.
    let coverage = json.coverage.as_ref().unwrap();
    let per_file: Vec<(u64, u64)> = coverage
        .files
        .values()
        .map(|file| (file.totals().lines_covered, file.totals().lines_valid))
        .collect();
    assert_eq!(per_file, [(15, 18), (10, 13), (1, 4), (2, 3)]);
    let clover = metrics_of(&["clover/jest-clover.xml"]);
    assert_eq!(clover.coverage.as_ref().unwrap().files, coverage.files);
}

/// SimpleCov's own "Line Coverage: a / b" and "Branch Coverage: c / d" from the totals kept beside a report.
fn simplecov_totals(relative: &str) -> (u64, u64, u64, u64) {
    let text = crate::kit::read(relative);
    let pair = |label: &str| {
        let line = text.lines().find(|line| line.starts_with(label)).unwrap();
        let figures = line.trim_start_matches(label).split('(').next().unwrap();
        let (covered, total) = figures.split_once('/').unwrap();
        (covered.trim().parse::<u64>().unwrap(), total.trim().parse::<u64>().unwrap())
    };
    let (lines, branches) = (pair("Line Coverage:"), pair("Branch Coverage:"));
    (lines.0, lines.1, branches.0, branches.1)
}

#[test]
fn simplecov_coverage_json_equals_simplecovs_own_totals() {
    let own = simplecov_totals("simplecov/merged-resultset.txt");
    assert_eq!(own, (20, 21, 7, 9));
    assert_eq!(coverage_totals("simplecov/merged-coverage.json"), own);
}

#[test]
fn simplecov_resultsets_count_the_nocov_lines_simplecov_leaves_out() {
    // Two lines of a `# :nocov:` method, one of them run: SimpleCov reads the markers from the
    // source, which gates does not. Branches are SimpleCov's own.
    for (report, totals) in [
        ("simplecov/rspec-resultset.json", "simplecov/rspec-resultset.txt"),
        ("simplecov/merged-resultset.json", "simplecov/merged-resultset.txt"),
    ] {
        let (covered, valid, branches_covered, branches_valid) = simplecov_totals(totals);
        assert_eq!(
            coverage_totals(report),
            (covered + 1, valid + 2, branches_covered, branches_valid),
            "{report}"
        );
    }
    assert_eq!(simplecov_totals("simplecov/rspec-resultset.txt"), (18, 21, 6, 9));
    // The two command names of the merged resultset add up line by line.
    let merged = metrics_of(&["simplecov/merged-resultset.json"]);
    let coverage = merged.coverage.as_ref().unwrap();
    let shelf = &coverage.files["/home/runner/work/shelf/shelf/lib/shelf.rb"];
    assert_eq!(shelf.lines().find(|line| line.number == 3).map(|line| line.hits), Some(2));
}

#[test]
fn llvm_cov_export_equals_llvm_cov_reports_own_totals() {
    // tally-report.txt's TOTAL: regions 45 / 9, functions 8 / 1, executed 87.50%, lines 48 / 8,
    // 83.33%, branches 24 / 7, 70.83%.
    let report = crate::kit::read("llvm-cov/tally-report.txt");
    let total: Vec<&str> =
        report.lines().find(|line| line.starts_with("TOTAL")).unwrap().split_whitespace().collect();
    let figure = |at: usize| total[at].parse::<u64>().unwrap();
    let (lines, missed_lines, branches, missed_branches) = (figure(7), figure(8), figure(10), figure(11));
    assert_eq!((lines, missed_lines, branches, missed_branches), (48, 8, 24, 7));
    assert_eq!(
        coverage_totals("llvm-cov/tally.json"),
        (lines - missed_lines, lines, branches - missed_branches, branches)
    );
    let metrics = metrics_of(&["llvm-cov/tally.json"]);
    assert!(metrics.sources[0].notes.is_empty(), "{:?}", metrics.sources[0].notes);
}

#[test]
fn c8_json_and_clover_equal_c8s_own_summary() {
    // c8's text summary: "Lines : 72.22% ( 65/90 )", "Branches : 76.19% ( 16/21 )". V8 coverage
    // gives every line a statement, so no branch is left without a line.
    let summary = crate::kit::read("istanbul/c8-coverage.txt");
    assert!(summary.contains("Lines        : 72.22% ( 65/90 )"), "{summary}");
    assert!(summary.contains("Branches     : 76.19% ( 16/21 )"), "{summary}");
    for path in ["istanbul/c8-coverage-final.json", "clover/c8-clover.xml"] {
        assert_eq!(coverage_totals(path), (65, 90, 16, 21), "{path}");
        assert!(metrics_of(&[path]).sources[0].notes.is_empty(), "{path}");
    }
    let json = metrics_of(&["istanbul/c8-coverage-final.json"]);
    let clover = metrics_of(&["clover/c8-clover.xml"]);
    assert_eq!(json.coverage.as_ref().unwrap().files, clover.coverage.as_ref().unwrap().files);
}

#[test]
fn osv_scanner_counts_a_package_of_two_lock_files_once_and_a_group_as_one_vulnerability() {
    let metrics = metrics_of(&["osv-scanner/osv-scanner.json"]);
    assert_eq!(vulnerability_counts(&metrics), [1.0, 2.0, 2.0, 0.0, 1.0, 6.0]);
    assert_eq!(value(&metrics, Metric::SecurityVulnerablePackages), 5.0);
    let packages = &metrics.dependencies.as_ref().unwrap().packages;
    let requests = packages.iter().find(|package| package.name == "requests").unwrap();
    let gates_core::model::AuditStatus::Audited { vulnerabilities } = &requests.status else { panic!() };
    assert_eq!(vulnerabilities.len(), 1);
    assert!(
        vulnerabilities[0].is_known_as("PYSEC-2023-74") && vulnerabilities[0].is_known_as("CVE-2023-32681")
    );
    assert_eq!(vulnerabilities[0].fix_versions, ["2.31.0"]);
}

#[test]
fn semgrep_results_are_security_findings_by_rule_severity_and_errors_are_scan_errors() {
    let counts = |metrics: &Metrics| {
        [Metric::SecurityHigh, Metric::SecurityMedium, Metric::SecurityLow, Metric::SecurityScanErrors]
            .map(|metric| value(metrics, metric))
    };
    let metrics = metrics_of(&["semgrep/semgrep.json"]);
    assert_eq!(counts(&metrics), [1.0, 2.0, 1.0, 2.0]);
    let shell = &metrics.findings.as_ref().unwrap().items[0];
    let location = shell.location.as_ref().unwrap();
    assert_eq!((location.path.as_str(), location.line, location.column), ("app/ops.py", Some(12), Some(34)));
    assert_eq!(metrics.sources[0].producer.as_deref(), Some("semgrep 1.95.0"));
    assert_eq!(counts(&metrics_of(&["semgrep/semgrep-clean.json"])), [0.0; 4]);
}

#[test]
fn trufflehog_counts_each_secret_verified_ones_high_and_keeps_no_secret() {
    let metrics = metrics_of(&["trufflehog/trufflehog.jsonl"]);
    assert_eq!(value(&metrics, Metric::SecretsFindings), 3.0);
    let findings = &metrics.findings.as_ref().unwrap().items;
    let places: Vec<_> = findings
        .iter()
        .map(|finding| {
            let location = finding.location.as_ref().unwrap();
            (finding.rule.as_str(), finding.severity, location.path.as_str(), location.line)
        })
        .collect();
    use gates_core::model::Level::{High, Medium};
    assert_eq!(
        places,
        [
            ("AWS", Some(Medium), "app/settings.py", Some(4)),
            ("Github", Some(High), "config/deploy.sh", Some(3)),
            ("PrivateKey", Some(Medium), "config/id_rsa", Some(1)),
        ]
    );
    assert_eq!(findings[1].message, "Github secret, verified, in commit c66ee4277bbe");
    let kept = format!("{metrics:?}");
    for secret in crate::licenses_and_secrets::PLANTED_SECRETS {
        assert!(!kept.contains(secret), "kept {secret}");
    }
}

/// The benchmarks of a report, or of a Criterion results directory's saved `baseline`.
fn benchmarks(report: gates_core::Report) -> gates_core::BenchmarkRun {
    match report.content {
        crate::kit::ReportContent::Benchmarks(run) => *run,
        other => panic!("not benchmarks: {other:?}"),
    }
}

/// Criterion's own relative change of a benchmark's mean: `change/estimates.json`.
fn criterion_change(benchmark: &str) -> f64 {
    let text = crate::kit::read(&format!("criterion/target-criterion/{benchmark}/change/estimates.json"));
    let change: serde_json::Value = serde_json::from_str(&text).unwrap();
    change["mean"]["point_estimate"].as_f64().unwrap()
}

#[test]
fn criterion_directory_new_against_base_gives_criterions_own_change() {
    use gates_core::{BenchVerdict, CompareOptions, SignificanceTest, compare_benchmarks};
    let results = crate::kit::testdata("criterion/target-criterion");
    let candidate = benchmarks(parse_path(&results, None).unwrap());
    let baseline = benchmarks(gates_core::criterion_baseline(&results, "base").unwrap());
    // Criterion printed `time: [4.8006 µs 4.8068 µs 4.8132 µs]` (slope) for the slower run;
    // its mean estimate is 4805.93 ns.
    let first = &candidate.benchmarks[0];
    assert_eq!((first.name.as_str(), first.group.as_deref()), ("checksum/1024", Some("checksum")));
    assert_eq!(
        (first.data.as_ref().unwrap().len(), first.stats.rounds, first.stats.iterations),
        (20, 20, None)
    );
    assert!((first.stats.mean - 4805.933655118219e-9).abs() < 1e-18);
    let comparison = compare_benchmarks(&baseline, &candidate, &CompareOptions::default());
    let verdicts: Vec<_> = comparison.rows.iter().map(|row| (row.name.as_str(), row.verdict)).collect();
    // Criterion: +99.687% and +100.23% "Performance has regressed", +0.0089% "No change".
    assert_eq!(
        verdicts,
        [
            ("checksum/16384", BenchVerdict::Regressed),
            ("checksum/1024", BenchVerdict::Regressed),
            ("sum_squares", BenchVerdict::Unchanged),
        ]
    );
    for row in &comparison.rows {
        let ours = row.change_percent.unwrap() / 100.0;
        let criterions = criterion_change(&row.name);
        assert!((ours - criterions).abs() < 1e-12, "{}: gates {ours}, Criterion {criterions}", row.name);
        assert_eq!(row.significance.unwrap().test, SignificanceTest::MannWhitneyU);
    }
    // Criterion's p = 0.00 for the checksums and 0.86 for sum_squares (its own t-test).
    let significant: Vec<bool> =
        comparison.rows.iter().map(|row| row.significance.unwrap().significant).collect();
    assert_eq!(significant, [true, true, false]);
}

#[test]
fn cargo_criterion_messages_give_its_own_change() {
    use gates_core::{CompareOptions, compare_benchmarks};
    let baseline = benchmarks(crate::kit::report("criterion/cargo-criterion-base.jsonl", None));
    let report = crate::kit::report("criterion/cargo-criterion-slower.jsonl", None);
    assert_eq!((report.format, report.producer.as_deref()), (Format::Criterion, Some("cargo-criterion")));
    let candidate = benchmarks(report);
    let comparison = compare_benchmarks(&baseline, &candidate, &CompareOptions::default());
    let text = crate::kit::read("criterion/cargo-criterion-slower.jsonl");
    let changes: Vec<(String, f64)> = text
        .lines()
        .map(|line| serde_json::from_str::<serde_json::Value>(line).unwrap())
        .filter(|message| message["reason"] == "benchmark-complete")
        .map(|message| {
            (
                message["id"].as_str().unwrap().to_owned(),
                message["change"]["mean"]["estimate"].as_f64().unwrap(),
            )
        })
        .collect();
    // cargo-criterion printed +100.04%, +100.17% and -0.0853%.
    assert_eq!(changes.len(), 3);
    for (id, change) in changes {
        let row = comparison.rows.iter().find(|row| row.name == id).unwrap();
        let ours = row.change_percent.unwrap() / 100.0;
        assert!((ours - change).abs() < 1e-12, "{id}: gates {ours}, cargo-criterion {change}");
    }
    assert_eq!(comparison.regressions(), 2);
}

#[test]
fn criterion_directories_that_cannot_be_read_are_refused_naming_the_file() {
    let shown = |error: gates_core::ReportError| {
        error.to_string().replace(&format!("{}/", crate::kit::testdata_root().display()), "testdata/")
    };
    let refused = |relative: &str| shown(parse_path(&crate::kit::testdata(relative), None).unwrap_err());
    assert_eq!(
        refused("criterion/invalid/sample-lengths-differ"),
        "testdata/criterion/invalid/sample-lengths-differ/parse/new/sample.json is not valid Criterion.rs \
         results: 20 iteration counts for 19 measured values; the report contradicts itself"
    );
    assert_eq!(
        refused("criterion/invalid/estimates-cut-short"),
        "testdata/criterion/invalid/estimates-cut-short/parse/new/estimates.json is not valid Criterion.rs \
         results: line 1, column 300 (median.confidence_interval): malformed JSON: EOF while parsing a string"
    );
    assert_eq!(
        refused("pytest-benchmark"),
        "testdata/pytest-benchmark is not a Criterion results directory to read: no benchmark directory below it \
         (Criterion writes <benchmark>/new/benchmark.json)"
    );
    let results = crate::kit::testdata("criterion/target-criterion");
    assert_eq!(
        shown(gates_core::criterion_baseline(&results, "main").unwrap_err()),
        "testdata/criterion/target-criterion is not a Criterion results directory to read: none of its 3 \
         benchmarks has a `main` folder (folders found: base, new)"
    );
    assert_eq!(
        shown(parse_path(&results, Some(Format::PytestBenchmark)).unwrap_err()),
        "testdata/criterion/target-criterion is not a Criterion results directory to read: it is a directory, \
         and pytest-benchmark JSON is read from a file"
    );
}

#[test]
fn hyperfine_relative_mean_equals_hyperfines_own_ratio() {
    use gates_core::{BenchVerdict, CompareOptions, compare_benchmarks};
    // One hyperfine run of both variants: it printed "checksum (main) ran 1.98 ± 0.03 times
    // faster than checksum (branch)" (relative.md: `1.98 ± 0.03`).
    let mut both = benchmarks(crate::kit::report("hyperfine/relative.json", None)).benchmarks;
    let mut branch = both.pop().unwrap();
    let main = both.pop().unwrap();
    assert_eq!((main.name.as_str(), branch.name.as_str()), ("checksum (main)", "checksum (branch)"));
    branch.name = main.name.clone();
    let baseline = gates_core::BenchmarkRun::new(vec![main]);
    let candidate = gates_core::BenchmarkRun::new(vec![branch]);
    let row = &compare_benchmarks(&baseline, &candidate, &CompareOptions::default()).rows[0];
    let ratio = 1.0 + row.change_percent.unwrap() / 100.0;
    assert_eq!(format!("{ratio:.2}"), "1.98");
    assert!(crate::kit::read("hyperfine/relative.md").contains(&format!("| {ratio:.2} ± 0.03 |")));
    assert_eq!(row.verdict, BenchVerdict::Regressed);
    // hyperfine's ± is the ratio's error propagated from both standard deviations.
    let (before, after) = (&baseline.benchmarks[0].stats, &candidate.benchmarks[0].stats);
    let spread = ratio * ((before.stddev / before.mean).powi(2) + (after.stddev / after.mean).powi(2)).sqrt();
    assert_eq!(format!("{spread:.2}"), "0.03");
}

#[test]
fn hyperfine_baseline_and_candidate_compare_by_command_name() {
    use gates_core::{BenchVerdict, CompareOptions, SignificanceTest, compare_benchmarks};
    let baseline = benchmarks(crate::kit::report("hyperfine/baseline.json", None));
    let candidate = benchmarks(crate::kit::report("hyperfine/candidate.json", None));
    // hyperfine printed `Time (mean ± σ): 43.0 ms ± 1.4 ms` and `82.6 ms ± 0.6 ms` for checksum,
    // 352.8 ms ± 1.5 ms and 353.8 ms ± 2.0 ms for compress.
    let shown = |run: &gates_core::BenchmarkRun| -> Vec<String> {
        run.benchmarks
            .iter()
            .map(|benchmark| {
                format!("{:.1} ± {:.1}", benchmark.stats.mean * 1e3, benchmark.stats.stddev * 1e3)
            })
            .collect()
    };
    assert_eq!(shown(&baseline), ["43.0 ± 1.4", "352.8 ± 1.5"]);
    assert_eq!(shown(&candidate), ["82.6 ± 0.6", "353.8 ± 2.0"]);
    let comparison = compare_benchmarks(&baseline, &candidate, &CompareOptions::default());
    let rows: Vec<_> = comparison
        .rows
        .iter()
        .map(|row| (row.name.as_str(), format!("{:+.2}", row.change_percent.unwrap()), row.verdict))
        .collect();
    assert_eq!(
        rows,
        [
            ("checksum", "+92.00".to_owned(), BenchVerdict::Regressed),
            ("compress", "+0.27".to_owned(), BenchVerdict::Unchanged)
        ]
    );
    let checksum = comparison.rows[0].significance.unwrap();
    assert_eq!((checksum.test, checksum.significant), (SignificanceTest::MannWhitneyU, true));

    // After a single run hyperfine writes `"stddev": null`; it printed `Time (abs ≡): 44.7 ms`.
    let one = benchmarks(crate::kit::report("hyperfine/one-run.json", None));
    let stats = &one.benchmarks[0].stats;
    assert_eq!((format!("{:.1}", stats.mean * 1e3), stats.stddev, stats.rounds), ("44.7".to_owned(), 0.0, 1));
}

#[test]
fn go_bench_units_are_benchmarks_and_count_lines_are_samples() {
    use gates_core::model::Direction;
    use gates_core::{BenchVerdict, CompareOptions, compare_benchmarks};
    let baseline = benchmarks(crate::kit::report("go-bench/base.txt", None));
    let candidate = benchmarks(crate::kit::report("go-bench/slower.txt", None));
    let machine = &baseline.machine;
    assert_eq!(
        (machine.system.as_deref(), machine.machine.as_deref(), machine.cpu.as_deref()),
        (Some("linux"), Some("amd64"), Some("Intel(R) Xeon(R) Processor"))
    );
    let join = &baseline.benchmarks[0];
    assert_eq!(
        (join.name.as_str(), join.group.as_deref(), join.setup.threads),
        ("shapes.BenchmarkJoin", Some("example.com/shapes"), Some(2))
    );
    // Go printed 2449, 2314, 2284, 2321 and 2350 ns/op for BenchmarkJoin-2.
    assert_eq!(join.data.as_deref(), Some(&[2449.0, 2314.0, 2284.0, 2321.0, 2350.0][..]));
    assert!((join.stats.mean - 2343.6).abs() < 1e-9);
    let comparison = compare_benchmarks(&baseline, &candidate, &CompareOptions::default());
    let rows: Vec<_> = comparison
        .rows
        .iter()
        .map(|row| {
            let name = row.name.trim_start_matches("shapes.");
            (
                name,
                row.unit.as_deref().unwrap(),
                row.change_percent.map_or("none".to_owned(), |change| format!("{change:+.1}")),
                row.verdict,
            )
        })
        .collect();
    let (regressed, unchanged) = (BenchVerdict::Regressed, BenchVerdict::Unchanged);
    // Means of Go's own lines: BenchmarkJoin 2343.6 → 5563.8 ns/op, 2240 → 4480 B/op, 108 → 216
    // allocs/op (SLOW=1 joins twice); BenchmarkCopy 53208.97…53134.80 MB/s → 53183.86…53303.65.
    assert_eq!(
        rows[..3],
        [
            ("BenchmarkJoin", "ns/op", "+137.4".to_owned(), regressed),
            ("BenchmarkJoin B/op", "B/op", "+100.0".to_owned(), regressed),
            ("BenchmarkJoin allocs/op", "allocs/op", "+100.0".to_owned(), regressed),
        ]
    );
    assert!(rows[3..].iter().all(|(_, _, _, verdict)| *verdict == unchanged), "{rows:?}");
    let rate = comparison.rows.iter().find(|row| row.unit.as_deref() == Some("MB/s")).unwrap();
    assert_eq!(
        (rate.direction, format!("{:+.2}", rate.change_percent.unwrap())),
        (Direction::HigherIsBetter, "+0.44".to_owned())
    );
    assert!(comparison.machine_mismatch.is_empty() && comparison.setup_mismatch.is_empty());
}

/// Google Benchmark's `_mean` aggregate of each figure, keyed as gates names the figures.
fn google_benchmark_means(relative: &str) -> Vec<(String, f64)> {
    let report: serde_json::Value = serde_json::from_str(&crate::kit::read(relative)).unwrap();
    let mut means = Vec::new();
    for row in report["benchmarks"].as_array().unwrap() {
        if row["aggregate_name"] != "mean" {
            continue;
        }
        let name = row["run_name"].as_str().unwrap();
        means.push((name.to_owned(), row["real_time"].as_f64().unwrap()));
        means.push((format!("{name} CPU"), row["cpu_time"].as_f64().unwrap()));
        for (key, unit) in [("bytes_per_second", "bytes/s"), ("items_per_second", "items/s")] {
            if let Some(rate) = row[key].as_f64() {
                means.push((format!("{name} {unit}"), rate));
            }
        }
    }
    means
}

#[test]
fn google_benchmark_repetitions_give_its_own_means_and_their_change() {
    use gates_core::{BenchVerdict, CompareOptions, compare_benchmarks};
    let baseline = benchmarks(crate::kit::report("google-benchmark/base.json", None));
    let candidate = benchmarks(crate::kit::report("google-benchmark/slower.json", None));
    assert_eq!(
        (baseline.machine.node.as_deref(), baseline.machine.cpu.as_deref()),
        (Some("vm"), Some("2 × 2600 MHz"))
    );
    let base_means = google_benchmark_means("google-benchmark/base.json");
    let slower_means = google_benchmark_means("google-benchmark/slower.json");
    assert_eq!(base_means.len(), 9);
    for (run, means) in [(&baseline, &base_means), (&candidate, &slower_means)] {
        for (key, mean) in means {
            let benchmark = run.benchmarks.iter().find(|benchmark| &benchmark.name == key).unwrap();
            assert_eq!(benchmark.stats.rounds, 5, "{key}");
            assert!(
                (benchmark.stats.mean - mean).abs() <= 1e-9 * mean,
                "{key}: gates {}, Google Benchmark {mean}",
                benchmark.stats.mean
            );
        }
    }
    let comparison = compare_benchmarks(&baseline, &candidate, &CompareOptions::default());
    for (key, before) in &base_means {
        let after = slower_means.iter().find(|(name, _)| name == key).unwrap().1;
        let row = comparison.rows.iter().find(|row| &row.name == key).unwrap();
        let change = row.change_percent.unwrap();
        assert!((change - (after / before * 100.0 - 100.0)).abs() < 1e-9, "{key}: {change}");
    }
    let verdict = |key: &str| comparison.rows.iter().find(|row| row.name == key).unwrap().verdict;
    // SLOW=1 sums twice: CPU time doubles and the bytes per second halve, both regressions.
    assert_eq!(verdict("BM_Accumulate/16384 CPU"), BenchVerdict::Regressed);
    assert_eq!(verdict("BM_Accumulate/16384 bytes/s"), BenchVerdict::Regressed);
    let rate = comparison.rows.iter().find(|row| row.name == "BM_Accumulate/16384 bytes/s").unwrap();
    assert!(rate.change_percent.unwrap() < -50.0 && rate.unit.as_deref() == Some("bytes/s"));
}

#[test]
fn jmh_scores_are_the_means_and_throughput_regresses_when_it_falls() {
    use gates_core::model::Direction;
    use gates_core::{BenchVerdict, CompareOptions, compare_benchmarks};
    let baseline = benchmarks(crate::kit::report("jmh/baseline.json", None));
    let candidate = benchmarks(crate::kit::report("jmh/candidate.json", None));
    assert_eq!(baseline.machine.toolchain.as_deref(), Some("OpenJDK 64-Bit Server VM 21.0.5"));
    // JMH's own `score`s (testdata/jmh/README.md).
    let scores: Vec<_> =
        baseline.benchmarks.iter().map(|benchmark| (benchmark.name.as_str(), benchmark.stats.mean)).collect();
    assert_eq!(
        scores,
        [
            ("org.example.codec.JsonBench.encode[size=100]", 1201002.0515518996),
            ("org.example.codec.JsonBench.encode[size=100] gc.alloc.rate.norm", 47.9999567),
            ("org.example.codec.JsonBench.decode", 2.5189412),
        ]
    );
    let comparison = compare_benchmarks(&baseline, &candidate, &CompareOptions::default());
    let rows: Vec<_> = comparison
        .rows
        .iter()
        .map(|row| {
            (
                row.name.trim_start_matches("org.example.codec.JsonBench."),
                row.unit.as_deref().unwrap(),
                row.direction,
                format!("{:+.2}", row.change_percent.unwrap()),
                row.verdict,
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            (
                "encode[size=100] gc.alloc.rate.norm",
                "B/op",
                Direction::LowerIsBetter,
                "+100.00".to_owned(),
                BenchVerdict::Regressed
            ),
            (
                "encode[size=100]",
                "ops/s",
                Direction::HigherIsBetter,
                "-25.30".to_owned(),
                BenchVerdict::Regressed
            ),
            ("decode", "us/op", Direction::LowerIsBetter, "+1.20".to_owned(), BenchVerdict::Unchanged),
        ]
    );
}

#[test]
fn pip_outdated_counts_packages_behind_and_those_a_major_version_behind() {
    let metrics = metrics_of(&["pip-outdated/pip-outdated.json"]);
    assert_eq!(
        (value(&metrics, Metric::DepsOutdated), value(&metrics, Metric::DepsOutdatedMajor)),
        (9.0, 7.0)
    );
    let urllib3 =
        metrics.outdated.as_ref().unwrap().packages.iter().find(|package| package.name == "urllib3").unwrap();
    assert_eq!((urllib3.current.as_deref(), urllib3.latest.as_str()), (Some("1.26.5"), "2.8.0"));
    let minor: Vec<&str> = metrics
        .outdated
        .as_ref()
        .unwrap()
        .packages
        .iter()
        .filter(|package| !package.major_behind())
        .map(|package| package.name.as_str())
        .collect();
    assert_eq!(minor, ["requests", "six"]);
    let none = metrics_of(&["pip-outdated/pip-outdated-none.json"]);
    assert_eq!((value(&none, Metric::DepsOutdated), value(&none, Metric::DepsOutdatedMajor)), (0.0, 0.0));
}

#[test]
fn npm_outdated_counts_every_listed_package_installed_or_not() {
    let metrics = metrics_of(&["npm-outdated/npm-outdated.json"]);
    assert_eq!(
        (value(&metrics, Metric::DepsOutdated), value(&metrics, Metric::DepsOutdatedMajor)),
        (4.0, 2.0)
    );
    let missing = metrics_of(&["npm-outdated/npm-outdated-not-installed.json"]);
    assert_eq!(
        (value(&missing, Metric::DepsOutdated), value(&missing, Metric::DepsOutdatedMajor)),
        (5.0, 3.0)
    );
    let semver =
        missing.outdated.as_ref().unwrap().packages.iter().find(|package| package.name == "semver").unwrap();
    assert_eq!((semver.current.as_deref(), semver.wanted.as_deref()), (None, Some("5.7.3")));
    // Nothing outdated is `{}`, which only --input names.
    let empty = crate::kit::parse_str(Format::NpmOutdated, "{}\n").unwrap();
    let mut nothing = Metrics::new();
    nothing.add("npm-outdated.json", empty);
    assert_eq!(value(&nothing, Metric::DepsOutdated), 0.0);
    assert!(crate::kit::sniff(b"{}").is_err());
}

#[test]
fn cargo_outdated_counts_rows_with_a_newer_version_and_notes_the_removed_ones() {
    let counts =
        |metrics: &Metrics| (value(metrics, Metric::DepsOutdated), value(metrics, Metric::DepsOutdatedMajor));
    let full = metrics_of(&["cargo-outdated/cargo-outdated.json"]);
    assert_eq!(counts(&full), (5.0, 4.0));
    let source = full.sources.first().unwrap();
    assert_eq!(source.format, Format::CargoOutdated);
    assert_eq!(
        source.notes,
        ["20 dependencies the newer versions of their parents no longer use (`Removed`) are not counted"]
    );
    let packages = &full.outdated.as_ref().unwrap().packages;
    let serde = packages.iter().find(|package| package.name == "serde").unwrap();
    assert_eq!(
        (serde.current.as_deref(), serde.wanted.as_deref(), serde.latest.as_str()),
        (Some("1.0.100"), Some("1.0.229"), "1.0.229")
    );
    assert!(!serde.major_behind());
    let getrandom = packages.iter().find(|package| package.name == "rand->getrandom").unwrap();
    assert_eq!((getrandom.current.as_deref(), getrandom.latest.as_str()), (Some("0.1.16"), "0.4.3"));
    assert_eq!(counts(&metrics_of(&["cargo-outdated/cargo-outdated-root-deps.json"])), (3.0, 2.0));
    // One line per workspace member, every line read.
    let workspace = metrics_of(&["cargo-outdated/cargo-outdated-workspace.json"]);
    assert_eq!(counts(&workspace), (3.0, 3.0));
    let names: Vec<&str> =
        workspace.outdated.as_ref().unwrap().packages.iter().map(|package| package.name.as_str()).collect();
    assert_eq!(names, ["itoa", "semver", "log"]);
    assert_eq!(counts(&metrics_of(&["cargo-outdated/cargo-outdated-none.json"])), (0.0, 0.0));
}

#[test]
fn custom_benchmark_lists_take_their_direction_from_the_format_named() {
    use gates_core::{BenchVerdict, CompareOptions, compare_benchmarks};
    let compared = |format: Format, base: &str, candidate: &str| {
        let read =
            |name: &str| benchmarks(crate::kit::report(&format!("custom-bench/{name}.json"), Some(format)));
        let comparison = compare_benchmarks(&read(base), &read(candidate), &CompareOptions::default());
        let rows: Vec<(String, String, BenchVerdict)> = comparison
            .rows
            .iter()
            .map(|row| (row.name.clone(), format!("{:+.1}", row.change_percent.unwrap()), row.verdict))
            .collect();
        rows
    };
    // 412.5 → 455.1 KB is +10.3%, 183 → 240 ms +31.1%: smaller is better, so both are worse.
    assert_eq!(
        compared(Format::CustomSmallerIsBetter, "smaller-base", "smaller-candidate"),
        [
            ("cold start".to_owned(), "+31.1".to_owned(), BenchVerdict::Regressed),
            ("bundle size (gzip)".to_owned(), "+10.3".to_owned(), BenchVerdict::Warn),
        ]
    );
    // 15230 → 11900 req/s is -21.9%: bigger is better, so a regression.
    assert_eq!(
        compared(Format::CustomBiggerIsBetter, "bigger-base", "bigger-candidate"),
        [
            ("requests per second".to_owned(), "-21.9".to_owned(), BenchVerdict::Regressed),
            ("cache hit ratio".to_owned(), "+0.6".to_owned(), BenchVerdict::Unchanged),
        ]
    );
    let sniffed = parse_path(&crate::kit::testdata("custom-bench/smaller-base.json"), None).unwrap_err();
    assert!(
        sniffed.to_string().contains("name its format, custom-smaller-is-better or custom-bigger-is-better"),
        "{sniffed}"
    );
    for (case, message) in [
        ("truncated", "line 7, column 17 ([0].extra): malformed JSON: EOF while parsing a string"),
        ("value-as-text", "line 12, column 21 ([1].value): invalid type: string \"183 ms\", expected f64"),
    ] {
        let path = crate::kit::testdata(&format!("custom-bench/invalid/{case}.json"));
        let error = parse_path(&path, Some(Format::CustomSmallerIsBetter)).unwrap_err().to_string();
        assert!(error.ends_with(message), "{case}: {error}");
    }
}

#[test]
fn bencher_metric_format_measures_give_units_and_directions() {
    use gates_core::model::Direction;
    use gates_core::{BenchVerdict, CompareOptions, compare_benchmarks};
    let baseline = benchmarks(crate::kit::report("bmf/base.json", None));
    let candidate = benchmarks(crate::kit::report("bmf/candidate.json", None));
    let comparison = compare_benchmarks(&baseline, &candidate, &CompareOptions::default());
    let rows: Vec<_> = comparison
        .rows
        .iter()
        .map(|row| {
            (
                row.name.as_str(),
                row.unit.as_deref(),
                row.direction,
                format!("{:+.2}", row.change_percent.unwrap()),
                row.verdict,
            )
        })
        .collect();
    let (lower, higher) = (Direction::LowerIsBetter, Direction::HigherIsBetter);
    assert_eq!(
        rows,
        [
            ("parse/small", Some("ns"), lower, "+30.13".to_owned(), BenchVerdict::Regressed),
            ("parse/small throughput", Some("ops/s"), higher, "-23.15".to_owned(), BenchVerdict::Regressed),
            ("cargo build --release build-time", None, lower, "+3.93".to_owned(), BenchVerdict::Unchanged),
            ("parse/large", Some("ns"), lower, "+0.91".to_owned(), BenchVerdict::Unchanged),
            (
                "gates (release binary) file-size",
                Some("B"),
                lower,
                "+0.64".to_owned(),
                BenchVerdict::Unchanged
            ),
        ]
    );
}

#[test]
fn benchmarkdotnet_statistics_are_the_figures_and_original_values_the_samples() {
    use gates_core::{BenchVerdict, CompareOptions, compare_benchmarks};
    let baseline = benchmarks(crate::kit::report("benchmarkdotnet/LedgerBench-base-report-full.json", None));
    let candidate =
        benchmarks(crate::kit::report("benchmarkdotnet/LedgerBench-candidate-report-full.json", None));
    assert_eq!(
        (baseline.machine.cpu.as_deref(), baseline.machine.toolchain.as_deref()),
        (Some("AMD EPYC 7763 2.45GHz"), Some(".NET 8.0.11 (8.0.1124.51707)"))
    );
    // BenchmarkDotNet's `Statistics.Mean` in ns, and `BytesAllocatedPerOperation`.
    let post = &baseline.benchmarks[0];
    assert_eq!(
        (post.name.as_str(), post.stats.rounds),
        ("Inventory.Benchmarks.LedgerBench.Post(Entries: 100)", 15)
    );
    assert!((post.stats.mean - 2410.741626666667e-9).abs() < 1e-20);
    let comparison = compare_benchmarks(&baseline, &candidate, &CompareOptions::default());
    let rows: Vec<_> = comparison
        .rows
        .iter()
        .map(|row| {
            let name = row.name.trim_start_matches("Inventory.Benchmarks.LedgerBench.");
            (name, row.change_percent.map(|change| format!("{change:+.2}")), row.verdict)
        })
        .collect();
    let some = |text: &str| Some(text.to_owned());
    assert_eq!(
        rows,
        [
            ("Post(Entries: 100) allocated", some("+100.00"), BenchVerdict::Regressed),
            ("Post(Entries: 100)", some("+31.35"), BenchVerdict::Regressed),
            ("Find", some("-1.80"), BenchVerdict::Unchanged),
            ("Find allocated", None, BenchVerdict::Unchanged),
        ]
    );
}

fn slowest_of(xml: &str) -> Vec<(String, f64, u32)> {
    let report = parse_reader(Format::Junit, xml.as_bytes()).unwrap_or_else(|error| panic!("{error}"));
    let mut metrics = Metrics::new();
    metrics.add("inline.xml", report);
    let run = metrics.tests.as_ref().unwrap();
    run.slowest(10).iter().map(|case| (case.name.clone(), case.time_s.unwrap(), case.attempts)).collect()
}

#[test]
fn the_slowest_tests_are_known_though_passes_are_only_counted() {
    let passes: String = (1..=30)
        .map(|at| format!(r#"<testcase classname="c" name="t{at}" time="{}"/>"#, (at * 7) % 31))
        .collect();
    let xml = format!(
        r#"<testsuite name="s">{passes}<testcase classname="c" name="broken" time="20.5"><failure/></testcase></testsuite>"#
    );
    let slowest = slowest_of(&xml);
    let times: Vec<f64> = slowest.iter().map(|(_, time, _)| *time).collect();
    assert_eq!(times, [30.0, 29.0, 28.0, 27.0, 26.0, 25.0, 24.0, 23.0, 22.0, 21.0]);
    let with_failure = slowest_of(&xml.replace(r#"time="20.5""#, r#"time="26.5""#));
    assert_eq!(with_failure.get(4).map(|(name, ..)| name.as_str()), Some("broken"));
}

#[test]
fn a_pytest_rerun_is_one_slow_test_timed_by_its_final_attempt() {
    // pytest-rerunfailures: each failed attempt is an empty element, the last one is the outcome.
    let xml = r#"<testsuites name="pytest tests"><testsuite name="pytest">
        <testcase classname="c" name="flaky" time="9.0"/>
        <testcase classname="c" name="flaky" time="2.0"/>
        <testcase classname="c" name="steady" time="3.0"/>
    </testsuite></testsuites>"#;
    assert_eq!(slowest_of(xml), [("steady".to_owned(), 3.0, 1), ("flaky".to_owned(), 2.0, 2)]);
}

//! JSON reports are read strictly: the keys of their format, no object from an array, no file
//! content quoted in errors, and `[]` told by the file name.

use std::fs;

use super::{gates, gates_in, gates_keeping_secret, repo, temp_file};

/// A real report of every JSON format in testdata/, under its `--input` name.
const REAL_REPORTS: &[(&str, &str)] = &[
    ("bandit", "testdata/bandit/bandit.json"),
    ("coveragepy-json", "testdata/coveragepy-json/coverage-py.json"),
    ("pip-audit", "testdata/pip-audit/pip-audit.json"),
    ("radon-cc", "testdata/radon/cc.json"),
    ("radon-mi", "testdata/radon/mi.json"),
    ("radon-raw", "testdata/radon/raw.json"),
    ("ruff", "testdata/ruff/ruff.json"),
    ("pylint", "testdata/pylint/pylint.json"),
    ("pytest-benchmark", "testdata/pytest-benchmark/baseline.json"),
    ("pip-licenses", "testdata/pip-licenses/pip-licenses.json"),
    ("cargo-metadata", "testdata/cargo-metadata/cargo-metadata.json"),
    ("gitleaks", "testdata/gitleaks/gitleaks.json"),
    ("sarif", "testdata/sarif/bandit.sarif"),
    ("go-test-json", "testdata/go-test-json/passing.jsonl"),
];

const ALL_FORMATS: &[&str] = &[
    "cobertura",
    "jacoco",
    "lcov",
    "coveragepy-json",
    "junit",
    "bandit",
    "sarif",
    "pip-audit",
    "safety",
    "radon-cc",
    "radon-mi",
    "radon-raw",
    "ruff",
    "mypy",
    "mypy-json",
    "flake8",
    "pylint",
    "pytest-benchmark",
    "pip-licenses",
    "cargo-metadata",
    "gitleaks",
    "go-test-json",
    "go-cover",
];

fn refused(args: &[&str]) -> String {
    let run = gates(args);
    assert_eq!(run.code, 2, "{args:?} must be refused:\n{}", run.transcript());
    assert!(run.stdout.is_empty(), "no verdict may be printed: {}", run.transcript());
    run.stderr
}

#[test]
fn an_array_where_an_object_belongs_is_refused_at_its_place() {
    // The message of every case in testdata/*/invalid/ is a snapshot in gates-core's tests
    // (tests/core/fixtures.rs); here, that the command prints it and exits 2.
    let path = "testdata/bandit/invalid/array-for-object.json";
    let stderr = refused(&["check", "--input", &format!("bandit={path}")]);
    assert_eq!(
        stderr,
        format!(
            "error: {path} is not valid bandit JSON: line 1, column 15 (results[0]): invalid type: sequence, expected struct BanditResult\n"
        )
    );
}

#[test]
fn safety_needs_its_own_report() {
    let missing_meta =
        "is not valid Safety JSON: missing key `report_meta`: not the report of `safety check --json`\n";
    let (_empty_dir, empty) = temp_file("safety.json", "{}\n");
    assert_eq!(
        refused(&["check", "--input", &format!("safety={empty}")]),
        format!("error: {empty} {missing_meta}")
    );

    let bandit = "testdata/bandit/bandit.json";
    assert_eq!(
        refused(&["check", "--input", &format!("safety={bandit}")]),
        format!("error: {bandit} {missing_meta}")
    );

    let (_error_dir, error) = temp_file("safety.json", "{\"error\": \"bad API key\"}\n");
    assert_eq!(
        refused(&["check", "--input", &format!("safety={error}")]),
        format!(
            "error: {error} is not valid Safety JSON: Safety reported an error instead of a report: bad API key\n"
        )
    );
}

#[test]
fn every_json_kind_refuses_another_formats_report_and_an_empty_object() {
    for (own_kind, own_report) in REAL_REPORTS {
        let run = gates(&["check", "--input", &format!("{own_kind}={own_report}")]);
        assert_ne!(run.code, 2, "{own_kind} must read its own report:\n{}", run.transcript());
    }
    let kinds = REAL_REPORTS.iter().map(|(kind, _)| *kind).chain(["safety", "mypy-json"]);
    let (_dir, empty_object) = temp_file("report.json", "{}\n");
    for kind in kinds {
        for (other_kind, report) in REAL_REPORTS.iter().filter(|(other, _)| *other != kind) {
            let stderr = refused(&["check", "--input", &format!("{kind}={report}")]);
            assert!(
                stderr.starts_with(&format!("error: {report} is not valid ")),
                "{kind} <- {other_kind}: {stderr}"
            );
        }
        // radon writes `{}` for a tree without Python files: a report of nothing measured.
        refused(&["check", "--input", &format!("{kind}={empty_object}")]);
    }
}

#[test]
fn errors_never_print_a_secret_from_the_file() {
    let secret = "ghp_abcdefghijklmnopqrstuvwxyz0123456789";
    let (_dir, env_file) = temp_file("secrets.env", &format!("T={secret}\n"));
    for kind in ALL_FORMATS {
        let run =
            gates_keeping_secret(&["check", "--input", &format!("{kind}={env_file}")], &[], &[], secret);
        assert_eq!(run.code, 2, "{kind}: {}", run.transcript());
        assert!(run.stderr.contains("secrets.env is not valid "), "{kind}: {}", run.stderr);
    }
    let run = gates_keeping_secret(&["check", &env_file], &[], &[], secret);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(run.stderr.contains("cannot tell what kind of report"), "{}", run.stderr);

    // LCOV names the record, not the value.
    let (_count_dir, count) =
        temp_file("lcov.info", &format!("TN:\nSF:a.py\nDA:1,{secret}\nend_of_record\n"));
    let run = gates_keeping_secret(&["check", &count], &[], &[], secret);
    assert!(
        run.stderr.ends_with(
            "lcov.info is not valid LCOV: line 3, column 6 (record[1](\"a.py\")): expected a whole number of hits, found other text\n"
        ),
        "{}",
        run.transcript()
    );
    let (_line_dir, line) = temp_file("lcov.info", &format!("TN:\nSF:a.py\n{secret}\nend_of_record\n"));
    let run = gates_keeping_secret(&["check", "--input", &format!("lcov={line}")], &[], &[], secret);
    assert!(
        run.stderr.ends_with(
            "lcov.info is not valid LCOV: line 3, column 1 (record[1](\"a.py\")): expected an LCOV record such as `SF:<path>`, `DA:<line>,<count>` or `end_of_record`, but line 3 is not\n"
        ),
        "{}",
        run.transcript()
    );
}

#[test]
fn an_empty_list_is_a_clean_run_when_the_file_name_tells_the_tool() {
    for (name, tool, gate) in [
        ("ruff.json", "ruff", "No lint violations"),
        ("pylint-report.json", "pylint", "No lint violations"),
        ("gitleaks.json", "gitleaks", "No secrets in the code"),
    ] {
        let (_dir, path) = temp_file(name, "[]\n");
        let run = gates(&["check", "--format", "json", &path]);
        assert_eq!(run.code, 0, "{}", run.transcript());
        assert_eq!(
            run.stderr,
            format!(
                "note: {path}: the report is an empty list, which any of several tools may write: read as {tool} JSON from its file name\n"
            )
        );
        let verdict = run.json();
        let gates = verdict["gates"].as_array().unwrap();
        let status = gates.iter().find(|entry| entry["name"] == gate).map(|entry| &entry["status"]);
        assert_eq!(status, Some(&serde_json::json!("pass")), "{name}: {}", run.stdout);
    }

    let (_dir, other) = temp_file("other.json", "[]\n");
    let stderr = refused(&["check", &other]);
    assert!(
        stderr.starts_with(&format!(
            "error: cannot tell what kind of report {other} is: an empty JSON list (ruff, pylint and gitleaks write `[]` when clean"
        )),
        "{stderr}"
    );
}

#[test]
fn init_names_the_format_of_a_report_only_its_name_tells_and_the_command_runs() {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(repo().join("testdata/cobertura/coverage-py-nobranch.xml"), dir.path().join("coverage.xml"))
        .unwrap();
    fs::write(dir.path().join("ruff.json"), "[]\n").unwrap();
    fs::write(dir.path().join("pylint-report.json"), "[]\n").unwrap();
    let run = gates_in(dir.path(), &["init"], &[]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let suggested = "gates check coverage.xml --input pylint=pylint-report.json --input ruff=ruff.json";
    assert!(run.stdout.ends_with(&format!("check with:\n  {suggested}\n")), "{}", run.stdout);

    let args: Vec<&str> = suggested.split(' ').skip(1).collect();
    let check = gates_in(dir.path(), &args, &[]);
    assert_eq!(check.code, 0, "{}", check.transcript());
    let row =
        |gate: &str| check.stdout.lines().find(|line| line.contains(gate)).unwrap_or_default().to_owned();
    assert!(
        row("No lint violations").starts_with("│ PASS") && row("No lint violations").contains(" 0 "),
        "{}",
        check.stdout
    );
    assert!(
        row("Coverage (lines and branches)").contains("PASS") && row("Coverage").contains("81.91%"),
        "{}",
        check.stdout
    );
    assert!(check.stderr.is_empty(), "{}", check.transcript());
}

#[test]
fn radon_comments_beyond_the_lines_are_refused_never_a_percent_over_100() {
    let (_dir, path) = temp_file(
        "raw.json",
        "{\"a.py\": {\"loc\": 5, \"lloc\": 3, \"sloc\": 3, \"comments\": 4, \"multi\": 2, \"blank\": 0, \"single_comments\": 4}}",
    );
    assert_eq!(
        refused(&["check", "--input", &format!("radon-raw={path}")]),
        format!(
            "error: {path} is not valid radon raw JSON: a.py: \"a.py\" has 4 comment and 2 docstring lines but only 5 lines (loc); the counts are damaged\n"
        )
    );
}

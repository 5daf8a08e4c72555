//! Exit code 2, with a message naming the file and what was expected.

use super::{gates, temp_file};

#[test]
fn no_reports_is_a_usage_error() {
    let run = gates(&["check"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(run.stderr.starts_with("error: no reports given"), "{}", run.stderr);
    assert!(run.stdout.is_empty());
}

#[test]
fn missing_report_is_an_error_not_a_skip() {
    let run = gates(&["check", "testdata/junit/pytest-xunit2.xml", "no-such-coverage.xml"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(run.stderr.contains("cannot read no-such-coverage.xml"), "{}", run.stderr);
    assert!(run.stdout.is_empty(), "no verdict may be printed: {}", run.stdout);
}

#[test]
fn truncated_report_names_file_and_position() {
    let (_dir, path) = temp_file("coverage.xml", "<?xml version=\"1.0\"?>\n<coverage>\n<packages>\n");
    let run = gates(&["check", &path]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stderr.ends_with("coverage.xml is not valid Cobertura XML: the file ends before <coverage> is closed; the report is truncated\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn malformed_value_names_line_column_and_element() {
    let (_dir, path) = temp_file(
        "coverage.xml",
        "<coverage>\n<packages><package><classes><class filename=\"app/m.py\"><lines>\n<line number=\"3\" hits=\"1\"/>\n  <line number=\"4\" hits=\"x\"/>\n</lines></class></classes></package></packages></coverage>\n",
    );
    let run = gates(&["check", &path]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stderr.contains(
            "coverage.xml is not valid Cobertura XML: line 4, column 3 (package[1]/class[1](\"app/m.py\")/line[2]): expected a whole number of hits (`hits`), found \"x\""
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn unknown_kind_of_report_says_what_it_found() {
    let (_dir, path) = temp_file("report.xml", "<html lang=\"en\"></html>");
    let run = gates(&["check", &path]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(run.stderr.contains("cannot tell what kind of report"), "{}", run.stderr);
    assert!(run.stderr.contains("its root element is <html>"), "{}", run.stderr);
}

#[test]
fn forced_format_on_the_wrong_file_is_an_error() {
    let run = gates(&["check", "--junit", "testdata/cobertura/coverage-py-branch.xml"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stderr.contains("is not valid JUnit XML: line 2, column 1: expected a <testsuites> or <testsuite> root element, found <coverage>"),
        "{}",
        run.stderr
    );
}

#[test]
fn invalid_policy_names_file_line_and_column() {
    let (_dir, policy) = temp_file("gates.toml", "[[gate]]\nmetric = \"coverage.line\"\nmin = 80\n");
    let run = gates(&["check", "--policy", &policy, "testdata/cobertura/coverage-py-branch.xml"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stderr.contains(
            "gates.toml: line 2, column 10: unknown metric `coverage.line`; did you mean `coverage.lines`?"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn misspelt_policy_key_is_rejected() {
    let (_dir, policy) = temp_file("gates.toml", "[[gate]]\nmetric = \"coverage.lines\"\nminimum = 80\n");
    let run = gates(&["check", "--policy", &policy, "testdata/cobertura/coverage-py-branch.xml"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(run.stderr.contains("line 3, column 1: unknown field `minimum`"), "{}", run.stderr);
}

#[test]
fn unknown_flag_is_a_usage_error() {
    let run = gates(&["check", "--no-such-flag"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
}

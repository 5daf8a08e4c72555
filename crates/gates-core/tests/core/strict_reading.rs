//! Strict reading: damaged or malformed reports are refused with the place of the damage,
//! and a proptest mutates the real XML fixtures structurally, asserting that each mutation is
//! either refused or leaves the figures exactly as the intact report gives them.

use gates_core::parse::{self, Format};
use proptest::prelude::*;

const COBERTURA_HEAD: &str = "<coverage>\n<packages><package><classes><class filename=\"m.py\"><lines>\n";
const COBERTURA_TAIL: &str = "</lines></class></classes></package></packages>\n</coverage>";

fn cobertura_with_line(line: &str) -> String {
    format!("{COBERTURA_HEAD}{line}\n{COBERTURA_TAIL}")
}

fn refused(format: Format, xml: &str) -> String {
    match parse::parse_str(format, xml) {
        Ok(report) => panic!("accepted {xml:?}: {report:?}"),
        Err(error) => error.to_string(),
    }
}

#[test]
fn intact_line_is_read() {
    assert!(
        parse::parse_str(Format::Cobertura, &cobertura_with_line(r#"<line number="1" hits="0"/>"#)).is_ok()
    );
}

#[test]
fn malformed_line_attributes_are_refused_at_the_line() {
    for line in [
        r#"<line number="1" hits="0" hits="5"/>"#,
        r#"<line number="1" hits="0" branch="true" branch="false"/>"#,
        r#"<line number="1" hits="1" branch="true"7condition-coverage="50% (1/2)"/>"#,
        r#"<line number="1" hits="1" branch="&undefined;true"/>"#,
        r#"<line number="1" hits=0/>"#,
        r#"<line number="1" hits="1" x="1" x="2"/>"#,
        "<line number=\"1\" hits=\"1\" a\u{0}b=\"1\"/>",
        r#"<line`number="1" hits="1"/>"#,
    ] {
        let error = refused(Format::Cobertura, &cobertura_with_line(line));
        assert!(error.starts_with("not valid Cobertura XML: line 3, column 1"), "{line}: {error}");
    }
}

#[test]
fn content_after_the_root_is_refused() {
    let intact = cobertura_with_line(r#"<line number="1" hits="0"/>"#);
    let second_root = format!("{intact}\n{COBERTURA_HEAD}");
    let error = refused(Format::Cobertura, &second_root);
    assert!(error.contains("line 6, column 1") && error.contains("after the root element"), "{error}");
    assert!(refused(Format::Cobertura, &format!("{intact}text")).contains("outside the root"));
    assert!(parse::parse_str(Format::Cobertura, &format!("{intact}\n<!-- done --><?pi x?>\n")).is_ok());
    let junit = "<testsuites><testsuite name=\"a\"><testcase name=\"t\"/></testsuite></testsuites>";
    refused(Format::Junit, &format!("{junit}<testsuites><testsuite name=\"b\">"));
    let jacoco = "<report name=\"r\"></report>";
    refused(Format::Jacoco, &format!("{jacoco}<report name=\"r\"><package name=\"p\">"));
}

#[test]
fn a_nested_root_does_not_close_the_report() {
    let cut = format!("{COBERTURA_HEAD}<coverage></coverage><line number=\"1\" hits=\"0\"/>");
    assert!(refused(Format::Cobertura, &cut).contains("nested inside itself"));
    refused(Format::Junit, "<testsuites><testsuites></testsuites>");
}

#[test]
fn malformed_names_and_attributes_are_refused_in_junit_and_jacoco() {
    refused(Format::Junit, "<testsuites><test;case name=\"a\"/></testsuites>");
    refused(Format::Junit, "<testsuites><testcase name=\"a\" name=\"b\"/></testsuites>");
    let jacoco = |line: &str| {
        format!(
            "<report name=\"r\"><package name=\"p\"><sourcefile name=\"A.java\">{line}</sourcefile></package></report>"
        )
    };
    assert!(parse::parse_str(Format::Jacoco, &jacoco(r#"<line nr="1" mi="0" ci="2"/>"#)).is_ok());
    let error = refused(Format::Jacoco, &jacoco(r#"<line nr="1" mi="0" ci="0" ci="2"/>"#));
    assert!(error.contains("`ci` given twice"), "{error}");
}

/// A structural mutation of an XML report; other formats add their own to [`MUTATIONS`].
type Mutation = fn(&str, usize) -> Option<String>;

/// Each mutation takes the intact text and a position chosen by proptest.
const MUTATIONS: &[(&str, Mutation)] = &[
    ("truncate", |text, at| text.get(..at).map(str::to_owned)),
    ("duplicate an attribute", duplicate_attribute),
    ("insert a second root", |text, at| {
        let root = first_element(text)?;
        Some(format!("{text}{}", text.get(root..at.max(root))?))
    }),
    ("remove the space between attributes", |text, at| {
        let place = text.get(at..)?.find("\" ")? + at;
        let mut mutated = text.to_owned();
        mutated.remove(place + 1);
        Some(mutated)
    }),
];

/// Where the first element (not a declaration or comment) starts.
fn first_element(text: &str) -> Option<usize> {
    text.match_indices('<')
        .map(|(at, _)| at)
        .find(|at| text.get(at + 1..).and_then(|rest| rest.chars().next()).is_some_and(char::is_alphabetic))
}

/// Repeats the attribute that starts after position `at` with another value.
fn duplicate_attribute(text: &str, at: usize) -> Option<String> {
    let equals = text.get(at..)?.find("=\"")? + at;
    let name_start = text.get(..equals)?.rfind(' ')? + 1;
    let name = text.get(name_start..equals)?;
    if name.is_empty() || name.contains(['<', '>', '"']) {
        return None;
    }
    let value_end = text.get(equals + 2..)?.find('"')? + equals + 2;
    Some(format!("{} {name}=\"7\"{}", &text[..=value_end], &text[value_end + 1..]))
}

fn fixture(path: &str) -> String {
    std::fs::read_to_string(format!("{}/../../testdata/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

const FIXTURES: &[(Format, &str)] = &[
    (Format::Cobertura, "cobertura/coverage-py-branch.xml"),
    (Format::Junit, "junit/pytest-xunit2.xml"),
    (Format::Jacoco, "jacoco/jacoco-0.8.6.xml"),
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn mutated_reports_are_refused_or_give_the_same_figures(
        fixture_index in 0..FIXTURES.len(),
        mutation_index in 0..MUTATIONS.len(),
        place in 0.0..1.0f64,
    ) {
        let (format, path) = FIXTURES[fixture_index];
        let intact = fixture(path);
        let at = (intact.len() as f64 * place) as usize;
        let Some(mutated) = MUTATIONS[mutation_index].1(&intact, at) else { return Ok(()) };
        prop_assume!(mutated != intact);
        let expected = parse::parse_str(format, &intact).unwrap();
        if let Ok(report) = parse::parse_str(format, &mutated) {
            prop_assert_eq!(
                format!("{:?}", report.content),
                format!("{:?}", expected.content),
                "{} at {} of {}", MUTATIONS[mutation_index].0, at, path
            );
        }
    }
}

#[test]
fn junit_suites_may_nest_in_a_root_testsuite() {
    let nested =
        "<testsuite name=\"all\"><testsuite name=\"a\"><testcase name=\"t\"/></testsuite></testsuite>";
    assert!(parse::parse_str(Format::Junit, nested).is_ok());
}

#[test]
fn control_characters_and_late_declarations_are_refused() {
    let error = refused(Format::Cobertura, &format!("{COBERTURA_HEAD}\u{19}\n{COBERTURA_TAIL}"));
    assert!(error.contains("control character U+0019"), "{error}");
    let error =
        refused(Format::Cobertura, &cobertura_with_line("<line number=\"1\" hits=\"1\" x=\"a\u{1}\"/>"));
    assert!(error.contains("control character U+0001"), "{error}");
    let junit = "<testsuites><testsuite name=\"a\"><testcase name=\"t\"/></testsuite></testsuites>";
    let error = refused(Format::Junit, &format!("{junit}\n<?xml vn8\"?>"));
    assert!(error.contains("XML declaration"), "{error}");
    let failure = "<testsuites><testsuite name=\"a\"><testcase name=\"t\"><failure>a]]>b</failure></testcase></testsuite></testsuites>";
    assert!(refused(Format::Junit, failure).contains("`]]>` in text"));
}

#[test]
fn a_file_listed_twice_in_radon_is_refused() {
    let twice = r#"{"a.py": {"error": "x"}, "a.py": {"error": "y"}}"#;
    let error =
        parse::parse_str(Format::RadonCc, twice).err().map(|error| error.to_string()).unwrap_or_default();
    assert!(error.contains("the key \"a.py\" is given twice in one object"), "{error}");
}

#[test]
fn json_that_is_not_utf8_is_refused_even_where_unread() {
    let log = b"{\"version\": \"2.1.0\", \"runs\": [{\"tool\": {\"driver\": {\"name\": \"x\", \"fullName\": \"\xa0\"}}, \"results\": []}]}";
    let error =
        parse::parse(Format::Sarif, &log[..]).err().map(|error| error.to_string()).unwrap_or_default();
    assert!(error.contains("not UTF-8"), "{error}");
}

/// A real report of each JSON kind and a key in it: kept (`mi`, `loc`, `License`), skipped
/// (`rank`, `Secret`, `type`), inside a map (`SEVERITY.MEDIUM`) or an untagged variant (radon).
const JSON_KEYS: &[(Format, &str, &str)] = &[
    (Format::Bandit, "bandit/bandit.json", "SEVERITY.MEDIUM"),
    (Format::Bandit, "bandit/bandit.json", "line_number"),
    (Format::RadonCc, "radon/cc.json", "rank"),
    (Format::RadonMi, "radon/mi.json", "mi"),
    (Format::RadonRaw, "radon/raw.json", "loc"),
    (Format::Gitleaks, "gitleaks/gitleaks.json", "Secret"),
    (Format::Pylint, "pylint/pylint.json", "type"),
    (Format::Ruff, "ruff/ruff.json", "code"),
    (Format::Sarif, "sarif/bandit.sarif", "ruleId"),
    (Format::CoveragepyJson, "coveragepy-json/coverage-py.json", "executed_lines"),
    (Format::PipAudit, "pip-audit/pip-audit.json", "skip_reason"),
    (Format::PytestBenchmark, "pytest-benchmark/baseline.json", "python_build"),
    (Format::PytestBenchmark, "pytest-benchmark/baseline.json", "mean"),
    (Format::PipLicenses, "pip-licenses/pip-licenses.json", "License"),
    (Format::CargoMetadata, "cargo-metadata/cargo-metadata.json", "license"),
    (Format::MypyJson, "mypy/mypy.jsonl", "severity"),
];

/// `report` with `"key": value, ` before the first `"key":`, so the object has the key twice.
fn key_given_twice(report: &str, key: &str, value: &str) -> String {
    let quoted = format!("\"{key}\":");
    let at = report.find(&quoted).unwrap_or_else(|| panic!("no {quoted} in the fixture"));
    format!("{}{quoted} {value}, {}", &report[..at], &report[at..])
}

#[test]
fn a_key_given_twice_in_an_object_is_refused_in_every_json_kind() {
    for &(format, path, key) in JSON_KEYS {
        let report = fixture(path);
        assert!(parse::parse_str(format, &report).is_ok(), "{path} as {format}");
        let expected = format!("the key \"{key}\" is given twice in one object");
        let mut named = Vec::new();
        for value in ["0", "null", "[]", "{}", "\"x\""] {
            let twice = key_given_twice(&report, key, value);
            let error = parse::parse_str(format, &twice).err().map(|error| error.to_string());
            let error = error.unwrap_or_else(|| panic!("{path} with {key:?}: {value} first was accepted"));
            // A value of the wrong type for a kept field is refused before the second key is read.
            if error.contains(&expected) {
                assert!(error.contains("line "), "{path}: {error}");
                named.push(value);
            }
        }
        assert!(!named.is_empty(), "{path}: no error names {key:?} given twice");
    }
}

#[test]
fn a_key_given_twice_is_refused_where_the_report_is_kept_as_json_values() {
    let cve = r#"{"report_meta": {"safety_version": "3.6.2"}, "vulnerabilities": [{"vulnerability_id": "1",
        "package_name": "django", "ignored": false, "analyzed_version": "4.0.1", "fixed_versions": [],
        "CVE": {"name": "CVE-2022-1", "name": "CVE-2022-2"}}]}"#;
    let error =
        parse::parse_str(Format::Safety, cve).err().map(|error| error.to_string()).unwrap_or_default();
    assert!(error.contains("the key \"name\" is given twice") && error.contains("line 3"), "{error}");
}

#[test]
fn the_same_key_in_sibling_objects_is_read() {
    let report = r#"{"a.py": {"mi": 50.0, "rank": "A"}, "b.py": {"mi": 70.0, "rank": "A"}}"#;
    assert!(parse::parse_str(Format::RadonMi, report).is_ok());
    let nested = r#"{"a.py": {"mi": 50.0, "rank": "A", "x": {"mi": 1, "rank": {"rank": 2}}}}"#;
    assert!(parse::parse_str(Format::RadonMi, nested).is_ok());
}

//! Strict reading: the damaged reports in testdata/*/invalid/ are refused (fixtures.rs), what
//! looks damaged but is not is read, and a proptest mutates the real XML fixtures structurally,
//! asserting that each mutation is either refused or leaves the figures exactly as the intact
//! report gives them.

use crate::kit::{self, Format, parse_str};
use proptest::prelude::*;

#[test]
fn comments_and_processing_instructions_may_follow_the_root() {
    let intact = "<coverage><packages><package><classes><class filename=\"m.py\"><lines>\n<line number=\"1\" hits=\"0\"/>\n</lines></class></classes></package></packages>\n</coverage>";
    assert!(parse_str(Format::Cobertura, &format!("{intact}\n<!-- done --><?pi x?>\n")).is_ok());
}

#[test]
fn a_jacoco_line_with_each_counter_once_is_read() {
    let jacoco = r#"<report name="r"><package name="p"><sourcefile name="A.java"><line nr="1" mi="0" ci="2"/></sourcefile></package></report>"#;
    assert!(parse_str(Format::Jacoco, jacoco).is_ok());
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

/// The real XML reports: the formats whose structure the mutations break.
fn xml_seeds() -> Vec<&'static kit::Seed> {
    let xml = [
        Format::Cobertura,
        Format::Jacoco,
        Format::Junit,
        Format::Trx,
        Format::Nunit,
        Format::Xunit,
        Format::Opencover,
    ];
    kit::seeds().iter().filter(|seed| xml.contains(&seed.format)).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn mutated_reports_are_refused_or_give_the_same_figures(
        seed in prop::sample::select(xml_seeds()),
        mutation_index in 0..MUTATIONS.len(),
        place in 0.0..1.0f64,
    ) {
        let (format, path, intact) = (seed.format, &seed.path, &seed.text);
        let at = (intact.len() as f64 * place) as usize;
        let Some(mutated) = MUTATIONS[mutation_index].1(intact, at) else { return Ok(()) };
        prop_assume!(&mutated != intact);
        let expected = parse_str(format, intact).unwrap();
        if let Ok(report) = parse_str(format, &mutated) {
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
    assert!(parse_str(Format::Junit, nested).is_ok());
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
        let report = kit::read(path);
        assert!(parse_str(format, &report).is_ok(), "{path} as {format}");
        let expected = format!("the key \"{key}\" is given twice in one object");
        let mut named = Vec::new();
        for value in ["0", "null", "[]", "{}", "\"x\""] {
            let twice = key_given_twice(&report, key, value);
            let error = parse_str(format, &twice).err().map(|error| error.to_string());
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
    let error = parse_str(Format::Safety, cve).err().map(|error| error.to_string()).unwrap_or_default();
    assert!(error.contains("the key \"name\" is given twice") && error.contains("line 3"), "{error}");
}

#[test]
fn the_same_key_in_sibling_objects_is_read() {
    let report = r#"{"a.py": {"mi": 50.0, "rank": "A"}, "b.py": {"mi": 70.0, "rank": "A"}}"#;
    assert!(parse_str(Format::RadonMi, report).is_ok());
    let nested = r#"{"a.py": {"mi": 50.0, "rank": "A", "x": {"mi": 1, "rank": {"rank": 2}}}}"#;
    assert!(parse_str(Format::RadonMi, nested).is_ok());
}

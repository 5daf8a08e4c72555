//! The starter policy `gates init` writes.

use crate::kit::{Format, parse_str, starter_toml};
use gates_core::InputNames;
use gates_core::{Metrics, Policy, StarterOptions};
use proptest::prelude::*;

const JUNIT: &str = r#"<testsuite name="unit" tests="2">
  <testcase classname="calc" name="test_add"/>
  <testcase classname="calc" name="test_div"><failure message="ZeroDivisionError"/></testcase>
</testsuite>"#;

fn gate_metrics(text: &str) -> Vec<String> {
    let policy = Policy::from_toml_str(text).unwrap_or_else(|error| panic!("{error}\n{text}"));
    policy.gates.iter().map(|gate| gate.metric.to_string()).collect()
}

#[test]
fn starter_has_the_builtin_test_gates_for_a_junit_report() {
    let mut metrics = Metrics::new();
    metrics.add("junit.xml", parse_str(Format::Junit, JUNIT).unwrap());
    let text = starter_toml(&metrics, &InputNames::LIBRARY, StarterOptions::default()).unwrap();
    assert_eq!(gate_metrics(&text), ["tests.total", "tests.failed + tests.errors"]);
    assert!(text.contains("#   junit.xml (JUnit XML)\n"), "{text}");
    assert!(text.contains("# Now: 1 (bound <= 0: fails)\n[[gate]]\ntitle = \"No failing tests\""), "{text}");
}

#[test]
fn starter_without_reports_has_no_gates_and_says_so() {
    let text = starter_toml(&Metrics::new(), &InputNames::LIBRARY, StarterOptions::default()).unwrap();
    assert_eq!(gate_metrics(&text), Vec::<String>::new());
    assert!(text.contains("None of the built-in gates applies"), "{text}");
}

proptest! {
    #[test]
    fn starter_stays_valid_toml_whatever_the_report_path(
        path in r#"([a-z/. ]|\n|\r|\x{2028}|\x{85}|\x{7f}|#|\[\[gate\]\]|metric = "tests.total"){0,12}"#
    ) {
        let mut metrics = Metrics::new();
        metrics.add(path, parse_str(Format::Junit, JUNIT).unwrap());
        let text = starter_toml(&metrics, &InputNames::LIBRARY, StarterOptions::default()).unwrap();
        prop_assert_eq!(gate_metrics(&text), ["tests.total", "tests.failed + tests.errors"]);
    }
}

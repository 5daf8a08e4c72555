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
    let xml = [Format::Cobertura, Format::Jacoco, Format::Junit];
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

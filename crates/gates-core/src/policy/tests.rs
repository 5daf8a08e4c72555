use super::*;

#[test]
fn builtin_policy_parses() {
    let policy = Policy::builtin().unwrap();
    assert_eq!(policy.gates.len(), 3);
    assert_eq!(policy.gates[2].metric.to_string(), "tests.failed + tests.errors");
}

#[test]
fn misspelt_key_is_rejected_with_position() {
    let error = Policy::from_toml_str("[[gate]]\nmetric = \"coverage.lines\"\nmni = 80\n").unwrap_err();
    assert_eq!(error.line_column, Some((3, 1)));
    assert!(error.message.contains("unknown field `mni`"), "{error}");
    assert!(error.message.contains("`min`"), "{error}");
}

#[test]
fn unknown_metric_suggests_the_closest() {
    let error = Policy::from_toml_str("[[gate]]\nmetric = \"coverage.line\"\nmin = 80\n").unwrap_err();
    assert_eq!(
        error.to_string(),
        "line 2, column 10: unknown metric `coverage.line`; did you mean `coverage.lines`? (see `gates metrics`)"
    );
}

#[test]
fn gate_needs_a_bound() {
    let error = Policy::from_toml_str("[[gate]]\nmetric = \"tests.total\"\n").unwrap_err();
    assert!(error.message.contains("has no bound"), "{error}");
}

#[test]
fn bad_severity_and_bad_bound_are_rejected() {
    let error = Policy::from_toml_str("[[gate]]\nmetric = \"tests.total\"\nmin = 1\nseverity = \"error\"\n")
        .unwrap_err();
    assert_eq!(error.line_column, Some((4, 12)));
    let error = Policy::from_toml_str("[[gate]]\nmetric = \"tests.total\"\nmin = \"many\"\n").unwrap_err();
    assert_eq!(error.line_column, Some((3, 7)));
    let error = Policy::from_toml_str("[[gate]]\nmetric = \"tests.total\"\nmin = 5\nmax = 1\n").unwrap_err();
    assert!(error.message.contains("no value could pass"), "{error}");
}

#[test]
fn printed_policy_reads_back_the_same() {
    let policy = Policy::builtin().unwrap();
    let again = Policy::from_toml_str(&policy.to_toml_string()).unwrap();
    assert_eq!(policy, again);
}

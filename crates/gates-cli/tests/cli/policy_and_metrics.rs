//! `gates policy show` and `gates metrics`.

use super::{gates, repo, temp_file};

#[test]
fn shipped_default_policy_is_the_builtin_one() {
    let shipped = std::fs::read_to_string(repo().join("policies/default.toml")).unwrap();
    assert_eq!(shipped, gates_core::BUILTIN_TOML, "policies/default.toml must equal the built-in policy");
}

#[test]
fn policy_show_prints_the_builtin_policy() {
    let run = gates(&["policy", "show"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn policy_show_reads_a_given_policy() {
    let (_dir, policy) =
        temp_file("gates.toml", "[[gate]]\nmetric = \"coverage.total\"\nmin = 75.5\nseverity = \"warn\"\n");
    let run = gates(&["policy", "show", "--policy", &policy]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(
        run.stdout.contains("metric = \"coverage.total\"\nmin = 75.5\nseverity = \"warn\"\nrequired = false"),
        "{}",
        run.stdout
    );
}

#[test]
fn metrics_lists_every_metric() {
    let run = gates(&["metrics", "--color", "never"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    for metric in gates_core::Metric::ALL {
        assert!(run.stdout.contains(metric.name()), "{} missing from:\n{}", metric.name(), run.stdout);
    }
}

#[test]
fn readme_documents_every_metric() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    for metric in gates_core::Metric::ALL {
        let row = format!("| `{}` | {} |", metric.name(), metric.unit());
        assert!(readme.contains(&row), "README.md has no row starting {row}");
    }
}

#[test]
fn metrics_of_reports_shows_the_value_of_each_metric_they_feed() {
    let run =
        gates(&["metrics", "testdata/cobertura/coverage-py-branch.xml", "testdata/junit/pytest-xunit2.xml"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let row = |name: &str| {
        let prefix = format!("│ {name} ");
        run.stdout.lines().find(|line| line.starts_with(&prefix)).map(str::to_owned)
    };
    assert!(row("coverage.total").unwrap().contains("┆ 79.71% ┆"), "{}", run.stdout);
    assert!(row("tests.failed").unwrap().contains("┆      3 ┆"), "{}", run.stdout);
    assert_eq!(row("security.high"), None, "no security scan was given:\n{}", run.stdout);
}

#[test]
fn metrics_and_policy_show_fit_100_columns_when_stdout_is_not_a_terminal() {
    for args in
        [&["metrics"][..], &["metrics", "testdata/cobertura/coverage-py-branch.xml"], &["policy", "show"]]
    {
        let run = gates(args);
        let widest = run.stdout.lines().map(|line| line.chars().count()).max().unwrap();
        assert!(widest <= 100, "{widest} columns:\n{}", run.stdout);
    }
}

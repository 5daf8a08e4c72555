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

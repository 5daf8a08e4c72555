//! Outdated dependencies through the binary: sniffed by content, listed current → latest in
//! every output, and a warn gate.

use super::{gates, temp_file};

const POLICY: &str = "[[gate]]\nmetric = \"deps.outdated_major\"\nmax = 0\nseverity = \"warn\"\n";

#[test]
fn outdated_dependencies_are_listed_in_every_output() {
    let (_dir, policy) = temp_file("gates.toml", POLICY);
    let reports = ["testdata/npm-outdated/npm-outdated.json", "testdata/pip-outdated/pip-outdated.json"];
    let mut args = vec!["check", "--policy", &policy];
    args.extend(reports);
    let table = gates(&args);
    assert_eq!(table.code, 0, "{}", table.transcript());
    assert!(
        table.stdout.contains("WARN deps.outdated_major <= 0:\n  chalk 2.4.2 → 5.6.2 (major, npm)\n"),
        "{}",
        table.stdout
    );

    args.extend(["--format", "json"]);
    let json = gates(&args).json();
    assert_eq!(
        (json["metrics"]["deps.outdated"].as_u64(), json["metrics"]["deps.outdated_major"].as_u64()),
        (Some(13), Some(9))
    );
    let lodash = &json["outdated_packages"][2];
    assert_eq!(
        (lodash["name"].as_str(), lodash["current"].as_str(), lodash["latest"].as_str()),
        (Some("lodash"), Some("4.17.15"), Some("4.18.1"))
    );
    assert_eq!(lodash["major"], false);

    let markdown = gates(&[
        "check",
        "--policy",
        &policy,
        "--format",
        "markdown",
        "testdata/npm-outdated/npm-outdated-not-installed.json",
    ]);
    assert!(
        markdown.stdout.contains("- semver not installed, wants 5.7.3 → 7.8.6 (major, npm)"),
        "{}",
        markdown.stdout
    );
}

#[test]
fn nothing_outdated_needs_the_format_named_and_npm_s_error_is_refused() {
    let (_dir, empty) = temp_file("outdated.json", "{}\n");
    let unnamed = gates(&["check", &empty]);
    assert_eq!(unnamed.code, 2, "{}", unnamed.transcript());
    let named = gates(&["check", "--format", "json", "--input", &format!("npm-outdated={empty}")]);
    assert_eq!(named.json()["metrics"]["deps.outdated"], 0);
    let error = gates(&["check", "--input", "npm-outdated=testdata/npm-outdated/invalid/npm-error.json"]);
    assert_eq!(error.code, 2, "{}", error.transcript());
    assert!(error.stderr.contains("npm outdated failed: Not Found"), "{}", error.stderr);
}

#[test]
fn cargo_outdated_is_sniffed_and_each_workspace_line_read() {
    let (_dir, policy) = temp_file("gates.toml", POLICY);
    let run = gates(&[
        "check",
        "--policy",
        &policy,
        "--details",
        "testdata/cargo-outdated/cargo-outdated.json",
        "testdata/cargo-outdated/cargo-outdated-workspace.json",
    ]);
    assert_eq!(run.code, 0, "a warn gate: {}", run.transcript());
    assert!(run.stdout.contains("  rand->getrandom 0.1.16 → 0.4.3 (major, cargo)\n"), "{}", run.stdout);
    assert!(run.stdout.contains("  log 0.3.9 → 0.4.35 (major, cargo)\n"), "{}", run.stdout);
    assert!(
        run.stderr.contains(
            "note: testdata/cargo-outdated/cargo-outdated.json: 20 dependencies the newer versions of their parents no longer use (`Removed`) are not counted"
        ),
        "{}",
        run.stderr
    );
    let json = gates(&[
        "check",
        "--policy",
        &policy,
        "--format",
        "json",
        "testdata/cargo-outdated/cargo-outdated.json",
    ])
    .json();
    assert_eq!(
        (json["metrics"]["deps.outdated"].as_u64(), json["metrics"]["deps.outdated_major"].as_u64()),
        (Some(5), Some(4))
    );
    let damaged = gates(&["check", "testdata/cargo-outdated/invalid/project-not-a-string.json"]);
    assert_eq!(damaged.code, 2, "{}", damaged.transcript());
    assert!(damaged.stderr.contains("line 2, column 64 (dependencies[0].project)"), "{}", damaged.stderr);
}

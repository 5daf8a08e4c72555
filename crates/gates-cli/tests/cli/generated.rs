//! What is generated from the clap and serde definitions: shell completions, the man page and
//! the policy JSON Schema (the output's is in output_schema.rs).

use std::collections::BTreeSet;

use serde_json::Value;

use super::{gates, repo};

const SUBCOMMANDS: [&str; 8] =
    ["check", "policy", "schema", "metrics", "baseline", "init", "completions", "man"];

#[test]
fn completions_for_every_shell_know_the_subcommands() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let run = gates(&["completions", shell]);
        assert_eq!(run.code, 0, "{shell}: {}", run.transcript());
        for subcommand in SUBCOMMANDS {
            assert!(run.stdout.contains(subcommand), "{shell} completion lacks `{subcommand}`");
        }
        assert!(run.stdout.contains("bench-baseline"), "{shell} completion lacks check's options");
    }
}

#[test]
fn completions_reject_an_unknown_shell() {
    let run = gates(&["completions", "tcsh"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(run.stderr.contains("invalid value 'tcsh'"), "{}", run.stderr);
}

#[test]
fn man_page_lists_the_subcommands() {
    let run = gates(&["man"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(run.stdout.contains(".TH gates 1"), "{}", run.stdout);
    for subcommand in SUBCOMMANDS {
        assert!(run.stdout.contains(&format!("gates\\-{subcommand}(1)")), "man page lacks `{subcommand}`");
    }
}

#[test]
fn man_out_dir_writes_a_page_per_subcommand() {
    let dir = tempfile::tempdir().unwrap();
    let run = gates(&["man", "--out-dir", dir.path().to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    for page in ["gates.1", "gates-check.1", "gates-init.1", "gates-policy-schema.1", "gates-baseline-save.1"]
    {
        let text =
            std::fs::read_to_string(dir.path().join(page)).unwrap_or_else(|error| panic!("{page}: {error}"));
        assert!(text.contains(".TH "), "{page} is no man page");
    }
    let check = std::fs::read_to_string(dir.path().join("gates-check.1")).unwrap();
    assert!(check.contains("\\-\\-strict"), "gates-check.1 lacks --strict");
}

const SCHEMA_FILE: &str = "policies/gates-policy.schema.json";

#[test]
fn committed_policy_schema_is_current() {
    let run = gates(&["policy", "schema"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let committed = std::fs::read_to_string(repo().join(SCHEMA_FILE)).unwrap_or_default();
    assert!(
        committed == run.stdout,
        "{SCHEMA_FILE} is stale: regenerate it with `cargo run -p gates-cli -- policy schema > {SCHEMA_FILE}`"
    );
}

#[test]
fn example_policies_name_the_schema_and_parse() {
    let mut policies = 0;
    for entry in std::fs::read_dir(repo().join("policies")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|extension| extension != "toml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.starts_with("#:schema ./gates-policy.schema.json\n"),
            "{} must start with `#:schema ./gates-policy.schema.json`",
            path.display()
        );
        if let Err(error) = gates_core::Policy::from_toml_str(&text) {
            panic!("{}: {error}", path.display());
        }
        policies += 1;
    }
    assert!(policies > 0);
}

/// The schema of one table, following `$ref`s, `allOf` and array items.
fn table<'a>(schema: &'a Value, mut node: &'a Value) -> &'a Value {
    while node.get("properties").is_none() {
        node = if let Some(reference) = node.get("$ref").and_then(Value::as_str) {
            schema.pointer(reference.strip_prefix('#').unwrap()).unwrap()
        } else if let Some(items) = node.get("items") {
            items
        } else if let Some(first) = node.get("allOf").and_then(|all| all.get(0)) {
            first
        } else {
            panic!("no properties in {node}")
        };
    }
    node
}

fn schema_keys(schema: &Value, node: &Value) -> BTreeSet<String> {
    table(schema, node)["properties"].as_object().unwrap().keys().cloned().collect()
}

/// The keys the policy parser accepts in one table, from its error for an unknown key
/// ("unknown field `x`, expected one of `a`, `b`").
fn parser_keys(policy_with_unknown_key: &str) -> BTreeSet<String> {
    let error = gates_core::Policy::from_toml_str(policy_with_unknown_key).unwrap_err().to_string();
    let expected = error.split_once("expected").unwrap_or_else(|| panic!("{error}")).1;
    expected.split('`').skip(1).step_by(2).map(str::to_owned).collect()
}

#[test]
fn schema_lists_every_key_the_policy_parser_accepts() {
    let run = gates(&["policy", "schema"]);
    let schema: Value = run.json();
    let property = |key: &str| &schema["properties"][key];
    let gate = "metric = \"tests.total\"\nmin = 1\n";
    let tables = [
        ("top level", &schema, "zz-unknown = 1\n".to_owned()),
        ("[[gate]]", property("gate"), format!("[[gate]]\n{gate}zz-unknown = 1\n")),
        (
            "[[waiver]]",
            property("waiver"),
            "[[waiver]]\nid = \"B602\"\nreason = \"r\"\nzz-unknown = 1\n".to_owned(),
        ),
        ("[security]", property("security"), "[security]\nzz-unknown = 1\n".to_owned()),
        ("[coverage]", property("coverage"), "[coverage]\nzz-unknown = 1\n".to_owned()),
        ("[comment]", property("comment"), "[comment]\nzz-unknown = 1\n".to_owned()),
        ("[bench]", property("bench"), "[bench]\nzz-unknown = 1\n".to_owned()),
    ];
    for (name, node, policy) in tables {
        let accepted = parser_keys(&policy);
        assert!(!accepted.is_empty(), "{name}: could not read the accepted keys");
        assert_eq!(schema_keys(&schema, node), accepted, "{name}: the schema and the parser disagree");
    }
    assert_eq!(table(&schema, property("gate"))["required"], serde_json::json!(["metric"]));
    assert_eq!(table(&schema, property("waiver"))["required"], serde_json::json!(["id", "reason"]));
}

#[test]
fn man_page_has_exit_status_environment_files_examples_and_check_options() {
    let run = gates(&["man"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    for section in
        [".SH \"CHECK OPTIONS\"", ".SH \"EXIT STATUS\"", ".SH ENVIRONMENT", ".SH FILES", ".SH EXAMPLES"]
    {
        assert!(run.stdout.contains(section), "man page lacks {section}");
    }
    for word in
        ["GITHUB_TOKEN", "GITLAB_TOKEN", "NO_COLOR", "\\fB.config/gates.toml\\fR", "\\-\\-diff\\-base"]
    {
        assert!(run.stdout.contains(word), "man page lacks {word}");
    }
}

#[test]
fn check_help_examples_are_the_readme_s() {
    let command = |line: &str| line.split(" # ").next().unwrap().trim().to_owned();
    let help = gates(&["help", "check"]);
    let in_help: Vec<String> = help
        .stdout
        .lines()
        .skip_while(|line| *line != "Examples:")
        .filter(|line| line.starts_with("  gates check "))
        .map(command)
        .collect();
    let readme = super::readme();
    let in_readme: Vec<String> = readme
        .lines()
        .skip_while(|line| *line != "## Use")
        .skip_while(|line| !line.starts_with("```"))
        .skip(1)
        .take_while(|line| !line.starts_with("```"))
        .filter(|line| line.starts_with("gates check "))
        .map(command)
        .collect();
    assert!(!in_help.is_empty(), "{}", help.stdout);
    assert_eq!(in_help, in_readme);
}

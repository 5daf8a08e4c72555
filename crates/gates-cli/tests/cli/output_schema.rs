//! The JSON Schema of `gates check --format json`: the committed copy is current, and real outputs
//! conform to it.

use serde_json::{Value, json};

use super::{gates, gates_with_env, readme_command, repo, temp_file};

const SCHEMA_FILE: &str = "docs/gates-output.schema.json";

#[test]
fn committed_output_schema_is_current() {
    let run = gates(&["schema", "output"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let committed = std::fs::read_to_string(repo().join(SCHEMA_FILE)).unwrap_or_default();
    assert!(
        committed == run.stdout,
        "{SCHEMA_FILE} is stale: regenerate it with `cargo run -p gates-cli -- schema output > {SCHEMA_FILE}`"
    );
}

#[test]
fn schema_policy_is_policy_schema() {
    let both = [gates(&["schema", "policy"]), gates(&["policy", "schema"])];
    for run in &both {
        assert_eq!(run.code, 0, "{}", run.transcript());
    }
    assert_eq!(both[0].stdout, both[1].stdout);
}

fn output_schema() -> Value {
    gates(&["schema", "output"]).json()
}

/// Where `value` breaks `schema`, for the keywords the generated schema uses. Stricter than
/// JSON Schema in two ways, on purpose: `integer` means written without a fraction (`23`, not
/// `23.0`, which typed consumers refuse), and an object key the schema does not name is an error
/// unless `additionalProperties` allows it, so the schema must list every field gates writes.
fn violations(root: &Value, schema: &Value, value: &Value, at: &str) -> Vec<String> {
    let mut found = Vec::new();
    let Some(keywords) = schema.as_object() else {
        if schema == &Value::Bool(false) {
            found.push(format!("{at}: no value is allowed here"));
        }
        return found;
    };
    for (keyword, rule) in keywords {
        match keyword.as_str() {
            "$schema" | "$defs" | "title" | "description" | "format" => {}
            "$ref" => {
                let pointer = rule.as_str().and_then(|text| text.strip_prefix('#')).unwrap();
                let target =
                    root.pointer(pointer).unwrap_or_else(|| panic!("{at}: no {pointer} in the schema"));
                found.extend(violations(root, target, value, at));
            }
            "type" => {
                let kinds: Vec<&str> = match rule {
                    Value::Array(kinds) => kinds.iter().map(|kind| kind.as_str().unwrap()).collect(),
                    kind => vec![kind.as_str().unwrap()],
                };
                if !kinds.iter().any(|kind| is_of_type(value, kind)) {
                    found.push(format!("{at}: expected {}, found {value}", kinds.join(" or ")));
                }
            }
            "enum" => {
                if !rule.as_array().unwrap().contains(value) {
                    found.push(format!("{at}: {value} is not one of {rule}"));
                }
            }
            "const" => {
                if rule != value {
                    found.push(format!("{at}: expected {rule}, found {value}"));
                }
            }
            "anyOf" | "oneOf" => {
                let matching = rule
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|choice| violations(root, choice, value, at).is_empty())
                    .count();
                let fits = if keyword == "anyOf" { matching >= 1 } else { matching == 1 };
                if !fits {
                    found.push(format!("{at}: {value} matches {matching} of the {keyword} choices"));
                }
            }
            "minimum" => {
                if value.as_f64().is_some_and(|number| number < rule.as_f64().unwrap()) {
                    found.push(format!("{at}: {value} is below {rule}"));
                }
            }
            "minLength" | "maxLength" => {
                if let Some(text) = value.as_str() {
                    let (length, bound) = (text.chars().count() as u64, rule.as_u64().unwrap());
                    if (keyword == "minLength" && length < bound)
                        || (keyword == "maxLength" && length > bound)
                    {
                        found.push(format!("{at}: {value} breaks {keyword} {bound}"));
                    }
                }
            }
            "required" => {
                if let Some(object) = value.as_object() {
                    for key in rule.as_array().unwrap().iter().map(|key| key.as_str().unwrap()) {
                        if !object.contains_key(key) {
                            found.push(format!("{at}: `{key}` is required"));
                        }
                    }
                }
            }
            "properties" | "additionalProperties" => {} // checked together below
            "items" => {
                for (index, item) in value.as_array().into_iter().flatten().enumerate() {
                    found.extend(violations(root, rule, item, &format!("{at}[{index}]")));
                }
            }
            other => panic!("{at}: the checker does not know the keyword `{other}`; teach it"),
        }
    }
    if let Some(object) = value.as_object() {
        let named = keywords.get("properties").and_then(Value::as_object);
        let others = keywords.get("additionalProperties");
        for (key, item) in object {
            let place = format!("{at}.{key}");
            match (named.and_then(|named| named.get(key)), others) {
                (Some(property), _) => found.extend(violations(root, property, item, &place)),
                (None, Some(others)) => found.extend(violations(root, others, item, &place)),
                (None, None) if named.is_some() => {
                    found.push(format!("{place}: not in the schema"));
                }
                (None, None) => {}
            }
        }
    }
    found
}

fn is_of_type(value: &Value, kind: &str) -> bool {
    match kind {
        "null" => value.is_null(),
        "boolean" => value.is_boolean(),
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        other => panic!("unknown type {other}"),
    }
}

fn assert_conforms(schema: &Value, document: &Value, run: &str) {
    let found = violations(schema, schema, document, "$");
    assert!(found.is_empty(), "{run} breaks {SCHEMA_FILE}:\n{}", found.join("\n"));
}

#[test]
fn real_json_outputs_conform_to_the_schema() {
    let schema = output_schema();
    let mut readme = readme_command();
    readme.extend(["--format".to_owned(), "json".to_owned()]);
    let readme: Vec<&str> = readme.iter().map(String::as_str).collect();
    let (_dir, waivers) = temp_file(
        "waivers.toml",
        "[[gate]]\nmetric = \"security.high\"\nmax = 0\n\n\
         [[waiver]]\nid = \"B602\"\npath = \"warehouse/*.py\"\nreason = \"fixed path\"\n\n\
         [[waiver]]\nid = \"B307\"\nreason = \"own config\"\nexpires = 2001-01-01\n",
    );
    let runs: [(&str, Vec<&str>); 5] = [
        ("the README's example run", readme),
        ("the pipeline policy over every example report", crate::pipeline::PIPELINE_JSON.to_vec()),
        (
            "a benchmark pair timed differently",
            vec![
                "check",
                "testdata/pytest-benchmark/unfair/candidate-20-iterations.json",
                "--bench-baseline",
                "testdata/pytest-benchmark/unfair/baseline-1-iteration.json",
                "--format",
                "json",
            ],
        ),
        (
            "bandit findings, one waived and one waiver expired",
            vec!["check", "--format", "json", "--policy", &waivers, "testdata/bandit/bandit.json"],
        ),
        (
            "JaCoCo coverage alone",
            vec!["check", "--format", "json", "--input", "jacoco=testdata/jacoco/jacoco-0.8.6.xml"],
        ),
    ];
    for (name, args) in runs {
        let run =
            gates_with_env(&args, &[("GITHUB_TOKEN", ""), ("GITHUB_REPOSITORY", ""), ("GITLAB_CI", "")]);
        assert!(run.code == 0 || run.code == 1, "{name}: {}", run.transcript());
        assert_conforms(&schema, &run.json(), name);
    }
}

/// An edit of a real output into one gates never writes.
type Change = fn(&mut Value);

#[test]
fn schema_types_counts_as_integers_and_refuses_what_gates_never_writes() {
    let schema = output_schema();
    let metrics = &schema["properties"]["metrics"]["properties"];
    assert_eq!(metrics["tests.total"]["type"], "integer");
    assert_eq!(metrics["coverage.lines"]["type"], "number");
    assert_eq!(metrics["tests.duration_s"]["type"], "number");
    let run = gates(&["check", "--format", "json", "testdata/junit/pytest-xunit2.xml"]);
    let document = run.json();
    assert_conforms(&schema, &document, "a JUnit run");
    let broken = |change: Change| {
        let mut copy = document.clone();
        change(&mut copy);
        violations(&schema, &schema, &copy, "$")
    };
    let cases: [(&str, Change); 6] = [
        ("a count written as 23.0", |doc| doc["metrics"]["tests.total"] = json!(23.0)),
        ("an unknown verdict", |doc| doc["verdict"] = json!("maybe")),
        ("a field the schema does not name", |doc| doc["gates"][0]["colour"] = json!("red")),
        ("a missing required field", |doc| {
            doc.as_object_mut().unwrap().remove("gates");
        }),
        ("a string for a number", |doc| doc["metrics"]["custom.rate"] = json!("12")),
        ("a failed test of an unknown status", |doc| doc["failed_tests"][0]["status"] = json!("flaky")),
    ];
    for (name, change) in cases {
        assert!(!broken(change).is_empty(), "{name} passed the schema");
    }
}

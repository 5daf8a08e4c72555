//! `[[change]]` rules over real diffs made by git: which files changed together, counted as the
//! policy says, and named in every output.

use gates_core::model::Unit;
use gates_core::{Check, Checked, Diff, Output, Policy, Status, Verdict, render};

use crate::git_repo::GitRepo;

const POLICY: &str = r#"
[pr]
ignore = ["*.lock"]

[[change]]
name = "tests-with-source"
when-changed = ["src/**"]
require-changed = ["tests/**"]

[[change]]
name = "critical-files"
count-changed = ["src/api/**", "migrations/**"]

[[change]]
name = "legacy-touched"
count-changed = ["legacy/**"]

[[change]]
name = "legacy-with-deleted"
count-changed = ["legacy/**"]
include-deleted = true

[[change]]
name = "everything"
count-changed = ["**"]

[[gate]]
metric = "change.tests-with-source"
min = 1
severity = "warn"

[[gate]]
metric = "change.critical-files"
max = 0
"#;

/// A repository with a first commit of source, tests, a legacy module and a lockfile.
fn project() -> (GitRepo, String) {
    let repo = GitRepo::new();
    repo.write("src/app.py", "def run():\n    return 1\n")
        .write("src/api/routes.py", "ROUTES = []\n")
        .write("tests/test_app.py", "def test_run():\n    assert True\n")
        .write("legacy/old.py", "OLD = 1\n")
        .write("deps.lock", "a==1\n");
    let base = repo.commit("base");
    (repo, base)
}

fn check(policy: &Policy, diff: Option<&str>) -> Checked {
    let check = Check::new(policy);
    match diff {
        Some(text) => check.diff(Diff::parse(text).unwrap()).run(),
        None => check.run(),
    }
}

fn rule<'a>(checked: &'a Checked, name: &str) -> &'a gates_core::model::ChangeRuleValue {
    checked.metrics.changes.as_ref().unwrap().iter().find(|rule| rule.metric == name).unwrap()
}

#[test]
fn source_changed_without_tests_breaks_the_rule_and_names_the_files() {
    let (repo, base) = project();
    repo.write("src/app.py", "def run():\n    return 2\n").write("deps.lock", "a==2\n");
    repo.commit("change source only");
    let policy = Policy::from_toml_str(POLICY).unwrap();
    let checked = check(&policy, Some(&repo.diff_since(&base)));

    let tests = rule(&checked, "change.tests-with-source");
    assert_eq!((tests.value, tests.unit), (0.0, Unit::Flag));
    assert_eq!(tests.changed, ["src/app.py"]);
    assert!(tests.required.is_empty());
    assert_eq!(checked.evaluation.outcomes[0].status, Status::Warn);
    // The lockfile is left out by `[pr] ignore`.
    assert_eq!(rule(&checked, "change.everything").changed, ["src/app.py"]);

    let json: serde_json::Value =
        serde_json::from_str(&render(Output::Json, &checked.evaluation, &checked.metrics)).unwrap();
    assert_eq!(json["metrics"]["change.tests-with-source"], 0);
    let first = &json["changes"][0];
    assert_eq!(first["metric"], "change.tests-with-source");
    assert_eq!(first["changed"], serde_json::json!(["src/app.py"]));
    assert_eq!(json["gates"][0]["detail"], "changed without a required file: src/app.py");
    let markdown = render(Output::Markdown, &checked.evaluation, &checked.metrics);
    assert!(
        markdown.contains("- `change.tests-with-source` no: changed `src/app.py`; required changed none")
    );
    assert!(markdown.contains("changed without a required file: src/app.py"));
    let facts = gates_core::cli_support::gate_facts(&checked.evaluation, &checked.metrics);
    assert_eq!(facts[0].items, ["changed without a required file: src/app.py"]);
}

#[test]
fn a_test_changed_with_the_source_holds() {
    let (repo, base) = project();
    repo.write("src/app.py", "def run():\n    return 2\n")
        .write("tests/test_app.py", "def test_run():\n    assert run() == 2\n");
    repo.commit("change source and test");
    let checked = check(&Policy::from_toml_str(POLICY).unwrap(), Some(&repo.diff_since(&base)));
    let tests = rule(&checked, "change.tests-with-source");
    assert_eq!((tests.value, tests.changed.as_slice()), (1.0, ["src/app.py".to_owned()].as_slice()));
    assert_eq!(tests.required, ["tests/test_app.py"]);
    assert_eq!(checked.evaluation.verdict, Verdict::Pass);
}

#[test]
fn renames_match_on_either_path_and_deletions_only_when_asked() {
    let (repo, base) = project();
    repo.rename("src/api/routes.py", "src/web/routes.py").remove("legacy/old.py");
    repo.write("migrations/0001.sql", "create table t (id int);\n");
    repo.commit("move routes, drop legacy, add a migration");
    let diff = repo.diff_since(&base);
    assert!(diff.contains("rename from src/api/routes.py"), "git did not record a rename:\n{diff}");
    let checked = check(&Policy::from_toml_str(POLICY).unwrap(), Some(&diff));

    let critical = rule(&checked, "change.critical-files");
    assert_eq!(critical.value, 2.0);
    assert_eq!(critical.changed, ["migrations/0001.sql", "src/web/routes.py"]);
    assert_eq!(rule(&checked, "change.legacy-touched").value, 0.0);
    let with_deleted = rule(&checked, "change.legacy-with-deleted");
    assert_eq!(
        (with_deleted.value, with_deleted.changed.as_slice()),
        (1.0, ["legacy/old.py".to_owned()].as_slice())
    );
    // A renamed source file without a test breaks the rule too.
    assert_eq!(rule(&checked, "change.tests-with-source").value, 0.0);
    assert_eq!(checked.evaluation.outcomes[1].status, Status::Fail);
    assert_eq!(checked.evaluation.verdict, Verdict::Fail);
}

#[test]
fn a_change_outside_the_rules_holds_vacuously() {
    let (repo, base) = project();
    repo.write("README.md", "# app\n");
    repo.commit("docs only");
    let checked = check(&Policy::from_toml_str(POLICY).unwrap(), Some(&repo.diff_since(&base)));
    let tests = rule(&checked, "change.tests-with-source");
    assert_eq!((tests.value, tests.changed.len()), (1.0, 0));
    assert_eq!(
        checked.evaluation.outcomes[0].detail.as_ref().unwrap().to_string(),
        "no file of the rule changed"
    );
}

#[test]
fn without_a_diff_the_rules_are_skipped_never_passed() {
    let checked = check(&Policy::from_toml_str(POLICY).unwrap(), None);
    for outcome in &checked.evaluation.outcomes {
        assert_eq!(outcome.status, Status::Skipped);
        assert_eq!(outcome.reason().unwrap(), "no input: give a diff (`Check::diff`)");
    }
    assert!(checked.evaluation.nothing_evaluated());
    assert_eq!(checked.evaluation.verdict, Verdict::Fail);
    let json: serde_json::Value =
        serde_json::from_str(&render(Output::Json, &checked.evaluation, &checked.metrics)).unwrap();
    assert!(json.get("changes").is_none());
}

#[test]
fn rules_are_checked_when_the_policy_is_read() {
    let error = |toml: &str| Policy::from_toml_str(toml).unwrap_err().to_string();
    assert_eq!(
        error("[[change]]\nname = \"a\"\nwhen-changed = [\"src/**\"]\n"),
        "line 2, column 8: change rule `a`: give `when-changed` with `require-changed`, or `count-changed` alone"
    );
    assert_eq!(
        error("[[change]]\nname = \"a b\"\ncount-changed = [\"x\"]\n"),
        "line 2, column 8: change rule name \"a b\": expected letters, digits, `_` or `-`, like `tests-with-source`"
    );
    assert_eq!(
        error(
            "[[change]]\nname = \"docs\"\ncount-changed = [\"docs/**\"]\n[[gate]]\nmetric = \"change.doc\"\nmax = 0\n"
        ),
        "line 5, column 10: no `[[change]]` rule is named `doc`; did you mean `change.docs`?"
    );
    assert!(
        error("[[change]]\nname = \"a\"\ncount-changed = []\n").contains("`count-changed` lists no glob")
    );
    assert!(
        error("[[change]]\nname = \"a\"\ncount-changed = [\"x\"]\nwhen = [\"y\"]\n")
            .contains("unknown field `when`")
    );
    let policy = Policy::from_toml_str(POLICY).unwrap();
    assert_eq!(Policy::from_toml_str(&policy.to_toml_string()).unwrap(), policy);
}

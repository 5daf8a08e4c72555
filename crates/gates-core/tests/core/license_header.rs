//! `licenses.missing_header` over real diffs made by git: the core names the files to read, the
//! caller reads their first lines, the core decides.

use gates_core::{Check, Diff, Metric, Output, Policy, Status, render};

use crate::git_repo::GitRepo;

const POLICY: &str = r#"
[pr]
ignore = ["src/generated/**"]

[license-header]
paths = ["src/**/*.py"]
lines = 3
spdx = "Apache-2.0"

[[gate]]
metric = "licenses.missing_header"
max = 0
"#;

const HEADER: &str = "# SPDX-License-Identifier: Apache-2.0\n";

fn changed_repo() -> (GitRepo, Diff) {
    let repo = GitRepo::new();
    repo.write("src/kept.py", &format!("{HEADER}A = 1\n"))
        .write("src/old.py", "B = 1\n")
        .write("src/gone.py", "C = 1\n");
    let base = repo.commit("base");
    repo.write("src/kept.py", &format!("{HEADER}A = 2\n"))
        .write(
            "src/new.py",
            "#!/usr/bin/env python\n# coding: utf-8\n# SPDX-License-Identifier: Apache-2.0\n",
        )
        .write("src/late.py", "\n\n\n# SPDX-License-Identifier: Apache-2.0\n")
        .write("src/old.py", "B = 2\n")
        .write("src/generated/pb.py", "D = 1\n")
        .write("docs/notes.py", "E = 1\n")
        .remove("src/gone.py");
    repo.commit("change");
    let diff = Diff::parse(&repo.diff_since(&base)).unwrap();
    (repo, diff)
}

#[test]
fn changed_files_without_the_header_are_counted_and_listed() {
    let (repo, diff) = changed_repo();
    let policy = Policy::from_toml_str(POLICY).unwrap();
    let (paths, lines) = policy.license_header_files(&diff);
    // Deleted, ignored and unmatched files are not read.
    assert_eq!(paths, ["src/kept.py", "src/late.py", "src/new.py", "src/old.py"]);
    let mut check = Check::new(&policy).diff(diff.clone());
    for path in &paths {
        check = check.file_head(*path, repo.head(path, lines));
    }
    let checked = check.run();
    assert_eq!(checked.metrics.value(Metric::LicensesMissingHeader), Ok(2.0));
    assert_eq!(checked.evaluation.outcomes[0].status, Status::Fail);
    let json: serde_json::Value =
        serde_json::from_str(&render(Output::Json, &checked.evaluation, &checked.metrics)).unwrap();
    assert_eq!(json["missing_license_headers"], serde_json::json!(["src/late.py", "src/old.py"]));
    let markdown = render(Output::Markdown, &checked.evaluation, &checked.metrics);
    assert!(markdown.contains("Changed files without the licence header"), "{markdown}");
    assert!(markdown.contains("- `src/old.py`"), "{markdown}");
    let facts = gates_core::cli_support::gate_facts(&checked.evaluation, &checked.metrics);
    assert_eq!(facts[0].items, ["no licence header: src/late.py", "no licence header: src/old.py"]);
}

#[test]
fn a_file_not_read_makes_the_metric_unavailable_never_zero() {
    let (_repo, diff) = changed_repo();
    let policy = Policy::from_toml_str(POLICY).unwrap();
    let checked = Check::new(&policy).diff(diff).file_head("src/kept.py", HEADER).run();
    let outcome = &checked.evaluation.outcomes[0];
    assert_eq!(outcome.status, Status::Skipped);
    assert_eq!(
        outcome.reason().unwrap(),
        "the first lines of src/late.py were not read (a file of the diff missing from the checkout?)"
    );
}

#[test]
fn without_a_diff_or_a_table_the_gate_is_skipped_with_its_reason() {
    let policy = Policy::from_toml_str(POLICY).unwrap();
    let checked = Check::new(&policy).run();
    assert_eq!(checked.evaluation.outcomes[0].reason().unwrap(), "no input: give a diff (`Check::diff`)");
    let (_repo, diff) = changed_repo();
    let no_table =
        Policy::from_toml_str("[[gate]]\nmetric = \"licenses.missing_header\"\nmax = 0\n").unwrap();
    let checked = Check::new(&no_table).diff(diff).run();
    assert_eq!(checked.evaluation.outcomes[0].reason().unwrap(), "the policy has no [license-header] table");
}

#[test]
fn the_table_is_checked_when_the_policy_is_read() {
    let error = |toml: &str| Policy::from_toml_str(toml).unwrap_err().to_string();
    assert!(
        error("[license-header]\npaths = [\"*.py\"]\n")
            .contains("give `spdx = \"Apache-2.0\"` or `pattern = \"…\"`")
    );
    assert!(
        error("[license-header]\npaths = [\"*.py\"]\nspdx = \"MIT\"\npattern = \"x\"\n")
            .contains("one of them")
    );
    assert!(
        error("[license-header]\npaths = [\"*.py\"]\npattern = \"(\"\n")
            .contains("invalid regular expression")
    );
    assert!(error("[license-header]\npaths = []\nspdx = \"MIT\"\n").contains("list the files' globs"));
    let pattern =
        Policy::from_toml_str("[license-header]\npaths = [\"*.py\"]\npattern = \"Copyright \\\\d{4}\"\n")
            .unwrap();
    assert_eq!(Policy::from_toml_str(&pattern.to_toml_string()).unwrap(), pattern);
    let spdx = Policy::from_toml_str(POLICY).unwrap();
    assert_eq!(Policy::from_toml_str(&spdx.to_toml_string()).unwrap(), spdx);
}

//! The core's stages use only the stages before them: model → parse → compare → policy → render,
//! with the front door (`check.rs`) above them all. Read from the `use crate::…` paths of every
//! source file, test modules left out (a test may run the stages above the one it tests).

use std::collections::BTreeSet;
use std::path::Path;

/// Each stage and the stages it may use.
const STAGES: &[(&str, &[&str])] = &[
    ("model", &[]),
    ("parse", &["model"]),
    ("compare", &["model"]),
    ("policy", &["model", "parse", "compare"]),
    ("render", &["model", "parse", "compare", "policy"]),
    ("check", &["model", "parse", "compare", "policy", "render"]),
];

/// The stages named by `crate::STAGE` paths in `source`, up to its test module.
fn stages_used(source: &str) -> BTreeSet<String> {
    let code = source.split("#[cfg(test)]").next().unwrap_or(source);
    let mut used = BTreeSet::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        let name: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
        used.insert(name);
    }
    used
}

fn sources(dir: &Path, found: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, found);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            found.push(path);
        }
    }
}

#[test]
fn each_stage_uses_only_the_stages_before_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let mut wrong = Vec::new();
    for file in &files {
        let relative = file.strip_prefix(&src).unwrap();
        let stage =
            relative.components().next().unwrap().as_os_str().to_str().unwrap().trim_end_matches(".rs");
        let name = file.file_name().unwrap().to_str().unwrap();
        if stage == "lib" || name == "tests.rs" || name.ends_with("_tests.rs") {
            continue;
        }
        let allowed = STAGES
            .iter()
            .find(|(known, _)| *known == stage)
            .unwrap_or_else(|| panic!("{} is in no stage: add it to STAGES", relative.display()))
            .1;
        for used in stages_used(&std::fs::read_to_string(file).unwrap()) {
            if used != stage && !allowed.contains(&used.as_str()) {
                wrong.push(format!("{} uses crate::{used}", relative.display()));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "stages used out of order (or through the crate root's re-exports):\n{}",
        wrong.join("\n")
    );
}

/// The CLI's flags for the inputs that are not reports; the core names them through
/// `InputNames`, which the CLI fills in.
const CLI_INPUT_FLAGS: [&str; 8] =
    ["--diff", "--baseline", "--bench-baseline", "--event", "--pr-title", "--metric", "--input", "--token"];

#[test]
fn the_core_names_no_flag_of_the_cli() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let mut named = Vec::new();
    for file in &files {
        let source = std::fs::read_to_string(file).unwrap();
        let code = source.split("#[cfg(test)]").next().unwrap_or(&source);
        for (number, line) in code.lines().enumerate() {
            let text = line.trim_start();
            if text.starts_with("//") {
                continue;
            }
            for flag in CLI_INPUT_FLAGS {
                let after = line.split(flag).skip(1);
                if after
                    .into_iter()
                    .any(|rest| !rest.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '-'))
                {
                    named.push(format!(
                        "{}:{}: {flag}",
                        file.strip_prefix(&src).unwrap().display(),
                        number + 1
                    ));
                }
            }
        }
    }
    assert!(named.is_empty(), "core texts naming CLI flags (use InputNames):\n{}", named.join("\n"));
}

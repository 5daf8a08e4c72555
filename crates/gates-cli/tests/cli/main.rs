//! Runs the real `gates` binary: exit codes, stdout and stderr together.

mod badge;
mod baseline;
mod change_rules;
mod check;
mod custom;
mod errors;
mod fake_api;
mod findings;
mod generated;
mod git_repo;
mod github;
mod gitlab;
mod history;
mod history_baseline;
mod init;
mod install_script;
mod outdated;
mod output_schema;
mod outputs;
mod patch;
mod pipeline;
mod policy_and_metrics;
mod pull_request;
mod quarantine;
mod report;
mod size_label;
mod strict_json;
mod tracked_issue;

use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository root, so tests name files as a user in the checkout would.
pub(crate) fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

/// The README.md of the repository.
pub(crate) fn readme() -> String {
    std::fs::read_to_string(repo().join("README.md")).unwrap()
}

/// The arguments of the README's first command, `gates check` on the bundled example reports.
pub(crate) fn readme_command() -> Vec<String> {
    let readme = readme();
    let command = readme
        .lines()
        .skip_while(|line| !line.starts_with("# Run gates on the bundled example reports"))
        .nth(1)
        .unwrap();
    command.split_once(" -- ").unwrap().1.split_whitespace().map(str::to_owned).collect()
}

/// Runs `gates ARGS` from the repository root with a clean colour environment.
pub(crate) fn gates(args: &[&str]) -> Run {
    gates_with_env(args, &[])
}

pub(crate) fn gates_with_env(args: &[&str], env: &[(&str, &str)]) -> Run {
    gates_in(&repo(), args, env)
}

/// Runs `gates ARGS` in `dir`.
pub(crate) fn gates_in(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_gates"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .envs(env.iter().copied())
        .output()
        .unwrap();
    Run {
        code: output.status.code().unwrap(),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

/// Runs `gates ARGS` from the repository root with `set` set and `unset` removed from the
/// environment (no step summary either), failing the test if `secret` appears in the output.
pub(crate) fn gates_keeping_secret(args: &[&str], set: &[(&str, &str)], unset: &[&str], secret: &str) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_gates"));
    command.args(args).current_dir(repo()).env_remove("GITHUB_STEP_SUMMARY");
    for name in unset {
        command.env_remove(name);
    }
    let output = command.envs(set.iter().copied()).output().unwrap();
    let run = Run {
        code: output.status.code().unwrap(),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    };
    assert!(
        !run.stdout.contains(secret) && !run.stderr.contains(secret),
        "token leaked:\n{}",
        run.transcript()
    );
    run
}

#[derive(Debug)]
pub(crate) struct Run {
    pub(crate) code: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

impl Run {
    /// Exit code, stdout and stderr in one text, for snapshots.
    pub(crate) fn transcript(&self) -> String {
        format!("exit: {}\n--- stdout\n{}--- stderr\n{}", self.code, self.stdout, self.stderr)
    }

    pub(crate) fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|error| panic!("{error}: {}", self.transcript()))
    }
}

/// Writes `text` to a temporary file and returns its path, kept alive by the returned guard.
pub(crate) fn temp_file(name: &str, text: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    let path = path.to_str().unwrap().to_owned();
    (dir, path)
}

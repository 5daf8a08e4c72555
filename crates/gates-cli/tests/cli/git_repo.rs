//! Throwaway git repositories for the rules over a change: `gates check --diff-base` runs git in them.

use std::path::Path;
use std::process::Command;

use super::{Run, gates_in};

/// A git repository in a temporary folder with a `main` branch and a committer set.
pub(crate) struct GitRepo {
    dir: tempfile::TempDir,
}

impl GitRepo {
    pub(crate) fn new() -> Self {
        let repo = GitRepo { dir: tempfile::tempdir().unwrap() };
        repo.git(&["init", "-q", "-b", "main"]);
        repo
    }

    pub(crate) fn write(&self, path: &str, text: &str) -> &Self {
        let file = self.dir.path().join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
        self
    }

    /// Commits everything on the current branch.
    pub(crate) fn commit(&self, message: &str) -> &Self {
        self.git(&["add", "--all"]);
        self.git(&["commit", "-qm", message]);
        self
    }

    /// Starts branch `name` from the current commit.
    pub(crate) fn branch(&self, name: &str) -> &Self {
        self.git(&["checkout", "-qb", name]);
        self
    }

    pub(crate) fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Runs `gates ARGS` in the repository.
    pub(crate) fn gates(&self, args: &[&str]) -> Run {
        gates_in(self.path(), args, &[])
    }

    pub(crate) fn git(&self, args: &[&str]) {
        git(self.path(), args);
    }
}

/// Runs `git ARGS` in `dir` with a fixed identity and dates, returning its trimmed output.
pub(crate) fn git(dir: &Path, args: &[&str]) -> String {
    let output = Command::new("git")
        .args(["-c", "commit.gpgsign=false"])
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "a")
        .env("GIT_AUTHOR_EMAIL", "a@example.com")
        .env("GIT_COMMITTER_NAME", "a")
        .env("GIT_COMMITTER_EMAIL", "a@example.com")
        .env("GIT_AUTHOR_DATE", "2026-01-02T03:04:05Z")
        .env("GIT_COMMITTER_DATE", "2026-01-02T03:04:05Z")
        .output()
        .unwrap();
    assert!(output.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap().trim().to_owned()
}

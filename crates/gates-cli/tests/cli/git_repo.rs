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
        let output = Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"])
            .args(args)
            .current_dir(self.path())
            .output()
            .unwrap();
        assert!(output.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    }
}

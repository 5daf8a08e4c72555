//! Throwaway git repositories: real diffs made by git, for the rules over a change.

use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

static NEXT: AtomicUsize = AtomicUsize::new(0);

/// A git repository in a temporary folder, removed when dropped.
pub struct GitRepo {
    root: PathBuf,
}

impl GitRepo {
    /// An empty repository with a committer set.
    pub fn new() -> Self {
        let name = format!("gates-core-repo-{}-{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed));
        let root = std::env::temp_dir().join(name);
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).unwrap();
        let repo = GitRepo { root };
        repo.git(&["init", "--quiet", "--initial-branch=main"]);
        repo.git(&["config", "user.name", "gates tests"]);
        repo.git(&["config", "user.email", "tests@example.invalid"]);
        repo.git(&["config", "commit.gpgsign", "false"]);
        repo
    }

    /// Writes `text` to `path`, making its folders.
    pub fn write(&self, path: &str, text: &str) -> &Self {
        let file = self.root.join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
        self
    }

    /// `git mv from to`.
    pub fn rename(&self, from: &str, to: &str) -> &Self {
        std::fs::create_dir_all(self.root.join(to).parent().unwrap()).unwrap();
        self.git(&["mv", from, to]);
        self
    }

    /// `git rm path`.
    pub fn remove(&self, path: &str) -> &Self {
        self.git(&["rm", "--quiet", path]);
        self
    }

    /// Commits everything; returns the commit's id.
    pub fn commit(&self, message: &str) -> String {
        self.git(&["add", "--all"]);
        self.git(&["commit", "--quiet", "-m", message]);
        self.git(&["rev-parse", "HEAD"]).trim().to_owned()
    }

    /// `git diff BASE...HEAD`, as `gates check --diff-base BASE` runs it.
    pub fn diff_since(&self, base: &str) -> String {
        self.git(&["diff", "--no-color", "--no-ext-diff", &format!("{base}...HEAD")])
    }

    /// The first `lines` lines of `path`, as a caller reads them for the licence header check.
    pub fn head(&self, path: &str, lines: usize) -> String {
        let text = std::fs::read_to_string(self.root.join(path)).unwrap();
        text.split_inclusive('\n').take(lines).collect()
    }

    fn git(&self, args: &[&str]) -> String {
        let output = Command::new("git").args(args).current_dir(&self.root).output().unwrap();
        assert!(output.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8(output.stdout).unwrap()
    }
}

impl Drop for GitRepo {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

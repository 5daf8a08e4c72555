//! Resolving the paths a coverage report writes to the paths a repository (and a diff) uses.
//!
//! A report may name `pricing.py` under `<source>inventory</source>`, `./src/a.py`,
//! `C:\build\src\a.py` or `/home/runner/work/app/app/src/a.py`; the diff says `src/a.py`.
//! Every path is normalized (`/` separators, no `./`, configured prefixes stripped), joined with
//! each source root, and matched whole or, failing that, by the longest common suffix that
//! ends at a `/` boundary, as diff-cover matches relative and absolute paths.

use crate::model::Coverage;

/// How report paths become repository paths.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct PathMap {
    /// Prefixes removed from report paths (`/home/runner/work/app/app/`), tried in order.
    pub strip_prefixes: Vec<String>,
}

impl PathMap {
    /// A map that strips the given prefixes.
    pub fn new(strip_prefixes: Vec<String>) -> Self {
        Self { strip_prefixes: strip_prefixes.iter().map(|prefix| normalize(prefix)).collect() }
    }

    /// `\` → `/`, no `./` segments, no doubled `/`, then the first matching prefix stripped.
    pub fn normalize(&self, path: &str) -> String {
        let path = normalize(path);
        for prefix in &self.strip_prefixes {
            if let Some(rest) = path.strip_prefix(prefix.as_str()) {
                return rest.trim_start_matches('/').to_owned();
            }
        }
        path
    }

    /// The paths a report's file may stand for: as written, and joined with each source root.
    pub fn candidates(&self, file: &str, source_roots: &[String]) -> Vec<String> {
        let mut candidates = vec![self.normalize(file)];
        if !is_absolute(file) {
            for root in source_roots {
                let joined = self.normalize(&format!("{}/{file}", root.trim_end_matches(['/', '\\'])));
                if !candidates.contains(&joined) {
                    candidates.push(joined);
                }
            }
        }
        candidates
    }

    /// The key in `coverage.files` of the file that `repo_path` names, if any.
    pub fn find<'a>(&self, repo_path: &str, coverage: &'a Coverage) -> Option<&'a str> {
        let wanted = self.normalize(repo_path);
        let mut best: Option<(usize, &'a str)> = None;
        for key in coverage.files.keys() {
            for candidate in self.candidates(key, &coverage.source_roots) {
                if candidate == wanted {
                    return Some(key);
                }
                let shared = shared_suffix(&candidate, &wanted);
                if shared > 0 && best.is_none_or(|(longest, _)| shared > longest) {
                    best = Some((shared, key));
                }
            }
        }
        best.map(|(_, key)| key)
    }
}

/// How many bytes of `a` and `b` agree from the end, when one ends with the other at a `/`.
fn shared_suffix(a: &str, b: &str) -> usize {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short.is_empty() || !long.ends_with(short) {
        return 0;
    }
    let boundary =
        long.len() == short.len() || long.as_bytes().get(long.len() - short.len() - 1) == Some(&b'/');
    if boundary { short.len() } else { 0 }
}

fn normalize(path: &str) -> String {
    let path = path.trim().replace('\\', "/");
    let absolute = path.starts_with('/');
    let parts: Vec<&str> = path.split('/').filter(|part| !part.is_empty() && *part != ".").collect();
    let joined = parts.join("/");
    if absolute { format!("/{joined}") } else { joined }
}

fn is_absolute(path: &str) -> bool {
    let path = path.trim();
    path.starts_with('/') || path.starts_with('\\') || path.as_bytes().get(1) == Some(&b':')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FileCoverage, LineMerge};

    fn coverage(keys: &[&str], roots: &[&str]) -> Coverage {
        let mut coverage = Coverage::new(false);
        for key in keys {
            coverage.add_file((*key).to_owned(), FileCoverage::default(), LineMerge::SameRun);
        }
        coverage.source_roots = roots.iter().map(|root| (*root).to_owned()).collect();
        coverage
    }

    #[test]
    fn relative_source_root_is_joined() {
        let coverage = coverage(&["pricing.py", "ledger.py"], &["inventory"]);
        assert_eq!(PathMap::default().find("inventory/pricing.py", &coverage), Some("pricing.py"));
    }

    #[test]
    fn windows_dot_and_absolute_paths_resolve() {
        let coverage = coverage(&[".\\src\\app\\m.py", "/home/runner/work/x/x/src/lib/n.py"], &[]);
        let map = PathMap::default();
        assert_eq!(map.find("src/app/m.py", &coverage), Some(".\\src\\app\\m.py"));
        assert_eq!(map.find("src/lib/n.py", &coverage), Some("/home/runner/work/x/x/src/lib/n.py"));
        assert_eq!(map.find("lib/other.py", &coverage), None);
    }

    #[test]
    fn suffix_must_end_at_a_path_boundary() {
        let coverage = coverage(&["src/myapp.py"], &[]);
        assert_eq!(PathMap::default().find("app.py", &coverage), None);
    }

    #[test]
    fn configured_prefix_is_stripped() {
        let map = PathMap::new(vec!["C:\\build\\".to_owned()]);
        assert_eq!(map.normalize("C:\\build\\src\\a.py"), "src/a.py");
    }
}

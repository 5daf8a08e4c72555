//! Resolving the paths a coverage report writes to the paths a repository (and a diff) uses.
//!
//! A report may name `pricing.py` under `<source>inventory</source>`, `./src/a.py`,
//! `C:\build\src\a.py` or `/home/runner/work/app/app/src/a.py`; the diff says `src/a.py`.
//! Every path is normalized (`/` separators, no `./`, configured prefixes stripped), joined with
//! each source root, and matched whole or, failing that, by the longest common suffix that
//! ends at a `/` boundary, as diff-cover matches relative and absolute paths.

use std::collections::HashMap;

use crate::model::Coverage;

/// How report paths become repository paths.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct PathMap {
    /// Prefixes removed from report paths (`/home/runner/work/app/app/`), tried in order.
    pub strip_prefixes: Vec<String>,
    /// The Go module path (`example.com/app`) that Go coverprofiles' import paths start with,
    /// when the policy names it; without it the CLI reads `go.mod`.
    pub go_module: Option<String>,
}

impl PathMap {
    /// A map that strips the given prefixes.
    pub fn new(strip_prefixes: Vec<String>) -> Self {
        Self {
            strip_prefixes: strip_prefixes.iter().map(|prefix| normalize(prefix)).collect(),
            go_module: None,
        }
    }

    /// This map, naming the Go module path of the repository.
    pub fn with_go_module(mut self, go_module: Option<String>) -> Self {
        self.go_module = go_module;
        self
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

    /// Indexes `coverage`'s paths once, so each diff path finds its file in O(path length).
    pub(crate) fn index<'a>(&self, coverage: &'a Coverage) -> PathIndex<'a> {
        let mut index = PathIndex { map: self.clone(), whole: HashMap::new(), suffixes: HashMap::new() };
        for key in coverage.files.keys() {
            for candidate in self.candidates(key, &coverage.source_roots) {
                for suffix in boundary_suffixes(&candidate) {
                    index.suffixes.entry(suffix.to_owned()).or_insert(key.as_str());
                }
                index.whole.entry(candidate).or_insert(key.as_str());
            }
        }
        index
    }
}

/// A coverage report's paths, indexed by every suffix that starts at a `/` boundary.
///
/// A diff path matches a candidate whole, or else by the longest suffix one shares with the
/// other at a `/` boundary; ties go to the first report file in key order.
#[derive(Debug)]
pub(crate) struct PathIndex<'a> {
    map: PathMap,
    /// Each candidate path, to the first key that stands for it.
    whole: HashMap<String, &'a str>,
    /// Each non-empty boundary suffix of a candidate (the whole included), to the first key.
    suffixes: HashMap<String, &'a str>,
}

impl<'a> PathIndex<'a> {
    /// The key in `coverage.files` of the file that `repo_path` names, if any.
    pub fn find(&self, repo_path: &str) -> Option<&'a str> {
        let wanted = self.map.normalize(repo_path);
        if let Some(&key) = self.whole.get(&wanted) {
            return Some(key);
        }
        if wanted.is_empty() {
            return None;
        }
        // A candidate ending with the whole diff path shares all of it: no shorter match beats it.
        if let Some(&key) = self.suffixes.get(&wanted) {
            return Some(key);
        }
        // Otherwise the longest candidate the diff path ends with.
        boundary_suffixes(&wanted).skip(1).find_map(|suffix| self.whole.get(suffix).copied())
    }
}

/// `path` itself, then each part after a `/`, longest first; never the empty string.
fn boundary_suffixes(path: &str) -> impl Iterator<Item = &str> {
    let after_slashes = path.match_indices('/').map(move |(at, _)| &path[at + 1..]);
    std::iter::once(path).chain(after_slashes).filter(|suffix| !suffix.is_empty())
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
        assert_eq!(PathMap::default().index(&coverage).find("inventory/pricing.py"), Some("pricing.py"));
    }

    #[test]
    fn windows_dot_and_absolute_paths_resolve() {
        let coverage = coverage(&[".\\src\\app\\m.py", "/home/runner/work/x/x/src/lib/n.py"], &[]);
        let index = PathMap::default().index(&coverage);
        assert_eq!(index.find("src/app/m.py"), Some(".\\src\\app\\m.py"));
        assert_eq!(index.find("src/lib/n.py"), Some("/home/runner/work/x/x/src/lib/n.py"));
        assert_eq!(index.find("lib/other.py"), None);
    }

    #[test]
    fn suffix_must_end_at_a_path_boundary() {
        let coverage = coverage(&["src/myapp.py"], &[]);
        assert_eq!(PathMap::default().index(&coverage).find("app.py"), None);
    }

    #[test]
    fn configured_prefix_is_stripped() {
        let map = PathMap::new(vec!["C:\\build\\".to_owned()]);
        assert_eq!(map.normalize("C:\\build\\src\\a.py"), "src/a.py");
    }

    /// The rule before the index: every candidate of every key compared with the diff path.
    fn find_by_scanning<'a>(map: &PathMap, repo_path: &str, coverage: &'a Coverage) -> Option<&'a str> {
        let wanted = map.normalize(repo_path);
        let mut best: Option<(usize, &'a str)> = None;
        for key in coverage.files.keys() {
            for candidate in map.candidates(key, &coverage.source_roots) {
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

    #[test]
    fn ambiguous_suffix_goes_to_the_first_key() {
        let coverage = coverage(&["b/src/a.py", "a/src/a.py", "src/a.py"], &[]);
        let index = PathMap::default().index(&coverage);
        assert_eq!(index.find("src/a.py"), Some("src/a.py"));
        assert_eq!(index.find("a.py"), Some("a/src/a.py"));
        assert_eq!(index.find("x/y/src/a.py"), Some("src/a.py"));
    }

    proptest::proptest! {
        #[test]
        fn index_agrees_with_scanning_every_path(
            keys in proptest::collection::vec("(\\.?/|[a-c]:\\\\)?([abc./\\\\]{0,3}/){0,3}[ab.]{0,2}", 0..8),
            roots in proptest::collection::vec("[ab./]{0,4}", 0..3),
            prefixes in proptest::collection::vec("[ab/]{0,3}", 0..2),
            wanted in proptest::collection::vec("(\\.?/)?([ab./\\\\]{0,3}/){0,3}[ab.]{0,2}", 1..6),
        ) {
            let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
            let roots: Vec<&str> = roots.iter().map(String::as_str).collect();
            let coverage = coverage(&keys, &roots);
            let map = PathMap::new(prefixes);
            let index = map.index(&coverage);
            for path in &wanted {
                proptest::prop_assert_eq!(index.find(path), find_by_scanning(&map, path, &coverage), "{}", path);
            }
        }
    }
}

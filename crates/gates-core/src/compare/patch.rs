//! Patch (new-code) coverage: how many of the executable lines a change adds or modifies ran.
//!
//! The figures follow diff-cover: a changed line counts when the coverage report lists it (it is
//! executable) and is covered when its hit count is above zero; files the report does not
//! measure are listed but not counted, and deleted files are left out.

use super::patch_paths::PathMap;
use crate::model::{Coverage, Diff, PatchCoverage, PatchFile};

impl PatchCoverage {
    /// Matches every file of `diff` to `coverage` through `map` and classifies its added lines.
    pub fn compute(coverage: &Coverage, diff: &Diff, map: &PathMap) -> PatchCoverage {
        let index = map.index(coverage);
        let files = diff
            .files
            .iter()
            .filter(|file| !file.deleted && !file.binary && !file.added_lines.is_empty())
            .map(|changed| {
                let key = index.find(&changed.path);
                let (mut covered_lines, mut uncovered_lines) = (Vec::new(), Vec::new());
                if let Some(file) = key.and_then(|key| coverage.files.get(key)) {
                    let lines: Vec<_> = file.lines().collect();
                    for &number in &changed.added_lines {
                        if let Ok(at) = lines.binary_search_by_key(&number, |line| line.number) {
                            let ran = lines.get(at).is_some_and(|line| line.hits > 0);
                            if ran { covered_lines.push(number) } else { uncovered_lines.push(number) }
                        }
                    }
                }
                PatchFile {
                    path: changed.path.clone(),
                    coverage_path: key.map(str::to_owned),
                    covered_lines,
                    uncovered_lines,
                }
            })
            .collect();
        PatchCoverage { files }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_join_consecutive_lines() {
        let file = PatchFile {
            path: "a".into(),
            coverage_path: None,
            covered_lines: vec![],
            uncovered_lines: vec![3, 4, 5, 9],
        };
        assert_eq!(file.uncovered_ranges(), vec![(3, 5), (9, 9)]);
    }
}

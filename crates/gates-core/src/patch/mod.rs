//! Patch (new-code) coverage: how many of the executable lines a change adds or modifies ran.
//!
//! The figures follow diff-cover: a changed line counts when the coverage report lists it (it is
//! executable) and is covered when its hit count is above zero; files the report does not
//! measure are listed but not counted, and deleted files are left out.

mod diff;
mod paths;

use serde::Serialize;

pub use diff::{ChangedFile, Diff, DiffError};
pub use paths::{PathIndex, PathMap};

use crate::model::Coverage;

/// The coverage of a change.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct PatchCoverage {
    /// Every file the diff adds lines to, in diff order.
    pub files: Vec<PatchFile>,
}

/// One changed file.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct PatchFile {
    /// The path as the diff names it.
    pub path: String,
    /// The coverage report's name for it; `None` when the report does not measure it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coverage_path: Option<String>,
    /// Changed executable lines that ran.
    pub covered_lines: Vec<u32>,
    /// Changed executable lines that did not run.
    pub uncovered_lines: Vec<u32>,
}

impl PatchFile {
    /// Uncovered lines as inclusive ranges: `[3, 4, 5, 9]` → `[(3, 5), (9, 9)]`.
    pub fn uncovered_ranges(&self) -> Vec<(u32, u32)> {
        let mut ranges: Vec<(u32, u32)> = Vec::new();
        for &line in &self.uncovered_lines {
            match ranges.last_mut() {
                Some((_, end)) if end.checked_add(1) == Some(line) => *end = line,
                _ => ranges.push((line, line)),
            }
        }
        ranges
    }
}

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

    /// Changed executable lines that ran.
    pub fn lines_covered(&self) -> u64 {
        self.files.iter().map(|file| file.covered_lines.len() as u64).sum()
    }

    /// Changed executable lines.
    pub fn lines_valid(&self) -> u64 {
        self.files.iter().map(|file| (file.covered_lines.len() + file.uncovered_lines.len()) as u64).sum()
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

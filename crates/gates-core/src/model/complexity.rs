//! Code complexity: cyclomatic complexity per block and maintainability per file (radon).

use serde::{Deserialize, Serialize};

/// Complexity measurements of one or more reports.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Complexity {
    /// Functions, methods and classes with their cyclomatic complexity (`radon cc`).
    pub blocks: Vec<Block>,
    /// Maintainability index per file (`radon mi`).
    pub maintainability: Vec<FileMaintainability>,
    /// Line counts per file (`radon raw`).
    pub sizes: Vec<FileSize>,
    /// Files the tool could not analyse.
    pub problems: Vec<super::ScanProblem>,
}

/// The line counts of one file, as `radon raw` counts them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FileSize {
    /// The file.
    pub path: String,
    /// Lines.
    pub loc: u64,
    /// Logical lines of code.
    pub lloc: u64,
    /// Source lines of code.
    pub sloc: u64,
    /// Comment lines.
    pub comments: u64,
    /// Lines of multi-line strings (docstrings).
    pub multi: u64,
    /// Blank lines.
    pub blank: u64,
}

/// What kind of code block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum BlockKind {
    /// A module-level function.
    Function,
    /// A method of a class.
    Method,
    /// A class (its complexity is that of its methods together).
    Class,
}

/// One block with its cyclomatic complexity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Block {
    /// The file.
    pub path: String,
    /// The block's name.
    pub name: String,
    /// The enclosing class of a method.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub classname: Option<String>,
    /// Function, method or class.
    pub kind: BlockKind,
    /// Cyclomatic complexity.
    pub complexity: u32,
    /// First line, 1-based.
    pub line: u32,
    /// Last line, where given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_line: Option<u32>,
}

/// The maintainability index of one file, 0–100.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FileMaintainability {
    /// The file.
    pub path: String,
    /// The index, 0–100 (higher is better).
    pub index: f64,
}

/// radon's rank of a cyclomatic complexity: A 1–5, B 6–10, C 11–20, D 21–30, E 31–40, F 41+.
pub fn complexity_rank(complexity: u32) -> char {
    match complexity {
        0..=5 => 'A',
        6..=10 => 'B',
        11..=20 => 'C',
        21..=30 => 'D',
        31..=40 => 'E',
        _ => 'F',
    }
}

/// The highest complexity a rank allows (`B` → 10); `F` has no bound.
pub fn complexity_rank_bound(rank: char) -> Option<u32> {
    match rank.to_ascii_uppercase() {
        'A' => Some(5),
        'B' => Some(10),
        'C' => Some(20),
        'D' => Some(30),
        'E' => Some(40),
        _ => None,
    }
}

/// radon's rank of a maintainability index: A above 19, B 10–19, C below 10.
pub fn maintainability_rank_floor(rank: char) -> Option<f64> {
    match rank.to_ascii_uppercase() {
        'A' => Some(20.0),
        'B' => Some(10.0),
        'C' => Some(0.0),
        _ => None,
    }
}

impl Complexity {
    /// Adds another report's measurements.
    pub fn merge(&mut self, other: Complexity) {
        self.blocks.extend(other.blocks);
        self.maintainability.extend(other.maintainability);
        self.sizes.extend(other.sizes);
        self.problems.extend(other.problems);
    }

    /// The mean complexity over all blocks, as `radon cc -a` prints it.
    pub fn average(&self) -> Option<f64> {
        let count = self.blocks.len();
        (count > 0)
            .then(|| self.blocks.iter().map(|block| f64::from(block.complexity)).sum::<f64>() / count as f64)
    }

    /// The highest complexity of any block.
    pub fn max(&self) -> Option<u32> {
        self.blocks.iter().map(|block| block.complexity).max()
    }

    /// The lowest maintainability index of any file.
    pub fn min_maintainability(&self) -> Option<f64> {
        self.maintainability.iter().map(|file| file.index).min_by(f64::total_cmp)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_follow_radon() {
        let ranks: String = [1, 5, 6, 10, 11, 20, 21, 30, 31, 40, 41].map(complexity_rank).iter().collect();
        assert_eq!(ranks, "AABBCCDDEEF");
        assert_eq!(complexity_rank_bound('b'), Some(10));
        assert_eq!(complexity_rank_bound('F'), None);
    }
}

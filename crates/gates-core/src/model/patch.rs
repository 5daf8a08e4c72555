//! The coverage of a change: per changed file, which of its changed executable lines ran.

use serde::Serialize;

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
    /// Changed executable lines that ran.
    pub fn lines_covered(&self) -> u64 {
        self.files.iter().map(|file| file.covered_lines.len() as u64).sum()
    }

    /// Changed executable lines.
    pub fn lines_valid(&self) -> u64 {
        self.files.iter().map(|file| (file.covered_lines.len() + file.uncovered_lines.len()) as u64).sum()
    }
}

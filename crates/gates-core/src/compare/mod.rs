//! Candidate against baseline, pure computations: benchmark timings with significance tests,
//! a baseline snapshot's findings, and the coverage of a change.

mod baseline;
mod bench;
mod history;
mod patch;
mod patch_paths;
mod stats;

#[cfg(test)]
pub(crate) use baseline::tests as baseline_tests;
pub use baseline::{Baseline, BaselineError, FindingKey};
pub use bench::{
    BenchComparison, BenchRow, BenchVerdict, CompareOptions, Significance, SignificanceTest, Statistic,
    compare_benchmarks,
};
pub use history::{
    BaselineOrigin, BenchSummary, CommitFacts, DEFAULT_KEEP, HISTORY_VERSION, History, HistoryEntry,
    HistoryError, IntermittentTest, TestIds, TrendPoint, short_sha,
};
pub use patch_paths::PathMap;

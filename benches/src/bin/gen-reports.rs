//! Writes the generated benchmark reports into a folder:
//! `gen-reports DIR [MEGABYTES] [CASES] [COVERAGE_SHARDS JUNIT_SHARDS]` → `DIR/coverage.xml`,
//! `DIR/junit.xml`, and with shard counts the same files and test cases split into
//! `DIR/coverage-shards/NNNN.xml` and `DIR/junit-shards/NNNN.xml`; prints the expected totals
//! (the same for the shards as for the whole), the Cobertura report's files and the sizes as one JSON
//! object.

use std::path::{Path, PathBuf};

use gates_benches::{CoberturaClasses, PytestCases};

const USAGE: &str = "usage: gen-reports DIR [MEGABYTES] [CASES] [COVERAGE_SHARDS JUNIT_SHARDS]";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().ok_or(USAGE)?);
    let megabytes = match args.next() {
        Some(text) => text.parse()?,
        None => gates_benches::bench_megabytes(),
    };
    let cases = match args.next() {
        Some(text) => text.parse()?,
        None => gates_benches::bench_cases(),
    };
    let shards: Option<(usize, usize)> = match (args.next(), args.next()) {
        (Some(coverage), Some(junit)) => Some((coverage.parse()?, junit.parse()?)),
        (None, None) => None,
        _ => return Err(USAGE.into()),
    };
    let classes =
        CoberturaClasses::coverage_py(megabytes * 1_000_000, shards.map_or(1, |(coverage, _)| coverage));
    let cobertura = classes.report();
    std::fs::write(dir.join("coverage.xml"), &cobertura)?;
    let lines = classes.totals();
    let test_cases = PytestCases::generate(cases);
    let junit = test_cases.report();
    std::fs::write(dir.join("junit.xml"), &junit)?;
    let tests = test_cases.totals();
    let (coverage_shard_bytes, junit_shard_bytes) = match shards {
        Some((coverage, junit)) => (
            write_shards(&dir.join("coverage-shards"), &classes.shards(coverage))?,
            write_shards(&dir.join("junit-shards"), &test_cases.shards(junit))?,
        ),
        None => (0, 0),
    };
    println!(
        "{{\"coverage_bytes\": {}, \"files\": {}, \"lines_valid\": {}, \"lines_covered\": {}, \"branches_valid\": {}, \"branches_covered\": {}, \
         \"junit_bytes\": {}, \"tests\": {}, \"passed\": {}, \"failed\": {}, \"errors\": {}, \"skipped\": {}, \
         \"coverage_shard_bytes\": {coverage_shard_bytes}, \"junit_shard_bytes\": {junit_shard_bytes}}}",
        cobertura.len(),
        classes.files(),
        lines.lines_valid,
        lines.lines_covered,
        lines.branches_valid,
        lines.branches_covered,
        junit.len(),
        tests.total,
        tests.passed,
        tests.failed,
        tests.errors,
        tests.skipped
    );
    Ok(())
}

/// Writes each shard as `DIR/NNNN.xml` (from 0001); returns their bytes in all.
fn write_shards(dir: &Path, shards: &[Vec<u8>]) -> std::io::Result<usize> {
    std::fs::create_dir_all(dir)?;
    for (index, shard) in shards.iter().enumerate() {
        std::fs::write(dir.join(format!("{:04}.xml", index + 1)), shard)?;
    }
    Ok(shards.iter().map(Vec::len).sum())
}

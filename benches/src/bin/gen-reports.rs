//! Writes the generated benchmark reports into a folder:
//! `gen-reports DIR [MEGABYTES] [CASES]` → `DIR/coverage.xml`, `DIR/junit.xml`, and their
//! expected totals as one JSON object on standard output.

use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().ok_or("usage: gen-reports DIR [MEGABYTES] [CASES]")?);
    let megabytes = match args.next() {
        Some(text) => text.parse()?,
        None => gates_benches::bench_megabytes(),
    };
    let cases = match args.next() {
        Some(text) => text.parse()?,
        None => gates_benches::bench_cases(),
    };
    let (cobertura, lines) = gates_benches::cobertura_coverage_py(megabytes * 1_000_000);
    std::fs::write(dir.join("coverage.xml"), &cobertura)?;
    let (junit, tests) = gates_benches::junit_pytest(cases);
    std::fs::write(dir.join("junit.xml"), &junit)?;
    println!(
        "{{\"coverage_bytes\": {}, \"lines_valid\": {}, \"lines_covered\": {}, \"branches_valid\": {}, \"branches_covered\": {}, \
         \"junit_bytes\": {}, \"tests\": {}, \"passed\": {}, \"failed\": {}, \"errors\": {}, \"skipped\": {}}}",
        cobertura.len(),
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

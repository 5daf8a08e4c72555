//! Parse throughput on large generated reports: gates' Cobertura parser on a coverage.py report
//! of `GATES_BENCH_MB` megabytes (default 100), a bare quick-xml event loop over the same bytes
//! (the floor to compare against), and gates' JUnit parser on a pytest report of
//! `GATES_BENCH_CASES` test cases (default 100,000). The inputs are generated once, and the
//! parsers' totals checked against the generators' before anything is timed. Also patch coverage
//! of a diff adding lines 1 to 20 to every second file of that Cobertura report, and merging the
//! same reports split into 1,000 JUnit shards and 200 Cobertura shards (the per-byte speed should
//! match one file's).
//!
//! `cargo bench -p gates-benches`; `GATES_BENCH_MB=10 cargo bench -p gates-benches` for a quick run.

use std::sync::LazyLock;

use divan::Bencher;
use divan::counter::BytesCount;
use gates_benches::{
    CoberturaClasses, CoverageTotals, PytestCases, TestTotals, bench_cases, bench_megabytes,
};
use gates_core::model::{Coverage, Report, ReportContent, TestRun};
use gates_core::{Diff, PatchCoverage, PathMap};
use gates_core::{Format, MergeTarget, Metrics};
use quick_xml::Reader;
use quick_xml::events::Event;

/// A generated report, the same split into shards, and the totals a parser must find in both.
struct Input<T> {
    bytes: Vec<u8>,
    shards: Vec<Vec<u8>>,
    expected: T,
}

const COBERTURA_SHARDS: usize = 200;
const JUNIT_SHARDS: usize = 1_000;

static COBERTURA: LazyLock<Input<CoverageTotals>> = LazyLock::new(|| {
    let megabytes = if timing() { bench_megabytes() } else { 1 };
    let classes = CoberturaClasses::coverage_py(megabytes * 1_000_000, COBERTURA_SHARDS);
    Input { bytes: classes.report(), shards: classes.shards(COBERTURA_SHARDS), expected: classes.totals() }
});

static JUNIT: LazyLock<Input<TestTotals>> = LazyLock::new(|| {
    let cases = PytestCases::generate(if timing() { bench_cases() } else { 2_000 });
    Input { bytes: cases.report(), shards: cases.shards(JUNIT_SHARDS), expected: cases.totals() }
});

/// `cargo bench` passes `--bench`; without it (`cargo test --benches`) divan runs each bench
/// once as a test, on small inputs.
fn timing() -> bool {
    std::env::args().any(|arg| arg == "--bench")
}

fn main() {
    check_inputs();
    divan::main();
}

/// Outside the timed part: the parsers must find exactly what was generated.
fn check_inputs() {
    let cobertura = &*COBERTURA;
    let ReportContent::Coverage(coverage) = parse_cobertura(&cobertura.bytes).content else {
        panic!("the generated Cobertura report did not parse as coverage")
    };
    assert_eq!(
        CoverageTotals::of(&coverage),
        cobertura.expected,
        "gates' Cobertura totals differ from the generator's"
    );
    for skip_white_space in [false, true] {
        assert_eq!(
            count_lines(&cobertura.bytes, skip_white_space),
            cobertura.expected.lines_valid,
            "the bare loop's count differs"
        );
    }

    let junit = &*JUNIT;
    let ReportContent::Tests(run) = parse_junit(&junit.bytes).content else {
        panic!("the generated JUnit report did not parse as tests")
    };
    assert_eq!(TestTotals::of(&run), junit.expected, "gates' JUnit counts differ from the generator's");
    eprintln!(
        "inputs: Cobertura {:.1} MB {:?}; JUnit {:.1} MB {:?}",
        cobertura.bytes.len() as f64 / 1e6,
        cobertura.expected,
        junit.bytes.len() as f64 / 1e6,
        junit.expected
    );
    check_patch();
    check_shards();
}

/// Lines 1 to `DIFF_LINES` added to every second file of the generated report.
const DIFF_LINES: u32 = 20;

static PATCH: LazyLock<(Coverage, Diff)> = LazyLock::new(|| {
    let ReportContent::Coverage(coverage) = parse_cobertura(&COBERTURA.bytes).content else {
        panic!("the generated Cobertura report did not parse as coverage")
    };
    let mut text = String::new();
    for path in coverage.files.keys().step_by(2) {
        text.push_str(&format!("--- a/{path}\n+++ b/{path}\n@@ -0,0 +1,{DIFF_LINES} @@\n"));
        text.extend((1..=DIFF_LINES).map(|number| format!("+line {number}\n")));
    }
    let diff = Diff::parse(&text).expect("the generated diff parses");
    (coverage, diff)
});

/// Each diff file must find its own report file, and count the report's lines 1 to 20.
fn check_patch() {
    let (coverage, diff) = &*PATCH;
    let patch = PatchCoverage::compute(coverage, diff, &PathMap::default());
    let chosen: Vec<&String> = coverage.files.keys().step_by(2).collect();
    assert_eq!(patch.files.len(), chosen.len());
    let mut valid = 0u64;
    for (file, key) in patch.files.iter().zip(&chosen) {
        assert_eq!(file.coverage_path.as_deref(), Some(key.as_str()), "diff path {}", file.path);
        valid += coverage.files[*key].lines().filter(|line| line.number <= DIFF_LINES).count() as u64;
    }
    assert_eq!(patch.lines_valid(), valid, "patch lines differ from the report's lines 1 to {DIFF_LINES}");
    eprintln!("patch: {} files, {} of {} changed lines covered", chosen.len(), patch.lines_covered(), valid);
}

/// The merged shards hold exactly the whole reports' totals.
fn check_shards() {
    let found = CoverageTotals::of(&merge_coverage(&COBERTURA.shards));
    assert_eq!(found, COBERTURA.expected, "the merged Cobertura shards differ from the whole report");
    let found = TestTotals::of(&merge_tests(&JUNIT.shards));
    assert_eq!(found, JUNIT.expected, "the merged JUnit shards differ from the whole report");
    eprintln!(
        "shards: {COBERTURA_SHARDS} Cobertura, {JUNIT_SHARDS} JUnit, merged to the whole reports' totals"
    );
}

fn merge_coverage(shards: &[Vec<u8>]) -> Coverage {
    let mut merged: Option<Coverage> = None;
    for shard in shards {
        let ReportContent::Coverage(coverage) = parse_cobertura(shard).content else {
            panic!("not coverage")
        };
        match merged.as_mut() {
            Some(merged) => merged.merge(coverage),
            None => merged = Some(coverage),
        }
    }
    merged.expect("at least one shard")
}

/// The shards read as `gates check` reads them, each knowing the slowest passes merged before it.
fn merge_tests(shards: &[Vec<u8>]) -> TestRun {
    let mut merged = Metrics::new();
    for shard in shards {
        let report =
            gates_core::parse_reader_merging(Format::Junit, shard.as_slice(), MergeTarget::of(&merged))
                .expect("the generated JUnit shard parses");
        merged.add("shard.xml".to_owned(), report);
    }
    merged.tests.expect("at least one shard")
}

fn parse_cobertura(bytes: &[u8]) -> Report {
    gates_core::parse_reader(Format::Cobertura, bytes).expect("the generated Cobertura report parses")
}

fn parse_junit(bytes: &[u8]) -> Report {
    gates_core::parse_reader(Format::Junit, bytes).expect("the generated JUnit report parses")
}

/// The floor: quick-xml's event loop counting `<line>` elements, with its default settings or
/// with `trim_text_start` (white space between elements makes no events).
fn count_lines(bytes: &[u8], skip_white_space: bool) -> u64 {
    let mut reader = Reader::from_reader(bytes);
    reader.config_mut().trim_text_start = skip_white_space;
    let mut buf = Vec::new();
    let mut lines = 0u64;
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Empty(element)) if element.name().as_ref() == "line" => lines += 1,
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(error) => panic!("quick-xml: {error}"),
        }
        buf.clear();
    }
    lines
}

/// gates' Cobertura parser (`gates_core::parse_reader`), the model included.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn cobertura_gates_parse(bencher: Bencher) {
    let bytes = &COBERTURA.bytes[..];
    bencher.counter(BytesCount::of_slice(bytes)).bench(|| parse_cobertura(divan::black_box(bytes)));
}

/// A bare quick-xml 0.42 `read_event_into` loop counting `<line>` elements.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn cobertura_bare_quick_xml(bencher: Bencher) {
    let bytes = &COBERTURA.bytes[..];
    bencher.counter(BytesCount::of_slice(bytes)).bench(|| count_lines(divan::black_box(bytes), false));
}

/// The same loop skipping the white space between elements, as gates' Cobertura parser does.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn cobertura_quick_xml_skipping_white_space(bencher: Bencher) {
    let bytes = &COBERTURA.bytes[..];
    bencher.counter(BytesCount::of_slice(bytes)).bench(|| count_lines(divan::black_box(bytes), true));
}

/// gates' JUnit parser on the pytest report.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn junit_gates_parse(bencher: Bencher) {
    let bytes = &JUNIT.bytes[..];
    bencher.counter(BytesCount::of_slice(bytes)).bench(|| parse_junit(divan::black_box(bytes)));
}

/// Patch coverage of a diff touching every second file of the Cobertura report (parsing excluded).
#[divan::bench(sample_count = 10, sample_size = 1)]
fn patch_coverage_large_diff(bencher: Bencher) {
    let (coverage, diff) = &*PATCH;
    bencher.bench(|| PatchCoverage::compute(divan::black_box(coverage), diff, &PathMap::default()));
}

/// 200 Cobertura shards parsed and merged.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn merge_200_cobertura_shards(bencher: Bencher) {
    let shards = &COBERTURA.shards;
    let bytes: usize = shards.iter().map(Vec::len).sum();
    bencher.counter(BytesCount::new(bytes)).bench(|| merge_coverage(divan::black_box(shards)));
}

/// 1,000 JUnit shards parsed and merged.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn merge_1000_junit_shards(bencher: Bencher) {
    let shards = &JUNIT.shards;
    let bytes: usize = shards.iter().map(Vec::len).sum();
    bencher.counter(BytesCount::new(bytes)).bench(|| merge_tests(divan::black_box(shards)));
}

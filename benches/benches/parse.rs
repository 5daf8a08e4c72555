//! Parse throughput on large generated reports: gates' Cobertura parser on a coverage.py report
//! of `GATES_BENCH_MB` megabytes (default 100), a bare quick-xml event loop over the same bytes
//! (the floor to compare against), and gates' JUnit parser on a pytest report of
//! `GATES_BENCH_CASES` test cases (default 100,000). The inputs are generated once, and the
//! parsers' totals checked against the generators' before anything is timed.
//!
//! `cargo bench -p gates-benches`; `GATES_BENCH_MB=10 cargo bench -p gates-benches` for a quick run.

use std::sync::LazyLock;

use divan::Bencher;
use divan::counter::BytesCount;
use gates_benches::{
    CoverageTotals, TestTotals, bench_cases, bench_megabytes, cobertura_coverage_py, junit_pytest,
};
use gates_core::model::{Report, ReportContent};
use gates_core::parse::{self, Format};
use quick_xml::Reader;
use quick_xml::events::Event;

struct Input<T> {
    bytes: Vec<u8>,
    expected: T,
}

static COBERTURA: LazyLock<Input<CoverageTotals>> = LazyLock::new(|| {
    let megabytes = if timing() { bench_megabytes() } else { 1 };
    let (bytes, expected) = cobertura_coverage_py(megabytes * 1_000_000);
    Input { bytes, expected }
});

static JUNIT: LazyLock<Input<TestTotals>> = LazyLock::new(|| {
    let cases = if timing() { bench_cases() } else { 2_000 };
    let (bytes, expected) = junit_pytest(cases);
    Input { bytes, expected }
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
    let totals = coverage.totals();
    let found = CoverageTotals {
        lines_valid: totals.lines_valid,
        lines_covered: totals.lines_covered,
        branches_valid: totals.branches_valid,
        branches_covered: totals.branches_covered,
    };
    assert_eq!(found, cobertura.expected, "gates' Cobertura totals differ from the generator's");
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
    let counts = run.counts();
    let found = TestTotals {
        total: counts.total,
        passed: counts.passed,
        failed: counts.failed,
        errors: counts.errors,
        skipped: counts.skipped,
    };
    assert_eq!(found, junit.expected, "gates' JUnit counts differ from the generator's");
    eprintln!(
        "inputs: Cobertura {:.1} MB {:?}; JUnit {:.1} MB {:?}",
        cobertura.bytes.len() as f64 / 1e6,
        cobertura.expected,
        junit.bytes.len() as f64 / 1e6,
        junit.expected
    );
}

fn parse_cobertura(bytes: &[u8]) -> Report {
    parse::parse(Format::Cobertura, bytes).expect("the generated Cobertura report parses")
}

fn parse_junit(bytes: &[u8]) -> Report {
    parse::parse(Format::Junit, bytes).expect("the generated JUnit report parses")
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

/// gates' Cobertura parser (`gates_core::parse::parse`), the model included.
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

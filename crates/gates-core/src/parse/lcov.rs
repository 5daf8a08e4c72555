//! LCOV tracefiles (`.info`).
//!
//! Producers seen: lcov 2.x's own test tracefiles (with 2.2's `FNL`/`FNA` function records and
//! `MCDC`), gcovr 8.6 (`VER:`, an MD5 checksum after `DA:` counts, exception branches `e4`), grcov
//! (Firefox JS), coverage.py 7.17 (`coverage lcov`: branch names in prose, `jump to line 6`).
//! cargo-llvm-cov and c8/nyc write the same records and were not tried. The format is described
//! under "TRACEFILE FORMAT" in lcov's geninfo(1) man page; lcov's reader (`lib/lcovutil.pm`) was
//! read for the corners: a branch name may hold commas (the count is after the last one) and a
//! block may carry `e`, `f` and `U` flags.
//!
//! The `DA:` lines are the oracle for lines and the `BRDA:` lines for branches; the `LF`/`LH` and
//! `BRF`/`BRH` summaries are only compared with them, and a disagreement becomes a note.
//! - One record (`SF:` … `end_of_record`) is one measurement: a line listed twice in it counts once,
//!   with the larger count.
//! - The same `SF:` in several records (one per `TN:` test name, or tracefiles concatenated) is
//!   separate runs, as `lcov --add-tracefile` merges them: line counts add up, and a branch (same
//!   line, block and name, matched in order of appearance) is taken if any run took it.
//! - A branch is one `BRDA:` entry, taken when its count is above 0; `-` (never evaluated) is 0.
//!   Branches flagged unreachable (`U` before the block) are left out, as lcov leaves them out of
//!   `BRF`; exception branches (`e`) count, as they do in `BRF`.
//! - A negative count (`DA:4,-3`) is read as 0 with a note; a count that is no number is an error.
//!   Function, version and MC/DC records are checked to be well formed, not counted: the model has
//!   no place for them. Any other key, or a control character, is an error.
//! - `DA:0` is no source line (as Codecov reads it): left out, with a note.

use super::lines::Lines;
use std::collections::BTreeMap;
use std::io::BufRead;

use super::error::{ParseError, ParseErrorKind, io_error};
use super::{Format, number};
use crate::model::{Coverage, FileCoverage, LineCoverage, LineMerge, Report, ReportContent};

/// Longest line read; only records gates skips (long C++ function names) may be longer.
const MAX_LINE: usize = 64 * 1024;

/// Whether `content` looks like a tracefile: its first line that is neither blank nor a `#`
/// comment starts a test (`TN:`) or a record (`SF:`).
pub(crate) fn sniff(content: &[u8]) -> Option<Format> {
    let content = content.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(content);
    let first = content
        .split(|&byte| byte == b'\n')
        .map(<[u8]>::trim_ascii)
        .find(|line| !line.is_empty() && !line.starts_with(b"#"))?;
    (first.starts_with(b"TN:") || first.starts_with(b"SF:")).then_some(Format::Lcov)
}

/// Parses an LCOV tracefile line by line.
pub(crate) fn parse<R: BufRead>(input: R) -> Result<Report, ParseError> {
    let mut parser = Parser::default();
    let mut lines = Lines::new(input, MAX_LINE);
    while let Some(line) = lines.next_line().map_err(|error| io_error(Format::Lcov, error))? {
        parser.line_number = line.number as u64;
        if line.cut {
            if !skipped_record(line.bytes) {
                let kind = ParseErrorKind::UnexpectedLine {
                    expected: "a line shorter than 64 KiB",
                    line: line.number,
                };
                return Err(parser.error(kind, line.start));
            }
            continue;
        }
        let lead = (line.bytes.len() - line.bytes.trim_ascii_start().len()) as u64;
        parser.read_line(line.bytes.trim_ascii(), line.start + lead)?;
    }
    parser.finish()
}

/// Records whose content gates does not read, so a line too long to keep can be skipped.
fn skipped_record(line: &[u8]) -> bool {
    let line = line.trim_ascii_start();
    line.starts_with(b"#")
        || [&b"TN:"[..], b"VER:", b"FN:", b"FNDA:", b"FNL:", b"FNA:", b"MCDC:"]
            .iter()
            .any(|key| line.starts_with(key))
}

#[derive(Debug, Default)]
struct Parser {
    files: BTreeMap<String, FileRuns>,
    record: Option<Record>,
    records_seen: u64,
    line_number: u64,
    branches_seen: bool,
    negative_counts: Tally,
    lines_numbered_zero: Tally,
    line_summaries: Tally,
    branch_summaries: Tally,
}

/// How often something was noticed, and where first.
#[derive(Debug, Default)]
struct Tally {
    count: u64,
    first: Option<String>,
}

impl Tally {
    fn add(&mut self, first: impl FnOnce() -> String) {
        self.add_many(1, first);
    }

    fn add_many(&mut self, count: u64, first: impl FnOnce() -> String) {
        self.count += count;
        if self.first.is_none() {
            self.first = Some(first());
        }
    }
}

/// One file over every record that names it.
#[derive(Debug, Default)]
struct FileRuns {
    lines: BTreeMap<u32, u64>,
    /// Counts by (line, block, branch name), one per appearance within a record.
    branches: BTreeMap<BranchKey, Vec<u64>>,
}

type BranchKey = (u32, Vec<u8>, Vec<u8>);

/// The record being read: `SF:` seen, `end_of_record` not yet.
#[derive(Debug)]
struct Record {
    path: String,
    lines: BTreeMap<u32, u64>,
    branches: BTreeMap<BranchKey, Vec<u64>>,
    lines_found: Option<u64>,
    lines_hit: Option<u64>,
    branches_found: Option<u64>,
    branches_hit: Option<u64>,
}

/// A count as written: a number, or a negative number (which lcov itself reports as an error).
enum Count {
    Hits(u64),
    Negative,
}

impl Parser {
    fn read_line(&mut self, line: &[u8], start: u64) -> Result<(), ParseError> {
        if line.is_empty() || line.starts_with(b"#") {
            return Ok(());
        }
        if let Some(at) = line.iter().position(|&byte| (byte < b' ' && byte != b'\t') || byte == 0x7f) {
            let found = format!("{:?}", char::from(line.get(at).copied().unwrap_or_default()));
            let kind = ParseErrorKind::invalid("printable text, not a control character", &found);
            return Err(self.error(kind, start + at as u64));
        }
        if line == b"end_of_record" {
            return self.end_record(start);
        }
        let (key, value) = match line.iter().position(|&byte| byte == b':') {
            Some(colon) => (line.get(..colon).unwrap_or_default(), line.get(colon + 1..).unwrap_or_default()),
            None => (&b""[..], line),
        };
        if key.is_empty() || !key.iter().all(u8::is_ascii_uppercase) {
            let kind = ParseErrorKind::UnexpectedLine {
                expected: "an LCOV record such as `SF:<path>`, `DA:<line>,<count>` or `end_of_record`",
                line: self.line_number as usize,
            };
            return Err(self.error(kind, start));
        }
        // Fields start after `KEY:`.
        let value_start = start + key.len() as u64 + 1;
        match key {
            b"TN" => Ok(()),
            b"SF" => self.start_record(value, start),
            b"DA" | b"BRDA" | b"LF" | b"LH" | b"BRF" | b"BRH" | b"VER" | b"FN" | b"FNDA" | b"FNF"
            | b"FNH" | b"FNL" | b"FNA" | b"MCDC" | b"MCF" | b"MCH" => {
                if self.record.is_none() {
                    let found = format!("{}:", String::from_utf8_lossy(key));
                    let kind =
                        ParseErrorKind::Misplaced { found, problem: "outside a record (no SF: before it)" };
                    return Err(self.error(kind, start));
                }
                match key {
                    b"DA" => self.line_data(value, value_start),
                    b"BRDA" => self.branch_data(value, value_start),
                    _ => self.summary(key, value, value_start),
                }
            }
            _ => {
                let kind = ParseErrorKind::invalid(
                    "a record of lcov's tracefile format (TN, SF, VER, FN, FNDA, FNF, FNH, FNL, FNA, DA, BRDA, BRF, BRH, LF, LH, MCDC, MCF, MCH, end_of_record)",
                    &format!("{}:", String::from_utf8_lossy(key)),
                );
                Err(self.error(kind, start))
            }
        }
    }

    fn start_record(&mut self, path: &[u8], start: u64) -> Result<(), ParseError> {
        if self.record.is_some() {
            let kind = ParseErrorKind::Misplaced {
                found: "SF:".to_owned(),
                problem: "inside a record (no end_of_record after the previous SF:)",
            };
            return Err(self.error(kind, start));
        }
        self.records_seen += 1;
        self.record = Some(Record {
            path: String::from_utf8_lossy(path).into_owned(),
            lines: BTreeMap::new(),
            branches: BTreeMap::new(),
            lines_found: None,
            lines_hit: None,
            branches_found: None,
            branches_hit: None,
        });
        Ok(())
    }

    /// `DA:<line>,<count>[,<checksum>]`
    fn line_data(&mut self, value: &[u8], start: u64) -> Result<(), ParseError> {
        let mut fields = value.splitn(3, |&byte| byte == b',');
        let number_text = fields.next().unwrap_or_default();
        let Some(count_text) = fields.next() else {
            let kind = invalid_field("`DA:<line>,<count>`", "DA", value);
            return Err(self.error(kind, start));
        };
        let number = self.line_number_field(number_text, start)?;
        let count_start = start + number_text.len() as u64 + 1;
        let hits = match read_count(count_text) {
            Some(Count::Hits(hits)) => hits,
            Some(Count::Negative) => {
                self.note_negative("DA", value);
                0
            }
            None => {
                let kind = invalid_field("a whole number of hits", "", count_text);
                return Err(self.error(kind, count_start));
            }
        };
        if number == 0 {
            let line_number = self.line_number;
            self.lines_numbered_zero.add(|| format!("line {line_number}: {}", lossy_record("DA", value)));
            return Ok(());
        }
        if let Some(record) = &mut self.record {
            let known = record.lines.entry(number).or_insert(0);
            *known = (*known).max(hits);
        }
        Ok(())
    }

    /// `BRDA:<line>,[e|f][U]<block>,<branch>,<taken>`, where `<branch>` may hold commas.
    fn branch_data(&mut self, value: &[u8], start: u64) -> Result<(), ParseError> {
        let fields = split_once(value, |rest| rest.iter().position(|&byte| byte == b',')).and_then(
            |(number_text, rest)| {
                let (middle, taken) = split_once(rest, |rest| rest.iter().rposition(|&byte| byte == b','))?;
                let (block, branch) = split_once(middle, |rest| rest.iter().position(|&byte| byte == b','))?;
                Some((number_text, block, branch, taken))
            },
        );
        let Some((number_text, block, branch, taken_text)) = fields else {
            let kind = invalid_field("`BRDA:<line>,<block>,<branch>,<taken>`", "BRDA", value);
            return Err(self.error(kind, start));
        };
        let number = self.line_number_field(number_text, start)?;
        self.branches_seen = true;
        let count = if taken_text == b"-" { Some(Count::Hits(0)) } else { read_count(taken_text) };
        let taken = match count {
            Some(Count::Hits(taken)) => taken,
            Some(Count::Negative) => {
                self.note_negative("BRDA", value);
                0
            }
            None => {
                let kind = invalid_field("a whole number of times taken or `-`", "", taken_text);
                let taken_start = start + (value.len() - taken_text.len()) as u64;
                return Err(self.error(kind, taken_start));
            }
        };
        let flags = block.strip_prefix(b"e").or_else(|| block.strip_prefix(b"f")).unwrap_or(block);
        if flags.starts_with(b"U") {
            return Ok(());
        }
        if let Some(record) = &mut self.record {
            record.branches.entry((number, block.to_vec(), branch.to_vec())).or_default().push(taken);
        }
        Ok(())
    }

    fn line_number_field(&self, text: &[u8], start: u64) -> Result<u32, ParseError> {
        std::str::from_utf8(text).ok().and_then(number::line_number).ok_or_else(|| {
            let kind = invalid_field("a line number", "", text);
            self.error(kind, start)
        })
    }

    /// `LF`, `LH`, `BRF`, `BRH` are kept to compare; the function, version and MC/DC records are
    /// only checked to be well formed.
    fn summary(&mut self, key: &[u8], value: &[u8], start: u64) -> Result<(), ParseError> {
        let text = String::from_utf8_lossy(value);
        let fields: Vec<&str> = text.split(',').collect();
        let whole = |field: &str| number::count(field).is_some();
        let field = |at: usize| fields.get(at).copied().unwrap_or_default();
        let named = fields.get(1..).is_some_and(|rest| !rest.concat().is_empty());
        let (expected, well_formed) = match key {
            b"VER" => ("a version id", !value.is_empty()),
            b"FN" => ("`FN:<line>,[<end line>,]<name>`", fields.len() >= 2 && whole(field(0)) && named),
            b"FNDA" => (
                "`FNDA:<count>,<name>`",
                fields.len() >= 2 && read_count(field(0).as_bytes()).is_some() && named,
            ),
            b"FNL" => (
                "`FNL:<index>,<line>[,<end line>]`",
                matches!(fields.len(), 2 | 3) && fields.iter().all(|f| whole(f)),
            ),
            b"FNA" => (
                "`FNA:<index>,<count>,<name>`",
                fields.len() >= 3 && whole(field(0)) && read_count(field(1).as_bytes()).is_some(),
            ),
            b"MCDC" => (
                "`MCDC:<line>,<group size>,<sense>,<taken>,<index>,<expression>`",
                fields.len() >= 6 && whole(field(0)) && whole(field(1)),
            ),
            _ => ("a whole number", whole(&text)),
        };
        if !well_formed {
            let kind = invalid_field(expected, &String::from_utf8_lossy(key), value);
            return Err(self.error(kind, start));
        }
        let Some(record) = &mut self.record else { return Ok(()) };
        let count = number::count(&text);
        match key {
            b"LF" => record.lines_found = count,
            b"LH" => record.lines_hit = count,
            b"BRF" => record.branches_found = count,
            b"BRH" => record.branches_hit = count,
            _ => {}
        }
        Ok(())
    }

    fn note_negative(&mut self, key: &str, value: &[u8]) {
        let line_number = self.line_number;
        self.negative_counts.add(|| format!("line {line_number}: {}", lossy_record(key, value)));
    }

    fn end_record(&mut self, start: u64) -> Result<(), ParseError> {
        let Some(record) = self.record.take() else {
            let kind = ParseErrorKind::Misplaced {
                found: "end_of_record".to_owned(),
                problem: "outside a record (no SF: before it)",
            };
            return Err(self.error(kind, start));
        };
        self.compare_summaries(&record);
        let file = self.files.entry(record.path).or_default();
        for (number, hits) in record.lines {
            let known = file.lines.entry(number).or_insert(0);
            *known = known.saturating_add(hits);
        }
        for (key, counts) in record.branches {
            let known = file.branches.entry(key).or_default();
            for (at, taken) in counts.into_iter().enumerate() {
                match known.get_mut(at) {
                    Some(known) => *known = known.saturating_add(taken),
                    None => known.push(taken),
                }
            }
        }
        Ok(())
    }

    fn compare_summaries(&mut self, record: &Record) {
        let found = record.lines.len() as u64;
        let hit = record.lines.values().filter(|hits| **hits > 0).count() as u64;
        if record.lines_found.is_some_and(|lf| lf != found) || record.lines_hit.is_some_and(|lh| lh != hit) {
            self.line_summaries.add(|| {
                format!(
                    "{:?} says LF:{} LH:{} but lists {found} DA: lines, {hit} hit",
                    record.path,
                    shown(record.lines_found),
                    shown(record.lines_hit)
                )
            });
        }
        let found: u64 = record.branches.values().map(|counts| counts.len() as u64).sum();
        let hit: u64 = record.branches.values().flatten().filter(|taken| **taken > 0).count() as u64;
        if record.branches_found.is_some_and(|brf| brf != found)
            || record.branches_hit.is_some_and(|brh| brh != hit)
        {
            self.branch_summaries.add(|| {
                format!(
                    "{:?} says BRF:{} BRH:{} but lists {found} BRDA: branches, {hit} taken",
                    record.path,
                    shown(record.branches_found),
                    shown(record.branches_hit)
                )
            });
        }
    }

    fn error(&self, kind: ParseErrorKind, offset: u64) -> ParseError {
        let error = ParseError::new(Format::Lcov, kind).at(offset);
        match &self.record {
            Some(record) => error.in_element(format!("record[{}]({:?})", self.records_seen, record.path)),
            None => error,
        }
    }

    fn finish(self) -> Result<Report, ParseError> {
        if let Some(record) = self.record {
            return Err(ParseError::new(Format::Lcov, ParseErrorKind::UnclosedRecord(record.path)));
        }
        if self.records_seen == 0 {
            // lcov refuses such a file too ("no valid records found in tracefile").
            return Err(ParseError::new(
                Format::Lcov,
                ParseErrorKind::Empty("record (SF:<path> … end_of_record)"),
            ));
        }
        let mut notes = Vec::new();
        let records = self.records_seen;
        if let Some(first) = &self.line_summaries.first {
            notes.push(format!(
                "LF/LH disagree with the DA: lines in {} of {records} records (first: {first}); gates counts the DA: lines",
                self.line_summaries.count
            ));
        }
        if let Some(first) = &self.branch_summaries.first {
            notes.push(format!(
                "BRF/BRH disagree with the BRDA: lines in {} of {records} records (first: {first}); gates counts the BRDA: lines",
                self.branch_summaries.count
            ));
        }
        if let Some(first) = &self.lines_numbered_zero.first {
            notes.push(format!(
                "{} DA: lines numbered 0 are not source lines and are left out (first on {first})",
                self.lines_numbered_zero.count
            ));
        }
        if let Some(first) = &self.negative_counts.first {
            notes
                .push(format!("{} negative counts read as 0 (first on {first})", self.negative_counts.count));
        }
        let mut coverage = Coverage::new(self.branches_seen);
        let mut orphans = Tally::default();
        for (path, runs) in self.files {
            let file = file_coverage(&path, runs, &mut orphans);
            coverage.add_file(path, file, LineMerge::SameRun);
        }
        if let Some(first) = orphans.first {
            notes.push(format!(
                "{} BRDA: branches are on lines without a DA: line and are left out (first: {first})",
                orphans.count
            ));
        }
        Ok(Report { format: Format::Lcov, producer: None, notes, content: ReportContent::Coverage(coverage) })
    }
}

/// Lines of one file with their branches; branches on lines that have no `DA:` are tallied.
fn file_coverage(path: &str, runs: FileRuns, orphans: &mut Tally) -> FileCoverage {
    let mut branch_lines: BTreeMap<u32, (u64, u64)> = BTreeMap::new();
    for ((number, _, _), counts) in runs.branches {
        let (covered, valid) = branch_lines.entry(number).or_default();
        *valid += counts.len() as u64;
        *covered += counts.iter().filter(|taken| **taken > 0).count() as u64;
    }
    let mut lines = Vec::with_capacity(runs.lines.len());
    for (number, hits) in runs.lines {
        let hits = u32::try_from(hits).unwrap_or(u32::MAX);
        lines.push(match branch_lines.remove(&number) {
            Some((covered, valid)) => {
                LineCoverage::with_branches(number, hits, saturate(covered), saturate(valid))
            }
            None => LineCoverage::new(number, hits),
        });
    }
    for (number, (_, valid)) in branch_lines {
        orphans.add_many(valid, || format!("{path:?} line {number}"));
    }
    FileCoverage::from_lines(lines, LineMerge::SameRun)
}

/// Splits around the byte `find` points at.
fn split_once(bytes: &[u8], find: impl FnOnce(&[u8]) -> Option<usize>) -> Option<(&[u8], &[u8])> {
    let at = find(bytes)?;
    Some((bytes.get(..at)?, bytes.get(at + 1..)?))
}

/// A count as lcov writes it: `12`, `-0`, `1.0e+19` (Perl's notation for large counts).
fn read_count(text: &[u8]) -> Option<Count> {
    let text = std::str::from_utf8(text).ok()?.trim();
    if let Ok(hits) = text.parse::<u64>() {
        return Some(Count::Hits(hits));
    }
    if let Ok(signed) = text.parse::<i64>() {
        return Some(if signed < 0 { Count::Negative } else { Count::Hits(signed.unsigned_abs()) });
    }
    let value = text.parse::<f64>().ok().filter(|value| value.is_finite() && value.fract() == 0.0)?;
    // `as` saturates: 1.5e+20 is u64::MAX.
    Some(if value < 0.0 { Count::Negative } else { Count::Hits(value as u64) })
}

fn saturate(count: u64) -> u16 {
    u16::try_from(count).unwrap_or(u16::MAX)
}

fn shown(summary: Option<u64>) -> String {
    summary.map_or_else(|| "?".to_owned(), |count| count.to_string())
}

fn lossy_record(key: &str, value: &[u8]) -> String {
    format!("{key}:{}", String::from_utf8_lossy(value))
}

/// A malformed field (`KEY:` `value` when `key` is given). It is quoted only when it is made of
/// number characters: any other text may be a credential in a file given by mistake.
fn invalid_field(expected: &'static str, key: &str, value: &[u8]) -> ParseErrorKind {
    const SHOWN: usize = 32;
    let number_like = |byte: &u8| byte.is_ascii_digit() || b".,+-eE".contains(byte);
    if value.len() > SHOWN || !value.iter().all(number_like) {
        return ParseErrorKind::UnquotedValue { expected };
    }
    let text = String::from_utf8_lossy(value);
    let found = if key.is_empty() { text.into_owned() } else { format!("{key}:{text}") };
    ParseErrorKind::invalid(expected, &found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CoverageTotals;
    use crate::parse::parse_str;

    fn report(text: &str) -> (Coverage, Vec<String>) {
        let report = parse_str(Format::Lcov, text).unwrap_or_else(|error| panic!("{error}"));
        match report.content {
            ReportContent::Coverage(coverage) => (coverage, report.notes),
            other => panic!("not coverage: {other:?}"),
        }
    }

    fn totals(coverage: &Coverage) -> (u64, u64, u64, u64) {
        let CoverageTotals { lines_covered, lines_valid, branches_covered, branches_valid, .. } =
            coverage.totals();
        (lines_covered, lines_valid, branches_covered, branches_valid)
    }

    fn error(text: &str) -> String {
        parse_str(Format::Lcov, text).unwrap_err().to_string()
    }

    /// Shaped like gcovr 8's output: checksums after the count, exception branches, LH before LF.
    #[test]
    fn gcovr_checksums_and_exception_branches() {
        let text = "TN:GCOVR_report\nSF:src/main.cpp\nVER:549f71f95b884f32c503c48f22ced191\nFN:6,Bar::Bar()\n\
            FNDA:2,Bar::Bar()\nFNF:1\nFNH:1\nBRDA:27,4,0,1\nBRDA:27,e4,1,-\nBRDA:28,5,0,0\nBRDA:28,e5,1,-\nBRF:4\nBRH:1\n\
            DA:6,2,61c88453392c74ecd94f0057a8aedc7d\nDA:27,1,426df3762971fc92b44b6fbe977b54c0\n\
            DA:28,0,1c58ebd1fa62ed5c8e36eeea1396340f\nLH:2\nLF:3\nend_of_record\n";
        let (coverage, notes) = report(text);
        assert_eq!(totals(&coverage), (2, 3, 1, 4));
        assert!(coverage.branches_measured);
        assert_eq!(
            coverage.files["src/main.cpp"].lines().collect::<Vec<_>>(),
            vec![
                LineCoverage::new(6, 2),
                LineCoverage::with_branches(27, 1, 1, 2),
                LineCoverage::with_branches(28, 0, 0, 2),
            ]
        );
        assert!(notes.is_empty(), "{notes:?}");
    }

    /// coverage.py names branches in prose; lcov 2.x allows expressions, commas included.
    #[test]
    fn branch_names_may_be_prose_or_hold_commas() {
        let text = "SF:demo/calc.py\nDA:5,1\nDA:7,1\nDA:45,0\n\
            BRDA:5,0,jump to line 6,1\nBRDA:5,0,jump to line 7,1\nBRDA:7,0,jump to line 8,1\n\
            BRDA:7,0,exit the function,0\nBRDA:45,0,max(a, b) > 0,-\nBRDA:45,0,!(max(a, b) > 0),-\n\
            BRF:6\nBRH:3\nend_of_record\n";
        let (coverage, notes) = report(text);
        assert_eq!(totals(&coverage), (2, 3, 3, 6));
        assert_eq!(
            coverage.files["demo/calc.py"].lines().nth(2).unwrap(),
            LineCoverage::with_branches(45, 0, 0, 2)
        );
        assert!(notes.is_empty(), "{notes:?}");
    }

    /// grcov's Firefox data lists a line twice in one record; LF/LH count both.
    #[test]
    fn line_repeated_in_a_record_counts_once_and_summaries_are_only_noted() {
        let text = "TN:aFile\nSF:aFile.js\nFN:95,cubic-bezier(0.0, 0.0, 1.0, 1.0)\n\nFNDA:3,cubic-bezier(0.0, 0.0, 1.0, 1.0)\n\
            DA:12,1\nDA:13,0\nDA:12,3\nDA:9,0\nLF:4\nLH:2\nend_of_record\n";
        let (coverage, notes) = report(text);
        assert_eq!(totals(&coverage), (1, 3, 0, 0));
        assert_eq!(coverage.files["aFile.js"].lines().nth(1).unwrap(), LineCoverage::new(12, 3));
        assert!(!coverage.branches_measured);
        assert_eq!(
            notes,
            [
                "LF/LH disagree with the DA: lines in 1 of 1 records (first: \"aFile.js\" says LF:4 LH:2 but lists 3 DA: lines, 1 hit); gates counts the DA: lines"
            ]
        );
    }

    /// lcov 2.2: FNL/FNA and MC/DC records, the same file under two test names.
    #[test]
    fn same_file_in_two_test_sections_is_two_runs() {
        let section = |name: &str, first: u8, second: u8| {
            format!(
                "TN:{name}\nSF:./test.c\nFNL:0,1,7\nFNA:0,2,foo\nFNF:1\nFNH:1\nBRDA:3,0,0,{first}\nBRDA:3,0,1,{second}\n\
                 BRF:2\nBRH:1\nMCDC:3,1,t,1,0,a\nMCF:2\nMCH:1\nDA:1,2\nDA:3,2\nDA:4,0\nLF:3\nLH:2\nend_of_record\n"
            )
        };
        let text = format!("{}{}", section("test_a", 1, 0), section("test_b", 0, 1));
        let (coverage, notes) = report(&text);
        // Each run took one branch of line 3: together both are taken.
        assert_eq!(totals(&coverage), (2, 3, 2, 2));
        assert_eq!(coverage.files["./test.c"].lines().next().unwrap(), LineCoverage::new(1, 4));
        assert!(notes.is_empty(), "{notes:?}");
    }

    #[test]
    fn unreachable_branches_are_left_out() {
        let text =
            "SF:a.c\nDA:3,1\nBRDA:3,0,0,1\nBRDA:3,U0,1,0\nBRDA:3,eU1,0,0\nBRF:1\nBRH:1\nend_of_record\n";
        assert_eq!(totals(&report(text).0), (1, 1, 1, 1));
    }

    /// lcov's own format fixture: comments and blank lines anywhere, `-0`, Perl's big floats.
    #[test]
    fn comments_blank_lines_and_edge_numbers() {
        let text = "# written by hand\r\nTN:\r\nSF:a.cpp\r\nDA:1,1\r\n#common line\r\n\r\nDA:2,-0\r\nDA:3,1.0e+19\r\n\
            DA:4,1.5e+20\r\nBRDA:1,1,0,1.67e+20\r\nBRDA:1,1,1,-0\r\nend_of_record\r\n";
        let (coverage, notes) = report(text);
        assert_eq!(totals(&coverage), (3, 4, 1, 2));
        let lines: Vec<_> = coverage.files["a.cpp"].lines().collect();
        assert_eq!((lines[2].hits, lines[3].hits), (u32::MAX, u32::MAX));
        assert!(notes.is_empty(), "{notes:?}");
    }

    #[test]
    fn negative_counts_are_zero_with_a_note() {
        let text = "TN:\nSF:a.cpp\nDA:3,1\nDA:4,-3\nBRDA:3,1,0,1\nBRDA:3,1,1,-1\nend_of_record\n";
        let (coverage, notes) = report(text);
        assert_eq!(totals(&coverage), (1, 2, 1, 2));
        assert_eq!(notes, ["2 negative counts read as 0 (first on line 4: DA:4,-3)"]);
    }

    #[test]
    fn empty_records_list_files_without_lines() {
        let (coverage, _) = report("SF:demo/__init__.py\nend_of_record\nSF:m.py\nDA:1,0\nend_of_record\n");
        assert!(coverage.files["demo/__init__.py"].is_empty());
        assert_eq!(totals(&coverage), (0, 1, 0, 0));
    }

    /// As Codecov does: `DA:0` names no source line.
    #[test]
    fn line_zero_is_left_out_with_a_note() {
        let (coverage, notes) = report("SF:a.c\nDA:0,5\nDA:1,1\nDA:2,0\nDA:0,1\nend_of_record\n");
        assert_eq!(totals(&coverage), (1, 2, 0, 0));
        assert_eq!(
            notes,
            ["2 DA: lines numbered 0 are not source lines and are left out (first on line 2: DA:0,5)"]
        );
    }

    #[test]
    fn branches_on_lines_without_da_are_noted() {
        let (coverage, notes) = report("SF:m.c\nDA:1,1\nBRDA:0,0,0,1\nBRDA:0,0,1,0\nend_of_record\n");
        assert_eq!(totals(&coverage), (1, 1, 0, 0));
        assert_eq!(
            notes,
            ["2 BRDA: branches are on lines without a DA: line and are left out (first: \"m.c\" line 0)"]
        );
    }

    #[test]
    fn long_lines_are_skipped_only_where_unread() {
        let name = "f".repeat(MAX_LINE + 10);
        let (coverage, _) = report(&format!("SF:a.c\nFN:1,{name}\nDA:1,1\nend_of_record\n"));
        assert_eq!(totals(&coverage), (1, 1, 0, 0));
        let error = error(&format!("SF:a.c\nDA:1,{name}\nend_of_record\n"));
        assert!(
            error.starts_with(
                "not valid LCOV: line 2, column 1 (record[1](\"a.c\")): expected a line shorter than 64 KiB"
            ),
            "{error}"
        );
    }

    #[test]
    fn sniffs_first_record_past_comments_and_bom() {
        assert_eq!(sniff(b"\xEF\xBB\xBF# generated\n\nTN:\nSF:a.c\n"), Some(Format::Lcov));
        assert_eq!(sniff(b"SF:src/lib.rs\nDA:1,1\n"), Some(Format::Lcov));
        assert_eq!(sniff(b"src/a.py:1:1: E501 line too long\n"), None);
        assert_eq!(crate::parse::sniff(b"TN:\nSF:a.c\nend_of_record\n"), Ok(Format::Lcov));
    }
}

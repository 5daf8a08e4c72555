//! SimpleCov's JSON (Ruby): `coverage/.resultset.json` and simplecov_json_formatter's
//! `coverage/coverage.json`.
//!
//! Producers seen: SimpleCov 0.22.0 (Debian's ruby-simplecov) under RSpec 3.12 on Ruby 3.1, with
//! `enable_coverage :branch`. Learned from those reports, SimpleCov's `ResultMerger` and
//! `SourceFile`, and simplecov_json_formatter's formatters and fixtures:
//!
//! - `.resultset.json`: an object keyed by command name (`RSpec`, `Minitest`, …), each with
//!   `timestamp` and `coverage`: per file path either Ruby's `Coverage` data, `{"lines": [...],
//!   "branches": {...}}` (SimpleCov 0.18 and later), or the `lines` list alone (before 0.18).
//!   Several command names are separate runs, merged as SimpleCov merges them: hits added.
//!   SimpleCov also drops results older than its `merge_timeout` (600 s), which needs a clock:
//!   gates merges every result in the file.
//! - `coverage.json`: `meta.simplecov_version` and `coverage`: per file `lines` and `branches`, a
//!   list of `{type, start_line, end_line, coverage}`.
//!
//! Lines: entry *n* of `lines` is line *n + 1*; `null` is not code, a count is an executable line
//! with its hits, and `"ignored"` (coverage.json: a `# :nocov:` line) is not counted, as SimpleCov
//! counts neither. So the figures equal SimpleCov's "Line Coverage: 18 / 21". Branches: each is
//! one, taken when its count is above 0, on its own start line (SimpleCov's branch figure); an
//! ignored branch is not counted. `# :nocov:` blocks, which SimpleCov applies from the source files
//! when it reports, are not in `.resultset.json`: gates counts their lines there.

use std::collections::BTreeMap;
use std::fmt;
use std::io::BufRead;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};

use super::Format;
use super::error::{ParseError, ParseErrorKind};
use super::json::{self, LenientCount};
use crate::model::{Coverage, FileCoverage, LineCoverage, LineMerge, Report, ReportContent};

/// Parses a `.resultset.json` or a `coverage.json`.
pub(crate) fn parse(input: impl BufRead) -> Result<Report, ParseError> {
    let (shape, producer) = match json::from_reader::<Shape>(Format::Simplecov, input)? {
        Shape::Formatter(formatter) => {
            let producer = formatter.meta.simplecov_version.map(|version| format!("SimpleCov {version}"));
            (formatter.coverage, producer)
        }
        Shape::Resultset(runs) => {
            let mut files: Vec<(String, FileData)> = Vec::new();
            let mut commands = runs.0.into_iter();
            let first = commands.next();
            if first.is_none() {
                return Err(ParseError::new(
                    Format::Simplecov,
                    ParseErrorKind::Empty("result (command name)"),
                ));
            }
            for (_, run) in first.into_iter().chain(commands) {
                files.extend(run.coverage.0);
            }
            (files, Some("SimpleCov".to_owned()))
        }
    };
    let mut coverage = Coverage::new(false);
    let mut unplaced = (0u64, None);
    for (path, file) in shape {
        coverage.branches_measured |= file.branches.is_some();
        let lines = file.lines(&path, &mut unplaced);
        let file = FileCoverage::from_lines(lines, LineMerge::SameRun);
        coverage.add_file(path, file, LineMerge::SeparateRuns);
    }
    let mut notes = Vec::new();
    if let (count, Some(first)) = unplaced {
        notes.push(format!(
            "{count} branches start on lines that are not code (`null` in `lines`) and are left out (first: {first})"
        ));
    }
    Ok(Report { format: Format::Simplecov, producer, notes, content: ReportContent::Coverage(coverage) })
}

/// The two files SimpleCov writes, told apart by their keys.
enum Shape {
    Formatter(FormatterReport),
    /// Runs by command name, in the order written.
    Resultset(Runs),
}

#[derive(Deserialize)]
struct FormatterReport {
    meta: Meta,
    #[serde(deserialize_with = "in_order")]
    coverage: Vec<(String, FileData)>,
}

#[derive(Deserialize)]
struct Meta {
    #[serde(default)]
    simplecov_version: Option<String>,
}

struct Runs(Vec<(String, Run)>);

#[derive(Deserialize)]
struct Run {
    coverage: InOrder<FileData>,
    #[serde(rename = "timestamp")]
    _timestamp: LenientCount,
}

/// An object's entries in the order written (a key given twice is refused by `from_slice`).
struct InOrder<T>(Vec<(String, T)>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for InOrder<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Entries<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for Entries<T> {
            type Value = InOrder<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<InOrder<T>, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(InOrder(entries))
            }
        }
        deserializer.deserialize_map(Entries(std::marker::PhantomData))
    }
}

fn in_order<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<(String, FileData)>, D::Error> {
    InOrder::deserialize(deserializer).map(|InOrder(entries)| entries)
}

impl<'de> Deserialize<'de> for Shape {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ShapeVisitor;
        impl<'de> Visitor<'de> for ShapeVisitor {
            type Value = Shape;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(
                    "SimpleCov's results keyed by command name, or coverage.json's `meta` and `coverage`",
                )
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Shape, A::Error> {
                // coverage.json starts with `meta`; a resultset's keys are command names.
                let mut runs = Vec::new();
                let (mut meta, mut coverage) = (None, None);
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "meta" if runs.is_empty() => meta = Some(map.next_value::<Meta>()?),
                        "coverage" if runs.is_empty() => {
                            coverage = Some(map.next_value::<InOrder<FileData>>()?)
                        }
                        // coverage.json's `groups`, `errors` and whatever newer versions add.
                        _ if meta.is_some() || coverage.is_some() => {
                            map.next_value::<de::IgnoredAny>()?;
                        }
                        _ => {
                            let run = map.next_value::<Run>()?;
                            runs.push((key, run));
                        }
                    }
                }
                match (meta, coverage) {
                    (Some(meta), Some(InOrder(coverage))) => {
                        Ok(Shape::Formatter(FormatterReport { meta, coverage }))
                    }
                    (Some(_), None) => Err(de::Error::missing_field("coverage")),
                    (None, Some(_)) => Err(de::Error::missing_field("meta")),
                    (None, None) => Ok(Shape::Resultset(Runs(runs))),
                }
            }
        }
        deserializer.deserialize_map(ShapeVisitor)
    }
}

/// One file: its lines and, where measured, its branches.
struct FileData {
    lines: Vec<Entry>,
    /// Branches as (start line, count); `None` when not measured.
    branches: Option<Vec<(u32, Entry)>>,
}

/// A `lines` entry or a branch count: not code, a count, or ignored (`:nocov:`).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Entry {
    NotCode,
    Count(u64),
    Ignored,
}

impl<'de> Deserialize<'de> for Entry {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EntryVisitor;
        impl Visitor<'_> for EntryVisitor {
            type Value = Entry;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a count, null or \"ignored\"")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Entry, E> {
                Ok(Entry::NotCode)
            }
            fn visit_none<E: de::Error>(self) -> Result<Entry, E> {
                Ok(Entry::NotCode)
            }
            fn visit_u64<E: de::Error>(self, count: u64) -> Result<Entry, E> {
                Ok(Entry::Count(count))
            }
            fn visit_i64<E: de::Error>(self, count: i64) -> Result<Entry, E> {
                u64::try_from(count)
                    .map(Entry::Count)
                    .map_err(|_| E::custom(format!("expected a count, null or \"ignored\", found {count}")))
            }
            fn visit_f64<E: de::Error>(self, count: f64) -> Result<Entry, E> {
                if count >= 0.0 && count.fract() == 0.0 && count <= u64::MAX as f64 {
                    Ok(Entry::Count(count as u64))
                } else {
                    Err(E::custom(format!("expected a count, null or \"ignored\", found {count}")))
                }
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Entry, E> {
                match text {
                    "ignored" => Ok(Entry::Ignored),
                    other => {
                        Err(E::custom(format!("expected a count, null or \"ignored\", found {other:?}")))
                    }
                }
            }
        }
        deserializer.deserialize_any(EntryVisitor)
    }
}

/// coverage.json's branch.
#[derive(Deserialize)]
struct FormatterBranch {
    start_line: u32,
    coverage: Entry,
}

/// Branches as (start line, count), from either form: `.resultset.json`'s conditions keyed by
/// `[:if, id, line, col, line, col]`, each with its branches keyed the same way, or coverage.json's
/// list.
struct Branches(Vec<(u32, Entry)>);

impl<'de> Deserialize<'de> for Branches {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct BranchesVisitor;
        impl<'de> Visitor<'de> for BranchesVisitor {
            type Value = Branches;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("branches: an object of conditions or a list")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Branches, A::Error> {
                let mut branches = Vec::new();
                while let Some(branch) = seq.next_element::<FormatterBranch>()? {
                    branches.push((branch.start_line, branch.coverage));
                }
                Ok(Branches(branches))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Branches, A::Error> {
                let mut branches = Vec::new();
                while let Some(condition) = map.next_key::<String>()? {
                    start_line(&condition).map_err(de::Error::custom)?;
                    let InOrder(arms) = map.next_value::<InOrder<Entry>>()?;
                    for (arm, count) in arms {
                        let line = start_line(&arm).map_err(de::Error::custom)?;
                        branches.push((line, count));
                    }
                }
                Ok(Branches(branches))
            }
        }
        deserializer.deserialize_any(BranchesVisitor)
    }
}

/// The start line of a branch key `[:then, 5, 16, 4, 16, 14]` (type, id, start line, start
/// column, end line, end column), as Ruby's `inspect` writes it.
fn start_line(key: &str) -> Result<u32, String> {
    let fields: Vec<&str> = key
        .strip_prefix('[')
        .and_then(|rest| rest.strip_suffix(']'))
        .map(|inner| inner.split(',').map(str::trim).collect())
        .unwrap_or_default();
    let line = match fields.as_slice() {
        [kind, numbers @ ..] if kind.starts_with(':') && numbers.len() == 5 => {
            let numbers: Option<Vec<u32>> = numbers.iter().map(|field| field.parse().ok()).collect();
            numbers.and_then(|numbers| numbers.get(1).copied())
        }
        _ => None,
    };
    line.ok_or_else(|| {
        format!(
            "expected a branch key like \"[:then, 5, 16, 4, 16, 14]\", found {:?}",
            super::error::shortened(key)
        )
    })
}

impl<'de> Deserialize<'de> for FileData {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FileVisitor;
        impl<'de> Visitor<'de> for FileVisitor {
            type Value = FileData;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a file's `lines` and `branches`, or its lines list")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<FileData, A::Error> {
                let mut lines = Vec::new();
                while let Some(entry) = seq.next_element()? {
                    lines.push(entry);
                }
                Ok(FileData { lines, branches: None })
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FileData, A::Error> {
                let (mut lines, mut branches) = (None, None);
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "lines" => lines = Some(map.next_value::<Vec<Entry>>()?),
                        "branches" => branches = Some(map.next_value::<Branches>()?.0),
                        _ => {
                            map.next_value::<de::IgnoredAny>()?;
                        }
                    }
                }
                let lines = lines.ok_or_else(|| de::Error::missing_field("lines"))?;
                Ok(FileData { lines, branches })
            }
        }
        deserializer.deserialize_any(FileVisitor)
    }
}

impl FileData {
    fn lines(&self, path: &str, unplaced: &mut (u64, Option<String>)) -> Vec<LineCoverage> {
        let mut lines: BTreeMap<u32, (u64, u64, u64)> = BTreeMap::new();
        for (index, entry) in self.lines.iter().enumerate() {
            if let (Entry::Count(hits), Ok(number)) = (entry, u32::try_from(index + 1)) {
                lines.insert(number, (*hits, 0, 0));
            }
        }
        for &(line, entry) in self.branches.iter().flatten() {
            let taken = match entry {
                Entry::Count(count) => count > 0,
                Entry::NotCode | Entry::Ignored => continue,
            };
            match lines.get_mut(&line) {
                Some((_, covered, valid)) => {
                    *valid += 1;
                    *covered += u64::from(taken);
                }
                None => {
                    unplaced.0 += 1;
                    unplaced.1.get_or_insert_with(|| format!("{path:?} line {line}"));
                }
            }
        }
        lines
            .into_iter()
            .map(|(number, (hits, covered, valid))| {
                let hits = u32::try_from(hits).unwrap_or(u32::MAX);
                LineCoverage::with_branches(number, hits, saturate(covered), saturate(valid))
            })
            .collect()
    }
}

fn saturate(count: u64) -> u16 {
    u16::try_from(count).unwrap_or(u16::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_str;

    fn report(json: &str) -> (Coverage, Report) {
        let report = parse_str(Format::Simplecov, json).unwrap_or_else(|error| panic!("{error}"));
        match &report.content {
            ReportContent::Coverage(coverage) => (coverage.clone(), report),
            other => panic!("not coverage: {other:?}"),
        }
    }

    fn totals(coverage: &Coverage) -> (u64, u64, u64, u64) {
        let totals = coverage.totals();
        (totals.lines_covered, totals.lines_valid, totals.branches_covered, totals.branches_valid)
    }

    #[test]
    fn resultset_lines_and_branches() {
        let json = r#"{"RSpec": {"coverage": {"/w/lib/a.rb": {"lines": [null, 1, 0, null, 2],
            "branches": {"[:if, 0, 2, 4, 3, 7]": {"[:then, 1, 3, 6, 3, 10]": 0, "[:else, 2, 5, 6, 5, 9]": 2}}}},
            "timestamp": 1796189879}}"#;
        let (coverage, report) = report(json);
        assert_eq!(totals(&coverage), (2, 3, 1, 2));
        assert!(coverage.branches_measured);
        let lines: Vec<_> = coverage.files["/w/lib/a.rb"].lines().collect();
        assert_eq!(
            lines,
            [
                LineCoverage::new(2, 1),
                LineCoverage::with_branches(3, 0, 0, 1),
                LineCoverage::with_branches(5, 2, 1, 1)
            ]
        );
        assert_eq!(report.producer.as_deref(), Some("SimpleCov"));
    }

    #[test]
    fn old_resultset_lists_lines_and_several_commands_add_up() {
        let json = r#"{"RSpec": {"coverage": {"/w/a.rb": [null, 1, 0]}, "timestamp": 1},
            "Minitest": {"coverage": {"/w/a.rb": [null, 0, 3], "/w/b.rb": [0]}, "timestamp": 2}}"#;
        let (coverage, _) = report(json);
        assert_eq!(totals(&coverage), (2, 3, 0, 0));
        assert!(!coverage.branches_measured);
        let hits: Vec<u32> = coverage.files["/w/a.rb"].lines().map(|line| line.hits).collect();
        assert_eq!(hits, [1, 3]);
    }

    #[test]
    fn formatter_ignored_lines_and_branches_are_not_counted() {
        let json = r#"{"meta": {"simplecov_version": "0.22.0"}, "coverage": {"/w/a.rb": {
            "lines": [null, 1, 0, "ignored", "ignored", 4],
            "branches": [{"type": "then", "start_line": 3, "end_line": 3, "coverage": 0},
                         {"type": "else", "start_line": 6, "end_line": 6, "coverage": 4},
                         {"type": "then", "start_line": 4, "end_line": 4, "coverage": "ignored"}]}},
            "groups": {}}"#;
        let (coverage, report) = report(json);
        assert_eq!(totals(&coverage), (2, 3, 1, 2));
        assert_eq!(report.producer.as_deref(), Some("SimpleCov 0.22.0"));
    }

    #[test]
    fn refuses_damaged_reports() {
        let cases = [
            (r#"{"RSpec": {"coverage": {"/w/a.rb": [null, -1]}, "timestamp": 1}}"#, "found -1"),
            (r#"{"RSpec": {"coverage": {"/w/a.rb": [null, "x"]}, "timestamp": 1}}"#, "found \"x\""),
            (r#"{"RSpec": {"coverage": {"/w/a.rb": [1.5]}, "timestamp": 1}}"#, "found 1.5"),
            (
                r#"{"RSpec": {"coverage": {"/w/a.rb": {"branches": {}}}, "timestamp": 1}}"#,
                "missing field `lines`",
            ),
            (r#"{"RSpec": {"coverage": {}}}"#, "missing field `timestamp`"),
            (r#"{"RSpec": {"coverage": {"/w/a.rb": [1], "/w/a.rb": [0]}, "timestamp": 1}}"#, "twice"),
            (
                r#"{"RSpec": {"coverage": {"/w/a.rb": {"lines": [1], "branches": {"[:if, 0, 1]": {}}}}, "timestamp": 1}}"#,
                "expected a branch key",
            ),
            (r#"{"meta": {}, "groups": {}}"#, "missing field `coverage`"),
            (r#"{}"#, "no result (command name) found"),
            (r#"{"RSpec": {"coverage": {"/w/a.rb": [1]"#, "EOF"),
        ];
        for (json, expected) in cases {
            let message = parse_str(Format::Simplecov, json).unwrap_err().to_string();
            assert!(message.contains(expected), "{json}: {message}");
        }
    }
}

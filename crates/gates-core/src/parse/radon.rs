//! radon JSON: cyclomatic complexity (`radon cc -j`) and maintainability index (`radon mi -j`).
//!
//! Also `radon raw -j` (line counts per file).
//!
//! Producers seen: radon 5 and 6.0.1. Both write an object keyed by file; a file radon could not
//! parse has `{"error": "…"}` instead, which becomes a scan problem and a note, never a silent
//! skip. In `cc`, methods appear twice: as top-level `type: method` entries and inside their
//! class's `methods`; closures only inside their parent's `closures`. `radon cc -a` averages the
//! top-level entries, so those are the blocks: on testdata/radon/cc.json radon prints
//! "13 blocks … Average complexity: A (2.076923076923077)", and so does gates.

use std::fmt;
use std::io::BufRead;

use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};

use super::Format;
use super::error::{ParseError, ParseErrorKind};
use super::json::{self, LenientNumber};
use crate::model::{
    Block, BlockKind, Complexity, FileMaintainability, FileSize, Report, ReportContent, ScanProblem,
};

/// A file of `radon cc -j`: its blocks, or `{"error": …}`. Told apart by the JSON type rather
/// than `#[serde(untagged)]`, which would buffer the whole value, skipped keys too.
enum CcFile {
    Blocks(Vec<CcBlock>),
    Error { error: String },
}

/// What radon writes for a file it could not analyse.
#[derive(Deserialize)]
struct RadonError {
    error: String,
}

impl<'de> Deserialize<'de> for CcFile {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> Visitor<'de> for Visit {
            type Value = CcFile;
            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("a list of blocks or {\"error\": …}")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<CcFile, A::Error> {
                Vec::deserialize(SeqAccessDeserializer::new(seq)).map(CcFile::Blocks)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<CcFile, A::Error> {
                let RadonError { error } = RadonError::deserialize(MapAccessDeserializer::new(map))?;
                Ok(CcFile::Error { error })
            }
        }
        deserializer.deserialize_any(Visit)
    }
}

#[derive(Deserialize)]
struct CcBlock {
    #[serde(rename = "type")]
    kind: String,
    name: String,
    #[serde(default)]
    classname: Option<String>,
    complexity: LenientNumber,
    lineno: LenientNumber,
    #[serde(default)]
    endline: Option<LenientNumber>,
}

/// A file of `radon mi -j`: its index, or `{"error": …}`.
enum MiFile {
    Index { mi: LenientNumber },
    Error { error: String },
}

#[derive(Deserialize)]
struct MiEntry {
    #[serde(default)]
    mi: Option<LenientNumber>,
    #[serde(default)]
    error: Option<String>,
}

impl<'de> Deserialize<'de> for MiFile {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match MiEntry::deserialize(deserializer)? {
            MiEntry { mi: Some(mi), .. } => Ok(MiFile::Index { mi }),
            MiEntry { error: Some(error), .. } => Ok(MiFile::Error { error }),
            MiEntry { mi: None, error: None } => Err(de::Error::missing_field("mi")),
        }
    }
}

/// The files of a radon report. `{}`, which radon writes where it found no Python file, is
/// refused: a report of nothing measured would leave the complexity gates without a figure.
fn analysed_files<T: serde::de::DeserializeOwned>(
    format: Format,
    input: impl BufRead,
) -> Result<std::collections::BTreeMap<String, T>, ParseError> {
    let json::Files(files) = json::from_reader::<json::Files<T>>(format, input)?;
    if files.is_empty() {
        return Err(ParseError::new(
            format,
            ParseErrorKind::Empty("Python files (radon analysed none where it looked)"),
        ));
    }
    Ok(files)
}

/// Parses `radon cc -j` output.
pub(crate) fn parse_cc(input: impl BufRead) -> Result<Report, ParseError> {
    let files = analysed_files::<CcFile>(Format::RadonCc, input)?;
    let mut complexity = Complexity::default();
    for (path, file) in files {
        match file {
            CcFile::Error { error } => complexity.problems.push(ScanProblem::new("radon", Some(path), error)),
            CcFile::Blocks(blocks) => {
                for block in blocks {
                    let kind = match block.kind.as_str() {
                        "method" => BlockKind::Method,
                        "class" => BlockKind::Class,
                        _ => BlockKind::Function,
                    };
                    complexity.blocks.push(Block {
                        path: path.clone(),
                        name: block.name,
                        classname: block.classname,
                        kind,
                        complexity: block.complexity.line().unwrap_or(0),
                        line: block.lineno.line().unwrap_or(0),
                        end_line: block.endline.and_then(LenientNumber::line),
                    });
                }
            }
        }
    }
    Ok(report(Format::RadonCc, complexity))
}

/// Parses `radon mi -j` output.
pub(crate) fn parse_mi(input: impl BufRead) -> Result<Report, ParseError> {
    let files = analysed_files::<MiFile>(Format::RadonMi, input)?;
    let mut complexity = Complexity::default();
    for (path, file) in files {
        match file {
            MiFile::Index { mi } => {
                complexity.maintainability.push(FileMaintainability { path, index: mi.0 })
            }
            MiFile::Error { error } => complexity.problems.push(ScanProblem::new("radon", Some(path), error)),
        }
    }
    Ok(report(Format::RadonMi, complexity))
}

/// A file of `radon raw -j`: its line counts, or `{"error": …}`.
enum RawFile {
    Counts {
        loc: LenientNumber,
        lloc: LenientNumber,
        sloc: LenientNumber,
        comments: LenientNumber,
        multi: LenientNumber,
        blank: LenientNumber,
    },
    Error {
        error: String,
    },
}

#[derive(Deserialize)]
struct RawEntry {
    #[serde(default)]
    loc: Option<LenientNumber>,
    #[serde(default)]
    lloc: Option<LenientNumber>,
    #[serde(default)]
    sloc: Option<LenientNumber>,
    #[serde(default)]
    comments: Option<LenientNumber>,
    #[serde(default)]
    multi: Option<LenientNumber>,
    #[serde(default)]
    blank: Option<LenientNumber>,
    #[serde(default)]
    error: Option<String>,
}

impl<'de> Deserialize<'de> for RawFile {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match RawEntry::deserialize(deserializer)? {
            RawEntry {
                loc: Some(loc),
                lloc: Some(lloc),
                sloc: Some(sloc),
                comments: Some(comments),
                multi: Some(multi),
                blank: Some(blank),
                ..
            } => Ok(RawFile::Counts { loc, lloc, sloc, comments, multi, blank }),
            RawEntry { error: Some(error), .. } => Ok(RawFile::Error { error }),
            entry => {
                let counts = [
                    ("loc", entry.loc),
                    ("lloc", entry.lloc),
                    ("sloc", entry.sloc),
                    ("comments", entry.comments),
                    ("multi", entry.multi),
                    ("blank", entry.blank),
                ];
                let missing =
                    counts.iter().find(|(_, count)| count.is_none()).map_or("loc", |(name, _)| *name);
                Err(de::Error::missing_field(missing))
            }
        }
    }
}

/// Parses `radon raw -j` output.
pub(crate) fn parse_raw(input: impl BufRead) -> Result<Report, ParseError> {
    let files = analysed_files::<RawFile>(Format::RadonRaw, input)?;
    let mut complexity = Complexity::default();
    let count = |number: LenientNumber| number.line().map_or(0, u64::from);
    for (path, file) in files {
        match file {
            RawFile::Counts { loc, lloc, sloc, comments, multi, blank } => {
                let size = FileSize {
                    loc: count(loc),
                    lloc: count(lloc),
                    sloc: count(sloc),
                    comments: count(comments),
                    multi: count(multi),
                    blank: count(blank),
                    path,
                };
                // radon counts a line once among comments and docstrings, so they never exceed
                // the lines; more would make a comment percentage above 100.
                if size.comments + size.multi > size.loc {
                    return Err(ParseError::new(
                        Format::RadonRaw,
                        ParseErrorKind::Json(format!(
                            "{:?} has {} comment and {} docstring lines but only {} lines (loc); the counts are damaged",
                            size.path, size.comments, size.multi, size.loc
                        )),
                    )
                    .in_element(size.path.clone()));
                }
                complexity.sizes.push(size);
            }
            RawFile::Error { error } => {
                complexity.problems.push(ScanProblem::new("radon", Some(path), error))
            }
        }
    }
    Ok(report(Format::RadonRaw, complexity))
}

fn report(format: Format, complexity: Complexity) -> Report {
    let notes = complexity
        .problems
        .iter()
        .map(|problem| {
            format!("radon could not analyse {}: {}", problem.path.as_deref().unwrap_or("?"), problem.message)
        })
        .collect();
    Report {
        format,
        producer: Some("radon".to_owned()),
        notes,
        content: ReportContent::Complexity(complexity),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_str;

    fn complexity(format: Format, json: &str) -> (Complexity, Vec<String>) {
        let report = parse_str(format, json).unwrap();
        match report.content {
            ReportContent::Complexity(complexity) => (complexity, report.notes),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn methods_count_once_and_errors_are_surfaced() {
        let json = r#"{"pkg/routing.py": [
            {"type": "function", "rank": "C", "endline": 26, "lineno": 7, "name": "pick_order", "col_offset": 0, "complexity": 12, "closures": []},
            {"type": "class", "rank": "A", "endline": 49, "lineno": 36, "name": "Planner", "col_offset": 0, "complexity": 3,
             "methods": [{"type": "method", "rank": "A", "endline": 38, "lineno": 37, "name": "__init__", "col_offset": 4, "complexity": 1, "classname": "Planner", "closures": []},
                         {"type": "method", "rank": "A", "endline": 42, "lineno": 40, "name": "plan", "col_offset": 4, "complexity": 2, "classname": "Planner",
                          "closures": [{"type": "function", "name": "inner", "lineno": 41, "complexity": 1, "rank": "A", "col_offset": 8, "endline": 41, "closures": []}]}]},
            {"type": "method", "rank": "A", "endline": 38, "lineno": 37, "name": "__init__", "col_offset": 4, "complexity": 1, "classname": "Planner", "closures": []},
            {"type": "method", "rank": "A", "endline": 42, "lineno": 40, "name": "plan", "col_offset": 4, "complexity": 2, "classname": "Planner", "closures": []}],
          "pkg/broken.py": {"error": "invalid syntax (<unknown>, line 1)"}}"#;
        let (complexity, notes) = complexity(Format::RadonCc, json);
        assert_eq!(complexity.blocks.len(), 4);
        assert_eq!(complexity.average(), Some(18.0 / 4.0));
        assert_eq!(complexity.max(), Some(12));
        assert_eq!(complexity.blocks[2].classname.as_deref(), Some("Planner"));
        assert_eq!(notes, vec!["radon could not analyse pkg/broken.py: invalid syntax (<unknown>, line 1)"]);
    }

    #[test]
    fn maintainability_index_per_file() {
        let json = r#"{"a.py": {"mi": 45.4276, "rank": "A"}, "b.py": {"mi": 100.0, "rank": "A"}, "c.py": {"error": "invalid syntax"}}"#;
        let (complexity, notes) = complexity(Format::RadonMi, json);
        assert_eq!(complexity.min_maintainability(), Some(45.4276));
        assert_eq!(complexity.problems.len(), 1);
        assert_eq!(notes.len(), 1);
    }

    #[test]
    fn raw_line_counts() {
        let json = r#"{"a.py": {"loc": 47, "lloc": 35, "sloc": 34, "comments": 2, "multi": 3, "blank": 12, "single_comments": 1},
            "b.py": {"error": "SyntaxError at line: 1"}}"#;
        let (complexity, notes) = complexity(Format::RadonRaw, json);
        assert_eq!(complexity.sizes[0].sloc, 34);
        assert_eq!(complexity.sizes[0].multi, 3);
        assert_eq!(notes, vec!["radon could not analyse b.py: SyntaxError at line: 1"]);
    }
}

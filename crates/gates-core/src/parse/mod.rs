//! Report parsers: bytes in, one [`Report`] of the normalized model out.
//!
//! [`Format::sniff`] tells the format from the first bytes, [`parse`] dispatches to one parser,
//! and [`from_path`] does both for a file and names it in any error.

mod cobertura;
mod error;
mod junit;
mod number;
mod xml;

use std::fmt;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

use serde::Serialize;

pub use error::{Location, ParseError, ParseErrorKind, ReportError};

use crate::model::Report;

/// A report format gates reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Format {
    /// Cobertura XML (coverage.py, pytest-cov, gcovr, cargo-llvm-cov, grcov, istanbul/nyc).
    Cobertura,
    /// JUnit XML (pytest, Maven Surefire, jest-junit, go-junit-report, gotestsum, cargo-nextest).
    Junit,
}

impl Format {
    /// Every format, in the order they are documented.
    pub const ALL: &'static [Format] = &[Format::Cobertura, Format::Junit];

    /// What the formats look like, for error messages.
    pub const SUPPORTED: &'static str =
        "Cobertura XML (<coverage> root) or JUnit XML (<testsuites> or <testsuite> root)";

    /// The short name used on the command line (`cobertura`, `junit`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Cobertura => "cobertura",
            Format::Junit => "junit",
        }
    }

    /// Tells the format from the first bytes of a report, or says what was found instead.
    pub fn sniff(head: &[u8]) -> Result<Format, String> {
        let root = root_element(head).ok_or_else(|| describe_start(head))?;
        match root {
            "coverage" => Ok(Format::Cobertura),
            "testsuites" | "testsuite" => Ok(Format::Junit),
            other => Err(format!("its root element is <{other}>")),
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Cobertura => "Cobertura XML",
            Format::Junit => "JUnit XML",
        })
    }
}

/// Parses a report of a known format from a stream.
pub fn parse<R: BufRead>(format: Format, input: R) -> Result<Report, ParseError> {
    match format {
        Format::Cobertura => cobertura::parse(input),
        Format::Junit => junit::parse(input),
    }
}

/// Parses a report held in memory; errors carry line and column.
pub fn parse_str(format: Format, input: &str) -> Result<Report, ParseError> {
    parse(format, input.as_bytes()).map_err(|mut error| {
        error.locate(input.as_bytes());
        error
    })
}

/// Opens `path`, tells its format from its content (unless `format` is given) and parses it.
pub fn from_path(path: &Path, format: Option<Format>) -> Result<Report, ReportError> {
    let read_error = |source| ReportError::Read { path: path.to_owned(), source };
    let file = File::open(path).map_err(read_error)?;
    let mut input = BufReader::with_capacity(64 * 1024, file);
    let format = match format {
        Some(format) => format,
        None => {
            let head = input.fill_buf().map_err(read_error)?;
            Format::sniff(head).map_err(|found| ReportError::Unrecognized { path: path.to_owned(), found })?
        }
    };
    parse(format, input).map_err(|mut source| {
        if let Ok(file) = File::open(path) {
            source.locate(BufReader::new(file));
        }
        ReportError::Invalid { path: path.to_owned(), source: Box::new(source) }
    })
}

/// The name of the first element, past a BOM, white space, the XML declaration,
/// processing instructions, comments and a DOCTYPE.
fn root_element(head: &[u8]) -> Option<&str> {
    let mut rest = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    loop {
        rest = rest.trim_ascii_start();
        if let Some(after) = rest.strip_prefix(b"<?") {
            rest = skip_past(after, b"?>")?;
        } else if let Some(after) = rest.strip_prefix(b"<!--") {
            rest = skip_past(after, b"-->")?;
        } else if let Some(after) = rest.strip_prefix(b"<!") {
            rest = skip_doctype(after)?;
        } else {
            let after = rest.strip_prefix(b"<")?;
            let end = after
                .iter()
                .position(|&byte| byte.is_ascii_whitespace() || matches!(byte, b'>' | b'/'))
                .unwrap_or(after.len());
            let name = std::str::from_utf8(after.get(..end)?).ok()?;
            // A namespace prefix (`<ns:testsuites>`) does not change the kind.
            let local = name.rsplit(':').next().unwrap_or(name);
            return (!local.is_empty()).then_some(local);
        }
    }
}

fn skip_past<'a>(input: &'a [u8], end: &[u8]) -> Option<&'a [u8]> {
    let at = input.windows(end.len()).position(|window| window == end)?;
    input.get(at + end.len()..)
}

/// Skips `DOCTYPE … >`, including an internal subset in brackets.
fn skip_doctype(input: &[u8]) -> Option<&[u8]> {
    let mut depth = 0usize;
    for (at, &byte) in input.iter().enumerate() {
        match byte {
            b'[' => depth += 1,
            b']' => depth = depth.saturating_sub(1),
            b'>' if depth == 0 => return input.get(at + 1..),
            _ => {}
        }
    }
    None
}

fn describe_start(head: &[u8]) -> String {
    let text = String::from_utf8_lossy(head.get(..40).unwrap_or(head));
    let text = text.trim_start_matches('\u{feff}').trim();
    if text.is_empty() {
        "the file is empty".to_owned()
    } else {
        let shown: String = text.chars().take(24).collect();
        format!("it starts with {shown:?}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_root_past_prolog() {
        let head = b"\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- generated -->\n<!DOCTYPE coverage SYSTEM \"x.dtd\" [ <!ENTITY a \"b\"> ]>\n<coverage line-rate=\"1\">";
        assert_eq!(Format::sniff(head), Ok(Format::Cobertura));
        assert_eq!(Format::sniff(b"<testsuite name=\"x\"/>"), Ok(Format::Junit));
        assert_eq!(Format::sniff(b"<testsuites>"), Ok(Format::Junit));
    }

    #[test]
    fn sniff_says_what_it_found() {
        assert_eq!(Format::sniff(b"<report name=\"x\">"), Err("its root element is <report>".to_owned()));
        assert_eq!(Format::sniff(b"  "), Err("the file is empty".to_owned()));
        assert_eq!(Format::sniff(b"{\"a\": 1}"), Err("it starts with \"{\\\"a\\\": 1}\"".to_owned()));
    }
}

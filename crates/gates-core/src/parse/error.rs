//! Parse errors: a kind plus where in the report it happened.

use std::fmt;
use std::io::{self, BufRead};
use std::path::PathBuf;

use super::Format;

/// A report could not be read as the format it was taken for.
#[derive(Debug, thiserror::Error)]
#[error("not valid {format}: {location}{kind}")]
#[non_exhaustive]
pub struct ParseError {
    /// The format the report was read as.
    pub format: Format,
    /// Where in the report.
    pub location: Location,
    /// What was wrong.
    pub kind: ParseErrorKind,
}

/// Where in a report an error was found. Every part is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Location {
    /// Byte offset from the start of the report.
    pub offset: Option<u64>,
    /// 1-based line and column (in characters), computed from `offset` when the error is shown.
    pub line_column: Option<(u64, u64)>,
    /// The element or key path, e.g. `package[2]/class[1]("m.py")/line[40]/@hits`.
    pub element: Option<String>,
}

/// What was wrong with a report.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ParseErrorKind {
    /// The bytes could not be read.
    #[error("could not read it: {0}")]
    Io(#[from] io::Error),
    /// Not well-formed XML.
    #[error("malformed XML: {0}")]
    Xml(String),
    /// Not well-formed JSON, or JSON of the wrong shape.
    #[error("{0}")]
    Json(String),
    /// The document ends before its root element is closed.
    #[error("the file ends before <{0}> is closed; the report is truncated")]
    Truncated(String),
    /// The root element is not the one this format has.
    #[error("expected {expected}, found <{found}>")]
    WrongRoot {
        /// What the format's root looks like.
        expected: &'static str,
        /// The root element found.
        found: String,
    },
    /// A required attribute is missing.
    #[error("missing attribute `{0}`")]
    MissingAttribute(&'static str),
    /// A neighbouring format gates has no parser for yet (Clover XML, whose root is also `<coverage>`).
    #[error("{0} is not supported yet")]
    Unsupported(&'static str),
    /// A line or element where the format does not allow it (an LCOV `DA:` before any `SF:`).
    #[error("{found} {problem}")]
    Misplaced {
        /// What was found, as the report writes it (`DA:`).
        found: String,
        /// Where it is and what was expected before it.
        problem: &'static str,
    },
    /// A line-oriented report ends inside a record (an LCOV record without `end_of_record`).
    #[error("the file ends inside the record of {0:?} (no end_of_record); the report is truncated")]
    UnclosedRecord(String),
    /// The report holds nothing of what the format is made of (an LCOV file without records).
    #[error("no {0} found; the report is empty")]
    Empty(&'static str),
    /// A text report's line is not what the format writes. The line is not quoted: a file given
    /// by mistake (`secrets.env`) may hold a credential there.
    #[error("expected {expected}, but line {line} is not")]
    UnexpectedLine {
        /// What the format's lines look like.
        expected: &'static str,
        /// The 1-based number of the first line that is not.
        line: usize,
    },
    /// A value that is not what the format writes there and is not quoted, as it may be part of
    /// a credential in a file given by mistake.
    #[error("expected {expected}, found other text")]
    UnquotedValue {
        /// What the value should be.
        expected: &'static str,
    },
    /// A value does not have the expected form.
    #[error("expected {expected}, found {found:?}")]
    InvalidValue {
        /// What the value should be.
        expected: &'static str,
        /// The value found (cut to a readable length).
        found: String,
    },
    /// An event stream ends with something started and not finished (a `go test -json` test
    /// with a `run` event and no outcome).
    #[error("the file ends before {what} finished (no {expected} event); the report is truncated")]
    Unfinished {
        /// What was started, as the report names it.
        what: String,
        /// The event that would have finished it.
        expected: &'static str,
    },
    /// A line-oriented report whose writer ends every line with a newline ends without one.
    #[error("the last line ends without a newline; the report is truncated")]
    CutMidLine,
    /// A stream that announces what it holds (a TAP plan) ends short of it.
    #[error("{0}; the report is incomplete: the stream was cut short or the run stopped before its end")]
    Incomplete(String),
    /// A line-oriented report ends inside a block that has an end marker (TAP's YAML `---` … `...`).
    #[error("the file ends inside {0}; the report is truncated")]
    UnclosedBlock(&'static str),
    /// The report's own totals disagree with the data they sum up (a Clover `<metrics>` that
    /// counts other statements than its `<line>`s), so the report is damaged or was edited.
    #[error("{0}; the report contradicts itself")]
    Contradiction(String),
}

impl ParseError {
    pub(crate) fn new(format: Format, kind: ParseErrorKind) -> Self {
        Self { format, location: Location::default(), kind }
    }

    pub(crate) fn at(mut self, offset: u64) -> Self {
        self.location.offset = Some(offset);
        self
    }

    pub(crate) fn in_element(mut self, element: impl Into<String>) -> Self {
        self.location.element = Some(element.into());
        self
    }

    /// Fills in line and column by reading the report again up to the error's offset.
    pub fn locate(&mut self, report: impl BufRead) {
        if let Some(offset) = self.location.offset {
            self.location.line_column = line_column(report, offset).ok();
        }
    }
}

impl ParseErrorKind {
    pub(crate) fn invalid(expected: &'static str, found: &str) -> Self {
        ParseErrorKind::InvalidValue { expected, found: shortened(found) }
    }
}

/// A report that could not be read.
pub(crate) fn io_error(format: Format, error: io::Error) -> ParseError {
    ParseError::new(format, ParseErrorKind::Io(error))
}

/// A value from a report cut to a readable length for a message.
pub(crate) fn shortened(text: &str) -> String {
    const SHOWN: usize = 60;
    let mut shown = text.to_owned();
    if shown.len() > SHOWN {
        crate::model::truncate_at_char(&mut shown, SHOWN);
        shown.push('…');
    }
    shown
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line_column, self.offset) {
            (Some((line, column)), _) => write!(f, "line {line}, column {column}")?,
            (None, Some(offset)) => write!(f, "byte {offset}")?,
            (None, None) if self.element.is_none() => return Ok(()),
            (None, None) => {}
        }
        match &self.element {
            Some(element) if self.line_column.is_some() || self.offset.is_some() => {
                write!(f, " ({element})")?
            }
            Some(element) => f.write_str(element)?,
            None => {}
        }
        f.write_str(": ")
    }
}

/// 1-based line and character column of byte `offset`.
pub(crate) fn line_column(mut report: impl BufRead, offset: u64) -> io::Result<(u64, u64)> {
    let (mut line, mut column, mut seen) = (1u64, 1u64, 0u64);
    loop {
        let chunk = report.fill_buf()?;
        if chunk.is_empty() || seen >= offset {
            break;
        }
        let wanted = usize::try_from(offset - seen).unwrap_or(usize::MAX).min(chunk.len());
        let (part, _) = chunk.split_at(wanted);
        for &byte in part {
            if byte == b'\n' {
                line += 1;
                column = 1;
            } else if byte & 0xC0 != 0x80 {
                // Count a column at each character's first byte, not at continuation bytes.
                column += 1;
            }
        }
        seen += wanted as u64;
        report.consume(wanted);
    }
    Ok((line, column))
}

/// A report file could not be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReportError {
    /// The file could not be opened or read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The report path.
        path: PathBuf,
        /// The I/O error.
        source: io::Error,
    },
    /// Its kind could not be told from its content.
    #[error("cannot tell what kind of report {} is: {found}; expected {}", path.display(), Format::SUPPORTED)]
    Unrecognized {
        /// The report path.
        path: PathBuf,
        /// What the file starts with.
        found: String,
    },
    /// A directory given as a report is not a Criterion results directory, or holds no run of
    /// the folder asked for.
    #[error("{} is not a Criterion results directory to read: {problem}", path.display())]
    NotCriterion {
        /// The directory.
        path: PathBuf,
        /// What it lacks.
        problem: String,
    },
    /// It is not valid as the format it was read as.
    #[error("{} is {source}", path.display())]
    Invalid {
        /// The report path.
        path: PathBuf,
        /// The parse error, located.
        source: Box<ParseError>,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "ab\nxé€z";
        let offset = text.find('z').unwrap() as u64;
        assert_eq!(line_column(text.as_bytes(), offset).unwrap(), (2, 4));
        assert_eq!(line_column(text.as_bytes(), 0).unwrap(), (1, 1));
    }
}

//! Line-oriented reports (LCOV, TAP, Go's): one line at a time, memory bounded by the longest
//! line kept.

use std::io::{self, BufRead, Read};

use super::error::{ParseError, ParseErrorKind};
use crate::model::Format;

/// One line: its bytes without the newline (and, first, without a UTF-8 BOM), where they start
/// in the report, its 1-based number, and whether it was longer than the limit (then only its
/// first bytes are here and the rest was passed over).
#[derive(Debug)]
pub(crate) struct Line<'a> {
    pub(crate) bytes: &'a [u8],
    pub(crate) start: u64,
    pub(crate) number: usize,
    pub(crate) cut: bool,
}

/// The longest line a text report (mypy, flake8, JSON Lines) may have.
pub(crate) const MAX_TEXT_LINE: usize = 1024 * 1024;

impl<'a> Line<'a> {
    /// The line's bytes; a line longer than the limit is refused: `expected` says what the
    /// report's lines are.
    pub(crate) fn whole(&self, format: Format, expected: &'static str) -> Result<&'a [u8], ParseError> {
        if self.cut {
            let kind = ParseErrorKind::UnexpectedLine { expected, line: self.number };
            return Err(ParseError::new(format, kind).at(self.start));
        }
        Ok(self.bytes)
    }

    /// The line as text, without a `\r` before its newline; refused as by [`Line::whole`], or
    /// when it is not UTF-8.
    pub(crate) fn text(&self, format: Format, expected: &'static str) -> Result<&'a str, ParseError> {
        let bytes = self.whole(format, expected)?;
        let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
        std::str::from_utf8(bytes).map_err(|error| {
            ParseError::new(format, ParseErrorKind::invalid("UTF-8 text", "bytes that are not UTF-8"))
                .at(self.start + error.valid_up_to() as u64)
        })
    }
}

/// Reads `input` line by line, keeping at most `limit` bytes of a line.
#[derive(Debug)]
pub(crate) struct Lines<R> {
    input: R,
    limit: usize,
    buf: Vec<u8>,
    offset: u64,
    number: usize,
    unterminated: bool,
}

impl<R: BufRead> Lines<R> {
    pub(crate) fn new(input: R, limit: usize) -> Self {
        Self { input, limit, buf: Vec::new(), offset: 0, number: 0, unterminated: false }
    }

    /// The next line, or `None` at the end of the report.
    pub(crate) fn next_line(&mut self) -> io::Result<Option<Line<'_>>> {
        self.buf.clear();
        let start = self.offset;
        let read = Read::take(&mut self.input, self.limit as u64).read_until(b'\n', &mut self.buf)?;
        if read == 0 {
            return Ok(None);
        }
        self.offset += read as u64;
        self.number += 1;
        let cut = read == self.limit && self.buf.last() != Some(&b'\n');
        self.unterminated = !cut && self.buf.last() != Some(&b'\n');
        if cut {
            self.offset += self.input.skip_until(b'\n')? as u64;
        }
        let line = self.buf.strip_suffix(b"\n").unwrap_or(&self.buf);
        let line = if start == 0 { line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line) } else { line };
        let bom = if start == 0 && self.buf.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 };
        Ok(Some(Line { bytes: line, start: start + bom, number: self.number, cut }))
    }

    /// Whether the last line read ended without a newline: a report whose writer ends every
    /// line with one was cut short there.
    pub(crate) fn ended_mid_line(&self) -> bool {
        self.unterminated
    }

    /// The bytes read so far: the report's length once `next_line` gave `None`.
    pub(crate) fn offset(&self) -> u64 {
        self.offset
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_keep_their_start_and_long_ones_are_cut() {
        let mut lines = Lines::new(&b"\xEF\xBB\xBFone\r\n\ntoo long here\nlast"[..], 8);
        let mut seen = Vec::new();
        while let Some(line) = lines.next_line().unwrap() {
            seen.push((line.bytes.to_vec(), line.start, line.number, line.cut));
        }
        assert_eq!(
            seen,
            [
                (b"one\r".to_vec(), 3, 1, false),
                (b"".to_vec(), 8, 2, false),
                (b"too long".to_vec(), 9, 3, true),
                (b"last".to_vec(), 23, 4, false),
            ]
        );
        assert_eq!(lines.offset(), 27);
        assert!(lines.ended_mid_line());
        let mut whole = Lines::new(&b"one\n"[..], 8);
        while whole.next_line().unwrap().is_some() {}
        assert!(!whole.ended_mid_line());
    }
}

//! A reader that hands on only UTF-8, for the JSON parsers that read a report from a stream:
//! serde_json checks UTF-8 only in the strings it keeps, not in those it skips.

use std::io::{self, Read};

const CHUNK: usize = 64 * 1024;

/// Reads `inner`, refusing bytes that are not UTF-8 (a sequence cut by a chunk boundary waits
/// for the rest).
pub(crate) struct Utf8Input<R> {
    inner: R,
    buffer: Box<[u8]>,
    /// `buffer[start..end]` is checked and not yet read.
    start: usize,
    end: usize,
    /// `buffer[end..filled]` is the start of a character whose rest is still to come.
    filled: usize,
    consumed: u64,
    not_utf8_at: Option<u64>,
}

impl<R: Read> Utf8Input<R> {
    pub(crate) fn new(inner: R) -> Self {
        Self {
            inner,
            buffer: vec![0; CHUNK].into_boxed_slice(),
            start: 0,
            end: 0,
            filled: 0,
            consumed: 0,
            not_utf8_at: None,
        }
    }

    /// The offset of the first byte that is not UTF-8, once reading has reached it.
    pub(crate) fn not_utf8_at(&self) -> Option<u64> {
        self.not_utf8_at
    }

    /// Refills the buffer with checked bytes; `Ok(false)` at the end of the input.
    fn refill(&mut self) -> io::Result<bool> {
        let pending = self.filled - self.end;
        self.buffer.copy_within(self.end..self.filled, 0);
        (self.start, self.end, self.filled) = (0, 0, pending);
        loop {
            let read = self.inner.read(self.buffer.get_mut(self.filled..).unwrap_or_default())?;
            self.filled += read;
            match std::str::from_utf8(self.buffer.get(..self.filled).unwrap_or_default()) {
                Ok(_) => self.end = self.filled,
                Err(error) if read > 0 && error.error_len().is_none() => self.end = error.valid_up_to(),
                Err(error) => {
                    self.end = error.valid_up_to();
                    if self.end == 0 {
                        self.not_utf8_at = Some(self.consumed);
                        return Err(io::Error::new(io::ErrorKind::InvalidData, "bytes that are not UTF-8"));
                    }
                }
            }
            if self.end > 0 || read == 0 {
                return Ok(self.end > 0);
            }
        }
    }
}

impl<R: Read> Read for Utf8Input<R> {
    fn read(&mut self, into: &mut [u8]) -> io::Result<usize> {
        if self.start == self.end && !self.refill()? {
            return Ok(0);
        }
        let count = into.len().min(self.end - self.start);
        // serde_json reads one byte at a time.
        match (into, self.buffer.get(self.start..self.start + count)) {
            ([only], Some([byte])) => *only = *byte,
            (into, Some(checked)) => into.get_mut(..count).unwrap_or_default().copy_from_slice(checked),
            (_, None) => return Ok(0),
        }
        self.start += count;
        self.consumed += count as u64;
        Ok(count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hands on `bytes` at most `chunk` at a time, as a pipe might.
    struct Chunked<'a>(&'a [u8], usize);

    impl Read for Chunked<'_> {
        fn read(&mut self, into: &mut [u8]) -> io::Result<usize> {
            let count = into.len().min(self.1).min(self.0.len());
            into[..count].copy_from_slice(&self.0[..count]);
            self.0 = &self.0[count..];
            Ok(count)
        }
    }

    fn read_all(bytes: &[u8], chunk: usize) -> Result<Vec<u8>, u64> {
        let mut input = Utf8Input::new(Chunked(bytes, chunk));
        let mut out = Vec::new();
        input.read_to_end(&mut out).map(|_| out).map_err(|_| input.not_utf8_at().unwrap_or(u64::MAX))
    }

    #[test]
    fn hands_on_utf8_whole_even_when_a_character_is_cut_between_reads() {
        let text = "aé€😀z".as_bytes();
        for cut in 1..=text.len() {
            assert_eq!(read_all(text, cut).as_deref(), Ok(text), "cut at {cut}");
        }
    }

    #[test]
    fn refuses_the_first_byte_that_is_not_utf8_at_its_offset() {
        assert_eq!(read_all(b"abc\xFFdef", 2), Err(3));
        assert_eq!(read_all(b"\xC3", 1), Err(0));
        assert_eq!(read_all(b"ab\xE2\x82", 8), Err(2));
    }
}

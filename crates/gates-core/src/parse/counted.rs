//! A reader that counts what it has read, so a position is known without asking the system.

use std::io::{Read, Result, Seek, SeekFrom};

/// `inner`, and the offset its reads have reached.
#[derive(Debug)]
pub(crate) struct Counted<R> {
    inner: R,
    position: u64,
}

impl<R> Counted<R> {
    /// `inner`, read from its start.
    pub(crate) fn new(inner: R) -> Self {
        Self { inner, position: 0 }
    }

    /// The offset of the next byte read.
    pub(crate) fn position(&self) -> u64 {
        self.position
    }
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> Result<usize> {
        let read = self.inner.read(buf)?;
        self.position += read as u64;
        Ok(read)
    }
}

impl<R: Seek> Seek for Counted<R> {
    fn seek(&mut self, to: SeekFrom) -> Result<u64> {
        self.position = self.inner.seek(to)?;
        Ok(self.position)
    }
}

#[cfg(test)]
mod tests {
    use std::io::{BufRead, BufReader, Cursor};

    use super::*;

    #[test]
    fn knows_where_reads_and_seeks_left_it() {
        let mut counted = Counted::new(Cursor::new(b"0123456789".to_vec()));
        let mut buf = [0; 4];
        assert_eq!(counted.read(&mut buf).unwrap(), 4);
        assert_eq!(counted.position(), 4);
        assert_eq!(counted.seek(SeekFrom::Current(-3)).unwrap(), 1);
        assert_eq!(counted.position(), 1);
        let mut rest = String::new();
        counted.read_to_string(&mut rest).unwrap();
        assert_eq!((rest.as_str(), counted.position()), ("123456789", 10));
    }

    #[test]
    fn a_buffered_reader_goes_back_within_its_buffer() {
        let mut input = BufReader::with_capacity(4, Counted::new(Cursor::new(b"abcdefgh".to_vec())));
        input.fill_buf().unwrap();
        input.consume(3);
        let behind = input.get_ref().position() - input.buffer().len() as u64;
        assert_eq!(behind, 3);
        input.seek_relative(-3).unwrap();
        let mut all = String::new();
        input.read_to_string(&mut all).unwrap();
        assert_eq!(all, "abcdefgh");
    }
}

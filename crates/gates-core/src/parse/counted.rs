//! A buffered reader that counts what has been taken from it, so a position is known without
//! asking the system.

use std::io::{BufRead, BufReader, Read, Result, Seek};

/// `inner`, and how many bytes of it have been read or consumed.
///
/// It goes over the buffer rather than under it: a [`BufReader`] fills its buffer straight from
/// a [`std::fs::File`], where a reader of its own would have the buffer zeroed first.
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

    /// The offset of the next byte taken.
    pub(crate) fn position(&self) -> u64 {
        self.position
    }
}

impl<S: Seek> Counted<BufReader<S>> {
    /// Back to the start, within the buffer when what was taken is still in it.
    pub(crate) fn rewind(&mut self) -> Result<()> {
        match i64::try_from(self.position) {
            Ok(back) => self.inner.seek_relative(-back)?,
            Err(_) => self.inner.rewind()?,
        }
        self.position = 0;
        Ok(())
    }
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> Result<usize> {
        let read = self.inner.read(buf)?;
        self.position += read as u64;
        Ok(read)
    }
}

impl<R: BufRead> BufRead for Counted<R> {
    fn fill_buf(&mut self) -> Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        self.inner.consume(amount);
        self.position += amount as u64;
    }
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use super::*;

    #[test]
    fn counts_what_reads_and_consuming_took() {
        let mut counted = Counted::new(BufReader::with_capacity(4, Cursor::new(b"0123456789".to_vec())));
        let mut buf = [0; 3];
        assert_eq!(counted.read(&mut buf).unwrap(), 3);
        assert_eq!(counted.position(), 3);
        assert_eq!(counted.fill_buf().unwrap(), b"3");
        counted.consume(1);
        assert_eq!(counted.position(), 4);
        let mut rest = String::new();
        counted.read_to_string(&mut rest).unwrap();
        assert_eq!((rest.as_str(), counted.position()), ("456789", 10));
    }

    #[test]
    fn goes_back_to_the_start_within_the_buffer_or_past_it() {
        for (capacity, taken) in [(16, 5), (4, 3), (4, 9)] {
            let mut counted =
                Counted::new(BufReader::with_capacity(capacity, Cursor::new(b"abcdefghij".to_vec())));
            let mut head = vec![0; taken];
            counted.read_exact(&mut head).unwrap();
            counted.rewind().unwrap();
            assert_eq!(counted.position(), 0);
            let mut all = String::new();
            counted.read_to_string(&mut all).unwrap();
            assert_eq!(all, "abcdefghij", "capacity {capacity}, {taken} bytes taken");
        }
    }
}

//! A file's executable lines packed, most into 1 to 3 bytes each instead of 12.
//!
//! A 100 MB report holds millions of lines; on CI machines the page faults for storing them cost
//! more than reading them. Lines are stored in ascending order as LEB128 varints. Each starts
//! with a header: the gap to the previous line number, shifted left by three; bit 2 set when
//! branch counts follow; bits 0–1 the hits when they are 0, 1 or 2, or 3 when the hits follow as
//! their own varint. A branching line then has the branches taken and the branches. A line with
//! a gap under 16 and at most 2 hits (most lines coverage.py writes) takes one byte.

use super::LineCoverage;

/// Lines sorted by number, each listed once, packed.
#[derive(Clone, Default, PartialEq, Eq)]
pub(crate) struct PackedLines {
    bytes: Box<[u8]>,
    count: usize,
}

impl PackedLines {
    /// Packs `lines`, which must be sorted by number without duplicates.
    pub(crate) fn pack(lines: &[LineCoverage]) -> Self {
        let mut bytes = Vec::with_capacity(lines.len() * 3);
        let mut previous = 0;
        for line in lines {
            let branches = line.branches_valid > 0;
            let gap = u64::from(line.number.wrapping_sub(previous));
            let hits = u64::from(line.hits.min(HITS_FOLLOW));
            push_varint(&mut bytes, gap << 3 | u64::from(branches) << 2 | hits);
            if hits == u64::from(HITS_FOLLOW) {
                push_varint(&mut bytes, u64::from(line.hits));
            }
            if branches {
                push_varint(&mut bytes, u64::from(line.branches_covered));
                push_varint(&mut bytes, u64::from(line.branches_valid));
            }
            previous = line.number;
        }
        Self { bytes: bytes.into_boxed_slice(), count: lines.len() }
    }

    pub(crate) fn len(&self) -> usize {
        self.count
    }

    pub(crate) fn iter(&self) -> Lines<'_> {
        Lines { bytes: &self.bytes, number: 0, remaining: self.count }
    }
}

impl std::fmt::Debug for PackedLines {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// The lines of a file in ascending order; see [`crate::model::FileCoverage::lines`].
#[derive(Debug, Clone)]
pub struct Lines<'a> {
    bytes: &'a [u8],
    number: u32,
    remaining: usize,
}

impl Iterator for Lines<'_> {
    type Item = LineCoverage;

    fn next(&mut self) -> Option<LineCoverage> {
        let header = self.varint()?;
        // The packer wrote these from u32 and u16 values, so the conversions are exact.
        self.number = self.number.wrapping_add((header >> 3) as u32);
        let hits = match (header & 3) as u32 {
            HITS_FOLLOW => self.varint()? as u32,
            hits => hits,
        };
        let line = if header & 4 == 4 {
            let covered = self.varint()? as u16;
            let valid = self.varint()? as u16;
            LineCoverage::with_branches(self.number, hits, covered, valid)
        } else {
            LineCoverage::new(self.number, hits)
        };
        self.remaining = self.remaining.saturating_sub(1);
        Some(line)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }
}

impl ExactSizeIterator for Lines<'_> {}

impl Lines<'_> {
    fn varint(&mut self) -> Option<u64> {
        let mut value = 0u64;
        for (at, byte) in self.bytes.iter().enumerate() {
            value |= u64::from(byte & 0x7f) << (7 * at);
            if byte & 0x80 == 0 {
                self.bytes = self.bytes.get(at + 1..).unwrap_or_default();
                return Some(value);
            }
        }
        None
    }
}

/// The hits code saying that the hits follow the header.
const HITS_FOLLOW: u32 = 3;

fn push_varint(bytes: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        bytes.push((value & 0x7f) as u8 | 0x80);
        value >>= 7;
    }
    bytes.push(value as u8);
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #[test]
        fn any_sorted_lines_come_back(
            raw in proptest::collection::vec((any::<u32>(), any::<u32>(), any::<u16>(), any::<u16>()), 0..300)
        ) {
            let mut lines: Vec<_> = raw
                .into_iter()
                .map(|(number, hits, covered, valid)| LineCoverage::with_branches(number, hits, covered, valid))
                .collect();
            lines.sort_by_key(|line| line.number);
            lines.dedup_by_key(|line| line.number);
            let packed = PackedLines::pack(&lines);
            prop_assert_eq!(packed.iter().collect::<Vec<_>>(), lines);
        }
    }

    #[test]
    fn lines_come_back_as_packed() {
        let lines = vec![
            LineCoverage::new(0, 0),
            LineCoverage::new(1, 127),
            LineCoverage::new(2, 2),
            LineCoverage::new(3, 3),
            LineCoverage::new(19, 1),
            LineCoverage::new(129, 128),
            LineCoverage::with_branches(130, u32::MAX, 1, 2),
            LineCoverage::with_branches(u32::MAX - 1, 3, u16::MAX, u16::MAX),
            LineCoverage::new(u32::MAX, 0),
        ];
        let packed = PackedLines::pack(&lines);
        assert_eq!(packed.len(), lines.len());
        assert_eq!(packed.iter().len(), lines.len());
        assert_eq!(packed.iter().collect::<Vec<_>>(), lines);
        assert_eq!(PackedLines::pack(&[]).iter().next(), None);
    }

    #[test]
    fn typical_lines_take_one_byte_and_branching_ones_three() {
        let lines: Vec<_> = (1..=100).map(|number| LineCoverage::new(number * 15, number % 3)).collect();
        assert_eq!(PackedLines::pack(&lines).bytes.len(), 100);
        let lines: Vec<_> = (1..=100).map(|number| LineCoverage::with_branches(number, 1, 1, 2)).collect();
        assert_eq!(PackedLines::pack(&lines).bytes.len(), 300);
    }
}

//! Attribute values read eight bytes at a time: where a value's closing quote stands and whether
//! the value is plain, in one pass.

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `word` below `limit` (at most 0x80). The lowest such byte is always
/// marked; a byte above it may be marked too.
fn bytes_below(word: u64, limit: u8) -> u64 {
    word.wrapping_sub(ONES * u64::from(limit)) & !word & HIGH_BITS
}

/// The high bit of each byte of `word` equal to `byte`, marked as [`bytes_below`] marks them.
fn bytes_equal(word: u64, byte: u8) -> u64 {
    bytes_below(word ^ (ONES * u64::from(byte)), 1)
}

/// Whether a byte of `word` is `<`, `&` or below U+0020, marked as [`bytes_below`] marks them.
fn special_bytes(word: u64) -> u64 {
    bytes_below(word, 0x20) | bytes_equal(word, b'<') | bytes_equal(word, b'&')
}

/// The length of `value` up to its first `quote`, and whether what comes before holds no `<`, no
/// `&` and no byte below U+0020; `None` when `value` has no `quote`.
pub(super) fn quoted(value: &[u8], quote: u8) -> Option<(usize, bool)> {
    let mut special = false;
    let mut words = value.chunks_exact(8);
    for (index, word) in (&mut words).enumerate() {
        let word = u64::from_le_bytes(<[u8; 8]>::try_from(word).ok()?);
        let closing = bytes_equal(word, quote);
        if closing != 0 {
            // Marks below the lowest quote are exact, so the bytes before it are told exactly.
            let length = closing.trailing_zeros() as usize / 8;
            let before = (1_u64 << (8 * length)) - 1;
            return Some((index * 8 + length, !special && special_bytes(word) & before == 0));
        }
        special |= special_bytes(word) != 0;
    }
    let start = value.len() - words.remainder().len();
    let length = words.remainder().iter().position(|&byte| byte == quote)?;
    let tail = words.remainder().get(..length).unwrap_or_default();
    let plain = !special && tail.iter().all(|&byte| byte >= 0x20 && byte != b'<' && byte != b'&');
    Some((start + length, plain))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_quote_and_tells_plain_values() {
        assert_eq!(quoted(b"1\" b=\"2\"", b'"'), Some((1, true)));
        assert_eq!(quoted(b"\"", b'"'), Some((0, true)));
        assert_eq!(quoted(b"a&amp;b\"", b'"'), Some((7, false)));
        assert_eq!(quoted(b"abcdefgh<ijk' x", b'\''), Some((12, false)));
        assert_eq!(quoted(b"abcdefghijk\"&", b'"'), Some((11, true)), "after the quote counts not");
        assert_eq!(quoted("caf\u{e9} \u{1F600}\"".as_bytes(), b'"'), Some((10, true)));
        assert_eq!(quoted(b"no quote\tat all", b'"'), None);
    }

    proptest::proptest! {
        #[test]
        fn tells_what_a_byte_by_byte_reading_tells(
            value in proptest::collection::vec(proptest::prop_oneof![
                6 => 0x20_u8..0x7f, 1 => proptest::sample::select(b"\"'<&\t\x00\x1f\xc3\xa9\x80\xff".to_vec())
            ], 0..40),
        ) {
            for quote in [b'"', b'\''] {
                let expected = value.iter().position(|&byte| byte == quote).map(|length| {
                    let plain = value[..length].iter().all(|&byte| byte >= 0x20 && byte != b'<' && byte != b'&');
                    (length, plain)
                });
                proptest::prop_assert_eq!(quoted(&value, quote), expected);
            }
        }
    }
}

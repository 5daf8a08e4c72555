//! Lenient reading of the numbers producers write: counts, seconds and rates.

/// A non-negative whole count: `12`, `12.0`, `1e3`, `+4`. Fractions and negatives are refused.
pub(crate) fn count(text: &str) -> Option<u64> {
    // Plain digits, as nearly every producer writes them: no trimming, no float parsing.
    if (1..=19).contains(&text.len()) {
        // One pass: the value is kept only when every byte was a digit.
        let (value, digits) = text.bytes().fold((0_u64, true), |(value, digits), byte| {
            let digit = byte.wrapping_sub(b'0');
            (value.wrapping_mul(10).wrapping_add(u64::from(digit)), digits & (digit < 10))
        });
        if digits {
            return Some(value);
        }
    }
    let text = text.trim();
    if let Ok(value) = text.parse::<u64>() {
        return Some(value);
    }
    let value = text.parse::<f64>().ok()?;
    // `-0` is refused with every other signed value.
    (value.is_finite() && value.is_sign_positive() && value.fract() == 0.0 && value <= u64::MAX as f64)
        .then_some(value as u64)
}

/// Seconds as producers write them: `1.5`, `0,25` (decimal comma), `1,234.5` (thousands separator).
/// Negative, infinite and NaN values are refused.
pub(crate) fn seconds(text: &str) -> Option<f64> {
    let text = text.trim_ascii();
    if let Some(value) = short_decimal(text) {
        return Some(value);
    }
    // Almost every time is a plain number; a comma (a locale's) is never part of one.
    let value = match text.parse::<f64>() {
        Ok(value) => value,
        Err(_) => match (text.contains('.'), text.matches(',').count()) {
            (_, 0) => return None,
            (true, _) | (false, 2..) => text.replace(',', "").parse::<f64>().ok()?,
            (false, 1) => text.replace(',', ".").parse::<f64>().ok()?,
        },
    };
    (value.is_finite() && value >= 0.0).then_some(value)
}

/// A decimal of at most 15 digits (`0.012`, `12`), read without the general float parser: its
/// digits and its power of ten are both exact as `f64`, so one division rounds correctly, as
/// `str::parse` would (Clinger's fast path). `None` for anything else, which that parser reads.
fn short_decimal(text: &str) -> Option<f64> {
    const POWERS_OF_TEN: [f64; 16] =
        [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];
    let (mut mantissa, mut digits, mut point) = (0_u64, 0_usize, None);
    for byte in text.bytes() {
        match byte {
            b'0'..=b'9' if digits < 15 => {
                mantissa = mantissa * 10 + u64::from(byte - b'0');
                digits += 1;
            }
            b'.' if point.is_none() && digits > 0 => point = Some(digits),
            _ => return None,
        }
    }
    if digits == 0 {
        return None;
    }
    // Below 10^15, so exactly an `f64`.
    #[allow(clippy::cast_precision_loss)]
    let mantissa = mantissa as f64;
    POWERS_OF_TEN.get(digits - point.unwrap_or(digits)).map(|power| mantissa / power)
}

/// A line number (1-based in every format we read; 0 is accepted as written): digits only, as
/// every producer writes one, so `1.` or `1e3` is no line.
pub(crate) fn line_number(text: &str) -> Option<u32> {
    let digits = text.trim_ascii();
    if !(1..=10).contains(&digits.len()) {
        return None;
    }
    // Ten digits hold no more than a u64 can.
    let value = digits.bytes().try_fold(0_u64, |value, byte| {
        let digit = byte.wrapping_sub(b'0');
        (digit < 10).then(|| value * 10 + u64::from(digit))
    })?;
    u32::try_from(value).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_numbers_are_digits() {
        assert_eq!((line_number("12"), line_number(" 7 "), line_number("0")), (Some(12), Some(7), Some(0)));
        for refused in ["", "1.", "7.0", "1e3", "-1", "-0", "+3", "4294967296", "1 2"] {
            assert_eq!(line_number(refused), None, "{refused:?}");
        }
    }

    #[test]
    fn counts() {
        assert_eq!(count("12"), Some(12));
        assert_eq!(count(" 7.0 "), Some(7));
        assert_eq!(count("1e3"), Some(1000));
        assert_eq!(count("1.5"), None);
        assert_eq!(count("-1"), None);
        assert_eq!((count("-0"), count("-0.0"), count("-0e0")), (None, None, None));
        assert_eq!(count("abc"), None);
        assert_eq!(count("NaN"), None);
    }

    proptest::proptest! {
        #[test]
        fn short_decimals_are_read_as_the_float_parser_reads_them(written in "[0-9]{1,15}(\\.[0-9]{0,14})?") {
            let expected = (written.bytes().filter(u8::is_ascii_digit).count() <= 15).then(|| written.parse::<f64>().ok());
            proptest::prop_assert_eq!(short_decimal(&written), expected.flatten());
        }
    }

    #[test]
    fn only_short_plain_decimals_are_read_without_the_float_parser() {
        for other in ["", ".5", "1e3", "-1", "1.2.3", "1234567890123456", "0x1", "+1"] {
            assert_eq!(short_decimal(other), None, "{other}");
        }
    }

    #[test]
    fn seconds_with_commas() {
        assert_eq!(seconds("0.123"), Some(0.123));
        assert_eq!(seconds("0,25"), Some(0.25));
        assert_eq!(seconds("1,234.5"), Some(1234.5));
        assert_eq!(seconds("1,234,567"), Some(1234567.0));
        assert_eq!(seconds(""), None);
        assert_eq!(seconds("-1"), None);
        assert_eq!(seconds("inf"), None);
    }
}

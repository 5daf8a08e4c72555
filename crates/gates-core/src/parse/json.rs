//! Helpers shared by the JSON parsers: typed reading with error locations, lenient numbers.

use std::io::BufRead;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};

use super::Format;
use super::error::{ParseError, ParseErrorKind};
use super::json_guard::Guarded;
use super::lines::Line;
use super::utf8_input::Utf8Input;

/// Reads a whole JSON report from `input` (past a BOM) as the typed `T`, for every JSON parser;
/// memory follows what `T` keeps, not the size of the report.
///
/// - No struct is read from an array (`"results": [[]]` is refused), a key given twice in one
///   object is refused, naming the key, and no kept string is longer than 64 KiB (see [`Guarded`]).
/// - An error names the key path (`results[3].line_number`) and the line and column where
///   serde_json stopped. A value that is not what its key holds is quoted cut to 60 characters
///   (see `error::shortened`); the file's own bytes are never quoted otherwise.
/// - Bytes that are not UTF-8 are refused, also where they are skipped; so is anything after the value.
///
/// Skip what is not kept with `serde::de::IgnoredAny` fields.
pub(crate) fn from_reader<T: DeserializeOwned>(
    format: Format,
    mut input: impl BufRead,
) -> Result<T, ParseError> {
    skip_bom(&mut input).map_err(|error| ParseError::new(format, ParseErrorKind::Io(error)))?;
    let mut checked = Utf8Input::new(input);
    let mut deserializer = serde_json::Deserializer::from_reader(&mut checked);
    let result = match serde_path_to_error::deserialize(Guarded(&mut deserializer)) {
        Ok(value) => deserializer.end().map(|()| value).map_err(|error| (error, None)),
        Err(error) => {
            let path = key_path(&error);
            Err((error.into_inner(), path))
        }
    };
    result.map_err(|(error, path)| {
        if let Some(offset) = checked.not_utf8_at() {
            return not_utf8(format).at(offset);
        }
        if error.is_io() {
            return ParseError::new(format, ParseErrorKind::Io(std::io::Error::other(error.to_string())));
        }
        // serde_json's line and column; the column counts bytes, as characters on ASCII lines.
        let mut parse_error = located(format, &error, None, path);
        if error.line() > 0 {
            parse_error.location.line_column = Some((error.line() as u64, error.column().max(1) as u64));
        }
        parse_error
    })
}

/// Reads a JSON value held in memory (a line of a JSON Lines report), as [`from_reader`] does.
pub(crate) fn from_slice<T: DeserializeOwned>(format: Format, bytes: &[u8]) -> Result<T, ParseError> {
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    // serde_json checks UTF-8 only in the strings it keeps; JSON is UTF-8 throughout.
    if let Err(error) = std::str::from_utf8(bytes) {
        return Err(not_utf8(format).at(error.valid_up_to() as u64));
    }
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let offset = |error: &serde_json::Error| {
        (error.line() > 0).then(|| offset_of(bytes, error.line(), error.column()))
    };
    let value = serde_path_to_error::deserialize(Guarded(&mut deserializer)).map_err(|error| {
        let path = key_path(&error);
        let inner = error.into_inner();
        located(format, &inner, offset(&inner), path)
    })?;
    deserializer.end().map_err(|error| located(format, &error, offset(&error), None))?;
    Ok(value)
}

/// Reads a JSON Lines report (mypy -O json, cargo's messages, TruffleHog, cargo-outdated) line
/// by line. Its producers write one object per line and no blank line, so a blank line between
/// two objects means two reports joined and is refused; blank lines at the end are let be.
#[derive(Debug, Default)]
pub(crate) struct JsonLines {
    objects_read: bool,
    /// Where a blank line after an object starts.
    blank_after_object: Option<u64>,
}

impl JsonLines {
    /// Reads `line` as [`from_slice`] does, its error located in the whole report; `None` for a
    /// blank line. A line longer than [`super::lines::MAX_TEXT_LINE`] is refused.
    pub(crate) fn read<T: DeserializeOwned>(
        &mut self,
        format: Format,
        line: &Line<'_>,
    ) -> Result<Option<T>, ParseError> {
        let bytes = line.whole(format, "JSON objects of one line each, shorter than 1 MiB")?;
        if bytes.trim_ascii().is_empty() {
            if self.objects_read {
                self.blank_after_object.get_or_insert(line.start);
            }
            return Ok(None);
        }
        if let Some(blank) = self.blank_after_object {
            let kind = ParseErrorKind::invalid(
                "one JSON object per line with no blank line between, as the tool writes them (two reports joined?)",
                "a blank line",
            );
            return Err(ParseError::new(format, kind).at(blank));
        }
        self.objects_read = true;
        from_slice(format, bytes).map(Some).map_err(|error| ParseError {
            location: super::Location {
                offset: error.location.offset.map(|at| at + line.start),
                ..error.location
            },
            ..error
        })
    }
}

pub(crate) const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Passes over a byte order mark at the start of `input`.
pub(crate) fn skip_bom(input: &mut impl BufRead) -> std::io::Result<()> {
    if input.fill_buf()?.starts_with(BOM) {
        input.consume(BOM.len());
    }
    Ok(())
}

/// The first byte of a JSON report past a BOM and white space, which are passed over; `None`
/// for an empty one. Tells a report's shapes apart (`[` for a list, `{` for an object).
pub(crate) fn peek_first_byte(format: Format, input: &mut impl BufRead) -> Result<Option<u8>, ParseError> {
    let io_error = |error| ParseError::new(format, ParseErrorKind::Io(error));
    skip_bom(input).map_err(io_error)?;
    loop {
        let buffer = input.fill_buf().map_err(io_error)?;
        match buffer.iter().position(|byte| !byte.is_ascii_whitespace()) {
            Some(at) => {
                let first = buffer.get(at).copied();
                input.consume(at);
                return Ok(first);
            }
            None if buffer.is_empty() => return Ok(None),
            None => {
                let all = buffer.len();
                input.consume(all);
            }
        }
    }
}

fn not_utf8(format: Format) -> ParseError {
    ParseError::new(format, ParseErrorKind::Json("malformed JSON: bytes that are not UTF-8".to_owned()))
}

/// The key path of an error, where it is more than the document itself; a key that could not
/// be read is "?", and the object it is in is the useful location.
fn key_path<E>(error: &serde_path_to_error::Error<E>) -> Option<String> {
    let full_path = error.path().to_string();
    let path = full_path.strip_suffix(".?").unwrap_or(&full_path).to_owned();
    (path != "." && path != "?").then_some(path)
}

fn located(
    format: Format,
    error: &serde_json::Error,
    offset: Option<u64>,
    path: Option<String>,
) -> ParseError {
    let message = strip_position(&error.to_string());
    let kind = if error.is_syntax() || error.is_eof() {
        ParseErrorKind::Json(format!("malformed JSON: {message}"))
    } else {
        ParseErrorKind::Json(message)
    };
    let mut parse_error = ParseError::new(format, kind);
    if let Some(offset) = offset {
        parse_error = parse_error.at(offset);
    }
    match path {
        Some(path) => parse_error.in_element(path),
        None => parse_error,
    }
}

/// serde_json appends " at line L column C"; the location is shown separately.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message.get(..at).unwrap_or(message).to_owned(),
        None => message.to_owned(),
    }
}

/// The byte offset of a 1-based line and column.
fn offset_of(bytes: &[u8], line: usize, column: usize) -> u64 {
    let line_start = if line <= 1 {
        0
    } else {
        bytes
            .iter()
            .enumerate()
            .filter(|(_, byte)| **byte == b'\n')
            .nth(line - 2)
            .map_or(bytes.len(), |(at, _)| at + 1)
    };
    (line_start + column.saturating_sub(1)) as u64
}

/// A number that producers write as an integer, a float or a string (`38`, `38.0`, `"38"`).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(crate) struct LenientNumber(pub(crate) f64);

impl<'de> Deserialize<'de> for LenientNumber {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let found = Scalar::deserialize(deserializer)?;
        let number = match &found {
            Scalar::Number(_, number) => Some(*number),
            Scalar::Text(text) => text.trim().trim_end_matches('%').parse::<f64>().ok(),
            _ => None,
        };
        number
            .filter(|number| number.is_finite())
            .map(LenientNumber)
            .ok_or_else(|| serde::de::Error::custom(format!("expected a number, found {}", found.shown())))
    }
}

/// A non-negative whole number written as an integer, a float or a string (`38`, `38.0`, `"38"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct LenientCount(pub(crate) u64);

impl<'de> Deserialize<'de> for LenientCount {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let LenientNumber(number) = LenientNumber::deserialize(deserializer)?;
        (number >= 0.0 && number.fract() == 0.0 && number <= u64::MAX as f64)
            .then_some(LenientCount(number as u64))
            .ok_or_else(|| serde::de::Error::custom(format!("expected a whole number, found {number}")))
    }
}

impl LenientNumber {
    /// As a line number: a whole number from 0, or `None`.
    pub(crate) fn line(self) -> Option<u32> {
        (self.0 >= 0.0 && self.0.fract() == 0.0 && self.0 <= f64::from(u32::MAX)).then_some(self.0 as u32)
    }
}

/// The most benchmarks one report may hold: a larger one is refused as it is read, never held
/// (a million tiny entries would take gigabytes as benchmarks).
pub(crate) const MAX_BENCHMARKS: usize = 100_000;

/// A JSON list of at most `MAX` items, refused as soon as it holds more.
#[derive(Debug)]
pub(crate) struct AtMost<T, const MAX: usize>(pub(crate) Vec<T>);

impl<'de, T: Deserialize<'de>, const MAX: usize> Deserialize<'de> for AtMost<T, MAX> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Items<T, const MAX: usize>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>, const MAX: usize> serde::de::Visitor<'de> for Items<T, MAX> {
            type Value = AtMost<T, MAX>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "a list of at most {MAX} items")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    if items.len() == MAX {
                        return Err(serde::de::Error::custom(too_many(MAX)));
                    }
                    items.push(item);
                }
                Ok(AtMost(items))
            }
        }
        deserializer.deserialize_seq(Items(std::marker::PhantomData))
    }
}

/// A JSON object of at most `MAX` entries, by key, refused as soon as it holds more.
#[derive(Debug)]
pub(crate) struct AtMostKeyed<T, const MAX: usize>(pub(crate) std::collections::BTreeMap<String, T>);

impl<'de, T: Deserialize<'de>, const MAX: usize> Deserialize<'de> for AtMostKeyed<T, MAX> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Entries<T, const MAX: usize>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>, const MAX: usize> serde::de::Visitor<'de> for Entries<T, MAX> {
            type Value = AtMostKeyed<T, MAX>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "an object of at most {MAX} entries")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = std::collections::BTreeMap::new();
                while let Some((key, value)) = map.next_entry::<String, T>()? {
                    if entries.len() == MAX {
                        return Err(serde::de::Error::custom(too_many(MAX)));
                    }
                    entries.insert(key, value);
                }
                Ok(AtMostKeyed(entries))
            }
        }
        deserializer.deserialize_map(Entries(std::marker::PhantomData))
    }
}

fn too_many(max: usize) -> String {
    format!("more than {max} entries: a report this large is refused, not read in part")
}

/// A JSON object keyed by file path, by path. A path given twice is refused by [`from_reader`],
/// as every key given twice is.
#[derive(Debug, Deserialize)]
pub(crate) struct Files<T>(pub(crate) std::collections::BTreeMap<String, T>);

/// One JSON value as far as a parser keeps it: a scalar, or only the kind of an array or object,
/// whose content is passed over without being kept.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Scalar {
    Null,
    Bool(bool),
    /// A number, as serde_json writes it, and its value.
    Number(String, f64),
    Text(String),
    Array,
    Object,
}

impl Scalar {
    /// A string or a number as text; anything else is `None`.
    pub(crate) fn into_text(self) -> Option<String> {
        match self {
            Scalar::Text(text) | Scalar::Number(text, _) => Some(text),
            _ => None,
        }
    }

    /// A short description for a message: a string is quoted, a compound value only named.
    pub(crate) fn shown(&self) -> String {
        match self {
            Scalar::Null => "null".to_owned(),
            Scalar::Bool(value) => value.to_string(),
            Scalar::Number(text, _) => text.clone(),
            Scalar::Text(text) => format!("{:?}", super::error::shortened(text)),
            Scalar::Array => "an array".to_owned(),
            Scalar::Object => "an object".to_owned(),
        }
    }
}

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ScalarVisitor)
    }
}

struct ScalarVisitor;

impl<'de> serde::de::Visitor<'de> for ScalarVisitor {
    type Value = Scalar;

    fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
        formatter.write_str("a JSON value")
    }

    fn visit_unit<E>(self) -> Result<Scalar, E> {
        Ok(Scalar::Null)
    }

    fn visit_none<E>(self) -> Result<Scalar, E> {
        Ok(Scalar::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Scalar, D::Error> {
        Scalar::deserialize(deserializer)
    }

    fn visit_bool<E>(self, value: bool) -> Result<Scalar, E> {
        Ok(Scalar::Bool(value))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Scalar, E> {
        Ok(Scalar::Number(value.to_string(), value as f64))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Scalar, E> {
        Ok(Scalar::Number(value.to_string(), value as f64))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Scalar, E> {
        let text = serde_json::Number::from_f64(value)
            .map_or_else(|| value.to_string(), |number| number.to_string());
        Ok(Scalar::Number(text, value))
    }

    fn visit_str<E>(self, value: &str) -> Result<Scalar, E> {
        Ok(Scalar::Text(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Scalar, E> {
        Ok(Scalar::Text(value))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Scalar, A::Error> {
        while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
        Ok(Scalar::Array)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Scalar, A::Error> {
        while map.next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?.is_some() {}
        Ok(Scalar::Object)
    }
}

/// The first non-white-space byte, past a BOM.
pub(crate) fn first_byte(bytes: &[u8]) -> Option<u8> {
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    bytes.iter().copied().find(|byte| !byte.is_ascii_whitespace())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_lists_and_objects_are_refused_past_their_bound() {
        let list =
            |text: &str| from_slice::<AtMost<u8, 2>>(Format::Bmf, text.as_bytes()).map(|AtMost(items)| items);
        assert_eq!(list("[1, 2]").unwrap(), [1, 2]);
        let error = list("[1, 2, 3]").unwrap_err().to_string();
        assert!(error.contains("more than 2 entries"), "{error}");
        let keyed = |text: &str| {
            from_slice::<AtMostKeyed<u8, 1>>(Format::Bmf, text.as_bytes()).map(|found| found.0.len())
        };
        assert_eq!(keyed(r#"{"a": 1}"#).unwrap(), 1);
        assert!(keyed(r#"{"a": 1, "b": 2}"#).unwrap_err().to_string().contains("more than 1 entries"));
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Kept {
        kept: u32,
        #[serde(default)]
        skipped: serde::de::IgnoredAny,
    }

    #[test]
    fn a_streamed_report_is_read_past_its_bom() {
        let read = from_reader::<Kept>(Format::Ruff, &b"\xEF\xBB\xBF {\"kept\": 3}\n"[..]);
        assert_eq!(read.map(|kept| kept.kept).ok(), Some(3));
    }

    #[test]
    fn bytes_that_are_not_utf8_are_refused_where_they_are_skipped_at_their_offset() {
        let error = from_reader::<Kept>(Format::Ruff, &b"{\"kept\": 3, \"skipped\": \"a\xFFb\"}"[..]).err();
        assert_eq!(error.as_ref().and_then(|error| error.location.offset), Some(25));
        assert!(error.is_some_and(|error| error.to_string().contains("not UTF-8")));
    }

    #[test]
    fn a_streamed_error_gives_serde_jsons_line_and_column_and_the_key_path() {
        let error = from_reader::<Kept>(Format::Ruff, &b"{\n  \"kept\": \"x\"\n}"[..]).err();
        let location = error.map(|error| (error.location.line_column, error.location.element));
        assert_eq!(location, Some((Some((2, 13)), Some("kept".to_owned()))));
    }

    #[test]
    fn a_kept_string_or_key_is_cut_at_64_kib_on_a_character_boundary() {
        use super::super::kept::KEPT_STRING_LIMIT;
        // "é" is two bytes, so the limit falls inside one at an odd count of ASCII bytes before.
        let long = format!("a{}", "é".repeat(KEPT_STRING_LIMIT));
        let report = format!("{{\"{long}\": \"{long}\"}}");
        let read: std::collections::BTreeMap<String, String> =
            from_reader(Format::Ruff, report.as_bytes()).unwrap_or_default();
        let (key, value) = read.into_iter().next().unwrap_or_default();
        assert_eq!(key.len(), KEPT_STRING_LIMIT - 1);
        assert_eq!(value, key);
        assert!(long.starts_with(&value));
        let read: String = from_slice(Format::Ruff, format!("\"{long}\"").as_bytes()).unwrap_or_default();
        assert_eq!(read.len(), KEPT_STRING_LIMIT - 1);
    }
}

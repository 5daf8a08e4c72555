//! Helpers shared by the XML parsers: reader set-up, attributes, element text.

use std::borrow::Cow;
use std::io::BufRead;

use quick_xml::escape::resolve_xml_entity;
use quick_xml::events::{BytesCData, BytesRef, BytesStart, BytesText};
use quick_xml::{Reader, XmlVersion};

use super::error::ParseErrorKind;
use crate::model::truncate_at_char;

/// A streaming reader with the settings every parser wants.
pub(crate) fn reader<R: BufRead>(input: R) -> Reader<R> {
    let mut reader = Reader::from_reader(input);
    let config = reader.config_mut();
    config.check_end_names = true;
    config.expand_empty_elements = false;
    reader
}

/// Where the markup of `element`, the event just read, starts: `reader` is past its `>`.
pub(crate) fn start_of<R>(element: &BytesStart<'_>, empty: bool, reader: &Reader<R>) -> u64 {
    // `<` and `>`, and the `/` of an empty element, are not part of the event's bytes.
    let markup = element.len() + if empty { 3 } else { 2 };
    reader.buffer_position().saturating_sub(markup as u64)
}

pub(crate) fn malformed(error: quick_xml::Error) -> ParseErrorKind {
    ParseErrorKind::Xml(error.to_string())
}

/// The unescaped value of attribute `name`, if present.
pub(crate) fn attribute<'a>(
    element: &'a BytesStart<'_>,
    name: &str,
) -> Result<Option<Cow<'a, str>>, ParseErrorKind> {
    for attribute in element.attributes() {
        let attribute = attribute.map_err(|error| ParseErrorKind::Xml(error.to_string()))?;
        if attribute.key.as_ref() == name {
            return attribute.normalized_value(XmlVersion::Implicit1_0).map(Some).map_err(malformed);
        }
    }
    Ok(None)
}

/// The value of attribute `name` as an owned string, if present.
pub(crate) fn owned_attribute(
    element: &BytesStart<'_>,
    name: &str,
) -> Result<Option<String>, ParseErrorKind> {
    Ok(attribute(element, name)?.map(Cow::into_owned))
}

/// The text of an element gathered from its pieces (text, CDATA, entity references),
/// keeping at most `limit` bytes so a huge body costs no memory.
#[derive(Debug)]
pub(crate) struct TextBuffer {
    text: String,
    limit: usize,
}

impl TextBuffer {
    pub(crate) fn new(limit: usize) -> Self {
        Self { text: String::new(), limit }
    }

    fn push_str(&mut self, piece: &str) {
        if self.text.len() < self.limit {
            self.text.push_str(piece);
            truncate_at_char(&mut self.text, self.limit);
        }
    }

    pub(crate) fn push_text(&mut self, text: &BytesText<'_>) {
        self.push_str(&text.xml10_content());
    }

    pub(crate) fn push_cdata(&mut self, cdata: &BytesCData<'_>) {
        self.push_str(&cdata.xml10_content());
    }

    /// Appends a reference such as `&amp;` or `&#10;`; an undefined entity is an error.
    pub(crate) fn push_reference(&mut self, reference: &BytesRef<'_>) -> Result<(), ParseErrorKind> {
        match reference.resolve_char_ref().map_err(malformed)? {
            Some(character) => self.push_str(character.encode_utf8(&mut [0; 4])),
            None => {
                let name: &str = reference;
                let resolved = resolve_xml_entity(name)
                    .ok_or_else(|| ParseErrorKind::Xml(format!("undefined entity `&{name};`")))?;
                self.push_str(resolved);
            }
        }
        Ok(())
    }

    /// The text gathered, or `None` when it is only white space; the buffer is left empty.
    pub(crate) fn take(&mut self) -> Option<String> {
        let text = std::mem::take(&mut self.text);
        (!text.trim().is_empty()).then_some(text)
    }
}

/// Calls `visit(name, raw value)` for each attribute of `raw` (the text after an element's name),
/// or returns `None` at the first thing it does not expect, so the caller can fall back to
/// quick-xml's own attribute reader for its precise error. Values are not unescaped: this is for
/// hot paths whose attributes hold numbers and keywords. Works on bytes: every delimiter it looks
/// for is ASCII, so each slice it makes falls on a character boundary.
pub(crate) fn scan_attributes<'a>(raw: &'a str, mut visit: impl FnMut(&'a str, &'a str)) -> Option<()> {
    let bytes = raw.as_bytes();
    let mut at = 0;
    loop {
        while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
            at += 1;
        }
        match bytes.get(at) {
            None => return Some(()),
            Some(b'/') if at + 1 == bytes.len() => return Some(()),
            Some(_) => {}
        }
        let name_start = at;
        while bytes.get(at).is_some_and(|byte| *byte != b'=' && !byte.is_ascii_whitespace()) {
            at += 1;
        }
        let name = raw.get(name_start..at).filter(|name| !name.is_empty())?;
        while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
            at += 1;
        }
        if bytes.get(at) != Some(&b'=') {
            return None;
        }
        at += 1;
        while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
            at += 1;
        }
        let quote = *bytes.get(at).filter(|quote| **quote == b'"' || **quote == b'\'')?;
        let value_start = at + 1;
        let value_len = bytes.get(value_start..)?.iter().position(|byte| *byte == quote)?;
        visit(name, raw.get(value_start..value_start + value_len)?);
        at = value_start + value_len + 1;
        if bytes.get(at).is_some_and(|byte| !byte.is_ascii_whitespace() && *byte != b'/') {
            return None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::scan_attributes;

    fn scanned(raw: &str) -> Option<Vec<(&str, &str)>> {
        let mut seen = Vec::new();
        scan_attributes(raw, |name, value| seen.push((name, value))).map(|()| seen)
    }

    #[test]
    fn scans_both_quotes_and_spacing() {
        assert_eq!(
            scanned(r#" number="3" hits = '0'  branch="true" condition-coverage="50% (1/2)"/"#),
            Some(vec![
                ("number", "3"),
                ("hits", "0"),
                ("branch", "true"),
                ("condition-coverage", "50% (1/2)")
            ])
        );
        assert_eq!(scanned(""), Some(vec![]));
    }

    #[test]
    fn gives_up_on_anything_unusual() {
        assert_eq!(scanned(r#" number="3"hits="1""#), None);
        assert_eq!(scanned(r#" number=3"#), None);
        assert_eq!(scanned(r#" number="3"#), None);
        assert_eq!(scanned(r#" novalue"#), None);
    }
}

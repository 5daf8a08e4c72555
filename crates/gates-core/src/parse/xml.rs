//! Helpers shared by the XML parsers: reader set-up, attributes, element text.

use std::borrow::Cow;
use std::io::BufRead;

use quick_xml::escape::resolve_xml_entity;
use quick_xml::events::{BytesCData, BytesRef, BytesStart, BytesText, Event};
use quick_xml::{Reader, XmlVersion};

use super::error::{ParseError, ParseErrorKind};
use super::kept::{kept, kept_cow};
use crate::model::{Format, truncate_at_char};

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

/// The unescaped value of attribute `name`, if present, cut to [`super::kept::KEPT_STRING_LIMIT`].
pub(crate) fn attribute<'a>(
    element: &'a BytesStart<'_>,
    name: &str,
) -> Result<Option<Cow<'a, str>>, ParseErrorKind> {
    for attribute in element.attributes() {
        let attribute = attribute.map_err(|error| ParseErrorKind::Xml(error.to_string()))?;
        if attribute.key.as_ref() == name {
            let value = attribute.normalized_value(XmlVersion::Implicit1_0).map_err(malformed)?;
            return Ok(Some(kept_cow(value)));
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

/// Calls `visit(name, value)` for each attribute of `raw` (the text after an element's name), in
/// one pass that also checks it: white space before each attribute, XML names, `=`, a quoted value
/// with no `<` and only defined entity references (which are resolved, the value then cut to
/// [`super::kept::KEPT_STRING_LIMIT`]), and no name twice. Works on bytes: every delimiter it
/// looks for is ASCII, so each slice it makes falls on a character boundary.
pub(crate) fn scan_attributes<'a>(
    raw: &'a str,
    visit: impl FnMut(&'a str, Cow<'a, str>),
) -> Result<(), ParseErrorKind> {
    scan(raw, Duplicates::Refused, visit)
}

/// Whether [`scan`] looks for a name given twice: not when it lists the names of attributes
/// already checked.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Duplicates {
    Refused,
    NotLookedFor,
}

fn scan<'a>(
    raw: &'a str,
    duplicates: Duplicates,
    mut visit: impl FnMut(&'a str, Cow<'a, str>),
) -> Result<(), ParseErrorKind> {
    let bytes = raw.as_bytes();
    // Almost every element's attributes hold no markup, reference or control character: one pass
    // over all of them says so, and then each value is taken as written.
    let plain = plain_bytes(bytes);
    let mut names = SeenNames::default();
    let mut at = 0;
    loop {
        let spaced = bytes.get(at).is_some_and(xml_space);
        while bytes.get(at).is_some_and(xml_space) {
            at += 1;
        }
        match bytes.get(at) {
            None => return Ok(()),
            Some(b'/') if at + 1 == bytes.len() => return Ok(()),
            Some(_) if !spaced => return Err(attribute_error("white space before each attribute", raw, at)),
            Some(_) => {}
        }
        let name_start = at;
        while bytes.get(at).is_some_and(|byte| name_byte(*byte) != 0) {
            at += 1;
        }
        let ascii_name = bytes.get(name_start).is_some_and(|first| name_byte(*first) == NAME_START)
            && bytes.get(at).is_some_and(|next| *next == b'=' || xml_space(next));
        if !ascii_name {
            while bytes.get(at).is_some_and(|byte| *byte != b'=' && !xml_space(byte)) {
                at += 1;
            }
        }
        let name = raw.get(name_start..at).unwrap_or_default();
        if !ascii_name {
            check_name(name, "attribute")?;
        }
        if duplicates == Duplicates::Refused
            && names.seen_before(name, raw.get(..name_start).unwrap_or_default())
        {
            return Err(ParseErrorKind::Xml(format!("attribute `{name}` given twice")));
        }
        while bytes.get(at).is_some_and(xml_space) {
            at += 1;
        }
        if bytes.get(at) != Some(&b'=') {
            return Err(attribute_error("`=` after the attribute name", raw, at));
        }
        at += 1;
        while bytes.get(at).is_some_and(xml_space) {
            at += 1;
        }
        let Some(quote) = bytes.get(at).copied().filter(|quote| *quote == b'"' || *quote == b'\'') else {
            return Err(attribute_error("a quoted attribute value", raw, at));
        };
        let value_start = at + 1;
        let value_len = bytes
            .get(value_start..)
            .and_then(|rest| memchr::memchr(quote, rest))
            .ok_or_else(|| attribute_error("a closing quote", raw, bytes.len()))?;
        let value = raw.get(value_start..value_start + value_len).unwrap_or_default();
        visit(name, if plain { Cow::Borrowed(kept(value)) } else { kept_cow(attribute_value(value)?) });
        at = value_start + value_len + 1;
    }
}

/// XML's white space (production 3): space, tab, line feed, carriage return; not form feed.
fn xml_space(byte: &u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\r')
}

/// The attribute names of one element seen so far, as a bit for each, picked by its length and
/// edge bytes: a name whose bit is clear is new, and the names before it are listed again only
/// when its bit is set. Nothing is stored, as an element is scanned for each report line.
#[derive(Default)]
struct SeenNames {
    bits: u64,
}

impl SeenNames {
    /// Adds `name`, and says whether `earlier`, the attributes before it, named it already.
    fn seen_before(&mut self, name: &str, earlier: &str) -> bool {
        let bytes = name.as_bytes();
        let edge = |byte: Option<&u8>| usize::from(byte.copied().unwrap_or(0));
        let bit = 1_u64 << ((name.len() * 7 + edge(bytes.first()) * 3 + edge(bytes.last())) % 64);
        let maybe = self.bits & bit != 0;
        self.bits |= bit;
        if !maybe {
            return false;
        }
        let mut named = false;
        // `earlier` was checked already, so listing its names again cannot fail.
        let _ = scan(earlier, Duplicates::NotLookedFor, |earlier_name, _| named |= earlier_name == name);
        named
    }
}

/// Whether `bytes` hold no `<`, no `&` and no byte below U+0020 (tab, line feed and carriage
/// return included), told 16 bytes at a time (the compiler checks each block with a few vector
/// instructions).
fn plain_bytes(bytes: &[u8]) -> bool {
    let not_plain = |byte: u8| (byte < 0x20) | (byte == b'<') | (byte == b'&');
    let mut blocks = bytes.chunks_exact(16);
    for block in &mut blocks {
        if block.iter().fold(false, |any, &byte| any | not_plain(byte)) {
            return false;
        }
    }
    !blocks.remainder().iter().any(|&byte| not_plain(byte))
}

fn attribute_error(expected: &str, raw: &str, at: usize) -> ParseErrorKind {
    let found: String = raw.get(at..).unwrap_or_default().chars().take(20).collect();
    ParseErrorKind::Xml(format!("expected {expected} in the attributes, found {found:?}"))
}

/// A raw attribute value normalized as XML 1.0 says: a literal tab, line feed or carriage return
/// (a CR LF pair once) is a space, and references are resolved; `<`, other control characters
/// and undefined entities are errors.
fn attribute_value(value: &str) -> Result<Cow<'_, str>, ParseErrorKind> {
    if plain_bytes(value.as_bytes()) {
        return Ok(Cow::Borrowed(value));
    }
    // One pass: runs of plain text are copied whole, each white-space character or CR LF pair
    // becomes a space, each reference its character.
    let mut resolved = String::with_capacity(value.len());
    let bytes = value.as_bytes();
    let (mut run_start, mut at) = (0, 0);
    while let Some(&byte) = bytes.get(at) {
        let (replacement, next) = match byte {
            b'&' => {
                let after = value.get(at + 1..).unwrap_or_default();
                let semicolon = after.find(';').ok_or_else(|| {
                    ParseErrorKind::Xml(format!("unterminated reference in the attribute value {value:?}"))
                })?;
                let name = after.get(..semicolon).unwrap_or_default();
                (reference_character(name)?, at + semicolon + 2)
            }
            b'\r' if bytes.get(at + 1) == Some(&b'\n') => (' ', at + 2),
            b'\t' | b'\n' | b'\r' => (' ', at + 1),
            b'<' => return Err(ParseErrorKind::Xml(format!("`<` in the attribute value {value:?}"))),
            ..0x20 => return Err(forbidden_control(byte)),
            _ => {
                at += 1;
                continue;
            }
        };
        resolved.push_str(value.get(run_start..at).unwrap_or_default());
        resolved.push(replacement);
        (run_start, at) = (next, next);
    }
    resolved.push_str(value.get(run_start..).unwrap_or_default());
    Ok(Cow::Owned(resolved))
}

/// The character a reference's `name` (what stands between `&` and `;`) stands for.
fn reference_character(name: &str) -> Result<char, ParseErrorKind> {
    let character = match name.strip_prefix('#') {
        Some(code) => code
            .strip_prefix('x')
            .map_or_else(|| code.parse::<u32>().ok(), |hex| u32::from_str_radix(hex, 16).ok())
            .filter(|_| !code.starts_with('+') && !code.starts_with("x+"))
            .and_then(char::from_u32)
            .filter(|character| *character != '\0'),
        None => resolve_xml_entity(name).and_then(|text| text.chars().next()),
    };
    character.ok_or_else(|| ParseErrorKind::Xml(format!("undefined entity `&{name};` in an attribute value")))
}

/// What a streaming XML parser does with the events [`read_document`] hands it.
pub(crate) trait Handler {
    /// An element opens (`empty` for `<x/>`); its tag starts at `at`.
    fn on_open(&mut self, element: &BytesStart<'_>, empty: bool, at: u64) -> Result<(), ParseErrorKind>;
    /// The innermost open element closes.
    fn on_close(&mut self) -> Result<(), ParseErrorKind>;
    /// Where the text of the element open now is gathered, if it is.
    fn text_sink(&mut self) -> Option<&mut TextBuffer> {
        None
    }
    /// Whether the element open now may hold text the parser does not gather; `false` for an
    /// element of only elements, where text is the remains of a damaged one (`<results>ndedTo…`).
    fn takes_text(&self) -> bool {
        true
    }
    /// A comment.
    fn on_comment(&mut self, _comment: &BytesText<'_>) {}
    /// Whether `on_open` reads and checks all of `element`'s attributes itself.
    fn checks_attributes(&self, _element: &BytesStart<'_>) -> bool {
        false
    }
    /// An error at `offset`, with what the parser knows of where it is.
    fn error_at(&self, kind: ParseErrorKind, offset: u64) -> ParseError;
}

/// Reads a whole XML report of `format` event by event into `handler`, checking it as
/// `document` says; a report without its root element, or cut inside it, is refused.
pub(crate) fn read_document<R: BufRead>(
    input: R,
    format: Format,
    mut document: Document,
    handler: &mut impl Handler,
) -> Result<(), ParseError> {
    let mut reader = reader(input);
    let mut buf = Vec::new();
    loop {
        let start = reader.buffer_position();
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|error| ParseError::new(format, malformed(error)).at(reader.error_position()))?;
        let checked = matches!(&event, Event::Start(element) | Event::Empty(element) if handler.checks_attributes(element));
        document.check(&event, checked).map_err(|kind| handler.error_at(kind, start))?;
        let step = match event {
            Event::Start(element) => handler.on_open(&element, false, start),
            Event::Empty(element) => handler.on_open(&element, true, start),
            Event::End(_) => handler.on_close(),
            Event::Text(text) => match handler.text_sink() {
                Some(sink) => {
                    sink.push_text(&text);
                    Ok(())
                }
                None => unwanted_text(handler, !text.xml10_content().trim().is_empty()),
            },
            Event::CData(cdata) => match handler.text_sink() {
                Some(sink) => {
                    sink.push_cdata(&cdata);
                    Ok(())
                }
                None => unwanted_text(handler, true),
            },
            Event::GeneralRef(reference) => match handler.text_sink() {
                Some(sink) => sink.push_reference(&reference),
                None => unwanted_text(handler, true),
            },
            Event::Comment(comment) => {
                handler.on_comment(&comment);
                Ok(())
            }
            Event::Eof => return document.finish(format),
            _ => Ok(()),
        };
        step.map_err(|kind| handler.error_at(kind, start))?;
        buf.clear();
    }
}

/// Refuses text (`any` but white space) where the handler's open element holds only elements.
fn unwanted_text(handler: &impl Handler, any: bool) -> Result<(), ParseErrorKind> {
    if any && !handler.takes_text() {
        return Err(ParseErrorKind::Xml("text inside an element that holds only elements".to_owned()));
    }
    Ok(())
}

/// Checks the element structure every XML report shares: one root element, named `root`, never
/// nested in itself, with only comments, processing instructions and white space after it.
#[derive(Debug)]
pub(crate) struct Document {
    root: &'static [&'static str],
    /// Root names that may also stand inside the root (JUnit's `<testsuite>` in `<testsuite>`).
    nestable: &'static [&'static str],
    /// How an error names the root the format has (`a <TestRun> root element`).
    expected: &'static str,
    root_name: Option<String>,
    depth: u64,
    closed: bool,
    /// Whether any event came before this one: an XML declaration may only come first.
    seen_anything: bool,
}

impl Document {
    /// `root` lists the names the root element may have; `expected` says so in an error.
    pub(crate) fn new(root: &'static [&'static str], expected: &'static str) -> Self {
        Self { root, nestable: &[], expected, root_name: None, depth: 0, closed: false, seen_anything: false }
    }

    /// Refuses a document that ended without its root element, or inside it.
    fn finish(&self, format: Format) -> Result<(), ParseError> {
        let kind = match &self.root_name {
            None => ParseErrorKind::WrongRoot { expected: self.expected, found: "nothing".to_owned() },
            Some(root) if !self.closed => ParseErrorKind::Truncated(root.clone()),
            Some(_) => return Ok(()),
        };
        Err(ParseError::new(format, kind))
    }

    /// Lets these root names also stand inside a root of the same name.
    pub(crate) fn nestable(self, nestable: &'static [&'static str]) -> Self {
        Self { nestable, ..self }
    }

    /// Checks `event` against the structure so far; element names must be XML names and every
    /// element's attributes must be well formed unless `attributes_checked`.
    pub(crate) fn check(
        &mut self,
        event: &Event<'_>,
        attributes_checked: bool,
    ) -> Result<(), ParseErrorKind> {
        match event {
            Event::Start(element) | Event::Empty(element) => {
                let name = element.name();
                let name: &str = name.as_ref();
                check_name(name, "element")?;
                if self.closed {
                    return Err(after_root(&format!("a <{name}> element")));
                }
                match &self.root_name {
                    None if self.root.contains(&name) => self.root_name = Some(name.to_owned()),
                    None => {
                        return Err(ParseErrorKind::WrongRoot {
                            expected: self.expected,
                            found: name.to_owned(),
                        });
                    }
                    Some(root) if root == name && !self.nestable.contains(&name) => {
                        return Err(ParseErrorKind::Xml(format!(
                            "the root element <{root}> nested inside itself"
                        )));
                    }
                    _ => {}
                }
                if !attributes_checked {
                    check_attributes(element.attributes_raw())?;
                }
                if matches!(event, Event::Start(_)) {
                    self.depth += 1;
                } else if self.depth == 0 {
                    self.closed = true;
                }
            }
            Event::End(_) => {
                self.depth = self.depth.saturating_sub(1);
                self.closed |= self.depth == 0;
            }
            Event::Text(text) => {
                check_characters(text)?;
                if text.contains("]]>") {
                    return Err(ParseErrorKind::Xml(
                        "`]]>` in text, which XML forbids outside CDATA".to_owned(),
                    ));
                }
                if self.depth == 0 && !text.xml10_content().trim().is_empty() {
                    return Err(outside_root("text"));
                }
            }
            Event::Comment(comment) => {
                check_characters(comment)?;
                if comment.contains("--") || comment.ends_with('-') {
                    return Err(ParseErrorKind::Xml(
                        "`--` inside a comment, which XML forbids (a comment cut or nested)".to_owned(),
                    ));
                }
            }
            Event::Decl(_) if self.seen_anything => {
                return Err(ParseErrorKind::Xml(
                    "an XML declaration (`<?xml …?>`) that is not at the very start of the file".to_owned(),
                ));
            }
            Event::Decl(declaration) => check_declaration(declaration)?,
            Event::CData(_) if self.depth == 0 => return Err(outside_root("CDATA")),
            Event::CData(data) => check_characters(data)?,
            Event::GeneralRef(_) if self.depth == 0 => return Err(outside_root("an entity reference")),
            Event::DocType(_) if self.root_name.is_some() => return Err(after_root("a DOCTYPE")),
            _ => {}
        }
        self.seen_anything = true;
        Ok(())
    }
}

/// An XML declaration holds `version`, then optionally `encoding`, then `standalone`, and
/// nothing else (XML 1.0, production 23).
fn check_declaration(declaration: &str) -> Result<(), ParseErrorKind> {
    const ORDER: [&str; 3] = ["version", "encoding", "standalone"];
    let attributes = declaration.strip_prefix("xml").unwrap_or(declaration);
    if attributes.trim_end().ends_with('/') {
        return Err(ParseErrorKind::Xml("an XML declaration that ends in `/`".to_owned()));
    }
    let mut names = Vec::new();
    let mut checked = Ok(());
    scan_attributes(attributes, |name, value| {
        names.push(name);
        if checked.is_ok() {
            checked = check_declared(name, &value);
        }
    })?;
    checked?;
    let mut next = 0;
    for name in &names {
        match ORDER.iter().skip(next).position(|known| known == name) {
            Some(skipped) if next > 0 || skipped == 0 => next += skipped + 1,
            _ => {
                return Err(ParseErrorKind::Xml(format!(
                    "an XML declaration with `{name}` where `version`, `encoding` and `standalone` may stand, in that order"
                )));
            }
        }
    }
    if names.is_empty() {
        return Err(ParseErrorKind::Xml("an XML declaration without `version`".to_owned()));
    }
    Ok(())
}

/// A declaration's `version` is `1.` and digits, `standalone` is `yes` or `no`, and `encoding` is
/// one gates reads: UTF-8, or ASCII, which is UTF-8 too (a damaged name such as `UTF.8` is refused).
fn check_declared(name: &str, value: &str) -> Result<(), ParseErrorKind> {
    let valid = match name {
        "version" => value
            .strip_prefix("1.")
            .is_some_and(|minor| !minor.is_empty() && minor.bytes().all(|byte| byte.is_ascii_digit())),
        "encoding" => ["utf-8", "us-ascii", "ascii"].iter().any(|known| value.eq_ignore_ascii_case(known)),
        "standalone" => value == "yes" || value == "no",
        _ => true,
    };
    if valid {
        return Ok(());
    }
    let expected = match name {
        "version" => "1.0",
        "encoding" => "UTF-8 (gates reads UTF-8 reports)",
        _ => "yes or no",
    };
    Err(ParseErrorKind::Xml(format!(
        "an XML declaration whose {name} is {:?}; expected {expected}",
        super::error::shortened(value)
    )))
}

/// Refuses the control characters XML 1.0 forbids everywhere (all below U+0020 but tab, LF, CR).
fn check_characters(text: &str) -> Result<(), ParseErrorKind> {
    match text.bytes().find(|&byte| byte < 0x20 && !matches!(byte, b'\t' | b'\n' | b'\r')) {
        Some(byte) => Err(forbidden_control(byte)),
        None => Ok(()),
    }
}

fn forbidden_control(byte: u8) -> ParseErrorKind {
    ParseErrorKind::Xml(format!("the control character U+{byte:04X}, which XML forbids"))
}

fn after_root(what: &str) -> ParseErrorKind {
    ParseErrorKind::Xml(format!(
        "{what} after the root element closed (only comments, processing instructions and white space may follow it)"
    ))
}

fn outside_root(what: &str) -> ParseErrorKind {
    ParseErrorKind::Xml(format!("{what} outside the root element"))
}

/// Whether `character` may start an XML name (XML 1.0, production 4).
fn name_start_character(character: char) -> bool {
    matches!(character, ':' | 'A'..='Z' | '_' | 'a'..='z' | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}'
        | '\u{F8}'..='\u{2FF}' | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}' | '\u{200C}'..='\u{200D}'
        | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}' | '\u{3001}'..='\u{D7FF}'
        | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}' | '\u{10000}'..='\u{EFFFF}')
}

/// Whether `character` may follow the first of an XML name (production 4a).
fn name_character(character: char) -> bool {
    name_start_character(character)
        || matches!(character, '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

/// An element or attribute name must be an XML name: `<test;case>` and a NUL in a name are not.
pub(crate) fn check_name(name: &str, what: &str) -> Result<(), ParseErrorKind> {
    if ascii_name(name) {
        return Ok(());
    }
    let mut characters = name.chars();
    if characters.next().is_some_and(name_start_character) && characters.all(name_character) {
        Ok(())
    } else {
        Err(ParseErrorKind::Xml(format!("{what} name {name:?} is not an XML name")))
    }
}

/// An XML name of ASCII characters only, as almost every name is: told without decoding UTF-8.
fn ascii_name(name: &str) -> bool {
    let mut bytes = name.bytes();
    bytes.next().is_some_and(|first| name_byte(first) == NAME_START) && bytes.all(|byte| name_byte(byte) != 0)
}

fn name_byte(byte: u8) -> u8 {
    ASCII_NAME_BYTES.get(usize::from(byte)).copied().unwrap_or(0)
}

/// What an ASCII byte may be in an XML name: [`NAME_START`] (anywhere), [`NAME_REST`] (after the
/// first), or 0 (neither; every byte above 0x7F too).
#[allow(clippy::indexing_slicing)] // `byte` stays below 128 of 256.
static ASCII_NAME_BYTES: [u8; 256] = {
    let mut table = [0; 256];
    let mut byte = 0;
    while byte < 128 {
        let character = byte as u8;
        table[byte] = if character.is_ascii_alphabetic() || character == b'_' || character == b':' {
            NAME_START
        } else if character.is_ascii_digit() || character == b'-' || character == b'.' {
            NAME_REST
        } else {
            0
        };
        byte += 1;
    }
    table
};
const NAME_START: u8 = 2;
const NAME_REST: u8 = 1;

/// Checks attribute text (what follows an element's name) in one pass: white space before each
/// attribute, XML names, `=`, a quoted value with no `<` and only defined entity references, and
/// no name twice.
pub(crate) fn check_attributes(raw: &str) -> Result<(), ParseErrorKind> {
    scan_attributes(raw, |_, _| {})
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scanned(raw: &str) -> Result<Vec<(&str, String)>, String> {
        let mut seen = Vec::new();
        scan_attributes(raw, |name, value| seen.push((name, value.into_owned())))
            .map(|()| seen)
            .map_err(|error| format!("{error:?}"))
    }

    #[test]
    fn scans_both_quotes_spacing_and_references() {
        assert_eq!(
            scanned(r#" number="3" hits = '0'  branch="true" name="a &amp; b&#x41;"/"#).unwrap(),
            vec![
                ("number", "3".to_owned()),
                ("hits", "0".to_owned()),
                ("branch", "true".to_owned()),
                ("name", "a & bA".to_owned())
            ]
        );
        assert_eq!(scanned("").unwrap(), vec![]);
    }

    #[test]
    fn white_space_in_values_is_normalized_and_references_resolved_in_one_pass() {
        let value = |raw: &str| attribute_value(raw).map(Cow::into_owned);
        assert_eq!(value("a\r\nb&amp;c\td&#x41;&#10;\r").unwrap(), "a b&c dA\n ");
        assert_eq!(value("&lt;&gt;&quot;&apos;").unwrap(), "<>\"'");
        assert_eq!(value("\r\r\n\n").unwrap(), "   ");
        for bad in ["a &nope; b", "a & b", "&#0;", "&#x+41;", "1 < 2", "bell \u{7}"] {
            assert!(value(bad).is_err(), "{bad:?} was read");
        }
    }

    proptest::proptest! {
        #[test]
        fn plain_bytes_are_told_as_a_byte_by_byte_check_tells_them(
            bytes in proptest::collection::vec(proptest::prop_oneof![9 => 0x40_u8.., 1 => proptest::prelude::any::<u8>()], 0..48)
        ) {
            let expected = bytes.iter().all(|&byte| byte >= 0x20 && byte != b'<' && byte != b'&');
            proptest::prop_assert_eq!(plain_bytes(&bytes), expected);
        }
    }

    #[test]
    fn plain_bytes_refuse_markup_references_and_control_characters_anywhere() {
        assert!(!plain_bytes(b"abcdefghijklmnop<"));
        assert!(!plain_bytes(b"abcd\tefgh"));
        assert!(!plain_bytes("caf\u{e9} & co".as_bytes()));
        assert!(plain_bytes("caf\u{e9} \u{1F600} co.test_x[1-2]".as_bytes()));
    }

    #[test]
    fn refuses_malformed_attributes() {
        for raw in [
            r#" number="3"hits="1""#,
            r#" branch="true"7condition-coverage="x""#,
            r#" number=3"#,
            r#" number="3"#,
            r#" novalue"#,
            r#" hits="0" hits="5""#,
            r#" branch="&undefined;true""#,
            r#" a="&amp""#,
            r#" a="<""#,
            " a\0b=\"1\"",
            " a=\"1\"\u{c}b=\"2\"",
            r#" 7a="1""#,
        ] {
            assert!(scanned(raw).is_err(), "{raw}");
        }
    }

    #[test]
    fn a_name_given_twice_is_found_among_many() {
        let many: String = (0..300).map(|at| format!(" a{at}=\"{at}\"")).collect();
        assert_eq!(scanned(&many).map(|seen| seen.len()), Ok(300));
        for twice in ["a0", "a150", "a299"] {
            assert!(scanned(&format!("{many} {twice}='x'")).is_err(), "{twice}");
        }
    }

    #[test]
    fn names_must_be_xml_names() {
        assert!(check_name("testcase", "element").is_ok());
        assert!(check_name("caf\u{e9}:x-1.2", "element").is_ok());
        for name in ["test;case", "line`number=", "a\0b", "1a", "", "a\u{d7}"] {
            assert!(check_name(name, "element").is_err(), "{name:?}");
        }
    }

    #[test]
    fn a_long_attribute_value_is_cut_at_64_kib_read_either_way() {
        use super::super::kept::KEPT_STRING_LIMIT;
        let long = "a".repeat(KEPT_STRING_LIMIT + 10);
        for value in [long.clone(), format!("&amp;{long}")] {
            let raw = format!(" name=\"{value}\"");
            let scanned = scanned(&raw).unwrap_or_default();
            assert_eq!(scanned.first().map(|(_, value)| value.len()), Some(KEPT_STRING_LIMIT));
            let element = BytesStart::from_content(format!("testcase{raw}"), 8);
            let read = owned_attribute(&element, "name").ok().flatten();
            assert_eq!(read.map(|value| value.len()), Some(KEPT_STRING_LIMIT));
        }
    }

    #[test]
    fn a_declaration_needs_a_version_encoding_and_standalone_gates_can_read() {
        assert!(check_declaration(r#"xml version="1.0"/"#).is_err());
        for good in [
            r#"xml version="1.0""#,
            r#"xml version='1.1' encoding='utf-8' standalone="no""#,
            r#"xml version="1.0" encoding="US-ASCII""#,
        ] {
            assert!(check_declaration(good).is_ok(), "{good}");
        }
        for bad in [
            r#"xml version="1.0" encoding="UTF.8""#,
            r#"xml version="1.0" encoding="2tf-8""#,
            r#"xml version="1.0" encoding="ISO-8859-1""#,
            r#"xml version="1.x""#,
            r#"xml version="2.0""#,
            r#"xml version="1.0" standalone="maybe""#,
        ] {
            assert!(check_declaration(bad).is_err(), "{bad}");
        }
    }
}

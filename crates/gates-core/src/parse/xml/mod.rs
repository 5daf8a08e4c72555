//! What the XML parsers share: the lexer, the document's structure, attributes, element text.

mod lexer;
mod relay;
mod words;

use std::io::Read;

use quick_xml::escape::resolve_xml_entity;

pub(crate) use lexer::{Lexer, Tag, Token};
use relay::Relay;

use super::error::{ParseError, ParseErrorKind};
use crate::model::{Format, truncate_at_char};

/// The text of an element gathered from its pieces (text as written, CDATA), keeping at most
/// `limit` bytes so a huge body costs no memory.
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

    /// Appends text as written: references resolved (the lexer checked them), and each line end
    /// (CR LF, or a CR alone) a line feed, as XML 1.0 reads them.
    pub(crate) fn push_text(&mut self, raw: &str) {
        // Resolving shortens text, so room for it as written is room enough, made at once.
        self.text.reserve(raw.len().min(self.limit.saturating_sub(self.text.len())));
        let mut rest = raw;
        while self.text.len() < self.limit {
            let Some(special) = memchr::memchr2(b'&', b'\r', rest.as_bytes()) else {
                self.push_str(rest);
                return;
            };
            self.push_str(rest.get(..special).unwrap_or_default());
            let after = rest.get(special + 1..).unwrap_or_default();
            if rest.get(special..).is_some_and(|from| from.starts_with('\r')) {
                self.push_str("\n");
                rest = after.strip_prefix('\n').unwrap_or(after);
                continue;
            }
            let Some(semicolon) = after.find(';') else { return };
            if let Some(character) = reference_character(after.get(..semicolon).unwrap_or_default()) {
                self.push_str(character.encode_utf8(&mut [0; 4]));
            }
            rest = after.get(semicolon + 1..).unwrap_or_default();
        }
    }

    /// Appends a CDATA section's text, its line ends read as [`TextBuffer::push_text`] reads them.
    pub(crate) fn push_cdata(&mut self, cdata: &str) {
        if cdata.contains('\r') {
            self.push_str(&cdata.replace("\r\n", "\n").replace('\r', "\n"));
        } else {
            self.push_str(cdata);
        }
    }

    /// The text gathered, or `None` when it is only white space; the buffer is left empty.
    pub(crate) fn take(&mut self) -> Option<String> {
        let text = std::mem::take(&mut self.text);
        (!text.trim().is_empty()).then_some(text)
    }
}

/// XML's white space (production 3): space, tab, line feed, carriage return; not form feed.
pub(super) fn xml_space(byte: &u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\r')
}

/// A raw attribute value normalized as XML 1.0 says: a literal tab, line feed or carriage return
/// (a CR LF pair once) is a space, and references are resolved; `<`, other control characters
/// and undefined entities are errors.
pub(super) fn attribute_value(value: &str) -> Result<String, ParseErrorKind> {
    let mut resolved = String::with_capacity(value.len());
    normalize_value(value, &mut resolved)?;
    Ok(resolved)
}

/// One pass over a raw attribute value: runs of plain text are copied whole into `resolved`, each
/// white-space character or CR LF pair becomes a space, each reference its character.
pub(super) fn normalize_value(value: &str, resolved: &mut String) -> Result<(), ParseErrorKind> {
    let bytes = value.as_bytes();
    let (mut run_start, mut at) = (0, 0);
    while let Some(&byte) = bytes.get(at) {
        let (replacement, next) = match byte {
            b'&' => {
                let after = value.get(at + 1..).unwrap_or_default();
                let semicolon = memchr::memchr(b';', after.as_bytes()).ok_or_else(|| {
                    ParseErrorKind::Xml(format!("unterminated reference in the attribute value {value:?}"))
                })?;
                let name = after.get(..semicolon).unwrap_or_default();
                let character = reference_character(name)
                    .ok_or_else(|| unresolved_reference(name, " in an attribute value"))?;
                (character, at + semicolon + 2)
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
    Ok(())
}

/// The character a reference's `name` (what stands between `&` and `;`) stands for, if any.
fn reference_character(name: &str) -> Option<char> {
    match name.strip_prefix('#') {
        Some(code) => code
            .strip_prefix('x')
            .map_or_else(|| code.parse::<u32>().ok(), |hex| u32::from_str_radix(hex, 16).ok())
            .filter(|_| !code.starts_with('+') && !code.starts_with("x+"))
            .and_then(char::from_u32)
            .filter(xml_char),
        None => resolve_xml_entity(name).and_then(|text| text.chars().next()),
    }
}

/// Whether XML 1.0 allows `character` in a document (production 2): not a control character but
/// tab, line feed and carriage return, nor U+FFFE or U+FFFF.
fn xml_char(character: &char) -> bool {
    !matches!(character, '\0'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

/// Why `&name;` stands for no character; `place` follows what it is, as in " in an attribute value".
fn unresolved_reference(name: &str, place: &str) -> ParseErrorKind {
    ParseErrorKind::Xml(if name.starts_with('#') {
        format!("the character reference `&{name};`{place} is to no character XML 1.0 allows")
    } else {
        format!("undefined entity `&{name};`{place}")
    })
}

/// What a streaming XML parser does with the tokens [`read_document`] hands it.
pub(crate) trait Handler {
    /// An element opens (`empty` for `<x/>`); its tag starts at `at`.
    fn on_open(&mut self, element: &Tag<'_>, empty: bool, at: u64) -> Result<(), ParseErrorKind>;
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
    /// A comment, or a piece of a long one.
    fn on_comment(&mut self, _comment: &str) {}
    /// An error at `offset`, with what the parser knows of where it is.
    fn error_at(&self, kind: ParseErrorKind, offset: u64) -> ParseError;
}

/// Past this many bytes of a report, its lexer goes on on a thread of its own (see [`relay`]):
/// a smaller report is read in about the time a thread takes to start.
const RELAY_AFTER: u64 = 32 * 1024;

/// Reads a whole XML report of `format` token by token into `handler`, checking it as
/// `document` says; a report without its root element, or cut inside it, is refused.
pub(crate) fn read_document<R: Read + Send>(
    input: R,
    format: Format,
    mut document: Document,
    handler: &mut impl Handler,
) -> Result<(), ParseError> {
    let mut lexer = Lexer::new(input);
    let relay_after = relay_after();
    while lexer.consumed() < relay_after {
        if read_token(&mut lexer, format, &mut document, handler)? {
            return Ok(());
        }
    }
    std::thread::scope(|scope| {
        let mut relay = match Relay::start(scope, lexer) {
            Ok(relay) => relay,
            Err(mut lexer) => {
                while !read_token(&mut lexer, format, &mut document, handler)? {}
                return Ok(());
            }
        };
        while let Some(mut batch) = relay.next() {
            for (start, token) in batch.tokens() {
                if hand_on(&token, start, format, &mut document, handler)? {
                    return Ok(());
                }
            }
            if let Some(Err(error)) = batch.last() {
                return Err(handler.error_at(error.kind, error.offset));
            }
            relay.recycle(batch);
        }
        // The lexer's thread hands on the end or an error before it stops, unless it panicked.
        Err(ParseError::new(
            format,
            ParseErrorKind::Io(std::io::Error::other("the XML lexer's thread stopped")),
        ))
    })
}

/// Reads the next token of `lexer` into `handler`; `Ok(true)` once the document ended.
fn read_token<R: Read>(
    lexer: &mut Lexer<R>,
    format: Format,
    document: &mut Document,
    handler: &mut impl Handler,
) -> Result<bool, ParseError> {
    // White space outside a gathered text means nothing, so it need not make a token.
    lexer.skip_white_space(handler.text_sink().is_none());
    let (start, token) = lexer.next_token().map_err(|error| handler.error_at(error.kind, error.offset))?;
    hand_on(&token, start, format, document, handler)
}

/// Checks `token`, which starts at `start`, and hands it to `handler`; `Ok(true)` at the end.
fn hand_on(
    token: &Token<'_>,
    start: u64,
    format: Format,
    document: &mut Document,
    handler: &mut impl Handler,
) -> Result<bool, ParseError> {
    // Text is refused where it stops being white space, however much of that the lexer dropped.
    let start = match token {
        Token::Text(text) => {
            start + (text.len() - text.trim_start_matches(['\t', '\n', '\r', ' ']).len()) as u64
        }
        _ => start,
    };
    document.check(token).map_err(|kind| handler.error_at(kind, start))?;
    let step = match token {
        Token::Open(element) => handler.on_open(element, element.is_empty(), start),
        Token::Close(_) => handler.on_close(),
        Token::Text(text) => match handler.text_sink() {
            Some(sink) => {
                sink.push_text(text);
                Ok(())
            }
            None => unwanted_text(handler, !is_white_space(text)),
        },
        Token::CData(cdata) => match handler.text_sink() {
            Some(sink) => {
                sink.push_cdata(cdata);
                Ok(())
            }
            None => unwanted_text(handler, true),
        },
        Token::Comment(comment) => {
            handler.on_comment(comment);
            Ok(())
        }
        Token::End => return document.finish(format).map(|()| true),
        Token::Declaration(_) | Token::Instruction | Token::DocType => Ok(()),
    };
    step.map_err(|kind| handler.error_at(kind, start))?;
    Ok(false)
}

#[cfg(not(test))]
fn relay_after() -> u64 {
    RELAY_AFTER
}

#[cfg(test)]
thread_local! {
    /// Where this test thread's reports go on to be relayed; unit tests set it to compare both ways.
    pub(crate) static TEST_RELAY_AFTER: std::cell::Cell<u64> = const { std::cell::Cell::new(RELAY_AFTER) };
}

#[cfg(test)]
fn relay_after() -> u64 {
    TEST_RELAY_AFTER.get()
}

/// Whether text as written is only XML white space.
pub(crate) fn is_white_space(text: &str) -> bool {
    text.bytes().all(|byte| xml_space(&byte))
}

/// Refuses text (`any` but white space) where the handler's open element holds only elements.
fn unwanted_text(handler: &impl Handler, any: bool) -> Result<(), ParseErrorKind> {
    if any && !handler.takes_text() {
        return Err(ParseErrorKind::Xml("text inside an element that holds only elements".to_owned()));
    }
    Ok(())
}

/// Checks the element structure every XML report shares: one root element, named `root`, never
/// nested in itself, with only comments, processing instructions and white space after it. The
/// lexer checked all the rest.
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
    /// Whether any token came before this one: an XML declaration may only come first.
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

    /// Checks `token` against the structure so far.
    pub(crate) fn check(&mut self, token: &Token<'_>) -> Result<(), ParseErrorKind> {
        match token {
            Token::Open(element) => {
                let name = element.name();
                if self.closed {
                    return Err(after_root(&format!("a <{name}> element")));
                }
                self.check_root(name)?;
                if element.is_empty() {
                    self.closed |= self.depth == 0;
                } else {
                    self.depth += 1;
                }
            }
            Token::Close(_) => {
                self.depth = self.depth.saturating_sub(1);
                self.closed |= self.depth == 0;
            }
            Token::Text(text) if self.depth == 0 && !is_white_space(text) => {
                return Err(outside_root("text"));
            }
            Token::Declaration(_) if self.seen_anything => {
                return Err(ParseErrorKind::Xml(
                    "an XML declaration (`<?xml …?>`) that is not at the very start of the file".to_owned(),
                ));
            }
            Token::Declaration(declaration) => check_declaration(declaration)?,
            Token::CData(_) if self.depth == 0 => return Err(outside_root("CDATA")),
            Token::DocType if self.root_name.is_some() => return Err(after_root("a DOCTYPE")),
            // White space before a declaration is let pass, as the lexer may have dropped it.
            Token::Text(text) if is_white_space(text) => return Ok(()),
            _ => {}
        }
        self.seen_anything = true;
        Ok(())
    }

    /// The root element is one of the format's, and no element inside it has its name.
    fn check_root(&mut self, name: &str) -> Result<(), ParseErrorKind> {
        match &self.root_name {
            None if self.root.contains(&name) => self.root_name = Some(name.to_owned()),
            None => {
                return Err(ParseErrorKind::WrongRoot { expected: self.expected, found: name.to_owned() });
            }
            Some(root) if root == name && !self.nestable.contains(&name) => {
                return Err(ParseErrorKind::Xml(format!("the root element <{root}> nested inside itself")));
            }
            _ => {}
        }
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
    let declared = lexer::attributes_in(attributes)?;
    for (name, value) in &declared {
        check_declared(name, value)?;
    }
    let names: Vec<&str> = declared.iter().map(|(name, _)| name.as_str()).collect();
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

pub(super) fn forbidden_control(byte: u8) -> ParseErrorKind {
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

pub(super) fn name_byte(byte: u8) -> u8 {
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
pub(super) const NAME_START: u8 = 2;
const NAME_REST: u8 = 1;

#[cfg(test)]
mod tests {
    use super::*;

    /// The attributes of a tag `<e{raw}>`, read by the lexer.
    fn scanned(raw: &str) -> Result<Vec<(String, String)>, String> {
        let xml = format!("<e{raw}>");
        let mut lexer = Lexer::new(xml.as_bytes());
        match lexer.next_token() {
            Ok((_, Token::Open(tag))) => {
                Ok(tag.attributes().map(|(name, value)| (name.to_owned(), value.to_owned())).collect())
            }
            Ok((_, token)) => Err(format!("{token:?}")),
            Err(error) => Err(format!("{:?}", error.kind)),
        }
    }

    #[test]
    fn scans_both_quotes_spacing_and_references() {
        assert_eq!(
            scanned(r#" number="3" hits = '0'  branch="true" name="a &amp; b&#x41;"/"#).unwrap(),
            [("number", "3"), ("hits", "0"), ("branch", "true"), ("name", "a & bA")]
                .map(|(name, value)| (name.to_owned(), value.to_owned()))
        );
        assert_eq!(scanned("").unwrap(), vec![]);
    }

    #[test]
    fn white_space_in_values_is_normalized_and_references_resolved_in_one_pass() {
        assert_eq!(attribute_value("a\r\nb&amp;c\td&#x41;&#10;\r").unwrap(), "a b&c dA\n ");
        assert_eq!(attribute_value("&lt;&gt;&quot;&apos;").unwrap(), "<>\"'");
        assert_eq!(attribute_value("\r\r\n\n").unwrap(), "   ");
        for bad in ["a &nope; b", "a & b", "&#0;", "&#x+41;", "1 < 2", "bell \u{7}"] {
            assert!(attribute_value(bad).is_err(), "{bad:?} was read");
        }
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

//! gates' own streaming XML tokenizer: it reads a tag and checks its attributes in one pass, and
//! checks everything a token holds (UTF-8, names, characters, references, matching end tags), so
//! a parser sees only well-formed pieces. Memory is a window of the input: a token bigger than the
//! window grows it, but text, CDATA and comments come in pieces of at most [`PIECE`] bytes.

use std::io::{ErrorKind, Read};

use super::words::quoted;
use super::{
    NAME_START, attribute_value, check_name, forbidden_control, name_byte, normalize_value, xml_space,
};
use crate::parse::error::ParseErrorKind;
use crate::parse::kept::kept;

/// The most read from the input at a time, unless a token is longer.
const CHUNK: usize = 64 * 1024;
/// The first read: a small report costs no more than it needs.
#[cfg(not(test))]
const FIRST_CHUNK: usize = 8 * 1024;
/// Small in tests, so that their reports cross many windows.
#[cfg(test)]
const FIRST_CHUNK: usize = 16;
/// The most text, CDATA or comment handed on in one token.
const PIECE: usize = 32 * 1024;
/// The longest DOCTYPE read: reports have a line of it, and gates reads none of what it declares.
const DOCTYPE_LIMIT: usize = 1024 * 1024;

/// One piece of an XML document, borrowed from the lexer until the next is read.
#[derive(Debug)]
pub(crate) enum Token<'a> {
    /// `<?xml …?>`, what stands between `<?` and `?>`.
    Declaration(&'a str),
    /// Another processing instruction.
    Instruction,
    DocType,
    /// A comment's text, or a piece of it.
    Comment(&'a str),
    /// A CDATA section's text, or a piece of it.
    CData(&'a str),
    /// A start tag, or an empty element (`<x/>`).
    Open(Tag<'a>),
    /// An end tag, named as its start tag.
    Close(&'a str),
    /// Text as written, references unresolved (they are checked), or a piece of it.
    Text(&'a str),
    /// The end of the input.
    End,
}

/// A start tag: its name and checked attributes.
#[derive(Debug)]
pub(crate) struct Tag<'a> {
    pub(super) name: &'a str,
    /// What follows the name, up to the closing `>` or `/>`.
    pub(super) attributes: &'a str,
    pub(super) spans: &'a [Span],
    /// The values that are not plain, normalized one after another.
    pub(super) resolved: &'a str,
    pub(super) empty: bool,
}

impl<'a> Tag<'a> {
    pub(crate) fn name(&self) -> &'a str {
        self.name
    }

    /// The name without its namespace prefix.
    pub(crate) fn local_name(&self) -> &'a str {
        self.name.rsplit_once(':').map_or(self.name, |(_, local)| local)
    }

    /// Whether the element is empty (`<x/>`).
    pub(crate) fn is_empty(&self) -> bool {
        self.empty
    }

    /// Each attribute's name and normalized value, cut to [`crate::parse::kept::KEPT_STRING_LIMIT`].
    pub(crate) fn attributes(&self) -> impl Iterator<Item = (&'a str, &'a str)> + '_ {
        self.spans.iter().map(|span| (self.name_of(span), self.value_of(span)))
    }

    /// The value of attribute `name`, if the tag has it.
    pub(crate) fn attribute(&self, name: &str) -> Option<&'a str> {
        self.spans.iter().find(|span| self.name_of(span) == name).map(|span| self.value_of(span))
    }

    #[inline]
    fn name_of(&self, span: &Span) -> &'a str {
        self.attributes.get(span.name()).unwrap_or_default()
    }

    #[inline]
    fn value_of(&self, span: &Span) -> &'a str {
        let text = if span.plain { self.attributes } else { self.resolved };
        kept(text.get(span.value()).unwrap_or_default())
    }

    /// The value of attribute `name` as an owned string, if the tag has it.
    pub(crate) fn owned_attribute(&self, name: &str) -> Option<String> {
        self.attribute(name).map(str::to_owned)
    }
}

/// Where one attribute's name stands in [`Tag::attributes`], and its value there when it is plain,
/// else in [`Tag::resolved`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct Span {
    name_start: u32,
    name_end: u32,
    value_start: u32,
    value_end: u32,
    /// Whether the value holds no reference and no character that normalizing changes.
    plain: bool,
}

impl Span {
    fn name(&self) -> std::ops::Range<usize> {
        self.name_start as usize..self.name_end as usize
    }

    fn value(&self) -> std::ops::Range<usize> {
        self.value_start as usize..self.value_end as usize
    }
}

/// A tag whose places do not fit in 32 bits, which no report has.
pub(super) fn too_long() -> ParseErrorKind {
    ParseErrorKind::Xml("a tag longer than 4 GiB".to_owned())
}

/// An error, at its offset in the input.
#[derive(Debug)]
pub(crate) struct LexError {
    pub(crate) kind: ParseErrorKind,
    pub(crate) offset: u64,
}

/// What the window holds at its start.
enum Scanned {
    Token(Found),
    /// The token goes on past the window.
    More,
}

struct Found {
    kind: Kind,
    /// The token's text in the window.
    content: (usize, usize),
    /// Where the next token starts.
    next: usize,
    /// The section the token leaves open, if it is a piece of one.
    inside_after: Inside,
}

/// What a token is; an element's name ends at `name_end` in the window.
#[derive(Debug, Clone, Copy)]
pub(super) enum Kind {
    Declaration,
    Instruction,
    DocType,
    Comment,
    CData,
    Open { name_end: u32, empty: bool },
    Close,
    Text,
    End,
}

/// A token told by its places in the window, which [`token_in`] makes a [`Token`] of again.
#[derive(Debug, Clone, Copy)]
pub(super) struct Placed {
    /// Where the token starts in the input.
    pub(super) offset: u64,
    pub(super) kind: Kind,
    /// The token's text in the window.
    pub(super) content: (usize, usize),
}

/// The token `kind` whose text stands at `content` in `window`; an element's attributes are
/// placed by `spans`, with the values that are not plain in `resolved`.
#[inline(always)]
pub(super) fn token_in<'a>(
    window: &'a str,
    kind: Kind,
    (start, end): (usize, usize),
    spans: &'a [Span],
    resolved: &'a str,
) -> Token<'a> {
    let text = window.get(start..end).unwrap_or_default();
    match kind {
        Kind::Declaration => Token::Declaration(text),
        Kind::Instruction => Token::Instruction,
        Kind::DocType => Token::DocType,
        Kind::Comment => Token::Comment(text),
        Kind::CData => Token::CData(text),
        Kind::Text => Token::Text(text),
        Kind::Close => Token::Close(text),
        Kind::End => Token::End,
        Kind::Open { name_end, empty } => Token::Open(Tag {
            name: window.get(start..name_end as usize).unwrap_or_default(),
            attributes: window.get(name_end as usize..end).unwrap_or_default(),
            spans,
            resolved,
            empty,
        }),
    }
}

/// A section the last token left open: a comment or CDATA handed on in pieces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Inside {
    Markup,
    Comment,
    CData,
}

#[derive(Debug)]
pub(crate) struct Lexer<R> {
    input: R,
    /// Checked text from input offset `base`; `window[at..]` is not read yet.
    window: String,
    at: usize,
    base: u64,
    /// What the next window is made in: the last one, or one handed back (see [`Lexer::retire`]).
    spare: Option<String>,
    /// When windows are retired, the one the last refill replaced.
    retired: Option<String>,
    retire: bool,
    /// How much the next read asks for; it doubles up to [`CHUNK`] each time a read fills it.
    read_size: usize,
    /// The start of a character whose rest is still to be read.
    pending: Vec<u8>,
    eof: bool,
    /// Whether reading stopped at bytes that are not UTF-8, where the window ends.
    not_utf8: bool,
    started: bool,
    inside: Inside,
    /// The names of the open elements, one after another, and where each starts.
    open_names: String,
    open_starts: Vec<usize>,
    spans: Vec<Span>,
    /// The normalized values of the last tag's attributes that are not plain.
    resolved: String,
    /// Whether white space that starts text is dropped (see [`Lexer::skip_white_space`]).
    skip_white_space: bool,
    /// Whether the last token was a piece of text the next one goes on with.
    in_text: bool,
}

impl<R: Read> Lexer<R> {
    pub(crate) fn new(input: R) -> Self {
        Self {
            input,
            window: String::new(),
            at: 0,
            base: 0,
            spare: None,
            retired: None,
            retire: false,
            read_size: FIRST_CHUNK,
            pending: Vec::new(),
            eof: false,
            not_utf8: false,
            started: false,
            inside: Inside::Markup,
            open_names: String::new(),
            open_starts: Vec::new(),
            spans: Vec::new(),
            resolved: String::new(),
            skip_white_space: false,
            in_text: false,
        }
    }

    /// Whether text from now on comes without the white space that starts it, so white space
    /// between tags makes no token: for where a parser ignores white space and refuses other text.
    pub(crate) fn skip_white_space(&mut self, skip: bool) {
        self.skip_white_space = skip;
    }

    /// How many bytes of the input the tokens read so far span.
    pub(crate) fn consumed(&self) -> u64 {
        self.base + self.at as u64
    }

    /// The next token and the offset where it starts.
    pub(crate) fn next_token(&mut self) -> Result<(u64, Token<'_>), LexError> {
        let placed = self.next_placed()?;
        Ok((placed.offset, token_in(&self.window, placed.kind, placed.content, &self.spans, &self.resolved)))
    }

    /// The next token, told by its places in the window: in the window after this call, and
    /// in the window retired by it (see [`Lexer::retire`]), if any, for the tokens before.
    pub(super) fn next_placed(&mut self) -> Result<Placed, LexError> {
        let found = loop {
            match self.scan()? {
                Scanned::Token(found) => break found,
                Scanned::More if self.eof => return self.at_end(),
                Scanned::More => self.refill()?,
            }
        };
        let offset = self.base + self.at as u64;
        self.at = found.next;
        self.inside = found.inside_after;
        self.in_text = matches!(found.kind, Kind::Text);
        match found.kind {
            Kind::Open { name_end, empty: false } => {
                self.open_starts.push(self.open_names.len());
                let name = self.window.get(found.content.0..name_end as usize).unwrap_or_default();
                self.open_names.push_str(name);
            }
            // `close_tag` checked that the token names the element open last.
            Kind::Close => self.open_names.truncate(self.open_starts.pop().unwrap_or(0)),
            _ => {}
        }
        Ok(Placed { offset, kind: found.kind, content: found.content })
    }

    /// The attribute places of the last tag, and the values among them that are not plain.
    pub(super) fn attributes(&self) -> (&[Span], &str) {
        (&self.spans, &self.resolved)
    }

    /// From now on, a window the lexer is done with is kept for [`Lexer::take_retired`] rather
    /// than read into again, so the tokens placed in it can be handed on without copying them.
    pub(super) fn retire(&mut self) {
        self.retire = true;
    }

    /// The window the last [`Lexer::next_placed`] retired, if it did.
    pub(super) fn take_retired(&mut self) -> Option<String> {
        self.retired.take()
    }

    /// A retired window handed back, to make a later one in.
    pub(super) fn reuse(&mut self, window: String) {
        self.spare.get_or_insert(window);
    }

    /// The window the last tokens are placed in, once the lexer is done.
    pub(super) fn into_window(self) -> String {
        self.window
    }

    fn at_end(&mut self) -> Result<Placed, LexError> {
        if self.not_utf8 {
            return Err(self.error(ParseErrorKind::Xml(NOT_UTF8.to_owned()), self.window.len()));
        }
        let offset = self.base + self.at as u64;
        let unclosed = match self.inside {
            Inside::Comment => Some("comment not closed: `-->` not found before end of input"),
            Inside::CData => Some("CDATA not closed: `]]>` not found before end of input"),
            Inside::Markup if self.at < self.window.len() => Some(match self.rest().get(1) {
                Some(b'!') if self.rest().starts_with(b"<!--") => {
                    "comment not closed: `-->` not found before end of input"
                }
                Some(b'!') if self.rest().starts_with(b"<![CDATA[") => {
                    "CDATA not closed: `]]>` not found before end of input"
                }
                Some(b'?') => "processing instruction not closed: `?>` not found before end of input",
                _ => "tag not closed: `>` not found before end of input",
            }),
            Inside::Markup => None,
        };
        match unclosed {
            Some(message) => Err(LexError { kind: syntax(message), offset }),
            None => Ok(Placed { offset, kind: Kind::End, content: (self.at, self.at) }),
        }
    }

    fn rest(&self) -> &[u8] {
        self.window.as_bytes().get(self.at..).unwrap_or_default()
    }

    /// Replaces the window by one of what it holds unread followed by the next checked bytes of
    /// the input, read into it straight, or marks the input's end.
    fn refill(&mut self) -> Result<(), LexError> {
        let unread = self.window.as_bytes().get(self.at..).unwrap_or_default();
        // A token longer than a read doubles the window, so growing it costs linear time.
        let read_size = self.read_size.max(unread.len());
        let checked = unread.len();
        let mut filled = checked + self.pending.len();
        let room = filled + read_size;
        let mut bytes = self.spare.take().map(String::into_bytes).unwrap_or_default();
        if bytes.len() < room {
            bytes.resize(room, 0);
        }
        if let Some(into) = bytes.get_mut(..filled) {
            let (into_unread, into_pending) = into.split_at_mut(checked);
            into_unread.copy_from_slice(unread);
            into_pending.copy_from_slice(&self.pending);
        }
        self.pending.clear();
        // Four bytes from a character's start hold a whole character, or an error.
        while !self.eof && filled < checked + 4 {
            let read = match self.input.read(bytes.get_mut(filled..room).unwrap_or_default()) {
                Ok(read) => read,
                Err(error) if error.kind() == ErrorKind::Interrupted => continue,
                Err(error) => {
                    let offset = self.base + self.window.len() as u64;
                    return Err(LexError { kind: ParseErrorKind::Io(error), offset });
                }
            };
            self.eof = read == 0;
            if filled + read == room && self.read_size < CHUNK {
                self.read_size *= 2;
            }
            filled += read;
        }
        bytes.truncate(filled);
        let window = String::from_utf8(bytes).unwrap_or_else(|error| {
            let utf8 = error.utf8_error();
            let mut bytes = error.into_bytes();
            if utf8.error_len().is_some() || self.eof {
                // What comes before is read first, so the error does not depend on the reads.
                (self.eof, self.not_utf8) = (true, true);
            } else {
                self.pending.extend_from_slice(bytes.get(utf8.valid_up_to()..).unwrap_or_default());
            }
            bytes.truncate(utf8.valid_up_to());
            String::from_utf8(bytes).unwrap_or_default()
        });
        let done = std::mem::replace(&mut self.window, window);
        if self.retire && self.at > 0 {
            self.retired = Some(done);
        } else {
            self.spare = Some(done);
        }
        self.base += self.at as u64;
        self.at = 0;
        if !self.started && !self.window.is_empty() {
            self.started = true;
            if self.window.starts_with('\u{feff}') {
                self.at = '\u{feff}'.len_utf8();
            }
        }
        Ok(())
    }

    fn error(&self, kind: ParseErrorKind, at: usize) -> LexError {
        LexError { kind, offset: self.base + at as u64 }
    }

    fn scan(&mut self) -> Result<Scanned, LexError> {
        let at = self.at;
        let rest = self.rest();
        if rest.is_empty() {
            return Ok(Scanned::More);
        }
        match self.inside {
            Inside::Comment | Inside::CData => self.section(at, self.inside),
            Inside::Markup => match rest {
                [b'<'] | [b'<', b'!'] | [b'<', b'!', b'-'] => Ok(Scanned::More),
                [b'<', b'!', b'[', ..] if rest.len() < 9 && b"<![CDATA[".starts_with(rest) => {
                    Ok(Scanned::More)
                }
                [b'<', b'/', ..] => self.close_tag(at),
                [b'<', b'?', ..] => self.instruction(at),
                [b'<', b'!', b'-', b'-', ..] => self.section(at + 4, Inside::Comment),
                [b'<', b'!', b'[', b'C', b'D', b'A', b'T', b'A', b'[', ..] => {
                    self.section(at + 9, Inside::CData)
                }
                [b'<', b'!', ..] => self.doctype(at),
                [b'<', ..] => self.open_tag(at),
                [space, ..] if self.skip_white_space && !self.in_text && xml_space(space) => {
                    self.skip_spaces(at)
                }
                _ => self.text(at),
            },
        }
    }

    /// Drops the white space at `at`, then scans what follows.
    fn skip_spaces(&mut self, at: usize) -> Result<Scanned, LexError> {
        self.at = at + run(self.window.as_bytes(), at, is_space);
        if self.at == self.window.len() { Ok(Scanned::More) } else { self.scan() }
    }

    /// Text up to the next `<`, or a piece of it.
    fn text(&self, at: usize) -> Result<Scanned, LexError> {
        let bytes = self.window.as_bytes();
        let rest = bytes.get(at..).unwrap_or_default();
        let end = match memchr::memchr(b'<', rest.get(..=PIECE).unwrap_or(rest)) {
            Some(length) => at + length,
            None if self.eof && rest.len() <= PIECE => bytes.len(),
            None if rest.len() >= PIECE => self.piece_end(at, b"]\r", true),
            None => return Ok(Scanned::More),
        };
        let text = bytes.get(at..end).unwrap_or_default();
        if !plain_text(text) {
            check_text(text).map_err(|(kind, offset)| self.error(kind, at + offset))?;
        }
        Ok(Scanned::Token(Found {
            kind: Kind::Text,
            content: (at, end),
            next: end,
            inside_after: Inside::Markup,
        }))
    }

    /// Where a piece from `from` may end: on a character boundary, not after the bytes in `held`
    /// (which could start `]]>`, `-->` or a CR LF pair), nor inside a reference when `references`.
    fn piece_end(&self, from: usize, held: &[u8], references: bool) -> usize {
        let bytes = self.window.as_bytes();
        let boundary = |mut end: usize| {
            while end > from && !self.window.is_char_boundary(end) {
                end -= 1;
            }
            end
        };
        let longest = boundary((from + PIECE).min(bytes.len()));
        let mut end = longest;
        if references
            && let Some(ampersand) = memchr::memrchr(b'&', bytes.get(from..end).unwrap_or_default())
            && !bytes.get(from + ampersand..end).unwrap_or_default().contains(&b';')
        {
            end = from + ampersand;
        }
        while end > from && bytes.get(end - 1).is_some_and(|byte| held.contains(byte)) {
            end -= 1;
        }
        // A piece of only held bytes is handed on whole rather than not at all.
        if end == from { longest } else { end }
    }

    /// A comment's or CDATA section's text from `from` to its end, or a piece of it.
    fn section(&self, from: usize, inside: Inside) -> Result<Scanned, LexError> {
        let bytes = self.window.as_bytes();
        let rest = bytes.get(from..).unwrap_or_default();
        let comment = inside == Inside::Comment;
        let (kind, terminator): (Kind, &[u8]) =
            if comment { (Kind::Comment, b"--") } else { (Kind::CData, b"]]>") };
        // Only a terminator that ends a piece of at most PIECE bytes is looked for.
        let found = memchr::memmem::find(rest.get(..PIECE + terminator.len()).unwrap_or(rest), terminator);
        let (end, next, inside_after) = match found {
            Some(length) if comment => match rest.get(length + 2) {
                Some(b'>') => (from + length, from + length + 3, Inside::Markup),
                Some(_) => {
                    let message = "`--` inside a comment, which XML forbids (a comment cut or nested)";
                    return Err(self.error(ParseErrorKind::Xml(message.to_owned()), from + length));
                }
                None => return Ok(Scanned::More),
            },
            Some(length) => (from + length, from + length + 3, Inside::Markup),
            None if rest.len() >= PIECE => {
                let end = self.piece_end(from, if comment { b"-" } else { b"]\r" }, false);
                (end, end, inside)
            }
            None => return Ok(Scanned::More),
        };
        let text = bytes.get(from..end).unwrap_or_default();
        if let Some(offset) = text.iter().position(|&byte| forbidden(byte)) {
            let byte = text.get(offset).copied().unwrap_or(0);
            return Err(self.error(forbidden_control(byte), from + offset));
        }
        Ok(Scanned::Token(Found { kind, content: (from, end), next, inside_after }))
    }

    /// `<?target …?>`.
    fn instruction(&self, at: usize) -> Result<Scanned, LexError> {
        let bytes = self.window.as_bytes();
        let Some(length) = memchr::memmem::find(bytes.get(at + 2..).unwrap_or_default(), b"?>") else {
            return Ok(Scanned::More);
        };
        let (start, end) = (at + 2, at + 2 + length);
        let content = self.window.get(start..end).unwrap_or_default();
        let target_end = content.bytes().position(|byte| xml_space(&byte)).unwrap_or(content.len());
        let target = content.get(..target_end).unwrap_or_default();
        check_name(target, "processing instruction").map_err(|kind| self.error(kind, at))?;
        if let Some(offset) = content.bytes().position(forbidden) {
            return Err(self.error(
                forbidden_control(content.as_bytes().get(offset).copied().unwrap_or(0)),
                start + offset,
            ));
        }
        let kind = if target == "xml" { Kind::Declaration } else { Kind::Instruction };
        Ok(Scanned::Token(Found { kind, content: (start, end), next: end + 2, inside_after: Inside::Markup }))
    }

    /// `<!DOCTYPE …>`, its internal subset and quoted literals included.
    fn doctype(&self, at: usize) -> Result<Scanned, LexError> {
        let bytes = self.window.as_bytes();
        let rest = bytes.get(at..).unwrap_or_default();
        if rest.len() < 9 && b"<!DOCTYPE".starts_with(rest) {
            return Ok(Scanned::More);
        }
        if !rest.starts_with(b"<!DOCTYPE") {
            return Err(self.error(syntax("`<!` that starts no comment, CDATA section or DOCTYPE"), at));
        }
        let (mut depth, mut quote) = (0_u32, None);
        for (length, &byte) in rest.iter().enumerate() {
            match (quote, byte) {
                (Some(open), _) if byte == open => quote = None,
                (Some(_), _) => {}
                (None, b'"' | b'\'') => quote = Some(byte),
                (None, b'[') => depth += 1,
                (None, b']') => depth = depth.saturating_sub(1),
                (None, b'>') if depth == 0 => {
                    return Ok(Scanned::Token(Found {
                        kind: Kind::DocType,
                        content: (at, at),
                        next: at + length + 1,
                        inside_after: Inside::Markup,
                    }));
                }
                _ => {}
            }
        }
        if rest.len() > DOCTYPE_LIMIT {
            return Err(self.error(syntax("a DOCTYPE longer than 1 MiB"), at));
        }
        Ok(Scanned::More)
    }

    /// `</name>`, which must close the element open last.
    fn close_tag(&self, at: usize) -> Result<Scanned, LexError> {
        let bytes = self.window.as_bytes();
        let Some(length) = memchr::memchr(b'>', bytes.get(at..).unwrap_or_default()) else {
            return Ok(Scanned::More);
        };
        let name_start = at + 2;
        let inner = self.window.get(name_start..at + length).unwrap_or_default();
        let name = inner.trim_end_matches([' ', '\t', '\n', '\r']);
        let open = self.open_starts.last().and_then(|start| self.open_names.get(*start..));
        if open != Some(name) {
            let message = match open {
                Some(open) => format!(
                    "expected `</{open}>`, but `</{}>` was found",
                    super::super::error::shortened(name)
                ),
                None => format!("`</{}>` closes no open element", super::super::error::shortened(name)),
            };
            return Err(self.error(syntax(&message), at));
        }
        Ok(Scanned::Token(Found {
            kind: Kind::Close,
            content: (name_start, name_start + name.len()),
            next: at + length + 1,
            inside_after: Inside::Markup,
        }))
    }

    /// `<name attributes…>` or `<name attributes…/>`, its attributes checked and their places kept.
    fn open_tag(&mut self, at: usize) -> Result<Scanned, LexError> {
        let bytes = self.window.as_bytes();
        let name_start = at + 1;
        let mut end = name_start + run(bytes, name_start, is_name_byte);
        let ascii = bytes.get(name_start).is_some_and(|&byte| name_byte(byte) == NAME_START)
            && bytes.get(end).is_some_and(|&byte| byte == b'>' || byte == b'/' || xml_space(&byte));
        if !ascii {
            while bytes.get(end).is_some_and(|&byte| byte != b'>' && byte != b'/' && !xml_space(&byte)) {
                end += 1;
            }
            if end == bytes.len() {
                return Ok(Scanned::More);
            }
            let name = self.window.get(name_start..end).unwrap_or_default();
            check_name(name, "element").map_err(|kind| self.error(kind, at))?;
        }
        self.spans.clear();
        let attributes = bytes.get(end..).unwrap_or_default();
        let (length, empty) = match scan_tag(attributes, &mut self.spans) {
            Ok(Some(scanned)) => scanned,
            Ok(None) => return Ok(Scanned::More),
            // An error quotes what follows its place: read that first, so the quote does not
            // depend on where the input was cut.
            Err((_, place)) if !self.eof && place + QUOTED_BYTES > attributes.len() => {
                return Ok(Scanned::More);
            }
            Err((kind, _)) => return Err(self.error(kind, at)),
        };
        // Up to the closing `>` or `/>`.
        let content_end = end + length - if empty { 2 } else { 1 };
        let text = self.window.get(end..).unwrap_or_default();
        let offset = self.base + at as u64;
        self.resolved.clear();
        for span in self.spans.iter_mut().filter(|span| !span.plain) {
            let value = text.get(span.value()).unwrap_or_default();
            let start = self.resolved.len();
            normalize_value(value, &mut self.resolved).map_err(|kind| LexError { kind, offset })?;
            let resolved = (u32::try_from(start), u32::try_from(self.resolved.len()));
            let (Ok(start), Ok(end)) = resolved else { return Err(LexError { kind: too_long(), offset }) };
            (span.value_start, span.value_end) = (start, end);
        }
        let name_end = u32::try_from(end).map_err(|_| LexError { kind: too_long(), offset })?;
        Ok(Scanned::Token(Found {
            kind: Kind::Open { name_end, empty },
            content: (name_start, content_end),
            next: end + length,
            inside_after: Inside::Markup,
        }))
    }
}

/// The attributes of `text`, read as a tag's: a declaration's (`version="1.0" …`).
pub(super) fn attributes_in(text: &str) -> Result<Vec<(String, String)>, ParseErrorKind> {
    let closed = format!("{text}>");
    let mut spans = Vec::new();
    if scan_tag(closed.as_bytes(), &mut spans).map_err(|(kind, _)| kind)? != Some((closed.len(), false)) {
        return Err(attribute_error("the end of the attributes", closed.as_bytes(), 0).0);
    }
    let part = |range: std::ops::Range<usize>| closed.get(range).unwrap_or_default();
    spans
        .iter()
        .map(|span| {
            let value = attribute_value(part(span.value()))?;
            Ok((part(span.name()).to_owned(), value))
        })
        .collect()
}

/// Scans a tag's attributes up to its `>` or `/>`, keeping their places in `spans`: the length up
/// to past the tag's end and whether it is empty, or `None` when the window ends first.
/// An error comes with its place in `bytes`.
fn scan_tag(bytes: &[u8], spans: &mut Vec<Span>) -> Result<Option<(usize, bool)>, (ParseErrorKind, usize)> {
    let mut seen = 0_u64;
    let mut at = 0;
    loop {
        let spaces = run(bytes, at, is_space);
        at += spaces;
        match bytes.get(at) {
            None => return Ok(None),
            Some(b'>') => return Ok(Some((at + 1, false))),
            Some(b'/') => {
                return match bytes.get(at + 1) {
                    None => Ok(None),
                    Some(b'>') => Ok(Some((at + 2, true))),
                    Some(_) => Err(attribute_error("`>` after `/`", bytes, at + 1)),
                };
            }
            Some(_) if spaces == 0 => {
                return Err(attribute_error("white space before each attribute", bytes, at));
            }
            Some(_) => {}
        }
        let name_start = at;
        at += run(bytes, at, is_name_byte);
        let ascii_name = bytes.get(name_start).is_some_and(|&first| name_byte(first) == NAME_START)
            && bytes.get(at).is_some_and(|&next| next == b'=' || xml_space(&next));
        if !ascii_name {
            while bytes.get(at).is_some_and(|&byte| byte != b'=' && !xml_space(&byte) && byte != b'>') {
                at += 1;
            }
            if at == bytes.len() {
                return Ok(None);
            }
            let name = std::str::from_utf8(bytes.get(name_start..at).unwrap_or_default()).unwrap_or_default();
            check_name(name, "attribute").map_err(|kind| (kind, name_start))?;
        }
        let name = bytes.get(name_start..at).unwrap_or_default();
        let bit = name_bit(name);
        if seen & bit != 0 && spans.iter().any(|span| bytes.get(span.name()) == Some(name)) {
            let name = String::from_utf8_lossy(name);
            return Err((ParseErrorKind::Xml(format!("attribute `{name}` given twice")), name_start));
        }
        seen |= bit;
        let name_end = at;
        at += run(bytes, at, is_space);
        match bytes.get(at) {
            None => return Ok(None),
            Some(b'=') => at += 1,
            Some(_) => return Err(attribute_error("`=` after the attribute name", bytes, at)),
        }
        at += run(bytes, at, is_space);
        let quote = match bytes.get(at) {
            None => return Ok(None),
            Some(&quote @ (b'"' | b'\'')) => quote,
            Some(_) => return Err(attribute_error("a quoted attribute value", bytes, at)),
        };
        let value_start = at + 1;
        let Some((length, plain)) = quoted(bytes.get(value_start..).unwrap_or_default(), quote) else {
            return Ok(None);
        };
        let place = |at: usize| u32::try_from(at).map_err(|_| (too_long(), name_start));
        spans.push(Span {
            name_start: place(name_start)?,
            name_end: place(name_end)?,
            value_start: place(value_start)?,
            value_end: place(value_start + length)?,
            plain,
        });
        at = value_start + length + 1;
    }
}

/// How many bytes from `at` on `holds` holds for.
fn run(bytes: &[u8], at: usize, holds: fn(u8) -> bool) -> usize {
    let rest = bytes.get(at..).unwrap_or_default();
    rest.iter().position(|&byte| !holds(byte)).unwrap_or(rest.len())
}

fn is_space(byte: u8) -> bool {
    xml_space(&byte)
}

fn is_name_byte(byte: u8) -> bool {
    name_byte(byte) != 0
}

/// A bit for an attribute name, picked by its length and edge bytes: a name whose bit no earlier
/// name set is new.
fn name_bit(name: &[u8]) -> u64 {
    let edge = |byte: Option<&u8>| usize::from(byte.copied().unwrap_or(0));
    1_u64 << ((name.len() * 7 + edge(name.first()) * 3 + edge(name.last())) % 64)
}

/// The most bytes an error quotes: 20 characters.
const QUOTED_BYTES: usize = 80;

/// An error in a tag's attributes at `at`, quoting what follows.
fn attribute_error(expected: &str, bytes: &[u8], at: usize) -> (ParseErrorKind, usize) {
    let rest = bytes.get(at..).unwrap_or_default();
    let line = rest.get(..memchr::memchr(b'\n', rest).unwrap_or(rest.len())).unwrap_or_default();
    let found: String = String::from_utf8_lossy(line).chars().take(20).collect();
    (ParseErrorKind::Xml(format!("expected {expected} in the attributes, found {found:?}")), at)
}

fn syntax(message: &str) -> ParseErrorKind {
    ParseErrorKind::Xml(format!("syntax error: {message}"))
}

const NOT_UTF8: &str = "bytes that are not UTF-8 (gates reads UTF-8 reports)";

/// A control character XML 1.0 forbids everywhere: below U+0020 but tab, line feed and carriage
/// return.
fn forbidden(byte: u8) -> bool {
    byte < 0x20 && !matches!(byte, b'\t' | b'\n' | b'\r')
}

/// Whether text needs no closer look: no reference, no `]` and no forbidden character, told 16
/// bytes at a time.
fn plain_text(bytes: &[u8]) -> bool {
    let mut blocks = bytes.chunks_exact(16);
    for block in &mut blocks {
        if !plain_block(block) {
            return false;
        }
    }
    !blocks.remainder().iter().any(|&byte| needs_a_look(byte))
}

/// Whether no byte of `block` needs a closer look, told without a branch a byte.
fn plain_block(block: &[u8]) -> bool {
    !block.iter().fold(false, |any, &byte| any | needs_a_look(byte))
}

/// A byte text must look at: a reference's `&`, a `]` that may start `]]>`, a forbidden character.
fn needs_a_look(byte: u8) -> bool {
    (byte < 0x20 && byte != b'\n' && byte != b'\t' && byte != b'\r') | (byte == b'&') | (byte == b']')
}

/// Checks text as written: no forbidden character, no `]]>`, and only references to characters
/// and XML's five entities; an error comes with its offset in `text`.
fn check_text(text: &[u8]) -> Result<(), (ParseErrorKind, usize)> {
    let mut at = 0;
    // Blocks of 16 bytes that need no look are passed over; one that does is read byte by byte.
    let mut looked_until = 0;
    while let Some(&byte) = text.get(at) {
        if at >= looked_until {
            match text.get(at..at + 16) {
                Some(block) if plain_block(block) => {
                    at += 16;
                    continue;
                }
                _ => looked_until = at + 16,
            }
        }
        match byte {
            b'&' => {
                let after = text.get(at + 1..).unwrap_or_default();
                let semicolon = memchr::memchr(b';', after)
                    .ok_or_else(|| (ParseErrorKind::Xml("unterminated reference in text".to_owned()), at))?;
                let name =
                    std::str::from_utf8(after.get(..semicolon).unwrap_or_default()).unwrap_or_default();
                if super::reference_character(name).is_none() {
                    return Err((super::unresolved_reference(name, ""), at));
                }
                at += semicolon + 2;
                continue;
            }
            b']' if text.get(at..at + 3) == Some(b"]]>") => {
                return Err((
                    ParseErrorKind::Xml("`]]>` in text, which XML forbids outside CDATA".to_owned()),
                    at,
                ));
            }
            _ if forbidden(byte) => return Err((forbidden_control(byte), at)),
            _ => {}
        }
        at += 1;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that hands out at most `step` bytes a call, to cut tokens at every place.
    struct Trickle<'a> {
        bytes: &'a [u8],
        step: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, into: &mut [u8]) -> std::io::Result<usize> {
            let length = self.step.min(into.len()).min(self.bytes.len());
            let (now, later) = self.bytes.split_at(length);
            into.get_mut(..length).unwrap_or_default().copy_from_slice(now);
            self.bytes = later;
            Ok(length)
        }
    }

    /// Every token as text, or the error and its offset.
    fn tokens(input: impl Read) -> Vec<String> {
        tokens_skipping(input, false)
    }

    /// [`tokens`], white space that starts text dropped when `skip`.
    fn tokens_skipping(input: impl Read, skip: bool) -> Vec<String> {
        let mut lexer = Lexer::new(input);
        lexer.skip_white_space(skip);
        let mut seen = Vec::new();
        loop {
            match lexer.next_token() {
                Ok((at, Token::End)) => {
                    seen.push(format!("{at} end"));
                    return seen;
                }
                Ok((at, Token::Open(tag))) => {
                    let attributes: Vec<_> = tag.attributes().collect();
                    seen.push(format!("{at} <{} {attributes:?} {}>", tag.name(), tag.is_empty()));
                }
                Ok((at, token)) => seen.push(format!("{at} {token:?}")),
                Err(error) => {
                    seen.push(format!("{} {:?}", error.offset, error.kind));
                    return seen;
                }
            }
        }
    }

    const DOCUMENT: &str = "\u{feff}<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY x \"]>\">]>\n<!-- c -->\
        <r a=\"1 &amp; 2\" b='>'>t&#65;x\r\n<![CDATA[a]]b]]><e/>\u{e9}</r >\n";

    #[test]
    fn tokens_are_the_same_however_the_input_is_cut() {
        let whole = tokens(DOCUMENT.as_bytes());
        assert_eq!(whole.last().map(String::as_str), Some("127 end"), "{whole:#?}");
        for step in 1..8 {
            assert_eq!(tokens(Trickle { bytes: DOCUMENT.as_bytes(), step }), whole, "{step}");
        }
    }

    #[test]
    fn white_space_between_tags_can_make_no_token() {
        let xml = "<r>\n  <a v='1'/>\n  x y \n</r>\n";
        let seen = tokens_skipping(xml.as_bytes(), true);
        assert_eq!(seen[1], "6 <a [(\"v\", \"1\")] true>");
        assert_eq!(seen[2], "19 Text(\"x y \\n\")", "{seen:?}");
        assert_eq!(seen.last().map(String::as_str), Some("29 end"));
        for step in 1..8 {
            assert_eq!(tokens_skipping(Trickle { bytes: xml.as_bytes(), step }, true), seen, "{step}");
        }
    }

    #[test]
    fn refuses_what_xml_forbids_at_its_place() {
        for (xml, offset, expected) in [
            ("<r></s>", 3, "expected `</r>`, but `</s>` was found"),
            ("</r>", 0, "closes no open element"),
            ("<r>a ]]> b</r>", 5, "`]]>` in text"),
            ("<r>&nope;</r>", 3, "undefined entity `&nope;`"),
            ("<r>a &#30; b</r>", 5, "`&#30;` is to no character XML 1.0 allows"),
            ("<r>&#xFFFF;</r>", 3, "`&#xFFFF;` is to no character"),
            ("<r a='x&#x1b;[31m'/>", 0, "`&#x1b;` in an attribute value is to no character"),
            ("<r><!-- a -- b --></r>", 10, "`--` inside a comment"),
            ("<r><![CDATA[\u{1}]]></r>", 12, "U+0001"),
            ("<r><x", 3, "tag not closed"),
            ("<r><!-- x", 3, "comment not closed"),
            ("<r a='1' a='2'/>", 0, "attribute `a` given twice"),
            ("<r a='1'b='2'/>", 0, "white space before each attribute"),
            ("<r><!ELEMENT x></r>", 3, "starts no comment"),
            ("<r>\u{b}</r>", 3, "U+000B"),
        ] {
            let seen = tokens(xml.as_bytes());
            let last = seen.last().cloned().unwrap_or_default();
            assert!(last.starts_with(&format!("{offset} ")) && last.contains(expected), "{xml:?}: {last}");
        }
        let not_utf8 = tokens(&b"<r>caf\xe9</r>"[..]);
        assert!(
            not_utf8.last().is_some_and(|last| last.starts_with("6 ") && last.contains("UTF-8")),
            "{not_utf8:?}"
        );
    }

    #[test]
    fn long_text_comes_in_pieces_cut_before_references_and_line_ends() {
        let body = format!("{}&amp;\r\n{}", "a".repeat(PIECE - 3), "b".repeat(PIECE));
        let xml = format!("<r>{body}<![CDATA[{}]]></r>", "]".repeat(2 * PIECE));
        let mut lexer = Lexer::new(xml.as_bytes());
        let mut text = String::new();
        let mut cdata = 0;
        loop {
            match lexer.next_token() {
                Ok((_, Token::Text(piece))) => {
                    assert!(piece.len() <= PIECE);
                    assert!(
                        !piece.ends_with('\r') && !piece.ends_with('&'),
                        "{:?}",
                        &piece[piece.len() - 3..]
                    );
                    text.push_str(piece);
                }
                Ok((_, Token::CData(piece))) => {
                    assert!(piece.len() <= PIECE);
                    cdata += piece.len();
                }
                Ok((_, Token::End)) => break,
                Ok(_) => {}
                Err(error) => panic!("{error:?}"),
            }
        }
        assert_eq!(text, body);
        assert_eq!(cdata, 2 * PIECE);
    }

    #[test]
    fn memory_stays_a_window_however_long_the_text_or_cdata() {
        let xml = format!(
            "<r>{}<![CDATA[{}]]><!--{}--></r>",
            "a&amp;".repeat(1 << 20),
            "c".repeat(4 << 20),
            "d".repeat(4 << 20)
        );
        let mut lexer = Lexer::new(xml.as_bytes());
        let mut largest = 0;
        loop {
            match lexer.next_token() {
                Ok((_, Token::End)) => break,
                Ok(_) => largest = largest.max(lexer.window.capacity()),
                Err(error) => panic!("{error:?}"),
            }
        }
        assert!(largest <= 4 * CHUNK, "the window grew to {largest} bytes");
    }

    proptest::proptest! {
        #[test]
        fn text_is_checked_the_same_wherever_its_blocks_start(
            text in proptest::collection::vec(proptest::sample::select(b"&amp;#x41;]]>\t\n\r\x01\x1f abcdefgh".to_vec()), 0..80),
            shift in 1_usize..16,
        ) {
            let shifted = [vec![b'x'; shift], text.clone()].concat();
            let moved = check_text(&shifted).map_err(|(kind, at)| (kind.to_string(), at - shift));
            proptest::prop_assert_eq!(check_text(&text).map_err(|(kind, at)| (kind.to_string(), at)), moved);
        }

        #[test]
        fn any_bytes_cut_anywhere_give_the_tokens_of_the_whole(
            bytes in proptest::collection::vec(proptest::sample::select(b"<>/?!-[]'\"=&;# axCDATA\r\n\xc3\xa9".to_vec()), 0..96),
            step in 1_usize..7,
        ) {
            proptest::prop_assert_eq!(tokens(Trickle { bytes: &bytes, step }), tokens(&bytes[..]));
        }

        #[test]
        fn any_pieces_of_markup_cut_anywhere_give_the_tokens_of_the_whole(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "<r", "<r>", "</r>", " a=\"1\"", " b='&lt;'", "/>", ">", "<!--", "-->", "-", "<![CDATA[", "]]>", "]",
                "&amp;", "&#x41;", "&", ";", "<?xml version=\"1.0\"?>", "<?pi x?>", "<!DOCTYPE r [<!ENTITY e 'v'>]>",
                "\r\n", "\r", " ", "text", "\u{e9}", "\u{1F600}", "\u{b}",
            ]), 0..40),
            step in 1_usize..9,
        ) {
            let xml = pieces.concat();
            for skip in [false, true] {
                proptest::prop_assert_eq!(
                    tokens_skipping(Trickle { bytes: xml.as_bytes(), step }, skip),
                    tokens_skipping(xml.as_bytes(), skip)
                );
            }
        }
    }
}

//! The lexer on a thread of its own, handing its tokens over in batches: on a large report,
//! checking the XML and making sense of it run side by side, on two processors where there are.
//!
//! Nothing flows back to the lexer, so it cannot drop the white space the parser would not gather
//! (see [`Lexer::skip_white_space`]): it hands all text on, which the parser's thread reads as it
//! reads white space anywhere.

use std::io::Read;
use std::sync::mpsc::{Receiver, SendError, Sender, SyncSender, channel, sync_channel};

use super::lexer::{LexError, Lexer, Span, Tag, Token, too_long};

/// About how many bytes of token text a batch holds before it is handed over.
#[cfg(not(test))]
const BATCH_BYTES: usize = 64 * 1024;
/// Small in tests, so that their reports cross many batches.
#[cfg(test)]
const BATCH_BYTES: usize = 64;
/// How many full batches may wait for the parser: with the one it reads and the one being filled,
/// at most four are held.
const WAITING: usize = 2;

/// Tokens in the order they came, their text copied out of the lexer's window one after another,
/// a tag's name followed by its attributes; their spans and resolved values, likewise.
#[derive(Debug, Default)]
pub(super) struct Batch {
    text: String,
    spans: Vec<Span>,
    resolved: String,
    entries: Vec<Entry>,
    /// How the tokens end, when no batch follows: at [`Token::End`], which is the last entry, or
    /// at an error after the last entry.
    last: Option<Result<(), LexError>>,
}

/// One token, told by the lengths of what it holds in the batch (32 bytes, as the parser's thread
/// reads every one of them from the lexer's).
#[derive(Debug)]
struct Entry {
    offset: u64,
    /// The token's text; a tag's name.
    text: u32,
    /// A tag's attributes, after its name.
    attributes: u32,
    spans: u32,
    resolved: u32,
    kind: EntryKind,
    empty: bool,
}

const _: () = assert!(size_of::<Entry>() == 32);

#[derive(Debug, Clone, Copy)]
enum EntryKind {
    Declaration,
    Instruction,
    DocType,
    Comment,
    CData,
    Open,
    Close,
    Text,
    End,
}

impl Batch {
    fn clear(&mut self) {
        self.text.clear();
        self.spans.clear();
        self.resolved.clear();
        self.entries.clear();
        self.last = None;
    }

    /// Appends a token; `false` when it is too big to be told in 32 bits (a tag over 4 GiB).
    fn push(&mut self, offset: u64, token: &Token<'_>) -> bool {
        let (kind, text) = match token {
            Token::Declaration(content) => (EntryKind::Declaration, *content),
            Token::Instruction => (EntryKind::Instruction, ""),
            Token::DocType => (EntryKind::DocType, ""),
            Token::Comment(content) => (EntryKind::Comment, *content),
            Token::CData(content) => (EntryKind::CData, *content),
            Token::Close(name) => (EntryKind::Close, *name),
            Token::Text(content) => (EntryKind::Text, *content),
            Token::End => (EntryKind::End, ""),
            Token::Open(tag) => (EntryKind::Open, tag.name),
        };
        let (attributes, spans, resolved, empty) = match token {
            Token::Open(tag) => (tag.attributes, tag.spans, tag.resolved, tag.empty),
            _ => ("", &[][..], "", false),
        };
        let length = |part: usize| u32::try_from(part).ok();
        let (Some(text_length), Some(attributes_length), Some(spans_length), Some(resolved_length)) =
            (length(text.len()), length(attributes.len()), length(spans.len()), length(resolved.len()))
        else {
            return false;
        };
        self.text.push_str(text);
        self.text.push_str(attributes);
        self.spans.extend_from_slice(spans);
        self.resolved.push_str(resolved);
        self.entries.push(Entry {
            offset,
            text: text_length,
            attributes: attributes_length,
            spans: spans_length,
            resolved: resolved_length,
            kind,
            empty,
        });
        true
    }

    /// Each token with the offset where it starts, in order.
    pub(super) fn tokens(&self) -> impl Iterator<Item = (u64, Token<'_>)> {
        let mut at = Cursor::default();
        self.entries.iter().map(move |entry| (entry.offset, self.token(entry, &mut at)))
    }

    /// Whether the tokens stop after this batch: `Some(Err)` when the lexer failed after them.
    pub(super) fn last(&mut self) -> Option<Result<(), LexError>> {
        self.last.take()
    }

    /// The token `entry` tells, whose parts start at `at`, which moves past them.
    #[inline(always)]
    fn token(&self, entry: &Entry, at: &mut Cursor) -> Token<'_> {
        let content = take(&self.text, &mut at.text, entry.text);
        match entry.kind {
            EntryKind::Declaration => Token::Declaration(content),
            EntryKind::Instruction => Token::Instruction,
            EntryKind::DocType => Token::DocType,
            EntryKind::Comment => Token::Comment(content),
            EntryKind::CData => Token::CData(content),
            EntryKind::Close => Token::Close(content),
            EntryKind::Text => Token::Text(content),
            EntryKind::End => Token::End,
            EntryKind::Open => {
                let spans = at.spans..at.spans + entry.spans as usize;
                at.spans = spans.end;
                Token::Open(Tag {
                    name: content,
                    attributes: take(&self.text, &mut at.text, entry.attributes),
                    spans: self.spans.get(spans).unwrap_or_default(),
                    resolved: take(&self.resolved, &mut at.resolved, entry.resolved),
                    empty: entry.empty,
                })
            }
        }
    }
}

/// Where the next token's parts start in a batch.
#[derive(Default)]
struct Cursor {
    text: usize,
    spans: usize,
    resolved: usize,
}

/// The `length` bytes of `text` from `at`, which moves past them.
fn take<'a>(text: &'a str, at: &mut usize, length: u32) -> &'a str {
    let start = *at;
    *at += length as usize;
    text.get(start..*at).unwrap_or_default()
}

/// The parser's end of a relay: full batches come in, read ones go back to be filled again.
pub(super) struct Relay {
    full: Receiver<Batch>,
    read: Sender<Batch>,
}

impl Relay {
    /// Starts `lexer` on a thread of `scope`; the lexer comes back when no thread could start.
    pub(super) fn start<'scope, R: Read + Send + 'scope>(
        scope: &'scope std::thread::Scope<'scope, '_>,
        mut lexer: Lexer<R>,
    ) -> Result<Self, Box<Lexer<R>>> {
        let (to_parser, full) = sync_channel(WAITING);
        let (read, to_lexer) = channel();
        let (give, take) = sync_channel::<Lexer<R>>(1);
        let started =
            std::thread::Builder::new().name("gates-xml-lexer".to_owned()).spawn_scoped(scope, move || {
                if let Ok(lexer) = take.recv() {
                    fill(lexer, &to_parser, &to_lexer);
                }
            });
        if started.is_err() {
            return Err(Box::new(lexer));
        }
        lexer.skip_white_space(false);
        match give.send(lexer) {
            Ok(()) => Ok(Self { full, read }),
            Err(SendError(lexer)) => Err(Box::new(lexer)),
        }
    }

    /// The next batch, `None` once the lexer stopped.
    pub(super) fn next(&self) -> Option<Batch> {
        self.full.recv().ok()
    }

    /// Hands a read batch back to be filled again.
    pub(super) fn recycle(&self, batch: Batch) {
        let _ = self.read.send(batch);
    }
}

/// Lexes into batches until the tokens end or the parser stops taking them.
fn fill<R: Read>(mut lexer: Lexer<R>, to_parser: &SyncSender<Batch>, to_lexer: &Receiver<Batch>) {
    loop {
        let mut batch = to_lexer.try_recv().unwrap_or_default();
        batch.clear();
        while batch.last.is_none() && batch.text.len() < BATCH_BYTES {
            match lexer.next_token() {
                Ok((offset, token)) => {
                    if !batch.push(offset, &token) {
                        batch.last = Some(Err(LexError { kind: too_long(), offset }));
                    } else if matches!(token, Token::End) {
                        batch.last = Some(Ok(()));
                    }
                }
                Err(error) => batch.last = Some(Err(error)),
            }
        }
        let done = batch.last.is_some();
        if to_parser.send(batch).is_err() || done {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::Format;
    use crate::parse::xml::TEST_RELAY_AFTER;

    /// What `format`'s parser makes of `input`, read on this thread alone and relayed from the
    /// first byte.
    fn both_ways(format: Format, input: &[u8]) -> (String, String) {
        let read = |relay_after| {
            TEST_RELAY_AFTER.set(relay_after);
            let read = format!("{:?}", crate::parse::parse(format, input));
            TEST_RELAY_AFTER.set(u64::MAX);
            read
        };
        (read(u64::MAX), read(0))
    }

    #[test]
    fn every_xml_fixture_reads_the_same_relayed() {
        let formats = [
            ("junit", Format::Junit),
            ("checkstyle", Format::Checkstyle),
            ("nunit", Format::Nunit),
            ("jacoco", Format::Jacoco),
            ("xunit", Format::Xunit),
            ("trx", Format::Trx),
            ("opencover", Format::Opencover),
        ];
        let testdata = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata");
        let mut read = 0;
        for (folder, format) in formats {
            for sub in ["", "invalid"] {
                let Ok(entries) = std::fs::read_dir(testdata.join(folder).join(sub)) else { continue };
                for entry in entries.flatten() {
                    let path = entry.path();
                    if path.extension().is_some_and(|extension| extension == "md") || path.is_dir() {
                        continue;
                    }
                    let bytes = std::fs::read(&path).unwrap();
                    let (alone, relayed) = both_ways(format, &bytes);
                    assert_eq!(alone, relayed, "{}", path.display());
                    read += 1;
                }
            }
        }
        assert!(read > 100, "only {read} fixtures read");
    }

    proptest::proptest! {
        #[test]
        fn any_junit_pieces_read_the_same_relayed(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "<testsuites>", "</testsuites>", "<testsuite name=\"s\" tests=\"2\">", "</testsuite>",
                "<testcase classname=\"c\" name=\"a\" time=\"0.5\"/>", "<testcase name=\"b&amp;\">",
                "<testcase name='a' time='1e400'>", "</testcase>", "<failure message=\"m&#10;\">", "</failure>",
                "<skipped/>", "<error>", "</error>", "<system-out>", "</system-out>", "<![CDATA[x]]>",
                "<!-- c -->", "text", "&lt;", "&bad;", "\n  ", "<", ">", "\"", "<?xml version=\"1.0\"?>",
                "\u{e9}", "\u{0}",
            ]), 0..60),
        ) {
            let (alone, relayed) = both_ways(Format::Junit, pieces.concat().as_bytes());
            proptest::prop_assert_eq!(alone, relayed);
        }
    }
}

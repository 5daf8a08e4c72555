//! The lexer on a thread of its own, handing its tokens over in batches: on a large report,
//! checking the XML and making sense of it run side by side, on two processors where there are.
//! A batch is a window of the input the lexer is done with and the places of the tokens in it,
//! so no token's text is copied; read windows come back for the lexer to read into again.
//!
//! Nothing flows back to the lexer, so it cannot drop the white space the parser would not gather
//! (see [`Lexer::skip_white_space`]): it hands all text on, which the parser's thread reads as it
//! reads white space anywhere.

use std::io::Read;
use std::sync::mpsc::{
    Receiver, SendError, Sender, SyncSender, TryRecvError, TrySendError, channel, sync_channel,
};

use super::lexer::{Kind, LexError, Lexer, Placed, Span, Token, token_in, too_long};

/// How many full batches may wait for the parser: with the one it reads and the one being filled,
/// at most four are held.
const WAITING: usize = 2;

/// The tokens the lexer placed in one window, handed over with the window itself, so their text
/// is not copied; their attributes' places and resolved values, one tag after another.
#[derive(Debug, Default)]
pub(super) struct Batch {
    window: String,
    spans: Vec<Span>,
    resolved: String,
    entries: Vec<Entry>,
    /// How the tokens end, when no batch follows: at [`Token::End`], which is the last entry, or
    /// at an error after the last entry.
    last: Option<Result<(), LexError>>,
}

/// One token, told by its places in the window and the lengths of its parts in the batch (32
/// bytes, as the parser's thread reads every one of them from the lexer's).
#[derive(Debug)]
struct Entry {
    offset: u64,
    start: u32,
    end: u32,
    kind: Kind,
    spans: u32,
    resolved: u32,
}

const _: () = assert!(size_of::<Entry>() == 32);

impl Batch {
    fn clear(&mut self) {
        self.spans.clear();
        self.resolved.clear();
        self.entries.clear();
        self.last = None;
    }

    /// Appends a token placed in the window the lexer reads now; `false` when its places do not
    /// fit in 32 bits (a tag over 4 GiB).
    fn push<R: Read>(&mut self, placed: &Placed, lexer: &Lexer<R>) -> bool {
        let (spans, resolved) = match placed.kind {
            Kind::Open { .. } => lexer.attributes(),
            _ => (&[][..], ""),
        };
        let place = |at: usize| u32::try_from(at).ok();
        let (Some(start), Some(end), Some(spans_length), Some(resolved_length)) =
            (place(placed.content.0), place(placed.content.1), place(spans.len()), place(resolved.len()))
        else {
            return false;
        };
        self.spans.extend_from_slice(spans);
        self.resolved.push_str(resolved);
        self.entries.push(Entry {
            offset: placed.offset,
            start,
            end,
            kind: placed.kind,
            spans: spans_length,
            resolved: resolved_length,
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

    /// The token `entry` tells, whose attributes start at `at` in the batch, which moves past them.
    #[inline(always)]
    fn token(&self, entry: &Entry, at: &mut Cursor) -> Token<'_> {
        let spans = at.spans..at.spans + entry.spans as usize;
        let resolved = at.resolved..at.resolved + entry.resolved as usize;
        (at.spans, at.resolved) = (spans.end, resolved.end);
        token_in(
            &self.window,
            entry.kind,
            (entry.start as usize, entry.end as usize),
            self.spans.get(spans).unwrap_or_default(),
            self.resolved.get(resolved).unwrap_or_default(),
        )
    }
}

/// Where the next token's attributes start in a batch.
#[derive(Default)]
struct Cursor {
    spans: usize,
    resolved: usize,
}

/// The parser's end of a relay: full batches come in, read ones go back to be filled again.
pub(super) struct Relay {
    full: Receiver<Batch>,
    read: Sender<Batch>,
    patience: Patience,
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
            Ok(()) => Ok(Self { full, read, patience: Patience::default() }),
            Err(SendError(lexer)) => Err(Box::new(lexer)),
        }
    }

    /// The next batch, `None` once the lexer stopped.
    pub(super) fn next(&mut self) -> Option<Batch> {
        let found = self.patience.spin(|| match self.full.try_recv() {
            Ok(batch) => Some(Some(batch)),
            Err(TryRecvError::Disconnected) => Some(None),
            Err(TryRecvError::Empty) => None,
        });
        found.unwrap_or_else(|| self.full.recv().ok())
    }

    /// Hands a read batch back to be filled again.
    pub(super) fn recycle(&self, batch: Batch) {
        let _ = self.read.send(batch);
    }
}

/// Sends `batch` to the parser, waiting for room; `false` once the parser stopped taking them.
fn send(to_parser: &SyncSender<Batch>, batch: Batch, patience: &mut Patience) -> bool {
    let mut unsent = Some(batch);
    let taken = patience.spin(|| match to_parser.try_send(unsent.take()?) {
        Ok(()) => Some(true),
        Err(TrySendError::Disconnected(_)) => Some(false),
        Err(TrySendError::Full(batch)) => {
            unsent = Some(batch);
            None
        }
    });
    match (taken, unsent) {
        (Some(taken), _) => taken,
        (None, Some(batch)) => to_parser.send(batch).is_ok(),
        (None, None) => false,
    }
}

/// How many times a thread looks again for a batch, or for room for one, before it sleeps: the
/// other thread is mostly less than a batch's work away, and waking one that slept costs more.
const SPINS: usize = 1 << 11;

/// How many waits may outlast [`SPINS`] before a thread stops spinning: where the two threads
/// share one processor, or the other is held up, the one spinning only delays it.
const VAIN_SPINS: u32 = 4;

/// Whether looking again is still worth it, told by how often it was in vain.
#[derive(Debug, Default)]
struct Patience {
    vain: u32,
}

impl Patience {
    /// What `attempt` gives, tried up to [`SPINS`] times; `None` when it gave nothing, to wait
    /// asleep.
    fn spin<T>(&mut self, mut attempt: impl FnMut() -> Option<T>) -> Option<T> {
        if self.vain < VAIN_SPINS {
            for _ in 0..SPINS {
                if let Some(done) = attempt() {
                    return Some(done);
                }
                std::hint::spin_loop();
            }
            self.vain += 1;
        }
        None
    }
}

/// Lexes into batches, one a window, until the tokens end or the parser stops taking them.
fn fill<R: Read>(mut lexer: Lexer<R>, to_parser: &SyncSender<Batch>, to_lexer: &Receiver<Batch>) {
    lexer.retire();
    let mut patience = Patience::default();
    let mut batch = Batch::default();
    loop {
        let next = lexer.next_placed();
        if let Some(window) = lexer.take_retired() {
            // The tokens so far were placed in the window the lexer just left.
            let full = std::mem::replace(&mut batch, to_lexer.try_recv().unwrap_or_default());
            lexer.reuse(std::mem::take(&mut batch.window));
            batch.clear();
            if !send(to_parser, Batch { window, ..full }, &mut patience) {
                return;
            }
        }
        batch.last = match next {
            Ok(placed) if !batch.push(&placed, &lexer) => {
                Some(Err(LexError { kind: too_long(), offset: placed.offset }))
            }
            Ok(Placed { kind: Kind::End, .. }) => Some(Ok(())),
            Ok(_) => continue,
            Err(error) => Some(Err(error)),
        };
        batch.window = lexer.into_window();
        let _ = to_parser.send(batch);
        return;
    }
}

#[cfg(test)]
mod tests {
    use super::{Patience, SPINS, VAIN_SPINS};
    use crate::model::Format;
    use crate::parse::xml::TEST_RELAY_AFTER;

    #[test]
    fn spinning_stops_once_it_was_in_vain_often_enough() {
        let mut patience = Patience::default();
        let mut tries = 0;
        assert_eq!(
            patience.spin(|| (tries == 99).then_some(7).or_else(|| {
                tries += 1;
                None
            })),
            Some(7)
        );
        for _ in 0..VAIN_SPINS {
            tries = 0;
            assert_eq!(
                patience.spin(|| {
                    tries += 1;
                    None::<()>
                }),
                None
            );
            assert_eq!(tries, SPINS);
        }
        assert_eq!(
            patience.spin(|| {
                tries += 1;
                Some(())
            }),
            None,
            "no more tries once given up"
        );
        assert_eq!(tries, SPINS);
    }

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

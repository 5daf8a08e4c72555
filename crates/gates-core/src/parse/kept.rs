//! The longest string a parser keeps of a report: no tool writes a name this long, and messages
//! are shown far shorter, so a longer one (a 64 MB file name or message) is cut at a character
//! boundary where it is read and costs no copies further on.

use crate::model::truncate_at_char;

/// The longest string a parser is handed, in bytes.
pub(crate) const KEPT_STRING_LIMIT: usize = 64 * 1024;

/// `text` cut to [`KEPT_STRING_LIMIT`] bytes at a character boundary.
#[inline]
pub(crate) fn kept(text: &str) -> &str {
    let mut end = text.len().min(KEPT_STRING_LIMIT);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.get(..end).unwrap_or_default()
}

/// `text` cut as [`kept`] does, its spare capacity freed when it is cut.
pub(crate) fn kept_owned(mut text: String) -> String {
    if text.len() > KEPT_STRING_LIMIT {
        truncate_at_char(&mut text, KEPT_STRING_LIMIT);
        text.shrink_to_fit();
    }
    text
}

//! URL path segments for the forges' APIs.

/// `text` as one URL path segment: every byte but RFC 3986's unreserved ones percent-encoded
/// (`size/XS` → `size%2FXS`, `group/project` → `group%2Fproject`).
pub(crate) fn segment(text: &str) -> String {
    text.bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                char::from(byte).to_string()
            }
            _ => format!("%{byte:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_unreserved_bytes_stay() {
        assert_eq!(segment("4711"), "4711");
        assert_eq!(segment("group/sub group/shop"), "group%2Fsub%20group%2Fshop");
        assert_eq!(segment("size/XS"), "size%2FXS");
    }
}

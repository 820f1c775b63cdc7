//! Generators for the opaque identifiers Meta hands out.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use rand::Rng;

const HEX_UPPER: &[u8] = b"0123456789ABCDEF";

/// A message id shaped like Meta's: `wamid.` + standard base64 of a small
/// binary record carrying the recipient digits and a random hex tag.
pub fn wamid(wa_id: &str) -> String {
    let mut rng = rand::rng();
    let digits: Vec<u8> = wa_id.bytes().filter(u8::is_ascii_digit).take(40).collect();
    let mut raw = Vec::with_capacity(64);
    raw.extend_from_slice(&[0x1C, 0x18]);
    raw.push(u8::try_from(digits.len()).unwrap_or(0));
    raw.extend_from_slice(&digits);
    raw.extend_from_slice(&[0x15, 0x02, 0x00, 0x11, 0x18, 0x12]);
    for _ in 0..18 {
        let i = rng.random_range(0..HEX_UPPER.len());
        raw.push(HEX_UPPER[i]);
    }
    raw.push(0x00);
    format!("wamid.{}", STANDARD.encode(raw))
}

/// A numeric id (media, template, conversation-free objects) of `len` digits,
/// never starting with zero.
pub fn numeric_id(len: usize) -> String {
    let mut rng = rand::rng();
    let mut out = String::with_capacity(len);
    out.push(char::from(b'1' + rng.random_range(0..9u8)));
    for _ in 1..len {
        out.push(char::from(b'0' + rng.random_range(0..10u8)));
    }
    out
}

/// A `fbtrace_id` (23 url-safe characters).
pub fn fbtrace_id() -> String {
    let bytes: [u8; 17] = rand::rng().random();
    let mut s = URL_SAFE_NO_PAD.encode(bytes);
    s.truncate(23);
    s
}

/// A business-scoped user id (`US.` + 19 digits).
pub fn bsuid() -> String {
    format!("US.{}", numeric_id(19))
}

/// A conversation id (32 lowercase hex characters).
pub fn conversation_id() -> String {
    let bytes: [u8; 16] = rand::rng().random();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Opaque paging cursor for a list offset.
pub fn encode_cursor(offset: usize) -> String {
    URL_SAFE_NO_PAD.encode(format!("offset:{offset}"))
}

/// Inverse of [`encode_cursor`]; `None` for anything it did not produce.
pub fn decode_cursor(cursor: &str) -> Option<usize> {
    let raw = URL_SAFE_NO_PAD.decode(cursor).ok()?;
    let text = String::from_utf8(raw).ok()?;
    text.strip_prefix("offset:")?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wamid_embeds_recipient() {
        let id = wamid("16505551234");
        let body = id.strip_prefix("wamid.").unwrap_or_default();
        let raw = STANDARD.decode(body).unwrap_or_default();
        let text = String::from_utf8_lossy(&raw);
        assert!(text.contains("16505551234"));
        assert_ne!(wamid("16505551234"), id);
    }

    #[test]
    fn cursor_round_trip() {
        assert_eq!(decode_cursor(&encode_cursor(25)), Some(25));
        assert_eq!(decode_cursor("garbage!"), None);
    }

    #[test]
    fn numeric_ids_have_requested_length() {
        let id = numeric_id(16);
        assert_eq!(id.len(), 16);
        assert!(id.bytes().all(|b| b.is_ascii_digit()));
        assert!(!id.starts_with('0'));
    }
}

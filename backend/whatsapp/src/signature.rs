//! `X-Hub-Signature-256` verification and the `hub.challenge` handshake.
//!
//! Meta signs every webhook POST with HMAC-SHA256 over the exact raw body,
//! keyed with the app secret, and sends `sha256=<64 lowercase hex>` in the
//! `X-Hub-Signature-256` header. Verification must run on the raw bytes,
//! before any JSON parsing, because re-serialising changes the bytes.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;

type HmacSha256 = Hmac<Sha256>;

/// Name of the HTTP header carrying the webhook signature.
pub const SIGNATURE_HEADER: &str = "X-Hub-Signature-256";

const PREFIX: &str = "sha256=";
/// Length of a hex-encoded SHA-256 digest.
const HEX_LEN: usize = 64;

/// Why a webhook signature was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    /// The `X-Hub-Signature-256` header was absent.
    #[error("missing X-Hub-Signature-256 header")]
    Missing,
    /// The header does not start with `sha256=`.
    #[error("signature header lacks the sha256= prefix")]
    MissingPrefix,
    /// The digest part is not 64 characters long.
    #[error("signature digest has length {0}, expected 64")]
    BadLength(usize),
    /// The digest part contains a non-hex character.
    #[error("signature digest is not hexadecimal")]
    NotHex,
    /// The digest is well formed but does not match the body.
    #[error("signature does not match the body")]
    Mismatch,
}

fn mac(app_secret: &[u8]) -> HmacSha256 {
    // HMAC accepts keys of any length, so this cannot fail; fall back to an
    // empty key rather than panicking to honour the no-panic rule.
    match HmacSha256::new_from_slice(app_secret) {
        Ok(m) => m,
        Err(_) => HmacSha256::new(&Default::default()),
    }
}

/// Computes the `X-Hub-Signature-256` header value (`sha256=<hex>`) for `body`.
pub fn sign(app_secret: &[u8], body: &[u8]) -> String {
    let mut m = mac(app_secret);
    m.update(body);
    let digest = m.finalize().into_bytes();
    format!("{PREFIX}{}", hex::encode(digest))
}

/// Verifies the `X-Hub-Signature-256` header against the raw request body.
///
/// The comparison of the digest is constant time. Hex is accepted in either
/// case; surrounding whitespace in the header is ignored.
pub fn verify(app_secret: &[u8], body: &[u8], header: Option<&str>) -> Result<(), SignatureError> {
    let header = header.ok_or(SignatureError::Missing)?.trim();
    let digest_hex = header
        .strip_prefix(PREFIX)
        .ok_or(SignatureError::MissingPrefix)?;
    if digest_hex.len() != HEX_LEN {
        return Err(SignatureError::BadLength(digest_hex.len()));
    }
    let expected = hex::decode(digest_hex).map_err(|_| SignatureError::NotHex)?;
    let mut m = mac(app_secret);
    m.update(body);
    m.verify_slice(&expected)
        .map_err(|_| SignatureError::Mismatch)
}

/// Checks the GET `hub.*` subscription handshake.
///
/// Returns the `hub.challenge` value to echo back when `mode` is
/// `subscribe` and `token` equals `expected_token` (compared in constant
/// time); otherwise `None`, and the endpoint should answer 403.
pub fn verify_challenge<'a>(
    mode: Option<&str>,
    token: Option<&str>,
    challenge: Option<&'a str>,
    expected_token: &str,
) -> Option<&'a str> {
    if mode? != "subscribe" {
        return None;
    }
    let token = token?;
    // ct_eq on slices of different length returns false without leaking
    // where they differ.
    let equal: bool = token.as_bytes().ct_eq(expected_token.as_bytes()).into();
    if !equal || expected_token.is_empty() {
        return None;
    }
    challenge
}

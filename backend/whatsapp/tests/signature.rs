//! `X-Hub-Signature-256` verification and the subscription handshake.
#![allow(clippy::unwrap_used)]

use whatsapp_cloud::signature::{SIGNATURE_HEADER, verify_challenge};
use whatsapp_cloud::{SignatureError, sign, verify};

const SECRET: &[u8] = b"key";
const BODY: &[u8] = b"The quick brown fox jumps over the lazy dog";
// HMAC-SHA256("key", BODY), a widely published test vector.
const KNOWN: &str = "sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8";

#[test]
fn sign_matches_known_vector_and_verifies() {
    assert_eq!(SIGNATURE_HEADER, "X-Hub-Signature-256");
    assert_eq!(sign(SECRET, BODY), KNOWN);
    assert_eq!(verify(SECRET, BODY, Some(KNOWN)), Ok(()));
}

#[test]
fn uppercase_hex_and_surrounding_whitespace_are_accepted() {
    let upper = format!("sha256={}", KNOWN["sha256=".len()..].to_uppercase());
    assert_eq!(verify(SECRET, BODY, Some(&upper)), Ok(()));
    assert_eq!(verify(SECRET, BODY, Some(&format!(" {KNOWN} "))), Ok(()));
}

#[test]
fn missing_header_is_rejected() {
    assert_eq!(verify(SECRET, BODY, None), Err(SignatureError::Missing));
}

#[test]
fn header_without_prefix_is_rejected() {
    let bare = &KNOWN["sha256=".len()..];
    assert_eq!(
        verify(SECRET, BODY, Some(bare)),
        Err(SignatureError::MissingPrefix)
    );
    let sha1 = format!("sha1={bare}");
    assert_eq!(
        verify(SECRET, BODY, Some(&sha1)),
        Err(SignatureError::MissingPrefix)
    );
    assert_eq!(
        verify(SECRET, BODY, Some("")),
        Err(SignatureError::MissingPrefix)
    );
}

#[test]
fn wrong_length_is_rejected() {
    assert_eq!(
        verify(SECRET, BODY, Some("sha256=")),
        Err(SignatureError::BadLength(0))
    );
    assert_eq!(
        verify(SECRET, BODY, Some(&KNOWN[..KNOWN.len() - 1])),
        Err(SignatureError::BadLength(63))
    );
    assert_eq!(
        verify(SECRET, BODY, Some(&format!("{KNOWN}00"))),
        Err(SignatureError::BadLength(66))
    );
}

#[test]
fn non_hex_is_rejected() {
    let mut bad = KNOWN.to_owned();
    bad.replace_range(bad.len() - 2.., "zz");
    assert_eq!(
        verify(SECRET, BODY, Some(&bad)),
        Err(SignatureError::NotHex)
    );
    // A multi-byte character of the right byte length is not hex either.
    let mut uni = KNOWN[..KNOWN.len() - 2].to_owned();
    uni.push('é');
    assert_eq!(
        verify(SECRET, BODY, Some(&uni)),
        Err(SignatureError::NotHex)
    );
}

#[test]
fn wrong_signature_is_rejected() {
    // Other secret.
    assert_eq!(
        verify(b"other", BODY, Some(KNOWN)),
        Err(SignatureError::Mismatch)
    );
    // Body changed by one byte (e.g. re-encoded JSON).
    assert_eq!(
        verify(
            SECRET,
            b"The quick brown fox jumps over the lazy dog.",
            Some(KNOWN)
        ),
        Err(SignatureError::Mismatch)
    );
    // Well-formed but all zeros.
    let zeros = format!("sha256={}", "0".repeat(64));
    assert_eq!(
        verify(SECRET, BODY, Some(&zeros)),
        Err(SignatureError::Mismatch)
    );
}

#[test]
fn errors_have_messages() {
    assert!(SignatureError::Missing.to_string().contains("missing"));
    assert!(SignatureError::BadLength(3).to_string().contains('3'));
}

#[test]
fn challenge_handshake() {
    let ok = verify_challenge(Some("subscribe"), Some("tok"), Some("1158201444"), "tok");
    assert_eq!(ok, Some("1158201444"));
    assert_eq!(
        verify_challenge(Some("subscribe"), Some("bad"), Some("1"), "tok"),
        None
    );
    assert_eq!(
        verify_challenge(Some("subscribe"), Some("to"), Some("1"), "tok"),
        None
    );
    assert_eq!(
        verify_challenge(Some("unsubscribe"), Some("tok"), Some("1"), "tok"),
        None
    );
    assert_eq!(verify_challenge(None, Some("tok"), Some("1"), "tok"), None);
    assert_eq!(
        verify_challenge(Some("subscribe"), None, Some("1"), "tok"),
        None
    );
    assert_eq!(
        verify_challenge(Some("subscribe"), Some("tok"), None, "tok"),
        None
    );
    // An unset token must never verify.
    assert_eq!(
        verify_challenge(Some("subscribe"), Some(""), Some("1"), ""),
        None
    );
}

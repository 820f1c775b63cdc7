//! Opaque secrets handed to clients (refresh tokens, API keys): random, shown once, stored
//! only as a SHA-256 hash. They carry 256 bits of entropy, so a fast hash is sufficient.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

pub const API_KEY_PREFIX: &str = "wm_";

/// 32 random bytes, base64url.
pub fn random_secret() -> String {
    URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>())
}

pub fn new_api_key() -> String {
    format!("{API_KEY_PREFIX}{}", random_secret())
}

/// The stored form of a token: hex SHA-256.
pub fn digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_random_prefixed_and_hashed() {
        let a = new_api_key();
        let b = new_api_key();
        assert!(a.starts_with("wm_") && a.len() > 40);
        assert_ne!(a, b);
        assert_eq!(digest(&a).len(), 64);
        assert_ne!(digest(&a), digest(&b));
    }
}

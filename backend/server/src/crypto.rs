//! Encryption of secrets at rest (tenants' Graph API access tokens): XChaCha20-Poly1305 with a
//! random 192-bit nonce per value. The key comes from `WINMESSAGES_ENCRYPTION_KEY` or is
//! generated into the data dir on first run.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use rand::RngCore;
use std::path::Path;

/// Version tag of the stored format: `v1.<base64url(nonce ‖ ciphertext)>`.
const FORMAT: &str = "v1.";
const NONCE_LEN: usize = 24;
const KEY_FILE: &str = "encryption.key";

/// A 32-byte key. `Debug` never prints it.
#[derive(Clone, PartialEq, Eq)]
pub struct EncryptionKey([u8; 32]);

impl EncryptionKey {
    /// Parses base64 (standard or URL-safe, padded or not) of exactly 32 bytes.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let raw = raw.trim();
        let decoded = [STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD]
            .iter()
            .find_map(|engine| engine.decode(raw).ok())
            .ok_or("must be base64 (e.g. the output of `openssl rand -base64 32`)")?;
        let bytes: [u8; 32] = decoded
            .try_into()
            .map_err(|v: Vec<u8>| format!("must decode to 32 bytes, got {}", v.len()))?;
        Ok(Self(bytes))
    }
}

impl std::fmt::Debug for EncryptionKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("EncryptionKey(***)")
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CryptoError {
    #[error("ciphertext is malformed")]
    Malformed,
    #[error("ciphertext does not decrypt with the configured key")]
    Decrypt,
    #[error("encryption failed")]
    Encrypt,
}

/// Seals and opens secrets; cheap to clone.
#[derive(Clone)]
pub struct SecretBox {
    cipher: XChaCha20Poly1305,
}

impl std::fmt::Debug for SecretBox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretBox")
    }
}

impl SecretBox {
    pub fn new(key: &EncryptionKey) -> Self {
        Self {
            cipher: XChaCha20Poly1305::new(&Key::from(key.0)),
        }
    }

    /// The configured key, or the one stored in (or generated into) the data dir.
    pub fn load(configured: Option<&EncryptionKey>, data_dir: &Path) -> Result<Self, String> {
        if let Some(key) = configured {
            return Ok(Self::new(key));
        }
        let stored = crate::secrets::load_or_generate(
            None,
            data_dir,
            KEY_FILE,
            "WINMESSAGES_ENCRYPTION_KEY",
        )?;
        let key = EncryptionKey::parse(stored.expose()).map_err(|e| {
            format!(
                "WINMESSAGES_ENCRYPTION_KEY: the key file {} {e}",
                data_dir.join(KEY_FILE).display()
            )
        })?;
        Ok(Self::new(&key))
    }

    /// Encrypts `plaintext`, bound to `context` (e.g. the phone number id it belongs to), so a
    /// ciphertext copied to another row does not open.
    pub fn seal(&self, plaintext: &str, context: &str) -> Result<String, CryptoError> {
        let mut nonce = [0u8; NONCE_LEN];
        rand::rng().fill_bytes(&mut nonce);
        let sealed = self
            .cipher
            .encrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: plaintext.as_bytes(),
                    aad: context.as_bytes(),
                },
            )
            .map_err(|_| CryptoError::Encrypt)?;
        let mut out = Vec::with_capacity(NONCE_LEN + sealed.len());
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        Ok(format!("{FORMAT}{}", URL_SAFE_NO_PAD.encode(out)))
    }

    pub fn open(&self, sealed: &str, context: &str) -> Result<String, CryptoError> {
        let body = sealed.strip_prefix(FORMAT).ok_or(CryptoError::Malformed)?;
        let bytes = URL_SAFE_NO_PAD
            .decode(body)
            .map_err(|_| CryptoError::Malformed)?;
        if bytes.len() <= NONCE_LEN {
            return Err(CryptoError::Malformed);
        }
        let (nonce, ciphertext) = bytes.split_at(NONCE_LEN);
        let nonce: [u8; NONCE_LEN] = nonce.try_into().map_err(|_| CryptoError::Malformed)?;
        let plain = self
            .cipher
            .decrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: ciphertext,
                    aad: context.as_bytes(),
                },
            )
            .map_err(|_| CryptoError::Decrypt)?;
        String::from_utf8(plain).map_err(|_| CryptoError::Malformed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seal_then_open_roundtrips_and_binds_context() {
        let key = EncryptionKey::parse(&STANDARD.encode([7u8; 32])).unwrap();
        let b = SecretBox::new(&key);
        let sealed = b.seal("EAAG-token", "1065").unwrap();
        assert!(!sealed.contains("EAAG"));
        assert_eq!(b.open(&sealed, "1065").unwrap(), "EAAG-token");
        assert!(b.open(&sealed, "9999").is_err());
        assert_ne!(sealed, b.seal("EAAG-token", "1065").unwrap(), "fresh nonce");
        let other =
            SecretBox::new(&EncryptionKey::parse(&URL_SAFE_NO_PAD.encode([8u8; 32])).unwrap());
        assert!(other.open(&sealed, "1065").is_err());
    }

    #[test]
    fn key_must_be_32_bytes_of_base64() {
        assert!(EncryptionKey::parse("nope!").is_err());
        assert!(EncryptionKey::parse(&STANDARD.encode([1u8; 16])).is_err());
        assert!(EncryptionKey::parse(&STANDARD.encode([1u8; 32])).is_ok());
    }

    #[test]
    fn generated_key_is_reused() {
        let dir = tempfile::tempdir().unwrap();
        let a = SecretBox::load(None, dir.path()).unwrap();
        let sealed = a.seal("t", "c").unwrap();
        let b = SecretBox::load(None, dir.path()).unwrap();
        assert_eq!(b.open(&sealed, "c").unwrap(), "t");
    }
}

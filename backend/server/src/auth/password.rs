//! Password hashing with argon2id, a policy for new passwords, and constant-work
//! verification for unknown accounts (login timing must not reveal whether an email exists).

use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};

pub const MIN_LENGTH: usize = 12;
pub const MAX_LENGTH: usize = 256;

/// argon2id with 19 MiB of memory (OWASP's recommended minimum) and 8 passes instead of 2,
/// so one hash costs about 50 ms on our 2-core machines (`make bench` reports the login
/// latency): slow for an attacker, quick enough for a person.
fn hasher() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 8, 1, None).unwrap_or(Params::DEFAULT);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

pub struct Passwords {
    /// A hash of a random password, verified against when the account does not exist.
    dummy_hash: String,
}

impl Passwords {
    pub fn new() -> Result<Self, String> {
        let random: [u8; 16] = rand::random();
        Ok(Self {
            dummy_hash: hash(&hex::encode(random))?,
        })
    }

    /// Verifies `password` against `stored`, or does the same work against a dummy hash when
    /// there is no stored hash; only `Some(matching)` returns true.
    pub fn verify(&self, password: &str, stored: Option<&str>) -> bool {
        match stored {
            Some(h) => verify(password, h),
            None => {
                let _ = verify(password, &self.dummy_hash);
                false
            }
        }
    }
}

pub fn hash(password: &str) -> Result<String, String> {
    hasher()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| format!("password hashing failed: {e}"))
}

pub fn verify(password: &str, stored: &str) -> bool {
    hasher()
        .verify_password(password.as_bytes(), stored)
        .is_ok()
}

/// Why a new password is refused, or `None` when it is acceptable.
pub fn weakness(password: &str, email: &str) -> Option<String> {
    let chars = password.chars().count();
    if chars < MIN_LENGTH {
        return Some(format!("must be at least {MIN_LENGTH} characters long"));
    }
    if chars > MAX_LENGTH {
        return Some(format!("must be at most {MAX_LENGTH} characters long"));
    }
    let mut distinct: Vec<char> = password.chars().collect();
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.len() < 4 {
        return Some("is too repetitive: use at least 4 different characters".into());
    }
    let lower = password.to_lowercase();
    let local = email.split('@').next().unwrap_or_default().to_lowercase();
    if lower == email.to_lowercase() || (local.len() >= 4 && lower.contains(&local)) {
        return Some("must not contain the email address".into());
    }
    if COMMON.iter().any(|c| lower.contains(c)) {
        return Some("is too common: choose a less predictable password".into());
    }
    None
}

const COMMON: &[&str] = &[
    "password",
    "123456789",
    "qwertyuiop",
    "letmein",
    "iloveyou",
    "winmessages",
    "whatsapp",
    "abcdefgh",
    "11111111",
    "welcome1",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_and_verify() {
        let h = hash("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("correct horse battery", &h));
        assert!(!verify("wrong horse battery", &h));
        assert!(!verify("x", "not a hash"));
    }

    #[test]
    fn policy() {
        let email = "maria@example.com";
        assert!(weakness("short", email).is_some());
        assert!(weakness("aaaaaaaaaaaaaaaa", email).is_some());
        assert!(weakness("mypassword2026!", email).is_some());
        assert!(weakness("maria-is-great-2026", email).is_some());
        assert!(weakness("tangerine-bicycle-42", email).is_none());
    }

    #[test]
    fn unknown_account_never_verifies() {
        let p = Passwords::new().unwrap();
        assert!(!p.verify("anything at all", None));
    }
}

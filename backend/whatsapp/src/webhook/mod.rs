//! Typed webhook model (CLOUD_API.md §2–§5).
//!
//! Parsing is lenient where Meta evolves the protocol — unknown message
//! types, unknown `field`s and unknown keys are kept as raw JSON — and
//! strict where a value has the wrong JSON type, which yields
//! [`crate::Error::Parse`]. Serialising a parsed envelope reproduces the
//! received JSON (modulo key order, `null`s and empty arrays).

pub mod content;
pub mod envelope;
pub mod fields;
pub mod message;
pub mod status;

pub use content::*;
pub use envelope::*;
pub use fields::*;
pub use message::*;
pub use status::*;

use crate::Error;

/// Parses a webhook body without checking its signature.
pub fn parse(body: &[u8]) -> Result<WebhookEnvelope, Error> {
    WebhookEnvelope::from_slice(body)
}

/// Verifies `X-Hub-Signature-256` over the raw body, then parses it.
pub fn parse_verified(
    app_secret: &[u8],
    body: &[u8],
    signature_header: Option<&str>,
) -> Result<WebhookEnvelope, Error> {
    crate::signature::verify(app_secret, body, signature_header)?;
    parse(body)
}

//! Storing media bytes and issuing download URLs.

use actix_web::web::Bytes;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sha2::{Digest, Sha256};

use crate::ids;
use crate::state::{SimState, StoredMedia};

/// Stores bytes for a phone number; returns the stored record.
pub(crate) fn store(
    state: &SimState,
    phone_number_id: &str,
    waba_id: &str,
    mime_type: &str,
    data: Bytes,
    filename: Option<String>,
) -> StoredMedia {
    let digest = Sha256::digest(&data);
    let media = StoredMedia {
        id: ids::numeric_id(16),
        phone_number_id: phone_number_id.to_string(),
        waba_id: waba_id.to_string(),
        mime_type: mime_type.to_string(),
        sha256_hex: digest.iter().map(|b| format!("{b:02x}")).collect(),
        sha256_b64: STANDARD.encode(digest),
        data,
        filename,
        created_at: state.now_ts(),
    };
    state.with(|i| i.media.insert(media.id.clone(), media.clone()));
    media
}

/// Tamper check for download URLs.
fn url_hash(state: &SimState, media_id: &str, expires: i64) -> String {
    let digest = Sha256::digest(format!("{}:{media_id}:{expires}", state.url_key));
    digest.iter().take(12).map(|b| format!("{b:02x}")).collect()
}

/// Download URL for a media id, valid for the configured TTL.
pub(crate) fn download_url(state: &SimState, media_id: &str) -> String {
    let expires = state.now_ts() + state.settings().policy.media_url_ttl_secs;
    format!(
        "{}/whatsapp_business/attachments/?mid={media_id}&ext={expires}&hash={}",
        state.public_url,
        url_hash(state, media_id, expires)
    )
}

/// Whether `hash` matches and the URL has not expired.
pub(crate) fn url_valid(state: &SimState, media_id: &str, expires: i64, hash: &str) -> bool {
    url_hash(state, media_id, expires) == hash && state.now_ts() <= expires
}

//! Downloads inbound media right away: looks up the URL with the account's token, downloads,
//! checks size and sha256, stores the blob; retries with exponential backoff; a final failure
//! is recorded on the media row with its reason.

use super::store::{self, MediaRow};
use crate::accounts::{self, AccountId};
use crate::app::AppState;
use crate::workers::SWEEP_INTERVAL;
use base64::Engine;
use chrono::{Duration, NaiveDateTime};
use sha2::{Digest, Sha256};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use whatsapp_cloud::ErrorClass;

/// Downloads in flight at once.
const CONCURRENCY: usize = 4;
/// Attempts before a download is failed for good.
pub const MAX_ATTEMPTS: i32 = 6;
/// How long a claimed download is reserved for the worker that took it.
const LEASE: Duration = Duration::minutes(5);

pub async fn run(state: AppState, stop: Arc<AtomicBool>) {
    while !stop.load(Ordering::SeqCst) {
        let done = run_due(&state).await;
        if done == 0 && !stop.load(Ordering::SeqCst) {
            tokio::select! {
                () = state.pipeline.media_wake.notified() => {}
                () = tokio::time::sleep(SWEEP_INTERVAL) => {}
            }
        }
    }
}

/// Downloads every due file (a few at a time); returns how many were attempted.
pub async fn run_due(state: &AppState) -> usize {
    let now = state.clock.now_naive();
    let st = state.clone();
    let claimed = tokio::task::spawn_blocking(move || -> Result<Vec<MediaRow>, String> {
        let mut conn = st.pool.get().map_err(|e| e.to_string())?;
        let due = store::due(&mut conn, now, 32).map_err(|e| e.to_string())?;
        let mut claimed = Vec::new();
        for row in due {
            if store::claim(&mut conn, &row, now + LEASE).map_err(|e| e.to_string())? {
                claimed.push(MediaRow {
                    attempts: row.attempts + 1,
                    ..row
                });
            }
        }
        Ok(claimed)
    })
    .await;
    let claimed = match claimed {
        Ok(Ok(rows)) => rows,
        Ok(Err(e)) => {
            tracing::error!(error = %e, "media queue unavailable");
            return 0;
        }
        Err(e) => {
            tracing::error!(error = %e, "media queue task failed");
            return 0;
        }
    };
    let n = claimed.len();
    let mut rows = claimed.into_iter();
    loop {
        let chunk: Vec<MediaRow> = rows.by_ref().take(CONCURRENCY).collect();
        if chunk.is_empty() {
            break;
        }
        futures_util::future::join_all(chunk.into_iter().map(|row| download_one(state, row))).await;
    }
    n
}

/// Why an attempt failed, and whether trying again can help.
struct Failure {
    reason: String,
    retryable: bool,
}

impl Failure {
    fn retry(reason: impl Into<String>) -> Self {
        Self {
            reason: reason.into(),
            retryable: true,
        }
    }

    fn fatal(reason: impl Into<String>) -> Self {
        Self {
            reason: reason.into(),
            retryable: false,
        }
    }

    fn graph(step: &str, e: &whatsapp_cloud::Error) -> Self {
        let reason = match e.graph_error() {
            Some(g) => format!("{step}: Meta error {} ({})", g.code, g.message),
            None => format!("{step}: {e}"),
        };
        Self {
            reason,
            retryable: e.class() != ErrorClass::Permanent,
        }
    }
}

async fn download_one(state: &AppState, row: MediaRow) {
    let now = state.clock.now_naive();
    let outcome = crate::api_calls::scope(
        row.organization_id,
        row.account_id,
        fetch_and_store(state, &row),
    )
    .await;
    let st = state.clone();
    let (label, result) = match outcome {
        Ok(stored) => (
            "stored",
            tokio::task::spawn_blocking(move || -> Result<(), String> {
                let mut conn = st.pool.get().map_err(|e| e.to_string())?;
                store::mark_stored(
                    &mut conn,
                    row.id,
                    &stored.key,
                    stored.mime_type.as_deref(),
                    &stored.sha256_hex,
                    stored.size,
                    now,
                )
                .map_err(|e| e.to_string())
            })
            .await,
        ),
        Err(failure) => {
            let retry_at = failure
                .retryable
                .then(|| retry_time(row.attempts, now))
                .flatten();
            tracing::warn!(media = row.id, attempts = row.attempts, reason = %failure.reason, ?retry_at, "media download failed");
            let label = if retry_at.is_some() {
                "retry"
            } else {
                "failed"
            };
            (
                label,
                tokio::task::spawn_blocking(move || -> Result<(), String> {
                    let mut conn = st.pool.get().map_err(|e| e.to_string())?;
                    store::mark_attempt_failed(&mut conn, row.id, &failure.reason, retry_at, now)
                        .map_err(|e| e.to_string())
                })
                .await,
            )
        }
    };
    state
        .inbound_metrics
        .media_downloads
        .with_label_values(&[label])
        .inc();
    match result {
        Ok(Ok(())) => state.events.wake(),
        Ok(Err(e)) => {
            tracing::error!(media = row.id, error = %e, "could not record the media outcome")
        }
        Err(e) => tracing::error!(media = row.id, error = %e, "media bookkeeping task failed"),
    }
}

/// Exponential backoff after `attempts` attempts: 2 s, 4 s, 8 s, …; `None` once exhausted.
pub fn retry_time(attempts: i32, now: NaiveDateTime) -> Option<NaiveDateTime> {
    (attempts < MAX_ATTEMPTS).then(|| now + Duration::seconds(1i64 << attempts.clamp(1, 10)))
}

struct StoredBlob {
    key: String,
    mime_type: Option<String>,
    sha256_hex: String,
    size: i64,
}

/// Meta gives sha256 in hex (media lookup) or base64 (webhooks); accept either.
fn sha_matches(expected: &str, digest: &[u8]) -> bool {
    let expected = expected.trim();
    expected.eq_ignore_ascii_case(&hex::encode(digest))
        || expected == base64::engine::general_purpose::STANDARD.encode(digest)
        || expected == base64::engine::general_purpose::STANDARD_NO_PAD.encode(digest)
}

/// Only values that look like digests are checked (fixtures carry placeholders like `a1b2…`).
fn looks_like_digest(s: &str) -> bool {
    let s = s.trim();
    (s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit()))
        || base64::engine::general_purpose::STANDARD
            .decode(s)
            .is_ok_and(|d| d.len() == 32)
}

async fn fetch_and_store(state: &AppState, row: &MediaRow) -> Result<StoredBlob, Failure> {
    let Some(meta_id) = row.meta_media_id.clone() else {
        return Err(Failure::fatal("the webhook carried no media id"));
    };
    let Some(account_id) = row.account_id else {
        return Err(Failure::fatal("the account was disconnected"));
    };
    let st = state.clone();
    let account = tokio::task::spawn_blocking(move || {
        let mut conn = st.pool.get().map_err(|e| e.to_string())?;
        accounts::store::find(&mut conn, AccountId(account_id)).map_err(|e| e.to_string())
    })
    .await
    .map_err(|e| Failure::retry(e.to_string()))?
    .map_err(Failure::retry)?
    .ok_or_else(|| Failure::fatal("the account was disconnected"))?;
    let token = accounts::access_token(state, &account).map_err(Failure::fatal)?;
    let info = state
        .graph
        .media_info(&token, &meta_id, Some(&account.phone_number_id))
        .await
        .map_err(|e| Failure::graph("media lookup", &e))?;
    let downloaded = state
        .graph
        .download_media(&token, &info.url)
        .await
        .map_err(|e| Failure::graph("download", &e))?;
    let size = downloaded.bytes.len();
    if let Some(expected) = info.file_size.map(|s| s.get())
        && i64::try_from(size).ok() != Some(expected)
    {
        return Err(Failure::retry(format!(
            "size mismatch: expected {expected} bytes, got {size}"
        )));
    }
    let digest = Sha256::digest(&downloaded.bytes);
    for expected in [info.sha256.as_deref(), row.sha256.as_deref()]
        .into_iter()
        .flatten()
    {
        if looks_like_digest(expected) && !sha_matches(expected, &digest) {
            return Err(Failure::retry("sha256 mismatch: the download is corrupt"));
        }
    }
    let key = format!("org/{}/media/{}", row.organization_id, row.id);
    state
        .media_storage
        .put(&key, downloaded.bytes)
        .await
        .map_err(|e| Failure::retry(e.to_string()))?;
    Ok(StoredBlob {
        key,
        mime_type: info
            .mime_type
            .or(downloaded.mime_type)
            .or_else(|| row.mime_type.clone()),
        sha256_hex: hex::encode(digest),
        size: i64::try_from(size).unwrap_or(i64::MAX),
    })
}

//! The outbox worker: claims due jobs, makes their Graph API call (at most the configured rate
//! per WhatsApp number, a bounded number at once) and records the outcome.
//!
//! Outcomes: success stores the wamid and moves the message to `sent`; a retryable failure
//! (5xx, connection refused, throughput limits 130429/80007/131056, …) is retried with
//! exponential backoff and jitter up to [`MAX_ATTEMPTS`]; a permanent failure marks the
//! message `failed` with Meta's code, title and details. A timeout or broken connection after
//! the request was written is an *unknown outcome*: WhatsApp may have accepted the message, and
//! the Cloud API has no idempotency key, so re-sending could deliver it twice. Such a message
//! becomes `unknown` and is not re-sent automatically: each send carries
//! `biz_opaque_callback_data` naming our message, so a status webhook for it settles the
//! outcome (the message gets its wamid and status); otherwise an agent decides with
//! `POST /messages/{id}/retry`. A job whose worker died mid-call (process killed) is treated
//! the same way once its lease runs out.

use super::store::{self, Claimed};
use crate::app::AppState;
use crate::db::schema::media;
use crate::workers::SWEEP_INTERVAL;
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use rand::Rng;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use tokio::sync::Semaphore;
use whatsapp_cloud::send::{OutgoingContent, OutgoingMessage};
use whatsapp_cloud::{AccessToken, ErrorClass};

/// Graph API calls in flight at once per process.
pub const CONCURRENCY: usize = 64;
/// Attempts before a retryable failure becomes final.
pub const MAX_ATTEMPTS: i32 = 8;
/// How long a claimed job that uploads a file first is reserved for its worker: longer than
/// the upload (120 s at most) and the send together. Other jobs are reserved for twice the
/// Graph API timeout plus a margin.
pub const UPLOAD_LEASE: Duration = Duration::minutes(5);

fn leases(state: &AppState, now: NaiveDateTime) -> store::Leases {
    let call = Duration::from_std(state.config.graph_timeout * 2).unwrap_or(UPLOAD_LEASE)
        + Duration::seconds(10);
    store::Leases {
        call: now + call,
        with_upload: now + UPLOAD_LEASE,
    }
}
/// Longest delay between two attempts.
const MAX_BACKOFF: std::time::Duration = std::time::Duration::from_secs(300);

type Limiter = Arc<DefaultKeyedRateLimiter<i64>>;

/// The per-number send rate, with bursts of at most a tenth of a second's worth: sends are
/// spread out (as WhatsApp's throughput limit expects) and few calls are in flight at once.
fn limiter(state: &AppState) -> Limiter {
    let rate = NonZeroU32::new(state.config.send_rate_per_number).unwrap_or(NonZeroU32::MIN);
    let burst = NonZeroU32::new(rate.get() / 10).unwrap_or(NonZeroU32::MIN);
    Arc::new(RateLimiter::keyed(
        Quota::per_second(rate).allow_burst(burst),
    ))
}

pub async fn run(state: AppState, stop: Arc<AtomicBool>) {
    let limiter = limiter(&state);
    let slots = Arc::new(Semaphore::new(CONCURRENCY));
    while !stop.load(Ordering::SeqCst) {
        let free = slots.available_permits();
        if free == 0 {
            // Wait for a call to finish before claiming more.
            if let Ok(p) = slots.clone().acquire_owned().await {
                drop(p);
            }
            continue;
        }
        let claim = claim(&state, &limiter, free).await;
        if claim.jobs.is_empty() {
            if claim.throttled {
                // Due jobs wait for their number's rate: look again shortly.
                tokio::time::sleep(std::time::Duration::from_millis(5)).await;
                continue;
            }
            tokio::select! {
                () = state.pipeline.outbox_wake.notified() => {}
                () = tokio::time::sleep(SWEEP_INTERVAL) => {}
            }
            continue;
        }
        for job in claim.jobs {
            let Ok(permit) = slots.clone().acquire_owned().await else {
                break;
            };
            let st = state.clone();
            tokio::spawn(async move {
                process(&st, job).await;
                drop(permit);
            });
        }
    }
    // Let the calls in flight finish and record their outcome.
    let all = u32::try_from(CONCURRENCY).unwrap_or(u32::MAX);
    let _ = tokio::time::timeout(std::time::Duration::from_secs(35), slots.acquire_many(all)).await;
}

/// Sends every due job now, one at a time (tests, and tools); returns how many were handled.
pub async fn drain(state: &AppState) -> usize {
    let limiter = limiter(state);
    let mut total = 0;
    loop {
        let claim = claim(state, &limiter, CONCURRENCY).await;
        if claim.jobs.is_empty() {
            if claim.throttled {
                tokio::time::sleep(std::time::Duration::from_millis(5)).await;
                continue;
            }
            return total;
        }
        total += claim.jobs.len();
        for job in claim.jobs {
            process(state, job).await;
        }
    }
}

/// Claims up to `limit` due jobs whose number may send now (after settling jobs abandoned by
/// a dead worker).
async fn claim(state: &AppState, limiter: &Limiter, limit: usize) -> store::Claim {
    let st = state.clone();
    let limiter = limiter.clone();
    let result = tokio::task::spawn_blocking(move || -> Result<store::Claim, String> {
        let now = st.clock.now_naive();
        let mut conn = st.pool.get().map_err(|e| e.to_string())?;
        crate::db::transaction(&mut conn, |c| {
            for (job, message, kind) in store::expired_leases(c, now)? {
                tracing::warn!(
                    job,
                    message,
                    "outbox job abandoned mid-call: outcome unknown"
                );
                store::finish(
                    c,
                    job,
                    store::UNKNOWN,
                    Some("the server stopped during the call"),
                    now,
                )?;
                if kind == store::KIND_SEND {
                    super::messages::mark_unknown(c, message, now)?;
                }
            }
            let leases = leases(&st, now);
            store::claim_due(c, now, leases, limit, &mut |account| {
                limiter.check_key(&account).is_ok()
            })
        })
        .map_err(|e: diesel::result::Error| e.to_string())
    })
    .await;
    match result {
        Ok(Ok(claim)) => claim,
        Ok(Err(e)) => {
            tracing::error!(error = %e, "outbox unavailable");
            store::Claim::default()
        }
        Err(e) => {
            tracing::error!(error = %e, "outbox task failed");
            store::Claim::default()
        }
    }
}

/// What one call came to.
pub enum Outcome {
    Sent { wamid: Option<String> },
    Retry { error: String },
    Failed { error: String, meta: Option<String> },
    Unknown { error: String },
}

fn outcome_of_error(e: &whatsapp_cloud::Error) -> Outcome {
    let error = e.to_string();
    match e.class() {
        ErrorClass::Retryable => Outcome::Retry { error },
        ErrorClass::UnknownOutcome => Outcome::Unknown { error },
        ErrorClass::Permanent => Outcome::Failed {
            meta: Some(super::messages::error_json(e)),
            error,
        },
    }
}

async fn process(state: &AppState, job: Claimed) {
    let outcome = if job.account_disabled {
        Outcome::Failed {
            error: "the WhatsApp account is disconnected".into(),
            meta: Some(
                serde_json::json!({
                    "code": null,
                    "title": "Account disconnected",
                    "message": "The WhatsApp number was disconnected before the message could be sent.",
                    "details": null,
                })
                .to_string(),
            ),
        }
    } else {
        crate::api_calls::scope(job.organization_id, Some(job.account_id), call(state, &job)).await
    };
    let label = match &outcome {
        Outcome::Sent { .. } => "sent",
        Outcome::Retry { .. } if job.attempts >= MAX_ATTEMPTS => "failed",
        Outcome::Retry { .. } => "retry",
        Outcome::Failed { .. } => "failed",
        Outcome::Unknown { .. } => "unknown",
    };
    state
        .metrics
        .outbox_calls
        .with_label_values(&[job.kind.as_str(), label])
        .inc();
    let retry_base = state.config.outbox_retry_base;
    let st = state.clone();
    let recorded = tokio::task::spawn_blocking(move || -> Result<(), String> {
        let now = st.clock.now_naive();
        let mut conn = st.pool.get().map_err(|e| e.to_string())?;
        crate::db::transaction(&mut conn, |c| record(c, &job, outcome, retry_base, now))
            .map_err(|e: diesel::result::Error| e.to_string())
    })
    .await;
    match recorded {
        Ok(Ok(())) => state.events.wake(),
        Ok(Err(e)) => tracing::error!(error = %e, "could not record an outbox outcome"),
        Err(e) => tracing::error!(error = %e, "outbox bookkeeping task failed"),
    }
}

fn record(
    conn: &mut crate::db::Conn,
    job: &Claimed,
    outcome: Outcome,
    retry_base: std::time::Duration,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let send = job.kind == store::KIND_SEND;
    match outcome {
        Outcome::Sent { wamid } => {
            if store::finish(conn, job.id, store::DONE, None, now)? && send {
                super::messages::mark_sent(
                    conn,
                    job.account_id,
                    job.message_id,
                    wamid.as_deref(),
                    now,
                )?;
            }
        }
        Outcome::Retry { error } if job.attempts < MAX_ATTEMPTS => {
            let at = now + backoff(retry_base, job.attempts);
            tracing::info!(job = job.id, attempts = job.attempts, %error, %at, "outbox call will be retried");
            store::requeue(conn, job.id, at, &error, now)?;
        }
        Outcome::Retry { error } => {
            tracing::warn!(job = job.id, %error, "outbox call failed too often");
            if store::finish(conn, job.id, store::FAILED, Some(&error), now)? && send {
                let meta = serde_json::json!({
                    "code": null,
                    "title": "Not sent",
                    "message": format!("WhatsApp could not be reached after {} attempts: {error}", job.attempts),
                    "details": null,
                });
                super::messages::mark_failed(conn, job.message_id, &meta.to_string(), now)?;
            }
        }
        Outcome::Failed { error, meta } => {
            tracing::warn!(job = job.id, %error, "outbox call refused");
            if store::finish(conn, job.id, store::FAILED, Some(&error), now)? && send {
                let meta =
                    meta.unwrap_or_else(|| serde_json::json!({"message": error}).to_string());
                super::messages::mark_failed(conn, job.message_id, &meta, now)?;
            }
        }
        Outcome::Unknown { error } => {
            tracing::warn!(job = job.id, %error, "outbox call outcome unknown");
            if store::finish(conn, job.id, store::UNKNOWN, Some(&error), now)? && send {
                super::messages::mark_unknown(conn, job.message_id, now)?;
            }
        }
    }
    Ok(())
}

/// `base × 2^(attempts-1)`, capped, with ±25 % jitter so that retries of many jobs spread out.
pub fn backoff(base: std::time::Duration, attempts: i32) -> Duration {
    let exp = u32::try_from(attempts.clamp(1, 16) - 1).unwrap_or(0);
    let raw = base.saturating_mul(1 << exp).min(MAX_BACKOFF);
    let jitter = rand::rng().random_range(0.75..1.25);
    let ms = (raw.as_secs_f64() * 1000.0 * jitter).round();
    // Bounded by MAX_BACKOFF × 1.25, far inside i64.
    #[allow(clippy::cast_possible_truncation)]
    Duration::milliseconds(ms as i64)
}

async fn call(state: &AppState, job: &Claimed) -> Outcome {
    let token = match state
        .secrets
        .open(&job.access_token_ciphertext, &job.phone_number_id)
    {
        Ok(t) => AccessToken::new(t),
        Err(e) => {
            return Outcome::Failed {
                error: format!("the account's access token cannot be decrypted: {e}"),
                meta: None,
            };
        }
    };
    if job.kind == store::KIND_MARK_READ {
        let wamid = serde_json::from_str::<serde_json::Value>(&job.request)
            .ok()
            .and_then(|v| v.get("message_id")?.as_str().map(str::to_owned))
            .unwrap_or_default();
        return match state
            .graph
            .mark_read(&token, &job.phone_number_id, &wamid, false)
            .await
        {
            Ok(_) => Outcome::Sent { wamid: None },
            Err(e) => outcome_of_error(&e),
        };
    }
    let mut message: OutgoingMessage = match serde_json::from_str(&job.request) {
        Ok(m) => m,
        Err(e) => {
            return Outcome::Failed {
                error: format!("stored request is unreadable: {e}"),
                meta: None,
            };
        }
    };
    if let Some(media_id) = job.media_id {
        match uploaded_media_id(state, job, &token, media_id).await {
            Ok(id) => set_media_id(&mut message.content, id),
            Err(outcome) => return outcome,
        }
    }
    match state
        .graph
        .send_message(&token, &job.phone_number_id, &message)
        .await
    {
        Ok(resp) => Outcome::Sent {
            wamid: resp.message_id().map(str::to_owned),
        },
        Err(e) => outcome_of_error(&e),
    }
}

fn set_media_id(content: &mut OutgoingContent, id: String) {
    match content {
        OutgoingContent::Image { image: m }
        | OutgoingContent::Audio { audio: m }
        | OutgoingContent::Video { video: m }
        | OutgoingContent::Document { document: m }
        | OutgoingContent::Sticker { sticker: m } => {
            m.id = Some(id);
            m.link = None;
        }
        _ => {}
    }
}

/// The WhatsApp media id of an uploaded file for this job's number: uploaded once per number
/// (WhatsApp keeps uploads 30 days), then reused.
async fn uploaded_media_id(
    state: &AppState,
    job: &Claimed,
    token: &AccessToken,
    media_id: i64,
) -> Result<String, Outcome> {
    let st = state.clone();
    let org = job.organization_id;
    type Row = (
        Option<String>,
        Option<i64>,
        Option<String>,
        Option<String>,
        Option<String>,
    );
    let row: Option<Row> = tokio::task::spawn_blocking(move || -> Result<Option<Row>, String> {
        let mut conn = st.pool.get().map_err(|e| e.to_string())?;
        media::table
            .filter(media::id.eq(media_id))
            .filter(media::organization_id.eq(org))
            .select((
                media::meta_media_id,
                media::account_id,
                media::storage_key,
                media::mime_type,
                media::filename,
            ))
            .first(&mut conn)
            .optional()
            .map_err(|e| e.to_string())
    })
    .await
    .map_err(|e| Outcome::Retry {
        error: e.to_string(),
    })?
    .map_err(|error| Outcome::Retry { error })?;
    let Some((meta_id, account, key, mime, filename)) = row else {
        return Err(Outcome::Failed {
            error: "the attached file was deleted".into(),
            meta: None,
        });
    };
    if let (Some(id), Some(account)) = (meta_id, account)
        && account == job.account_id
    {
        return Ok(id);
    }
    let (Some(key), Some(mime)) = (key, mime) else {
        return Err(Outcome::Failed {
            error: "the attached file has no stored content".into(),
            meta: None,
        });
    };
    let bytes = state
        .media_storage
        .get(&key)
        .await
        .map_err(|e| Outcome::Retry {
            error: format!("reading the attached file: {e}"),
        })?;
    let name = filename.unwrap_or_else(|| "file".into());
    let uploaded = state
        .graph
        .upload_media(token, &job.phone_number_id, bytes, &mime, &name)
        .await
        .map_err(|e| outcome_of_error(&e))?;
    let st = state.clone();
    let id = uploaded.id.clone();
    let account = job.account_id;
    let _ = tokio::task::spawn_blocking(move || {
        let now = st.clock.now_naive();
        let mut conn = st.pool.get().map_err(|e| e.to_string())?;
        diesel::update(media::table.find(media_id))
            .set((
                media::meta_media_id.eq(&id),
                media::account_id.eq(account),
                media::updated_at.eq(now),
            ))
            .execute(&mut conn)
            .map_err(|e| e.to_string())
    })
    .await;
    Ok(uploaded.id)
}

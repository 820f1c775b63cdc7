//! Processes stored webhook events: many per transaction (fast path); when a batch fails, one
//! per transaction so a bad event is isolated, its error recorded and retried with backoff.
//! An event is marked processed in the same transaction as the rows it produced, so a crash
//! at any point leaves it pending and it is processed again (idempotently) on the next run.

use super::store::{self, EventRow};
use crate::app::AppState;
use crate::ingest::{self, Batch, Effects, Routing};
use crate::workers::SWEEP_INTERVAL;
use chrono::{Duration, NaiveDateTime};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};

/// Events per transaction.
pub const BATCH: i64 = 128;
/// Attempts before an event is left failed (reprocess it by hand).
pub const MAX_ATTEMPTS: i32 = 12;

/// The processor thread's loop.
pub fn run(state: &AppState, stop: &AtomicBool) {
    while !stop.load(Ordering::SeqCst) {
        match process_batch(state) {
            Ok(n) if n > 0 => {}
            Ok(_) => state.pipeline.wait_for_work(SWEEP_INTERVAL),
            Err(e) => {
                tracing::error!(error = %e, "webhook processing failed");
                state.pipeline.wait_for_work(SWEEP_INTERVAL);
            }
        }
    }
}

/// Processes every due event now (tests, and the processor's catch-up).
pub fn drain(state: &AppState) -> Result<usize, String> {
    let mut total = 0;
    loop {
        let n = process_batch(state)?;
        if n == 0 {
            return Ok(total);
        }
        total += n;
    }
}

/// Delay before the next attempt after `attempts` failed ones; `None` when giving up.
pub fn backoff(attempts: i32, now: NaiveDateTime) -> Option<NaiveDateTime> {
    (attempts < MAX_ATTEMPTS).then(|| now + Duration::seconds(1i64 << attempts.clamp(0, 12)))
}

enum Outcome {
    Done {
        status: &'static str,
        organization: Option<i64>,
        account: Option<i64>,
        note: Option<String>,
    },
    Malformed(String),
}

fn outcome_of(routing: Routing, notes: &[String]) -> Outcome {
    let note = (!notes.is_empty()).then(|| notes.join("; "));
    match routing {
        Routing::Routed {
            organization,
            account,
        } => Outcome::Done {
            status: store::PROCESSED,
            organization: Some(organization),
            account: Some(account),
            note,
        },
        Routing::Unrouted => Outcome::Done {
            status: store::UNROUTED,
            organization: None,
            account: None,
            note: note.or_else(|| Some("no connected account matches this webhook".into())),
        },
    }
}

/// Applies the events in one transaction: parse all, prefetch their contacts, apply each,
/// insert the new messages together, record every outcome.
fn process_events(
    conn: &mut crate::db::Conn,
    events: &[EventRow],
    now: NaiveDateTime,
    effects: &mut Effects,
) -> diesel::QueryResult<()> {
    let parsed: Vec<Result<whatsapp_cloud::webhook::WebhookEnvelope, String>> = events
        .iter()
        .map(|e| whatsapp_cloud::webhook::parse(e.payload.as_bytes()).map_err(|e| e.to_string()))
        .collect();
    let mut batch = Batch::new(now);
    let envelopes: Vec<_> = parsed.iter().filter_map(|p| p.as_ref().ok()).collect();
    batch.prefetch(conn, &envelopes)?;
    let mut outcomes = Vec::with_capacity(events.len());
    for (event, envelope) in events.iter().zip(&parsed) {
        let outcome = match envelope {
            Err(e) => Outcome::Malformed(e.clone()),
            Ok(envelope) => {
                let notes_before = effects.notes.len();
                let routing = ingest::apply_envelope(conn, envelope, &mut batch, effects)?;
                outcome_of(routing, &effects.notes[notes_before..])
            }
        };
        outcomes.push((event.id, event.attempts, outcome));
    }
    batch.flush(conn, effects)?;
    record(conn, outcomes, now)
}

type DoneKey = (&'static str, Option<i64>, Option<i64>, Option<String>);

/// Records outcomes: done events grouped into one update per outcome.
fn record(
    conn: &mut crate::db::Conn,
    outcomes: Vec<(i64, i32, Outcome)>,
    now: NaiveDateTime,
) -> diesel::QueryResult<()> {
    let mut done: BTreeMap<DoneKey, Vec<i64>> = BTreeMap::new();
    for (id, _attempts, outcome) in outcomes {
        match outcome {
            Outcome::Done {
                status,
                organization,
                account,
                note,
            } => done
                .entry((status, organization, account, note))
                .or_default()
                .push(id),
            Outcome::Malformed(e) => {
                store::mark_failed(conn, id, &format!("malformed payload: {e}"), None, None)?;
            }
        }
    }
    for ((status, organization, account, note), ids) in done {
        store::mark_done(
            conn,
            &ids,
            status,
            organization,
            account,
            note.as_deref(),
            now,
        )?;
    }
    Ok(())
}

/// Processes up to [`BATCH`] due events; returns how many were handled.
pub fn process_batch(state: &AppState) -> Result<usize, String> {
    let now = state.clock.now_naive();
    let mut conn = state.pool.get().map_err(|e| e.to_string())?;
    let mut claimed: Vec<EventRow> = Vec::new();
    let mut effects = Effects::default();
    let fast = {
        let _gate = state.pipeline.write_lock();
        crate::db::transaction(&mut conn, |c| {
            claimed = store::claim_due(c, now, BATCH)?;
            process_events(c, &claimed, now, &mut effects)
        })
    };
    match fast {
        Ok(()) => {
            report(state, claimed.len(), 0, &effects);
            Ok(claimed.len())
        }
        Err(e) if claimed.is_empty() => Err(e.to_string()),
        Err(e) => {
            tracing::warn!(error = %e, events = claimed.len(), "batch failed; processing its events one by one");
            let n = claimed.len();
            one_by_one(state, &mut conn, claimed, now);
            Ok(n)
        }
    }
}

fn one_by_one(
    state: &AppState,
    conn: &mut crate::db::Conn,
    events: Vec<EventRow>,
    now: NaiveDateTime,
) {
    for event in events {
        let mut effects = Effects::default();
        let result = {
            let _gate = state.pipeline.write_lock();
            crate::db::transaction(conn, |c| {
                if !store::still_due(c, event.id, now)? {
                    return Ok(());
                }
                process_events(c, std::slice::from_ref(&event), now, &mut effects)
            })
        };
        match result {
            Ok(()) => report(state, 1, 0, &effects),
            Err(e) => {
                let retry_at = backoff(event.attempts + 1, now);
                tracing::warn!(event = event.id, error = %e, ?retry_at, "webhook event failed");
                let _gate = state.pipeline.write_lock();
                let marked = crate::db::transaction(conn, |c| {
                    let routed = match whatsapp_cloud::webhook::parse(event.payload.as_bytes()) {
                        Ok(envelope) => match ingest::route_of(c, &envelope)? {
                            Routing::Routed {
                                organization,
                                account,
                            } => Some((organization, account)),
                            Routing::Unrouted => None,
                        },
                        Err(_) => None,
                    };
                    store::mark_failed(
                        c,
                        event.id,
                        &format!("processing failed: {e}"),
                        retry_at,
                        routed,
                    )
                });
                if let Err(m) = marked {
                    tracing::error!(event = event.id, error = %m, "could not record the failure");
                }
                report(state, 0, 1, &Effects::default());
            }
        }
    }
}

fn report(state: &AppState, processed: usize, failed: usize, effects: &Effects) {
    let m = &state.inbound_metrics;
    m.processed.inc_by(processed as u64);
    m.failed.inc_by(failed as u64);
    if processed > 0 {
        state.events.wake();
    }
    for kind in &effects.stored_kinds {
        m.stored(kind);
    }
    if effects.media_queued > 0 {
        state.pipeline.wake_media();
    }
    if !effects.template_refresh.is_empty() {
        state
            .pipeline
            .request_template_refresh(&effects.template_refresh);
    }
}

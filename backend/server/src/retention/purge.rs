//! The purge: deletes what has outlived its retention period, organization by organization
//! and data type by data type, in bounded batches of short transactions so ingestion never
//! waits long for the database. Runs hourly in the server (one replica at a time on
//! PostgreSQL) and on demand with `winmessages purge`. What it deleted is recorded in each
//! organization's audit log as `retention.purged` with counts per type.
//!
//! What goes with what:
//! - messages: the message with its edits, reactions, queued sends, idempotency keys and
//!   media (row and stored file); a conversation left without messages is deleted, and a
//!   contact left without conversations too — unless the contact is restricted, because the
//!   restriction must keep applying to the person's future messages;
//! - media: the stored file is deleted and the media reports `expired`; the message stays;
//! - webhook payloads: processed or failed events (never one still waiting to be processed);
//! - API-call log, access log, audit log: the entries;
//! - delivery receipts that never found their message (e.g. receipts arriving after their
//!   message was erased) are dropped after a day, whatever the settings.
//!
//! Technical rows that belong to no organization (webhooks for unknown numbers, sign-in
//! attempts) follow the platform defaults.

use super::{DataType, Overrides, Periods, store};
use crate::app::AppState;
use crate::audit::{self, Actor, Event};
use crate::db::schema::{
    access_logs, api_calls, audit_log, contacts, conversations, media, messages, organizations,
    pending_statuses, webhook_events,
};
use crate::db::{Backend, Conn};
use crate::http::client::ClientInfo;
use crate::ids::OrgId;
use chrono::NaiveDateTime;
use diesel::dsl::{exists, not};
use diesel::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// How the purge paces itself.
#[derive(Debug, Clone, Copy)]
pub struct PurgeOptions {
    /// Rows per transaction.
    pub batch: i64,
    /// Pause between two batches, leaving the database to other writers.
    pub pause: Duration,
}

impl Default for PurgeOptions {
    fn default() -> Self {
        // A batch of 100 messages (with their reactions, edits, media and conversations)
        // holds SQLite's write lock for some 20 ms; the pause lets waiting webhooks commit.
        Self {
            batch: 100,
            pause: Duration::from_millis(5),
        }
    }
}

/// Rows deleted for one organization (or for no organization).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub messages: u64,
    pub conversations: u64,
    pub contacts: u64,
    pub media_files: u64,
    pub webhook_events: u64,
    pub api_calls: u64,
    pub access_logs: u64,
    pub audit_entries: u64,
    /// Delivery receipts that never found their message (kept a day at most: a receipt
    /// waits there only for the seconds until its send call answers).
    pub orphan_receipts: u64,
}

impl Counts {
    pub fn is_empty(&self) -> bool {
        *self == Counts::default()
    }

    fn add(&mut self, o: &Counts) {
        self.messages += o.messages;
        self.conversations += o.conversations;
        self.contacts += o.contacts;
        self.media_files += o.media_files;
        self.webhook_events += o.webhook_events;
        self.api_calls += o.api_calls;
        self.access_logs += o.access_logs;
        self.audit_entries += o.audit_entries;
        self.orphan_receipts += o.orphan_receipts;
    }
}

/// What one purge run did.
#[derive(Debug, Default, Clone, Serialize)]
pub struct PurgeReport {
    /// Per organization id.
    pub organizations: BTreeMap<i64, Counts>,
    /// Rows that belong to no organization.
    pub unowned: Counts,
    /// Stored blobs deleted / still queued after a failure.
    pub blobs_deleted: u64,
    pub blobs_failed: u64,
    /// False when another replica was already purging (PostgreSQL) and this run did nothing.
    pub ran: bool,
}

impl PurgeReport {
    pub fn total(&self) -> Counts {
        let mut t = Counts::default();
        for c in self.organizations.values() {
            t.add(c);
        }
        t.add(&self.unowned);
        t
    }
}

/// Advisory lock key held by the replica that purges (PostgreSQL).
const PURGE_LOCK: i64 = 0x0077_6d70_7572_6765; // "wmpurge"

/// Runs one purge at `state.clock`'s time.
pub async fn run_once(state: &AppState, opts: PurgeOptions) -> Result<PurgeReport, String> {
    let pool = state.pool.clone();
    // On PostgreSQL one replica purges at a time: a session-level advisory lock held on one
    // connection for the whole run and released explicitly at the end.
    let mut lock_conn = None;
    if state.backend == Backend::Postgres {
        let p = pool.clone();
        let (conn, locked) = tokio::task::spawn_blocking(move || -> Result<_, String> {
            let mut conn = p.get().map_err(|e| e.to_string())?;
            let locked = advisory_lock(&mut conn, true).map_err(|e| e.to_string())?;
            Ok((conn, locked))
        })
        .await
        .map_err(|e| e.to_string())??;
        if !locked {
            return Ok(PurgeReport::default());
        }
        lock_conn = Some(conn);
    }
    let result = purge_all(state, opts).await;
    if let Some(mut conn) = lock_conn {
        let _ = tokio::task::spawn_blocking(move || advisory_lock(&mut conn, false)).await;
    }
    result
}

fn advisory_lock(conn: &mut Conn, take: bool) -> QueryResult<bool> {
    use diesel::sql_types::Bool;
    #[derive(QueryableByName)]
    struct Locked {
        #[diesel(sql_type = Bool)]
        locked: bool,
    }
    let sql = if take {
        format!("SELECT pg_try_advisory_lock({PURGE_LOCK}) AS locked")
    } else {
        format!("SELECT pg_advisory_unlock({PURGE_LOCK}) AS locked")
    };
    diesel::sql_query(sql)
        .get_result::<Locked>(conn)
        .map(|l| l.locked)
}

async fn purge_all(state: &AppState, opts: PurgeOptions) -> Result<PurgeReport, String> {
    let now = state.clock.now_naive();
    let defaults = state.config.retention_defaults;
    let pool = state.pool.clone();
    let limit = opts.batch;
    let (orgs, policies) = blocking(state, move |c| {
        let orgs: Vec<i64> = organizations::table
            .select(organizations::id)
            .order(organizations::id)
            .load(c)?;
        Ok((orgs, store::all(c)?))
    })
    .await?;
    let policies: BTreeMap<i64, Overrides> = policies
        .into_iter()
        .map(|r| (r.organization_id, r.overrides()))
        .collect();
    let mut report = PurgeReport {
        ran: true,
        ..PurgeReport::default()
    };
    for org in orgs {
        let periods = policies
            .get(&org)
            .copied()
            .unwrap_or_default()
            .effective(&defaults);
        let counts = purge_scope(state, Some(org), &periods, now, opts).await?;
        report.organizations.insert(org, counts);
    }
    report.unowned = purge_scope(state, None, &defaults, now, opts).await?;
    let receipts_cutoff = now - chrono::Duration::days(1);
    let orphans = drain(state, opts, || {
        Box::new(move |c| orphan_receipts_batch(c, receipts_cutoff, limit))
    })
    .await?;
    report.unowned.add(&orphans);
    let flushed = crate::media::blobs::flush(&pool, &state.media_storage, opts.batch).await?;
    report.blobs_deleted = flushed.deleted;
    report.blobs_failed = flushed.failed;
    // One audit entry per organization that lost data, after its data is gone (so the
    // entry itself is never purged by the run that writes it).
    let entries: Vec<(Option<i64>, Counts)> = report
        .organizations
        .iter()
        .map(|(o, c)| (Some(*o), *c))
        .chain([(None, report.unowned)])
        .filter(|(_, c)| !c.is_empty())
        .collect();
    if !entries.is_empty() {
        blocking(state, move |c| {
            for (org, counts) in &entries {
                let details = serde_json::json!({ "deleted": counts });
                audit::record(
                    c,
                    Event {
                        organization: org.map(OrgId),
                        actor: Actor::default(),
                        action: "retention.purged",
                        target: org.map(|o| ("organization", o.to_string())),
                        details: Some(details),
                        client: &ClientInfo::default(),
                    },
                    now,
                )?;
            }
            Ok(())
        })
        .await?;
    }
    Ok(report)
}

/// Runs `f` on a pooled connection in the blocking pool, taking SQLite's in-process write
/// gate so the purge takes turns with the webhook processor instead of contending for the
/// file lock.
async fn blocking<T: Send + 'static>(
    state: &AppState,
    f: impl FnOnce(&mut Conn) -> QueryResult<T> + Send + 'static,
) -> Result<T, String> {
    let pool = state.pool.clone();
    let pipeline = state.pipeline.clone();
    tokio::task::spawn_blocking(move || -> Result<T, String> {
        let mut conn = pool.get().map_err(|e| e.to_string())?;
        let _gate = pipeline.write_lock();
        crate::db::transaction(&mut conn, f).map_err(|e| e.to_string())
    })
    .await
    .map_err(|e| e.to_string())?
}

/// Repeats a batch until it deletes nothing, pausing between batches.
async fn drain<F>(state: &AppState, opts: PurgeOptions, mut batch: F) -> Result<Counts, String>
where
    F: FnMut() -> Box<dyn FnOnce(&mut Conn) -> QueryResult<(usize, Counts)> + Send>,
{
    let mut total = Counts::default();
    loop {
        let step = batch();
        let (rows, counts) = blocking(state, step).await?;
        total.add(&counts);
        if rows < opts.batch as usize {
            return Ok(total);
        }
        tokio::time::sleep(opts.pause).await;
    }
}

async fn purge_scope(
    state: &AppState,
    org: Option<i64>,
    periods: &Periods,
    now: NaiveDateTime,
    opts: PurgeOptions,
) -> Result<Counts, String> {
    let mut total = Counts::default();
    let limit = opts.batch;
    if let Some(org) = org {
        if let Some(cutoff) = periods.get(DataType::Messages).cutoff(now) {
            let c = drain(state, opts, || {
                Box::new(move |c| messages_batch(c, org, cutoff, limit, now))
            })
            .await?;
            total.add(&c);
        }
        if let Some(cutoff) = periods.get(DataType::Media).cutoff(now) {
            let c = drain(state, opts, || {
                Box::new(move |c| media_batch(c, org, cutoff, limit, now))
            })
            .await?;
            total.add(&c);
        }
    }
    if let Some(cutoff) = periods.get(DataType::WebhookPayloads).cutoff(now) {
        let c = drain(state, opts, || {
            Box::new(move |c| webhooks_batch(c, org, cutoff, limit))
        })
        .await?;
        total.add(&c);
    }
    if let Some(cutoff) = periods.get(DataType::ApiCalls).cutoff(now) {
        let c = drain(state, opts, || {
            Box::new(move |c| api_calls_batch(c, org, cutoff, limit))
        })
        .await?;
        total.add(&c);
    }
    if let Some(cutoff) = periods.get(DataType::AccessLogs).cutoff(now) {
        let c = drain(state, opts, || {
            Box::new(move |c| access_logs_batch(c, org, cutoff, limit))
        })
        .await?;
        total.add(&c);
    }
    if let Some(cutoff) = periods.get(DataType::AuditLog).cutoff(now) {
        let c = drain(state, opts, || {
            Box::new(move |c| audit_batch(c, org, cutoff, limit))
        })
        .await?;
        total.add(&c);
    }
    Ok(total)
}

/// Deletes messages (with everything hanging off them) by id, and the conversations and
/// contacts they leave empty. Shared by the purge and by erasure.
pub fn delete_messages(
    c: &mut Conn,
    ids: &[i64],
    now: NaiveDateTime,
    keep_restricted_contacts: bool,
) -> QueryResult<Counts> {
    let mut counts = Counts::default();
    if ids.is_empty() {
        return Ok(counts);
    }
    let convs: BTreeSet<i64> = messages::table
        .filter(messages::id.eq_any(ids))
        .select(messages::conversation_id)
        .load::<i64>(c)?
        .into_iter()
        .collect();
    let files: Vec<(i64, Option<String>)> = media::table
        .filter(media::message_id.eq_any(ids))
        .select((media::id, media::storage_key))
        .load(c)?;
    let keys: Vec<String> = files.iter().filter_map(|(_, k)| k.clone()).collect();
    crate::media::blobs::queue(c, &keys, now)?;
    counts.media_files = keys.len() as u64;
    let media_ids: Vec<i64> = files.iter().map(|(id, _)| *id).collect();
    diesel::delete(media::table.filter(media::id.eq_any(&media_ids))).execute(c)?;
    counts.messages =
        diesel::delete(messages::table.filter(messages::id.eq_any(ids))).execute(c)? as u64;
    let convs: Vec<i64> = convs.into_iter().collect();
    let remaining: BTreeSet<i64> = messages::table
        .filter(messages::conversation_id.eq_any(&convs))
        .select(messages::conversation_id)
        .distinct()
        .load::<i64>(c)?
        .into_iter()
        .collect();
    let (kept, empty): (Vec<i64>, Vec<i64>) = convs.iter().partition(|id| remaining.contains(id));
    // A kept conversation whose last message went points at its newest remaining one.
    let stale: Vec<i64> = conversations::table
        .filter(conversations::id.eq_any(&kept))
        .filter(conversations::last_message_id.eq_any(ids))
        .select(conversations::id)
        .load(c)?;
    for conv in stale {
        let newest: Option<(i64, NaiveDateTime)> = messages::table
            .filter(messages::conversation_id.eq(conv))
            .order((messages::sent_at.desc(), messages::id.desc()))
            .select((messages::id, messages::sent_at))
            .first(c)
            .optional()?;
        diesel::update(conversations::table.find(conv))
            .set((
                conversations::last_message_id.eq(newest.map(|n| n.0)),
                conversations::last_message_at.eq(newest.map(|n| n.1)),
            ))
            .execute(c)?;
    }
    diesel::update(
        conversations::table
            .filter(conversations::id.eq_any(&kept))
            .filter(conversations::read_receipt_message_id.eq_any(ids)),
    )
    .set(conversations::read_receipt_message_id.eq(None::<i64>))
    .execute(c)?;
    let people: Vec<i64> = conversations::table
        .filter(conversations::id.eq_any(&empty))
        .select(conversations::contact_id)
        .distinct()
        .load(c)?;
    counts.conversations =
        diesel::delete(conversations::table.filter(conversations::id.eq_any(&empty))).execute(c)?
            as u64;
    let orphans = contacts::table
        .filter(contacts::id.eq_any(&people))
        .filter(not(exists(
            conversations::table.filter(conversations::contact_id.eq(contacts::id)),
        )));
    counts.contacts = if keep_restricted_contacts {
        diesel::delete(orphans.filter(contacts::restricted_at.is_null())).execute(c)? as u64
    } else {
        diesel::delete(orphans).execute(c)? as u64
    };
    Ok(counts)
}

fn messages_batch(
    c: &mut Conn,
    org: i64,
    cutoff: NaiveDateTime,
    limit: i64,
    now: NaiveDateTime,
) -> QueryResult<(usize, Counts)> {
    let ids: Vec<i64> = messages::table
        .filter(messages::organization_id.eq(org))
        .filter(messages::created_at.lt(cutoff))
        .select(messages::id)
        .limit(limit)
        .load(c)?;
    let counts = delete_messages(c, &ids, now, true)?;
    Ok((ids.len(), counts))
}

fn media_batch(
    c: &mut Conn,
    org: i64,
    cutoff: NaiveDateTime,
    limit: i64,
    now: NaiveDateTime,
) -> QueryResult<(usize, Counts)> {
    let rows: Vec<(i64, Option<String>)> = media::table
        .filter(media::organization_id.eq(org))
        .filter(media::created_at.lt(cutoff))
        .filter(media::status.ne(crate::media::store::EXPIRED))
        .select((media::id, media::storage_key))
        .limit(limit)
        .load(c)?;
    let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
    let keys: Vec<String> = rows.into_iter().filter_map(|r| r.1).collect();
    crate::media::blobs::queue(c, &keys, now)?;
    diesel::update(media::table.filter(media::id.eq_any(&ids)))
        .set((
            media::status.eq(crate::media::store::EXPIRED),
            media::storage_key.eq(None::<String>),
            media::error.eq(None::<String>),
            media::next_attempt_at.eq(None::<NaiveDateTime>),
            media::updated_at.eq(now),
        ))
        .execute(c)?;
    Ok((
        ids.len(),
        Counts {
            media_files: keys.len() as u64,
            ..Counts::default()
        },
    ))
}

fn webhooks_batch(
    c: &mut Conn,
    org: Option<i64>,
    cutoff: NaiveDateTime,
    limit: i64,
) -> QueryResult<(usize, Counts)> {
    let mut q = webhook_events::table
        .filter(webhook_events::received_at.lt(cutoff))
        .filter(webhook_events::status.eq_any([
            crate::webhooks::store::PROCESSED,
            crate::webhooks::store::FAILED,
        ]))
        .select(webhook_events::id)
        .limit(limit)
        .into_boxed();
    q = match org {
        Some(o) => q.filter(webhook_events::organization_id.eq(o)),
        None => q.filter(webhook_events::organization_id.is_null()),
    };
    let ids: Vec<i64> = q.load(c)?;
    let n =
        diesel::delete(webhook_events::table.filter(webhook_events::id.eq_any(&ids))).execute(c)?;
    Ok((
        ids.len(),
        Counts {
            webhook_events: n as u64,
            ..Counts::default()
        },
    ))
}

fn api_calls_batch(
    c: &mut Conn,
    org: Option<i64>,
    cutoff: NaiveDateTime,
    limit: i64,
) -> QueryResult<(usize, Counts)> {
    let mut q = api_calls::table
        .filter(api_calls::created_at.lt(cutoff))
        .select(api_calls::id)
        .limit(limit)
        .into_boxed();
    q = match org {
        Some(o) => q.filter(api_calls::organization_id.eq(o)),
        None => q.filter(api_calls::organization_id.is_null()),
    };
    let ids: Vec<i64> = q.load(c)?;
    let n = diesel::delete(api_calls::table.filter(api_calls::id.eq_any(&ids))).execute(c)?;
    Ok((
        ids.len(),
        Counts {
            api_calls: n as u64,
            ..Counts::default()
        },
    ))
}

fn access_logs_batch(
    c: &mut Conn,
    org: Option<i64>,
    cutoff: NaiveDateTime,
    limit: i64,
) -> QueryResult<(usize, Counts)> {
    let mut q = access_logs::table
        .filter(access_logs::created_at.lt(cutoff))
        .select(access_logs::id)
        .limit(limit)
        .into_boxed();
    q = match org {
        Some(o) => q.filter(access_logs::organization_id.eq(o)),
        None => q.filter(access_logs::organization_id.is_null()),
    };
    let ids: Vec<i64> = q.load(c)?;
    let n = diesel::delete(access_logs::table.filter(access_logs::id.eq_any(&ids))).execute(c)?;
    Ok((
        ids.len(),
        Counts {
            access_logs: n as u64,
            ..Counts::default()
        },
    ))
}

fn orphan_receipts_batch(
    c: &mut Conn,
    cutoff: NaiveDateTime,
    limit: i64,
) -> QueryResult<(usize, Counts)> {
    let ids: Vec<i64> = pending_statuses::table
        .filter(pending_statuses::created_at.lt(cutoff))
        .select(pending_statuses::id)
        .limit(limit)
        .load(c)?;
    let n = diesel::delete(pending_statuses::table.filter(pending_statuses::id.eq_any(&ids)))
        .execute(c)?;
    Ok((
        ids.len(),
        Counts {
            orphan_receipts: n as u64,
            ..Counts::default()
        },
    ))
}

fn audit_batch(
    c: &mut Conn,
    org: Option<i64>,
    cutoff: NaiveDateTime,
    limit: i64,
) -> QueryResult<(usize, Counts)> {
    let mut q = audit_log::table
        .filter(audit_log::created_at.lt(cutoff))
        .select(audit_log::id)
        .limit(limit)
        .into_boxed();
    q = match org {
        Some(o) => q.filter(audit_log::organization_id.eq(o)),
        None => q.filter(audit_log::organization_id.is_null()),
    };
    let ids: Vec<i64> = q.load(c)?;
    let n = diesel::delete(audit_log::table.filter(audit_log::id.eq_any(&ids))).execute(c)?;
    Ok((
        ids.len(),
        Counts {
            audit_entries: n as u64,
            ..Counts::default()
        },
    ))
}

/// The hourly purge of a running server.
pub async fn run(state: AppState, stop: Arc<AtomicBool>) {
    let interval = state.config.purge_interval;
    // A first run shortly after start-up, then one per interval.
    let mut wait = Duration::from_secs(60).min(interval);
    loop {
        let deadline = tokio::time::Instant::now() + wait;
        while tokio::time::Instant::now() < deadline {
            if stop.load(Ordering::SeqCst) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(500).min(wait)).await;
        }
        if stop.load(Ordering::SeqCst) {
            return;
        }
        let started = std::time::Instant::now();
        tracing::info!("retention purge started");
        match run_once(&state, PurgeOptions::default()).await {
            Ok(r) if r.ran => {
                let t = r.total();
                tracing::info!(
                    seconds = started.elapsed().as_secs_f64(),
                    messages = t.messages,
                    media_files = t.media_files,
                    webhook_events = t.webhook_events,
                    api_calls = t.api_calls,
                    audit_entries = t.audit_entries,
                    "retention purge finished"
                );
            }
            Ok(_) => tracing::debug!("retention purge skipped: another replica is purging"),
            Err(e) => tracing::error!(error = %e, "retention purge failed; retried next round"),
        }
        wait = interval;
    }
}

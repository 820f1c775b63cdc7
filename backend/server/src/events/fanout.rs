//! The fan-out thread (reads new events in id order, renders them, broadcasts them, purges
//! old ones) and, on PostgreSQL, the listener thread (LISTEN on `winmessages_events`).
//!
//! On PostgreSQL ids are handed out when rows are inserted but become visible when their
//! transactions commit, so a higher id can be seen before a lower one. The fan-out holds back
//! behind such a gap briefly (the lower id's transaction usually commits within
//! milliseconds), then moves on and keeps watching the missing ids for a while: one that
//! appears later is still sent ("late", without an SSE id so that a client's `Last-Event-ID`
//! never goes backwards). A gap that never fills is a rolled-back transaction. SQLite
//! commits in id order and never leaves gaps.

use super::hub::Shared;
use super::render;
use super::store::{self, EventRow};
use crate::db::{Conn, DatabaseTarget};
use diesel::prelude::*;
use diesel::{Connection, PgConnection};
use std::collections::{BTreeMap, HashSet};
use std::sync::atomic::Ordering;
use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};

/// Rows read per poll.
const BATCH: i64 = 1000;
/// How long the fan-out waits for a gap in the ids to fill before moving on.
const HOLD: Duration = Duration::from_millis(500);
/// How long a skipped id is still watched for.
const LATE_WATCH: Duration = Duration::from_secs(60);
/// Skipped ids watched at most (a larger gap is a burst of rolled-back transactions).
const LATE_MAX: usize = 10_000;
/// Poll interval while holding behind a gap.
const HOLD_POLL: Duration = Duration::from_millis(20);
/// Poll interval without wake-ups: SQLite (a cheap in-process query) and PostgreSQL (NOTIFY
/// wakes the fan-out; this only covers a listener reconnecting).
const IDLE_POLL_SQLITE: Duration = Duration::from_millis(100);
const IDLE_POLL_POSTGRES: Duration = Duration::from_secs(1);
const PURGE_EVERY: Duration = Duration::from_secs(60);
/// A pass that found at least this many events is part of a burst: the next pass waits
/// [`GATHER`], so that it carries more events, loaded with the same few queries and
/// coalesced (a conversation that several messages updated is rendered once), instead of
/// a pass per commit. Quieter traffic is sent as soon as it is committed.
const BURST: usize = 64;
const GATHER: Duration = Duration::from_millis(25);
/// How often the listener checks for notifications. diesel's connection does not expose its
/// socket to wait on, so the listener polls libpq's input buffer (a non-blocking read).
const LISTEN_POLL: Duration = Duration::from_millis(5);
/// Liveness query of the listening connection (a silently dead one is replaced).
const LISTEN_PING: Duration = Duration::from_secs(30);
pub const CHANNEL: &str = "winmessages_events";

pub(super) fn spawn(shared: &Arc<Shared>) -> Result<(), String> {
    let weak = Arc::downgrade(shared);
    std::thread::Builder::new()
        .name("inbox-events".into())
        .spawn(move || {
            lower_priority();
            run(&weak)
        })
        .map_err(|e| format!("cannot start the event fan-out: {e}"))?;
    if let DatabaseTarget::Postgres(url) = &shared.database {
        let weak = Arc::downgrade(shared);
        let url = url.clone();
        std::thread::Builder::new()
            .name("inbox-events-listen".into())
            .spawn(move || listen(&weak, &url))
            .map_err(|e| format!("cannot start the event listener: {e}"))?;
    }
    Ok(())
}

/// The fan-out yields to the work that acknowledges and stores what customers send (HTTP
/// workers, webhook processing): with the CPU saturated, live events wait and gather into
/// bigger passes rather than slowing ingest; with CPU to spare the priority changes nothing.
const NICE: i32 = 10;

/// Lowers the calling thread's scheduling priority to [`NICE`] (Linux; per thread).
fn lower_priority() {
    #[cfg(target_os = "linux")]
    if let Err(e) = rustix::process::setpriority_process(Some(rustix::thread::gettid()), NICE) {
        tracing::debug!(error = %e, "cannot lower the event fan-out's priority");
    }
}

#[derive(Default)]
struct Gaps {
    /// The first missing id and since when the fan-out waits for it.
    hold: Option<(i64, Instant)>,
    /// Skipped ids still watched, with their deadlines.
    late: BTreeMap<i64, Instant>,
}

fn run(weak: &Weak<Shared>) {
    let mut gaps = Gaps::default();
    let mut last_purge = Instant::now();
    let mut busy = false;
    let mut burst_at: Option<Instant> = None;
    loop {
        let Some(shared) = weak.upgrade() else {
            return;
        };
        if let Some(at) = burst_at.take() {
            std::thread::sleep(GATHER.saturating_sub(at.elapsed()));
        } else if !busy {
            let wait = if gaps.hold.is_some() {
                HOLD_POLL
            } else {
                match shared.database {
                    DatabaseTarget::Sqlite(_) => IDLE_POLL_SQLITE,
                    DatabaseTarget::Postgres(_) => IDLE_POLL_POSTGRES,
                }
            };
            shared.wait(wait);
        }
        let started = Instant::now();
        busy = match poll(&shared, &mut gaps) {
            Ok(Polled { full, found }) => {
                if found >= BURST && !full {
                    burst_at = Some(started);
                }
                full
            }
            Err(e) => {
                tracing::warn!(error = %e, "reading inbox events failed");
                false
            }
        };
        if last_purge.elapsed() >= PURGE_EVERY {
            last_purge = Instant::now();
            let purged = shared
                .pool
                .get()
                .map_err(|e| e.to_string())
                .and_then(|mut c| {
                    purge(&mut c, shared.settings.retention).map_err(|e| e.to_string())
                });
            if let Err(e) = purged {
                tracing::warn!(error = %e, "purging inbox events failed");
            }
        }
    }
}

/// What a pass read.
struct Polled {
    /// A full batch: more may be waiting.
    full: bool,
    /// New events read.
    found: usize,
}

/// Reads, renders and broadcasts what is new.
fn poll(shared: &Shared, gaps: &mut Gaps) -> Result<Polled, String> {
    let mut conn = shared.pool.get().map_err(|e| e.to_string())?;
    let cursor = shared.delivered.load(Ordering::SeqCst);
    let rows = store::after(&mut conn, cursor, BATCH).map_err(|e| e.to_string())?;
    let full = rows.len() as i64 == BATCH;
    let found = rows.len();
    let now = Instant::now();
    let mut next = cursor;
    let mut accepted: Vec<EventRow> = Vec::with_capacity(rows.len());
    let mut held = false;
    for row in rows {
        if row.id > next + 1 {
            let since = match gaps.hold {
                Some((id, since)) if id == next + 1 => since,
                _ => {
                    gaps.hold = Some((next + 1, now));
                    now
                }
            };
            if now.duration_since(since) < HOLD {
                held = true;
                break;
            }
            for missing in (next + 1..row.id).take(LATE_MAX.saturating_sub(gaps.late.len())) {
                gaps.late.insert(missing, now + LATE_WATCH);
            }
        }
        next = row.id;
        accepted.push(row);
    }
    if !held {
        gaps.hold = None;
    }
    gaps.late.retain(|_, deadline| *deadline > now);
    let mut late = HashSet::new();
    if !gaps.late.is_empty() {
        let ids: Vec<i64> = gaps.late.keys().copied().collect();
        for chunk in ids.chunks(500) {
            for row in store::by_ids(&mut conn, chunk).map_err(|e| e.to_string())? {
                gaps.late.remove(&row.id);
                late.insert(row.id);
                accepted.push(row);
            }
        }
    }
    deliver(shared, &mut conn, next, accepted, &late).map_err(|e| e.to_string())?;
    Ok(Polled {
        full: full && !held,
        found,
    })
}

/// Moves the cursor, then renders the rows of organizations with open streams and
/// broadcasts them. The cursor moves first: a stream that subscribes meanwhile either reads
/// these rows from the table (they are at most its cursor) or receives them.
fn deliver(
    shared: &Shared,
    conn: &mut Conn,
    next: i64,
    rows: Vec<EventRow>,
    late: &HashSet<i64>,
) -> QueryResult<()> {
    shared.delivered.fetch_max(next, Ordering::SeqCst);
    if rows.is_empty() {
        return Ok(());
    }
    let senders = shared.senders();
    let rows: Vec<EventRow> = rows
        .into_iter()
        .filter(|r| senders.contains_key(&r.organization_id))
        .collect();
    if rows.is_empty() {
        return Ok(());
    }
    for batch in render::render(conn, &rows, |id| !late.contains(&id))? {
        if let Some(sender) = senders.get(&batch.org.0) {
            // No receiver: the organization's streams closed meanwhile.
            let _ = sender.send(Arc::new(batch));
        }
    }
    Ok(())
}

/// Deletes the events older than `age` (by the database's clock, which stamps them).
pub(super) fn purge(conn: &mut Conn, age: Duration) -> QueryResult<usize> {
    let now = store::database_now(conn)?;
    let age = chrono::Duration::from_std(age).unwrap_or(chrono::Duration::MAX);
    let cutoff = now
        .checked_sub_signed(age)
        .unwrap_or(chrono::NaiveDateTime::MIN);
    store::purge_before(conn, cutoff)
}

/// The listener: one dedicated connection LISTENing; every notification (any replica's
/// commit) wakes the fan-out. Reconnects with backoff; after (re)connecting it wakes the
/// fan-out once to pick up what was committed meanwhile.
fn listen(weak: &Weak<Shared>, url: &str) {
    let mut backoff = Duration::from_millis(100);
    loop {
        if weak.strong_count() == 0 {
            return;
        }
        let mut conn = match PgConnection::establish(url)
            .map_err(|e| e.to_string())
            .and_then(|mut c| {
                diesel::sql_query(format!("LISTEN {CHANNEL}"))
                    .execute(&mut c)
                    .map(|_| c)
                    .map_err(|e| e.to_string())
            }) {
            Ok(c) => c,
            Err(e) => {
                tracing::warn!(error = %e, "cannot listen for inbox events; retrying");
                std::thread::sleep(backoff);
                backoff = (backoff * 2).min(Duration::from_secs(5));
                continue;
            }
        };
        backoff = Duration::from_millis(100);
        match weak.upgrade() {
            Some(shared) => shared.wake(),
            None => return,
        }
        let mut last_ping = Instant::now();
        loop {
            let mut heard = false;
            let mut broken = false;
            for notification in conn.notifications_iter() {
                match notification {
                    Ok(_) => heard = true,
                    Err(e) => {
                        tracing::warn!(error = %e, "the event listener's connection failed");
                        broken = true;
                        break;
                    }
                }
            }
            if !broken && last_ping.elapsed() >= LISTEN_PING {
                last_ping = Instant::now();
                broken = diesel::sql_query("SELECT 1").execute(&mut conn).is_err();
            }
            let Some(shared) = weak.upgrade() else {
                return;
            };
            if heard || broken {
                shared.wake();
            }
            drop(shared);
            if broken {
                break;
            }
            std::thread::sleep(LISTEN_POLL);
        }
    }
}

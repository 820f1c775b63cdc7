use crate::db::schema::webhook_events;
use crate::db::{Conn, DbConnection};
use crate::ids::OrgId;
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// Event states: waiting, done, failed (retried while `next_attempt_at` is set), or done but
/// matching no connected account.
pub const PENDING: &str = "pending";
pub const PROCESSED: &str = "processed";
pub const FAILED: &str = "failed";
pub const UNROUTED: &str = "unrouted";

#[derive(Insertable, Debug, Clone)]
#[diesel(table_name = webhook_events)]
pub struct NewEvent {
    pub payload: String,
    pub status: &'static str,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub remote_ip: Option<String>,
    pub received_at: NaiveDateTime,
    pub next_attempt_at: Option<NaiveDateTime>,
}

/// Stores received events in one statement; returns their ids in order.
pub fn insert_many(conn: &mut Conn, events: &[NewEvent]) -> QueryResult<Vec<i64>> {
    // Multi-row inserts do not compile on the multi-backend connection; both backends have them.
    match conn {
        DbConnection::Sqlite(c) => diesel::insert_into(webhook_events::table)
            .values(events)
            .returning(webhook_events::id)
            .get_results(c),
        DbConnection::Postgresql(c) => diesel::insert_into(webhook_events::table)
            .values(events)
            .returning(webhook_events::id)
            .get_results(c),
    }
}

#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = webhook_events)]
pub struct EventRow {
    pub id: i64,
    pub organization_id: Option<i64>,
    pub account_id: Option<i64>,
    pub payload: String,
    pub status: String,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub remote_ip: Option<String>,
    pub received_at: NaiveDateTime,
    pub next_attempt_at: Option<NaiveDateTime>,
    pub processed_at: Option<NaiveDateTime>,
}

/// Events due for (re)processing, oldest first: pending ones, then failed ones whose retry
/// time came. Each state is read in the order of the `(status, next_attempt_at)` index, so a
/// long backlog costs no sort. On PostgreSQL the rows stay locked until the transaction ends
/// and other replicas skip them.
pub fn claim_due(conn: &mut Conn, now: NaiveDateTime, limit: i64) -> QueryResult<Vec<EventRow>> {
    let mut rows = claim_in_state(conn, PENDING, now, limit)?;
    let left = limit - i64::try_from(rows.len()).unwrap_or(limit);
    if left > 0 {
        rows.extend(claim_in_state(conn, FAILED, now, left)?);
    }
    Ok(rows)
}

fn claim_in_state(
    conn: &mut Conn,
    status: &'static str,
    now: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<EventRow>> {
    macro_rules! due {
        () => {
            webhook_events::table
                .filter(webhook_events::status.eq(status))
                .filter(webhook_events::next_attempt_at.le(now))
                .order((
                    webhook_events::next_attempt_at.asc(),
                    webhook_events::id.asc(),
                ))
                .limit(limit)
                .select(EventRow::as_select())
        };
    }
    match conn {
        DbConnection::Postgresql(c) => due!().for_update().skip_locked().load(c),
        DbConnection::Sqlite(c) => due!().load(c),
    }
}

/// Whether the event is still due, taking it (on PostgreSQL) for this transaction.
pub fn still_due(conn: &mut Conn, id: i64, now: NaiveDateTime) -> QueryResult<bool> {
    macro_rules! due {
        () => {
            webhook_events::table
                .filter(webhook_events::id.eq(id))
                .filter(webhook_events::status.eq_any([PENDING, FAILED]))
                .filter(webhook_events::next_attempt_at.le(now))
                .select(webhook_events::id)
        };
    }
    let found: Option<i64> = match conn {
        DbConnection::Postgresql(c) => due!().for_update().skip_locked().first(c).optional()?,
        DbConnection::Sqlite(c) => due!().first(c).optional()?,
    };
    Ok(found.is_some())
}

/// When the oldest event still waiting became due (pending, or failed with a retry planned).
pub fn oldest_due(conn: &mut Conn) -> QueryResult<Option<NaiveDateTime>> {
    let mut oldest = None;
    for status in [PENDING, FAILED] {
        let t: Option<NaiveDateTime> = webhook_events::table
            .filter(webhook_events::status.eq(status))
            .select(diesel::dsl::min(webhook_events::next_attempt_at))
            .first(conn)?;
        oldest = match (oldest, t) {
            (Some(a), Some(b)) => Some(std::cmp::min(a, b)),
            (a, b) => a.or(b),
        };
    }
    Ok(oldest)
}

/// Marks events done with the same outcome in one statement.
pub fn mark_done(
    conn: &mut Conn,
    ids: &[i64],
    status: &str,
    organization: Option<i64>,
    account: Option<i64>,
    note: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(webhook_events::table.filter(webhook_events::id.eq_any(ids)))
        .set((
            webhook_events::status.eq(status),
            webhook_events::organization_id.eq(organization),
            webhook_events::account_id.eq(account),
            webhook_events::last_error.eq(note),
            webhook_events::attempts.eq(webhook_events::attempts + 1),
            webhook_events::next_attempt_at.eq(None::<NaiveDateTime>),
            webhook_events::processed_at.eq(now),
        ))
        .execute(conn)
}

/// Records a failed attempt: retried at `retry_at`, or left failed when `None`. The event is
/// filed under its organization when its routing is known.
pub fn mark_failed(
    conn: &mut Conn,
    id: i64,
    error: &str,
    retry_at: Option<NaiveDateTime>,
    routed: Option<(i64, i64)>,
) -> QueryResult<usize> {
    diesel::update(webhook_events::table.find(id))
        .set((
            webhook_events::status.eq(FAILED),
            webhook_events::last_error.eq(error),
            webhook_events::attempts.eq(webhook_events::attempts + 1),
            webhook_events::next_attempt_at.eq(retry_at),
            webhook_events::organization_id.eq(routed.map(|r| r.0)),
            webhook_events::account_id.eq(routed.map(|r| r.1)),
        ))
        .execute(conn)
}

/// Who may see which events.
#[derive(Debug, Clone, Copy)]
pub enum Scope {
    Organization(OrgId),
    /// Platform admins: every event, optionally one organization's.
    Platform(Option<OrgId>),
}

pub fn list(
    conn: &mut Conn,
    scope: Scope,
    status: Option<&str>,
    before_id: Option<i64>,
    limit: i64,
) -> QueryResult<Vec<EventRow>> {
    let mut q = webhook_events::table
        .select(EventRow::as_select())
        .order(webhook_events::id.desc())
        .limit(limit)
        .into_boxed();
    match scope {
        Scope::Organization(org) | Scope::Platform(Some(org)) => {
            q = q.filter(webhook_events::organization_id.eq(org.0));
        }
        Scope::Platform(None) => {}
    }
    if let Some(status) = status {
        q = q.filter(webhook_events::status.eq(status.to_owned()));
    }
    if let Some(id) = before_id {
        q = q.filter(webhook_events::id.lt(id));
    }
    q.load(conn)
}

pub fn get(conn: &mut Conn, scope: Scope, id: i64) -> QueryResult<EventRow> {
    let mut q = webhook_events::table
        .filter(webhook_events::id.eq(id))
        .select(EventRow::as_select())
        .into_boxed();
    if let Scope::Organization(org) = scope {
        q = q.filter(webhook_events::organization_id.eq(org.0));
    }
    q.first(conn)
}

/// Queues an event for processing again, now.
pub fn requeue(conn: &mut Conn, id: i64, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(webhook_events::table.find(id))
        .set((
            webhook_events::status.eq(PENDING),
            webhook_events::next_attempt_at.eq(now),
        ))
        .execute(conn)
}

//! Outbox rows: one per Graph API call to make (a send, or a read receipt), written in the
//! same transaction as the message it concerns, claimed by workers (`FOR UPDATE SKIP LOCKED`
//! on PostgreSQL, so replicas never take the same job), and finished with its outcome.

use crate::db::schema::{accounts, outbox_jobs};
use crate::db::{Conn, DbConnection};
use chrono::NaiveDateTime;
use diesel::prelude::*;

pub const QUEUED: &str = "queued";
pub const SENDING: &str = "sending";
pub const DONE: &str = "done";
pub const FAILED: &str = "failed";
pub const UNKNOWN: &str = "unknown";

pub const KIND_SEND: &str = "send";
pub const KIND_MARK_READ: &str = "mark_read";

#[derive(Insertable, Debug)]
#[diesel(table_name = outbox_jobs)]
pub struct NewJob<'a> {
    pub organization_id: i64,
    pub account_id: i64,
    pub message_id: i64,
    pub kind: &'a str,
    pub request: &'a str,
    pub media_id: Option<i64>,
    pub state: &'a str,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Queues a job; a job of the same kind for the same message is left as it is (a read receipt
/// is sent once).
pub fn insert(conn: &mut Conn, job: &NewJob<'_>) -> QueryResult<bool> {
    let n = match conn {
        DbConnection::Sqlite(c) => diesel::insert_into(outbox_jobs::table)
            .values(job)
            .on_conflict_do_nothing()
            .execute(c)?,
        DbConnection::Postgresql(c) => diesel::insert_into(outbox_jobs::table)
            .values(job)
            .on_conflict_do_nothing()
            .execute(c)?,
    };
    Ok(n > 0)
}

/// A claimed job with what sending it needs.
#[derive(Debug, Clone, Queryable)]
pub struct Claimed {
    pub id: i64,
    pub organization_id: i64,
    pub account_id: i64,
    pub message_id: i64,
    pub kind: String,
    pub request: String,
    pub media_id: Option<i64>,
    /// Attempts including this one.
    pub attempts: i32,
    pub phone_number_id: String,
    pub access_token_ciphertext: String,
    pub account_disabled: bool,
}

type ClaimRow = (
    i64,
    i64,
    i64,
    i64,
    String,
    String,
    Option<i64>,
    i32,
    String,
    String,
    Option<NaiveDateTime>,
);

/// What a claim returns: the jobs taken, and whether due jobs were left because their
/// number's send rate was used up.
#[derive(Debug, Default)]
pub struct Claim {
    pub jobs: Vec<Claimed>,
    pub throttled: bool,
}

/// Leases of claimed jobs: a job is reserved for its worker until then (longer for a job that
/// uploads a file first).
#[derive(Debug, Clone, Copy)]
pub struct Leases {
    pub call: NaiveDateTime,
    pub with_upload: NaiveDateTime,
}

/// Takes up to `limit` due jobs for this worker. `admit` is asked for each due job's account
/// in order: a job is taken only when its number may send now, so a claimed job is one whose
/// call starts at once (what makes an expired lease mean "the call may have happened").
pub fn claim_due(
    conn: &mut Conn,
    now: NaiveDateTime,
    leases: Leases,
    limit: usize,
    admit: &mut dyn FnMut(i64) -> bool,
) -> QueryResult<Claim> {
    let look = i64::try_from(limit.saturating_mul(4).max(16)).unwrap_or(256);
    macro_rules! due {
        () => {
            outbox_jobs::table
                .filter(outbox_jobs::state.eq(QUEUED))
                .filter(outbox_jobs::next_attempt_at.le(now))
                .order((outbox_jobs::next_attempt_at.asc(), outbox_jobs::id.asc()))
                .limit(look)
                .select((
                    outbox_jobs::id,
                    outbox_jobs::account_id,
                    outbox_jobs::media_id,
                ))
        };
    }
    let due: Vec<(i64, i64, Option<i64>)> = match conn {
        DbConnection::Postgresql(c) => due!().for_update().skip_locked().load(c)?,
        DbConnection::Sqlite(c) => due!().load(c)?,
    };
    let mut claim = Claim::default();
    let mut calls = Vec::new();
    let mut uploads = Vec::new();
    for (id, account, media) in due {
        if calls.len() + uploads.len() >= limit {
            break;
        }
        if !admit(account) {
            claim.throttled = true;
            continue;
        }
        if media.is_some() {
            uploads.push(id);
        } else {
            calls.push(id);
        }
    }
    for (ids, until) in [(&calls, leases.call), (&uploads, leases.with_upload)] {
        if ids.is_empty() {
            continue;
        }
        diesel::update(outbox_jobs::table.filter(outbox_jobs::id.eq_any(ids)))
            .set((
                outbox_jobs::state.eq(SENDING),
                outbox_jobs::attempts.eq(outbox_jobs::attempts + 1),
                outbox_jobs::locked_until.eq(until),
                outbox_jobs::updated_at.eq(now),
            ))
            .execute(conn)?;
    }
    let ids: Vec<i64> = calls.into_iter().chain(uploads).collect();
    if ids.is_empty() {
        return Ok(claim);
    }
    let rows: Vec<ClaimRow> = outbox_jobs::table
        .inner_join(accounts::table)
        .filter(outbox_jobs::id.eq_any(&ids))
        .order(outbox_jobs::id.asc())
        .select((
            outbox_jobs::id,
            outbox_jobs::organization_id,
            outbox_jobs::account_id,
            outbox_jobs::message_id,
            outbox_jobs::kind,
            outbox_jobs::request,
            outbox_jobs::media_id,
            outbox_jobs::attempts,
            accounts::phone_number_id,
            accounts::access_token_ciphertext,
            accounts::disabled_at,
        ))
        .load(conn)?;
    claim.jobs = rows
        .into_iter()
        .map(|r| Claimed {
            id: r.0,
            organization_id: r.1,
            account_id: r.2,
            message_id: r.3,
            kind: r.4,
            request: r.5,
            media_id: r.6,
            attempts: r.7,
            phone_number_id: r.8,
            access_token_ciphertext: r.9,
            account_disabled: r.10.is_some(),
        })
        .collect();
    Ok(claim)
}

/// Jobs whose worker disappeared mid-call (process killed) and whose lease ran out: whether
/// WhatsApp received the request is not known. Returns (job id, message id, kind).
pub fn expired_leases(conn: &mut Conn, now: NaiveDateTime) -> QueryResult<Vec<(i64, i64, String)>> {
    macro_rules! expired {
        () => {
            outbox_jobs::table
                .filter(outbox_jobs::state.eq(SENDING))
                .filter(outbox_jobs::locked_until.lt(now))
                .select((outbox_jobs::id, outbox_jobs::message_id, outbox_jobs::kind))
                .limit(256)
        };
    }
    match conn {
        DbConnection::Postgresql(c) => expired!().for_update().skip_locked().load(c),
        DbConnection::Sqlite(c) => expired!().load(c),
    }
}

/// Ends a job in `state` (only while this worker still holds it).
pub fn finish(
    conn: &mut Conn,
    id: i64,
    state: &str,
    error: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let n = diesel::update(
        outbox_jobs::table
            .filter(outbox_jobs::id.eq(id))
            .filter(outbox_jobs::state.eq(SENDING)),
    )
    .set((
        outbox_jobs::state.eq(state),
        outbox_jobs::last_error.eq(error),
        outbox_jobs::locked_until.eq(None::<NaiveDateTime>),
        outbox_jobs::updated_at.eq(now),
    ))
    .execute(conn)?;
    Ok(n > 0)
}

/// Puts a job back in the queue for another attempt at `at`.
pub fn requeue(
    conn: &mut Conn,
    id: i64,
    at: NaiveDateTime,
    error: &str,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let n = diesel::update(
        outbox_jobs::table
            .filter(outbox_jobs::id.eq(id))
            .filter(outbox_jobs::state.eq(SENDING)),
    )
    .set((
        outbox_jobs::state.eq(QUEUED),
        outbox_jobs::next_attempt_at.eq(at),
        outbox_jobs::last_error.eq(error),
        outbox_jobs::locked_until.eq(None::<NaiveDateTime>),
        outbox_jobs::updated_at.eq(now),
    ))
    .execute(conn)?;
    Ok(n > 0)
}

/// Queues a failed or unknown send again from scratch (an agent's explicit retry).
pub fn restart(
    conn: &mut Conn,
    message_id: i64,
    request: &str,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let n = diesel::update(
        outbox_jobs::table
            .filter(outbox_jobs::message_id.eq(message_id))
            .filter(outbox_jobs::kind.eq(KIND_SEND))
            .filter(outbox_jobs::state.eq_any([FAILED, UNKNOWN])),
    )
    .set((
        outbox_jobs::state.eq(QUEUED),
        outbox_jobs::request.eq(request),
        outbox_jobs::attempts.eq(0),
        outbox_jobs::next_attempt_at.eq(now),
        outbox_jobs::last_error.eq(None::<String>),
        outbox_jobs::locked_until.eq(None::<NaiveDateTime>),
        outbox_jobs::updated_at.eq(now),
    ))
    .execute(conn)?;
    Ok(n > 0)
}

/// Marks the send job of a message done: its outcome was learned from a status webhook.
pub fn settle_unknown(conn: &mut Conn, message_id: i64, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(
        outbox_jobs::table
            .filter(outbox_jobs::message_id.eq(message_id))
            .filter(outbox_jobs::kind.eq(KIND_SEND))
            .filter(outbox_jobs::state.eq(UNKNOWN)),
    )
    .set((outbox_jobs::state.eq(DONE), outbox_jobs::updated_at.eq(now)))
    .execute(conn)
    .map(drop)
}

/// Jobs waiting to be sent (queued or in flight), for the metrics gauge.
pub fn backlog(conn: &mut Conn) -> QueryResult<i64> {
    outbox_jobs::table
        .filter(outbox_jobs::state.eq_any([QUEUED, SENDING]))
        .count()
        .get_result(conn)
}

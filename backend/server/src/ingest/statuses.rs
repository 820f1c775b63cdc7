//! Delivery statuses of outbound messages: they only move forward (sent < delivered < read <
//! played; failed is terminal and keeps Meta's error). A status whose message is not known yet
//! (the send call has not returned) waits in `pending_statuses` until the message appears.

use crate::db::Conn;
use crate::db::schema::{messages, pending_statuses};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::json;
use whatsapp_cloud::webhook::{Status, StatusKind};

/// Every known status at least as advanced as `kind` (the ones it must not replace).
fn not_replaced_by(kind: &StatusKind) -> Vec<&'static str> {
    ["sent", "delivered", "read", "played", "failed"]
        .into_iter()
        .filter(|s| StatusKind::parse(s).rank() >= kind.rank() || *s == "failed")
        .collect()
}

/// The error JSON stored on a failed message: `{code, title, message, details}`.
pub fn error_json(status: &Status) -> Option<String> {
    let e = status.errors.first()?;
    Some(
        json!({
            "code": e.code,
            "title": e.title,
            "message": e.message,
            "details": e.details(),
        })
        .to_string(),
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    /// The message moved to this status.
    Advanced,
    /// The message already had this or a later status.
    Stale,
    /// The message is unknown; the status waits for it.
    Deferred,
}

/// Applies one status to the outbound message `status.id` of `account`.
pub fn apply(
    conn: &mut Conn,
    account: i64,
    status: &Status,
    now: NaiveDateTime,
) -> QueryResult<Applied> {
    let at = status
        .timestamp
        .to_datetime()
        .map_or(now, |t| t.naive_utc());
    if advance(
        conn,
        account,
        &status.id,
        &status.status,
        error_json(status).as_deref(),
        now,
    )? {
        return Ok(Applied::Advanced);
    }
    if let Some(message) = status
        .biz_opaque_callback_data
        .as_deref()
        .and_then(crate::outbox::message_of_callback)
        && settle(conn, account, message, &status.id, now)?
        && advance(
            conn,
            account,
            &status.id,
            &status.status,
            error_json(status).as_deref(),
            now,
        )?
    {
        return Ok(Applied::Advanced);
    }
    let known: bool = diesel::select(diesel::dsl::exists(
        messages::table
            .filter(messages::account_id.eq(account))
            .filter(messages::wamid.eq(&status.id)),
    ))
    .get_result(conn)?;
    if known {
        return Ok(Applied::Stale);
    }
    let duplicate: bool = diesel::select(diesel::dsl::exists(
        pending_statuses::table
            .filter(pending_statuses::account_id.eq(account))
            .filter(pending_statuses::wamid.eq(&status.id))
            .filter(pending_statuses::status.eq(status.status.as_str())),
    ))
    .get_result(conn)?;
    if !duplicate {
        diesel::insert_into(pending_statuses::table)
            .values((
                pending_statuses::account_id.eq(account),
                pending_statuses::wamid.eq(&status.id),
                pending_statuses::status.eq(status.status.as_str()),
                pending_statuses::payload.eq(serde_json::to_string(status).unwrap_or_default()),
                pending_statuses::status_at.eq(at),
                pending_statuses::created_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(Applied::Deferred)
}

/// A status for an outbound message whose send outcome was unknown (no wamid stored): the
/// callback data names it, so it gets its wamid now. True when it did.
fn settle(
    conn: &mut Conn,
    account: i64,
    message: i64,
    wamid: &str,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let n = diesel::update(
        messages::table
            .filter(messages::id.eq(message))
            .filter(messages::account_id.eq(account))
            .filter(messages::direction.eq("outbound"))
            .filter(messages::wamid.is_null()),
    )
    .set((
        messages::wamid.eq(wamid),
        messages::error.eq(None::<String>),
        messages::updated_at.eq(now),
    ))
    .execute(conn)?;
    if n > 0 {
        crate::outbox::store::settle_unknown(conn, message, now)?;
    }
    Ok(n > 0)
}

/// Moves the outbound message to `kind` when that is a step forward; true when it did.
fn advance(
    conn: &mut Conn,
    account: i64,
    wamid: &str,
    kind: &StatusKind,
    error: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    if kind.rank() == 0 {
        return Ok(false);
    }
    let target = messages::table
        .filter(messages::account_id.eq(account))
        .filter(messages::wamid.eq(wamid))
        .filter(messages::direction.eq("outbound"))
        .filter(messages::status.ne_all(not_replaced_by(kind)));
    let n = if matches!(kind, StatusKind::Failed) {
        diesel::update(target)
            .set((
                messages::status.eq(kind.as_str()),
                messages::error.eq(error),
                messages::updated_at.eq(now),
            ))
            .execute(conn)?
    } else {
        diesel::update(target)
            .set((
                messages::status.eq(kind.as_str()),
                messages::updated_at.eq(now),
            ))
            .execute(conn)?
    };
    Ok(n > 0)
}

/// Applies the statuses that arrived before the outbound message `wamid` of `account` was
/// stored, then forgets them. Call it right after inserting an outbound message with its wamid
/// (in the same transaction).
pub fn apply_pending(
    conn: &mut Conn,
    account: i64,
    wamid: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let waiting: Vec<(i64, String, String)> = pending_statuses::table
        .filter(pending_statuses::account_id.eq(account))
        .filter(pending_statuses::wamid.eq(wamid))
        .select((
            pending_statuses::id,
            pending_statuses::status,
            pending_statuses::payload,
        ))
        .load(conn)?;
    if waiting.is_empty() {
        return Ok(());
    }
    let mut ordered: Vec<(StatusKind, Option<String>)> = waiting
        .iter()
        .map(|(_, kind, payload)| {
            let error = serde_json::from_str::<Status>(payload)
                .ok()
                .and_then(|s| error_json(&s));
            (StatusKind::parse(kind), error)
        })
        .collect();
    ordered.sort_by_key(|(k, _)| k.rank());
    for (kind, error) in &ordered {
        advance(conn, account, wamid, kind, error.as_deref(), now)?;
    }
    diesel::delete(
        pending_statuses::table
            .filter(pending_statuses::id.eq_any(waiting.iter().map(|(id, _, _)| *id))),
    )
    .execute(conn)?;
    Ok(())
}

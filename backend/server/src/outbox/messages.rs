//! What an outbox outcome does to the outbound message.

use crate::db::Conn;
use crate::db::schema::messages;
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// The `error` JSON stored on a message refused by the Graph API: `{code, title, message,
/// details}` like a failed status webhook.
pub fn error_json(e: &whatsapp_cloud::Error) -> String {
    match e.graph_error() {
        Some(g) => {
            let title = g.error_user_title.clone().unwrap_or_else(|| {
                // "(#131047) Re-engagement message" → "Re-engagement message"
                g.message
                    .split_once(") ")
                    .filter(|(head, _)| head.starts_with("(#"))
                    .map_or_else(|| g.message.clone(), |(_, rest)| rest.to_owned())
            });
            serde_json::json!({
                "code": g.code,
                "title": title,
                "message": g.message,
                "details": g.details(),
            })
            .to_string()
        }
        None => serde_json::json!({
            "code": null,
            "title": "Not sent",
            "message": e.to_string(),
            "details": null,
        })
        .to_string(),
    }
}

/// WhatsApp accepted the message: keep its wamid; `pending` (or `unknown`) becomes `sent`, and
/// statuses that arrived before the answer are applied.
pub fn mark_sent(
    conn: &mut Conn,
    account: i64,
    message: i64,
    wamid: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let target = messages::table.find(message);
    if let Some(wamid) = wamid {
        diesel::update(target.filter(messages::wamid.is_null()))
            .set(messages::wamid.eq(wamid))
            .execute(conn)?;
    }
    diesel::update(target.filter(messages::status.eq_any(["pending", "unknown"])))
        .set((
            messages::status.eq("sent"),
            messages::error.eq(None::<String>),
            messages::updated_at.eq(now),
        ))
        .execute(conn)?;
    if let Some(wamid) = wamid {
        crate::ingest::apply_pending_statuses(conn, account, wamid, now)?;
    }
    Ok(())
}

pub fn mark_failed(
    conn: &mut Conn,
    message: i64,
    error: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(
        messages::table
            .find(message)
            .filter(messages::status.eq_any(["pending", "unknown"])),
    )
    .set((
        messages::status.eq("failed"),
        messages::error.eq(error),
        messages::updated_at.eq(now),
    ))
    .execute(conn)
    .map(drop)
}

/// Whether WhatsApp got the message is not known (see the worker's documentation).
pub fn mark_unknown(conn: &mut Conn, message: i64, now: NaiveDateTime) -> QueryResult<()> {
    let error = serde_json::json!({
        "code": null,
        "title": "Delivery not confirmed",
        "message": "The connection to WhatsApp broke after the message was handed over, so it may or may not have been sent. It is updated if WhatsApp reports on it; retrying may send it twice.",
        "details": null,
    });
    diesel::update(
        messages::table
            .find(message)
            .filter(messages::status.eq("pending")),
    )
    .set((
        messages::status.eq("unknown"),
        messages::error.eq(error.to_string()),
        messages::updated_at.eq(now),
    ))
    .execute(conn)
    .map(drop)
}

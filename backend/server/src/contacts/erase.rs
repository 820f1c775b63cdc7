//! Erasure (`DELETE /api/v1/contacts/{id}`): everything held about one person goes — the
//! contact, its conversations and messages with their reactions, edits, queued sends and media
//! files — and the person is scrubbed from the technical logs: raw webhook payloads lose the
//! parts about them (a payload only about them is deleted), Graph API call records that concern
//! them lose their bodies, audit entries keep what happened but not their data. One
//! transaction; the media files are deleted right after it commits (and retried by the purge
//! if the store fails).
//!
//! Webhooks not yet processed when the erasure runs are left alone: they are the person
//! writing again, and, like any later message from them, create a fresh contact.

use super::ContactId;
use super::scrub::{Person, Scrubbed, scrub_payload};
use super::store;
use super::store::substring_pattern as like;
use crate::db::Conn;
use crate::db::schema::{
    api_calls, audit_log, conversations, inbox_events, messages, pending_statuses, webhook_events,
};
use crate::ids::OrgId;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

/// What an erasure removed.
#[derive(Debug, Default, Clone, Copy, Serialize, ToSchema)]
pub struct Erasure {
    pub conversations: u64,
    pub messages: u64,
    pub media_files: u64,
    /// Raw webhook payloads deleted because they concerned only this person.
    pub webhook_events_deleted: u64,
    /// Raw webhook payloads that also concerned others, with this person removed.
    pub webhook_events_redacted: u64,
    /// Graph API call records whose bodies were removed.
    pub api_calls_redacted: u64,
    /// Audit entries whose details named the person.
    pub audit_entries_redacted: u64,
    /// Other people's messages that named the person or gave their number.
    pub mentions_redacted: u64,
}

/// Fields of at least this many characters are scrubbed as free text (shorter ones — "Hi",
/// "ok" — would match everywhere).
const MIN_TEXT: usize = 4;

/// What identifies the person and what must not remain of them, and the WhatsApp ids of
/// their conversations' messages (read in the same query).
fn person(
    conn: &mut Conn,
    contact: &store::ContactRow,
    conversations: &[i64],
) -> QueryResult<(Person, Vec<String>)> {
    let mut ids: Vec<String> = [
        &contact.wa_id,
        &contact.user_id,
        &contact.parent_user_id,
        &contact.phone_number,
        &contact.username,
    ]
    .into_iter()
    .flatten()
    .filter(|s| s.len() >= MIN_TEXT)
    .cloned()
    .collect();
    let rows: Vec<(Option<String>, Option<String>)> = messages::table
        .filter(messages::conversation_id.eq_any(conversations))
        .select((messages::wamid, messages::body))
        .load(conn)?;
    let mut texts: Vec<String> = [&contact.profile_name, &contact.name]
        .into_iter()
        .flatten()
        .filter(|s| s.chars().count() >= MIN_TEXT)
        .cloned()
        .collect();
    let mut wamids = Vec::new();
    for (wamid, body) in rows {
        wamids.extend(wamid.clone());
        ids.extend(wamid);
        texts.extend(body.filter(|b| b.chars().count() >= MIN_TEXT));
    }
    // Longest first, so a longer text is replaced before a shorter one inside it.
    texts.sort_by_key(|t| std::cmp::Reverse(t.len()));
    texts.dedup();
    Ok((Person { ids, texts }, wamids))
}

/// Identifiers that select the candidate rows of the technical logs.
fn identifiers(contact: &store::ContactRow) -> Vec<String> {
    [
        &contact.wa_id,
        &contact.user_id,
        &contact.parent_user_id,
        &contact.phone_number,
    ]
    .into_iter()
    .flatten()
    .filter(|s| s.len() >= MIN_TEXT)
    .cloned()
    .collect()
}

type WebhookCondition = Box<
    dyn BoxableExpression<
            webhook_events::table,
            <Conn as diesel::Connection>::Backend,
            SqlType = diesel::sql_types::Bool,
        >,
>;

/// Payloads containing any of the (non-empty list of) identifiers.
fn payload_mentions(needles: &[String]) -> WebhookCondition {
    let mut cond: WebhookCondition =
        Box::new(webhook_events::payload.like(like(&needles[0])).escape('\\'));
    for n in &needles[1..] {
        cond = Box::new(cond.or(webhook_events::payload.like(like(n)).escape('\\')));
    }
    cond
}

/// Erases the contact and everything about them (inside the caller's transaction).
pub fn erase(
    conn: &mut Conn,
    org: OrgId,
    id: ContactId,
    now: NaiveDateTime,
) -> QueryResult<Erasure> {
    let contact = store::get(conn, org, id)?;
    let convs: Vec<i64> = conversations::table
        .filter(conversations::organization_id.eq(org.0))
        .filter(conversations::contact_id.eq(id.0))
        .select(conversations::id)
        .load(conn)?;
    let (person, wamids) = person(conn, &contact, &convs)?;
    let mut out = Erasure::default();

    // The inbox: messages (with media, reactions, edits, outbox jobs, idempotency keys),
    // conversations, the contact.
    let message_ids: Vec<i64> = messages::table
        .filter(messages::conversation_id.eq_any(&convs))
        .select(messages::id)
        .load(conn)?;
    for chunk in message_ids.chunks(1000) {
        let c = crate::retention::purge::delete_messages(conn, chunk, now, false)?;
        out.messages += c.messages;
        out.media_files += c.media_files;
    }
    diesel::delete(inbox_events::table.filter(inbox_events::conversation_id.eq_any(&convs)))
        .execute(conn)?;
    out.conversations = convs.len() as u64;
    diesel::delete(conversations::table.filter(conversations::id.eq_any(&convs))).execute(conn)?;
    diesel::delete(
        crate::db::schema::contacts::table
            .filter(crate::db::schema::contacts::organization_id.eq(org.0))
            .filter(crate::db::schema::contacts::id.eq(id.0)),
    )
    .execute(conn)?;
    for chunk in wamids.chunks(1000) {
        diesel::delete(pending_statuses::table.filter(pending_statuses::wamid.eq_any(chunk)))
            .execute(conn)?;
    }

    let needles = identifiers(&contact);
    if !needles.is_empty() {
        // Raw webhook payloads (processed or failed ones).
        let mut q = webhook_events::table
            .filter(webhook_events::organization_id.eq(org.0))
            .filter(webhook_events::status.ne(crate::webhooks::store::PENDING))
            .select((webhook_events::id, webhook_events::payload))
            .into_boxed();
        q = q.filter(payload_mentions(&needles));
        let events: Vec<(i64, String)> = q.load(conn)?;
        for (event, payload) in events {
            match scrub_payload(&payload, &person) {
                Scrubbed::Unchanged => {}
                Scrubbed::Remove => {
                    diesel::delete(webhook_events::table.find(event)).execute(conn)?;
                    out.webhook_events_deleted += 1;
                }
                Scrubbed::Changed(doc) => {
                    diesel::update(webhook_events::table.find(event))
                        .set(webhook_events::payload.eq(doc.to_string()))
                        .execute(conn)?;
                    out.webhook_events_redacted += 1;
                }
            }
        }

        // Webhooks still waiting to be processed are the person writing again and are kept,
        // except receipts of the messages just erased (they could only fail to apply).
        if !wamids.is_empty() {
            let receipts = Person {
                ids: wamids.clone(),
                texts: Vec::new(),
            };
            let waiting: Vec<(i64, String)> = webhook_events::table
                .filter(webhook_events::organization_id.eq(org.0))
                .filter(webhook_events::status.eq(crate::webhooks::store::PENDING))
                .filter(payload_mentions(&needles))
                .select((webhook_events::id, webhook_events::payload))
                .load(conn)?;
            for (event, payload) in waiting {
                match scrub_payload(&payload, &receipts) {
                    Scrubbed::Unchanged => {}
                    Scrubbed::Remove => {
                        diesel::delete(webhook_events::table.find(event)).execute(conn)?;
                        out.webhook_events_deleted += 1;
                    }
                    Scrubbed::Changed(doc) => {
                        diesel::update(webhook_events::table.find(event))
                            .set(webhook_events::payload.eq(doc.to_string()))
                            .execute(conn)?;
                        out.webhook_events_redacted += 1;
                    }
                }
            }
        }

        // Graph API calls made for them: keep method, path, status and timing; drop bodies.
        let mut cond: Box<
            dyn BoxableExpression<api_calls::table, _, SqlType = diesel::sql_types::Bool>,
        > = Box::new(diesel::dsl::sql::<diesel::sql_types::Bool>("1 = 0"));
        for n in &needles {
            let p = like(n);
            cond = Box::new(
                cond.or(api_calls::request_body
                    .like(p.clone())
                    .escape('\\')
                    .assume_not_null())
                    .or(api_calls::response_body
                        .like(p.clone())
                        .escape('\\')
                        .assume_not_null())
                    .or(api_calls::error
                        .like(p.clone())
                        .escape('\\')
                        .assume_not_null())
                    .or(api_calls::path.like(p).escape('\\')),
            );
        }
        let calls: Vec<(i64, String, Option<String>)> = api_calls::table
            .filter(api_calls::organization_id.eq(org.0))
            .filter(cond)
            .select((api_calls::id, api_calls::path, api_calls::error))
            .load(conn)?;
        for (call, path, error) in calls {
            diesel::update(api_calls::table.find(call))
                .set((
                    api_calls::request_body.eq(None::<String>),
                    api_calls::response_body.eq(None::<String>),
                    api_calls::path.eq(person.redact_text(&path)),
                    api_calls::error.eq(error.map(|e| person.redact_text(&e))),
                ))
                .execute(conn)?;
            out.api_calls_redacted += 1;
        }
    }

    // Other people's messages that name them or give their number (a customer passing on a
    // contact): the mention is replaced.
    let mentions = Person {
        ids: needles.clone(),
        texts: [&contact.profile_name, &contact.name]
            .into_iter()
            .flatten()
            .filter(|s| s.chars().count() >= MIN_TEXT)
            .cloned()
            .collect(),
    };
    let terms: Vec<String> = mentions
        .ids
        .iter()
        .chain(&mentions.texts)
        .cloned()
        .collect();
    if !terms.is_empty() {
        let mut cond: Box<
            dyn BoxableExpression<
                    messages::table,
                    <Conn as diesel::Connection>::Backend,
                    SqlType = diesel::sql_types::Bool,
                >,
        > = Box::new(messages::content.like(like(&terms[0])).escape('\\'));
        for t in &terms[1..] {
            cond = Box::new(cond.or(messages::content.like(like(t)).escape('\\')));
        }
        let quoted: Vec<(i64, Option<String>, String)> = messages::table
            .filter(messages::organization_id.eq(org.0))
            .filter(cond)
            .select((messages::id, messages::body, messages::content))
            .load(conn)?;
        for (message, body, content) in quoted {
            let content = match serde_json::from_str::<serde_json::Value>(&content) {
                Ok(mut v) => {
                    mentions.redact_value(&mut v);
                    v.to_string()
                }
                Err(_) => mentions.redact_text(&content),
            };
            diesel::update(messages::table.find(message))
                .set((
                    messages::body.eq(body.map(|b| mentions.redact_text(&b))),
                    messages::content.eq(content),
                ))
                .execute(conn)?;
            out.mentions_redacted += 1;
        }
    }

    // Audit entries: about the contact, or naming them.
    type AuditEntry = (i64, Option<String>, Option<String>, Option<String>);
    let entries: Vec<AuditEntry> = audit_log::table
        .filter(audit_log::organization_id.eq(org.0))
        .filter(audit_log::details.is_not_null())
        .select((
            audit_log::id,
            audit_log::target_type,
            audit_log::target_id,
            audit_log::details,
        ))
        .load(conn)?;
    let target = id.0.to_string();
    for (entry, ttype, tid, details) in entries {
        let about = ttype.as_deref() == Some("contact") && tid.as_deref() == Some(target.as_str());
        let names = details.as_deref().is_some_and(|d| person.found_in(d));
        if about || names {
            diesel::update(audit_log::table.find(entry))
                .set(audit_log::details.eq(None::<String>))
                .execute(conn)?;
            out.audit_entries_redacted += 1;
        }
    }
    Ok(out)
}

//! Turns `inbox_events` rows into SSE frames: the entities of one organization's rows are
//! loaded and rendered together (`messages::view`, `conversations::view`: a few queries per
//! batch, whatever its size), and each frame is serialized once for every subscriber, straight
//! into its organization's [`Batch`] buffer.

use super::dto::{
    ConversationEvent, ConversationEventType, InboxEvent, MessageEvent, MessageEventType,
    ResyncEvent, ResyncReason,
};
use super::hub::Batch;
use super::store::EventRow;
use crate::db::Conn;
use crate::ids::OrgId;
use crate::{conversations, messages};
use actix_web::web::Bytes;
use diesel::QueryResult;
use std::collections::{BTreeMap, HashMap, HashSet};

/// One event ready to send: its id, its organization and the whole SSE frame.
#[derive(Debug)]
pub struct Frame {
    pub id: i64,
    pub org: OrgId,
    /// Committed after later ids were already sent (PostgreSQL); sent without SSE id.
    pub late: bool,
    /// The conversation belongs to a restricted contact: only org admins' streams carry it.
    pub restricted: bool,
    pub bytes: Bytes,
}

/// The SSE frame of an event: `id`, `event` (its type) and `data` (its JSON on one line).
pub fn frame_bytes(id: Option<i64>, event: &str, data: &InboxEvent) -> Bytes {
    let mut out = Vec::with_capacity(256);
    write_frame(&mut out, id, event, data);
    Bytes::from(out)
}

/// Appends the SSE frame of an event to `out` (the JSON serialized in place).
fn write_frame(out: &mut Vec<u8>, id: Option<i64>, event: &str, data: &InboxEvent) {
    use std::io::Write;
    if let Some(id) = id {
        let _ = writeln!(out, "id: {id}");
    }
    let _ = write!(out, "event: {event}\ndata: ");
    let start = out.len();
    if serde_json::to_writer(&mut *out, data).is_err() {
        out.truncate(start);
        out.extend_from_slice(b"{}");
    }
    out.extend_from_slice(b"\n\n");
}

/// The `resync` frame. Its id is the position the stream continues from: a client refetches,
/// then goes on (or reconnects with that id when the stream was closed).
pub fn resync(id: i64, reason: ResyncReason) -> Bytes {
    frame_bytes(
        Some(id),
        "resync",
        &InboxEvent::Resync(ResyncEvent {
            type_: "resync",
            reason,
        }),
    )
}

/// The frames of the rows: one batch per organization, frames in id order. Rows whose
/// message or conversation no longer exists (erased since) give no frame; `with_id` says
/// which frames carry their SSE id.
pub fn render(
    conn: &mut Conn,
    rows: &[EventRow],
    with_id: impl Fn(i64) -> bool,
) -> QueryResult<Vec<Batch>> {
    let mut by_org: BTreeMap<i64, Vec<&EventRow>> = BTreeMap::new();
    for row in coalesce(rows) {
        by_org.entry(row.organization_id).or_default().push(row);
    }
    let mut batches = Vec::with_capacity(by_org.len());
    for (org, mut rows) in by_org {
        // Late rows (PostgreSQL) come after the others: their frames go in id order too.
        rows.sort_by_key(|r| r.id);
        let batch = render_organization(conn, OrgId(org), &rows, &with_id)?;
        if !batch.frames.is_empty() {
            batches.push(batch);
        }
    }
    Ok(batches)
}

/// Every event shows its message or conversation as it is now, so within one batch an
/// `updated` event adds nothing to a `created` one or to a later `updated` one of the same
/// thing: per message and per conversation, the `created` event is kept, else the last
/// `updated` one. (A burst of messages in one conversation sends each message once and the
/// conversation once.)
fn coalesce(rows: &[EventRow]) -> Vec<&EventRow> {
    let key = |r: &EventRow| match r.message_id {
        Some(id) => (true, id),
        None => (false, r.conversation_id),
    };
    let mut created = HashSet::new();
    let mut last_updated = HashMap::new();
    for (i, row) in rows.iter().enumerate() {
        if row.kind.ends_with(".created") {
            created.insert(key(row));
        } else {
            last_updated.insert(key(row), i);
        }
    }
    rows.iter()
        .enumerate()
        .filter(|(i, row)| {
            row.kind.ends_with(".created")
                || (!created.contains(&key(row)) && last_updated.get(&key(row)) == Some(i))
        })
        .map(|(_, row)| row)
        .collect()
}

fn render_organization(
    conn: &mut Conn,
    org: OrgId,
    rows: &[&EventRow],
    with_id: &impl Fn(i64) -> bool,
) -> QueryResult<Batch> {
    let mut message_ids: Vec<i64> = rows.iter().filter_map(|r| r.message_id).collect();
    message_ids.sort_unstable();
    message_ids.dedup();
    let mut conversation_ids: Vec<i64> = rows
        .iter()
        .filter(|r| r.message_id.is_none())
        .map(|r| r.conversation_id)
        .collect();
    conversation_ids.sort_unstable();
    conversation_ids.dedup();
    let messages: HashMap<i64, messages::Message> = messages::view::many(conn, org, &message_ids)?
        .into_iter()
        .map(|m| (m.id, m))
        .collect();
    let conversations: HashMap<i64, conversations::Conversation> =
        conversations::view::many(conn, org, &conversation_ids, &messages)?
            .into_iter()
            .map(|c| (c.id, c))
            .collect();
    let mut all_conversations: Vec<i64> = rows.iter().map(|r| r.conversation_id).collect();
    all_conversations.sort_unstable();
    all_conversations.dedup();
    let restricted =
        crate::contacts::visibility::restricted_conversations(conn, &all_conversations)?;
    // Frames are written back to back; each is a slice of the whole once it is frozen.
    let mut buf = Vec::with_capacity(rows.len() * 1024);
    let mut written = Vec::with_capacity(rows.len());
    for row in rows {
        let occurred_at = row.created_at.and_utc();
        let event = match (row.kind.as_str(), row.message_id) {
            (kind @ ("message.created" | "message.updated"), Some(id)) => {
                let Some(message) = messages.get(&id) else {
                    continue;
                };
                InboxEvent::Message(Box::new(MessageEvent {
                    id: row.id,
                    type_: if kind == "message.created" {
                        MessageEventType::Created
                    } else {
                        MessageEventType::Updated
                    },
                    occurred_at,
                    message: message.clone(),
                }))
            }
            (kind @ ("conversation.created" | "conversation.updated"), None) => {
                let Some(conversation) = conversations.get(&row.conversation_id) else {
                    continue;
                };
                InboxEvent::Conversation(Box::new(ConversationEvent {
                    id: row.id,
                    type_: if kind == "conversation.created" {
                        ConversationEventType::Created
                    } else {
                        ConversationEventType::Updated
                    },
                    occurred_at,
                    conversation: conversation.clone(),
                }))
            }
            _ => continue,
        };
        let start = buf.len();
        let late = !with_id(row.id);
        write_frame(&mut buf, (!late).then_some(row.id), &row.kind, &event);
        written.push((row, late, start..buf.len()));
    }
    let joined = Bytes::from(buf);
    let frames = written
        .into_iter()
        .map(|(row, late, range)| Frame {
            id: row.id,
            org,
            late,
            restricted: restricted.contains(&row.conversation_id),
            bytes: joined.slice(range),
        })
        .collect();
    Ok(Batch {
        org,
        frames,
        joined,
    })
}

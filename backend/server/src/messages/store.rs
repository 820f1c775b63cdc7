//! Message queries for the read side: a page of one conversation, and the reactions and
//! media of a set of messages (one `IN (…)` query each, never one per message).

use crate::conversations::ConversationId;
use crate::conversations::cursor::TimeCursor;
use crate::db::schema::{media, message_reactions, messages};
use crate::db::{Conn, id_in};
use crate::ids::OrgId;
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// The columns the Message JSON is built from (`body`, a copy of the text for previews and
/// search, and the bookkeeping columns are left out).
#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = messages)]
pub struct MessageRow {
    pub id: i64,
    pub conversation_id: i64,
    pub direction: String,
    pub kind: String,
    pub wamid: Option<String>,
    pub content: String,
    pub context_wamid: Option<String>,
    pub reply_to_message_id: Option<i64>,
    pub status: String,
    pub error: Option<String>,
    pub sent_by_user_id: Option<i64>,
    #[diesel(deserialize_as = crate::db::TsOpt)]
    pub edited_at: Option<NaiveDateTime>,
    #[diesel(deserialize_as = crate::db::TsOpt)]
    pub deleted_at: Option<NaiveDateTime>,
    #[diesel(deserialize_as = crate::db::Ts)]
    pub sent_at: NaiveDateTime,
    #[diesel(deserialize_as = crate::db::Ts)]
    pub created_at: NaiveDateTime,
}

impl MessageRow {
    /// Position in the message list (newest first by message time, then id).
    pub fn cursor(&self) -> TimeCursor {
        TimeCursor {
            at: self.sent_at,
            id: self.id,
        }
    }
}

#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = message_reactions)]
pub struct ReactionRow {
    pub message_id: i64,
    pub reactor: String,
    pub emoji: String,
    #[diesel(deserialize_as = crate::db::Ts)]
    pub reacted_at: NaiveDateTime,
}

#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = media)]
pub struct MediaRow {
    pub id: i64,
    pub organization_id: i64,
    pub message_id: Option<i64>,
    pub mime_type: Option<String>,
    pub sha256: Option<String>,
    pub size_bytes: Option<i64>,
    pub filename: Option<String>,
    pub status: String,
    pub error: Option<String>,
}

/// Newest first: rows strictly after `after` in (sent_at desc, id desc) order.
pub fn page(
    conn: &mut Conn,
    org: OrgId,
    conversation: ConversationId,
    after: Option<TimeCursor>,
    limit: i64,
) -> QueryResult<Vec<MessageRow>> {
    let mut q = messages::table
        .filter(messages::conversation_id.eq(conversation.0))
        .filter(messages::organization_id.eq(org.0))
        .select(MessageRow::as_select())
        .order((messages::sent_at.desc(), messages::id.desc()))
        .limit(limit)
        .into_boxed();
    if let Some(c) = after {
        // `sent_at <= t` bounds the index range; the second term excludes the rows up to
        // and including the cursor row among those sharing its timestamp.
        q = q
            .filter(messages::sent_at.le(c.at))
            .filter(messages::sent_at.lt(c.at).or(messages::id.lt(c.id)));
    }
    q.load(conn)
}

/// Reactions of the given messages, oldest first. Callers pass ids of messages already
/// scoped to their organization.
pub fn reactions_of(conn: &mut Conn, message_ids: &[i64]) -> QueryResult<Vec<ReactionRow>> {
    if message_ids.is_empty() {
        return Ok(Vec::new());
    }
    message_reactions::table
        .filter(id_in(message_reactions::message_id, message_ids))
        .select(ReactionRow::as_select())
        .order((
            message_reactions::reacted_at.asc(),
            message_reactions::id.asc(),
        ))
        .load(conn)
}

/// Media rows named by the messages' content (`media.media_id`) or attached to them
/// (`media.message_id`), in the organization. The organization is checked on the rows, not
/// in SQL: with it in the WHERE clause SQLite scans the organization's media instead of
/// using one index per `IN` list.
pub fn media_of(
    conn: &mut Conn,
    org: OrgId,
    media_ids: &[i64],
    message_ids: &[i64],
) -> QueryResult<Vec<MediaRow>> {
    if media_ids.is_empty() && message_ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut rows: Vec<MediaRow> = media::table
        .filter(
            id_in(media::id, media_ids).or(id_in(media::message_id.assume_not_null(), message_ids)),
        )
        .select(MediaRow::as_select())
        .load(conn)?;
    rows.retain(|m| m.organization_id == org.0);
    Ok(rows)
}

//! Turns message rows into the API's Message JSON: the content contract of `messages.content`
//! (see the inbox migration), plus reactions and media loaded for a whole set of messages at
//! once, so a page costs the same number of queries whatever its size.

use super::dto::{
    Direction, MediaStatus, Message, MessageButton, MessageContext, MessageError, MessageLocation,
    MessageMedia, MessageReaction, MessageStatus, MessageText,
};
use super::store::{self, MediaRow, MessageRow, ReactionRow};
use crate::db::Conn;
use crate::ids::OrgId;
use diesel::QueryResult;
use serde_json::{Map, Value};
use std::collections::HashMap;

/// Message types whose content is a file.
const MEDIA_KINDS: &[&str] = &["image", "video", "audio", "document", "sticker"];

/// Renders rows (in their order) with their reactions and media: two queries at most.
pub fn render(conn: &mut Conn, org: OrgId, rows: Vec<MessageRow>) -> QueryResult<Vec<Message>> {
    let parsed: Vec<(MessageRow, Map<String, Value>)> = rows
        .into_iter()
        .map(|r| {
            let content = parse_object(&r.content);
            (r, content)
        })
        .collect();
    let ids: Vec<i64> = parsed.iter().map(|(r, _)| r.id).collect();
    let with_media: Vec<&(MessageRow, Map<String, Value>)> = parsed
        .iter()
        .filter(|(r, c)| c.contains_key("media") || MEDIA_KINDS.contains(&r.kind.as_str()))
        .collect();
    let media_ids: Vec<i64> = with_media
        .iter()
        .filter_map(|(_, c)| c.get("media").and_then(|m| int(m.get("media_id"))))
        .collect();
    let media_message_ids: Vec<i64> = with_media.iter().map(|(r, _)| r.id).collect();

    let mut reactions: HashMap<i64, Vec<ReactionRow>> = HashMap::new();
    for r in store::reactions_of(conn, &ids)? {
        reactions.entry(r.message_id).or_default().push(r);
    }
    let media_rows = store::media_of(conn, org, &media_ids, &media_message_ids)?;
    let media_by_id: HashMap<i64, &MediaRow> = media_rows.iter().map(|m| (m.id, m)).collect();
    let media_by_message: HashMap<i64, &MediaRow> = media_rows
        .iter()
        .filter_map(|m| m.message_id.map(|id| (id, m)))
        .collect();

    Ok(parsed
        .into_iter()
        .map(|(row, content)| {
            let media_row = content
                .get("media")
                .and_then(|m| int(m.get("media_id")))
                .and_then(|id| media_by_id.get(&id))
                .or_else(|| media_by_message.get(&row.id))
                .copied();
            let row_reactions = reactions.remove(&row.id).unwrap_or_default();
            message(row, content, row_reactions, media_row)
        })
        .collect())
}

/// One message from its row, parsed content, reactions and media record.
pub fn message(
    row: MessageRow,
    content: Map<String, Value>,
    reactions: Vec<ReactionRow>,
    media_row: Option<&MediaRow>,
) -> Message {
    let deleted = row.deleted_at.is_some();
    // A deleted message shows that it existed, never what it said.
    let field = |key: &str| -> Option<&Value> {
        if deleted {
            None
        } else {
            content.get(key).filter(|v| !v.is_null())
        }
    };
    let is_media = MEDIA_KINDS.contains(&row.kind.as_str()) || content.contains_key("media");
    Message {
        id: row.id,
        conversation_id: row.conversation_id,
        direction: if row.direction == "outbound" {
            Direction::Outbound
        } else {
            Direction::Inbound
        },
        wamid: row.wamid.clone(),
        text: field("text").and_then(text),
        media: if deleted || !is_media {
            None
        } else {
            Some(media(field("media"), media_row))
        },
        location: field("location").map(|v| MessageLocation {
            latitude: number(v.get("latitude")),
            longitude: number(v.get("longitude")),
            name: string(v.get("name")),
            address: string(v.get("address")),
            url: string(v.get("url")),
        }),
        contacts: field("contacts").and_then(|v| v.as_array().cloned()),
        interactive: field("interactive").cloned(),
        button: field("button").map(|v| MessageButton {
            payload: string(v.get("payload")),
            text: string(v.get("text")),
        }),
        order: field("order").cloned(),
        system: field("system").cloned(),
        referral: field("referral").cloned(),
        reaction: field("reaction").cloned(),
        template: field("template").cloned(),
        unsupported: field("unsupported").cloned(),
        raw: field("raw").cloned(),
        context: context(&row, &content),
        status: MessageStatus::parse(&row.status),
        error: row.error.as_deref().map(error),
        reactions: reactions
            .into_iter()
            .map(|r| MessageReaction {
                emoji: r.emoji,
                reactor: r.reactor,
                reacted_at: r.reacted_at.and_utc(),
            })
            .collect(),
        edited: row.edited_at.is_some(),
        edited_at: row.edited_at.map(|t| t.and_utc()),
        deleted,
        deleted_at: row.deleted_at.map(|t| t.and_utc()),
        sent_by_user_id: row.sent_by_user_id,
        timestamp: row.sent_at.and_utc(),
        created_at: row.created_at.and_utc(),
        type_: row.kind,
    }
}

fn parse_object(raw: &str) -> Map<String, Value> {
    match serde_json::from_str::<Value>(raw) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    }
}

fn string(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn number(v: Option<&Value>) -> Option<f64> {
    match v? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn int(v: Option<&Value>) -> Option<i64> {
    match v? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn text(v: &Value) -> Option<MessageText> {
    match v {
        Value::String(s) => Some(MessageText {
            body: s.clone(),
            preview_url: None,
        }),
        Value::Object(o) => Some(MessageText {
            body: string(o.get("body")).unwrap_or_default(),
            preview_url: o.get("preview_url").and_then(Value::as_bool),
        }),
        _ => None,
    }
}

fn media(content: Option<&Value>, row: Option<&MediaRow>) -> MessageMedia {
    let c = |key: &str| string(content.and_then(|m| m.get(key)));
    let flag = |key: &str| {
        content
            .and_then(|m| m.get(key))
            .and_then(Value::as_bool)
            .unwrap_or(false)
    };
    let status = row.map_or(MediaStatus::Pending, |r| MediaStatus::parse(&r.status));
    MessageMedia {
        id: row.map(|r| r.id),
        mime_type: row
            .and_then(|r| r.mime_type.clone())
            .or_else(|| c("mime_type")),
        filename: row
            .and_then(|r| r.filename.clone())
            .or_else(|| c("filename")),
        caption: c("caption"),
        voice: flag("voice"),
        animated: flag("animated"),
        sha256: row.and_then(|r| r.sha256.clone()).or_else(|| c("sha256")),
        size_bytes: row.and_then(|r| r.size_bytes),
        status,
        error: row.and_then(|r| r.error.clone()),
        url: row
            .filter(|_| status == MediaStatus::Stored)
            .map(|r| format!("/api/v1/media/{}", r.id)),
    }
}

fn context(row: &MessageRow, content: &Map<String, Value>) -> Option<MessageContext> {
    let flag = |key: &str| content.get(key).and_then(Value::as_bool).unwrap_or(false);
    let forwarded = flag("forwarded");
    let frequently_forwarded = flag("frequently_forwarded");
    let referred_product = content
        .get("referred_product")
        .filter(|v| !v.is_null())
        .cloned();
    let any = row.context_wamid.is_some()
        || row.reply_to_message_id.is_some()
        || forwarded
        || frequently_forwarded
        || referred_product.is_some();
    any.then(|| MessageContext {
        message_id: row.reply_to_message_id,
        wamid: row.context_wamid.clone(),
        forwarded,
        frequently_forwarded,
        referred_product,
    })
}

/// `{code, title, message, details}` (or Meta's `error_data.details`); text that is not
/// JSON becomes the message.
fn error(raw: &str) -> MessageError {
    match serde_json::from_str::<Value>(raw) {
        Ok(Value::Object(o)) => MessageError {
            code: int(o.get("code")),
            title: string(o.get("title")),
            message: string(o.get("message")),
            details: string(o.get("details"))
                .or_else(|| string(o.get("error_data").and_then(|d| d.get("details")))),
        },
        _ => MessageError {
            code: None,
            title: None,
            message: Some(raw.to_owned()),
            details: None,
        },
    }
}

/// One page of a conversation's messages, newest first (3 queries: the page, reactions,
/// media). Another organization's conversation is `NotFound`: an empty page checks that the
/// conversation exists, a non-empty one proves it.
pub fn page(
    conn: &mut Conn,
    org: OrgId,
    conversation: crate::conversations::ConversationId,
    page: crate::conversations::cursor::TimePage,
) -> QueryResult<super::MessagePage> {
    let mut rows = store::page(conn, org, conversation, page.after, page.fetch())?;
    if rows.is_empty() {
        crate::conversations::store::ensure_exists(conn, org, conversation)?;
    }
    let next_cursor = page.finish(&mut rows, MessageRow::cursor);
    Ok(super::MessagePage {
        items: render(conn, org, rows)?,
        next_cursor,
    })
}

/// One message of the organization, rendered like in a page.
pub fn one(conn: &mut Conn, org: OrgId, id: i64) -> QueryResult<Message> {
    use crate::db::schema::messages;
    use diesel::prelude::*;
    let row: MessageRow = messages::table
        .filter(messages::organization_id.eq(org.0))
        .filter(messages::id.eq(id))
        .select(MessageRow::as_select())
        .first(conn)?;
    render(conn, org, vec![row])?
        .pop()
        .ok_or(diesel::result::Error::NotFound)
}

/// Messages of the organization by id (any order; missing ids are left out), rendered like in
/// a page: three queries whatever their number.
pub fn many(conn: &mut Conn, org: OrgId, ids: &[i64]) -> QueryResult<Vec<Message>> {
    use crate::db::schema::messages;
    use diesel::prelude::*;
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<MessageRow> = messages::table
        .filter(messages::organization_id.eq(org.0))
        .filter(crate::db::id_in(messages::id, ids))
        .select(MessageRow::as_select())
        .load(conn)?;
    render(conn, org, rows)
}

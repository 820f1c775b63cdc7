//! Right of access and portability (`GET /api/v1/contacts/{id}/export`): everything held about
//! one person as one machine-readable JSON document — the contact, its conversations, every
//! message (with delivery state, reactions, replies, media links), earlier versions of edited
//! messages, and the audit trail about the contact (rectifications, restriction).

use super::ContactId;
use super::dto::Contact;
use super::store;
use crate::conversations::ConversationStatus;
use crate::conversations::store::ConversationRow;
use crate::db::Conn;
use crate::db::schema::{audit_log, conversations, message_edits, messages};
use crate::ids::OrgId;
use crate::messages::Message;
use crate::messages::store::MessageRow;
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

/// The export's format identifier; a breaking change of the layout changes it.
pub const FORMAT: &str = "winmessages.contact-export.v1";

/// Everything held about one person. Media files are linked, not embedded: each message's
/// `media.url` (`GET /api/v1/media/{id}`) serves the file to the organization's members.
#[derive(Debug, Serialize, ToSchema)]
pub struct ContactExport {
    /// Always `winmessages.contact-export.v1`.
    #[schema(example = "winmessages.contact-export.v1")]
    pub format: &'static str,
    pub exported_at: DateTime<Utc>,
    pub organization_id: i64,
    pub contact: Contact,
    pub conversations: Vec<ExportedConversation>,
    /// Every message of the person's conversations, oldest first, rendered as the API
    /// renders messages.
    pub messages: Vec<Message>,
    /// Earlier versions of messages edited by their sender.
    pub message_edits: Vec<ExportedEdit>,
    /// Audit entries about the contact (changes by the business, restriction).
    pub audit_log: Vec<ExportedAuditEntry>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExportedConversation {
    pub id: i64,
    pub account_id: i64,
    pub status: ConversationStatus,
    pub assignee_id: Option<i64>,
    pub last_message_at: Option<DateTime<Utc>>,
    pub window_expires_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExportedEdit {
    pub message_id: i64,
    pub previous_text: Option<String>,
    #[schema(value_type = Object)]
    pub previous_content: serde_json::Value,
    pub edited_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExportedAuditEntry {
    pub action: String,
    #[schema(value_type = Option<Object>)]
    pub details: Option<serde_json::Value>,
    pub created_at: DateTime<Utc>,
}

/// Messages rendered per query batch.
const CHUNK: usize = 1000;

pub fn export(
    conn: &mut Conn,
    org: OrgId,
    id: ContactId,
    now: NaiveDateTime,
) -> QueryResult<ContactExport> {
    let contact = store::get(conn, org, id)?;
    let convs: Vec<ConversationRow> = conversations::table
        .filter(conversations::organization_id.eq(org.0))
        .filter(conversations::contact_id.eq(id.0))
        .order(conversations::id)
        .select(ConversationRow::as_select())
        .load(conn)?;
    let conv_ids: Vec<i64> = convs.iter().map(|c| c.id).collect();
    let rows: Vec<MessageRow> = messages::table
        .filter(messages::organization_id.eq(org.0))
        .filter(messages::conversation_id.eq_any(&conv_ids))
        .order((messages::sent_at.asc(), messages::id.asc()))
        .select(MessageRow::as_select())
        .load(conn)?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut rendered = Vec::with_capacity(rows.len());
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<MessageRow> = rows.by_ref().take(CHUNK).collect();
        rendered.extend(crate::messages::view::render(conn, org, chunk)?);
    }
    let mut edits = Vec::new();
    for chunk in ids.chunks(CHUNK) {
        let part: Vec<(i64, Option<String>, String, NaiveDateTime)> = message_edits::table
            .filter(message_edits::message_id.eq_any(chunk))
            .order(message_edits::id)
            .select((
                message_edits::message_id,
                message_edits::previous_body,
                message_edits::previous_content,
                message_edits::edited_at,
            ))
            .load(conn)?;
        edits.extend(
            part.into_iter()
                .map(|(message_id, text, content, at)| ExportedEdit {
                    message_id,
                    previous_text: text,
                    previous_content: serde_json::from_str(&content)
                        .unwrap_or(serde_json::Value::Null),
                    edited_at: at.and_utc(),
                }),
        );
    }
    let audit: Vec<(String, Option<String>, NaiveDateTime)> = audit_log::table
        .filter(audit_log::organization_id.eq(org.0))
        .filter(audit_log::target_type.eq("contact"))
        .filter(audit_log::target_id.eq(id.0.to_string()))
        .order(audit_log::id)
        .select((audit_log::action, audit_log::details, audit_log::created_at))
        .load(conn)?;
    Ok(ContactExport {
        format: FORMAT,
        exported_at: now.and_utc(),
        organization_id: org.0,
        contact: Contact::from(&contact),
        conversations: convs
            .iter()
            .map(|c| ExportedConversation {
                id: c.id,
                account_id: c.account_id,
                status: ConversationStatus::parse(&c.status),
                assignee_id: c.assignee_id,
                last_message_at: c.last_message_at.map(|t| t.and_utc()),
                window_expires_at: c.window_expires_at.map(|t| t.and_utc()),
                created_at: c.created_at.and_utc(),
            })
            .collect(),
        messages: rendered,
        message_edits: edits,
        audit_log: audit
            .into_iter()
            .map(|(action, details, at)| ExportedAuditEntry {
                action,
                details: details.and_then(|d| serde_json::from_str(&d).ok()),
                created_at: at.and_utc(),
            })
            .collect(),
    })
}

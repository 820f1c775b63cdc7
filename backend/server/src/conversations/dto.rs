use super::store::ConversationRow;
use crate::contacts::ContactSummary;
use crate::contacts::dto::present;
use crate::contacts::store::ContactSummaryRow;
use crate::messages::Message;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Where a conversation stands in the team's workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ConversationStatus {
    /// Needs an answer (new conversations and resolved ones the contact writes to again).
    Open,
    /// Waiting on something (the contact, another team).
    Pending,
    /// Done.
    Resolved,
}

impl ConversationStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Pending => "pending",
            Self::Resolved => "resolved",
        }
    }

    pub fn parse(s: &str) -> Self {
        match s {
            "pending" => Self::Pending,
            "resolved" => Self::Resolved,
            _ => Self::Open,
        }
    }
}

/// A conversation between one connected account (phone number) and one contact.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Conversation {
    pub id: i64,
    /// The connected account (business phone number) the conversation runs on.
    pub account_id: i64,
    pub contact: ContactSummary,
    pub status: ConversationStatus,
    /// The member the conversation is assigned to; null when unassigned.
    pub assignee_id: Option<i64>,
    /// Inbound messages not read yet by the team (`POST …/read` clears it).
    pub unread_count: i32,
    /// The latest message, rendered like in the message list.
    pub last_message: Option<Message>,
    #[serde(serialize_with = "crate::timestamps::rfc3339_opt")]
    pub last_message_at: Option<DateTime<Utc>>,
    /// End of the customer service window (last inbound message + 24 h): free-form replies
    /// are possible until then, templates only afterwards. Null before any inbound message.
    #[serde(serialize_with = "crate::timestamps::rfc3339_opt")]
    pub window_expires_at: Option<DateTime<Utc>>,
    #[serde(serialize_with = "crate::timestamps::rfc3339")]
    pub created_at: DateTime<Utc>,
    #[serde(serialize_with = "crate::timestamps::rfc3339")]
    pub updated_at: DateTime<Utc>,
}

impl Conversation {
    pub fn new(
        row: &ConversationRow,
        contact: &ContactSummaryRow,
        last_message: Option<Message>,
    ) -> Self {
        Self {
            id: row.id,
            account_id: row.account_id,
            contact: ContactSummary::from(contact),
            status: ConversationStatus::parse(&row.status),
            assignee_id: row.assignee_id,
            unread_count: row.unread_count,
            last_message,
            last_message_at: row.last_message_at.map(|t| t.and_utc()),
            window_expires_at: row.window_expires_at.map(|t| t.and_utc()),
            created_at: row.created_at.and_utc(),
            updated_at: row.updated_at.and_utc(),
        }
    }
}

crate::page_type!(
    /// A page of conversations, most recent activity first.
    ConversationPage,
    Conversation
);

/// Changes to a conversation; absent fields are left as they are.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateConversation {
    pub status: Option<ConversationStatus>,
    /// An active member of the organization, or `null` to unassign.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<i64>, nullable)]
    pub assignee_id: Option<Option<i64>>,
}

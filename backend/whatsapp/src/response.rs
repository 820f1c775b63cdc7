//! Success bodies of Graph API calls (CLOUD_API.md §6.3–§6.4) and the
//! shared paging object.

use serde::{Deserialize, Serialize};

use crate::common::Extra;

/// Response to `POST /{phone-number-id}/messages`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SendResponse {
    /// `whatsapp`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub messaging_product: Option<String>,
    /// Recipient as given and as resolved.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contacts: Vec<SendContact>,
    /// The created message (one).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub messages: Vec<SentMessage>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

impl SendResponse {
    /// Wamid of the sent message; store it before statuses arrive.
    pub fn message_id(&self) -> Option<&str> {
        self.messages.first().map(|m| m.id.as_str())
    }
}

/// `contacts[]` of a [`SendResponse`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SendContact {
    /// The `to` / `recipient` value as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input: Option<String>,
    /// Resolved wa_id (omitted for BSUID sends).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wa_id: Option<String>,
    /// Business-scoped user id (BSUID sends).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `messages[]` of a [`SendResponse`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SentMessage {
    /// Wamid.
    pub id: String,
    /// `accepted`, `held_for_quality_assessment` or `paused` (templates).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_status: Option<String>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `{"success": true}` answers (mark read, delete media, subscribe).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SuccessResponse {
    /// Whether the operation succeeded.
    pub success: bool,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Cursor paging of list endpoints.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Paging {
    /// Cursors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursors: Option<Cursors>,
    /// Full URL of the next page; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    /// Full URL of the previous page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<String>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `paging.cursors`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Cursors {
    /// Cursor before the first item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<String>,
    /// Cursor after the last item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

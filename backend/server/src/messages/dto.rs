//! The Message JSON of the API. Type-specific fields follow the Cloud API message object
//! (`text`, `location`, `contacts`, `interactive`, …); exactly the field named by `type` is
//! set, the others are null (plus `context`/`referral` on any type).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Sent by the contact to the business.
    Inbound,
    /// Sent by the business (an agent, an integration or an automation).
    Outbound,
}

/// Delivery state. Inbound messages are `received`; outbound ones move forward through
/// `pending` (queued here) → `sent` → `delivered` → `read` (or `played` for voice), or end
/// `failed` with `error` set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MessageStatus {
    Received,
    Pending,
    Sent,
    Delivered,
    Read,
    Played,
    Failed,
    Unknown,
}

impl MessageStatus {
    pub fn parse(s: &str) -> Self {
        match s {
            "received" => Self::Received,
            "pending" => Self::Pending,
            "sent" => Self::Sent,
            "delivered" => Self::Delivered,
            "read" => Self::Read,
            "played" => Self::Played,
            "failed" => Self::Failed,
            _ => Self::Unknown,
        }
    }
}

/// A text message's content.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MessageText {
    pub body: String,
    /// Outbound only: whether WhatsApp renders a preview of the first URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preview_url: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MediaStatus {
    /// Not downloaded yet (or being retried).
    Pending,
    /// Stored: `url` serves the content.
    Stored,
    /// Downloading failed for good; `error` says why.
    Failed,
    /// The file was deleted under the organization's retention policy.
    Expired,
}

impl MediaStatus {
    pub fn parse(s: &str) -> Self {
        match s {
            "stored" => Self::Stored,
            "failed" => Self::Failed,
            "expired" => Self::Expired,
            _ => Self::Pending,
        }
    }
}

/// The file of an image, video, audio, document or sticker message.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MessageMedia {
    /// Media id: `GET /api/v1/media/{id}` serves the content. Null only when the media
    /// record is missing.
    pub id: Option<i64>,
    pub mime_type: Option<String>,
    /// Document file name.
    pub filename: Option<String>,
    pub caption: Option<String>,
    /// Audio only: true for a recorded voice note.
    pub voice: bool,
    /// Sticker only: true for an animated sticker.
    pub animated: bool,
    /// Base64 SHA-256 of the content, as announced by WhatsApp.
    pub sha256: Option<String>,
    /// Size of the stored content.
    pub size_bytes: Option<i64>,
    pub status: MediaStatus,
    /// Why the download failed, when `status` is `failed`.
    pub error: Option<String>,
    /// `/api/v1/media/{id}` once the content is stored, else null.
    pub url: Option<String>,
}

/// A location pin.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MessageLocation {
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub name: Option<String>,
    pub address: Option<String>,
    pub url: Option<String>,
}

/// A tap on a template's quick-reply button.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MessageButton {
    /// The payload set when the template was sent, or the button text.
    pub payload: Option<String>,
    /// The button's label.
    pub text: Option<String>,
}

/// What the message replies to, and how it was forwarded.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MessageContext {
    /// Our id of the quoted message, when it is known here.
    pub message_id: Option<i64>,
    /// WhatsApp id of the quoted message.
    pub wamid: Option<String>,
    /// Forwarded (at most 5 times).
    pub forwarded: bool,
    /// Forwarded more than 5 times.
    pub frequently_forwarded: bool,
    /// The catalog product the contact asked about: `{catalog_id, product_retailer_id}`.
    #[schema(value_type = Option<Object>)]
    pub referred_product: Option<Value>,
}

/// Why an outbound message failed, as reported by WhatsApp.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MessageError {
    /// WhatsApp error code, e.g. 131047 (outside the 24 h window).
    pub code: Option<i64>,
    pub title: Option<String>,
    pub message: Option<String>,
    pub details: Option<String>,
}

/// A reaction attached to a message (one per reactor).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MessageReaction {
    pub emoji: String,
    /// `contact` (the customer) or `business` (a reaction sent by the team; WhatsApp keeps one
    /// reaction per sender, so a newer one from any agent replaces it).
    pub reactor: String,
    #[serde(serialize_with = "crate::timestamps::rfc3339")]
    pub reacted_at: DateTime<Utc>,
}

/// A message of a conversation.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Message {
    pub id: i64,
    pub conversation_id: i64,
    pub direction: Direction,
    /// The WhatsApp message type: text, image, video, audio, document, sticker, location,
    /// contacts, interactive, button, order, system, reaction, template, unsupported,
    /// request_welcome, revoke (a message the contact deleted before it reached us; always
    /// `deleted`), or a type this server does not know yet (see `raw`).
    #[serde(rename = "type")]
    pub type_: String,
    /// WhatsApp's message id (`wamid.…`); null for an outbound message not sent yet.
    pub wamid: Option<String>,
    pub text: Option<MessageText>,
    /// Image, video, audio, document and sticker messages.
    pub media: Option<MessageMedia>,
    pub location: Option<MessageLocation>,
    /// Shared contact cards, as WhatsApp sent them (`name`, `phones`, `emails`, …).
    #[schema(value_type = Option<Vec<Object>>)]
    pub contacts: Option<Vec<Value>>,
    /// A reply to an interactive message: `{type, button_reply | list_reply | nfm_reply |
    /// call_permission_reply}` as WhatsApp sent it.
    #[schema(value_type = Option<Object>)]
    pub interactive: Option<Value>,
    pub button: Option<MessageButton>,
    /// A cart: `{catalog_id, text, product_items: [{product_retailer_id, quantity,
    /// item_price, currency}]}`.
    #[schema(value_type = Option<Object>)]
    pub order: Option<Value>,
    /// A system notice, e.g. `{type: "user_changed_number", body, wa_id}`.
    #[schema(value_type = Option<Object>)]
    pub system: Option<Value>,
    /// The ad or post that started the conversation (Click-to-WhatsApp): `{source_url,
    /// source_id, source_type, headline, body, media_type, ctwa_clid, …}`.
    #[schema(value_type = Option<Object>)]
    pub referral: Option<Value>,
    /// A reaction message: `{message_id, emoji}`. Reactions also appear on their target in
    /// `reactions`.
    #[schema(value_type = Option<Object>)]
    pub reaction: Option<Value>,
    /// An outbound template: `{name, language, components}`.
    #[schema(value_type = Option<Object>)]
    pub template: Option<Value>,
    /// An unsupported message: `{type?, errors: [{code, title, message, error_data}]}`.
    #[schema(value_type = Option<Object>)]
    pub unsupported: Option<Value>,
    /// The whole WhatsApp message object, for types this server does not model.
    #[schema(value_type = Option<Object>)]
    pub raw: Option<Value>,
    pub context: Option<MessageContext>,
    pub status: MessageStatus,
    /// Set when `status` is `failed`.
    pub error: Option<MessageError>,
    pub reactions: Vec<MessageReaction>,
    /// The contact edited the message; `edited_at` says when.
    pub edited: bool,
    #[serde(serialize_with = "crate::timestamps::rfc3339_opt")]
    pub edited_at: Option<DateTime<Utc>>,
    /// The message was deleted for everyone; its content is gone.
    pub deleted: bool,
    #[serde(serialize_with = "crate::timestamps::rfc3339_opt")]
    pub deleted_at: Option<DateTime<Utc>>,
    /// The member who sent an outbound message (null for inbound and API sends).
    pub sent_by_user_id: Option<i64>,
    /// When the message was sent (WhatsApp's timestamp for inbound messages).
    #[serde(serialize_with = "crate::timestamps::rfc3339")]
    pub timestamp: DateTime<Utc>,
    /// When this server stored it.
    #[serde(serialize_with = "crate::timestamps::rfc3339")]
    pub created_at: DateTime<Utc>,
}

crate::page_type!(
    /// A page of messages, newest first.
    MessagePage,
    Message
);

//! The events of `GET /api/v1/events`: each SSE frame's `data` is one of these JSON documents,
//! its `event` field is the `type`, and its `id` field is the `id`.

use crate::conversations::Conversation;
use crate::messages::Message;
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

/// What happened to a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub enum MessageEventType {
    /// A message was received, or a reply was queued.
    #[serde(rename = "message.created")]
    Created,
    /// Its status, media, text (edit), deletion (revoke) or reactions changed.
    #[serde(rename = "message.updated")]
    Updated,
}

/// What happened to a conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub enum ConversationEventType {
    /// A contact wrote for the first time on this number.
    #[serde(rename = "conversation.created")]
    Created,
    /// Its status, assignee, unread count, last message or service window changed.
    #[serde(rename = "conversation.updated")]
    Updated,
}

/// A message event: the message as `GET /api/v1/conversations/{id}/messages` shows it now.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MessageEvent {
    /// The event id (also the SSE `id`): increasing; send the last one received as
    /// `Last-Event-ID` when reconnecting.
    pub id: i64,
    #[serde(rename = "type")]
    pub type_: MessageEventType,
    /// When the change was committed.
    #[serde(serialize_with = "crate::timestamps::rfc3339")]
    pub occurred_at: DateTime<Utc>,
    pub message: Message,
}

/// A conversation event: the conversation as `GET /api/v1/conversations/{id}` shows it now.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ConversationEvent {
    /// The event id (also the SSE `id`): increasing; send the last one received as
    /// `Last-Event-ID` when reconnecting.
    pub id: i64,
    #[serde(rename = "type")]
    pub type_: ConversationEventType,
    /// When the change was committed.
    #[serde(serialize_with = "crate::timestamps::rfc3339")]
    pub occurred_at: DateTime<Utc>,
    pub conversation: Conversation,
}

/// Why the stream asks the client to refetch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ResyncReason {
    /// `Last-Event-ID` is older than the retention window: events were missed.
    Expired,
    /// More events were missed than a reconnection replays.
    TooMany,
    /// The client read too slowly and fell behind the live stream.
    Lagged,
}

/// The `resync` event: events were missed and cannot be replayed. Refetch the conversations
/// (and open threads) with the REST API, then reconnect without `Last-Event-ID`. The server
/// closes the stream after it.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
pub struct ResyncEvent {
    #[schema(value_type = String, example = "resync")]
    #[serde(rename = "type")]
    pub type_: &'static str,
    pub reason: ResyncReason,
}

/// One event of the stream (the SSE `event` field repeats its `type`).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(untagged)]
pub enum InboxEvent {
    Message(Box<MessageEvent>),
    Conversation(Box<ConversationEvent>),
    Resync(ResyncEvent),
}

/// One frame of the stream as Server-Sent Events parses it: `data` is an [`InboxEvent`]
/// serialized as JSON on one line, `event` repeats its `type`, and `id` is what to send back
/// as `Last-Event-ID` (absent on an event that arrived after later ones).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EventFrame {
    /// The event's id, when it has one.
    pub id: Option<String>,
    /// `message.created`, `message.updated`, `conversation.created`, `conversation.updated`
    /// or `resync`.
    pub event: String,
    /// The `InboxEvent` as JSON.
    #[schema(content_media_type = "application/json")]
    pub data: String,
    /// Reconnection delay the client should use, in milliseconds.
    pub retry: Option<i64>,
}

//! Live inbox events (`GET /api/v1/events`, Server-Sent Events). Database triggers write one
//! `inbox_events` row per change of a message or conversation in the transaction that makes
//! it; each process's [`EventHub`] reads new rows (woken in-process, and on PostgreSQL by
//! LISTEN/NOTIFY from every replica), renders them once and broadcasts them to the open
//! streams of their organization. The rows give stable ids for `Last-Event-ID` replay within
//! the retention window.

pub mod dto;
mod fanout;
pub mod hub;
pub mod render;
pub mod routes;
pub mod store;
pub mod stream;

pub use dto::InboxEvent;
pub use hub::{EventHub, EventSettings};

/// The events part of the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(routes::stream_events),
    components(schemas(
        dto::EventFrame,
        dto::InboxEvent,
        dto::MessageEvent,
        dto::ConversationEvent,
        dto::ResyncEvent,
        dto::MessageEventType,
        dto::ConversationEventType,
        dto::ResyncReason,
    )),
    tags((name = "events", description = "Live inbox events (Server-Sent Events)"))
)]
pub struct Api;

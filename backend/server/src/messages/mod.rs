//! Messages of conversations: the read side (the Message JSON, the message list of a
//! conversation) and replies (`send`); ingestion writes inbound rows.

pub mod dto;
pub mod routes;
pub mod send;
pub mod store;
pub mod view;

pub use dto::{Message, MessagePage};

/// The messages part of the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(routes::list_messages, send::send_message, send::retry_message),
    tags((name = "messages", description = "Messages of a conversation, and replies"))
)]
pub struct Api;

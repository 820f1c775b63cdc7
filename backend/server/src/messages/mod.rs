//! Messages of conversations. This module holds the read side (the Message JSON, the
//! message list of a conversation); ingestion writes the rows.

pub mod dto;
pub mod routes;
pub mod store;
pub mod view;

pub use dto::{Message, MessagePage};

/// The messages part of the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(routes::list_messages),
    tags((name = "messages", description = "Messages of a conversation"))
)]
pub struct Api;

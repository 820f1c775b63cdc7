//! Conversations: one per (connected account, contact). Ingestion creates and updates them;
//! this module lists them by last activity, shows one, assigns, sets status and marks read.

pub mod cursor;
pub mod dto;
pub mod routes;
pub mod store;
pub mod view;

pub use dto::{Conversation, ConversationPage, ConversationStatus, UpdateConversation};

/// A conversation's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ConversationId(pub i64);

/// The conversations part of the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        routes::list_conversations,
        routes::get_conversation,
        routes::update_conversation,
        routes::mark_conversation_read,
    ),
    tags((name = "conversations", description = "The shared inbox: conversations with contacts"))
)]
pub struct Api;

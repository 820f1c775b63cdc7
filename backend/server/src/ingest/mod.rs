//! Ingestion: turns parsed webhooks into contacts, conversations, messages, statuses,
//! reactions, edits and revokes, and template status changes. The store functions here are the write side; the inbox API
//! reads the same tables with its own queries.

mod apply;
pub mod contacts;
pub mod content;
pub mod conversations;
pub mod messages;
pub mod statuses;
mod templates;

pub use apply::{Batch, Effects, Routes, Routing, apply_envelope, route_of};
pub use statuses::apply_pending as apply_pending_statuses;

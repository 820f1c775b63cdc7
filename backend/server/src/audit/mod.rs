//! The audit log: security-relevant events with actor, organization, time, IP and user agent.

mod dto;
pub mod routes;
pub mod store;

pub use dto::{AuditEntry, AuditPage};
pub use store::{Actor, Event, record};

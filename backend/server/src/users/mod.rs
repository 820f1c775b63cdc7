//! Members of an organization (and platform administrators).

pub mod dto;
pub mod routes;
pub mod store;

pub use dto::User;

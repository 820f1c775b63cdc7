//! API keys for integrators: organization-scoped, shown once, stored hashed, revocable.

pub mod dto;
pub mod routes;
pub mod store;

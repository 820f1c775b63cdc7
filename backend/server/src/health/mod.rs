//! Liveness and readiness probes.

mod dto;
pub mod routes;

pub use dto::{Health, Readiness};

//! Live inbox events (`GET /api/v1/events`): in-process on both backends, and with real
//! server processes (two replicas on one PostgreSQL database).

pub mod client;
mod live;
mod replicas;

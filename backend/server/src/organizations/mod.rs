//! Organizations: the business customers, each with its own users, accounts and data.

pub mod dto;
pub mod routes;
pub mod store;

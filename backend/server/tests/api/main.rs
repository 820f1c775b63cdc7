//! One integration-test binary for the server; every test owns its database. The whole
//! suite runs on SQLite, and on PostgreSQL when `TEST_DATABASE_URL` is set.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

mod access_grants;
mod access_log;
mod api_calls;
mod auth;
mod cli;
mod errors;
mod events;
mod health;
mod id_lists;
mod inbound;
mod inbox;
mod openapi;
mod outbound;
mod privacy;
mod schema;
mod security;
mod spa;
mod templates;
mod tenancy;
mod tenancy_fixtures;
mod users;

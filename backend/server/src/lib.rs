//! WinMessages server: a multi-tenant WhatsApp Business team inbox.

pub mod api_keys;
pub mod app;
pub mod audit;
pub mod auth;
pub mod bootstrap;
pub mod cli;
pub mod clock;
pub mod config;
pub mod db;
pub mod error;
pub mod health;
pub mod http;
pub mod ids;
pub mod metrics;
pub mod openapi;
pub mod organizations;
pub mod pagination;
pub mod secrets;
pub mod serve;
pub mod spa;
pub mod telemetry;
pub mod users;

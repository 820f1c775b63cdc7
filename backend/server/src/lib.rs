//! WinMessages server: a multi-tenant WhatsApp Business team inbox.

pub mod app;
pub mod cli;
pub mod clock;
pub mod config;
pub mod db;
pub mod error;
pub mod health;
pub mod http;
pub mod metrics;
pub mod openapi;
pub mod serve;
pub mod spa;
pub mod telemetry;

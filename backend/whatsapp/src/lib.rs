//! WhatsApp Cloud API protocol for WinMessages: typed webhooks, webhook
//! signature checks and an async Graph API client.
//!
//! - [`webhook`]: parse a webhook body into a [`webhook::WebhookEnvelope`].
//! - [`signature`]: `X-Hub-Signature-256` and the `hub.challenge` handshake.
//! - [`send`]: typed message bodies; [`GraphClient`] sends them.
//! - [`Error`] / [`ErrorClass`]: one error type with retry classification.

pub mod client;
pub mod common;
pub mod error;
pub mod media;
pub mod phone;
pub mod record;
pub mod response;
pub mod send;
pub mod signature;
pub mod templates;
pub mod webhook;

pub use client::{
    AccessToken, DEFAULT_API_VERSION, DEFAULT_BASE_URL, GraphClient, GraphClientConfig,
};
pub use common::{Extra, FlexId, FlexInt, Timestamp};
pub use error::{Error, ErrorClass, GraphApiError, GraphErrorBody, GraphErrorData, classify_code};
pub use record::{CallRecord, CallRecorder};
pub use signature::{SignatureError, sign, verify, verify_challenge};

//! Simulator configuration.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::clock::{Clock, SystemClock};
use crate::model::{NewTemplate, PhoneNumber};

/// Graph API version used when the simulator builds absolute URLs
/// (`paging.next`). Requests are accepted for any `v<major>.<minor>`.
pub const DEFAULT_API_VERSION: &str = "v23.0";

/// Everything [`crate::Simulator::start`] needs.
#[derive(Debug, Clone)]
pub struct SimConfig {
    /// Address to listen on; port 0 picks a free port.
    pub bind: String,
    /// Base URL other processes use to reach the simulator (media download
    /// URLs, `paging.next`). Defaults to `http://<bound address>`.
    pub public_url: Option<String>,
    /// Meta app secret used to sign webhooks (`X-Hub-Signature-256`).
    pub app_secret: String,
    /// Callback URL receiving webhooks. `None`: nothing is delivered.
    pub webhook_url: Option<String>,
    /// Version segment used in generated URLs.
    pub api_version: String,
    /// HTTP worker threads.
    pub workers: usize,
    /// Delivery behaviour of webhooks (delays, duplicates, retries...).
    pub webhooks: WebhookConfig,
    /// Messaging policy (24 h window, throughput).
    pub policy: PolicyConfig,
    /// Phone numbers registered at start and after every reset.
    pub phone_numbers: Vec<PhoneNumber>,
    /// Templates registered at start and after every reset.
    pub templates: Vec<NewTemplate>,
    /// Time source.
    pub clock: Arc<dyn Clock>,
    /// Seed for the random choices of webhook delivery (duplicates,
    /// reordering). `None`: seeded from the OS.
    pub seed: Option<u64>,
}

impl Default for SimConfig {
    fn default() -> Self {
        Self {
            bind: "127.0.0.1:0".into(),
            public_url: None,
            app_secret: "wa-simulator-app-secret".into(),
            webhook_url: None,
            api_version: DEFAULT_API_VERSION.into(),
            workers: 2,
            webhooks: WebhookConfig::default(),
            policy: PolicyConfig::default(),
            phone_numbers: Vec::new(),
            templates: Vec::new(),
            clock: Arc::new(SystemClock),
            seed: None,
        }
    }
}

/// How outbound statuses and inbound messages reach the callback URL.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct WebhookConfig {
    /// Delay between the accepted send and the `sent` status.
    pub sent_delay_ms: u64,
    /// Delay between `sent` and `delivered`.
    pub delivered_delay_ms: u64,
    /// Delay between `delivered` and `read`.
    pub read_delay_ms: u64,
    /// Last status emitted automatically for a successful send.
    pub final_status: FinalStatus,
    /// Emit `played` after `read` for voice notes (`audio` with `voice: true`).
    pub played_for_voice: bool,
    /// Probability (0..=1) that a webhook POST is repeated with the same body.
    pub duplicate_probability: f64,
    /// Probability (0..=1) that a message's statuses are delivered in a
    /// shuffled (never the natural) order.
    pub reorder_probability: f64,
    /// Attempts per webhook, including the first (a non-200 answer or a
    /// transport error triggers the next attempt).
    pub max_attempts: u32,
    /// Wait before the first retry; doubles after each failed attempt.
    pub retry_backoff_ms: u64,
    /// Per-attempt HTTP timeout.
    pub timeout_ms: u64,
    /// Put the download `url` into inbound media objects (newer webhooks do).
    pub include_media_url: bool,
    /// Include the `conversation` object in statuses (dropped from webhook
    /// version v24.0 on).
    pub include_conversation: bool,
}

impl Default for WebhookConfig {
    fn default() -> Self {
        Self {
            sent_delay_ms: 10,
            delivered_delay_ms: 20,
            read_delay_ms: 30,
            final_status: FinalStatus::Read,
            played_for_voice: true,
            duplicate_probability: 0.0,
            reorder_probability: 0.0,
            max_attempts: 5,
            retry_backoff_ms: 100,
            timeout_ms: 5_000,
            include_media_url: false,
            include_conversation: true,
        }
    }
}

/// Last status emitted automatically.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FinalStatus {
    /// No status webhooks at all.
    None,
    /// Only `sent`.
    Sent,
    /// `sent`, `delivered`.
    Delivered,
    /// `sent`, `delivered`, `read`.
    Read,
}

/// How a free-form send outside the customer-service window is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WindowErrorMode {
    /// The POST answers HTTP 400 with error 131047.
    Sync,
    /// The POST is accepted; a `failed` status with 131047 follows (what Meta
    /// usually does).
    Async,
}

/// Messaging rules applied to sends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PolicyConfig {
    /// Refuse free-form messages outside the 24 h customer-service window.
    pub enforce_window: bool,
    /// How the refusal is reported.
    pub window_error: WindowErrorMode,
    /// Length of the window in seconds (Meta: 24 h).
    pub window_secs: i64,
    /// Messages per second per phone number before 130429; `None` = no limit.
    pub throughput_mps: Option<u32>,
    /// Lifetime of media download URLs in seconds (Meta: 5 minutes).
    pub media_url_ttl_secs: i64,
}

impl Default for PolicyConfig {
    fn default() -> Self {
        Self {
            enforce_window: true,
            window_error: WindowErrorMode::Sync,
            window_secs: 24 * 3600,
            throughput_mps: None,
            media_url_ttl_secs: 300,
        }
    }
}

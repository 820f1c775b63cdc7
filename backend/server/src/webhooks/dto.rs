use super::store::EventRow;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// A received webhook as stored, with its processing state.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct WebhookEvent {
    pub id: i64,
    /// Set once routed to a connected account; null while pending or when unrouted.
    pub organization_id: Option<i64>,
    pub account_id: Option<i64>,
    /// `pending`, `processed`, `failed` or `unrouted` (no connected account matched).
    #[schema(example = "processed")]
    pub status: String,
    /// Processing attempts so far.
    pub attempts: i32,
    /// The last processing error, or a note about skipped parts.
    pub last_error: Option<String>,
    /// Address the webhook came from.
    pub remote_ip: Option<String>,
    pub received_at: DateTime<Utc>,
    /// When a failed event is retried; null when no retry is planned.
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub processed_at: Option<DateTime<Utc>>,
    /// The body as received: JSON, or a string when it was not valid JSON.
    #[schema(value_type = Object)]
    pub payload: serde_json::Value,
}

impl From<EventRow> for WebhookEvent {
    fn from(r: EventRow) -> Self {
        let payload =
            serde_json::from_str(&r.payload).unwrap_or(serde_json::Value::String(r.payload));
        Self {
            id: r.id,
            organization_id: r.organization_id,
            account_id: r.account_id,
            status: r.status,
            attempts: r.attempts,
            last_error: r.last_error,
            remote_ip: r.remote_ip,
            received_at: r.received_at.and_utc(),
            next_attempt_at: r.next_attempt_at.map(|t| t.and_utc()),
            processed_at: r.processed_at.map(|t| t.and_utc()),
            payload,
        }
    }
}

crate::page_type!(
    /// A page of webhook events, newest first.
    WebhookEventPage,
    WebhookEvent
);

#[derive(Debug, Clone, Copy, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum EventStatus {
    Pending,
    Processed,
    Failed,
    Unrouted,
}

impl EventStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => super::store::PENDING,
            Self::Processed => super::store::PROCESSED,
            Self::Failed => super::store::FAILED,
            Self::Unrouted => super::store::UNROUTED,
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EventQuery {
    /// Only events in this state.
    pub status: Option<EventStatus>,
    /// Platform admins: only this organization's events.
    pub organization_id: Option<i64>,
}

/// The `GET /webhooks/whatsapp` verification handshake.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Handshake {
    /// Always `subscribe`.
    #[serde(rename = "hub.mode")]
    pub mode: Option<String>,
    /// The verify token configured in Meta's dashboard.
    #[serde(rename = "hub.verify_token")]
    pub verify_token: Option<String>,
    /// Echoed back on success.
    #[serde(rename = "hub.challenge")]
    pub challenge: Option<String>,
}

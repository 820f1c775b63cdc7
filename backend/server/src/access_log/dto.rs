use super::store::AccessLogRow;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One request to the API or the webhook endpoint. Bodies, query strings and credentials are
/// never recorded.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AccessLogEntry {
    pub id: i64,
    /// The caller's organization; null for unauthenticated requests, platform administrators
    /// and webhooks (routed to an organization only after they are acknowledged).
    pub organization_id: Option<i64>,
    /// The signed-in user who made the request, if any.
    pub user_id: Option<i64>,
    /// The API key that made the request, if any.
    pub api_key_id: Option<i64>,
    #[schema(example = "GET")]
    pub method: String,
    /// The matched route; null when the path matched none.
    #[schema(example = "/api/v1/conversations/{id}")]
    pub route: Option<String>,
    /// The path, without the query string.
    #[schema(example = "/api/v1/conversations/42")]
    pub path: String,
    pub status: i32,
    /// The client's address (taken from forwarded headers only when the server is configured
    /// to trust its proxy).
    pub client_ip: Option<String>,
    /// The client's `User-Agent`, cut to 256 characters.
    pub user_agent: Option<String>,
    pub duration_ms: i64,
    /// The `x-request-id` the response carried.
    pub request_id: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl From<AccessLogRow> for AccessLogEntry {
    fn from(r: AccessLogRow) -> Self {
        Self {
            id: r.id,
            organization_id: r.organization_id,
            user_id: r.user_id,
            api_key_id: r.api_key_id,
            method: r.method,
            route: r.route,
            path: r.path,
            status: r.status,
            client_ip: r.client_ip,
            user_agent: r.user_agent,
            duration_ms: r.duration_ms,
            request_id: r.request_id,
            created_at: r.created_at.and_utc(),
        }
    }
}

crate::page_type!(
    /// A page of access log entries, newest first.
    AccessLogPage,
    AccessLogEntry
);

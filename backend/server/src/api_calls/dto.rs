use super::store::ApiCallRow;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One call made to the WhatsApp Graph API. Bodies are truncated to 16 KiB and secrets in
/// them are redacted; access tokens are never recorded.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ApiCall {
    pub id: i64,
    /// The connected number the call was made for; null when none was known yet (the
    /// credentials check while connecting a number).
    pub account_id: Option<i64>,
    #[schema(example = "GET")]
    pub method: String,
    /// URL path and query.
    #[schema(example = "/v23.0/419561257915477/message_templates?fields=id,name&limit=100")]
    pub path: String,
    /// HTTP status; null when no answer arrived (timeout, connection failure).
    pub status: Option<i32>,
    pub duration_ms: i64,
    /// Meta's error code (e.g. 190 for an invalid token), when Meta answered with an error.
    pub meta_error_code: Option<i64>,
    /// Meta's error (code, message, details, trace id) or the transport failure.
    pub error: Option<String>,
    /// Request body (JSON text), or a description of an upload.
    pub request_body: Option<String>,
    /// Response body (JSON text), or the size and type of a media download.
    pub response_body: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl From<ApiCallRow> for ApiCall {
    fn from(r: ApiCallRow) -> Self {
        Self {
            id: r.id,
            account_id: r.account_id,
            method: r.method,
            path: r.path,
            status: r.status,
            duration_ms: r.duration_ms,
            meta_error_code: r.meta_error_code,
            error: r.error,
            request_body: r.request_body,
            response_body: r.response_body,
            created_at: r.created_at.and_utc(),
        }
    }
}

crate::page_type!(
    /// A page of Graph API calls, newest first.
    ApiCallPage,
    ApiCall
);

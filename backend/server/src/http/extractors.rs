//! Extractor configurations whose failures answer problem+json like every other error.

use crate::error::ApiError;
use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, web};

/// Largest JSON body the API accepts (webhooks have their own, larger limit).
pub const JSON_LIMIT: usize = 256 * 1024;

pub fn json_config() -> web::JsonConfig {
    web::JsonConfig::default()
        .limit(JSON_LIMIT)
        .error_handler(|err, _req: &HttpRequest| json_error(err).into())
}

pub fn query_config() -> web::QueryConfig {
    web::QueryConfig::default().error_handler(|err, _req| {
        let detail = match &err {
            QueryPayloadError::Deserialize(e) => e.to_string(),
            other => other.to_string(),
        };
        ApiError::bad_request("invalid_query", format!("Invalid query string: {detail}")).into()
    })
}

pub fn path_config() -> web::PathConfig {
    web::PathConfig::default().error_handler(|err, _req| {
        let detail = match &err {
            PathError::Deserialize(e) => e.to_string(),
            other => other.to_string(),
        };
        ApiError::bad_request("invalid_path", format!("Invalid path parameter: {detail}")).into()
    })
}

pub(crate) fn json_error(err: JsonPayloadError) -> ApiError {
    match err {
        JsonPayloadError::ContentType => {
            ApiError::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type")
                .detail("The body must be sent as application/json.")
        }
        JsonPayloadError::OverflowKnownLength { .. } | JsonPayloadError::Overflow { .. } => {
            ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large")
                .detail(format!("The body is larger than {JSON_LIMIT} bytes."))
        }
        JsonPayloadError::Deserialize(e) if e.is_data() => {
            // Wrong types, missing or unknown fields: the JSON is fine, its content is not.
            ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_body")
                .detail("The body does not match the expected schema.")
                .field("body", e.to_string())
        }
        JsonPayloadError::Deserialize(e) => {
            ApiError::bad_request("malformed_json", format!("The body is not valid JSON: {e}"))
        }
        other => ApiError::bad_request("invalid_body", other.to_string()),
    }
}

/// Parses an optional JSON body (endpoints where a browser sends nothing and other clients
/// send JSON): empty or `null` → `None`; otherwise it must be an `application/json` object
/// matching `T`, with the same errors as [`super::json::Json`].
pub fn optional_json<T: serde::de::DeserializeOwned>(
    req: &HttpRequest,
    body: &[u8],
) -> Result<Option<T>, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    if !super::json::is_json(req) {
        return Err(json_error(JsonPayloadError::ContentType));
    }
    if serde_json::from_slice::<serde_json::Value>(body).is_ok_and(|v| v.is_null()) {
        return Ok(None);
    }
    super::json::parse_object(body).map(Some)
}

//! Error types.
//!
//! [`ApiError`] is every failure the fake Graph API can answer with; it
//! renders as Meta's error JSON (`{"error":{"message","type","code",...}}`)
//! with the HTTP status Meta uses for that code. The same values describe the
//! `errors[]` of `failed` status webhooks. [`SimError`] covers the control
//! plane and start-up.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde_json::{Value, json};

use crate::ids;

/// Link Meta puts in webhook error objects.
pub const ERROR_DOCS_HREF: &str =
    "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/";

/// A Graph API error, rendered in Meta's JSON shape.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    /// No `Authorization: Bearer` header (code 104).
    #[error("An access token is required to request this resource.")]
    MissingToken,
    /// The token is not the one registered for the object (code 190).
    #[error("Invalid OAuth access token - Cannot parse access token")]
    InvalidToken,
    /// The token has expired (code 190, subcode 463).
    #[error("Error validating access token: Session has expired.")]
    TokenExpired,
    /// Unknown or inaccessible object id (code 100, subcode 33).
    #[error(
        "Unsupported {method} request. Object with ID '{id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api"
    )]
    UnknownObject {
        /// `get`, `post` or `delete`.
        method: &'static str,
        /// The id from the path.
        id: String,
    },
    /// The path is not a Graph API path the simulator knows (code 2500).
    #[error("Unknown path components: {0}")]
    UnknownPath(String),
    /// A parameter has a wrong value, type or length (code 100).
    #[error("(#100) Invalid parameter")]
    InvalidParameter(String),
    /// A required parameter is absent or empty (code 131008).
    #[error("(#131008) Required parameter is missing")]
    MissingParameter(String),
    /// A parameter value refers to something that is not valid (code 131009).
    #[error("(#131009) Parameter value is not valid")]
    InvalidValue(String),
    /// Unknown message `type` (code 131051).
    #[error("(#131051) Unsupported message type")]
    UnsupportedType(String),
    /// The recipient is the sending business number (code 131021).
    #[error("(#131021) Recipient cannot be sender")]
    RecipientIsSender,
    /// The recipient has no WhatsApp account (code 131026, async only).
    #[error("(#131026) Message undeliverable")]
    Undeliverable,
    /// Free-form message outside the 24 h window (code 131047).
    #[error("(#131047) Re-engagement message")]
    ReEngagement,
    /// Throughput exceeded (code 130429).
    #[error("(#130429) Rate limit hit")]
    RateLimited,
    /// Generic server failure (code 131000).
    #[error("(#131000) Something went wrong")]
    Internal,
    /// Service temporarily down (code 2).
    #[error("(#2) Service temporarily unavailable")]
    ServiceUnavailable,
    /// Media upload / media type problem (code 131053).
    #[error("(#131053) Media upload error")]
    MediaUpload(String),
    /// Template parameter count mismatch (code 132000).
    #[error("(#132000) Number of parameters does not match the expected number of params")]
    TemplateParamCount(String),
    /// Template does not exist in that language or is not approved (code 132001).
    #[error("(#132001) Template name does not exist in the translation")]
    TemplateNotFound(String),
    /// Template parameter of the wrong kind (code 132012).
    #[error("(#132012) Parameter format does not match format in the created template")]
    TemplateParamFormat(String),
    /// Template paused for low quality (code 132015).
    #[error("(#132015) Template is Paused")]
    TemplatePaused(String),
    /// Template disabled (code 132016).
    #[error("(#132016) Template is disabled")]
    TemplateDisabled(String),
}

impl ApiError {
    /// Meta's numeric error code.
    pub fn code(&self) -> i64 {
        match self {
            Self::MissingToken => 104,
            Self::InvalidToken | Self::TokenExpired => 190,
            Self::UnknownObject { .. } | Self::InvalidParameter(_) => 100,
            Self::UnknownPath(_) => 2500,
            Self::MissingParameter(_) => 131_008,
            Self::InvalidValue(_) => 131_009,
            Self::UnsupportedType(_) => 131_051,
            Self::RecipientIsSender => 131_021,
            Self::Undeliverable => 131_026,
            Self::ReEngagement => 131_047,
            Self::RateLimited => 130_429,
            Self::Internal => 131_000,
            Self::ServiceUnavailable => 2,
            Self::MediaUpload(_) => 131_053,
            Self::TemplateParamCount(_) => 132_000,
            Self::TemplateNotFound(_) => 132_001,
            Self::TemplateParamFormat(_) => 132_012,
            Self::TemplatePaused(_) => 132_015,
            Self::TemplateDisabled(_) => 132_016,
        }
    }

    /// `error_subcode`, where Meta sends one.
    pub fn subcode(&self) -> Option<i64> {
        match self {
            Self::TokenExpired => Some(463),
            Self::UnknownObject { .. } => Some(33),
            Self::TemplateNotFound(_) => Some(2_494_073),
            _ => None,
        }
    }

    /// `type` field of the error object.
    pub fn error_type(&self) -> &'static str {
        match self {
            Self::UnknownObject { .. } => "GraphMethodException",
            _ => "OAuthException",
        }
    }

    /// Whether retrying the same request may succeed (`is_transient`).
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            Self::RateLimited | Self::Internal | Self::ServiceUnavailable
        )
    }

    /// Short title without the `(#code)` prefix, as used in webhook errors.
    pub fn title(&self) -> String {
        let full = self.to_string();
        match full.strip_prefix("(#") {
            Some(rest) => match rest.split_once(") ") {
                Some((_, title)) => title.to_string(),
                None => full,
            },
            None => full,
        }
    }

    /// Human-readable `error_data.details`.
    pub fn details(&self) -> String {
        match self {
            Self::InvalidParameter(d)
            | Self::MissingParameter(d)
            | Self::InvalidValue(d)
            | Self::UnsupportedType(d)
            | Self::MediaUpload(d)
            | Self::TemplateParamCount(d)
            | Self::TemplateNotFound(d)
            | Self::TemplateParamFormat(d)
            | Self::TemplatePaused(d)
            | Self::TemplateDisabled(d)
            | Self::UnknownPath(d) => d.clone(),
            Self::MissingToken => "Authorization header with a Bearer token is required".into(),
            Self::InvalidToken => "The access token is not valid for this object".into(),
            Self::TokenExpired => "The access token has expired".into(),
            Self::UnknownObject { id, .. } => format!("Object {id} not found"),
            Self::RecipientIsSender => "The recipient is the sending phone number".into(),
            Self::Undeliverable => {
                "Message Undeliverable: the recipient is not a WhatsApp user".into()
            }
            Self::ReEngagement => "Message failed to send because more than 24 hours have passed since the customer last replied to this number.".into(),
            Self::RateLimited => "Message failed to send because there were too many messages sent from this phone number in a short period of time.".into(),
            Self::Internal => "An unknown error occurred".into(),
            Self::ServiceUnavailable => "Service temporarily unavailable, try again later".into(),
        }
    }

    /// The response body: `{"error": {...}}`.
    pub fn to_json(&self) -> Value {
        let mut error = json!({
            "message": self.to_string(),
            "type": self.error_type(),
            "code": self.code(),
            "error_data": {
                "messaging_product": "whatsapp",
                "details": self.details(),
            },
            "fbtrace_id": ids::fbtrace_id(),
        });
        if let Some(sub) = self.subcode() {
            error["error_subcode"] = json!(sub);
        }
        if self.is_transient() {
            error["is_transient"] = json!(true);
        }
        json!({ "error": error })
    }

    /// The object used in `statuses[].errors[]` of a failed status webhook.
    pub fn to_webhook_error(&self) -> Value {
        let title = self.title();
        json!({
            "code": self.code(),
            "title": title,
            "message": title,
            "error_data": { "details": self.details() },
            "href": ERROR_DOCS_HREF,
        })
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::MissingToken | Self::InvalidToken | Self::TokenExpired => {
                StatusCode::UNAUTHORIZED
            }
            Self::RateLimited => StatusCode::TOO_MANY_REQUESTS,
            Self::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            Self::ServiceUnavailable => StatusCode::SERVICE_UNAVAILABLE,
            Self::TemplateNotFound(_) => StatusCode::NOT_FOUND,
            _ => StatusCode::BAD_REQUEST,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let mut resp = HttpResponse::build(self.status_code());
        if matches!(
            self,
            Self::InvalidToken | Self::TokenExpired | Self::MissingToken
        ) {
            resp.insert_header((
                "WWW-Authenticate",
                format!("OAuth \"Facebook Platform\" \"invalid_token\" \"{self}\""),
            ));
        }
        resp.json(self.to_json())
    }
}

/// Failures of the control plane (`/_sim/...` and the Rust handle) and of
/// start-up.
#[derive(Debug, thiserror::Error)]
pub enum SimError {
    /// Binding or serving the HTTP listener failed.
    #[error("i/o error: {0}")]
    Io(#[from] std::io::Error),
    /// The control request is malformed or inconsistent.
    #[error("bad request: {0}")]
    BadRequest(String),
    /// The referenced object does not exist.
    #[error("not found: {0}")]
    NotFound(String),
    /// The webhook dispatcher is not running (simulator stopped).
    #[error("webhook dispatcher stopped")]
    DispatcherStopped,
}

impl ResponseError for SimError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::Io(_) | Self::DispatcherStopped => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        HttpResponse::build(self.status_code()).json(json!({ "error": self.to_string() }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_error_shape() {
        let e = ApiError::TemplateNotFound("template name (x) does not exist in en_US".into());
        let v = e.to_json();
        assert_eq!(v["error"]["code"], 132_001);
        assert_eq!(v["error"]["error_subcode"], 2_494_073);
        assert_eq!(v["error"]["type"], "OAuthException");
        assert_eq!(
            v["error"]["message"],
            "(#132001) Template name does not exist in the translation"
        );
        assert_eq!(v["error"]["error_data"]["messaging_product"], "whatsapp");
        assert_eq!(v["error"]["fbtrace_id"].as_str().map(str::len), Some(23));
        assert!(v["error"].get("is_transient").is_none());
        assert_eq!(e.status_code(), StatusCode::NOT_FOUND);
    }

    #[test]
    fn webhook_error_uses_title_without_code() {
        let v = ApiError::ReEngagement.to_webhook_error();
        assert_eq!(v["code"], 131_047);
        assert_eq!(v["title"], "Re-engagement message");
        assert_eq!(v["message"], v["title"]);
        assert_eq!(v["href"], ERROR_DOCS_HREF);
    }

    #[test]
    fn statuses_per_code() {
        assert_eq!(
            ApiError::InvalidToken.status_code(),
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            ApiError::RateLimited.status_code(),
            StatusCode::TOO_MANY_REQUESTS
        );
        assert_eq!(
            ApiError::Internal.status_code(),
            StatusCode::INTERNAL_SERVER_ERROR
        );
        assert_eq!(
            ApiError::MissingParameter(String::new()).status_code(),
            StatusCode::BAD_REQUEST
        );
        assert_eq!(ApiError::TokenExpired.subcode(), Some(463));
        assert!(ApiError::RateLimited.to_json()["error"]["is_transient"] == true);
    }
}

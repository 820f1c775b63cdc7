//! The crate's error type, Meta's Graph API error object, and retry
//! classification (CLOUD_API.md §6.5–§6.6).

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::common::Extra;
use crate::signature::SignatureError;

/// Everything that can go wrong in this crate.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The webhook signature was missing or wrong.
    #[error("webhook signature rejected: {0}")]
    Signature(#[from] SignatureError),
    /// A webhook body (or other JSON input) did not match the model.
    #[error("malformed JSON payload: {0}")]
    Parse(#[from] serde_json::Error),
    /// The Graph API answered with an error object.
    #[error("Graph API error (HTTP {status}): {error}")]
    Api {
        /// HTTP status code.
        status: u16,
        /// Meta's error object (boxed to keep `Result<_, Error>` small).
        error: Box<GraphApiError>,
    },
    /// Non-success HTTP status without a parsable Graph error body.
    #[error("HTTP {status} from Graph API")]
    Http {
        /// HTTP status code.
        status: u16,
        /// Start of the body, for logs.
        body: String,
    },
    /// Nothing reached the server (DNS, refused, TLS, connect timeout).
    #[error("could not reach the Graph API: {0}")]
    Connect(String),
    /// The request was sent but no answer arrived in time.
    #[error("Graph API request timed out after it was sent")]
    Timeout {
        /// Whether repeating the request is harmless (GET/DELETE).
        idempotent: bool,
    },
    /// The connection broke after the request was (possibly) sent, or a
    /// success response could not be read.
    #[error("Graph API exchange interrupted: {message}")]
    Interrupted {
        /// Whether repeating the request is harmless (GET/DELETE).
        idempotent: bool,
        /// Transport error text.
        message: String,
    },
    /// A success response whose body did not match the expected shape.
    #[error("unexpected Graph API response: {0}")]
    Decode(String),
    /// The request was refused locally before sending (limits, bad URL).
    #[error("invalid request: {0}")]
    InvalidRequest(String),
}

/// What a caller should do with a failed operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorClass {
    /// Try again later (with backoff); it was not applied.
    Retryable,
    /// Do not retry: the request or account state must change first.
    Permanent,
    /// The request may or may not have taken effect. Re-sending could
    /// duplicate a message; reconcile via status webhooks instead.
    UnknownOutcome,
}

impl Error {
    /// Classifies the error for retry decisions.
    pub fn class(&self) -> ErrorClass {
        match self {
            Self::Signature(_) | Self::Parse(_) | Self::InvalidRequest(_) => ErrorClass::Permanent,
            Self::Api { status, error } => classify_api_error(*status, error),
            Self::Http { status, .. } => classify_status(*status),
            Self::Connect(_) => ErrorClass::Retryable,
            Self::Timeout { idempotent } | Self::Interrupted { idempotent, .. } => {
                if *idempotent {
                    ErrorClass::Retryable
                } else {
                    ErrorClass::UnknownOutcome
                }
            }
            // A 2xx arrived, so the operation took effect; only its result
            // is unreadable. Repeating a send would duplicate it.
            Self::Decode(_) => ErrorClass::UnknownOutcome,
        }
    }

    /// Shorthand for `class() == Retryable`.
    pub fn is_retryable(&self) -> bool {
        self.class() == ErrorClass::Retryable
    }

    /// Meta's error object, when the API returned one.
    pub fn graph_error(&self) -> Option<&GraphApiError> {
        match self {
            Self::Api { error, .. } => Some(error),
            _ => None,
        }
    }

    /// Meta's error code, when the API returned one.
    pub fn code(&self) -> Option<i64> {
        self.graph_error().map(|e| e.code)
    }

    /// HTTP status, when a response arrived.
    pub fn http_status(&self) -> Option<u16> {
        match self {
            Self::Api { status, .. } | Self::Http { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Minimum wait suggested by Meta for some rate limits.
    pub fn retry_after_hint(&self) -> Option<Duration> {
        match self.code()? {
            // Pair rate limit: one message per 6 s to the same user.
            131_056 => Some(Duration::from_secs(6)),
            // Account in maintenance (throughput upgrade, up to a minute).
            131_057 => Some(Duration::from_secs(60)),
            130_429 | 80_007 | 4 => Some(Duration::from_secs(1)),
            _ => None,
        }
    }
}

fn classify_status(status: u16) -> ErrorClass {
    if status >= 500 || status == 429 || status == 408 {
        ErrorClass::Retryable
    } else {
        ErrorClass::Permanent
    }
}

/// Classification of a Graph error code per CLOUD_API.md §6.6; `None` for
/// codes the table does not list.
pub fn classify_code(code: i64) -> Option<ErrorClass> {
    use ErrorClass::{Permanent, Retryable};
    Some(match code {
        // API unknown / service down / app rate limit / WABA rate limit /
        // throughput / generic / service unavailable / pair rate limit /
        // maintenance / spam rate limit (retry later, slower) / server
        // temporarily unavailable.
        1 | 2 | 4 | 80_007 | 130_429 | 131_000 | 131_016 | 131_048 | 131_056 | 131_057
        | 133_004 => Retryable,
        // Auth, permissions, bad ids and parameters, policy blocks.
        0 | 3 | 10 | 33 | 100 | 104 | 190 | 200..=299 | 368 => Permanent,
        // Message-level refusals: experiment, country restriction, access,
        // parameters, self-send, undeliverable, allow list, locked, display
        // name, payment, certificate, window closed, ecosystem limit,
        // marketing opt-out, unsupported type, media errors, BSUID,
        // marketing disabled, classification limit.
        130_472 | 130_497 | 131_005 | 131_008 | 131_009 | 131_021 | 131_026 | 131_030 | 131_031
        | 131_037 | 131_042 | 131_045 | 131_047 | 131_049 | 131_050 | 131_051 | 131_052
        | 131_053 | 131_060 | 131_062 | 131_063 | 131_064 => Permanent,
        // Template errors.
        132_000..=132_999 => Permanent,
        // Registration and generic user errors.
        133_000..=133_003 | 133_005..=133_999 | 135_000 => Permanent,
        _ => return None,
    })
}

fn classify_api_error(status: u16, error: &GraphApiError) -> ErrorClass {
    if let Some(class) = classify_code(error.code) {
        return class;
    }
    if error.is_transient == Some(true) {
        return ErrorClass::Retryable;
    }
    classify_status(status)
}

/// Body of a Graph API error response: `{"error": {…}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GraphErrorBody {
    /// The error object.
    pub error: GraphApiError,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Meta's Graph API error object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GraphApiError {
    /// Message, usually `(#<code>) <title>`.
    #[serde(default)]
    pub message: String,
    /// E.g. `OAuthException`.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Error code; branch on this.
    pub code: i64,
    /// Sub-code (e.g. 463 = expired token).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_subcode: Option<i64>,
    /// Trace id to quote to Meta support.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fbtrace_id: Option<String>,
    /// Whether retrying may help.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_transient: Option<bool>,
    /// User-facing title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_user_title: Option<String>,
    /// User-facing message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_user_msg: Option<String>,
    /// WhatsApp details.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_data: Option<GraphErrorData>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

impl GraphApiError {
    /// `error_data.details` (or `error_data` itself when it is a string).
    pub fn details(&self) -> Option<&str> {
        match self.error_data.as_ref()? {
            GraphErrorData::Object { details, .. } => details.as_deref(),
            GraphErrorData::Text(s) => Some(s),
        }
    }

    /// Classification ignoring the HTTP status.
    pub fn class(&self) -> ErrorClass {
        classify_api_error(400, self)
    }
}

impl std::fmt::Display for GraphApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "code {}", self.code)?;
        if let Some(sub) = self.error_subcode {
            write!(f, "/{sub}")?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(d) = self.details() {
            write!(f, " ({d})")?;
        }
        if let Some(t) = &self.fbtrace_id {
            write!(f, " [fbtrace_id {t}]")?;
        }
        Ok(())
    }
}

/// `error.error_data`: an object for messaging errors, a plain string for
/// some template-management errors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum GraphErrorData {
    /// `{messaging_product, details}`.
    Object {
        /// `whatsapp`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        messaging_product: Option<String>,
        /// Explanation.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        details: Option<String>,
        /// Unmodelled keys.
        #[serde(flatten)]
        extra: Extra,
    },
    /// Plain string.
    Text(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(status: u16, code: i64, transient: Option<bool>) -> Error {
        Error::Api {
            status,
            error: Box::new(GraphApiError {
                message: String::new(),
                kind: None,
                code,
                error_subcode: None,
                fbtrace_id: None,
                is_transient: transient,
                error_user_title: None,
                error_user_msg: None,
                error_data: None,
                extra: Extra::new(),
            }),
        }
    }

    #[test]
    fn classification_table() {
        use ErrorClass::*;
        let cases = [
            (429, 130_429, Retryable),
            (429, 80_007, Retryable),
            (429, 4, Retryable),
            (400, 131_056, Retryable),
            (500, 131_000, Retryable),
            (503, 133_004, Retryable),
            (400, 131_047, Permanent),
            (400, 131_026, Permanent),
            (400, 100, Permanent),
            (401, 190, Permanent),
            (400, 132_001, Permanent),
            (400, 132_015, Permanent),
            (400, 131_051, Permanent),
            (403, 200, Permanent),
            // Unknown codes fall back to the HTTP status.
            (502, 999_999, Retryable),
            (400, 999_999, Permanent),
            // A known permanent code stays permanent even on a 5xx.
            (500, 3, Permanent),
        ];
        for (status, code, want) in cases {
            assert_eq!(api(status, code, None).class(), want, "code {code}");
        }
        assert_eq!(api(400, 999_999, Some(true)).class(), Retryable);
    }

    #[test]
    fn transport_classes() {
        assert_eq!(
            Error::Connect("refused".into()).class(),
            ErrorClass::Retryable
        );
        assert_eq!(
            Error::Timeout { idempotent: false }.class(),
            ErrorClass::UnknownOutcome
        );
        assert_eq!(
            Error::Timeout { idempotent: true }.class(),
            ErrorClass::Retryable
        );
        assert_eq!(
            Error::Interrupted {
                idempotent: false,
                message: String::new()
            }
            .class(),
            ErrorClass::UnknownOutcome
        );
        assert_eq!(
            Error::Http {
                status: 503,
                body: String::new()
            }
            .class(),
            ErrorClass::Retryable
        );
        assert_eq!(
            Error::Http {
                status: 404,
                body: String::new()
            }
            .class(),
            ErrorClass::Permanent
        );
        assert_eq!(
            Error::Decode(String::new()).class(),
            ErrorClass::UnknownOutcome
        );
        assert_eq!(
            api(400, 131_056, None).retry_after_hint(),
            Some(Duration::from_secs(6))
        );
    }
}

//! Middleware that guarantees the error contract: no panic reaches a client, and every
//! 4xx/5xx — including those produced by actix itself — is problem+json.

use crate::error::{ApiError, PROBLEM_JSON, problem};
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::{ErrorHandlerResponse, ErrorHandlers, Next};
use actix_web::{HttpMessage, HttpResponse};
use futures_util::FutureExt;
use std::panic::AssertUnwindSafe;
use tracing_actix_web::RequestId;

/// Turns a panic inside a handler into a logged 500 problem instead of a dropped connection.
/// (The request is not cloned up front: routing needs to own it uniquely.)
pub async fn catch_panic(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let path = req.path().to_owned();
    match AssertUnwindSafe(next.call(req)).catch_unwind().await {
        Ok(res) => res,
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "non-string panic".into());
            Err(ApiError::internal(format_args!("handler panicked at {path}: {what}")).into())
        }
    }
}

/// Copies the request id chosen by tracing-actix-web into an `x-request-id` response header
/// so a user's report can be matched with the server log.
pub async fn request_id_header(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let id = req.extensions().get::<RequestId>().copied();
    let mut res = next.call(req).await?;
    if let Some(id) = id
        && let Ok(v) = HeaderValue::from_str(&id.to_string())
    {
        res.headers_mut()
            .insert(header::HeaderName::from_static("x-request-id"), v);
    }
    Ok(res)
}

/// Rewrites any error response that is not already problem+json (actix's own 404/405/413,
/// a framework error) into one, keeping its status.
pub fn problem_safety_net<B: MessageBody + 'static>() -> ErrorHandlers<B> {
    ErrorHandlers::new().default_handler(|res: ServiceResponse<B>| {
        let already = res
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|ct| ct.starts_with(PROBLEM_JSON));
        if already {
            return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
        }
        let status = res.status();
        let code = match status {
            StatusCode::NOT_FOUND => "not_found",
            StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
            StatusCode::PAYLOAD_TOO_LARGE => "payload_too_large",
            StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
            s if s.is_server_error() => "internal_error",
            _ => "bad_request",
        };
        let body = problem(status, code, None, None);
        let (req, old) = res.into_parts();
        let mut new = HttpResponse::build(status);
        new.content_type(PROBLEM_JSON);
        for (name, value) in old.headers() {
            if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
                new.insert_header((name.clone(), value.clone()));
            }
        }
        let res = ServiceResponse::new(req, new.json(body));
        Ok(ErrorHandlerResponse::Response(res.map_into_right_body()))
    })
}

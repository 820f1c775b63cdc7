//! The technical log of Graph API calls: every request the server makes to Meta, with its
//! status, duration, Meta's error code and (truncated, redacted) bodies, filed under the
//! organization and account it was made for. Organization admins read it at
//! `GET /api/v1/api-calls`.
//!
//! Callers say whom a call is for by running it inside [`scope`]; the Graph client's recorder
//! reads that context and hands the record to a background writer ([`writer::ApiCallLog`]),
//! so a slow database never delays a call.

mod dto;
pub mod redact;
pub mod routes;
pub mod store;
pub mod writer;

pub use dto::{ApiCall, ApiCallPage};
pub use writer::ApiCallLog;

use std::future::Future;

/// Whom the Graph API calls of the current task are made for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallContext {
    pub organization: i64,
    pub account: Option<i64>,
}

tokio::task_local! {
    static CONTEXT: CallContext;
}

/// Runs `fut` with its Graph API calls filed under `org` (and `account`, when known).
pub async fn scope<F: Future>(org: i64, account: Option<i64>, fut: F) -> F::Output {
    CONTEXT
        .scope(
            CallContext {
                organization: org,
                account,
            },
            fut,
        )
        .await
}

/// The context of the running task, if it is inside [`scope`].
pub fn current() -> Option<CallContext> {
    CONTEXT.try_with(|c| *c).ok()
}

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(routes::list_api_calls),
    tags((name = "api-calls", description = "Technical log of the calls made to the WhatsApp Graph API"))
)]
pub struct Api;

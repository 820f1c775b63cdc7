//! The access log (privacy policy: technical logs): every request to `/api/v1` and to the
//! webhook endpoint, with who made it (organization, user or API key), the matched route, the
//! path without its query string, status, client IP, user agent, duration and request id.
//! Never bodies, query strings or credentials.
//!
//! The caller is known only once an extractor has authenticated it: the extractor leaves an
//! [`Identity`] in the request's extensions ([`identify`]); the [`record`] middleware reads it
//! after the handler and queues the entry for a background writer ([`writer::AccessLog`]),
//! so logging never delays or fails a request. Organization admins read their organization's
//! entries at `GET /api/v1/access-log`; platform admins read everything at
//! `GET /api/v1/admin/access-log`.

mod dto;
mod filter;
pub mod routes;
pub mod store;
pub mod writer;

pub use dto::{AccessLogEntry, AccessLogPage};
pub use writer::AccessLog;

use crate::app::AppState;
use crate::auth::Principal;
use crate::http::client::ClientInfo;
use crate::ids::OrgId;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{HttpMessage, HttpRequest, web};
use std::time::Instant;
use store::NewAccessLog;
use tracing_actix_web::RequestId;

/// Longest user agent stored.
const MAX_USER_AGENT: usize = 256;
/// Longest path stored.
const MAX_PATH: usize = 2048;

/// Who made the request, as resolved by an authenticating extractor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Identity {
    pub organization: Option<OrgId>,
    pub principal: Principal,
}

/// The outcome of authenticating a request: `None` when its credentials were refused.
#[derive(Debug, Clone, Copy)]
struct Resolution(Option<Identity>);

/// Notes who is behind `req` (None: credentials refused) for its access log entry.
pub fn identify(req: &HttpRequest, caller: Option<(Option<OrgId>, Principal)>) {
    req.extensions_mut()
        .insert(Resolution(caller.map(|(organization, principal)| {
            Identity {
                organization,
                principal,
            }
        })));
}

/// Who made the request: as an extractor found, or — when none ran because the request
/// failed routing or validation first — from its credentials now.
async fn identity_of(req: &HttpRequest) -> Option<Identity> {
    let resolved = req.extensions().get::<Resolution>().copied();
    match resolved {
        Some(Resolution(identity)) => identity,
        None => crate::auth::identify_late(req).await.map(|c| Identity {
            organization: c.org,
            principal: c.principal,
        }),
    }
}

/// Requests that are logged: the API and the webhook endpoint (not the SPA, probes, metrics
/// or the API docs).
pub fn is_logged(path: &str) -> bool {
    path == "/api/v1"
        || path.starts_with("/api/v1/")
        || path == "/webhooks/whatsapp"
        || path.starts_with("/webhooks/whatsapp/")
}

fn cut(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

/// Records the request once its response (or error) is known.
pub async fn record(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let log = match req.app_data::<web::Data<AppState>>() {
        Some(state) if is_logged(req.path()) => state.access_log.clone(),
        _ => return next.call(req).await,
    };
    let started = Instant::now();
    let client = ClientInfo::of(req.request());
    let method = req.method().as_str().to_owned();
    // `path()` never includes the query string.
    let path = cut(req.path(), MAX_PATH);
    let request_id = req.extensions().get::<RequestId>().map(|id| id.to_string());
    let result = next.call(req).await;
    let duration_ms = i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX);
    let (status, route, identity) = match &result {
        Ok(res) => (
            res.status().as_u16(),
            res.request().match_pattern(),
            identity_of(res.request()).await,
        ),
        Err(e) => (e.as_response_error().status_code().as_u16(), None, None),
    };
    let (user_id, api_key_id) = match identity.map(|i| i.principal) {
        Some(Principal::User(u)) => (Some(u.0), None),
        Some(Principal::ApiKey(k)) => (None, Some(k.0)),
        None => (None, None),
    };
    log.record(NewAccessLog {
        organization_id: identity.and_then(|i| i.organization).map(|o| o.0),
        user_id,
        api_key_id,
        method,
        route: route.map(|r| cut(&r, MAX_PATH)),
        path,
        status: i32::from(status),
        client_ip: client.ip,
        user_agent: client.user_agent.map(|ua| cut(&ua, MAX_USER_AGENT)),
        duration_ms,
        request_id,
        // Stamped by the writer's clock.
        created_at: chrono::NaiveDateTime::default(),
    });
    result
}

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(routes::list_access_log, routes::list_all_access_log),
    tags((name = "access-log", description = "Who called the API: every request with its caller, route, status and client"))
)]
pub struct Api;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_api_and_webhooks_are_logged_other_paths_are_not() {
        for p in ["/api/v1", "/api/v1/me", "/webhooks/whatsapp"] {
            assert!(is_logged(p), "{p}");
        }
        for p in [
            "/",
            "/inbox/4",
            "/api/v10",
            "/healthz",
            "/metrics",
            "/swagger-ui/",
        ] {
            assert!(!is_logged(p), "{p}");
        }
    }

    #[test]
    fn long_values_are_cut_on_character_boundaries() {
        assert_eq!(cut(&"é".repeat(300), MAX_USER_AGENT).chars().count(), 256);
    }
}

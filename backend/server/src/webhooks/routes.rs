use super::dto::{EventQuery, Handshake, WebhookEvent, WebhookEventPage};
use super::intake::{IntakeError, Received};
use super::store::{self, Scope};
use crate::app::AppState;
use crate::audit::{self, Event};
use crate::auth::{Caller, Role};
use crate::error::{ApiError, ApiResult};
use crate::http::client::ClientInfo;
use crate::ids::OrgId;
use crate::pagination::PageQuery;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use futures_util::StreamExt;
use whatsapp_cloud::signature::{self, SignatureError};

/// Largest webhook body accepted: Meta's 3 MB plus a margin.
pub const WEBHOOK_LIMIT: usize = 3 * 1024 * 1024 + 64 * 1024;

/// Meta's subscription handshake: answers `hub.challenge` as plain text when `hub.mode` is
/// `subscribe` and `hub.verify_token` matches `WINMESSAGES_META_VERIFY_TOKEN`.
#[utoipa::path(
    tag = "webhooks",
    params(Handshake),
    responses(
        (status = 200, description = "The challenge, echoed", body = String, content_type = "text/plain"),
        (status = 403, description = "Wrong mode or verify token", body = crate::error::Problem),
    )
)]
#[get("/webhooks/whatsapp")]
pub async fn verify_subscription(
    state: web::Data<AppState>,
    query: web::Query<Handshake>,
) -> ApiResult<HttpResponse> {
    let expected = state
        .config
        .meta_verify_token
        .as_ref()
        .map(|t| t.expose())
        .unwrap_or_default();
    match signature::verify_challenge(
        query.mode.as_deref(),
        query.verify_token.as_deref(),
        query.challenge.as_deref(),
        expected,
    ) {
        Some(challenge) => Ok(HttpResponse::Ok()
            .content_type("text/plain; charset=utf-8")
            .body(challenge.to_owned())),
        None => Err(ApiError::forbidden("The verify token does not match.")),
    }
}

/// Webhook notifications from Meta. The body is verified with `X-Hub-Signature-256`
/// (HMAC-SHA256 of the raw bytes with the app secret) and stored durably before the 200.
/// Processing is asynchronous and idempotent. A body that is not valid JSON but carries a
/// valid signature is stored as a `failed` event (visible in `GET /api/v1/webhook-events`)
/// and still answered 200: Meta would otherwise resend the same bytes for 7 days.
#[utoipa::path(
    tag = "webhooks",
    params(("X-Hub-Signature-256" = String, Header, description = "`sha256=<hex HMAC of the body>`")),
    request_body(content = Object, content_type = "application/json", description = "Meta's webhook envelope"),
    responses(
        (status = 200, description = "Stored; processing follows"),
        (status = 401, description = "Signature missing or wrong; nothing stored", body = crate::error::Problem),
        (status = 413, description = "Body larger than 3 MB", body = crate::error::Problem),
        (status = 503, description = "Not configured, or storage unavailable; Meta retries", body = crate::error::Problem),
    )
)]
#[post("/webhooks/whatsapp")]
pub async fn receive(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut body: web::Payload,
) -> ApiResult<HttpResponse> {
    let client = ClientInfo::of(&req);
    let reject = |reason: &'static str, error: ApiError| {
        state
            .inbound_metrics
            .rejected
            .with_label_values(&[reason])
            .inc();
        tracing::warn!(ip = client.ip_or_unknown(), reason, "webhook rejected");
        error
    };
    let Some(secret) = state.config.meta_app_secret.as_ref() else {
        return Err(reject(
            "not_configured",
            ApiError::unavailable(
                "Webhooks are not configured (WINMESSAGES_META_APP_SECRET is unset).",
            ),
        ));
    };
    let declared = req
        .headers()
        .get(actix_web::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > WEBHOOK_LIMIT) {
        return Err(reject("too_large", too_large()));
    }
    let mut bytes = web::BytesMut::with_capacity(declared.unwrap_or(4096).min(WEBHOOK_LIMIT));
    while let Some(chunk) = body.next().await {
        let chunk = chunk.map_err(|e| ApiError::bad_request("invalid_body", e.to_string()))?;
        if bytes.len() + chunk.len() > WEBHOOK_LIMIT {
            return Err(reject("too_large", too_large()));
        }
        bytes.extend_from_slice(&chunk);
    }
    let header = req
        .headers()
        .get(signature::SIGNATURE_HEADER)
        .and_then(|v| v.to_str().ok());
    if let Err(e) = signature::verify(secret.expose().as_bytes(), &bytes, header) {
        let reason = match e {
            SignatureError::Missing => "missing_signature",
            _ => "bad_signature",
        };
        return Err(reject(
            reason,
            ApiError::new(StatusCode::UNAUTHORIZED, "invalid_signature")
                .detail(format!("The webhook signature was rejected: {e}.")),
        ));
    }
    let parse_error = whatsapp_cloud::webhook::parse(&bytes)
        .err()
        .map(|e| e.to_string());
    let payload = match String::from_utf8(bytes.to_vec()) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    };
    let stored = state
        .intake
        .store(Received {
            payload,
            parse_error,
            remote_ip: client.ip.clone(),
        })
        .await;
    match stored {
        Ok(_) => {
            state.inbound_metrics.received.inc();
            Ok(HttpResponse::Ok().finish())
        }
        Err(e @ IntakeError::Busy) => Err(reject("busy", ApiError::unavailable(e.to_string()))),
        Err(e) => Err(reject(
            "unavailable",
            ApiError::unavailable(format!("The webhook could not be stored: {e}")),
        )),
    }
}

fn too_large() -> ApiError {
    ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large").detail(format!(
        "Webhook bodies are limited to {WEBHOOK_LIMIT} bytes."
    ))
}

fn scope_of(caller: &Caller, organization_id: Option<i64>) -> ApiResult<Scope> {
    match (caller.role, caller.org) {
        (Role::PlatformAdmin, _) => Ok(Scope::Platform(organization_id.map(OrgId))),
        (Role::OrgAdmin, Some(org)) => Ok(Scope::Organization(org)),
        _ => Err(ApiError::forbidden(
            "Only administrators can see webhook events.",
        )),
    }
}

/// Received webhooks, newest first. Org admins see their organization's routed events;
/// platform admins see every event, unrouted ones included.
#[utoipa::path(
    tag = "webhook-events",
    params(PageQuery, EventQuery),
    security(("bearer" = []), ("api_key" = [])),
    responses((status = 200, description = "A page of events", body = WebhookEventPage))
)]
#[get("/api/v1/webhook-events")]
pub async fn list_events(
    state: web::Data<AppState>,
    caller: Caller,
    page: web::Query<PageQuery>,
    filter: web::Query<EventQuery>,
) -> ApiResult<HttpResponse> {
    let scope = scope_of(&caller, filter.organization_id)?;
    let page = page.page()?;
    let status = filter.status.map(|s| s.as_str());
    let pool = state.pool.clone();
    let mut rows = web::block(move || -> ApiResult<_> {
        Ok(store::list(
            &mut *pool.get()?,
            scope,
            status,
            page.after,
            page.fetch(),
        )?)
    })
    .await??;
    let next_cursor = page.finish(&mut rows, |r| r.id);
    Ok(HttpResponse::Ok().json(WebhookEventPage {
        items: rows.into_iter().map(WebhookEvent::from).collect(),
        next_cursor,
    }))
}

/// Processes an event again now (e.g. after connecting the account an unrouted event was for,
/// or after fixing the cause of a failure). Processing is idempotent.
#[utoipa::path(
    tag = "webhook-events",
    params(("id" = i64, Path, description = "Webhook event id")),
    security(("bearer" = []), ("api_key" = [])),
    responses((status = 202, description = "Queued", body = WebhookEvent))
)]
#[post("/api/v1/webhook-events/{id}/reprocess")]
pub async fn reprocess_event(
    state: web::Data<AppState>,
    caller: Caller,
    client: ClientInfo,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let scope = scope_of(&caller, None)?;
    let id = id.into_inner();
    let st = state.clone();
    let row = web::block(move || -> ApiResult<_> {
        let now = st.clock.now_naive();
        let mut conn = st.pool.get()?;
        crate::db::transaction(&mut conn, |c| {
            let row = store::get(c, scope, id)?;
            store::requeue(c, id, now)?;
            audit::record(
                c,
                Event {
                    organization: caller.org.or(row.organization_id.map(OrgId)),
                    actor: caller.actor(),
                    action: "webhook_event.reprocessed",
                    target: Some(("webhook_event", id.to_string())),
                    details: Some(serde_json::json!({ "previous_status": row.status })),
                    client: &client,
                },
                now,
            )?;
            Ok(store::get(c, scope, id)?)
        })
    })
    .await??;
    state.pipeline.wake_processor();
    Ok(HttpResponse::Accepted().json(WebhookEvent::from(row)))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(verify_subscription)
        .service(receive)
        .service(list_events)
        .service(reprocess_event);
}

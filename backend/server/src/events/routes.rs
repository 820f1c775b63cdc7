use super::stream::{self, Start};
use crate::app::AppState;
use crate::auth::OrgMember;
use crate::error::{ApiError, ApiResult};
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, web};

/// The `Last-Event-ID` request header: the id of the last event the client received.
fn last_event_id(req: &HttpRequest) -> ApiResult<Option<i64>> {
    let Some(value) = req.headers().get("last-event-id") else {
        return Ok(None);
    };
    let raw = value.to_str().unwrap_or_default().trim();
    if raw.is_empty() {
        return Ok(None);
    }
    // Anything that is not an id of this stream is a position nothing can be replayed from:
    // the stream starts with `resync` (an id before the first one ever stored).
    Ok(Some(match raw.parse::<i64>() {
        Ok(id) if id >= 0 => id,
        _ => -1,
    }))
}

/// Live inbox events of the caller's organization (Server-Sent Events).
///
/// A `text/event-stream` response that stays open. Authenticate with the `Authorization`
/// header (a user's token or an API key) — never put a token in the URL; browsers read the
/// stream with `fetch`.
///
/// Each event is a frame `id: <id>`, `event: <type>`, `data: <JSON on one line>`; the JSON
/// is an `InboxEvent` carrying the `Message` or `Conversation` exactly as the REST API
/// shows it at that moment:
/// - `message.created`: a message was received or a reply queued;
/// - `message.updated`: its status, media download, text (edit), deletion (revoke) or
///   reactions changed;
/// - `conversation.created`: a contact wrote for the first time on a number;
/// - `conversation.updated`: its status, assignee, unread count, last message or window
///   changed.
///
/// Every event carries the current state, so within a burst a message or conversation that
/// changed several times may be sent once with its latest state (a `*.created` event can
/// already show later changes).
///
/// Reconnect with `Last-Event-ID` (the last id received): events of the last 10 minutes
/// (`WINMESSAGES_EVENTS_RETENTION_SECS`) are replayed first, up to 1000 of them. When events
/// were missed and cannot be replayed — too old, too many, or the client read too slowly —
/// the server sends `resync`: refetch the inbox with the REST API; its `id` is where the
/// stream goes on from (a stream that lagged is closed after it; reconnect with that id).
/// An event committed after later ones (concurrent writers on PostgreSQL) may arrive
/// without an `id` field, after them.
///
/// A comment line (`: heartbeat`) is sent every 15 seconds
/// (`WINMESSAGES_EVENTS_HEARTBEAT_SECS`) so idle connections survive proxies; at each, the
/// credential is checked again: the stream of a revoked API key, a disabled member or
/// platform staff whose access grant ended is closed. With several server replicas on one
/// PostgreSQL database, every replica streams every change, whichever replica made it.
#[utoipa::path(
    tag = "events",
    params(
        ("Last-Event-ID" = Option<i64>, Header,
            description = "The id of the last event received: missed events are replayed first \
            (a value that is not an id of this stream starts the stream with `resync`)"),
    ),
    security(("bearer" = []), ("api_key" = [])),
    responses(
        (status = 200, description = "The event stream (SSE): a sequence of frames whose `data` \
            is an InboxEvent as JSON", content_type = "text/event-stream", body = super::dto::EventFrame),
    )
)]
#[get("/api/v1/events")]
pub async fn stream_events(
    state: web::Data<AppState>,
    member: OrgMember,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    let last_seen = last_event_id(&req)?;
    let hub = state.events.clone();
    let pool = state.pool.clone();
    let org = member.org;
    let hide = crate::contacts::visibility::hides_restricted(&member);
    let (subscription, start) = web::block(move || -> ApiResult<_> {
        let (subscription, cursor) = hub.subscribe(org).map_err(ApiError::internal)?;
        let start = match last_seen {
            None => Start {
                after: cursor,
                frames: Vec::new(),
            },
            Some(last_seen) => stream::replay(&mut *pool.get()?, org, last_seen, cursor, hide)?,
        };
        Ok((subscription, start))
    })
    .await??;
    let body = stream::body(
        state.events.clone(),
        state.pool.clone(),
        state.clock.clone(),
        subscription,
        member.caller.principal,
        hide,
        start,
    );
    Ok(HttpResponse::Ok()
        .content_type("text/event-stream")
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .insert_header(("x-accel-buffering", "no"))
        .streaming(body))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(stream_events);
}

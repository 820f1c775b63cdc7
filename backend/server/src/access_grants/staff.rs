//! Platform staff reading an organization's data: allowed for GET requests naming the
//! organization in `X-WinMessages-Organization` while it has an active grant; each read is
//! audited in that organization's log.

use super::{ORGANIZATION_HEADER, store};
use crate::app::AppState;
use crate::audit::{self, Actor, Event};
use crate::auth::{Caller, Principal, Role};
use crate::error::ApiError;
use crate::http::client::ClientInfo;
use crate::ids::OrgId;
use actix_web::http::{Method, StatusCode};
use actix_web::{HttpRequest, web};

/// The organization a platform admin reads in, when the request names one; an error when
/// the request is not a read or no grant is active. Other callers are unaffected (`None`).
pub async fn organization_for_staff(
    req: &HttpRequest,
    caller: &Caller,
) -> Result<Option<OrgId>, ApiError> {
    let Some(raw) = req.headers().get(ORGANIZATION_HEADER) else {
        return Ok(None);
    };
    let (Principal::User(staff), Role::PlatformAdmin) = (caller.principal, caller.role) else {
        return Ok(None);
    };
    let org = raw
        .to_str()
        .ok()
        .and_then(|v| v.trim().parse::<i64>().ok())
        .filter(|id| *id > 0)
        .map(OrgId)
        .ok_or_else(|| {
            ApiError::bad_request(
                "invalid_header",
                "X-WinMessages-Organization must be an organization id.",
            )
        })?;
    if !matches!(*req.method(), Method::GET | Method::HEAD) {
        return Err(ApiError::new(StatusCode::FORBIDDEN, "staff_read_only")
            .detail("Platform staff may only read an organization's data."));
    }
    let state = req
        .app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| ApiError::internal("application state missing"))?;
    let client = ClientInfo::of(req);
    let path = req.path().to_owned();
    let method = req.method().as_str().to_owned();
    let now = state.clock.now_naive();
    let pool = state.pool.clone();
    let grant = web::block(move || -> Result<Option<i64>, ApiError> {
        let mut conn = pool.get()?;
        let Some(grant) = store::active(&mut conn, org, now)? else {
            return Ok(None);
        };
        audit::record(
            &mut conn,
            Event {
                organization: Some(org),
                actor: Actor {
                    user: Some(staff),
                    api_key: None,
                },
                action: "staff.read",
                target: Some(("access_grant", grant.id.to_string())),
                details: Some(serde_json::json!({
                    "method": method,
                    "path": path,
                    "grant_id": grant.id,
                    "kind": grant.kind,
                })),
                client: &client,
            },
            now,
        )?;
        Ok(Some(grant.id))
    })
    .await??;
    match grant {
        Some(_) => Ok(Some(org)),
        None => Err(
            ApiError::new(StatusCode::FORBIDDEN, "access_grant_required").detail(
                "This organization has not granted platform staff access (or the grant has \
             expired or was revoked).",
            ),
        ),
    }
}

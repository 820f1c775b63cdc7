use super::BREAK_GLASS_HOURS;
use super::dto::{
    AccessGrant, AccessGrantKind, AccessGrantPage, BreakGlassRequest, NewAccessGrant,
};
use super::store::{self, NewGrant};
use crate::app::AppState;
use crate::audit::{self, Event};
use crate::auth::{OrgAdmin, PlatformAdmin};
use crate::error::{ApiError, ApiResult};
use crate::http::Json;
use crate::http::client::ClientInfo;
use crate::ids::OrgId;
use crate::pagination::PageQuery;
use actix_web::{HttpResponse, delete, get, post, web};
use chrono::Duration;
use validator::Validate;

fn non_blank(reason: &str) -> ApiResult<()> {
    if reason.trim().is_empty() {
        return Err(ApiError::invalid_field("reason", "must not be blank"));
    }
    Ok(())
}

/// The organization's access grants for platform staff (and break-glass openings), newest
/// first (org admins).
#[utoipa::path(
    tag = "access-grants",
    params(PageQuery),
    security(("bearer" = []), ("api_key" = [])),
    responses((status = 200, description = "A page of grants", body = AccessGrantPage))
)]
#[get("/api/v1/organization/access-grants")]
pub async fn list_access_grants(
    state: web::Data<AppState>,
    admin: OrgAdmin,
    page: web::Query<PageQuery>,
) -> ApiResult<HttpResponse> {
    let page = page.page()?;
    let pool = state.pool.clone();
    let now = state.clock.now_naive();
    let mut rows = web::block(move || -> ApiResult<_> {
        Ok(store::list(
            &mut *pool.get()?,
            admin.org,
            page.after,
            page.fetch(),
        )?)
    })
    .await??;
    let next_cursor = page.finish(&mut rows, |r| r.id);
    Ok(HttpResponse::Ok().json(AccessGrantPage {
        items: rows
            .into_iter()
            .map(|r| AccessGrant::from_row(r, now))
            .collect(),
        next_cursor,
    }))
}

/// Lets platform staff read the organization's data for `hours` (1–72), e.g. to answer a
/// support request. Only a signed-in organization admin can grant it (not an API key).
#[utoipa::path(
    tag = "access-grants",
    request_body = NewAccessGrant,
    security(("bearer" = [])),
    responses((status = 201, description = "Granted", body = AccessGrant))
)]
#[post("/api/v1/organization/access-grants")]
pub async fn create_access_grant(
    state: web::Data<AppState>,
    admin: OrgAdmin,
    client: ClientInfo,
    body: Json<NewAccessGrant>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    let body = body.into_inner();
    non_blank(&body.reason)?;
    let Some(user) = admin.caller.user_id() else {
        return Err(ApiError::forbidden(
            "Only a signed-in organization administrator can grant staff access.",
        ));
    };
    let st = state.clone();
    let grant = web::block(move || -> ApiResult<AccessGrant> {
        let now = st.clock.now_naive();
        let mut conn = st.pool.get()?;
        crate::db::transaction(&mut conn, |c| {
            let reason = body.reason.trim();
            let row = store::insert(
                c,
                &NewGrant {
                    organization_id: admin.org.0,
                    kind: AccessGrantKind::Grant.as_str(),
                    reason,
                    created_by: Some(user.0),
                    created_at: now,
                    expires_at: now + Duration::hours(body.hours),
                },
            )?;
            audit::record(
                c,
                Event {
                    organization: Some(admin.org),
                    actor: admin.caller.actor(),
                    action: "access_grant.created",
                    target: Some(("access_grant", row.id.to_string())),
                    details: Some(serde_json::json!({ "hours": body.hours, "reason": reason })),
                    client: &client,
                },
                now,
            )?;
            Ok(AccessGrant::from_row(row, now))
        })
    })
    .await??;
    Ok(HttpResponse::Created().json(grant))
}

/// Ends a grant (or a break-glass opening) at once.
#[utoipa::path(
    tag = "access-grants",
    params(("id" = i64, Path, description = "Access grant id")),
    security(("bearer" = []), ("api_key" = [])),
    responses((status = 204, description = "Revoked"))
)]
#[delete("/api/v1/organization/access-grants/{id}")]
pub async fn revoke_access_grant(
    state: web::Data<AppState>,
    admin: OrgAdmin,
    client: ClientInfo,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let st = state.clone();
    web::block(move || -> ApiResult<()> {
        let now = st.clock.now_naive();
        let mut conn = st.pool.get()?;
        crate::db::transaction(&mut conn, |c| {
            if !store::revoke(c, admin.org, id, admin.caller.user_id(), now)? {
                return Err(ApiError::not_found());
            }
            audit::record(
                c,
                Event {
                    organization: Some(admin.org),
                    actor: admin.caller.actor(),
                    action: "access_grant.revoked",
                    target: Some(("access_grant", id.to_string())),
                    details: None,
                    client: &client,
                },
                now,
            )?;
            Ok(())
        })
    })
    .await??;
    Ok(HttpResponse::NoContent().finish())
}

/// Break-glass: opens read access to an organization for one hour without its grant, for
/// emergencies. The reason is written to the organization's audit log at once, where its
/// admins see it; they can end it like any grant.
#[utoipa::path(
    tag = "admin",
    params(("id" = i64, Path, description = "Organization id")),
    request_body = BreakGlassRequest,
    security(("bearer" = [])),
    responses((status = 201, description = "Opened", body = AccessGrant))
)]
#[post("/api/v1/admin/organizations/{id}/break-glass")]
pub async fn open_break_glass(
    state: web::Data<AppState>,
    staff: PlatformAdmin,
    client: ClientInfo,
    id: web::Path<i64>,
    body: Json<BreakGlassRequest>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    let org = OrgId(id.into_inner());
    let body = body.into_inner();
    non_blank(&body.reason)?;
    let st = state.clone();
    let grant = web::block(move || -> ApiResult<AccessGrant> {
        let now = st.clock.now_naive();
        let mut conn = st.pool.get()?;
        crate::db::transaction(&mut conn, |c| {
            if crate::organizations::store::find(c, org)?.is_none() {
                return Err(ApiError::not_found());
            }
            let reason = body.reason.trim();
            let row = store::insert(
                c,
                &NewGrant {
                    organization_id: org.0,
                    kind: AccessGrantKind::BreakGlass.as_str(),
                    reason,
                    created_by: Some(staff.user.0),
                    created_at: now,
                    expires_at: now + Duration::hours(BREAK_GLASS_HOURS),
                },
            )?;
            audit::record(
                c,
                Event {
                    organization: Some(org),
                    actor: staff.caller.actor(),
                    action: "break_glass.opened",
                    target: Some(("access_grant", row.id.to_string())),
                    details: Some(serde_json::json!({
                        "hours": BREAK_GLASS_HOURS,
                        "reason": reason,
                    })),
                    client: &client,
                },
                now,
            )?;
            Ok(AccessGrant::from_row(row, now))
        })
    })
    .await??;
    Ok(HttpResponse::Created().json(grant))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(list_access_grants)
        .service(create_access_grant)
        .service(revoke_access_grant)
        .service(open_break_glass);
}

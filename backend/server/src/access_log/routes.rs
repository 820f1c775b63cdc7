use super::filter::AccessLogQuery;
use super::store;
use super::{AccessLogEntry, AccessLogPage};
use crate::app::AppState;
use crate::auth::{OrgAdmin, PlatformAdmin};
use crate::error::ApiResult;
use crate::ids::OrgId;
use crate::pagination::PageQuery;
use actix_web::{HttpResponse, get, web};
use serde::Deserialize;
use utoipa::IntoParams;

async fn page_of(
    state: &AppState,
    page: &PageQuery,
    filter: super::filter::Filter,
) -> ApiResult<HttpResponse> {
    let page = page.page()?;
    if filter.is_empty_range() {
        return Ok(HttpResponse::Ok().json(AccessLogPage {
            items: Vec::new(),
            next_cursor: None,
        }));
    }
    let pool = state.pool.clone();
    let mut rows = web::block(move || -> ApiResult<_> {
        Ok(store::list(
            &mut *pool.get()?,
            &filter,
            page.after,
            page.fetch(),
        )?)
    })
    .await??;
    let next_cursor = page.finish(&mut rows, |r| r.id);
    Ok(HttpResponse::Ok().json(AccessLogPage {
        items: rows.into_iter().map(AccessLogEntry::from).collect(),
        next_cursor,
    }))
}

/// The organization's access log: every API request its users and API keys made, newest
/// first (org admins).
#[utoipa::path(
    tag = "access-log",
    params(PageQuery, AccessLogQuery),
    security(("bearer" = []), ("api_key" = [])),
    responses((status = 200, description = "A page of requests", body = AccessLogPage))
)]
#[get("/api/v1/access-log")]
pub async fn list_access_log(
    state: web::Data<AppState>,
    admin: OrgAdmin,
    page: web::Query<PageQuery>,
    query: web::Query<AccessLogQuery>,
) -> ApiResult<HttpResponse> {
    let filter = query.into_inner().filter(Some(admin.org))?;
    page_of(&state, &page, filter).await
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OrganizationQuery {
    /// Only requests made inside this organization.
    pub organization_id: Option<i64>,
}

/// Every organization's access log, including unauthenticated requests such as failed
/// sign-ins, newest first (platform admins).
#[utoipa::path(
    tag = "admin",
    params(PageQuery, OrganizationQuery, AccessLogQuery),
    security(("bearer" = [])),
    responses((status = 200, description = "A page of requests", body = AccessLogPage))
)]
#[get("/api/v1/admin/access-log")]
pub async fn list_all_access_log(
    state: web::Data<AppState>,
    _admin: PlatformAdmin,
    page: web::Query<PageQuery>,
    organization: web::Query<OrganizationQuery>,
    query: web::Query<AccessLogQuery>,
) -> ApiResult<HttpResponse> {
    let filter = query
        .into_inner()
        .filter(organization.organization_id.map(OrgId))?;
    page_of(&state, &page, filter).await
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(list_access_log).service(list_all_access_log);
}

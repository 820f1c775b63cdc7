use super::{AuditEntry, AuditPage, store};
use crate::app::AppState;
use crate::auth::{Caller, Role};
use crate::error::{ApiError, ApiResult};
use crate::ids::OrgId;
use crate::pagination::PageQuery;
use actix_web::{HttpResponse, get, web};
use serde::Deserialize;
use utoipa::IntoParams;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Only entries with this action, e.g. `login.failed`.
    pub action: Option<String>,
    /// Platform admins: only this organization's entries.
    pub organization_id: Option<i64>,
}

/// Audit log, newest first. Org admins see their organization; platform admins see all.
#[utoipa::path(
    tag = "audit",
    params(PageQuery, AuditQuery),
    security(("bearer" = []), ("api_key" = [])),
    responses((status = 200, description = "A page of entries", body = AuditPage))
)]
#[get("/api/v1/audit-log")]
pub async fn list_audit_log(
    state: web::Data<AppState>,
    caller: Caller,
    page: web::Query<PageQuery>,
    filter: web::Query<AuditQuery>,
) -> ApiResult<HttpResponse> {
    let scope: Option<OrgId> = match (caller.role, caller.org) {
        (Role::PlatformAdmin, _) => filter.organization_id.map(OrgId),
        (Role::OrgAdmin, Some(org)) => Some(org),
        _ => {
            return Err(ApiError::forbidden(
                "Only administrators can read the audit log.",
            ));
        }
    };
    let page = page.page()?;
    let action = filter.into_inner().action;
    let pool = state.pool.clone();
    let mut rows = web::block(move || -> ApiResult<_> {
        let mut conn = pool.get()?;
        Ok(store::list(
            &mut conn,
            scope,
            action.as_deref(),
            page.after,
            page.fetch(),
        )?)
    })
    .await??;
    let next_cursor = page.finish(&mut rows, |r| r.id);
    Ok(HttpResponse::Ok().json(AuditPage {
        items: rows.into_iter().map(AuditEntry::from).collect(),
        next_cursor,
    }))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(list_audit_log);
}

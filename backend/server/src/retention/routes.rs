use super::dto::{Retention, RetentionPeriods};
use super::store;
use crate::app::AppState;
use crate::audit::{self, Event};
use crate::auth::OrgAdmin;
use crate::error::ApiResult;
use crate::http::Json;
use crate::http::client::ClientInfo;
use actix_web::{HttpResponse, get, put, web};
use serde_json::json;

/// The organization's retention periods per data type: its own settings, the platform
/// defaults and the effective periods the purge applies (org admins).
#[utoipa::path(
    tag = "retention",
    security(("bearer" = []), ("api_key" = [])),
    responses((status = 200, description = "Retention periods", body = Retention))
)]
#[get("/api/v1/organization/retention")]
pub async fn get_retention(state: web::Data<AppState>, admin: OrgAdmin) -> ApiResult<HttpResponse> {
    let pool = state.pool.clone();
    let row = web::block(move || -> ApiResult<_> { Ok(store::get(&mut *pool.get()?, admin.org)?) })
        .await??;
    let overrides = row
        .as_ref()
        .map(store::PolicyRow::overrides)
        .unwrap_or_default();
    Ok(HttpResponse::Ok().json(Retention::new(
        &overrides,
        &state.config.retention_defaults,
        row.map(|r| r.updated_at),
    )))
}

/// Replaces the organization's retention periods (org admins). Each data type takes a
/// number of days (1–36500), `"keep"`, or `null`/absent for the platform default. Data older
/// than its period is deleted by the purge (hourly, or `winmessages purge`). Recorded in the
/// audit log as `retention.updated` with the settings before and after.
#[utoipa::path(
    tag = "retention",
    request_body = RetentionPeriods,
    security(("bearer" = []), ("api_key" = [])),
    responses((status = 200, description = "Retention periods now in force", body = Retention))
)]
#[put("/api/v1/organization/retention")]
pub async fn put_retention(
    state: web::Data<AppState>,
    admin: OrgAdmin,
    client: ClientInfo,
    body: Json<RetentionPeriods>,
) -> ApiResult<HttpResponse> {
    let overrides = body.into_inner().validated()?;
    let st = state.clone();
    let now = st.clock.now_naive();
    web::block(move || -> ApiResult<_> {
        let mut conn = st.pool.get()?;
        crate::db::transaction(&mut conn, |c| {
            let before = store::get(c, admin.org)?
                .map(|r| r.overrides())
                .unwrap_or_default();
            store::put(c, admin.org, &overrides, now)?;
            audit::record(
                c,
                Event {
                    organization: Some(admin.org),
                    actor: admin.caller.actor(),
                    action: "retention.updated",
                    target: Some(("organization", admin.org.0.to_string())),
                    details: Some(json!({
                        "before": RetentionPeriods::from_overrides(&before),
                        "after": RetentionPeriods::from_overrides(&overrides),
                    })),
                    client: &client,
                },
                now,
            )?;
            Ok::<_, crate::error::ApiError>(())
        })
    })
    .await??;
    Ok(HttpResponse::Ok().json(Retention::new(
        &overrides,
        &state.config.retention_defaults,
        Some(now),
    )))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(get_retention).service(put_retention);
}

use super::store::{self, Filter};
use super::{ApiCall, ApiCallPage};
use crate::app::AppState;
use crate::auth::OrgAdmin;
use crate::error::{ApiError, ApiResult};
use crate::pagination::PageQuery;
use actix_web::{HttpResponse, get, web};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use utoipa::IntoParams;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ApiCallQuery {
    /// Only calls made for this connected number.
    pub account_id: Option<i64>,
    /// Only this HTTP method, e.g. `POST`.
    #[param(example = "GET")]
    pub method: Option<String>,
    /// Only calls answered with this HTTP status.
    #[param(minimum = 100, maximum = 599)]
    pub status: Option<i32>,
    /// Only failed calls: no answer, a non-2xx status, or an error.
    pub errors_only: Option<bool>,
    /// Only calls made at or after this time (RFC 3339).
    pub since: Option<DateTime<Utc>>,
    /// Only calls made before this time (RFC 3339); before `since`, the page is empty.
    pub until: Option<DateTime<Utc>>,
}

/// The technical log of Graph API calls made for the organization, newest first (org admins).
#[utoipa::path(
    tag = "api-calls",
    params(PageQuery, ApiCallQuery),
    security(("bearer" = []), ("api_key" = [])),
    responses((status = 200, description = "A page of calls", body = ApiCallPage))
)]
#[get("/api/v1/api-calls")]
pub async fn list_api_calls(
    state: web::Data<AppState>,
    admin: OrgAdmin,
    page: web::Query<PageQuery>,
    query: web::Query<ApiCallQuery>,
) -> ApiResult<HttpResponse> {
    let page = page.page()?;
    let query = query.into_inner();
    if let Some(status) = query.status
        && !(100..=599).contains(&status)
    {
        return Err(ApiError::invalid_field(
            "status",
            "must be an HTTP status from 100 to 599",
        ));
    }
    if let (Some(since), Some(until)) = (query.since, query.until)
        && since > until
    {
        // An empty time range holds no calls.
        return Ok(HttpResponse::Ok().json(ApiCallPage {
            items: Vec::new(),
            next_cursor: None,
        }));
    }
    let filter = Filter {
        account: query.account_id,
        method: query
            .method
            .map(|m| m.trim().to_ascii_uppercase())
            .filter(|m| !m.is_empty()),
        status: query.status,
        errors_only: query.errors_only.unwrap_or(false),
        since: query.since.map(|t| t.naive_utc()),
        until: query.until.map(|t| t.naive_utc()),
    };
    let pool = state.pool.clone();
    let mut rows = web::block(move || -> ApiResult<_> {
        Ok(store::list(
            &mut *pool.get()?,
            admin.org,
            &filter,
            page.after,
            page.fetch(),
        )?)
    })
    .await??;
    let next_cursor = page.finish(&mut rows, |r| r.id);
    Ok(HttpResponse::Ok().json(ApiCallPage {
        items: rows.into_iter().map(ApiCall::from).collect(),
        next_cursor,
    }))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(list_api_calls);
}

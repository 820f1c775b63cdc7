use super::sync::{self, FetchError};
use super::{MessageTemplate, TemplatePage, TemplateSync, store};
use crate::accounts::{AccountId, store as accounts};
use crate::app::AppState;
use crate::audit::{self, Event};
use crate::auth::{OrgAdmin, OrgMember};
use crate::error::{ApiError, ApiResult};
use crate::http::client::ClientInfo;
use crate::pagination::PageQuery;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use serde::Deserialize;
use utoipa::IntoParams;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TemplateQuery {
    /// `APPROVED` (default: what can be sent), another status such as `PENDING`, or `all`
    /// (case-insensitive).
    #[param(example = "all", pattern = "^[A-Za-z_]{0,40}$")]
    pub status: Option<String>,
}

/// A number's message templates for the template picker (every member): approved ones by
/// default, each with the parameters it needs.
#[utoipa::path(
    tag = "templates",
    params(("id" = i64, Path, description = "Account id"), TemplateQuery, PageQuery),
    security(("bearer" = []), ("api_key" = [])),
    responses((status = 200, description = "A page of templates", body = TemplatePage))
)]
#[get("/api/v1/accounts/{id}/templates")]
pub async fn list_templates(
    state: web::Data<AppState>,
    member: OrgMember,
    id: web::Path<i64>,
    query: web::Query<TemplateQuery>,
    page: web::Query<PageQuery>,
) -> ApiResult<HttpResponse> {
    let page = page.page()?;
    let status = match query.status.as_deref().map(str::trim) {
        None | Some("") => Some("APPROVED".to_owned()),
        Some(s) if s.eq_ignore_ascii_case("all") => None,
        Some(s) if s.len() <= 40 && s.chars().all(|c| c.is_ascii_alphabetic() || c == '_') => {
            Some(s.to_ascii_uppercase())
        }
        Some(_) => {
            return Err(ApiError::invalid_field(
                "status",
                "must be a template status such as APPROVED, or `all`",
            ));
        }
    };
    let account = AccountId(id.into_inner());
    let pool = state.pool.clone();
    let mut rows = web::block(move || -> ApiResult<_> {
        let mut conn = pool.get()?;
        accounts::get(&mut conn, member.org, account)?;
        Ok(store::list(
            &mut conn,
            member.org,
            account.0,
            status.as_deref(),
            page.after,
            page.fetch(),
        )?)
    })
    .await??;
    let next_cursor = page.finish(&mut rows, |r| r.id);
    Ok(HttpResponse::Ok().json(TemplatePage {
        items: rows.iter().map(MessageTemplate::from).collect(),
        next_cursor,
    }))
}

/// Fetches the number's templates from Meta now (org admins): every page, all statuses.
/// Templates Meta no longer lists are removed.
#[utoipa::path(
    tag = "templates",
    params(("id" = i64, Path, description = "Account id")),
    security(("bearer" = []), ("api_key" = [])),
    responses(
        (status = 200, description = "Synced", body = TemplateSync),
        (status = 422, description = "`account_token_invalid`: Meta refused the account's access token (error 190 or HTTP 401); rotate it with `PATCH /api/v1/accounts/{id}`", body = crate::error::Problem),
        (status = 502, description = "`graph_api_error`: Meta answered with an error (its code and message are quoted); `graph_unavailable`: the Graph API could not be reached", body = crate::error::Problem),
    )
)]
#[post("/api/v1/accounts/{id}/templates/sync")]
pub async fn sync_templates(
    state: web::Data<AppState>,
    admin: OrgAdmin,
    client: ClientInfo,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let id = AccountId(id.into_inner());
    let pool = state.pool.clone();
    let account = web::block(move || -> ApiResult<_> {
        Ok(accounts::get(&mut *pool.get()?, admin.org, id)?)
    })
    .await??;
    let listed = sync::fetch(&state, &account).await.map_err(fetch_failure)?;
    let st = state.clone();
    let (outcome, rows) = web::block(move || -> ApiResult<_> {
        let now = st.clock.now_naive();
        let mut conn = st.pool.get()?;
        crate::db::transaction(&mut conn, |c| {
            let outcome = sync::store(c, &account, &listed, now)?;
            audit::record(
                c,
                Event {
                    organization: Some(admin.org),
                    actor: admin.caller.actor(),
                    action: "templates.synced",
                    target: Some(("account", account.id.to_string())),
                    details: Some(serde_json::json!({
                        "synced": outcome.synced,
                        "added": outcome.added,
                        "removed": outcome.removed,
                    })),
                    client: &client,
                },
                now,
            )?;
            Ok((outcome, sync::all(c, &account)?))
        })
    })
    .await??;
    Ok(HttpResponse::Ok().json(TemplateSync {
        synced: outcome.synced,
        added: outcome.added,
        removed: outcome.removed,
        templates: rows.iter().map(MessageTemplate::from).collect(),
    }))
}

/// 190 / HTTP 401: the stored token no longer works (422, the admin must rotate it); any
/// other Meta error: 502 quoting it; no answer: 502 `graph_unavailable`.
fn fetch_failure(e: FetchError) -> ApiError {
    let e = match e {
        FetchError::Token(cause) => return ApiError::internal(cause),
        FetchError::Graph(e) => e,
    };
    let token_refused = e.code() == Some(190) || e.http_status() == Some(401);
    if token_refused {
        let detail = match e.graph_error() {
            Some(g) => format!(
                "Meta refused the account's access token: {} (code {}). Rotate it with PATCH /api/v1/accounts/{{id}}.",
                g.message, g.code
            ),
            None => "Meta refused the account's access token (HTTP 401). Rotate it with PATCH /api/v1/accounts/{id}.".to_owned(),
        };
        return ApiError::unprocessable("account_token_invalid", detail);
    }
    if let Some(g) = e.graph_error() {
        return ApiError::new(StatusCode::BAD_GATEWAY, "graph_api_error").detail(format!(
            "Meta answered with error {}: {}",
            g.code, g.message
        ));
    }
    if let Some(status) = e.http_status() {
        return ApiError::new(StatusCode::BAD_GATEWAY, "graph_api_error")
            .detail(format!("The Graph API answered HTTP {status}."));
    }
    tracing::warn!(error = %e, "Graph API unreachable while syncing templates");
    ApiError::new(StatusCode::BAD_GATEWAY, "graph_unavailable")
        .detail("The WhatsApp Graph API could not be reached; try again shortly.")
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(list_templates).service(sync_templates);
}

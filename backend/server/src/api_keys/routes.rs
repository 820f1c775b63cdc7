use super::dto::{ApiKey, ApiKeyPage, CreateApiKey, CreatedApiKey};
use super::store;
use crate::app::AppState;
use crate::audit::{self, Event};
use crate::auth::{OrgAdmin, tokens};
use crate::error::{ApiError, ApiResult};
use crate::http::Json;
use crate::http::client::ClientInfo;
use crate::ids::ApiKeyId;
use crate::pagination::PageQuery;
use actix_web::{HttpResponse, delete, get, post, web};
use validator::Validate;

/// Lists the organization's API keys (org admins).
#[utoipa::path(
    tag = "api-keys",
    params(PageQuery),
    security(("bearer" = []), ("api_key" = [])),
    responses((status = 200, description = "A page of keys", body = ApiKeyPage))
)]
#[get("/api/v1/api-keys")]
pub async fn list_api_keys(
    state: web::Data<AppState>,
    admin: OrgAdmin,
    query: web::Query<PageQuery>,
) -> ApiResult<HttpResponse> {
    let page = query.page()?;
    let pool = state.pool.clone();
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
    Ok(HttpResponse::Ok().json(ApiKeyPage {
        items: rows.iter().map(ApiKey::from).collect(),
        next_cursor,
    }))
}

/// Creates an API key; the key is returned once.
#[utoipa::path(
    tag = "api-keys",
    request_body = CreateApiKey,
    security(("bearer" = []), ("api_key" = [])),
    responses((status = 201, description = "Created; store `key` now", body = CreatedApiKey))
)]
#[post("/api/v1/api-keys")]
pub async fn create_api_key(
    state: web::Data<AppState>,
    admin: OrgAdmin,
    client: ClientInfo,
    body: Json<CreateApiKey>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    let body = body.into_inner();
    let st = state.clone();
    let created = web::block(move || -> ApiResult<CreatedApiKey> {
        let key = tokens::new_api_key();
        let prefix: String = key.chars().take(7).collect();
        let now = st.clock.now_naive();
        let mut conn = st.pool.get()?;
        crate::db::transaction(&mut conn, |c| {
            let id = store::insert(
                c,
                &store::NewApiKey {
                    organization_id: admin.org.0,
                    name: body.name.trim(),
                    prefix: &prefix,
                    key_hash: &tokens::digest(&key),
                    scope: body.scope.as_str(),
                    created_by: admin.caller.user_id().map(|u| u.0),
                    created_at: now,
                },
            )?;
            audit::record(
                c,
                Event {
                    organization: Some(admin.org),
                    actor: admin.caller.actor(),
                    action: "api_key.created",
                    target: Some(("api_key", id.to_string())),
                    details: Some(serde_json::json!({ "name": body.name.trim(), "scope": body.scope.as_str() })),
                    client: &client,
                },
                now,
            )?;
            let row = store::get(c, admin.org, id)?;
            Ok(CreatedApiKey {
                api_key: ApiKey::from(&row),
                key,
            })
        })
    })
    .await??;
    Ok(HttpResponse::Created().json(created))
}

/// Revokes an API key: it stops working at once.
#[utoipa::path(
    tag = "api-keys",
    params(("id" = i64, Path, description = "API key id")),
    security(("bearer" = []), ("api_key" = [])),
    responses((status = 204, description = "Revoked"))
)]
#[delete("/api/v1/api-keys/{id}")]
pub async fn revoke_api_key(
    state: web::Data<AppState>,
    admin: OrgAdmin,
    client: ClientInfo,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let id = ApiKeyId(id.into_inner());
    let st = state.clone();
    web::block(move || -> ApiResult<()> {
        let now = st.clock.now_naive();
        let mut conn = st.pool.get()?;
        crate::db::transaction(&mut conn, |c| {
            if !store::revoke(c, admin.org, id, now)? {
                return Err(ApiError::not_found());
            }
            audit::record(
                c,
                Event {
                    organization: Some(admin.org),
                    actor: admin.caller.actor(),
                    action: "api_key.revoked",
                    target: Some(("api_key", id.to_string())),
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

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(list_api_keys)
        .service(create_api_key)
        .service(revoke_api_key);
}

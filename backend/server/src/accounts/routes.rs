use super::dto::{Account, AccountPage, CreateAccount, UpdateAccount};
use super::{AccountId, store};
use crate::app::AppState;
use crate::audit::{self, Event};
use crate::auth::{OrgAdmin, OrgMember};
use crate::error::{ApiError, ApiResult};
use crate::http::Json;
use crate::http::client::ClientInfo;
use crate::pagination::PageQuery;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, delete, get, patch, post, web};
use validator::Validate;
use whatsapp_cloud::phone::PhoneNumberInfo;
use whatsapp_cloud::{AccessToken, ErrorClass};

/// Lists the organization's connected phone numbers (every member).
#[utoipa::path(
    tag = "accounts",
    params(PageQuery),
    security(("bearer" = []), ("api_key" = [])),
    responses((status = 200, description = "A page of accounts", body = AccountPage))
)]
#[get("/api/v1/accounts")]
pub async fn list_accounts(
    state: web::Data<AppState>,
    member: OrgMember,
    query: web::Query<PageQuery>,
) -> ApiResult<HttpResponse> {
    let page = query.page()?;
    let pool = state.pool.clone();
    let mut rows = web::block(move || -> ApiResult<_> {
        Ok(store::list(
            &mut *pool.get()?,
            member.org,
            page.after,
            page.fetch(),
        )?)
    })
    .await??;
    let next_cursor = page.finish(&mut rows, |r| r.id);
    Ok(HttpResponse::Ok().json(AccountPage {
        items: rows.iter().map(Account::from).collect(),
        next_cursor,
    }))
}

/// Connects a phone number (org admins). The credentials are checked with the Graph API;
/// the access token is stored encrypted and never returned.
#[utoipa::path(
    tag = "accounts",
    request_body = CreateAccount,
    security(("bearer" = []), ("api_key" = [])),
    responses(
        (status = 201, description = "Connected", body = Account),
        (status = 409, description = "`phone_number_taken`: the number is connected already", body = crate::error::Problem),
        (status = 422, description = "`invalid_credentials`: Meta refused the token or ids (its error is quoted)", body = crate::error::Problem),
        (status = 502, description = "`graph_unavailable`: the Graph API could not be reached", body = crate::error::Problem),
    )
)]
#[post("/api/v1/accounts")]
pub async fn create_account(
    state: web::Data<AppState>,
    admin: OrgAdmin,
    client: ClientInfo,
    body: Json<CreateAccount>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    let body = body.into_inner();
    let pnid = body.phone_number_id.clone();
    let pool = state.pool.clone();
    let taken = web::block(move || -> ApiResult<bool> {
        Ok(store::phone_number_taken(&mut *pool.get()?, &pnid)?)
    })
    .await??;
    if taken {
        return Err(phone_number_taken());
    }
    let token = AccessToken::new(body.access_token.trim());
    // The account has no id yet: these calls are filed under the organization only.
    let info = crate::api_calls::scope(
        admin.org.0,
        None,
        verify_credentials(&state, &body.waba_id, &body.phone_number_id, &token),
    )
    .await?;
    let sealed = state
        .secrets
        .seal(token.expose(), &body.phone_number_id)
        .map_err(ApiError::internal)?;
    let st = state.clone();
    let row = web::block(move || -> ApiResult<store::AccountRow> {
        let now = st.clock.now_naive();
        let mut conn = st.pool.get()?;
        crate::db::transaction(&mut conn, |c| {
            let inserted = store::insert(
                c,
                &store::NewAccount {
                    organization_id: admin.org.0,
                    waba_id: &body.waba_id,
                    phone_number_id: &body.phone_number_id,
                    display_phone_number: info
                        .display_phone_number
                        .as_deref()
                        .unwrap_or(&body.phone_number_id),
                    verified_name: info.verified_name.as_deref().unwrap_or_default(),
                    quality_rating: info.quality_rating.as_deref(),
                    access_token_ciphertext: &sealed,
                    name: body.name.as_deref().map(str::trim),
                    created_at: now,
                    updated_at: now,
                },
            );
            let id = match inserted {
                Ok(id) => id,
                Err(e) if crate::users::store::is_unique_violation(&e) => {
                    return Err(phone_number_taken());
                }
                Err(e) => return Err(e.into()),
            };
            audit::record(
                c,
                Event {
                    organization: Some(admin.org),
                    actor: admin.caller.actor(),
                    action: "account.created",
                    target: Some(("account", id.to_string())),
                    details: Some(serde_json::json!({
                        "waba_id": body.waba_id,
                        "phone_number_id": body.phone_number_id,
                    })),
                    client: &client,
                },
                now,
            )?;
            Ok(store::get(c, admin.org, id)?)
        })
    })
    .await??;
    crate::api_calls::scope(
        admin.org.0,
        Some(row.id),
        subscribe_webhooks(&state, &row.waba_id, &token),
    )
    .await;
    Ok(HttpResponse::Created().json(Account::from(&row)))
}

/// One connected phone number (every member).
#[utoipa::path(
    tag = "accounts",
    params(("id" = i64, Path, description = "Account id")),
    security(("bearer" = []), ("api_key" = [])),
    responses((status = 200, description = "The account", body = Account))
)]
#[get("/api/v1/accounts/{id}")]
pub async fn get_account(
    state: web::Data<AppState>,
    member: OrgMember,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let id = AccountId(id.into_inner());
    let pool = state.pool.clone();
    let row =
        web::block(move || -> ApiResult<_> { Ok(store::get(&mut *pool.get()?, member.org, id)?) })
            .await??;
    Ok(HttpResponse::Ok().json(Account::from(&row)))
}

/// Renames, disables/enables an account or rotates its access token (org admins).
#[utoipa::path(
    tag = "accounts",
    params(("id" = i64, Path, description = "Account id")),
    request_body = UpdateAccount,
    security(("bearer" = []), ("api_key" = [])),
    responses(
        (status = 200, description = "Updated", body = Account),
        (status = 422, description = "`invalid_credentials`: Meta refused the new token", body = crate::error::Problem),
        (status = 502, description = "`graph_unavailable`: the Graph API could not be reached", body = crate::error::Problem),
    )
)]
#[patch("/api/v1/accounts/{id}")]
pub async fn update_account(
    state: web::Data<AppState>,
    admin: OrgAdmin,
    client: ClientInfo,
    id: web::Path<i64>,
    body: Json<UpdateAccount>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    let body = body.into_inner();
    if let Some(Some(name)) = &body.name
        && (name.trim().is_empty() || name.chars().count() > 120)
    {
        return Err(ApiError::invalid_field(
            "name",
            "must be 1 to 120 characters long",
        ));
    }
    let id = AccountId(id.into_inner());
    let pool = state.pool.clone();
    let current =
        web::block(move || -> ApiResult<_> { Ok(store::get(&mut *pool.get()?, admin.org, id)?) })
            .await??;
    // A new token is checked before it replaces the working one.
    let rotated = match body.access_token.as_deref().map(str::trim) {
        None => None,
        Some(token) => {
            let token = AccessToken::new(token);
            let info = crate::api_calls::scope(
                admin.org.0,
                Some(current.id),
                verify_credentials(&state, &current.waba_id, &current.phone_number_id, &token),
            )
            .await?;
            let sealed = state
                .secrets
                .seal(token.expose(), &current.phone_number_id)
                .map_err(ApiError::internal)?;
            Some((sealed, info))
        }
    };
    let st = state.clone();
    let row = web::block(move || -> ApiResult<store::AccountRow> {
        let now = st.clock.now_naive();
        let mut conn = st.pool.get()?;
        crate::db::transaction(&mut conn, |c| {
            let name = body.name.as_ref().map(|n| n.as_deref().map(str::trim));
            let disabled_at = body.disabled.map(|d| {
                if d {
                    Some(current.disabled_at.unwrap_or(now))
                } else {
                    None
                }
            });
            let changes = store::AccountChanges {
                name,
                access_token_ciphertext: rotated.as_ref().map(|(s, _)| s.as_str()),
                display_phone_number: rotated
                    .as_ref()
                    .and_then(|(_, i)| i.display_phone_number.as_deref()),
                verified_name: rotated
                    .as_ref()
                    .and_then(|(_, i)| i.verified_name.as_deref()),
                quality_rating: rotated.as_ref().map(|(_, i)| i.quality_rating.as_deref()),
                disabled_at,
                updated_at: Some(now),
            };
            if store::update(c, admin.org, id, &changes)? == 0 {
                return Err(ApiError::not_found());
            }
            let mut fields: Vec<&str> = Vec::new();
            if body.name.is_some() {
                fields.push("name");
            }
            if rotated.is_some() {
                fields.push("access_token");
            }
            if body.disabled.is_some() {
                fields.push("disabled");
            }
            audit::record(
                c,
                Event {
                    organization: Some(admin.org),
                    actor: admin.caller.actor(),
                    action: "account.updated",
                    target: Some(("account", id.to_string())),
                    details: Some(
                        serde_json::json!({ "fields": fields, "disabled": body.disabled }),
                    ),
                    client: &client,
                },
                now,
            )?;
            Ok(store::get(c, admin.org, id)?)
        })
    })
    .await??;
    Ok(HttpResponse::Ok().json(Account::from(&row)))
}

/// Disconnects a phone number (org admins): the account and its conversations, messages and
/// media are deleted. To stop receiving while keeping history, PATCH `disabled: true`.
#[utoipa::path(
    tag = "accounts",
    params(("id" = i64, Path, description = "Account id")),
    security(("bearer" = []), ("api_key" = [])),
    responses((status = 204, description = "Deleted"))
)]
#[delete("/api/v1/accounts/{id}")]
pub async fn delete_account(
    state: web::Data<AppState>,
    admin: OrgAdmin,
    client: ClientInfo,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let id = AccountId(id.into_inner());
    let st = state.clone();
    web::block(move || -> ApiResult<()> {
        let now = st.clock.now_naive();
        let mut conn = st.pool.get()?;
        crate::db::transaction(&mut conn, |c| {
            let row = store::get(c, admin.org, id)?;
            if !store::delete(c, admin.org, id)? {
                return Err(ApiError::not_found());
            }
            audit::record(
                c,
                Event {
                    organization: Some(admin.org),
                    actor: admin.caller.actor(),
                    action: "account.deleted",
                    target: Some(("account", id.to_string())),
                    details: Some(serde_json::json!({ "phone_number_id": row.phone_number_id })),
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

fn phone_number_taken() -> ApiError {
    ApiError::conflict(
        "phone_number_taken",
        "This phone number id is already connected (possibly by another organization).",
    )
}

/// Asks the Graph API about the number with the given token, and checks it belongs to the WABA.
async fn verify_credentials(
    state: &AppState,
    waba_id: &str,
    phone_number_id: &str,
    token: &AccessToken,
) -> ApiResult<PhoneNumberInfo> {
    let info = state
        .graph
        .phone_number_info(token, phone_number_id)
        .await
        .map_err(graph_failure)?;
    let numbers = state
        .graph
        .list_phone_numbers(token, waba_id)
        .await
        .map_err(graph_failure)?;
    if !numbers.iter().any(|n| n.id == phone_number_id) {
        return Err(ApiError::unprocessable(
            "invalid_credentials",
            format!("Phone number id {phone_number_id} does not belong to WhatsApp Business Account {waba_id}."),
        )
        .field("phone_number_id", "is not a number of this WABA"));
    }
    Ok(info)
}

fn graph_failure(e: whatsapp_cloud::Error) -> ApiError {
    match &e {
        whatsapp_cloud::Error::Api { error, .. } => ApiError::unprocessable(
            "invalid_credentials",
            format!(
                "Meta refused the credentials: {} (code {}).",
                error.message, error.code
            ),
        ),
        whatsapp_cloud::Error::Http { status, .. } if *status < 500 => ApiError::unprocessable(
            "invalid_credentials",
            format!("Meta refused the credentials (HTTP {status})."),
        ),
        _ if e.class() == ErrorClass::Retryable || e.http_status().is_some() => {
            tracing::warn!(error = %e, "Graph API unreachable while checking credentials");
            ApiError::new(StatusCode::BAD_GATEWAY, "graph_unavailable")
                .detail("The WhatsApp Graph API could not be reached; try again shortly.")
        }
        _ => ApiError::new(StatusCode::BAD_GATEWAY, "graph_unavailable")
            .detail(format!("The WhatsApp Graph API answered unexpectedly: {e}")),
    }
}

/// Webhooks for a WABA flow only once our app is subscribed to it. A failure is logged, not
/// fatal: the subscription may already exist or be managed in Meta's dashboard.
async fn subscribe_webhooks(state: &AppState, waba_id: &str, token: &AccessToken) {
    if let Err(e) = state.graph.subscribe_app(token, waba_id).await {
        tracing::warn!(waba_id, error = %e, "could not subscribe the app to the WABA's webhooks");
    }
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(list_accounts)
        .service(create_account)
        .service(get_account)
        .service(update_account)
        .service(delete_account);
}

//! Sessions: login, refresh (rotating), logout, and who am I.

use super::dto::{
    LoginRequest, Me, MeApiKey, OrganizationRef, RefreshRequest, TokenDelivery, TokenResponse,
};
use super::jwt::AccessToken;
use super::{Caller, Principal, store, tokens};
use crate::app::AppState;
use crate::audit::{self, Actor, Event};
use crate::error::{ApiError, ApiResult, Problem};
use crate::http::Json;
use crate::http::client::ClientInfo;
use crate::http::extractors::optional_json;
use crate::ids::UserId;
use crate::users::{User, store as users};
use crate::{api_keys, organizations};
use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use chrono::Duration;

pub const REFRESH_COOKIE: &str = "wm_refresh";
const REFRESH_COOKIE_PATH: &str = "/api/v1/auth";
const REFRESH_TTL_DAYS: i64 = 30;

fn invalid_credentials() -> ApiError {
    ApiError::new(StatusCode::UNAUTHORIZED, "invalid_credentials")
        .detail("The email or password is wrong, or the account is disabled.")
}

fn invalid_refresh() -> ApiError {
    ApiError::new(StatusCode::UNAUTHORIZED, "invalid_refresh_token")
        .detail("The refresh token is missing, expired or revoked; sign in again.")
}

fn refresh_cookie(value: String, secure: bool, max_age_days: i64) -> Cookie<'static> {
    Cookie::build(REFRESH_COOKIE, value)
        .path(REFRESH_COOKIE_PATH)
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(secure)
        .max_age(CookieDuration::days(max_age_days))
        .finish()
}

/// Issues an access token and a new refresh token for `user` in the given family.
fn issue_session(
    state: &AppState,
    conn: &mut crate::db::Conn,
    user: &users::UserRow,
    family_id: &str,
) -> ApiResult<(String, i64, String)> {
    let now = state.clock.now();
    let refresh_token = tokens::random_secret();
    store::insert(
        conn,
        UserId(user.id),
        family_id,
        &tokens::digest(&refresh_token),
        now.naive_utc(),
        (now + Duration::days(REFRESH_TTL_DAYS)).naive_utc(),
    )?;
    let (access, ttl) = state
        .auth
        .jwt
        .issue(
            AccessToken {
                user: UserId(user.id),
                org: user.org(),
                role: user.role(),
            },
            now,
        )
        .map_err(ApiError::internal)?;
    Ok((access, ttl, refresh_token))
}

fn token_response(
    req: &HttpRequest,
    delivery: TokenDelivery,
    user: &users::UserRow,
    (access, ttl, refresh_token): (String, i64, String),
) -> HttpResponse {
    let mut res = HttpResponse::Ok();
    res.insert_header(("cache-control", "no-store"));
    let refresh_in_body = match delivery {
        TokenDelivery::Body => Some(refresh_token),
        TokenDelivery::Cookie => {
            res.cookie(refresh_cookie(
                refresh_token,
                crate::http::client::is_https(req),
                REFRESH_TTL_DAYS,
            ));
            None
        }
    };
    res.json(TokenResponse {
        access_token: access,
        token_type: "Bearer".into(),
        expires_in: ttl,
        refresh_token: refresh_in_body,
        user: User::from(user),
    })
}

/// Signs in with email and password.
///
/// Returns a 15-minute access token and a refresh token (an httpOnly cookie for browsers, or
/// in the body with `token_delivery: "body"`). Failed attempts are limited per account and
/// per IP address (429 with `Retry-After`).
#[utoipa::path(
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in", body = TokenResponse),
        (status = 401, description = "Wrong credentials or disabled account", body = Problem,
            content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts", body = Problem,
            content_type = "application/problem+json"),
    )
)]
#[post("/api/v1/auth/login")]
pub async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: Json<LoginRequest>,
) -> ApiResult<HttpResponse> {
    let client = ClientInfo::of(&req);
    let LoginRequest {
        email,
        password,
        token_delivery,
    } = body.into_inner();
    let email = users::normalize_email(&email);
    state
        .auth
        .login_limiter
        .attempt(&email, client.ip_or_unknown())
        .map_err(ApiError::too_many_requests)?;

    let st = state.clone();
    let outcome = web::block(move || -> ApiResult<Result<_, ApiError>> {
        let user = users::find_by_email(&mut *st.pool.get()?, &email)?;
        // The same argon2 work is done whether or not the account exists.
        let matches = st
            .auth
            .passwords
            .verify(&password, user.as_ref().map(|u| u.password_hash.as_str()));
        let mut conn = st.pool.get()?;
        let now = st.clock.now_naive();
        match user {
            Some(user) if matches && user.is_active() => {
                let session = crate::db::transaction(&mut conn, |c| {
                    let family = tokens::random_secret();
                    let session = issue_session(&st, c, &user, &family)?;
                    audit::record(
                        c,
                        Event {
                            organization: user.org(),
                            actor: Actor {
                                user: Some(UserId(user.id)),
                                api_key: None,
                            },
                            action: "login.succeeded",
                            target: Some(("user", user.id.to_string())),
                            details: None,
                            client: &client,
                        },
                        now,
                    )?;
                    Ok::<_, ApiError>(session)
                })?;
                Ok(Ok((user, session)))
            }
            user => {
                let reason = match &user {
                    None => "unknown_email",
                    Some(u) if !u.is_active() => "disabled",
                    Some(_) => "wrong_password",
                };
                audit::record(
                    &mut conn,
                    Event {
                        organization: user.as_ref().and_then(users::UserRow::org),
                        actor: Actor {
                            user: user.as_ref().map(|u| UserId(u.id)),
                            api_key: None,
                        },
                        action: "login.failed",
                        target: None,
                        details: Some(serde_json::json!({ "email": email, "reason": reason })),
                        client: &client,
                    },
                    now,
                )?;
                Ok(Err(invalid_credentials()))
            }
        }
    })
    .await??;
    let (user, session) = outcome?;
    crate::access_log::identify(&req, Some((user.org(), Principal::User(UserId(user.id)))));
    Ok(token_response(&req, token_delivery, &user, session))
}

fn presented_refresh_token(req: &HttpRequest, body: Option<&RefreshRequest>) -> Option<String> {
    body.and_then(|b| b.refresh_token.clone())
        .filter(|t| !t.is_empty())
        .or_else(|| req.cookie(REFRESH_COOKIE).map(|c| c.value().to_owned()))
        .filter(|t| !t.is_empty())
}

enum RefreshOutcome {
    Rotated(Box<users::UserRow>, (String, i64, String)),
    Rejected,
}

/// Exchanges a refresh token for a new access token and a new refresh token.
///
/// Every refresh token works once. Presenting one that was already used revokes every token
/// of that sign-in (it was likely stolen) and is audited. Disabled users and changed roles
/// take effect here.
#[utoipa::path(
    tag = "auth",
    request_body(content = Option<RefreshRequest>, description = "Omit when the cookie is sent"),
    responses(
        (status = 200, description = "New tokens", body = TokenResponse),
        (status = 401, description = "Missing, expired, reused or revoked refresh token",
            body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/api/v1/auth/refresh")]
pub async fn refresh(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Bytes,
) -> ApiResult<HttpResponse> {
    let body: Option<RefreshRequest> = optional_json(&req, &body)?;
    let delivery = body.as_ref().map(|b| b.token_delivery).unwrap_or_default();
    let Some(token) = presented_refresh_token(&req, body.as_ref()) else {
        return Err(invalid_refresh());
    };
    let client = ClientInfo::of(&req);
    let st = state.clone();
    let outcome = web::block(move || -> ApiResult<RefreshOutcome> {
        let mut conn = st.pool.get()?;
        let now = st.clock.now_naive();
        crate::db::transaction(&mut conn, |c| {
            let Some(row) = store::find(c, &tokens::digest(&token))? else {
                return Ok(RefreshOutcome::Rejected);
            };
            let user = users::find_by_id(c, UserId(row.user_id))?;
            let reused = row.used_at.is_some() || row.revoked_at.is_some();
            if reused || !store::mark_used(c, row.id, now)? {
                store::revoke_family(c, &row.family_id, now)?;
                if row.used_at.is_some() {
                    audit::record(
                        c,
                        Event {
                            organization: user.as_ref().and_then(users::UserRow::org),
                            actor: Actor {
                                user: Some(UserId(row.user_id)),
                                api_key: None,
                            },
                            action: "refresh_token.reused",
                            target: Some(("user", row.user_id.to_string())),
                            details: Some(serde_json::json!({ "session_revoked": true })),
                            client: &client,
                        },
                        now,
                    )?;
                }
                return Ok(RefreshOutcome::Rejected);
            }
            match user {
                Some(user) if user.is_active() && row.expires_at > now => {
                    let session = issue_session(&st, c, &user, &row.family_id)?;
                    Ok(RefreshOutcome::Rotated(Box::new(user), session))
                }
                _ => {
                    store::revoke_family(c, &row.family_id, now)?;
                    Ok(RefreshOutcome::Rejected)
                }
            }
        })
    })
    .await??;
    match outcome {
        RefreshOutcome::Rotated(user, session) => {
            crate::access_log::identify(&req, Some((user.org(), Principal::User(UserId(user.id)))));
            Ok(token_response(&req, delivery, &user, session))
        }
        RefreshOutcome::Rejected => Err(invalid_refresh()),
    }
}

/// Signs out: revokes the refresh token's whole session and clears the cookie.
#[utoipa::path(
    tag = "auth",
    request_body(content = Option<RefreshRequest>, description = "Omit when the cookie is sent"),
    responses((status = 204, description = "Signed out (also when there was no session)"))
)]
#[post("/api/v1/auth/logout")]
pub async fn logout(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Bytes,
) -> ApiResult<HttpResponse> {
    let body: Option<RefreshRequest> = optional_json(&req, &body)?;
    let token = presented_refresh_token(&req, body.as_ref());
    let client = ClientInfo::of(&req);
    let st = state.clone();
    web::block(move || -> ApiResult<()> {
        let Some(token) = token else { return Ok(()) };
        let mut conn = st.pool.get()?;
        let now = st.clock.now_naive();
        crate::db::transaction(&mut conn, |c| {
            let Some(row) = store::find(c, &tokens::digest(&token))? else {
                return Ok(());
            };
            if store::revoke_family(c, &row.family_id, now)? > 0 {
                let user = users::find_by_id(c, UserId(row.user_id))?;
                audit::record(
                    c,
                    Event {
                        organization: user.as_ref().and_then(users::UserRow::org),
                        actor: Actor {
                            user: Some(UserId(row.user_id)),
                            api_key: None,
                        },
                        action: "logout",
                        target: Some(("user", row.user_id.to_string())),
                        details: None,
                        client: &client,
                    },
                    now,
                )?;
            }
            Ok(())
        })
    })
    .await??;
    let mut expired = refresh_cookie(String::new(), crate::http::client::is_https(&req), 0);
    expired.make_removal();
    Ok(HttpResponse::NoContent().cookie(expired).finish())
}

/// The caller: user (or API key), role and organization.
#[utoipa::path(
    tag = "auth",
    security(("bearer" = []), ("api_key" = [])),
    responses((status = 200, description = "The caller", body = Me))
)]
#[get("/api/v1/me")]
pub async fn me(state: web::Data<AppState>, caller: Caller) -> ApiResult<HttpResponse> {
    let pool = state.pool.clone();
    let me = web::block(move || -> ApiResult<Me> {
        let mut conn = pool.get()?;
        let organization = match caller.org {
            Some(org) => organizations::store::find(&mut conn, org)?.map(|o| OrganizationRef {
                id: o.id,
                name: o.name,
            }),
            None => None,
        };
        Ok(match caller.principal {
            Principal::User(id) => Me {
                kind: "user".into(),
                role: caller.role,
                organization,
                user: users::find_by_id(&mut conn, id)?.as_ref().map(User::from),
                api_key: None,
            },
            Principal::ApiKey(id) => Me {
                kind: "api_key".into(),
                role: caller.role,
                organization,
                user: None,
                api_key: api_keys::store::name_of(&mut conn, id)?
                    .map(|name| MeApiKey { id: id.0, name }),
            },
        })
    })
    .await??;
    Ok(HttpResponse::Ok().json(me))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(login)
        .service(refresh)
        .service(logout)
        .service(me);
}

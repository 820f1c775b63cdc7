//! The authenticated caller, extracted from `Authorization: Bearer …` (a JWT access token or a
//! `wm_` API key). Handlers ask for the narrowest extractor they need: [`Caller`],
//! [`OrgMember`] (scoped to one organization), [`OrgAdmin`] or [`PlatformAdmin`].

use super::{Role, jwt::TokenError, tokens};
use crate::app::AppState;
use crate::error::ApiError;
use crate::ids::{ApiKeyId, OrgId, UserId};
use actix_web::dev::Payload;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::future::LocalBoxFuture;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Principal {
    User(UserId),
    ApiKey(ApiKeyId),
}

#[derive(Debug, Clone, Copy)]
pub struct Caller {
    pub principal: Principal,
    pub org: Option<OrgId>,
    pub role: Role,
}

impl Caller {
    pub fn user_id(&self) -> Option<UserId> {
        match self.principal {
            Principal::User(u) => Some(u),
            Principal::ApiKey(_) => None,
        }
    }

    pub fn actor(&self) -> crate::audit::Actor {
        match self.principal {
            Principal::User(u) => crate::audit::Actor {
                user: Some(u),
                api_key: None,
            },
            Principal::ApiKey(k) => crate::audit::Actor {
                user: None,
                api_key: Some(k),
            },
        }
    }
}

/// A caller acting inside one organization (org admin or agent, user or API key).
#[derive(Debug, Clone, Copy)]
pub struct OrgMember {
    pub caller: Caller,
    pub org: OrgId,
}

/// An organization administrator (or an admin-scoped API key).
#[derive(Debug, Clone, Copy)]
pub struct OrgAdmin {
    pub caller: Caller,
    pub org: OrgId,
}

/// One of our own staff.
#[derive(Debug, Clone, Copy)]
pub struct PlatformAdmin {
    pub caller: Caller,
    pub user: UserId,
}

fn invalid_token(detail: &str) -> ApiError {
    ApiError::unauthorized(detail.to_owned()).header(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static("Bearer realm=\"winmessages\", error=\"invalid_token\""),
    )
}

fn bearer(req: &HttpRequest) -> Result<String, ApiError> {
    let value = req.headers().get(header::AUTHORIZATION).ok_or_else(|| {
        ApiError::unauthorized("Authentication required: send `Authorization: Bearer <token>`.")
    })?;
    let value = value
        .to_str()
        .map_err(|_| invalid_token("The Authorization header is malformed."))?;
    let (scheme, token) = value
        .split_once(' ')
        .ok_or_else(|| invalid_token("The Authorization header is malformed."))?;
    if !scheme.eq_ignore_ascii_case("bearer") || token.trim().is_empty() {
        return Err(invalid_token("Only Bearer tokens are accepted."));
    }
    Ok(token.trim().to_owned())
}

/// Authenticates the request and notes the outcome for the access log.
async fn authenticate(req: HttpRequest) -> Result<Caller, ApiError> {
    let caller = resolve(&req).await;
    crate::access_log::identify(&req, caller.as_ref().ok().map(|c| (c.org, c.principal)));
    caller
}

/// The caller behind a request no extractor authenticated (it failed routing or validation
/// first), for the access log; `None` without valid credentials.
pub async fn identify_late(req: &HttpRequest) -> Option<Caller> {
    if !req.headers().contains_key(header::AUTHORIZATION) {
        return None;
    }
    resolve(req).await.ok()
}

async fn resolve(req: &HttpRequest) -> Result<Caller, ApiError> {
    let state = req
        .app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| ApiError::internal("application state missing"))?;
    let token = bearer(req)?;
    if token.starts_with(tokens::API_KEY_PREFIX) {
        let digest = tokens::digest(&token);
        let pool = state.pool.clone();
        let now = state.clock.now_naive();
        let key = web::block(move || -> Result<_, ApiError> {
            let mut conn = pool.get()?;
            Ok(crate::api_keys::store::authenticate(
                &mut conn, &digest, now,
            )?)
        })
        .await??;
        return match key {
            Some(k) => Ok(Caller {
                principal: Principal::ApiKey(k.id),
                org: Some(k.org),
                role: k.role,
            }),
            None => Err(invalid_token("The API key is unknown or revoked.")),
        };
    }
    match state.auth.jwt.verify(&token, state.clock.now()) {
        Ok(t) => Ok(Caller {
            principal: Principal::User(t.user),
            org: t.org,
            role: t.role,
        }),
        Err(TokenError::Expired) => Err(invalid_token("The access token has expired.")),
        Err(TokenError::NotYetValid) => Err(invalid_token("The access token is not valid yet.")),
        Err(TokenError::Invalid) => Err(invalid_token("The access token is invalid.")),
    }
}

/// A platform admin reading an organization under an access grant acts in it with an
/// administrator's view (reads only; see `access_grants::staff`).
async fn staff_reader(
    req: &HttpRequest,
    caller: Caller,
) -> Result<Option<(Caller, OrgId)>, ApiError> {
    let Some(org) = crate::access_grants::staff::organization_for_staff(req, &caller).await? else {
        return Ok(None);
    };
    crate::access_log::identify(req, Some((Some(org), caller.principal)));
    let caller = Caller {
        org: Some(org),
        role: Role::OrgAdmin,
        ..caller
    };
    Ok(Some((caller, org)))
}

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(authenticate(req))
    }
}

impl FromRequest for OrgMember {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let caller = authenticate(req.clone()).await?;
            if let Some((caller, org)) = staff_reader(&req, caller).await? {
                return Ok(OrgMember { caller, org });
            }
            match caller.org {
                Some(org) => Ok(OrgMember { caller, org }),
                None => Err(ApiError::forbidden(
                    "This endpoint works inside an organization; platform administrators have none.",
                )),
            }
        })
    }
}

impl FromRequest for OrgAdmin {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let caller = authenticate(req.clone()).await?;
            if let Some((caller, org)) = staff_reader(&req, caller).await? {
                return Ok(OrgAdmin { caller, org });
            }
            match (caller.org, caller.role) {
                (Some(org), Role::OrgAdmin) => Ok(OrgAdmin { caller, org }),
                _ => Err(ApiError::forbidden(
                    "Only organization administrators can do this.",
                )),
            }
        })
    }
}

impl FromRequest for PlatformAdmin {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let caller = authenticate(req).await?;
            match (caller.principal, caller.role) {
                (Principal::User(user), Role::PlatformAdmin) => Ok(PlatformAdmin { caller, user }),
                _ => Err(ApiError::forbidden(
                    "Only platform administrators can do this.",
                )),
            }
        })
    }
}

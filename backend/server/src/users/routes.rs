use super::dto::{CreateUser, UpdateUser, User, UserPage};
use super::store::{self, UserChanges};
use crate::app::AppState;
use crate::audit::{self, Event};
use crate::auth::{OrgAdmin, OrgMember, Role, password};
use crate::error::{ApiError, ApiResult, Problem};
use crate::http::Json;
use crate::http::client::ClientInfo;
use crate::ids::{OrgId, UserId};
use crate::pagination::PageQuery;
use actix_web::{HttpResponse, delete, get, patch, post, web};
use validator::Validate;

fn last_admin() -> ApiError {
    ApiError::conflict(
        "last_admin",
        "The organization must keep at least one active administrator.",
    )
}

/// Lists the organization's members (every member may read it, e.g. to assign work).
#[utoipa::path(
    tag = "users",
    params(PageQuery),
    security(("bearer" = []), ("api_key" = [])),
    responses((status = 200, description = "A page of users", body = UserPage))
)]
#[get("/api/v1/users")]
pub async fn list_users(
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
    Ok(HttpResponse::Ok().json(UserPage {
        items: rows.iter().map(User::from).collect(),
        next_cursor,
    }))
}

/// Adds a member to the organization (org admins).
#[utoipa::path(
    tag = "users",
    request_body = CreateUser,
    security(("bearer" = []), ("api_key" = [])),
    responses(
        (status = 201, description = "Created", body = User),
        (status = 409, description = "Email already registered", body = Problem,
            content_type = "application/problem+json"),
    )
)]
#[post("/api/v1/users")]
pub async fn create_user(
    state: web::Data<AppState>,
    admin: OrgAdmin,
    client: ClientInfo,
    body: Json<CreateUser>,
) -> ApiResult<HttpResponse> {
    let mut body = body.into_inner();
    body.email = store::normalize_email(&body.email);
    body.validate()?;
    let email = body.email.clone();
    if let Some(why) = password::weakness(&body.password, &email) {
        return Err(ApiError::invalid_field("password", why));
    }
    let st = state.clone();
    let user = web::block(move || -> ApiResult<User> {
        let hash = password::hash(&body.password).map_err(ApiError::internal)?;
        let now = st.clock.now_naive();
        let mut conn = st.pool.get()?;
        crate::db::transaction(&mut conn, |c| {
            let role = Role::from(body.role);
            let id = store::insert(
                c,
                &store::NewUser {
                    organization_id: Some(admin.org.0),
                    email: &email,
                    name: body.name.trim(),
                    password_hash: &hash,
                    role: role.as_str(),
                    created_at: now,
                    updated_at: now,
                },
            )
            .map_err(|e| {
                if store::is_unique_violation(&e) {
                    ApiError::conflict("email_taken", "This email address is already registered.")
                } else {
                    e.into()
                }
            })?;
            audit::record(
                c,
                Event {
                    organization: Some(admin.org),
                    actor: admin.caller.actor(),
                    action: "user.created",
                    target: Some(("user", id.to_string())),
                    details: Some(serde_json::json!({ "role": role.as_str() })),
                    client: &client,
                },
                now,
            )?;
            Ok(User::from(&store::get(c, admin.org, id)?))
        })
    })
    .await??;
    Ok(HttpResponse::Created().json(user))
}

/// Changes a member's name, role, password or active state (org admins). Disabling ends the
/// member's sessions at their next refresh; role changes apply from the next refresh.
#[utoipa::path(
    tag = "users",
    params(("id" = i64, Path, description = "User id")),
    request_body = UpdateUser,
    security(("bearer" = []), ("api_key" = [])),
    responses(
        (status = 200, description = "Updated", body = User),
        (status = 409, description = "Would leave no active administrator", body = Problem,
            content_type = "application/problem+json"),
    )
)]
#[patch("/api/v1/users/{id}")]
pub async fn update_user(
    state: web::Data<AppState>,
    admin: OrgAdmin,
    client: ClientInfo,
    id: web::Path<i64>,
    body: Json<UpdateUser>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    let id = UserId(id.into_inner());
    let body = body.into_inner();
    let st = state.clone();
    let user = web::block(move || -> ApiResult<User> {
        let mut conn = st.pool.get()?;
        let before = store::get(&mut conn, admin.org, id)?;
        let password_hash = match &body.password {
            Some(p) => {
                if let Some(why) = password::weakness(p, &before.email) {
                    return Err(ApiError::invalid_field("password", why));
                }
                Some(password::hash(p).map_err(ApiError::internal)?)
            }
            None => None,
        };
        let now = st.clock.now_naive();
        crate::db::transaction(&mut conn, |c| {
            let changes = UserChanges {
                name: body.name.as_ref().map(|n| n.trim().to_owned()),
                role: body.role.map(|r| Role::from(r).as_str().to_owned()),
                password_hash,
                disabled_at: body
                    .active
                    .map(|active| if active { None } else { before.disabled_at.or(Some(now)) }),
                updated_at: Some(now),
            };
            store::update(c, admin.org, id, &changes)?;
            ensure_an_admin_remains(c, admin.org)?;
            if body.active == Some(false) || body.password.is_some() {
                crate::auth::store::revoke_all_for_user(c, id, now)?;
            }
            let after = store::get(c, admin.org, id)?;
            audit::record(
                c,
                Event {
                    organization: Some(admin.org),
                    actor: admin.caller.actor(),
                    action: "user.updated",
                    target: Some(("user", id.to_string())),
                    details: Some(serde_json::json!({
                        "before": { "name": before.name, "role": before.role, "active": before.is_active() },
                        "after": { "name": after.name, "role": after.role, "active": after.is_active() },
                        "password_changed": body.password.is_some(),
                    })),
                    client: &client,
                },
                now,
            )?;
            Ok(User::from(&after))
        })
    })
    .await??;
    Ok(HttpResponse::Ok().json(user))
}

fn ensure_an_admin_remains(c: &mut crate::db::Conn, org: OrgId) -> ApiResult<()> {
    if store::count_active_admins(c, org)? == 0 {
        // Returning an error rolls the transaction back.
        return Err(last_admin());
    }
    Ok(())
}

/// Removes a member from the organization (org admins).
#[utoipa::path(
    tag = "users",
    params(("id" = i64, Path, description = "User id")),
    security(("bearer" = []), ("api_key" = [])),
    responses(
        (status = 204, description = "Deleted"),
        (status = 409, description = "Would leave no active administrator, or is the caller",
            body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/api/v1/users/{id}")]
pub async fn delete_user(
    state: web::Data<AppState>,
    admin: OrgAdmin,
    client: ClientInfo,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let id = UserId(id.into_inner());
    if admin.caller.user_id() == Some(id) {
        return Err(ApiError::conflict(
            "cannot_delete_self",
            "You cannot delete your own account; another administrator can.",
        ));
    }
    let st = state.clone();
    web::block(move || -> ApiResult<()> {
        let now = st.clock.now_naive();
        let mut conn = st.pool.get()?;
        crate::db::transaction(&mut conn, |c| {
            let before = store::get(c, admin.org, id)?;
            store::delete(c, admin.org, id)?;
            ensure_an_admin_remains(c, admin.org)?;
            audit::record(
                c,
                Event {
                    organization: Some(admin.org),
                    actor: admin.caller.actor(),
                    action: "user.deleted",
                    target: Some(("user", id.to_string())),
                    details: Some(serde_json::json!({ "role": before.role })),
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
    cfg.service(list_users)
        .service(create_user)
        .service(update_user)
        .service(delete_user);
}

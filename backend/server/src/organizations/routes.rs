use super::dto::{CreateOrganization, CreatedOrganization, Organization, OrganizationPage};
use super::store;
use crate::app::AppState;
use crate::audit::{self, Event};
use crate::auth::{PlatformAdmin, Role, password};
use crate::error::{ApiError, ApiResult, Problem};
use crate::http::Json;
use crate::http::client::ClientInfo;
use crate::pagination::PageQuery;
use crate::users::{User, store as users};
use actix_web::{HttpResponse, get, post, web};
use validator::Validate;

/// Lists every organization (platform administrators).
#[utoipa::path(
    tag = "admin",
    params(PageQuery),
    security(("bearer" = [])),
    responses((status = 200, description = "A page of organizations", body = OrganizationPage))
)]
#[get("/api/v1/admin/organizations")]
pub async fn list_organizations(
    state: web::Data<AppState>,
    _admin: PlatformAdmin,
    query: web::Query<PageQuery>,
) -> ApiResult<HttpResponse> {
    let page = query.page()?;
    let pool = state.pool.clone();
    let mut rows = web::block(move || -> ApiResult<_> {
        Ok(store::list(&mut *pool.get()?, page.after, page.fetch())?)
    })
    .await??;
    let next_cursor = page.finish(&mut rows, |(o, _)| o.id);
    Ok(HttpResponse::Ok().json(OrganizationPage {
        items: rows
            .into_iter()
            .map(|(o, members)| Organization {
                id: o.id,
                name: o.name,
                member_count: members,
                created_at: o.created_at.and_utc(),
            })
            .collect(),
        next_cursor,
    }))
}

/// Creates an organization with its first organization administrator (platform administrators).
#[utoipa::path(
    tag = "admin",
    request_body = CreateOrganization,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Created", body = CreatedOrganization),
        (status = 409, description = "The admin email is already registered", body = Problem,
            content_type = "application/problem+json"),
    )
)]
#[post("/api/v1/admin/organizations")]
pub async fn create_organization(
    state: web::Data<AppState>,
    admin: PlatformAdmin,
    client: ClientInfo,
    body: Json<CreateOrganization>,
) -> ApiResult<HttpResponse> {
    let mut body = body.into_inner();
    body.admin.email = users::normalize_email(&body.admin.email);
    body.validate()?;
    let email = body.admin.email.clone();
    if let Some(why) = password::weakness(&body.admin.password, &email) {
        return Err(ApiError::invalid_field("admin.password", why));
    }
    let st = state.clone();
    let created = web::block(move || -> ApiResult<CreatedOrganization> {
        let hash = password::hash(&body.admin.password).map_err(ApiError::internal)?;
        let mut conn = st.pool.get()?;
        let now = st.clock.now_naive();
        crate::db::transaction(&mut conn, |c| {
            let org = store::insert(c, body.name.trim(), now)?;
            let user_id = users::insert(
                c,
                &users::NewUser {
                    organization_id: Some(org.0),
                    email: &email,
                    name: body.admin.name.trim(),
                    password_hash: &hash,
                    role: Role::OrgAdmin.as_str(),
                    created_at: now,
                    updated_at: now,
                },
            )
            .map_err(|e| {
                if users::is_unique_violation(&e) {
                    ApiError::conflict("email_taken", "This email address is already registered.")
                } else {
                    e.into()
                }
            })?;
            audit::record(
                c,
                Event {
                    organization: Some(org),
                    actor: admin.caller.actor(),
                    action: "organization.created",
                    target: Some(("organization", org.to_string())),
                    details: Some(
                        serde_json::json!({ "name": body.name.trim(), "admin_user_id": user_id.0 }),
                    ),
                    client: &client,
                },
                now,
            )?;
            let org_row = store::find(c, org)?.ok_or(ApiError::not_found())?;
            let user = users::get(c, org, user_id)?;
            Ok(CreatedOrganization {
                organization: Organization {
                    id: org_row.id,
                    name: org_row.name,
                    member_count: 1,
                    created_at: org_row.created_at.and_utc(),
                },
                admin: User::from(&user),
            })
        })
    })
    .await??;
    Ok(HttpResponse::Created().json(created))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(list_organizations).service(create_organization);
}

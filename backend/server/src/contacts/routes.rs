use super::ContactId;
use super::dto::{Contact, ContactPage, UpdateContact, parse_attributes};
use super::store::{self, ContactChanges, ContactRow};
use crate::app::AppState;
use crate::audit::{self, Event};
use crate::auth::{OrgAdmin, OrgMember};
use crate::contacts::visibility::hides_restricted;
use crate::error::{ApiError, ApiResult};
use crate::http::Json;
use crate::http::client::ClientInfo;
use crate::pagination::PageQuery;
use actix_web::{HttpResponse, delete, get, patch, put, web};
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa::IntoParams;

const SEARCH_MAX_CHARS: usize = 100;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ContactQuery {
    /// Case-insensitive substring of the name, profile name, WhatsApp id or phone number
    /// (at most 100 characters).
    #[param(max_length = 100)]
    pub q: Option<String>,
}

/// Lists the organization's contacts, newest first, optionally searched. Restricted contacts
/// are listed for org admins only.
#[utoipa::path(
    tag = "contacts",
    params(ContactQuery, PageQuery),
    security(("bearer" = []), ("api_key" = [])),
    responses((status = 200, description = "A page of contacts", body = ContactPage))
)]
#[get("/api/v1/contacts")]
pub async fn list_contacts(
    state: web::Data<AppState>,
    member: OrgMember,
    query: web::Query<ContactQuery>,
    page: web::Query<PageQuery>,
) -> ApiResult<HttpResponse> {
    let page = page.page()?;
    let q = query.into_inner().q;
    if q.as_ref()
        .is_some_and(|q| q.chars().count() > SEARCH_MAX_CHARS)
    {
        return Err(ApiError::invalid_field(
            "q",
            format!("must be at most {SEARCH_MAX_CHARS} characters long"),
        ));
    }
    let search = q.map(|q| q.trim().to_owned()).filter(|q| !q.is_empty());
    let pool = state.pool.clone();
    let hide = hides_restricted(&member);
    let mut rows = web::block(move || -> ApiResult<_> {
        Ok(store::list(
            &mut *pool.get()?,
            member.org,
            search.as_deref(),
            hide,
            page.after,
            page.fetch(),
        )?)
    })
    .await??;
    let next_cursor = page.finish(&mut rows, |r| r.id);
    Ok(HttpResponse::Ok().json(ContactPage {
        items: rows.iter().map(Contact::from).collect(),
        next_cursor,
    }))
}

/// One contact.
#[utoipa::path(
    tag = "contacts",
    params(("id" = i64, Path, description = "Contact id")),
    security(("bearer" = []), ("api_key" = [])),
    responses((status = 200, description = "The contact", body = Contact))
)]
#[get("/api/v1/contacts/{id}")]
pub async fn get_contact(
    state: web::Data<AppState>,
    member: OrgMember,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let id = ContactId(id.into_inner());
    let pool = state.pool.clone();
    let hide = hides_restricted(&member);
    let row =
        web::block(move || -> ApiResult<_> { Ok(store::get(&mut *pool.get()?, member.org, id)?) })
            .await??;
    if hide && row.restricted_at.is_some() {
        return Err(ApiError::not_found());
    }
    Ok(HttpResponse::Ok().json(Contact::from(&row)))
}

/// The audited view of the fields a PATCH may change.
fn editable(r: &ContactRow) -> Value {
    json!({
        "name": r.name,
        "notes": r.notes,
        "attributes": parse_attributes(r.attributes.as_deref()),
    })
}

/// Sets the business's name, notes or custom attributes of a contact (every member of the
/// organization: agents annotate the people they talk to). Recorded in the audit log as
/// `contact.updated` with the values before and after.
#[utoipa::path(
    tag = "contacts",
    params(("id" = i64, Path, description = "Contact id")),
    request_body = UpdateContact,
    security(("bearer" = []), ("api_key" = [])),
    responses((status = 200, description = "Updated", body = Contact))
)]
#[patch("/api/v1/contacts/{id}")]
pub async fn update_contact(
    state: web::Data<AppState>,
    member: OrgMember,
    client: ClientInfo,
    id: web::Path<i64>,
    body: Json<UpdateContact>,
) -> ApiResult<HttpResponse> {
    let id = ContactId(id.into_inner());
    let body = body.into_inner().validated()?;
    let st = state.clone();
    let contact = web::block(move || -> ApiResult<Contact> {
        let now = st.clock.now_naive();
        let mut conn = st.pool.get()?;
        crate::db::transaction(&mut conn, |c| {
            let before = store::get(c, member.org, id)?;
            if hides_restricted(&member) && before.restricted_at.is_some() {
                return Err(ApiError::not_found());
            }
            let changes = ContactChanges {
                name: body.name,
                notes: body.notes,
                attributes: body
                    .attributes
                    .map(|a| a.map(|map| Value::Object(map).to_string())),
                updated_at: Some(now),
            };
            store::update(c, member.org, id, &changes)?;
            let after = store::get(c, member.org, id)?;
            audit::record(
                c,
                Event {
                    organization: Some(member.org),
                    actor: member.caller.actor(),
                    action: "contact.updated",
                    target: Some(("contact", id.0.to_string())),
                    details: Some(
                        json!({ "before": editable(&before), "after": editable(&after) }),
                    ),
                    client: &client,
                },
                now,
            )?;
            Ok(Contact::from(&after))
        })
    })
    .await??;
    Ok(HttpResponse::Ok().json(contact))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(list_contacts)
        .service(get_contact)
        .service(update_contact)
        .service(erase_contact)
        .service(export_contact)
        .service(restrict_contact)
        .service(unrestrict_contact);
}

/// Restricts processing of the person's data (their objection, or a dispute over accuracy):
/// the data is kept, new messages from them are still stored (so nothing they send is lost
/// and the restriction can be lifted without gaps), but agents no longer see the contact, its
/// conversations, messages, media or live events, and nothing can be sent to them (`409
/// contact_restricted`). Org admins keep full access. Idempotent: restricting again keeps the
/// original time. Audited as `contact.restricted`.
#[utoipa::path(
    tag = "contacts",
    params(("id" = i64, Path, description = "Contact id")),
    security(("bearer" = []), ("api_key" = [])),
    responses((status = 200, description = "The contact, restricted", body = Contact))
)]
#[put("/api/v1/contacts/{id}/restriction")]
pub async fn restrict_contact(
    state: web::Data<AppState>,
    admin: OrgAdmin,
    client: ClientInfo,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    set_restriction(state, admin, client, ContactId(id.into_inner()), true).await
}

/// Lifts the restriction: agents see the contact again and sending is allowed. Audited as
/// `contact.unrestricted`.
#[utoipa::path(
    tag = "contacts",
    params(("id" = i64, Path, description = "Contact id")),
    security(("bearer" = []), ("api_key" = [])),
    responses((status = 200, description = "The contact, no longer restricted", body = Contact))
)]
#[delete("/api/v1/contacts/{id}/restriction")]
pub async fn unrestrict_contact(
    state: web::Data<AppState>,
    admin: OrgAdmin,
    client: ClientInfo,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    set_restriction(state, admin, client, ContactId(id.into_inner()), false).await
}

async fn set_restriction(
    state: web::Data<AppState>,
    admin: OrgAdmin,
    client: ClientInfo,
    id: ContactId,
    restrict: bool,
) -> ApiResult<HttpResponse> {
    let st = state.clone();
    let contact = web::block(move || -> ApiResult<Contact> {
        let now = st.clock.now_naive();
        let mut conn = st.pool.get()?;
        crate::db::transaction(&mut conn, |c| {
            let before = store::get(c, admin.org, id)?;
            if before.restricted_at.is_some() == restrict {
                return Ok(Contact::from(&before));
            }
            store::set_restricted(c, admin.org, id, restrict.then_some(now), now)?;
            audit::record(
                c,
                Event {
                    organization: Some(admin.org),
                    actor: admin.caller.actor(),
                    action: if restrict {
                        "contact.restricted"
                    } else {
                        "contact.unrestricted"
                    },
                    target: Some(("contact", id.0.to_string())),
                    details: None,
                    client: &client,
                },
                now,
            )?;
            Ok(Contact::from(&store::get(c, admin.org, id)?))
        })
    })
    .await??;
    Ok(HttpResponse::Ok().json(contact))
}

/// Erases the person (right to erasure; org admins): the contact, its conversations and
/// messages with reactions, edits and media files are deleted, and the person is scrubbed
/// from the technical logs — raw webhook payloads lose the parts about them (a payload only
/// about them is deleted), Graph API call records that concern them lose their bodies, and
/// audit entries that named them lose their details. Afterwards no table and no stored file
/// holds their phone number, ids, name or messages. Recorded as `contact.erased` with the
/// counts only. If the person writes again, a fresh contact is created (webhooks still
/// waiting to be processed when the erasure runs count as writing again).
#[utoipa::path(
    tag = "contacts",
    params(("id" = i64, Path, description = "Contact id")),
    security(("bearer" = []), ("api_key" = [])),
    responses((status = 200, description = "Erased; what was removed", body = super::erase::Erasure))
)]
#[delete("/api/v1/contacts/{id}")]
pub async fn erase_contact(
    state: web::Data<AppState>,
    admin: OrgAdmin,
    client: ClientInfo,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let id = ContactId(id.into_inner());
    let st = state.clone();
    let erased = web::block(move || -> ApiResult<super::erase::Erasure> {
        let now = st.clock.now_naive();
        let mut conn = st.pool.get()?;
        let _gate = st.pipeline.write_lock();
        crate::db::transaction(&mut conn, |c| {
            let erased = super::erase::erase(c, admin.org, id, now)?;
            audit::record(
                c,
                Event {
                    organization: Some(admin.org),
                    actor: admin.caller.actor(),
                    action: "contact.erased",
                    target: Some(("contact", id.0.to_string())),
                    details: Some(json!({ "deleted": erased })),
                    client: &client,
                },
                now,
            )?;
            Ok(erased)
        })
    })
    .await??;
    // The files go once their rows are gone; a failure is retried by the purge.
    if let Err(e) = crate::media::blobs::flush(&state.pool, &state.media_storage, 500).await {
        tracing::warn!(error = %e, "media files of an erased contact are queued for deletion");
    }
    state.events.wake();
    Ok(HttpResponse::Ok().json(erased))
}

/// Everything held about the person, as one JSON document (right of access and data
/// portability; org admins): the contact with notes and attributes, its conversations, every
/// message with delivery state, reactions, reply context and media links (`media.url`), the
/// earlier versions of edited messages, and the audit trail about the contact. The layout is
/// the `ContactExport` schema (`format`: `winmessages.contact-export.v1`); it is sent as a
/// file download. Recorded in the audit log as `contact.exported`.
#[utoipa::path(
    tag = "contacts",
    params(("id" = i64, Path, description = "Contact id")),
    security(("bearer" = []), ("api_key" = [])),
    responses((status = 200, description = "The export", body = super::export::ContactExport))
)]
#[get("/api/v1/contacts/{id}/export")]
pub async fn export_contact(
    state: web::Data<AppState>,
    admin: OrgAdmin,
    client: ClientInfo,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let id = ContactId(id.into_inner());
    let st = state.clone();
    let body = web::block(move || -> ApiResult<Vec<u8>> {
        let now = st.clock.now_naive();
        let mut conn = st.pool.get()?;
        let export = super::export::export(&mut conn, admin.org, id, now)?;
        let body = serde_json::to_vec(&export).map_err(ApiError::internal)?;
        audit::record(
            &mut conn,
            Event {
                organization: Some(admin.org),
                actor: admin.caller.actor(),
                action: "contact.exported",
                target: Some(("contact", id.0.to_string())),
                details: Some(json!({
                    "conversations": export.conversations.len(),
                    "messages": export.messages.len(),
                })),
                client: &client,
            },
            now,
        )?;
        Ok(body)
    })
    .await??;
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .insert_header((
            actix_web::http::header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"contact-{}-export.json\"", id.0),
        ))
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .body(body))
}

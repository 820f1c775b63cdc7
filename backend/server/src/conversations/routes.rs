use super::cursor::{TimePage, TimePageQuery};
use super::dto::{Conversation, ConversationPage, ConversationStatus, UpdateConversation};
use super::store::{self, AssigneeFilter, ConversationChanges, ConversationFilter};
use super::{ConversationId, view};
use crate::app::AppState;
use crate::auth::OrgMember;
use crate::contacts::visibility::{ensure_conversation_visible, hides_restricted};
use crate::error::{ApiError, ApiResult, Problem};
use crate::http::Json;
use crate::ids::UserId;
use actix_web::{HttpResponse, get, patch, post, web};
use serde::Deserialize;
use utoipa::IntoParams;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ConversationQuery {
    /// Only conversations with this status.
    pub status: Option<ConversationStatus>,
    /// Only conversations assigned to this user id; `none` for unassigned ones; `me` for the
    /// calling user's (users only: an API key asking for `me` gets 422).
    #[param(value_type = Option<String>, pattern = r"^([1-9][0-9]{0,17}|none|me)$", example = "me")]
    pub assignee_id: Option<String>,
    /// Only conversations on this connected account.
    pub account_id: Option<i64>,
    /// `true`: only conversations with unread messages; `false`: only those without.
    pub unread: Option<bool>,
}

impl ConversationQuery {
    fn filter(&self, member: &OrgMember) -> ApiResult<ConversationFilter> {
        let assignee = match self.assignee_id.as_deref() {
            None => None,
            Some("none") => Some(AssigneeFilter::Unassigned),
            Some("me") => match member.caller.user_id() {
                Some(user) => Some(AssigneeFilter::User(user.0)),
                None => {
                    return Err(ApiError::invalid_field(
                        "assignee_id",
                        "`me` needs a user's session; API keys must give a user id",
                    ));
                }
            },
            Some(raw) => match raw.parse::<i64>() {
                Ok(id) if id > 0 && !raw.starts_with(['0', '+']) => Some(AssigneeFilter::User(id)),
                _ => {
                    return Err(ApiError::invalid_field(
                        "assignee_id",
                        "must be a user id, `none` or `me`",
                    ));
                }
            },
        };
        Ok(ConversationFilter {
            hide_restricted: crate::contacts::visibility::hides_restricted(member),
            status: self.status.map(ConversationStatus::as_str),
            assignee,
            account_id: self.account_id,
            unread: self.unread,
        })
    }
}

/// The inbox: conversations, most recent activity first (last message, else creation).
/// Filters combine; paginate with `next_cursor`.
#[utoipa::path(
    tag = "conversations",
    params(ConversationQuery, TimePageQuery),
    security(("bearer" = []), ("api_key" = [])),
    responses((status = 200, description = "A page of conversations", body = ConversationPage))
)]
#[get("/api/v1/conversations")]
pub async fn list_conversations(
    state: web::Data<AppState>,
    member: OrgMember,
    query: web::Query<ConversationQuery>,
    page: web::Query<TimePageQuery>,
) -> ApiResult<HttpResponse> {
    let filter = query.filter(&member)?;
    let page = TimePage::from_query(&page)?;
    let pool = state.pool.clone();
    let body = web::block(move || -> ApiResult<_> {
        Ok(view::list(&mut *pool.get()?, member.org, &filter, page)?)
    })
    .await??;
    Ok(HttpResponse::Ok().json(body))
}

/// One conversation with its contact and last message.
#[utoipa::path(
    tag = "conversations",
    params(("id" = i64, Path, description = "Conversation id")),
    security(("bearer" = []), ("api_key" = [])),
    responses((status = 200, description = "The conversation", body = Conversation))
)]
#[get("/api/v1/conversations/{id}")]
pub async fn get_conversation(
    state: web::Data<AppState>,
    member: OrgMember,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let id = ConversationId(id.into_inner());
    let pool = state.pool.clone();
    let hide = hides_restricted(&member);
    let body = web::block(move || -> ApiResult<_> {
        let mut conn = pool.get()?;
        ensure_conversation_visible(&mut conn, member.org, id.0, hide)?;
        Ok(view::one(&mut conn, member.org, id)?)
    })
    .await??;
    Ok(HttpResponse::Ok().json(body))
}

/// Sets the status and/or the assignee (any member of the organization). The assignee must
/// be an active member of the organization.
#[utoipa::path(
    tag = "conversations",
    params(("id" = i64, Path, description = "Conversation id")),
    request_body = UpdateConversation,
    security(("bearer" = []), ("api_key" = [])),
    responses(
        (status = 200, description = "Updated", body = Conversation),
        (status = 422, description = "Invalid fields, or the assignee is not an active member \
            of the organization", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/api/v1/conversations/{id}")]
pub async fn update_conversation(
    state: web::Data<AppState>,
    member: OrgMember,
    id: web::Path<i64>,
    body: Json<UpdateConversation>,
) -> ApiResult<HttpResponse> {
    let id = ConversationId(id.into_inner());
    let body = body.into_inner();
    let st = state.clone();
    let hide = hides_restricted(&member);
    let conversation = web::block(move || -> ApiResult<Conversation> {
        let now = st.clock.now_naive();
        let mut conn = st.pool.get()?;
        crate::db::transaction(&mut conn, |c| {
            store::ensure_exists(c, member.org, id)?;
            ensure_conversation_visible(c, member.org, id.0, hide)?;
            if let Some(Some(user)) = body.assignee_id {
                let active = crate::users::store::get(c, member.org, UserId(user))
                    .map(|u| u.is_active())
                    .or_else(|e| match e {
                        diesel::result::Error::NotFound => Ok(false),
                        other => Err(other),
                    })?;
                if !active {
                    return Err(ApiError::invalid_field(
                        "assignee_id",
                        "must be an active member of the organization",
                    ));
                }
            }
            if body.status.is_some() || body.assignee_id.is_some() {
                let changes = ConversationChanges {
                    status: body.status.map(ConversationStatus::as_str),
                    assignee_id: body.assignee_id,
                    updated_at: Some(now),
                };
                store::update(c, member.org, id, &changes)?;
            }
            Ok(view::one(c, member.org, id)?)
        })
    })
    .await??;
    state.events.wake();
    Ok(HttpResponse::Ok().json(conversation))
}

/// Marks the conversation as read by the team: clears its unread count, and tells WhatsApp the
/// customer's latest message was read (blue ticks) — once per message.
#[utoipa::path(
    tag = "conversations",
    params(("id" = i64, Path, description = "Conversation id")),
    security(("bearer" = []), ("api_key" = [])),
    responses((status = 200, description = "The conversation, now read", body = Conversation))
)]
#[post("/api/v1/conversations/{id}/read")]
pub async fn mark_conversation_read(
    state: web::Data<AppState>,
    member: OrgMember,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let id = ConversationId(id.into_inner());
    let st = state.clone();
    let hide = hides_restricted(&member);
    let conversation = web::block(move || -> ApiResult<(Conversation, bool)> {
        let now = st.clock.now_naive();
        let mut conn = st.pool.get()?;
        crate::db::transaction(&mut conn, |c| {
            ensure_conversation_visible(c, member.org, id.0, hide)?;
            store::mark_read(c, member.org, id, now)?;
            let receipt = crate::messages::send::queue_read_receipt(c, member.org, id.0, now)?;
            Ok((view::one(c, member.org, id)?, receipt))
        })
    })
    .await??;
    let (conversation, receipt) = conversation;
    state.events.wake();
    if receipt {
        state.pipeline.outbox_wake.notify_one();
    }
    Ok(HttpResponse::Ok().json(conversation))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(list_conversations)
        .service(get_conversation)
        .service(update_conversation)
        .service(mark_conversation_read);
}

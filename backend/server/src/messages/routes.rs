use super::MessagePage;
use crate::app::AppState;
use crate::auth::OrgMember;
use crate::conversations::ConversationId;
use crate::conversations::cursor::{TimePage, TimePageQuery};
use crate::error::ApiResult;
use actix_web::{HttpResponse, get, web};

/// Messages of a conversation, newest first (by message time, then arrival). Each carries
/// its reactions, media state and reply context.
#[utoipa::path(
    tag = "messages",
    params(("id" = i64, Path, description = "Conversation id"), TimePageQuery),
    security(("bearer" = []), ("api_key" = [])),
    responses((status = 200, description = "A page of messages", body = MessagePage))
)]
#[get("/api/v1/conversations/{id}/messages")]
pub async fn list_messages(
    state: web::Data<AppState>,
    member: OrgMember,
    id: web::Path<i64>,
    query: web::Query<TimePageQuery>,
) -> ApiResult<HttpResponse> {
    let conversation = ConversationId(id.into_inner());
    let page = TimePage::from_query(&query)?;
    let pool = state.pool.clone();
    let hide = crate::contacts::visibility::hides_restricted(&member);
    let body = web::block(move || -> ApiResult<_> {
        let mut conn = pool.get()?;
        crate::contacts::visibility::ensure_conversation_visible(
            &mut conn,
            member.org,
            conversation.0,
            hide,
        )?;
        Ok(super::view::page(
            &mut conn,
            member.org,
            conversation,
            page,
        )?)
    })
    .await??;
    Ok(HttpResponse::Ok().json(body))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(list_messages)
        .service(super::send::send_message)
        .service(super::send::retry_message);
}

//! Replies: `POST /conversations/{id}/messages` checks the request (its payload, the 24-hour
//! window, the account and contact, quoted and reacted-to messages, attached files, templates),
//! then stores the message as `pending` together with its outbox job in one transaction and
//! answers 202; the outbox worker sends it. `POST /messages/{id}/retry` queues a failed (or
//! unknown) message again.

use super::dto::Message;
use crate::app::AppState;
use crate::auth::OrgMember;
use crate::db::Conn;
use crate::db::schema::{accounts, contacts, conversations, idempotency_keys, media, messages};
use crate::error::{ApiError, ApiResult};
use crate::ids::OrgId;
use crate::outbox::store::{self as outbox, NewJob};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, post, web};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use utoipa::ToSchema;
use whatsapp_cloud::send::{
    InteractiveMessage, MediaRef, OutgoingContent, OutgoingMessage, TemplateMessage,
};
use whatsapp_cloud::webhook::SharedContact;

/// The kinds of message that can be sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OutboundKind {
    Text,
    Image,
    Audio,
    Video,
    Document,
    Sticker,
    Location,
    Contacts,
    Reaction,
    Interactive,
    Template,
}

impl OutboundKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::Image => "image",
            Self::Audio => "audio",
            Self::Video => "video",
            Self::Document => "document",
            Self::Sticker => "sticker",
            Self::Location => "location",
            Self::Contacts => "contacts",
            Self::Reaction => "reaction",
            Self::Interactive => "interactive",
            Self::Template => "template",
        }
    }
}

/// A text to send.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SendText {
    /// 1 to 4096 characters.
    pub body: String,
    /// Let WhatsApp render a preview of the first URL.
    #[serde(default)]
    pub preview_url: bool,
}

/// A file to send: one uploaded with `POST /api/v1/media` (`media_id`), or a public HTTPS
/// `link` WhatsApp fetches itself.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SendMedia {
    pub media_id: Option<i64>,
    pub link: Option<String>,
    /// Image, video and document only; at most 1024 characters.
    pub caption: Option<String>,
    /// Document only: the file name shown to the customer.
    pub filename: Option<String>,
    /// Audio only: send as a voice note (OGG/OPUS).
    pub voice: Option<bool>,
}

/// A location pin to send.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SendLocation {
    pub latitude: f64,
    pub longitude: f64,
    pub name: Option<String>,
    pub address: Option<String>,
}

/// A reaction to a message of the conversation; an empty `emoji` removes the reaction.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SendReaction {
    /// Our id of the message reacted to.
    pub message_id: i64,
    pub emoji: String,
}

/// A message to send. `type` names the payload member that must be present, as in WhatsApp's
/// own API: `{"type": "text", "text": {"body": "Hello"}}`. Outside the 24-hour customer-service
/// window only `template` is accepted.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SendMessage {
    #[serde(rename = "type")]
    pub type_: OutboundKind,
    pub text: Option<SendText>,
    pub image: Option<SendMedia>,
    pub audio: Option<SendMedia>,
    pub video: Option<SendMedia>,
    pub document: Option<SendMedia>,
    pub sticker: Option<SendMedia>,
    pub location: Option<SendLocation>,
    /// 1 to 5 contact cards in WhatsApp's format (`name.formatted_name` required, `phones`,
    /// `emails`, `org`, `addresses`, `urls`, `birthday`).
    #[schema(value_type = Option<Vec<Object>>)]
    pub contacts: Option<Vec<SharedContact>>,
    pub reaction: Option<SendReaction>,
    /// WhatsApp's interactive object: `button` (1–3 reply buttons), `list` (sections of rows)
    /// or `cta_url`, with optional `header` and `footer`.
    #[schema(value_type = Option<Object>)]
    pub interactive: Option<InteractiveMessage>,
    /// WhatsApp's template object: `{name, language: {code}, components: [{type: header |
    /// body | button, sub_type?, index?, parameters: [...]}]}`; checked against the synced
    /// templates of the account.
    #[schema(value_type = Option<Object>)]
    pub template: Option<TemplateMessage>,
    /// Quote this message of the conversation (it must have reached WhatsApp).
    pub reply_to_message_id: Option<i64>,
}

/// What a request becomes once checked: the Graph API content and what we store.
struct Composed {
    content: OutgoingContent,
    stored: Value,
    body: Option<String>,
    media_id: Option<i64>,
}

fn payload_missing(kind: OutboundKind) -> ApiError {
    ApiError::invalid_field(
        kind.as_str(),
        format!("required when type is `{}`", kind.as_str()),
    )
}

/// Checks that exactly the payload named by `type` is present.
fn check_members(req: &SendMessage) -> ApiResult<()> {
    let present: [(&str, bool); 11] = [
        ("text", req.text.is_some()),
        ("image", req.image.is_some()),
        ("audio", req.audio.is_some()),
        ("video", req.video.is_some()),
        ("document", req.document.is_some()),
        ("sticker", req.sticker.is_some()),
        ("location", req.location.is_some()),
        ("contacts", req.contacts.is_some()),
        ("reaction", req.reaction.is_some()),
        ("interactive", req.interactive.is_some()),
        ("template", req.template.is_some()),
    ];
    let mut err: Option<ApiError> = None;
    let extra = present
        .iter()
        .filter(|(name, here)| *here && *name != req.type_.as_str());
    for (name, _) in extra {
        err = Some(
            err.unwrap_or_else(|| {
                ApiError::unprocessable("validation_failed", "The request has invalid fields.")
            })
            .field(
                *name,
                format!("not allowed when type is `{}`", req.type_.as_str()),
            ),
        );
    }
    err.map_or(Ok(()), Err)
}

fn media_ref(m: &SendMedia, kind: OutboundKind) -> ApiResult<MediaRef> {
    let field = kind.as_str();
    match (&m.media_id, &m.link) {
        (Some(_), Some(_)) | (None, None) => {
            return Err(ApiError::invalid_field(
                field,
                "give exactly one of `media_id` (an upload) and `link`",
            ));
        }
        (None, Some(link)) => {
            let ok = url::Url::parse(link)
                .ok()
                .is_some_and(|u| u.scheme() == "https" && u.host_str().is_some());
            if !ok {
                return Err(ApiError::invalid_field(
                    format!("{field}.link"),
                    "must be an https URL",
                ));
            }
        }
        (Some(_), None) => {}
    }
    let captioned = matches!(
        kind,
        OutboundKind::Image | OutboundKind::Video | OutboundKind::Document
    );
    if m.caption.is_some() && !captioned {
        return Err(ApiError::invalid_field(
            format!("{field}.caption"),
            "only images, videos and documents have a caption",
        ));
    }
    if m.filename.is_some() && kind != OutboundKind::Document {
        return Err(ApiError::invalid_field(
            format!("{field}.filename"),
            "only documents have a file name",
        ));
    }
    if m.voice.is_some() && kind != OutboundKind::Audio {
        return Err(ApiError::invalid_field(
            format!("{field}.voice"),
            "only audio can be a voice note",
        ));
    }
    Ok(MediaRef {
        id: None,
        link: m.link.clone(),
        caption: m.caption.clone().filter(|c| !c.is_empty()),
        filename: m.filename.clone(),
        voice: m.voice.filter(|v| *v),
    })
}

fn compose(req: &SendMessage) -> ApiResult<Composed> {
    check_members(req)?;
    let kind = req.type_;
    let missing = || payload_missing(kind);
    let composed = match kind {
        OutboundKind::Text => {
            let t = req.text.as_ref().ok_or_else(missing)?;
            if t.body.trim().is_empty() {
                return Err(ApiError::invalid_field("text.body", "must not be empty"));
            }
            Composed {
                content: OutgoingContent::text(t.body.clone(), t.preview_url),
                stored: json!({"text": {"body": t.body, "preview_url": t.preview_url}}),
                body: Some(t.body.clone()),
                media_id: None,
            }
        }
        OutboundKind::Image
        | OutboundKind::Audio
        | OutboundKind::Video
        | OutboundKind::Document
        | OutboundKind::Sticker => {
            let m = match kind {
                OutboundKind::Image => req.image.as_ref(),
                OutboundKind::Audio => req.audio.as_ref(),
                OutboundKind::Video => req.video.as_ref(),
                OutboundKind::Document => req.document.as_ref(),
                _ => req.sticker.as_ref(),
            }
            .ok_or_else(missing)?;
            let r = media_ref(m, kind)?;
            let stored = json!({"media": {
                "media_id": m.media_id,
                "link": m.link,
                "caption": r.caption,
                "filename": r.filename,
                "voice": r.voice.unwrap_or(false),
                "animated": false,
            }});
            let body = r.caption.clone();
            let content = match kind {
                OutboundKind::Image => OutgoingContent::image(r),
                OutboundKind::Audio => OutgoingContent::Audio { audio: r },
                OutboundKind::Video => OutgoingContent::video(r),
                OutboundKind::Document => OutgoingContent::document(r),
                _ => OutgoingContent::sticker(r),
            };
            Composed {
                content,
                stored,
                body,
                media_id: m.media_id,
            }
        }
        OutboundKind::Location => {
            let l = req.location.as_ref().ok_or_else(missing)?;
            if !(-90.0..=90.0).contains(&l.latitude) {
                return Err(ApiError::invalid_field(
                    "location.latitude",
                    "must be between -90 and 90",
                ));
            }
            if !(-180.0..=180.0).contains(&l.longitude) {
                return Err(ApiError::invalid_field(
                    "location.longitude",
                    "must be between -180 and 180",
                ));
            }
            Composed {
                content: OutgoingContent::location(
                    l.latitude,
                    l.longitude,
                    l.name.clone(),
                    l.address.clone(),
                ),
                stored: json!({"location": l}),
                body: l.name.clone().or_else(|| l.address.clone()),
                media_id: None,
            }
        }
        OutboundKind::Contacts => {
            let cards = req.contacts.as_ref().ok_or_else(missing)?;
            let names: Vec<&str> = cards
                .iter()
                .filter_map(|c| c.name.as_ref()?.formatted_name.as_deref())
                .collect();
            Composed {
                content: OutgoingContent::contacts(cards.clone()),
                stored: json!({"contacts": cards}),
                body: (!names.is_empty()).then(|| names.join(", ")),
                media_id: None,
            }
        }
        OutboundKind::Reaction => {
            let r = req.reaction.as_ref().ok_or_else(missing)?;
            Composed {
                // The target's wamid is filled in once the message is found.
                content: OutgoingContent::reaction(String::new(), r.emoji.clone()),
                stored: json!({"reaction": {"message_id": r.message_id, "emoji": r.emoji}}),
                body: (!r.emoji.is_empty()).then(|| r.emoji.clone()),
                media_id: None,
            }
        }
        OutboundKind::Interactive => {
            let i = req.interactive.as_ref().ok_or_else(missing)?;
            let body = serde_json::to_value(i)
                .ok()
                .and_then(|v| v.get("body")?.get("text")?.as_str().map(str::to_owned));
            Composed {
                content: OutgoingContent::interactive(i.clone()),
                stored: json!({"interactive": i}),
                body,
                media_id: None,
            }
        }
        OutboundKind::Template => {
            let t = req.template.as_ref().ok_or_else(missing)?;
            Composed {
                content: OutgoingContent::template(t.clone()),
                stored: json!({"template": t}),
                body: Some(t.name.clone()),
                media_id: None,
            }
        }
    };
    Ok(composed)
}

/// MIME types and size limits per kind (CLOUD_API.md §7).
fn media_rule(kind: OutboundKind) -> (&'static [&'static str], i64) {
    const MB: i64 = 1024 * 1024;
    match kind {
        OutboundKind::Image => (&["image/jpeg", "image/png"], 5 * MB),
        OutboundKind::Video => (&["video/mp4", "video/3gpp"], 16 * MB),
        OutboundKind::Audio => (
            &[
                "audio/aac",
                "audio/amr",
                "audio/mpeg",
                "audio/mp4",
                "audio/ogg",
            ],
            16 * MB,
        ),
        OutboundKind::Sticker => (&["image/webp"], 500 * 1024),
        _ => (crate::media::upload::DOCUMENT_TYPES, 100 * MB),
    }
}

/// The conversation a reply goes to, with what the checks need.
#[derive(Queryable)]
struct Target {
    id: i64,
    account_id: i64,
    window_expires_at: Option<NaiveDateTime>,
    wa_id: Option<String>,
    user_id: Option<String>,
    restricted_at: Option<NaiveDateTime>,
    account_disabled_at: Option<NaiveDateTime>,
}

fn load_target(conn: &mut Conn, org: OrgId, id: i64) -> QueryResult<Target> {
    conversations::table
        .inner_join(contacts::table)
        .inner_join(accounts::table)
        .filter(conversations::organization_id.eq(org.0))
        .filter(conversations::id.eq(id))
        .select((
            conversations::id,
            conversations::account_id,
            conversations::window_expires_at,
            contacts::wa_id,
            contacts::user_id,
            contacts::restricted_at,
            accounts::disabled_at,
        ))
        .first(conn)
}

/// Refuses sends the account, contact or window do not allow.
fn check_target(target: &Target, kind: OutboundKind, now: NaiveDateTime) -> ApiResult<()> {
    if target.account_disabled_at.is_some() {
        return Err(ApiError::conflict(
            "account_disconnected",
            "The WhatsApp number of this conversation is disconnected; reconnect it to send.",
        ));
    }
    if target.restricted_at.is_some() {
        return Err(ApiError::conflict(
            "contact_restricted",
            "Processing of this contact's data is restricted: nothing can be sent to them.",
        ));
    }
    let open = target.window_expires_at.is_some_and(|end| end > now);
    if kind != OutboundKind::Template && !open {
        let end = target.window_expires_at.map(|t| t.and_utc().to_rfc3339());
        let detail = match &end {
            Some(end) => format!(
                "The 24-hour customer-service window closed at {end}: only a template message can be sent until the customer writes again."
            ),
            None => "The customer has not written yet: only a template message can start the conversation.".to_owned(),
        };
        return Err(ApiError::unprocessable("window_closed", detail)
            .extension("window_expires_at", end.map_or(Value::Null, Value::String)));
    }
    Ok(())
}

/// A message of the conversation that reached WhatsApp: (id, wamid).
fn sent_message_of(
    conn: &mut Conn,
    org: OrgId,
    conversation: i64,
    id: i64,
    field: &str,
) -> ApiResult<String> {
    let found: Option<Option<String>> = messages::table
        .filter(messages::organization_id.eq(org.0))
        .filter(messages::conversation_id.eq(conversation))
        .filter(messages::id.eq(id))
        .select(messages::wamid)
        .first(conn)
        .optional()?;
    match found {
        None => Err(ApiError::invalid_field(
            field,
            "no such message in this conversation",
        )),
        Some(None) => Err(ApiError::invalid_field(
            field,
            "that message has not reached WhatsApp yet",
        )),
        Some(Some(wamid)) => Ok(wamid),
    }
}

/// Checks an uploaded file against the kind it is sent as.
fn check_upload(conn: &mut Conn, org: OrgId, kind: OutboundKind, id: i64) -> ApiResult<()> {
    let field = format!("{}.media_id", kind.as_str());
    let row: Option<(String, Option<String>, Option<i64>)> = media::table
        .filter(media::organization_id.eq(org.0))
        .filter(media::id.eq(id))
        .select((media::status, media::mime_type, media::size_bytes))
        .first(conn)
        .optional()?;
    let Some((status, mime, size)) = row else {
        return Err(ApiError::invalid_field(field, "no such upload"));
    };
    if status != "stored" {
        return Err(ApiError::invalid_field(
            field,
            "this file has no stored content",
        ));
    }
    let (types, max) = media_rule(kind);
    let mime = mime.unwrap_or_default();
    let base = mime
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if !types.contains(&base.as_str()) {
        return Err(ApiError::invalid_field(
            field,
            format!(
                "a {} must be one of {}; this file is {mime}",
                kind.as_str(),
                types.join(", ")
            ),
        ));
    }
    if size.unwrap_or(0) > max {
        return Err(ApiError::invalid_field(
            field,
            format!("a {} is at most {max} bytes", kind.as_str()),
        ));
    }
    Ok(())
}

/// Reads and checks the `Idempotency-Key` header.
fn idempotency_key(req: &HttpRequest) -> ApiResult<Option<String>> {
    let Some(raw) = req.headers().get("idempotency-key") else {
        return Ok(None);
    };
    let key = raw.to_str().unwrap_or("").trim();
    if key.is_empty() || key.len() > 255 || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(ApiError::bad_request(
            "invalid_idempotency_key",
            "Idempotency-Key must be 1 to 255 visible ASCII characters.",
        ));
    }
    Ok(Some(key.to_owned()))
}

fn request_hash(req: &SendMessage) -> String {
    let canonical = serde_json::to_vec(req).unwrap_or_default();
    hex::encode(Sha256::digest(canonical))
}

/// The message an earlier request with this key created; an error when the key was used for
/// a different request.
fn replayed(conn: &mut Conn, org: OrgId, key: &str, hash: &str) -> ApiResult<Option<i64>> {
    let found: Option<(String, i64)> = idempotency_keys::table
        .filter(idempotency_keys::organization_id.eq(org.0))
        .filter(idempotency_keys::idempotency_key.eq(key))
        .select((idempotency_keys::request_hash, idempotency_keys::message_id))
        .first(conn)
        .optional()?;
    match found {
        Some((h, id)) if h == hash => Ok(Some(id)),
        Some(_) => Err(ApiError::unprocessable(
            "idempotency_key_reused",
            "This Idempotency-Key was already used for a different request.",
        )),
        None => Ok(None),
    }
}

/// Stores the message and its job; returns the message id.
#[allow(clippy::too_many_lines)]
fn enqueue(
    conn: &mut Conn,
    org: OrgId,
    sender: Option<i64>,
    conversation: i64,
    req: &SendMessage,
    key: Option<(&str, &str)>,
    now: NaiveDateTime,
) -> ApiResult<(i64, bool)> {
    if let Some((key, hash)) = key
        && let Some(id) = replayed(conn, org, key, hash)?
    {
        return Ok((id, false));
    }
    let mut composed = compose(req)?;
    let target = load_target(conn, org, conversation)?;
    check_target(&target, req.type_, now)?;
    let mut context_wamid = None;
    if let Some(id) = req.reply_to_message_id {
        context_wamid = Some(sent_message_of(
            conn,
            org,
            conversation,
            id,
            "reply_to_message_id",
        )?);
    }
    let mut reaction_target = None;
    if let (OutgoingContent::Reaction { reaction }, Some(r)) =
        (&mut composed.content, req.reaction.as_ref())
    {
        reaction.message_id =
            sent_message_of(conn, org, conversation, r.message_id, "reaction.message_id")?;
        reaction_target = Some(r.message_id);
    }
    if let Some(id) = composed.media_id {
        check_upload(conn, org, req.type_, id)?;
    }
    if let Some(t) = &req.template {
        crate::templates::check_send(conn, org.0, target.account_id, t)?;
    }
    let mut outgoing = match (&target.wa_id, &target.user_id) {
        (Some(wa_id), _) => OutgoingMessage::to(wa_id, composed.content),
        (None, Some(user_id)) => OutgoingMessage::to_user_id(user_id, composed.content),
        (None, None) => {
            return Err(ApiError::conflict(
                "contact_unreachable",
                "This contact has neither a phone number nor a WhatsApp user id.",
            ));
        }
    };
    if let Some(wamid) = &context_wamid {
        outgoing = outgoing.reply_to(wamid.clone());
    }
    // Media sent by upload gets its WhatsApp id when the worker uploads it; check the rest now.
    let mut check = outgoing.clone();
    if composed.media_id.is_some() {
        set_placeholder_media(&mut check.content);
    }
    check.validate().map_err(|e| {
        ApiError::unprocessable(
            "invalid_message",
            format!("WhatsApp would refuse this message: {e}"),
        )
    })?;

    let message_id: i64 = diesel::insert_into(messages::table)
        .values(&crate::ingest::messages::NewMessage {
            organization_id: org.0,
            account_id: target.account_id,
            conversation_id: target.id,
            direction: "outbound",
            kind: req.type_.as_str(),
            wamid: None,
            body: composed.body.as_deref(),
            content: &composed.stored.to_string(),
            context_wamid: context_wamid.as_deref(),
            reply_to_message_id: req.reply_to_message_id,
            status: "pending",
            error: None,
            sent_by_user_id: sender,
            edited_at: None,
            deleted_at: None,
            sent_at: now,
            created_at: now,
            updated_at: now,
        })
        .returning(messages::id)
        .get_result(conn)?;
    outgoing = outgoing.with_callback_data(crate::outbox::callback_data(message_id));
    let request = serde_json::to_string(&outgoing).map_err(ApiError::internal)?;
    outbox::insert(
        conn,
        &NewJob {
            organization_id: org.0,
            account_id: target.account_id,
            message_id,
            kind: outbox::KIND_SEND,
            request: &request,
            media_id: composed.media_id,
            state: outbox::QUEUED,
            attempts: 0,
            next_attempt_at: now,
            created_at: now,
            updated_at: now,
        },
    )?;
    if let Some((key, hash)) = key {
        diesel::insert_into(idempotency_keys::table)
            .values((
                idempotency_keys::organization_id.eq(org.0),
                idempotency_keys::idempotency_key.eq(key),
                idempotency_keys::request_hash.eq(hash),
                idempotency_keys::message_id.eq(message_id),
                idempotency_keys::created_at.eq(now),
            ))
            .execute(conn)?;
    }
    if let (Some(target_id), Some(r)) = (reaction_target, req.reaction.as_ref()) {
        crate::ingest::messages::set_reaction(
            conn,
            target_id,
            "business",
            (!r.emoji.is_empty()).then_some(r.emoji.as_str()),
            None,
            now,
        )?;
    } else {
        // A newer message may already be the last one (clocks of replicas differ slightly).
        diesel::update(
            conversations::table.find(target.id).filter(
                conversations::last_message_at
                    .is_null()
                    .or(conversations::last_message_at.le(now)),
            ),
        )
        .set((
            conversations::last_message_id.eq(message_id),
            conversations::last_message_at.eq(now),
            conversations::updated_at.eq(now),
        ))
        .execute(conn)?;
    }
    Ok((message_id, true))
}

fn set_placeholder_media(content: &mut OutgoingContent) {
    if let OutgoingContent::Image { image: m }
    | OutgoingContent::Audio { audio: m }
    | OutgoingContent::Video { video: m }
    | OutgoingContent::Document { document: m }
    | OutgoingContent::Sticker { sticker: m } = content
    {
        m.id = Some("0".into());
    }
}

/// Sends a message in the conversation (agents and API keys). Answers 202 with the stored
/// message, `status: pending`; it moves to `sent`, `delivered`, `read` (or `failed` with
/// WhatsApp's reason) as WhatsApp reports. A repeated request with the same `Idempotency-Key`
/// returns the same message and sends nothing again; the same key with a different body is
/// refused (422 `idempotency_key_reused`). Free-form messages need the 24-hour window open
/// (`window_expires_at` of the conversation): otherwise 422 `window_closed` with the window's
/// end, and only `template` is accepted. A disconnected account or a restricted contact is
/// refused with 409.
#[utoipa::path(
    tag = "messages",
    params(
        ("id" = i64, Path, description = "Conversation id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes retries of this request safe: the same key returns the same message"),
    ),
    request_body = SendMessage,
    security(("bearer" = []), ("api_key" = [])),
    responses(
        (status = 202, description = "Stored and queued for sending", body = Message),
        (status = 409, description = "Account disconnected or contact restricted", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/api/v1/conversations/{id}/messages")]
pub async fn send_message(
    state: web::Data<AppState>,
    member: OrgMember,
    id: web::Path<i64>,
    req: HttpRequest,
    body: crate::http::Json<SendMessage>,
) -> ApiResult<HttpResponse> {
    let conversation = id.into_inner();
    let key = idempotency_key(&req)?;
    let request = body.into_inner();
    let st = state.clone();
    let sender = member.caller.user_id().map(|u| u.0);
    let org = member.org;
    let (message, created) = web::block(move || -> ApiResult<(Message, bool)> {
        let now = st.clock.now_naive();
        let hash = request_hash(&request);
        let mut conn = st.pool.get()?;
        let attempt = |conn: &mut Conn| {
            crate::db::transaction(conn, |c| {
                enqueue(
                    c,
                    org,
                    sender,
                    conversation,
                    &request,
                    key.as_deref().map(|k| (k, hash.as_str())),
                    now,
                )
            })
        };
        let (id, created) = match attempt(&mut conn) {
            // Two requests with one key at once: the loser finds the winner's message.
            Err(e) if key.is_some() && e.status() == StatusCode::INTERNAL_SERVER_ERROR => {
                attempt(&mut conn)?
            }
            other => other?,
        };
        let message = super::view::one(&mut conn, org, id)?;
        Ok((message, created))
    })
    .await??;
    if created {
        state.pipeline.outbox_wake.notify_one();
        state.events.wake();
    }
    Ok(HttpResponse::Accepted().json(message))
}

/// Sends a failed message again, for real (or one whose delivery was not confirmed — which may
/// then arrive twice). Free-form messages still need the 24-hour window open. Answers 202 with
/// the message, `status: pending` again; 409 `not_retryable` when it is not failed or unknown.
#[utoipa::path(
    tag = "messages",
    params(("id" = i64, Path, description = "Message id")),
    security(("bearer" = []), ("api_key" = [])),
    responses(
        (status = 202, description = "Queued for sending again", body = Message),
        (status = 409, description = "The message is not failed", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/api/v1/messages/{id}/retry")]
pub async fn retry_message(
    state: web::Data<AppState>,
    member: OrgMember,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let st = state.clone();
    let org = member.org;
    let message = web::block(move || -> ApiResult<Message> {
        let now = st.clock.now_naive();
        let mut conn = st.pool.get()?;
        crate::db::transaction(&mut conn, |c| -> ApiResult<()> {
            let (conversation, direction, kind, status): (i64, String, String, String) =
                messages::table
                    .filter(messages::organization_id.eq(org.0))
                    .filter(messages::id.eq(id))
                    .select((
                        messages::conversation_id,
                        messages::direction,
                        messages::kind,
                        messages::status,
                    ))
                    .first(c)?;
            if direction != "outbound" || !matches!(status.as_str(), "failed" | "unknown") {
                return Err(ApiError::conflict(
                    "not_retryable",
                    format!(
                        "Only a failed outbound message can be sent again; this one is {status}."
                    ),
                ));
            }
            let target = load_target(c, org, conversation)?;
            let kind = if kind == "template" {
                OutboundKind::Template
            } else {
                OutboundKind::Text
            };
            check_target(&target, kind, now)?;
            let request: String = crate::db::schema::outbox_jobs::table
                .filter(crate::db::schema::outbox_jobs::message_id.eq(id))
                .filter(crate::db::schema::outbox_jobs::kind.eq(outbox::KIND_SEND))
                .select(crate::db::schema::outbox_jobs::request)
                .first(c)?;
            if !outbox::restart(c, id, &request, now)? {
                return Err(ApiError::conflict(
                    "not_retryable",
                    "This message is being sent already.",
                ));
            }
            diesel::update(messages::table.find(id))
                .set((
                    messages::status.eq("pending"),
                    messages::error.eq(None::<String>),
                    // A new attempt gets a new WhatsApp id.
                    messages::wamid.eq(None::<String>),
                    messages::updated_at.eq(now),
                ))
                .execute(c)?;
            Ok(())
        })?;
        Ok(super::view::one(&mut conn, org, id)?)
    })
    .await??;
    state.pipeline.outbox_wake.notify_one();
    state.events.wake();
    Ok(HttpResponse::Accepted().json(message))
}

/// Queues the read receipt (blue ticks) for the latest inbound message of the conversation, once
/// per message: a later call sends one only when a newer message has arrived.
pub fn queue_read_receipt(
    conn: &mut Conn,
    org: OrgId,
    conversation: i64,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let (account, receipt_for, disabled): (i64, Option<i64>, Option<NaiveDateTime>) =
        conversations::table
            .inner_join(accounts::table)
            .filter(conversations::organization_id.eq(org.0))
            .filter(conversations::id.eq(conversation))
            .select((
                conversations::account_id,
                conversations::read_receipt_message_id,
                accounts::disabled_at,
            ))
            .first(conn)?;
    if disabled.is_some() {
        return Ok(false);
    }
    let latest: Option<(i64, Option<String>)> = messages::table
        .filter(messages::conversation_id.eq(conversation))
        .filter(messages::direction.eq("inbound"))
        .filter(messages::wamid.is_not_null())
        .filter(messages::kind.ne("system"))
        .order((messages::sent_at.desc(), messages::id.desc()))
        .select((messages::id, messages::wamid))
        .first(conn)
        .optional()?;
    let Some((message, Some(wamid))) = latest else {
        return Ok(false);
    };
    if receipt_for == Some(message) {
        return Ok(false);
    }
    diesel::update(conversations::table.find(conversation))
        .set(conversations::read_receipt_message_id.eq(message))
        .execute(conn)?;
    outbox::insert(
        conn,
        &NewJob {
            organization_id: org.0,
            account_id: account,
            message_id: message,
            kind: outbox::KIND_MARK_READ,
            request: &json!({"message_id": wamid}).to_string(),
            media_id: None,
            state: outbox::QUEUED,
            attempts: 0,
            next_attempt_at: now,
            created_at: now,
            updated_at: now,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(json: &str) -> SendMessage {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn the_payload_must_match_the_type() {
        let e = compose(&req(
            r#"{"type":"text","image":{"link":"https://x.example/a.png"}}"#,
        ))
        .err()
        .unwrap();
        let p = e.to_problem();
        let fields: Vec<_> = p.errors.unwrap().into_iter().map(|f| f.field).collect();
        assert_eq!(fields, vec!["image"]);

        let e = compose(&req(r#"{"type":"image"}"#)).err().unwrap();
        assert_eq!(e.to_problem().errors.unwrap()[0].field, "image");
    }

    #[test]
    fn media_needs_exactly_one_source_and_https_links() {
        for body in [
            r#"{"type":"image","image":{}}"#,
            r#"{"type":"image","image":{"media_id":1,"link":"https://x.example/a.png"}}"#,
            r#"{"type":"image","image":{"link":"http://x.example/a.png"}}"#,
            r#"{"type":"audio","audio":{"media_id":1,"caption":"no"}}"#,
        ] {
            assert!(compose(&req(body)).is_err(), "{body}");
        }
        let ok = compose(&req(
            r#"{"type":"document","document":{"media_id":7,"filename":"a.pdf","caption":"c"}}"#,
        ))
        .ok()
        .unwrap();
        assert_eq!(ok.media_id, Some(7));
        assert_eq!(ok.body.as_deref(), Some("c"));
        assert_eq!(ok.stored["media"]["filename"], "a.pdf");
    }

    #[test]
    fn text_becomes_the_body_and_the_graph_payload() {
        let c = compose(&req(
            r#"{"type":"text","text":{"body":"Hi https://a.example","preview_url":true}}"#,
        ))
        .ok()
        .unwrap();
        let v = serde_json::to_value(&c.content).unwrap();
        assert_eq!(v["type"], "text");
        assert_eq!(v["text"]["preview_url"], true);
        assert_eq!(c.body.as_deref(), Some("Hi https://a.example"));
        assert!(compose(&req(r#"{"type":"text","text":{"body":"  "}}"#)).is_err());
    }

    #[test]
    fn locations_are_range_checked() {
        assert!(
            compose(&req(
                r#"{"type":"location","location":{"latitude":91,"longitude":0}}"#
            ))
            .is_err()
        );
        assert!(
            compose(&req(
                r#"{"type":"location","location":{"latitude":1,"longitude":2,"name":"Shop"}}"#
            ))
            .is_ok()
        );
    }
}

//! `POST /{version}/{PNID}/messages`: sends and mark-as-read.

use actix_web::web::{Bytes, Data, Path};
use actix_web::{HttpRequest, HttpResponse};
use serde_json::{Value, json};

use super::{apply_faults, auth, check_version};
use crate::config::WindowErrorMode;
use crate::engine::Engine;
use crate::errors::ApiError;
use crate::ids;
use crate::model::{FaultScope, PhoneNumber, ReadReceipt, SentMessage, Template};
use crate::state::{Direction, MessageRecord, SimState};
use crate::validate::template::{self as template_rules, TemplateRef};
use crate::validate::{self, Content, Outbound, SendRequest};
use crate::webhooks::statuses::{self, StatusInfo};

/// Handler.
pub(crate) async fn send(
    engine: Data<Engine>,
    req: HttpRequest,
    path: Path<(String, String)>,
    body: Bytes,
) -> Result<HttpResponse, ApiError> {
    let (version, pnid) = path.into_inner();
    check_version(&version)?;
    let state = &engine.state;
    apply_faults(state, FaultScope::Messages).await?;
    let phone = auth::phone(state, &req, &pnid, "post")?;
    let json: Value = serde_json::from_slice(&body).map_err(|e| {
        ApiError::InvalidParameter(format!("The request body is not valid JSON: {e}"))
    })?;
    match validate::parse(&json)? {
        Outbound::MarkRead {
            message_id,
            typing_indicator,
        } => {
            mark_read(state, &phone, message_id, typing_indicator)?;
            Ok(HttpResponse::Ok().json(json!({ "success": true })))
        }
        Outbound::Send(send) => {
            let response = accept(&engine, &phone, send, json)?;
            Ok(HttpResponse::Ok().json(response))
        }
    }
}

fn mark_read(
    state: &SimState,
    phone: &PhoneNumber,
    message_id: String,
    typing_indicator: bool,
) -> Result<(), ApiError> {
    let known = state.with(|i| {
        i.messages.get(&message_id).is_some_and(|r| {
            r.phone_number_id == phone.phone_number_id && r.direction == Direction::Inbound
        })
    });
    if !known {
        return Err(ApiError::InvalidParameter(format!(
            "Invalid message_id {message_id}: no incoming message with this id for this phone number."
        )));
    }
    let timestamp = state.now_ts();
    state.with(|i| {
        i.reads.push(ReadReceipt {
            phone_number_id: phone.phone_number_id.clone(),
            message_id,
            typing_indicator,
            timestamp,
        });
    });
    Ok(())
}

/// Finds the registered template and checks the parameters; returns the
/// pricing category.
fn check_template(
    state: &SimState,
    phone: &PhoneNumber,
    t: &TemplateRef,
) -> Result<String, ApiError> {
    let found: Option<Template> = state.with(|i| {
        i.templates
            .iter()
            .find(|x| x.waba_id == phone.waba_id && x.name == t.name && x.language == t.language)
            .cloned()
    });
    let Some(template) = found else {
        return Err(ApiError::TemplateNotFound(format!(
            "template name ({}) does not exist in {}",
            t.name, t.language
        )));
    };
    template_rules::check(&template, t)
}

/// Resolves the recipient: (wa_id, `contacts[]` entry of the response).
fn recipient(state: &SimState, send: &SendRequest) -> Result<(String, Value), ApiError> {
    if let Some(wa_id) = &send.wa_id {
        let input = send.to.clone().unwrap_or_default();
        return Ok((wa_id.clone(), json!({ "input": input, "wa_id": wa_id })));
    }
    let user_id = send.recipient.clone().unwrap_or_default();
    let wa_id = state.with(|i| {
        i.customers
            .values()
            .find(|c| c.user_id.as_deref() == Some(user_id.as_str()))
            .map(|c| c.wa_id.clone())
    });
    match wa_id {
        Some(w) => Ok((w, json!({ "input": user_id, "user_id": user_id }))),
        None => Err(ApiError::InvalidParameter(format!(
            "Recipient {user_id} is not a known business-scoped user id."
        ))),
    }
}

/// State checks of a syntactically valid send; records it and schedules its
/// status webhooks. Returns the response body.
fn accept(
    engine: &Engine,
    phone: &PhoneNumber,
    send: SendRequest,
    raw: Value,
) -> Result<Value, ApiError> {
    let state = &engine.state;
    let settings = state.settings();
    let pnid = phone.phone_number_id.as_str();
    let (wa_id, contact) = recipient(state, &send)?;
    if wa_id == phone.display_digits() {
        return Err(ApiError::RecipientIsSender);
    }
    if !state.throughput_allows(pnid, settings.policy.throughput_mps) {
        return Err(ApiError::RateLimited);
    }
    let customer = state.customer(&wa_id);
    let mut failure: Option<ApiError> = None;
    let mut category = "service".to_string();
    let mut voice = false;
    let is_template = matches!(send.content, Content::Template(_));

    if let Content::Template(t) = &send.content {
        category = check_template(state, phone, t)?;
    }
    if !customer.on_whatsapp {
        failure = Some(ApiError::Undeliverable);
    } else if !is_template
        && settings.policy.enforce_window
        && !state.window_open(pnid, &wa_id, settings.policy.window_secs)
    {
        match settings.policy.window_error {
            WindowErrorMode::Sync => return Err(ApiError::ReEngagement),
            WindowErrorMode::Async => failure = Some(ApiError::ReEngagement),
        }
    }
    match &send.content {
        Content::Media(m) => {
            voice = m.voice;
            if let Some(id) = &m.id {
                let media = state
                    .with(|i| i.media.get(id).cloned())
                    .filter(|x| x.waba_id == phone.waba_id)
                    .ok_or_else(|| {
                        ApiError::InvalidValue(format!("Invalid media id {id} for this number."))
                    })?;
                if !m.kind.can_send(&media.mime_type) && failure.is_none() {
                    failure = Some(ApiError::MediaUpload(format!(
                        "Media of type {} cannot be sent as a {} message.",
                        media.mime_type,
                        m.kind.name()
                    )));
                }
            }
        }
        Content::Reaction { message_id, .. } => {
            let valid = state.with(|i| {
                i.messages.get(message_id).is_some_and(|r| {
                    r.phone_number_id == pnid && r.wa_id == wa_id && r.kind != "reaction"
                })
            });
            if !valid && failure.is_none() {
                failure = Some(ApiError::InvalidValue(format!(
                    "Reaction target {message_id} is not a message of this chat."
                )));
            }
        }
        _ => {}
    }

    let wamid = ids::wamid(&wa_id);
    let now = state.now_ts();
    let record = MessageRecord {
        phone_number_id: pnid.to_string(),
        wa_id: wa_id.clone(),
        direction: Direction::Outbound,
        kind: send.kind.clone(),
        biz_opaque: send.biz_opaque.clone(),
        category: category.clone(),
        conversation_id: ids::conversation_id(),
    };
    let sent = SentMessage {
        id: wamid.clone(),
        phone_number_id: pnid.to_string(),
        to: send
            .to
            .clone()
            .or_else(|| send.recipient.clone())
            .unwrap_or_default(),
        wa_id: wa_id.clone(),
        kind: send.kind.clone(),
        context_message_id: send.context_message_id.clone(),
        timestamp: now,
        received_at_ms: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX)),
        request: raw,
        statuses: Vec::new(),
    };
    let conversation_id = record.conversation_id.clone();
    state.with(|i| {
        i.messages.insert(wamid.clone(), record);
        i.last_outbound
            .insert((pnid.to_string(), wa_id.clone()), wamid.clone());
        i.sent_index.insert(wamid.clone(), i.sent.len());
        i.sent.push(sent);
    });

    if crate::webhooks::has_target(state, pnid) {
        let info = StatusInfo {
            wamid: wamid.clone(),
            phone: phone.clone(),
            customer,
            category,
            biz_opaque: send.biz_opaque.clone(),
            conversation_id,
        };
        let plan = match &failure {
            Some(e) => statuses::failure_plan(&info, &settings.webhooks, now, e),
            None => statuses::success_plan(
                &info,
                &settings.webhooks,
                now,
                matches!(send.content, Content::Reaction { .. }),
                voice,
            ),
        };
        engine.dispatcher.schedule(plan);
    }

    let mut message = json!({ "id": wamid });
    if is_template {
        message["message_status"] = json!("accepted");
    }
    Ok(json!({
        "messaging_product": "whatsapp",
        "contacts": [contact],
        "messages": [message],
    }))
}

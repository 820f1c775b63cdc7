//! Turning a [`CustomerMessage`] into a Meta-shaped inbound webhook
//! (CLOUD_API.md §3), storing media bytes and opening the customer's 24 h
//! window.

use actix_web::web::Bytes;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Map, Value, json};

use crate::errors::SimError;
use crate::ids;
use crate::media_store;
use crate::model::{CustomerMessage, Inbound, MediaInput, PhoneNumber};
use crate::state::{Direction, MessageRecord, SimState};
use crate::webhooks::envelope::{contact, messages_envelope};

/// Largest inbound media the simulator stores (Meta: 100 MB).
const INBOUND_MEDIA_MAX: usize = 100 * 1024 * 1024;

/// A built inbound message.
#[derive(Debug, Clone)]
pub(crate) struct BuiltInbound {
    pub wamid: String,
    pub media_id: Option<String>,
    pub message: Value,
    pub envelope: Value,
    pub phone_number_id: String,
}

/// Finds the receiving phone number; an empty id means "the only one".
pub(crate) fn resolve_phone(state: &SimState, id: &str) -> Result<PhoneNumber, SimError> {
    if id.is_empty() {
        let all: Vec<PhoneNumber> = state.with(|i| i.phones.values().cloned().collect());
        return match all.as_slice() {
            [only] => Ok(only.clone()),
            [] => Err(SimError::BadRequest("no phone number is registered".into())),
            _ => Err(SimError::BadRequest(
                "phone_number_id is required when several numbers are registered".into(),
            )),
        };
    }
    state
        .phone(id)
        .ok_or_else(|| SimError::NotFound(format!("phone number {id}")))
}

fn default_mime(kind: &str) -> &'static str {
    match kind {
        "image" => "image/jpeg",
        "video" => "video/mp4",
        "voice" => "audio/ogg; codecs=opus",
        "audio" => "audio/mpeg",
        "document" => "application/pdf",
        "sticker" => "image/webp",
        _ => "application/octet-stream",
    }
}

struct Builder<'a> {
    state: &'a SimState,
    phone: &'a PhoneNumber,
    media_id: Option<String>,
}

impl Builder<'_> {
    fn media(
        &mut self,
        kind: &str,
        input: &MediaInput,
        filename: Option<String>,
    ) -> Result<Map<String, Value>, SimError> {
        let mime = input
            .mime_type
            .clone()
            .unwrap_or_else(|| default_mime(kind).to_string());
        let data = match &input.data_base64 {
            Some(b64) => STANDARD
                .decode(b64.trim())
                .map_err(|e| SimError::BadRequest(format!("media.data_base64: {e}")))?,
            None => format!("wa-simulator {kind} payload {}", ids::numeric_id(8))
                .repeat(16)
                .into_bytes(),
        };
        if data.len() > INBOUND_MEDIA_MAX {
            return Err(SimError::BadRequest("media larger than 100 MB".into()));
        }
        let stored = media_store::store(
            self.state,
            &self.phone.phone_number_id,
            &self.phone.waba_id,
            &mime,
            Bytes::from(data),
            filename,
        );
        let mut obj = Map::new();
        obj.insert("mime_type".into(), json!(stored.mime_type));
        obj.insert("sha256".into(), json!(stored.sha256_b64));
        obj.insert("id".into(), json!(stored.id));
        if self.state.settings().webhooks.include_media_url {
            obj.insert(
                "url".into(),
                json!(media_store::download_url(self.state, &stored.id)),
            );
        }
        self.media_id.get_or_insert(stored.id);
        Ok(obj)
    }

    /// (`type`, object) for a content; `None` object for types without one.
    fn content(&mut self, inbound: &Inbound) -> Result<(&'static str, Option<Value>), SimError> {
        let t = inbound.wire_type();
        let obj = match inbound {
            Inbound::Text { body } => json!({ "body": body }),
            Inbound::Image { media, caption } | Inbound::Video { media, caption } => {
                let mut o = self.media(t, media, None)?;
                if let Some(c) = caption {
                    o.insert("caption".into(), json!(c));
                }
                Value::Object(o)
            }
            Inbound::Audio { media } => {
                let mut o = self.media("audio", media, None)?;
                o.insert("voice".into(), json!(false));
                Value::Object(o)
            }
            Inbound::Voice { media } => {
                let mut o = self.media("voice", media, None)?;
                o.insert("voice".into(), json!(true));
                Value::Object(o)
            }
            Inbound::Document {
                media,
                filename,
                caption,
            } => {
                let name = filename.clone().unwrap_or_else(|| "document.pdf".into());
                let mut o = self.media("document", media, Some(name.clone()))?;
                o.insert("filename".into(), json!(name));
                if let Some(c) = caption {
                    o.insert("caption".into(), json!(c));
                }
                Value::Object(o)
            }
            Inbound::Sticker { media, animated } => {
                let mut o = self.media("sticker", media, None)?;
                o.insert("animated".into(), json!(animated));
                Value::Object(o)
            }
            Inbound::Location {
                latitude,
                longitude,
                name,
                address,
            } => {
                let mut o = json!({ "latitude": latitude, "longitude": longitude });
                if let Some(n) = name {
                    o["name"] = json!(n);
                }
                if let Some(a) = address {
                    o["address"] = json!(a);
                }
                o
            }
            Inbound::Contacts { contacts } => json!(contacts),
            Inbound::ButtonReply { id, title } => json!({
                "type": "button_reply",
                "button_reply": { "id": id, "title": title },
            }),
            Inbound::ListReply {
                id,
                title,
                description,
            } => {
                let mut reply = json!({ "id": id, "title": title });
                if let Some(d) = description {
                    reply["description"] = json!(d);
                }
                json!({ "type": "list_reply", "list_reply": reply })
            }
            Inbound::Button { payload, text } => json!({ "payload": payload, "text": text }),
            Inbound::Reaction { message_id, emoji } => {
                let mut o = json!({ "message_id": message_id });
                if let Some(e) = emoji {
                    o["emoji"] = json!(e);
                }
                o
            }
            Inbound::Order {
                catalog_id,
                text,
                product_items,
            } => json!({
                "catalog_id": catalog_id,
                "text": text,
                "product_items": product_items,
            }),
            Inbound::Edit {
                original_message_id,
                message,
            } => {
                if matches!(**message, Inbound::Edit { .. } | Inbound::System { .. }) {
                    return Err(SimError::BadRequest(
                        "an edit must carry plain message content".into(),
                    ));
                }
                let (inner_type, inner) = self.content(message)?;
                let mut m = json!({ "type": inner_type });
                if let Some(obj) = inner {
                    m[inner_type] = obj;
                }
                json!({ "original_message_id": original_message_id, "message": m })
            }
            Inbound::Revoke {
                original_message_id,
            } => json!({ "original_message_id": original_message_id }),
            Inbound::Unsupported { kind } => match kind {
                Some(k) => json!({ "type": k }),
                None => return Ok((t, None)),
            },
            Inbound::System { new_wa_id, body } => json!({
                "body": body.clone().unwrap_or_else(|| format!("User changed number to {new_wa_id}")),
                "wa_id": new_wa_id,
                "type": "user_changed_number",
            }),
            Inbound::RequestWelcome => return Ok((t, None)),
        };
        Ok((t, Some(obj)))
    }
}

/// Builds the webhook for `msg`, stores its media, records the message and
/// opens the window (except for `system` messages).
pub(crate) fn build(state: &SimState, msg: &CustomerMessage) -> Result<BuiltInbound, SimError> {
    let phone = resolve_phone(state, &msg.phone_number_id)?;
    let from: String = msg.from.chars().filter(char::is_ascii_digit).collect();
    if from.len() < 7 || from.len() > 15 {
        return Err(SimError::BadRequest(format!(
            "from {:?} is not a phone number (7 to 15 digits)",
            msg.from
        )));
    }
    let mut customer = state.customer(&from);
    if let Some(name) = &msg.profile_name
        && *name != customer.profile_name
    {
        customer.profile_name = name.clone();
        customer = state.upsert_customer(customer);
    }
    let now = state.now_ts();
    let wamid = ids::wamid(&from);
    let mut builder = Builder {
        state,
        phone: &phone,
        media_id: None,
    };
    let (t, obj) = builder.content(&msg.message)?;

    let mut m = Map::new();
    m.insert("from".into(), json!(from));
    if let Some(uid) = &customer.user_id {
        m.insert("from_user_id".into(), json!(uid));
    }
    m.insert("id".into(), json!(wamid));
    m.insert("timestamp".into(), json!(now.to_string()));
    m.insert("type".into(), json!(t));
    if let Some(o) = obj {
        m.insert(t.into(), o);
    }
    let quoted = msg.reply_to.clone().or_else(|| {
        matches!(
            msg.message,
            Inbound::ButtonReply { .. } | Inbound::ListReply { .. } | Inbound::Button { .. }
        )
        .then(|| {
            state.with(|i| {
                i.last_outbound
                    .get(&(phone.phone_number_id.clone(), from.clone()))
                    .cloned()
            })
        })
        .flatten()
    });
    if let Some(id) = quoted {
        m.insert(
            "context".into(),
            json!({ "from": phone.display_digits(), "id": id }),
        );
    } else if msg.forwarded {
        m.insert("context".into(), json!({ "forwarded": true }));
    }
    if matches!(msg.message, Inbound::Unsupported { .. }) {
        m.insert(
            "errors".into(),
            json!([{
                "code": 131051,
                "title": "Message type unknown",
                "message": "Message type unknown",
                "error_data": { "details": "Message type is currently not supported." },
            }]),
        );
    }
    let message = Value::Object(m);

    let is_system = matches!(msg.message, Inbound::System { .. });
    let mut extra = Map::new();
    if !is_system {
        extra.insert("contacts".into(), json!([contact(&customer)]));
    }
    extra.insert("messages".into(), json!([message.clone()]));
    let envelope = messages_envelope(&phone, extra);

    state.with(|i| {
        i.messages.insert(
            wamid.clone(),
            MessageRecord {
                phone_number_id: phone.phone_number_id.clone(),
                wa_id: from.clone(),
                direction: Direction::Inbound,
                kind: t.to_string(),
                biz_opaque: None,
                category: "service".into(),
                conversation_id: String::new(),
            },
        );
    });
    if !is_system {
        state.set_last_inbound(&phone.phone_number_id, &from, Some(now));
    }
    Ok(BuiltInbound {
        wamid,
        media_id: builder.media_id,
        message,
        envelope,
        phone_number_id: phone.phone_number_id,
    })
}

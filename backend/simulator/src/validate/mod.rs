//! Validation of `POST /{PNID}/messages` bodies, following Meta's rules
//! (required fields, lengths, counts, known types).
//!
//! Codes used: 100 for a wrong value/length/count or top-level parameter,
//! 131008 for a missing required field, 131051 for an unknown message type.
//! Checks that need state (window, templates, media ids) live in
//! `graph::messages`.

pub(crate) mod content;
pub(crate) mod interactive;
pub(crate) mod media;
pub(crate) mod recipient;
pub(crate) mod template;
pub(crate) mod util;

use serde_json::Value;

use crate::errors::ApiError;
use media::{MediaKind, MediaRef};
use template::TemplateRef;
use util::{max_len, object, opt_object, opt_str, req_str};

/// Limit of `biz_opaque_callback_data`.
const BIZ_OPAQUE_MAX: usize = 512;

/// Message types the send endpoint knows.
pub(crate) const SEND_TYPES: &[&str] = &[
    "text",
    "image",
    "video",
    "audio",
    "document",
    "sticker",
    "location",
    "contacts",
    "reaction",
    "interactive",
    "template",
];

/// A parsed request to the messages endpoint.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Outbound {
    /// `{"status":"read","message_id":...}`.
    MarkRead {
        message_id: String,
        typing_indicator: bool,
    },
    /// A message send.
    Send(SendRequest),
}

/// A syntactically valid send.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SendRequest {
    pub to: Option<String>,
    pub wa_id: Option<String>,
    pub recipient: Option<String>,
    pub kind: String,
    pub context_message_id: Option<String>,
    pub biz_opaque: Option<String>,
    pub content: Content,
}

/// Type-specific part of a send.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Content {
    Text,
    Media(MediaRef),
    Location,
    Contacts,
    Reaction { message_id: String, emoji: String },
    Interactive,
    Template(TemplateRef),
}

/// Parses and validates a messages-endpoint body.
pub(crate) fn parse(body: &Value) -> Result<Outbound, ApiError> {
    if !body.is_object() {
        return Err(ApiError::InvalidParameter(
            "The request body must be a JSON object.".into(),
        ));
    }
    match opt_str(body, "messaging_product", "")? {
        Some("whatsapp") => {}
        Some(other) => {
            return Err(ApiError::InvalidParameter(format!(
                "Param messaging_product must be 'whatsapp', got '{other}'."
            )));
        }
        None => {
            return Err(ApiError::InvalidParameter(
                "The parameter messaging_product is required.".into(),
            ));
        }
    }
    if body.get("status").is_some() {
        return mark_read(body);
    }
    match opt_str(body, "recipient_type", "")? {
        None | Some("individual") => {}
        Some(other) => {
            return Err(ApiError::InvalidParameter(format!(
                "Param recipient_type '{other}' is not supported; use 'individual'."
            )));
        }
    }
    let to = opt_str(body, "to", "")?.filter(|s| !s.trim().is_empty());
    let recipient = opt_str(body, "recipient", "")?.filter(|s| !s.trim().is_empty());
    if to.is_none() && recipient.is_none() {
        return Err(ApiError::InvalidParameter(
            "The parameter to is required.".into(),
        ));
    }
    let wa_id = to.map(recipient::normalize).transpose()?;
    let context_message_id = match opt_object(body, "context", "")? {
        Some(ctx) => Some(req_str(ctx, "message_id", "context")?.to_string()),
        None => None,
    };
    let biz_opaque = opt_str(body, "biz_opaque_callback_data", "")?;
    if let Some(b) = biz_opaque {
        max_len(b, BIZ_OPAQUE_MAX, "biz_opaque_callback_data")?;
    }
    let kind = opt_str(body, "type", "")?.unwrap_or("text");
    if !SEND_TYPES.contains(&kind) {
        return Err(ApiError::UnsupportedType(format!(
            "Message type '{kind}' is not supported. Supported: {}.",
            SEND_TYPES.join(", ")
        )));
    }
    let content = match kind {
        "contacts" => {
            content::contacts(body)?;
            Content::Contacts
        }
        _ => {
            let obj = object(body, kind, "")?;
            match kind {
                "text" => {
                    content::text(obj)?;
                    Content::Text
                }
                "location" => {
                    content::location(obj)?;
                    Content::Location
                }
                "reaction" => {
                    let (message_id, emoji) = content::reaction(obj)?;
                    Content::Reaction { message_id, emoji }
                }
                "interactive" => {
                    interactive::validate(obj)?;
                    Content::Interactive
                }
                "template" => Content::Template(template::parse(obj)?),
                media_type => match MediaKind::from_type(media_type) {
                    Some(k) => Content::Media(media::validate_send(k, obj)?),
                    None => {
                        return Err(ApiError::UnsupportedType(format!(
                            "Message type '{media_type}' is not supported."
                        )));
                    }
                },
            }
        }
    };
    Ok(Outbound::Send(SendRequest {
        to: to.map(str::to_string),
        wa_id,
        recipient: recipient.map(str::to_string),
        kind: kind.to_string(),
        context_message_id,
        biz_opaque: biz_opaque.map(str::to_string),
        content,
    }))
}

fn mark_read(body: &Value) -> Result<Outbound, ApiError> {
    match opt_str(body, "status", "")? {
        Some("read") => {}
        _ => {
            return Err(ApiError::InvalidParameter(
                "Param status must be 'read'.".into(),
            ));
        }
    }
    let message_id = req_str(body, "message_id", "")?.to_string();
    let typing_indicator = match opt_object(body, "typing_indicator", "")? {
        None => false,
        Some(t) => match req_str(t, "type", "typing_indicator")? {
            "text" => true,
            other => {
                return Err(ApiError::InvalidParameter(format!(
                    "Param typing_indicator.type '{other}' is invalid; use 'text'."
                )));
            }
        },
    };
    Ok(Outbound::MarkRead {
        message_id,
        typing_indicator,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn code(v: Value) -> Option<i64> {
        parse(&v).err().map(|e| e.code())
    }

    #[test]
    fn top_level_rules() {
        assert_eq!(
            code(json!({"to": "+16505551234", "type": "text", "text": {"body": "x"}})),
            Some(100)
        );
        assert_eq!(
            code(json!({"messaging_product": "whatsapp", "type": "text", "text": {"body": "x"}})),
            Some(100)
        );
        assert_eq!(
            code(
                json!({"messaging_product": "whatsapp", "to": "+16505551234", "type": "hologram", "hologram": {}})
            ),
            Some(131_051)
        );
        assert_eq!(
            code(json!({"messaging_product": "whatsapp", "to": "+16505551234", "type": "image"})),
            Some(131_008)
        );
    }

    #[test]
    fn type_defaults_to_text() {
        let parsed = parse(
            &json!({"messaging_product": "whatsapp", "to": "+16505551234", "text": {"body": "x"}}),
        );
        assert!(matches!(
            parsed,
            Ok(Outbound::Send(SendRequest {
                content: Content::Text,
                ..
            }))
        ));
    }

    #[test]
    fn mark_read_with_typing() {
        let parsed = parse(&json!({"messaging_product": "whatsapp", "status": "read",
            "message_id": "wamid.X", "typing_indicator": {"type": "text"}}));
        assert_eq!(
            parsed.ok(),
            Some(Outbound::MarkRead {
                message_id: "wamid.X".into(),
                typing_indicator: true
            })
        );
    }
}

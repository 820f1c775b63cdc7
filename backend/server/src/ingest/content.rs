//! The message content contract: how a Cloud API message becomes `messages.kind`, `body`
//! (text or caption, for previews and search) and `content` (a JSON object keyed by the
//! type-specific fields of the API's message JSON).

use serde_json::{Map, Value, json};
use whatsapp_cloud::webhook::{
    Context, ErrorInfo, InteractiveReply, Media, Message, MessageContent, Referral,
};

/// What gets stored for one message.
#[derive(Debug, Clone, PartialEq)]
pub struct Stored {
    pub kind: String,
    pub body: Option<String>,
    pub content: Value,
    /// Media to download, for image/audio/video/document/sticker.
    pub media: Option<MediaSpec>,
}

/// The media object of a message, before it is downloaded.
#[derive(Debug, Clone, PartialEq)]
pub struct MediaSpec {
    pub meta_media_id: Option<String>,
    pub mime_type: Option<String>,
    pub sha256: Option<String>,
    pub filename: Option<String>,
}

fn to_value<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

fn non_empty(s: Option<&str>) -> Option<String> {
    s.map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// Describes a whole inbound message.
pub fn describe(msg: &Message) -> Stored {
    describe_content(
        &msg.content,
        msg.context.as_ref(),
        msg.referral.as_ref(),
        &msg.errors,
        || to_value(msg),
    )
}

/// Describes a content with its surroundings; `raw` gives the whole message JSON for types
/// this server does not model.
pub fn describe_content(
    content: &MessageContent,
    context: Option<&Context>,
    referral: Option<&Referral>,
    errors: &[ErrorInfo],
    raw: impl FnOnce() -> Value,
) -> Stored {
    let mut map = Map::new();
    let mut media = None;
    let kind = content.kind().to_owned();
    let body = match content {
        MessageContent::Text(t) => {
            map.insert("text".into(), to_value(t));
            Some(t.body.clone())
        }
        MessageContent::Image(m)
        | MessageContent::Video(m)
        | MessageContent::Audio(m)
        | MessageContent::Document(m)
        | MessageContent::Sticker(m) => {
            map.insert("media".into(), media_json(m));
            media = Some(MediaSpec {
                meta_media_id: m.id.clone(),
                mime_type: m.mime_type.clone(),
                sha256: m.sha256.clone(),
                filename: m.filename.clone(),
            });
            non_empty(m.caption.as_deref())
        }
        MessageContent::Location(l) => {
            map.insert("location".into(), to_value(l));
            non_empty(l.name.as_deref()).or_else(|| non_empty(l.address.as_deref()))
        }
        MessageContent::Contacts(cards) => {
            map.insert("contacts".into(), to_value(cards));
            let names: Vec<&str> = cards
                .iter()
                .filter_map(|c| c.name.as_ref()?.formatted_name.as_deref())
                .collect();
            (!names.is_empty()).then(|| names.join(", "))
        }
        MessageContent::Interactive(i) => {
            map.insert("interactive".into(), to_value(i));
            match &i.reply {
                InteractiveReply::ButtonReply(s) | InteractiveReply::ListReply(s) => {
                    non_empty(s.title.as_deref()).or_else(|| Some(s.id.clone()))
                }
                InteractiveReply::NfmReply(n) => non_empty(n.body.as_deref()),
                InteractiveReply::CallPermissionReply(c) => Some(c.response.clone()),
                InteractiveReply::Unknown { .. } => None,
            }
        }
        MessageContent::Button(b) => {
            map.insert("button".into(), to_value(b));
            non_empty(b.text.as_deref()).or_else(|| non_empty(b.payload.as_deref()))
        }
        MessageContent::Reaction(r) => {
            map.insert("reaction".into(), to_value(r));
            non_empty(r.emoji.as_deref())
        }
        MessageContent::Order(o) => {
            map.insert("order".into(), to_value(o));
            non_empty(o.text.as_deref())
        }
        MessageContent::System(s) => {
            map.insert("system".into(), to_value(s));
            non_empty(s.body.as_deref())
        }
        MessageContent::Unsupported(u) => {
            let mut obj = match to_value(u) {
                Value::Object(o) => o,
                _ => Map::new(),
            };
            obj.insert("errors".into(), to_value(&errors));
            map.insert("unsupported".into(), Value::Object(obj));
            None
        }
        MessageContent::RequestWelcome => None,
        MessageContent::Edit(_) | MessageContent::Revoke(_) | MessageContent::Unknown { .. } => {
            map.insert("raw".into(), raw());
            None
        }
    };
    if let Some(ctx) = context {
        if ctx.forwarded == Some(true) {
            map.insert("forwarded".into(), Value::Bool(true));
        }
        if ctx.frequently_forwarded == Some(true) {
            map.insert("frequently_forwarded".into(), Value::Bool(true));
        }
        if let Some(p) = &ctx.referred_product {
            map.insert("referred_product".into(), to_value(p));
        }
    }
    if let Some(r) = referral {
        map.insert("referral".into(), to_value(r));
    }
    if !errors.is_empty() && !map.contains_key("unsupported") {
        map.insert("errors".into(), to_value(&errors));
    }
    Stored {
        kind,
        body,
        content: Value::Object(map),
        media,
    }
}

fn media_json(m: &Media) -> Value {
    json!({
        "media_id": Value::Null,
        "mime_type": m.mime_type,
        "caption": m.caption,
        "filename": m.filename,
        "voice": m.voice.unwrap_or(false),
        "animated": m.animated.unwrap_or(false),
        "sha256": m.sha256,
        "meta_media_id": m.id,
    })
}

/// The marker left in place of a message the customer deleted.
pub fn deleted_marker() -> Value {
    json!({ "deleted": true })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(json: &str) -> Message {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn text_and_caption_become_the_body() {
        let s = describe(&message(
            r#"{"from":"1","id":"wamid.a","timestamp":"1","type":"text","text":{"body":"hi"}}"#,
        ));
        assert_eq!(s.kind, "text");
        assert_eq!(s.body.as_deref(), Some("hi"));
        assert_eq!(s.content["text"]["body"], "hi");

        let s = describe(&message(
            r#"{"from":"1","id":"wamid.b","timestamp":"1","type":"image","image":{"id":"77","mime_type":"image/jpeg","sha256":"x","caption":"look"},"context":{"forwarded":true}}"#,
        ));
        assert_eq!(s.kind, "image");
        assert_eq!(s.body.as_deref(), Some("look"));
        assert_eq!(s.content["media"]["meta_media_id"], "77");
        assert_eq!(s.content["forwarded"], true);
        assert_eq!(s.media.unwrap().meta_media_id.as_deref(), Some("77"));
    }

    #[test]
    fn unknown_types_keep_the_raw_message() {
        let s = describe(&message(
            r#"{"from":"1","id":"wamid.c","timestamp":"1","type":"poll","poll":{"q":"?"}}"#,
        ));
        assert_eq!(s.kind, "poll");
        assert_eq!(s.content["raw"]["poll"]["q"], "?");
    }
}

//! Inbound message (`value.messages[]`) and its type-discriminated content.
//!
//! On the wire a message names its kind in `type` and carries the payload
//! in a sibling key of the same name (`"type":"text","text":{…}`). Serde's
//! enum representations cannot express a tag-named key, so (de)serialisation
//! is written by hand here; unknown kinds keep their payload as raw JSON.

use serde::de::{DeserializeOwned, Error as _};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use super::content::{
    ButtonReply, CallPermissionReply, Context, ErrorInfo, Identity, Location, Media, NfmReply,
    Order, Reaction, Referral, ReplySelection, Revoke, SharedContact, System, Text, Unsupported,
};
use crate::common::{Extra, Timestamp};

/// One inbound message.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    /// Sender wa_id; absent for username adopters without a known number.
    pub from: Option<String>,
    /// Sender business-scoped user id (2026+).
    pub from_user_id: Option<String>,
    /// Sender parent business-scoped user id, when enrolled.
    pub from_parent_user_id: Option<String>,
    /// Group id for Groups API chats.
    pub group_id: Option<String>,
    /// The wamid; the deduplication key for inbound messages.
    pub id: String,
    /// When the message was sent.
    pub timestamp: Timestamp,
    /// Typed content, selected by `type`.
    pub content: MessageContent,
    /// Reply / forward / product context.
    pub context: Option<Context>,
    /// Click-to-WhatsApp ad referral.
    pub referral: Option<Referral>,
    /// Errors (unsupported messages).
    pub errors: Vec<ErrorInfo>,
    /// Identity data of `customer_identity_changed` system messages.
    pub identity: Option<Identity>,
    /// Unmodelled keys.
    pub extra: Extra,
}

impl Message {
    /// The `type` string, e.g. `"text"`.
    pub fn kind(&self) -> &str {
        self.content.kind()
    }

    /// Best available sender key: `from` (wa_id) or else `from_user_id`.
    pub fn sender(&self) -> Option<&str> {
        self.from.as_deref().or(self.from_user_id.as_deref())
    }

    /// Wamid of the quoted message, if this is a reply.
    pub fn reply_to(&self) -> Option<&str> {
        self.context.as_ref()?.quoted_message_id()
    }

    /// Whether the message was forwarded.
    pub fn is_forwarded(&self) -> bool {
        self.context.as_ref().is_some_and(Context::is_forwarded)
    }
}

/// Typed content of a [`Message`] (CLOUD_API.md §3).
#[derive(Debug, Clone, PartialEq)]
pub enum MessageContent {
    /// `text`.
    Text(Text),
    /// `image`.
    Image(Media),
    /// `video`.
    Video(Media),
    /// `audio`; `voice` tells a voice note from an audio file.
    Audio(Media),
    /// `document`.
    Document(Media),
    /// `sticker`.
    Sticker(Media),
    /// `location`.
    Location(Location),
    /// `contacts`: one or more contact cards.
    Contacts(Vec<SharedContact>),
    /// `interactive`: reply to buttons, lists, flows, call permission.
    Interactive(Interactive),
    /// `button`: template quick-reply tap.
    Button(ButtonReply),
    /// `reaction` (or its removal).
    Reaction(Reaction),
    /// `order`.
    Order(Order),
    /// `system`.
    System(System),
    /// `edit`: the user edited an earlier message.
    Edit(Box<Edit>),
    /// `revoke`: the user deleted an earlier message.
    Revoke(Revoke),
    /// `request_welcome`: first contact with welcome messages enabled.
    RequestWelcome,
    /// `unsupported`; see [`Message::errors`] for the reason.
    Unsupported(Unsupported),
    /// A type this crate does not model, or a known type whose payload
    /// object is missing. The payload (if any) is kept verbatim.
    Unknown {
        /// The `type` string.
        kind: String,
        /// The object found under the key named `kind`.
        payload: Option<Value>,
    },
}

fn from_value<T: DeserializeOwned>(v: Value) -> Result<T, serde_json::Error> {
    serde_json::from_value(v)
}

impl MessageContent {
    /// The `type` string.
    pub fn kind(&self) -> &str {
        match self {
            Self::Text(_) => "text",
            Self::Image(_) => "image",
            Self::Video(_) => "video",
            Self::Audio(_) => "audio",
            Self::Document(_) => "document",
            Self::Sticker(_) => "sticker",
            Self::Location(_) => "location",
            Self::Contacts(_) => "contacts",
            Self::Interactive(_) => "interactive",
            Self::Button(_) => "button",
            Self::Reaction(_) => "reaction",
            Self::Order(_) => "order",
            Self::System(_) => "system",
            Self::Edit(_) => "edit",
            Self::Revoke(_) => "revoke",
            Self::RequestWelcome => "request_welcome",
            Self::Unsupported(_) => "unsupported",
            Self::Unknown { kind, .. } => kind,
        }
    }

    /// The media object for image, video, audio, document and sticker.
    pub fn media(&self) -> Option<&Media> {
        match self {
            Self::Image(m)
            | Self::Video(m)
            | Self::Audio(m)
            | Self::Document(m)
            | Self::Sticker(m) => Some(m),
            _ => None,
        }
    }

    /// Builds the content from `type` and the remaining keys of the
    /// message object, removing the payload key it consumes.
    pub(crate) fn from_parts(kind: String, rest: &mut Extra) -> Result<Self, serde_json::Error> {
        match kind.as_str() {
            "request_welcome" => return Ok(Self::RequestWelcome),
            "unsupported" => {
                let u = match rest.remove("unsupported") {
                    Some(v) => from_value(v)?,
                    None => Unsupported::default(),
                };
                return Ok(Self::Unsupported(u));
            }
            _ => {}
        }
        let Some(v) = rest.remove(&kind) else {
            return Ok(Self::Unknown {
                kind,
                payload: None,
            });
        };
        Ok(match kind.as_str() {
            "text" => Self::Text(from_value(v)?),
            "image" => Self::Image(from_value(v)?),
            "video" => Self::Video(from_value(v)?),
            "audio" => Self::Audio(from_value(v)?),
            "document" => Self::Document(from_value(v)?),
            "sticker" => Self::Sticker(from_value(v)?),
            "location" => Self::Location(from_value(v)?),
            "contacts" => Self::Contacts(from_value(v)?),
            "interactive" => Self::Interactive(from_value(v)?),
            "button" => Self::Button(from_value(v)?),
            "reaction" => Self::Reaction(from_value(v)?),
            "order" => Self::Order(from_value(v)?),
            "system" => Self::System(from_value(v)?),
            "edit" => Self::Edit(Box::new(from_value(v)?)),
            "revoke" => Self::Revoke(from_value(v)?),
            _ => Self::Unknown {
                kind,
                payload: Some(v),
            },
        })
    }

    /// Writes `type` and the payload key into a map being serialised.
    pub(crate) fn write_entries<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
        let kind = self.kind();
        map.serialize_entry("type", kind)?;
        match self {
            Self::Text(p) => map.serialize_entry(kind, p),
            Self::Image(p)
            | Self::Video(p)
            | Self::Audio(p)
            | Self::Document(p)
            | Self::Sticker(p) => map.serialize_entry(kind, p),
            Self::Location(p) => map.serialize_entry(kind, p),
            Self::Contacts(p) => map.serialize_entry(kind, p),
            Self::Interactive(p) => map.serialize_entry(kind, p),
            Self::Button(p) => map.serialize_entry(kind, p),
            Self::Reaction(p) => map.serialize_entry(kind, p),
            Self::Order(p) => map.serialize_entry(kind, p),
            Self::System(p) => map.serialize_entry(kind, p),
            Self::Edit(p) => map.serialize_entry(kind, p),
            Self::Revoke(p) => map.serialize_entry(kind, p),
            Self::RequestWelcome => Ok(()),
            // Meta often omits the object; do not invent an empty one.
            Self::Unsupported(p) if p.kind.is_none() && p.extra.is_empty() => Ok(()),
            Self::Unsupported(p) => map.serialize_entry(kind, p),
            Self::Unknown {
                payload: Some(p), ..
            } => map.serialize_entry(kind, p),
            Self::Unknown { payload: None, .. } => Ok(()),
        }
    }
}

fn entry_opt<M: SerializeMap, T: Serialize>(
    map: &mut M,
    key: &str,
    value: &Option<T>,
) -> Result<(), M::Error> {
    match value {
        Some(v) => map.serialize_entry(key, v),
        None => Ok(()),
    }
}

fn entries_extra<M: SerializeMap>(map: &mut M, extra: &Extra) -> Result<(), M::Error> {
    for (k, v) in extra {
        map.serialize_entry(k, v)?;
    }
    Ok(())
}

#[derive(Deserialize)]
struct MessageWire {
    #[serde(default)]
    from: Option<String>,
    #[serde(default)]
    from_user_id: Option<String>,
    #[serde(default)]
    from_parent_user_id: Option<String>,
    #[serde(default)]
    group_id: Option<String>,
    id: String,
    timestamp: Timestamp,
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    context: Option<Context>,
    #[serde(default)]
    referral: Option<Referral>,
    #[serde(default)]
    errors: Vec<ErrorInfo>,
    #[serde(default)]
    identity: Option<Identity>,
    #[serde(flatten)]
    rest: Extra,
}

impl<'de> Deserialize<'de> for Message {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut w = MessageWire::deserialize(d)?;
        let content = MessageContent::from_parts(w.kind, &mut w.rest).map_err(D::Error::custom)?;
        Ok(Self {
            from: w.from,
            from_user_id: w.from_user_id,
            from_parent_user_id: w.from_parent_user_id,
            group_id: w.group_id,
            id: w.id,
            timestamp: w.timestamp,
            content,
            context: w.context,
            referral: w.referral,
            errors: w.errors,
            identity: w.identity,
            extra: w.rest,
        })
    }
}

impl Serialize for Message {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        entry_opt(&mut map, "from", &self.from)?;
        entry_opt(&mut map, "from_user_id", &self.from_user_id)?;
        entry_opt(&mut map, "from_parent_user_id", &self.from_parent_user_id)?;
        entry_opt(&mut map, "group_id", &self.group_id)?;
        map.serialize_entry("id", &self.id)?;
        map.serialize_entry("timestamp", &self.timestamp)?;
        self.content.write_entries(&mut map)?;
        entry_opt(&mut map, "context", &self.context)?;
        entry_opt(&mut map, "referral", &self.referral)?;
        if !self.errors.is_empty() {
            map.serialize_entry("errors", &self.errors)?;
        }
        entry_opt(&mut map, "identity", &self.identity)?;
        entries_extra(&mut map, &self.extra)?;
        map.end()
    }
}

/// `interactive` payload: which reply was given, plus unmodelled keys.
#[derive(Debug, Clone, PartialEq)]
pub struct Interactive {
    /// The typed reply.
    pub reply: InteractiveReply,
    /// Unmodelled keys of the `interactive` object.
    pub extra: Extra,
}

/// Kinds of `interactive` replies.
#[derive(Debug, Clone, PartialEq)]
pub enum InteractiveReply {
    /// Reply button tapped.
    ButtonReply(ReplySelection),
    /// List row chosen.
    ListReply(ReplySelection),
    /// Flow / address form submitted.
    NfmReply(NfmReply),
    /// Call permission answered.
    CallPermissionReply(CallPermissionReply),
    /// Other interactive reply, kept verbatim.
    Unknown {
        /// `interactive.type`.
        kind: String,
        /// The object under the key named `kind`.
        payload: Option<Value>,
    },
}

impl InteractiveReply {
    /// `interactive.type`.
    pub fn kind(&self) -> &str {
        match self {
            Self::ButtonReply(_) => "button_reply",
            Self::ListReply(_) => "list_reply",
            Self::NfmReply(_) => "nfm_reply",
            Self::CallPermissionReply(_) => "call_permission_reply",
            Self::Unknown { kind, .. } => kind,
        }
    }

    /// The id of the chosen button or list row.
    pub fn selection_id(&self) -> Option<&str> {
        match self {
            Self::ButtonReply(s) | Self::ListReply(s) => Some(&s.id),
            _ => None,
        }
    }
}

#[derive(Deserialize)]
struct InteractiveWire {
    #[serde(rename = "type")]
    kind: String,
    #[serde(flatten)]
    rest: Extra,
}

impl<'de> Deserialize<'de> for Interactive {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut w = InteractiveWire::deserialize(d)?;
        let payload = w.rest.remove(&w.kind);
        let parse = |v: Value| -> Result<InteractiveReply, serde_json::Error> {
            Ok(match w.kind.as_str() {
                "button_reply" => InteractiveReply::ButtonReply(from_value(v)?),
                "list_reply" => InteractiveReply::ListReply(from_value(v)?),
                "nfm_reply" => InteractiveReply::NfmReply(from_value(v)?),
                "call_permission_reply" => InteractiveReply::CallPermissionReply(from_value(v)?),
                _ => InteractiveReply::Unknown {
                    kind: w.kind.clone(),
                    payload: Some(v),
                },
            })
        };
        let reply = match payload {
            Some(v) => parse(v).map_err(D::Error::custom)?,
            None => InteractiveReply::Unknown {
                kind: w.kind.clone(),
                payload: None,
            },
        };
        Ok(Self {
            reply,
            extra: w.rest,
        })
    }
}

impl Serialize for Interactive {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        let kind = self.reply.kind();
        map.serialize_entry("type", kind)?;
        match &self.reply {
            InteractiveReply::ButtonReply(p) | InteractiveReply::ListReply(p) => {
                map.serialize_entry(kind, p)?
            }
            InteractiveReply::NfmReply(p) => map.serialize_entry(kind, p)?,
            InteractiveReply::CallPermissionReply(p) => map.serialize_entry(kind, p)?,
            InteractiveReply::Unknown {
                payload: Some(p), ..
            } => map.serialize_entry(kind, p)?,
            InteractiveReply::Unknown { payload: None, .. } => {}
        }
        entries_extra(&mut map, &self.extra)?;
        map.end()
    }
}

/// `edit` payload: the new version of an earlier message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Edit {
    /// Wamid of the edited message.
    pub original_message_id: String,
    /// The new content.
    pub message: EditedMessage,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The message inside an [`Edit`]: typed content plus optional context.
#[derive(Debug, Clone, PartialEq)]
pub struct EditedMessage {
    /// New content.
    pub content: MessageContent,
    /// Context (may carry placeholder ids such as `M0`).
    pub context: Option<Context>,
    /// Unmodelled keys.
    pub extra: Extra,
}

#[derive(Deserialize)]
struct EditedWire {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    context: Option<Context>,
    #[serde(flatten)]
    rest: Extra,
}

impl<'de> Deserialize<'de> for EditedMessage {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut w = EditedWire::deserialize(d)?;
        let content = MessageContent::from_parts(w.kind, &mut w.rest).map_err(D::Error::custom)?;
        Ok(Self {
            content,
            context: w.context,
            extra: w.rest,
        })
    }
}

impl Serialize for EditedMessage {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        self.content.write_entries(&mut map)?;
        entry_opt(&mut map, "context", &self.context)?;
        entries_extra(&mut map, &self.extra)?;
        map.end()
    }
}

/// A message the business sent from the WhatsApp Business app on a
/// coexistence number (`smb_message_echoes`). Import as outbound.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MessageEcho {
    /// Recipient wa_id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// Recipient business-scoped user id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_user_id: Option<String>,
    /// Recipient parent business-scoped user id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_parent_user_id: Option<String>,
    /// The message itself (`from` is the business number).
    #[serde(flatten)]
    pub message: Message,
}

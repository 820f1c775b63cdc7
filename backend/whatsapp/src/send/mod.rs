//! Typed request bodies for `POST /{phone-number-id}/messages`
//! (CLOUD_API.md §6).
//!
//! Build an [`OutgoingMessage`] from an [`OutgoingContent`], optionally
//! quote a message with [`OutgoingMessage::reply_to`], and hand it to
//! [`crate::GraphClient::send_message`], which validates Meta's documented
//! limits before sending.

mod interactive;
mod template;
mod validate;

pub use interactive::*;
pub use template::*;

use serde::{Deserialize, Serialize};

use crate::webhook::SharedContact;

/// Value of `messaging_product` in every request.
pub const MESSAGING_PRODUCT: &str = "whatsapp";

fn whatsapp() -> String {
    MESSAGING_PRODUCT.to_owned()
}

/// A message to send.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutgoingMessage {
    /// Always `whatsapp`.
    #[serde(default = "whatsapp")]
    pub messaging_product: String,
    /// `individual` (default) or `group`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient_type: Option<String>,
    /// Phone number / wa_id of the recipient.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// Business-scoped user id of the recipient (2026+); `to` wins if both.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient: Option<String>,
    /// Quote an earlier message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<ReplyContext>,
    /// Opaque data echoed back in status webhooks (≤ 512 chars).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub biz_opaque_callback_data: Option<String>,
    /// `type` and its payload object.
    #[serde(flatten)]
    pub content: OutgoingContent,
}

/// `context` of an outgoing message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplyContext {
    /// Wamid of the quoted message.
    pub message_id: String,
}

/// Adds the leading `+` to a digits-only wa_id. Without it Meta may
/// prepend the business number's own country code (CLOUD_API.md §6).
pub fn normalize_phone(to: &str) -> String {
    let t = to.trim();
    if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
        format!("+{t}")
    } else {
        t.to_owned()
    }
}

impl OutgoingMessage {
    /// A message to a phone number or wa_id (a digits-only wa_id gets a
    /// leading `+`).
    pub fn to(phone: &str, content: OutgoingContent) -> Self {
        Self {
            messaging_product: whatsapp(),
            recipient_type: Some("individual".to_owned()),
            to: Some(normalize_phone(phone)),
            recipient: None,
            context: None,
            biz_opaque_callback_data: None,
            content,
        }
    }

    /// A message to a business-scoped user id (BSUID).
    pub fn to_user_id(user_id: impl Into<String>, content: OutgoingContent) -> Self {
        Self {
            messaging_product: whatsapp(),
            recipient_type: Some("individual".to_owned()),
            to: None,
            recipient: Some(user_id.into()),
            context: None,
            biz_opaque_callback_data: None,
            content,
        }
    }

    /// Quotes the message with this wamid.
    pub fn reply_to(mut self, message_id: impl Into<String>) -> Self {
        self.context = Some(ReplyContext {
            message_id: message_id.into(),
        });
        self
    }

    /// Sets `biz_opaque_callback_data`.
    pub fn with_callback_data(mut self, data: impl Into<String>) -> Self {
        self.biz_opaque_callback_data = Some(data.into());
        self
    }

    /// Checks Meta's documented limits; see [`crate::Error::InvalidRequest`].
    pub fn validate(&self) -> Result<(), crate::Error> {
        validate::message(self)
    }
}

/// The typed payload of an outgoing message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum OutgoingContent {
    /// `text`.
    Text {
        /// Payload.
        text: TextBody,
    },
    /// `image`.
    Image {
        /// Payload.
        image: MediaRef,
    },
    /// `audio` (no caption; `voice` for OGG/OPUS voice notes).
    Audio {
        /// Payload.
        audio: MediaRef,
    },
    /// `video`.
    Video {
        /// Payload.
        video: MediaRef,
    },
    /// `document`.
    Document {
        /// Payload.
        document: MediaRef,
    },
    /// `sticker` (WebP, no caption).
    Sticker {
        /// Payload.
        sticker: MediaRef,
    },
    /// `location`.
    Location {
        /// Payload.
        location: LocationBody,
    },
    /// `contacts` (1–5 cards).
    Contacts {
        /// Payload.
        contacts: Vec<SharedContact>,
    },
    /// `reaction` (empty emoji removes it).
    Reaction {
        /// Payload.
        reaction: ReactionBody,
    },
    /// `interactive` (boxed: by far the largest payload).
    Interactive {
        /// Payload.
        interactive: Box<InteractiveMessage>,
    },
    /// `template` (boxed).
    Template {
        /// Payload.
        template: Box<TemplateMessage>,
    },
}

impl OutgoingContent {
    /// Text; `preview_url` renders a preview of the first URL.
    pub fn text(body: impl Into<String>, preview_url: bool) -> Self {
        Self::Text {
            text: TextBody {
                body: body.into(),
                preview_url: preview_url.then_some(true),
            },
        }
    }

    /// Image, optionally with a caption set on the [`MediaRef`].
    pub fn image(media: MediaRef) -> Self {
        Self::Image { image: media }
    }

    /// Audio file.
    pub fn audio(media: MediaRef) -> Self {
        Self::Audio { audio: media }
    }

    /// Voice note (OGG/OPUS): audio with `voice: true`.
    pub fn voice(mut media: MediaRef) -> Self {
        media.voice = Some(true);
        Self::Audio { audio: media }
    }

    /// Video.
    pub fn video(media: MediaRef) -> Self {
        Self::Video { video: media }
    }

    /// Document; set the file name on the [`MediaRef`].
    pub fn document(media: MediaRef) -> Self {
        Self::Document { document: media }
    }

    /// Sticker.
    pub fn sticker(media: MediaRef) -> Self {
        Self::Sticker { sticker: media }
    }

    /// Location pin.
    pub fn location(
        latitude: f64,
        longitude: f64,
        name: Option<String>,
        address: Option<String>,
    ) -> Self {
        Self::Location {
            location: LocationBody {
                latitude,
                longitude,
                name,
                address,
            },
        }
    }

    /// Contact cards.
    pub fn contacts(contacts: Vec<SharedContact>) -> Self {
        Self::Contacts { contacts }
    }

    /// Reaction to a received message.
    pub fn reaction(message_id: impl Into<String>, emoji: impl Into<String>) -> Self {
        Self::Reaction {
            reaction: ReactionBody {
                message_id: message_id.into(),
                emoji: emoji.into(),
            },
        }
    }

    /// Removes an earlier reaction (empty emoji).
    pub fn remove_reaction(message_id: impl Into<String>) -> Self {
        Self::reaction(message_id, "")
    }

    /// Interactive message.
    pub fn interactive(interactive: InteractiveMessage) -> Self {
        Self::Interactive {
            interactive: Box::new(interactive),
        }
    }

    /// Template message (the only kind allowed outside the 24 h window).
    pub fn template(template: TemplateMessage) -> Self {
        Self::Template {
            template: Box::new(template),
        }
    }

    /// The `type` string.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Text { .. } => "text",
            Self::Image { .. } => "image",
            Self::Audio { .. } => "audio",
            Self::Video { .. } => "video",
            Self::Document { .. } => "document",
            Self::Sticker { .. } => "sticker",
            Self::Location { .. } => "location",
            Self::Contacts { .. } => "contacts",
            Self::Reaction { .. } => "reaction",
            Self::Interactive { .. } => "interactive",
            Self::Template { .. } => "template",
        }
    }
}

/// `text` payload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextBody {
    /// Text, ≤ 4096 characters.
    pub body: String,
    /// Render a link preview.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preview_url: Option<bool>,
}

/// Media by uploaded id or by public link.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MediaRef {
    /// Uploaded media id (preferred).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Public HTTPS URL Meta will fetch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    /// Caption (image, video, document), ≤ 1024 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
    /// File name shown for documents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filename: Option<String>,
    /// Voice-note flag (audio only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voice: Option<bool>,
}

impl MediaRef {
    /// Media by uploaded id.
    pub fn id(id: impl Into<String>) -> Self {
        Self {
            id: Some(id.into()),
            ..Self::default()
        }
    }

    /// Media by link.
    pub fn link(url: impl Into<String>) -> Self {
        Self {
            link: Some(url.into()),
            ..Self::default()
        }
    }

    /// Sets the caption.
    pub fn with_caption(mut self, caption: impl Into<String>) -> Self {
        self.caption = Some(caption.into());
        self
    }

    /// Sets the document file name.
    pub fn with_filename(mut self, filename: impl Into<String>) -> Self {
        self.filename = Some(filename.into());
        self
    }
}

/// `location` payload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LocationBody {
    /// Latitude in degrees.
    pub latitude: f64,
    /// Longitude in degrees.
    pub longitude: f64,
    /// Place name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
}

/// `reaction` payload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReactionBody {
    /// Wamid of the received message.
    pub message_id: String,
    /// Emoji; empty removes the reaction.
    #[serde(default)]
    pub emoji: String,
}

/// Body of the mark-as-read call (same endpoint as sending).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarkReadRequest {
    /// Always `whatsapp`.
    pub messaging_product: String,
    /// Always `read`.
    pub status: String,
    /// Wamid of the inbound message (earlier ones are marked too).
    pub message_id: String,
    /// Also show "typing…" for up to 25 s.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub typing_indicator: Option<TypingIndicator>,
}

impl MarkReadRequest {
    /// Marks `message_id` read, optionally showing the typing indicator.
    pub fn new(message_id: impl Into<String>, typing: bool) -> Self {
        Self {
            messaging_product: whatsapp(),
            status: "read".to_owned(),
            message_id: message_id.into(),
            typing_indicator: typing.then(|| TypingIndicator {
                kind: "text".to_owned(),
            }),
        }
    }
}

/// `typing_indicator` object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TypingIndicator {
    /// Always `text`.
    #[serde(rename = "type")]
    pub kind: String,
}

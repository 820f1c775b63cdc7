//! Messages fake customers send to a business number.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::records::DeliveryOutcome;

/// A customer message to deliver as a `messages` webhook.
///
/// Control API: `POST /_sim/customers/{wa_id}/messages` with this JSON
/// (`from` is taken from the path).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomerMessage {
    /// Business phone number id receiving the message; may be omitted in
    /// the control API when exactly one number is registered.
    #[serde(default)]
    pub phone_number_id: String,
    /// Sender wa_id (digits; a leading `+` is dropped).
    #[serde(default)]
    pub from: String,
    /// Profile name; defaults to the registered customer's name.
    #[serde(default)]
    pub profile_name: Option<String>,
    /// Quote this message (`context{from,id}`). For button/list replies the
    /// last message the business sent to this customer is used when absent.
    #[serde(default)]
    pub reply_to: Option<String>,
    /// Mark as forwarded (`context.forwarded`).
    #[serde(default)]
    pub forwarded: bool,
    /// The content.
    pub message: Inbound,
}

impl CustomerMessage {
    /// A message from `from` to `phone_number_id`.
    pub fn new(
        phone_number_id: impl Into<String>,
        from: impl Into<String>,
        message: Inbound,
    ) -> Self {
        Self {
            phone_number_id: phone_number_id.into(),
            from: from.into(),
            profile_name: None,
            reply_to: None,
            forwarded: false,
            message,
        }
    }

    /// A plain text message.
    pub fn text(
        phone_number_id: impl Into<String>,
        from: impl Into<String>,
        body: impl Into<String>,
    ) -> Self {
        Self::new(phone_number_id, from, Inbound::Text { body: body.into() })
    }

    /// Quotes `message_id`.
    pub fn reply_to(mut self, message_id: impl Into<String>) -> Self {
        self.reply_to = Some(message_id.into());
        self
    }

    /// Sets the profile name.
    pub fn profile_name(mut self, name: impl Into<String>) -> Self {
        self.profile_name = Some(name.into());
        self
    }
}

/// Media content a customer sends. Bytes are stored in the simulator and
/// served at the URL returned by `GET /{media_id}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct MediaInput {
    /// MIME type; a sensible default per message type when absent.
    #[serde(default)]
    pub mime_type: Option<String>,
    /// File content, standard base64. A small generated payload when absent.
    #[serde(default)]
    pub data_base64: Option<String>,
}

impl MediaInput {
    /// Media with the given type and raw bytes.
    pub fn bytes(mime_type: impl Into<String>, data: &[u8]) -> Self {
        use base64::Engine;
        Self {
            mime_type: Some(mime_type.into()),
            data_base64: Some(base64::engine::general_purpose::STANDARD.encode(data)),
        }
    }
}

/// One line of an order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderItem {
    /// Catalog item id.
    pub product_retailer_id: String,
    /// Quantity.
    pub quantity: u32,
    /// Unit price.
    pub item_price: f64,
    /// ISO currency code.
    pub currency: String,
}

/// Content of a customer message; `type` selects the variant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Inbound {
    /// `text`.
    Text {
        /// Text.
        body: String,
    },
    /// `image`.
    Image {
        /// Content.
        #[serde(default)]
        media: MediaInput,
        /// Caption.
        #[serde(default)]
        caption: Option<String>,
    },
    /// `video`.
    Video {
        /// Content.
        #[serde(default)]
        media: MediaInput,
        /// Caption.
        #[serde(default)]
        caption: Option<String>,
    },
    /// `audio` with `voice: false`.
    Audio {
        /// Content.
        #[serde(default)]
        media: MediaInput,
    },
    /// `audio` with `voice: true` (recorded voice note, OGG/OPUS).
    Voice {
        /// Content.
        #[serde(default)]
        media: MediaInput,
    },
    /// `document`.
    Document {
        /// Content.
        #[serde(default)]
        media: MediaInput,
        /// File name.
        #[serde(default)]
        filename: Option<String>,
        /// Caption.
        #[serde(default)]
        caption: Option<String>,
    },
    /// `sticker` (WebP).
    Sticker {
        /// Content.
        #[serde(default)]
        media: MediaInput,
        /// Animated sticker.
        #[serde(default)]
        animated: bool,
    },
    /// `location`.
    Location {
        /// Latitude.
        latitude: f64,
        /// Longitude.
        longitude: f64,
        /// Place name.
        #[serde(default)]
        name: Option<String>,
        /// Address.
        #[serde(default)]
        address: Option<String>,
    },
    /// `contacts` (vCard-like objects in Meta's shape).
    Contacts {
        /// Contact cards.
        contacts: Vec<Value>,
    },
    /// `interactive` / `button_reply`.
    ButtonReply {
        /// Button id.
        id: String,
        /// Button title.
        title: String,
    },
    /// `interactive` / `list_reply`.
    ListReply {
        /// Row id.
        id: String,
        /// Row title.
        title: String,
        /// Row description.
        #[serde(default)]
        description: Option<String>,
    },
    /// `button` (template quick-reply tap).
    Button {
        /// Payload set in the template send.
        payload: String,
        /// Button label.
        text: String,
    },
    /// `reaction`; `emoji: None` removes the reaction.
    Reaction {
        /// Message reacted to.
        message_id: String,
        /// Emoji; absent for removal.
        #[serde(default)]
        emoji: Option<String>,
    },
    /// `order`.
    Order {
        /// Catalog id.
        catalog_id: String,
        /// Order note.
        #[serde(default)]
        text: String,
        /// Items.
        product_items: Vec<OrderItem>,
    },
    /// `edit`: the customer edited an earlier message.
    Edit {
        /// Id of the edited message.
        original_message_id: String,
        /// New content.
        message: Box<Inbound>,
    },
    /// `revoke`: the customer deleted a message for everyone.
    Revoke {
        /// Id of the deleted message.
        original_message_id: String,
    },
    /// `unsupported` with error 131051.
    Unsupported {
        /// What it was (`poll_creation`, `view_once`...).
        #[serde(default)]
        kind: Option<String>,
    },
    /// `system` / `user_changed_number` (no `contacts`, does not open the
    /// window).
    System {
        /// New wa_id of the customer.
        new_wa_id: String,
        /// Text; generated when absent.
        #[serde(default)]
        body: Option<String>,
    },
    /// `request_welcome` (first chat opening).
    RequestWelcome,
}

impl Inbound {
    /// The webhook `type` this content produces.
    pub fn wire_type(&self) -> &'static str {
        match self {
            Self::Text { .. } => "text",
            Self::Image { .. } => "image",
            Self::Video { .. } => "video",
            Self::Audio { .. } | Self::Voice { .. } => "audio",
            Self::Document { .. } => "document",
            Self::Sticker { .. } => "sticker",
            Self::Location { .. } => "location",
            Self::Contacts { .. } => "contacts",
            Self::ButtonReply { .. } | Self::ListReply { .. } => "interactive",
            Self::Button { .. } => "button",
            Self::Reaction { .. } => "reaction",
            Self::Order { .. } => "order",
            Self::Edit { .. } => "edit",
            Self::Revoke { .. } => "revoke",
            Self::Unsupported { .. } => "unsupported",
            Self::System { .. } => "system",
            Self::RequestWelcome => "request_welcome",
        }
    }
}

/// What `customer_sends` produced.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InboundReceipt {
    /// The inbound `wamid`.
    pub message_id: String,
    /// Media id when the message carries media.
    pub media_id: Option<String>,
    /// The `messages[]` object as delivered.
    pub message: Value,
    /// Webhook delivery outcome (`attempts: 0` when no callback URL is set).
    pub webhook: DeliveryOutcome,
}

//! Payload objects of inbound messages (CLOUD_API.md §3).
//!
//! Every struct keeps keys it does not model in `extra`, because Meta adds
//! fields continuously and an inbox must not drop data it cannot yet show.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::common::{Extra, Timestamp};

/// `text` message body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Text {
    /// The message text.
    pub body: String,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Media object of `image`, `video`, `audio`, `document` and `sticker`
/// messages. Fields that only exist for some kinds are optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Media {
    /// Media id, resolvable with `GET /{media-id}` for 7 days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// MIME type, e.g. `image/jpeg` or `audio/ogg; codecs=opus`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mime_type: Option<String>,
    /// Base64 of the SHA-256 of the file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// Caption (image, video, document).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
    /// Original file name (document).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filename: Option<String>,
    /// `true` for a recorded voice note (audio).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voice: Option<bool>,
    /// `true` for an animated sticker.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub animated: Option<bool>,
    /// Direct download URL (newer webhooks); fetch it with the access token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `location` message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Location {
    /// Latitude in degrees.
    pub latitude: f64,
    /// Longitude in degrees.
    pub longitude: f64,
    /// Place name (chosen places only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Place address (chosen places only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Place URL (usually business places).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A contact card, as received in a `contacts` message and as sent in one.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SharedContact {
    /// Name parts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<ContactName>,
    /// Phone numbers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phones: Vec<ContactPhone>,
    /// E-mail addresses.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub emails: Vec<ContactEmail>,
    /// Postal addresses.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub addresses: Vec<ContactAddress>,
    /// Organisation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org: Option<ContactOrg>,
    /// Web sites.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub urls: Vec<ContactUrl>,
    /// Birthday, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birthday: Option<String>,
    /// Raw vCard text (2026+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vcard: Option<String>,
    /// `contact_request` or `other` (2026+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Name parts of a [`SharedContact`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ContactName {
    /// Full display name (required when sending).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub formatted_name: Option<String>,
    /// First name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Last name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// Middle name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub middle_name: Option<String>,
    /// Name prefix.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    /// Name suffix.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suffix: Option<String>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Phone entry of a [`SharedContact`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ContactPhone {
    /// Phone number as typed by the user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// WhatsApp id, when the number is on WhatsApp.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wa_id: Option<String>,
    /// Label such as `CELL`, `HOME`, `WORK`, `MOBILE`.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

/// E-mail entry of a [`SharedContact`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ContactEmail {
    /// Address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Label such as `HOME` or `WORK`.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Postal address of a [`SharedContact`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ContactAddress {
    /// Street.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street: Option<String>,
    /// City.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// State.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// Postal code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zip: Option<String>,
    /// Country name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// ISO country code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_code: Option<String>,
    /// Label such as `HOME` or `WORK`.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Organisation of a [`SharedContact`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ContactOrg {
    /// Company.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    /// Department.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    /// Job title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Web site of a [`SharedContact`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ContactUrl {
    /// URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Label such as `HOME` or `WORK`.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Tap on a reply button (`interactive.button_reply`) or a list row
/// (`interactive.list_reply`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReplySelection {
    /// The id set when sending the button or row.
    pub id: String,
    /// Button or row title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Row description (list replies only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Reply from a WhatsApp Flow or address form (`interactive.nfm_reply`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NfmReply {
    /// `flow` or `address_message`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Human-readable summary shown in the chat.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// The form answers as a JSON **string**.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_json: Option<String>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

impl NfmReply {
    /// Parses `response_json`; `None` when absent.
    pub fn response(&self) -> Option<Result<Value, serde_json::Error>> {
        self.response_json.as_deref().map(serde_json::from_str)
    }

    /// The `flow_token` inside `response_json`, if any.
    pub fn flow_token(&self) -> Option<String> {
        match self.response() {
            Some(Ok(v)) => v.get("flow_token")?.as_str().map(str::to_owned),
            _ => None,
        }
    }
}

/// Answer to a call-permission request (`interactive.call_permission_reply`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallPermissionReply {
    /// `accept` or `reject`.
    pub response: String,
    /// Until when the permission holds (accept only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiration_timestamp: Option<Timestamp>,
    /// E.g. `user_action`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_source: Option<String>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

impl CallPermissionReply {
    /// Whether the user granted permission.
    pub fn accepted(&self) -> bool {
        self.response == "accept"
    }
}

/// Tap on a template quick-reply button (`type: "button"`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ButtonReply {
    /// Payload set when sending the template (or the button text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payload: Option<String>,
    /// Button label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Reaction to a message. An empty or missing emoji means the reaction was
/// removed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reaction {
    /// Wamid of the message reacted to.
    pub message_id: String,
    /// The emoji; empty or absent on removal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emoji: Option<String>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Reaction {
    /// `true` when this notification removes an earlier reaction.
    pub fn is_removal(&self) -> bool {
        self.emoji.as_deref().is_none_or(str::is_empty)
    }
}

/// Catalog order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Order {
    /// Catalog id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub catalog_id: Option<String>,
    /// Text sent with the order (often empty).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Ordered items.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub product_items: Vec<ProductItem>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One line of an [`Order`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProductItem {
    /// Retailer SKU.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_retailer_id: Option<String>,
    /// Quantity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantity: Option<i64>,
    /// Unit price; kept as the exact JSON number (money is not rounded).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_price: Option<serde_json::Number>,
    /// ISO 4217 currency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `system` message: a change on the user's side.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct System {
    /// Raw `system.type`; see [`System::kind`].
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind_raw: Option<String>,
    /// Human-readable description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// New wa_id (`user_changed_number`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wa_id: Option<String>,
    /// New business-scoped user id (`user_changed_user_id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// New parent business-scoped user id (`user_changed_user_id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_user_id: Option<String>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Known `system.type` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SystemKind {
    /// The user moved to a new phone number.
    UserChangedNumber,
    /// The user's identity (security code) changed.
    CustomerIdentityChanged,
    /// The user's business-scoped user id changed.
    UserChangedUserId,
    /// Absent or not known to this crate.
    Other,
}

impl System {
    /// Classifies `system.type`.
    pub fn kind(&self) -> SystemKind {
        match self.kind_raw.as_deref() {
            Some("user_changed_number") => SystemKind::UserChangedNumber,
            Some("customer_identity_changed") => SystemKind::CustomerIdentityChanged,
            Some("user_changed_user_id") => SystemKind::UserChangedUserId,
            _ => SystemKind::Other,
        }
    }
}

/// `identity` sibling object of `customer_identity_changed` messages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Identity {
    /// Whether the change was acknowledged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acknowledged: Option<bool>,
    /// When the new identity was created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_timestamp: Option<Timestamp>,
    /// Identity hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hash: Option<String>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The user deleted a message for everyone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Revoke {
    /// Wamid of the deleted message.
    pub original_message_id: String,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `unsupported` payload; the error list is on the message itself.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Unsupported {
    /// What the message was (`edit`, `poll_creation`, `view_once`, …).
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Optional `context`: quoted reply, forward flags or product inquiry.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Context {
    /// Sender of the quoted message (usually the business number).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Wamid of the quoted message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Forwarded up to five times.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forwarded: Option<bool>,
    /// Forwarded more than five times.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frequently_forwarded: Option<bool>,
    /// Product the user asked about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referred_product: Option<ReferredProduct>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Context {
    /// `true` if forwarded at all.
    pub fn is_forwarded(&self) -> bool {
        self.forwarded == Some(true) || self.frequently_forwarded == Some(true)
    }

    /// The quoted message id when it looks like a wamid (edit payloads
    /// carry placeholder ids such as `M0`).
    pub fn quoted_message_id(&self) -> Option<&str> {
        self.id.as_deref().filter(|id| id.starts_with("wamid."))
    }
}

/// Product referenced in a [`Context`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReferredProduct {
    /// Catalog id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub catalog_id: Option<String>,
    /// Retailer SKU.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_retailer_id: Option<String>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Click-to-WhatsApp ad or post that started the conversation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Referral {
    /// Ad or post URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_url: Option<String>,
    /// Ad id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_id: Option<String>,
    /// `ad` or `post`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_type: Option<String>,
    /// Ad body text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// Ad headline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headline: Option<String>,
    /// `image` or `video`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_type: Option<String>,
    /// Image of an image ad.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    /// Video of a video ad.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub video_url: Option<String>,
    /// Thumbnail of a video ad.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thumbnail_url: Option<String>,
    /// Click id (absent for Status ad placements).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ctwa_clid: Option<String>,
    /// Pre-filled welcome message of the ad.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub welcome_message: Option<WelcomeMessage>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `referral.welcome_message`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WelcomeMessage {
    /// Text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Error object carried inside webhooks: in `messages[].errors`,
/// `statuses[].errors` and `value.errors`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorInfo {
    /// Numeric error code; branch on this, not on titles.
    pub code: i64,
    /// Short title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Message (usually equal to the title).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Details.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_data: Option<ErrorDetails>,
    /// Link to Meta's error documentation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

impl ErrorInfo {
    /// `error_data.details`, if present.
    pub fn details(&self) -> Option<&str> {
        self.error_data.as_ref()?.details.as_deref()
    }
}

/// `error_data` of an [`ErrorInfo`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorDetails {
    /// Explanation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<String>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

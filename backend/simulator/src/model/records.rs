//! Records the simulator keeps for inspection.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Status of an outbound message, as in `statuses[].status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MessageStatus {
    /// Accepted by WhatsApp.
    Sent,
    /// On the customer's device.
    Delivered,
    /// Seen by the customer.
    Read,
    /// Voice note played.
    Played,
    /// Not delivered.
    Failed,
}

impl MessageStatus {
    /// Lowercase wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sent => "sent",
            Self::Delivered => "delivered",
            Self::Read => "read",
            Self::Played => "played",
            Self::Failed => "failed",
        }
    }
}

/// A message the business sent through `POST /{PNID}/messages`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SentMessage {
    /// The `wamid.` returned to the caller.
    pub id: String,
    /// Sending phone number id.
    pub phone_number_id: String,
    /// `to` exactly as given.
    pub to: String,
    /// Recipient digits.
    pub wa_id: String,
    /// Message type (`text`, `image`, `template`...).
    #[serde(rename = "type")]
    pub kind: String,
    /// `context.message_id` when the send quotes a message.
    pub context_message_id: Option<String>,
    /// Unix seconds of acceptance.
    pub timestamp: i64,
    /// Wall-clock Unix milliseconds when the request was accepted (for latency measurements;
    /// independent of the simulator's configurable clock).
    #[serde(default)]
    pub received_at_ms: i64,
    /// The full request body.
    pub request: Value,
    /// Statuses emitted so far (in emission order).
    pub statuses: Vec<MessageStatus>,
}

/// A mark-as-read call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadReceipt {
    /// Phone number id the call was made for.
    pub phone_number_id: String,
    /// The inbound `wamid` marked read.
    pub message_id: String,
    /// Whether a typing indicator was requested.
    pub typing_indicator: bool,
    /// Unix seconds.
    pub timestamp: i64,
}

/// What a webhook carried.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WebhookKind {
    /// `value.statuses[]`.
    Status,
    /// `value.messages[]`.
    Message,
}

/// One webhook POST (including its retries) to the callback URL.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WebhookDelivery {
    /// Sequence number, in order of first attempt.
    pub seq: u64,
    /// Status or inbound message.
    pub kind: WebhookKind,
    /// Message id the webhook is about.
    pub message_id: String,
    /// For status webhooks: the status.
    pub status: Option<MessageStatus>,
    /// Whether this POST repeats an earlier one (simulated duplicate).
    pub duplicate: bool,
    /// Callback URL.
    pub url: String,
    /// Exact body sent (JSON text).
    pub body: String,
    /// `X-Hub-Signature-256` header value.
    pub signature: String,
    /// Outcome of the attempts.
    pub outcome: DeliveryOutcome,
}

/// Result of delivering one webhook.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DeliveryOutcome {
    /// Number of POST attempts made.
    pub attempts: u32,
    /// HTTP status of each attempt (0 for a transport error).
    pub responses: Vec<u16>,
    /// Whether an attempt was answered with 200.
    pub delivered: bool,
}

/// A fake WhatsApp user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Customer {
    /// WhatsApp id (digits).
    pub wa_id: String,
    /// Profile name shown in `contacts[].profile.name`.
    #[serde(default = "default_profile_name")]
    pub profile_name: String,
    /// Business-scoped user id (`US.…`); generated when absent.
    #[serde(default)]
    pub user_id: Option<String>,
    /// Whether the number has WhatsApp; sends to `false` fail with 131026.
    #[serde(default = "yes")]
    pub on_whatsapp: bool,
}

fn default_profile_name() -> String {
    "Test Customer".into()
}
fn yes() -> bool {
    true
}

impl Customer {
    /// A WhatsApp user with the given number and profile name.
    pub fn new(wa_id: impl Into<String>, profile_name: impl Into<String>) -> Self {
        Self {
            wa_id: wa_id.into(),
            profile_name: profile_name.into(),
            user_id: None,
            on_whatsapp: true,
        }
    }

    /// A number that is not on WhatsApp.
    pub fn not_on_whatsapp(wa_id: impl Into<String>) -> Self {
        Self {
            on_whatsapp: false,
            ..Self::new(wa_id, default_profile_name())
        }
    }
}

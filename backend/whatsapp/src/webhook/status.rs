//! Delivery status notifications for outbound messages (`value.statuses[]`,
//! CLOUD_API.md §4).

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::content::ErrorInfo;
use crate::common::{Extra, Timestamp};

/// One status notification.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Status {
    /// Wamid returned when the message was sent.
    pub id: String,
    /// The new status.
    pub status: StatusKind,
    /// When the status change happened; order by this, not by arrival.
    pub timestamp: Timestamp,
    /// Recipient wa_id or group id; absent for BSUID-only sends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient_id: Option<String>,
    /// Recipient business-scoped user id (2026+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient_user_id: Option<String>,
    /// Recipient parent business-scoped user id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient_parent_user_id: Option<String>,
    /// `group` for group sends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient_type: Option<String>,
    /// Group participant wa_id (group sends).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient_participant_id: Option<String>,
    /// Group participant business-scoped user id (group sends).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient_participant_user_id: Option<String>,
    /// Group participant parent business-scoped user id (group sends).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient_participant_parent_user_id: Option<String>,
    /// Identity key hash (identity-change check enabled).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient_identity_key_hash: Option<String>,
    /// Echo of `biz_opaque_callback_data` given when sending.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub biz_opaque_callback_data: Option<String>,
    /// Conversation (omitted from webhook v24.0 on in most cases).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conversation: Option<Conversation>,
    /// Pricing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pricing: Option<Pricing>,
    /// Why a `failed` message failed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ErrorInfo>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Status {
    /// Best available recipient key: `recipient_id` or `recipient_user_id`.
    pub fn recipient(&self) -> Option<&str> {
        self.recipient_id
            .as_deref()
            .or(self.recipient_user_id.as_deref())
    }
}

/// Status value. Unknown strings are kept in [`StatusKind::Other`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum StatusKind {
    /// Accepted by WhatsApp servers.
    Sent,
    /// On the user's device.
    Delivered,
    /// Seen by the user.
    Read,
    /// Voice message played.
    Played,
    /// Could not be sent or delivered; see `errors`.
    Failed,
    /// Any other value (e.g. legacy `deleted`, `warning`).
    Other(String),
}

impl StatusKind {
    /// The wire string.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Sent => "sent",
            Self::Delivered => "delivered",
            Self::Read => "read",
            Self::Played => "played",
            Self::Failed => "failed",
            Self::Other(s) => s,
        }
    }

    /// Parses a wire string; unknown strings become [`StatusKind::Other`].
    pub fn parse(s: &str) -> Self {
        match s {
            "sent" => Self::Sent,
            "delivered" => Self::Delivered,
            "read" => Self::Read,
            "played" => Self::Played,
            "failed" => Self::Failed,
            other => Self::Other(other.to_owned()),
        }
    }

    /// Monotonic rank for forward-only status updates:
    /// unknown (0) < sent < delivered < read < played < failed.
    ///
    /// Statuses arrive out of order (`read` before `delivered`), so a stored
    /// status should only be replaced by one of higher rank. `failed` ranks
    /// highest because it is terminal; unknown values never advance.
    pub fn rank(&self) -> u8 {
        match self {
            Self::Other(_) => 0,
            Self::Sent => 1,
            Self::Delivered => 2,
            Self::Read => 3,
            Self::Played => 4,
            Self::Failed => 5,
        }
    }

    /// Whether no later status can follow.
    pub fn is_terminal(&self) -> bool {
        matches!(self, Self::Failed)
    }

    /// Whether `self` should replace a stored `current` status.
    pub fn advances(&self, current: &StatusKind) -> bool {
        !current.is_terminal() && self.rank() > current.rank()
    }
}

impl fmt::Display for StatusKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for StatusKind {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for StatusKind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = std::borrow::Cow::<'de, str>::deserialize(d)?;
        Ok(Self::parse(&s))
    }
}

/// `statuses[].conversation`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conversation {
    /// Conversation id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// When the conversation window closes (only on `sent`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiration_timestamp: Option<Timestamp>,
    /// Conversation category.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<ConversationOrigin>,
    /// Unmodelled keys (some payloads nest `pricing` here).
    #[serde(flatten)]
    pub extra: Extra,
}

/// `conversation.origin`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConversationOrigin {
    /// `service`, `marketing`, `utility`, `authentication`, …
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `statuses[].pricing`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pricing {
    /// Whether the message is billed (slated for deprecation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billable: Option<bool>,
    /// `PMP` (per-message) or legacy `CBP`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pricing_model: Option<String>,
    /// `regular`, `free_customer_service`, `free_entry_point`.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Pricing category (`service`, `marketing`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rank_orders_forward_only() {
        use StatusKind::*;
        assert!(Sent.rank() < Delivered.rank());
        assert!(Delivered.rank() < Read.rank());
        assert!(Read.rank() < Played.rank());
        assert!(Read.advances(&Sent));
        assert!(
            !Delivered.advances(&Read),
            "late delivered must not regress read"
        );
        assert!(Failed.advances(&Delivered));
        assert!(!Read.advances(&Failed), "failed is terminal");
        assert!(!Other("deleted".into()).advances(&Sent));
        assert!(Sent.advances(&Other("warning".into())));
        assert_eq!(StatusKind::parse("deleted"), Other("deleted".into()));
        assert_eq!(StatusKind::parse("played").as_str(), "played");
    }
}

//! `value` shapes of webhook fields other than `messages` (CLOUD_API.md §5).
//!
//! Only fields the doc describes are typed; the rest stay raw JSON in
//! [`super::ChangeValue::Other`]. Every struct keeps unmodelled keys.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::content::ErrorInfo;
use super::envelope::{Contact, Metadata};
use super::message::MessageEcho;
use crate::common::{Extra, FlexId, Timestamp};

/// `calls` field (WhatsApp Calling API). Its `statuses` are call states,
/// not message statuses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallsValue {
    /// Always `whatsapp`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub messaging_product: Option<String>,
    /// Business number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Metadata>,
    /// Caller / callee profiles.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contacts: Vec<Contact>,
    /// Call events (connect, terminate).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub calls: Vec<Call>,
    /// Call status updates (`type: "call"`, e.g. `RINGING`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub statuses: Vec<CallStatus>,
    /// Errors.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ErrorInfo>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One call event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Call {
    /// Call id (`wacid.…`).
    pub id: String,
    /// `connect`, `terminate`, …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
    /// Caller.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Callee.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// `USER_INITIATED` or `BUSINESS_INITIATED`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<String>,
    /// Event time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<Timestamp>,
    /// Final status on terminate (e.g. `COMPLETED`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Call start (terminate).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_time: Option<Timestamp>,
    /// Call end (terminate).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_time: Option<Timestamp>,
    /// Duration in seconds (terminate).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<i64>,
    /// Echoed callback data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub biz_opaque_callback_data: Option<String>,
    /// WebRTC session description (kept raw).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<Value>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Status of a business-initiated call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallStatus {
    /// Call id (`wacid.…`).
    pub id: String,
    /// `call`.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// `RINGING`, `ACCEPTED`, `REJECTED`, …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Event time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<Timestamp>,
    /// Callee.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient_id: Option<String>,
    /// Echoed callback data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub biz_opaque_callback_data: Option<String>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `smb_message_echoes`: messages sent from the WhatsApp Business app.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MessageEchoesValue {
    /// Always `whatsapp`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub messaging_product: Option<String>,
    /// Business number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Metadata>,
    /// Recipient profiles.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contacts: Vec<Contact>,
    /// The echoed messages.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub message_echoes: Vec<MessageEcho>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `user_preferences`: user stopped / resumed marketing messages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserPreferencesValue {
    /// Always `whatsapp`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub messaging_product: Option<String>,
    /// Business number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Metadata>,
    /// User profiles.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contacts: Vec<Contact>,
    /// Preference changes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub user_preferences: Vec<UserPreference>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One preference change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserPreference {
    /// User wa_id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wa_id: Option<String>,
    /// User business-scoped id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// Human-readable detail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// `marketing_messages`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// `stop`, `resume` or `signup`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// When it changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<Timestamp>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `user_id_update` (2026): a user's business-scoped id changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserIdUpdateValue {
    /// Always `whatsapp`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub messaging_product: Option<String>,
    /// Business number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Metadata>,
    /// User profiles.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contacts: Vec<Contact>,
    /// The changes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub user_id_update: Vec<UserIdUpdate>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One business-scoped id change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserIdUpdate {
    /// User wa_id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wa_id: Option<String>,
    /// Human-readable detail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// BSUID change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<IdChange>,
    /// Parent BSUID change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_user_id: Option<IdChange>,
    /// When it changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<Timestamp>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `{previous, current}` pair of ids.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IdChange {
    /// Old id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<String>,
    /// New id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<String>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `message_template_status_update`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TemplateStatusUpdate {
    /// `APPROVED`, `REJECTED`, `PAUSED`, `DISABLED`, …
    pub event: String,
    /// Template id (a JSON number here).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_template_id: Option<FlexId>,
    /// Template name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_template_name: Option<String>,
    /// Template language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_template_language: Option<String>,
    /// Template category.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_template_category: Option<String>,
    /// Reason code (`NONE`, `INVALID_FORMAT`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Rejection explanation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rejection_info: Option<RejectionInfo>,
    /// Disable date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disable_info: Option<DisableInfo>,
    /// Extra explanation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other_info: Option<OtherInfo>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `rejection_info` of a template status update.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RejectionInfo {
    /// Why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// What to change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recommendation: Option<String>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `disable_info` of a template status update.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DisableInfo {
    /// When the template was disabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disable_date: Option<Timestamp>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `other_info` of a template status update.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OtherInfo {
    /// Title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `message_template_quality_update`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TemplateQualityUpdate {
    /// Previous score (`GREEN`, `YELLOW`, `RED`, `UNKNOWN`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_quality_score: Option<String>,
    /// New score.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_quality_score: Option<String>,
    /// Template id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_template_id: Option<FlexId>,
    /// Template name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_template_name: Option<String>,
    /// Template language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_template_language: Option<String>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `message_template_components_update`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TemplateComponentsUpdate {
    /// Template id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_template_id: Option<FlexId>,
    /// Template name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_template_name: Option<String>,
    /// Template language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_template_language: Option<String>,
    /// Header text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_template_title: Option<String>,
    /// Body text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_template_element: Option<String>,
    /// Footer text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_template_footer: Option<String>,
    /// Buttons.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub message_template_buttons: Vec<TemplateButtonUpdate>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A button in a [`TemplateComponentsUpdate`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TemplateButtonUpdate {
    /// `URL`, `PHONE_NUMBER`, `QUICK_REPLY`, …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_template_button_type: Option<String>,
    /// Label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_template_button_text: Option<String>,
    /// URL of URL buttons.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_template_button_url: Option<String>,
    /// Number of call buttons.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_template_button_phone_number: Option<String>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `template_category_update`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TemplateCategoryUpdate {
    /// Template id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_template_id: Option<FlexId>,
    /// Template name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_template_name: Option<String>,
    /// Template language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_template_language: Option<String>,
    /// Category before the change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_category: Option<String>,
    /// Category after the change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_category: Option<String>,
    /// Category Meta considers correct (announcement variant).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correct_category: Option<String>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `account_update`: WABA-level events, including disconnection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountUpdate {
    /// `ACCOUNT_DELETED`, `PARTNER_REMOVED`, `ACCOUNT_RESTRICTION`, …
    pub event: String,
    /// WABA / partner data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waba_info: Option<WabaInfo>,
    /// Restrictions in force.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub restriction_info: Vec<RestrictionInfo>,
    /// Policy violation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub violation_info: Option<ViolationInfo>,
    /// Ban state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ban_info: Option<BanInfo>,
    /// Why a partner was disconnected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disconnection_info: Option<DisconnectionInfo>,
    /// Country (`BUSINESS_PRIMARY_LOCATION_COUNTRY_UPDATE`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Unmodelled keys (pricing tier, certification, … objects).
    #[serde(flatten)]
    pub extra: Extra,
}

impl AccountUpdate {
    /// `true` when the tenant's WABA is no longer reachable through this
    /// app (uninstalled, partner removed, account deleted).
    pub fn is_disconnection(&self) -> bool {
        matches!(
            self.event.as_str(),
            "PARTNER_APP_UNINSTALLED"
                | "PARTNER_REMOVED"
                | "ACCOUNT_DELETED"
                | "ACCOUNT_OFFBOARDED"
        )
    }
}

/// `waba_info` of an account update.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WabaInfo {
    /// WABA id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waba_id: Option<String>,
    /// Owning business portfolio.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_business_id: Option<String>,
    /// Partner app.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partner_app_id: Option<String>,
    /// Multi-partner solution.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub solution_id: Option<String>,
    /// Partners of the solution.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub solution_partner_business_ids: Vec<String>,
    /// Linked ad account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ad_account_linked: Option<String>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One restriction of an account update.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RestrictionInfo {
    /// E.g. `RESTRICTED_BIZ_INITIATED_MESSAGING`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restriction_type: Option<String>,
    /// Until when.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiration: Option<Timestamp>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `violation_info` of an account update.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ViolationInfo {
    /// E.g. `ADULT`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub violation_type: Option<String>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `ban_info` of an account update.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BanInfo {
    /// E.g. `DISABLE`, `REINSTATE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waba_ban_state: Option<String>,
    /// Human-readable date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waba_ban_date: Option<String>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `disconnection_info` of an account update.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DisconnectionInfo {
    /// E.g. `PRIMARY_INACTIVITY`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// E.g. `SYSTEM`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initiated_by: Option<String>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `account_alerts`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountAlerts {
    /// Entity kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity_type: Option<String>,
    /// Entity id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity_id: Option<FlexId>,
    /// The alert.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alert_info: Option<AlertInfo>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `alert_info` of [`AccountAlerts`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlertInfo {
    /// Severity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alert_severity: Option<String>,
    /// Status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alert_status: Option<String>,
    /// Type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alert_type: Option<String>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alert_description: Option<String>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `phone_number_quality_update`: throughput or messaging-limit change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PhoneNumberQualityUpdate {
    /// Business number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_phone_number: Option<String>,
    /// E.g. `THROUGHPUT_UPGRADE`, `ONBOARDING`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
    /// Messaging limit tier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_daily_conversations_per_business: Option<String>,
    /// Deprecated current tier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_limit: Option<String>,
    /// Deprecated previous tier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old_limit: Option<String>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `phone_number_name_update`: display-name review outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PhoneNumberNameUpdate {
    /// Business number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_phone_number: Option<String>,
    /// `APPROVED`, `DEFERRED`, `PENDING`, `REJECTED`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<String>,
    /// Requested name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requested_verified_name: Option<String>,
    /// Why it was rejected (`null` when approved).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rejection_reason: Option<String>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `business_username_update` (2026).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BusinessUsernameUpdate {
    /// Business number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_phone_number: Option<String>,
    /// Username.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// `approved`, `reserved`, `deleted`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

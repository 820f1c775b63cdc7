//! Business phone numbers known to the simulator.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

/// A business phone number with its WABA and access token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhoneNumber {
    /// Phone number id (PNID), the path segment of `/{PNID}/messages`.
    #[serde(alias = "id")]
    pub phone_number_id: String,
    /// WhatsApp Business Account id (`entry[].id` in webhooks).
    pub waba_id: String,
    /// Display number, e.g. `+1 555-010-0001`.
    pub display_phone_number: String,
    /// Bearer token the Graph API accepts for this number.
    pub access_token: String,
    /// Verified business name.
    #[serde(default = "default_verified_name")]
    pub verified_name: String,
    /// `GREEN`, `YELLOW`, `RED`, `NA`.
    #[serde(default = "default_quality")]
    pub quality_rating: String,
    /// `VERIFIED`, `NOT_VERIFIED`, `EXPIRED`.
    #[serde(default = "default_verified")]
    pub code_verification_status: String,
    /// Display-name review status.
    #[serde(default = "default_approved")]
    pub name_status: String,
    /// Throughput level: `STANDARD`, `HIGH`, `NOT_APPLICABLE`.
    #[serde(default = "default_throughput")]
    pub throughput_level: String,
    /// Messaging limit tier, e.g. `TIER_1K`.
    #[serde(default = "default_tier")]
    pub messaging_limit_tier: String,
    /// Callback URL overriding the global one for this number.
    #[serde(default)]
    pub webhook_url: Option<String>,
    /// App secret overriding the global one (tenants with their own app).
    #[serde(default)]
    pub app_secret: Option<String>,
}

fn default_verified_name() -> String {
    "WinMessages Test Business".into()
}
fn default_quality() -> String {
    "GREEN".into()
}
fn default_verified() -> String {
    "VERIFIED".into()
}
fn default_approved() -> String {
    "APPROVED".into()
}
fn default_throughput() -> String {
    "STANDARD".into()
}
fn default_tier() -> String {
    "TIER_1K".into()
}

impl PhoneNumber {
    /// A number with default profile values.
    pub fn new(
        phone_number_id: impl Into<String>,
        waba_id: impl Into<String>,
        display_phone_number: impl Into<String>,
        access_token: impl Into<String>,
    ) -> Self {
        Self {
            phone_number_id: phone_number_id.into(),
            waba_id: waba_id.into(),
            display_phone_number: display_phone_number.into(),
            access_token: access_token.into(),
            verified_name: default_verified_name(),
            quality_rating: default_quality(),
            code_verification_status: default_verified(),
            name_status: default_approved(),
            throughput_level: default_throughput(),
            messaging_limit_tier: default_tier(),
            webhook_url: None,
            app_secret: None,
        }
    }

    /// Display number reduced to digits, as in webhook `metadata`.
    pub fn display_digits(&self) -> String {
        self.display_phone_number
            .chars()
            .filter(char::is_ascii_digit)
            .collect()
    }

    /// Every field `GET /{PNID}` and `GET /{WABA}/phone_numbers` can return.
    pub fn all_fields(&self, webhook_url: Option<&str>) -> Map<String, Value> {
        let mut m = Map::new();
        m.insert("id".into(), json!(self.phone_number_id));
        m.insert(
            "display_phone_number".into(),
            json!(self.display_phone_number),
        );
        m.insert("verified_name".into(), json!(self.verified_name));
        m.insert("quality_rating".into(), json!(self.quality_rating));
        m.insert(
            "code_verification_status".into(),
            json!(self.code_verification_status),
        );
        m.insert("name_status".into(), json!(self.name_status));
        m.insert("platform_type".into(), json!("CLOUD_API"));
        m.insert("host_platform".into(), json!("CLOUD_API"));
        m.insert(
            "throughput".into(),
            json!({ "level": self.throughput_level }),
        );
        m.insert("status".into(), json!("CONNECTED"));
        m.insert("account_mode".into(), json!("LIVE"));
        m.insert(
            "messaging_limit_tier".into(),
            json!(self.messaging_limit_tier),
        );
        m.insert("is_official_business_account".into(), json!(false));
        if let Some(url) = webhook_url {
            m.insert(
                "webhook_configuration".into(),
                json!({ "application": url }),
            );
        }
        m
    }
}

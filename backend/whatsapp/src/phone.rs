//! Business phone number models (CLOUD_API.md §9).

use serde::{Deserialize, Serialize};

use crate::common::Extra;
use crate::response::Paging;

/// `GET /{phone-number-id}` (also the items of `GET /{waba-id}/phone_numbers`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PhoneNumberInfo {
    /// Phone number id.
    pub id: String,
    /// Formatted number, e.g. `+1 555-555-5555`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_phone_number: Option<String>,
    /// Approved display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verified_name: Option<String>,
    /// `GREEN`, `YELLOW`, `RED`, `NA`, `UNKNOWN`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quality_rating: Option<String>,
    /// `VERIFIED`, `NOT_VERIFIED`, …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code_verification_status: Option<String>,
    /// Display-name review status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_status: Option<String>,
    /// `CLOUD_API`, …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform_type: Option<String>,
    /// Throughput level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub throughput: Option<Throughput>,
    /// `CONNECTED`, `LINKED`, `PENDING`, …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// `LIVE` or `SANDBOX`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_mode: Option<String>,
    /// `CLOUD_API`, …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host_platform: Option<String>,
    /// Messaging limit tier, e.g. `TIER_1K`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub messaging_limit_tier: Option<String>,
    /// Green badge.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_official_business_account: Option<bool>,
    /// Business username.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// Unmodelled keys (country codes, certificates, webhook config, …).
    #[serde(flatten)]
    pub extra: Extra,
}

/// `throughput` of a [`PhoneNumberInfo`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Throughput {
    /// `STANDARD`, `HIGH`, `NOT_APPLICABLE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One page of `GET /{waba-id}/phone_numbers`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PhoneNumberList {
    /// Numbers on this page.
    #[serde(default)]
    pub data: Vec<PhoneNumberInfo>,
    /// Paging.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paging: Option<Paging>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Fields requested by [`crate::GraphClient::phone_number_info`] by default.
pub const DEFAULT_PHONE_FIELDS: &str = "id,display_phone_number,verified_name,quality_rating,code_verification_status,name_status,platform_type,throughput";

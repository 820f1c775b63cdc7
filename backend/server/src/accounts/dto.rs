use super::store::AccountRow;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::{Validate, ValidationError};

/// A connected phone number. The access token is never returned.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Account {
    pub id: i64,
    #[schema(example = "419561257915477")]
    pub waba_id: String,
    #[schema(example = "106540352242922")]
    pub phone_number_id: String,
    /// As Meta formats it, e.g. `+1 555-078-3881`.
    pub display_phone_number: String,
    /// The business name Meta approved for this number.
    pub verified_name: String,
    /// `GREEN`, `YELLOW`, `RED`, … as last reported by Meta.
    pub quality_rating: Option<String>,
    /// A label given by the organization.
    pub name: Option<String>,
    /// A disabled account keeps its conversations; its webhooks are kept as unrouted.
    pub disabled: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<&AccountRow> for Account {
    fn from(r: &AccountRow) -> Self {
        Self {
            id: r.id,
            waba_id: r.waba_id.clone(),
            phone_number_id: r.phone_number_id.clone(),
            display_phone_number: r.display_phone_number.clone(),
            verified_name: r.verified_name.clone(),
            quality_rating: r.quality_rating.clone(),
            name: r.name.clone(),
            disabled: r.disabled_at.is_some(),
            created_at: r.created_at.and_utc(),
            updated_at: r.updated_at.and_utc(),
        }
    }
}

crate::page_type!(
    /// A page of accounts, oldest first.
    AccountPage,
    Account
);

fn graph_id(value: &str) -> Result<(), ValidationError> {
    if !value.is_empty() && value.len() <= 32 && value.chars().all(|c| c.is_ascii_digit()) {
        Ok(())
    } else {
        Err(ValidationError::new("graph_id")
            .with_message("must be a Meta id: 1 to 32 digits".into()))
    }
}

/// Credentials of a phone number to connect; checked against the Graph API.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateAccount {
    #[validate(custom(function = "graph_id"))]
    #[schema(example = "419561257915477")]
    pub waba_id: String,
    #[validate(custom(function = "graph_id"))]
    #[schema(example = "106540352242922")]
    pub phone_number_id: String,
    /// A system-user access token with `whatsapp_business_messaging` and
    /// `whatsapp_business_management`. Stored encrypted; never returned.
    #[validate(length(min = 1, max = 1024))]
    #[schema(write_only)]
    pub access_token: String,
    #[validate(length(min = 1, max = 120))]
    pub name: Option<String>,
}

/// Changes to an account; absent fields are left as they are.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateAccount {
    /// A label; `null` clears it.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub name: Option<Option<String>>,
    /// A new access token (rotation); checked against the Graph API first.
    #[validate(length(min = 1, max = 1024))]
    #[schema(write_only)]
    pub access_token: Option<String>,
    /// True stops routing this number's webhooks to the organization.
    pub disabled: Option<bool>,
}

/// Tells an explicit `null` (Some(None)) from an absent field (None).
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

use super::store::ApiKeyRow;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

/// `agent` keys act like an agent (inbox work); `admin` keys like an organization admin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ApiKeyScope {
    Agent,
    Admin,
}

impl ApiKeyScope {
    pub fn as_str(self) -> &'static str {
        match self {
            ApiKeyScope::Agent => "agent",
            ApiKeyScope::Admin => "admin",
        }
    }
}

/// An API key as listed (never the key itself).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ApiKey {
    pub id: i64,
    pub name: String,
    /// The first characters of the key, to recognise it.
    #[schema(example = "wm_Xk3p")]
    pub prefix: String,
    pub scope: ApiKeyScope,
    pub created_by: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl From<&ApiKeyRow> for ApiKey {
    fn from(r: &ApiKeyRow) -> Self {
        Self {
            id: r.id,
            name: r.name.clone(),
            prefix: r.prefix.clone(),
            scope: if r.scope == "admin" {
                ApiKeyScope::Admin
            } else {
                ApiKeyScope::Agent
            },
            created_by: r.created_by,
            created_at: r.created_at.and_utc(),
            last_used_at: r.last_used_at.map(|t| t.and_utc()),
            revoked_at: r.revoked_at.map(|t| t.and_utc()),
        }
    }
}

crate::page_type!(
    /// A page of API keys, oldest first.
    ApiKeyPage,
    ApiKey
);

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateApiKey {
    #[validate(length(min = 1, max = 120))]
    #[schema(example = "CRM sync", min_length = 1, max_length = 120)]
    pub name: String,
    #[serde(default = "default_scope")]
    #[schema(default = "agent")]
    pub scope: ApiKeyScope,
}

fn default_scope() -> ApiKeyScope {
    ApiKeyScope::Agent
}

/// The new key. `key` is shown only in this response.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CreatedApiKey {
    #[serde(flatten)]
    pub api_key: ApiKey,
    /// Send as `Authorization: Bearer <key>`. Store it now: it cannot be shown again.
    pub key: String,
}

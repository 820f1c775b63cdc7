use super::Role;
use crate::users::User;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// How the refresh token is handed out: `cookie` (browsers: httpOnly, SameSite=Strict,
/// scoped to `/api/v1/auth`) or `body` (other clients).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TokenDelivery {
    #[default]
    Cookie,
    Body,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    #[schema(example = "admin@example.com")]
    pub email: String,
    #[schema(example = "a long passphrase")]
    pub password: String,
    #[serde(default)]
    pub token_delivery: TokenDelivery,
}

/// Refresh or logout with the token in the body (non-browser clients); browsers send the
/// cookie instead and may omit the body.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    pub refresh_token: Option<String>,
    #[serde(default)]
    pub token_delivery: TokenDelivery,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TokenResponse {
    /// JWT for `Authorization: Bearer …`, valid for `expires_in` seconds.
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    pub expires_in: i64,
    /// Only when `token_delivery` was `body`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    pub user: User,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct OrganizationRef {
    pub id: i64,
    pub name: String,
}

/// The caller: a user signed in with a token, or an API key.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Me {
    /// `user` or `api_key`.
    pub kind: String,
    pub role: Role,
    pub organization: Option<OrganizationRef>,
    /// The user, when `kind` is `user`.
    pub user: Option<User>,
    /// The key's id and name, when `kind` is `api_key`.
    pub api_key: Option<MeApiKey>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct MeApiKey {
    pub id: i64,
    pub name: String,
}

//! Connected WhatsApp Business phone numbers ("accounts"): credentials checked against the
//! Graph API, access tokens encrypted at rest and never shown again.

pub mod dto;
pub mod routes;
pub mod store;

use crate::app::AppState;
use whatsapp_cloud::AccessToken;

/// An account's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct AccountId(pub i64);

impl std::fmt::Display for AccountId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// Opens an account's stored access token for a Graph API call.
pub fn access_token(state: &AppState, row: &store::AccountRow) -> Result<AccessToken, String> {
    state
        .secrets
        .open(&row.access_token_ciphertext, &row.phone_number_id)
        .map(AccessToken::new)
        .map_err(|e| format!("access token of account {}: {e}", row.id))
}

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        routes::list_accounts,
        routes::create_account,
        routes::get_account,
        routes::update_account,
        routes::delete_account,
    ),
    tags((name = "accounts", description = "Connected WhatsApp Business phone numbers"))
)]
pub struct Api;

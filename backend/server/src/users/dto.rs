use super::store::UserRow;
use crate::auth::{MemberRole, Role};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

/// A user account as the API shows it (never its password hash).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct User {
    pub id: i64,
    pub organization_id: Option<i64>,
    pub email: String,
    pub name: String,
    pub role: Role,
    /// False when an administrator disabled the account.
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<&UserRow> for User {
    fn from(r: &UserRow) -> Self {
        Self {
            id: r.id,
            organization_id: r.organization_id,
            email: r.email.clone(),
            name: r.name.clone(),
            role: r.role(),
            active: r.is_active(),
            created_at: r.created_at.and_utc(),
            updated_at: r.updated_at.and_utc(),
        }
    }
}

crate::page_type!(
    /// A page of users, oldest first.
    UserPage,
    User
);

/// A new member of the caller's organization.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateUser {
    #[validate(email(message = "must be a valid email address"), length(max = 254))]
    #[schema(example = "agent@example.com", format = Email, max_length = 254)]
    pub email: String,
    #[validate(length(min = 1, max = 120))]
    #[schema(min_length = 1, max_length = 120)]
    pub name: String,
    /// At least 12 characters, at least 4 different ones; passwords containing the email's
    /// name or a very common password are refused (422).
    #[schema(min_length = 12, max_length = 256)]
    pub password: String,
    pub role: MemberRole,
}

/// Changes to a member; absent fields are left as they are.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateUser {
    #[validate(length(min = 1, max = 120))]
    #[schema(min_length = 1, max_length = 120)]
    pub name: Option<String>,
    pub role: Option<MemberRole>,
    /// False disables the account: its sessions end at their next refresh (at most 15 min).
    pub active: Option<bool>,
    #[schema(min_length = 12, max_length = 256)]
    pub password: Option<String>,
}

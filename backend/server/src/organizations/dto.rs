use crate::users::User;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Organization {
    pub id: i64,
    pub name: String,
    pub member_count: i64,
    pub created_at: DateTime<Utc>,
}

crate::page_type!(
    /// A page of organizations, oldest first.
    OrganizationPage,
    Organization
);

/// A new organization with its first administrator.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateOrganization {
    #[validate(length(min = 1, max = 120))]
    #[schema(example = "Acme Bakery", min_length = 1, max_length = 120)]
    pub name: String,
    #[validate(nested)]
    pub admin: FirstAdmin,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FirstAdmin {
    #[validate(email(message = "must be a valid email address"), length(max = 254))]
    #[schema(format = Email, max_length = 254)]
    pub email: String,
    #[validate(length(min = 1, max = 120))]
    #[schema(min_length = 1, max_length = 120)]
    pub name: String,
    #[schema(min_length = 12, max_length = 256)]
    pub password: String,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CreatedOrganization {
    pub organization: Organization,
    pub admin: User,
}

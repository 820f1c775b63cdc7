use super::store::AccessGrantRow;
use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

/// `grant`: given by the organization's admin; `break_glass`: opened by platform staff.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AccessGrantKind {
    Grant,
    BreakGlass,
}

impl AccessGrantKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AccessGrantKind::Grant => "grant",
            AccessGrantKind::BreakGlass => "break_glass",
        }
    }
}

/// Read access of platform staff to one organization, for a limited time.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AccessGrant {
    pub id: i64,
    pub organization_id: i64,
    pub kind: AccessGrantKind,
    pub reason: String,
    /// The user who granted it (an organization admin) or opened it (platform staff).
    pub created_by: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub revoked_by: Option<i64>,
    /// Neither expired nor revoked.
    pub active: bool,
}

impl AccessGrant {
    pub fn from_row(r: AccessGrantRow, now: NaiveDateTime) -> Self {
        Self {
            id: r.id,
            organization_id: r.organization_id,
            kind: if r.kind == "break_glass" {
                AccessGrantKind::BreakGlass
            } else {
                AccessGrantKind::Grant
            },
            active: r.revoked_at.is_none() && r.expires_at > now,
            reason: r.reason,
            created_by: r.created_by,
            created_at: r.created_at.and_utc(),
            expires_at: r.expires_at.and_utc(),
            revoked_at: r.revoked_at.map(|t| t.and_utc()),
            revoked_by: r.revoked_by,
        }
    }
}

crate::page_type!(
    /// A page of access grants, newest first.
    AccessGrantPage,
    AccessGrant
);

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewAccessGrant {
    /// How long staff may read, in hours.
    #[validate(range(min = 1, max = 72))]
    #[schema(minimum = 1, maximum = 72, example = 4)]
    pub hours: i64,
    /// Why, e.g. the support ticket.
    #[validate(length(min = 1, max = 500))]
    #[schema(
        min_length = 1,
        max_length = 500,
        example = "Support ticket #4711: messages not arriving"
    )]
    pub reason: String,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BreakGlassRequest {
    /// Why access cannot wait for the organization's grant; shown in its audit log.
    #[validate(length(min = 1, max = 500))]
    #[schema(
        min_length = 1,
        max_length = 500,
        example = "Incident 2026-11-26: webhook backlog"
    )]
    pub reason: String,
}

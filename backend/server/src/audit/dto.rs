use super::store::AuditRow;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One audit log entry.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AuditEntry {
    pub id: i64,
    pub organization_id: Option<i64>,
    pub actor_user_id: Option<i64>,
    pub actor_api_key_id: Option<i64>,
    /// e.g. `login.succeeded`, `login.failed`, `logout`, `refresh_token.reused`,
    /// `user.created`, `user.updated`, `user.deleted`, `api_key.created`, `api_key.revoked`,
    /// `organization.created`.
    pub action: String,
    pub target_type: Option<String>,
    pub target_id: Option<String>,
    pub details: Option<serde_json::Value>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub created_at: DateTime<Utc>,
}

crate::page_type!(
    /// A page of audit entries, newest first.
    AuditPage,
    AuditEntry
);

impl From<AuditRow> for AuditEntry {
    fn from(r: AuditRow) -> Self {
        Self {
            id: r.id,
            organization_id: r.organization_id,
            actor_user_id: r.actor_user_id,
            actor_api_key_id: r.actor_api_key_id,
            action: r.action,
            target_type: r.target_type,
            target_id: r.target_id,
            details: r.details.and_then(|d| serde_json::from_str(&d).ok()),
            ip: r.ip,
            user_agent: r.user_agent,
            created_at: r.created_at.and_utc(),
        }
    }
}

use crate::db::Conn;
use crate::db::schema::audit_log;
use crate::http::client::ClientInfo;
use crate::ids::{ApiKeyId, OrgId, UserId};
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// Who did it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Actor {
    pub user: Option<UserId>,
    pub api_key: Option<ApiKeyId>,
}

/// One audit event, before it is stored.
#[derive(Debug, Clone)]
pub struct Event<'a> {
    pub organization: Option<OrgId>,
    pub actor: Actor,
    /// Dotted verb, e.g. `login.failed`, `user.updated`.
    pub action: &'a str,
    pub target: Option<(&'a str, String)>,
    /// JSON details (never secrets).
    pub details: Option<serde_json::Value>,
    pub client: &'a ClientInfo,
}

#[derive(Insertable)]
#[diesel(table_name = audit_log)]
struct NewRow<'a> {
    organization_id: Option<i64>,
    actor_user_id: Option<i64>,
    actor_api_key_id: Option<i64>,
    action: &'a str,
    target_type: Option<&'a str>,
    target_id: Option<&'a str>,
    details: Option<String>,
    ip: Option<&'a str>,
    user_agent: Option<&'a str>,
    created_at: NaiveDateTime,
}

pub fn record(conn: &mut Conn, event: Event<'_>, now: NaiveDateTime) -> QueryResult<()> {
    let target_type = event.target.as_ref().map(|(t, _)| *t);
    let target_id = event.target.as_ref().map(|(_, id)| id.as_str());
    diesel::insert_into(audit_log::table)
        .values(NewRow {
            organization_id: event.organization.map(|o| o.0),
            actor_user_id: event.actor.user.map(|u| u.0),
            actor_api_key_id: event.actor.api_key.map(|k| k.0),
            action: event.action,
            target_type,
            target_id,
            details: event.details.map(|d| d.to_string()),
            ip: event.client.ip.as_deref(),
            user_agent: event.client.user_agent.as_deref(),
            created_at: now,
        })
        .execute(conn)?;
    Ok(())
}

#[derive(Queryable, Selectable, Debug)]
#[diesel(table_name = audit_log)]
pub struct AuditRow {
    pub id: i64,
    pub organization_id: Option<i64>,
    pub actor_user_id: Option<i64>,
    pub actor_api_key_id: Option<i64>,
    pub action: String,
    pub target_type: Option<String>,
    pub target_id: Option<String>,
    pub details: Option<String>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub created_at: NaiveDateTime,
}

/// Newest first. `organization: None` means every organization (platform admins only).
pub fn list(
    conn: &mut Conn,
    organization: Option<OrgId>,
    action: Option<&str>,
    before_id: Option<i64>,
    limit: i64,
) -> QueryResult<Vec<AuditRow>> {
    let mut q = audit_log::table
        .select(AuditRow::as_select())
        .order(audit_log::id.desc())
        .limit(limit)
        .into_boxed();
    if let Some(org) = organization {
        q = q.filter(audit_log::organization_id.eq(org.0));
    }
    if let Some(action) = action {
        q = q.filter(audit_log::action.eq(action.to_owned()));
    }
    if let Some(id) = before_id {
        q = q.filter(audit_log::id.lt(id));
    }
    q.load(conn)
}

use crate::auth::Role;
use crate::db::Conn;
use crate::db::schema::api_keys;
use crate::ids::{ApiKeyId, OrgId};
use chrono::NaiveDateTime;
use diesel::prelude::*;

#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = api_keys)]
pub struct ApiKeyRow {
    pub id: i64,
    pub organization_id: i64,
    pub name: String,
    pub prefix: String,
    pub scope: String,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
    pub last_used_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
}

/// What an accepted key grants.
#[derive(Debug, Clone, Copy)]
pub struct KeyGrant {
    pub id: ApiKeyId,
    pub org: OrgId,
    pub role: Role,
}

pub fn scope_role(scope: &str) -> Role {
    if scope == "admin" {
        Role::OrgAdmin
    } else {
        Role::Agent
    }
}

/// Looks up an active key by its hash and records its use (at most once a minute, to keep
/// authenticated reads from turning into writes).
pub fn authenticate(
    conn: &mut Conn,
    key_hash: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<KeyGrant>> {
    let row: Option<ApiKeyRow> = api_keys::table
        .filter(api_keys::key_hash.eq(key_hash))
        .filter(api_keys::revoked_at.is_null())
        .select(ApiKeyRow::as_select())
        .first(conn)
        .optional()?;
    let Some(row) = row else { return Ok(None) };
    let stale = row
        .last_used_at
        .is_none_or(|t| now - t > chrono::Duration::seconds(60));
    if stale {
        diesel::update(api_keys::table.find(row.id))
            .set(api_keys::last_used_at.eq(now))
            .execute(conn)?;
    }
    Ok(Some(KeyGrant {
        id: ApiKeyId(row.id),
        org: OrgId(row.organization_id),
        role: scope_role(&row.scope),
    }))
}

#[derive(Insertable)]
#[diesel(table_name = api_keys)]
pub struct NewApiKey<'a> {
    pub organization_id: i64,
    pub name: &'a str,
    pub prefix: &'a str,
    pub key_hash: &'a str,
    pub scope: &'a str,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
}

pub fn insert(conn: &mut Conn, new: &NewApiKey<'_>) -> QueryResult<ApiKeyId> {
    diesel::insert_into(api_keys::table)
        .values(new)
        .returning(api_keys::id)
        .get_result(conn)
        .map(ApiKeyId)
}

pub fn get(conn: &mut Conn, org: OrgId, id: ApiKeyId) -> QueryResult<ApiKeyRow> {
    api_keys::table
        .filter(api_keys::organization_id.eq(org.0))
        .filter(api_keys::id.eq(id.0))
        .select(ApiKeyRow::as_select())
        .first(conn)
}

pub fn list(
    conn: &mut Conn,
    org: OrgId,
    after: Option<i64>,
    limit: i64,
) -> QueryResult<Vec<ApiKeyRow>> {
    let mut q = api_keys::table
        .filter(api_keys::organization_id.eq(org.0))
        .select(ApiKeyRow::as_select())
        .order(api_keys::id.asc())
        .limit(limit)
        .into_boxed();
    if let Some(after) = after {
        q = q.filter(api_keys::id.gt(after));
    }
    q.load(conn)
}

/// Revokes a key of the organization; false when it does not exist or was already revoked.
pub fn revoke(conn: &mut Conn, org: OrgId, id: ApiKeyId, now: NaiveDateTime) -> QueryResult<bool> {
    diesel::update(
        api_keys::table
            .filter(api_keys::organization_id.eq(org.0))
            .filter(api_keys::id.eq(id.0))
            .filter(api_keys::revoked_at.is_null()),
    )
    .set(api_keys::revoked_at.eq(now))
    .execute(conn)
    .map(|n| n == 1)
}

pub fn name_of(conn: &mut Conn, id: ApiKeyId) -> QueryResult<Option<String>> {
    api_keys::table
        .find(id.0)
        .select(api_keys::name)
        .first(conn)
        .optional()
}

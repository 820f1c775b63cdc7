//! User queries. Organization-scoped functions take the organization as a parameter, so a
//! query that forgets tenancy does not compile.

use crate::auth::Role;
use crate::db::Conn;
use crate::db::schema::users;
use crate::ids::{OrgId, UserId};
use chrono::NaiveDateTime;
use diesel::prelude::*;

#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = users)]
pub struct UserRow {
    pub id: i64,
    pub organization_id: Option<i64>,
    pub email: String,
    pub name: String,
    pub password_hash: String,
    pub role: String,
    pub disabled_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl UserRow {
    pub fn role(&self) -> Role {
        // The column has a CHECK constraint; fall back to the least privilege regardless.
        Role::parse(&self.role).unwrap_or(Role::Agent)
    }

    pub fn org(&self) -> Option<OrgId> {
        self.organization_id.map(OrgId)
    }

    pub fn is_active(&self) -> bool {
        self.disabled_at.is_none()
    }
}

#[derive(Insertable)]
#[diesel(table_name = users)]
pub struct NewUser<'a> {
    pub organization_id: Option<i64>,
    pub email: &'a str,
    pub name: &'a str,
    pub password_hash: &'a str,
    pub role: &'a str,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Emails are compared in this form: trimmed and lower-cased.
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

pub fn insert(conn: &mut Conn, new: &NewUser<'_>) -> QueryResult<UserId> {
    diesel::insert_into(users::table)
        .values(new)
        .returning(users::id)
        .get_result(conn)
        .map(UserId)
}

/// Login lookup across organizations (emails are globally unique).
pub fn find_by_email(conn: &mut Conn, email: &str) -> QueryResult<Option<UserRow>> {
    users::table
        .filter(users::email.eq(email))
        .select(UserRow::as_select())
        .first(conn)
        .optional()
}

/// Any user by id, for the session machinery (refresh, /me) only.
pub fn find_by_id(conn: &mut Conn, id: UserId) -> QueryResult<Option<UserRow>> {
    users::table
        .find(id.0)
        .select(UserRow::as_select())
        .first(conn)
        .optional()
}

pub fn get(conn: &mut Conn, org: OrgId, id: UserId) -> QueryResult<UserRow> {
    users::table
        .filter(users::organization_id.eq(org.0))
        .filter(users::id.eq(id.0))
        .select(UserRow::as_select())
        .first(conn)
}

pub fn list(
    conn: &mut Conn,
    org: OrgId,
    after: Option<i64>,
    limit: i64,
) -> QueryResult<Vec<UserRow>> {
    let mut q = users::table
        .filter(users::organization_id.eq(org.0))
        .select(UserRow::as_select())
        .order(users::id.asc())
        .limit(limit)
        .into_boxed();
    if let Some(after) = after {
        q = q.filter(users::id.gt(after));
    }
    q.load(conn)
}

pub fn count_active_admins(conn: &mut Conn, org: OrgId) -> QueryResult<i64> {
    users::table
        .filter(users::organization_id.eq(org.0))
        .filter(users::role.eq(Role::OrgAdmin.as_str()))
        .filter(users::disabled_at.is_null())
        .count()
        .get_result(conn)
}

pub fn count_all(conn: &mut Conn) -> QueryResult<i64> {
    users::table.count().get_result(conn)
}

#[derive(AsChangeset, Default)]
#[diesel(table_name = users)]
pub struct UserChanges {
    pub name: Option<String>,
    pub role: Option<String>,
    pub password_hash: Option<String>,
    /// `Some(None)` re-enables, `Some(Some(t))` disables.
    pub disabled_at: Option<Option<NaiveDateTime>>,
    pub updated_at: Option<NaiveDateTime>,
}

pub fn update(
    conn: &mut Conn,
    org: OrgId,
    id: UserId,
    changes: &UserChanges,
) -> QueryResult<usize> {
    diesel::update(
        users::table
            .filter(users::organization_id.eq(org.0))
            .filter(users::id.eq(id.0)),
    )
    .set(changes)
    .execute(conn)
}

pub fn delete(conn: &mut Conn, org: OrgId, id: UserId) -> QueryResult<usize> {
    diesel::delete(
        users::table
            .filter(users::organization_id.eq(org.0))
            .filter(users::id.eq(id.0)),
    )
    .execute(conn)
}

pub fn count_in_org(conn: &mut Conn, org: OrgId) -> QueryResult<i64> {
    users::table
        .filter(users::organization_id.eq(org.0))
        .count()
        .get_result(conn)
}

pub fn is_unique_violation(e: &diesel::result::Error) -> bool {
    matches!(
        e,
        diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)
    )
}

use crate::db::Conn;
use crate::db::schema::access_grants;
use crate::ids::{OrgId, UserId};
use chrono::NaiveDateTime;
use diesel::prelude::*;

#[derive(Insertable, Debug)]
#[diesel(table_name = access_grants)]
pub struct NewGrant<'a> {
    pub organization_id: i64,
    pub kind: &'a str,
    pub reason: &'a str,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
}

#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = access_grants)]
pub struct AccessGrantRow {
    pub id: i64,
    pub organization_id: i64,
    pub kind: String,
    pub reason: String,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub revoked_at: Option<NaiveDateTime>,
    pub revoked_by: Option<i64>,
}

pub fn insert(conn: &mut Conn, grant: &NewGrant<'_>) -> QueryResult<AccessGrantRow> {
    diesel::insert_into(access_grants::table)
        .values(grant)
        .returning(access_grants::all_columns)
        .get_result(conn)
}

/// The organization's grants, newest first, strictly before `before_id`.
pub fn list(
    conn: &mut Conn,
    org: OrgId,
    before_id: Option<i64>,
    limit: i64,
) -> QueryResult<Vec<AccessGrantRow>> {
    let mut q = access_grants::table
        .filter(access_grants::organization_id.eq(org.0))
        .select(AccessGrantRow::as_select())
        .order(access_grants::id.desc())
        .limit(limit)
        .into_boxed();
    if let Some(id) = before_id {
        q = q.filter(access_grants::id.lt(id));
    }
    q.load(conn)
}

/// Revokes the organization's grant `id`; false when it has no such grant. Revoking twice
/// keeps the first revocation.
pub fn revoke(
    conn: &mut Conn,
    org: OrgId,
    id: i64,
    by: Option<UserId>,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let exists = access_grants::table
        .filter(access_grants::organization_id.eq(org.0))
        .filter(access_grants::id.eq(id))
        .count()
        .get_result::<i64>(conn)?
        > 0;
    if exists {
        diesel::update(
            access_grants::table
                .filter(access_grants::organization_id.eq(org.0))
                .filter(access_grants::id.eq(id))
                .filter(access_grants::revoked_at.is_null()),
        )
        .set((
            access_grants::revoked_at.eq(now),
            access_grants::revoked_by.eq(by.map(|u| u.0)),
        ))
        .execute(conn)?;
    }
    Ok(exists)
}

/// The organization's grant active at `now` that lasts longest, if any.
pub fn active(
    conn: &mut Conn,
    org: OrgId,
    now: NaiveDateTime,
) -> QueryResult<Option<AccessGrantRow>> {
    access_grants::table
        .filter(access_grants::organization_id.eq(org.0))
        .filter(access_grants::revoked_at.is_null())
        .filter(access_grants::expires_at.gt(now))
        .select(AccessGrantRow::as_select())
        .order(access_grants::expires_at.desc())
        .first(conn)
        .optional()
}

use crate::db::Conn;
use crate::db::schema::{organizations, users};
use crate::ids::OrgId;
use chrono::NaiveDateTime;
use diesel::prelude::*;

#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = organizations)]
pub struct OrganizationRow {
    pub id: i64,
    pub name: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

pub fn insert(conn: &mut Conn, name: &str, now: NaiveDateTime) -> QueryResult<OrgId> {
    diesel::insert_into(organizations::table)
        .values((
            organizations::name.eq(name),
            organizations::created_at.eq(now),
            organizations::updated_at.eq(now),
        ))
        .returning(organizations::id)
        .get_result(conn)
        .map(OrgId)
}

pub fn find(conn: &mut Conn, id: OrgId) -> QueryResult<Option<OrganizationRow>> {
    organizations::table
        .find(id.0)
        .select(OrganizationRow::as_select())
        .first(conn)
        .optional()
}

/// Every organization with its member count (platform administration only).
pub fn list(
    conn: &mut Conn,
    after: Option<i64>,
    limit: i64,
) -> QueryResult<Vec<(OrganizationRow, i64)>> {
    let mut q = organizations::table
        .select(OrganizationRow::as_select())
        .order(organizations::id.asc())
        .limit(limit)
        .into_boxed();
    if let Some(after) = after {
        q = q.filter(organizations::id.gt(after));
    }
    let rows = q.load(conn)?;
    rows.into_iter()
        .map(|o| {
            let members = users::table
                .filter(users::organization_id.eq(o.id))
                .count()
                .get_result(conn)?;
            Ok((o, members))
        })
        .collect()
}

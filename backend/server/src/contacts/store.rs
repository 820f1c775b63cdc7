//! Contact queries, scoped to one organization by their signature.

use super::ContactId;
use crate::db::Conn;
use crate::db::schema::contacts;
use crate::ids::OrgId;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{Nullable, Text};

diesel::define_sql_function! {
    /// SQL `LOWER`. Both sides of a comparison go through it, so the comparison is
    /// consistent whatever the database folds (SQLite: ASCII only).
    fn lower(x: Nullable<Text>) -> Nullable<Text>;
}

#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = contacts)]
pub struct ContactRow {
    pub id: i64,
    pub organization_id: i64,
    pub wa_id: Option<String>,
    pub user_id: Option<String>,
    pub parent_user_id: Option<String>,
    pub username: Option<String>,
    pub profile_name: Option<String>,
    pub name: Option<String>,
    pub phone_number: Option<String>,
    pub notes: Option<String>,
    pub attributes: Option<String>,
    pub restricted_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// The identifying columns only, as embedded in conversations (no notes or attributes).
#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = contacts)]
pub struct ContactSummaryRow {
    pub id: i64,
    pub wa_id: Option<String>,
    pub user_id: Option<String>,
    pub username: Option<String>,
    pub profile_name: Option<String>,
    pub name: Option<String>,
    pub phone_number: Option<String>,
}

pub fn get(conn: &mut Conn, org: OrgId, id: ContactId) -> QueryResult<ContactRow> {
    contacts::table
        .filter(contacts::organization_id.eq(org.0))
        .filter(contacts::id.eq(id.0))
        .select(ContactRow::as_select())
        .first(conn)
}

/// `LIKE` pattern matching `needle` anywhere, with `\` escaping the wildcards it contains.
pub(crate) fn substring_pattern(needle: &str) -> String {
    let mut pattern = String::with_capacity(needle.len() + 2);
    pattern.push('%');
    for ch in needle.chars() {
        if matches!(ch, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(ch);
    }
    pattern.push('%');
    pattern
}

/// Newest first. `search` matches a case-insensitive substring of the name, profile name,
/// WhatsApp id or phone number (portable `LOWER(col) LIKE LOWER(?)` on both backends).
pub fn list(
    conn: &mut Conn,
    org: OrgId,
    search: Option<&str>,
    hide_restricted: bool,
    before_id: Option<i64>,
    limit: i64,
) -> QueryResult<Vec<ContactRow>> {
    let mut q = contacts::table
        .filter(contacts::organization_id.eq(org.0))
        .select(ContactRow::as_select())
        .order(contacts::id.desc())
        .limit(limit)
        .into_boxed();
    if hide_restricted {
        q = q.filter(contacts::restricted_at.is_null());
    }
    if let Some(id) = before_id {
        q = q.filter(contacts::id.lt(id));
    }
    if let Some(needle) = search {
        let pattern = || lower(substring_pattern(needle));
        q = q.filter(
            lower(contacts::name)
                .like(pattern())
                .escape('\\')
                .or(lower(contacts::profile_name).like(pattern()).escape('\\'))
                .or(lower(contacts::wa_id).like(pattern()).escape('\\'))
                .or(lower(contacts::phone_number).like(pattern()).escape('\\')),
        );
    }
    q.load(conn)
}

/// Changes made through the API; `Some(None)` clears a field.
#[derive(AsChangeset, Debug, Default)]
#[diesel(table_name = contacts)]
pub struct ContactChanges {
    pub name: Option<Option<String>>,
    pub notes: Option<Option<String>>,
    pub attributes: Option<Option<String>>,
    pub updated_at: Option<NaiveDateTime>,
}

pub fn update(
    conn: &mut Conn,
    org: OrgId,
    id: ContactId,
    changes: &ContactChanges,
) -> QueryResult<usize> {
    diesel::update(
        contacts::table
            .filter(contacts::organization_id.eq(org.0))
            .filter(contacts::id.eq(id.0)),
    )
    .set(changes)
    .execute(conn)
}

/// Restricts (`Some(time)`) or lifts the restriction of (`None`) a contact.
pub fn set_restricted(
    conn: &mut Conn,
    org: OrgId,
    id: ContactId,
    at: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        contacts::table
            .filter(contacts::organization_id.eq(org.0))
            .filter(contacts::id.eq(id.0)),
    )
    .set((contacts::restricted_at.eq(at), contacts::updated_at.eq(now)))
    .execute(conn)
}

#[cfg(test)]
mod tests {
    use super::substring_pattern;

    #[test]
    fn wildcards_in_the_search_are_literal() {
        assert_eq!(substring_pattern("Ana"), "%Ana%");
        assert_eq!(substring_pattern("50%_off\\"), "%50\\%\\_off\\\\%");
    }
}

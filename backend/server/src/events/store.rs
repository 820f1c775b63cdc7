//! Queries of the `inbox_events` table (its rows are written by triggers; see the
//! `inbox_events` migration) and the credential re-check of open streams.

use crate::auth::Principal;
use crate::db::Conn;
use crate::db::schema::{api_keys, inbox_events, users};
use crate::ids::OrgId;
use chrono::NaiveDateTime;
use diesel::prelude::*;

#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = inbox_events)]
pub struct EventRow {
    pub id: i64,
    pub organization_id: i64,
    pub kind: String,
    pub conversation_id: i64,
    pub message_id: Option<i64>,
    #[diesel(deserialize_as = crate::db::Ts)]
    pub created_at: NaiveDateTime,
}

/// Rows after `after`, in id order.
pub fn after(conn: &mut Conn, after: i64, limit: i64) -> QueryResult<Vec<EventRow>> {
    inbox_events::table
        .filter(inbox_events::id.gt(after))
        .order(inbox_events::id.asc())
        .limit(limit)
        .select(EventRow::as_select())
        .load(conn)
}

/// The rows among `ids` that exist now.
pub fn by_ids(conn: &mut Conn, ids: &[i64]) -> QueryResult<Vec<EventRow>> {
    inbox_events::table
        .filter(crate::db::id_in(inbox_events::id, ids))
        .order(inbox_events::id.asc())
        .select(EventRow::as_select())
        .load(conn)
}

/// One organization's rows in `(after, up_to]`, in id order.
pub fn of_organization(
    conn: &mut Conn,
    org: OrgId,
    after: i64,
    up_to: i64,
    limit: i64,
) -> QueryResult<Vec<EventRow>> {
    inbox_events::table
        .filter(inbox_events::organization_id.eq(org.0))
        .filter(inbox_events::id.gt(after))
        .filter(inbox_events::id.le(up_to))
        .order(inbox_events::id.asc())
        .limit(limit)
        .select(EventRow::as_select())
        .load(conn)
}

/// The highest id ever written that is still stored (0 when none).
pub fn last_id(conn: &mut Conn) -> QueryResult<i64> {
    inbox_events::table
        .select(diesel::dsl::max(inbox_events::id))
        .first::<Option<i64>>(conn)
        .map(|id| id.unwrap_or(0))
}

/// The oldest id still stored.
pub fn first_id(conn: &mut Conn) -> QueryResult<Option<i64>> {
    inbox_events::table
        .select(diesel::dsl::min(inbox_events::id))
        .first(conn)
}

/// Deletes the rows written before `cutoff` (database time, UTC: the triggers stamp rows with
/// the database's clock), except the newest row: ids continue from it (SQLite would otherwise
/// hand out purged ids again).
pub fn purge_before(conn: &mut Conn, cutoff: NaiveDateTime) -> QueryResult<usize> {
    let newest = last_id(conn)?;
    diesel::delete(
        inbox_events::table
            .filter(inbox_events::created_at.lt(cutoff))
            .filter(inbox_events::id.lt(newest)),
    )
    .execute(conn)
}

/// Deletes an organization's events (its history was generated, not lived), except the
/// newest row of the table (see [`purge_before`]).
pub fn forget_organization(conn: &mut Conn, org: OrgId) -> QueryResult<usize> {
    let newest = last_id(conn)?;
    diesel::delete(
        inbox_events::table
            .filter(inbox_events::organization_id.eq(org.0))
            .filter(inbox_events::id.lt(newest)),
    )
    .execute(conn)
}

/// The database's current time (UTC), the clock of the rows' `created_at`.
pub fn database_now(conn: &mut Conn) -> QueryResult<NaiveDateTime> {
    use diesel::sql_types::Timestamp;
    #[derive(QueryableByName)]
    struct Now {
        #[diesel(sql_type = Timestamp)]
        now: NaiveDateTime,
    }
    let sql = match conn.backend() {
        crate::db::Backend::Sqlite => "SELECT strftime('%Y-%m-%d %H:%M:%f', 'now') AS now",
        crate::db::Backend::Postgres => "SELECT (clock_timestamp() AT TIME ZONE 'UTC') AS now",
    };
    diesel::sql_query(sql)
        .get_result::<Now>(conn)
        .map(|n| n.now)
}

/// Whether the credential a stream was opened with still works in `org`: the API key is not
/// revoked, the user is not disabled and still belongs to the organization — or, for
/// platform staff, the organization's access grant is still active.
pub fn still_allowed(
    conn: &mut Conn,
    org: OrgId,
    principal: Principal,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    match principal {
        Principal::ApiKey(key) => api_keys::table
            .filter(api_keys::id.eq(key.0))
            .filter(api_keys::organization_id.eq(org.0))
            .filter(api_keys::revoked_at.is_null())
            .count()
            .get_result::<i64>(conn)
            .map(|n| n > 0),
        Principal::User(user) => {
            let member = users::table
                .filter(users::id.eq(user.0))
                .filter(users::organization_id.eq(org.0))
                .filter(users::disabled_at.is_null())
                .count()
                .get_result::<i64>(conn)?
                > 0;
            // Platform staff read an organization only while it grants them access.
            Ok(member
                || (is_platform_admin(conn, user)?
                    && crate::access_grants::store::active(conn, org, now)?.is_some()))
        }
    }
}

/// An enabled platform administrator.
fn is_platform_admin(conn: &mut Conn, user: crate::ids::UserId) -> QueryResult<bool> {
    users::table
        .filter(users::id.eq(user.0))
        .filter(users::role.eq(crate::auth::Role::PlatformAdmin.as_str()))
        .filter(users::organization_id.is_null())
        .filter(users::disabled_at.is_null())
        .count()
        .get_result::<i64>(conn)
        .map(|n| n > 0)
}

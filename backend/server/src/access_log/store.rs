use super::filter::{Filter, StatusFilter};
use crate::db::Conn;
use crate::db::schema::access_logs;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{Integer, Text};

#[derive(Insertable, Debug, Clone)]
#[diesel(table_name = access_logs)]
pub struct NewAccessLog {
    pub organization_id: Option<i64>,
    pub user_id: Option<i64>,
    pub api_key_id: Option<i64>,
    pub method: String,
    pub route: Option<String>,
    pub path: String,
    pub status: i32,
    pub client_ip: Option<String>,
    pub user_agent: Option<String>,
    pub duration_ms: i64,
    pub request_id: Option<String>,
    pub created_at: NaiveDateTime,
}

/// Inserts the rows (one statement each: multi-row inserts are not portable here); run it in
/// a transaction for one commit.
pub fn insert_all(conn: &mut Conn, rows: &[NewAccessLog]) -> QueryResult<()> {
    for row in rows {
        diesel::insert_into(access_logs::table)
            .values(row)
            .execute(conn)?;
    }
    Ok(())
}

#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = access_logs)]
pub struct AccessLogRow {
    pub id: i64,
    pub organization_id: Option<i64>,
    pub user_id: Option<i64>,
    pub api_key_id: Option<i64>,
    pub method: String,
    pub route: Option<String>,
    pub path: String,
    pub status: i32,
    pub client_ip: Option<String>,
    pub user_agent: Option<String>,
    pub duration_ms: i64,
    pub request_id: Option<String>,
    pub created_at: NaiveDateTime,
}

diesel::define_sql_function! {
    /// `substr` exists on both backends and, unlike `LIKE`, compares case-sensitively on both
    /// and needs no escaping of `%` and `_`.
    fn substr(text: Text, start: Integer, length: Integer) -> Text;
}

/// Entries matching `filter`, newest first, strictly before `before_id`.
pub fn list(
    conn: &mut Conn,
    filter: &Filter,
    before_id: Option<i64>,
    limit: i64,
) -> QueryResult<Vec<AccessLogRow>> {
    let mut q = access_logs::table
        .select(AccessLogRow::as_select())
        .order(access_logs::id.desc())
        .limit(limit)
        .into_boxed();
    if let Some(org) = filter.organization {
        q = q.filter(access_logs::organization_id.eq(org.0));
    }
    if let Some(user) = filter.user {
        q = q.filter(access_logs::user_id.eq(user));
    }
    if let Some(key) = filter.api_key {
        q = q.filter(access_logs::api_key_id.eq(key));
    }
    if let Some(method) = &filter.method {
        q = q.filter(access_logs::method.eq(method.clone()));
    }
    match filter.status {
        Some(StatusFilter::Exact(status)) => q = q.filter(access_logs::status.eq(status)),
        Some(StatusFilter::Class(first)) => {
            q = q.filter(
                access_logs::status
                    .ge(first * 100)
                    .and(access_logs::status.lt((first + 1) * 100)),
            );
        }
        None => {}
    }
    if let Some(prefix) = &filter.path_prefix {
        let length = i32::try_from(prefix.chars().count()).unwrap_or(i32::MAX);
        q = q.filter(substr(access_logs::path, 1, length).eq(prefix.clone()));
    }
    if let Some(from) = filter.from {
        q = q.filter(access_logs::created_at.ge(from));
    }
    if let Some(to) = filter.to {
        q = q.filter(access_logs::created_at.lt(to));
    }
    if let Some(id) = before_id {
        q = q.filter(access_logs::id.lt(id));
    }
    q.load(conn)
}

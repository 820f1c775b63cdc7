use crate::db::Conn;
use crate::db::schema::api_calls;
use crate::ids::OrgId;
use chrono::NaiveDateTime;
use diesel::prelude::*;

#[derive(Insertable, Debug, Clone)]
#[diesel(table_name = api_calls)]
pub struct NewApiCall {
    pub organization_id: Option<i64>,
    pub account_id: Option<i64>,
    pub method: String,
    pub path: String,
    pub status: Option<i32>,
    pub duration_ms: i64,
    pub meta_error_code: Option<i64>,
    pub error: Option<String>,
    pub request_body: Option<String>,
    pub response_body: Option<String>,
    pub created_at: NaiveDateTime,
}

/// Inserts the rows (one statement each: multi-row inserts are not portable here); run it in
/// a transaction for one commit.
pub fn insert_all(conn: &mut Conn, rows: &[NewApiCall]) -> QueryResult<()> {
    for row in rows {
        diesel::insert_into(api_calls::table)
            .values(row)
            .execute(conn)?;
    }
    Ok(())
}

#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = api_calls)]
pub struct ApiCallRow {
    pub id: i64,
    pub organization_id: Option<i64>,
    pub account_id: Option<i64>,
    pub method: String,
    pub path: String,
    pub status: Option<i32>,
    pub duration_ms: i64,
    pub meta_error_code: Option<i64>,
    pub error: Option<String>,
    pub request_body: Option<String>,
    pub response_body: Option<String>,
    pub created_at: NaiveDateTime,
}

/// Filters of the call log list.
#[derive(Debug, Default, Clone)]
pub struct Filter {
    pub account: Option<i64>,
    pub method: Option<String>,
    pub status: Option<i32>,
    /// Calls without a 2xx answer: transport failures and error statuses.
    pub errors_only: bool,
    pub since: Option<NaiveDateTime>,
    pub until: Option<NaiveDateTime>,
}

/// An organization's calls, newest first, strictly before `before_id`.
pub fn list(
    conn: &mut Conn,
    org: OrgId,
    filter: &Filter,
    before_id: Option<i64>,
    limit: i64,
) -> QueryResult<Vec<ApiCallRow>> {
    let mut q = api_calls::table
        .filter(api_calls::organization_id.eq(org.0))
        .select(ApiCallRow::as_select())
        .order(api_calls::id.desc())
        .limit(limit)
        .into_boxed();
    if let Some(account) = filter.account {
        q = q.filter(api_calls::account_id.eq(account));
    }
    if let Some(method) = &filter.method {
        q = q.filter(api_calls::method.eq(method.clone()));
    }
    if let Some(status) = filter.status {
        q = q.filter(api_calls::status.eq(status));
    }
    if filter.errors_only {
        q = q.filter(
            api_calls::status
                .is_null()
                .or(api_calls::status.lt(200))
                .or(api_calls::status.ge(300))
                .or(api_calls::error.is_not_null()),
        );
    }
    if let Some(since) = filter.since {
        q = q.filter(api_calls::created_at.ge(since));
    }
    if let Some(until) = filter.until {
        q = q.filter(api_calls::created_at.lt(until));
    }
    if let Some(id) = before_id {
        q = q.filter(api_calls::id.lt(id));
    }
    q.load(conn)
}

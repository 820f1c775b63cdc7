use super::AccountId;
use crate::db::Conn;
use crate::db::schema::accounts;
use crate::ids::OrgId;
use chrono::NaiveDateTime;
use diesel::prelude::*;

#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = accounts)]
pub struct AccountRow {
    pub id: i64,
    pub organization_id: i64,
    pub waba_id: String,
    pub phone_number_id: String,
    pub display_phone_number: String,
    pub verified_name: String,
    pub quality_rating: Option<String>,
    pub access_token_ciphertext: String,
    pub name: Option<String>,
    pub disabled_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = accounts)]
pub struct NewAccount<'a> {
    pub organization_id: i64,
    pub waba_id: &'a str,
    pub phone_number_id: &'a str,
    pub display_phone_number: &'a str,
    pub verified_name: &'a str,
    pub quality_rating: Option<&'a str>,
    pub access_token_ciphertext: &'a str,
    pub name: Option<&'a str>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

pub fn insert(conn: &mut Conn, new: &NewAccount<'_>) -> QueryResult<AccountId> {
    diesel::insert_into(accounts::table)
        .values(new)
        .returning(accounts::id)
        .get_result(conn)
        .map(AccountId)
}

pub fn get(conn: &mut Conn, org: OrgId, id: AccountId) -> QueryResult<AccountRow> {
    accounts::table
        .filter(accounts::organization_id.eq(org.0))
        .filter(accounts::id.eq(id.0))
        .select(AccountRow::as_select())
        .first(conn)
}

/// Any organization's account, for background work that already knows the id.
pub fn find(conn: &mut Conn, id: AccountId) -> QueryResult<Option<AccountRow>> {
    accounts::table
        .find(id.0)
        .select(AccountRow::as_select())
        .first(conn)
        .optional()
}

pub fn list(
    conn: &mut Conn,
    org: OrgId,
    after: Option<i64>,
    limit: i64,
) -> QueryResult<Vec<AccountRow>> {
    let mut q = accounts::table
        .filter(accounts::organization_id.eq(org.0))
        .select(AccountRow::as_select())
        .order(accounts::id.asc())
        .limit(limit)
        .into_boxed();
    if let Some(after) = after {
        q = q.filter(accounts::id.gt(after));
    }
    q.load(conn)
}

/// Whether any organization has connected this phone number id.
pub fn phone_number_taken(conn: &mut Conn, phone_number_id: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        accounts::table.filter(accounts::phone_number_id.eq(phone_number_id)),
    ))
    .get_result(conn)
}

/// The routing facts of the account owning a phone number id.
#[derive(Queryable, Debug, Clone, Copy, PartialEq, Eq)]
pub struct Route {
    pub account: i64,
    pub organization: i64,
    pub disabled: bool,
}

pub fn route_by_phone_number_id(
    conn: &mut Conn,
    phone_number_id: &str,
) -> QueryResult<Option<Route>> {
    accounts::table
        .filter(accounts::phone_number_id.eq(phone_number_id))
        .select((
            accounts::id,
            accounts::organization_id,
            accounts::disabled_at,
        ))
        .first::<(i64, i64, Option<NaiveDateTime>)>(conn)
        .optional()
        .map(|r| {
            r.map(|(account, organization, d)| Route {
                account,
                organization,
                disabled: d.is_some(),
            })
        })
}

/// Management webhooks name only the WABA: its first connected number routes them.
pub fn route_by_waba_id(conn: &mut Conn, waba_id: &str) -> QueryResult<Option<Route>> {
    accounts::table
        .filter(accounts::waba_id.eq(waba_id))
        .order(accounts::id.asc())
        .select((
            accounts::id,
            accounts::organization_id,
            accounts::disabled_at,
        ))
        .first::<(i64, i64, Option<NaiveDateTime>)>(conn)
        .optional()
        .map(|r| {
            r.map(|(account, organization, d)| Route {
                account,
                organization,
                disabled: d.is_some(),
            })
        })
}

#[derive(AsChangeset, Default)]
#[diesel(table_name = accounts)]
pub struct AccountChanges<'a> {
    pub name: Option<Option<&'a str>>,
    pub access_token_ciphertext: Option<&'a str>,
    pub display_phone_number: Option<&'a str>,
    pub verified_name: Option<&'a str>,
    pub quality_rating: Option<Option<&'a str>>,
    pub disabled_at: Option<Option<NaiveDateTime>>,
    pub updated_at: Option<NaiveDateTime>,
}

pub fn update(
    conn: &mut Conn,
    org: OrgId,
    id: AccountId,
    changes: &AccountChanges<'_>,
) -> QueryResult<usize> {
    diesel::update(
        accounts::table
            .filter(accounts::organization_id.eq(org.0))
            .filter(accounts::id.eq(id.0)),
    )
    .set(changes)
    .execute(conn)
}

/// Updates profile facts Meta reports in management webhooks (display name, quality).
pub fn update_profile(
    conn: &mut Conn,
    id: i64,
    verified_name: Option<&str>,
    quality_rating: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let changes = AccountChanges {
        verified_name,
        quality_rating: quality_rating.map(Some),
        updated_at: Some(now),
        ..Default::default()
    };
    diesel::update(accounts::table.find(id))
        .set(&changes)
        .execute(conn)
}

pub fn delete(conn: &mut Conn, org: OrgId, id: AccountId) -> QueryResult<bool> {
    diesel::delete(
        accounts::table
            .filter(accounts::organization_id.eq(org.0))
            .filter(accounts::id.eq(id.0)),
    )
    .execute(conn)
    .map(|n| n == 1)
}

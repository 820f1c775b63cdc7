//! Refresh tokens: stored as hashes, grouped in families (one per login); each use rotates
//! the token, and presenting a used or revoked one revokes the whole family.

use crate::db::Conn;
use crate::db::schema::refresh_tokens;
use crate::ids::UserId;
use chrono::NaiveDateTime;
use diesel::prelude::*;

#[derive(Queryable, Selectable, Debug)]
#[diesel(table_name = refresh_tokens)]
pub struct RefreshRow {
    pub id: i64,
    pub user_id: i64,
    pub family_id: String,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
}

#[derive(Insertable)]
#[diesel(table_name = refresh_tokens)]
struct NewRefresh<'a> {
    user_id: i64,
    family_id: &'a str,
    token_hash: &'a str,
    created_at: NaiveDateTime,
    expires_at: NaiveDateTime,
}

pub fn insert(
    conn: &mut Conn,
    user: UserId,
    family_id: &str,
    token_hash: &str,
    now: NaiveDateTime,
    expires_at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(refresh_tokens::table)
        .values(NewRefresh {
            user_id: user.0,
            family_id,
            token_hash,
            created_at: now,
            expires_at,
        })
        .execute(conn)
        .map(|_| ())
}

pub fn find(conn: &mut Conn, token_hash: &str) -> QueryResult<Option<RefreshRow>> {
    refresh_tokens::table
        .filter(refresh_tokens::token_hash.eq(token_hash))
        .select(RefreshRow::as_select())
        .first(conn)
        .optional()
}

/// Marks a token used, only if nobody else did first (concurrent refreshes race here).
pub fn mark_used(conn: &mut Conn, id: i64, now: NaiveDateTime) -> QueryResult<bool> {
    diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::id.eq(id))
            .filter(refresh_tokens::used_at.is_null())
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::used_at.eq(now))
    .execute(conn)
    .map(|n| n == 1)
}

pub fn revoke_family(conn: &mut Conn, family_id: &str, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::family_id.eq(family_id))
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(now))
    .execute(conn)
}

pub fn revoke_all_for_user(
    conn: &mut Conn,
    user: UserId,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::user_id.eq(user.0))
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(now))
    .execute(conn)
}

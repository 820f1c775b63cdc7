//! Message rows written by ingestion: inserted exactly once per (account, wamid); edits keep
//! the previous version; revokes leave a marker; reactions attach to their target.

use crate::db::schema::{message_edits, message_reactions, messages};
use crate::db::{Conn, DbConnection};
use chrono::NaiveDateTime;
use diesel::prelude::*;

#[derive(Insertable, Debug)]
#[diesel(table_name = messages)]
pub struct NewMessage<'a> {
    pub organization_id: i64,
    pub account_id: i64,
    pub conversation_id: i64,
    pub direction: &'a str,
    pub kind: &'a str,
    pub wamid: Option<&'a str>,
    pub body: Option<&'a str>,
    pub content: &'a str,
    pub context_wamid: Option<&'a str>,
    pub reply_to_message_id: Option<i64>,
    pub status: &'a str,
    pub error: Option<&'a str>,
    pub sent_by_user_id: Option<i64>,
    pub edited_at: Option<NaiveDateTime>,
    pub deleted_at: Option<NaiveDateTime>,
    pub sent_at: NaiveDateTime,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Inserts the message unless (account, wamid) exists; `None` for a duplicate.
pub fn insert_once(conn: &mut Conn, new: &NewMessage<'_>) -> QueryResult<Option<i64>> {
    // `ON CONFLICT` does not compile on the multi-backend connection; both backends have it.
    match conn {
        DbConnection::Sqlite(c) => diesel::insert_into(messages::table)
            .values(new)
            .on_conflict_do_nothing()
            .returning(messages::id)
            .get_result(c)
            .optional(),
        DbConnection::Postgresql(c) => diesel::insert_into(messages::table)
            .values(new)
            .on_conflict_do_nothing()
            .returning(messages::id)
            .get_result(c)
            .optional(),
    }
}

/// Inserts many messages in one statement, skipping (account, wamid) pairs that exist (or
/// repeat within the list); returns the (id, wamid) of the rows inserted.
pub fn insert_many_once(
    conn: &mut Conn,
    rows: &[NewMessage<'_>],
) -> QueryResult<Vec<(i64, Option<String>)>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    match conn {
        // SQLite statements run in-process, so a row at a time costs little (and diesel's
        // SQLite batch insert runs row by row anyway, failing on a skipped row).
        DbConnection::Sqlite(_) => {
            let mut inserted = Vec::with_capacity(rows.len());
            for row in rows {
                if let Some(id) = insert_once(conn, row)? {
                    inserted.push((id, row.wamid.map(str::to_owned)));
                }
            }
            Ok(inserted)
        }
        DbConnection::Postgresql(c) => diesel::insert_into(messages::table)
            .values(rows)
            .on_conflict_do_nothing()
            .returning((messages::id, messages::wamid))
            .get_results(c),
    }
}

/// The fields of a stored message that edits, revokes and reactions need.
#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = messages)]
pub struct Target {
    pub id: i64,
    pub conversation_id: i64,
    pub kind: String,
    pub body: Option<String>,
    pub content: String,
    pub deleted_at: Option<NaiveDateTime>,
}

pub fn find_by_wamid(conn: &mut Conn, account: i64, wamid: &str) -> QueryResult<Option<Target>> {
    messages::table
        .filter(messages::account_id.eq(account))
        .filter(messages::wamid.eq(wamid))
        .select(Target::as_select())
        .first(conn)
        .optional()
}

pub fn id_by_wamid(conn: &mut Conn, account: i64, wamid: &str) -> QueryResult<Option<i64>> {
    messages::table
        .filter(messages::account_id.eq(account))
        .filter(messages::wamid.eq(wamid))
        .select(messages::id)
        .first(conn)
        .optional()
}

/// Replaces a message's content with an edited version, keeping the previous one. A replayed
/// edit (same content) changes nothing.
pub fn apply_edit(
    conn: &mut Conn,
    target: &Target,
    body: Option<&str>,
    content: &str,
    edited_at: NaiveDateTime,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    if target.deleted_at.is_some() || (target.body.as_deref() == body && target.content == content)
    {
        return Ok(false);
    }
    diesel::insert_into(message_edits::table)
        .values((
            message_edits::message_id.eq(target.id),
            message_edits::previous_body.eq(&target.body),
            message_edits::previous_content.eq(&target.content),
            message_edits::edited_at.eq(edited_at),
        ))
        .execute(conn)?;
    diesel::update(messages::table.find(target.id))
        .set((
            messages::body.eq(body),
            messages::content.eq(content),
            messages::edited_at.eq(edited_at),
            messages::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(true)
}

/// Marks a message deleted for everyone: its text is cleared, a marker stays.
pub fn revoke(conn: &mut Conn, id: i64, at: NaiveDateTime, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(
        messages::table
            .find(id)
            .filter(messages::deleted_at.is_null()),
    )
    .set((
        messages::body.eq(None::<String>),
        messages::content.eq(super::content::deleted_marker().to_string()),
        messages::deleted_at.eq(at),
        messages::updated_at.eq(now),
    ))
    .execute(conn)?;
    Ok(())
}

/// Sets (or with `None` removes) a reactor's reaction on a message; an older notification
/// never overrides a newer reaction.
pub fn set_reaction(
    conn: &mut Conn,
    message_id: i64,
    reactor: &str,
    emoji: Option<&str>,
    wamid: Option<&str>,
    at: NaiveDateTime,
) -> QueryResult<()> {
    let existing: Option<(i64, NaiveDateTime)> = message_reactions::table
        .filter(message_reactions::message_id.eq(message_id))
        .filter(message_reactions::reactor.eq(reactor))
        .select((message_reactions::id, message_reactions::reacted_at))
        .first(conn)
        .optional()?;
    match (existing, emoji) {
        (Some((_, when)), _) if when > at => Ok(()),
        (Some((id, _)), Some(emoji)) => diesel::update(message_reactions::table.find(id))
            .set((
                message_reactions::emoji.eq(emoji),
                message_reactions::wamid.eq(wamid),
                message_reactions::reacted_at.eq(at),
            ))
            .execute(conn)
            .map(drop),
        (Some((id, _)), None) => diesel::delete(message_reactions::table.find(id))
            .execute(conn)
            .map(drop),
        (None, Some(emoji)) => diesel::insert_into(message_reactions::table)
            .values((
                message_reactions::message_id.eq(message_id),
                message_reactions::reactor.eq(reactor),
                message_reactions::emoji.eq(emoji),
                message_reactions::wamid.eq(wamid),
                message_reactions::reacted_at.eq(at),
            ))
            .execute(conn)
            .map(drop),
        (None, None) => Ok(()),
    }
}

pub fn set_content(conn: &mut Conn, id: i64, content: &str) -> QueryResult<()> {
    diesel::update(messages::table.find(id))
        .set(messages::content.eq(content))
        .execute(conn)
        .map(drop)
}

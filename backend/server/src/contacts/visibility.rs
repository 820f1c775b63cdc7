//! Restriction of processing: a restricted contact's data is kept and their messages are
//! still stored, but only organization admins see them; agents get `404` for the contact, its
//! conversations, their messages and media, and their lists and event streams leave them out.

use crate::auth::{OrgMember, Role};
use crate::db::Conn;
use crate::db::schema::{contacts, conversations, media, messages};
use crate::ids::OrgId;
use diesel::prelude::*;
use std::collections::HashSet;

/// Whether restricted contacts are hidden from this caller (everyone but org admins).
pub fn hides_restricted(member: &OrgMember) -> bool {
    member.caller.role != Role::OrgAdmin
}

fn restricted(conn: &mut Conn, org: OrgId, conversation: i64) -> QueryResult<bool> {
    conversations::table
        .inner_join(contacts::table)
        .filter(conversations::organization_id.eq(org.0))
        .filter(conversations::id.eq(conversation))
        .filter(contacts::restricted_at.is_not_null())
        .count()
        .get_result::<i64>(conn)
        .map(|n| n > 0)
}

/// `NotFound` when `hide` and the conversation belongs to a restricted contact.
pub fn ensure_conversation_visible(
    conn: &mut Conn,
    org: OrgId,
    conversation: i64,
    hide: bool,
) -> QueryResult<()> {
    if hide && restricted(conn, org, conversation)? {
        return Err(diesel::result::Error::NotFound);
    }
    Ok(())
}

/// `NotFound` when `hide` and the media belongs to a restricted contact's message.
pub fn ensure_media_visible(
    conn: &mut Conn,
    org: OrgId,
    media_id: i64,
    hide: bool,
) -> QueryResult<()> {
    if !hide {
        return Ok(());
    }
    let conversation: Option<i64> = media::table
        .inner_join(messages::table)
        .filter(media::organization_id.eq(org.0))
        .filter(media::id.eq(media_id))
        .select(messages::conversation_id)
        .first(conn)
        .optional()?;
    match conversation {
        Some(c) => ensure_conversation_visible(conn, org, c, hide),
        None => Ok(()),
    }
}

/// Of these conversations, those whose contact is restricted.
pub fn restricted_conversations(conn: &mut Conn, ids: &[i64]) -> QueryResult<HashSet<i64>> {
    if ids.is_empty() {
        return Ok(HashSet::new());
    }
    Ok(conversations::table
        .inner_join(contacts::table)
        .filter(crate::db::id_in(conversations::id, ids))
        .filter(contacts::restricted_at.is_not_null())
        .select(conversations::id)
        .load::<i64>(conn)?
        .into_iter()
        .collect())
}

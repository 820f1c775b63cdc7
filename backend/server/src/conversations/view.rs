//! Assembles Conversation JSON for a set of rows: the rows come with their contact and last
//! message (joined), then the reactions and media of all those messages are loaded at once.
//! A list page costs three queries whatever its size. Conversations by id (the event fan-out)
//! are read without their last message, which the fan-out has usually just rendered.

use super::ConversationId;
use super::cursor::TimePage;
use super::dto::{Conversation, ConversationPage};
use super::store::{self, ConversationFilter, ConversationRow, ConversationWith};
use crate::contacts::store::ContactSummaryRow;
use crate::db::Conn;
use crate::ids::OrgId;
use crate::messages;
use diesel::QueryResult;
use std::collections::HashMap;

pub fn list(
    conn: &mut Conn,
    org: OrgId,
    filter: &ConversationFilter,
    page: TimePage,
) -> QueryResult<ConversationPage> {
    let mut rows = store::list(conn, org, filter, page.after, page.fetch())?;
    let next_cursor = page.finish(&mut rows, |(c, _, _)| c.cursor());
    Ok(ConversationPage {
        items: render(conn, org, rows)?,
        next_cursor,
    })
}

pub fn one(conn: &mut Conn, org: OrgId, id: ConversationId) -> QueryResult<Conversation> {
    let row = store::get(conn, org, id)?;
    let mut items = render(conn, org, vec![row])?;
    items.pop().ok_or(diesel::result::Error::NotFound)
}

/// Conversations of the organization by id (any order; missing ids are left out). Last
/// messages found in `rendered` are taken from there instead of being rendered again (the
/// event fan-out has just rendered the messages of the same batch).
pub fn many(
    conn: &mut Conn,
    org: OrgId,
    ids: &[i64],
    rendered: &HashMap<i64, messages::Message>,
) -> QueryResult<Vec<Conversation>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let heads = store::get_many(conn, org, ids)?;
    let mut missing: Vec<i64> = heads
        .iter()
        .filter_map(|(c, _)| c.last_message_id)
        .filter(|id| !rendered.contains_key(id))
        .collect();
    missing.sort_unstable();
    missing.dedup();
    let last = messages::view::many(conn, org, &missing)?;
    Ok(assemble(&heads, last, rendered))
}

fn render(
    conn: &mut Conn,
    org: OrgId,
    rows: Vec<ConversationWith>,
) -> QueryResult<Vec<Conversation>> {
    let mut heads = Vec::with_capacity(rows.len());
    let mut last_rows = Vec::new();
    for (conversation, contact, last) in rows {
        heads.push((conversation, contact));
        last_rows.extend(last);
    }
    let last = messages::view::render(conn, org, last_rows)?;
    Ok(assemble(&heads, last, &HashMap::new()))
}

/// Conversations from their rows and contacts, with the last message taken from `rendered`
/// or else from `last`.
fn assemble(
    heads: &[(ConversationRow, ContactSummaryRow)],
    last: Vec<messages::Message>,
    rendered: &HashMap<i64, messages::Message>,
) -> Vec<Conversation> {
    let mut last: HashMap<i64, messages::Message> = last.into_iter().map(|m| (m.id, m)).collect();
    heads
        .iter()
        .map(|(c, contact)| {
            let message = c
                .last_message_id
                .and_then(|id| rendered.get(&id).cloned().or_else(|| last.remove(&id)));
            Conversation::new(c, contact, message)
        })
        .collect()
}

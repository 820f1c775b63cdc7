//! Assembles Conversation JSON for a set of rows: the rows come with their contact and last
//! message (joined), then the reactions and media of all those messages are loaded at once.
//! A list page costs three queries whatever its size.

use super::ConversationId;
use super::cursor::TimePage;
use super::dto::{Conversation, ConversationPage};
use super::store::{self, ConversationFilter, ConversationWith};
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
        items: render(conn, org, rows, &HashMap::new())?,
        next_cursor,
    })
}

pub fn one(conn: &mut Conn, org: OrgId, id: ConversationId) -> QueryResult<Conversation> {
    let row = store::get(conn, org, id)?;
    let mut items = render(conn, org, vec![row], &HashMap::new())?;
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
    let rows = store::get_many(conn, org, ids)?;
    render(conn, org, rows, rendered)
}

fn render(
    conn: &mut Conn,
    org: OrgId,
    rows: Vec<ConversationWith>,
    rendered: &HashMap<i64, messages::Message>,
) -> QueryResult<Vec<Conversation>> {
    let mut heads = Vec::with_capacity(rows.len());
    let mut last_rows = Vec::new();
    for (conversation, contact, last) in rows {
        heads.push((conversation, contact));
        last_rows.extend(last.filter(|m| !rendered.contains_key(&m.id)));
    }
    let mut last: HashMap<i64, messages::Message> = messages::view::render(conn, org, last_rows)?
        .into_iter()
        .map(|m| (m.id, m))
        .collect();
    Ok(heads
        .iter()
        .map(|(c, contact)| {
            let message = c
                .last_message_id
                .and_then(|id| last.remove(&id).or_else(|| rendered.get(&id).cloned()));
            Conversation::new(c, contact, message)
        })
        .collect())
}

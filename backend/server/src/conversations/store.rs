//! Conversation queries, scoped to one organization by their signature. Lists are ordered by
//! last activity, `COALESCE(last_message_at, created_at)`, the expression the indexes of
//! migration `inbox_read_indexes` are built on.

use super::ConversationId;
use super::cursor::TimeCursor;
use crate::contacts::store::ContactSummaryRow;
use crate::db::Conn;
use crate::db::schema::{contacts, conversations, messages};
use crate::ids::OrgId;
use crate::messages::store::MessageRow;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{Nullable, Timestamp};

diesel::define_sql_function! {
    /// SQL `COALESCE` of a nullable and a non-null timestamp.
    fn coalesce(x: Nullable<Timestamp>, y: Timestamp) -> Timestamp;
}

/// The sort key of the conversation list.
fn last_activity() -> coalesce<conversations::last_message_at, conversations::created_at> {
    coalesce(conversations::last_message_at, conversations::created_at)
}

/// The columns the API shows (ingestion's bookkeeping columns are left out).
#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = conversations)]
pub struct ConversationRow {
    pub id: i64,
    pub account_id: i64,
    pub status: String,
    pub assignee_id: Option<i64>,
    pub unread_count: i32,
    pub last_message_id: Option<i64>,
    #[diesel(deserialize_as = crate::db::TsOpt)]
    pub last_message_at: Option<NaiveDateTime>,
    #[diesel(deserialize_as = crate::db::TsOpt)]
    pub window_expires_at: Option<NaiveDateTime>,
    #[diesel(deserialize_as = crate::db::Ts)]
    pub created_at: NaiveDateTime,
    #[diesel(deserialize_as = crate::db::Ts)]
    pub updated_at: NaiveDateTime,
}

impl ConversationRow {
    /// Position in the conversation list.
    pub fn cursor(&self) -> TimeCursor {
        TimeCursor {
            at: self.last_message_at.unwrap_or(self.created_at),
            id: self.id,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssigneeFilter {
    Unassigned,
    User(i64),
}

/// List filters; every one that is set must match.
#[derive(Debug, Clone, Default)]
pub struct ConversationFilter {
    /// Leave out restricted contacts' conversations (callers other than org admins).
    pub hide_restricted: bool,
    pub status: Option<&'static str>,
    pub assignee: Option<AssigneeFilter>,
    pub account_id: Option<i64>,
    /// `true`: only conversations with unread messages; `false`: only fully read ones.
    pub unread: Option<bool>,
}

/// A conversation with its contact and last message, as one query returns them.
pub type ConversationWith = (ConversationRow, ContactSummaryRow, Option<MessageRow>);

/// Conversations joined with their contact and (when there is one) their last message.
macro_rules! with_contact_and_last_message {
    () => {
        conversations::table
            .inner_join(contacts::table)
            .left_join(
                messages::table.on(messages::id
                    .nullable()
                    .eq(conversations::last_message_id)
                    .and(messages::organization_id.eq(conversations::organization_id))),
            )
            .select((
                ConversationRow::as_select(),
                ContactSummaryRow::as_select(),
                Option::<MessageRow>::as_select(),
            ))
    };
}

/// Most recent activity first; rows strictly after `after` in that order.
pub fn list(
    conn: &mut Conn,
    org: OrgId,
    filter: &ConversationFilter,
    after: Option<TimeCursor>,
    limit: i64,
) -> QueryResult<Vec<ConversationWith>> {
    let mut q = with_contact_and_last_message!()
        .filter(conversations::organization_id.eq(org.0))
        .order((last_activity().desc(), conversations::id.desc()))
        .limit(limit)
        .into_boxed();
    if let Some(status) = filter.status {
        q = q.filter(conversations::status.eq(status));
    }
    if filter.hide_restricted {
        q = q.filter(contacts::restricted_at.is_null());
    }
    match filter.assignee {
        Some(AssigneeFilter::Unassigned) => q = q.filter(conversations::assignee_id.is_null()),
        Some(AssigneeFilter::User(id)) => q = q.filter(conversations::assignee_id.eq(id)),
        None => {}
    }
    if let Some(account) = filter.account_id {
        q = q.filter(conversations::account_id.eq(account));
    }
    match filter.unread {
        Some(true) => q = q.filter(conversations::unread_count.gt(0)),
        Some(false) => q = q.filter(conversations::unread_count.eq(0)),
        None => {}
    }
    if let Some(c) = after {
        // The first term bounds the index range; the second skips the rows up to and
        // including the cursor row among those sharing its timestamp.
        q = q
            .filter(last_activity().le(c.at))
            .filter(last_activity().lt(c.at).or(conversations::id.lt(c.id)));
    }
    q.load(conn)
}

pub fn get(conn: &mut Conn, org: OrgId, id: ConversationId) -> QueryResult<ConversationWith> {
    with_contact_and_last_message!()
        .filter(conversations::organization_id.eq(org.0))
        .filter(conversations::id.eq(id.0))
        .first(conn)
}

/// Conversations of the organization by id, with their contact but not their last message
/// (missing ids are left out).
pub fn get_many(
    conn: &mut Conn,
    org: OrgId,
    ids: &[i64],
) -> QueryResult<Vec<(ConversationRow, ContactSummaryRow)>> {
    conversations::table
        .inner_join(contacts::table)
        .filter(conversations::organization_id.eq(org.0))
        .filter(crate::db::id_in(conversations::id, ids))
        .select((ConversationRow::as_select(), ContactSummaryRow::as_select()))
        .load(conn)
}

/// `NotFound` unless the conversation belongs to the organization.
pub fn ensure_exists(conn: &mut Conn, org: OrgId, id: ConversationId) -> QueryResult<()> {
    conversations::table
        .filter(conversations::organization_id.eq(org.0))
        .filter(conversations::id.eq(id.0))
        .select(conversations::id)
        .first::<i64>(conn)
        .map(|_| ())
}

/// Changes made through the API; `assignee_id: Some(None)` unassigns.
#[derive(AsChangeset, Debug, Default)]
#[diesel(table_name = conversations)]
pub struct ConversationChanges {
    pub status: Option<&'static str>,
    pub assignee_id: Option<Option<i64>>,
    pub updated_at: Option<NaiveDateTime>,
}

pub fn update(
    conn: &mut Conn,
    org: OrgId,
    id: ConversationId,
    changes: &ConversationChanges,
) -> QueryResult<usize> {
    diesel::update(
        conversations::table
            .filter(conversations::organization_id.eq(org.0))
            .filter(conversations::id.eq(id.0)),
    )
    .set(changes)
    .execute(conn)
}

/// Clears the unread count; `NotFound` for another organization's conversation.
pub fn mark_read(
    conn: &mut Conn,
    org: OrgId,
    id: ConversationId,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let updated = diesel::update(
        conversations::table
            .filter(conversations::organization_id.eq(org.0))
            .filter(conversations::id.eq(id.0)),
    )
    .set((
        conversations::unread_count.eq(0),
        conversations::updated_at.eq(now),
    ))
    .execute(conn)?;
    if updated == 0 {
        return Err(diesel::result::Error::NotFound);
    }
    Ok(())
}

//! One conversation per (account, contact): created on the first message, reopened when a
//! resolved one receives a new inbound message; its activity fields follow the messages.

use super::contacts::ConversationState;
use crate::db::Conn;
use crate::db::schema::conversations;
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

/// The customer-service window: free-form replies are allowed this long after the customer's
/// last message.
pub const SERVICE_WINDOW: Duration = Duration::hours(24);

pub fn create(
    conn: &mut Conn,
    org: i64,
    account: i64,
    contact: i64,
    now: NaiveDateTime,
) -> QueryResult<ConversationState> {
    let id = diesel::insert_into(conversations::table)
        .values((
            conversations::organization_id.eq(org),
            conversations::account_id.eq(account),
            conversations::contact_id.eq(contact),
            conversations::status.eq("open"),
            conversations::unread_count.eq(0),
            conversations::created_at.eq(now),
            conversations::updated_at.eq(now),
        ))
        .returning(conversations::id)
        .get_result(conn)?;
    Ok(ConversationState {
        id,
        status: "open".into(),
        last_message_id: None,
        last_message_at: None,
        last_inbound_at: None,
    })
}

/// A newly stored inbound message.
#[derive(Debug, Clone, Copy)]
pub struct InboundActivity {
    pub message_id: i64,
    pub sent_at: NaiveDateTime,
    /// System messages neither open the window nor count as unread.
    pub from_customer: bool,
}

/// What new messages change on a conversation, accumulated before it is written.
#[derive(Debug, Clone, Copy, Default)]
pub struct Change {
    pub unread: i32,
    pub reopen: bool,
}

/// Applies a new message to the tracked state (webhooks arrive out of order: only a newer
/// message becomes the last one) and accumulates the counters to write.
pub fn apply(state: &mut ConversationState, change: &mut Change, activity: InboundActivity) {
    if state.last_message_at.is_none_or(|t| activity.sent_at >= t) {
        state.last_message_at = Some(activity.sent_at);
        state.last_message_id = Some(activity.message_id);
    }
    if activity.from_customer {
        state.last_inbound_at = Some(
            state
                .last_inbound_at
                .map_or(activity.sent_at, |t| t.max(activity.sent_at)),
        );
        change.unread += 1;
        if state.status == "resolved" {
            state.status = "open".into();
            change.reopen = true;
        }
    }
}

/// Writes a conversation's tracked activity and counters.
pub fn write(
    conn: &mut Conn,
    state: &ConversationState,
    change: Change,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let target = conversations::table.find(state.id);
    diesel::update(target)
        .set((
            conversations::last_message_id.eq(state.last_message_id),
            conversations::last_message_at.eq(state.last_message_at),
            conversations::last_inbound_at.eq(state.last_inbound_at),
            conversations::window_expires_at.eq(state.last_inbound_at.map(|t| t + SERVICE_WINDOW)),
            conversations::unread_count.eq(conversations::unread_count + change.unread),
            conversations::updated_at.eq(now),
        ))
        .execute(conn)?;
    if change.reopen {
        // Only a resolved conversation reopens; an agent's other status stands.
        diesel::update(target.filter(conversations::status.eq("resolved")))
            .set(conversations::status.eq("open"))
            .execute(conn)?;
    }
    Ok(())
}

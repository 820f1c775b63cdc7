//! One conversation per (account, contact): created on the first message, reopened when a
//! resolved one receives a new inbound message; its activity fields follow the messages.

use super::contacts::ConversationState;
use crate::db::schema::conversations;
use crate::db::{Conn, DbConnection};
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

/// Conversations updated by one statement at most (bind parameters stay far below both
/// backends' limits).
const WRITE_CHUNK: usize = 200;

/// Writes many conversations' tracked activity and counters with one statement per
/// [`WRITE_CHUNK`] (`UPDATE … FROM (VALUES …)`, which both backends support). Diesel never
/// caches a prepared UPDATE, so one statement for a batch instead of one per conversation
/// saves most of the cost of writing them. Only a resolved conversation reopens; an agent's
/// other status stands.
pub fn write_many(
    conn: &mut Conn,
    items: &[(&ConversationState, Change)],
    now: NaiveDateTime,
) -> QueryResult<()> {
    use diesel::sql_types::{BigInt, Bool, Integer, Nullable, Timestamp};
    for chunk in items.chunks(WRITE_CHUNK) {
        let postgres = matches!(conn, DbConnection::Postgresql(_));
        let mut n = 0;
        let mut param = || {
            n += 1;
            if postgres {
                format!("${n}")
            } else {
                "?".to_owned()
            }
        };
        let now_param = param();
        let rows: Vec<String> = chunk
            .iter()
            .map(|_| {
                let p: Vec<String> = (0..7).map(|_| param()).collect();
                format!("({})", p.join(", "))
            })
            .collect();
        let sql = format!(
            "UPDATE conversations SET last_message_id = v.column2, last_message_at = v.column3, \
             last_inbound_at = v.column4, window_expires_at = v.column5, \
             unread_count = conversations.unread_count + v.column6, \
             status = CASE WHEN v.column7 AND conversations.status = 'resolved' THEN 'open' \
             ELSE conversations.status END, updated_at = {now_param} \
             FROM (VALUES {}) AS v WHERE conversations.id = v.column1",
            rows.join(", ")
        );
        macro_rules! run {
            ($c:expr) => {{
                let mut query = diesel::sql_query(sql.as_str())
                    .into_boxed()
                    .bind::<Timestamp, _>(now);
                for (state, change) in chunk {
                    query = query
                        .bind::<BigInt, _>(state.id)
                        .bind::<Nullable<BigInt>, _>(state.last_message_id)
                        .bind::<Nullable<Timestamp>, _>(state.last_message_at)
                        .bind::<Nullable<Timestamp>, _>(state.last_inbound_at)
                        .bind::<Nullable<Timestamp>, _>(
                            state.last_inbound_at.map(|t| t + SERVICE_WINDOW),
                        )
                        .bind::<Integer, _>(change.unread)
                        .bind::<Bool, _>(change.reopen);
                }
                query.execute($c)?
            }};
        }
        match conn {
            DbConnection::Sqlite(c) => run!(c),
            DbConnection::Postgresql(c) => run!(c),
        };
    }
    Ok(())
}

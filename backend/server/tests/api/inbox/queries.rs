//! No N+1: a page costs a fixed number of queries whatever its size. The store functions the
//! handlers call run on a connection whose diesel instrumentation counts the statements.

use crate::support::TestApp;
use crate::support::inbox::{Inbox, TestConversation};
use diesel::connection::{Connection, InstrumentationEvent};
use serde_json::json;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use winmessages::conversations::cursor::TimePage;
use winmessages::conversations::store::ConversationFilter;
use winmessages::conversations::{ConversationId, view};
use winmessages::db::PooledConn;

/// A pooled connection that counts the queries it runs.
fn counting(app: &TestApp) -> (PooledConn, Arc<AtomicUsize>) {
    let count = Arc::new(AtomicUsize::new(0));
    let mut conn = app.state.pool.get().unwrap();
    let seen = count.clone();
    conn.set_instrumentation(move |event: InstrumentationEvent<'_>| {
        if matches!(event, InstrumentationEvent::StartQuery { .. }) {
            seen.fetch_add(1, Ordering::SeqCst);
        }
    });
    (conn, count)
}

/// An image message with its stored media and two reactions: everything a row can pull in.
fn rich_message(inbox: &Inbox<'_>, c: TestConversation, offset: i64, agent: i64) -> i64 {
    let media = inbox.media("stored", "image/jpeg", None);
    let id = inbox
        .message(
            c,
            "image",
            json!({"media": {"media_id": media, "caption": "pic"}}),
        )
        .replying_to("wamid.Q", None)
        .after(offset)
        .insert();
    inbox.attach_media(media, id);
    let at = inbox.app.now();
    inbox.react(id, "contact", "👍", at);
    inbox.react(id, &format!("user:{agent}"), "🙏", at);
    id
}

fn page(limit: i64) -> TimePage {
    TimePage { after: None, limit }
}

#[actix_web::test]
async fn a_conversation_page_costs_three_queries_at_any_size() {
    let app = TestApp::new();
    let org = app.org("Acme");
    let inbox = app.inbox(&org);
    for i in 0..60 {
        let c = inbox.conversation(&format!("3460{i:05}"), "X");
        rich_message(&inbox, c, i, org.agent.id.0);
    }
    let (mut conn, count) = counting(&app);
    let mut costs = Vec::new();
    for limit in [5, 50] {
        count.store(0, Ordering::SeqCst);
        let page = view::list(
            &mut conn,
            org.id,
            &ConversationFilter::default(),
            page(limit),
        )
        .unwrap();
        assert_eq!(page.items.len(), limit as usize);
        let last = page.items[0].last_message.as_ref().unwrap();
        assert_eq!(
            (last.reactions.len(), last.media.as_ref().unwrap().status),
            (2, winmessages::messages::dto::MediaStatus::Stored)
        );
        costs.push(count.load(Ordering::SeqCst));
    }
    assert_eq!(costs, vec![3, 3], "queries per page (limit 5, limit 50)");
}

#[actix_web::test]
async fn a_message_page_costs_three_queries_at_any_size() {
    let app = TestApp::new();
    let org = app.org("Acme");
    let inbox = app.inbox(&org);
    let c = inbox.conversation("1", "A");
    for i in 0..60 {
        rich_message(&inbox, c, i, org.agent.id.0);
        inbox.text(c, "plain").after(i).insert();
    }
    let (mut conn, count) = counting(&app);
    let mut costs = Vec::new();
    for limit in [5, 50] {
        count.store(0, Ordering::SeqCst);
        let page =
            winmessages::messages::view::page(&mut conn, org.id, ConversationId(c.id), page(limit))
                .unwrap();
        assert_eq!(page.items.len(), limit as usize);
        assert!(
            page.items
                .iter()
                .any(|m| m.reactions.len() == 2 && m.media.is_some())
        );
        costs.push(count.load(Ordering::SeqCst));
    }
    assert_eq!(costs, vec![3, 3], "queries per page (limit 5, limit 50)");
}

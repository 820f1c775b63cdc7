//! The event stream of one in-process server (SQLite, or PostgreSQL with `TEST_DATABASE_URL`).

use super::client::{SseClient, SseEvent};
use crate::inbound::harness::{CUSTOMER, Inbound, deliver, envelope, get, text_webhook};
use crate::support::{TestOrg, read};
use actix_web::test;
use diesel::prelude::*;
use serde_json::json;
use std::time::Duration;
use winmessages::auth::Role;
use winmessages::clock::Clock;
use winmessages::db::schema::{messages, users};

/// Fast heartbeats, so credential re-checks happen within the test.
async fn start() -> Inbound {
    Inbound::start_with(|c| c.events_heartbeat = Duration::from_millis(200)).await
}

fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

fn now_ts(inbound: &Inbound) -> i64 {
    inbound.app.clock.now().timestamp()
}

async fn receive(inbound: &Inbound, wamid: &str, body: &str) {
    deliver(&inbound.app, &text_webhook(wamid, body, now_ts(inbound))).await;
    inbound.app.process();
}

fn status_webhook(wamid: &str, status: &str, ts: i64) -> Vec<u8> {
    envelope(json!({"statuses": [
        {"id": wamid, "status": status, "timestamp": ts.to_string(), "recipient_id": CUSTOMER}
    ]}))
}

async fn patch_conversation(inbound: &Inbound, org: &TestOrg, id: i64, body: serde_json::Value) {
    let svc = inbound.app.service().await;
    let res = test::call_service(
        &svc,
        test::TestRequest::patch()
            .uri(&format!("/api/v1/conversations/{id}"))
            .insert_header(org.admin.bearer())
            .set_json(body)
            .to_request(),
    )
    .await;
    let (status, _, body) = read(res).await;
    assert_eq!(status, 200, "{body}");
}

fn kinds(events: &[SseEvent]) -> Vec<&str> {
    events.iter().map(|e| e.event.as_str()).collect()
}

#[actix_web::test]
async fn inbound_messages_assignments_and_statuses_are_streamed_as_the_api_shows_them() {
    let inbound = start().await;
    let app = &inbound.app;
    let org = app.org("Streamco");
    inbound.connect(&org).await;
    let mut sse = SseClient::open(&inbound.url, &bearer(&org.agent.token), None).await;

    receive(&inbound, "wamid.IN1", "Hello there").await;
    let events = sse.drain(Duration::from_millis(500)).await;
    // The conversation's update may be folded into its creation (both show the same state).
    let names = kinds(&events);
    assert!(
        names == ["conversation.created", "message.created"]
            || names
                == [
                    "conversation.created",
                    "message.created",
                    "conversation.updated"
                ],
        "{names:?}"
    );
    let ids: Vec<i64> = events.iter().map(|e| e.id.unwrap()).collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "{ids:?}");
    for e in &events {
        assert_eq!(e.data["id"], e.id.unwrap());
        assert_eq!(e.data["type"], e.event.as_str());
        assert!(e.data["occurred_at"].is_string());
    }
    let message = &events[1].data["message"];
    let last_conversation = events
        .iter()
        .rev()
        .find(|e| e.event.starts_with("conversation."))
        .unwrap();
    assert_eq!(message["text"]["body"], "Hello there");
    let conversation_id = message["conversation_id"].as_i64().unwrap();
    // The same JSON as the REST API.
    let (_, _, page) = get(
        app,
        &format!("/api/v1/conversations/{conversation_id}/messages"),
        org.admin.bearer(),
    )
    .await;
    assert_eq!(page["items"][0], *message);
    let (_, _, conversation) = get(
        app,
        &format!("/api/v1/conversations/{conversation_id}"),
        org.admin.bearer(),
    )
    .await;
    assert_eq!(last_conversation.data["conversation"], conversation);
    assert_eq!(conversation["unread_count"], 1);

    // Assignment and status.
    patch_conversation(
        &inbound,
        &org,
        conversation_id,
        json!({"assignee_id": org.agent.id.0, "status": "pending"}),
    )
    .await;
    let updated = sse.event().await;
    assert_eq!(updated.event, "conversation.updated");
    assert_eq!(updated.data["conversation"]["assignee_id"], org.agent.id.0);
    assert_eq!(updated.data["conversation"]["status"], "pending");

    // A reply is queued, sent, then delivered.
    let svc = app.service().await;
    let res = test::call_service(
        &svc,
        test::TestRequest::post()
            .uri(&format!("/api/v1/conversations/{conversation_id}/messages"))
            .insert_header(org.agent.bearer())
            .set_json(json!({"type": "text", "text": {"body": "On it"}}))
            .to_request(),
    )
    .await;
    let (status, _, reply) = read(res).await;
    assert_eq!(status, 202, "{reply}");
    let created = sse.event_of("message.created").await;
    assert_eq!(created.data["message"]["id"], reply["id"]);
    assert_eq!(created.data["message"]["status"], "pending");
    let reply_id = reply["id"].as_i64().unwrap();
    // What the outbox records when WhatsApp accepts the message.
    diesel::update(messages::table.find(reply_id))
        .set((
            messages::wamid.eq("wamid.OUT1"),
            messages::status.eq("sent"),
        ))
        .execute(&mut app.state.pool.get().unwrap())
        .unwrap();
    let sent = sse.event_of("message.updated").await;
    assert_eq!(sent.data["message"]["status"], "sent");
    deliver(
        app,
        &status_webhook("wamid.OUT1", "delivered", now_ts(&inbound)),
    )
    .await;
    app.process();
    let delivered = sse.event_of("message.updated").await;
    assert_eq!(delivered.data["message"]["id"], reply_id);
    assert_eq!(delivered.data["message"]["status"], "delivered");
    inbound.stop().await;
}

#[actix_web::test]
async fn last_event_id_replays_what_was_missed_and_too_old_asks_for_a_resync() {
    let inbound = start().await;
    let app = &inbound.app;
    let org = app.org("Replayco");
    inbound.connect(&org).await;
    let (_, key) = app.api_key(org.id, false);
    let auth = bearer(&key);
    let mut sse = SseClient::open(&inbound.url, &auth, None).await;
    receive(&inbound, "wamid.R1", "one").await;
    receive(&inbound, "wamid.R2", "two").await;
    let seen = sse.drain(Duration::from_millis(500)).await;
    drop(sse);
    let first = seen[0].id.unwrap();
    let last = seen.last().unwrap().id.unwrap();
    let created = |events: &[SseEvent]| -> Vec<Option<i64>> {
        events
            .iter()
            .filter(|e| e.event == "message.created")
            .map(|e| e.id)
            .collect()
    };

    // Reconnecting after the first event: the messages after it with the same ids, and the
    // conversation as it is now; then live events.
    let mut again = SseClient::open(&inbound.url, &auth, Some(first)).await;
    let replayed = again.drain(Duration::from_millis(500)).await;
    assert_eq!(created(&replayed), created(&seen), "{replayed:?}");
    assert!(replayed.iter().all(|e| e.id.unwrap() > first));
    let conversation = replayed
        .iter()
        .rev()
        .find(|e| e.event.starts_with("conversation."))
        .unwrap();
    assert_eq!(
        conversation.data["conversation"]["last_message"]["text"]["body"],
        "two"
    );
    receive(&inbound, "wamid.R3", "three").await;
    let live = again.event_of("message.created").await;
    assert_eq!(live.data["message"]["text"]["body"], "three");
    assert!(live.id.unwrap() > last);
    let current = again
        .drain(Duration::from_millis(500))
        .await
        .last()
        .map_or(live.id.unwrap(), |e| e.id.unwrap());
    drop(again);

    // Up to date: nothing is replayed.
    let mut quiet = SseClient::open(&inbound.url, &auth, Some(current)).await;
    quiet.assert_quiet(Duration::from_millis(600)).await;
    drop(quiet);

    // Events older than the retention window are gone: resync, then the stream goes on.
    app.state.events.purge(Duration::ZERO).unwrap();
    let mut stale = SseClient::open(&inbound.url, &auth, Some(first)).await;
    let resync = stale.event().await;
    assert_eq!(resync.event, "resync");
    assert_eq!(resync.data, json!({"type": "resync", "reason": "expired"}));
    assert!(resync.id.unwrap() >= current, "{resync:?}");
    receive(&inbound, "wamid.R4", "four").await;
    let after = stale.event_of("message.created").await;
    assert_eq!(after.data["message"]["text"]["body"], "four");
    inbound.stop().await;
}

#[actix_web::test]
async fn a_stream_carries_only_its_own_organizations_events() {
    let inbound = start().await;
    let app = &inbound.app;
    let ours = app.org("Ours");
    let theirs = app.org("Theirs");
    inbound.connect(&ours).await;
    let (_, their_key) = app.api_key(theirs.id, true);
    let mut their_stream = SseClient::open(&inbound.url, &bearer(&their_key), None).await;
    let mut their_admin = SseClient::open(&inbound.url, &bearer(&theirs.admin.token), None).await;
    let mut our_stream = SseClient::open(&inbound.url, &bearer(&ours.admin.token), None).await;
    receive(&inbound, "wamid.T1", "private").await;
    let ev = our_stream.event_of("message.created").await;
    assert_eq!(ev.data["message"]["text"]["body"], "private");
    their_stream.assert_quiet(Duration::from_millis(800)).await;
    their_admin.assert_quiet(Duration::from_millis(200)).await;

    // Even replaying from the beginning shows nothing of another organization.
    let mut replay = SseClient::open(&inbound.url, &bearer(&their_key), Some(0)).await;
    replay.assert_quiet(Duration::from_millis(500)).await;
    inbound.stop().await;
}

#[actix_web::test]
async fn revoking_the_key_or_disabling_the_member_closes_the_stream() {
    let inbound = start().await;
    let app = &inbound.app;
    let org = app.org("Closeco");
    let (key_id, key) = app.api_key(org.id, false);
    let mut by_key = SseClient::open(&inbound.url, &bearer(&key), None).await;
    let mut by_agent = SseClient::open(&inbound.url, &bearer(&org.agent.token), None).await;
    let mut by_admin = SseClient::open(&inbound.url, &bearer(&org.admin.token), None).await;

    let svc = app.service().await;
    let res = test::call_service(
        &svc,
        test::TestRequest::delete()
            .uri(&format!("/api/v1/api-keys/{}", key_id.0))
            .insert_header(org.admin.bearer())
            .to_request(),
    )
    .await;
    assert_eq!(res.status(), 204);
    by_key.assert_closed(Duration::from_secs(3)).await;
    let again = SseClient::request(&inbound.url, &bearer(&key), None).await;
    assert_eq!(again.status(), 401);

    diesel::update(users::table.find(org.agent.id.0))
        .set(users::disabled_at.eq(Some(app.clock.now().naive_utc())))
        .execute(&mut app.state.pool.get().unwrap())
        .unwrap();
    by_agent.assert_closed(Duration::from_secs(3)).await;
    // Others stay connected.
    by_admin.assert_quiet(Duration::from_millis(500)).await;
    inbound.stop().await;
}

#[actix_web::test]
async fn platform_staff_stream_while_the_organization_grants_access() {
    let inbound = start().await;
    let app = &inbound.app;
    let org = app.org("Grantco");
    inbound.connect(&org).await;
    let staff = app.platform_admin();
    let token = app.token_for(staff.id, None, Role::PlatformAdmin);
    let naming = [("x-winmessages-organization", org.id.0.to_string())];
    let refused = SseClient::request_with(&inbound.url, &bearer(&token), None, &naming).await;
    assert_eq!(refused.status(), 403);

    let svc = app.service().await;
    let (status, _, grant) = read(
        test::call_service(
            &svc,
            test::TestRequest::post()
                .uri("/api/v1/organization/access-grants")
                .insert_header(org.admin.bearer())
                .set_json(json!({"hours": 1, "reason": "Ticket 4711"}))
                .to_request(),
        )
        .await,
    )
    .await;
    assert_eq!(status, 201, "{grant}");
    let mut stream = SseClient::open_with(&inbound.url, &bearer(&token), None, &naming).await;
    // Several heartbeats, each re-checking the grant: the stream stays open and live.
    stream.assert_quiet(Duration::from_millis(700)).await;
    receive(&inbound, "wamid.STAFF1", "Hello support").await;
    let ev = stream.event_of("message.created").await;
    assert_eq!(ev.data["message"]["text"]["body"], "Hello support");

    let res = test::call_service(
        &svc,
        test::TestRequest::delete()
            .uri(&format!(
                "/api/v1/organization/access-grants/{}",
                grant["id"]
            ))
            .insert_header(org.admin.bearer())
            .to_request(),
    )
    .await;
    assert_eq!(res.status(), 204);
    stream.assert_closed(Duration::from_secs(3)).await;
    inbound.stop().await;
}

#[actix_web::test]
async fn the_stream_needs_a_credential_in_the_header_and_an_unknown_last_event_id_resyncs() {
    let inbound = start().await;
    let app = &inbound.app;
    let org = app.org("Rulesco");
    let client = reqwest::Client::new();
    let anonymous = client
        .get(format!("{}/api/v1/events", inbound.url))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
    // A token in the URL is not a credential.
    let in_url = client
        .get(format!(
            "{}/api/v1/events?access_token={}",
            inbound.url, org.admin.token
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(in_url.status(), 401);
    let bad_id = client
        .get(format!("{}/api/v1/events", inbound.url))
        .header("authorization", bearer(&org.admin.token))
        .header("last-event-id", "yesterday")
        .send()
        .await
        .unwrap();
    // Not an id of this stream: nothing can be replayed, so the client is told to refetch.
    assert_eq!(bad_id.status(), 200);
    let mut body = bad_id.bytes_stream();
    let mut seen = String::new();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while !seen.contains("event: resync") && std::time::Instant::now() < deadline {
        use futures_util::StreamExt;
        match tokio::time::timeout(std::time::Duration::from_secs(5), body.next()).await {
            Ok(Some(Ok(chunk))) => seen.push_str(&String::from_utf8_lossy(&chunk)),
            _ => break,
        }
    }
    assert!(seen.contains("event: resync"), "{seen}");
    assert!(seen.contains("\"reason\":\"expired\""), "{seen}");
    // Platform administrators belong to no organization.
    let staff = app.platform_admin();
    let staff_stream = SseClient::request(&inbound.url, &bearer(&staff.token), None).await;
    assert_eq!(staff_stream.status(), 403);
    inbound.stop().await;
}

#[actix_web::test]
async fn a_stream_that_falls_behind_is_told_to_resync_and_closed() {
    use futures_util::StreamExt;
    use winmessages::auth::Principal;
    use winmessages::events::hub::BUFFER;
    use winmessages::events::stream;

    let app = crate::support::TestApp::new();
    let org = app.org("Slowco");
    let inbox = app.inbox(&org);
    let conversation = inbox.conversation("15550001234", "Slow Reader");
    let (subscription, cursor) = app.state.events.subscribe(org.id).unwrap();
    // More fan-out passes than the stream keeps, while it is not read.
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    let mut i = 0;
    while subscription.receiver.len() <= BUFFER {
        assert!(
            std::time::Instant::now() < deadline,
            "the fan-out did not send them"
        );
        let before = subscription.receiver.len();
        inbox.text(conversation, &format!("message {i}")).insert();
        i += 1;
        app.state.events.wake();
        while subscription.receiver.len() == before && std::time::Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
    }
    let start = stream::Start {
        after: cursor,
        frames: Vec::new(),
    };
    let body = stream::body(
        app.state.events.clone(),
        app.state.pool.clone(),
        app.state.clock.clone(),
        subscription,
        Principal::User(org.admin.id),
        false,
        start,
    );
    let frames: Vec<String> = body
        .map(|f| String::from_utf8(f.unwrap().to_vec()).unwrap())
        .collect()
        .await;
    assert_eq!(frames.len(), 2, "{frames:?}");
    assert!(frames[0].starts_with("retry: "));
    assert!(frames[1].contains("event: resync"), "{}", frames[1]);
    assert!(frames[1].contains(r#""reason":"lagged""#), "{}", frames[1]);
    assert_eq!(app.state.events.open_streams(), 0);
}

/// A fan-out pass renders one batch per organization: its frames in id order, written back
/// to back into one buffer that every stream shares, each frame a slice of it.
#[actix_web::test]
async fn a_pass_writes_each_frame_once_into_its_organizations_buffer() {
    use winmessages::events::{render, store};
    let inbound = start().await;
    let app = &inbound.app;
    let org = app.org("Batchco");
    inbound.connect(&org).await;
    receive(&inbound, "wamid.B1", "one").await;
    receive(&inbound, "wamid.B2", "two").await;
    let conn = &mut app.state.pool.get().unwrap();
    let rows = store::after(conn, 0, 1000).unwrap();
    let batches = render::render(conn, &rows, |_| true).unwrap();
    assert_eq!(batches.len(), 1);
    let batch = &batches[0];
    assert_eq!(batch.org, org.id);
    // conversation.created and both messages (the conversation's updates add nothing to its
    // creation in the same pass).
    assert_eq!(batch.frames.len(), 3, "{:?}", batch.frames);
    let ids: Vec<i64> = batch.frames.iter().map(|f| f.id).collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "{ids:?}");
    let mut at = batch.joined.as_ptr() as usize;
    let mut concatenated = Vec::new();
    for frame in &batch.frames {
        assert_eq!(
            frame.bytes.as_ptr() as usize,
            at,
            "not a slice of the batch"
        );
        at += frame.bytes.len();
        concatenated.extend_from_slice(&frame.bytes);
        let text = std::str::from_utf8(&frame.bytes).unwrap();
        assert!(
            text.starts_with(&format!("id: {}\nevent: ", frame.id)),
            "{text}"
        );
        assert!(text.ends_with("\n\n"), "{text}");
        let data = text.lines().find_map(|l| l.strip_prefix("data: ")).unwrap();
        let json: serde_json::Value = serde_json::from_str(data).unwrap();
        assert_eq!(json["id"], frame.id);
    }
    assert_eq!(&concatenated[..], &batch.joined[..]);

    // A late frame (committed after later ids were sent) goes without its SSE id.
    let late_id = ids[1];
    let batches = render::render(conn, &rows, |id| id != late_id).unwrap();
    let late = batches[0].frames.iter().find(|f| f.id == late_id).unwrap();
    assert!(late.late);
    assert!(late.bytes.starts_with(b"event: message.created\ndata: "));
    inbound.stop().await;
}

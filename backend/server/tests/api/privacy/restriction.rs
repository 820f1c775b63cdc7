//! Restriction of processing (`PUT|DELETE /contacts/{id}/restriction`): the data is kept and
//! new messages are stored, agents no longer see the person anywhere, nothing can be sent.

use super::call;
use crate::events::client::SseClient;
use crate::inbound::harness::{CUSTOMER, Inbound, deliver, text_webhook};
use crate::support::assert_problem;
use diesel::prelude::*;
use serde_json::{Value, json};
use std::time::Duration;
use winmessages::clock::Clock;
use winmessages::db::schema::{audit_log, media};

async fn receive(h: &Inbound, wamid: &str, body: &str) {
    deliver(
        &h.app,
        &text_webhook(wamid, body, h.app.clock.now().timestamp()),
    )
    .await;
    h.app.process();
}

fn ids(page: &Value) -> Vec<i64> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_i64().unwrap())
        .collect()
}

#[actix_web::test]
async fn a_restricted_contact_is_hidden_from_agents_kept_for_admins_and_cannot_be_written_to() {
    let h = Inbound::start().await;
    let app = &h.app;
    let org = app.org("Acme");
    h.connect(&org).await;
    receive(&h, "wamid.R1", "please stop using my data").await;
    let (_, _, page) = call(
        app,
        "GET",
        "/api/v1/conversations",
        org.agent.bearer(),
        None,
    )
    .await;
    let conversation = page["items"][0]["id"].as_i64().unwrap();
    let contact = page["items"][0]["contact"]["id"].as_i64().unwrap();
    let media_id: i64 = {
        // A media record of one of their messages, to check media access too.
        let mut conn = app.state.pool.get().unwrap();
        let message: i64 = page["items"][0]["last_message"]["id"].as_i64().unwrap();
        diesel::insert_into(media::table)
            .values((
                media::organization_id.eq(org.id.0),
                media::message_id.eq(message),
                media::status.eq("failed"),
                media::attempts.eq(1),
                media::created_at.eq(app.now()),
                media::updated_at.eq(app.now()),
            ))
            .returning(media::id)
            .get_result(&mut conn)
            .unwrap()
    };

    // Only org admins restrict.
    let uri = format!("/api/v1/contacts/{contact}/restriction");
    let (s, _, _) = call(app, "PUT", &uri, org.agent.bearer(), None).await;
    assert_eq!(s, 403);
    let (s, _, restricted) = call(app, "PUT", &uri, org.admin.bearer(), None).await;
    assert_eq!(s, 200, "{restricted}");
    let since = restricted["restricted_at"].as_str().unwrap().to_owned();
    // Idempotent: the original time stays.
    app.clock.advance(chrono::Duration::seconds(5));
    let (_, _, again) = call(app, "PUT", &uri, org.admin.bearer(), None).await;
    assert_eq!(again["restricted_at"], since.as_str());

    let mut agent_stream = SseClient::open(&h.url, &org.agent.bearer().1, None).await;
    let mut admin_stream = SseClient::open(&h.url, &org.admin.bearer().1, None).await;

    // New messages from them are stored.
    receive(&h, "wamid.R2", "and another thing").await;
    let (s, _, thread) = call(
        app,
        "GET",
        &format!("/api/v1/conversations/{conversation}/messages"),
        org.admin.bearer(),
        None,
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(thread["items"].as_array().unwrap().len(), 2, "{thread}");

    // Admins see them live; agents do not.
    let seen = admin_stream.drain(Duration::from_millis(400)).await;
    assert!(
        seen.iter().any(|e| e.event == "message.created"),
        "{seen:?}"
    );
    agent_stream.assert_quiet(Duration::from_millis(300)).await;

    // Agents: the contact, its conversation, messages and media are gone from every view.
    let agent = || org.agent.bearer();
    let (_, _, list) = call(app, "GET", "/api/v1/conversations", agent(), None).await;
    assert!(ids(&list).is_empty(), "{list}");
    let (_, _, contacts) = call(app, "GET", "/api/v1/contacts", agent(), None).await;
    assert!(ids(&contacts).is_empty(), "{contacts}");
    let (_, _, found) = call(
        app,
        "GET",
        &format!("/api/v1/contacts?q={CUSTOMER}"),
        agent(),
        None,
    )
    .await;
    assert!(ids(&found).is_empty());
    for (method, path, body) in [
        ("GET", format!("/api/v1/contacts/{contact}"), None),
        (
            "PATCH",
            format!("/api/v1/contacts/{contact}"),
            Some(json!({"notes": "x"})),
        ),
        ("GET", format!("/api/v1/conversations/{conversation}"), None),
        (
            "PATCH",
            format!("/api/v1/conversations/{conversation}"),
            Some(json!({"status": "resolved"})),
        ),
        (
            "POST",
            format!("/api/v1/conversations/{conversation}/read"),
            None,
        ),
        (
            "GET",
            format!("/api/v1/conversations/{conversation}/messages"),
            None,
        ),
        ("GET", format!("/api/v1/media/{media_id}"), None),
    ] {
        let got = call(app, method, &path, agent(), body).await;
        assert_problem(&got, 404, "not_found");
    }

    // Admins: everything, and sending is refused.
    let (_, _, list) = call(
        app,
        "GET",
        "/api/v1/conversations",
        org.admin.bearer(),
        None,
    )
    .await;
    assert_eq!(ids(&list), vec![conversation]);
    let (_, _, person) = call(
        app,
        "GET",
        &format!("/api/v1/contacts/{contact}"),
        org.admin.bearer(),
        None,
    )
    .await;
    assert_eq!(person["restricted_at"], since.as_str());
    let sent = call(
        app,
        "POST",
        &format!("/api/v1/conversations/{conversation}/messages"),
        org.admin.bearer(),
        Some(json!({"type": "text", "text": {"body": "hello?"}})),
    )
    .await;
    assert_problem(&sent, 409, "contact_restricted");

    // Lifting the restriction gives agents their view back.
    let (s, _, lifted) = call(app, "DELETE", &uri, org.admin.bearer(), None).await;
    assert_eq!(s, 200);
    assert_eq!(lifted["restricted_at"], Value::Null);
    let (_, _, list) = call(app, "GET", "/api/v1/conversations", agent(), None).await;
    assert_eq!(ids(&list), vec![conversation]);
    let (s, _, _) = call(
        app,
        "GET",
        &format!("/api/v1/conversations/{conversation}/messages"),
        agent(),
        None,
    )
    .await;
    assert_eq!(s, 200);

    // Both changes are audited, once each.
    let actions: Vec<String> = audit_log::table
        .filter(audit_log::organization_id.eq(org.id.0))
        .filter(audit_log::target_type.eq("contact"))
        .filter(audit_log::target_id.eq(contact.to_string()))
        .order(audit_log::id)
        .select(audit_log::action)
        .load(&mut app.state.pool.get().unwrap())
        .unwrap();
    assert_eq!(actions, vec!["contact.restricted", "contact.unrestricted"]);
}

#[actix_web::test]
async fn restriction_is_scoped_to_the_organization() {
    let h = Inbound::start().await;
    let app = &h.app;
    let org = app.org("Acme");
    let other = app.org("Other");
    h.connect(&org).await;
    receive(&h, "wamid.S1", "hi").await;
    let (_, _, page) = call(app, "GET", "/api/v1/contacts", org.admin.bearer(), None).await;
    let contact = page["items"][0]["id"].as_i64().unwrap();
    let uri = format!("/api/v1/contacts/{contact}/restriction");
    let got = call(app, "PUT", &uri, other.admin.bearer(), None).await;
    assert_problem(&got, 404, "not_found");
    let got = call(
        app,
        "PUT",
        "/api/v1/contacts/999999/restriction",
        org.admin.bearer(),
        None,
    )
    .await;
    assert_problem(&got, 404, "not_found");
}

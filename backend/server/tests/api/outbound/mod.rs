//! Replies and outbound delivery against the simulator: every message type as WhatsApp
//! expects it, the 24-hour window, idempotency, the durable outbox with retries and fault
//! injection, receipts, read receipts, uploads.

mod replicas;
mod sending;

use crate::inbound::harness::*;
use crate::support::{TestOrg, read};
use actix_web::test;
use serde_json::Value;
use std::collections::HashMap;
use wa_simulator::{CustomerMessage, Inbound as Says};

/// A connected number with a customer who wrote once: (account, conversation, our id of the
/// customer's message, its wamid).
pub struct Chat {
    pub account: i64,
    pub conversation: i64,
    pub inbound: i64,
    pub inbound_wamid: String,
}

pub async fn chat(h: &Inbound, org: &TestOrg) -> Chat {
    let account = h.connect(org).await;
    let receipt = h
        .sim
        .customer_sends(
            CustomerMessage::new(
                PNID,
                CUSTOMER,
                Says::Text {
                    body: "Hello, is my order ready?".into(),
                },
            )
            .profile_name("Sheena Nelson"),
        )
        .await
        .unwrap();
    h.app.process();
    // The app's clock is a test clock; bring it to the simulator's time, just after the
    // customer's message.
    h.app.clock.set(h.sim.now() + chrono::Duration::seconds(2));
    let rows = h.app.messages_with_wamid(&receipt.message_id);
    let (status, _, page) = get_json(h, org, "/api/v1/conversations").await;
    assert_eq!(status, 200, "{page}");
    Chat {
        account,
        conversation: page["items"][0]["id"].as_i64().unwrap(),
        inbound: rows[0].0,
        inbound_wamid: receipt.message_id,
    }
}

/// The agent's Authorization header, minted at the app's current (test) time.
pub fn agent(h: &Inbound, org: &TestOrg) -> (&'static str, String) {
    let token = h
        .app
        .token_for(org.agent.id, Some(org.id), winmessages::auth::Role::Agent);
    ("authorization", format!("Bearer {token}"))
}

/// Syncs the account's templates from the simulator, as an org admin.
pub async fn sync_templates(h: &Inbound, org: &TestOrg, account: i64) {
    let token = h.app.token_for(
        org.admin.id,
        Some(org.id),
        winmessages::auth::Role::OrgAdmin,
    );
    let svc = h.app.service().await;
    let (status, _, body) = read(
        test::call_service(
            &svc,
            test::TestRequest::post()
                .uri(&format!("/api/v1/accounts/{account}/templates/sync"))
                .insert_header(("authorization", format!("Bearer {token}")))
                .to_request(),
        )
        .await,
    )
    .await;
    assert_eq!(status, 200, "{body}");
}

pub async fn get_json(h: &Inbound, org: &TestOrg, uri: &str) -> (u16, String, Value) {
    let svc = h.app.service().await;
    read(
        test::call_service(
            &svc,
            test::TestRequest::get()
                .uri(uri)
                .insert_header(agent(h, org))
                .to_request(),
        )
        .await,
    )
    .await
}

/// POSTs JSON as the organization's agent, with optional extra headers.
pub async fn post(
    h: &Inbound,
    org: &TestOrg,
    uri: &str,
    body: &Value,
    headers: &[(&str, &str)],
) -> (u16, String, Value) {
    let svc = h.app.service().await;
    let mut req = test::TestRequest::post()
        .uri(uri)
        .insert_header(agent(h, org))
        .set_json(body);
    for (k, v) in headers {
        req = req.insert_header((*k, *v));
    }
    read(test::call_service(&svc, req.to_request()).await).await
}

pub async fn send(
    h: &Inbound,
    org: &TestOrg,
    conversation: i64,
    body: &Value,
) -> (u16, String, Value) {
    post(
        h,
        org,
        &format!("/api/v1/conversations/{conversation}/messages"),
        body,
        &[],
    )
    .await
}

/// Uploads a file with `POST /api/v1/media`; returns the response.
pub async fn upload(
    h: &Inbound,
    org: &TestOrg,
    mime: &str,
    filename: &str,
    bytes: &[u8],
) -> (u16, String, Value) {
    let boundary = "----winmessages-test-boundary";
    let mut body = Vec::new();
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\nContent-Type: {mime}\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let svc = h.app.service().await;
    read(
        test::call_service(
            &svc,
            test::TestRequest::post()
                .uri("/api/v1/media")
                .insert_header(agent(h, org))
                .insert_header((
                    "content-type",
                    format!("multipart/form-data; boundary={boundary}"),
                ))
                .set_payload(body)
                .to_request(),
        )
        .await,
    )
    .await
}

/// Sends everything due in the outbox now.
pub async fn drain(h: &Inbound) -> usize {
    winmessages::outbox::worker::drain(&h.app.state).await
}

/// Our messages by id: (status, wamid, error).
pub fn outbound_states(h: &Inbound) -> HashMap<i64, (String, Option<String>, Option<String>)> {
    use diesel::prelude::*;
    use winmessages::db::schema::messages;
    messages::table
        .filter(messages::direction.eq("outbound"))
        .select((
            messages::id,
            messages::status,
            messages::wamid,
            messages::error,
        ))
        .load::<(i64, String, Option<String>, Option<String>)>(&mut h.app.state.pool.get().unwrap())
        .unwrap()
        .into_iter()
        .map(|(id, s, w, e)| (id, (s, w, e)))
        .collect()
}

/// Organization A's outbound message, for the tenancy walker.
pub fn tenancy_ids(
    app: &crate::support::TestApp,
    a: &TestOrg,
    ids: &mut HashMap<&'static str, String>,
) {
    let c = app.inbox(a).conversation("15550009999", "Tenancy");
    let id = app
        .inbox(a)
        .text(c, "hello")
        .outbound("failed", None)
        .insert();
    ids.insert("messages", id.to_string());
}

//! The inbound pipeline under test: the app over a fresh database, a WhatsApp simulator as
//! Graph API, a real HTTP listener for the simulator's webhooks, and helpers to sign, post and
//! process webhooks and to read the rows they produced.

use crate::support::{TestApp, TestOrg, read};
use actix_web::dev::ServerHandle;
use actix_web::test;
use diesel::prelude::*;
use serde_json::{Value, json};
use std::net::TcpListener;
use wa_simulator::{PhoneNumber, SimConfig, Simulator};
use winmessages::clock::Clock;
use winmessages::db::schema::{accounts, messages, webhook_events};

pub const SECRET: &str = "meta-app-secret-for-tests";
pub const VERIFY_TOKEN: &str = "hub-verify-token";
pub const PNID: &str = "106540352242922";
pub const WABA: &str = "419561257915477";
pub const TOKEN: &str = "EAAG-simulated-token";
pub const CUSTOMER: &str = "16505551234";

pub struct Inbound {
    pub app: TestApp,
    pub sim: Simulator,
    /// The app's HTTP listener (`http://127.0.0.1:port`).
    pub url: String,
    server: ServerHandle,
}

impl Inbound {
    /// App + simulator with one business number registered (not yet connected).
    pub async fn start() -> Self {
        Self::start_with(|_| {}).await
    }

    /// Like [`Inbound::start`], with a configuration tweak.
    pub async fn start_with(tweak: impl FnOnce(&mut winmessages::config::Config)) -> Self {
        let sim = Simulator::start(SimConfig {
            app_secret: SECRET.into(),
            ..SimConfig::default()
        })
        .await
        .unwrap();
        sim.add_phone_number(PhoneNumber::new(PNID, WABA, "+1 555-078-3881", TOKEN))
            .unwrap();
        let sim_url = sim.url().to_owned();
        let app = TestApp::with(|c| {
            c.meta_app_secret = Some(winmessages::config::Secret::new(SECRET));
            c.meta_verify_token = Some(winmessages::config::Secret::new(VERIFY_TOKEN));
            c.graph_api_base = sim_url;
            tweak(c);
        });
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let state = app.state.clone();
        let server = actix_web::HttpServer::new(move || winmessages::app::build_app(state.clone()))
            .workers(1)
            .disable_signals()
            .listen(listener)
            .unwrap()
            .run();
        let handle = server.handle();
        actix_web::rt::spawn(server);
        sim.set_webhook_url(Some(format!("{url}/webhooks/whatsapp")));
        Self {
            app,
            sim,
            url,
            server: handle,
        }
    }

    /// Connects the simulator's number to `org` through the API; returns the account id.
    pub async fn connect(&self, org: &TestOrg) -> i64 {
        let svc = self.app.service().await;
        let res = test::call_service(
            &svc,
            test::TestRequest::post()
                .uri("/api/v1/accounts")
                .insert_header(org.admin.bearer())
                .set_json(json!({"waba_id": WABA, "phone_number_id": PNID, "access_token": TOKEN}))
                .to_request(),
        )
        .await;
        let (status, _, body) = read(res).await;
        assert_eq!(status, 201, "{body}");
        body["id"].as_i64().unwrap()
    }

    /// Stops the HTTP listener (the simulator stops when dropped).
    pub async fn stop(&self) {
        self.server.stop(false).await;
    }
}

impl TestApp {
    /// Processes every stored event that is due, as the background processor would.
    pub fn process(&self) -> usize {
        winmessages::webhooks::processor::drain(&self.state).unwrap()
    }

    /// Inserts an account directly (no Graph API check) for payloads naming any number.
    pub fn account_row(&self, org: &TestOrg, waba_id: &str, phone_number_id: &str) -> i64 {
        let now = self.clock.now().naive_utc();
        let sealed = self.state.secrets.seal(TOKEN, phone_number_id).unwrap();
        diesel::insert_into(accounts::table)
            .values((
                accounts::organization_id.eq(org.id.0),
                accounts::waba_id.eq(waba_id),
                accounts::phone_number_id.eq(phone_number_id),
                accounts::display_phone_number.eq("+1 555-000-0000"),
                accounts::verified_name.eq("Test Shop"),
                accounts::access_token_ciphertext.eq(sealed),
                accounts::created_at.eq(now),
                accounts::updated_at.eq(now),
            ))
            .returning(accounts::id)
            .get_result(&mut self.state.pool.get().unwrap())
            .unwrap()
    }

    pub fn count_events(&self) -> i64 {
        webhook_events::table
            .count()
            .get_result(&mut self.state.pool.get().unwrap())
            .unwrap()
    }

    pub fn event_statuses(&self) -> Vec<String> {
        webhook_events::table
            .order(webhook_events::id.asc())
            .select(webhook_events::status)
            .load(&mut self.state.pool.get().unwrap())
            .unwrap()
    }

    pub fn messages_with_wamid(&self, wamid: &str) -> Vec<(i64, String, Option<String>, String)> {
        messages::table
            .filter(messages::wamid.eq(wamid))
            .select((
                messages::id,
                messages::kind,
                messages::body,
                messages::content,
            ))
            .load(&mut self.state.pool.get().unwrap())
            .unwrap()
    }
}

/// `X-Hub-Signature-256` for a body signed with the test app secret.
pub fn sign(body: &[u8]) -> String {
    whatsapp_cloud::sign(SECRET.as_bytes(), body)
}

/// Posts a webhook body (signed when `signature` is `Some`) to the in-process app.
pub async fn post_webhook(
    app: &TestApp,
    body: &[u8],
    signature: Option<&str>,
) -> (u16, String, Value) {
    let svc = app.service().await;
    let mut req = test::TestRequest::post()
        .uri("/webhooks/whatsapp")
        .insert_header(("content-type", "application/json"))
        .set_payload(body.to_vec());
    if let Some(sig) = signature {
        req = req.insert_header(("x-hub-signature-256", sig.to_owned()));
    }
    read(test::call_service(&svc, req.to_request()).await).await
}

/// Posts a correctly signed webhook; asserts the 200.
pub async fn deliver(app: &TestApp, body: &[u8]) {
    let got = post_webhook(app, body, Some(&sign(body))).await;
    assert_eq!(got.0, 200, "{:?}", got.2);
}

/// A `messages` webhook for `PNID` carrying `value` (contacts/messages/statuses).
pub fn envelope(value: Value) -> Vec<u8> {
    let mut value = value;
    value["messaging_product"] = json!("whatsapp");
    value["metadata"] = json!({"display_phone_number": "15550783881", "phone_number_id": PNID});
    serde_json::to_vec(&json!({
        "object": "whatsapp_business_account",
        "entry": [{"id": WABA, "changes": [{"field": "messages", "value": value}]}]
    }))
    .unwrap()
}

/// An inbound text from `CUSTOMER`.
pub fn text_webhook(wamid: &str, body: &str, ts: i64) -> Vec<u8> {
    envelope(json!({
        "contacts": [{"profile": {"name": "Sheena Nelson"}, "wa_id": CUSTOMER}],
        "messages": [{"from": CUSTOMER, "id": wamid, "timestamp": ts.to_string(), "type": "text", "text": {"body": body}}]
    }))
}

/// GET helper returning (status, content type, JSON).
pub async fn get(app: &TestApp, uri: &str, auth: (&'static str, String)) -> (u16, String, Value) {
    let svc = app.service().await;
    read(
        test::call_service(
            &svc,
            test::TestRequest::get()
                .uri(uri)
                .insert_header(auth)
                .to_request(),
        )
        .await,
    )
    .await
}

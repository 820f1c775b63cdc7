//! Shared helpers for the integration tests: a simulator with one phone
//! number, a webhook receiver on 127.0.0.1, and Graph API call helpers.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::sync::atomic::{AtomicU16, AtomicUsize, Ordering};
use std::time::Duration;

use actix_web::dev::ServerHandle;
use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use hmac::{Hmac, KeyInit, Mac};
use parking_lot::Mutex;
use serde_json::{Value, json};
use sha2::Sha256;
use wa_simulator::{
    CustomerMessage, NewTemplate, PhoneNumber, SimConfig, Simulator, WebhookConfig,
};

pub const SECRET: &str = "test-app-secret";
pub const PNID: &str = "106540352242922";
pub const WABA: &str = "419561257915477";
pub const DISPLAY: &str = "+1 555-078-3881";
pub const TOKEN: &str = "EAAG-test-token";
pub const CUSTOMER: &str = "16505551234";

/// One webhook POST as received.
#[derive(Debug, Clone)]
pub struct Hit {
    pub signature: Option<String>,
    pub user_agent: Option<String>,
    pub body: Vec<u8>,
    pub json: Value,
}

/// A webhook receiver that records every POST and answers 200, or
/// `fail_status` for the next `fail_next` requests.
pub struct Receiver {
    pub url: String,
    pub hits: Arc<Mutex<Vec<Hit>>>,
    fail_next: Arc<AtomicUsize>,
    fail_status: Arc<AtomicU16>,
    handle: ServerHandle,
}

struct RecvState {
    hits: Arc<Mutex<Vec<Hit>>>,
    fail_next: Arc<AtomicUsize>,
    fail_status: Arc<AtomicU16>,
}

async fn receive(req: HttpRequest, body: web::Bytes, st: web::Data<RecvState>) -> HttpResponse {
    let header = |name: &str| {
        req.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    st.hits.lock().push(Hit {
        signature: header("x-hub-signature-256"),
        user_agent: header("user-agent"),
        json: serde_json::from_slice(&body).unwrap_or(Value::Null),
        body: body.to_vec(),
    });
    let failing = st
        .fail_next
        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
        .is_ok();
    if failing {
        let code = st.fail_status.load(Ordering::SeqCst);
        HttpResponse::build(actix_web::http::StatusCode::from_u16(code).unwrap()).finish()
    } else {
        HttpResponse::Ok().finish()
    }
}

impl Receiver {
    pub async fn start() -> Self {
        let hits = Arc::new(Mutex::new(Vec::new()));
        let fail_next = Arc::new(AtomicUsize::new(0));
        let fail_status = Arc::new(AtomicU16::new(500));
        let data = web::Data::new(RecvState {
            hits: hits.clone(),
            fail_next: fail_next.clone(),
            fail_status: fail_status.clone(),
        });
        let server = HttpServer::new(move || {
            App::new()
                .app_data(data.clone())
                .route("/webhook", web::post().to(receive))
        })
        .workers(1)
        .disable_signals()
        .bind(("127.0.0.1", 0))
        .unwrap();
        let addr = server.addrs()[0];
        let server = server.run();
        let handle = server.handle();
        tokio::spawn(server);
        Self {
            url: format!("http://{addr}/webhook"),
            hits,
            fail_next,
            fail_status,
            handle,
        }
    }

    /// Answer `status` to the next `n` POSTs.
    pub fn fail_next(&self, n: usize, status: u16) {
        self.fail_status.store(status, Ordering::SeqCst);
        self.fail_next.store(n, Ordering::SeqCst);
    }

    pub fn hits(&self) -> Vec<Hit> {
        self.hits.lock().clone()
    }

    pub fn clear(&self) {
        self.hits.lock().clear();
    }

    /// Waits for at least `n` POSTs (5 s at most).
    pub async fn wait(&self, n: usize) -> Vec<Hit> {
        for _ in 0..500 {
            if self.hits.lock().len() >= n {
                break;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        self.hits()
    }

    /// Status webhooks for one message id, as (status, timestamp).
    pub fn statuses_of(&self, wamid: &str) -> Vec<String> {
        self.hits()
            .iter()
            .flat_map(|h| statuses(&h.json))
            .filter(|s| s["id"] == wamid)
            .map(|s| s["status"].as_str().unwrap_or_default().to_string())
            .collect()
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        drop(self.handle.stop(false));
    }
}

/// All `statuses[]` objects of a webhook body.
pub fn statuses(body: &Value) -> Vec<Value> {
    body["entry"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|e| e["changes"].as_array().cloned().unwrap_or_default())
        .flat_map(|c| {
            c["value"]["statuses"]
                .as_array()
                .cloned()
                .unwrap_or_default()
        })
        .collect()
}

/// `sha256=<hex>` computed here with hmac (independently of the simulator).
pub fn expected_signature(secret: &str, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

/// Fast webhook timings for tests.
pub fn fast_webhooks() -> WebhookConfig {
    WebhookConfig {
        sent_delay_ms: 5,
        delivered_delay_ms: 10,
        read_delay_ms: 10,
        retry_backoff_ms: 20,
        timeout_ms: 2000,
        ..WebhookConfig::default()
    }
}

pub fn phone() -> PhoneNumber {
    let mut p = PhoneNumber::new(PNID, WABA, DISPLAY, TOKEN);
    p.verified_name = "Jaspers Market".into();
    p
}

/// Templates registered by [`start`].
pub fn templates() -> Vec<NewTemplate> {
    vec![
        NewTemplate::new(
            WABA,
            "hello_world",
            "en_US",
            "Welcome and congratulations!!",
        ),
        NewTemplate::new(
            WABA,
            "order_update",
            "en_US",
            "Hi {{1}}, order {{2}} shipped.",
        )
        .component(json!({"type": "HEADER", "format": "IMAGE"}))
        .component(json!({"type": "BUTTONS", "buttons": [
            {"type": "QUICK_REPLY", "text": "Stop"},
            {"type": "URL", "text": "Track", "url": "https://shop.example/track/{{1}}"}
        ]})),
        NewTemplate::new(WABA, "greeting_named", "en_US", "Hi {{first_name}}!"),
    ]
}

/// A simulator with one number and the test templates.
pub async fn start(webhook_url: Option<String>) -> Simulator {
    Simulator::start(SimConfig {
        app_secret: SECRET.into(),
        webhook_url,
        webhooks: fast_webhooks(),
        phone_numbers: vec![phone()],
        templates: templates(),
        seed: Some(7),
        ..SimConfig::default()
    })
    .await
    .unwrap()
}

/// Opens the customer's window by having them send a text.
pub async fn open_window(sim: &Simulator, customer: &str) -> String {
    sim.customer_sends(CustomerMessage::text(PNID, customer, "hi"))
        .await
        .unwrap()
        .message_id
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

/// POST /v23.0/{PNID}/messages with `token` (None: no header).
pub async fn post_message(sim: &Simulator, token: Option<&str>, body: &Value) -> (u16, Value) {
    post_message_to(sim, PNID, token, body).await
}

pub async fn post_message_to(
    sim: &Simulator,
    pnid: &str,
    token: Option<&str>,
    body: &Value,
) -> (u16, Value) {
    let mut req = client()
        .post(format!("{}/v23.0/{pnid}/messages", sim.url()))
        .json(body);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status().as_u16();
    let json = resp.json::<Value>().await.unwrap_or(Value::Null);
    (status, json)
}

/// GET with the test token.
pub async fn get(sim: &Simulator, path_and_query: &str) -> (u16, Value) {
    let resp = client()
        .get(format!("{}{path_and_query}", sim.url()))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    (status, resp.json::<Value>().await.unwrap_or(Value::Null))
}

/// A text send body.
pub fn text_to(to: &str, body: &str) -> Value {
    json!({
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": to,
        "type": "text",
        "text": { "body": body, "preview_url": false }
    })
}

/// Asserts Meta's error shape and returns the code.
pub fn assert_meta_error(body: &Value) -> i64 {
    let e = &body["error"];
    assert!(e["message"].is_string(), "message missing: {body}");
    assert!(e["type"].is_string(), "type missing: {body}");
    assert!(e["fbtrace_id"].is_string(), "fbtrace_id missing: {body}");
    assert_eq!(e["error_data"]["messaging_product"], "whatsapp", "{body}");
    assert!(e["error_data"]["details"].is_string(), "{body}");
    e["code"].as_i64().expect("numeric code")
}

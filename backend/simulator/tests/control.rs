//! Fault injection and the HTTP control API under `/_sim`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Duration;

use common::*;
use serde_json::{Value, json};
use wa_simulator::{Fault, FaultKind, FaultScope, SimConfig, Simulator};

async fn control(
    sim: &Simulator,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let mut req = client().request(method, format!("{}/_sim{path}", sim.url()));
    if let Some(b) = body {
        req = req.json(&b);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status().as_u16();
    (status, resp.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn faults_hit_n_calls_then_clear() {
    let sim = start(None).await;
    open_window(&sim, CUSTOMER).await;
    let text = text_to("+16505551234", "x");
    let cases = [
        (FaultKind::Http500, 500, 131_000),
        (FaultKind::RateLimit, 429, 130_429),
        (FaultKind::WindowClosed, 400, 131_047),
        (FaultKind::TokenExpired, 401, 190),
    ];
    for (kind, http, code) in cases {
        sim.inject_fault(Fault::new(kind, 2)).unwrap();
        for _ in 0..2 {
            let (status, body) = post_message(&sim, Some(TOKEN), &text).await;
            assert_eq!(status, http, "{kind:?}: {body}");
            assert_eq!(assert_meta_error(&body), code, "{kind:?}");
            if kind == FaultKind::TokenExpired {
                assert_eq!(body["error"]["error_subcode"], 463);
            }
        }
        let (status, body) = post_message(&sim, Some(TOKEN), &text).await;
        assert_eq!(
            status, 200,
            "{kind:?} must be cleared after 2 calls: {body}"
        );
    }
    assert!(sim.faults().is_empty());
    // Faulted calls are not recorded as sends.
    assert_eq!(sim.sent_messages().len(), 4);
}

#[tokio::test]
async fn fault_scopes_and_clearing() {
    let sim = start(None).await;
    open_window(&sim, CUSTOMER).await;
    sim.inject_fault(Fault::new(FaultKind::Http500, 1).scoped(FaultScope::Media))
        .unwrap();
    // Messages are not affected by a media fault.
    let (status, _) = post_message(&sim, Some(TOKEN), &text_to("+16505551234", "x")).await;
    assert_eq!(status, 200);
    let (status, body) = get(&sim, &format!("/v23.0/{PNID}")).await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = get(&sim, "/v23.0/1234567890").await;
    assert_eq!(status, 400, "unknown object, fault still armed: {body}");
    assert_eq!(sim.faults().len(), 1);

    sim.inject_fault(Fault::new(FaultKind::RateLimit, 5).scoped(FaultScope::Templates))
        .unwrap();
    let (status, _) = get(&sim, &format!("/v23.0/{WABA}/message_templates")).await;
    assert_eq!(status, 429);
    assert_eq!(sim.faults()[1].count, 4);
    sim.clear_faults();
    let (status, _) = get(&sim, &format!("/v23.0/{WABA}/message_templates")).await;
    assert_eq!(status, 200);
    assert!(sim.inject_fault(Fault::new(FaultKind::Http500, 0)).is_err());
}

#[tokio::test]
async fn timeout_fault_outlasts_the_client_timeout() {
    let sim = start(None).await;
    open_window(&sim, CUSTOMER).await;
    sim.inject_fault(Fault::new(FaultKind::Timeout, 1).delay_ms(1500))
        .unwrap();
    let short = reqwest::Client::builder()
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let err = short
        .post(format!("{}/v23.0/{PNID}/messages", sim.url()))
        .bearer_auth(TOKEN)
        .json(&text_to("+16505551234", "x"))
        .send()
        .await
        .expect_err("the client must time out");
    assert!(err.is_timeout(), "{err}");
    let (status, _) = post_message(&sim, Some(TOKEN), &text_to("+16505551234", "x")).await;
    assert_eq!(status, 200);
    assert_eq!(
        sim.sent_messages().len(),
        1,
        "the timed-out call did not send"
    );

    // A patient client sees 503 / code 2 after the delay.
    sim.inject_fault(Fault::new(FaultKind::Timeout, 1).delay_ms(50))
        .unwrap();
    let (status, body) = post_message(&sim, Some(TOKEN), &text_to("+16505551234", "x")).await;
    assert_eq!(status, 503);
    assert_eq!(assert_meta_error(&body), 2);
}

#[tokio::test]
async fn http_control_api_end_to_end() {
    let receiver = Receiver::start().await;
    let sim = Simulator::start(SimConfig {
        app_secret: SECRET.into(),
        webhook_url: Some(receiver.url.clone()),
        webhooks: fast_webhooks(),
        ..SimConfig::default()
    })
    .await
    .unwrap();
    use reqwest::Method;

    let (status, body) = control(&sim, Method::GET, "/health", None).await;
    assert_eq!((status, body), (200, json!({"status": "ok"})));

    let (status, phone) = control(
        &sim,
        Method::POST,
        "/phone-numbers",
        Some(json!({
            "phone_number_id": PNID, "waba_id": WABA, "display_phone_number": DISPLAY,
            "access_token": TOKEN, "verified_name": "Jaspers Market"
        })),
    )
    .await;
    assert_eq!(status, 201, "{phone}");
    assert_eq!(phone["quality_rating"], "GREEN");
    let (status, _) = control(
        &sim,
        Method::POST,
        "/phone-numbers",
        Some(json!({"phone_number_id": ""})),
    )
    .await;
    assert_eq!(status, 400);

    let (status, template) = control(
        &sim,
        Method::POST,
        "/templates",
        Some(json!({
            "waba_id": WABA, "name": "order_update", "language": "en_US", "category": "UTILITY",
            "components": [{"type": "BODY", "text": "Hi {{1}}, order {{2}} shipped."}]
        })),
    )
    .await;
    assert_eq!(status, 201, "{template}");
    assert_eq!(template["parameter_format"], "POSITIONAL");
    assert_eq!(template["status"], "APPROVED");
    let (_, list) = control(&sim, Method::GET, "/templates", None).await;
    assert_eq!(list.as_array().unwrap().len(), 1);

    let (status, customer) = control(
        &sim,
        Method::POST,
        "/customers",
        Some(json!({
            "wa_id": "15550001111", "profile_name": "Nobody", "on_whatsapp": false
        })),
    )
    .await;
    assert_eq!(status, 201);
    assert!(customer["user_id"].as_str().unwrap().starts_with("US."));

    // A customer sends an image through the control API.
    let (status, receipt) = control(&sim, Method::POST, &format!("/customers/{CUSTOMER}/messages"), Some(json!({
        "profile_name": "Sheena Nelson",
        "message": {"type": "image", "caption": "look", "media": {"mime_type": "image/jpeg", "data_base64": "aGVsbG8="}}
    }))).await;
    assert_eq!(status, 200, "{receipt}");
    assert!(receipt["webhook"]["delivered"].as_bool().unwrap());
    assert_eq!(receipt["message"]["from"], CUSTOMER);
    assert_eq!(receipt["message"]["image"]["caption"], "look");
    let media_id = receipt["media_id"].as_str().unwrap().to_string();
    let (_, media) = control(&sim, Method::GET, "/media", None).await;
    assert_eq!(media[0]["id"], media_id.as_str());
    assert_eq!(media[0]["file_size"], 5);
    let hits = receiver.wait(1).await;
    assert_eq!(
        hits[0].signature.as_deref().unwrap(),
        expected_signature(SECRET, &hits[0].body)
    );

    // Bad control requests.
    let (status, err) = control(
        &sim,
        Method::POST,
        &format!("/customers/{CUSTOMER}/messages"),
        Some(json!({
            "message": {"type": "teleport"}
        })),
    )
    .await;
    assert_eq!(status, 400);
    assert!(err["error"].is_string());
    let (status, _) = control(
        &sim,
        Method::POST,
        "/customers/123/messages",
        Some(json!({
            "message": {"type": "text", "body": "x"}
        })),
    )
    .await;
    assert_eq!(status, 400);

    // The business replies; /sent lists it.
    let (status, _) = post_message(&sim, Some(TOKEN), &text_to("+16505551234", "thanks")).await;
    assert_eq!(status, 200);
    let (_, sent) = control(&sim, Method::GET, &format!("/sent?to={CUSTOMER}"), None).await;
    assert_eq!(sent.as_array().unwrap().len(), 1);
    assert_eq!(sent[0]["type"], "text");
    assert_eq!(sent[0]["request"]["text"]["body"], "thanks");
    let wamid = sent[0]["id"].as_str().unwrap().to_string();
    let (_, none) = control(&sim, Method::GET, "/sent?to=999999999", None).await;
    assert!(none.as_array().unwrap().is_empty());

    for _ in 0..200 {
        let (_, hooks) = control(
            &sim,
            Method::GET,
            &format!("/webhooks?kind=status&message_id={wamid}"),
            None,
        )
        .await;
        if hooks.as_array().unwrap().len() == 3 && hooks[2]["outcome"]["attempts"] == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let (_, hooks) = control(
        &sim,
        Method::GET,
        &format!("/webhooks?kind=status&message_id={wamid}"),
        None,
    )
    .await;
    let order: Vec<&str> = hooks
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["status"].as_str().unwrap())
        .collect();
    assert_eq!(order, vec!["sent", "delivered", "read"]);
    assert!(
        hooks[0]["signature"]
            .as_str()
            .unwrap()
            .starts_with("sha256=")
    );
    let (_, msgs) = control(&sim, Method::GET, "/webhooks?kind=message", None).await;
    assert_eq!(msgs.as_array().unwrap().len(), 1);

    // Manual status through the control API.
    let (status, outcome) = control(
        &sim,
        Method::POST,
        &format!("/messages/{wamid}/statuses"),
        Some(json!({
            "status": "failed", "error_code": 131026
        })),
    )
    .await;
    assert_eq!(status, 200, "{outcome}");
    assert_eq!(outcome["delivered"], true);

    // Faults through the control API.
    let (status, armed) = control(
        &sim,
        Method::POST,
        "/faults",
        Some(json!({"kind": "rate_limit", "count": 1, "scope": "messages"})),
    )
    .await;
    assert_eq!(status, 201);
    assert_eq!(armed[0]["kind"], "rate_limit");
    let (status, _) = post_message(&sim, Some(TOKEN), &text_to("+16505551234", "x")).await;
    assert_eq!(status, 429);
    control(
        &sim,
        Method::POST,
        "/faults",
        Some(json!({"kind": "http500", "count": 3})),
    )
    .await;
    let (_, list) = control(&sim, Method::GET, "/faults", None).await;
    assert_eq!(list[0]["count"], 3);
    let (status, _) = control(&sim, Method::DELETE, "/faults", None).await;
    assert_eq!(status, 204);
    let (status, _) = post_message(&sim, Some(TOKEN), &text_to("+16505551234", "x")).await;
    assert_eq!(status, 200);

    // Mark as read is listed.
    let inbound = receipt["message_id"].as_str().unwrap();
    post_message(
        &sim,
        Some(TOKEN),
        &json!({"messaging_product": "whatsapp", "status": "read", "message_id": inbound}),
    )
    .await;
    let (_, reads) = control(&sim, Method::GET, "/read-receipts", None).await;
    assert_eq!(reads[0]["message_id"], inbound);

    // Window and clock.
    let (_, w) = control(
        &sim,
        Method::POST,
        &format!("/customers/{CUSTOMER}/window"),
        Some(json!({"age_secs": 90000})),
    )
    .await;
    assert_eq!(w["open"], false);
    let (status, _) = post_message(&sim, Some(TOKEN), &text_to("+16505551234", "x")).await;
    assert_eq!(status, 400);
    let (_, w) = control(
        &sim,
        Method::POST,
        &format!("/customers/{CUSTOMER}/window"),
        Some(json!({"age_secs": 60})),
    )
    .await;
    assert_eq!(w["open"], true);
    let (_, before) = control(&sim, Method::GET, "/clock", None).await;
    let (_, after) = control(
        &sim,
        Method::POST,
        "/clock",
        Some(json!({"advance_secs": 86400})),
    )
    .await;
    assert!(after["now"].as_i64().unwrap() >= before["now"].as_i64().unwrap() + 86400);
    let (status, _) = post_message(&sim, Some(TOKEN), &text_to("+16505551234", "x")).await;
    assert_eq!(status, 400, "window closed after the clock moved");

    // Settings.
    let (status, settings) = control(
        &sim,
        Method::PATCH,
        "/settings",
        Some(json!({
            "policy": {"enforce_window": false},
            "webhooks": {"duplicate_probability": 0.5}
        })),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(settings["policy"]["enforce_window"], false);
    assert_eq!(settings["policy"]["window_secs"], 86400);
    assert_eq!(settings["webhooks"]["duplicate_probability"], 0.5);
    assert_eq!(settings["webhook_url"], receiver.url.as_str());
    let (status, _) = post_message(&sim, Some(TOKEN), &text_to("+16505551234", "x")).await;
    assert_eq!(status, 200);

    // Reset clears everything (no numbers were configured at start).
    let (status, _) = control(&sim, Method::POST, "/reset", None).await;
    assert_eq!(status, 204);
    let (_, phones) = control(&sim, Method::GET, "/phone-numbers", None).await;
    assert!(phones.as_array().unwrap().is_empty());
    let (_, sent) = control(&sim, Method::GET, "/sent", None).await;
    assert!(sent.as_array().unwrap().is_empty());
}

#[tokio::test]
async fn reset_restores_configured_registrations() {
    let sim = start(None).await;
    open_window(&sim, CUSTOMER).await;
    let (status, _) = post_message(&sim, Some(TOKEN), &text_to("+16505551234", "x")).await;
    assert_eq!(status, 200);
    sim.reset();
    assert!(sim.sent_messages().is_empty());
    assert!(sim.webhook_deliveries().is_empty());
    // Configured number and templates are back; the window is closed again.
    let (status, body) = post_message(&sim, Some(TOKEN), &text_to("+16505551234", "x")).await;
    assert_eq!(status, 400);
    assert_eq!(assert_meta_error(&body), 131_047);
    let (_, list) = get(&sim, &format!("/v23.0/{WABA}/message_templates")).await;
    assert_eq!(list["data"].as_array().unwrap().len(), 3);
}

#[actix_web::test]
async fn runs_inside_an_actix_runtime_too() {
    let receiver = Receiver::start().await;
    let sim = start(Some(receiver.url.clone())).await;
    let receipt = sim
        .customer_sends(wa_simulator::CustomerMessage::text(PNID, CUSTOMER, "hi"))
        .await
        .unwrap();
    assert!(receipt.webhook.delivered);
    let (status, _) = post_message(&sim, Some(TOKEN), &text_to("+16505551234", "x")).await;
    assert_eq!(status, 200);
    assert_eq!(
        sim.wait_for_webhooks(4, Duration::from_secs(5)).await.len(),
        4
    );
    sim.stop().await;
}

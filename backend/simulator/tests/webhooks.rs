//! Status and inbound-message webhooks: layout, signatures, ordering,
//! duplicates, reordering, retries.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Duration;

use base64::Engine;
use common::*;
use serde_json::{Value, json};
use wa_simulator::{
    Customer, CustomerMessage, FinalStatus, Inbound, MediaInput, MessageStatus, OrderItem,
    PhoneNumber, PolicyConfig, SimConfig, Simulator, WebhookConfig, WebhookKind, WindowErrorMode,
};

fn value(hit: &Hit) -> &Value {
    &hit.json["entry"][0]["changes"][0]["value"]
}

fn assert_envelope(body: &Value) {
    assert_eq!(body["object"], "whatsapp_business_account");
    assert_eq!(body["entry"][0]["id"], WABA);
    assert!(body["entry"][0].get("time").is_none());
    let change = &body["entry"][0]["changes"][0];
    assert_eq!(change["field"], "messages");
    assert_eq!(change["value"]["messaging_product"], "whatsapp");
    assert_eq!(
        change["value"]["metadata"]["display_phone_number"],
        "15550783881"
    );
    assert_eq!(change["value"]["metadata"]["phone_number_id"], PNID);
}

fn assert_signed(hit: &Hit, secret: &str) {
    let sig = hit
        .signature
        .as_deref()
        .expect("X-Hub-Signature-256 header");
    assert_eq!(sig, expected_signature(secret, &hit.body));
    assert!(whatsapp_cloud::verify(secret.as_bytes(), &hit.body, Some(sig)).is_ok());
}

async fn send_text(sim: &Simulator) -> String {
    let (status, resp) = post_message(sim, Some(TOKEN), &text_to("+16505551234", "hello")).await;
    assert_eq!(status, 200, "{resp}");
    resp["messages"][0]["id"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn statuses_arrive_signed_and_in_order() {
    let receiver = Receiver::start().await;
    let sim = start(Some(receiver.url.clone())).await;
    open_window(&sim, CUSTOMER).await;
    receiver.clear();
    let wamid = send_text(&sim).await;
    let hits = receiver.wait(3).await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(receiver.hits().len(), 3, "no extra webhooks expected");
    assert_eq!(
        receiver.statuses_of(&wamid),
        vec!["sent", "delivered", "read"]
    );
    for hit in &hits {
        assert_signed(hit, SECRET);
        assert_envelope(&hit.json);
        assert_eq!(hit.user_agent.as_deref(), Some("facebookexternalua"));
        let v = value(hit);
        assert_eq!(v["contacts"][0]["wa_id"], CUSTOMER);
        let s = &v["statuses"][0];
        assert_eq!(s["id"], wamid.as_str());
        assert_eq!(s["recipient_id"], CUSTOMER);
        let ts = s["timestamp"].as_str().expect("timestamp is a string");
        assert!(ts.parse::<i64>().unwrap() > 1_700_000_000);
        assert!(s["recipient_user_id"].as_str().unwrap().starts_with("US."));
    }
    let sent = &value(&hits[0])["statuses"][0];
    assert!(sent["conversation"]["id"].is_string());
    assert!(sent["conversation"]["expiration_timestamp"].is_string());
    assert_eq!(sent["conversation"]["origin"]["type"], "service");
    assert_eq!(
        sent["pricing"],
        json!({"billable": false, "pricing_model": "PMP", "type": "free_customer_service", "category": "service"})
    );
    let delivered = &value(&hits[1])["statuses"][0];
    assert!(
        delivered["conversation"]
            .get("expiration_timestamp")
            .is_none()
    );
    assert!(delivered["pricing"].is_object());
    let read = &value(&hits[2])["statuses"][0];
    assert!(read.get("pricing").is_none());
    assert!(read.get("conversation").is_none());

    // The simulator's own log agrees.
    let log = sim.webhook_deliveries();
    let statuses: Vec<_> = log
        .iter()
        .filter(|d| d.kind == WebhookKind::Status)
        .collect();
    assert_eq!(statuses.len(), 3);
    assert!(
        statuses
            .iter()
            .all(|d| d.outcome.delivered && d.outcome.attempts == 1)
    );
    assert_eq!(
        sim.sent_messages()[0].statuses,
        vec![
            MessageStatus::Sent,
            MessageStatus::Delivered,
            MessageStatus::Read
        ]
    );
}

#[tokio::test]
async fn template_statuses_are_billed_in_its_category() {
    let receiver = Receiver::start().await;
    let sim = start(Some(receiver.url.clone())).await;
    let body = json!({"messaging_product": "whatsapp", "to": "+16505551234", "type": "template",
        "template": {"name": "hello_world", "language": {"code": "en_US"}},
        "biz_opaque_callback_data": "campaign-7"});
    let (status, resp) = post_message(&sim, Some(TOKEN), &body).await;
    assert_eq!(status, 200, "{resp}");
    receiver.wait(3).await;
    let first = statuses(&receiver.hits()[0].json).remove(0);
    assert_eq!(first["pricing"]["category"], "utility");
    assert_eq!(first["pricing"]["type"], "regular");
    assert_eq!(first["pricing"]["billable"], true);
    assert_eq!(first["biz_opaque_callback_data"], "campaign-7");
}

#[tokio::test]
async fn duplicates_when_configured() {
    let receiver = Receiver::start().await;
    let sim = start(Some(receiver.url.clone())).await;
    open_window(&sim, CUSTOMER).await;
    receiver.clear();
    sim.set_webhook_config(WebhookConfig {
        duplicate_probability: 1.0,
        ..fast_webhooks()
    });
    let wamid = send_text(&sim).await;
    let hits = receiver.wait(6).await;
    assert_eq!(hits.len(), 6);
    assert_eq!(
        receiver.statuses_of(&wamid),
        vec!["sent", "sent", "delivered", "delivered", "read", "read"]
    );
    for pair in hits.chunks(2) {
        assert_eq!(
            pair[0].body, pair[1].body,
            "a duplicate repeats the exact bytes"
        );
        assert_signed(&pair[1], SECRET);
    }
    let log = sim.webhook_deliveries();
    assert_eq!(log.iter().filter(|d| d.duplicate).count(), 3);
}

#[tokio::test]
async fn reordering_when_configured() {
    let receiver = Receiver::start().await;
    let sim = start(Some(receiver.url.clone())).await;
    open_window(&sim, CUSTOMER).await;
    receiver.clear();
    sim.set_webhook_config(WebhookConfig {
        reorder_probability: 1.0,
        ..fast_webhooks()
    });
    for _ in 0..3 {
        let wamid = send_text(&sim).await;
        for _ in 0..200 {
            if receiver.statuses_of(&wamid).len() == 3 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        let order = receiver.statuses_of(&wamid);
        assert_eq!(order.len(), 3);
        assert_ne!(
            order,
            vec!["sent", "delivered", "read"],
            "must be reordered"
        );
        let mut sorted = order.clone();
        sorted.sort();
        assert_eq!(sorted, vec!["delivered", "read", "sent"]);
    }
}

#[tokio::test]
async fn retries_on_non_200_then_gives_up() {
    let receiver = Receiver::start().await;
    let sim = start(Some(receiver.url.clone())).await;
    receiver.fail_next(2, 503);
    let receipt = sim
        .customer_sends(CustomerMessage::text(PNID, CUSTOMER, "hi"))
        .await
        .unwrap();
    assert!(receipt.webhook.delivered);
    assert_eq!(receipt.webhook.attempts, 3);
    assert_eq!(receipt.webhook.responses, vec![503, 503, 200]);
    let hits = receiver.hits();
    assert_eq!(hits.len(), 3);
    assert!(hits.iter().all(|h| h.body == hits[0].body));

    sim.set_webhook_config(WebhookConfig {
        max_attempts: 2,
        ..fast_webhooks()
    });
    receiver.fail_next(10, 500);
    let receipt = sim
        .customer_sends(CustomerMessage::text(PNID, CUSTOMER, "again"))
        .await
        .unwrap();
    assert!(!receipt.webhook.delivered);
    assert_eq!(receipt.webhook.attempts, 2);
    let last = sim.webhook_deliveries().pop().unwrap();
    assert_eq!(last.outcome.responses, vec![500, 500]);

    // An unreachable callback counts as failed attempts too.
    sim.set_webhook_url(Some("http://127.0.0.1:9/closed".into()));
    let receipt = sim
        .customer_sends(CustomerMessage::text(PNID, CUSTOMER, "lost"))
        .await
        .unwrap();
    assert_eq!(receipt.webhook.responses, vec![0, 0]);
}

#[tokio::test]
async fn invalid_recipient_gets_a_failed_status() {
    let receiver = Receiver::start().await;
    let sim = start(Some(receiver.url.clone())).await;
    sim.add_customer(Customer::not_on_whatsapp("15550001111"))
        .unwrap();
    let body = json!({"messaging_product": "whatsapp", "to": "+15550001111", "type": "template",
        "template": {"name": "hello_world", "language": {"code": "en_US"}}});
    let (status, resp) = post_message(&sim, Some(TOKEN), &body).await;
    assert_eq!(status, 200, "{resp}");
    let wamid = resp["messages"][0]["id"].as_str().unwrap().to_string();
    let hits = receiver.wait(1).await;
    tokio::time::sleep(Duration::from_millis(80)).await;
    assert_eq!(receiver.statuses_of(&wamid), vec!["failed"]);
    assert_signed(&hits[0], SECRET);
    assert_envelope(&hits[0].json);
    let v = value(&hits[0]);
    assert!(
        v.get("contacts").is_none(),
        "failed statuses carry no contacts"
    );
    let s = &v["statuses"][0];
    assert_eq!(s["recipient_id"], "15550001111");
    let e = &s["errors"][0];
    assert_eq!(e["code"], 131_026);
    assert!(e["title"].is_string());
    assert_eq!(e["title"], e["message"]);
    assert!(e["error_data"]["details"].is_string());
    assert!(e["href"].as_str().unwrap().starts_with("https://"));
}

#[tokio::test]
async fn async_window_mode_reports_131047_in_a_failed_status() {
    let receiver = Receiver::start().await;
    let sim = start(Some(receiver.url.clone())).await;
    sim.set_policy(PolicyConfig {
        window_error: WindowErrorMode::Async,
        ..PolicyConfig::default()
    });
    let wamid = send_text(&sim).await;
    receiver.wait(1).await;
    tokio::time::sleep(Duration::from_millis(80)).await;
    assert_eq!(receiver.statuses_of(&wamid), vec!["failed"]);
    assert_eq!(
        statuses(&receiver.hits()[0].json)[0]["errors"][0]["code"],
        131_047
    );
}

#[tokio::test]
async fn reactions_only_get_sent_and_voice_notes_get_played() {
    let receiver = Receiver::start().await;
    let sim = start(Some(receiver.url.clone())).await;
    let inbound = open_window(&sim, CUSTOMER).await;
    receiver.clear();
    let body = json!({"messaging_product": "whatsapp", "to": "+16505551234", "type": "reaction",
        "reaction": {"message_id": inbound, "emoji": "❤"}});
    let (_, resp) = post_message(&sim, Some(TOKEN), &body).await;
    let reaction = resp["messages"][0]["id"].as_str().unwrap().to_string();
    let voice = json!({"messaging_product": "whatsapp", "to": "+16505551234", "type": "audio",
        "audio": {"link": "https://cdn.example.com/v.ogg", "voice": true}});
    let (_, resp) = post_message(&sim, Some(TOKEN), &voice).await;
    let voice_id = resp["messages"][0]["id"].as_str().unwrap().to_string();
    receiver.wait(5).await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(receiver.statuses_of(&reaction), vec!["sent"]);
    assert_eq!(
        receiver.statuses_of(&voice_id),
        vec!["sent", "delivered", "read", "played"]
    );

    // Reacting to an unknown message fails asynchronously with 131009.
    let bad = json!({"messaging_product": "whatsapp", "to": "+16505551234", "type": "reaction",
        "reaction": {"message_id": "wamid.unknown", "emoji": "❤"}});
    let (status, resp) = post_message(&sim, Some(TOKEN), &bad).await;
    assert_eq!(status, 200);
    let bad_id = resp["messages"][0]["id"].as_str().unwrap().to_string();
    for _ in 0..100 {
        if !receiver.statuses_of(&bad_id).is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(receiver.statuses_of(&bad_id), vec!["failed"]);
}

#[tokio::test]
async fn final_status_and_manual_statuses() {
    let receiver = Receiver::start().await;
    let sim = start(Some(receiver.url.clone())).await;
    open_window(&sim, CUSTOMER).await;
    receiver.clear();
    sim.set_webhook_config(WebhookConfig {
        final_status: FinalStatus::Delivered,
        ..fast_webhooks()
    });
    let wamid = send_text(&sim).await;
    receiver.wait(2).await;
    tokio::time::sleep(Duration::from_millis(80)).await;
    assert_eq!(receiver.statuses_of(&wamid), vec!["sent", "delivered"]);
    let outcome = sim
        .emit_status(&wamid, MessageStatus::Read, None)
        .await
        .unwrap();
    assert!(outcome.delivered);
    assert_eq!(
        receiver.statuses_of(&wamid),
        vec!["sent", "delivered", "read"]
    );
    sim.emit_status(&wamid, MessageStatus::Failed, Some(131_049))
        .await
        .expect_err("unsupported code");
    sim.emit_status("wamid.none", MessageStatus::Read, None)
        .await
        .expect_err("unknown message");
}

#[tokio::test]
async fn per_number_callback_and_secret() {
    let global = Receiver::start().await;
    let tenant = Receiver::start().await;
    let sim = start(Some(global.url.clone())).await;
    let mut other = PhoneNumber::new(
        "200000000000002",
        "300000000000002",
        "+44 7700 900000",
        "tenant-token",
    );
    other.webhook_url = Some(tenant.url.clone());
    other.app_secret = Some("tenant-secret".into());
    sim.add_phone_number(other).unwrap();
    sim.customer_sends(CustomerMessage::text("200000000000002", CUSTOMER, "hi"))
        .await
        .unwrap();
    let hits = tenant.wait(1).await;
    assert_eq!(hits.len(), 1);
    assert_signed(&hits[0], "tenant-secret");
    assert_eq!(hits[0].json["entry"][0]["id"], "300000000000002");
    assert!(global.hits().is_empty());
}

#[tokio::test]
async fn unsubscribed_waba_gets_no_webhooks() {
    let receiver = Receiver::start().await;
    let sim = start(Some(receiver.url.clone())).await;
    let resp = client()
        .delete(format!("{}/v23.0/{WABA}/subscribed_apps", sim.url()))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    let receipt = sim
        .customer_sends(CustomerMessage::text(PNID, CUSTOMER, "hi"))
        .await
        .unwrap();
    assert_eq!(receipt.webhook.attempts, 0);
    assert!(receiver.hits().is_empty());
    let resp = client()
        .post(format!("{}/v23.0/{WABA}/subscribed_apps", sim.url()))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    let receipt = sim
        .customer_sends(CustomerMessage::text(PNID, CUSTOMER, "hi"))
        .await
        .unwrap();
    assert!(receipt.webhook.delivered);
}

/// Sends `inbound` from the test customer; returns the `messages[0]`
/// object as the receiver got it, after checking envelope and signature.
async fn inbound(sim: &Simulator, receiver: &Receiver, msg: CustomerMessage) -> (Value, Value) {
    receiver.clear();
    let receipt = sim.customer_sends(msg).await.unwrap();
    assert!(receipt.webhook.delivered);
    // Status webhooks of earlier sends may interleave; keep message ones.
    let hits: Vec<Hit> = receiver
        .hits()
        .into_iter()
        .filter(|h| value(h).get("messages").is_some())
        .collect();
    assert_eq!(hits.len(), 1);
    assert_signed(&hits[0], SECRET);
    assert_envelope(&hits[0].json);
    let v = value(&hits[0]).clone();
    let m = v["messages"][0].clone();
    assert_eq!(m, receipt.message);
    assert_eq!(m["id"], receipt.message_id.as_str());
    assert!(m["id"].as_str().unwrap().starts_with("wamid."));
    assert!(m["timestamp"].as_str().unwrap().parse::<i64>().is_ok());
    (v, m)
}

/// Downloads inbound media the way a server must: lookup, then GET the URL
/// with the token.
async fn fetch_media(sim: &Simulator, id: &str) -> (String, Vec<u8>) {
    let (status, info) = get(sim, &format!("/v23.0/{id}")).await;
    assert_eq!(status, 200, "{info}");
    let url = info["url"].as_str().unwrap();
    let resp = client().get(url).send().await.unwrap();
    assert_eq!(resp.status().as_u16(), 401);
    let resp = client().get(url).bearer_auth(TOKEN).send().await.unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    (
        info["mime_type"].as_str().unwrap().to_string(),
        resp.bytes().await.unwrap().to_vec(),
    )
}

#[tokio::test]
async fn customer_messages_of_every_type() {
    let receiver = Receiver::start().await;
    let sim = start(Some(receiver.url.clone())).await;
    let from = |m: Inbound| CustomerMessage::new(PNID, CUSTOMER, m).profile_name("Sheena Nelson");

    let (v, m) = inbound(
        &sim,
        &receiver,
        from(Inbound::Text {
            body: "Hello".into(),
        }),
    )
    .await;
    assert_eq!(v["contacts"][0]["profile"]["name"], "Sheena Nelson");
    assert_eq!(v["contacts"][0]["wa_id"], CUSTOMER);
    assert!(
        v["contacts"][0]["user_id"]
            .as_str()
            .unwrap()
            .starts_with("US.")
    );
    assert_eq!(m["from"], CUSTOMER);
    assert_eq!(m["type"], "text");
    assert_eq!(m["text"], json!({"body": "Hello"}));
    let first_id = m["id"].as_str().unwrap().to_string();

    // Image with real bytes: the server must look up and download it.
    let png = b"\x89PNG\r\n\x1a\nfake image bytes".to_vec();
    let (_, m) = inbound(
        &sim,
        &receiver,
        from(Inbound::Image {
            media: MediaInput::bytes("image/png", &png),
            caption: Some("Taj Mahal".into()),
        }),
    )
    .await;
    assert_eq!(m["type"], "image");
    assert_eq!(m["image"]["caption"], "Taj Mahal");
    assert_eq!(m["image"]["mime_type"], "image/png");
    use sha2::Digest;
    let b64 = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(&png));
    assert_eq!(m["image"]["sha256"], b64);
    assert!(m["image"].get("url").is_none());
    let (mime, bytes) = fetch_media(&sim, m["image"]["id"].as_str().unwrap()).await;
    assert_eq!(mime, "image/png");
    assert_eq!(bytes, png);

    let (_, m) = inbound(
        &sim,
        &receiver,
        from(Inbound::Video {
            media: MediaInput::default(),
            caption: None,
        }),
    )
    .await;
    assert_eq!(m["video"]["mime_type"], "video/mp4");
    fetch_media(&sim, m["video"]["id"].as_str().unwrap()).await;

    let (_, m) = inbound(
        &sim,
        &receiver,
        from(Inbound::Audio {
            media: MediaInput::default(),
        }),
    )
    .await;
    assert_eq!(m["type"], "audio");
    assert_eq!(m["audio"]["voice"], false);

    let (_, m) = inbound(
        &sim,
        &receiver,
        from(Inbound::Voice {
            media: MediaInput::default(),
        }),
    )
    .await;
    assert_eq!(m["type"], "audio");
    assert_eq!(m["audio"]["voice"], true);
    assert_eq!(m["audio"]["mime_type"], "audio/ogg; codecs=opus");

    let (_, m) = inbound(
        &sim,
        &receiver,
        from(Inbound::Document {
            media: MediaInput::bytes("application/pdf", b"%PDF-1.4 test"),
            filename: Some("invoice.pdf".into()),
            caption: Some("My invoice".into()),
        }),
    )
    .await;
    assert_eq!(m["document"]["filename"], "invoice.pdf");
    assert_eq!(m["document"]["caption"], "My invoice");
    let (_, bytes) = fetch_media(&sim, m["document"]["id"].as_str().unwrap()).await;
    assert_eq!(bytes, b"%PDF-1.4 test");

    let (_, m) = inbound(
        &sim,
        &receiver,
        from(Inbound::Sticker {
            media: MediaInput::default(),
            animated: true,
        }),
    )
    .await;
    assert_eq!(m["sticker"]["mime_type"], "image/webp");
    assert_eq!(m["sticker"]["animated"], true);

    let (_, m) = inbound(
        &sim,
        &receiver,
        from(Inbound::Location {
            latitude: 37.483307,
            longitude: 122.148981,
            name: Some("Philz Coffee".into()),
            address: None,
        }),
    )
    .await;
    assert_eq!(m["location"]["latitude"], 37.483307);
    assert_eq!(m["location"]["name"], "Philz Coffee");
    assert!(m["location"].get("address").is_none());

    let card = json!({"name": {"formatted_name": "Ana Diaz", "first_name": "Ana"},
                      "phones": [{"phone": "+1 650 555 0000", "wa_id": "16505550000", "type": "CELL"}]});
    let (_, m) = inbound(
        &sim,
        &receiver,
        from(Inbound::Contacts {
            contacts: vec![card.clone()],
        }),
    )
    .await;
    assert_eq!(m["contacts"], json!([card]));

    // Replies to interactive messages quote the last business message.
    let (status, resp) = post_message(&sim, Some(TOKEN), &text_to("+16505551234", "pick")).await;
    assert_eq!(status, 200);
    let business_msg = resp["messages"][0]["id"].as_str().unwrap().to_string();
    let (_, m) = inbound(
        &sim,
        &receiver,
        from(Inbound::ButtonReply {
            id: "yes".into(),
            title: "Yes".into(),
        }),
    )
    .await;
    assert_eq!(m["type"], "interactive");
    assert_eq!(
        m["interactive"],
        json!({"type": "button_reply", "button_reply": {"id": "yes", "title": "Yes"}})
    );
    assert_eq!(
        m["context"],
        json!({"from": "15550783881", "id": business_msg})
    );

    let (_, m) = inbound(
        &sim,
        &receiver,
        from(Inbound::ListReply {
            id: "row1".into(),
            title: "9:00".into(),
            description: Some("early".into()),
        }),
    )
    .await;
    assert_eq!(m["interactive"]["type"], "list_reply");
    assert_eq!(m["interactive"]["list_reply"]["description"], "early");

    let (_, m) = inbound(
        &sim,
        &receiver,
        from(Inbound::Button {
            payload: "STOP".into(),
            text: "Stop".into(),
        }),
    )
    .await;
    assert_eq!(m["button"], json!({"payload": "STOP", "text": "Stop"}));

    let (_, m) = inbound(
        &sim,
        &receiver,
        from(Inbound::Reaction {
            message_id: business_msg.clone(),
            emoji: Some("😀".into()),
        }),
    )
    .await;
    assert_eq!(
        m["reaction"],
        json!({"message_id": business_msg, "emoji": "😀"})
    );
    let (_, m) = inbound(
        &sim,
        &receiver,
        from(Inbound::Reaction {
            message_id: business_msg.clone(),
            emoji: None,
        }),
    )
    .await;
    assert!(m["reaction"].get("emoji").is_none());

    let (_, m) = inbound(
        &sim,
        &receiver,
        from(Inbound::Order {
            catalog_id: "194836987003835".into(),
            text: String::new(),
            product_items: vec![OrderItem {
                product_retailer_id: "di9ozbzfi4".into(),
                quantity: 2,
                item_price: 30.0,
                currency: "USD".into(),
            }],
        }),
    )
    .await;
    assert_eq!(m["order"]["product_items"][0]["quantity"], 2);
    assert_eq!(m["order"]["text"], "");

    let (_, m) = inbound(
        &sim,
        &receiver,
        from(Inbound::Edit {
            original_message_id: first_id.clone(),
            message: Box::new(Inbound::Text {
                body: "Hello (edited)".into(),
            }),
        }),
    )
    .await;
    assert_eq!(m["type"], "edit");
    assert_eq!(m["edit"]["original_message_id"], first_id.as_str());
    assert_eq!(
        m["edit"]["message"],
        json!({"type": "text", "text": {"body": "Hello (edited)"}})
    );

    let (_, m) = inbound(
        &sim,
        &receiver,
        from(Inbound::Revoke {
            original_message_id: first_id.clone(),
        }),
    )
    .await;
    assert_eq!(m["revoke"], json!({"original_message_id": first_id}));

    let (_, m) = inbound(
        &sim,
        &receiver,
        from(Inbound::Unsupported {
            kind: Some("poll_creation".into()),
        }),
    )
    .await;
    assert_eq!(m["unsupported"], json!({"type": "poll_creation"}));
    assert_eq!(m["errors"][0]["code"], 131_051);

    let (_, m) = inbound(
        &sim,
        &receiver,
        CustomerMessage::new(PNID, CUSTOMER, Inbound::RequestWelcome),
    )
    .await;
    assert_eq!(m["type"], "request_welcome");

    let (v, m) = inbound(
        &sim,
        &receiver,
        from(Inbound::System {
            new_wa_id: "12195555358".into(),
            body: None,
        }),
    )
    .await;
    assert!(
        v.get("contacts").is_none(),
        "system messages carry no contacts"
    );
    assert_eq!(m["system"]["type"], "user_changed_number");
    assert_eq!(m["system"]["wa_id"], "12195555358");

    // Forwarded text.
    let mut fwd = from(Inbound::Text { body: "fw".into() });
    fwd.forwarded = true;
    let (_, m) = inbound(&sim, &receiver, fwd).await;
    assert_eq!(m["context"], json!({"forwarded": true}));
}

#[tokio::test]
async fn media_url_in_webhook_when_configured() {
    let receiver = Receiver::start().await;
    let sim = Simulator::start(SimConfig {
        app_secret: SECRET.into(),
        webhook_url: Some(receiver.url.clone()),
        webhooks: WebhookConfig {
            include_media_url: true,
            ..fast_webhooks()
        },
        phone_numbers: vec![phone()],
        ..SimConfig::default()
    })
    .await
    .unwrap();
    let receipt = sim
        .customer_sends(CustomerMessage::new(
            PNID,
            CUSTOMER,
            Inbound::Image {
                media: MediaInput::bytes("image/jpeg", b"jpeg!"),
                caption: None,
            },
        ))
        .await
        .unwrap();
    let url = receipt.message["image"]["url"].as_str().unwrap();
    let resp = client().get(url).bearer_auth(TOKEN).send().await.unwrap();
    assert_eq!(resp.bytes().await.unwrap().as_ref(), b"jpeg!");
    assert_eq!(
        receipt.media_id.as_deref(),
        receipt.message["image"]["id"].as_str()
    );
}

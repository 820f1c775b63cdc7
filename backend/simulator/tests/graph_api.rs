//! Graph API behaviour: sends of every type, validation errors, tokens,
//! the 24 h window, templates, media and phone number info.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use serde_json::{Value, json};
use wa_simulator::{CustomerMessage, NewTemplate, PhoneNumber, PolicyConfig, SimConfig, Simulator};

async fn upload(sim: &Simulator, token: &str, mime: &str, data: Vec<u8>) -> (u16, Value) {
    let form = reqwest::multipart::Form::new()
        .text("messaging_product", "whatsapp")
        .text("type", mime.to_string())
        .part(
            "file",
            reqwest::multipart::Part::bytes(data)
                .file_name("upload.bin")
                .mime_str(mime)
                .unwrap(),
        );
    let resp = client()
        .post(format!("{}/v23.0/{PNID}/media", sim.url()))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    (status, resp.json().await.unwrap_or(Value::Null))
}

async fn upload_id(sim: &Simulator, mime: &str, data: Vec<u8>) -> String {
    let (status, body) = upload(sim, TOKEN, mime, data).await;
    assert_eq!(status, 200, "{body}");
    body["id"].as_str().unwrap().to_string()
}

fn msg(kind: &str, obj: Value) -> Value {
    json!({
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": "+1 650-555-1234",
        "type": kind,
        kind: obj,
    })
}

fn assert_accepted(status: u16, body: &Value) -> String {
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["messaging_product"], "whatsapp");
    assert_eq!(body["contacts"][0]["wa_id"], CUSTOMER);
    assert!(body["contacts"][0]["input"].is_string());
    let id = body["messages"][0]["id"].as_str().unwrap().to_string();
    assert!(id.starts_with("wamid."), "{id}");
    id
}

#[tokio::test]
async fn every_send_type_is_accepted() {
    let sim = start(None).await;
    let inbound = open_window(&sim, CUSTOMER).await;
    let image = upload_id(&sim, "image/jpeg", vec![0xFF; 2048]).await;
    let voice = upload_id(&sim, "audio/ogg", vec![1; 4096]).await;
    let sticker = upload_id(&sim, "image/webp", vec![2; 1024]).await;

    let bodies = vec![
        msg(
            "text",
            json!({"body": "Visit https://example.com", "preview_url": true}),
        ),
        msg("image", json!({"id": image, "caption": "A photo"})),
        msg("image", json!({"link": "https://cdn.example.com/a.png"})),
        msg("audio", json!({"id": voice, "voice": true})),
        msg("audio", json!({"link": "https://cdn.example.com/a.mp3"})),
        msg(
            "video",
            json!({"link": "https://cdn.example.com/v.mp4", "caption": "clip"}),
        ),
        msg(
            "document",
            json!({"link": "https://cdn.example.com/r.pdf", "filename": "r.pdf", "caption": "report"}),
        ),
        msg("sticker", json!({"id": sticker})),
        msg(
            "location",
            json!({"latitude": 37.758, "longitude": -122.425, "name": "Shop", "address": "1 Main St"}),
        ),
        json!({"messaging_product": "whatsapp", "to": "+16505551234", "type": "contacts",
               "contacts": [{"name": {"formatted_name": "Ana Diaz", "first_name": "Ana"},
                             "phones": [{"phone": "+16505550000", "type": "WORK"}]}]}),
        msg("reaction", json!({"message_id": inbound, "emoji": "👍"})),
        msg("reaction", json!({"message_id": inbound, "emoji": ""})),
        msg(
            "interactive",
            json!({"type": "button", "header": {"type": "text", "text": "Choose"},
            "body": {"text": "Pick one"}, "footer": {"text": "footer"},
            "action": {"buttons": [
                {"type": "reply", "reply": {"id": "yes", "title": "Yes"}},
                {"type": "reply", "reply": {"id": "no", "title": "No"}}]}}),
        ),
        msg(
            "interactive",
            json!({"type": "list", "header": {"type": "text", "text": "Menu"},
            "body": {"text": "Pick a slot"},
            "action": {"button": "Slots", "sections": [
                {"title": "Morning", "rows": [{"id": "m1", "title": "9:00", "description": "early"}]},
                {"title": "Evening", "rows": [{"id": "e1", "title": "18:00"}]}]}}),
        ),
        msg(
            "interactive",
            json!({"type": "cta_url", "body": {"text": "Our site"},
            "action": {"name": "cta_url", "parameters": {"display_text": "Open", "url": "https://example.com"}}}),
        ),
        msg(
            "template",
            json!({"name": "order_update", "language": {"code": "en_US"},
            "components": [
                {"type": "header", "parameters": [{"type": "image", "image": {"link": "https://cdn.example.com/h.png"}}]},
                {"type": "body", "parameters": [{"type": "text", "text": "Ana"},
                    {"type": "currency", "currency": {"fallback_value": "$10", "code": "USD", "amount_1000": 10000}}]},
                {"type": "button", "sub_type": "url", "index": "1", "parameters": [{"type": "text", "text": "A123"}]},
                {"type": "button", "sub_type": "quick_reply", "index": 0, "parameters": [{"type": "payload", "payload": "STOP"}]}]}),
        ),
    ];
    let n = bodies.len();
    for body in &bodies {
        let (status, resp) = post_message(&sim, Some(TOKEN), body).await;
        assert_accepted(status, &resp);
    }

    // A reply quoting the inbound message.
    let mut reply = text_to("+16505551234", "quoted");
    reply["context"] = json!({"message_id": inbound});
    let (status, resp) = post_message(&sim, Some(TOKEN), &reply).await;
    assert_accepted(status, &resp);

    let sent = sim.sent_messages();
    assert_eq!(sent.len(), n + 1);
    let kinds: Vec<&str> = sent.iter().map(|m| m.kind.as_str()).collect();
    for k in [
        "text",
        "image",
        "audio",
        "video",
        "document",
        "sticker",
        "location",
        "contacts",
        "reaction",
        "interactive",
        "template",
    ] {
        assert!(kinds.contains(&k), "missing {k}");
    }
    assert_eq!(
        sent[n].context_message_id.as_deref(),
        Some(inbound.as_str())
    );
    assert_eq!(sent[0].wa_id, CUSTOMER);
    assert_eq!(sent[0].request["text"]["preview_url"], true);
}

#[tokio::test]
async fn template_response_has_message_status() {
    let sim = start(None).await;
    let body = msg(
        "template",
        json!({"name": "hello_world", "language": {"code": "en_US"}}),
    );
    let (status, resp) = post_message(&sim, Some(TOKEN), &body).await;
    assert_accepted(status, &resp);
    assert_eq!(resp["messages"][0]["message_status"], "accepted");
}

#[tokio::test]
async fn mark_as_read_with_typing_indicator() {
    let sim = start(None).await;
    let inbound = open_window(&sim, CUSTOMER).await;
    let body = json!({"messaging_product": "whatsapp", "status": "read", "message_id": inbound,
                      "typing_indicator": {"type": "text"}});
    let (status, resp) = post_message(&sim, Some(TOKEN), &body).await;
    assert_eq!(status, 200);
    assert_eq!(resp, json!({"success": true}));
    let reads = sim.read_receipts();
    assert_eq!(reads.len(), 1);
    assert!(reads[0].typing_indicator);
    assert_eq!(reads[0].message_id, inbound);

    let unknown =
        json!({"messaging_product": "whatsapp", "status": "read", "message_id": "wamid.nope"});
    let (status, resp) = post_message(&sim, Some(TOKEN), &unknown).await;
    assert_eq!(status, 400);
    assert_eq!(assert_meta_error(&resp), 100);
}

#[tokio::test]
async fn malformed_sends_are_rejected_with_meta_codes() {
    let sim = start(None).await;
    open_window(&sim, CUSTOMER).await;
    let image = upload_id(&sim, "image/png", vec![3; 512]).await;
    let buttons = |n: usize, title: &str| {
        let list: Vec<Value> = (0..n)
            .map(|i| json!({"type": "reply", "reply": {"id": format!("b{i}"), "title": format!("{title}{i}")}}))
            .collect();
        msg(
            "interactive",
            json!({"type": "button", "body": {"text": "x"}, "action": {"buttons": list}}),
        )
    };
    let rows: Vec<Value> = (0..11)
        .map(|i| json!({"id": format!("r{i}"), "title": "row"}))
        .collect();
    let cases: Vec<(&str, Value, i64)> = vec![
        (
            "text too long",
            msg("text", json!({"body": "a".repeat(4097)})),
            100,
        ),
        ("empty text", msg("text", json!({"body": ""})), 131_008),
        (
            "missing text object",
            json!({"messaging_product": "whatsapp", "to": "+16505551234", "type": "text"}),
            131_008,
        ),
        ("unknown type", msg("hologram", json!({})), 131_051),
        (
            "no messaging_product",
            json!({"to": "+16505551234", "text": {"body": "x"}}),
            100,
        ),
        (
            "no recipient",
            json!({"messaging_product": "whatsapp", "text": {"body": "x"}}),
            100,
        ),
        ("bad phone", text_to("call me maybe", "x"), 100),
        (
            "caption too long",
            msg("image", json!({"id": image, "caption": "c".repeat(1025)})),
            100,
        ),
        (
            "id and link",
            msg(
                "image",
                json!({"id": image, "link": "https://x.example/a.png"}),
            ),
            100,
        ),
        (
            "neither id nor link",
            msg("video", json!({"caption": "x"})),
            131_008,
        ),
        (
            "bad link",
            msg("document", json!({"link": "not a url"})),
            100,
        ),
        (
            "caption on sticker",
            msg("sticker", json!({"id": image, "caption": "x"})),
            100,
        ),
        (
            "unknown media id",
            msg("image", json!({"id": "999999999"})),
            131_009,
        ),
        ("four buttons", buttons(4, "B"), 100),
        ("long button title", buttons(1, &"t".repeat(20)), 100),
        (
            "eleven rows",
            msg(
                "interactive",
                json!({"type": "list", "body": {"text": "x"},
            "action": {"button": "Open", "sections": [{"title": "S", "rows": rows}]}}),
            ),
            100,
        ),
        (
            "cta without url",
            msg(
                "interactive",
                json!({"type": "cta_url", "body": {"text": "x"},
            "action": {"name": "cta_url", "parameters": {"display_text": "Go"}}}),
            ),
            131_008,
        ),
        (
            "unknown interactive",
            msg(
                "interactive",
                json!({"type": "carousel_of_doom", "body": {"text": "x"}}),
            ),
            100,
        ),
        (
            "no contacts",
            json!({"messaging_product": "whatsapp", "to": "+16505551234", "type": "contacts", "contacts": []}),
            100,
        ),
        (
            "location without longitude",
            msg("location", json!({"latitude": 1.0})),
            131_008,
        ),
        (
            "reaction without emoji",
            msg("reaction", json!({"message_id": "wamid.X"})),
            131_008,
        ),
        (
            "template without language",
            msg("template", json!({"name": "hello_world"})),
            131_008,
        ),
        (
            "opaque data too long",
            {
                let mut b = text_to("+16505551234", "x");
                b["biz_opaque_callback_data"] = json!("o".repeat(513));
                b
            },
            100,
        ),
        ("send to self", text_to(DISPLAY, "x"), 131_021),
    ];
    for (name, body, code) in cases {
        let (status, resp) = post_message(&sim, Some(TOKEN), &body).await;
        assert_eq!(status, 400, "{name}: {resp}");
        assert_eq!(assert_meta_error(&resp), code, "{name}: {resp}");
        assert!(
            resp["error"]["message"]
                .as_str()
                .unwrap()
                .contains(&format!("(#{code})")),
            "{name}: {resp}"
        );
    }
    // Not JSON at all.
    let resp = client()
        .post(format!("{}/v23.0/{PNID}/messages", sim.url()))
        .bearer_auth(TOKEN)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 400);
    let body: Value = resp.json().await.unwrap();
    assert_eq!(assert_meta_error(&body), 100);
    assert!(sim.sent_messages().is_empty());
}

#[tokio::test]
async fn bearer_token_must_match_the_number() {
    let sim = start(None).await;
    open_window(&sim, CUSTOMER).await;
    sim.add_phone_number(PhoneNumber::new(
        "200000000000001",
        "300000000000001",
        "+1 555-010-0002",
        "other-token",
    ))
    .unwrap();
    let body = text_to("+16505551234", "hello");

    let (status, resp) = post_message(&sim, None, &body).await;
    assert_eq!(status, 401);
    assert_eq!(assert_meta_error(&resp), 104);

    let (status, resp) = post_message(&sim, Some("wrong"), &body).await;
    assert_eq!(status, 401);
    assert_eq!(assert_meta_error(&resp), 190);
    assert_eq!(resp["error"]["type"], "OAuthException");

    // A valid token of another number is not valid for this one.
    let (status, resp) = post_message(&sim, Some("other-token"), &body).await;
    assert_eq!(status, 401);
    assert_eq!(assert_meta_error(&resp), 190);

    // Unknown phone number id with a known token.
    let (status, resp) = post_message_to(&sim, "123456789", Some(TOKEN), &body).await;
    assert_eq!(status, 400);
    assert_eq!(assert_meta_error(&resp), 100);
    assert_eq!(resp["error"]["error_subcode"], 33);

    let (status, resp) = post_message(&sim, Some(TOKEN), &body).await;
    assert_accepted(status, &resp);
    assert_eq!(sim.sent_messages().len(), 1);
}

#[tokio::test]
async fn window_closed_rejects_free_form_but_allows_templates() {
    let sim = start(None).await;
    let text = text_to("+16505551234", "hello");

    // Customer never wrote: window closed.
    let (status, resp) = post_message(&sim, Some(TOKEN), &text).await;
    assert_eq!(status, 400);
    assert_eq!(assert_meta_error(&resp), 131_047);

    let template = msg(
        "template",
        json!({"name": "hello_world", "language": {"code": "en_US"}}),
    );
    let (status, resp) = post_message(&sim, Some(TOKEN), &template).await;
    assert_accepted(status, &resp);

    // The customer writes: window open.
    open_window(&sim, CUSTOMER).await;
    let (status, resp) = post_message(&sim, Some(TOKEN), &text).await;
    assert_accepted(status, &resp);

    // 25 hours later it is closed again.
    sim.advance_clock(chrono::Duration::hours(25));
    let (status, resp) = post_message(&sim, Some(TOKEN), &text).await;
    assert_eq!(status, 400);
    assert_eq!(assert_meta_error(&resp), 131_047);
    let (status, resp) = post_message(&sim, Some(TOKEN), &template).await;
    assert_accepted(status, &resp);

    // Moving the last inbound time directly.
    sim.set_last_inbound(
        PNID,
        CUSTOMER,
        Some(sim.now() - chrono::Duration::hours(23)),
    );
    let (status, _) = post_message(&sim, Some(TOKEN), &text).await;
    assert_eq!(status, 200);
    sim.set_last_inbound(
        PNID,
        CUSTOMER,
        Some(sim.now() - chrono::Duration::hours(24)),
    );
    let (status, _) = post_message(&sim, Some(TOKEN), &text).await;
    assert_eq!(status, 400);

    // The window is per customer.
    open_window(&sim, "447700900123").await;
    let (status, _) = post_message(&sim, Some(TOKEN), &text_to("+447700900123", "hi")).await;
    assert_eq!(status, 200);
    let (status, _) = post_message(&sim, Some(TOKEN), &text).await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn window_uses_the_injected_clock() {
    let start_at = chrono::DateTime::from_timestamp(1_750_000_000, 0).unwrap();
    let clock = std::sync::Arc::new(wa_simulator::ManualClock::new(start_at));
    let sim = Simulator::start(SimConfig {
        phone_numbers: vec![phone()],
        clock: clock.clone(),
        ..SimConfig::default()
    })
    .await
    .unwrap();
    let receipt = sim
        .customer_sends(CustomerMessage::text(PNID, CUSTOMER, "hi"))
        .await
        .unwrap();
    assert_eq!(receipt.message["timestamp"], "1750000000");
    clock.advance(chrono::Duration::hours(23));
    let (status, _) = post_message(&sim, Some(TOKEN), &text_to("+16505551234", "x")).await;
    assert_eq!(status, 200);
    assert_eq!(sim.sent_messages()[0].timestamp, 1_750_000_000 + 23 * 3600);
    clock.advance(chrono::Duration::hours(2));
    let (status, _) = post_message(&sim, Some(TOKEN), &text_to("+16505551234", "x")).await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn template_existence_language_and_parameters() {
    let sim = start(None).await;
    sim.add_template(NewTemplate::new(WABA, "paused_one", "en_US", "x").status("PAUSED"))
        .unwrap();
    let t = |tpl: Value| msg("template", tpl);
    let body_params = |n: usize| {
        let params: Vec<Value> = (0..n)
            .map(|i| json!({"type": "text", "text": format!("p{i}")}))
            .collect();
        json!({"type": "body", "parameters": params})
    };
    let header_image =
        json!({"type": "header", "parameters": [{"type": "image", "image": {"id": "123"}}]});
    let url_button = json!({"type": "button", "sub_type": "url", "index": "1", "parameters": [{"type": "text", "text": "x"}]});

    let cases: Vec<(&str, Value, u16, i64)> = vec![
        (
            "unknown name",
            t(json!({"name": "nope", "language": {"code": "en_US"}})),
            404,
            132_001,
        ),
        (
            "wrong language",
            t(json!({"name": "hello_world", "language": {"code": "pt_BR"}})),
            404,
            132_001,
        ),
        (
            "too few body params",
            t(
                json!({"name": "order_update", "language": {"code": "en_US"},
            "components": [header_image.clone(), body_params(1), url_button.clone()]}),
            ),
            400,
            132_000,
        ),
        (
            "too many body params",
            t(
                json!({"name": "order_update", "language": {"code": "en_US"},
            "components": [header_image.clone(), body_params(3), url_button.clone()]}),
            ),
            400,
            132_000,
        ),
        (
            "missing header media",
            t(
                json!({"name": "order_update", "language": {"code": "en_US"},
            "components": [body_params(2), url_button.clone()]}),
            ),
            400,
            132_000,
        ),
        (
            "header of wrong kind",
            t(
                json!({"name": "order_update", "language": {"code": "en_US"},
            "components": [{"type": "header", "parameters": [{"type": "video", "video": {"link": "https://x.example/v.mp4"}}]},
                           body_params(2), url_button.clone()]}),
            ),
            400,
            132_012,
        ),
        (
            "missing url button param",
            t(
                json!({"name": "order_update", "language": {"code": "en_US"},
            "components": [header_image.clone(), body_params(2)]}),
            ),
            400,
            132_000,
        ),
        (
            "params for a template without variables",
            t(json!({"name": "hello_world", "language": {"code": "en_US"},
            "components": [body_params(1)]})),
            400,
            132_000,
        ),
        (
            "wrong named parameter",
            t(
                json!({"name": "greeting_named", "language": {"code": "en_US"},
            "components": [{"type": "body", "parameters": [{"type": "text", "parameter_name": "last_name", "text": "A"}]}]}),
            ),
            400,
            132_000,
        ),
        (
            "paused",
            t(json!({"name": "paused_one", "language": {"code": "en_US"}})),
            400,
            132_015,
        ),
    ];
    for (name, body, http, code) in cases {
        let (status, resp) = post_message(&sim, Some(TOKEN), &body).await;
        assert_eq!(status, http, "{name}: {resp}");
        assert_eq!(assert_meta_error(&resp), code, "{name}: {resp}");
    }
    let (_, resp) = post_message(
        &sim,
        Some(TOKEN),
        &t(json!({"name": "nope", "language": {"code": "en_US"}})),
    )
    .await;
    assert_eq!(resp["error"]["error_subcode"], 2_494_073);
    assert!(
        resp["error"]["error_data"]["details"]
            .as_str()
            .unwrap()
            .contains("nope")
    );

    let ok = t(
        json!({"name": "greeting_named", "language": {"code": "en_US"},
        "components": [{"type": "body", "parameters": [{"type": "text", "parameter_name": "first_name", "text": "Ana"}]}]}),
    );
    let (status, resp) = post_message(&sim, Some(TOKEN), &ok).await;
    assert_accepted(status, &resp);
}

#[tokio::test]
async fn templates_are_listed_with_cursor_paging() {
    let sim = start(None).await;
    for i in 0..8 {
        sim.add_template(NewTemplate::new(
            WABA,
            format!("extra_{i}"),
            "en_US",
            "Body {{1}}",
        ))
        .unwrap();
    }
    // Another WABA's template is not listed.
    sim.add_template(NewTemplate::new("999", "foreign", "en_US", "x"))
        .unwrap();

    let mut url = format!(
        "{}/v23.0/{WABA}/message_templates?limit=4&fields=name,language,status",
        sim.url()
    );
    let mut names = Vec::new();
    let mut pages = 0;
    loop {
        let resp = client().get(&url).bearer_auth(TOKEN).send().await.unwrap();
        assert_eq!(resp.status().as_u16(), 200);
        let body: Value = resp.json().await.unwrap();
        pages += 1;
        for t in body["data"].as_array().unwrap() {
            assert!(t["id"].is_string());
            assert!(t.get("components").is_none(), "fields filter ignored: {t}");
            assert_eq!(t["status"], "APPROVED");
            names.push(t["name"].as_str().unwrap().to_string());
        }
        assert!(body["paging"]["cursors"]["before"].is_string());
        assert!(body["paging"]["cursors"]["after"].is_string());
        match body["paging"]["next"].as_str() {
            Some(next) => {
                assert!(next.starts_with(sim.url()), "next must be absolute: {next}");
                url = next.to_string();
            }
            None => break,
        }
        assert!(pages < 10);
    }
    assert_eq!(pages, 3);
    assert_eq!(names.len(), 11);
    let mut unique = names.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 11);
    assert!(!names.contains(&"foreign".to_string()));

    // `after` cursor by hand, default fields.
    let (_, first) = get(&sim, &format!("/v23.0/{WABA}/message_templates?limit=2")).await;
    assert_eq!(first["data"].as_array().unwrap().len(), 2);
    assert!(first["data"][0]["components"].is_array());
    assert!(first["data"][0]["parameter_format"].is_string());
    let after = first["paging"]["cursors"]["after"].as_str().unwrap();
    let (_, second) = get(
        &sim,
        &format!("/v23.0/{WABA}/message_templates?limit=2&after={after}"),
    )
    .await;
    assert_eq!(second["data"][0]["name"], names[2]);
    assert!(second["paging"]["previous"].is_string());

    // Filters and bad parameters.
    let (_, named) = get(&sim, &format!("/v23.0/{WABA}/message_templates?name=hello")).await;
    assert_eq!(named["data"].as_array().unwrap().len(), 1);
    let (status, bad) = get(&sim, &format!("/v23.0/{WABA}/message_templates?limit=zero")).await;
    assert_eq!(status, 400);
    assert_eq!(assert_meta_error(&bad), 100);
    let (status, bad) = get(
        &sim,
        &format!("/v23.0/{WABA}/message_templates?after=garbage"),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(assert_meta_error(&bad), 100);
    let resp = client()
        .get(format!("{}/v23.0/{WABA}/message_templates", sim.url()))
        .bearer_auth("nope")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 401);
}

#[tokio::test]
async fn media_upload_lookup_download_delete() {
    let sim = start(None).await;
    let data: Vec<u8> = (0..5000u32).map(|i| (i % 251) as u8).collect();
    let id = upload_id(&sim, "image/jpeg", data.clone()).await;

    let (status, info) = get(&sim, &format!("/v23.0/{id}")).await;
    assert_eq!(status, 200, "{info}");
    assert_eq!(info["messaging_product"], "whatsapp");
    assert_eq!(info["id"], id.as_str());
    assert_eq!(info["mime_type"], "image/jpeg");
    assert_eq!(info["file_size"], "5000");
    use sha2::Digest;
    assert_eq!(info["sha256"], hex::encode(sha2::Sha256::digest(&data)));
    let url = info["url"].as_str().unwrap().to_string();
    assert!(url.starts_with(sim.url()));

    // Lookup with the owner's phone_number_id, and with another one.
    let (status, _) = get(&sim, &format!("/v23.0/{id}?phone_number_id={PNID}")).await;
    assert_eq!(status, 200);
    let (status, _) = get(&sim, &format!("/v23.0/{id}?phone_number_id=42")).await;
    assert_eq!(status, 400);

    // Download requires the token.
    let resp = client().get(&url).send().await.unwrap();
    assert_eq!(resp.status().as_u16(), 401);
    let resp = client()
        .get(&url)
        .bearer_auth("wrong")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 401);
    let resp = client().get(&url).bearer_auth(TOKEN).send().await.unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    assert_eq!(resp.headers()["content-type"], "image/jpeg");
    assert_eq!(resp.bytes().await.unwrap().to_vec(), data);

    // A tampered URL is not served.
    let tampered = url.replace("hash=", "hash=00");
    let resp = client()
        .get(&tampered)
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 404);

    // URLs expire after 5 minutes.
    sim.advance_clock(chrono::Duration::minutes(6));
    let resp = client().get(&url).bearer_auth(TOKEN).send().await.unwrap();
    assert_eq!(resp.status().as_u16(), 404);
    let (_, fresh) = get(&sim, &format!("/v23.0/{id}")).await;
    let resp = client()
        .get(fresh["url"].as_str().unwrap())
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);

    // Delete.
    let resp = client()
        .delete(format!("{}/v23.0/{id}", sim.url()))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    assert_eq!(
        resp.json::<Value>().await.unwrap(),
        json!({"success": true})
    );
    let (status, gone) = get(&sim, &format!("/v23.0/{id}")).await;
    assert_eq!(status, 400);
    assert_eq!(assert_meta_error(&gone), 100);
}

#[tokio::test]
async fn media_upload_validation() {
    let sim = start(None).await;
    let (status, body) = upload(&sim, TOKEN, "image/gif", vec![1; 10]).await;
    assert_eq!(status, 400);
    assert_eq!(assert_meta_error(&body), 131_053);
    let (status, body) = upload(&sim, TOKEN, "image/webp", vec![1; 600 * 1024]).await;
    assert_eq!(status, 400);
    assert_eq!(assert_meta_error(&body), 131_053);
    let (status, body) = upload(&sim, TOKEN, "image/png", vec![1; 5 * 1024 * 1024 + 1]).await;
    assert_eq!(status, 400);
    assert_eq!(assert_meta_error(&body), 131_053);
    let (status, body) = upload(&sim, "bad-token", "image/png", vec![1; 10]).await;
    assert_eq!(status, 401);
    assert_eq!(assert_meta_error(&body), 190);
    let (status, _) = upload(&sim, TOKEN, "application/pdf", vec![1; 10]).await;
    assert_eq!(status, 200);
    let (status, _) = upload(&sim, TOKEN, "audio/ogg; codecs=opus", vec![1; 10]).await;
    assert_eq!(status, 200);

    // Missing `type` and `messaging_product` fields.
    let form = reqwest::multipart::Form::new()
        .text("messaging_product", "whatsapp")
        .part(
            "file",
            reqwest::multipart::Part::bytes(vec![1u8; 10]).file_name("a.png"),
        );
    let resp = client()
        .post(format!("{}/v23.0/{PNID}/media", sim.url()))
        .bearer_auth(TOKEN)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 400);
    assert_eq!(assert_meta_error(&resp.json().await.unwrap()), 100);
    let form = reqwest::multipart::Form::new()
        .text("type", "image/png")
        .part(
            "file",
            reqwest::multipart::Part::bytes(vec![1u8; 10]).file_name("a.png"),
        );
    let resp = client()
        .post(format!("{}/v23.0/{PNID}/media", sim.url()))
        .bearer_auth(TOKEN)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 400);
}

#[tokio::test]
async fn sending_media_of_the_wrong_kind_fails_asynchronously() {
    let receiver = Receiver::start().await;
    let sim = start(Some(receiver.url.clone())).await;
    open_window(&sim, CUSTOMER).await;
    receiver.clear();
    let pdf = upload_id(&sim, "application/pdf", vec![1; 100]).await;
    let (status, resp) = post_message(&sim, Some(TOKEN), &msg("image", json!({"id": pdf}))).await;
    let wamid = assert_accepted(status, &resp);
    receiver.wait(1).await;
    assert_eq!(receiver.statuses_of(&wamid), vec!["failed"]);
    let failed = statuses(&receiver.hits()[0].json);
    assert_eq!(failed[0]["errors"][0]["code"], 131_053);
    // The same PDF as a document is fine.
    let (status, _) = post_message(
        &sim,
        Some(TOKEN),
        &msg("document", json!({"id": pdf, "filename": "a.pdf"})),
    )
    .await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn phone_number_info_and_waba_edges() {
    let sim = start(Some("http://127.0.0.1:9/hook".into())).await;
    let (status, info) = get(&sim, &format!("/v23.0/{PNID}")).await;
    assert_eq!(status, 200);
    assert_eq!(
        info,
        json!({"id": PNID, "display_phone_number": DISPLAY, "verified_name": "Jaspers Market", "quality_rating": "GREEN"})
    );
    let (_, info) = get(
        &sim,
        &format!("/v23.0/{PNID}?fields=display_phone_number,code_verification_status,name_status,platform_type,throughput,webhook_configuration"),
    )
    .await;
    assert_eq!(info["code_verification_status"], "VERIFIED");
    assert_eq!(info["name_status"], "APPROVED");
    assert_eq!(info["platform_type"], "CLOUD_API");
    assert_eq!(info["throughput"]["level"], "STANDARD");
    assert_eq!(
        info["webhook_configuration"]["application"],
        "http://127.0.0.1:9/hook"
    );
    assert!(info.get("verified_name").is_none());

    let resp = client()
        .get(format!("{}/v23.0/{PNID}", sim.url()))
        .bearer_auth("expired")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 401);

    let (status, list) = get(&sim, &format!("/v23.0/{WABA}/phone_numbers")).await;
    assert_eq!(status, 200);
    assert_eq!(list["data"][0]["id"], PNID);
    assert_eq!(list["data"][0]["status"], "CONNECTED");

    let (status, apps) = get(&sim, &format!("/v23.0/{WABA}/subscribed_apps")).await;
    assert_eq!(status, 200);
    assert_eq!(apps["data"].as_array().unwrap().len(), 1);

    let (status, unknown) = get(&sim, "/v23.0/777777").await;
    assert_eq!(status, 400);
    assert_eq!(unknown["error"]["error_subcode"], 33);
    let (status, path) = get(&sim, "/nonsense").await;
    assert_eq!(status, 400);
    assert_eq!(path["error"]["code"], 2500);
}

#[tokio::test]
async fn throughput_limit_gives_130429() {
    let sim = start(None).await;
    open_window(&sim, CUSTOMER).await;
    sim.set_policy(PolicyConfig {
        throughput_mps: Some(3),
        ..PolicyConfig::default()
    });
    let mut codes = Vec::new();
    for _ in 0..10 {
        let (status, body) = post_message(&sim, Some(TOKEN), &text_to("+16505551234", "x")).await;
        if status == 429 {
            assert_eq!(assert_meta_error(&body), 130_429);
            assert_eq!(body["error"]["is_transient"], true);
        }
        codes.push(status);
    }
    assert!(
        codes.iter().filter(|c| **c == 429).count() >= 1,
        "{codes:?}"
    );
    assert!(
        codes.iter().filter(|c| **c == 200).count() >= 3,
        "{codes:?}"
    );
}

#[tokio::test]
async fn recipient_by_business_scoped_user_id() {
    let sim = start(None).await;
    let receipt = sim
        .customer_sends(CustomerMessage::text(PNID, CUSTOMER, "hi"))
        .await
        .unwrap();
    let user_id = receipt.message["from_user_id"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(user_id.starts_with("US."));
    let body = json!({"messaging_product": "whatsapp", "recipient": user_id, "type": "text", "text": {"body": "hi"}});
    let (status, resp) = post_message(&sim, Some(TOKEN), &body).await;
    assert_eq!(status, 200, "{resp}");
    assert_eq!(resp["contacts"][0]["user_id"], user_id.as_str());
    assert!(resp["contacts"][0].get("wa_id").is_none());
    assert_eq!(sim.sent_messages()[0].wa_id, CUSTOMER);
}

use super::*;
use crate::inbound::harness::*;
use crate::support::assert_problem;
use diesel::prelude::*;
use serde_json::{Value, json};
use std::time::Duration;
use wa_simulator::{Fault, FaultKind, FaultScope};
use winmessages::db::schema::{message_reactions, outbox_jobs};

fn fast_retries(c: &mut winmessages::config::Config) {
    c.outbox_retry_base = Duration::from_millis(1);
}

/// Moves the app clock past any planned retry and sends what is due, `rounds` times.
async fn drain_with_retries(h: &Inbound, rounds: usize) {
    for _ in 0..rounds {
        drain(h).await;
        h.app.clock.advance(chrono::Duration::seconds(5));
    }
}

#[actix_web::test]
async fn every_message_type_reaches_whatsapp_as_it_expects() {
    let h = Inbound::start().await;
    let acme = h.app.org("Acme");
    let chat = chat(&h, &acme).await;
    let c = chat.conversation;

    let (s, _, png) = upload(&h, &acme, "image/png", "photo.png", b"\x89PNG fake image").await;
    assert_eq!(s, 201, "{png}");
    assert_eq!(png["mime_type"], "image/png");
    let (_, _, pdf) = upload(
        &h,
        &acme,
        "application/pdf",
        "invoice.pdf",
        b"%PDF-1.4 fake",
    )
    .await;
    let (_, _, ogg) = upload(&h, &acme, "audio/ogg", "note.ogg", b"OggS fake voice").await;
    let (_, _, webp) = upload(&h, &acme, "image/webp", "s.webp", b"RIFF fake webp").await;

    let requests = vec![
        json!({"type": "text", "text": {"body": "Yes! See https://shop.example/o/1", "preview_url": true},
               "reply_to_message_id": chat.inbound}),
        json!({"type": "image", "image": {"media_id": png["id"], "caption": "Your parcel"}}),
        json!({"type": "image", "image": {"link": "https://cdn.shop.example/p.jpg"}}),
        json!({"type": "audio", "audio": {"media_id": ogg["id"], "voice": true}}),
        json!({"type": "video", "video": {"link": "https://cdn.shop.example/v.mp4", "caption": "Unboxing"}}),
        json!({"type": "document", "document": {"media_id": pdf["id"], "filename": "invoice.pdf"}}),
        json!({"type": "sticker", "sticker": {"media_id": webp["id"]}}),
        json!({"type": "location", "location": {"latitude": 52.52, "longitude": 13.405, "name": "Shop", "address": "Main St 1"}}),
        json!({"type": "contacts", "contacts": [{"name": {"formatted_name": "Support Desk", "first_name": "Support"},
               "phones": [{"phone": "+15550001111", "type": "WORK"}]}]}),
        json!({"type": "reaction", "reaction": {"message_id": chat.inbound, "emoji": "👍"}}),
        json!({"type": "interactive", "interactive": {"type": "button", "body": {"text": "Is this resolved?"},
               "action": {"buttons": [{"type": "reply", "reply": {"id": "yes", "title": "Yes"}},
                                      {"type": "reply", "reply": {"id": "no", "title": "No"}}]}}}),
        json!({"type": "interactive", "interactive": {"type": "list", "body": {"text": "Pick a slot"},
               "action": {"button": "Slots", "sections": [{"title": "Monday", "rows": [{"id": "m9", "title": "9:00"}]}]}}}),
        json!({"type": "interactive", "interactive": {"type": "cta_url", "body": {"text": "Track it"},
               "action": {"name": "cta_url", "parameters": {"display_text": "Track", "url": "https://shop.example/t/1"}}}}),
    ];
    let mut ids = Vec::new();
    for body in &requests {
        let (status, _, msg) = send(&h, &acme, c, body).await;
        assert_eq!(status, 202, "{body} → {msg}");
        assert_eq!(msg["status"], "pending");
        assert_eq!(msg["direction"], "outbound");
        assert_eq!(msg["type"], body["type"]);
        assert_eq!(msg["sent_by_user_id"], json!(acme.agent.id.0));
        ids.push(msg["id"].as_i64().unwrap());
    }
    assert_eq!(drain(&h).await, requests.len());

    let sent = h.sim.sent_messages();
    assert_eq!(sent.len(), requests.len(), "one Graph API send per message");
    let by_type = |t: &str| -> Vec<&wa_simulator::SentMessage> {
        sent.iter().filter(|m| m.kind == t).collect()
    };
    let text = by_type("text")[0];
    assert_eq!(text.request["text"]["preview_url"], true);
    assert_eq!(
        text.context_message_id.as_deref(),
        Some(chat.inbound_wamid.as_str())
    );
    assert_eq!(text.wa_id, CUSTOMER);
    let images = by_type("image");
    assert!(
        images[0].request["image"]["id"].is_string(),
        "uploaded to WhatsApp first: {}",
        images[0].request
    );
    assert_eq!(images[0].request["image"]["caption"], "Your parcel");
    assert_eq!(
        images[1].request["image"]["link"],
        "https://cdn.shop.example/p.jpg"
    );
    assert_eq!(by_type("audio")[0].request["audio"]["voice"], true);
    assert_eq!(
        by_type("document")[0].request["document"]["filename"],
        "invoice.pdf"
    );
    assert!(by_type("sticker")[0].request["sticker"]["id"].is_string());
    assert_eq!(
        by_type("location")[0].request["location"]["latitude"],
        52.52
    );
    assert_eq!(
        by_type("contacts")[0].request["contacts"][0]["name"]["formatted_name"],
        "Support Desk"
    );
    assert_eq!(
        by_type("reaction")[0].request["reaction"]["message_id"],
        chat.inbound_wamid.as_str()
    );
    let kinds: Vec<&str> = by_type("interactive")
        .iter()
        .map(|m| m.request["interactive"]["type"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, vec!["button", "list", "cta_url"]);
    for m in &sent {
        assert!(
            m.request["biz_opaque_callback_data"]
                .as_str()
                .is_some_and(|d| d.starts_with("wm:")),
            "every send names our message: {}",
            m.request
        );
    }

    // Every message got its wamid and moved to sent; the file of an upload is fetched from us.
    let states = outbound_states(&h);
    let wamids: std::collections::HashSet<&str> = sent.iter().map(|m| m.id.as_str()).collect();
    for id in &ids {
        let (status, wamid, _) = &states[id];
        assert_eq!(status, "sent");
        assert!(wamids.contains(wamid.as_deref().unwrap()));
    }
    // The reaction shows on its target; removing it clears it.
    let reactions = |h: &Inbound| -> Vec<(String, String)> {
        message_reactions::table
            .filter(message_reactions::message_id.eq(chat.inbound))
            .select((message_reactions::reactor, message_reactions::emoji))
            .load(&mut h.app.state.pool.get().unwrap())
            .unwrap()
    };
    assert_eq!(
        reactions(&h),
        vec![("business".to_owned(), "👍".to_owned())]
    );
    let (s, _, _) = send(
        &h,
        &acme,
        c,
        &json!({"type": "reaction", "reaction": {"message_id": chat.inbound, "emoji": ""}}),
    )
    .await;
    assert_eq!(s, 202);
    drain(&h).await;
    assert!(reactions(&h).is_empty());
    assert_eq!(
        h.sim.sent_messages().last().unwrap().request["reaction"]["emoji"],
        ""
    );

    // The conversation shows the latest reply; the thread lists the replies.
    let (_, _, conv) = get_json(&h, &acme, &format!("/api/v1/conversations/{c}")).await;
    assert_eq!(conv["last_message"]["type"], "interactive");
    let (_, _, page) = get_json(
        &h,
        &acme,
        &format!("/api/v1/conversations/{c}/messages?limit=100"),
    )
    .await;
    assert_eq!(page["items"].as_array().unwrap().len(), requests.len() + 2);
    h.stop().await;
}

#[actix_web::test]
async fn status_webhooks_move_replies_to_delivered_and_read() {
    let h = Inbound::start().await;
    let acme = h.app.org("Acme");
    let chat = chat(&h, &acme).await;
    let (_, _, msg) = send(
        &h,
        &acme,
        chat.conversation,
        &json!({"type": "text", "text": {"body": "On its way"}}),
    )
    .await;
    drain(&h).await;
    // The simulator sends sent → delivered → read webhooks after short delays.
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        h.app.process();
        let (status, _, _) = outbound_states(&h)[&msg["id"].as_i64().unwrap()].clone();
        if status == "read" {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "still {status}");
        actix_web::rt::time::sleep(Duration::from_millis(100)).await;
    }
    h.stop().await;
}

#[actix_web::test]
async fn outside_the_window_only_templates_are_accepted() {
    let h = Inbound::start().await;
    let acme = h.app.org("Acme");
    h.sim
        .add_template(wa_simulator::NewTemplate::new(
            WABA,
            "hello_world",
            "en_US",
            "Hello World",
        ))
        .unwrap();
    h.sim
        .add_template(wa_simulator::NewTemplate::new(
            WABA,
            "order_update",
            "en_US",
            "Hi {{1}}, order {{2}} shipped.",
        ))
        .unwrap();
    let chat = chat(&h, &acme).await;
    sync_templates(&h, &acme, chat.account).await;
    h.app.clock.advance(chrono::Duration::hours(25));
    let (status, ct, body) = send(
        &h,
        &acme,
        chat.conversation,
        &json!({"type": "text", "text": {"body": "late"}}),
    )
    .await;
    assert_problem(&(status, ct, body.clone()), 422, "window_closed");
    assert!(body["window_expires_at"].as_str().is_some(), "{body}");
    let (status, _, _) = send(
        &h,
        &acme,
        chat.conversation,
        &json!({"type": "template", "template": {"name": "hello_world", "language": {"code": "en_US"}}}),
    )
    .await;
    assert_eq!(status, 202);
    // Templates are checked against the synced ones before anything is queued.
    let template = |name: &str, params: Value| {
        json!({"type": "template", "template": {"name": name, "language": {"code": "en_US"},
            "components": [{"type": "body", "parameters": params}]}})
    };
    let got = send(
        &h,
        &acme,
        chat.conversation,
        &template("no_such_template", json!([])),
    )
    .await;
    assert_problem(&got, 422, "template_not_found");
    let got = send(
        &h,
        &acme,
        chat.conversation,
        &template("order_update", json!([{"type": "text", "text": "Ann"}])),
    )
    .await;
    assert_problem(&got, 422, "template_parameters_invalid");
    let (status, _, _) = send(
        &h,
        &acme,
        chat.conversation,
        &template(
            "order_update",
            json!([{"type": "text", "text": "Ann"}, {"type": "text", "text": "#42"}]),
        ),
    )
    .await;
    assert_eq!(status, 202);
    drain(&h).await;
    let sent = h.sim.sent_messages();
    assert_eq!(sent.len(), 2, "nothing but the templates was sent");
    assert!(sent.iter().all(|m| m.kind == "template"));
    assert_eq!(
        sent[1].request["template"]["components"][0]["parameters"][1]["text"],
        "#42"
    );
    h.stop().await;
}

#[actix_web::test]
async fn an_idempotency_key_makes_a_repeated_request_send_once() {
    let h = Inbound::start().await;
    let acme = h.app.org("Acme");
    let chat = chat(&h, &acme).await;
    let uri = format!("/api/v1/conversations/{}/messages", chat.conversation);
    let body = json!({"type": "text", "text": {"body": "only once"}});
    let key = [("Idempotency-Key", "order-42-reply")];
    let (s1, _, first) = post(&h, &acme, &uri, &body, &key).await;
    let (s2, _, second) = post(&h, &acme, &uri, &body, &key).await;
    assert_eq!((s1, s2), (202, 202));
    assert_eq!(first["id"], second["id"]);
    let other = json!({"type": "text", "text": {"body": "something else"}});
    let got = post(&h, &acme, &uri, &other, &key).await;
    assert_problem(&got, 422, "idempotency_key_reused");
    let got = post(&h, &acme, &uri, &body, &[("Idempotency-Key", "")]).await;
    assert_problem(&got, 400, "invalid_idempotency_key");
    drain(&h).await;
    assert_eq!(h.sim.sent_messages().len(), 1);
    h.stop().await;
}

#[actix_web::test]
async fn bad_requests_are_refused_before_anything_is_stored() {
    let h = Inbound::start().await;
    let acme = h.app.org("Acme");
    let chat = chat(&h, &acme).await;
    let c = chat.conversation;
    let cases = [
        (json!({"type": "text"}), 422, "validation_failed"),
        (
            json!({"type": "text", "text": {"body": "x"}, "image": {"link": "https://a.example/x.png"}}),
            422,
            "validation_failed",
        ),
        (
            json!({"type": "text", "text": {"body": "x".repeat(4097)}}),
            422,
            "invalid_message",
        ),
        (
            json!({"type": "image", "image": {"link": "ftp://a.example/x.png"}}),
            422,
            "validation_failed",
        ),
        (
            json!({"type": "image", "image": {"media_id": 999_999}}),
            422,
            "validation_failed",
        ),
        (
            json!({"type": "text", "text": {"body": "x"}, "reply_to_message_id": 999_999}),
            422,
            "validation_failed",
        ),
        (
            json!({"type": "interactive", "interactive": {"type": "button", "body": {"text": "?"},
            "action": {"buttons": [{"type": "reply", "reply": {"id": "1", "title": "This title is far too long for a button"}}]}}}),
            422,
            "invalid_message",
        ),
        (json!({"type": "fax"}), 422, "invalid_body"),
    ];
    for (body, status, code) in cases {
        let got = send(&h, &acme, c, &body).await;
        assert_problem(&got, status, code);
    }
    // A PDF cannot be sent as an image.
    let (_, _, pdf) = upload(&h, &acme, "application/pdf", "a.pdf", b"%PDF").await;
    let got = send(
        &h,
        &acme,
        c,
        &json!({"type": "image", "image": {"media_id": pdf["id"]}}),
    )
    .await;
    assert_problem(&got, 422, "validation_failed");
    // Uploads WhatsApp cannot send are refused.
    let got = upload(&h, &acme, "application/x-msdownload", "a.exe", b"MZ").await;
    assert_problem(&got, 422, "invalid_upload");
    // Another organization's conversation does not exist for us.
    let other = h.app.org("Other");
    let got = send(
        &h,
        &other,
        c,
        &json!({"type": "text", "text": {"body": "x"}}),
    )
    .await;
    assert_problem(&got, 404, "not_found");
    assert!(outbound_states(&h).is_empty());
    assert_eq!(drain(&h).await, 0);
    h.stop().await;
}

#[actix_web::test]
async fn retryable_failures_are_retried_and_sent_exactly_once() {
    let h = Inbound::start_with(fast_retries).await;
    let acme = h.app.org("Acme");
    let chat = chat(&h, &acme).await;
    for (kind, count) in [(FaultKind::Http500, 2), (FaultKind::RateLimit, 1)] {
        h.sim
            .inject_fault(Fault::new(kind, count).scoped(FaultScope::Messages))
            .unwrap();
    }
    // WhatsApp timing out on its side (503, code 2, nothing processed) is retried too.
    let mut stall = Fault::new(FaultKind::Timeout, 1).scoped(FaultScope::Messages);
    stall.delay_ms = Some(50);
    h.sim.inject_fault(stall).unwrap();
    let (_, _, msg) = send(
        &h,
        &acme,
        chat.conversation,
        &json!({"type": "text", "text": {"body": "persistent"}}),
    )
    .await;
    drain_with_retries(&h, 7).await;
    let sent = h.sim.sent_messages();
    assert_eq!(sent.len(), 1, "sent exactly once after 4 refusals");
    let (status, wamid, _) = outbound_states(&h)[&msg["id"].as_i64().unwrap()].clone();
    assert_eq!(status, "sent");
    assert_eq!(wamid.as_deref(), Some(sent[0].id.as_str()));
    let attempts: i32 = outbox_jobs::table
        .select(outbox_jobs::attempts)
        .first(&mut h.app.state.pool.get().unwrap())
        .unwrap();
    assert_eq!(attempts, 5);
    // Every call is in the technical log of the organization, with its outcome.
    h.app.state.api_calls.flush().await;
    let token = h.app.token_for(
        acme.admin.id,
        Some(acme.id),
        winmessages::auth::Role::OrgAdmin,
    );
    let svc = h.app.service().await;
    let (_, _, log) = crate::support::read(
        actix_web::test::call_service(
            &svc,
            actix_web::test::TestRequest::get()
                .uri("/api/v1/api-calls?method=POST&limit=100")
                .insert_header(("authorization", format!("Bearer {token}")))
                .to_request(),
        )
        .await,
    )
    .await;
    let sends: Vec<(i64, Option<i64>)> = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["path"].as_str().is_some_and(|p| p.ends_with("/messages")))
        .map(|c| {
            (
                c["status"].as_i64().unwrap_or(0),
                c["meta_error_code"].as_i64(),
            )
        })
        .collect();
    assert_eq!(
        sends,
        vec![
            (200, None),
            (503, Some(2)),
            (429, Some(130_429)),
            (500, Some(131_000)),
            (500, Some(131_000))
        ],
        "newest first"
    );
    assert!(
        !log.to_string().contains(TOKEN),
        "no access token in the log"
    );
    h.stop().await;
}

#[actix_web::test]
async fn permanent_failures_keep_whatsapps_reason_and_retry_resends_for_real() {
    let h = Inbound::start_with(fast_retries).await;
    let acme = h.app.org("Acme");
    let chat = chat(&h, &acme).await;
    h.sim
        .inject_fault(Fault::new(FaultKind::WindowClosed, 1).scoped(FaultScope::Messages))
        .unwrap();
    let (_, _, msg) = send(
        &h,
        &acme,
        chat.conversation,
        &json!({"type": "text", "text": {"body": "refused"}}),
    )
    .await;
    let id = msg["id"].as_i64().unwrap();
    drain_with_retries(&h, 2).await;
    let (_, _, failed) = get_json(
        &h,
        &acme,
        &format!("/api/v1/conversations/{}/messages", chat.conversation),
    )
    .await;
    let failed = failed["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == id)
        .unwrap()
        .clone();
    assert_eq!(failed["status"], "failed");
    assert_eq!(failed["error"]["code"], 131047);
    assert!(
        failed["error"]["details"]
            .as_str()
            .is_some_and(|d| d.contains("24 hours")),
        "{failed}"
    );
    assert!(h.sim.sent_messages().is_empty());

    h.sim
        .inject_fault(Fault::new(FaultKind::TokenExpired, 1).scoped(FaultScope::Messages))
        .unwrap();
    let (s, _, again) = post(
        &h,
        &acme,
        &format!("/api/v1/messages/{id}/retry"),
        &json!({}),
        &[],
    )
    .await;
    assert_eq!(s, 202, "{again}");
    assert_eq!(again["status"], "pending");
    drain_with_retries(&h, 2).await;
    assert_eq!(outbound_states(&h)[&id].0, "failed");
    assert!(
        outbound_states(&h)[&id]
            .2
            .as_deref()
            .unwrap()
            .contains("190")
    );

    let (s, _, _) = post(
        &h,
        &acme,
        &format!("/api/v1/messages/{id}/retry"),
        &json!({}),
        &[],
    )
    .await;
    assert_eq!(s, 202);
    drain_with_retries(&h, 2).await;
    assert_eq!(h.sim.sent_messages().len(), 1, "the retry really sent it");
    assert_eq!(outbound_states(&h)[&id].0, "sent");
    let got = post(
        &h,
        &acme,
        &format!("/api/v1/messages/{id}/retry"),
        &json!({}),
        &[],
    )
    .await;
    assert_problem(&got, 409, "not_retryable");
    h.stop().await;
}

#[actix_web::test]
async fn a_timed_out_send_is_recorded_as_unknown_not_sent_twice() {
    let h = Inbound::start_with(|c| {
        fast_retries(c);
        c.graph_timeout = Duration::from_millis(300);
    })
    .await;
    let acme = h.app.org("Acme");
    let chat = chat(&h, &acme).await;
    let mut fault = Fault::new(FaultKind::Timeout, 1).scoped(FaultScope::Messages);
    fault.delay_ms = Some(2_000);
    h.sim.inject_fault(fault).unwrap();
    let (_, _, msg) = send(
        &h,
        &acme,
        chat.conversation,
        &json!({"type": "text", "text": {"body": "slow"}}),
    )
    .await;
    let id = msg["id"].as_i64().unwrap();
    drain_with_retries(&h, 3).await;
    let (status, wamid, error) = outbound_states(&h)[&id].clone();
    assert_eq!(status, "unknown");
    assert!(wamid.is_none());
    assert!(error.unwrap().contains("not confirmed"));
    assert!(h.sim.sent_messages().is_empty(), "not re-sent on its own");
    // The agent decides to send it again.
    let (s, _, _) = post(
        &h,
        &acme,
        &format!("/api/v1/messages/{id}/retry"),
        &json!({}),
        &[],
    )
    .await;
    assert_eq!(s, 202);
    drain(&h).await;
    assert_eq!(outbound_states(&h)[&id].0, "sent");
    assert_eq!(h.sim.sent_messages().len(), 1);
    h.stop().await;
}

#[actix_web::test]
async fn an_unknown_outcome_is_settled_by_the_status_webhook_naming_the_message() {
    let h = Inbound::start().await;
    let acme = h.app.org("Acme");
    let chat = chat(&h, &acme).await;
    let (_, _, msg) = send(
        &h,
        &acme,
        chat.conversation,
        &json!({"type": "text", "text": {"body": "lost answer"}}),
    )
    .await;
    let id = msg["id"].as_i64().unwrap();
    // The call reached WhatsApp but its answer was lost: the job is claimed, the message sent
    // behind the server's back, and the worker's lease runs out.
    {
        let conn = &mut h.app.state.pool.get().unwrap();
        let now = h.app.now();
        let leases = winmessages::outbox::store::Leases {
            call: now,
            with_upload: now,
        };
        let claim =
            winmessages::outbox::store::claim_due(conn, now, leases, 10, &mut |_| true).unwrap();
        assert_eq!(claim.jobs.len(), 1);
    }
    let request: Value = {
        let raw: String = outbox_jobs::table
            .select(outbox_jobs::request)
            .first(&mut h.app.state.pool.get().unwrap())
            .unwrap();
        serde_json::from_str(&raw).unwrap()
    };
    let sent = reqwest::Client::new()
        .post(format!("{}/v23.0/{PNID}/messages", h.sim.url()))
        .bearer_auth(TOKEN)
        .json(&request)
        .send()
        .await
        .unwrap();
    assert!(sent.status().is_success());
    h.app.clock.advance(chrono::Duration::seconds(1));
    assert_eq!(drain(&h).await, 0, "an abandoned job is not re-sent");
    assert_eq!(outbound_states(&h)[&id].0, "unknown");
    // The simulator's status webhooks carry the callback data: the message gets its wamid.
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        h.app.process();
        let (status, wamid, _) = outbound_states(&h)[&id].clone();
        if wamid.is_some() && status != "unknown" {
            assert_eq!(wamid.as_deref(), Some(h.sim.sent_messages()[0].id.as_str()));
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "not settled: {status}"
        );
        actix_web::rt::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(h.sim.sent_messages().len(), 1);
    h.stop().await;
}

#[actix_web::test]
async fn opening_a_conversation_sends_one_read_receipt_per_new_message() {
    let h = Inbound::start().await;
    let acme = h.app.org("Acme");
    let chat = chat(&h, &acme).await;
    let read_uri = format!("/api/v1/conversations/{}/read", chat.conversation);
    for _ in 0..3 {
        let (s, _, _) = post(&h, &acme, &read_uri, &json!({}), &[]).await;
        assert_eq!(s, 200);
    }
    drain(&h).await;
    let receipts = h.sim.read_receipts();
    assert_eq!(receipts.len(), 1, "{receipts:?}");
    assert_eq!(receipts[0].message_id, chat.inbound_wamid);
    h.stop().await;
}

#[actix_web::test]
async fn disconnected_accounts_and_restricted_contacts_refuse_sends() {
    let h = Inbound::start().await;
    let acme = h.app.org("Acme");
    let chat = chat(&h, &acme).await;
    let body = json!({"type": "text", "text": {"body": "hi"}});
    {
        use winmessages::db::schema::contacts;
        diesel::update(contacts::table)
            .set(contacts::restricted_at.eq(Some(h.app.now())))
            .execute(&mut h.app.state.pool.get().unwrap())
            .unwrap();
    }
    assert_problem(
        &send(&h, &acme, chat.conversation, &body).await,
        409,
        "contact_restricted",
    );
    {
        use winmessages::db::schema::{accounts, contacts};
        let conn = &mut h.app.state.pool.get().unwrap();
        diesel::update(contacts::table)
            .set(contacts::restricted_at.eq(None::<chrono::NaiveDateTime>))
            .execute(conn)
            .unwrap();
        diesel::update(accounts::table.find(chat.account))
            .set(accounts::disabled_at.eq(Some(h.app.now())))
            .execute(conn)
            .unwrap();
    }
    assert_problem(
        &send(&h, &acme, chat.conversation, &body).await,
        409,
        "account_disconnected",
    );
    assert!(outbound_states(&h).is_empty());
    h.stop().await;
}

//! Fake customers of the simulator write to a connected number: their messages, edits,
//! reactions, revokes and media reach the inbox exactly once; statuses only move forward.

use super::harness::*;
use crate::support::{assert_problem, read};
use actix_web::test;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::{Value, json};
use std::time::Duration;
use wa_simulator::{CustomerMessage, Fault, FaultKind, FaultScope, Inbound as Says, MediaInput};
use winmessages::clock::Clock;
use winmessages::db::schema::{
    contacts, conversations, media, message_edits, message_reactions, messages,
};
use winmessages::ingest::messages::{NewMessage, insert_once};

fn says(message: Says) -> CustomerMessage {
    CustomerMessage::new(PNID, CUSTOMER, message).profile_name("Sheena Nelson")
}

#[actix_web::test]
async fn customer_messages_reach_the_inbox_once() {
    let h = Inbound::start().await;
    let acme = h.app.org("Acme");
    let account = h.connect(&acme).await;
    let first = h
        .sim
        .customer_sends(says(Says::Text {
            body: "Is my order ready?".into(),
        }))
        .await
        .unwrap();
    assert!(first.webhook.delivered, "{:?}", first.webhook);
    h.app.process();

    let conn = &mut h.app.state.pool.get().unwrap();
    let (wa_id, user_id, name, phone): (
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
    ) = contacts::table
        .select((
            contacts::wa_id,
            contacts::user_id,
            contacts::profile_name,
            contacts::phone_number,
        ))
        .first(conn)
        .unwrap();
    assert_eq!(wa_id.as_deref(), Some(CUSTOMER));
    assert!(user_id.is_some_and(|u| u.starts_with("US.")));
    assert_eq!(name.as_deref(), Some("Sheena Nelson"));
    assert_eq!(phone.as_deref(), Some("+16505551234"));

    let rows = h.app.messages_with_wamid(&first.message_id);
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (rows[0].1.as_str(), rows[0].2.as_deref()),
        ("text", Some("Is my order ready?"))
    );
    let (conv_account, unread, last, window, sent_at): (
        i64,
        i32,
        Option<i64>,
        Option<NaiveDateTime>,
        NaiveDateTime,
    ) = conversations::table
        .inner_join(messages::table.on(messages::conversation_id.eq(conversations::id)))
        .select((
            conversations::account_id,
            conversations::unread_count,
            conversations::last_message_id,
            conversations::window_expires_at,
            messages::sent_at,
        ))
        .first(conn)
        .unwrap();
    assert_eq!(conv_account, account);
    assert_eq!(unread, 1);
    assert_eq!(last, Some(rows[0].0));
    assert_eq!(window, Some(sent_at + chrono::Duration::hours(24)));

    // The same bytes again (Meta retries), twice: nothing changes.
    let delivered = h.sim.webhook_deliveries();
    let original = delivered
        .iter()
        .find(|d| d.message_id == first.message_id)
        .unwrap();
    for _ in 0..2 {
        let got = post_webhook(&h.app, original.body.as_bytes(), Some(&original.signature)).await;
        assert_eq!(got.0, 200);
    }
    h.sim
        .customer_sends(says(Says::Text {
            body: "Hello?".into(),
        }))
        .await
        .unwrap();
    h.app.process();
    let unread: i32 = conversations::table
        .select(conversations::unread_count)
        .first(conn)
        .unwrap();
    assert_eq!(unread, 2);
    let total: i64 = messages::table.count().get_result(conn).unwrap();
    assert_eq!(total, 2);
    assert_eq!(h.app.event_statuses(), ["processed"; 4]);
    let metrics = h.app.state.metrics.render().unwrap();
    assert!(
        metrics.contains("winmessages_messages_stored_total{type=\"text\"} 2"),
        "{metrics}"
    );
    assert!(
        metrics.contains("winmessages_webhooks_received_total 4"),
        "{metrics}"
    );
    assert!(
        metrics.contains("winmessages_webhooks_processed_total 4"),
        "{metrics}"
    );
    assert!(
        metrics.contains("winmessages_webhook_processing_lag_seconds 0"),
        "{metrics}"
    );
    h.stop().await;
}

#[actix_web::test]
async fn edits_reactions_and_revokes_apply_to_their_target() {
    let h = Inbound::start().await;
    let acme = h.app.org("Acme");
    h.connect(&acme).await;
    let original = h
        .sim
        .customer_sends(says(Says::Text {
            body: "see you at 5".into(),
        }))
        .await
        .unwrap();
    let wamid = original.message_id.clone();
    for _ in 0..2 {
        h.sim
            .customer_sends(says(Says::Edit {
                original_message_id: wamid.clone(),
                message: Box::new(Says::Text {
                    body: "see you at 6".into(),
                }),
            }))
            .await
            .unwrap();
    }
    h.sim
        .customer_sends(says(Says::Reaction {
            message_id: wamid.clone(),
            emoji: Some("👍".into()),
        }))
        .await
        .unwrap();
    h.app.process();
    let conn = &mut h.app.state.pool.get().unwrap();
    let rows = h.app.messages_with_wamid(&wamid);
    assert_eq!(rows[0].2.as_deref(), Some("see you at 6"));
    let edits: Vec<Option<String>> = message_edits::table
        .select(message_edits::previous_body)
        .load(conn)
        .unwrap();
    assert_eq!(
        edits,
        [Some("see you at 5".to_owned())],
        "a replayed edit is not a second edit"
    );
    let reactions: Vec<(String, String)> = message_reactions::table
        .select((message_reactions::reactor, message_reactions::emoji))
        .load(conn)
        .unwrap();
    assert_eq!(reactions, [("contact".to_owned(), "👍".to_owned())]);
    let total: i64 = messages::table.count().get_result(conn).unwrap();
    assert_eq!(
        total, 1,
        "edits and reactions are not messages of their own"
    );

    h.sim
        .customer_sends(says(Says::Reaction {
            message_id: wamid.clone(),
            emoji: None,
        }))
        .await
        .unwrap();
    h.sim
        .customer_sends(says(Says::Revoke {
            original_message_id: wamid.clone(),
        }))
        .await
        .unwrap();
    h.app.process();
    let reactions: i64 = message_reactions::table.count().get_result(conn).unwrap();
    assert_eq!(reactions, 0, "removal clears the reaction");
    let (body, content, deleted): (Option<String>, String, Option<NaiveDateTime>) = messages::table
        .select((messages::body, messages::content, messages::deleted_at))
        .first(conn)
        .unwrap();
    assert!(body.is_none());
    assert!(deleted.is_some());
    assert!(!content.contains("see you"), "{content}");
    h.stop().await;
}

#[actix_web::test]
async fn every_inbound_type_of_the_simulator_is_stored_with_its_content() {
    let h = Inbound::start().await;
    let acme = h.app.org("Acme");
    h.connect(&acme).await;
    let cases: Vec<(Says, &str, &str, Value)> = vec![
        (
            Says::Location {
                latitude: 52.5,
                longitude: 13.4,
                name: Some("Office".into()),
                address: None,
            },
            "location",
            "/location/name",
            json!("Office"),
        ),
        (
            Says::Contacts {
                contacts: vec![
                    json!({"name": {"formatted_name": "Ana"}, "phones": [{"phone": "+1 555"}]}),
                ],
            },
            "contacts",
            "/contacts/0/name/formatted_name",
            json!("Ana"),
        ),
        (
            Says::ButtonReply {
                id: "yes".into(),
                title: "Yes".into(),
            },
            "interactive",
            "/interactive/button_reply/id",
            json!("yes"),
        ),
        (
            Says::ListReply {
                id: "r1".into(),
                title: "Row".into(),
                description: None,
            },
            "interactive",
            "/interactive/list_reply/id",
            json!("r1"),
        ),
        (
            Says::Button {
                payload: "STOP".into(),
                text: "Stop".into(),
            },
            "button",
            "/button/payload",
            json!("STOP"),
        ),
        (
            Says::Order {
                catalog_id: "c1".into(),
                text: "asap".into(),
                product_items: vec![],
            },
            "order",
            "/order/catalog_id",
            json!("c1"),
        ),
        (
            Says::Unsupported {
                kind: Some("poll_creation".into()),
            },
            "unsupported",
            "/unsupported/type",
            json!("poll_creation"),
        ),
        (Says::RequestWelcome, "request_welcome", "", json!({})),
        (
            Says::Voice {
                media: MediaInput::default(),
            },
            "audio",
            "/media/voice",
            json!(true),
        ),
        (
            Says::Document {
                media: MediaInput::default(),
                filename: Some("a.pdf".into()),
                caption: None,
            },
            "document",
            "/media/filename",
            json!("a.pdf"),
        ),
        (
            Says::Sticker {
                media: MediaInput::default(),
                animated: true,
            },
            "sticker",
            "/media/animated",
            json!(true),
        ),
        (
            Says::Video {
                media: MediaInput::default(),
                caption: Some("clip".into()),
            },
            "video",
            "/media/caption",
            json!("clip"),
        ),
        (
            Says::System {
                new_wa_id: "16505559999".into(),
                body: None,
            },
            "system",
            "/system/type",
            json!("user_changed_number"),
        ),
    ];
    for (said, kind, pointer, expected) in cases {
        let receipt = h.sim.customer_sends(says(said)).await.unwrap();
        h.app.process();
        let rows = h.app.messages_with_wamid(&receipt.message_id);
        assert_eq!(rows.len(), 1, "{kind}");
        assert_eq!(rows[0].1, kind);
        let content: Value = serde_json::from_str(&rows[0].3).unwrap();
        assert_eq!(
            content.pointer(pointer),
            Some(&expected),
            "{kind}: {content}"
        );
    }
    // The number change moved the contact to its new wa_id.
    let wa_id: Option<String> = contacts::table
        .select(contacts::wa_id)
        .first(&mut h.app.state.pool.get().unwrap())
        .unwrap();
    assert_eq!(wa_id.as_deref(), Some("16505559999"));
    h.stop().await;
}

#[actix_web::test]
async fn a_resolved_conversation_reopens_when_the_customer_writes() {
    let h = Inbound::start().await;
    let acme = h.app.org("Acme");
    h.connect(&acme).await;
    h.sim
        .customer_sends(says(Says::Text { body: "one".into() }))
        .await
        .unwrap();
    h.app.process();
    let conn = &mut h.app.state.pool.get().unwrap();
    diesel::update(conversations::table)
        .set((
            conversations::status.eq("resolved"),
            conversations::unread_count.eq(0),
        ))
        .execute(conn)
        .unwrap();
    h.sim
        .customer_sends(says(Says::Text { body: "two".into() }))
        .await
        .unwrap();
    h.app.process();
    let (status, unread): (String, i32) = conversations::table
        .select((conversations::status, conversations::unread_count))
        .first(conn)
        .unwrap();
    assert_eq!((status.as_str(), unread), ("open", 1));
    let n: i64 = conversations::table.count().get_result(conn).unwrap();
    assert_eq!(n, 1, "one conversation per account and contact");
    h.stop().await;
}

/// An outbound message as the sending feature stores it.
fn outbound(app: &crate::support::TestApp, account: i64, org: i64, wamid: &str) -> i64 {
    let conn = &mut app.state.pool.get().unwrap();
    let now = app.clock.now().naive_utc();
    let contact: i64 = diesel::insert_into(contacts::table)
        .values((
            contacts::organization_id.eq(org),
            contacts::wa_id.eq(format!("1555{}", wamid.trim_start_matches("wamid.out-"))),
            contacts::created_at.eq(now),
            contacts::updated_at.eq(now),
        ))
        .returning(contacts::id)
        .get_result(conn)
        .unwrap();
    let conversation: i64 = diesel::insert_into(conversations::table)
        .values((
            conversations::organization_id.eq(org),
            conversations::account_id.eq(account),
            conversations::contact_id.eq(contact),
            conversations::status.eq("open"),
            conversations::unread_count.eq(0),
            conversations::created_at.eq(now),
            conversations::updated_at.eq(now),
        ))
        .returning(conversations::id)
        .get_result(conn)
        .unwrap();
    let id = insert_once(
        conn,
        &NewMessage {
            organization_id: org,
            account_id: account,
            conversation_id: conversation,
            direction: "outbound",
            kind: "text",
            wamid: Some(wamid),
            body: Some("Your order shipped"),
            content: r#"{"text":{"body":"Your order shipped"}}"#,
            context_wamid: None,
            reply_to_message_id: None,
            status: "pending",
            error: None,
            sent_by_user_id: None,
            edited_at: None,
            deleted_at: None,
            sent_at: now,
            created_at: now,
            updated_at: now,
        },
    )
    .unwrap()
    .unwrap();
    winmessages::ingest::apply_pending_statuses(conn, account, wamid, now).unwrap();
    id
}

fn status_webhook(wamid: &str, status: &str, ts: i64) -> Vec<u8> {
    let mut s = json!({"id": wamid, "status": status, "timestamp": ts.to_string(), "recipient_id": CUSTOMER});
    if status == "failed" {
        s["errors"] = json!([{"code": 131026, "title": "Message undeliverable", "message": "Message undeliverable",
            "error_data": {"details": "The recipient is not on WhatsApp."}}]);
    }
    envelope(json!({"statuses": [s]}))
}

fn permutations(items: &[&'static str]) -> Vec<Vec<&'static str>> {
    if items.len() <= 1 {
        return vec![items.to_vec()];
    }
    let mut out = Vec::new();
    for i in 0..items.len() {
        let mut rest = items.to_vec();
        let first = rest.remove(i);
        for mut p in permutations(&rest) {
            p.insert(0, first);
            out.push(p);
        }
    }
    out
}

#[actix_web::test]
async fn statuses_in_every_order_reach_the_same_final_state() {
    let app = crate::support::TestApp::with(|c| {
        c.meta_app_secret = Some(winmessages::config::Secret::new(SECRET));
    });
    let acme = app.org("Acme");
    let account = app.account_row(&acme, WABA, PNID);
    let cases: [(&[&'static str], &str); 2] = [
        (&["sent", "delivered", "read"], "read"),
        (&["sent", "delivered", "failed"], "failed"),
    ];
    let mut n = 0;
    for (statuses, final_status) in cases {
        for order in permutations(statuses) {
            // Half the time the statuses arrive before the message is stored.
            for message_first in [true, false] {
                n += 1;
                let wamid = format!("wamid.out-{n}");
                if message_first {
                    outbound(&app, account, acme.id.0, &wamid);
                }
                for (i, s) in order.iter().enumerate() {
                    let body = status_webhook(&wamid, s, 1_764_000_000 + i as i64);
                    deliver(&app, &body).await;
                    deliver(&app, &body).await;
                    app.process();
                }
                if !message_first {
                    outbound(&app, account, acme.id.0, &wamid);
                }
                let (status, error): (String, Option<String>) = messages::table
                    .filter(messages::wamid.eq(&wamid))
                    .select((messages::status, messages::error))
                    .first(&mut app.state.pool.get().unwrap())
                    .unwrap();
                assert_eq!(
                    status, final_status,
                    "{order:?}, message first: {message_first}"
                );
                if final_status == "failed" {
                    let error: Value = serde_json::from_str(&error.unwrap()).unwrap();
                    assert_eq!(error["code"], 131026);
                    assert_eq!(error["title"], "Message undeliverable");
                    assert_eq!(error["details"], "The recipient is not on WhatsApp.");
                } else {
                    assert!(error.is_none());
                }
            }
        }
    }
    let waiting: i64 = winmessages::db::schema::pending_statuses::table
        .count()
        .get_result(&mut app.state.pool.get().unwrap())
        .unwrap();
    assert_eq!(waiting, 0, "applied statuses are forgotten");
}

#[actix_web::test]
async fn media_is_downloaded_checked_and_served_to_its_organization_only() {
    let h = Inbound::start().await;
    let acme = h.app.org("Acme");
    h.connect(&acme).await;
    let png = b"\x89PNG\r\n\x1a\n pretend this is a picture".to_vec();
    let receipt = h
        .sim
        .customer_sends(says(Says::Image {
            media: MediaInput::bytes("image/png", &png),
            caption: Some("my receipt".into()),
        }))
        .await
        .unwrap();
    h.app.process();
    assert_eq!(winmessages::media::worker::run_due(&h.app.state).await, 1);
    let rows = h.app.messages_with_wamid(&receipt.message_id);
    let content: Value = serde_json::from_str(&rows[0].3).unwrap();
    let media_id = content["media"]["media_id"].as_i64().unwrap();
    let (status, size): (String, Option<i64>) = media::table
        .find(media_id)
        .select((media::status, media::size_bytes))
        .first(&mut h.app.state.pool.get().unwrap())
        .unwrap();
    assert_eq!((status.as_str(), size), ("stored", Some(png.len() as i64)));

    let svc = h.app.service().await;
    let res = test::call_service(
        &svc,
        test::TestRequest::get()
            .uri(&format!("/api/v1/media/{media_id}"))
            .insert_header(acme.agent.bearer())
            .to_request(),
    )
    .await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers().get("content-type").unwrap(), "image/png");
    let csp = res
        .headers()
        .get("content-security-policy")
        .unwrap()
        .to_str()
        .unwrap();
    assert!(
        csp.starts_with("sandbox;") && csp.contains("default-src 'none'"),
        "{csp}"
    );
    let disposition = res
        .headers()
        .get("content-disposition")
        .map(|v| v.to_str().unwrap().to_owned());
    assert!(disposition.unwrap_or_default().starts_with("inline"));
    assert_eq!(
        res.headers().get("x-content-type-options").unwrap(),
        "nosniff"
    );
    assert_eq!(test::read_body(res).await.as_ref(), png.as_slice());

    let other = h.app.org("Other");
    let got = get(
        &h.app,
        &format!("/api/v1/media/{media_id}"),
        other.admin.bearer(),
    )
    .await;
    assert_problem(&got, 404, "not_found");
    h.stop().await;
}

#[actix_web::test]
async fn media_downloads_are_retried_and_a_final_failure_is_visible() {
    let h = Inbound::start().await;
    let acme = h.app.org("Acme");
    h.connect(&acme).await;
    let media_of = |wamid: &str| -> i64 {
        let rows = h.app.messages_with_wamid(wamid);
        let content: Value = serde_json::from_str(&rows[0].3).unwrap();
        content["media"]["media_id"].as_i64().unwrap()
    };
    let state_of = |id: i64| -> (String, i32, Option<String>) {
        media::table
            .find(id)
            .select((media::status, media::attempts, media::error))
            .first(&mut h.app.state.pool.get().unwrap())
            .unwrap()
    };

    let receipt = h
        .sim
        .customer_sends(says(Says::Audio {
            media: MediaInput::default(),
        }))
        .await
        .unwrap();
    h.app.process();
    let id = media_of(&receipt.message_id);
    h.sim
        .inject_fault(Fault::new(FaultKind::Http500, 1).scoped(FaultScope::Media))
        .unwrap();
    winmessages::media::worker::run_due(&h.app.state).await;
    let (status, attempts, error) = state_of(id);
    assert_eq!((status.as_str(), attempts), ("pending", 1));
    assert!(error.unwrap().contains("131000"));
    assert_eq!(
        winmessages::media::worker::run_due(&h.app.state).await,
        0,
        "not due yet"
    );
    h.app.clock.advance(chrono::Duration::seconds(5));
    winmessages::media::worker::run_due(&h.app.state).await;
    assert_eq!(state_of(id).0, "stored");

    // A refused token is not worth retrying: failed at once, with Meta's reason.
    let receipt = h
        .sim
        .customer_sends(says(Says::Image {
            media: MediaInput::default(),
            caption: None,
        }))
        .await
        .unwrap();
    h.app.process();
    let id = media_of(&receipt.message_id);
    h.sim
        .inject_fault(Fault::new(FaultKind::TokenExpired, 1).scoped(FaultScope::Media))
        .unwrap();
    winmessages::media::worker::run_due(&h.app.state).await;
    let (status, _, error) = state_of(id);
    assert_eq!(status, "failed");
    assert!(error.as_deref().unwrap().contains("190"), "{error:?}");
    let got = get(&h.app, &format!("/api/v1/media/{id}"), acme.agent.bearer()).await;
    assert_problem(&got, 409, "media_failed");
    assert!(got.2["detail"].as_str().unwrap().contains("190"));
    let metrics = h.app.state.metrics.render().unwrap();
    assert!(
        metrics.contains("winmessages_media_downloads_total{outcome=\"retry\"} 1"),
        "{metrics}"
    );
    assert!(
        metrics.contains("winmessages_media_downloads_total{outcome=\"stored\"} 1"),
        "{metrics}"
    );
    assert!(
        metrics.contains("winmessages_media_downloads_total{outcome=\"failed\"} 1"),
        "{metrics}"
    );
    h.stop().await;
}

#[actix_web::test]
async fn background_workers_process_and_download_without_being_asked() {
    let h = Inbound::start().await;
    let acme = h.app.org("Acme");
    h.connect(&acme).await;
    let workers = winmessages::workers::Workers::start(&h.app.state).unwrap();
    let receipt = h
        .sim
        .customer_sends(says(Says::Image {
            media: MediaInput::default(),
            caption: Some("hi".into()),
        }))
        .await
        .unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        let stored: i64 = media::table
            .filter(media::status.eq("stored"))
            .count()
            .get_result(&mut h.app.state.pool.get().unwrap())
            .unwrap();
        if stored == 1 {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "not processed in time"
        );
        actix_web::rt::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(h.app.messages_with_wamid(&receipt.message_id).len(), 1);
    workers.shutdown().await;
    h.stop().await;
}

#[actix_web::test]
async fn the_inbox_api_shows_ingested_messages() {
    let h = Inbound::start().await;
    let acme = h.app.org("Acme");
    h.connect(&acme).await;
    h.sim
        .customer_sends(says(Says::Text {
            body: "visible?".into(),
        }))
        .await
        .unwrap();
    h.app.process();
    let svc = h.app.service().await;
    let res = test::call_service(
        &svc,
        test::TestRequest::get()
            .uri("/api/v1/conversations")
            .insert_header(acme.agent.bearer())
            .to_request(),
    )
    .await;
    let (status, _, page) = read(res).await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(page["items"].as_array().map(Vec::len), Some(1), "{page}");
    h.stop().await;
}

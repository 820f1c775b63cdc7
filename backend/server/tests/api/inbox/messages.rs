//! Message JSON rendered from `messages` rows (the content contract), their reactions, media
//! records, edits, deletions, reply context and delivery errors.

use super::get;
use crate::support::TestApp;
use crate::support::inbox::{Inbox, TestConversation};
use chrono::Duration;
use serde_json::{Value, json};

/// The conversation's messages, keyed by id.
async fn messages_by_id(
    app: &TestApp,
    org: &crate::support::TestOrg,
    c: TestConversation,
) -> Vec<Value> {
    let svc = app.service().await;
    let uri = format!("/api/v1/conversations/{}/messages?limit=200", c.id);
    let (status, _, body) = get(&svc, &uri, &org.agent.bearer()).await;
    assert_eq!(status, 200, "{body}");
    body["items"].as_array().unwrap().clone()
}

fn find(items: &[Value], id: i64) -> &Value {
    items
        .iter()
        .find(|m| m["id"] == id)
        .unwrap_or_else(|| panic!("message {id} missing"))
}

/// Every type-specific field that is not `keep` is null.
fn only(m: &Value, keep: &[&str]) {
    for key in [
        "text",
        "media",
        "location",
        "contacts",
        "interactive",
        "button",
        "order",
        "system",
        "referral",
        "reaction",
        "template",
        "unsupported",
        "raw",
    ] {
        if !keep.contains(&key) {
            assert!(m[key].is_null(), "{key} should be null in {m}");
        }
    }
}

const MESSAGE_KEYS: &[&str] = &[
    "id",
    "conversation_id",
    "direction",
    "type",
    "wamid",
    "text",
    "media",
    "location",
    "contacts",
    "interactive",
    "button",
    "order",
    "system",
    "referral",
    "reaction",
    "template",
    "unsupported",
    "raw",
    "context",
    "status",
    "error",
    "reactions",
    "edited",
    "edited_at",
    "deleted",
    "deleted_at",
    "sent_by_user_id",
    "timestamp",
    "created_at",
];

fn media_message(
    inbox: &Inbox<'_>,
    c: TestConversation,
    kind: &str,
    media_id: i64,
    extra: Value,
) -> i64 {
    let mut media = json!({
        "media_id": media_id, "mime_type": "image/jpeg", "sha256": "c2hhMjU2LW9mLXRoZS1jb250ZW50",
        "meta_media_id": "1234567890", "voice": false,
    });
    for (k, v) in extra.as_object().unwrap() {
        media[k] = v.clone();
    }
    let id = inbox.message(c, kind, json!({ "media": media })).insert();
    inbox.attach_media(media_id, id);
    id
}

#[actix_web::test]
async fn text_messages_have_every_documented_field() {
    let app = TestApp::new();
    let org = app.org("Acme");
    let inbox = app.inbox(&org);
    let c = inbox.conversation("1", "A");
    let id = inbox
        .text(c, "Hello there")
        .wamid(Some("wamid.ABC="))
        .insert();
    let items = messages_by_id(&app, &org, c).await;
    let m = find(&items, id);
    let keys: Vec<&str> = m.as_object().unwrap().keys().map(String::as_str).collect();
    for key in MESSAGE_KEYS {
        assert!(keys.contains(key), "missing {key} in {m}");
    }
    let now = json!(app.now().and_utc());
    assert_eq!(m["conversation_id"], c.id);
    assert_eq!(m["direction"], "inbound");
    assert_eq!(m["type"], "text");
    assert_eq!(m["wamid"], "wamid.ABC=");
    assert_eq!(m["text"], json!({"body": "Hello there"}));
    assert_eq!(m["status"], "received");
    assert_eq!(m["reactions"], json!([]));
    assert_eq!(
        (m["edited"].clone(), m["deleted"].clone()),
        (json!(false), json!(false))
    );
    assert!(m["context"].is_null() && m["error"].is_null() && m["sent_by_user_id"].is_null());
    assert_eq!(
        (m["timestamp"].clone(), m["created_at"].clone()),
        (now.clone(), now)
    );
    only(m, &["text"]);
}

#[actix_web::test]
async fn media_messages_show_their_media_record_state() {
    let app = TestApp::new();
    let org = app.org("Acme");
    let inbox = app.inbox(&org);
    let c = inbox.conversation("1", "A");
    let stored = inbox.media("stored", "image/jpeg", None);
    let image = media_message(&inbox, c, "image", stored, json!({"caption": "Look"}));
    let pending = inbox.media("pending", "audio/ogg; codecs=opus", None);
    let voice = media_message(
        &inbox,
        c,
        "audio",
        pending,
        json!({"voice": true, "mime_type": "audio/ogg; codecs=opus"}),
    );
    let failed = inbox.media("failed", "application/pdf", Some("sha256 mismatch"));
    let document = media_message(
        &inbox,
        c,
        "document",
        failed,
        json!({"filename": "invoice.pdf", "mime_type": "application/pdf"}),
    );
    let sticker_media = inbox.media("stored", "image/webp", None);
    let sticker = media_message(
        &inbox,
        c,
        "sticker",
        sticker_media,
        json!({"mime_type": "image/webp", "animated": true}),
    );
    let video_media = inbox.media("pending", "video/mp4", None);
    let video = media_message(
        &inbox,
        c,
        "video",
        video_media,
        json!({"mime_type": "video/mp4"}),
    );
    // A media message whose record is only linked by message id (content without media_id).
    let linked = inbox.media("stored", "image/png", None);
    let by_link = inbox
        .message(c, "image", json!({"media": {"mime_type": "image/png"}}))
        .insert();
    inbox.attach_media(linked, by_link);
    let items = messages_by_id(&app, &org, c).await;

    let m = find(&items, image);
    only(m, &["media"]);
    assert_eq!(
        m["media"],
        json!({
            "id": stored, "mime_type": "image/jpeg", "filename": null, "caption": "Look",
            "voice": false, "animated": false, "sha256": "c2hhMjU2LW9mLXRoZS1jb250ZW50", "size_bytes": 2048,
            "status": "stored", "error": null, "url": format!("/api/v1/media/{stored}"),
        })
    );
    let m = &find(&items, voice)["media"];
    assert_eq!(
        (m["voice"].clone(), m["status"].clone(), m["url"].clone()),
        (json!(true), json!("pending"), Value::Null)
    );
    assert_eq!(m["mime_type"], "audio/ogg; codecs=opus");
    let m = &find(&items, document)["media"];
    assert_eq!(m["status"], "failed");
    assert_eq!(m["error"], "sha256 mismatch");
    assert_eq!(m["filename"], "invoice.pdf");
    assert!(m["url"].is_null());
    assert_eq!(
        find(&items, sticker)["media"]["url"],
        format!("/api/v1/media/{sticker_media}")
    );
    assert_eq!(find(&items, sticker)["media"]["animated"], true);
    assert_eq!(find(&items, video)["media"]["id"], video_media);
    assert_eq!(find(&items, by_link)["media"]["id"], linked);
}

#[actix_web::test]
async fn every_other_type_renders_its_content() {
    let app = TestApp::new();
    let org = app.org("Acme");
    let inbox = app.inbox(&org);
    let c = inbox.conversation("1", "A");
    let location = json!({"latitude": 40.4168, "longitude": -3.7038, "name": "Sol", "address": "Madrid", "url": null});
    let contacts = json!([{"name": {"formatted_name": "Ana Pérez", "first_name": "Ana"}, "phones": [{"phone": "+34 600", "wa_id": "34600", "type": "CELL"}]}]);
    let interactive =
        json!({"type": "button_reply", "button_reply": {"id": "yes", "title": "Yes"}});
    let list = json!({"type": "list_reply", "list_reply": {"id": "r1", "title": "Row", "description": "d"}});
    let nfm = json!({"type": "nfm_reply", "nfm_reply": {"name": "flow", "body": "Sent", "response_json": "{\"flow_token\":\"t\"}"}});
    let order = json!({"catalog_id": "cat", "text": "", "product_items": [{"product_retailer_id": "sku", "quantity": 2, "item_price": 9.5, "currency": "EUR"}]});
    let system = json!({"type": "user_changed_number", "body": "changed", "wa_id": "34611"});
    let unsupported = json!({"type": "poll_creation", "errors": [{"code": 131051, "title": "Message type unknown", "message": "Message type unknown", "error_data": {"details": "Message type is currently not supported."}}]});
    let template = json!({"name": "order_update", "language": {"code": "es"}, "components": []});
    let raw = json!({"from": "1", "id": "wamid.X", "timestamp": "1", "type": "hologram", "hologram": {"x": 1}});
    let ids = [
        (
            "location",
            inbox
                .message(c, "location", json!({"location": location}))
                .insert(),
            "location",
            location.clone(),
        ),
        (
            "contacts",
            inbox
                .message(c, "contacts", json!({"contacts": contacts}))
                .insert(),
            "contacts",
            contacts.clone(),
        ),
        (
            "interactive",
            inbox
                .message(c, "interactive", json!({"interactive": interactive}))
                .insert(),
            "interactive",
            interactive.clone(),
        ),
        (
            "interactive",
            inbox
                .message(c, "interactive", json!({"interactive": list}))
                .insert(),
            "interactive",
            list.clone(),
        ),
        (
            "interactive",
            inbox
                .message(c, "interactive", json!({"interactive": nfm}))
                .insert(),
            "interactive",
            nfm.clone(),
        ),
        (
            "button",
            inbox
                .message(
                    c,
                    "button",
                    json!({"button": {"payload": "STOP", "text": "Stop promotions"}}),
                )
                .insert(),
            "button",
            json!({"payload": "STOP", "text": "Stop promotions"}),
        ),
        (
            "order",
            inbox.message(c, "order", json!({"order": order})).insert(),
            "order",
            order.clone(),
        ),
        (
            "system",
            inbox
                .message(c, "system", json!({"system": system}))
                .insert(),
            "system",
            system.clone(),
        ),
        (
            "unsupported",
            inbox
                .message(c, "unsupported", json!({"unsupported": unsupported}))
                .insert(),
            "unsupported",
            unsupported.clone(),
        ),
        (
            "template",
            inbox
                .message(c, "template", json!({"template": template}))
                .outbound("sent", Some(org.agent.id))
                .insert(),
            "template",
            template.clone(),
        ),
        (
            "hologram",
            inbox.message(c, "hologram", json!({"raw": raw})).insert(),
            "raw",
            raw.clone(),
        ),
        (
            "reaction",
            inbox
                .message(
                    c,
                    "reaction",
                    json!({"reaction": {"message_id": "wamid.T", "emoji": "👍"}}),
                )
                .outbound("sent", None)
                .insert(),
            "reaction",
            json!({"message_id": "wamid.T", "emoji": "👍"}),
        ),
    ];
    let welcome = inbox.message(c, "request_welcome", json!({})).insert();
    let items = messages_by_id(&app, &org, c).await;
    for (kind, id, field, value) in &ids {
        let m = find(&items, *id);
        assert_eq!(m["type"], *kind);
        assert_eq!(&m[*field], value, "{kind}: {m}");
        only(m, &[field]);
    }
    let template = find(&items, ids[9].1);
    assert_eq!(
        (template["direction"].clone(), template["status"].clone()),
        (json!("outbound"), json!("sent"))
    );
    assert_eq!(template["sent_by_user_id"], org.agent.id.0);
    let welcome = find(&items, welcome);
    assert_eq!(welcome["type"], "request_welcome");
    only(welcome, &[]);
}

#[actix_web::test]
async fn reactions_edits_and_deletions_are_rendered() {
    let app = TestApp::new();
    let org = app.org("Acme");
    let inbox = app.inbox(&org);
    let c = inbox.conversation("1", "A");
    let t = app.now();
    let liked = inbox
        .text(c, "Our offer")
        .outbound("read", Some(org.agent.id))
        .insert();
    inbox.react(liked, "contact", "❤️", t + Duration::seconds(1));
    inbox.react(
        liked,
        &format!("user:{}", org.agent.id),
        "👍",
        t + Duration::seconds(2),
    );
    let edited = inbox.text(c, "teh price?").insert();
    inbox.edit(edited, "the price?", t + Duration::seconds(3));
    let deleted = inbox.text(c, "oops, private").insert();
    inbox.revoke(deleted, t + Duration::seconds(4));
    let image_media = inbox.media("stored", "image/jpeg", None);
    let deleted_image = media_message(
        &inbox,
        c,
        "image",
        image_media,
        json!({"caption": "secret"}),
    );
    inbox.revoke(deleted_image, t + Duration::seconds(5));
    let items = messages_by_id(&app, &org, c).await;

    let m = find(&items, liked);
    assert_eq!(
        m["reactions"],
        json!([
            {"emoji": "❤️", "reactor": "contact", "reacted_at": (t + Duration::seconds(1)).and_utc()},
            {"emoji": "👍", "reactor": format!("user:{}", org.agent.id), "reacted_at": (t + Duration::seconds(2)).and_utc()},
        ])
    );
    assert_eq!(m["status"], "read");
    let m = find(&items, edited);
    assert_eq!(m["text"]["body"], "the price?");
    assert_eq!(
        (m["edited"].clone(), m["edited_at"].clone()),
        (json!(true), json!((t + Duration::seconds(3)).and_utc()))
    );
    for (id, at) in [(deleted, 4), (deleted_image, 5)] {
        let m = find(&items, id);
        assert_eq!(m["deleted"], true);
        assert_eq!(
            m["deleted_at"],
            json!((t + Duration::seconds(at)).and_utc())
        );
        only(m, &[]);
        assert!(!m.to_string().contains("private") && !m.to_string().contains("secret"));
    }
}

#[actix_web::test]
async fn replies_forwards_products_and_referrals_carry_their_context() {
    let app = TestApp::new();
    let org = app.org("Acme");
    let inbox = app.inbox(&org);
    let c = inbox.conversation("1", "A");
    let quoted = inbox
        .text(c, "Which size?")
        .outbound("delivered", None)
        .wamid(Some("wamid.Q"))
        .insert();
    let reply = inbox
        .text(c, "M")
        .replying_to("wamid.Q", Some(quoted))
        .insert();
    let unknown_quote = inbox.text(c, "?").replying_to("wamid.GONE", None).insert();
    let forwarded = inbox
        .message(
            c,
            "text",
            json!({"text": {"body": "fw"}, "forwarded": true}),
        )
        .insert();
    let many = inbox
        .message(
            c,
            "text",
            json!({"text": {"body": "fw"}, "frequently_forwarded": true}),
        )
        .insert();
    let product = json!({"catalog_id": "cat", "product_retailer_id": "sku-1"});
    let inquiry = inbox
        .message(
            c,
            "text",
            json!({"text": {"body": "Is it in stock?"}, "referred_product": product}),
        )
        .replying_to("wamid.P", None)
        .insert();
    let referral = json!({"source_url": "https://fb.me/x", "source_id": "ad1", "source_type": "ad", "headline": "Sale", "ctwa_clid": "c1"});
    let from_ad = inbox
        .message(
            c,
            "text",
            json!({"text": {"body": "Hi!"}, "referral": referral}),
        )
        .insert();
    let items = messages_by_id(&app, &org, c).await;
    let ctx = |id| find(&items, id)["context"].clone();
    assert_eq!(
        ctx(reply),
        json!({"message_id": quoted, "wamid": "wamid.Q", "forwarded": false, "frequently_forwarded": false, "referred_product": null})
    );
    assert_eq!(ctx(unknown_quote)["message_id"], Value::Null);
    assert_eq!(ctx(unknown_quote)["wamid"], "wamid.GONE");
    assert_eq!(
        (
            ctx(forwarded)["forwarded"].clone(),
            ctx(forwarded)["wamid"].clone()
        ),
        (json!(true), Value::Null)
    );
    assert_eq!(ctx(many)["frequently_forwarded"], true);
    assert_eq!(ctx(inquiry)["referred_product"], product);
    assert_eq!(find(&items, from_ad)["referral"], referral);
    assert!(ctx(from_ad).is_null() && ctx(quoted).is_null());
}

#[actix_web::test]
async fn failed_outbound_messages_carry_whatsapps_error() {
    let app = TestApp::new();
    let org = app.org("Acme");
    let inbox = app.inbox(&org);
    let c = inbox.conversation("1", "A");
    let failed = inbox
        .text(c, "late reply")
        .failed(json!({"code": 131047, "title": "Re-engagement message", "message": "Re-engagement message", "details": "More than 24 hours have passed"}))
        .insert();
    let items = messages_by_id(&app, &org, c).await;
    let m = find(&items, failed);
    assert_eq!(
        (m["status"].clone(), m["direction"].clone()),
        (json!("failed"), json!("outbound"))
    );
    assert_eq!(
        m["error"],
        json!({"code": 131047, "title": "Re-engagement message", "message": "Re-engagement message", "details": "More than 24 hours have passed"})
    );
}

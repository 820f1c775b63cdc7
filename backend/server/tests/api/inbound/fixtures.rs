//! Every published webhook fixture, delivered three times over signed HTTP: `messages`
//! payloads end up in the inbox exactly once; other fields are stored and marked processed.

use super::harness::*;
use crate::support::TestApp;
use diesel::prelude::*;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;
use winmessages::db::schema::{
    contacts, conversations, media, message_reactions, messages, pending_statuses, webhook_events,
};

fn fixtures() -> Vec<(String, Vec<u8>, Value)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../whatsapp/tests/fixtures");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        let json: Value = serde_json::from_slice(&bytes).unwrap();
        if json.get("entry").is_some() {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            out.push((name, bytes, json));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// Every change of a fixture: (WABA id, field, value).
fn changes(json: &Value) -> Vec<(String, String, Value)> {
    let mut out = Vec::new();
    for entry in json["entry"].as_array().unwrap() {
        for change in entry["changes"].as_array().into_iter().flatten() {
            out.push((
                entry["id"].as_str().unwrap_or_default().to_owned(),
                change["field"].as_str().unwrap().to_owned(),
                change["value"].clone(),
            ));
        }
    }
    out
}

fn reset_inbox(app: &TestApp) {
    let conn = &mut app.state.pool.get().unwrap();
    diesel::delete(message_reactions::table)
        .execute(conn)
        .unwrap();
    diesel::delete(media::table).execute(conn).unwrap();
    diesel::delete(messages::table).execute(conn).unwrap();
    diesel::delete(conversations::table).execute(conn).unwrap();
    diesel::delete(contacts::table).execute(conn).unwrap();
    diesel::delete(pending_statuses::table)
        .execute(conn)
        .unwrap();
    diesel::delete(webhook_events::table).execute(conn).unwrap();
}

/// One account per phone number id named in the fixtures, and one per WABA that only
/// management fields name, so that every fixture routes.
fn connect_every_number(app: &TestApp, all: &[(String, Vec<u8>, Value)]) {
    let org = app.org("Fixtures");
    let mut numbers: BTreeMap<String, String> = BTreeMap::new();
    let mut wabas: BTreeMap<String, ()> = BTreeMap::new();
    for (_, _, json) in all {
        for (waba, _, value) in changes(json) {
            match value["metadata"]["phone_number_id"].as_str() {
                Some(pnid) => {
                    numbers.entry(pnid.to_owned()).or_insert(waba);
                }
                None => {
                    wabas.insert(waba, ());
                }
            }
        }
    }
    for (pnid, waba) in &numbers {
        app.account_row(&org, waba, pnid);
    }
    let known: Vec<&String> = numbers.values().collect();
    for waba in wabas.keys().filter(|w| !known.contains(w)) {
        app.account_row(&org, waba, &format!("waba-{waba}"));
    }
}

fn message_count(conn: &mut winmessages::db::DbConnection, wamid: &str) -> i64 {
    messages::table
        .filter(messages::wamid.eq(wamid))
        .count()
        .get_result(conn)
        .unwrap()
}

#[actix_web::test]
async fn every_fixture_delivered_three_times_is_stored_once() {
    let app = TestApp::with(|c| {
        c.meta_app_secret = Some(winmessages::config::Secret::new(SECRET));
    });
    let all = fixtures();
    assert!(all.len() >= 90, "found {} webhook fixtures", all.len());
    connect_every_number(&app, &all);
    let mut checked_messages = 0;
    for (name, bytes, json) in &all {
        reset_inbox(&app);
        for _ in 0..3 {
            deliver(&app, bytes).await;
            app.process();
        }
        assert_eq!(app.event_statuses(), ["processed"; 3], "{name}");
        let conn = &mut app.state.pool.get().unwrap();
        for (_, field, value) in changes(json) {
            if field != "messages" {
                continue;
            }
            for msg in value["messages"].as_array().into_iter().flatten() {
                let kind = msg["type"].as_str().unwrap();
                let wamid = msg["id"].as_str().unwrap();
                let has_sender = msg.get("from").is_some()
                    || msg.get("from_user_id").is_some()
                    || value["contacts"].as_array().is_some_and(|c| !c.is_empty());
                if !has_sender {
                    assert_eq!(message_count(conn, wamid), 0, "{name}");
                    continue;
                }
                checked_messages += 1;
                match kind {
                    "revoke" => {
                        // The original is unknown here: a deleted tombstone takes its place.
                        let original = msg["revoke"]["original_message_id"].as_str().unwrap();
                        let row: (String, Option<chrono::NaiveDateTime>) = messages::table
                            .filter(messages::wamid.eq(original))
                            .select((messages::kind, messages::deleted_at))
                            .first(conn)
                            .unwrap();
                        assert_eq!(row.0, "revoke", "{name}");
                        assert!(row.1.is_some(), "{name}");
                    }
                    "edit" => {
                        let (k, content): (String, String) = messages::table
                            .filter(messages::wamid.eq(wamid))
                            .select((messages::kind, messages::content))
                            .first(conn)
                            .unwrap();
                        assert_eq!(
                            k,
                            msg["edit"]["message"]["type"].as_str().unwrap(),
                            "{name}"
                        );
                        let content: Value = serde_json::from_str(&content).unwrap();
                        assert_eq!(
                            content["edit_of"], msg["edit"]["original_message_id"],
                            "{name}"
                        );
                    }
                    _ => {
                        assert_eq!(message_count(conn, wamid), 1, "{name}: {wamid}");
                        let (k, body, content, status): (String, Option<String>, String, String) =
                            messages::table
                                .filter(messages::wamid.eq(wamid))
                                .select((
                                    messages::kind,
                                    messages::body,
                                    messages::content,
                                    messages::status,
                                ))
                                .first(conn)
                                .unwrap();
                        assert_eq!(k, kind, "{name}");
                        assert_eq!(status, "received", "{name}");
                        let content: Value = serde_json::from_str(&content).unwrap();
                        assert!(content.is_object(), "{name}");
                        check_content(name, kind, msg, body.as_deref(), &content);
                        if ["image", "video", "audio", "document", "sticker"].contains(&kind) {
                            let media_id = content["media"]["media_id"].as_i64().expect(name);
                            let (meta_id, status): (Option<String>, String) = media::table
                                .find(media_id)
                                .select((media::meta_media_id, media::status))
                                .first(conn)
                                .unwrap();
                            assert_eq!(meta_id.as_deref(), msg[kind]["id"].as_str(), "{name}");
                            assert!(status == "pending" || status == "failed", "{name}");
                        }
                    }
                }
            }
            for status in value["statuses"].as_array().into_iter().flatten() {
                let n: i64 = pending_statuses::table
                    .filter(pending_statuses::wamid.eq(status["id"].as_str().unwrap()))
                    .filter(pending_statuses::status.eq(status["status"].as_str().unwrap()))
                    .count()
                    .get_result(conn)
                    .unwrap();
                assert_eq!(n, 1, "{name}: a status of an unknown message waits, once");
            }
        }
        // Replays never count twice: unread equals the customer messages stored.
        let unread: Vec<i32> = conversations::table
            .select(conversations::unread_count)
            .load(conn)
            .unwrap();
        let customer: i64 = messages::table
            .filter(messages::kind.ne_all(["system", "revoke", "reaction"]))
            .count()
            .get_result(conn)
            .unwrap();
        assert_eq!(i64::from(unread.iter().sum::<i32>()), customer, "{name}");
    }
    assert!(
        checked_messages >= 55,
        "checked {checked_messages} messages"
    );
}

fn check_content(name: &str, kind: &str, msg: &Value, body: Option<&str>, content: &Value) {
    match kind {
        "text" => {
            assert_eq!(body, msg["text"]["body"].as_str(), "{name}");
            assert_eq!(content["text"]["body"], msg["text"]["body"], "{name}");
        }
        "image" | "video" | "audio" | "document" | "sticker" => {
            assert_eq!(content["media"]["meta_media_id"], msg[kind]["id"], "{name}");
            assert_eq!(
                content["media"]["mime_type"], msg[kind]["mime_type"],
                "{name}"
            );
            assert_eq!(body, msg[kind]["caption"].as_str(), "{name}");
        }
        "location" => assert_eq!(
            content["location"]["latitude"], msg["location"]["latitude"],
            "{name}"
        ),
        "contacts" => assert_eq!(
            content["contacts"].as_array().unwrap().len(),
            msg["contacts"].as_array().unwrap().len(),
            "{name}"
        ),
        "interactive" => assert_eq!(
            content["interactive"]["type"], msg["interactive"]["type"],
            "{name}"
        ),
        "button" => assert_eq!(
            content["button"]["payload"], msg["button"]["payload"],
            "{name}"
        ),
        "order" => assert_eq!(
            content["order"]["catalog_id"], msg["order"]["catalog_id"],
            "{name}"
        ),
        "system" => assert_eq!(content["system"]["type"], msg["system"]["type"], "{name}"),
        "reaction" => assert_eq!(
            content["reaction"]["message_id"], msg["reaction"]["message_id"],
            "{name}"
        ),
        "unsupported" => assert!(content["unsupported"]["errors"].is_array(), "{name}"),
        _ => assert!(content.get("raw").is_some(), "{name}: {kind}"),
    }
    if msg["context"]["forwarded"] == true {
        assert_eq!(content["forwarded"], true, "{name}");
    }
    if msg.get("referral").is_some() {
        assert_eq!(
            content["referral"]["source_url"], msg["referral"]["source_url"],
            "{name}"
        );
    }
}

//! Right of access and portability (`GET /contacts/{id}/export`): everything held about the
//! person, machine-readable, and nothing about anyone else.

use super::call;
use crate::support::{TestApp, assert_problem};
use diesel::prelude::*;
use serde_json::json;
use winmessages::db::schema::audit_log;

#[actix_web::test]
async fn the_export_holds_everything_about_the_person_and_only_them() {
    let app = TestApp::new();
    let org = app.org("Acme");
    let inbox = app.inbox(&org);
    let second = inbox.second_account();
    let conv = inbox.conversation("15550001111", "Dana Export");
    let other_number = second.conversation_for(conv.contact_id);
    let first = inbox.text(conv, "Hello, I need help").insert();
    inbox.edit(first, "Hello, I need help with my order", app.now());
    inbox.react(first, "15550001111", "❤️", app.now());
    let reply = inbox
        .text(conv, "Sure, what is the order number?")
        .outbound("read", Some(org.agent.id))
        .after(60)
        .insert();
    let photo = inbox
        .message(conv, "image", json!({"media": {"caption": "the receipt"}}))
        .after(120)
        .insert();
    let media = inbox.media("stored", "image/jpeg", None);
    inbox.attach_media(media, photo);
    second
        .text(other_number, "Writing on your other number")
        .after(180)
        .insert();
    // Someone else, who must not appear.
    let stranger = inbox.conversation("15550002222", "Not Dana");
    inbox.text(stranger, "I am someone else").insert();

    let (s, _, _) = call(
        &app,
        "PATCH",
        &format!("/api/v1/contacts/{}", conv.contact_id),
        org.admin.bearer(),
        Some(json!({"notes": "VIP since 2024"})),
    )
    .await;
    assert_eq!(s, 200);

    let uri = format!("/api/v1/contacts/{}/export", conv.contact_id);
    let (s, _, _) = call(&app, "GET", &uri, org.agent.bearer(), None).await;
    assert_eq!(s, 403, "agents cannot export");
    let other = app.org("Other");
    assert_problem(
        &call(&app, "GET", &uri, other.admin.bearer(), None).await,
        404,
        "not_found",
    );

    let svc = app.service().await;
    let res = actix_web::test::call_service(
        &svc,
        actix_web::test::TestRequest::get()
            .uri(&uri)
            .insert_header(org.admin.bearer())
            .to_request(),
    )
    .await;
    assert_eq!(res.status(), 200);
    let disposition = res
        .headers()
        .get("content-disposition")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        disposition,
        format!(
            "attachment; filename=\"contact-{}-export.json\"",
            conv.contact_id
        )
    );
    let doc: serde_json::Value =
        serde_json::from_slice(&actix_web::test::read_body(res).await).unwrap();
    assert_eq!(doc["format"], "winmessages.contact-export.v1");
    assert_eq!(doc["organization_id"], org.id.0);
    assert_eq!(doc["contact"]["wa_id"], "15550001111");
    assert_eq!(doc["contact"]["notes"], "VIP since 2024");
    let convs: Vec<i64> = doc["conversations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    assert_eq!(convs, vec![conv.id, other_number.id]);
    let messages = doc["messages"].as_array().unwrap();
    let ids: Vec<i64> = messages.iter().map(|m| m["id"].as_i64().unwrap()).collect();
    assert_eq!(ids.len(), 4, "{ids:?}");
    assert_eq!(&ids[..3], &[first, reply, photo], "oldest first");
    assert_eq!(
        messages[0]["text"]["body"],
        "Hello, I need help with my order"
    );
    assert_eq!(messages[0]["reactions"][0]["emoji"], "❤️");
    assert_eq!(messages[1]["status"], "read");
    assert_eq!(messages[1]["direction"], "outbound");
    assert_eq!(
        messages[2]["media"]["url"],
        format!("/api/v1/media/{media}")
    );
    assert_eq!(doc["message_edits"][0]["message_id"], first);
    assert_eq!(
        doc["message_edits"][0]["previous_text"],
        "Hello, I need help"
    );
    let actions: Vec<&str> = doc["audit_log"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, vec!["contact.updated"]);
    let text = doc.to_string();
    assert!(!text.contains("someone else") && !text.contains("15550002222"));

    // The export itself is audited.
    let exported: i64 = audit_log::table
        .filter(audit_log::action.eq("contact.exported"))
        .filter(audit_log::organization_id.eq(org.id.0))
        .count()
        .get_result(&mut app.state.pool.get().unwrap())
        .unwrap();
    assert_eq!(exported, 1);
}

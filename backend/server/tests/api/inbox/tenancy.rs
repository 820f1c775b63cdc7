//! Another organization's conversations, messages and contacts do not exist for a caller:
//! 404 on every endpoint, absent from every list. Platform staff have no inbox.

use super::{get, ids, key_auth, patch, post};
use crate::support::{TestApp, assert_problem};
use serde_json::json;

#[actix_web::test]
async fn other_organizations_inbox_answers_404_on_every_endpoint() {
    let app = TestApp::new();
    let acme = app.org("Acme");
    let globex = app.org("Globex");
    let inbox = app.inbox(&acme);
    let c = inbox.conversation("34600111222", "Ana");
    let m = inbox.text(c, "private").insert();
    inbox.set_unread(c, 1);
    let theirs = app
        .inbox(&globex)
        .conversation("34600111222", "Ana at Globex");
    let (_, globex_key) = app.api_key(globex.id, true);
    let svc = app.service().await;
    for auth in [
        globex.admin.bearer(),
        globex.agent.bearer(),
        key_auth(&globex_key),
    ] {
        let conv = format!("/api/v1/conversations/{}", c.id);
        let contact = format!("/api/v1/contacts/{}", c.contact_id);
        assert_problem(&get(&svc, &conv, &auth).await, 404, "not_found");
        assert_problem(
            &patch(&svc, &conv, &auth, json!({"status": "resolved"})).await,
            404,
            "not_found",
        );
        assert_problem(
            &patch(
                &svc,
                &conv,
                &auth,
                json!({"assignee_id": globex.agent.id.0}),
            )
            .await,
            404,
            "not_found",
        );
        assert_problem(
            &post(&svc, &format!("{conv}/read"), &auth).await,
            404,
            "not_found",
        );
        assert_problem(
            &get(&svc, &format!("{conv}/messages"), &auth).await,
            404,
            "not_found",
        );
        assert_problem(&get(&svc, &contact, &auth).await, 404, "not_found");
        assert_problem(
            &patch(&svc, &contact, &auth, json!({"notes": "x"})).await,
            404,
            "not_found",
        );
        // Lists show only their own rows, whatever the filters say.
        let own = get(&svc, "/api/v1/conversations", &auth).await;
        assert_eq!(ids(&own.2), vec![theirs.id]);
        let by_account = format!("/api/v1/conversations?account_id={}", inbox.account_id);
        assert_eq!(
            ids(&get(&svc, &by_account, &auth).await.2),
            Vec::<i64>::new()
        );
        let contacts = get(&svc, "/api/v1/contacts?q=ana", &auth).await;
        assert_eq!(ids(&contacts.2), vec![theirs.contact_id]);
    }
    // Nothing changed for Acme.
    let (_, _, conv) = get(
        &svc,
        &format!("/api/v1/conversations/{}", c.id),
        &acme.agent.bearer(),
    )
    .await;
    assert_eq!(
        (conv["status"].as_str(), conv["unread_count"].as_i64()),
        (Some("open"), Some(1))
    );
    assert!(conv["assignee_id"].is_null());
    assert_eq!(conv["last_message"]["id"], m);
    let (_, _, contact) = get(
        &svc,
        &format!("/api/v1/contacts/{}", c.contact_id),
        &acme.agent.bearer(),
    )
    .await;
    assert!(contact["notes"].is_null());
}

#[actix_web::test]
async fn message_content_never_pulls_in_another_organizations_media() {
    let app = TestApp::new();
    let acme = app.org("Acme");
    let globex = app.org("Globex");
    let foreign = app.inbox(&globex).media("stored", "image/jpeg", None);
    let inbox = app.inbox(&acme);
    let c = inbox.conversation("1", "Ana");
    let m = inbox
        .message(
            c,
            "image",
            json!({"media": {"media_id": foreign, "caption": "hi"}}),
        )
        .insert();
    let svc = app.service().await;
    let (status, _, body) = get(
        &svc,
        &format!("/api/v1/conversations/{}/messages", c.id),
        &acme.agent.bearer(),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(body["items"][0]["id"], m);
    let media = &body["items"][0]["media"];
    assert!(media["id"].is_null() && media["url"].is_null(), "{media}");
    assert_eq!(media["caption"], "hi");
}

#[actix_web::test]
async fn a_conversation_cannot_be_assigned_to_another_organizations_member() {
    let app = TestApp::new();
    let acme = app.org("Acme");
    let globex = app.org("Globex");
    let c = app.inbox(&acme).conversation("1", "Ana");
    let svc = app.service().await;
    let res = patch(
        &svc,
        &format!("/api/v1/conversations/{}", c.id),
        &acme.admin.bearer(),
        json!({"assignee_id": globex.admin.id.0}),
    )
    .await;
    assert_problem(&res, 422, "validation_failed");
}

#[actix_web::test]
async fn the_inbox_needs_an_organization_member() {
    let app = TestApp::new();
    let acme = app.org("Acme");
    let c = app.inbox(&acme).conversation("1", "Ana");
    let staff = app.platform_admin();
    let svc = app.service().await;
    let paths = [
        "/api/v1/conversations".to_owned(),
        format!("/api/v1/conversations/{}", c.id),
        format!("/api/v1/conversations/{}/messages", c.id),
        "/api/v1/contacts".to_owned(),
        format!("/api/v1/contacts/{}", c.contact_id),
    ];
    for path in &paths {
        assert_problem(&get(&svc, path, &staff.bearer()).await, 403, "forbidden");
        let anonymous = actix_web::test::TestRequest::get().uri(path).to_request();
        let res = crate::support::read(actix_web::test::call_service(&svc, anonymous).await).await;
        assert_problem(&res, 401, "unauthorized");
    }
    let res = post(
        &svc,
        &format!("/api/v1/conversations/{}/read", c.id),
        &staff.bearer(),
    )
    .await;
    assert_problem(&res, 403, "forbidden");
}

//! `GET /conversations` (order, every filter), `GET|PATCH /conversations/{id}`,
//! `POST /conversations/{id}/read`.

use super::{get, ids, key_auth, patch, post};
use crate::support::{TestApp, assert_problem};
use chrono::Duration;
use serde_json::json;
use winmessages::auth::Role;

#[actix_web::test]
async fn list_is_ordered_by_last_activity_and_empty_conversations_by_creation() {
    let app = TestApp::new();
    let org = app.org("Acme");
    let inbox = app.inbox(&org);
    let a = inbox.conversation("34600000001", "Ana");
    app.clock.advance(Duration::seconds(5));
    let b = inbox.conversation("34600000002", "Bruno"); // no messages: sorts at its creation
    app.clock.advance(Duration::seconds(5));
    let c = inbox.conversation("34600000003", "Carla");
    inbox.text(a, "first").after(2).insert(); // activity now + 2
    inbox.text(c, "older").after(-20).insert(); // activity before b was created
    let svc = app.service().await;
    let res = get(&svc, "/api/v1/conversations", &org.agent.bearer()).await;
    assert_eq!(res.0, 200, "{}", res.2);
    assert_eq!(ids(&res.2), vec![a.id, b.id, c.id]);
    assert!(res.2["next_cursor"].is_null());
}

#[actix_web::test]
async fn conversation_json_has_the_documented_shape() {
    let app = TestApp::new();
    let org = app.org("Acme");
    let inbox = app.inbox(&org);
    let c = inbox.conversation("34600000001", "Ana");
    inbox.assign(c, Some(org.agent.id));
    inbox.set_unread(c, 2);
    let m = inbox.text(c, "hola").insert();
    let svc = app.service().await;
    let (status, _, body) = get(
        &svc,
        &format!("/api/v1/conversations/{}", c.id),
        &org.agent.bearer(),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let now = app.now().and_utc();
    assert_eq!(body["id"], c.id);
    assert_eq!(body["account_id"], inbox.account_id);
    assert_eq!(
        body["contact"],
        json!({
            "id": c.contact_id, "name": null, "profile_name": "Ana", "display_name": "Ana",
            "wa_id": "34600000001", "user_id": null, "phone_number": "+34600000001",
            "username": null,
        })
    );
    assert_eq!(body["status"], "open");
    assert_eq!(body["assignee_id"], org.agent.id.0);
    assert_eq!(body["unread_count"], 2);
    assert_eq!(body["last_message"]["id"], m);
    assert_eq!(body["last_message"]["text"]["body"], "hola");
    assert_eq!(body["last_message"]["direction"], "inbound");
    assert_eq!(body["last_message_at"], json!(now));
    assert_eq!(body["window_expires_at"], json!(now + Duration::hours(24)));
    assert_eq!(body["created_at"], json!(now));
    assert!(body["updated_at"].is_string());
    // The list renders the same object.
    let (_, _, list) = get(&svc, "/api/v1/conversations", &org.agent.bearer()).await;
    assert_eq!(list["items"][0], body);
}

#[actix_web::test]
async fn a_conversation_without_messages_has_null_last_message() {
    let app = TestApp::new();
    let org = app.org("Acme");
    let c = app.inbox(&org).conversation("34600000001", "Ana");
    let svc = app.service().await;
    let (status, _, body) = get(
        &svc,
        &format!("/api/v1/conversations/{}", c.id),
        &org.admin.bearer(),
    )
    .await;
    assert_eq!(status, 200);
    assert!(body["last_message"].is_null() && body["last_message_at"].is_null());
    assert!(body["window_expires_at"].is_null() && body["assignee_id"].is_null());
}

#[actix_web::test]
async fn status_filter() {
    let app = TestApp::new();
    let org = app.org("Acme");
    let inbox = app.inbox(&org);
    let open = inbox.conversation("1", "A");
    let pending = inbox.conversation("2", "B");
    let resolved = inbox.conversation("3", "C");
    inbox.set_status(pending, "pending");
    inbox.set_status(resolved, "resolved");
    let svc = app.service().await;
    let auth = org.agent.bearer();
    for (status, want) in [("open", open), ("pending", pending), ("resolved", resolved)] {
        let res = get(
            &svc,
            &format!("/api/v1/conversations?status={status}"),
            &auth,
        )
        .await;
        assert_eq!(ids(&res.2), vec![want.id], "status={status}");
    }
    let res = get(&svc, "/api/v1/conversations?status=closed", &auth).await;
    assert_problem(&res, 400, "invalid_query");
}

#[actix_web::test]
async fn assignee_filter_takes_an_id_none_or_me() {
    let app = TestApp::new();
    let org = app.org("Acme");
    let inbox = app.inbox(&org);
    let mine = inbox.conversation("1", "A");
    let admins = inbox.conversation("2", "B");
    let nobody = inbox.conversation("3", "C");
    inbox.assign(mine, Some(org.agent.id));
    inbox.assign(admins, Some(org.admin.id));
    let svc = app.service().await;
    let agent = org.agent.bearer();
    let q = |v: &str| format!("/api/v1/conversations?assignee_id={v}");
    assert_eq!(ids(&get(&svc, &q("me"), &agent).await.2), vec![mine.id]);
    assert_eq!(
        ids(&get(&svc, &q("me"), &org.admin.bearer()).await.2),
        vec![admins.id]
    );
    assert_eq!(
        ids(&get(&svc, &q(&org.admin.id.0.to_string()), &agent).await.2),
        vec![admins.id]
    );
    assert_eq!(ids(&get(&svc, &q("none"), &agent).await.2), vec![nobody.id]);
    assert_eq!(
        ids(&get(&svc, &q("999999"), &agent).await.2),
        Vec::<i64>::new()
    );
    for bad in ["abc", "-1", "0", "1.5"] {
        let res = get(&svc, &q(bad), &agent).await;
        assert_problem(&res, 422, "validation_failed");
        assert_eq!(res.2["errors"][0]["field"], "assignee_id");
    }
    // An API key has no user: `me` means nothing for it.
    let (_, key) = app.api_key(org.id, false);
    let res = get(&svc, &q("me"), &key_auth(&key)).await;
    assert_problem(&res, 422, "validation_failed");
    assert_eq!(
        ids(&get(&svc, &q("none"), &key_auth(&key)).await.2),
        vec![nobody.id]
    );
}

#[actix_web::test]
async fn account_filter() {
    let app = TestApp::new();
    let org = app.org("Acme");
    let first = app.inbox(&org);
    let second = first.second_account();
    let a = first.conversation("1", "A");
    let b = second.conversation("2", "B");
    let svc = app.service().await;
    let auth = org.agent.bearer();
    let q = |acc: i64| format!("/api/v1/conversations?account_id={acc}");
    assert_eq!(
        ids(&get(&svc, &q(first.account_id), &auth).await.2),
        vec![a.id]
    );
    assert_eq!(
        ids(&get(&svc, &q(second.account_id), &auth).await.2),
        vec![b.id]
    );
    assert_problem(
        &get(&svc, "/api/v1/conversations?account_id=x", &auth).await,
        400,
        "invalid_query",
    );
}

#[actix_web::test]
async fn unread_filter() {
    let app = TestApp::new();
    let org = app.org("Acme");
    let inbox = app.inbox(&org);
    let unread = inbox.conversation("1", "A");
    let read = inbox.conversation("2", "B");
    inbox.set_unread(unread, 3);
    let svc = app.service().await;
    let auth = org.agent.bearer();
    assert_eq!(
        ids(&get(&svc, "/api/v1/conversations?unread=true", &auth)
            .await
            .2),
        vec![unread.id]
    );
    assert_eq!(
        ids(&get(&svc, "/api/v1/conversations?unread=false", &auth)
            .await
            .2),
        vec![read.id]
    );
    assert_problem(
        &get(&svc, "/api/v1/conversations?unread=maybe", &auth).await,
        400,
        "invalid_query",
    );
}

#[actix_web::test]
async fn filters_combine() {
    let app = TestApp::new();
    let org = app.org("Acme");
    let first = app.inbox(&org);
    let second = first.second_account();
    // Every combination of (account, status, assignee, unread); exactly one matches all.
    let mut want = None;
    let mut n = 0;
    for inbox in [&first, &second] {
        for status in ["open", "pending"] {
            for assignee in [None, Some(org.agent.id)] {
                for unread in [0, 1] {
                    n += 1;
                    let c = inbox.conversation(&n.to_string(), "X");
                    inbox.set_status(c, status);
                    inbox.assign(c, assignee);
                    inbox.set_unread(c, unread);
                    if inbox.account_id == second.account_id
                        && status == "pending"
                        && assignee.is_some()
                        && unread == 1
                    {
                        want = Some(c.id);
                    }
                }
            }
        }
    }
    let svc = app.service().await;
    let uri = format!(
        "/api/v1/conversations?account_id={}&status=pending&assignee_id=me&unread=true",
        second.account_id
    );
    let res = get(&svc, &uri, &org.agent.bearer()).await;
    assert_eq!(ids(&res.2), vec![want.unwrap()]);
    let uri = format!(
        "/api/v1/conversations?account_id={}&status=open&assignee_id=none",
        first.account_id
    );
    assert_eq!(ids(&get(&svc, &uri, &org.agent.bearer()).await.2).len(), 2);
}

#[actix_web::test]
async fn patch_sets_status_and_assignee_then_unassigns_with_null() {
    let app = TestApp::new();
    let org = app.org("Acme");
    let inbox = app.inbox(&org);
    let c = inbox.conversation("1", "A");
    app.clock.advance(Duration::minutes(3));
    let svc = app.service().await;
    let uri = format!("/api/v1/conversations/{}", c.id);
    let res = patch(
        &svc,
        &uri,
        &org.agent.bearer(),
        json!({"status": "pending", "assignee_id": org.agent.id.0}),
    )
    .await;
    assert_eq!(res.0, 200, "{}", res.2);
    assert_eq!(res.2["status"], "pending");
    assert_eq!(res.2["assignee_id"], org.agent.id.0);
    assert_eq!(res.2["updated_at"], json!(app.now().and_utc()));
    // Absent fields stay; null unassigns.
    let res = patch(
        &svc,
        &uri,
        &org.admin.bearer(),
        json!({"assignee_id": null}),
    )
    .await;
    assert_eq!(res.0, 200);
    assert_eq!(res.2["status"], "pending");
    assert!(res.2["assignee_id"].is_null());
    let res = patch(
        &svc,
        &uri,
        &org.admin.bearer(),
        json!({"status": "resolved"}),
    )
    .await;
    assert_eq!(res.2["status"], "resolved");
    // An integrator's key may triage too.
    let (_, key) = app.api_key(org.id, false);
    let res = patch(
        &svc,
        &uri,
        &key_auth(&key),
        json!({"status": "open", "assignee_id": org.admin.id.0}),
    )
    .await;
    assert_eq!(
        (res.2["status"].as_str(), res.2["assignee_id"].as_i64()),
        (Some("open"), Some(org.admin.id.0))
    );
    let (_, _, after) = get(&svc, &uri, &org.agent.bearer()).await;
    assert_eq!(after, res.2);
}

#[actix_web::test]
async fn patch_refuses_assignees_who_are_not_active_members() {
    let app = TestApp::new();
    let org = app.org("Acme");
    let other = app.org("Globex");
    let staff = app.platform_admin();
    let gone = app.user(Some(org.id), "gone@acme.test", Role::Agent);
    {
        use diesel::prelude::*;
        use winmessages::db::schema::users;
        diesel::update(users::table.find(gone.id.0))
            .set(users::disabled_at.eq(Some(app.now())))
            .execute(&mut app.state.pool.get().unwrap())
            .unwrap();
    }
    let c = app.inbox(&org).conversation("1", "A");
    let svc = app.service().await;
    let uri = format!("/api/v1/conversations/{}", c.id);
    for user in [other.agent.id.0, staff.id.0, gone.id.0, 987_654] {
        let res = patch(
            &svc,
            &uri,
            &org.admin.bearer(),
            json!({"assignee_id": user}),
        )
        .await;
        assert_problem(&res, 422, "validation_failed");
        assert_eq!(res.2["errors"][0]["field"], "assignee_id", "{}", res.2);
    }
    let (_, _, body) = get(&svc, &uri, &org.admin.bearer()).await;
    assert!(body["assignee_id"].is_null(), "nothing changed");
}

#[actix_web::test]
async fn patch_validates_the_body() {
    let app = TestApp::new();
    let org = app.org("Acme");
    let c = app.inbox(&org).conversation("1", "A");
    let svc = app.service().await;
    let uri = format!("/api/v1/conversations/{}", c.id);
    let auth = org.agent.bearer();
    for body in [
        json!({"status": "closed"}),
        json!({"status": null, "assignee_id": 1.5}),
        json!({"assignee_id": "me"}),
        json!({"unread_count": 0}),
    ] {
        assert_problem(&patch(&svc, &uri, &auth, body).await, 422, "invalid_body");
    }
    let res = patch(&svc, &uri, &auth, json!({})).await;
    assert_eq!((res.0, res.2["status"].as_str()), (200, Some("open")));
    assert_problem(
        &patch(&svc, "/api/v1/conversations/x", &auth, json!({})).await,
        400,
        "invalid_path",
    );
}

#[actix_web::test]
async fn reading_a_conversation_clears_its_unread_count() {
    let app = TestApp::new();
    let org = app.org("Acme");
    let inbox = app.inbox(&org);
    let c = inbox.conversation("1", "A");
    let other = inbox.conversation("2", "B");
    inbox.set_unread(c, 4);
    inbox.set_unread(other, 1);
    let svc = app.service().await;
    let res = post(
        &svc,
        &format!("/api/v1/conversations/{}/read", c.id),
        &org.agent.bearer(),
    )
    .await;
    assert_eq!(res.0, 200, "{}", res.2);
    assert_eq!(res.2["unread_count"], 0);
    assert_eq!(res.2["id"], c.id);
    let list = get(
        &svc,
        "/api/v1/conversations?unread=true",
        &org.agent.bearer(),
    )
    .await;
    assert_eq!(ids(&list.2), vec![other.id]);
    // Idempotent.
    let res = post(
        &svc,
        &format!("/api/v1/conversations/{}/read", c.id),
        &org.agent.bearer(),
    )
    .await;
    assert_eq!((res.0, res.2["unread_count"].as_i64()), (200, Some(0)));
}

#[actix_web::test]
async fn unknown_conversations_answer_404() {
    let app = TestApp::new();
    let org = app.org("Acme");
    let svc = app.service().await;
    let auth = org.agent.bearer();
    assert_problem(
        &get(&svc, "/api/v1/conversations/4242", &auth).await,
        404,
        "not_found",
    );
    assert_problem(
        &patch(
            &svc,
            "/api/v1/conversations/4242",
            &auth,
            json!({"status": "open"}),
        )
        .await,
        404,
        "not_found",
    );
    assert_problem(
        &post(&svc, "/api/v1/conversations/4242/read", &auth).await,
        404,
        "not_found",
    );
    assert_problem(
        &get(&svc, "/api/v1/conversations/4242/messages", &auth).await,
        404,
        "not_found",
    );
}

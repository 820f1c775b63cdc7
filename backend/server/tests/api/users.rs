//! Organization members, organizations (platform admin), API key management, audit log.

use crate::support::{PASSWORD, TestApp, assert_problem, read};
use actix_web::test;
use serde_json::json;

#[actix_web::test]
async fn admins_manage_members_and_agents_only_read() {
    let app = TestApp::new();
    let org = app.org("Acme");
    let svc = app.service().await;
    let create = |who: &crate::support::TestUser, body: serde_json::Value| {
        test::TestRequest::post()
            .uri("/api/v1/users")
            .insert_header(who.bearer())
            .set_json(body)
            .to_request()
    };
    let body =
        json!({"email": "  Zoe@Acme.TEST ", "name": "Zoe", "password": PASSWORD, "role": "agent"});
    let (status, _, zoe) =
        read(test::call_service(&svc, create(&org.admin, body.clone())).await).await;
    assert_eq!(status, 201);
    assert_eq!(zoe["email"], "zoe@acme.test", "emails are normalized");
    assert_eq!(zoe["role"], "agent");
    assert_eq!(zoe["active"], true);
    // The same email again (any case) conflicts.
    let dup =
        json!({"email": "ZOE@acme.test", "name": "Zoe 2", "password": PASSWORD, "role": "agent"});
    assert_problem(
        &read(test::call_service(&svc, create(&org.admin, dup)).await).await,
        409,
        "email_taken",
    );
    // Agents can't create members but can list them (for assignment).
    assert_problem(
        &read(test::call_service(&svc, create(&org.agent, body)).await).await,
        403,
        "forbidden",
    );
    let req = test::TestRequest::get()
        .uri("/api/v1/users")
        .insert_header(org.agent.bearer())
        .to_request();
    let (status, _, list) = read(test::call_service(&svc, req).await).await;
    assert_eq!(status, 200);
    let emails: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["email"].as_str().unwrap())
        .collect();
    assert_eq!(
        emails,
        ["admin@acme.test", "agent@acme.test", "zoe@acme.test"]
    );
    assert!(list["next_cursor"].is_null());

    // Pagination.
    let req = test::TestRequest::get()
        .uri("/api/v1/users?limit=2")
        .insert_header(org.agent.bearer())
        .to_request();
    let (_, _, page1) = read(test::call_service(&svc, req).await).await;
    assert_eq!(page1["items"].as_array().unwrap().len(), 2);
    let cursor = page1["next_cursor"].as_str().unwrap();
    let req = test::TestRequest::get()
        .uri(&format!("/api/v1/users?limit=2&cursor={cursor}"))
        .insert_header(org.agent.bearer())
        .to_request();
    let (_, _, page2) = read(test::call_service(&svc, req).await).await;
    assert_eq!(page2["items"][0]["email"], "zoe@acme.test");
    assert!(page2["next_cursor"].is_null());
    for bad in ["limit=0", "limit=500", "cursor=abc"] {
        let req = test::TestRequest::get()
            .uri(&format!("/api/v1/users?{bad}"))
            .insert_header(org.agent.bearer())
            .to_request();
        assert_problem(
            &read(test::call_service(&svc, req).await).await,
            422,
            "validation_failed",
        );
    }

    // Update and delete.
    let id = zoe["id"].as_i64().unwrap();
    let req = test::TestRequest::patch()
        .uri(&format!("/api/v1/users/{id}"))
        .insert_header(org.admin.bearer())
        .set_json(json!({"name": "Zoé", "role": "org_admin"}))
        .to_request();
    let (status, _, updated) = read(test::call_service(&svc, req).await).await;
    assert_eq!(status, 200);
    assert_eq!(updated["name"], "Zoé");
    assert_eq!(updated["role"], "org_admin");
    let req = test::TestRequest::delete()
        .uri(&format!("/api/v1/users/{id}"))
        .insert_header(org.admin.bearer())
        .to_request();
    assert_eq!(test::call_service(&svc, req).await.status(), 204);
    let req = test::TestRequest::delete()
        .uri(&format!("/api/v1/users/{id}"))
        .insert_header(org.admin.bearer())
        .to_request();
    assert_problem(
        &read(test::call_service(&svc, req).await).await,
        404,
        "not_found",
    );
}

#[actix_web::test]
async fn weak_passwords_and_bad_fields_are_422() {
    let app = TestApp::new();
    let org = app.org("Acme");
    let svc = app.service().await;
    for (body, field) in [
        (
            json!({"email": "a@acme.test", "name": "A", "password": "short", "role": "agent"}),
            "password",
        ),
        (
            json!({"email": "a@acme.test", "name": "A", "password": "password-password", "role": "agent"}),
            "password",
        ),
        (
            json!({"email": "not-an-email", "name": "A", "password": PASSWORD, "role": "agent"}),
            "email",
        ),
        (
            json!({"email": "a@acme.test", "name": "", "password": PASSWORD, "role": "agent"}),
            "name",
        ),
    ] {
        let req = test::TestRequest::post()
            .uri("/api/v1/users")
            .insert_header(org.admin.bearer())
            .set_json(&body)
            .to_request();
        let got = read(test::call_service(&svc, req).await).await;
        assert_problem(&got, 422, "validation_failed");
        assert_eq!(got.2["errors"][0]["field"], field, "{body}");
    }
    // A role outside the organization's roles is a schema error.
    let req = test::TestRequest::post()
        .uri("/api/v1/users")
        .insert_header(org.admin.bearer())
        .set_json(json!({"email": "a@acme.test", "name": "A", "password": PASSWORD, "role": "platform_admin"}))
        .to_request();
    assert_problem(
        &read(test::call_service(&svc, req).await).await,
        422,
        "invalid_body",
    );
}

#[actix_web::test]
async fn the_last_active_admin_cannot_be_removed() {
    let app = TestApp::new();
    let org = app.org("Acme");
    let svc = app.service().await;
    for req in [
        test::TestRequest::patch()
            .uri(&format!("/api/v1/users/{}", org.admin.id))
            .insert_header(org.admin.bearer())
            .set_json(json!({"role": "agent"}))
            .to_request(),
        test::TestRequest::patch()
            .uri(&format!("/api/v1/users/{}", org.admin.id))
            .insert_header(org.admin.bearer())
            .set_json(json!({"active": false}))
            .to_request(),
    ] {
        assert_problem(
            &read(test::call_service(&svc, req).await).await,
            409,
            "last_admin",
        );
    }
    // Deleting yourself is refused even when another admin remains (the audit entry needs
    // its actor).
    let second = app.user(
        Some(org.id),
        "second@acme.test",
        winmessages::auth::Role::OrgAdmin,
    );
    let req = test::TestRequest::delete()
        .uri(&format!("/api/v1/users/{}", org.admin.id))
        .insert_header(org.admin.bearer())
        .to_request();
    assert_problem(
        &read(test::call_service(&svc, req).await).await,
        409,
        "cannot_delete_self",
    );
    // Another admin can remove this one; then the last one cannot be removed by the other.
    let req = test::TestRequest::delete()
        .uri(&format!("/api/v1/users/{}", org.admin.id))
        .insert_header(second.bearer())
        .to_request();
    assert_eq!(test::call_service(&svc, req).await.status(), 204);
}

#[actix_web::test]
async fn platform_admins_create_organizations_with_their_first_admin() {
    let app = TestApp::new();
    let staff = app.platform_admin();
    let acme = app.org("Acme");
    let svc = app.service().await;
    let body = json!({"name": "Bakery", "admin": {"email": "owner@bakery.test", "name": "Owner", "password": PASSWORD}});
    let req = test::TestRequest::post()
        .uri("/api/v1/admin/organizations")
        .insert_header(staff.bearer())
        .set_json(&body)
        .to_request();
    let (status, _, created) = read(test::call_service(&svc, req).await).await;
    assert_eq!(status, 201);
    assert_eq!(created["organization"]["name"], "Bakery");
    assert_eq!(created["admin"]["role"], "org_admin");
    // The new admin can sign in.
    let req = test::TestRequest::post()
        .uri("/api/v1/auth/login")
        .set_json(json!({"email": "owner@bakery.test", "password": PASSWORD}))
        .to_request();
    assert_eq!(test::call_service(&svc, req).await.status(), 200);
    // Org admins are not platform admins.
    let req = test::TestRequest::post()
        .uri("/api/v1/admin/organizations")
        .insert_header(acme.admin.bearer())
        .set_json(&body)
        .to_request();
    assert_problem(
        &read(test::call_service(&svc, req).await).await,
        403,
        "forbidden",
    );
    let req = test::TestRequest::get()
        .uri("/api/v1/admin/organizations")
        .insert_header(staff.bearer())
        .to_request();
    let (_, _, list) = read(test::call_service(&svc, req).await).await;
    let names: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Acme", "Bakery"]);
    assert_eq!(list["items"][0]["member_count"], 2);
    // Platform admins have no organization: org-scoped endpoints refuse them.
    let req = test::TestRequest::get()
        .uri("/api/v1/users")
        .insert_header(staff.bearer())
        .to_request();
    assert_problem(
        &read(test::call_service(&svc, req).await).await,
        403,
        "forbidden",
    );
}

#[actix_web::test]
async fn api_key_lifecycle_shows_the_key_once() {
    let app = TestApp::new();
    let org = app.org("Acme");
    let svc = app.service().await;
    let req = test::TestRequest::post()
        .uri("/api/v1/api-keys")
        .insert_header(org.admin.bearer())
        .set_json(json!({"name": "CRM sync"}))
        .to_request();
    let (status, _, created) = read(test::call_service(&svc, req).await).await;
    assert_eq!(status, 201);
    let key = created["key"].as_str().unwrap().to_owned();
    assert!(key.starts_with("wm_"));
    assert_eq!(created["scope"], "agent");
    assert!(key.starts_with(created["prefix"].as_str().unwrap()));
    assert!(created["last_used_at"].is_null());

    // Using it records the time.
    let req = test::TestRequest::get()
        .uri("/api/v1/users")
        .insert_header(("authorization", format!("Bearer {key}")))
        .to_request();
    assert_eq!(test::call_service(&svc, req).await.status(), 200);
    let req = test::TestRequest::get()
        .uri("/api/v1/api-keys")
        .insert_header(org.admin.bearer())
        .to_request();
    let (_, _, list) = read(test::call_service(&svc, req).await).await;
    let text = list.to_string();
    assert!(!text.contains(&key), "the key is never listed");
    assert!(list["items"][0]["last_used_at"].is_string());

    // Nothing stores the key itself.
    use diesel::prelude::*;
    use winmessages::db::schema::api_keys;
    let mut conn = app.state.pool.get().unwrap();
    let hashes: Vec<String> = api_keys::table
        .select(api_keys::key_hash)
        .load(&mut conn)
        .unwrap();
    assert!(hashes.iter().all(|h| h != &key && h.len() == 64));

    // Agents cannot manage keys.
    let req = test::TestRequest::get()
        .uri("/api/v1/api-keys")
        .insert_header(org.agent.bearer())
        .to_request();
    assert_problem(
        &read(test::call_service(&svc, req).await).await,
        403,
        "forbidden",
    );
}

#[actix_web::test]
async fn audit_log_records_security_events_and_is_scoped() {
    let app = TestApp::new();
    let staff = app.platform_admin();
    let acme = app.org("Acme");
    let other = app.org("Other");
    let svc = app.service().await;
    let post = |uri: &str, who: &crate::support::TestUser, body: serde_json::Value| {
        test::TestRequest::post()
            .uri(uri)
            .insert_header(who.bearer())
            .peer_addr("192.0.2.10:4000".parse().unwrap())
            .insert_header(("user-agent", "audit-test"))
            .set_json(body)
            .to_request()
    };
    let (_, _, user) = read(
        test::call_service(
            &svc,
            post(
                "/api/v1/users",
                &acme.admin,
                json!({"email": "n@acme.test", "name": "N", "password": PASSWORD, "role": "agent"}),
            ),
        )
        .await,
    )
    .await;
    let (_, _, key) = read(
        test::call_service(
            &svc,
            post(
                "/api/v1/api-keys",
                &acme.admin,
                json!({"name": "k", "scope": "admin"}),
            ),
        )
        .await,
    )
    .await;
    test::call_service(
        &svc,
        post("/api/v1/api-keys", &other.admin, json!({"name": "other"})),
    )
    .await;
    let req = test::TestRequest::patch()
        .uri(&format!("/api/v1/users/{}", user["id"]))
        .insert_header(acme.admin.bearer())
        .set_json(json!({"role": "org_admin"}))
        .to_request();
    test::call_service(&svc, req).await;
    let req = test::TestRequest::delete()
        .uri(&format!("/api/v1/api-keys/{}", key["id"]))
        .insert_header(acme.admin.bearer())
        .to_request();
    test::call_service(&svc, req).await;

    let req = test::TestRequest::get()
        .uri("/api/v1/audit-log")
        .insert_header(acme.admin.bearer())
        .to_request();
    let (status, _, log) = read(test::call_service(&svc, req).await).await;
    assert_eq!(status, 200);
    let items = log["items"].as_array().unwrap();
    let actions: Vec<&str> = items
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "api_key.revoked",
            "user.updated",
            "api_key.created",
            "user.created"
        ]
    );
    assert!(items.iter().all(|e| e["organization_id"] == acme.id.0));
    assert_eq!(items[3]["actor_user_id"], acme.admin.id.0);
    assert_eq!(items[3]["ip"], "192.0.2.10");
    assert_eq!(items[3]["user_agent"], "audit-test");
    assert_eq!(items[1]["details"]["before"]["role"], "agent");
    assert_eq!(items[1]["details"]["after"]["role"], "org_admin");

    // Agents may not read it; platform admins see every organization.
    let req = test::TestRequest::get()
        .uri("/api/v1/audit-log")
        .insert_header(acme.agent.bearer())
        .to_request();
    assert_problem(
        &read(test::call_service(&svc, req).await).await,
        403,
        "forbidden",
    );
    let req = test::TestRequest::get()
        .uri("/api/v1/audit-log")
        .insert_header(staff.bearer())
        .to_request();
    let (_, _, all) = read(test::call_service(&svc, req).await).await;
    assert_eq!(all["items"].as_array().unwrap().len(), 5);
    let req = test::TestRequest::get()
        .uri(&format!(
            "/api/v1/audit-log?organization_id={}&action=api_key.created",
            other.id
        ))
        .insert_header(staff.bearer())
        .to_request();
    let (_, _, filtered) = read(test::call_service(&svc, req).await).await;
    assert_eq!(filtered["items"].as_array().unwrap().len(), 1);
}

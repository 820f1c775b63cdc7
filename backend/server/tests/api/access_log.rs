//! The access log: every API and webhook request recorded with its caller, route, status and
//! client, never with bodies, query strings or tokens; readable per organization by its
//! admins and across organizations by platform admins.

use crate::support::{PASSWORD, TestApp, TestOrg, assert_problem, read};
use actix_web::test;
use diesel::prelude::*;
use serde_json::{Value, json};
use winmessages::db::schema::access_logs;

async fn call(
    svc: &impl actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>,
        Error = actix_web::Error,
    >,
    req: test::TestRequest,
) -> (u16, String, Value) {
    read(test::call_service(svc, req.to_request()).await).await
}

fn get(uri: &str, auth: (&'static str, String)) -> test::TestRequest {
    test::TestRequest::get().uri(uri).insert_header(auth)
}

#[derive(Debug, Queryable)]
struct Row {
    organization_id: Option<i64>,
    user_id: Option<i64>,
    api_key_id: Option<i64>,
    method: String,
    route: Option<String>,
    path: String,
    status: i32,
    client_ip: Option<String>,
    user_agent: Option<String>,
    duration_ms: i64,
    request_id: Option<String>,
}

async fn rows(app: &TestApp) -> Vec<Row> {
    app.state.access_log.flush().await;
    access_logs::table
        .order(access_logs::id.asc())
        .select((
            access_logs::organization_id,
            access_logs::user_id,
            access_logs::api_key_id,
            access_logs::method,
            access_logs::route,
            access_logs::path,
            access_logs::status,
            access_logs::client_ip,
            access_logs::user_agent,
            access_logs::duration_ms,
            access_logs::request_id,
        ))
        .load(&mut app.state.pool.get().unwrap())
        .unwrap()
}

fn items(body: &Value) -> Vec<Value> {
    body["items"].as_array().unwrap().clone()
}

#[actix_web::test]
async fn requests_are_logged_with_caller_route_status_and_client() {
    let app = TestApp::new();
    let acme = app.org("Acme");
    let (key_id, key) = app.api_key(acme.id, true);
    let svc = app.service().await;
    let peer = "10.1.2.3:4000".parse().unwrap();

    let res = test::call_service(
        &svc,
        get("/api/v1/users?limit=5", acme.admin.bearer())
            .peer_addr(peer)
            .insert_header(("user-agent", format!("probe/1.0 {}", "x".repeat(400))))
            .to_request(),
    )
    .await;
    assert_eq!(res.status(), 200);
    let request_id = res
        .headers()
        .get("x-request-id")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    let got = call(
        &svc,
        test::TestRequest::patch()
            .uri(&format!("/api/v1/users/{}", acme.agent.id))
            .insert_header(("authorization", format!("Bearer {key}")))
            .set_json(json!({"name": "Agent Smith"})),
    )
    .await;
    assert_eq!(got.0, 200, "{got:?}");
    call(&svc, test::TestRequest::get().uri("/api/v1/me")).await;
    call(
        &svc,
        test::TestRequest::post()
            .uri("/api/v1/auth/login")
            .set_json(json!({"email": acme.admin.email, "password": "wrong password"})),
    )
    .await;
    let got = call(
        &svc,
        test::TestRequest::post()
            .uri("/api/v1/auth/login")
            .set_json(
                json!({"email": acme.admin.email, "password": PASSWORD, "token_delivery": "body"}),
            ),
    )
    .await;
    assert_eq!(got.0, 200);
    let refresh_token = got.2["refresh_token"].as_str().unwrap().to_owned();
    let got = call(
        &svc,
        test::TestRequest::post()
            .uri("/api/v1/auth/refresh")
            .set_json(json!({ "refresh_token": refresh_token, "token_delivery": "body" })),
    )
    .await;
    assert_eq!(got.0, 200, "{got:?}");
    call(&svc, test::TestRequest::get().uri("/api/v1/nothing/here")).await;
    call(
        &svc,
        test::TestRequest::post()
            .uri("/webhooks/whatsapp")
            .set_payload("{}"),
    )
    .await;
    // Outside the API: not logged.
    call(&svc, test::TestRequest::get().uri("/healthz")).await;
    call(&svc, test::TestRequest::get().uri("/api-docs/openapi.json")).await;

    let rows = rows(&app).await;
    let summary: Vec<_> = rows
        .iter()
        .map(|r| {
            (
                r.organization_id,
                r.user_id,
                r.api_key_id,
                r.method.as_str(),
                r.route.as_deref(),
                r.path.as_str(),
                r.status,
            )
        })
        .collect();
    let (org, admin, agent) = (Some(acme.id.0), Some(acme.admin.id.0), acme.agent.id.0);
    let agent_path = format!("/api/v1/users/{agent}");
    assert_eq!(
        summary,
        [
            (
                org,
                admin,
                None,
                "GET",
                Some("/api/v1/users"),
                "/api/v1/users",
                200
            ),
            (
                org,
                None,
                Some(key_id.0),
                "PATCH",
                Some("/api/v1/users/{id}"),
                agent_path.as_str(),
                200
            ),
            (
                None,
                None,
                None,
                "GET",
                Some("/api/v1/me"),
                "/api/v1/me",
                401
            ),
            (
                None,
                None,
                None,
                "POST",
                Some("/api/v1/auth/login"),
                "/api/v1/auth/login",
                401
            ),
            (
                org,
                admin,
                None,
                "POST",
                Some("/api/v1/auth/login"),
                "/api/v1/auth/login",
                200
            ),
            (
                org,
                admin,
                None,
                "POST",
                Some("/api/v1/auth/refresh"),
                "/api/v1/auth/refresh",
                200
            ),
            (None, None, None, "GET", None, "/api/v1/nothing/here", 404),
            (
                None,
                None,
                None,
                "POST",
                Some("/webhooks/whatsapp"),
                "/webhooks/whatsapp",
                503
            ),
        ]
    );
    let first = &rows[0];
    assert_eq!(first.client_ip.as_deref(), Some("10.1.2.3"));
    let ua = first.user_agent.as_deref().unwrap();
    assert!(
        ua.starts_with("probe/1.0 xxx") && ua.chars().count() == 256,
        "{ua}"
    );
    assert_eq!(first.request_id.as_deref(), Some(request_id.as_str()));
    assert!(
        rows.iter()
            .all(|r| r.duration_ms >= 0 && r.request_id.is_some())
    );
    assert_eq!(app.state.access_log.dropped(), 0);
}

#[actix_web::test]
async fn no_query_string_body_or_token_is_stored() {
    let app = TestApp::new();
    let acme = app.org("Acme");
    let (_, key) = app.api_key(acme.id, true);
    let svc = app.service().await;
    call(
        &svc,
        get("/api/v1/me?token=secret-in-query&x=1", acme.admin.bearer()),
    )
    .await;
    call(
        &svc,
        test::TestRequest::get()
            .uri("/api/v1/api-keys?access_token=secret-in-query")
            .insert_header(("authorization", format!("Bearer {key}"))),
    )
    .await;
    call(
        &svc,
        test::TestRequest::post()
            .uri("/api/v1/auth/login?token=secret-in-query")
            .set_json(json!({"email": acme.admin.email, "password": "secret-password"})),
    )
    .await;
    call(
        &svc,
        test::TestRequest::get()
            .uri("/api/v1/me")
            .insert_header(("authorization", "Bearer secret-forged-token")),
    )
    .await;
    let rows = rows(&app).await;
    assert_eq!(rows.len(), 4);
    let all = format!("{rows:?}");
    for secret in [
        "secret-in-query",
        "secret-password",
        "secret-forged-token",
        acme.admin.token.as_str(),
        key.as_str(),
        "Bearer",
        "?",
    ] {
        assert!(!all.contains(secret), "{secret} stored: {all}");
    }
    assert_eq!(rows[0].path, "/api/v1/me");
}

#[actix_web::test]
async fn admins_read_their_organizations_entries_only() {
    let app = TestApp::new();
    let acme = app.org("Acme");
    let beta = app.org("Beta");
    let staff = app.platform_admin();
    let (_, agent_key) = app.api_key(acme.id, false);
    let svc = app.service().await;
    for org in [&acme, &beta] {
        call(&svc, get("/api/v1/users", org.admin.bearer())).await;
        call(&svc, get("/api/v1/me", org.agent.bearer())).await;
    }
    call(&svc, test::TestRequest::get().uri("/api/v1/me")).await;
    app.state.access_log.flush().await;

    let read_log = |org: &TestOrg| get("/api/v1/access-log", org.admin.bearer());
    let (status, _, body) = call(&svc, read_log(&acme)).await;
    assert_eq!(status, 200, "{body}");
    let entries = items(&body);
    assert_eq!(entries.len(), 2, "{body}");
    assert!(
        entries.iter().all(|e| e["organization_id"] == acme.id.0),
        "{body}"
    );
    assert_eq!(
        entries[0]["user_id"], acme.agent.id.0,
        "newest first: {body}"
    );
    assert!(entries[0]["created_at"].as_str().unwrap().ends_with('Z'));

    app.state.access_log.flush().await;
    let (_, _, body) = call(&svc, read_log(&beta)).await;
    let entries = items(&body);
    // Beta's own two requests and its admin's previous read; nothing of Acme.
    assert!(
        entries.iter().all(|e| e["organization_id"] == beta.id.0),
        "{body}"
    );
    assert_eq!(entries.len(), 2, "{body}");

    for who in [
        acme.agent.bearer(),
        ("authorization", format!("Bearer {agent_key}")),
    ] {
        let got = call(&svc, get("/api/v1/access-log", who.clone())).await;
        assert_problem(&got, 403, "forbidden");
        let got = call(&svc, get("/api/v1/admin/access-log", who)).await;
        assert_problem(&got, 403, "forbidden");
    }
    let got = call(&svc, get("/api/v1/admin/access-log", acme.admin.bearer())).await;
    assert_problem(&got, 403, "forbidden");
    let got = call(&svc, get("/api/v1/access-log", staff.bearer())).await;
    assert_problem(&got, 403, "forbidden");
    let got = call(&svc, test::TestRequest::get().uri("/api/v1/access-log")).await;
    assert_problem(&got, 401, "unauthorized");

    // Platform admins see every organization and the unauthenticated requests.
    app.state.access_log.flush().await;
    let (status, _, body) = call(
        &svc,
        get("/api/v1/admin/access-log?limit=200", staff.bearer()),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let all = items(&body);
    let orgs: std::collections::BTreeSet<String> = all
        .iter()
        .map(|e| e["organization_id"].to_string())
        .collect();
    assert!(
        orgs.contains(&acme.id.0.to_string())
            && orgs.contains(&beta.id.0.to_string())
            && orgs.contains("null"),
        "{orgs:?}"
    );
    assert!(
        all.iter()
            .any(|e| e["status"] == 401 && e["user_id"].is_null())
    );
    let (_, _, body) = call(
        &svc,
        get(
            &format!("/api/v1/admin/access-log?organization_id={}", beta.id.0),
            staff.bearer(),
        ),
    )
    .await;
    let only_beta = items(&body);
    assert!(!only_beta.is_empty());
    assert!(
        only_beta.iter().all(|e| e["organization_id"] == beta.id.0),
        "{body}"
    );
}

#[actix_web::test]
async fn the_log_filters_and_pages() {
    let app = TestApp::new();
    let acme = app.org("Acme");
    let (key_id, key) = app.api_key(acme.id, true);
    let key_auth = ("authorization", format!("Bearer {key}"));
    let svc = app.service().await;
    // 12:00 — three requests by the admin (200, 405, 422); 12:10 — two by the API key
    // (200, 404).
    call(&svc, get("/api/v1/users", acme.admin.bearer())).await;
    call(&svc, get("/api/v1/users/999999", acme.admin.bearer())).await;
    call(&svc, get("/api/v1/users?limit=0", acme.admin.bearer())).await;
    app.clock.advance(chrono::Duration::minutes(10));
    call(&svc, get("/api/v1/api-keys", key_auth.clone())).await;
    call(
        &svc,
        test::TestRequest::delete()
            .uri("/api/v1/api-keys/999999")
            .insert_header(key_auth.clone()),
    )
    .await;
    app.state.access_log.flush().await;
    // The reads below are logged too, at 12:11: the counts look before 12:10:30 only.
    app.clock.advance(chrono::Duration::minutes(1));

    let count = |query: String| {
        let svc = &svc;
        let auth = acme.admin.bearer();
        async move {
            let query = if query.contains("to=") {
                query
            } else {
                format!("to=2026-11-25T12:10:30Z&{query}")
            };
            let (status, _, body) =
                call(svc, get(&format!("/api/v1/access-log?{query}"), auth)).await;
            assert_eq!(status, 200, "{query}: {body}");
            items(&body).len()
        }
    };
    assert_eq!(count(String::new()).await, 5);
    assert_eq!(count(format!("user_id={}", acme.admin.id.0)).await, 3);
    assert_eq!(count(format!("api_key_id={}", key_id.0)).await, 2);
    assert_eq!(count("method=delete".into()).await, 1);
    assert_eq!(count("status=404".into()).await, 1);
    assert_eq!(count("status=405".into()).await, 1);
    assert_eq!(count("status=4xx".into()).await, 3);
    assert_eq!(count("status=2XX".into()).await, 2);
    assert_eq!(count("path=/api/v1/users".into()).await, 3);
    assert_eq!(count("path=/api/v1/api-keys/".into()).await, 1);
    assert_eq!(count("path=/API/v1/users".into()).await, 0);
    assert_eq!(count("from=2026-11-25T12:05:00Z".into()).await, 2);
    assert_eq!(count("to=2026-11-25T12:05:00Z".into()).await, 3);
    assert_eq!(
        count("from=2026-11-25T12:05:00Z&to=2026-11-25T12:05:00Z".into()).await,
        0
    );
    assert_eq!(
        count("from=2026-11-25T12:00:00Z&status=2xx&method=GET".into()).await,
        2
    );

    // Pages of two, newest first, no overlap.
    let mut seen = Vec::new();
    let mut uri = "/api/v1/access-log?limit=2&to=2026-11-25T12:10:30Z".to_owned();
    loop {
        let (_, _, body) = call(&svc, get(&uri, acme.admin.bearer())).await;
        seen.extend(items(&body).iter().map(|e| e["id"].as_i64().unwrap()));
        match body["next_cursor"].as_str() {
            Some(c) => {
                uri = format!("/api/v1/access-log?limit=2&to=2026-11-25T12:10:30Z&cursor={c}")
            }
            None => break,
        }
    }
    assert_eq!(seen.len(), 5, "{seen:?}");
    assert!(seen.windows(2).all(|w| w[0] > w[1]), "{seen:?}");

    for (query, field) in [
        ("status=42", "status"),
        ("status=6xx", "status"),
        ("status=abc", "status"),
        ("method=G3T", "method"),
        ("method=", "method"),
        ("status=", "status"),
        ("path=", "path"),
        ("path=api", "path"),
        ("limit=0", "limit"),
    ] {
        let got = call(
            &svc,
            get(&format!("/api/v1/access-log?{query}"), acme.admin.bearer()),
        )
        .await;
        assert_problem(&got, 422, "validation_failed");
        assert_eq!(got.2["errors"][0]["field"], field, "{query}: {}", got.2);
    }
    for query in ["from=yesterday", "user_id=me"] {
        let got = call(
            &svc,
            get(&format!("/api/v1/access-log?{query}"), acme.admin.bearer()),
        )
        .await;
        assert_problem(&got, 400, "invalid_query");
    }
}

#[actix_web::test]
async fn the_client_address_honours_trust_forwarded() {
    for trust in [false, true] {
        let app = TestApp::with(|c| c.trust_forwarded = trust);
        let svc = app.service().await;
        call(
            &svc,
            test::TestRequest::get()
                .uri("/api/v1/me")
                .peer_addr("10.0.0.1:1234".parse().unwrap())
                .insert_header(("x-forwarded-for", "203.0.113.9")),
        )
        .await;
        let rows = rows(&app).await;
        let want = if trust { "203.0.113.9" } else { "10.0.0.1" };
        assert_eq!(rows[0].client_ip.as_deref(), Some(want), "trust={trust}");
    }
}

#[actix_web::test]
async fn a_full_queue_drops_and_counts_entries_instead_of_waiting() {
    let app = TestApp::new();
    let registry = prometheus::Registry::new();
    let log = winmessages::access_log::AccessLog::start_with_depth(
        app.state.pool.clone(),
        app.state.clock.clone(),
        app.state.pipeline.clone(),
        &registry,
        1,
    )
    .unwrap();
    let entry = winmessages::access_log::store::NewAccessLog {
        organization_id: None,
        user_id: None,
        api_key_id: None,
        method: "GET".into(),
        route: None,
        path: "/api/v1/me".into(),
        status: 401,
        client_ip: None,
        user_agent: None,
        duration_ms: 0,
        request_id: None,
        created_at: chrono::NaiveDateTime::default(),
    };
    let started = std::time::Instant::now();
    for _ in 0..500 {
        log.record(entry.clone());
    }
    assert!(started.elapsed() < std::time::Duration::from_secs(2));
    let stored = || -> i64 {
        access_logs::table
            .count()
            .get_result(&mut app.state.pool.get().unwrap())
            .unwrap()
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while stored() + i64::try_from(log.dropped()).unwrap() < 500 {
        assert!(
            std::time::Instant::now() < deadline,
            "entries unaccounted for"
        );
        log.flush().await;
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(log.dropped() > 0);
    let dropped = registry
        .gather()
        .iter()
        .find(|m| m.name() == "winmessages_access_log_dropped_total")
        .map(|m| m.get_metric()[0].get_counter().get_value());
    assert_eq!(dropped, Some(log.dropped() as f64));
}

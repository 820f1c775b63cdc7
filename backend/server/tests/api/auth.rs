//! Sessions: login, token attacks, refresh rotation and reuse, logout, /me, rate limits.

use crate::support::{PASSWORD, TestApp, assert_problem, read};
use actix_web::test;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};
use winmessages::auth::Role;

fn login_req(email: &str, password: &str, delivery: &str) -> actix_http::Request {
    test::TestRequest::post()
        .uri("/api/v1/auth/login")
        .peer_addr("10.0.0.7:5555".parse().unwrap())
        .insert_header(("user-agent", "test-agent/1.0"))
        .set_json(json!({"email": email, "password": password, "token_delivery": delivery}))
        .to_request()
}

fn me_req(token: &str) -> actix_http::Request {
    test::TestRequest::get()
        .uri("/api/v1/me")
        .insert_header(("authorization", format!("Bearer {token}")))
        .to_request()
}

fn audit_actions(app: &TestApp) -> Vec<String> {
    use diesel::prelude::*;
    use winmessages::db::schema::audit_log;
    let mut conn = app.state.pool.get().unwrap();
    audit_log::table
        .order(audit_log::id.asc())
        .select(audit_log::action)
        .load(&mut conn)
        .unwrap()
}

#[actix_web::test]
async fn login_with_cookie_then_me() {
    let app = TestApp::new();
    let org = app.org("Acme");
    let svc = app.service().await;
    let res = test::call_service(&svc, login_req(" Admin@ACME.test ", PASSWORD, "cookie")).await;
    assert_eq!(res.status(), 200);
    let cookie = res
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    for part in [
        "wm_refresh=",
        "HttpOnly",
        "SameSite=Strict",
        "Path=/api/v1/auth",
    ] {
        assert!(cookie.contains(part), "{cookie}");
    }
    assert!(
        !cookie.contains("Secure"),
        "plain HTTP must not set Secure: {cookie}"
    );
    let (_, _, body) = read(res).await;
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 900);
    assert!(
        body.get("refresh_token").is_none(),
        "cookie delivery keeps it out of the body"
    );
    assert_eq!(body["user"]["email"], "admin@acme.test");
    assert!(body["user"].get("password_hash").is_none());

    // The claims carry subject, organization, role, expiry and a token id.
    let token = body["access_token"].as_str().unwrap();
    let claims: Value = serde_json::from_slice(
        &URL_SAFE_NO_PAD
            .decode(token.split('.').nth(1).unwrap())
            .unwrap(),
    )
    .unwrap();
    assert_eq!(claims["sub"], org.admin.id.0.to_string());
    assert_eq!(claims["org"], org.id.0);
    assert_eq!(claims["role"], "org_admin");
    assert!(claims["jti"].as_str().unwrap().len() >= 16);
    assert_eq!(
        claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
        900
    );

    let (status, _, me) = read(test::call_service(&svc, me_req(token)).await).await;
    assert_eq!(status, 200);
    assert_eq!(me["kind"], "user");
    assert_eq!(me["role"], "org_admin");
    assert_eq!(me["organization"]["name"], "Acme");
    assert_eq!(me["user"]["id"], org.admin.id.0);

    let actions = audit_actions(&app);
    assert_eq!(actions, ["login.succeeded"]);
}

#[actix_web::test]
async fn wrong_password_unknown_email_and_disabled_user_look_the_same() {
    let app = TestApp::new();
    let org = app.org("Acme");
    let svc = app.service().await;
    let req = test::TestRequest::patch()
        .uri(&format!("/api/v1/users/{}", org.agent.id))
        .insert_header(org.admin.bearer())
        .set_json(json!({"active": false}))
        .to_request();
    assert_eq!(test::call_service(&svc, req).await.status(), 200);

    let wrong = read(
        test::call_service(&svc, login_req("admin@acme.test", "nope-nope-nope", "body")).await,
    )
    .await;
    let unknown =
        read(test::call_service(&svc, login_req("ghost@acme.test", PASSWORD, "body")).await).await;
    let disabled =
        read(test::call_service(&svc, login_req("agent@acme.test", PASSWORD, "body")).await).await;
    for got in [&wrong, &unknown, &disabled] {
        assert_problem(got, 401, "invalid_credentials");
    }
    assert_eq!(wrong.2["detail"], unknown.2["detail"]);
    assert_eq!(wrong.2["detail"], disabled.2["detail"]);

    use diesel::prelude::*;
    use winmessages::db::schema::audit_log;
    let mut conn = app.state.pool.get().unwrap();
    let failed: Vec<(Option<String>, Option<String>, Option<String>)> = audit_log::table
        .filter(audit_log::action.eq("login.failed"))
        .order(audit_log::id.asc())
        .select((audit_log::details, audit_log::ip, audit_log::user_agent))
        .load(&mut conn)
        .unwrap();
    assert_eq!(failed.len(), 3);
    assert!(failed[0].0.as_deref().unwrap().contains("wrong_password"));
    assert!(failed[1].0.as_deref().unwrap().contains("unknown_email"));
    assert!(failed[2].0.as_deref().unwrap().contains("disabled"));
    assert_eq!(failed[0].1.as_deref(), Some("10.0.0.7"));
    assert_eq!(failed[0].2.as_deref(), Some("test-agent/1.0"));
}

#[actix_web::test]
async fn login_body_errors() {
    let app = TestApp::new();
    let svc = app.service().await;
    let req = test::TestRequest::post()
        .uri("/api/v1/auth/login")
        .set_json(json!({"email": "a@b.test"}))
        .to_request();
    assert_problem(
        &read(test::call_service(&svc, req).await).await,
        422,
        "invalid_body",
    );
    let req = test::TestRequest::post()
        .uri("/api/v1/auth/login")
        .set_json(json!({"email": "a@b.test", "password": "x", "role": "platform_admin"}))
        .to_request();
    assert_problem(
        &read(test::call_service(&svc, req).await).await,
        422,
        "invalid_body",
    );
}

/// Each rejected token answers 401 problem+json with WWW-Authenticate.
#[actix_web::test]
async fn token_attacks_are_rejected() {
    let app = TestApp::new();
    let org = app.org("Acme");
    let svc = app.service().await;
    let good = org.admin.token.clone();
    let mut parts: Vec<String> = good.split('.').map(str::to_owned).collect();
    let payload: Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(&parts[1]).unwrap()).unwrap();
    let encode = |v: &Value| URL_SAFE_NO_PAD.encode(v.to_string());

    // Bad signature: payload changed (role escalation), signature kept.
    let mut escalated = payload.clone();
    escalated["role"] = json!("platform_admin");
    escalated["org"] = Value::Null;
    let tampered = format!("{}.{}.{}", parts[0], encode(&escalated), parts[2]);
    // alg none.
    let none = format!(
        "{}.{}.",
        encode(&json!({"alg": "none", "typ": "JWT"})),
        parts[1]
    );
    // Another algorithm in the header (HS512), signed with the same secret by an attacker
    // who knows it is not accepted either.
    let hs512 = format!(
        "{}.{}.{}",
        encode(&json!({"alg": "HS512", "typ": "JWT"})),
        parts[1],
        parts[2]
    );
    // Wrong issuer / audience, validly signed with another key (we can't sign with ours).
    let foreign = winmessages::auth::jwt::JwtKeys::new(b"someone-else-entirely-0123456789")
        .issue(
            winmessages::auth::jwt::AccessToken {
                user: org.admin.id,
                org: Some(org.id),
                role: Role::OrgAdmin,
            },
            chrono::Utc::now(),
        )
        .unwrap()
        .0;
    parts[2] = "AAAA".into();
    let bad_sig = parts.join(".");
    for (name, token) in [
        ("tampered", tampered),
        ("alg none", none),
        ("hs512", hs512),
        ("foreign key", foreign),
        ("bad signature", bad_sig),
        ("malformed", "not.a.jwt".to_owned()),
        ("garbage", "x".to_owned()),
    ] {
        let res = test::call_service(&svc, me_req(&token)).await;
        let www = res
            .headers()
            .get("www-authenticate")
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default();
        assert!(www.starts_with("Bearer"), "{name}: {www}");
        assert_problem(&read(res).await, 401, "unauthorized");
    }
    // Missing header, wrong scheme.
    let res = test::call_service(
        &svc,
        test::TestRequest::get().uri("/api/v1/me").to_request(),
    )
    .await;
    assert!(res.headers().contains_key("www-authenticate"));
    assert_problem(&read(res).await, 401, "unauthorized");
    let req = test::TestRequest::get()
        .uri("/api/v1/me")
        .insert_header(("authorization", "Basic YTpi"))
        .to_request();
    assert_problem(
        &read(test::call_service(&svc, req).await).await,
        401,
        "unauthorized",
    );
}

#[actix_web::test]
async fn expired_and_not_yet_valid_tokens_are_rejected() {
    let app = TestApp::new();
    let org = app.org("Acme");
    let svc = app.service().await;
    let token = org.admin.token.clone();
    assert_eq!(test::call_service(&svc, me_req(&token)).await.status(), 200);
    app.clock.advance(chrono::Duration::minutes(16));
    let got = read(test::call_service(&svc, me_req(&token)).await).await;
    assert_problem(&got, 401, "unauthorized");
    assert!(got.2["detail"].as_str().unwrap().contains("expired"));
    // A token issued "in the future" (clock moved back) is not valid yet.
    let future = app.token_for(org.admin.id, Some(org.id), Role::OrgAdmin);
    app.clock.advance(chrono::Duration::minutes(-5));
    let got = read(test::call_service(&svc, me_req(&future)).await).await;
    assert_problem(&got, 401, "unauthorized");
    assert!(got.2["detail"].as_str().unwrap().contains("not valid yet"));
}

async fn refresh_with(
    svc: &impl actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>,
        Error = actix_web::Error,
    >,
    token: &str,
) -> (u16, String, Value) {
    let req = test::TestRequest::post()
        .uri("/api/v1/auth/refresh")
        .set_json(json!({"refresh_token": token, "token_delivery": "body"}))
        .to_request();
    read(test::call_service(svc, req).await).await
}

#[actix_web::test]
async fn refresh_rotates_and_reuse_revokes_the_family() {
    let app = TestApp::new();
    app.org("Acme");
    let svc = app.service().await;
    let (_, _, body) =
        read(test::call_service(&svc, login_req("admin@acme.test", PASSWORD, "body")).await).await;
    let first = body["refresh_token"].as_str().unwrap().to_owned();

    let (status, _, rotated) = refresh_with(&svc, &first).await;
    assert_eq!(status, 200);
    let second = rotated["refresh_token"].as_str().unwrap().to_owned();
    assert_ne!(first, second);
    assert_eq!(rotated["user"]["email"], "admin@acme.test");

    // The first token was used: presenting it again is theft; the whole family dies.
    assert_problem(
        &refresh_with(&svc, &first).await,
        401,
        "invalid_refresh_token",
    );
    assert_problem(
        &refresh_with(&svc, &second).await,
        401,
        "invalid_refresh_token",
    );
    assert!(audit_actions(&app).contains(&"refresh_token.reused".to_owned()));

    // A separate login is a separate family and still works.
    let (_, _, body) =
        read(test::call_service(&svc, login_req("admin@acme.test", PASSWORD, "body")).await).await;
    let other = body["refresh_token"].as_str().unwrap().to_owned();
    assert_eq!(refresh_with(&svc, &other).await.0, 200);
    assert_problem(
        &refresh_with(&svc, "made-up-token").await,
        401,
        "invalid_refresh_token",
    );
}

#[actix_web::test]
async fn refresh_from_cookie_and_expiry() {
    let app = TestApp::new();
    app.org("Acme");
    let svc = app.service().await;
    let res = test::call_service(&svc, login_req("admin@acme.test", PASSWORD, "cookie")).await;
    let cookie = res
        .response()
        .cookies()
        .find(|c| c.name() == "wm_refresh")
        .unwrap()
        .into_owned();
    let req = test::TestRequest::post()
        .uri("/api/v1/auth/refresh")
        .cookie(cookie.clone())
        .to_request();
    let res = test::call_service(&svc, req).await;
    assert_eq!(res.status(), 200);
    let next = res
        .response()
        .cookies()
        .find(|c| c.name() == "wm_refresh")
        .unwrap()
        .into_owned();
    assert_ne!(next.value(), cookie.value());

    app.clock.advance(chrono::Duration::days(31));
    let req = test::TestRequest::post()
        .uri("/api/v1/auth/refresh")
        .cookie(next)
        .to_request();
    assert_problem(
        &read(test::call_service(&svc, req).await).await,
        401,
        "invalid_refresh_token",
    );
    let req = test::TestRequest::post()
        .uri("/api/v1/auth/refresh")
        .to_request();
    assert_problem(
        &read(test::call_service(&svc, req).await).await,
        401,
        "invalid_refresh_token",
    );
}

#[actix_web::test]
async fn logout_revokes_and_clears_the_cookie() {
    let app = TestApp::new();
    app.org("Acme");
    let svc = app.service().await;
    let res = test::call_service(&svc, login_req("admin@acme.test", PASSWORD, "cookie")).await;
    let cookie = res
        .response()
        .cookies()
        .find(|c| c.name() == "wm_refresh")
        .unwrap()
        .into_owned();
    let req = test::TestRequest::post()
        .uri("/api/v1/auth/logout")
        .cookie(cookie.clone())
        .to_request();
    let res = test::call_service(&svc, req).await;
    assert_eq!(res.status(), 204);
    let cleared = res
        .response()
        .cookies()
        .find(|c| c.name() == "wm_refresh")
        .unwrap();
    assert_eq!(cleared.value(), "");
    let req = test::TestRequest::post()
        .uri("/api/v1/auth/refresh")
        .cookie(cookie)
        .to_request();
    assert_problem(
        &read(test::call_service(&svc, req).await).await,
        401,
        "invalid_refresh_token",
    );
    assert!(audit_actions(&app).contains(&"logout".to_owned()));
    // Logging out without a session is harmless.
    let req = test::TestRequest::post()
        .uri("/api/v1/auth/logout")
        .to_request();
    assert_eq!(test::call_service(&svc, req).await.status(), 204);
}

#[actix_web::test]
async fn role_change_and_disable_apply_at_next_refresh() {
    let app = TestApp::new();
    let org = app.org("Acme");
    let svc = app.service().await;
    let (_, _, body) =
        read(test::call_service(&svc, login_req("agent@acme.test", PASSWORD, "body")).await).await;
    let refresh = body["refresh_token"].as_str().unwrap().to_owned();
    assert_eq!(body["user"]["role"], "agent");

    let req = test::TestRequest::patch()
        .uri(&format!("/api/v1/users/{}", org.agent.id))
        .insert_header(org.admin.bearer())
        .set_json(json!({"role": "org_admin"}))
        .to_request();
    assert_eq!(test::call_service(&svc, req).await.status(), 200);
    let (status, _, body) = refresh_with(&svc, &refresh).await;
    assert_eq!(status, 200);
    assert_eq!(body["user"]["role"], "org_admin");
    let (_, _, me) =
        read(test::call_service(&svc, me_req(body["access_token"].as_str().unwrap())).await).await;
    assert_eq!(me["role"], "org_admin");
    let refresh = body["refresh_token"].as_str().unwrap().to_owned();

    let req = test::TestRequest::patch()
        .uri(&format!("/api/v1/users/{}", org.agent.id))
        .insert_header(org.admin.bearer())
        .set_json(json!({"active": false}))
        .to_request();
    assert_eq!(test::call_service(&svc, req).await.status(), 200);
    assert_problem(
        &refresh_with(&svc, &refresh).await,
        401,
        "invalid_refresh_token",
    );
}

#[actix_web::test]
async fn failed_logins_are_rate_limited_per_account_and_per_ip() {
    let app = TestApp::with(|c| {
        c.login_attempts_per_account = 3;
        c.login_attempts_per_ip = 5;
    });
    app.org("Acme");
    let svc = app.service().await;
    for _ in 0..3 {
        let res = test::call_service(
            &svc,
            login_req("admin@acme.test", "wrong-wrong-wrong", "body"),
        )
        .await;
        assert_eq!(res.status(), 401);
    }
    // The account's budget is spent: even the right password waits.
    let res = test::call_service(&svc, login_req("admin@acme.test", PASSWORD, "body")).await;
    let retry: u64 = res
        .headers()
        .get("retry-after")
        .unwrap()
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry));
    assert_problem(&read(res).await, 429, "rate_limited");
    // Other accounts from the same IP still have IP budget (5 in all), then not.
    let res = test::call_service(&svc, login_req("agent@acme.test", PASSWORD, "body")).await;
    assert_eq!(res.status(), 200);
    let res = test::call_service(&svc, login_req("x@acme.test", PASSWORD, "body")).await;
    assert_eq!(res.status(), 429);
}

#[actix_web::test]
async fn api_keys_authenticate_with_their_scope() {
    let app = TestApp::new();
    let org = app.org("Acme");
    let (_, agent_key) = app.api_key(org.id, false);
    let (admin_key_id, admin_key) = app.api_key(org.id, true);
    let svc = app.service().await;
    let (status, _, me) = read(test::call_service(&svc, me_req(&agent_key)).await).await;
    assert_eq!(status, 200);
    assert_eq!(me["kind"], "api_key");
    assert_eq!(me["role"], "agent");
    assert_eq!(me["organization"]["id"], org.id.0);
    assert_eq!(
        read(test::call_service(&svc, me_req(&admin_key)).await)
            .await
            .2["role"],
        "org_admin"
    );

    // Agent-scope keys cannot manage users; admin-scope keys can.
    let create = |key: &str| {
        test::TestRequest::post()
            .uri("/api/v1/users")
            .insert_header(("authorization", format!("Bearer {key}")))
            .set_json(json!({"email": "new@acme.test", "name": "New", "password": PASSWORD, "role": "agent"}))
            .to_request()
    };
    assert_problem(
        &read(test::call_service(&svc, create(&agent_key)).await).await,
        403,
        "forbidden",
    );
    assert_eq!(
        test::call_service(&svc, create(&admin_key)).await.status(),
        201
    );

    // Revoked keys stop working at once; unknown keys never worked.
    let req = test::TestRequest::delete()
        .uri(&format!("/api/v1/api-keys/{admin_key_id}"))
        .insert_header(org.admin.bearer())
        .to_request();
    assert_eq!(test::call_service(&svc, req).await.status(), 204);
    assert_problem(
        &read(test::call_service(&svc, me_req(&admin_key)).await).await,
        401,
        "unauthorized",
    );
    assert_problem(
        &read(test::call_service(&svc, me_req("wm_nope")).await).await,
        401,
        "unauthorized",
    );
}

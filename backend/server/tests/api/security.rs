//! Browser protection: security headers on every kind of response, HSTS only over HTTPS,
//! CORS closed unless origins are configured, and HTTPS served directly with rustls.

use crate::support::{PASSWORD, TestApp, free_port, read};
use actix_web::dev::ServiceResponse;
use actix_web::http::header::HeaderMap;
use actix_web::test;
use serde_json::json;
use std::sync::Arc;

fn app_with_spa(tweak: impl FnOnce(&mut winmessages::config::Config)) -> TestApp {
    let app = TestApp::with(|c| {
        c.static_dir = c.data_dir.join("spa");
        tweak(c);
    });
    let dir = app.state.config.static_dir.clone();
    std::fs::create_dir_all(dir.join("assets")).unwrap();
    std::fs::write(dir.join("index.html"), "<!doctype html><div id=root></div>").unwrap();
    std::fs::write(dir.join("assets/app.js"), "console.log('app')").unwrap();
    app
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

fn assert_protected(what: &str, headers: &HeaderMap) {
    assert_eq!(
        header(headers, "x-content-type-options"),
        Some("nosniff"),
        "{what}"
    );
    assert_eq!(
        header(headers, "referrer-policy"),
        Some("no-referrer"),
        "{what}"
    );
    assert_eq!(header(headers, "x-frame-options"), Some("DENY"), "{what}");
    let csp = header(headers, "content-security-policy").unwrap_or_default();
    for part in [
        "default-src 'self'",
        "frame-ancestors 'none'",
        "object-src 'none'",
        "base-uri 'self'",
    ] {
        assert!(csp.contains(part), "{what}: {csp}");
    }
    assert!(
        !csp.contains("script-src 'self' 'unsafe-inline'") && !csp.contains("'unsafe-eval'"),
        "{what}: {csp}"
    );
    assert!(
        headers
            .keys()
            .all(|k| !k.as_str().starts_with("access-control-")),
        "{what}: CORS is closed by default: {headers:?}"
    );
}

fn hsts<B>(res: &ServiceResponse<B>) -> Option<String> {
    header(res.headers(), "strict-transport-security").map(str::to_owned)
}

#[actix_web::test]
async fn every_kind_of_response_carries_the_security_headers() {
    let app = app_with_spa(|_| {});
    let org = app.org("Acme");
    let svc = app.service().await;
    let cases = [
        (
            "API JSON",
            "/api/v1/me",
            Some(org.admin.bearer()),
            200,
            "application/json",
        ),
        (
            "problem",
            "/api/v1/me",
            None,
            401,
            "application/problem+json",
        ),
        (
            "unknown API path",
            "/api/v1/nothing",
            None,
            404,
            "application/problem+json",
        ),
        ("SPA index", "/", None, 200, "text/html"),
        ("SPA deep link", "/inbox/42", None, 200, "text/html"),
        ("SPA asset", "/assets/app.js", None, 200, "text/javascript"),
        (
            "OpenAPI document",
            "/api-docs/openapi.json",
            None,
            200,
            "application/json",
        ),
        ("probe", "/healthz", None, 200, "application/json"),
    ];
    for (what, uri, auth, status, ct) in cases {
        let mut req = test::TestRequest::get().uri(uri);
        if let Some(auth) = auth {
            req = req.insert_header(auth);
        }
        let res = test::call_service(&svc, req.to_request()).await;
        assert_eq!(res.status().as_u16(), status, "{what}");
        let got_ct = header(res.headers(), "content-type").unwrap_or_default();
        assert!(got_ct.starts_with(ct), "{what}: {got_ct}");
        assert_protected(what, res.headers());
        assert_eq!(hsts(&res), None, "{what}: no HSTS over plain HTTP");
        let csp = header(res.headers(), "content-security-policy").unwrap();
        assert_eq!(csp, winmessages::http::security::DEFAULT_POLICY, "{what}");
        assert!(!csp.contains("unsafe-inline"), "{what}: {csp}");
    }

    // Swagger UI gets its own policy: its scripts stay same-origin, its inline styles work.
    let res = test::call_service(
        &svc,
        test::TestRequest::get().uri("/swagger-ui/").to_request(),
    )
    .await;
    assert_eq!(res.status(), 200);
    assert_protected("Swagger UI", res.headers());
    let csp = header(res.headers(), "content-security-policy").unwrap();
    assert_eq!(csp, winmessages::http::security::SWAGGER_POLICY);
    assert!(csp.contains("script-src 'self';"), "{csp}");
    assert!(csp.contains("style-src 'self' 'unsafe-inline'"), "{csp}");
    let page = String::from_utf8(test::read_body(res).await.to_vec()).unwrap();
    assert!(
        !page.contains("<script>"),
        "no inline script to allow: {page}"
    );
    for asset in [
        "swagger-ui-bundle.js",
        "swagger-initializer.js",
        "swagger-ui.css",
    ] {
        let res = test::call_service(
            &svc,
            test::TestRequest::get()
                .uri(&format!("/swagger-ui/{asset}"))
                .to_request(),
        )
        .await;
        assert_eq!(res.status(), 200, "{asset}");
        assert_protected(asset, res.headers());
    }
}

#[actix_web::test]
async fn hsts_and_secure_cookies_follow_a_trusted_proxys_https() {
    for trust in [false, true] {
        let app = TestApp::with(|c| c.trust_forwarded = trust);
        let org = app.org("Acme");
        let svc = app.service().await;
        // Plain HTTP: never HSTS.
        let res = test::call_service(
            &svc,
            test::TestRequest::get().uri("/api/v1/me").to_request(),
        )
        .await;
        assert_eq!(hsts(&res), None);
        // Via a proxy that terminated TLS: only when the proxy is trusted.
        let res = test::call_service(
            &svc,
            test::TestRequest::post()
                .uri("/api/v1/auth/login")
                .insert_header(("x-forwarded-proto", "https"))
                .set_json(json!({"email": org.admin.email, "password": PASSWORD, "token_delivery": "cookie"}))
                .to_request(),
        )
        .await;
        assert_eq!(res.status(), 200);
        let cookie = header(res.headers(), "set-cookie").unwrap().to_owned();
        if trust {
            assert_eq!(
                hsts(&res).as_deref(),
                Some("max-age=31536000; includeSubDomains")
            );
            assert!(cookie.contains("Secure"), "{cookie}");
        } else {
            assert_eq!(
                hsts(&res),
                None,
                "an untrusted X-Forwarded-Proto is ignored"
            );
            assert!(!cookie.contains("Secure"), "{cookie}");
        }
        assert_protected("login", res.headers());
    }
}

fn preflight(uri: &str, origin: &str) -> actix_http::Request {
    test::TestRequest::default()
        .method(actix_web::http::Method::OPTIONS)
        .uri(uri)
        .insert_header(("origin", origin))
        .insert_header(("access-control-request-method", "POST"))
        .insert_header((
            "access-control-request-headers",
            "authorization, content-type, idempotency-key",
        ))
        .to_request()
}

#[actix_web::test]
async fn cors_is_closed_by_default() {
    let app = TestApp::new();
    let org = app.org("Acme");
    let svc = app.service().await;
    let res = test::call_service(
        &svc,
        preflight("/api/v1/conversations/1/messages", "https://evil.example"),
    )
    .await;
    assert!(!res.status().is_success(), "{}", res.status());
    assert_protected("preflight", res.headers());
    let res = test::call_service(
        &svc,
        test::TestRequest::get()
            .uri("/api/v1/me")
            .insert_header(("origin", "https://evil.example"))
            .insert_header(org.admin.bearer())
            .to_request(),
    )
    .await;
    assert_eq!(res.status(), 200);
    assert_protected("cross-origin GET", res.headers());
}

#[actix_web::test]
async fn configured_origins_may_call_the_api() {
    let crm = "https://crm.example.com";
    let app = TestApp::with(|c| c.cors_origins = vec![crm.to_owned()]);
    let org = app.org("Acme");
    let svc = app.service().await;

    let res = test::call_service(&svc, preflight("/api/v1/conversations/1/messages", crm)).await;
    assert!(res.status().is_success(), "{}", res.status());
    let h = res.headers();
    assert_eq!(header(h, "access-control-allow-origin"), Some(crm));
    let methods = header(h, "access-control-allow-methods")
        .unwrap()
        .to_owned();
    for m in ["GET", "POST", "PATCH", "DELETE"] {
        assert!(methods.contains(m), "{methods}");
    }
    let allowed = header(h, "access-control-allow-headers")
        .unwrap()
        .to_ascii_lowercase();
    for name in ["authorization", "content-type", "idempotency-key"] {
        assert!(allowed.contains(name), "{allowed}");
    }
    assert!(header(h, "content-security-policy").is_some());

    let res = test::call_service(
        &svc,
        test::TestRequest::get()
            .uri("/api/v1/me")
            .insert_header(("origin", crm))
            .insert_header(org.admin.bearer())
            .to_request(),
    )
    .await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        header(res.headers(), "access-control-allow-origin"),
        Some(crm)
    );
    let exposed = header(res.headers(), "access-control-expose-headers")
        .unwrap()
        .to_ascii_lowercase();
    assert!(exposed.contains("x-request-id"), "{exposed}");

    // Any other origin still gets no allowance.
    let (status, ct, body) =
        read(test::call_service(&svc, preflight("/api/v1/me", "https://evil.example")).await).await;
    assert_eq!(status, 400, "{body}");
    assert!(ct.starts_with("application/problem+json"), "{ct}");
    let res = test::call_service(
        &svc,
        test::TestRequest::get()
            .uri("/api/v1/me")
            .insert_header(("origin", "https://evil.example"))
            .insert_header(org.admin.bearer())
            .to_request(),
    )
    .await;
    assert!(res.headers().get("access-control-allow-origin").is_none());
}

/// A self-signed certificate for localhost / 127.0.0.1, written as PEM files.
fn self_signed(dir: &std::path::Path) -> (std::path::PathBuf, std::path::PathBuf, String) {
    let cert =
        rcgen::generate_simple_self_signed(vec!["localhost".into(), "127.0.0.1".into()]).unwrap();
    let cert_pem = cert.cert.pem();
    let cert_path = dir.join("cert.pem");
    let key_path = dir.join("key.pem");
    std::fs::write(&cert_path, &cert_pem).unwrap();
    std::fs::write(&key_path, cert.signing_key.serialize_pem()).unwrap();
    (cert_path, key_path, cert_pem)
}

#[actix_web::test]
async fn https_is_served_directly_with_hsts_and_secure_cookies() {
    let dir = tempfile::tempdir().unwrap();
    let (cert, key, cert_pem) = self_signed(dir.path());
    let tls = winmessages::http::tls::server_config(&cert, &key).unwrap();
    let app = TestApp::with(|c| c.tls = Some(Arc::new(tls)));
    let org = app.org("Acme");
    let (server, addrs) = winmessages::serve::listen(
        app.state.clone(),
        format!("127.0.0.1:{}", free_port()).parse().unwrap(),
        1,
    )
    .unwrap();
    let handle = server.handle();
    actix_web::rt::spawn(server);
    let base = format!("https://{}", addrs[0]);

    let client = reqwest::Client::builder()
        .tls_certs_only([reqwest::Certificate::from_pem(cert_pem.as_bytes()).unwrap()])
        .build()
        .unwrap();
    let res = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({"email": org.admin.email, "password": PASSWORD, "token_delivery": "cookie"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let h = res.headers();
    assert_eq!(
        h.get("strict-transport-security").unwrap(),
        "max-age=31536000; includeSubDomains"
    );
    assert_eq!(h.get("x-content-type-options").unwrap(), "nosniff");
    let cookie = h.get("set-cookie").unwrap().to_str().unwrap();
    assert!(
        cookie.contains("Secure") && cookie.contains("HttpOnly"),
        "{cookie}"
    );

    let res = client
        .get(format!("{base}/api/v1/me"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    assert!(res.headers().get("strict-transport-security").is_some());

    // Plain HTTP on the TLS port gets no answer, and a client that does not trust the
    // certificate refuses it.
    let plain = reqwest::get(format!("http://{}/healthz", addrs[0])).await;
    assert!(plain.is_err() || !plain.unwrap().status().is_success());
    let strict = reqwest::Client::new()
        .get(format!("{base}/healthz"))
        .send()
        .await;
    assert!(strict.is_err());
    handle.stop(true).await;
}

#[actix_web::test]
async fn half_configured_or_unreadable_tls_stops_start_up() {
    let dir = tempfile::tempdir().unwrap();
    let garbage = dir.path().join("garbage.pem");
    std::fs::write(&garbage, "not a certificate").unwrap();
    let (cert, key, _) = self_signed(dir.path());
    let other_key = dir.path().join("other-key.pem");
    std::fs::write(
        &other_key,
        rcgen::KeyPair::generate().unwrap().serialize_pem(),
    )
    .unwrap();
    let missing = dir.path().join("missing.pem");
    let cases: [(&[(&str, &std::path::Path)], &str); 5] = [
        (&[("WINMESSAGES_TLS_CERT", &cert)], "WINMESSAGES_TLS_KEY"),
        (&[("WINMESSAGES_TLS_KEY", &key)], "WINMESSAGES_TLS_CERT"),
        (
            &[
                ("WINMESSAGES_TLS_CERT", &missing),
                ("WINMESSAGES_TLS_KEY", &key),
            ],
            "WINMESSAGES_TLS_CERT",
        ),
        (
            &[
                ("WINMESSAGES_TLS_CERT", &garbage),
                ("WINMESSAGES_TLS_KEY", &key),
            ],
            "WINMESSAGES_TLS_CERT",
        ),
        (
            &[
                ("WINMESSAGES_TLS_CERT", &cert),
                ("WINMESSAGES_TLS_KEY", &other_key),
            ],
            "WINMESSAGES_TLS_KEY",
        ),
    ];
    for (env, setting) in cases {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_winmessages"));
        cmd.current_dir(dir.path())
            .env_remove("DATABASE_URL")
            .env_remove("WINMESSAGES_TLS_CERT")
            .env_remove("WINMESSAGES_TLS_KEY")
            .env("WINMESSAGES_DATA_DIR", dir.path().join("data"))
            .env("WINMESSAGES_BIND", format!("127.0.0.1:{}", free_port()))
            .env("RUST_LOG", "warn")
            .arg("serve");
        for (name, path) in env {
            cmd.env(name, path);
        }
        let out = cmd.output().unwrap();
        assert!(!out.status.success(), "{env:?} should fail");
        let err = String::from_utf8_lossy(&out.stderr).trim().to_owned();
        assert_eq!(err.lines().count(), 1, "{env:?}: {err}");
        assert!(
            err.starts_with(&format!("error: {setting}:")),
            "{env:?}: {err}"
        );
    }
}

//! The error contract: every failure is problem+json with the right status, and no panic
//! reaches a client. Probe routes are added on top of the real application.

use crate::support::{TestApp, assert_problem, read};
use actix_web::{HttpResponse, test, web};
use serde::Deserialize;
use validator::Validate;
use winmessages::error::ApiError;

#[derive(Deserialize, Validate)]
#[serde(deny_unknown_fields)]
struct Probe {
    #[validate(length(min = 3, max = 10))]
    name: String,
    #[validate(range(min = 1, max = 5))]
    level: i32,
}

async fn probe(body: winmessages::http::Json<Probe>) -> Result<HttpResponse, ApiError> {
    body.validate()?;
    Ok(HttpResponse::Ok().json(serde_json::json!({"name": body.name, "level": body.level})))
}

async fn probe_query(q: web::Query<std::collections::HashMap<String, i64>>) -> HttpResponse {
    HttpResponse::Ok().json(q.into_inner())
}

async fn probe_path(id: web::Path<i64>) -> HttpResponse {
    HttpResponse::Ok().json(id.into_inner())
}

#[allow(clippy::panic)]
async fn explode() -> HttpResponse {
    panic!("boom with secret=xyz");
}

async fn db_failure() -> Result<HttpResponse, ApiError> {
    Err(diesel::result::Error::QueryBuilderError("secret detail".into()).into())
}

macro_rules! probe_app {
    ($app:expr) => {
        test::init_service(
            winmessages::app::build_app($app.state.clone())
                .route("/probe", web::post().to(probe))
                .route("/probe/query", web::get().to(probe_query))
                .route("/probe/path/{id}", web::get().to(probe_path))
                .route("/probe/panic", web::get().to(explode))
                .route("/probe/db", web::get().to(db_failure)),
        )
        .await
    };
}

#[actix_web::test]
async fn valid_body_passes() {
    let app = TestApp::new();
    let svc = probe_app!(app);
    let req = test::TestRequest::post()
        .uri("/probe")
        .set_json(serde_json::json!({"name": "alice", "level": 2}))
        .to_request();
    let (status, _, body) = read(test::call_service(&svc, req).await).await;
    assert_eq!(status, 200);
    assert_eq!(body["name"], "alice");
}

#[actix_web::test]
async fn unknown_route_is_404_problem() {
    let app = TestApp::new();
    let svc = probe_app!(app);
    for uri in ["/nope", "/api/v1/nothing-here", "/api"] {
        let res = test::call_service(&svc, test::TestRequest::get().uri(uri).to_request()).await;
        assert_problem(&read(res).await, 404, "not_found");
    }
}

#[actix_web::test]
async fn malformed_json_is_400() {
    let app = TestApp::new();
    let svc = probe_app!(app);
    let req = test::TestRequest::post()
        .uri("/probe")
        .insert_header(("content-type", "application/json"))
        .set_payload("{\"name\": ")
        .to_request();
    assert_problem(
        &read(test::call_service(&svc, req).await).await,
        400,
        "malformed_json",
    );
}

#[actix_web::test]
async fn wrong_types_and_unknown_fields_are_422() {
    let app = TestApp::new();
    let svc = probe_app!(app);
    for body in [
        serde_json::json!({"name": "alice", "level": "two"}),
        serde_json::json!({"name": "alice", "level": 2, "admin": true}),
        serde_json::json!({"name": "alice"}),
    ] {
        let req = test::TestRequest::post()
            .uri("/probe")
            .set_json(&body)
            .to_request();
        let got = read(test::call_service(&svc, req).await).await;
        assert_problem(&got, 422, "invalid_body");
        assert_eq!(got.2["errors"][0]["field"], "body");
    }
}

#[actix_web::test]
async fn top_level_must_be_an_object() {
    let app = TestApp::new();
    let svc = probe_app!(app);
    for body in ["[\"alice\", 2]", "null", "\"alice\"", "42"] {
        let req = test::TestRequest::post()
            .uri("/probe")
            .insert_header(("content-type", "application/json"))
            .set_payload(body)
            .to_request();
        let got = read(test::call_service(&svc, req).await).await;
        assert_problem(&got, 422, "invalid_body");
    }
}

#[actix_web::test]
async fn validation_failure_lists_fields() {
    let app = TestApp::new();
    let svc = probe_app!(app);
    let req = test::TestRequest::post()
        .uri("/probe")
        .set_json(serde_json::json!({"name": "al", "level": 9}))
        .to_request();
    let got = read(test::call_service(&svc, req).await).await;
    assert_problem(&got, 422, "validation_failed");
    let fields: Vec<&str> = got.2["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["level", "name"]);
}

#[actix_web::test]
async fn wrong_content_type_is_415() {
    let app = TestApp::new();
    let svc = probe_app!(app);
    let req = test::TestRequest::post()
        .uri("/probe")
        .insert_header(("content-type", "text/plain"))
        .set_payload("name=alice")
        .to_request();
    assert_problem(
        &read(test::call_service(&svc, req).await).await,
        415,
        "unsupported_media_type",
    );
}

#[actix_web::test]
async fn oversized_body_is_413() {
    let app = TestApp::new();
    let svc = probe_app!(app);
    let big = format!("{{\"name\": \"{}\", \"level\": 1}}", "x".repeat(300 * 1024));
    let req = test::TestRequest::post()
        .uri("/probe")
        .insert_header(("content-type", "application/json"))
        .set_payload(big)
        .to_request();
    assert_problem(
        &read(test::call_service(&svc, req).await).await,
        413,
        "payload_too_large",
    );
}

#[actix_web::test]
async fn bad_query_and_path_are_400() {
    let app = TestApp::new();
    let svc = probe_app!(app);
    let req = test::TestRequest::get()
        .uri("/probe/query?limit=abc")
        .to_request();
    assert_problem(
        &read(test::call_service(&svc, req).await).await,
        400,
        "invalid_query",
    );
    let req = test::TestRequest::get().uri("/probe/path/abc").to_request();
    assert_problem(
        &read(test::call_service(&svc, req).await).await,
        400,
        "invalid_path",
    );
}

#[actix_web::test]
async fn panic_becomes_500_problem_without_details() {
    let app = TestApp::new();
    let svc = probe_app!(app);
    let req = test::TestRequest::get().uri("/probe/panic").to_request();
    // The panic surfaces as an error that the HTTP dispatcher renders with `error_response`.
    let err = match test::try_call_service(&svc, req).await {
        Err(e) => e,
        Ok(res) => panic!("expected an error, got {}", res.status()),
    };
    let rendered = err.error_response();
    // Even this response carries the security headers.
    for name in [
        "x-content-type-options",
        "content-security-policy",
        "x-frame-options",
    ] {
        assert!(rendered.headers().contains_key(name), "{name}");
    }
    let res = actix_web::dev::ServiceResponse::new(
        test::TestRequest::default().to_http_request(),
        rendered,
    );
    let got = read(res).await;
    assert_problem(&got, 500, "internal_error");
    assert!(!got.2.to_string().contains("secret"));
    // The worker survives: the next request is served.
    let res = test::call_service(&svc, test::TestRequest::get().uri("/healthz").to_request()).await;
    assert_eq!(res.status(), 200);
}

#[actix_web::test]
async fn database_errors_are_500_without_details() {
    let app = TestApp::new();
    let svc = probe_app!(app);
    let req = test::TestRequest::get().uri("/probe/db").to_request();
    let got = read(test::call_service(&svc, req).await).await;
    assert_problem(&got, 500, "internal_error");
    assert!(!got.2.to_string().contains("secret"));
}

#[actix_web::test]
async fn wrong_method_on_known_path_is_405_with_allow() {
    let app = TestApp::new();
    let svc = probe_app!(app);
    let req = test::TestRequest::delete().uri("/healthz").to_request();
    let res = test::call_service(&svc, req).await;
    assert_eq!(res.headers().get("allow").unwrap(), "GET");
    assert_problem(&read(res).await, 405, "method_not_allowed");
}

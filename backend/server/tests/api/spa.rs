//! The SPA is served at `/` with a history fallback that never swallows server paths.

use crate::support::{TestApp, assert_problem, read};
use actix_web::test;

fn app_with_spa() -> TestApp {
    let app = TestApp::with(|c| {
        c.static_dir = c.data_dir.join("spa");
    });
    let dir = app.state.config.static_dir.clone();
    std::fs::create_dir_all(dir.join("assets")).unwrap();
    std::fs::write(
        dir.join("index.html"),
        "<!doctype html><div id=root>inbox</div>",
    )
    .unwrap();
    std::fs::write(dir.join("assets/app.js"), "console.log('app')").unwrap();
    app
}

async fn body_of(
    svc: &impl actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>,
        Error = actix_web::Error,
    >,
    uri: &str,
) -> (u16, String) {
    let res = test::call_service(svc, test::TestRequest::get().uri(uri).to_request()).await;
    let status = res.status().as_u16();
    let body = String::from_utf8(test::read_body(res).await.to_vec()).unwrap();
    (status, body)
}

#[actix_web::test]
async fn deep_links_get_index_html_and_assets_are_served() {
    let app = app_with_spa();
    let svc = app.service().await;
    for uri in ["/", "/inbox/42", "/settings/accounts?x=1"] {
        let (status, body) = body_of(&svc, uri).await;
        assert_eq!(status, 200, "{uri}");
        assert!(body.contains("id=root"), "{uri}: {body}");
    }
    let (status, body) = body_of(&svc, "/assets/app.js").await;
    assert_eq!(status, 200);
    assert!(body.contains("console.log"));
}

#[actix_web::test]
async fn server_paths_never_fall_back_to_the_spa() {
    let app = app_with_spa();
    let svc = app.service().await;
    for uri in [
        "/api/v1/nothing",
        "/api/v1/nothing/42",
        "/webhooks/unknown",
        "/api-docs/x",
    ] {
        let res = test::call_service(&svc, test::TestRequest::get().uri(uri).to_request()).await;
        assert_problem(&read(res).await, 404, "not_found");
    }
    // Only GET/HEAD reach the SPA; other methods on page paths are refused as problems.
    let req = test::TestRequest::post().uri("/inbox/42").to_request();
    assert_problem(
        &read(test::call_service(&svc, req).await).await,
        405,
        "method_not_allowed",
    );
}

#[actix_web::test]
async fn without_a_built_spa_root_is_a_404_problem() {
    let app = TestApp::new();
    let svc = app.service().await;
    let res = test::call_service(&svc, test::TestRequest::get().uri("/").to_request()).await;
    assert_problem(&read(res).await, 404, "not_found");
}

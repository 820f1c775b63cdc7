use crate::support::{TestApp, assert_problem, read};
use actix_web::test;

#[actix_web::test]
async fn healthz_reports_version() {
    let app = TestApp::new();
    let svc = app.service().await;
    let res = test::call_service(&svc, test::TestRequest::get().uri("/healthz").to_request()).await;
    assert!(res.headers().contains_key("x-request-id"));
    let (status, _, body) = read(res).await;
    assert_eq!(status, 200);
    assert_eq!(body["status"], "ok");
    assert_eq!(body["version"], env!("CARGO_PKG_VERSION"));
}

#[actix_web::test]
async fn readyz_names_the_backend() {
    let app = TestApp::new();
    let svc = app.service().await;
    let res = test::call_service(&svc, test::TestRequest::get().uri("/readyz").to_request()).await;
    let (status, _, body) = read(res).await;
    assert_eq!(status, 200);
    assert_eq!(body["status"], "ready");
    let expected = if app.db.is_postgres() {
        "postgresql"
    } else {
        "sqlite"
    };
    assert_eq!(body["database"], expected);
}

#[actix_web::test]
async fn readyz_is_503_when_no_connection_can_be_had() {
    let app = TestApp::with(|c| c.pool_size = 1);
    let svc = app.service().await;
    // Hold the only connection: the probe cannot reach the database.
    let pool = app.state.pool.clone();
    let held = tokio::task::spawn_blocking(move || pool.get().unwrap())
        .await
        .unwrap();
    let res = test::call_service(&svc, test::TestRequest::get().uri("/readyz").to_request()).await;
    assert_problem(&read(res).await, 503, "service_unavailable");
    drop(held);
    let res = test::call_service(&svc, test::TestRequest::get().uri("/readyz").to_request()).await;
    assert_eq!(res.status(), 200);
}

#[actix_web::test]
async fn metrics_count_requests_by_route_and_status_and_show_the_pool() {
    let app = TestApp::new();
    let svc = app.service().await;
    for _ in 0..3 {
        test::call_service(&svc, test::TestRequest::get().uri("/healthz").to_request()).await;
    }
    test::call_service(
        &svc,
        test::TestRequest::get().uri("/no/such/thing").to_request(),
    )
    .await;
    let res = test::call_service(&svc, test::TestRequest::get().uri("/metrics").to_request()).await;
    assert_eq!(res.status(), 200);
    let text = String::from_utf8(test::read_body(res).await.to_vec()).unwrap();
    assert!(
        text.contains(
            r#"winmessages_http_requests_total{endpoint="/healthz",method="GET",status="200"} 3"#
        ),
        "{text}"
    );
    assert!(
        text.contains(r#"endpoint="UNMATCHED",method="GET",status="404"} 1"#),
        "{text}"
    );
    assert!(
        text.contains("winmessages_http_requests_duration_seconds_bucket{endpoint=\"/healthz\"")
    );
    assert!(
        text.contains("winmessages_db_pool_max_connections 4"),
        "{text}"
    );
    assert!(text.contains("winmessages_db_pool_connections "), "{text}");
}

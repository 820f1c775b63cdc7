//! `GET|POST /webhooks/whatsapp`: handshake, signatures, limits, durable storage.

use super::harness::*;
use crate::support::{TestApp, assert_problem};
use actix_web::test;

#[actix_web::test]
async fn handshake_echoes_the_challenge_only_with_the_verify_token() {
    let app = TestApp::with(|c| {
        c.meta_verify_token = Some(winmessages::config::Secret::new(VERIFY_TOKEN));
    });
    let svc = app.service().await;
    let ok = format!(
        "/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token={VERIFY_TOKEN}&hub.challenge=1158201444"
    );
    let res = test::call_service(&svc, test::TestRequest::get().uri(&ok).to_request()).await;
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()
            .get("content-type")
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    assert_eq!(test::read_body(res).await, "1158201444");

    for uri in [
        "/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1",
        "/webhooks/whatsapp?hub.mode=unsubscribe&hub.verify_token=hub-verify-token&hub.challenge=1",
        "/webhooks/whatsapp",
    ] {
        let res = test::call_service(&svc, test::TestRequest::get().uri(uri).to_request()).await;
        assert_eq!(res.status(), 403, "{uri}");
    }
}

#[actix_web::test]
async fn unsigned_forged_and_oversized_webhooks_are_refused_and_not_stored() {
    let app = TestApp::with(|c| {
        c.meta_app_secret = Some(winmessages::config::Secret::new(SECRET));
    });
    let body = text_webhook("wamid.forged", "hello", 1_764_000_000);

    let got = post_webhook(&app, &body, None).await;
    assert_problem(&got, 401, "invalid_signature");
    let forged = whatsapp_cloud::sign(b"another-secret", &body);
    assert_problem(
        &post_webhook(&app, &body, Some(&forged)).await,
        401,
        "invalid_signature",
    );
    assert_problem(
        &post_webhook(&app, &body, Some("sha256=zz")).await,
        401,
        "invalid_signature",
    );
    // A valid signature over other bytes.
    assert_problem(
        &post_webhook(&app, b"{}", Some(&sign(&body))).await,
        401,
        "invalid_signature",
    );

    let mut big = b"{\"object\":\"whatsapp_business_account\",\"pad\":\"".to_vec();
    big.resize(3 * 1024 * 1024 + 100 * 1024, b'a');
    big.extend_from_slice(b"\"}");
    assert_problem(
        &post_webhook(&app, &big, Some(&sign(&big))).await,
        413,
        "payload_too_large",
    );

    assert_eq!(app.count_events(), 0);
    let metrics = app.state.metrics.render().unwrap();
    assert!(
        metrics.contains("winmessages_webhooks_rejected_total{reason=\"missing_signature\"} 1"),
        "{metrics}"
    );
    assert!(
        metrics.contains("winmessages_webhooks_rejected_total{reason=\"bad_signature\"} 3"),
        "{metrics}"
    );
    assert!(
        metrics.contains("winmessages_webhooks_rejected_total{reason=\"too_large\"} 1"),
        "{metrics}"
    );
}

#[actix_web::test]
async fn a_body_just_under_the_limit_is_accepted() {
    let app = TestApp::with(|c| {
        c.meta_app_secret = Some(winmessages::config::Secret::new(SECRET));
    });
    let mut body = b"{\"object\":\"whatsapp_business_account\",\"entry\":[],\"pad\":\"".to_vec();
    body.resize(3 * 1024 * 1024, b'a');
    body.extend_from_slice(b"\"}");
    deliver(&app, &body).await;
    assert_eq!(app.count_events(), 1);
}

#[actix_web::test]
async fn malformed_but_signed_json_is_kept_as_a_failed_event_and_acknowledged() {
    let app = TestApp::with(|c| {
        c.meta_app_secret = Some(winmessages::config::Secret::new(SECRET));
    });
    let body = b"{\"object\": \"whatsapp_business_account\", \"entry\": [";
    let got = post_webhook(&app, body, Some(&sign(body))).await;
    assert_eq!(got.0, 200);
    assert_eq!(app.process(), 0, "nothing to retry");
    assert_eq!(app.event_statuses(), ["failed"]);

    let staff = app.platform_admin();
    let (status, _, page) = get(&app, "/api/v1/webhook-events?status=failed", staff.bearer()).await;
    assert_eq!(status, 200, "{page}");
    let event = &page["items"][0];
    assert_eq!(event["status"], "failed");
    assert!(
        event["last_error"].as_str().unwrap().contains("EOF"),
        "{event}"
    );
    assert_eq!(event["payload"], String::from_utf8_lossy(body).as_ref());
    assert!(event["next_attempt_at"].is_null());
}

#[actix_web::test]
async fn webhooks_are_refused_with_503_when_no_app_secret_is_configured() {
    let app = TestApp::new();
    let body = text_webhook("wamid.x", "hi", 1_764_000_000);
    assert_problem(
        &post_webhook(&app, &body, Some(&sign(&body))).await,
        503,
        "service_unavailable",
    );
    assert_eq!(app.count_events(), 0);
}

#[actix_web::test]
async fn unknown_numbers_are_kept_as_unrouted_and_can_be_reprocessed_after_connecting() {
    let app = TestApp::with(|c| {
        c.meta_app_secret = Some(winmessages::config::Secret::new(SECRET));
    });
    let body = text_webhook("wamid.early", "before connecting", 1_764_000_000);
    deliver(&app, &body).await;
    app.process();
    assert_eq!(app.event_statuses(), ["unrouted"]);
    assert!(app.messages_with_wamid("wamid.early").is_empty());

    let acme = app.org("Acme");
    // Org admins see only their organization's events; unrouted ones belong to none.
    let (_, _, page) = get(&app, "/api/v1/webhook-events", acme.admin.bearer()).await;
    assert_eq!(page["items"].as_array().unwrap().len(), 0);
    let staff = app.platform_admin();
    let (_, _, page) = get(
        &app,
        "/api/v1/webhook-events?status=unrouted",
        staff.bearer(),
    )
    .await;
    let id = page["items"][0]["id"].as_i64().unwrap();

    app.account_row(&acme, WABA, PNID);
    let svc = app.service().await;
    let res = test::call_service(
        &svc,
        test::TestRequest::post()
            .uri(&format!("/api/v1/webhook-events/{id}/reprocess"))
            .insert_header(staff.bearer())
            .to_request(),
    )
    .await;
    let (status, _, event) = crate::support::read(res).await;
    assert_eq!(status, 202, "{event}");
    assert_eq!(event["status"], "pending");
    app.process();
    assert_eq!(app.event_statuses(), ["processed"]);
    assert_eq!(app.messages_with_wamid("wamid.early").len(), 1);

    // Now routed: the organization's admin sees it; an agent may not list events.
    let (_, _, page) = get(&app, "/api/v1/webhook-events", acme.admin.bearer()).await;
    assert_eq!(page["items"][0]["organization_id"], acme.id.0);
    let got = get(&app, "/api/v1/webhook-events", acme.agent.bearer()).await;
    assert_problem(&got, 403, "forbidden");
    // Another organization's admin cannot see or reprocess it.
    let other = app.org("Other");
    let (_, _, page) = get(&app, "/api/v1/webhook-events", other.admin.bearer()).await;
    assert!(page["items"].as_array().unwrap().is_empty());
    let res = test::call_service(
        &svc,
        test::TestRequest::post()
            .uri(&format!("/api/v1/webhook-events/{id}/reprocess"))
            .insert_header(other.admin.bearer())
            .to_request(),
    )
    .await;
    assert_problem(&crate::support::read(res).await, 404, "not_found");
}

#[actix_web::test]
async fn a_failing_event_is_isolated_recorded_and_retried_with_backoff() {
    use diesel::connection::SimpleConnection;
    let app = TestApp::with(|c| {
        c.meta_app_secret = Some(winmessages::config::Secret::new(SECRET));
    });
    let acme = app.org("Acme");
    app.account_row(&acme, WABA, PNID);
    deliver(
        &app,
        &text_webhook("wamid.target", "react to me", 1_764_000_000),
    )
    .await;
    app.process();

    // Break reactions only: the reaction's event fails, the other event of the batch does not.
    let conn = &mut app.state.pool.get().unwrap();
    conn.batch_execute("ALTER TABLE message_reactions RENAME TO message_reactions_away")
        .unwrap();
    let reaction = envelope(serde_json::json!({
        "contacts": [{"profile": {"name": "Sheena Nelson"}, "wa_id": CUSTOMER}],
        "messages": [{"from": CUSTOMER, "id": "wamid.reaction", "timestamp": "1764000001", "type": "reaction",
            "reaction": {"message_id": "wamid.target", "emoji": "❤️"}}]
    }));
    deliver(&app, &reaction).await;
    deliver(
        &app,
        &text_webhook("wamid.after", "still flowing", 1_764_000_002),
    )
    .await;
    app.process();
    assert_eq!(app.event_statuses(), ["processed", "failed", "processed"]);
    assert_eq!(app.messages_with_wamid("wamid.after").len(), 1);

    let (_, _, page) = get(
        &app,
        "/api/v1/webhook-events?status=failed",
        acme.admin.bearer(),
    )
    .await;
    let event = &page["items"][0];
    assert_eq!(event["attempts"], 1);
    assert!(
        event["last_error"]
            .as_str()
            .unwrap()
            .starts_with("processing failed"),
        "{event}"
    );
    assert!(event["next_attempt_at"].is_string(), "{event}");
    assert_eq!(app.process(), 0, "not due before its backoff");

    conn.batch_execute("ALTER TABLE message_reactions_away RENAME TO message_reactions")
        .unwrap();
    app.clock.advance(chrono::Duration::seconds(5));
    app.process();
    assert_eq!(app.event_statuses(), ["processed"; 3]);
    let metrics = app.state.metrics.render().unwrap();
    assert!(
        metrics.contains("winmessages_webhooks_failed_total 1"),
        "{metrics}"
    );
    let (_, _, page) = get(
        &app,
        "/api/v1/webhook-events?status=failed",
        acme.admin.bearer(),
    )
    .await;
    assert!(page["items"].as_array().unwrap().is_empty());
}

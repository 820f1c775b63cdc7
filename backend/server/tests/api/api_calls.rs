//! `/api/v1/api-calls`: every Graph API call is logged with status, duration and Meta's error
//! code, filed under its organization and account, never with the access token.

use crate::inbound::harness::*;
use crate::support::{assert_problem, read};
use actix_web::test;
use diesel::prelude::*;
use serde_json::{Value, json};
use wa_simulator::NewTemplate;
use winmessages::db::schema::api_calls;

async fn get_json(h: &Inbound, uri: &str, auth: (&'static str, String)) -> (u16, String, Value) {
    let svc = h.app.service().await;
    read(
        test::call_service(
            &svc,
            test::TestRequest::get()
                .uri(uri)
                .insert_header(auth)
                .to_request(),
        )
        .await,
    )
    .await
}

fn items(body: &Value) -> Vec<Value> {
    body["items"].as_array().unwrap().clone()
}

/// Connects with a wrong token (refused: 190), then with the right one, then syncs templates.
async fn some_calls(h: &Inbound) -> (crate::support::TestOrg, i64) {
    h.sim
        .add_template(NewTemplate::new(WABA, "hello", "en_US", "Hello {{1}}"))
        .unwrap();
    let acme = h.app.org("Acme");
    let svc = h.app.service().await;
    let res = test::call_service(
        &svc,
        test::TestRequest::post()
            .uri("/api/v1/accounts")
            .insert_header(acme.admin.bearer())
            .set_json(json!({"waba_id": WABA, "phone_number_id": PNID, "access_token": "EAAG-wrong-token"}))
            .to_request(),
    )
    .await;
    assert_problem(&read(res).await, 422, "invalid_credentials");
    let account = h.connect(&acme).await;
    let res = test::call_service(
        &svc,
        test::TestRequest::post()
            .uri(&format!("/api/v1/accounts/{account}/templates/sync"))
            .insert_header(acme.admin.bearer())
            .to_request(),
    )
    .await;
    assert_eq!(res.status(), 200);
    h.app.state.api_calls.flush().await;
    (acme, account)
}

#[actix_web::test]
async fn graph_calls_are_logged_per_organization_without_tokens() {
    let h = Inbound::start().await;
    let (acme, account) = some_calls(&h).await;
    let (status, _, body) = get_json(&h, "/api/v1/api-calls", acme.admin.bearer()).await;
    assert_eq!(status, 200, "{body}");
    let calls = items(&body);
    let summary: Vec<(String, String, Option<i64>, Option<i64>)> = calls
        .iter()
        .rev()
        .map(|c| {
            (
                c["method"].as_str().unwrap().to_owned(),
                c["path"]
                    .as_str()
                    .unwrap()
                    .split('?')
                    .next()
                    .unwrap()
                    .to_owned(),
                c["status"].as_i64(),
                c["account_id"].as_i64(),
            )
        })
        .collect();
    let s = |m: &str, p: String, st: i64, a: Option<i64>| (m.to_owned(), p, Some(st), a);
    assert_eq!(
        summary,
        [
            // The refused credentials check.
            s("GET", format!("/v23.0/{PNID}"), 401, None),
            // The accepted one, then the webhook subscription of the new account.
            s("GET", format!("/v23.0/{PNID}"), 200, None),
            s("GET", format!("/v23.0/{WABA}/phone_numbers"), 200, None),
            s(
                "POST",
                format!("/v23.0/{WABA}/subscribed_apps"),
                200,
                Some(account)
            ),
            // The template sync.
            s(
                "GET",
                format!("/v23.0/{WABA}/message_templates"),
                200,
                Some(account)
            ),
        ],
        "{body}"
    );
    let refused = calls.last().unwrap();
    assert_eq!(refused["meta_error_code"], 190);
    assert!(
        refused["error"].as_str().unwrap().contains("190"),
        "{refused}"
    );
    assert!(
        refused["response_body"]
            .as_str()
            .unwrap()
            .contains("OAuthException")
    );
    let sync = &calls[0];
    assert!(sync["response_body"].as_str().unwrap().contains("hello"));
    assert!(sync["path"].as_str().unwrap().contains("fields="));
    assert!(sync["duration_ms"].as_i64().unwrap() >= 0);
    assert!(sync["created_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(sync["error"], Value::Null);

    // No token in any column of any row.
    type Stored = (String, Option<String>, Option<String>, Option<String>);
    let rows: Vec<Stored> = api_calls::table
        .select((
            api_calls::path,
            api_calls::error,
            api_calls::request_body,
            api_calls::response_body,
        ))
        .load(&mut h.app.state.pool.get().unwrap())
        .unwrap();
    assert_eq!(rows.len(), 5);
    for row in &rows {
        let all = format!("{row:?}");
        assert!(
            !all.contains(TOKEN) && !all.contains("EAAG-wrong-token"),
            "{all}"
        );
    }
    assert_eq!(h.app.state.api_calls.dropped(), 0);

    // Another organization sees none of them; agents cannot read the log.
    let beta = h.app.org("Beta");
    let (status, _, other) = get_json(&h, "/api/v1/api-calls", beta.admin.bearer()).await;
    assert_eq!(status, 200);
    assert!(items(&other).is_empty(), "{other}");
    let got = get_json(&h, "/api/v1/api-calls", acme.agent.bearer()).await;
    assert_problem(&got, 403, "forbidden");
    h.stop().await;
}

#[actix_web::test]
async fn the_log_filters_and_pages() {
    let h = Inbound::start().await;
    let (acme, account) = some_calls(&h).await;
    let count = |uri: String| {
        let h = &h;
        let auth = acme.admin.bearer();
        async move {
            let (status, _, body) = get_json(h, &uri, auth).await;
            assert_eq!(status, 200, "{uri}: {body}");
            items(&body).len()
        }
    };
    assert_eq!(count("/api/v1/api-calls?method=post".into()).await, 1);
    assert_eq!(count("/api/v1/api-calls?status=401".into()).await, 1);
    assert_eq!(count("/api/v1/api-calls?status=200".into()).await, 4);
    assert_eq!(count("/api/v1/api-calls?errors_only=true".into()).await, 1);
    assert_eq!(
        count(format!("/api/v1/api-calls?account_id={account}")).await,
        2
    );
    assert_eq!(
        count("/api/v1/api-calls?since=2026-11-25T12:00:00Z".into()).await,
        5
    );
    assert_eq!(
        count("/api/v1/api-calls?until=2026-11-25T12:00:00Z".into()).await,
        0
    );
    assert_eq!(
        count("/api/v1/api-calls?since=2026-11-25T12:00:01Z".into()).await,
        0
    );

    // Pages of two, newest first, no overlap.
    let mut seen = Vec::new();
    let mut uri = "/api/v1/api-calls?limit=2".to_owned();
    loop {
        let (_, _, body) = get_json(&h, &uri, acme.admin.bearer()).await;
        seen.extend(items(&body).iter().map(|c| c["id"].as_i64().unwrap()));
        match body["next_cursor"].as_str() {
            Some(c) => uri = format!("/api/v1/api-calls?limit=2&cursor={c}"),
            None => break,
        }
    }
    assert_eq!(seen.len(), 5);
    assert!(seen.windows(2).all(|w| w[0] > w[1]), "{seen:?}");

    let got = get_json(&h, "/api/v1/api-calls?status=42", acme.admin.bearer()).await;
    assert_problem(&got, 422, "validation_failed");
    let got = get_json(&h, "/api/v1/api-calls?since=yesterday", acme.admin.bearer()).await;
    assert_problem(&got, 400, "invalid_query");
    h.stop().await;
}

//! `/api/v1/accounts`: credentials checked with the (simulated) Graph API, tokens encrypted
//! at rest and never returned, one phone number id per account across organizations.

use super::harness::*;
use crate::support::{assert_problem, read};
use actix_web::test;
use diesel::prelude::*;
use serde_json::json;
use winmessages::db::schema::{accounts, audit_log};

#[actix_web::test]
async fn connecting_a_number_checks_stores_and_hides_the_token() {
    let h = Inbound::start().await;
    let acme = h.app.org("Acme");
    let svc = h.app.service().await;
    let res = test::call_service(
        &svc,
        test::TestRequest::post()
            .uri("/api/v1/accounts")
            .insert_header(acme.admin.bearer())
            .set_json(json!({"waba_id": WABA, "phone_number_id": PNID, "access_token": TOKEN, "name": "Support"}))
            .to_request(),
    )
    .await;
    let (status, _, account) = read(res).await;
    assert_eq!(status, 201, "{account}");
    assert_eq!(account["phone_number_id"], PNID);
    assert_eq!(account["display_phone_number"], "+1 555-078-3881");
    assert!(
        account["verified_name"]
            .as_str()
            .is_some_and(|n| !n.is_empty())
    );
    assert_eq!(account["name"], "Support");
    assert!(!account.to_string().contains(TOKEN));

    let stored: String = accounts::table
        .select(accounts::access_token_ciphertext)
        .first(&mut h.app.state.pool.get().unwrap())
        .unwrap();
    assert!(!stored.contains(TOKEN), "encrypted at rest");
    assert_eq!(h.app.state.secrets.open(&stored, PNID).unwrap(), TOKEN);

    // Agents can see accounts, never create them.
    let id = account["id"].as_i64().unwrap();
    let (status, _, page) = get(&h.app, "/api/v1/accounts", acme.agent.bearer()).await;
    assert_eq!(status, 200);
    assert_eq!(page["items"][0]["id"], id);
    assert!(!page.to_string().contains(TOKEN));
    let (status, _, one) = get(
        &h.app,
        &format!("/api/v1/accounts/{id}"),
        acme.agent.bearer(),
    )
    .await;
    assert_eq!((status, one["id"].as_i64()), (200, Some(id)));
    let res = test::call_service(
        &svc,
        test::TestRequest::post()
            .uri("/api/v1/accounts")
            .insert_header(acme.agent.bearer())
            .set_json(json!({"waba_id": WABA, "phone_number_id": PNID, "access_token": TOKEN}))
            .to_request(),
    )
    .await;
    assert_problem(&read(res).await, 403, "forbidden");

    // The same number cannot be connected again, by any organization.
    let globex = h.app.org("Globex");
    let res = test::call_service(
        &svc,
        test::TestRequest::post()
            .uri("/api/v1/accounts")
            .insert_header(globex.admin.bearer())
            .set_json(json!({"waba_id": WABA, "phone_number_id": PNID, "access_token": TOKEN}))
            .to_request(),
    )
    .await;
    assert_problem(&read(res).await, 409, "phone_number_taken");
    // …and another organization does not see it.
    let got = get(
        &h.app,
        &format!("/api/v1/accounts/{id}"),
        globex.admin.bearer(),
    )
    .await;
    assert_problem(&got, 404, "not_found");

    let actions: Vec<String> = audit_log::table
        .filter(audit_log::action.like("account.%"))
        .select(audit_log::action)
        .load(&mut h.app.state.pool.get().unwrap())
        .unwrap();
    assert_eq!(actions, ["account.created"]);
    h.stop().await;
}

#[actix_web::test]
async fn refused_credentials_answer_422_naming_metas_error() {
    let h = Inbound::start().await;
    let acme = h.app.org("Acme");
    let svc = h.app.service().await;
    let res = test::call_service(
        &svc,
        test::TestRequest::post()
            .uri("/api/v1/accounts")
            .insert_header(acme.admin.bearer())
            .set_json(
                json!({"waba_id": WABA, "phone_number_id": PNID, "access_token": "EAAG-wrong"}),
            )
            .to_request(),
    )
    .await;
    let got = read(res).await;
    assert_problem(&got, 422, "invalid_credentials");
    assert!(
        got.2["detail"].as_str().unwrap().contains("code 190"),
        "{}",
        got.2
    );

    // A number of another WABA.
    let res = test::call_service(
        &svc,
        test::TestRequest::post()
            .uri("/api/v1/accounts")
            .insert_header(acme.admin.bearer())
            .set_json(json!({"waba_id": "999", "phone_number_id": PNID, "access_token": TOKEN}))
            .to_request(),
    )
    .await;
    assert_problem(&read(res).await, 422, "invalid_credentials");

    let res = test::call_service(
        &svc,
        test::TestRequest::post()
            .uri("/api/v1/accounts")
            .insert_header(acme.admin.bearer())
            .set_json(json!({"waba_id": "abc", "phone_number_id": PNID, "access_token": TOKEN}))
            .to_request(),
    )
    .await;
    assert_problem(&read(res).await, 422, "validation_failed");
    let n: i64 = accounts::table
        .count()
        .get_result(&mut h.app.state.pool.get().unwrap())
        .unwrap();
    assert_eq!(n, 0);
    h.stop().await;
}

#[actix_web::test]
async fn accounts_can_be_renamed_disabled_rotated_and_deleted() {
    let h = Inbound::start().await;
    let acme = h.app.org("Acme");
    let id = h.connect(&acme).await;
    let svc = h.app.service().await;
    let patch = |body: serde_json::Value, auth: (&'static str, String)| {
        test::TestRequest::patch()
            .uri(&format!("/api/v1/accounts/{id}"))
            .insert_header(auth)
            .set_json(body)
            .to_request()
    };
    let res = test::call_service(
        &svc,
        patch(
            json!({"name": "Sales", "disabled": true}),
            acme.admin.bearer(),
        ),
    )
    .await;
    let (status, _, a) = read(res).await;
    assert_eq!(status, 200, "{a}");
    assert_eq!(
        (a["name"].as_str(), a["disabled"].as_bool()),
        (Some("Sales"), Some(true))
    );

    // A disabled account's webhooks are kept unrouted.
    deliver(
        &h.app,
        &text_webhook("wamid.while-disabled", "hello?", 1_764_000_000),
    )
    .await;
    h.app.process();
    assert_eq!(h.app.event_statuses(), ["unrouted"]);

    let res = test::call_service(
        &svc,
        patch(
            json!({"name": null, "disabled": false}),
            acme.admin.bearer(),
        ),
    )
    .await;
    let (_, _, a) = read(res).await;
    assert!(a["name"].is_null());
    assert_eq!(a["disabled"], false);

    // Rotating to a token Meta refuses keeps the working one.
    let res = test::call_service(
        &svc,
        patch(json!({"access_token": "EAAG-revoked"}), acme.admin.bearer()),
    )
    .await;
    assert_problem(&read(res).await, 422, "invalid_credentials");
    let res = test::call_service(
        &svc,
        patch(json!({"access_token": TOKEN}), acme.admin.bearer()),
    )
    .await;
    assert_eq!(res.status(), 200);

    let res = test::call_service(&svc, patch(json!({"name": "x"}), acme.agent.bearer())).await;
    assert_problem(&read(res).await, 403, "forbidden");
    let other = h.app.org("Other");
    let res = test::call_service(&svc, patch(json!({"name": "x"}), other.admin.bearer())).await;
    assert_problem(&read(res).await, 404, "not_found");
    let res = test::call_service(
        &svc,
        test::TestRequest::delete()
            .uri(&format!("/api/v1/accounts/{id}"))
            .insert_header(other.admin.bearer())
            .to_request(),
    )
    .await;
    assert_problem(&read(res).await, 404, "not_found");

    let res = test::call_service(
        &svc,
        test::TestRequest::delete()
            .uri(&format!("/api/v1/accounts/{id}"))
            .insert_header(acme.admin.bearer())
            .to_request(),
    )
    .await;
    assert_eq!(res.status(), 204);
    let got = get(
        &h.app,
        &format!("/api/v1/accounts/{id}"),
        acme.admin.bearer(),
    )
    .await;
    assert_problem(&got, 404, "not_found");

    let actions: Vec<String> = audit_log::table
        .filter(audit_log::action.like("account.%"))
        .order(audit_log::id.asc())
        .select(audit_log::action)
        .load(&mut h.app.state.pool.get().unwrap())
        .unwrap();
    assert_eq!(
        actions,
        [
            "account.created",
            "account.updated",
            "account.updated",
            "account.updated",
            "account.deleted"
        ]
    );
    h.stop().await;
}

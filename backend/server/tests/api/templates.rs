//! Message templates: sync from the (simulated) Graph API, the picker list with parameters,
//! Graph failures, template webhooks and the check before a template is sent.

use crate::inbound::harness::*;
use crate::support::{assert_problem, read};
use actix_web::test;
use diesel::prelude::*;
use serde_json::{Value, json};
use wa_simulator::{Fault, FaultKind, FaultScope, NewTemplate};
use whatsapp_cloud::send::{MediaRef, TemplateMessage, TemplateParameter};
use winmessages::db::schema::{audit_log, message_templates};

async fn call(
    h: &Inbound,
    method: &str,
    uri: &str,
    auth: (&'static str, String),
) -> (u16, String, Value) {
    let svc = h.app.service().await;
    let req = match method {
        "POST" => test::TestRequest::post(),
        _ => test::TestRequest::get(),
    };
    read(test::call_service(&svc, req.uri(uri).insert_header(auth).to_request()).await).await
}

/// The simulator's WABA gets 104 approved templates (two pages of 100), a pending one and a
/// named one with an image header and a dynamic URL button.
fn add_templates(h: &Inbound) {
    for i in 0..104 {
        h.sim
            .add_template(NewTemplate::new(
                WABA,
                format!("bulk_{i:03}"),
                "en_US",
                "Hello {{1}}",
            ))
            .unwrap();
    }
    h.sim
        .add_template(NewTemplate::new(WABA, "draft", "en_US", "Soon").status("PENDING"))
        .unwrap();
    h.sim
        .add_template(
            NewTemplate::new(
                WABA,
                "order_update",
                "en_US",
                "Hi {{first_name}}, order {{order_id}} shipped.",
            )
            .component(json!({"type": "HEADER", "format": "IMAGE"}))
            .component(json!({"type": "BUTTONS", "buttons": [
                {"type": "QUICK_REPLY", "text": "Stop"},
                {"type": "URL", "text": "Track", "url": "https://shop.example/t/{{1}}"}
            ]})),
        )
        .unwrap();
}

fn count_templates(h: &Inbound) -> i64 {
    message_templates::table
        .count()
        .get_result(&mut h.app.state.pool.get().unwrap())
        .unwrap()
}

#[actix_web::test]
async fn sync_fetches_every_page_and_the_picker_lists_approved_templates() {
    let h = Inbound::start().await;
    add_templates(&h);
    let acme = h.app.org("Acme");
    let account = h.connect(&acme).await;
    let sync = format!("/api/v1/accounts/{account}/templates/sync");

    // Agents may read templates but not sync them.
    let got = call(&h, "POST", &sync, acme.agent.bearer()).await;
    assert_problem(&got, 403, "forbidden");

    let (status, _, body) = call(&h, "POST", &sync, acme.admin.bearer()).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["synced"], 106, "{}", body["synced"]);
    assert_eq!(body["added"], 106);
    assert_eq!(body["removed"], 0);
    assert_eq!(body["templates"].as_array().unwrap().len(), 106);
    let actions: Vec<String> = audit_log::table
        .filter(audit_log::action.eq("templates.synced"))
        .select(audit_log::action)
        .load(&mut h.app.state.pool.get().unwrap())
        .unwrap();
    assert_eq!(actions.len(), 1);

    // Approved only by default, paged.
    let list = format!("/api/v1/accounts/{account}/templates");
    let (status, _, page) =
        call(&h, "GET", &format!("{list}?limit=100"), acme.agent.bearer()).await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(page["items"].as_array().unwrap().len(), 100);
    let cursor = page["next_cursor"].as_str().unwrap().to_owned();
    let (_, _, rest) = call(
        &h,
        "GET",
        &format!("{list}?limit=100&cursor={cursor}"),
        acme.agent.bearer(),
    )
    .await;
    let rest = rest["items"].as_array().unwrap().clone();
    assert_eq!(rest.len(), 5);
    assert!(rest.iter().all(|t| t["status"] == "APPROVED"));
    let (_, _, all) = call(
        &h,
        "GET",
        &format!("{list}?status=all&limit=200"),
        acme.agent.bearer(),
    )
    .await;
    assert_eq!(all["items"].as_array().unwrap().len(), 106);
    let (_, _, pending) = call(
        &h,
        "GET",
        &format!("{list}?status=pending"),
        acme.agent.bearer(),
    )
    .await;
    assert_eq!(pending["items"][0]["name"], "draft");

    // The parameters the composer needs.
    let order = rest.iter().find(|t| t["name"] == "order_update").unwrap();
    assert_eq!(order["language"], "en_US");
    assert_eq!(order["parameter_format"], "NAMED");
    assert_eq!(order["components"].as_array().unwrap().len(), 3);
    assert_eq!(
        order["parameters"],
        json!({
            "header": {"format": "IMAGE", "placeholders": []},
            "body": {"placeholders": ["first_name", "order_id"]},
            "buttons": [
                {"index": 0, "type": "QUICK_REPLY", "placeholders": []},
                {"index": 1, "type": "URL", "placeholders": ["1"]}
            ]
        })
    );
    let bulk = rest.iter().find(|t| t["name"] == "bulk_103").unwrap();
    assert_eq!(bulk["parameters"]["body"]["placeholders"], json!(["1"]));
    assert_eq!(bulk["parameters"]["header"], Value::Null);

    // Another organization sees nothing of it.
    let beta = h.app.org("Beta");
    assert_problem(
        &call(&h, "GET", &list, beta.admin.bearer()).await,
        404,
        "not_found",
    );
    assert_problem(
        &call(&h, "POST", &sync, beta.admin.bearer()).await,
        404,
        "not_found",
    );
    assert_problem(
        &call(
            &h,
            "GET",
            &format!("{list}?status=no-such!"),
            acme.agent.bearer(),
        )
        .await,
        422,
        "validation_failed",
    );
    h.stop().await;
}

#[actix_web::test]
async fn sync_removes_templates_meta_no_longer_lists() {
    let h = Inbound::start().await;
    h.sim
        .add_template(NewTemplate::new(WABA, "hello", "en_US", "Hello"))
        .unwrap();
    let acme = h.app.org("Acme");
    let account = h.connect(&acme).await;
    let now = h.app.state.clock.now_naive();
    diesel::insert_into(message_templates::table)
        .values((
            message_templates::organization_id.eq(acme.id.0),
            message_templates::account_id.eq(account),
            message_templates::name.eq("retired"),
            message_templates::language.eq("de"),
            message_templates::status.eq("APPROVED"),
            message_templates::components.eq("[]"),
            message_templates::synced_at.eq(now),
            message_templates::created_at.eq(now),
            message_templates::updated_at.eq(now),
        ))
        .execute(&mut h.app.state.pool.get().unwrap())
        .unwrap();
    let sync = format!("/api/v1/accounts/{account}/templates/sync");
    let (status, _, body) = call(&h, "POST", &sync, acme.admin.bearer()).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        (
            body["synced"].as_i64(),
            body["added"].as_i64(),
            body["removed"].as_i64()
        ),
        (Some(1), Some(1), Some(1))
    );
    let first_id = body["templates"][0]["id"].clone();
    // Again: nothing new, the same row updated in place.
    let (_, _, again) = call(&h, "POST", &sync, acme.admin.bearer()).await;
    assert_eq!(
        (
            again["synced"].as_i64(),
            again["added"].as_i64(),
            again["removed"].as_i64()
        ),
        (Some(1), Some(0), Some(0))
    );
    assert_eq!(again["templates"][0]["id"], first_id);
    assert_eq!(count_templates(&h), 1);
    // The periodic refresh picks up a template created since.
    h.sim
        .add_template(NewTemplate::new(WABA, "later", "fr", "Bonjour"))
        .unwrap();
    winmessages::templates::worker::refresh_all(&h.app.state).await;
    assert_eq!(count_templates(&h), 2);
    h.stop().await;
}

#[actix_web::test]
async fn graph_failures_answer_clear_problems() {
    let h = Inbound::start().await;
    let acme = h.app.org("Acme");
    let account = h.connect(&acme).await;
    let sync = format!("/api/v1/accounts/{account}/templates/sync");
    h.sim
        .inject_fault(Fault::new(FaultKind::TokenExpired, 1).scoped(FaultScope::Templates))
        .unwrap();
    let got = call(&h, "POST", &sync, acme.admin.bearer()).await;
    assert_problem(&got, 422, "account_token_invalid");
    assert!(
        got.2["detail"].as_str().unwrap().contains("code 190"),
        "{}",
        got.2
    );
    h.sim
        .inject_fault(Fault::new(FaultKind::Http500, 1).scoped(FaultScope::Templates))
        .unwrap();
    let got = call(&h, "POST", &sync, acme.admin.bearer()).await;
    assert_problem(&got, 502, "graph_api_error");
    assert!(
        got.2["detail"].as_str().unwrap().contains("131000"),
        "{}",
        got.2
    );
    assert!(!got.2.to_string().contains(TOKEN));
    h.stop().await;
}

fn template_webhook(field: &str, value: Value) -> Vec<u8> {
    serde_json::to_vec(&json!({
        "object": "whatsapp_business_account",
        "entry": [{"id": WABA, "time": 1_764_072_000, "changes": [{"field": field, "value": value}]}]
    }))
    .unwrap()
}

#[actix_web::test]
async fn template_webhooks_update_the_status_or_queue_a_refresh() {
    let h = Inbound::start().await;
    let meta = h
        .sim
        .add_template(NewTemplate::new(
            WABA,
            "order_update",
            "en_US",
            "Order {{1}}",
        ))
        .unwrap();
    let acme = h.app.org("Acme");
    let account = h.connect(&acme).await;
    let sync = format!("/api/v1/accounts/{account}/templates/sync");
    assert_eq!(call(&h, "POST", &sync, acme.admin.bearer()).await.0, 200);

    let paused = template_webhook(
        "message_template_status_update",
        json!({"event": "PAUSED", "message_template_id": meta.id.parse::<u64>().unwrap(),
               "message_template_name": "order_update", "message_template_language": "en_US",
               "reason": null}),
    );
    deliver(&h.app, &paused).await;
    assert_eq!(h.app.process(), 1);
    assert_eq!(h.app.event_statuses(), ["processed"]);
    let list = format!("/api/v1/accounts/{account}/templates");
    let (_, _, approved) = call(&h, "GET", &list, acme.agent.bearer()).await;
    assert_eq!(approved["items"].as_array().unwrap().len(), 0, "{approved}");
    let (_, _, all) = call(
        &h,
        "GET",
        &format!("{list}?status=all"),
        acme.agent.bearer(),
    )
    .await;
    assert_eq!(all["items"][0]["status"], "PAUSED");
    assert!(winmessages::templates::worker::refresh_requested(&h.app.state).await == 0);

    // Reinstated by name and language only.
    let reinstated = template_webhook(
        "message_template_status_update",
        json!({"event": "REINSTATED", "message_template_name": "order_update",
               "message_template_language": "en_US"}),
    );
    deliver(&h.app, &reinstated).await;
    h.app.process();
    let (_, _, approved) = call(&h, "GET", &list, acme.agent.bearer()).await;
    assert_eq!(approved["items"][0]["status"], "APPROVED");

    // A template approved since the last sync: the account's templates are fetched again.
    h.sim
        .add_template(NewTemplate::new(WABA, "fresh", "pt_BR", "Olá {{1}}"))
        .unwrap();
    let fresh = template_webhook(
        "message_template_status_update",
        json!({"event": "APPROVED", "message_template_id": 987_654_321_u64,
               "message_template_name": "fresh", "message_template_language": "pt_BR"}),
    );
    deliver(&h.app, &fresh).await;
    h.app.process();
    assert_eq!(
        winmessages::templates::worker::refresh_requested(&h.app.state).await,
        1
    );
    let (_, _, approved) = call(&h, "GET", &list, acme.agent.bearer()).await;
    let names: Vec<&str> = approved["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["order_update", "fresh"]);
    h.stop().await;
}

#[actix_web::test]
async fn check_send_refuses_unknown_unapproved_and_mismatched_templates() {
    let h = Inbound::start().await;
    h.sim
        .add_template(
            NewTemplate::new(WABA, "receipt", "en_US", "Hi {{1}}, total {{2}}")
                .component(json!({"type": "HEADER", "format": "DOCUMENT"})),
        )
        .unwrap();
    h.sim
        .add_template(NewTemplate::new(WABA, "promo", "en_US", "Sale!").status("PAUSED"))
        .unwrap();
    let acme = h.app.org("Acme");
    let account = h.connect(&acme).await;
    let sync = format!("/api/v1/accounts/{account}/templates/sync");
    assert_eq!(call(&h, "POST", &sync, acme.admin.bearer()).await.0, 200);
    let beta = h.app.org("Beta");
    let conn = &mut h.app.state.pool.get().unwrap();
    let check = |conn: &mut winmessages::db::PooledConn, org: i64, msg: &TemplateMessage| {
        winmessages::templates::check_send(conn, org, account, msg)
            .map_err(|e| Box::new(e.to_problem()))
    };
    let good = TemplateMessage::new("receipt", "en_US")
        .with_header(vec![TemplateParameter::Document {
            document: MediaRef::id("123"),
        }])
        .with_body(vec![
            TemplateParameter::text("Ann"),
            TemplateParameter::text("$5"),
        ]);
    check(conn, acme.id.0, &good).unwrap();

    let e = check(conn, acme.id.0, &TemplateMessage::new("receipt", "de")).unwrap_err();
    assert_eq!((e.status, e.code.as_str()), (422, "template_not_found"));
    // Another organization's account is as good as unknown.
    let e = check(conn, beta.id.0, &good).unwrap_err();
    assert_eq!(e.code, "template_not_found");
    let e = check(conn, acme.id.0, &TemplateMessage::new("promo", "en_US")).unwrap_err();
    assert_eq!(e.code, "template_not_approved");
    assert!(e.detail.unwrap().contains("PAUSED"));

    let bad = TemplateMessage::new("receipt", "en_US")
        .with_header(vec![TemplateParameter::Image {
            image: MediaRef::id("123"),
        }])
        .with_body(vec![TemplateParameter::text("Ann")]);
    let e = check(conn, acme.id.0, &bad).unwrap_err();
    assert_eq!(
        (e.status, e.code.as_str()),
        (422, "template_parameters_invalid")
    );
    let fields: Vec<String> = e.errors.unwrap().into_iter().map(|f| f.field).collect();
    assert_eq!(
        fields,
        [
            "template.components[header].parameters",
            "template.components[body].parameters"
        ]
    );
    h.stop().await;
}

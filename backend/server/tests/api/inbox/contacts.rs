//! `GET /contacts` (search), `GET|PATCH /contacts/{id}` (validation, audit).

use super::{get, ids, key_auth, patch};
use crate::support::{TestApp, assert_problem};
use serde_json::json;

#[actix_web::test]
async fn contacts_list_newest_first_and_search_name_profile_wa_id_and_phone() {
    let app = TestApp::new();
    let org = app.org("Acme");
    let inbox = app.inbox(&org);
    let ana = inbox.contact("34600111222", "Ana García");
    let bruno = inbox.contact("5511988887777", "Bruno");
    let carla = inbox.contact("447700900123", "carla");
    let svc = app.service().await;
    // A business-given name is searchable too.
    let res = patch(
        &svc,
        &format!("/api/v1/contacts/{bruno}"),
        &org.agent.bearer(),
        json!({"name": "Mr. Anderson"}),
    )
    .await;
    assert_eq!(res.0, 200, "{}", res.2);
    let auth = org.agent.bearer();
    let search = |q: &str| format!("/api/v1/contacts?q={q}");
    assert_eq!(
        ids(&get(&svc, "/api/v1/contacts", &auth).await.2),
        vec![carla, bruno, ana]
    );
    assert_eq!(
        ids(&get(&svc, &search("AN"), &auth).await.2),
        vec![bruno, ana]
    );
    assert_eq!(ids(&get(&svc, &search("garc"), &auth).await.2), vec![ana]);
    assert_eq!(
        ids(&get(&svc, &search("CARLA"), &auth).await.2),
        vec![carla]
    );
    assert_eq!(
        ids(&get(&svc, &search("98888"), &auth).await.2),
        vec![bruno]
    );
    assert_eq!(
        ids(&get(&svc, &search("%2B4477"), &auth).await.2),
        vec![carla]
    ); // "+4477": phone
    assert_eq!(ids(&get(&svc, &search("%20%20"), &auth).await.2).len(), 3); // blank: no filter
    assert_eq!(
        ids(&get(&svc, &search("zzz"), &auth).await.2),
        Vec::<i64>::new()
    );
    let long = "x".repeat(101);
    assert_problem(
        &get(&svc, &search(&long), &auth).await,
        422,
        "validation_failed",
    );
    // Pages follow the same order.
    let (_, _, first) = get(&svc, "/api/v1/contacts?limit=2", &auth).await;
    assert_eq!(ids(&first), vec![carla, bruno]);
    let next = format!(
        "/api/v1/contacts?limit=2&cursor={}",
        first["next_cursor"].as_str().unwrap()
    );
    let (_, _, second) = get(&svc, &next, &auth).await;
    assert_eq!(ids(&second), vec![ana]);
    assert!(second["next_cursor"].is_null());
}

#[actix_web::test]
async fn search_folds_ascii_case_and_matches_accented_names() {
    let app = TestApp::new();
    let org = app.org("Acme");
    let inbox = app.inbox(&org);
    let angela = inbox.contact("1", "Ángela Núñez");
    inbox.contact("2", "Angus");
    let svc = app.service().await;
    let auth = org.agent.bearer();
    for q in [
        "%C3%81NGELA",
        "%C3%81ngela",
        "N%C3%BA%C3%B1EZ",
        "ela%20n%C3%BA",
    ] {
        let res = get(&svc, &format!("/api/v1/contacts?q={q}"), &auth).await;
        assert_eq!(ids(&res.2), vec![angela], "q={q}");
    }
}

#[actix_web::test]
async fn search_wildcards_are_literal() {
    let app = TestApp::new();
    let org = app.org("Acme");
    let inbox = app.inbox(&org);
    let percent = inbox.contact("1", "100% Real");
    let underscore = inbox.contact("2", "snake_case");
    inbox.contact("3", "Plain");
    let svc = app.service().await;
    let auth = org.agent.bearer();
    assert_eq!(
        ids(&get(&svc, "/api/v1/contacts?q=%25", &auth).await.2),
        vec![percent]
    );
    assert_eq!(
        ids(&get(&svc, "/api/v1/contacts?q=_", &auth).await.2),
        vec![underscore]
    );
}

#[actix_web::test]
async fn contact_json_has_the_documented_shape() {
    let app = TestApp::new();
    let org = app.org("Acme");
    let id = app.inbox(&org).contact("34600111222", "Ana");
    let svc = app.service().await;
    let (status, _, body) = get(&svc, &format!("/api/v1/contacts/{id}"), &org.agent.bearer()).await;
    assert_eq!(status, 200);
    let now = json!(app.now().and_utc());
    assert_eq!(
        body,
        json!({
            "id": id, "name": null, "profile_name": "Ana", "display_name": "Ana",
            "wa_id": "34600111222", "user_id": null, "parent_user_id": null,
            "phone_number": "+34600111222", "username": null, "notes": null, "attributes": {},
            "restricted_at": null, "created_at": now, "updated_at": now,
        })
    );
}

#[actix_web::test]
async fn patch_sets_and_clears_fields_and_is_audited() {
    let app = TestApp::new();
    let org = app.org("Acme");
    let id = app.inbox(&org).contact("34600111222", "Ana");
    let svc = app.service().await;
    let uri = format!("/api/v1/contacts/{id}");
    app.clock.advance(chrono::Duration::minutes(1));
    let body = json!({"name": "  Ana (VIP)  ", "notes": "Prefers mornings", "attributes": {"tier": "gold", "orders": 3, "vip": true, "ref": null}});
    let (status, _, after) = patch(&svc, &uri, &org.agent.bearer(), body).await;
    assert_eq!(status, 200, "{after}");
    assert_eq!(after["name"], "Ana (VIP)");
    assert_eq!(after["display_name"], "Ana (VIP)");
    assert_eq!(after["notes"], "Prefers mornings");
    assert_eq!(
        after["attributes"],
        json!({"tier": "gold", "orders": 3, "vip": true, "ref": null})
    );
    assert_eq!(after["updated_at"], json!(app.now().and_utc()));
    assert_eq!(get(&svc, &uri, &org.admin.bearer()).await.2, after);
    // Absent fields stay, null clears, an API key may patch.
    let (_, key) = app.api_key(org.id, false);
    let (status, _, cleared) = patch(
        &svc,
        &uri,
        &key_auth(&key),
        json!({"name": null, "attributes": {}}),
    )
    .await;
    assert_eq!(status, 200);
    assert!(cleared["name"].is_null());
    assert_eq!(cleared["display_name"], "Ana");
    assert_eq!(cleared["notes"], "Prefers mornings");
    assert_eq!(cleared["attributes"], json!({}));
    let (_, _, cleared) = patch(&svc, &uri, &org.admin.bearer(), json!({"notes": "   "})).await;
    assert!(cleared["notes"].is_null());

    let (status, _, log) = get(
        &svc,
        "/api/v1/audit-log?action=contact.updated",
        &org.admin.bearer(),
    )
    .await;
    assert_eq!(status, 200, "{log}");
    let entries = log["items"].as_array().unwrap();
    assert_eq!(entries.len(), 3);
    let first = entries.last().unwrap();
    assert_eq!(first["actor_user_id"], org.agent.id.0);
    assert_eq!(first["target_type"], "contact");
    assert_eq!(first["target_id"], id.to_string());
    assert_eq!(
        first["details"]["before"],
        json!({"name": null, "notes": null, "attributes": {}})
    );
    assert_eq!(
        first["details"]["after"],
        json!({"name": "Ana (VIP)", "notes": "Prefers mornings", "attributes": {"tier": "gold", "orders": 3, "vip": true, "ref": null}})
    );
    assert!(entries[1]["actor_api_key_id"].is_i64());
}

#[actix_web::test]
async fn patch_validates_every_field() {
    let app = TestApp::new();
    let org = app.org("Acme");
    let id = app.inbox(&org).contact("34600111222", "Ana");
    let svc = app.service().await;
    let uri = format!("/api/v1/contacts/{id}");
    let auth = org.agent.bearer();
    let many: serde_json::Map<String, serde_json::Value> =
        (0..51).map(|i| (format!("k{i}"), json!(i))).collect();
    let cases = [
        (json!({"name": "   "}), vec!["name"]),
        (json!({"name": "x".repeat(121)}), vec!["name"]),
        (json!({"notes": "n".repeat(10_001)}), vec!["notes"]),
        (
            json!({"attributes": {"nested": {"a": 1}}}),
            vec!["attributes.nested"],
        ),
        (
            json!({"attributes": {"list": [1]}, "name": ""}),
            vec!["attributes.list", "name"],
        ),
        (
            json!({"attributes": {" padded": "x"}}),
            vec!["attributes. padded"],
        ),
        (
            json!({"attributes": {"long": "v".repeat(1001)}}),
            vec!["attributes.long"],
        ),
        (json!({"attributes": many}), vec!["attributes"]),
    ];
    for (body, fields) in cases {
        let res = patch(&svc, &uri, &auth, body.clone()).await;
        assert_problem(&res, 422, "validation_failed");
        let got: Vec<&str> = res.2["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["field"].as_str().unwrap())
            .collect();
        assert_eq!(got, fields, "{body}");
    }
    for body in [
        json!({"attributes": [1, 2]}),
        json!({"attributes": "x"}),
        json!({"wa_id": "1"}),
        json!({"name": 5}),
    ] {
        assert_problem(&patch(&svc, &uri, &auth, body).await, 422, "invalid_body");
    }
    let (_, _, unchanged) = get(&svc, &uri, &auth).await;
    assert!(unchanged["name"].is_null() && unchanged["notes"].is_null());
    assert_problem(
        &patch(&svc, "/api/v1/contacts/999999", &auth, json!({"name": "x"})).await,
        404,
        "not_found",
    );
}

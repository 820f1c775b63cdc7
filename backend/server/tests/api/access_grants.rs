//! Restricted administrative access: platform staff read an organization's data only under
//! its time-boxed grant or an audited break-glass opening, GET only, each read audited.

use crate::support::{TestApp, TestOrg, TestUser, assert_problem, read};
use actix_web::test;
use diesel::prelude::*;
use serde_json::{Value, json};
use std::collections::HashMap;
use winmessages::auth::Role;
use winmessages::clock::Clock;
use winmessages::db::schema::audit_log;

const HEADER: &str = "x-winmessages-organization";

/// The tenancy walker's fixture: one of organization A's grants.
pub fn tenancy_ids(app: &TestApp, a: &TestOrg, ids: &mut HashMap<&'static str, String>) {
    let now = app.clock.now().naive_utc();
    let row = winmessages::access_grants::store::insert(
        &mut app.state.pool.get().unwrap(),
        &winmessages::access_grants::store::NewGrant {
            organization_id: a.id.0,
            kind: "grant",
            reason: "support ticket",
            created_by: Some(a.admin.id.0),
            created_at: now,
            expires_at: now + chrono::Duration::hours(1),
        },
    )
    .unwrap();
    ids.insert("access-grants", row.id.to_string());
}

struct World {
    app: TestApp,
    acme: TestOrg,
    beta: TestOrg,
    staff: TestUser,
}

impl World {
    fn new() -> Self {
        let app = TestApp::new();
        let acme = app.org("Acme");
        let beta = app.org("Beta");
        let staff = app.platform_admin();
        Self {
            app,
            acme,
            beta,
            staff,
        }
    }

    /// A fresh staff token (access tokens last 15 minutes of the test clock).
    fn staff_auth(&self) -> (&'static str, String) {
        let token = self.app.token_for(self.staff.id, None, Role::PlatformAdmin);
        ("authorization", format!("Bearer {token}"))
    }

    fn admin_auth(&self, org: &TestOrg) -> (&'static str, String) {
        let token = self
            .app
            .token_for(org.admin.id, Some(org.id), Role::OrgAdmin);
        ("authorization", format!("Bearer {token}"))
    }

    async fn send(&self, req: test::TestRequest) -> (u16, String, Value) {
        let svc = self.app.service().await;
        read(test::call_service(&svc, req.to_request()).await).await
    }

    async fn staff_get(&self, uri: &str, org: &TestOrg) -> (u16, String, Value) {
        self.send(
            test::TestRequest::get()
                .uri(uri)
                .insert_header(self.staff_auth())
                .insert_header((HEADER, org.id.0.to_string())),
        )
        .await
    }

    async fn grant(&self, org: &TestOrg, hours: i64) -> Value {
        let (status, _, body) = self
            .send(
                test::TestRequest::post()
                    .uri("/api/v1/organization/access-grants")
                    .insert_header(self.admin_auth(org))
                    .set_json(json!({"hours": hours, "reason": "Ticket 4711"})),
            )
            .await;
        assert_eq!(status, 201, "{body}");
        body
    }

    /// `(action, details)` of the organization's audit entries, oldest first.
    fn audit(&self, org: &TestOrg) -> Vec<(String, Option<Value>)> {
        audit_log::table
            .filter(audit_log::organization_id.eq(org.id.0))
            .order(audit_log::id.asc())
            .select((audit_log::action, audit_log::details))
            .load::<(String, Option<String>)>(&mut self.app.state.pool.get().unwrap())
            .unwrap()
            .into_iter()
            .map(|(a, d)| (a, d.map(|d| serde_json::from_str(&d).unwrap())))
            .collect()
    }
}

fn emails(body: &Value) -> Vec<String> {
    body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["email"].as_str().unwrap().to_owned())
        .collect()
}

#[actix_web::test]
async fn staff_read_nothing_without_a_grant() {
    let w = World::new();
    let got = w.staff_get("/api/v1/users", &w.acme).await;
    assert_problem(&got, 403, "access_grant_required");
    assert!(!got.2.to_string().contains("acme.test"));
    // Unknown organizations look the same; without the header the old refusal stands.
    let got = w
        .send(
            test::TestRequest::get()
                .uri("/api/v1/users")
                .insert_header(w.staff_auth())
                .insert_header((HEADER, "999999")),
        )
        .await;
    assert_problem(&got, 403, "access_grant_required");
    let got = w
        .send(
            test::TestRequest::get()
                .uri("/api/v1/users")
                .insert_header(w.staff_auth()),
        )
        .await;
    assert_problem(&got, 403, "forbidden");
    let got = w
        .send(
            test::TestRequest::get()
                .uri("/api/v1/users")
                .insert_header(w.staff_auth())
                .insert_header((HEADER, "acme")),
        )
        .await;
    assert_problem(&got, 400, "invalid_header");
    // The header gives members nothing beyond their own organization.
    let got = w
        .send(
            test::TestRequest::get()
                .uri("/api/v1/users")
                .insert_header(w.admin_auth(&w.beta))
                .insert_header((HEADER, w.acme.id.0.to_string())),
        )
        .await;
    assert_eq!(got.0, 200);
    assert!(
        emails(&got.2).iter().all(|e| e.ends_with("@beta.test")),
        "{:?}",
        got.2
    );
    assert!(w.audit(&w.acme).iter().all(|(a, _)| a != "staff.read"));
}

#[actix_web::test]
async fn a_grant_allows_audited_reads_only() {
    let w = World::new();
    let grant = w.grant(&w.acme, 2).await;
    assert_eq!(grant["kind"], "grant");
    assert_eq!(grant["active"], true);
    assert_eq!(grant["reason"], "Ticket 4711");
    assert_eq!(grant["created_by"], w.acme.admin.id.0);
    assert_eq!(grant["expires_at"], "2026-11-25T14:00:00Z");
    let grant_id = grant["id"].as_i64().unwrap();

    let (status, _, body) = w.staff_get("/api/v1/users", &w.acme).await;
    assert_eq!(status, 200, "{body}");
    assert!(emails(&body).contains(&w.acme.admin.email), "{body}");
    for uri in [
        "/api/v1/conversations",
        "/api/v1/api-keys",
        "/api/v1/access-log",
    ] {
        let (status, _, body) = w.staff_get(uri, &w.acme).await;
        assert_eq!(status, 200, "{uri}: {body}");
    }
    // The grant is Acme's: Beta stays closed.
    let got = w.staff_get("/api/v1/users", &w.beta).await;
    assert_problem(&got, 403, "access_grant_required");

    // Writes are refused, whatever the endpoint.
    let writes = [
        test::TestRequest::post()
            .uri("/api/v1/users")
            .set_json(json!({"email": "x@acme.test", "name": "X", "password": "long enough password", "role": "agent"})),
        test::TestRequest::patch()
            .uri(&format!("/api/v1/users/{}", w.acme.agent.id))
            .set_json(json!({"role": "org_admin"})),
        test::TestRequest::delete().uri(&format!("/api/v1/users/{}", w.acme.agent.id)),
        test::TestRequest::post()
            .uri("/api/v1/api-keys")
            .set_json(json!({"name": "staff key"})),
    ];
    for req in writes {
        let got = w
            .send(
                req.insert_header(w.staff_auth())
                    .insert_header((HEADER, w.acme.id.0.to_string())),
            )
            .await;
        assert_problem(&got, 403, "staff_read_only");
    }
    let (_, _, body) = w.staff_get("/api/v1/users", &w.acme).await;
    assert_eq!(emails(&body).len(), 2, "nothing was written: {body}");

    // Every read is in Acme's audit log with its path and grant.
    let audit = w.audit(&w.acme);
    assert_eq!(audit[0].0, "access_grant.created");
    assert_eq!(audit[0].1.as_ref().unwrap()["reason"], "Ticket 4711");
    let reads: Vec<&Value> = audit
        .iter()
        .filter(|(a, _)| a == "staff.read")
        .map(|(_, d)| d.as_ref().unwrap())
        .collect();
    assert_eq!(reads.len(), 5, "{audit:?}");
    assert_eq!(reads[0]["path"], "/api/v1/users");
    assert_eq!(reads[0]["method"], "GET");
    assert_eq!(reads[0]["grant_id"], grant_id);
    assert_eq!(reads[1]["path"], "/api/v1/conversations");

    // The reads are in Acme's access log under the staff user too.
    w.app.state.access_log.flush().await;
    let (_, _, log) = w
        .send(
            test::TestRequest::get()
                .uri(&format!("/api/v1/access-log?user_id={}", w.staff.id.0))
                .insert_header(w.admin_auth(&w.acme)),
        )
        .await;
    assert!(log["items"].as_array().unwrap().len() >= 5, "{log}");
}

#[actix_web::test]
async fn expired_and_revoked_grants_allow_nothing() {
    let w = World::new();
    w.grant(&w.acme, 1).await;
    assert_eq!(w.staff_get("/api/v1/users", &w.acme).await.0, 200);
    w.app.clock.advance(chrono::Duration::minutes(61));
    let got = w.staff_get("/api/v1/users", &w.acme).await;
    assert_problem(&got, 403, "access_grant_required");

    let grant = w.grant(&w.acme, 72).await;
    assert_eq!(w.staff_get("/api/v1/users", &w.acme).await.0, 200);
    let id = grant["id"].as_i64().unwrap();
    let revoke = |org: &TestOrg| {
        test::TestRequest::delete()
            .uri(&format!("/api/v1/organization/access-grants/{id}"))
            .insert_header(w.admin_auth(org))
    };
    let got = w.send(revoke(&w.beta)).await;
    assert_problem(&got, 404, "not_found");
    assert_eq!(w.staff_get("/api/v1/users", &w.acme).await.0, 200);
    assert_eq!(w.send(revoke(&w.acme)).await.0, 204);
    let got = w.staff_get("/api/v1/users", &w.acme).await;
    assert_problem(&got, 403, "access_grant_required");

    let (status, _, list) = w
        .send(
            test::TestRequest::get()
                .uri("/api/v1/organization/access-grants")
                .insert_header(w.admin_auth(&w.acme)),
        )
        .await;
    assert_eq!(status, 200);
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{list}");
    assert_eq!(items[0]["active"], false);
    assert_eq!(items[0]["revoked_by"], w.acme.admin.id.0);
    assert!(items[0]["revoked_at"].is_string());
    assert_eq!(items[1]["active"], false, "expired");
    let actions: Vec<String> = w.audit(&w.acme).into_iter().map(|(a, _)| a).collect();
    assert!(
        actions.contains(&"access_grant.revoked".to_owned()),
        "{actions:?}"
    );
}

#[actix_web::test]
async fn only_organization_admins_grant_within_limits() {
    let w = World::new();
    let (_, admin_key) = w.app.api_key(w.acme.id, true);
    let post = |auth: (&'static str, String), body: Value| {
        test::TestRequest::post()
            .uri("/api/v1/organization/access-grants")
            .insert_header(auth)
            .set_json(body)
    };
    let ok = json!({"hours": 4, "reason": "why"});
    let got = w.send(post(w.acme.agent.bearer(), ok.clone())).await;
    assert_problem(&got, 403, "forbidden");
    let got = w
        .send(post(
            ("authorization", format!("Bearer {admin_key}")),
            ok.clone(),
        ))
        .await;
    assert_problem(&got, 403, "forbidden");
    let got = w.send(post(w.staff_auth(), ok.clone())).await;
    assert_problem(&got, 403, "forbidden");
    for bad in [
        json!({"hours": 0, "reason": "why"}),
        json!({"hours": 73, "reason": "why"}),
        json!({"hours": 4, "reason": ""}),
    ] {
        let got = w.send(post(w.admin_auth(&w.acme), bad)).await;
        assert_problem(&got, 422, "validation_failed");
    }
    let got = w
        .send(
            test::TestRequest::get()
                .uri("/api/v1/organization/access-grants")
                .insert_header(w.acme.agent.bearer()),
        )
        .await;
    assert_problem(&got, 403, "forbidden");
}

#[actix_web::test]
async fn break_glass_is_time_boxed_and_audited_at_once() {
    let w = World::new();
    let open = |auth: (&'static str, String), org: i64, reason: &str| {
        test::TestRequest::post()
            .uri(&format!("/api/v1/admin/organizations/{org}/break-glass"))
            .insert_header(auth)
            .set_json(json!({ "reason": reason }))
    };
    let got = w
        .send(open(w.admin_auth(&w.acme), w.acme.id.0, "curious"))
        .await;
    assert_problem(&got, 403, "forbidden");
    let got = w.send(open(w.staff_auth(), 999_999, "incident")).await;
    assert_problem(&got, 404, "not_found");
    let got = w.send(open(w.staff_auth(), w.acme.id.0, " ")).await;
    assert_problem(&got, 422, "validation_failed");

    let (status, _, grant) = w
        .send(open(
            w.staff_auth(),
            w.acme.id.0,
            "Incident 17: webhook backlog",
        ))
        .await;
    assert_eq!(status, 201, "{grant}");
    assert_eq!(grant["kind"], "break_glass");
    assert_eq!(grant["created_by"], w.staff.id.0);
    assert_eq!(grant["expires_at"], "2026-11-25T13:00:00Z");
    let audit = w.audit(&w.acme);
    assert_eq!(audit.len(), 1, "{audit:?}");
    assert_eq!(audit[0].0, "break_glass.opened");
    assert_eq!(
        audit[0].1.as_ref().unwrap()["reason"],
        "Incident 17: webhook backlog"
    );

    assert_eq!(w.staff_get("/api/v1/conversations", &w.acme).await.0, 200);
    let got = w
        .send(
            test::TestRequest::post()
                .uri("/api/v1/api-keys")
                .insert_header(w.staff_auth())
                .insert_header((HEADER, w.acme.id.0.to_string()))
                .set_json(json!({"name": "k"})),
        )
        .await;
    assert_problem(&got, 403, "staff_read_only");
    let reads = w.audit(&w.acme);
    assert_eq!(reads.last().unwrap().0, "staff.read");
    assert_eq!(
        reads.last().unwrap().1.as_ref().unwrap()["kind"],
        "break_glass"
    );

    w.app.clock.advance(chrono::Duration::minutes(61));
    let got = w.staff_get("/api/v1/conversations", &w.acme).await;
    assert_problem(&got, 403, "access_grant_required");
}

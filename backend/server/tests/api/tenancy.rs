//! Tenancy by construction, checked generically: every operation of the OpenAPI document is
//! called with another organization's administrator credentials and this organization's ids.
//! Nothing may leak: id routes answer 404, lists never contain the other organization's data.

use crate::support::{TestApp, TestOrg, read};
use actix_web::body::MessageBody;
use actix_web::dev::ServiceResponse;
use actix_web::test;
use serde_json::Value;
use std::collections::HashMap;
use std::time::Duration;

/// Status and body text; an event stream (which never ends) is read for half a second.
async fn read_text(res: ServiceResponse<impl MessageBody>) -> (u16, String) {
    let status = res.status().as_u16();
    let stream = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("text/event-stream"));
    if !stream {
        let (_, _, body) = read(res).await;
        return (status, body.to_string());
    }
    let mut body = std::pin::pin!(res.into_body());
    let mut text = String::new();
    let deadline = tokio::time::Instant::now() + Duration::from_millis(500);
    while let Ok(Some(Ok(chunk))) = tokio::time::timeout_at(
        deadline,
        futures_util::future::poll_fn(|cx| body.as_mut().poll_next(cx)),
    )
    .await
    {
        text.push_str(&String::from_utf8_lossy(&chunk));
    }
    (status, text)
}

/// Ids of organization A's resources, by the collection segment before `{id}`. A new route
/// with a path parameter must add its resource here, or this test fails.
fn resource_ids(app: &TestApp, a: &TestOrg) -> HashMap<&'static str, String> {
    let (key_id, _) = app.api_key(a.id, false);
    let mut ids = HashMap::new();
    ids.insert("users", a.agent.id.to_string());
    ids.insert("api-keys", key_id.to_string());
    crate::tenancy_fixtures::add(app, a, &mut ids);
    ids
}

fn operations(doc: &Value) -> Vec<(String, String)> {
    let mut ops = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        if !path.starts_with("/api/v1/")
            || path.starts_with("/api/v1/auth/")
            || path.starts_with("/api/v1/admin/")
        {
            continue;
        }
        for method in ["get", "post", "put", "patch", "delete"] {
            if item.get(method).is_some() {
                ops.push((method.to_owned(), path.clone()));
            }
        }
    }
    ops
}

fn fill(path: &str, ids: &HashMap<&'static str, String>) -> String {
    let segments: Vec<&str> = path.split('/').collect();
    let mut out = Vec::new();
    for (i, seg) in segments.iter().enumerate() {
        if seg.starts_with('{') {
            let collection = segments[i - 1];
            let id = ids.get(collection).unwrap_or_else(|| {
                panic!("tenancy test: no id fixture for `{collection}` ({path})")
            });
            out.push(id.clone());
        } else {
            out.push((*seg).to_owned());
        }
    }
    out.join("/")
}

#[actix_web::test]
async fn no_route_leaks_another_organizations_data() {
    let app = TestApp::new();
    let a = app.org("Alpha");
    let b = app.org("Beta");
    let ids = resource_ids(&app, &a);
    let svc = app.service().await;
    let doc = serde_json::to_value(winmessages::openapi::document()).unwrap();
    let ops = operations(&doc);
    assert!(ops.len() >= 6, "{ops:?}");
    let markers = ["alpha.test", "Alpha"];
    for (method, path) in ops {
        let uri = fill(&path, &ids);
        let has_id = path.contains('{');
        let build = |who: &crate::support::TestUser| {
            let req = match method.as_str() {
                "get" => test::TestRequest::get(),
                "post" => test::TestRequest::post(),
                "put" => test::TestRequest::put(),
                "patch" => test::TestRequest::patch(),
                _ => test::TestRequest::delete(),
            };
            // Streams replay everything they would show (event streams: from the start).
            let req = req
                .uri(&uri)
                .insert_header(who.bearer())
                .insert_header(("last-event-id", "0"));
            if matches!(method.as_str(), "post" | "put" | "patch") {
                req.set_json(serde_json::json!({})).to_request()
            } else {
                req.to_request()
            }
        };
        if has_id {
            let (status, _, body) = read(test::call_service(&svc, build(&b.admin)).await).await;
            let body_ok = matches!(method.as_str(), "post" | "put" | "patch") && status == 422;
            assert!(
                status == 404 || body_ok,
                "{method} {uri} as another org: {status} {body}"
            );
            for m in markers {
                assert!(
                    !body.to_string().contains(m),
                    "{method} {uri} leaks {m}: {body}"
                );
            }
            if method == "get" {
                let status = test::call_service(&svc, build(&a.admin)).await.status();
                assert!(status.is_success(), "{method} {uri} as the owner: {status}");
            }
        } else if method == "get" {
            let (status, body) = read_text(test::call_service(&svc, build(&b.admin)).await).await;
            assert!(
                (200..300).contains(&status),
                "{method} {uri}: {status} {body}"
            );
            for m in markers {
                assert!(!body.contains(m), "{method} {uri} leaks {m}: {body}");
            }
        }
    }
}

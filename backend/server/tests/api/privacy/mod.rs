//! The privacy policy's promises: retention and purge, the data-subject rights (access and
//! portability, rectification, erasure, restriction).

mod erasure;
mod export;
mod restriction;
mod retention;

use crate::support::{TestApp, read};
use actix_web::test;
use serde_json::Value;

/// Calls the application once: method, uri, bearer, optional JSON body.
pub async fn call(
    app: &TestApp,
    method: &str,
    uri: &str,
    auth: (&'static str, String),
    body: Option<Value>,
) -> (u16, String, Value) {
    let svc = app.service().await;
    let req = match method {
        "GET" => test::TestRequest::get(),
        "PUT" => test::TestRequest::put(),
        "POST" => test::TestRequest::post(),
        "PATCH" => test::TestRequest::patch(),
        "DELETE" => test::TestRequest::delete(),
        other => panic!("method {other}"),
    }
    .uri(uri)
    .insert_header(auth);
    let req = match body {
        Some(b) => req.set_json(b),
        None => req,
    };
    read(test::call_service(&svc, req.to_request()).await).await
}

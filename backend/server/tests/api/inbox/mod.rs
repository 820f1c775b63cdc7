//! The inbox read API: conversations, messages and contacts, over rows stored the way
//! ingestion stores them (support/inbox.rs).

mod contacts;
mod conversations;
mod messages;
mod pagination;
mod queries;
mod seed;
mod tenancy;

use crate::support::{TestApp, TestOrg, read};
use actix_http::Request;
use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::test::{self, TestRequest};
use serde_json::Value;
use std::collections::HashMap;

pub type Answer = (u16, String, Value);

/// Organization A's conversation and contact for the tenancy walker (tests/api/tenancy.rs).
pub fn tenancy_ids(app: &TestApp, a: &TestOrg, ids: &mut HashMap<&'static str, String>) {
    let inbox = app.inbox(a);
    let c = inbox.conversation("34600999999", "Alpha Customer");
    inbox.text(c, "Alpha's private message").insert();
    ids.insert("conversations", c.id.to_string());
    ids.insert("contacts", c.contact_id.to_string());
}

pub async fn call<S, B>(svc: &S, req: TestRequest, auth: &(&'static str, String)) -> Answer
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    read(test::call_service(svc, req.insert_header(auth.clone()).to_request()).await).await
}

pub async fn get<S, B>(svc: &S, uri: &str, auth: &(&'static str, String)) -> Answer
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    call(svc, TestRequest::get().uri(uri), auth).await
}

pub async fn patch<S, B>(svc: &S, uri: &str, auth: &(&'static str, String), body: Value) -> Answer
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    call(svc, TestRequest::patch().uri(uri).set_json(body), auth).await
}

pub async fn post<S, B>(svc: &S, uri: &str, auth: &(&'static str, String)) -> Answer
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    call(svc, TestRequest::post().uri(uri), auth).await
}

/// `Authorization` header for an API key.
pub fn key_auth(key: &str) -> (&'static str, String) {
    ("authorization", format!("Bearer {key}"))
}

/// The ids of a list answer's items, in order.
pub fn ids(body: &Value) -> Vec<i64> {
    body["items"]
        .as_array()
        .unwrap_or_else(|| panic!("not a list: {body}"))
        .iter()
        .map(|i| i["id"].as_i64().unwrap())
        .collect()
}

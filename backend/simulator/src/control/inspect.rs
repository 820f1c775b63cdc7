//! Listing what the business sent and which webhooks went out.

use std::collections::HashMap;

use actix_web::HttpResponse;
use actix_web::web::{Data, Query};
use serde_json::{Value, json};

use crate::engine::Engine;
use crate::model::WebhookKind;

/// `GET /_sim/sent[?phone_number_id=&to=&type=]`.
pub(crate) async fn sent(engine: Data<Engine>, q: Query<HashMap<String, String>>) -> HttpResponse {
    let to_digits = q
        .get("to")
        .map(|t| t.chars().filter(char::is_ascii_digit).collect::<String>());
    let list: Vec<_> = engine
        .sent_messages()
        .into_iter()
        .filter(|m| {
            q.get("phone_number_id")
                .is_none_or(|p| *p == m.phone_number_id)
        })
        .filter(|m| to_digits.as_ref().is_none_or(|t| *t == m.wa_id))
        .filter(|m| q.get("type").is_none_or(|t| *t == m.kind))
        .collect();
    HttpResponse::Ok().json(list)
}

/// `GET /_sim/read-receipts`.
pub(crate) async fn read_receipts(engine: Data<Engine>) -> HttpResponse {
    HttpResponse::Ok().json(engine.read_receipts())
}

/// `GET /_sim/webhooks[?kind=status|message&message_id=]`.
pub(crate) async fn webhooks(
    engine: Data<Engine>,
    q: Query<HashMap<String, String>>,
) -> HttpResponse {
    let kind = match q.get("kind").map(String::as_str) {
        Some("status") => Some(WebhookKind::Status),
        Some("message") => Some(WebhookKind::Message),
        _ => None,
    };
    let list: Vec<_> = engine
        .webhook_deliveries()
        .into_iter()
        .filter(|d| kind.is_none_or(|k| k == d.kind))
        .filter(|d| q.get("message_id").is_none_or(|m| *m == d.message_id))
        .collect();
    HttpResponse::Ok().json(list)
}

/// `GET /_sim/media` (metadata only).
pub(crate) async fn media(engine: Data<Engine>) -> HttpResponse {
    let list: Vec<Value> = engine.state.with(|i| {
        let mut all: Vec<Value> = i
            .media
            .values()
            .map(|m| {
                json!({
                    "id": m.id,
                    "phone_number_id": m.phone_number_id,
                    "mime_type": m.mime_type,
                    "file_size": m.data.len(),
                    "sha256": m.sha256_hex,
                    "filename": m.filename,
                    "created_at": m.created_at,
                })
            })
            .collect();
        all.sort_by_key(|v| v["created_at"].as_i64().unwrap_or(0));
        all
    });
    HttpResponse::Ok().json(list)
}

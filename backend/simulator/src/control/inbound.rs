//! Making customers send messages; moving their 24 h window.

use actix_web::HttpResponse;
use actix_web::web::{Data, Json, Path};
use serde::Deserialize;
use serde_json::json;

use crate::customers::resolve_phone;
use crate::engine::Engine;
use crate::errors::SimError;
use crate::model::CustomerMessage;

/// `POST /_sim/customers/{wa_id}/messages`.
pub(crate) async fn customer_message(
    engine: Data<Engine>,
    path: Path<String>,
    body: Json<CustomerMessage>,
) -> Result<HttpResponse, SimError> {
    let mut msg = body.into_inner();
    msg.from = path.into_inner();
    let receipt = engine.customer_sends(msg).await?;
    Ok(HttpResponse::Ok().json(receipt))
}

/// Body of `POST /_sim/customers/{wa_id}/window`.
#[derive(Debug, Deserialize)]
pub(crate) struct WindowRequest {
    #[serde(default)]
    phone_number_id: String,
    /// Unix seconds of the last inbound message; `null` closes the window.
    #[serde(default)]
    last_inbound_at: Option<i64>,
    /// Alternative: the last inbound message was this many seconds ago.
    #[serde(default)]
    age_secs: Option<i64>,
}

/// `POST /_sim/customers/{wa_id}/window`.
pub(crate) async fn window(
    engine: Data<Engine>,
    path: Path<String>,
    body: Json<WindowRequest>,
) -> Result<HttpResponse, SimError> {
    let wa_id: String = path
        .into_inner()
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    let req = body.into_inner();
    let phone = resolve_phone(&engine.state, &req.phone_number_id)?;
    let at = match req.age_secs {
        Some(age) => Some(engine.state.now_ts() - age),
        None => req.last_inbound_at,
    };
    engine
        .state
        .set_last_inbound(&phone.phone_number_id, &wa_id, at);
    let window_secs = engine.state.settings().policy.window_secs;
    let open = engine
        .state
        .window_open(&phone.phone_number_id, &wa_id, window_secs);
    Ok(HttpResponse::Ok().json(json!({
        "phone_number_id": phone.phone_number_id,
        "wa_id": wa_id,
        "last_inbound_at": at,
        "open": open,
    })))
}

//! Faults, settings, clock, manual statuses, reset.

use actix_web::HttpResponse;
use actix_web::web::{Data, Json, Path};
use serde::Deserialize;
use serde_json::json;

use crate::config::{PolicyConfig, WebhookConfig};
use crate::engine::Engine;
use crate::errors::SimError;
use crate::model::{Fault, MessageStatus};

/// `GET /_sim/health`.
pub(crate) async fn health() -> HttpResponse {
    HttpResponse::Ok().json(json!({ "status": "ok" }))
}

/// `POST /_sim/faults`.
pub(crate) async fn add_fault(
    engine: Data<Engine>,
    body: Json<Fault>,
) -> Result<HttpResponse, SimError> {
    let armed = engine.inject_fault(body.into_inner())?;
    Ok(HttpResponse::Created().json(armed))
}

/// `GET /_sim/faults`.
pub(crate) async fn list_faults(engine: Data<Engine>) -> HttpResponse {
    HttpResponse::Ok().json(engine.faults())
}

/// `DELETE /_sim/faults`.
pub(crate) async fn clear_faults(engine: Data<Engine>) -> HttpResponse {
    engine.clear_faults();
    HttpResponse::NoContent().finish()
}

/// `GET /_sim/settings`.
pub(crate) async fn get_settings(engine: Data<Engine>) -> HttpResponse {
    HttpResponse::Ok().json(engine.state.settings())
}

/// Body of `PATCH /_sim/settings`; absent members stay unchanged.
#[derive(Debug, Deserialize)]
pub(crate) struct SettingsPatch {
    /// New callback URL; `""` removes it.
    #[serde(default)]
    webhook_url: Option<String>,
    #[serde(default)]
    app_secret: Option<String>,
    #[serde(default)]
    webhooks: Option<WebhookConfig>,
    #[serde(default)]
    policy: Option<PolicyConfig>,
}

/// `PATCH /_sim/settings`.
pub(crate) async fn patch_settings(
    engine: Data<Engine>,
    body: Json<SettingsPatch>,
) -> HttpResponse {
    let patch = body.into_inner();
    engine.state.update_settings(|s| {
        if let Some(url) = patch.webhook_url {
            s.webhook_url = (!url.is_empty()).then_some(url);
        }
        if let Some(secret) = patch.app_secret {
            s.app_secret = secret;
        }
        if let Some(w) = patch.webhooks {
            s.webhooks = w;
        }
        if let Some(p) = patch.policy {
            s.policy = p;
        }
    });
    HttpResponse::Ok().json(engine.state.settings())
}

/// `GET /_sim/clock`.
pub(crate) async fn get_clock(engine: Data<Engine>) -> HttpResponse {
    let now = engine.state.now();
    HttpResponse::Ok().json(json!({ "now": now.timestamp(), "iso": now.to_rfc3339() }))
}

/// Body of `POST /_sim/clock`.
#[derive(Debug, Deserialize)]
pub(crate) struct AdvanceClock {
    advance_secs: i64,
}

/// `POST /_sim/clock`.
pub(crate) async fn advance_clock(engine: Data<Engine>, body: Json<AdvanceClock>) -> HttpResponse {
    engine.state.advance(body.advance_secs);
    get_clock(engine).await
}

/// Body of `POST /_sim/messages/{wamid}/statuses`.
#[derive(Debug, Deserialize)]
pub(crate) struct EmitStatus {
    status: MessageStatus,
    #[serde(default)]
    error_code: Option<i64>,
}

/// `POST /_sim/messages/{wamid}/statuses`: emit one status now.
pub(crate) async fn emit_status(
    engine: Data<Engine>,
    path: Path<String>,
    body: Json<EmitStatus>,
) -> Result<HttpResponse, SimError> {
    let wamid = path.into_inner();
    let outcome = engine
        .emit_status(&wamid, body.status, body.error_code)
        .await?;
    Ok(HttpResponse::Ok().json(outcome))
}

/// `POST /_sim/reset`.
pub(crate) async fn reset(engine: Data<Engine>) -> HttpResponse {
    engine.state.reset();
    HttpResponse::NoContent().finish()
}

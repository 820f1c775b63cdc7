//! WABA edges used when connecting a tenant: `phone_numbers` and
//! `subscribed_apps` (CLOUD_API.md §5, §9).

use actix_web::web::{Data, Path};
use actix_web::{HttpRequest, HttpResponse};
use serde_json::{Value, json};

use super::phone::select;
use super::{apply_faults, auth, check_version, fields, query};
use crate::engine::Engine;
use crate::errors::ApiError;
use crate::ids;
use crate::model::FaultScope;

const DEFAULT_FIELDS: &[&str] = &[
    "id",
    "display_phone_number",
    "verified_name",
    "quality_rating",
    "code_verification_status",
    "status",
];

/// `GET /{version}/{WABA}/phone_numbers`.
pub(crate) async fn phone_numbers(
    engine: Data<Engine>,
    req: HttpRequest,
    path: Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (version, waba) = path.into_inner();
    check_version(&version)?;
    let state = &engine.state;
    apply_faults(state, FaultScope::PhoneNumbers).await?;
    let phones = auth::waba(state, &req, &waba, "get")?;
    let wanted = fields(&query(&req));
    let data: Vec<Value> = phones
        .iter()
        .map(|p| select(state, p, wanted.as_deref(), DEFAULT_FIELDS))
        .collect();
    let last = data.len().saturating_sub(1);
    Ok(HttpResponse::Ok().json(json!({
        "data": data,
        "paging": { "cursors": { "before": ids::encode_cursor(0), "after": ids::encode_cursor(last) } },
    })))
}

/// `GET /{version}/{WABA}/subscribed_apps`.
pub(crate) async fn subscribed_apps(
    engine: Data<Engine>,
    req: HttpRequest,
    path: Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (version, waba) = path.into_inner();
    check_version(&version)?;
    let state = &engine.state;
    apply_faults(state, FaultScope::PhoneNumbers).await?;
    auth::waba(state, &req, &waba, "get")?;
    let subscribed = !state.with(|i| i.unsubscribed.contains(&waba));
    let data = if subscribed {
        json!([{ "whatsapp_business_api_data": {
            "id": "1000000000000001",
            "link": state.public_url,
            "name": "WinMessages (simulated app)",
        } }])
    } else {
        json!([])
    };
    Ok(HttpResponse::Ok().json(json!({ "data": data })))
}

/// `POST /{version}/{WABA}/subscribed_apps`.
pub(crate) async fn subscribe(
    engine: Data<Engine>,
    req: HttpRequest,
    path: Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (version, waba) = path.into_inner();
    check_version(&version)?;
    let state = &engine.state;
    apply_faults(state, FaultScope::PhoneNumbers).await?;
    auth::waba(state, &req, &waba, "post")?;
    state.with(|i| i.unsubscribed.remove(&waba));
    Ok(HttpResponse::Ok().json(json!({ "success": true })))
}

/// `DELETE /{version}/{WABA}/subscribed_apps`: webhooks for the WABA stop.
pub(crate) async fn unsubscribe(
    engine: Data<Engine>,
    req: HttpRequest,
    path: Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (version, waba) = path.into_inner();
    check_version(&version)?;
    let state = &engine.state;
    apply_faults(state, FaultScope::PhoneNumbers).await?;
    auth::waba(state, &req, &waba, "delete")?;
    state.with(|i| i.unsubscribed.insert(waba));
    Ok(HttpResponse::Ok().json(json!({ "success": true })))
}

//! `GET` / `DELETE /{version}/{id}`: phone numbers, media and templates
//! share this path; the id decides.

use actix_web::web::{Data, Path};
use actix_web::{HttpRequest, HttpResponse};

use super::{apply_faults, auth, check_version, fields, media, phone, query};
use crate::engine::Engine;
use crate::errors::ApiError;
use crate::model::FaultScope;

/// `GET /{version}/{id}`.
pub(crate) async fn get(
    engine: Data<Engine>,
    req: HttpRequest,
    path: Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (version, id) = path.into_inner();
    check_version(&version)?;
    let state = &engine.state;
    if state.phone(&id).is_some() {
        return phone::info(state, &req, &id).await;
    }
    if let Some(m) = state.with(|i| i.media.get(&id).cloned()) {
        return media::lookup(state, &req, m).await;
    }
    if let Some(t) = state.with(|i| i.templates.iter().find(|t| t.id == id).cloned()) {
        apply_faults(state, FaultScope::Templates).await?;
        auth::waba(state, &req, &t.waba_id, "get")?;
        return Ok(HttpResponse::Ok().json(t.to_json(fields(&query(&req)).as_deref())));
    }
    apply_faults(state, FaultScope::All).await?;
    let token = auth::bearer(&req)?;
    if state.token_known(&token) {
        Err(ApiError::UnknownObject { method: "get", id })
    } else {
        Err(ApiError::InvalidToken)
    }
}

/// `DELETE /{version}/{id}` (media only).
pub(crate) async fn delete(
    engine: Data<Engine>,
    req: HttpRequest,
    path: Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (version, id) = path.into_inner();
    check_version(&version)?;
    let state = &engine.state;
    if let Some(m) = state.with(|i| i.media.get(&id).cloned()) {
        return media::delete(state, &req, m).await;
    }
    apply_faults(state, FaultScope::All).await?;
    let token = auth::bearer(&req)?;
    if state.token_known(&token) {
        Err(ApiError::UnknownObject {
            method: "delete",
            id,
        })
    } else {
        Err(ApiError::InvalidToken)
    }
}

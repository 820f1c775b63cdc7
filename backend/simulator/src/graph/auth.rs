//! Bearer-token checks.

use actix_web::HttpRequest;
use actix_web::http::header::AUTHORIZATION;

use super::query;
use crate::errors::ApiError;
use crate::model::PhoneNumber;
use crate::state::{SimState, StoredMedia};

/// The access token from `Authorization: Bearer ...` or `?access_token=`.
pub(crate) fn bearer(req: &HttpRequest) -> Result<String, ApiError> {
    if let Some(value) = req.headers().get(AUTHORIZATION) {
        let text = value.to_str().map_err(|_| ApiError::InvalidToken)?.trim();
        let (scheme, token) = text.split_once(' ').ok_or(ApiError::InvalidToken)?;
        if !scheme.eq_ignore_ascii_case("bearer") || token.trim().is_empty() {
            return Err(ApiError::InvalidToken);
        }
        return Ok(token.trim().to_string());
    }
    match query(req).remove("access_token") {
        Some(t) if !t.is_empty() => Ok(t),
        _ => Err(ApiError::MissingToken),
    }
}

fn unknown(state: &SimState, token: &str, method: &'static str, id: &str) -> ApiError {
    if state.token_known(token) {
        ApiError::UnknownObject {
            method,
            id: id.to_string(),
        }
    } else {
        ApiError::InvalidToken
    }
}

/// The phone number `pnid`, if the request's token is registered for it.
pub(crate) fn phone(
    state: &SimState,
    req: &HttpRequest,
    pnid: &str,
    method: &'static str,
) -> Result<PhoneNumber, ApiError> {
    let token = bearer(req)?;
    match state.phone(pnid) {
        Some(p) if p.access_token == token => Ok(p),
        Some(_) => Err(ApiError::InvalidToken),
        None => Err(unknown(state, &token, method, pnid)),
    }
}

/// Phone numbers of `waba_id`, if the token belongs to one of them.
pub(crate) fn waba(
    state: &SimState,
    req: &HttpRequest,
    waba_id: &str,
    method: &'static str,
) -> Result<Vec<PhoneNumber>, ApiError> {
    let token = bearer(req)?;
    let phones: Vec<PhoneNumber> = state.with(|i| {
        i.phones
            .values()
            .filter(|p| p.waba_id == waba_id)
            .cloned()
            .collect()
    });
    if phones.is_empty() {
        return Err(unknown(state, &token, method, waba_id));
    }
    if phones.iter().any(|p| p.access_token == token) {
        Ok(phones)
    } else {
        Err(ApiError::InvalidToken)
    }
}

/// Access to media: the token must belong to a number of the media's WABA.
pub(crate) fn media(state: &SimState, req: &HttpRequest, m: &StoredMedia) -> Result<(), ApiError> {
    let token = bearer(req)?;
    let allowed = state.with(|i| {
        i.phones
            .values()
            .any(|p| p.waba_id == m.waba_id && p.access_token == token)
    });
    if allowed {
        Ok(())
    } else {
        Err(ApiError::InvalidToken)
    }
}

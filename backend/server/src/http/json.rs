//! The JSON body extractor for the API. Unlike `web::Json` it accepts only a JSON object at
//! the top level (serde would otherwise build a struct from an array), and its failures are
//! the same problem documents as everywhere else.

use super::extractors::{JSON_LIMIT, json_error};
use crate::error::ApiError;
use actix_web::dev::Payload;
use actix_web::error::{JsonPayloadError, PayloadError};
use actix_web::http::StatusCode;
use actix_web::http::header::CONTENT_TYPE;
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;
use std::ops::{Deref, DerefMut};

pub struct Json<T>(pub T);

impl<T> Json<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> Deref for Json<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> DerefMut for Json<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.0
    }
}

pub(crate) fn is_json(req: &HttpRequest) -> bool {
    req.headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<mime::Mime>().ok())
        .is_some_and(|m| m.subtype() == mime::JSON || m.suffix() == Some(mime::JSON))
}

/// Parses a body that must be a JSON object matching `T`.
pub fn parse_object<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    let value: serde_json::Value =
        serde_json::from_slice(body).map_err(|e| json_error(JsonPayloadError::Deserialize(e)))?;
    if !value.is_object() {
        return Err(
            ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_body")
                .detail("The body does not match the expected schema.")
                .field("body", "must be a JSON object"),
        );
    }
    serde_json::from_value(value).map_err(|e| json_error(JsonPayloadError::Deserialize(e)))
}

fn payload_error(e: &actix_web::Error) -> ApiError {
    match e.as_error::<PayloadError>() {
        Some(PayloadError::Overflow) => {
            json_error(JsonPayloadError::Overflow { limit: JSON_LIMIT })
        }
        _ => ApiError::bad_request("invalid_body", "The request body could not be read."),
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for Json<T> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let json = is_json(req);
        let too_long = req
            .headers()
            .get(actix_web::http::header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<usize>().ok())
            .is_some_and(|n| n > JSON_LIMIT);
        let bytes = web::Bytes::from_request(req, payload);
        Box::pin(async move {
            if !json {
                return Err(json_error(JsonPayloadError::ContentType));
            }
            if too_long {
                return Err(json_error(JsonPayloadError::Overflow { limit: JSON_LIMIT }));
            }
            let body = bytes.await.map_err(|e| payload_error(&e))?;
            parse_object(&body).map(Json)
        })
    }
}

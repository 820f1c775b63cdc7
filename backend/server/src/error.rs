//! One error type for the whole API, rendered as RFC 9457 `application/problem+json`
//! (`type, title, status, detail, code`, plus `errors` on 422). Details of server-side
//! failures are logged with the request id and never sent to the client.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use std::borrow::Cow;
use std::fmt;
use utoipa::ToSchema;

pub const PROBLEM_JSON: &str = "application/problem+json";

/// The problem document every error answers with.
#[derive(Debug, Clone, Serialize, serde::Deserialize, ToSchema, PartialEq)]
pub struct Problem {
    /// A URI reference naming the problem type: `/problems/<code>`.
    #[serde(rename = "type")]
    pub type_: String,
    /// Short, human-readable summary of the problem type.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// Explanation specific to this occurrence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Machine-readable error code, stable for integrators (e.g. `validation_failed`).
    pub code: String,
    /// Field errors, present on 422.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<Vec<FieldError>>,
    /// Members specific to the problem type, e.g. `window_expires_at` on `window_closed`.
    #[serde(flatten, skip_serializing_if = "serde_json::Map::is_empty", default)]
    #[schema(value_type = Object)]
    pub extensions: serde_json::Map<String, serde_json::Value>,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize, ToSchema, PartialEq)]
pub struct FieldError {
    /// Path of the offending field, e.g. `email` or `items[0].name`; `body` for the whole body.
    pub field: String,
    pub message: String,
}

#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    code: Cow<'static, str>,
    detail: Option<String>,
    errors: Vec<FieldError>,
    headers: Vec<(HeaderName, HeaderValue)>,
    /// Boxed: most errors have none, and `ApiError` travels in every `Result`.
    extensions: Option<Box<serde_json::Map<String, serde_json::Value>>>,
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn new(status: StatusCode, code: impl Into<Cow<'static, str>>) -> Self {
        Self {
            status,
            code: code.into(),
            detail: None,
            errors: Vec::new(),
            headers: Vec::new(),
            extensions: None,
        }
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    pub fn header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.push((name, value));
        self
    }

    /// Adds a problem-type-specific member to the document.
    pub fn extension(mut self, key: &str, value: impl Into<serde_json::Value>) -> Self {
        self.extensions
            .get_or_insert_with(Default::default)
            .insert(key.to_owned(), value.into());
        self
    }

    pub fn field(mut self, field: impl Into<String>, message: impl Into<String>) -> Self {
        self.errors.push(FieldError {
            field: field.into(),
            message: message.into(),
        });
        self
    }

    pub fn status(&self) -> StatusCode {
        self.status
    }

    pub fn code(&self) -> &str {
        &self.code
    }

    pub fn not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found").detail("The resource does not exist.")
    }

    pub fn bad_request(code: impl Into<Cow<'static, str>>, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code).detail(detail)
    }

    pub fn unauthorized(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "unauthorized")
            .detail(detail)
            .header(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"winmessages\""),
            )
    }

    pub fn forbidden(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "forbidden").detail(detail)
    }

    pub fn conflict(code: impl Into<Cow<'static, str>>, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, code).detail(detail)
    }

    /// 422 with one field error.
    pub fn invalid_field(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed")
            .detail("The request has invalid fields.")
            .field(field, message)
    }

    pub fn unprocessable(code: impl Into<Cow<'static, str>>, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, code).detail(detail)
    }

    pub fn too_many_requests(retry_after_secs: u64) -> Self {
        let mut e = Self::new(StatusCode::TOO_MANY_REQUESTS, "rate_limited")
            .detail(format!("Too many attempts; retry in {retry_after_secs} s."));
        if let Ok(v) = HeaderValue::from_str(&retry_after_secs.to_string()) {
            e = e.header(header::RETRY_AFTER, v);
        }
        e
    }

    pub fn unavailable(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::SERVICE_UNAVAILABLE, "service_unavailable").detail(detail)
    }

    /// A server-side failure: the cause is logged here, the client sees a generic message.
    pub fn internal(cause: impl fmt::Display) -> Self {
        tracing::error!(error = %cause, "internal error");
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal_error")
            .detail("An unexpected error occurred; it has been logged.")
    }

    pub fn to_problem(&self) -> Problem {
        let mut p = problem(
            self.status,
            &self.code,
            self.detail.clone(),
            (!self.errors.is_empty()).then(|| self.errors.clone()),
        );
        if let Some(ext) = &self.extensions {
            p.extensions = (**ext).clone();
        }
        p
    }
}

/// Builds a problem document for a status and code.
pub fn problem(
    status: StatusCode,
    code: &str,
    detail: Option<String>,
    errors: Option<Vec<FieldError>>,
) -> Problem {
    Problem {
        type_: format!("/problems/{code}"),
        title: status.canonical_reason().unwrap_or("Error").to_owned(),
        status: status.as_u16(),
        detail,
        code: code.to_owned(),
        errors,
        extensions: serde_json::Map::new(),
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.status.as_u16(), self.code)?;
        if let Some(d) = &self.detail {
            write!(f, ": {d}")?;
        }
        Ok(())
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        let mut builder = HttpResponse::build(self.status);
        builder.content_type(PROBLEM_JSON);
        for (name, value) in &self.headers {
            builder.insert_header((name.clone(), value.clone()));
        }
        builder.json(self.to_problem())
    }
}

impl From<diesel::result::Error> for ApiError {
    fn from(e: diesel::result::Error) -> Self {
        match e {
            diesel::result::Error::NotFound => Self::not_found(),
            other => Self::internal(format_args!("database: {other}")),
        }
    }
}

impl From<r2d2::Error> for ApiError {
    fn from(e: r2d2::Error) -> Self {
        tracing::error!(error = %e, "database pool exhausted or unreachable");
        Self::unavailable("The database is unavailable; try again shortly.")
    }
}

impl From<actix_web::error::BlockingError> for ApiError {
    fn from(e: actix_web::error::BlockingError) -> Self {
        Self::internal(format_args!("blocking task failed: {e}"))
    }
}

impl From<validator::ValidationErrors> for ApiError {
    fn from(e: validator::ValidationErrors) -> Self {
        let mut out = Self::new(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed")
            .detail("The request has invalid fields.");
        flatten_validation("", &e, &mut out.errors);
        out.errors.sort_by(|a, b| a.field.cmp(&b.field));
        out
    }
}

fn flatten_validation(prefix: &str, errs: &validator::ValidationErrors, out: &mut Vec<FieldError>) {
    use validator::ValidationErrorsKind as K;
    for (field, kind) in errs.errors() {
        let path = if prefix.is_empty() {
            field.to_string()
        } else {
            format!("{prefix}.{field}")
        };
        match kind {
            K::Field(list) => {
                for err in list {
                    let message = err
                        .message
                        .as_ref()
                        .map(ToString::to_string)
                        .unwrap_or_else(|| describe_rule(err));
                    out.push(FieldError {
                        field: path.clone(),
                        message,
                    });
                }
            }
            K::Struct(inner) => flatten_validation(&path, inner, out),
            K::List(items) => {
                for (index, inner) in items {
                    flatten_validation(&format!("{path}[{index}]"), inner, out);
                }
            }
        }
    }
}

fn describe_rule(err: &validator::ValidationError) -> String {
    let param = |name: &str| err.params.get(name).map(ToString::to_string);
    match err.code.as_ref() {
        "length" => match (param("min"), param("max")) {
            (Some(min), Some(max)) => format!("must be {min} to {max} characters long"),
            (Some(min), None) => format!("must be at least {min} characters long"),
            (None, Some(max)) => format!("must be at most {max} characters long"),
            _ => "has an invalid length".into(),
        },
        "range" => match (param("min"), param("max")) {
            (Some(min), Some(max)) => format!("must be between {min} and {max}"),
            (Some(min), None) => format!("must be at least {min}"),
            (None, Some(max)) => format!("must be at most {max}"),
            _ => "is out of range".into(),
        },
        "email" => "must be a valid email address".into(),
        "url" => "must be a valid URL".into(),
        "required" => "is required".into(),
        other => format!("is invalid ({other})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use validator::Validate;

    #[derive(Validate)]
    struct Sample {
        #[validate(length(min = 3))]
        name: String,
        #[validate(email)]
        email: String,
    }

    #[test]
    fn validation_errors_become_field_list() {
        let err = Sample {
            name: "a".into(),
            email: "x".into(),
        }
        .validate()
        .unwrap_err();
        let p = ApiError::from(err).to_problem();
        assert_eq!(p.status, 422);
        assert_eq!(p.code, "validation_failed");
        let errors = p.errors.unwrap();
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].field, "email");
        assert_eq!(errors[1].field, "name");
        assert_eq!(errors[1].message, "must be at least 3 characters long");
    }

    #[test]
    fn internal_errors_hide_the_cause() {
        let p = ApiError::internal("password=hunter2 leaked").to_problem();
        assert_eq!(p.status, 500);
        assert!(!p.detail.unwrap().contains("hunter2"));
    }
}

//! Answers for requests no route accepted: 405 with `Allow` when the path is a documented
//! operation with other methods, else 404. The OpenAPI document is the routing table here,
//! which keeps the two in step by construction.

use crate::error::ApiError;
use actix_router::ResourceDef;
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::{HttpRequest, HttpResponse, ResponseError, web};

pub struct KnownRoutes(Vec<(ResourceDef, Vec<Method>)>);

impl KnownRoutes {
    pub fn from_document(doc: &utoipa::openapi::OpenApi) -> Self {
        let routes = doc
            .paths
            .paths
            .iter()
            .map(|(path, item)| {
                let mut methods = Vec::new();
                let pairs = [
                    (item.get.is_some(), Method::GET),
                    (item.post.is_some(), Method::POST),
                    (item.put.is_some(), Method::PUT),
                    (item.patch.is_some(), Method::PATCH),
                    (item.delete.is_some(), Method::DELETE),
                ];
                for (present, method) in pairs {
                    if present {
                        methods.push(method);
                    }
                }
                (ResourceDef::new(path.as_str()), methods)
            })
            .collect();
        Self(routes)
    }

    /// Methods documented for this path, if the path is known.
    pub fn allowed(&self, path: &str) -> Option<&[Method]> {
        self.0
            .iter()
            .find(|(def, _)| def.is_match(path))
            .map(|(_, methods)| methods.as_slice())
    }
}

/// The problem answer for an unrouted request.
pub fn unrouted(req: &HttpRequest) -> HttpResponse {
    let allowed = req
        .app_data::<web::Data<KnownRoutes>>()
        .and_then(|routes| routes.allowed(req.path()).map(<[Method]>::to_vec));
    match allowed {
        Some(methods) if !methods.contains(req.method()) => {
            let list = methods
                .iter()
                .map(Method::as_str)
                .collect::<Vec<_>>()
                .join(", ");
            let mut err =
                ApiError::new(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed").detail(
                    format!("{} is not supported here; use {list}.", req.method()),
                );
            if let Ok(v) = HeaderValue::from_str(&list) {
                err = err.header(header::ALLOW, v);
            }
            err.error_response()
        }
        _ => ApiError::not_found().error_response(),
    }
}

/// Default service of the application.
pub async fn default_service(req: HttpRequest) -> HttpResponse {
    unrouted(&req)
}

//! Serves the built SPA at `/` with a history fallback: a deep link such as `/inbox/42`
//! gets `index.html`, while unknown API paths keep answering problem+json 404s.

use actix_files::{Files, NamedFile};
use actix_web::dev::{ServiceRequest, ServiceResponse, fn_service};
use actix_web::http::Method;
use actix_web::web;
use std::path::{Path, PathBuf};

/// Paths that belong to the server, never to the SPA.
const SERVER_PREFIXES: &[&str] = &[
    "/api/",
    "/api-docs",
    "/swagger-ui",
    "/webhooks/",
    "/metrics",
    "/healthz",
    "/readyz",
];

pub fn is_server_path(path: &str) -> bool {
    path == "/api" || SERVER_PREFIXES.iter().any(|p| path.starts_with(p))
}

/// Mounts the SPA when `dir/index.html` exists; otherwise unknown paths answer 404.
pub fn configure(dir: &Path) -> impl FnOnce(&mut web::ServiceConfig) + use<> {
    let dir = dir.to_path_buf();
    move |cfg| {
        let index = dir.join("index.html");
        if !index.is_file() {
            tracing::warn!(dir = %dir.display(), "SPA not built; `/` will answer 404 (run `make run`)");
            return;
        }
        cfg.service(
            Files::new("/", &dir)
                .index_file("index.html")
                .default_handler(fn_service(move |req: ServiceRequest| {
                    let index = index.clone();
                    async move { fallback(req, index).await }
                })),
        );
    }
}

async fn fallback(
    req: ServiceRequest,
    index: PathBuf,
) -> Result<ServiceResponse, actix_web::Error> {
    let (http_req, _) = req.into_parts();
    let wants_page = matches!(*http_req.method(), Method::GET | Method::HEAD)
        && !is_server_path(http_req.path());
    if !wants_page {
        let res = crate::http::fallback::unrouted(&http_req);
        return Ok(ServiceResponse::new(http_req, res));
    }
    let file = NamedFile::open_async(&index).await?;
    let res = file.into_response(&http_req);
    Ok(ServiceResponse::new(http_req, res))
}

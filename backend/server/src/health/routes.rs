use super::{Health, Readiness};
use crate::app::AppState;
use crate::error::{ApiError, ApiResult, Problem};
use actix_web::{HttpResponse, get, web};
use diesel::connection::SimpleConnection;

/// Liveness: answers as long as the process runs.
#[utoipa::path(
    tag = "health",
    responses((status = 200, description = "The process is alive", body = Health))
)]
#[get("/healthz")]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
    })
}

/// Readiness: the database answers a query.
#[utoipa::path(
    tag = "health",
    responses(
        (status = 200, description = "Ready to serve", body = Readiness),
        (status = 503, description = "The database is unreachable", body = Problem,
            content_type = "application/problem+json"),
    )
)]
#[get("/readyz")]
pub async fn readyz(state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    let pool = state.pool.clone();
    let backend = state.backend;
    let ok = web::block(move || -> Result<(), String> {
        let mut conn = pool
            .get_timeout(std::time::Duration::from_secs(2))
            .map_err(|e| e.to_string())?;
        conn.batch_execute("SELECT 1").map_err(|e| e.to_string())
    })
    .await?;
    match ok {
        Ok(()) => Ok(HttpResponse::Ok().json(Readiness {
            status: "ready".into(),
            database: backend.name().into(),
        })),
        Err(cause) => {
            tracing::warn!(%cause, "readiness check failed");
            Err(ApiError::unavailable("The database is unreachable."))
        }
    }
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(healthz).service(readyz);
}

//! Runs the HTTP server until SIGTERM/SIGINT, then drains in-flight requests.

use crate::app::{AppState, build_app};
use actix_web::HttpServer;
use std::time::Duration;

pub async fn run(state: AppState) -> std::io::Result<()> {
    let bind = state.config.bind;
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    tracing::info!(
        %bind,
        database = %state.config.database.redacted(),
        version = env!("CARGO_PKG_VERSION"),
        "WinMessages listening"
    );
    // actix-web installs SIGTERM/SIGINT handlers: stop accepting, finish in-flight requests
    // for up to the shutdown timeout, then exit.
    HttpServer::new(move || build_app(state.clone()))
        .workers(workers)
        .shutdown_timeout(15)
        .client_request_timeout(Duration::from_secs(10))
        .bind(bind)?
        .run()
        .await
}

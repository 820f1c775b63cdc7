//! Runs the HTTP server until SIGTERM/SIGINT, then drains in-flight requests.

use crate::app::{AppState, build_app};
use actix_web::HttpServer;
use actix_web::dev::Server;
use std::net::SocketAddr;
use std::time::Duration;

pub async fn run(state: AppState) -> std::io::Result<()> {
    let bind = state.config.bind;
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    tracing::info!(
        %bind,
        database = %state.config.database.redacted(),
        tls = state.config.tls.is_some(),
        version = env!("CARGO_PKG_VERSION"),
        "WinMessages listening"
    );
    // actix-web installs SIGTERM/SIGINT handlers: stop accepting, finish in-flight requests
    // for up to the shutdown timeout, then exit.
    // Background workers (webhook processing, media downloads) run until the server stops;
    // events left unprocessed by a previous run are picked up at once.
    let background = crate::workers::Workers::start(&state).map_err(std::io::Error::other)?;
    // Open event streams never finish by themselves: end them when the stop begins.
    let events = state.events.clone();
    let closer = tokio::spawn(async move {
        stop_requested().await;
        events.close_all();
    });
    let served = match listen(state.clone(), bind, workers) {
        Ok((server, _)) => server.await,
        Err(e) => Err(e),
    };
    closer.abort();
    background.shutdown().await;
    served
}

/// Binds the HTTP server to `bind`, over TLS when certificates are configured, and returns it
/// (not yet awaited) with the addresses it listens on.
pub fn listen(
    state: AppState,
    bind: SocketAddr,
    workers: usize,
) -> std::io::Result<(Server, Vec<SocketAddr>)> {
    let tls = state.config.tls.clone();
    let server = HttpServer::new(move || build_app(state.clone()))
        .workers(workers)
        .shutdown_timeout(15)
        .client_request_timeout(Duration::from_secs(10));
    let server = match tls {
        Some(tls) => server.bind_rustls_0_23(bind, (*tls).clone())?,
        None => server.bind(bind)?,
    };
    let addrs = server.addrs();
    Ok((server.run(), addrs))
}

/// SIGTERM or SIGINT (actix-web listens for them too and starts its graceful stop).
async fn stop_requested() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = term.recv() => {}
                    _ = tokio::signal::ctrl_c() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

//! Prometheus metrics at `/metrics`: request counts and latencies by route pattern, method
//! and status (actix-web-prom), plus database pool usage read at scrape time. Features
//! register their own counters on [`Metrics::registry`].

use crate::app::AppState;
use crate::db::DbPool;
use crate::error::ApiError;
use actix_web::{HttpResponse, web};
use actix_web_prom::{PrometheusMetrics, PrometheusMetricsBuilder};
use prometheus::core::{Collector, Desc};
use prometheus::proto::MetricFamily;
use prometheus::{IntGauge, Opts, Registry};

#[derive(Clone)]
pub struct Metrics {
    pub http: PrometheusMetrics,
    /// Outbox Graph API calls by kind (send, mark_read) and outcome (sent, retry, failed,
    /// unknown).
    pub outbox_calls: prometheus::IntCounterVec,
}

impl Metrics {
    pub fn new(pool: DbPool, pool_max: u32) -> Result<Self, String> {
        let registry = Registry::new();
        registry
            .register(Box::new(PoolCollector::new(pool, pool_max)?))
            .map_err(|e| format!("metrics: {e}"))?;
        let http = PrometheusMetricsBuilder::new("winmessages")
            .registry(registry)
            // Swagger UI's catch-all pattern cannot be used as a label; its assets don't matter.
            .exclude_regex("^/swagger-ui")
            // Unmatched paths (scanners, typos) share one label instead of one series each.
            .mask_unmatched_patterns("UNMATCHED")
            .build()
            .map_err(|e| format!("metrics: {e}"))?;
        let outbox_calls = prometheus::IntCounterVec::new(
            prometheus::Opts::new(
                "winmessages_outbox_calls_total",
                "Outbox Graph API calls by kind and outcome",
            ),
            &["kind", "outcome"],
        )
        .map_err(|e| format!("metrics: {e}"))?;
        http.registry
            .register(Box::new(outbox_calls.clone()))
            .map_err(|e| format!("metrics: {e}"))?;
        Ok(Self { http, outbox_calls })
    }

    pub fn registry(&self) -> &Registry {
        &self.http.registry
    }

    /// The registry in Prometheus text exposition format.
    pub fn render(&self) -> Result<String, String> {
        prometheus::TextEncoder::new()
            .encode_to_string(&self.registry().gather())
            .map_err(|e| e.to_string())
    }
}

/// Prometheus scrape endpoint (not part of the public API document).
pub async fn scrape(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let body = state.metrics.render().map_err(ApiError::internal)?;
    Ok(HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(body))
}

/// Reports the pool's state each time the registry is gathered.
struct PoolCollector {
    pool: DbPool,
    connections: IntGauge,
    idle: IntGauge,
    max: IntGauge,
}

impl PoolCollector {
    fn new(pool: DbPool, pool_max: u32) -> Result<Self, String> {
        let gauge = |name: &str, help: &str| {
            IntGauge::with_opts(Opts::new(name, help).namespace("winmessages"))
                .map_err(|e| format!("metrics: {e}"))
        };
        let max = gauge("db_pool_max_connections", "Configured maximum pool size")?;
        max.set(i64::from(pool_max));
        Ok(Self {
            pool,
            connections: gauge("db_pool_connections", "Open database connections")?,
            idle: gauge("db_pool_idle_connections", "Idle database connections")?,
            max,
        })
    }
}

impl Collector for PoolCollector {
    fn desc(&self) -> Vec<&Desc> {
        [&self.connections, &self.idle, &self.max]
            .into_iter()
            .flat_map(|g| g.desc())
            .collect()
    }

    fn collect(&self) -> Vec<MetricFamily> {
        let state = self.pool.state();
        self.connections.set(i64::from(state.connections));
        self.idle.set(i64::from(state.idle_connections));
        [&self.connections, &self.idle, &self.max]
            .into_iter()
            .flat_map(|g| g.collect())
            .collect()
    }
}

//! Inbound pipeline metrics: webhooks received / rejected (by reason) / processed / failed,
//! messages stored by type, media downloads by outcome, and the processing lag.

use crate::clock::SharedClock;
use crate::db::DbPool;
use prometheus::core::{Collector, Desc};
use prometheus::proto::MetricFamily;
use prometheus::{Gauge, IntCounter, IntCounterVec, Opts, Registry};

#[derive(Clone)]
pub struct InboundMetrics {
    pub received: IntCounter,
    pub rejected: IntCounterVec,
    pub processed: IntCounter,
    pub failed: IntCounter,
    pub messages_stored: IntCounterVec,
    pub media_downloads: IntCounterVec,
}

fn opts(name: &str, help: &str) -> Opts {
    Opts::new(name, help).namespace("winmessages")
}

impl InboundMetrics {
    pub fn register(registry: &Registry, pool: DbPool, clock: SharedClock) -> Result<Self, String> {
        let err = |e: prometheus::Error| format!("metrics: {e}");
        let m = Self {
            received: IntCounter::with_opts(opts(
                "webhooks_received_total",
                "Signed webhooks stored and acknowledged",
            ))
            .map_err(err)?,
            rejected: IntCounterVec::new(
                opts("webhooks_rejected_total", "Webhooks refused, by reason"),
                &["reason"],
            )
            .map_err(err)?,
            processed: IntCounter::with_opts(opts(
                "webhooks_processed_total",
                "Webhook events processed (routed or not)",
            ))
            .map_err(err)?,
            failed: IntCounter::with_opts(opts(
                "webhooks_failed_total",
                "Webhook processing attempts that failed",
            ))
            .map_err(err)?,
            messages_stored: IntCounterVec::new(
                opts("messages_stored_total", "Inbound messages stored, by type"),
                &["type"],
            )
            .map_err(err)?,
            media_downloads: IntCounterVec::new(
                opts(
                    "media_downloads_total",
                    "Media download attempts, by outcome",
                ),
                &["outcome"],
            )
            .map_err(err)?,
        };
        registry
            .register(Box::new(m.received.clone()))
            .map_err(err)?;
        registry
            .register(Box::new(m.rejected.clone()))
            .map_err(err)?;
        registry
            .register(Box::new(m.processed.clone()))
            .map_err(err)?;
        registry.register(Box::new(m.failed.clone())).map_err(err)?;
        registry
            .register(Box::new(m.messages_stored.clone()))
            .map_err(err)?;
        registry
            .register(Box::new(m.media_downloads.clone()))
            .map_err(err)?;
        registry
            .register(Box::new(LagCollector::new(pool, clock)?))
            .map_err(err)?;
        Ok(m)
    }

    pub fn stored(&self, kind: &str) {
        // Unknown types are open-ended; keep the label set bounded.
        let label = if kind.len() <= 32 && kind.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
        {
            kind
        } else {
            "other"
        };
        self.messages_stored.with_label_values(&[label]).inc();
    }
}

/// Age of the oldest event still waiting to be processed, read at scrape time.
struct LagCollector {
    pool: DbPool,
    clock: SharedClock,
    lag: Gauge,
}

impl LagCollector {
    fn new(pool: DbPool, clock: SharedClock) -> Result<Self, String> {
        let lag = Gauge::with_opts(opts(
            "webhook_processing_lag_seconds",
            "How long the oldest due webhook event has been waiting (0 when none)",
        ))
        .map_err(|e| format!("metrics: {e}"))?;
        Ok(Self { pool, clock, lag })
    }
}

impl Collector for LagCollector {
    fn desc(&self) -> Vec<&Desc> {
        self.lag.desc()
    }

    fn collect(&self) -> Vec<MetricFamily> {
        let oldest = self
            .pool
            .get()
            .ok()
            .and_then(|mut conn| super::store::oldest_due(&mut conn).ok().flatten());
        let seconds = oldest.map_or(0.0, |t| {
            (self.clock.now_naive() - t).num_milliseconds().max(0) as f64 / 1000.0
        });
        self.lag.set(seconds);
        self.lag.collect()
    }
}

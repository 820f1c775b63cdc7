//! The access log's writer: the middleware only queues an entry (never waiting for the
//! database); one thread stores whatever is queued in a single transaction. When the queue is
//! full an entry is dropped and counted (`winmessages_access_log_dropped_total`) rather than
//! slowing down the request that produced it.

use super::store::{self, NewAccessLog};
use crate::clock::SharedClock;
use crate::db::DbPool;
use crate::workers::Pipeline;
use prometheus::{IntCounter, Opts, Registry};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, SyncSender};

/// Entries stored per transaction at most.
const MAX_BATCH: usize = 512;
/// Entries waiting for the writer before new ones are dropped.
const QUEUE_DEPTH: usize = 16_384;

// Nearly every job is an entry, so boxing it would only add an allocation per request.
#[allow(clippy::large_enum_variant)]
enum Job {
    Entry(NewAccessLog),
    /// Answered once everything queued before it is stored (tests, shutdown).
    Flush(tokio::sync::oneshot::Sender<()>),
}

/// The queue in front of the writer thread; cheap to share.
pub struct AccessLog {
    tx: SyncSender<Job>,
    clock: SharedClock,
    dropped: IntCounter,
}

impl AccessLog {
    /// Starts the writer thread; it ends when the log is dropped.
    pub fn start(
        pool: DbPool,
        clock: SharedClock,
        pipeline: Arc<Pipeline>,
        registry: &Registry,
    ) -> Result<Arc<Self>, String> {
        Self::start_with_depth(pool, clock, pipeline, registry, QUEUE_DEPTH)
    }

    /// As [`AccessLog::start`] with a given queue depth (tests of the overflow).
    pub fn start_with_depth(
        pool: DbPool,
        clock: SharedClock,
        pipeline: Arc<Pipeline>,
        registry: &Registry,
        depth: usize,
    ) -> Result<Arc<Self>, String> {
        let dropped = IntCounter::with_opts(
            Opts::new(
                "access_log_dropped_total",
                "Access log entries dropped because the writer's queue was full",
            )
            .namespace("winmessages"),
        )
        .map_err(|e| format!("metrics: {e}"))?;
        registry
            .register(Box::new(dropped.clone()))
            .map_err(|e| format!("metrics: {e}"))?;
        let (tx, rx) = mpsc::sync_channel(depth);
        std::thread::Builder::new()
            .name("access-log".into())
            .spawn(move || run(&rx, &pool, &pipeline))
            .map_err(|e| format!("cannot start the access log writer: {e}"))?;
        Ok(Arc::new(Self { tx, clock, dropped }))
    }

    /// Queues an entry, stamped now; drops (and counts) it when the queue is full.
    pub fn record(&self, mut entry: NewAccessLog) {
        entry.created_at = self.clock.now_naive();
        if self.tx.try_send(Job::Entry(entry)).is_err() {
            self.dropped.inc();
        }
    }

    /// Waits until every entry queued so far is stored.
    pub async fn flush(&self) {
        let (reply, done) = tokio::sync::oneshot::channel();
        if self.tx.try_send(Job::Flush(reply)).is_ok() {
            let _ = done.await;
        }
    }

    /// Entries dropped so far.
    pub fn dropped(&self) -> u64 {
        self.dropped.get()
    }
}

fn run(rx: &Receiver<Job>, pool: &DbPool, pipeline: &Pipeline) {
    while let Ok(first) = rx.recv() {
        let mut rows = Vec::new();
        let mut waiting = Vec::new();
        let mut next = Some(first);
        while let Some(job) = next {
            match job {
                Job::Entry(row) => rows.push(row),
                Job::Flush(reply) => waiting.push(reply),
            }
            next = if rows.len() < MAX_BATCH {
                rx.try_recv().ok()
            } else {
                None
            };
        }
        if !rows.is_empty() {
            store_rows(pool, pipeline, &rows);
        }
        for reply in waiting {
            let _ = reply.send(());
        }
    }
}

/// Stores a batch in one transaction; if that fails (e.g. an organization deleted meanwhile),
/// row by row so one bad row loses only itself.
fn store_rows(pool: &DbPool, pipeline: &Pipeline, rows: &[NewAccessLog]) {
    let mut conn = match pool.get() {
        Ok(c) => c,
        Err(e) => {
            tracing::error!(error = %e, rows = rows.len(), "access log: no database connection; entries lost");
            return;
        }
    };
    let _gate = pipeline.write_lock();
    let batch = crate::db::transaction(&mut conn, |c| store::insert_all(c, rows));
    if let Err(e) = batch {
        tracing::warn!(error = %e, rows = rows.len(), "access log batch failed; storing entries one by one");
        for row in rows {
            if let Err(e) = store::insert_all(&mut conn, std::slice::from_ref(row)) {
                tracing::error!(error = %e, path = %row.path, "access log entry lost");
            }
        }
    }
}

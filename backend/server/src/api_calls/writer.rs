//! The call log's writer: the Graph client's recorder only queues a row (never waiting for the
//! database); one thread stores whatever is queued in a single transaction. When the queue is
//! full a record is dropped and counted (`winmessages_api_calls_dropped_total`) rather than
//! slowing down the call that produced it.

use super::store::{self, NewApiCall};
use super::{current, redact};
use crate::clock::SharedClock;
use crate::db::DbPool;
use crate::workers::Pipeline;
use prometheus::{IntCounter, Opts, Registry};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, SyncSender, TrySendError};
use whatsapp_cloud::{CallRecord, CallRecorder};

/// Rows stored per transaction at most.
const MAX_BATCH: usize = 256;
/// Rows waiting for the writer before new ones are dropped.
const QUEUE_DEPTH: usize = 8192;

enum Job {
    Call(NewApiCall),
    /// Answered once everything queued before it is stored (tests, shutdown).
    Flush(tokio::sync::oneshot::Sender<()>),
}

/// The recorder given to the Graph client; cheap to share.
pub struct ApiCallLog {
    tx: SyncSender<Job>,
    clock: SharedClock,
    dropped: IntCounter,
}

impl ApiCallLog {
    /// Starts the writer thread; it ends when the log is dropped.
    pub fn start(
        pool: DbPool,
        clock: SharedClock,
        pipeline: Arc<Pipeline>,
        registry: &Registry,
    ) -> Result<Arc<Self>, String> {
        let dropped = IntCounter::with_opts(
            Opts::new(
                "api_calls_dropped_total",
                "Graph API call records dropped because the call log's queue was full",
            )
            .namespace("winmessages"),
        )
        .map_err(|e| format!("metrics: {e}"))?;
        registry
            .register(Box::new(dropped.clone()))
            .map_err(|e| format!("metrics: {e}"))?;
        let (tx, rx) = mpsc::sync_channel(QUEUE_DEPTH);
        std::thread::Builder::new()
            .name("api-call-log".into())
            .spawn(move || run(&rx, &pool, &pipeline))
            .map_err(|e| format!("cannot start the API call log writer: {e}"))?;
        Ok(Arc::new(Self { tx, clock, dropped }))
    }

    /// Waits until every record queued so far is stored.
    pub async fn flush(&self) {
        let (reply, done) = tokio::sync::oneshot::channel();
        if self.tx.try_send(Job::Flush(reply)).is_ok() {
            let _ = done.await;
        }
    }

    /// Records dropped so far.
    pub fn dropped(&self) -> u64 {
        self.dropped.get()
    }
}

impl CallRecorder for ApiCallLog {
    fn record(&self, call: CallRecord) {
        let context = current();
        let row = NewApiCall {
            organization_id: context.map(|c| c.organization),
            account_id: context.and_then(|c| c.account),
            method: call.method,
            path: redact::truncate(call.path, 2048),
            status: call.status.map(i32::from),
            duration_ms: i64::try_from(call.duration.as_millis()).unwrap_or(i64::MAX),
            meta_error_code: call.meta_error_code,
            error: call.error.map(|e| redact::truncate(redact::body(&e), 2048)),
            request_body: call.request_body.as_deref().map(redact::body),
            response_body: call.response_body.as_deref().map(redact::body),
            created_at: self.clock.now_naive(),
        };
        match self.tx.try_send(Job::Call(row)) {
            Ok(()) => {}
            Err(TrySendError::Full(_) | TrySendError::Disconnected(_)) => self.dropped.inc(),
        }
    }
}

fn run(rx: &Receiver<Job>, pool: &DbPool, pipeline: &Pipeline) {
    while let Ok(first) = rx.recv() {
        let mut rows = Vec::new();
        let mut waiting = Vec::new();
        let mut next = Some(first);
        while let Some(job) = next {
            match job {
                Job::Call(row) => rows.push(row),
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

/// Stores a batch in one transaction; if that fails (e.g. an account deleted meanwhile),
/// row by row so one bad row loses only itself.
fn store_rows(pool: &DbPool, pipeline: &Pipeline, rows: &[NewApiCall]) {
    let mut conn = match pool.get() {
        Ok(c) => c,
        Err(e) => {
            tracing::error!(error = %e, rows = rows.len(), "API call log: no database connection; records lost");
            return;
        }
    };
    let _gate = pipeline.write_lock();
    let batch = crate::db::transaction(&mut conn, |c| store::insert_all(c, rows));
    if let Err(e) = batch {
        tracing::warn!(error = %e, rows = rows.len(), "API call log batch failed; storing rows one by one");
        for row in rows {
            if let Err(e) = store::insert_all(&mut conn, std::slice::from_ref(row)) {
                tracing::error!(error = %e, path = %row.path, "API call record lost");
            }
        }
    }
}

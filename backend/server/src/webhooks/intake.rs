//! Durable receipt of webhooks with group commit: request handlers hand their event to one
//! writer thread, which stores every event waiting at that moment in a single transaction and
//! answers each handler only after the commit. Under load one commit covers many webhooks;
//! when idle a webhook is committed alone, at once.

use super::store::{self, NewEvent};
use crate::clock::SharedClock;
use crate::db::DbPool;
use crate::workers::Pipeline;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, SyncSender, TrySendError};
use tokio::sync::oneshot;

/// Most events stored per transaction.
const MAX_BATCH: usize = 256;
/// Events waiting for the writer before new ones are refused (503, Meta retries).
const QUEUE_DEPTH: usize = 8192;

/// One received webhook to store.
#[derive(Debug)]
pub struct Received {
    pub payload: String,
    /// `None` to process it; otherwise it is stored as failed with this error (no retry).
    pub parse_error: Option<String>,
    pub remote_ip: Option<String>,
}

struct Submission {
    received: Received,
    reply: oneshot::Sender<Result<i64, String>>,
}

#[derive(Debug, thiserror::Error)]
pub enum IntakeError {
    #[error("the webhook queue is full")]
    Busy,
    #[error("the webhook writer has stopped")]
    Stopped,
    #[error("storing the webhook failed: {0}")]
    Store(String),
}

/// The handlers' side of the writer; cheap to clone.
#[derive(Clone)]
pub struct Intake {
    tx: SyncSender<Submission>,
}

impl Intake {
    /// Starts the writer thread; it ends when the last `Intake` is dropped.
    pub fn start(
        pool: DbPool,
        clock: SharedClock,
        pipeline: Arc<Pipeline>,
    ) -> Result<Self, String> {
        let (tx, rx) = mpsc::sync_channel(QUEUE_DEPTH);
        std::thread::Builder::new()
            .name("webhook-intake".into())
            .spawn(move || run(&rx, &pool, &clock, &pipeline))
            .map_err(|e| format!("cannot start the webhook writer: {e}"))?;
        Ok(Self { tx })
    }

    /// Stores the event durably; returns its id once committed.
    pub async fn store(&self, received: Received) -> Result<i64, IntakeError> {
        let (reply, answer) = oneshot::channel();
        self.tx
            .try_send(Submission { received, reply })
            .map_err(|e| match e {
                TrySendError::Full(_) => IntakeError::Busy,
                TrySendError::Disconnected(_) => IntakeError::Stopped,
            })?;
        match answer.await {
            Ok(Ok(id)) => Ok(id),
            Ok(Err(e)) => Err(IntakeError::Store(e)),
            Err(_) => Err(IntakeError::Stopped),
        }
    }
}

fn run(rx: &Receiver<Submission>, pool: &DbPool, clock: &SharedClock, pipeline: &Pipeline) {
    while let Ok(first) = rx.recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(s) => batch.push(s),
                Err(_) => break,
            }
        }
        let now = clock.now_naive();
        let events: Vec<NewEvent> = batch
            .iter()
            .map(|s| {
                let failed = s.received.parse_error.is_some();
                NewEvent {
                    payload: s.received.payload.clone(),
                    status: if failed {
                        store::FAILED
                    } else {
                        store::PENDING
                    },
                    attempts: i32::from(failed),
                    last_error: s.received.parse_error.clone(),
                    remote_ip: s.received.remote_ip.clone(),
                    received_at: now,
                    next_attempt_at: (!failed).then_some(now),
                }
            })
            .collect();
        let result = pool.get().map_err(|e| e.to_string()).and_then(|mut conn| {
            let _gate = pipeline.write_lock();
            crate::db::transaction(&mut conn, |c| store::insert_many(c, &events))
                .map_err(|e: diesel::result::Error| e.to_string())
        });
        match result {
            Ok(ids) if ids.len() == batch.len() => {
                for (s, id) in batch.into_iter().zip(ids) {
                    let _ = s.reply.send(Ok(id));
                }
                pipeline.wake_processor();
            }
            Ok(ids) => {
                let e = format!("stored {} of {} events", ids.len(), batch.len());
                tracing::error!(error = %e, "webhook batch insert returned unexpected ids");
                for s in batch {
                    let _ = s.reply.send(Err(e.clone()));
                }
            }
            Err(e) => {
                tracing::error!(error = %e, events = batch.len(), "could not store webhooks");
                for s in batch {
                    let _ = s.reply.send(Err(e.clone()));
                }
            }
        }
    }
}

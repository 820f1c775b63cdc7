//! Webhook delivery: a dispatcher task posts signed envelopes to the
//! callback URL, with configurable delays, duplicates, reordering and
//! retries.

mod delivery;
pub(crate) mod envelope;
pub(crate) mod statuses;

use std::sync::Arc;
use std::time::Duration;

use actix_web::web::Bytes;
use rand::seq::SliceRandom;
use serde_json::Value;
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;

use crate::errors::SimError;
use crate::model::{DeliveryOutcome, MessageStatus, WebhookDelivery, WebhookKind};
use crate::state::SimState;

/// One webhook to post.
#[derive(Debug, Clone)]
pub(crate) struct Outgoing {
    pub kind: WebhookKind,
    pub message_id: String,
    pub status: Option<MessageStatus>,
    pub phone_number_id: String,
    pub body: Value,
}

/// A webhook posted `delay_ms` after the previous one of its sequence.
#[derive(Debug, Clone)]
pub(crate) struct Scheduled {
    pub delay_ms: u64,
    pub item: Outgoing,
}

enum Job {
    Sequence(Vec<Scheduled>),
    Now(Outgoing, oneshot::Sender<DeliveryOutcome>),
}

/// Handle to the dispatcher task.
#[derive(Clone, Debug)]
pub(crate) struct Dispatcher {
    tx: mpsc::UnboundedSender<Job>,
}

struct Ctx {
    state: Arc<SimState>,
    client: reqwest::Client,
}

impl Dispatcher {
    /// Spawns the dispatcher on the current Tokio runtime.
    pub(crate) fn start(state: Arc<SimState>) -> (Self, JoinHandle<()>) {
        let (tx, mut rx) = mpsc::unbounded_channel::<Job>();
        let client = reqwest::Client::builder()
            .pool_max_idle_per_host(16)
            .build()
            .unwrap_or_else(|_| reqwest::Client::new());
        let ctx = Arc::new(Ctx { state, client });
        let handle = tokio::spawn(async move {
            while let Some(job) = rx.recv().await {
                let ctx = ctx.clone();
                tokio::spawn(async move {
                    match job {
                        Job::Sequence(steps) => run_sequence(&ctx, steps).await,
                        Job::Now(item, reply) => {
                            let outcome = send(&ctx, item, true).await;
                            let _ = reply.send(outcome);
                        }
                    }
                });
            }
        });
        (Self { tx }, handle)
    }

    /// Queues a sequence (statuses of one message), posted in order unless
    /// reordering is configured.
    pub(crate) fn schedule(&self, steps: Vec<Scheduled>) {
        if !steps.is_empty() {
            let _ = self.tx.send(Job::Sequence(steps));
        }
    }

    /// Posts one webhook now and waits for the outcome (retries included).
    pub(crate) async fn deliver(&self, item: Outgoing) -> Result<DeliveryOutcome, SimError> {
        let (tx, rx) = oneshot::channel();
        self.tx
            .send(Job::Now(item, tx))
            .map_err(|_| SimError::DispatcherStopped)?;
        rx.await.map_err(|_| SimError::DispatcherStopped)
    }
}

/// Permutation of `0..n` that differs from the identity when `n > 1`.
fn shuffled_order(state: &SimState, n: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    state.with_rng(|rng| order.shuffle(rng));
    if order.iter().enumerate().all(|(i, v)| i == *v) {
        order.reverse();
    }
    order
}

async fn run_sequence(ctx: &Ctx, steps: Vec<Scheduled>) {
    let cfg = ctx.state.settings().webhooks;
    let delays: Vec<u64> = steps.iter().map(|s| s.delay_ms).collect();
    let mut items: Vec<Option<Outgoing>> = steps.into_iter().map(|s| Some(s.item)).collect();
    let reorder = items.len() > 1 && ctx.state.chance() < cfg.reorder_probability;
    let order: Vec<usize> = if reorder {
        shuffled_order(&ctx.state, items.len())
    } else {
        (0..items.len()).collect()
    };
    for (slot, idx) in order.into_iter().enumerate() {
        let delay = delays.get(slot).copied().unwrap_or(0);
        if delay > 0 {
            tokio::time::sleep(Duration::from_millis(delay)).await;
        }
        if let Some(item) = items.get_mut(idx).and_then(Option::take) {
            send(ctx, item, true).await;
        }
    }
}

/// Whether webhooks for this phone number go anywhere.
pub(crate) fn has_target(state: &SimState, phone_number_id: &str) -> bool {
    target(state, phone_number_id).is_some()
}

/// Callback URL and secret for a phone number, if webhooks flow for it.
fn target(state: &SimState, phone_number_id: &str) -> Option<(String, String)> {
    let settings = state.settings();
    let phone = state.phone(phone_number_id)?;
    let unsubscribed = state.with(|i| i.unsubscribed.contains(&phone.waba_id));
    if unsubscribed {
        return None;
    }
    let url = phone.webhook_url.clone().or(settings.webhook_url)?;
    let secret = phone.app_secret.clone().unwrap_or(settings.app_secret);
    Some((url, secret))
}

async fn send(ctx: &Ctx, item: Outgoing, may_duplicate: bool) -> DeliveryOutcome {
    if let Some(status) = item.status {
        ctx.state.push_status(&item.message_id, status);
    }
    let Some((url, secret)) = target(&ctx.state, &item.phone_number_id) else {
        return DeliveryOutcome::default();
    };
    let cfg = ctx.state.settings().webhooks;
    let body = match serde_json::to_vec(&item.body) {
        Ok(b) => Bytes::from(b),
        Err(e) => {
            tracing::error!(error = %e, "webhook body serialisation failed");
            return DeliveryOutcome::default();
        }
    };
    let signature = whatsapp_cloud::sign(secret.as_bytes(), &body);
    let duplicate = may_duplicate
        && cfg.duplicate_probability > 0.0
        && ctx.state.chance() < cfg.duplicate_probability;
    let copies = if duplicate { 2 } else { 1 };
    let mut first = None;
    for copy in 0..copies {
        let record = WebhookDelivery {
            seq: 0,
            kind: item.kind,
            message_id: item.message_id.clone(),
            status: item.status,
            duplicate: copy > 0,
            url: url.clone(),
            body: String::from_utf8_lossy(&body).into_owned(),
            signature: signature.clone(),
            outcome: DeliveryOutcome::default(),
        };
        let seq = ctx.state.record_webhook(record);
        let outcome = delivery::post(&ctx.client, &url, &signature, &body, &cfg).await;
        ctx.state.finish_webhook(seq, outcome.clone());
        first.get_or_insert(outcome);
    }
    first.unwrap_or_default()
}

//! Shared in-memory state of one simulator instance.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Instant;

use actix_web::web::Bytes;
use chrono::{DateTime, Utc};
use parking_lot::{Mutex, RwLock};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::clock::Clock;
use crate::config::{PolicyConfig, SimConfig, WebhookConfig};
use crate::ids;
use crate::model::{
    Customer, DeliveryOutcome, Fault, FaultScope, MessageStatus, NewTemplate, PhoneNumber,
    ReadReceipt, SentMessage, Template, WebhookDelivery,
};
use crate::validate::template::infer_parameter_format;

/// Webhook records kept for inspection; the oldest tenth is dropped when
/// the log is full.
pub(crate) const WEBHOOK_LOG_MAX: usize = 20_000;

/// Settings that can change while the simulator runs.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Settings {
    /// Global callback URL.
    pub webhook_url: Option<String>,
    /// Global app secret.
    pub app_secret: String,
    /// Webhook delivery behaviour.
    pub webhooks: WebhookConfig,
    /// Messaging policy.
    pub policy: PolicyConfig,
}

/// Media bytes held by the simulator.
#[derive(Debug, Clone)]
pub(crate) struct StoredMedia {
    pub id: String,
    pub phone_number_id: String,
    pub waba_id: String,
    pub mime_type: String,
    pub data: Bytes,
    pub sha256_hex: String,
    pub sha256_b64: String,
    pub filename: Option<String>,
    pub created_at: i64,
}

/// Direction of a known message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Direction {
    Inbound,
    Outbound,
}

/// Minimal facts about every message id the simulator issued.
#[derive(Debug, Clone)]
pub(crate) struct MessageRecord {
    pub phone_number_id: String,
    pub wa_id: String,
    pub direction: Direction,
    pub kind: String,
    pub biz_opaque: Option<String>,
    pub category: String,
    pub conversation_id: String,
}

#[derive(Debug, Default)]
pub(crate) struct Inner {
    pub phones: BTreeMap<String, PhoneNumber>,
    pub templates: Vec<Template>,
    pub customers: BTreeMap<String, Customer>,
    /// (phone_number_id, wa_id) → unix seconds of the last inbound message.
    pub windows: HashMap<(String, String), i64>,
    pub media: HashMap<String, StoredMedia>,
    pub messages: HashMap<String, MessageRecord>,
    /// (phone_number_id, wa_id) → last outbound wamid.
    pub last_outbound: HashMap<(String, String), String>,
    pub sent: Vec<SentMessage>,
    pub sent_index: HashMap<String, usize>,
    pub reads: Vec<ReadReceipt>,
    pub webhooks: Vec<WebhookDelivery>,
    pub faults: VecDeque<Fault>,
    pub unsubscribed: HashSet<String>,
    pub next_seq: u64,
    /// phone_number_id → (second since start, sends in that second).
    pub rate: HashMap<String, (u64, u32)>,
}

/// State of one simulator.
#[derive(Debug)]
pub struct SimState {
    pub(crate) public_url: String,
    pub(crate) url_key: String,
    clock: Arc<dyn Clock>,
    offset_secs: AtomicI64,
    settings: RwLock<Settings>,
    inner: Mutex<Inner>,
    seed_phones: Vec<PhoneNumber>,
    seed_templates: Vec<NewTemplate>,
    rng: Mutex<StdRng>,
    started: Instant,
}

impl SimState {
    pub(crate) fn new(config: &SimConfig, public_url: String) -> Self {
        let rng = match config.seed {
            Some(seed) => StdRng::seed_from_u64(seed),
            None => StdRng::from_os_rng(),
        };
        let state = Self {
            public_url: public_url.trim_end_matches('/').to_string(),
            url_key: ids::conversation_id(),
            clock: config.clock.clone(),
            offset_secs: AtomicI64::new(0),
            settings: RwLock::new(Settings {
                webhook_url: config.webhook_url.clone(),
                app_secret: config.app_secret.clone(),
                webhooks: config.webhooks.clone(),
                policy: config.policy.clone(),
            }),
            inner: Mutex::new(Inner::default()),
            seed_phones: config.phone_numbers.clone(),
            seed_templates: config.templates.clone(),
            rng: Mutex::new(rng),
            started: Instant::now(),
        };
        state.apply_seed();
        state
    }

    fn apply_seed(&self) {
        for p in &self.seed_phones {
            self.add_phone(p.clone());
        }
        for t in &self.seed_templates {
            self.add_template(t.clone());
        }
    }

    /// Clears all data, then registers the configured phone numbers and
    /// templates again. Settings and the clock offset are kept.
    pub(crate) fn reset(&self) {
        *self.inner.lock() = Inner::default();
        self.apply_seed();
    }

    /// Runs `f` with the locked data.
    pub(crate) fn with<R>(&self, f: impl FnOnce(&mut Inner) -> R) -> R {
        f(&mut self.inner.lock())
    }

    /// Current simulated time.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now() + chrono::Duration::seconds(self.offset_secs.load(Ordering::Relaxed))
    }

    /// Current simulated time in unix seconds.
    pub fn now_ts(&self) -> i64 {
        self.now().timestamp()
    }

    /// Moves simulated time by `secs`.
    pub(crate) fn advance(&self, secs: i64) {
        self.offset_secs.fetch_add(secs, Ordering::Relaxed);
    }

    /// Snapshot of the settings.
    pub fn settings(&self) -> Settings {
        self.settings.read().clone()
    }

    /// Changes settings.
    pub(crate) fn update_settings(&self, f: impl FnOnce(&mut Settings)) {
        f(&mut self.settings.write());
    }

    /// A uniform random number in `[0, 1)` from the seeded generator.
    pub(crate) fn chance(&self) -> f64 {
        self.rng.lock().random::<f64>()
    }

    /// Runs `f` with the seeded generator.
    pub(crate) fn with_rng<R>(&self, f: impl FnOnce(&mut StdRng) -> R) -> R {
        f(&mut self.rng.lock())
    }

    /// Registers or replaces a phone number.
    pub(crate) fn add_phone(&self, phone: PhoneNumber) -> PhoneNumber {
        self.with(|i| {
            i.phones
                .insert(phone.phone_number_id.clone(), phone.clone());
        });
        phone
    }

    /// Registers a template; replaces one with the same WABA, name and
    /// language.
    pub(crate) fn add_template(&self, new: NewTemplate) -> Template {
        let format = new
            .parameter_format
            .clone()
            .map(|f| f.to_ascii_uppercase())
            .unwrap_or_else(|| infer_parameter_format(&new.components).to_string());
        let template = Template {
            id: new.id.clone().unwrap_or_else(|| ids::numeric_id(16)),
            waba_id: new.waba_id,
            name: new.name,
            language: new.language,
            category: new.category.to_ascii_uppercase(),
            status: new.status.to_ascii_uppercase(),
            parameter_format: format,
            components: new.components,
        };
        self.with(|i| {
            i.templates.retain(|t| {
                !(t.waba_id == template.waba_id
                    && t.name == template.name
                    && t.language == template.language)
            });
            i.templates.push(template.clone());
        });
        template
    }

    /// Phone number by id.
    pub(crate) fn phone(&self, id: &str) -> Option<PhoneNumber> {
        self.with(|i| i.phones.get(id).cloned())
    }

    /// Whether any registered number uses this token.
    pub(crate) fn token_known(&self, token: &str) -> bool {
        self.with(|i| i.phones.values().any(|p| p.access_token == token))
    }

    /// Registered customer, created on first use.
    pub(crate) fn customer(&self, wa_id: &str) -> Customer {
        self.with(|i| {
            i.customers
                .entry(wa_id.to_string())
                .or_insert_with(|| {
                    let mut c = Customer::new(wa_id, "Test Customer");
                    c.user_id = Some(ids::bsuid());
                    c
                })
                .clone()
        })
    }

    /// Registers or updates a customer (a user id is generated if absent).
    pub(crate) fn upsert_customer(&self, mut customer: Customer) -> Customer {
        if customer.user_id.is_none() {
            customer.user_id = self.with(|i| {
                i.customers
                    .get(&customer.wa_id)
                    .and_then(|c| c.user_id.clone())
            });
        }
        if customer.user_id.is_none() {
            customer.user_id = Some(ids::bsuid());
        }
        self.with(|i| {
            i.customers.insert(customer.wa_id.clone(), customer.clone());
        });
        customer
    }

    /// Whether the customer-service window of (`pnid`, `wa_id`) is open.
    pub(crate) fn window_open(&self, pnid: &str, wa_id: &str, window_secs: i64) -> bool {
        let now = self.now_ts();
        self.with(|i| {
            i.windows
                .get(&(pnid.to_string(), wa_id.to_string()))
                .is_some_and(|last| now - *last < window_secs)
        })
    }

    /// Sets (or clears) the time of the customer's last inbound message.
    pub(crate) fn set_last_inbound(&self, pnid: &str, wa_id: &str, at: Option<i64>) {
        self.with(|i| {
            let key = (pnid.to_string(), wa_id.to_string());
            match at {
                Some(ts) => {
                    i.windows.insert(key, ts);
                }
                None => {
                    i.windows.remove(&key);
                }
            }
        });
    }

    /// Takes one hit of the first armed fault matching `scope`.
    pub(crate) fn take_fault(&self, scope: FaultScope) -> Option<Fault> {
        self.with(|i| {
            let pos = i.faults.iter().position(|f| f.scope.matches(scope))?;
            let fault = i.faults.get_mut(pos)?;
            let hit = fault.clone();
            fault.count = fault.count.saturating_sub(1);
            if fault.count == 0 {
                i.faults.remove(pos);
            }
            Some(hit)
        })
    }

    /// Counts a send against the per-number throughput limit; `false` when
    /// the limit for the current second is used up.
    pub(crate) fn throughput_allows(&self, pnid: &str, limit: Option<u32>) -> bool {
        let Some(limit) = limit else {
            return true;
        };
        let second = self.started.elapsed().as_secs();
        self.with(|i| {
            let entry = i.rate.entry(pnid.to_string()).or_insert((second, 0));
            if entry.0 != second {
                *entry = (second, 0);
            }
            if entry.1 >= limit {
                false
            } else {
                entry.1 += 1;
                true
            }
        })
    }

    /// Appends a webhook record; returns its sequence number.
    pub(crate) fn record_webhook(&self, mut delivery: WebhookDelivery) -> u64 {
        self.with(|i| {
            if i.webhooks.len() >= WEBHOOK_LOG_MAX {
                i.webhooks.drain(..WEBHOOK_LOG_MAX / 10);
            }
            i.next_seq += 1;
            delivery.seq = i.next_seq;
            i.webhooks.push(delivery);
            i.next_seq
        })
    }

    /// Stores the outcome of a webhook.
    pub(crate) fn finish_webhook(&self, seq: u64, outcome: DeliveryOutcome) {
        self.with(|i| {
            if let Some(d) = i.webhooks.iter_mut().rev().find(|d| d.seq == seq) {
                d.outcome = outcome;
            }
        });
    }

    /// Notes that a status was emitted for an outbound message.
    pub(crate) fn push_status(&self, wamid: &str, status: MessageStatus) {
        self.with(|i| {
            if let Some(idx) = i.sent_index.get(wamid).copied()
                && let Some(m) = i.sent.get_mut(idx)
            {
                m.statuses.push(status);
            }
        });
    }
}

//! The running simulator and its typed control handle.

use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener};
use std::sync::Arc;
use std::time::Duration;

use actix_web::dev::ServerHandle;
use actix_web::{App, HttpServer, web};
use chrono::{DateTime, Utc};
use tokio::task::JoinHandle;

use crate::config::{PolicyConfig, SimConfig, WebhookConfig};
use crate::engine::Engine;
use crate::errors::SimError;
use crate::model::{
    Customer, CustomerMessage, DeliveryOutcome, Fault, InboundReceipt, MessageStatus, NewTemplate,
    PhoneNumber, ReadReceipt, SentMessage, Template, WebhookDelivery,
};
use crate::state::{Settings, SimState};
use crate::webhooks::Dispatcher;
use crate::{control, graph};

/// Largest JSON body accepted by the Graph API endpoints.
const GRAPH_BODY_LIMIT: usize = 1024 * 1024;

/// A running simulator: HTTP server plus webhook dispatcher.
///
/// Dropping it stops the server.
#[derive(Debug)]
pub struct Simulator {
    engine: Engine,
    addr: SocketAddr,
    url: String,
    api_version: String,
    server: ServerHandle,
    dispatcher_task: JoinHandle<()>,
}

impl Simulator {
    /// Binds `config.bind`, starts the HTTP workers and the webhook
    /// dispatcher on the current Tokio runtime.
    pub async fn start(config: SimConfig) -> Result<Self, SimError> {
        let listener = TcpListener::bind(&config.bind)?;
        let addr = listener.local_addr()?;
        let reachable = if addr.ip().is_unspecified() {
            SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), addr.port())
        } else {
            addr
        };
        let url = format!("http://{reachable}");
        let public = config.public_url.clone().unwrap_or_else(|| url.clone());
        let state = Arc::new(SimState::new(&config, public));
        let (dispatcher, dispatcher_task) = Dispatcher::start(state.clone());
        let engine = Engine { state, dispatcher };
        let data = web::Data::new(engine.clone());
        let server = HttpServer::new(move || {
            App::new()
                .app_data(data.clone())
                .app_data(web::PayloadConfig::new(GRAPH_BODY_LIMIT))
                .service(control::scope())
                .configure(graph::configure)
                .default_service(web::to(graph::unknown_path))
        })
        .workers(config.workers.max(1))
        .disable_signals()
        .listen(listener)?
        .run();
        let handle = server.handle();
        tokio::spawn(async move {
            if let Err(e) = server.await {
                tracing::error!(error = %e, "simulator server stopped with an error");
            }
        });
        tracing::info!(%url, "WhatsApp Cloud API simulator listening");
        Ok(Self {
            engine,
            addr,
            url,
            api_version: config.api_version,
            server: handle,
            dispatcher_task,
        })
    }

    /// Base URL, e.g. `http://127.0.0.1:40123` (use it as the Graph API
    /// base; requests go to `{url}/v23.0/...`).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// `{url}/{api_version}`.
    pub fn graph_url(&self) -> String {
        format!("{}/{}", self.url, self.api_version)
    }

    /// Bound socket address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Current simulated time.
    pub fn now(&self) -> DateTime<Utc> {
        self.engine.state.now()
    }

    /// Moves simulated time (window checks, timestamps, media URL expiry).
    pub fn advance_clock(&self, by: chrono::Duration) {
        self.engine.state.advance(by.num_seconds());
    }

    /// Registers or replaces a business phone number.
    pub fn add_phone_number(&self, phone: PhoneNumber) -> Result<PhoneNumber, SimError> {
        self.engine.add_phone_number(phone)
    }

    /// Registers a template (replaces one with the same WABA/name/language).
    pub fn add_template(&self, template: NewTemplate) -> Result<Template, SimError> {
        self.engine.add_template(template)
    }

    /// Registers or updates a customer (e.g. one not on WhatsApp).
    pub fn add_customer(&self, customer: Customer) -> Result<Customer, SimError> {
        self.engine.add_customer(customer)
    }

    /// A customer sends a message: the signed webhook is delivered (retries
    /// included) before this returns, and the customer's window opens.
    pub async fn customer_sends(&self, msg: CustomerMessage) -> Result<InboundReceipt, SimError> {
        self.engine.customer_sends(msg).await
    }

    /// Sets (or with `None` clears) the time of the customer's last inbound
    /// message, which defines the 24 h window.
    pub fn set_last_inbound(&self, phone_number_id: &str, wa_id: &str, at: Option<DateTime<Utc>>) {
        self.engine
            .state
            .set_last_inbound(phone_number_id, wa_id, at.map(|t| t.timestamp()));
    }

    /// Emits one status webhook for an outbound message now.
    pub async fn emit_status(
        &self,
        message_id: &str,
        status: MessageStatus,
        error_code: Option<i64>,
    ) -> Result<DeliveryOutcome, SimError> {
        self.engine
            .emit_status(message_id, status, error_code)
            .await
    }

    /// Everything the business sent, in order.
    pub fn sent_messages(&self) -> Vec<SentMessage> {
        self.engine.sent_messages()
    }

    /// Mark-as-read calls, in order.
    pub fn read_receipts(&self) -> Vec<ReadReceipt> {
        self.engine.read_receipts()
    }

    /// Webhook POSTs (statuses and inbound messages), in order of first
    /// attempt.
    pub fn webhook_deliveries(&self) -> Vec<WebhookDelivery> {
        self.engine.webhook_deliveries()
    }

    /// Arms a fault for the next `fault.count` matching Graph calls; returns
    /// all armed faults.
    pub fn inject_fault(&self, fault: Fault) -> Result<Vec<Fault>, SimError> {
        self.engine.inject_fault(fault)
    }

    /// Armed faults.
    pub fn faults(&self) -> Vec<Fault> {
        self.engine.faults()
    }

    /// Disarms all faults.
    pub fn clear_faults(&self) {
        self.engine.clear_faults();
    }

    /// Current settings.
    pub fn settings(&self) -> Settings {
        self.engine.state.settings()
    }

    /// Changes the global callback URL.
    pub fn set_webhook_url(&self, url: Option<String>) {
        self.engine.state.update_settings(|s| s.webhook_url = url);
    }

    /// Changes webhook delivery behaviour.
    pub fn set_webhook_config(&self, config: WebhookConfig) {
        self.engine.state.update_settings(|s| s.webhooks = config);
    }

    /// Changes the messaging policy.
    pub fn set_policy(&self, policy: PolicyConfig) {
        self.engine.state.update_settings(|s| s.policy = policy);
    }

    /// Clears all data and re-registers the configured numbers/templates.
    pub fn reset(&self) {
        self.engine.state.reset();
    }

    /// Waits until `n` webhook POSTs have finished (or `timeout` passes);
    /// returns the finished ones.
    pub async fn wait_for_webhooks(&self, n: usize, timeout: Duration) -> Vec<WebhookDelivery> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let done: Vec<WebhookDelivery> = self
                .webhook_deliveries()
                .into_iter()
                .filter(|d| d.outcome.attempts > 0)
                .collect();
            if done.len() >= n || tokio::time::Instant::now() >= deadline {
                return done;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    /// Waits until `n` messages have been sent (or `timeout` passes).
    pub async fn wait_for_sent(&self, n: usize, timeout: Duration) -> Vec<SentMessage> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let sent = self.sent_messages();
            if sent.len() >= n || tokio::time::Instant::now() >= deadline {
                return sent;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    /// Stops the server gracefully and the dispatcher.
    pub async fn stop(self) {
        self.server.stop(true).await;
        self.dispatcher_task.abort();
    }
}

impl Drop for Simulator {
    fn drop(&mut self) {
        // Sends the stop command immediately; the returned future only
        // waits for completion.
        drop(self.server.stop(false));
        self.dispatcher_task.abort();
    }
}

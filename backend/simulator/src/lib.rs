//! WhatsApp Cloud API simulator for WinMessages.
//!
//! A local fake of Meta's Graph API (`/{version}/{PNID}/messages`, media,
//! templates, phone number info) with Meta's validation rules and error
//! JSON, signed status webhooks (delays, duplicates, reordering, retries),
//! fake customers that send any inbound message type, fault injection and
//! an injectable clock for the 24 h customer-service window.
//!
//! In-process use:
//!
//! ```no_run
//! # async fn demo() -> Result<(), wa_simulator::SimError> {
//! use wa_simulator::{CustomerMessage, PhoneNumber, SimConfig, Simulator};
//!
//! let sim = Simulator::start(SimConfig {
//!     app_secret: "secret".into(),
//!     webhook_url: Some("http://127.0.0.1:8080/webhooks/whatsapp".into()),
//!     ..SimConfig::default()
//! })
//! .await?;
//! sim.add_phone_number(PhoneNumber::new("1065", "4195", "+1 555-010-0001", "token"))?;
//! sim.customer_sends(CustomerMessage::text("1065", "16505551234", "hello")).await?;
//! // point the server's Graph base URL at sim.url()
//! # Ok(()) }
//! ```

mod clock;
mod config;
mod control;
mod customers;
mod engine;
mod errors;
mod graph;
mod ids;
mod media_store;
mod model;
mod sim;
mod state;
mod validate;
mod webhooks;

pub use clock::{Clock, ManualClock, SystemClock};
pub use config::{
    DEFAULT_API_VERSION, FinalStatus, PolicyConfig, SimConfig, WebhookConfig, WindowErrorMode,
};
pub use errors::{ApiError, ERROR_DOCS_HREF, SimError};
pub use model::{
    Customer, CustomerMessage, DeliveryOutcome, Fault, FaultKind, FaultScope, Inbound,
    InboundReceipt, MediaInput, MessageStatus, NewTemplate, OrderItem, PhoneNumber, ReadReceipt,
    SentMessage, Template, WebhookDelivery, WebhookKind,
};
pub use sim::Simulator;
pub use state::Settings;

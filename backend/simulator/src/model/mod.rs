//! Public data types shared by the Rust handle and the control API.

mod fault;
mod inbound;
mod phone;
mod records;
mod template;

pub use fault::{Fault, FaultKind, FaultScope};
pub use inbound::{CustomerMessage, Inbound, InboundReceipt, MediaInput, OrderItem};
pub use phone::PhoneNumber;
pub use records::{
    Customer, DeliveryOutcome, MessageStatus, ReadReceipt, SentMessage, WebhookDelivery,
    WebhookKind,
};
pub use template::{NewTemplate, Template};

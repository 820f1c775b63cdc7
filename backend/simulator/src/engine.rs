//! Operations shared by the control API and the in-process Rust handle.

use std::sync::Arc;

use crate::customers;
use crate::errors::{ApiError, SimError};
use crate::model::{
    Customer, CustomerMessage, DeliveryOutcome, Fault, InboundReceipt, MessageStatus, NewTemplate,
    PhoneNumber, ReadReceipt, SentMessage, Template, WebhookDelivery, WebhookKind,
};
use crate::state::{Direction, SimState};
use crate::webhooks::statuses::{self, StatusInfo};
use crate::webhooks::{Dispatcher, Outgoing};

/// State plus the webhook dispatcher.
#[derive(Clone, Debug)]
pub(crate) struct Engine {
    pub state: Arc<SimState>,
    pub dispatcher: Dispatcher,
}

/// Error a manually emitted `failed` status carries, by code.
fn error_for_code(code: i64) -> Result<ApiError, SimError> {
    Ok(match code {
        131_026 => ApiError::Undeliverable,
        131_047 => ApiError::ReEngagement,
        131_053 => ApiError::MediaUpload("Media upload error".into()),
        131_009 => ApiError::InvalidValue("Parameter value is not valid".into()),
        131_000 => ApiError::Internal,
        130_429 => ApiError::RateLimited,
        other => {
            return Err(SimError::BadRequest(format!(
                "unsupported error_code {other}; use 131026, 131047, 131053, 131009, 131000 or 130429"
            )));
        }
    })
}

impl Engine {
    pub(crate) fn add_phone_number(&self, phone: PhoneNumber) -> Result<PhoneNumber, SimError> {
        let digits = phone.display_digits();
        if phone.phone_number_id.trim().is_empty()
            || phone.waba_id.trim().is_empty()
            || phone.access_token.trim().is_empty()
            || digits.is_empty()
        {
            return Err(SimError::BadRequest(
                "phone_number_id, waba_id, display_phone_number and access_token are required"
                    .into(),
            ));
        }
        Ok(self.state.add_phone(phone))
    }

    pub(crate) fn add_template(&self, template: NewTemplate) -> Result<Template, SimError> {
        if template.name.trim().is_empty() || template.waba_id.trim().is_empty() {
            return Err(SimError::BadRequest("waba_id and name are required".into()));
        }
        if template.language.trim().is_empty() {
            return Err(SimError::BadRequest("language is required".into()));
        }
        Ok(self.state.add_template(template))
    }

    pub(crate) fn add_customer(&self, customer: Customer) -> Result<Customer, SimError> {
        let digits: String = customer
            .wa_id
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        if digits.len() < 7 || digits.len() > 15 {
            return Err(SimError::BadRequest(
                "wa_id must have 7 to 15 digits".into(),
            ));
        }
        Ok(self.state.upsert_customer(Customer {
            wa_id: digits,
            ..customer
        }))
    }

    pub(crate) async fn customer_sends(
        &self,
        msg: CustomerMessage,
    ) -> Result<InboundReceipt, SimError> {
        let built = customers::build(&self.state, &msg)?;
        let webhook = self
            .dispatcher
            .deliver(Outgoing {
                kind: WebhookKind::Message,
                message_id: built.wamid.clone(),
                status: None,
                phone_number_id: built.phone_number_id.clone(),
                body: built.envelope,
            })
            .await?;
        Ok(InboundReceipt {
            message_id: built.wamid,
            media_id: built.media_id,
            message: built.message,
            webhook,
        })
    }

    /// Facts for status webhooks of an outbound message.
    pub(crate) fn status_info(&self, wamid: &str) -> Result<StatusInfo, SimError> {
        let record = self
            .state
            .with(|i| i.messages.get(wamid).cloned())
            .filter(|r| r.direction == Direction::Outbound)
            .ok_or_else(|| SimError::NotFound(format!("outbound message {wamid}")))?;
        let phone = self.state.phone(&record.phone_number_id).ok_or_else(|| {
            SimError::NotFound(format!("phone number {}", record.phone_number_id))
        })?;
        Ok(StatusInfo {
            wamid: wamid.to_string(),
            phone,
            customer: self.state.customer(&record.wa_id),
            category: record.category,
            biz_opaque: record.biz_opaque,
            conversation_id: record.conversation_id,
        })
    }

    pub(crate) async fn emit_status(
        &self,
        wamid: &str,
        status: MessageStatus,
        error_code: Option<i64>,
    ) -> Result<DeliveryOutcome, SimError> {
        let info = self.status_info(wamid)?;
        let error = match (status, error_code) {
            (MessageStatus::Failed, Some(code)) => Some(error_for_code(code)?),
            (MessageStatus::Failed, None) => Some(ApiError::Undeliverable),
            _ => None,
        };
        let item = statuses::single(&info, status, self.state.now_ts(), error.as_ref());
        self.dispatcher.deliver(item).await
    }

    pub(crate) fn inject_fault(&self, fault: Fault) -> Result<Vec<Fault>, SimError> {
        if fault.count == 0 {
            return Err(SimError::BadRequest("count must be at least 1".into()));
        }
        Ok(self.state.with(|i| {
            i.faults.push_back(fault);
            i.faults.iter().cloned().collect()
        }))
    }

    pub(crate) fn faults(&self) -> Vec<Fault> {
        self.state.with(|i| i.faults.iter().cloned().collect())
    }

    pub(crate) fn clear_faults(&self) {
        self.state.with(|i| i.faults.clear());
    }

    pub(crate) fn sent_messages(&self) -> Vec<SentMessage> {
        self.state.with(|i| i.sent.clone())
    }

    pub(crate) fn read_receipts(&self) -> Vec<ReadReceipt> {
        self.state.with(|i| i.reads.clone())
    }

    pub(crate) fn webhook_deliveries(&self) -> Vec<WebhookDelivery> {
        self.state.with(|i| {
            let mut all = i.webhooks.clone();
            all.sort_by_key(|d| d.seq);
            all
        })
    }
}

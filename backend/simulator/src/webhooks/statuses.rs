//! Status webhooks for outbound messages (CLOUD_API.md §4).

use serde_json::{Map, Value, json};

use super::envelope::{contact, messages_envelope};
use super::{Outgoing, Scheduled};
use crate::config::{FinalStatus, WebhookConfig};
use crate::errors::ApiError;
use crate::model::{Customer, MessageStatus, PhoneNumber, WebhookKind};

/// What a status needs to know about its message.
#[derive(Debug, Clone)]
pub(crate) struct StatusInfo {
    pub wamid: String,
    pub phone: PhoneNumber,
    pub customer: Customer,
    /// Pricing category in lowercase (`service`, `utility`, `marketing`...).
    pub category: String,
    pub biz_opaque: Option<String>,
    pub conversation_id: String,
}

/// Optional parts of one status object.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Extras<'a> {
    pub conversation: bool,
    pub expiration: Option<i64>,
    pub pricing: bool,
    pub error: Option<&'a ApiError>,
}

/// A complete status webhook body.
pub(crate) fn status_body(
    info: &StatusInfo,
    status: MessageStatus,
    timestamp: i64,
    extras: Extras<'_>,
) -> Value {
    let mut s = json!({
        "id": info.wamid,
        "status": status.as_str(),
        "timestamp": timestamp.to_string(),
        "recipient_id": info.customer.wa_id,
    });
    if status != MessageStatus::Failed
        && let Some(uid) = &info.customer.user_id
    {
        s["recipient_user_id"] = json!(uid);
    }
    if let Some(b) = &info.biz_opaque {
        s["biz_opaque_callback_data"] = json!(b);
    }
    if extras.conversation {
        let mut conv = json!({
            "id": info.conversation_id,
            "origin": { "type": info.category },
        });
        if let Some(exp) = extras.expiration {
            conv["expiration_timestamp"] = json!(exp.to_string());
        }
        s["conversation"] = conv;
    }
    if extras.pricing {
        let service = info.category == "service";
        s["pricing"] = json!({
            "billable": !service,
            "pricing_model": "PMP",
            "type": if service { "free_customer_service" } else { "regular" },
            "category": info.category,
        });
    }
    if let Some(e) = extras.error {
        s["errors"] = json!([e.to_webhook_error()]);
    }
    let mut extra = Map::new();
    if status != MessageStatus::Failed {
        extra.insert("contacts".into(), json!([contact(&info.customer)]));
    }
    extra.insert("statuses".into(), json!([s]));
    messages_envelope(&info.phone, extra)
}

fn outgoing(info: &StatusInfo, status: MessageStatus, body: Value) -> Outgoing {
    Outgoing {
        kind: WebhookKind::Status,
        message_id: info.wamid.clone(),
        status: Some(status),
        phone_number_id: info.phone.phone_number_id.clone(),
        body,
    }
}

/// Statuses for an accepted message: `sent` → `delivered` → `read`
/// (→ `played` for voice notes), cut at `final_status`; reactions only get
/// `sent`.
pub(crate) fn success_plan(
    info: &StatusInfo,
    cfg: &WebhookConfig,
    now: i64,
    reaction: bool,
    voice: bool,
) -> Vec<Scheduled> {
    let mut steps = vec![(MessageStatus::Sent, cfg.sent_delay_ms)];
    if !reaction {
        if matches!(cfg.final_status, FinalStatus::Delivered | FinalStatus::Read) {
            steps.push((MessageStatus::Delivered, cfg.delivered_delay_ms));
        }
        if cfg.final_status == FinalStatus::Read {
            steps.push((MessageStatus::Read, cfg.read_delay_ms));
            if voice && cfg.played_for_voice {
                steps.push((MessageStatus::Played, cfg.read_delay_ms));
            }
        }
    }
    if cfg.final_status == FinalStatus::None {
        steps.clear();
    }
    let mut elapsed_ms = 0u64;
    steps
        .into_iter()
        .map(|(status, delay_ms)| {
            elapsed_ms = elapsed_ms.saturating_add(delay_ms);
            let ts = now + i64::try_from(elapsed_ms / 1000).unwrap_or(0);
            let extras = Extras {
                conversation: cfg.include_conversation
                    && matches!(status, MessageStatus::Sent | MessageStatus::Delivered),
                expiration: (status == MessageStatus::Sent).then_some(now + 24 * 3600),
                pricing: matches!(status, MessageStatus::Sent | MessageStatus::Delivered),
                error: None,
            };
            Scheduled {
                delay_ms,
                item: outgoing(info, status, status_body(info, status, ts, extras)),
            }
        })
        .collect()
}

/// A single `failed` status carrying `error`.
pub(crate) fn failure_plan(
    info: &StatusInfo,
    cfg: &WebhookConfig,
    now: i64,
    error: &ApiError,
) -> Vec<Scheduled> {
    let extras = Extras {
        error: Some(error),
        ..Extras::default()
    };
    vec![Scheduled {
        delay_ms: cfg.sent_delay_ms,
        item: outgoing(
            info,
            MessageStatus::Failed,
            status_body(info, MessageStatus::Failed, now, extras),
        ),
    }]
}

/// One status on demand (control API), without delay.
pub(crate) fn single(
    info: &StatusInfo,
    status: MessageStatus,
    now: i64,
    error: Option<&ApiError>,
) -> Outgoing {
    let extras = Extras {
        error,
        ..Extras::default()
    };
    outgoing(info, status, status_body(info, status, now, extras))
}

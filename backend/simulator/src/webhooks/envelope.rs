//! Meta's webhook envelope for the `messages` field (CLOUD_API.md §2.3).

use serde_json::{Map, Value, json};

use crate::model::{Customer, PhoneNumber};

/// `{"object":"whatsapp_business_account","entry":[{"id":WABA,"changes":[{"value":...,"field":"messages"}]}]}`
/// where `value` starts with `messaging_product` and `metadata` and then
/// carries `extra` (`contacts`, `messages`, `statuses`...).
pub(crate) fn messages_envelope(phone: &PhoneNumber, extra: Map<String, Value>) -> Value {
    let mut value = Map::new();
    value.insert("messaging_product".into(), json!("whatsapp"));
    value.insert(
        "metadata".into(),
        json!({
            "display_phone_number": phone.display_digits(),
            "phone_number_id": phone.phone_number_id,
        }),
    );
    value.extend(extra);
    json!({
        "object": "whatsapp_business_account",
        "entry": [{
            "id": phone.waba_id,
            "changes": [{
                "value": Value::Object(value),
                "field": "messages",
            }],
        }],
    })
}

/// `contacts[]` entry describing a customer.
pub(crate) fn contact(customer: &Customer) -> Value {
    let mut c = json!({
        "profile": { "name": customer.profile_name },
        "wa_id": customer.wa_id,
    });
    if let Some(uid) = &customer.user_id {
        c["user_id"] = json!(uid);
    }
    c
}

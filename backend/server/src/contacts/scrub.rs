//! Removing one person from stored JSON (raw webhook payloads): elements of the payload that
//! mention the person are dropped, a change left with nothing is dropped, and whatever of
//! their data remains inside other elements (a name quoted in someone else's message) is
//! replaced by `[erased]`.

use serde_json::Value;

/// What identifies the person and what must not remain.
#[derive(Debug, Clone, Default)]
pub struct Person {
    /// Identifiers that mark an element as theirs (WhatsApp id, user id, phone number,
    /// username, message ids).
    pub ids: Vec<String>,
    /// Further text that must not remain (names, message texts).
    pub texts: Vec<String>,
}

pub const ERASED: &str = "[erased]";

/// What became of a payload.
#[derive(Debug, PartialEq)]
pub enum Scrubbed {
    /// Nothing in it concerned the person.
    Unchanged,
    /// It concerned only the person: delete it.
    Remove,
    /// The person was removed from it.
    Changed(Value),
}

impl Person {
    fn mentions(&self, v: &Value) -> bool {
        match v {
            Value::String(s) => self.ids.iter().any(|id| s.contains(id.as_str())),
            Value::Array(items) => items.iter().any(|i| self.mentions(i)),
            Value::Object(map) => map.values().any(|i| self.mentions(i)),
            _ => false,
        }
    }

    /// Replaces every identifier and text of the person inside strings.
    fn redact(&self, v: &mut Value) -> bool {
        match v {
            Value::String(s) => {
                let mut changed = false;
                for needle in self.ids.iter().chain(&self.texts) {
                    if !needle.is_empty() && s.contains(needle.as_str()) {
                        *s = s.replace(needle.as_str(), ERASED);
                        changed = true;
                    }
                }
                changed
            }
            Value::Array(items) => items.iter_mut().fold(false, |c, i| self.redact(i) | c),
            Value::Object(map) => map.values_mut().fold(false, |c, i| self.redact(i) | c),
            _ => false,
        }
    }

    /// Replaces the person's identifiers and texts inside a JSON document's strings.
    pub fn redact_value(&self, v: &mut Value) -> bool {
        self.redact(v)
    }

    /// Whether a string holds anything of the person (for free-text columns).
    pub fn found_in(&self, s: &str) -> bool {
        self.ids
            .iter()
            .chain(&self.texts)
            .any(|n| !n.is_empty() && s.contains(n.as_str()))
    }

    /// A free-text value with the person's data replaced.
    pub fn redact_text(&self, s: &str) -> String {
        let mut out = s.to_owned();
        for needle in self.ids.iter().chain(&self.texts) {
            if !needle.is_empty() {
                out = out.replace(needle.as_str(), ERASED);
            }
        }
        out
    }
}

/// Drops the elements of a change's value arrays that mention the person: (whether any were
/// dropped, whether the change is left with nothing of substance).
fn scrub_value(value: &mut Value, person: &Person) -> (bool, bool) {
    let Some(map) = value.as_object_mut() else {
        return (false, false);
    };
    let mut removed = false;
    let mut left = false;
    for (key, item) in map.iter_mut() {
        if let Value::Array(items) = item {
            let before = items.len();
            items.retain(|i| !person.mentions(i));
            removed |= items.len() != before;
            // `contacts` only describes the senders of the other arrays' elements: a change
            // left with contacts alone says nothing.
            left |= !items.is_empty() && key != "contacts";
        }
    }
    (removed, removed && !left)
}

/// Scrubs a webhook payload (`{object, entry: [{changes: [{field, value}]}]}`).
pub fn scrub_payload(payload: &str, person: &Person) -> Scrubbed {
    let Ok(mut doc) = serde_json::from_str::<Value>(payload) else {
        // Not JSON (never stored so, but be safe): keep it only if it is clean.
        return if person.found_in(payload) {
            Scrubbed::Remove
        } else {
            Scrubbed::Unchanged
        };
    };
    let mut changed = false;
    if let Some(entries) = doc.get_mut("entry").and_then(Value::as_array_mut) {
        for entry in entries.iter_mut() {
            if let Some(changes) = entry.get_mut("changes").and_then(Value::as_array_mut) {
                let before = changes.len();
                changes.retain_mut(|change| {
                    let Some(value) = change.get_mut("value") else {
                        return true;
                    };
                    let (removed, emptied) = scrub_value(value, person);
                    changed |= removed;
                    !emptied
                });
                changed |= changes.len() != before;
            }
        }
        let before = entries.len();
        entries.retain(|e| {
            e.get("changes")
                .and_then(Value::as_array)
                .is_none_or(|c| !c.is_empty())
        });
        changed |= entries.len() != before;
        if entries.is_empty() {
            return Scrubbed::Remove;
        }
    }
    changed |= person.redact(&mut doc);
    if changed {
        Scrubbed::Changed(doc)
    } else {
        Scrubbed::Unchanged
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn person() -> Person {
        Person {
            ids: vec!["16505551234".into(), "wamid.THEIRS".into()],
            texts: vec!["Sheena Nelson".into(), "my secret order".into()],
        }
    }

    fn payload(value: Value) -> String {
        json!({"object": "whatsapp_business_account",
               "entry": [{"id": "1", "changes": [{"field": "messages", "value": value}]}]})
        .to_string()
    }

    #[test]
    fn a_payload_only_about_them_is_removed() {
        let p = payload(json!({
            "messaging_product": "whatsapp",
            "metadata": {"phone_number_id": "1"},
            "contacts": [{"profile": {"name": "Sheena Nelson"}, "wa_id": "16505551234"}],
            "messages": [{"from": "16505551234", "id": "wamid.THEIRS", "type": "text",
                          "text": {"body": "my secret order"}}]
        }));
        assert_eq!(scrub_payload(&p, &person()), Scrubbed::Remove);
        let status = payload(json!({
            "statuses": [{"id": "wamid.THEIRS", "status": "read", "recipient_id": "16505551234"}]
        }));
        assert_eq!(scrub_payload(&status, &person()), Scrubbed::Remove);
    }

    #[test]
    fn others_in_the_same_payload_are_kept() {
        let p = payload(json!({
            "contacts": [{"profile": {"name": "Sheena Nelson"}, "wa_id": "16505551234"},
                         {"profile": {"name": "Bob"}, "wa_id": "4470000000"}],
            "messages": [{"from": "16505551234", "id": "wamid.THEIRS", "text": {"body": "my secret order"}},
                         {"from": "4470000000", "id": "wamid.BOB", "text": {"body": "Sheena Nelson told me"}}]
        }));
        let Scrubbed::Changed(doc) = scrub_payload(&p, &person()) else {
            panic!("expected a change");
        };
        let value = &doc["entry"][0]["changes"][0]["value"];
        assert_eq!(value["contacts"].as_array().unwrap().len(), 1);
        assert_eq!(value["messages"][0]["id"], "wamid.BOB");
        assert_eq!(value["messages"][0]["text"]["body"], "[erased] told me");
        let text = doc.to_string();
        assert!(!person().found_in(&text), "{text}");
    }

    #[test]
    fn a_change_left_with_contacts_only_is_removed() {
        let only_statuses = Person {
            ids: vec!["wamid.THEIRS".into()],
            texts: Vec::new(),
        };
        let p = payload(json!({
            "contacts": [{"profile": {"name": "Sheena Nelson"}, "wa_id": "16505551234"}],
            "statuses": [{"id": "wamid.THEIRS", "status": "delivered", "recipient_id": "16505551234"}]
        }));
        assert_eq!(scrub_payload(&p, &only_statuses), Scrubbed::Remove);
    }

    #[test]
    fn unrelated_payloads_are_unchanged() {
        let p = payload(json!({"messages": [{"from": "4470000000", "id": "wamid.BOB"}]}));
        assert_eq!(scrub_payload(&p, &person()), Scrubbed::Unchanged);
        assert_eq!(scrub_payload("not json", &person()), Scrubbed::Unchanged);
        assert_eq!(
            scrub_payload("not json but 16505551234", &person()),
            Scrubbed::Remove
        );
    }

    #[test]
    fn free_text_is_redacted() {
        assert_eq!(
            person().redact_text("Recipient 16505551234 is not on WhatsApp"),
            "Recipient [erased] is not on WhatsApp"
        );
    }
}

//! Bodies are stored redacted and truncated: JSON fields that hold secrets are replaced, an
//! `access_token=` query parameter inside any text (e.g. Meta's `paging.next` URLs) is cut
//! out, and the result is kept to [`MAX_BODY`] bytes.

use serde_json::Value;

/// Longest body stored in the call log.
pub const MAX_BODY: usize = 16 * 1024;

const REDACTED: &str = "[redacted]";

fn secret_key(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    matches!(
        key.as_str(),
        "access_token" | "token" | "password" | "secret" | "verify_token" | "app_secret"
    ) || key.ends_with("_token")
        || key.ends_with("_secret")
        || key.ends_with("_password")
}

fn redact_value(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                if secret_key(key) && !v.is_null() {
                    *v = Value::String(REDACTED.to_owned());
                } else {
                    redact_value(v);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(redact_value),
        Value::String(s) if s.contains("access_token=") => *s = redact_query_tokens(s),
        _ => {}
    }
}

/// Replaces the value of every `access_token=` parameter in `text`.
fn redact_query_tokens(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("access_token=") {
        let (head, tail) = rest.split_at(at + "access_token=".len());
        out.push_str(head);
        out.push_str(REDACTED);
        let end = tail
            .find(['&', '"', '\'', ' ', '\n', '#'])
            .unwrap_or(tail.len());
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

/// A body ready to store: secrets redacted, then cut to [`MAX_BODY`] bytes.
pub fn body(text: &str) -> String {
    let redacted = match serde_json::from_str::<Value>(text) {
        Ok(mut json) if json.is_object() || json.is_array() => {
            redact_value(&mut json);
            json.to_string()
        }
        _ => redact_query_tokens(text),
    };
    truncate(redacted, MAX_BODY)
}

/// Cuts `text` to at most `max` bytes on a character boundary, saying so.
pub fn truncate(mut text: String, max: usize) -> String {
    if text.len() <= max {
        return text;
    }
    let total = text.len();
    let mut cut = max;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    text.truncate(cut);
    text.push_str(&format!("… (truncated, {total} bytes)"));
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_fields_are_redacted_at_any_depth() {
        let got = body(
            r#"{"access_token":"EAAG1","nested":{"Password":"p","list":[{"token":"t"}]},"verify_token":"v","name":"ok"}"#,
        );
        for secret in ["EAAG1", "\"p\"", "\"t\"", "\"v\""] {
            assert!(!got.contains(secret), "{got}");
        }
        assert!(got.contains("\"name\":\"ok\""), "{got}");
    }

    #[test]
    fn tokens_in_urls_and_plain_text_are_cut_out() {
        let got = body(
            r#"{"paging":{"next":"https://graph/v23.0/1/message_templates?access_token=EAAG2&after=X"}}"#,
        );
        assert!(!got.contains("EAAG2"), "{got}");
        assert!(got.contains("after=X"), "{got}");
        let got = body("error at /x?access_token=EAAG3&y=1");
        assert_eq!(got, "error at /x?access_token=[redacted]&y=1");
    }

    #[test]
    fn long_bodies_are_truncated_on_a_character_boundary() {
        let long = "é".repeat(MAX_BODY);
        let got = body(&long);
        assert!(got.len() <= MAX_BODY + 40);
        assert!(got.ends_with(&format!("(truncated, {} bytes)", long.len())));
    }
}

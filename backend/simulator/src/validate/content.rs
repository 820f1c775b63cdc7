//! Text, location, contacts and reaction objects of send requests.

use serde_json::Value;

use super::util::{array, max_len, number, object, opt_bool, opt_str, req_str};
use crate::errors::ApiError;

/// Text body limit.
pub(crate) const TEXT_MAX: usize = 4096;

/// `{"body": "...", "preview_url": bool}`.
pub(crate) fn text(obj: &Value) -> Result<(), ApiError> {
    let body = req_str(obj, "body", "text")?;
    max_len(body, TEXT_MAX, "text.body")?;
    opt_bool(obj, "preview_url", "text")?;
    Ok(())
}

/// `{"latitude", "longitude", "name"?, "address"?}`.
pub(crate) fn location(obj: &Value) -> Result<(), ApiError> {
    let lat = number(obj, "latitude", "location")?;
    let long = number(obj, "longitude", "location")?;
    if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&long) {
        return Err(ApiError::InvalidParameter(
            "Param location latitude/longitude out of range.".into(),
        ));
    }
    if let Some(name) = opt_str(obj, "name", "location")? {
        max_len(name, 1000, "location.name")?;
    }
    if let Some(address) = opt_str(obj, "address", "location")? {
        max_len(address, 1000, "location.address")?;
    }
    Ok(())
}

/// The `contacts` array: 1 to 5 cards, each with `name.formatted_name`.
pub(crate) fn contacts(body: &Value) -> Result<(), ApiError> {
    let cards = array(body, "contacts", "")?;
    if cards.is_empty() || cards.len() > 5 {
        return Err(ApiError::InvalidParameter(format!(
            "Param contacts must contain 1 to 5 contacts, got {}.",
            cards.len()
        )));
    }
    for (i, card) in cards.iter().enumerate() {
        let path = format!("contacts[{i}]");
        let name = object(card, "name", &path)?;
        req_str(name, "formatted_name", &format!("{path}.name"))?;
        for list in ["phones", "emails", "urls", "addresses"] {
            if let Some(v) = card.get(list)
                && !v.is_array()
            {
                return Err(ApiError::InvalidParameter(format!(
                    "Param {path}.{list} must be an array."
                )));
            }
        }
    }
    Ok(())
}

/// `{"message_id", "emoji"}`; an empty emoji removes the reaction.
/// Returns (message_id, emoji).
pub(crate) fn reaction(obj: &Value) -> Result<(String, String), ApiError> {
    let message_id = req_str(obj, "message_id", "reaction")?;
    let emoji = match obj.get("emoji") {
        None | Some(Value::Null) => {
            return Err(ApiError::MissingParameter(
                "The parameter reaction.emoji is required (use \"\" to remove a reaction).".into(),
            ));
        }
        Some(Value::String(s)) => s.clone(),
        Some(_) => {
            return Err(ApiError::InvalidParameter(
                "Param reaction.emoji must be a string.".into(),
            ));
        }
    };
    if emoji.chars().count() > 10 {
        return Err(ApiError::InvalidParameter(
            "Param reaction.emoji must be a single emoji.".into(),
        ));
    }
    Ok((message_id.to_string(), emoji))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn text_limits() {
        assert!(text(&json!({"body": "hi", "preview_url": true})).is_ok());
        assert_eq!(
            text(&json!({"body": ""})).map_err(|e| e.code()),
            Err(131_008)
        );
        let long = "é".repeat(4097);
        assert_eq!(
            text(&json!({ "body": long })).map_err(|e| e.code()),
            Err(100)
        );
        assert!(text(&json!({"body": "é".repeat(4096)})).is_ok());
        assert!(text(&json!({"body": "x", "preview_url": "yes"})).is_err());
    }

    #[test]
    fn reaction_removal_is_allowed() {
        assert!(reaction(&json!({"message_id": "wamid.X", "emoji": ""})).is_ok());
        assert!(reaction(&json!({"message_id": "wamid.X"})).is_err());
    }

    #[test]
    fn contacts_need_formatted_name() {
        assert!(contacts(&json!({"contacts": [{"name": {"formatted_name": "A B"}}]})).is_ok());
        assert!(contacts(&json!({"contacts": [{"name": {}}]})).is_err());
        assert!(contacts(&json!({"contacts": []})).is_err());
    }
}

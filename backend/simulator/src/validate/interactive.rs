//! Interactive messages: reply buttons, lists and CTA URL buttons
//! (CLOUD_API.md §6.1).

use std::collections::HashSet;

use serde_json::Value;

use super::util::{array, http_url, max_len, object, opt_object, opt_str, req_str};
use crate::errors::ApiError;

const BODY_MAX: usize = 1024;
const LIST_BODY_MAX: usize = 4096;
const HEADER_TEXT_MAX: usize = 60;
const FOOTER_MAX: usize = 60;
const BUTTON_TITLE_MAX: usize = 20;
const BUTTON_ID_MAX: usize = 256;
const LIST_BUTTON_MAX: usize = 20;
const ROW_ID_MAX: usize = 200;
const ROW_TITLE_MAX: usize = 24;
const ROW_DESCRIPTION_MAX: usize = 72;
const SECTION_TITLE_MAX: usize = 24;
const MAX_SECTIONS: usize = 10;
const MAX_ROWS: usize = 10;

/// Interactive types the simulator accepts without detailed checks.
const OTHER_TYPES: &[&str] = &[
    "product",
    "product_list",
    "catalog_message",
    "flow",
    "address_message",
    "location_request_message",
    "call_permission_request",
    "contact_request",
];

/// Validates the `interactive` object.
pub(crate) fn validate(obj: &Value) -> Result<(), ApiError> {
    let kind = req_str(obj, "type", "interactive")?;
    match kind {
        "button" => {
            body(obj, BODY_MAX)?;
            header(obj, true)?;
            footer(obj)?;
            buttons(obj)
        }
        "list" => {
            body(obj, LIST_BODY_MAX)?;
            header(obj, false)?;
            footer(obj)?;
            list(obj)
        }
        "cta_url" => {
            body(obj, BODY_MAX)?;
            header(obj, true)?;
            footer(obj)?;
            cta_url(obj)
        }
        other if OTHER_TYPES.contains(&other) => {
            if let Some(b) = opt_object(obj, "body", "interactive")? {
                max_len(
                    req_str(b, "text", "interactive.body")?,
                    BODY_MAX,
                    "interactive.body.text",
                )?;
            }
            Ok(())
        }
        other => Err(ApiError::InvalidParameter(format!(
            "Param interactive.type '{other}' is invalid. Expected one of button, list, cta_url, {}.",
            OTHER_TYPES.join(", ")
        ))),
    }
}

fn body(obj: &Value, max: usize) -> Result<(), ApiError> {
    let b = object(obj, "body", "interactive")?;
    let text = req_str(b, "text", "interactive.body")?;
    max_len(text, max, "interactive.body.text")
}

fn footer(obj: &Value) -> Result<(), ApiError> {
    if let Some(f) = opt_object(obj, "footer", "interactive")? {
        let text = req_str(f, "text", "interactive.footer")?;
        max_len(text, FOOTER_MAX, "interactive.footer.text")?;
    }
    Ok(())
}

fn header(obj: &Value, media_allowed: bool) -> Result<(), ApiError> {
    let Some(h) = opt_object(obj, "header", "interactive")? else {
        return Ok(());
    };
    let kind = req_str(h, "type", "interactive.header")?;
    match kind {
        "text" => {
            let text = req_str(h, "text", "interactive.header")?;
            max_len(text, HEADER_TEXT_MAX, "interactive.header.text")
        }
        "image" | "video" | "document" if media_allowed => {
            let m = object(h, kind, "interactive.header")?;
            let id = opt_str(m, "id", kind)?;
            let link = opt_str(m, "link", kind)?;
            match (id, link) {
                (None, None) => Err(ApiError::MissingParameter(format!(
                    "The parameter interactive.header.{kind}.id or link is required."
                ))),
                (_, Some(l)) => http_url(l, &format!("interactive.header.{kind}.link")),
                (Some(_), None) => Ok(()),
            }
        }
        other => Err(ApiError::InvalidParameter(format!(
            "Param interactive.header.type '{other}' is not allowed here."
        ))),
    }
}

fn buttons(obj: &Value) -> Result<(), ApiError> {
    let action = object(obj, "action", "interactive")?;
    let list = array(action, "buttons", "interactive.action")?;
    if list.is_empty() || list.len() > 3 {
        return Err(ApiError::InvalidParameter(format!(
            "Param interactive.action.buttons must have 1 to 3 buttons, got {}.",
            list.len()
        )));
    }
    let mut ids = HashSet::new();
    let mut titles = HashSet::new();
    for (i, button) in list.iter().enumerate() {
        let path = format!("interactive.action.buttons[{i}]");
        let kind = req_str(button, "type", &path)?;
        if kind != "reply" {
            return Err(ApiError::InvalidParameter(format!(
                "Param {path}.type must be 'reply'."
            )));
        }
        let reply = object(button, "reply", &path)?;
        let id = req_str(reply, "id", &format!("{path}.reply"))?;
        max_len(id, BUTTON_ID_MAX, &format!("{path}.reply.id"))?;
        let title = req_str(reply, "title", &format!("{path}.reply"))?;
        max_len(title, BUTTON_TITLE_MAX, &format!("{path}.reply.title"))?;
        if !ids.insert(id.to_string()) || !titles.insert(title.to_string()) {
            return Err(ApiError::InvalidParameter(
                "Button ids and titles must be unique.".into(),
            ));
        }
    }
    Ok(())
}

fn list(obj: &Value) -> Result<(), ApiError> {
    let action = object(obj, "action", "interactive")?;
    let button = req_str(action, "button", "interactive.action")?;
    max_len(button, LIST_BUTTON_MAX, "interactive.action.button")?;
    let sections = array(action, "sections", "interactive.action")?;
    if sections.is_empty() || sections.len() > MAX_SECTIONS {
        return Err(ApiError::InvalidParameter(format!(
            "Param interactive.action.sections must have 1 to {MAX_SECTIONS} sections."
        )));
    }
    let mut total_rows = 0usize;
    let mut row_ids = HashSet::new();
    for (s, section) in sections.iter().enumerate() {
        let path = format!("interactive.action.sections[{s}]");
        match opt_str(section, "title", &path)? {
            Some(t) => max_len(t, SECTION_TITLE_MAX, &format!("{path}.title"))?,
            None if sections.len() > 1 => {
                return Err(ApiError::MissingParameter(format!(
                    "The parameter {path}.title is required when there are several sections."
                )));
            }
            None => {}
        }
        let rows = array(section, "rows", &path)?;
        if rows.is_empty() {
            return Err(ApiError::InvalidParameter(format!(
                "Param {path}.rows must not be empty."
            )));
        }
        for (r, row) in rows.iter().enumerate() {
            let rpath = format!("{path}.rows[{r}]");
            let id = req_str(row, "id", &rpath)?;
            max_len(id, ROW_ID_MAX, &format!("{rpath}.id"))?;
            let title = req_str(row, "title", &rpath)?;
            max_len(title, ROW_TITLE_MAX, &format!("{rpath}.title"))?;
            if let Some(d) = opt_str(row, "description", &rpath)? {
                max_len(d, ROW_DESCRIPTION_MAX, &format!("{rpath}.description"))?;
            }
            if !row_ids.insert(id.to_string()) {
                return Err(ApiError::InvalidParameter("Row ids must be unique.".into()));
            }
        }
        total_rows += rows.len();
    }
    if total_rows > MAX_ROWS {
        return Err(ApiError::InvalidParameter(format!(
            "Total row count exceeded. Max {MAX_ROWS}, got {total_rows}."
        )));
    }
    Ok(())
}

fn cta_url(obj: &Value) -> Result<(), ApiError> {
    let action = object(obj, "action", "interactive")?;
    let name = req_str(action, "name", "interactive.action")?;
    if name != "cta_url" {
        return Err(ApiError::InvalidParameter(
            "Param interactive.action.name must be 'cta_url'.".into(),
        ));
    }
    let params = object(action, "parameters", "interactive.action")?;
    let text = req_str(params, "display_text", "interactive.action.parameters")?;
    max_len(
        text,
        BUTTON_TITLE_MAX,
        "interactive.action.parameters.display_text",
    )?;
    let url = req_str(params, "url", "interactive.action.parameters")?;
    http_url(url, "interactive.action.parameters.url")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn buttons_msg(n: usize, title: &str) -> Value {
        let list: Vec<Value> = (0..n)
            .map(|i| json!({"type": "reply", "reply": {"id": format!("b{i}"), "title": format!("{title}{i}")}}))
            .collect();
        json!({"type": "button", "body": {"text": "Pick"}, "action": {"buttons": list}})
    }

    #[test]
    fn button_counts_and_titles() {
        assert!(validate(&buttons_msg(3, "Yes")).is_ok());
        assert!(validate(&buttons_msg(4, "Yes")).is_err());
        assert!(validate(&buttons_msg(0, "Yes")).is_err());
        assert!(validate(&buttons_msg(1, &"x".repeat(20))).is_err());
    }

    #[test]
    fn list_row_limits() {
        let rows: Vec<Value> = (0..11)
            .map(|i| json!({"id": format!("r{i}"), "title": "Row"}))
            .collect();
        let msg = json!({"type": "list", "body": {"text": "b"},
            "action": {"button": "Open", "sections": [{"title": "S", "rows": rows}]}});
        assert!(validate(&msg).is_err());
    }

    #[test]
    fn cta_url_needs_url() {
        let ok = json!({"type": "cta_url", "body": {"text": "b"},
            "action": {"name": "cta_url", "parameters": {"display_text": "Open", "url": "https://example.com"}}});
        assert!(validate(&ok).is_ok());
        let bad = json!({"type": "cta_url", "body": {"text": "b"},
            "action": {"name": "cta_url", "parameters": {"display_text": "Open", "url": "nope"}}});
        assert!(validate(&bad).is_err());
    }
}

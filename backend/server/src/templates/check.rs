//! The check before a template message is queued: the template exists for the number in that
//! language, is approved, and the message fills exactly its placeholders (by position, or by
//! name for `NAMED` templates) with a header parameter of the right kind. Meta would refuse
//! the send otherwise (132001, 132000, 132012) — after the message was accepted by us.

use super::parameters::TemplateParameters;
use super::store;
use crate::db::Conn;
use crate::error::ApiError;
use whatsapp_cloud::send::{TemplateComponentParams, TemplateMessage, TemplateParameter};

/// Checks a template message for `account_id` of organization `org` against the synced
/// templates.
///
/// Errors (all 422): `template_not_found` (no such name in that language),
/// `template_not_approved` (its status is not `APPROVED`), `template_parameters_invalid`
/// (with one `errors[]` entry per problem, e.g. field `template.components[body].parameters`).
pub fn check_send(
    conn: &mut Conn,
    org: i64,
    account_id: i64,
    template: &TemplateMessage,
) -> Result<(), ApiError> {
    let Some(row) = store::find(
        conn,
        org,
        account_id,
        &template.name,
        &template.language.code,
    )?
    else {
        return Err(ApiError::unprocessable(
            "template_not_found",
            format!(
                "This number has no template `{}` in language `{}`; sync the templates if it was created recently.",
                template.name, template.language.code
            ),
        )
        .field("template.name", "no template with this name and language"));
    };
    if row.status != "APPROVED" {
        return Err(ApiError::unprocessable(
            "template_not_approved",
            format!(
                "Template `{}` ({}) is {}; only approved templates can be sent.",
                row.name, row.language, row.status
            ),
        )
        .field("template.name", format!("status is {}", row.status)));
    }
    let named = row
        .parameter_format
        .as_deref()
        .is_some_and(|f| f.eq_ignore_ascii_case("NAMED"));
    let problems = check_parameters(
        &TemplateParameters::of_json(&row.components),
        named,
        template,
    );
    if problems.is_empty() {
        return Ok(());
    }
    let mut err = ApiError::unprocessable(
        "template_parameters_invalid",
        format!(
            "The parameters do not match template `{}` ({}).",
            row.name, row.language
        ),
    );
    for (field, message) in problems {
        err = err.field(field, message);
    }
    Err(err)
}

type Problem = (String, String);

fn list(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("{{{{{n}}}}}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn is_text_like(p: &TemplateParameter) -> bool {
    matches!(
        p,
        TemplateParameter::Text { .. }
            | TemplateParameter::Currency { .. }
            | TemplateParameter::DateTime { .. }
    )
}

fn parameter_name(p: &TemplateParameter) -> Option<&str> {
    match p {
        TemplateParameter::Text { parameter_name, .. }
        | TemplateParameter::Currency { parameter_name, .. }
        | TemplateParameter::DateTime { parameter_name, .. } => parameter_name.as_deref(),
        _ => None,
    }
}

fn kind_of(p: &TemplateParameter) -> &'static str {
    match p {
        TemplateParameter::Text { .. } => "text",
        TemplateParameter::Currency { .. } => "currency",
        TemplateParameter::DateTime { .. } => "date_time",
        TemplateParameter::Image { .. } => "image",
        TemplateParameter::Video { .. } => "video",
        TemplateParameter::Document { .. } => "document",
        TemplateParameter::Payload { .. } => "payload",
    }
}

/// Text parameters against placeholders: by count and order, or by name.
fn check_text(
    field: &str,
    placeholders: &[String],
    params: &[TemplateParameter],
    named: bool,
    out: &mut Vec<Problem>,
) {
    let field = format!("{field}.parameters");
    if let Some(bad) = params.iter().find(|p| !is_text_like(p)) {
        out.push((
            field,
            format!(
                "a `{}` parameter cannot fill a text placeholder",
                kind_of(bad)
            ),
        ));
        return;
    }
    if named {
        let mut given: Vec<&str> = Vec::new();
        for p in params {
            match parameter_name(p) {
                None => {
                    out.push((
                        field.clone(),
                        "every parameter of a NAMED template needs `parameter_name`".into(),
                    ));
                    return;
                }
                Some(name) if given.contains(&name) => {
                    out.push((field.clone(), format!("`{name}` is given twice")));
                    return;
                }
                Some(name) => given.push(name),
            }
        }
        let missing: Vec<String> = placeholders
            .iter()
            .filter(|n| !given.contains(&n.as_str()))
            .cloned()
            .collect();
        let unknown: Vec<String> = given
            .iter()
            .filter(|g| !placeholders.iter().any(|p| p == *g))
            .map(|g| (*g).to_owned())
            .collect();
        if !missing.is_empty() {
            out.push((field.clone(), format!("missing {}", list(&missing))));
        }
        if !unknown.is_empty() {
            out.push((
                field,
                format!(
                    "the template has no {} (expected {})",
                    list(&unknown),
                    if placeholders.is_empty() {
                        "no parameters".to_owned()
                    } else {
                        list(placeholders)
                    }
                ),
            ));
        }
    } else if params.len() != placeholders.len() {
        out.push((
            field,
            format!(
                "expected {} parameter(s){}, got {}",
                placeholders.len(),
                if placeholders.is_empty() {
                    String::new()
                } else {
                    format!(" for {}", list(placeholders))
                },
                params.len()
            ),
        ));
    }
}

fn check_header(
    spec: &TemplateParameters,
    given: Option<&TemplateComponentParams>,
    named: bool,
    out: &mut Vec<Problem>,
) {
    const FIELD: &str = "template.components[header]";
    let params = given.map_or(&[][..], |c| c.parameters.as_slice());
    let Some(header) = &spec.header else {
        if given.is_some() {
            out.push((FIELD.into(), "the template has no header to fill".into()));
        }
        return;
    };
    let wanted = match header.format.as_str() {
        "TEXT" => {
            check_text(FIELD, &header.placeholders, params, named, out);
            return;
        }
        "IMAGE" => "image",
        "VIDEO" => "video",
        "DOCUMENT" => "document",
        // Location headers (and formats Meta may add) are not checked here.
        _ => return,
    };
    let ok = params.len() == 1 && kind_of(&params[0]) == wanted;
    if !ok {
        out.push((
            format!("{FIELD}.parameters"),
            format!(
                "the {} header needs exactly one `{wanted}` parameter{}",
                header.format,
                match params.first() {
                    Some(p) if params.len() == 1 => format!(", got `{}`", kind_of(p)),
                    _ => format!(", got {}", params.len()),
                }
            ),
        ));
    }
}

fn check_button(
    spec: &TemplateParameters,
    given: &TemplateComponentParams,
    out: &mut Vec<Problem>,
) {
    let raw_index = given.index.as_deref().unwrap_or_default();
    let field = format!("template.components[button {raw_index}]");
    let Some(button) = raw_index
        .parse::<usize>()
        .ok()
        .and_then(|i| spec.buttons.iter().find(|b| b.index == i))
    else {
        out.push((
            format!("{field}.index"),
            format!(
                "the template has {} button(s); `index` must be one of them",
                spec.buttons.len()
            ),
        ));
        return;
    };
    let sub_type = given.sub_type.as_deref().unwrap_or_default();
    if !sub_type.eq_ignore_ascii_case(&button.kind) {
        out.push((
            format!("{field}.sub_type"),
            format!(
                "button {} is a {} button, not `{sub_type}`",
                button.index, button.kind
            ),
        ));
        return;
    }
    let params = &given.parameters;
    match button.kind.as_str() {
        "URL" => {
            let ok = params.len() == button.placeholders.len()
                && params
                    .iter()
                    .all(|p| matches!(p, TemplateParameter::Text { .. }));
            if !ok {
                out.push((
                    format!("{field}.parameters"),
                    if button.placeholders.is_empty() {
                        "this URL button is static and takes no parameter".to_owned()
                    } else {
                        "this URL button needs one `text` parameter: the end of its URL".to_owned()
                    },
                ));
            }
        }
        "QUICK_REPLY" => {
            let ok = params.len() <= 1
                && params
                    .iter()
                    .all(|p| matches!(p, TemplateParameter::Payload { .. }));
            if !ok {
                out.push((
                    format!("{field}.parameters"),
                    "a quick-reply button takes at most one `payload` parameter".into(),
                ));
            }
        }
        _ => {}
    }
}

/// Every mismatch between the message's parameters and what the template needs, as
/// (field, message) pairs; empty when the message fits.
pub fn check_parameters(
    spec: &TemplateParameters,
    named: bool,
    msg: &TemplateMessage,
) -> Vec<Problem> {
    let mut out = Vec::new();
    let mut header = None;
    let mut body = None;
    let mut buttons = Vec::new();
    for component in &msg.components {
        let kind = component.kind.to_ascii_lowercase();
        let slot = match kind.as_str() {
            "header" => &mut header,
            "body" => &mut body,
            "button" => {
                buttons.push(component);
                continue;
            }
            other => {
                out.push((
                    "template.components".into(),
                    format!("unknown component type `{other}` (header, body or button)"),
                ));
                continue;
            }
        };
        if slot.is_some() {
            out.push((
                format!("template.components[{kind}]"),
                "given more than once".into(),
            ));
        }
        *slot = Some(component);
    }
    check_header(spec, header, named, &mut out);
    check_text(
        "template.components[body]",
        &spec.body.placeholders,
        body.map_or(&[][..], |c| c.parameters.as_slice()),
        named,
        &mut out,
    );
    let mut seen: Vec<&str> = Vec::new();
    for given in &buttons {
        let index = given.index.as_deref().unwrap_or_default();
        if seen.contains(&index) {
            out.push((
                format!("template.components[button {index}]"),
                "given more than once".into(),
            ));
            continue;
        }
        seen.push(index);
        check_button(spec, given, &mut out);
    }
    for button in &spec.buttons {
        if !button.placeholders.is_empty() && !seen.contains(&button.index.to_string().as_str()) {
            out.push((
                format!("template.components[button {}].parameters", button.index),
                "this URL button needs one `text` parameter: the end of its URL".into(),
            ));
        }
    }
    out
}

#[cfg(test)]
#[path = "check_tests.rs"]
mod tests;

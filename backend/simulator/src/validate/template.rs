//! Template sends: request syntax, and the check against the registered
//! template (parameter counts and kinds, CLOUD_API.md §6.2 and §8).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::util::{array, object, opt_str, req_str};
use crate::errors::ApiError;
use crate::model::Template;

/// The `template` object of a send request.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TemplateRef {
    pub name: String,
    pub language: String,
    pub components: Vec<Value>,
}

/// A `{{...}}` placeholder.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Placeholder {
    Positional(u32),
    Named(String),
}

/// Placeholders in a text, deduplicated, in order of first appearance.
pub(crate) fn placeholders(text: &str) -> Vec<Placeholder> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else { break };
        let inner = after[..end].trim();
        if !inner.is_empty() {
            let p = match inner.parse::<u32>() {
                Ok(n) => Placeholder::Positional(n),
                Err(_) => Placeholder::Named(inner.to_string()),
            };
            if !out.contains(&p) {
                out.push(p);
            }
        }
        rest = &after[end + 2..];
    }
    out
}

/// `NAMED` when any header/body placeholder is a name, else `POSITIONAL`.
pub(crate) fn infer_parameter_format(components: &[Value]) -> &'static str {
    let named = components.iter().any(|c| {
        c.get("text").and_then(Value::as_str).is_some_and(|t| {
            placeholders(t)
                .iter()
                .any(|p| matches!(p, Placeholder::Named(_)))
        })
    });
    if named { "NAMED" } else { "POSITIONAL" }
}

/// Syntax of the `template` object.
pub(crate) fn parse(obj: &Value) -> Result<TemplateRef, ApiError> {
    let name = req_str(obj, "name", "template")?;
    let language = object(obj, "language", "template")?;
    let code = req_str(language, "code", "template.language")?;
    if let Some(policy) = opt_str(language, "policy", "template.language")?
        && policy != "deterministic"
    {
        return Err(ApiError::InvalidParameter(
            "Param template.language.policy must be 'deterministic'.".into(),
        ));
    }
    let components = match obj.get("components") {
        None | Some(Value::Null) => Vec::new(),
        Some(_) => array(obj, "components", "template")?.clone(),
    };
    for (i, c) in components.iter().enumerate() {
        let path = format!("template.components[{i}]");
        let kind = req_str(c, "type", &path)?.to_ascii_lowercase();
        if !matches!(
            kind.as_str(),
            "header" | "body" | "button" | "footer" | "carousel" | "limited_time_offer"
        ) {
            return Err(ApiError::InvalidParameter(format!(
                "Param {path}.type '{kind}' is invalid."
            )));
        }
        let params = match c.get("parameters") {
            None | Some(Value::Null) => &[][..],
            Some(_) => array(c, "parameters", &path)?.as_slice(),
        };
        for (j, p) in params.iter().enumerate() {
            parameter(p, &format!("{path}.parameters[{j}]"))?;
        }
    }
    Ok(TemplateRef {
        name: name.to_string(),
        language: code.to_string(),
        components,
    })
}

fn parameter(p: &Value, path: &str) -> Result<(), ApiError> {
    let kind = req_str(p, "type", path)?;
    match kind {
        "text" => {
            req_str(p, "text", path)?;
        }
        "payload" => {
            req_str(p, "payload", path)?;
        }
        "coupon_code" => {
            req_str(p, "coupon_code", path)?;
        }
        "currency" => {
            let c = object(p, "currency", path)?;
            req_str(c, "fallback_value", &format!("{path}.currency"))?;
            req_str(c, "code", &format!("{path}.currency"))?;
            if !c.get("amount_1000").is_some_and(Value::is_number) {
                return Err(ApiError::MissingParameter(format!(
                    "The parameter {path}.currency.amount_1000 is required."
                )));
            }
        }
        "date_time" => {
            let d = object(p, "date_time", path)?;
            req_str(d, "fallback_value", &format!("{path}.date_time"))?;
        }
        "image" | "video" | "document" => {
            let m = object(p, kind, path)?;
            let id = opt_str(m, "id", path)?;
            let link = opt_str(m, "link", path)?;
            if id.is_none() && link.is_none() {
                return Err(ApiError::MissingParameter(format!(
                    "The parameter {path}.{kind}.id or link is required."
                )));
            }
        }
        "location" => {
            object(p, "location", path)?;
        }
        "action" | "product" | "limited_time_offer" => {}
        other => {
            return Err(ApiError::InvalidParameter(format!(
                "Param {path}.type '{other}' is invalid."
            )));
        }
    }
    Ok(())
}

/// Parameters of the request grouped by component.
#[derive(Default)]
struct Given<'a> {
    header: Vec<&'a Value>,
    body: Vec<&'a Value>,
    buttons: BTreeMap<usize, Vec<&'a Value>>,
}

fn group(components: &[Value]) -> Result<Given<'_>, ApiError> {
    let mut g = Given::default();
    for c in components {
        let kind = c
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_ascii_lowercase();
        let params: Vec<&Value> = c
            .get("parameters")
            .and_then(Value::as_array)
            .map(|a| a.iter().collect())
            .unwrap_or_default();
        match kind.as_str() {
            "header" => g.header.extend(params),
            "body" => g.body.extend(params),
            "button" => {
                let index = match c.get("index") {
                    Some(Value::String(s)) => s.trim().parse::<usize>().ok(),
                    Some(Value::Number(n)) => n.as_u64().and_then(|n| usize::try_from(n).ok()),
                    _ => None,
                }
                .ok_or_else(|| {
                    ApiError::MissingParameter(
                        "The parameter template.components[].index is required for buttons.".into(),
                    )
                })?;
                req_str(c, "sub_type", "template.components[]")?;
                g.buttons.entry(index).or_default().extend(params);
            }
            _ => {}
        }
    }
    Ok(g)
}

fn param_type(p: &Value) -> &str {
    p.get("type").and_then(Value::as_str).unwrap_or_default()
}

/// Compares text parameters with the placeholders of `text`.
fn check_text(
    what: &str,
    text: &str,
    given: &[&Value],
    named_format: bool,
) -> Result<(), ApiError> {
    let expected = placeholders(text);
    if given.len() != expected.len() {
        return Err(ApiError::TemplateParamCount(format!(
            "{what}: number of localizable_params ({}) does not match the expected number of params ({})",
            given.len(),
            expected.len()
        )));
    }
    for p in given {
        if !matches!(param_type(p), "text" | "currency" | "date_time") {
            return Err(ApiError::TemplateParamFormat(format!(
                "{what}: parameter of type '{}' is not allowed here, expected text",
                param_type(p)
            )));
        }
    }
    if named_format {
        let want: BTreeSet<String> = expected
            .iter()
            .filter_map(|p| match p {
                Placeholder::Named(n) => Some(n.clone()),
                Placeholder::Positional(_) => None,
            })
            .collect();
        let got: BTreeSet<String> = given
            .iter()
            .filter_map(|p| p.get("parameter_name").and_then(Value::as_str))
            .map(str::to_string)
            .collect();
        if want != got {
            return Err(ApiError::TemplateParamCount(format!(
                "{what}: named parameters {got:?} do not match the template's {want:?}"
            )));
        }
    }
    Ok(())
}

/// Checks a send against the registered template. Returns the category in
/// lowercase (for `pricing.category`).
pub(crate) fn check(template: &Template, req: &TemplateRef) -> Result<String, ApiError> {
    match template.status.as_str() {
        "APPROVED" => {}
        "PAUSED" => {
            return Err(ApiError::TemplatePaused(format!(
                "Template {} is paused due to low quality",
                template.name
            )));
        }
        "DISABLED" => {
            return Err(ApiError::TemplateDisabled(format!(
                "Template {} is disabled",
                template.name
            )));
        }
        other => {
            return Err(ApiError::TemplateNotFound(format!(
                "template name ({}) is not approved in {} (status {other})",
                template.name, template.language
            )));
        }
    }
    let named = template.parameter_format == "NAMED";
    let given = group(&req.components)?;

    match template.component("HEADER") {
        Some(h) => {
            let format = h
                .get("format")
                .and_then(Value::as_str)
                .unwrap_or("TEXT")
                .to_ascii_lowercase();
            if format == "text" {
                let text = h.get("text").and_then(Value::as_str).unwrap_or_default();
                check_text("header", text, &given.header, named)?;
            } else {
                if given.header.len() != 1 {
                    return Err(ApiError::TemplateParamCount(format!(
                        "header: expected 1 {format} parameter, got {}",
                        given.header.len()
                    )));
                }
                let got = given
                    .header
                    .first()
                    .map(|p| param_type(p))
                    .unwrap_or_default();
                if got != format {
                    return Err(ApiError::TemplateParamFormat(format!(
                        "header: expected a {format} parameter, got {got}"
                    )));
                }
            }
        }
        None if !given.header.is_empty() => {
            return Err(ApiError::TemplateParamCount(format!(
                "header: number of localizable_params ({}) does not match the expected number of params (0)",
                given.header.len()
            )));
        }
        None => {}
    }

    let body = template.component_text("BODY").unwrap_or_default();
    check_text("body", body, &given.body, named)?;

    let buttons: Vec<&Value> = template
        .component("BUTTONS")
        .and_then(|c| c.get("buttons"))
        .and_then(Value::as_array)
        .map(|a| a.iter().collect())
        .unwrap_or_default();
    for index in given.buttons.keys() {
        if *index >= buttons.len() {
            return Err(ApiError::TemplateParamCount(format!(
                "button at index {index} does not exist in the template"
            )));
        }
    }
    for (index, button) in buttons.iter().enumerate() {
        let kind = button
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_ascii_uppercase();
        let dynamic = kind == "URL"
            && button
                .get("url")
                .and_then(Value::as_str)
                .is_some_and(|u| !placeholders(u).is_empty());
        let got = given.buttons.get(&index).map(Vec::len).unwrap_or(0);
        if dynamic && got != 1 {
            return Err(ApiError::TemplateParamCount(format!(
                "button {index}: URL button expects 1 parameter, got {got}"
            )));
        }
        if !dynamic && kind == "URL" && got > 0 {
            return Err(ApiError::TemplateParamCount(format!(
                "button {index}: static URL button takes no parameters"
            )));
        }
    }
    Ok(template.category.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn template(body: &str, format: &str) -> Template {
        Template {
            id: "1".into(),
            waba_id: "w".into(),
            name: "t".into(),
            language: "en_US".into(),
            category: "UTILITY".into(),
            status: "APPROVED".into(),
            parameter_format: format.into(),
            components: vec![json!({"type": "BODY", "text": body})],
        }
    }

    fn req(params: Vec<Value>) -> TemplateRef {
        TemplateRef {
            name: "t".into(),
            language: "en_US".into(),
            components: vec![json!({"type": "body", "parameters": params})],
        }
    }

    #[test]
    fn counts_placeholders() {
        assert_eq!(placeholders("Hi {{1}}, {{2}} and {{1}}").len(), 2);
        assert_eq!(
            placeholders("Hi {{first_name}}"),
            vec![Placeholder::Named("first_name".into())]
        );
        assert!(placeholders("no vars {{").is_empty());
    }

    #[test]
    fn positional_count_must_match() {
        let t = template("Hi {{1}}, code {{2}}", "POSITIONAL");
        let two = req(vec![
            json!({"type": "text", "text": "A"}),
            json!({"type": "text", "text": "B"}),
        ]);
        assert!(check(&t, &two).is_ok());
        let one = req(vec![json!({"type": "text", "text": "A"})]);
        assert_eq!(check(&t, &one).map_err(|e| e.code()), Err(132_000));
    }

    #[test]
    fn named_parameters_must_match_names() {
        let t = template("Hi {{first_name}}", "NAMED");
        let ok = req(vec![
            json!({"type": "text", "parameter_name": "first_name", "text": "A"}),
        ]);
        assert!(check(&t, &ok).is_ok());
        let bad = req(vec![
            json!({"type": "text", "parameter_name": "last_name", "text": "A"}),
        ]);
        assert_eq!(check(&t, &bad).map_err(|e| e.code()), Err(132_000));
    }

    #[test]
    fn paused_template_is_refused() {
        let mut t = template("Hi", "POSITIONAL");
        t.status = "PAUSED".into();
        assert_eq!(check(&t, &req(vec![])).map_err(|e| e.code()), Err(132_015));
    }
}

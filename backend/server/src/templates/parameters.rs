//! What a template expects to be filled in: placeholders of its header (text) or the kind of
//! media its header shows, of its body, and of its dynamic URL buttons. Derived from the
//! components Meta lists (CLOUD_API.md §8).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use whatsapp_cloud::templates::{TemplateButton, TemplateComponent};

/// The parameters a template needs when it is sent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct TemplateParameters {
    /// Absent when the template has no header.
    pub header: Option<HeaderParameters>,
    pub body: BodyParameters,
    /// Every button, in order; only `URL` buttons with a `{{1}}` in their URL take a value.
    pub buttons: Vec<ButtonParameters>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct HeaderParameters {
    /// `TEXT`, `IMAGE`, `VIDEO`, `DOCUMENT` or `LOCATION`: a media header needs one parameter
    /// of that kind.
    #[schema(example = "TEXT")]
    pub format: String,
    /// Placeholders of a text header (`1` or a name).
    pub placeholders: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct BodyParameters {
    /// Placeholders in order of first appearance: `1`, `2`, … or names for `NAMED` templates.
    pub placeholders: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ButtonParameters {
    /// Position of the button, as sent in `index`.
    pub index: usize,
    /// `QUICK_REPLY`, `URL`, `PHONE_NUMBER`, `COPY_CODE`, …
    #[serde(rename = "type")]
    #[schema(example = "URL")]
    pub kind: String,
    /// `["1"]` for a URL button whose URL ends in `{{1}}`; empty otherwise.
    pub placeholders: Vec<String>,
}

/// Placeholders of a URL button: the `{{…}}` of its `url`.
fn button_placeholders(button: &TemplateButton) -> Vec<String> {
    if !button.kind.eq_ignore_ascii_case("URL") {
        return Vec::new();
    }
    // Reuse the component parser on the URL text.
    let as_text: TemplateComponent = match serde_json::from_value(serde_json::json!({
        "type": "BUTTON",
        "text": button.url.as_deref().unwrap_or_default(),
    })) {
        Ok(c) => c,
        Err(_) => return Vec::new(),
    };
    as_text.placeholders()
}

impl TemplateParameters {
    /// The parameters of a template with these components.
    pub fn of(components: &[TemplateComponent]) -> Self {
        let mut out = Self::default();
        for component in components {
            match component.kind.to_ascii_uppercase().as_str() {
                "HEADER" if out.header.is_none() => {
                    let format = component
                        .format
                        .as_deref()
                        .unwrap_or("TEXT")
                        .to_ascii_uppercase();
                    let placeholders = if format == "TEXT" {
                        component.placeholders()
                    } else {
                        Vec::new()
                    };
                    out.header = Some(HeaderParameters {
                        format,
                        placeholders,
                    });
                }
                "BODY" => out.body.placeholders = component.placeholders(),
                "BUTTONS" => {
                    out.buttons = component
                        .buttons
                        .iter()
                        .enumerate()
                        .map(|(index, b)| ButtonParameters {
                            index,
                            kind: b.kind.to_ascii_uppercase(),
                            placeholders: button_placeholders(b),
                        })
                        .collect();
                }
                _ => {}
            }
        }
        out
    }

    /// The parameters of stored components (JSON text); none when it does not parse.
    pub fn of_json(components: &str) -> Self {
        serde_json::from_str::<Vec<TemplateComponent>>(components)
            .map(|c| Self::of(&c))
            .unwrap_or_default()
    }
}

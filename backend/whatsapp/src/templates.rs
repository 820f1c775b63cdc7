//! Message template listing models (CLOUD_API.md §8).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::common::Extra;
use crate::response::Paging;

/// One page of `GET /{waba-id}/message_templates`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TemplateList {
    /// Templates on this page.
    #[serde(default)]
    pub data: Vec<Template>,
    /// Paging; follow `next` until absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paging: Option<Paging>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A message template. The key is (`name`, `language`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Template {
    /// Template id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Template name.
    pub name: String,
    /// Language code, e.g. `en_US`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// `APPROVED`, `PENDING`, `REJECTED`, … (only approved can be sent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// `MARKETING`, `UTILITY`, `AUTHENTICATION`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// Sub-category.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_category: Option<String>,
    /// Category before a re-categorisation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_category: Option<String>,
    /// `POSITIONAL` or `NAMED`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameter_format: Option<String>,
    /// Header, body, footer, buttons.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub components: Vec<TemplateComponent>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Template {
    /// Whether the template can be sent.
    pub fn is_approved(&self) -> bool {
        self.status.as_deref() == Some("APPROVED")
    }

    /// The first component of the given type (`HEADER`, `BODY`, …).
    pub fn component(&self, kind: &str) -> Option<&TemplateComponent> {
        self.components
            .iter()
            .find(|c| c.kind.eq_ignore_ascii_case(kind))
    }
}

/// A component of a [`Template`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TemplateComponent {
    /// `HEADER`, `BODY`, `FOOTER`, `BUTTONS`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Header format: `TEXT`, `IMAGE`, `VIDEO`, `DOCUMENT`, `LOCATION`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// Text with `{{1}}` or `{{name}}` placeholders.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Example values (shape varies).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<Value>,
    /// Buttons of a `BUTTONS` component.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub buttons: Vec<TemplateButton>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

impl TemplateComponent {
    /// Distinct placeholders in `text`, in order of first appearance
    /// (`"1"`, `"2"` or names).
    pub fn placeholders(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut rest = self.text.as_deref().unwrap_or("");
        while let Some(start) = rest.find("{{") {
            let after = &rest[start + 2..];
            let Some(end) = after.find("}}") else { break };
            let name = after[..end].trim();
            let valid =
                !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            if valid && !out.iter().any(|n| n == name) {
                out.push(name.to_owned());
            }
            rest = &after[end + 2..];
        }
        out
    }
}

/// A template button definition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TemplateButton {
    /// `QUICK_REPLY`, `URL`, `PHONE_NUMBER`, `COPY_CODE`, …
    #[serde(rename = "type")]
    pub kind: String,
    /// Label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// URL (may end in `{{1}}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Phone number of call buttons.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Filters for listing templates.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TemplateQuery {
    /// Only this status, e.g. `APPROVED`.
    pub status: Option<String>,
    /// Only this name.
    pub name: Option<String>,
    /// Page size (Graph default applies when `None`).
    pub limit: Option<u32>,
    /// Comma-separated fields; defaults to the fields an inbox needs.
    pub fields: Option<String>,
}

/// Fields requested when [`TemplateQuery::fields`] is `None`.
pub const DEFAULT_TEMPLATE_FIELDS: &str =
    "id,name,language,status,category,sub_category,components,parameter_format";

//! Message templates registered per WABA.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

/// A template to register (control API body of `POST /_sim/templates`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewTemplate {
    /// Owning WABA.
    pub waba_id: String,
    /// Template name.
    pub name: String,
    /// Language code, e.g. `en_US`.
    #[serde(default = "default_language")]
    pub language: String,
    /// `MARKETING`, `UTILITY` or `AUTHENTICATION`.
    #[serde(default = "default_category")]
    pub category: String,
    /// `APPROVED`, `PENDING`, `REJECTED`, `PAUSED`, `DISABLED`...
    #[serde(default = "default_status")]
    pub status: String,
    /// `POSITIONAL` or `NAMED`; inferred from the placeholders when absent.
    #[serde(default)]
    pub parameter_format: Option<String>,
    /// Components in Meta's management shape (`HEADER`, `BODY`, `FOOTER`,
    /// `BUTTONS`).
    #[serde(default)]
    pub components: Vec<Value>,
    /// Fixed id; generated when absent.
    #[serde(default)]
    pub id: Option<String>,
}

fn default_language() -> String {
    "en_US".into()
}
fn default_category() -> String {
    "UTILITY".into()
}
fn default_status() -> String {
    "APPROVED".into()
}

impl NewTemplate {
    /// An approved `UTILITY` template with a body text (placeholders
    /// `{{1}}`… or `{{name}}` inside `body` define its parameters).
    pub fn new(
        waba_id: impl Into<String>,
        name: impl Into<String>,
        language: impl Into<String>,
        body: &str,
    ) -> Self {
        Self {
            waba_id: waba_id.into(),
            name: name.into(),
            language: language.into(),
            category: default_category(),
            status: default_status(),
            parameter_format: None,
            components: vec![json!({ "type": "BODY", "text": body })],
            id: None,
        }
    }

    /// Adds a component (Meta management shape).
    pub fn component(mut self, component: Value) -> Self {
        self.components.push(component);
        self
    }

    /// Sets the status (e.g. `PAUSED`).
    pub fn status(mut self, status: impl Into<String>) -> Self {
        self.status = status.into();
        self
    }

    /// Sets the category.
    pub fn category(mut self, category: impl Into<String>) -> Self {
        self.category = category.into();
        self
    }
}

/// A registered template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Template {
    /// Template id (numeric string).
    pub id: String,
    /// Owning WABA.
    pub waba_id: String,
    /// Name.
    pub name: String,
    /// Language code.
    pub language: String,
    /// Category.
    pub category: String,
    /// Review status.
    pub status: String,
    /// `POSITIONAL` or `NAMED`.
    pub parameter_format: String,
    /// Components (Meta management shape).
    pub components: Vec<Value>,
}

impl Template {
    /// Field map for `GET /{WABA}/message_templates`, restricted to `fields`
    /// when given (`id` is always included).
    pub fn to_json(&self, fields: Option<&[String]>) -> Value {
        let mut all = Map::new();
        all.insert("id".into(), json!(self.id));
        all.insert("name".into(), json!(self.name));
        all.insert("language".into(), json!(self.language));
        all.insert("status".into(), json!(self.status));
        all.insert("category".into(), json!(self.category));
        all.insert("parameter_format".into(), json!(self.parameter_format));
        all.insert("components".into(), json!(self.components));
        match fields {
            None => Value::Object(all),
            Some(list) => {
                let mut out = Map::new();
                for (k, v) in all {
                    if k == "id" || list.iter().any(|f| f == &k) {
                        out.insert(k, v);
                    }
                }
                Value::Object(out)
            }
        }
    }

    /// Text of the component of the given type (`HEADER`, `BODY`).
    pub fn component_text(&self, kind: &str) -> Option<&str> {
        self.component(kind)
            .and_then(|c| c.get("text"))
            .and_then(Value::as_str)
    }

    /// The component of the given type, case-insensitive.
    pub fn component(&self, kind: &str) -> Option<&Value> {
        self.components.iter().find(|c| {
            c.get("type")
                .and_then(Value::as_str)
                .is_some_and(|t| t.eq_ignore_ascii_case(kind))
        })
    }
}

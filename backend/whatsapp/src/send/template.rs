//! Outgoing template messages with header, body and button parameters.

use serde::{Deserialize, Serialize};

use super::MediaRef;

/// `template` payload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateMessage {
    /// Approved template name.
    pub name: String,
    /// Language; must match the approved translation exactly.
    pub language: TemplateLanguage,
    /// Parameters; omit for templates without variables.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub components: Vec<TemplateComponentParams>,
}

/// `template.language`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateLanguage {
    /// Code such as `en_US`.
    pub code: String,
    /// `deterministic` (optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<String>,
}

/// Parameters of one template component.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateComponentParams {
    /// `header`, `body` or `button`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Button kind: `quick_reply`, `url`, `copy_code`, …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_type: Option<String>,
    /// Button position, as a string.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index: Option<String>,
    /// Values for the placeholders.
    #[serde(default)]
    pub parameters: Vec<TemplateParameter>,
}

/// A parameter value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum TemplateParameter {
    /// Text (positional, or named with `parameter_name`).
    Text {
        /// Value.
        text: String,
        /// Placeholder name for `NAMED` templates.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        parameter_name: Option<String>,
    },
    /// Localised currency.
    Currency {
        /// Value.
        currency: CurrencyValue,
        /// Placeholder name for `NAMED` templates.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        parameter_name: Option<String>,
    },
    /// Localised date/time.
    DateTime {
        /// Value.
        date_time: DateTimeValue,
        /// Placeholder name for `NAMED` templates.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        parameter_name: Option<String>,
    },
    /// Header image.
    Image {
        /// Media (no caption).
        image: MediaRef,
    },
    /// Header video.
    Video {
        /// Media (no caption).
        video: MediaRef,
    },
    /// Header document.
    Document {
        /// Media (no caption).
        document: MediaRef,
    },
    /// Quick-reply payload, returned as `button.payload`.
    Payload {
        /// Value.
        payload: String,
    },
}

/// Currency parameter value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrencyValue {
    /// Text shown if localisation fails.
    pub fallback_value: String,
    /// ISO 4217 code.
    pub code: String,
    /// Amount × 1000.
    pub amount_1000: i64,
}

/// Date/time parameter value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateTimeValue {
    /// Text shown.
    pub fallback_value: String,
}

impl TemplateParameter {
    /// Positional text value.
    pub fn text(text: impl Into<String>) -> Self {
        Self::Text {
            text: text.into(),
            parameter_name: None,
        }
    }

    /// Named text value (`{{first_name}}`).
    pub fn named_text(name: impl Into<String>, text: impl Into<String>) -> Self {
        Self::Text {
            text: text.into(),
            parameter_name: Some(name.into()),
        }
    }

    /// Currency value.
    pub fn currency(
        fallback: impl Into<String>,
        code: impl Into<String>,
        amount_1000: i64,
    ) -> Self {
        Self::Currency {
            currency: CurrencyValue {
                fallback_value: fallback.into(),
                code: code.into(),
                amount_1000,
            },
            parameter_name: None,
        }
    }

    /// Date/time value.
    pub fn date_time(fallback: impl Into<String>) -> Self {
        Self::DateTime {
            date_time: DateTimeValue {
                fallback_value: fallback.into(),
            },
            parameter_name: None,
        }
    }
}

impl TemplateMessage {
    /// A template without parameters.
    pub fn new(name: impl Into<String>, language_code: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            language: TemplateLanguage {
                code: language_code.into(),
                policy: None,
            },
            components: Vec::new(),
        }
    }

    fn component(
        mut self,
        kind: &str,
        sub_type: Option<&str>,
        index: Option<u8>,
        parameters: Vec<TemplateParameter>,
    ) -> Self {
        self.components.push(TemplateComponentParams {
            kind: kind.to_owned(),
            sub_type: sub_type.map(str::to_owned),
            index: index.map(|i| i.to_string()),
            parameters,
        });
        self
    }

    /// Header parameters (text or one media value).
    pub fn with_header(self, parameters: Vec<TemplateParameter>) -> Self {
        self.component("header", None, None, parameters)
    }

    /// Body parameters, in placeholder order for positional templates.
    pub fn with_body(self, parameters: Vec<TemplateParameter>) -> Self {
        self.component("body", None, None, parameters)
    }

    /// Payload of the quick-reply button at `index`.
    pub fn with_quick_reply(self, index: u8, payload: impl Into<String>) -> Self {
        self.component(
            "button",
            Some("quick_reply"),
            Some(index),
            vec![TemplateParameter::Payload {
                payload: payload.into(),
            }],
        )
    }

    /// URL suffix of the dynamic URL button at `index`.
    pub fn with_url_button(self, index: u8, suffix: impl Into<String>) -> Self {
        self.component(
            "button",
            Some("url"),
            Some(index),
            vec![TemplateParameter::text(suffix)],
        )
    }
}

//! Outgoing interactive messages: reply buttons, lists and CTA URL buttons.

use serde::{Deserialize, Serialize};

use super::MediaRef;
use crate::common::Extra;

/// `interactive` payload of an outgoing message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InteractiveMessage {
    /// `button`, `list`, `cta_url` (others pass through unchecked).
    #[serde(rename = "type")]
    pub kind: String,
    /// Optional header.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<InteractiveHeader>,
    /// Body text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<TextObject>,
    /// Footer text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub footer: Option<TextObject>,
    /// Buttons, sections or CTA parameters.
    pub action: InteractiveAction,
}

/// `{"text": …}` wrapper used by body and footer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextObject {
    /// Text.
    pub text: String,
}

/// Header of an interactive message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum InteractiveHeader {
    /// Text header (≤ 60 chars).
    Text {
        /// Header text.
        text: String,
    },
    /// Image header (reply buttons, CTA).
    Image {
        /// Media.
        image: MediaRef,
    },
    /// Video header (reply buttons, CTA).
    Video {
        /// Media.
        video: MediaRef,
    },
    /// Document header (reply buttons, CTA).
    Document {
        /// Media.
        document: MediaRef,
    },
}

/// `action` of an interactive message; which fields apply depends on type.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct InteractiveAction {
    /// Reply buttons (1–3).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub buttons: Vec<ReplyButton>,
    /// List button label (≤ 20 chars).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub button: Option<String>,
    /// List sections (≤ 10, ≤ 10 rows in total).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<ListSection>,
    /// `cta_url` for CTA URL messages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// CTA URL parameters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameters: Option<CtaUrlParameters>,
    /// Fields of other interactive types (flows, products, …).
    #[serde(flatten)]
    pub extra: Extra,
}

/// One reply button.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplyButton {
    /// Always `reply`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Id and title.
    pub reply: ButtonSpec,
}

/// Id (≤ 256) and title (≤ 20, unique) of a reply button.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ButtonSpec {
    /// Returned as `button_reply.id` when tapped.
    pub id: String,
    /// Label.
    pub title: String,
}

/// A list section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListSection {
    /// Section title (≤ 24; required with several sections).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Rows.
    pub rows: Vec<ListRow>,
}

impl ListSection {
    /// A section with an optional title.
    pub fn new(title: Option<String>, rows: Vec<ListRow>) -> Self {
        Self { title, rows }
    }
}

/// A list row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListRow {
    /// Returned as `list_reply.id` (≤ 200).
    pub id: String,
    /// Title (≤ 24).
    pub title: String,
    /// Description (≤ 72).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

impl ListRow {
    /// A row without description.
    pub fn new(id: impl Into<String>, title: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            title: title.into(),
            description: None,
        }
    }

    /// Sets the description.
    pub fn with_description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }
}

/// `action.parameters` of a CTA URL message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CtaUrlParameters {
    /// Button label (≤ 20).
    pub display_text: String,
    /// Target URL.
    pub url: String,
}

impl InteractiveMessage {
    fn with_body(kind: &str, body: String, action: InteractiveAction) -> Self {
        Self {
            kind: kind.to_owned(),
            header: None,
            body: Some(TextObject { text: body }),
            footer: None,
            action,
        }
    }

    /// Reply buttons from `(id, title)` pairs.
    pub fn reply_buttons<I, S, T>(body: impl Into<String>, buttons: I) -> Self
    where
        I: IntoIterator<Item = (S, T)>,
        S: Into<String>,
        T: Into<String>,
    {
        let buttons = buttons
            .into_iter()
            .map(|(id, title)| ReplyButton {
                kind: "reply".to_owned(),
                reply: ButtonSpec {
                    id: id.into(),
                    title: title.into(),
                },
            })
            .collect();
        Self::with_body(
            "button",
            body.into(),
            InteractiveAction {
                buttons,
                ..InteractiveAction::default()
            },
        )
    }

    /// A list opened by a button labelled `button_label`.
    pub fn list(
        body: impl Into<String>,
        button_label: impl Into<String>,
        sections: Vec<ListSection>,
    ) -> Self {
        Self::with_body(
            "list",
            body.into(),
            InteractiveAction {
                button: Some(button_label.into()),
                sections,
                ..InteractiveAction::default()
            },
        )
    }

    /// A call-to-action URL button.
    pub fn cta_url(
        body: impl Into<String>,
        display_text: impl Into<String>,
        url: impl Into<String>,
    ) -> Self {
        Self::with_body(
            "cta_url",
            body.into(),
            InteractiveAction {
                name: Some("cta_url".to_owned()),
                parameters: Some(CtaUrlParameters {
                    display_text: display_text.into(),
                    url: url.into(),
                }),
                ..InteractiveAction::default()
            },
        )
    }

    /// Sets a text header.
    pub fn with_header_text(mut self, text: impl Into<String>) -> Self {
        self.header = Some(InteractiveHeader::Text { text: text.into() });
        self
    }

    /// Sets any header.
    pub fn with_header(mut self, header: InteractiveHeader) -> Self {
        self.header = Some(header);
        self
    }

    /// Sets the footer.
    pub fn with_footer(mut self, text: impl Into<String>) -> Self {
        self.footer = Some(TextObject { text: text.into() });
        self
    }
}

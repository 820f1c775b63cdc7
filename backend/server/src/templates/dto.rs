use super::parameters::TemplateParameters;
use super::store::TemplateRow;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A message template of a connected number, as last synced from Meta.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MessageTemplate {
    pub id: i64,
    pub account_id: i64,
    /// Meta's template id.
    pub meta_template_id: Option<String>,
    #[schema(example = "order_update")]
    pub name: String,
    /// Language code; send it as `template.language.code`.
    #[schema(example = "en_US")]
    pub language: String,
    /// `APPROVED`, `PENDING`, `REJECTED`, `PAUSED`, `DISABLED`, … Only approved templates can
    /// be sent.
    #[schema(example = "APPROVED")]
    pub status: String,
    /// `MARKETING`, `UTILITY` or `AUTHENTICATION`.
    pub category: Option<String>,
    /// `POSITIONAL` (`{{1}}`) or `NAMED` (`{{first_name}}`, sent with `parameter_name`).
    pub parameter_format: Option<String>,
    /// The components exactly as Meta lists them (`HEADER`, `BODY`, `FOOTER`, `BUTTONS`).
    #[schema(value_type = Vec<Object>)]
    pub components: serde_json::Value,
    /// What a message with this template must fill in.
    pub parameters: TemplateParameters,
    pub synced_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<&TemplateRow> for MessageTemplate {
    fn from(r: &TemplateRow) -> Self {
        let components = serde_json::from_str(&r.components)
            .unwrap_or_else(|_| serde_json::Value::Array(Vec::new()));
        Self {
            id: r.id,
            account_id: r.account_id,
            meta_template_id: r.meta_template_id.clone(),
            name: r.name.clone(),
            language: r.language.clone(),
            status: r.status.clone(),
            category: r.category.clone(),
            parameter_format: r.parameter_format.clone(),
            parameters: TemplateParameters::of_json(&r.components),
            components,
            synced_at: r.synced_at.and_utc(),
            updated_at: r.updated_at.and_utc(),
        }
    }
}

crate::page_type!(
    /// A page of templates, in id order.
    TemplatePage,
    MessageTemplate
);

/// The outcome of a sync: the account's templates now match Meta's list.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct TemplateSync {
    /// Templates Meta listed (all statuses), now stored.
    pub synced: usize,
    /// Of those, templates that were not stored before.
    pub added: usize,
    /// Stored templates Meta no longer lists, deleted.
    pub removed: usize,
    /// Every template of the account after the sync, in id order.
    pub templates: Vec<MessageTemplate>,
}

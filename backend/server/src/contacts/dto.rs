use super::store::{ContactRow, ContactSummaryRow};
use crate::error::ApiError;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};
use utoipa::ToSchema;

pub const NAME_MAX_CHARS: usize = 120;
pub const NOTES_MAX_CHARS: usize = 10_000;
pub const ATTRIBUTES_MAX_KEYS: usize = 50;
pub const ATTRIBUTE_KEY_MAX_CHARS: usize = 64;
pub const ATTRIBUTE_VALUE_MAX_CHARS: usize = 1_000;

/// The fields identifying a contact, as embedded in a conversation.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ContactSummary {
    pub id: i64,
    /// Name given by the business; shown instead of `profile_name` when set.
    pub name: Option<String>,
    /// The name the person set in WhatsApp.
    pub profile_name: Option<String>,
    /// Best name to show: `name`, else `profile_name`, `username`, `phone_number`, `wa_id`.
    pub display_name: String,
    /// WhatsApp id (usually the phone number in international format, digits only); absent
    /// for people known only by their business-scoped user id.
    pub wa_id: Option<String>,
    /// Business-scoped user id (BSUID, e.g. `US.13491208655302741918`).
    pub user_id: Option<String>,
    pub phone_number: Option<String>,
    /// WhatsApp username, for people who adopted one.
    pub username: Option<String>,
}

/// A contact with the business's notes and attributes.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Contact {
    pub id: i64,
    /// Name given by the business; shown instead of `profile_name` when set.
    pub name: Option<String>,
    /// The name the person set in WhatsApp.
    pub profile_name: Option<String>,
    /// Best name to show: `name`, else `profile_name`, `username`, `phone_number`, `wa_id`.
    pub display_name: String,
    /// WhatsApp id; absent for people known only by their business-scoped user id.
    pub wa_id: Option<String>,
    /// Business-scoped user id (BSUID).
    pub user_id: Option<String>,
    /// Parent business-scoped user id, when the business portfolio uses them.
    pub parent_user_id: Option<String>,
    pub phone_number: Option<String>,
    pub username: Option<String>,
    /// Free-text notes of the business.
    pub notes: Option<String>,
    /// Custom attributes: an object of strings, numbers, booleans or nulls.
    #[schema(value_type = Object)]
    pub attributes: Map<String, Value>,
    /// When processing of this person's data was restricted (`PUT /contacts/{id}/restriction`):
    /// their data is kept and their new messages are still stored, but agents no longer see
    /// the contact or its conversations and nothing can be sent to them.
    pub restricted_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The first non-blank of: name, profile name, username, phone number, wa_id, user id.
macro_rules! display_name {
    ($r:expr) => {
        display_name([
            &$r.name,
            &$r.profile_name,
            &$r.username,
            &$r.phone_number,
            &$r.wa_id,
            &$r.user_id,
        ])
    };
}

fn display_name(candidates: [&Option<String>; 6]) -> String {
    candidates
        .into_iter()
        .flatten()
        .map(|s| s.trim())
        .find(|s| !s.is_empty())
        .unwrap_or("Unknown")
        .to_owned()
}

/// Stored attributes are a JSON object written by this API; anything else reads as empty.
pub fn parse_attributes(raw: Option<&str>) -> Map<String, Value> {
    match raw.map(serde_json::from_str::<Value>) {
        Some(Ok(Value::Object(map))) => map,
        _ => Map::new(),
    }
}

impl From<&ContactSummaryRow> for ContactSummary {
    fn from(r: &ContactSummaryRow) -> Self {
        Self {
            id: r.id,
            name: r.name.clone(),
            profile_name: r.profile_name.clone(),
            display_name: display_name!(r),
            wa_id: r.wa_id.clone(),
            user_id: r.user_id.clone(),
            phone_number: r.phone_number.clone(),
            username: r.username.clone(),
        }
    }
}

impl From<&ContactRow> for Contact {
    fn from(r: &ContactRow) -> Self {
        Self {
            id: r.id,
            name: r.name.clone(),
            profile_name: r.profile_name.clone(),
            display_name: display_name!(r),
            wa_id: r.wa_id.clone(),
            user_id: r.user_id.clone(),
            parent_user_id: r.parent_user_id.clone(),
            phone_number: r.phone_number.clone(),
            username: r.username.clone(),
            notes: r.notes.clone(),
            attributes: parse_attributes(r.attributes.as_deref()),
            restricted_at: r.restricted_at.map(|t| t.and_utc()),
            created_at: r.created_at.and_utc(),
            updated_at: r.updated_at.and_utc(),
        }
    }
}

crate::page_type!(
    /// A page of contacts, newest first.
    ContactPage,
    Contact
);

/// Deserializes a field that distinguishes "absent" (`None`, with `#[serde(default)]`) from
/// "null" (`Some(None)`), as PATCH bodies need.
pub fn present<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

/// Changes to a contact; absent fields are left as they are, `null` clears one.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateContact {
    /// Up to 120 characters, not only spaces (stored trimmed); `null` falls back to the
    /// WhatsApp profile name.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>, nullable, min_length = 1, max_length = 120, pattern = r"\S")]
    pub name: Option<Option<String>>,
    /// Up to 10,000 characters; empty or `null` clears the notes.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>, nullable, max_length = 10000)]
    pub notes: Option<Option<String>>,
    /// Replaces all attributes: an object of at most 50 keys (1 to 64 characters, no
    /// surrounding spaces, one line) whose values are strings (up to 1,000 characters),
    /// numbers, booleans or null. `null` or `{}` clears them.
    #[serde(default, deserialize_with = "present")]
    #[schema(schema_with = attributes_schema)]
    pub attributes: Option<Option<Map<String, Value>>>,
}

impl UpdateContact {
    /// Checks every field and normalises them (trimmed name, empty notes → null); all field
    /// errors are reported together.
    pub fn validated(mut self) -> Result<Self, ApiError> {
        let mut errors: Vec<(String, String)> = Vec::new();
        if let Some(Some(name)) = &self.name {
            if name.chars().count() > NAME_MAX_CHARS {
                errors.push((
                    "name".into(),
                    format!("must be at most {NAME_MAX_CHARS} characters long"),
                ));
            } else if name.trim().is_empty() {
                errors.push(("name".into(), "must not be blank".into()));
            }
            self.name = Some(Some(name.trim().to_owned()));
        }
        if let Some(Some(notes)) = &self.notes {
            if notes.chars().count() > NOTES_MAX_CHARS {
                errors.push((
                    "notes".into(),
                    format!("must be at most {NOTES_MAX_CHARS} characters long"),
                ));
            }
            if notes.trim().is_empty() {
                self.notes = Some(None);
            }
        }
        if let Some(Some(attributes)) = &self.attributes {
            if attributes.len() > ATTRIBUTES_MAX_KEYS {
                errors.push((
                    "attributes".into(),
                    format!("must have at most {ATTRIBUTES_MAX_KEYS} keys"),
                ));
            }
            for (key, value) in attributes {
                let field = format!("attributes.{key}");
                let key_len = key.chars().count();
                let one_line = !key.contains(['\n', '\r', '\u{2028}', '\u{2029}']);
                if key_len == 0
                    || key_len > ATTRIBUTE_KEY_MAX_CHARS
                    || key.trim() != key
                    || !one_line
                {
                    errors.push((
                        field.clone(),
                        format!("keys must be 1 to {ATTRIBUTE_KEY_MAX_CHARS} characters on one line, without surrounding spaces"),
                    ));
                }
                match value {
                    Value::String(s) if s.chars().count() > ATTRIBUTE_VALUE_MAX_CHARS => errors
                        .push((
                            field,
                            format!("must be at most {ATTRIBUTE_VALUE_MAX_CHARS} characters long"),
                        )),
                    Value::Array(_) | Value::Object(_) => {
                        errors.push((field, "must be a string, number, boolean or null".into()))
                    }
                    _ => {}
                }
            }
            if attributes.is_empty() {
                self.attributes = Some(None);
            }
        }
        if errors.is_empty() {
            return Ok(self);
        }
        errors.sort();
        let mut err = ApiError::new(
            actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .detail("The request has invalid fields.");
        for (field, message) in errors {
            err = err.field(field, message);
        }
        Err(err)
    }
}

/// JSON Schema of `attributes` in a PATCH: what [`UpdateContact::validated`] accepts.
fn attributes_schema() -> utoipa::openapi::schema::Object {
    use utoipa::openapi::RefOr;
    use utoipa::openapi::schema::{
        AdditionalProperties, ObjectBuilder, OneOfBuilder, Schema, SchemaType, Type,
    };
    let value = OneOfBuilder::new()
        .item(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .max_length(Some(ATTRIBUTE_VALUE_MAX_CHARS)),
        )
        .item(ObjectBuilder::new().schema_type(Type::Number))
        .item(ObjectBuilder::new().schema_type(Type::Boolean))
        .item(ObjectBuilder::new().schema_type(Type::Null));
    ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([Type::Object, Type::Null]))
        .max_properties(Some(ATTRIBUTES_MAX_KEYS))
        .property_names(Some(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .min_length(Some(1))
                .max_length(Some(ATTRIBUTE_KEY_MAX_CHARS))
                .pattern(Some(r"^\S(.*\S)?$")),
        ))
        .additional_properties(Some(AdditionalProperties::RefOr(RefOr::T(Schema::OneOf(
            value.build(),
        )))))
        .build()
}

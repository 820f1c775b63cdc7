//! Webhook envelope: `object` → `entry[]` → `changes[]` → `field` + `value`
//! (CLOUD_API.md §2.3).

use std::fmt;

use serde::de::{self, DeserializeOwned, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use super::content::ErrorInfo;
use super::fields::{
    AccountAlerts, AccountUpdate, BusinessUsernameUpdate, CallsValue, MessageEchoesValue,
    PhoneNumberNameUpdate, PhoneNumberQualityUpdate, TemplateCategoryUpdate,
    TemplateComponentsUpdate, TemplateQualityUpdate, TemplateStatusUpdate, UserIdUpdateValue,
    UserPreferencesValue,
};
use super::message::Message;
use super::status::Status;
use crate::common::{Extra, Timestamp};

/// `object` value of WhatsApp Business Account webhooks.
pub const WHATSAPP_BUSINESS_ACCOUNT: &str = "whatsapp_business_account";

/// A whole webhook POST body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WebhookEnvelope {
    /// `whatsapp_business_account`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub object: String,
    /// One item per WABA; a POST may batch several.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entry: Vec<Entry>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

impl WebhookEnvelope {
    /// Parses a raw body. Verify the signature first (see
    /// [`crate::webhook::parse_verified`]).
    pub fn from_slice(body: &[u8]) -> Result<Self, crate::Error> {
        Ok(serde_json::from_slice(body)?)
    }

    /// Whether `object` is `whatsapp_business_account`.
    pub fn is_whatsapp(&self) -> bool {
        self.object == WHATSAPP_BUSINESS_ACCOUNT
    }

    /// Every change of every entry, with its entry.
    pub fn changes(&self) -> impl Iterator<Item = (&Entry, &Change)> {
        self.entry
            .iter()
            .flat_map(|e| e.changes.iter().map(move |c| (e, c)))
    }

    /// Every `messages` change value, with its entry.
    pub fn messages_values(&self) -> impl Iterator<Item = (&Entry, &MessagesValue)> {
        self.changes().filter_map(|(e, c)| match &c.value {
            ChangeValue::Messages(v) => Some((e, v.as_ref())),
            _ => None,
        })
    }
}

/// One `entry[]` item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// WABA id.
    pub id: String,
    /// Integer Unix time; present on management fields, absent on `messages`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<Timestamp>,
    /// Changes of this WABA.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<Change>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One `changes[]` item: the subscription `field` and its typed `value`.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// Subscription field name, e.g. `messages`.
    pub field: String,
    /// The value, typed according to `field`.
    pub value: ChangeValue,
    /// Unmodelled keys.
    pub extra: Extra,
}

/// `changes[].value`, typed by `field`.
#[derive(Debug, Clone, PartialEq)]
pub enum ChangeValue {
    /// `messages`: inbound messages, statuses, errors.
    Messages(Box<MessagesValue>),
    /// `calls`.
    Calls(Box<CallsValue>),
    /// `smb_message_echoes`.
    MessageEchoes(Box<MessageEchoesValue>),
    /// `user_preferences`.
    UserPreferences(Box<UserPreferencesValue>),
    /// `user_id_update`.
    UserIdUpdate(Box<UserIdUpdateValue>),
    /// `message_template_status_update`.
    TemplateStatusUpdate(Box<TemplateStatusUpdate>),
    /// `message_template_quality_update`.
    TemplateQualityUpdate(Box<TemplateQualityUpdate>),
    /// `message_template_components_update`.
    TemplateComponentsUpdate(Box<TemplateComponentsUpdate>),
    /// `template_category_update`.
    TemplateCategoryUpdate(Box<TemplateCategoryUpdate>),
    /// `account_update`.
    AccountUpdate(Box<AccountUpdate>),
    /// `account_alerts`.
    AccountAlerts(Box<AccountAlerts>),
    /// `phone_number_quality_update`.
    PhoneNumberQualityUpdate(Box<PhoneNumberQualityUpdate>),
    /// `phone_number_name_update`.
    PhoneNumberNameUpdate(Box<PhoneNumberNameUpdate>),
    /// `business_username_update`.
    BusinessUsernameUpdate(Box<BusinessUsernameUpdate>),
    /// Any other field, kept verbatim.
    Other(Value),
}

fn typed<T: DeserializeOwned>(v: Value) -> Result<Box<T>, serde_json::Error> {
    serde_json::from_value(v).map(Box::new)
}

impl ChangeValue {
    /// Types `value` according to `field`; unknown fields stay raw.
    pub fn from_field(field: &str, value: Value) -> Result<Self, serde_json::Error> {
        Ok(match field {
            "messages" => Self::Messages(typed(value)?),
            "calls" => Self::Calls(typed(value)?),
            "smb_message_echoes" => Self::MessageEchoes(typed(value)?),
            "user_preferences" => Self::UserPreferences(typed(value)?),
            "user_id_update" => Self::UserIdUpdate(typed(value)?),
            "message_template_status_update" => Self::TemplateStatusUpdate(typed(value)?),
            "message_template_quality_update" => Self::TemplateQualityUpdate(typed(value)?),
            "message_template_components_update" => Self::TemplateComponentsUpdate(typed(value)?),
            "template_category_update" => Self::TemplateCategoryUpdate(typed(value)?),
            "account_update" => Self::AccountUpdate(typed(value)?),
            "account_alerts" => Self::AccountAlerts(typed(value)?),
            "phone_number_quality_update" => Self::PhoneNumberQualityUpdate(typed(value)?),
            "phone_number_name_update" => Self::PhoneNumberNameUpdate(typed(value)?),
            "business_username_update" => Self::BusinessUsernameUpdate(typed(value)?),
            _ => Self::Other(value),
        })
    }

    /// The `messages` value, if this is one.
    pub fn as_messages(&self) -> Option<&MessagesValue> {
        match self {
            Self::Messages(v) => Some(v),
            _ => None,
        }
    }
}

impl Serialize for ChangeValue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Messages(v) => v.serialize(s),
            Self::Calls(v) => v.serialize(s),
            Self::MessageEchoes(v) => v.serialize(s),
            Self::UserPreferences(v) => v.serialize(s),
            Self::UserIdUpdate(v) => v.serialize(s),
            Self::TemplateStatusUpdate(v) => v.serialize(s),
            Self::TemplateQualityUpdate(v) => v.serialize(s),
            Self::TemplateComponentsUpdate(v) => v.serialize(s),
            Self::TemplateCategoryUpdate(v) => v.serialize(s),
            Self::AccountUpdate(v) => v.serialize(s),
            Self::AccountAlerts(v) => v.serialize(s),
            Self::PhoneNumberQualityUpdate(v) => v.serialize(s),
            Self::PhoneNumberNameUpdate(v) => v.serialize(s),
            Self::BusinessUsernameUpdate(v) => v.serialize(s),
            Self::Other(v) => v.serialize(s),
        }
    }
}

impl Serialize for Change {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("field", &self.field)?;
        map.serialize_entry("value", &self.value)?;
        for (k, v) in &self.extra {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

struct ChangeVisitor;

impl<'de> Visitor<'de> for ChangeVisitor {
    type Value = Change;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a webhook change object")
    }

    // `field` may come after `value` (both orders occur), so the value is
    // buffered as JSON and typed once the field is known.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Change, A::Error> {
        let mut field: Option<String> = None;
        let mut value: Option<Value> = None;
        let mut extra = Extra::new();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "field" if field.is_none() => field = Some(map.next_value()?),
                "value" if value.is_none() => value = Some(map.next_value()?),
                "field" | "value" => {
                    return Err(de::Error::custom(format!("duplicate key `{key}`")));
                }
                _ => {
                    let v: Value = map.next_value()?;
                    extra.insert(key, v);
                }
            }
        }
        let field = field.ok_or_else(|| de::Error::missing_field("field"))?;
        let value = ChangeValue::from_field(&field, value.unwrap_or(Value::Null))
            .map_err(de::Error::custom)?;
        Ok(Change {
            field,
            value,
            extra,
        })
    }
}

impl<'de> Deserialize<'de> for Change {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(ChangeVisitor)
    }
}

/// `value` of the `messages` field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MessagesValue {
    /// Always `whatsapp`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub messaging_product: Option<String>,
    /// Business number; `phone_number_id` is the tenant routing key.
    pub metadata: Metadata,
    /// Sender profiles (inbound) or recipient profiles (statuses, 2026+).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contacts: Vec<Contact>,
    /// Inbound messages.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub messages: Vec<Message>,
    /// Statuses of outbound messages.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub statuses: Vec<Status>,
    /// System / app / account-level errors.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ErrorInfo>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

impl MessagesValue {
    /// The business phone number id (tenant routing key).
    pub fn phone_number_id(&self) -> &str {
        &self.metadata.phone_number_id
    }

    /// The profile of a message's sender: matched by wa_id or user id, or
    /// the single contact of a single-message batch.
    pub fn contact_for(&self, message: &Message) -> Option<&Contact> {
        let matched = self.contacts.iter().find(|c| {
            (c.wa_id.is_some() && c.wa_id == message.from)
                || (c.user_id.is_some() && c.user_id == message.from_user_id)
        });
        match matched {
            Some(c) => Some(c),
            None if self.contacts.len() == 1 && self.messages.len() == 1 => self.contacts.first(),
            None => None,
        }
    }
}

/// `value.metadata`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Metadata {
    /// Business number, digits only.
    pub display_phone_number: String,
    /// Business phone number id.
    pub phone_number_id: String,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `value.contacts[]`: a WhatsApp user's profile.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    /// Display name and username.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<Profile>,
    /// WhatsApp id; may be absent for username adopters (2026+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wa_id: Option<String>,
    /// Business-scoped user id (2026+); the stable contact key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// Parent business-scoped user id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_user_id: Option<String>,
    /// Identity key hash (identity-change check enabled).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity_key_hash: Option<String>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Contact {
    /// Display name, if any.
    pub fn name(&self) -> Option<&str> {
        self.profile.as_ref()?.name.as_deref()
    }
}

/// `contacts[].profile`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    /// WhatsApp display name (unverified).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// WhatsApp username (2026+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// Unmodelled keys.
    #[serde(flatten)]
    pub extra: Extra,
}

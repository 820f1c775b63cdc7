use super::{DataType, Defaults, MAX_DAYS, Overrides, Period, Periods};
use crate::error::ApiError;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The literal `"keep"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Keep {
    Keep,
}

/// A retention period: a number of days (1–36500), or `"keep"` to keep forever.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum RetentionPeriod {
    Days(u32),
    Keep(Keep),
}

impl<'de> Deserialize<'de> for RetentionPeriod {
    /// `"keep"`, or a whole number (`30`, also `30.0`); a whole number out of range becomes a
    /// period the validation refuses with the field's name (0 stands for every such value).
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        match serde_json::Value::deserialize(d)? {
            serde_json::Value::String(s) if s == "keep" => Ok(RetentionPeriod::Keep(Keep::Keep)),
            serde_json::Value::Number(n) => {
                let whole = n
                    .as_i64()
                    .map(|i| i as f64)
                    .or_else(|| n.as_f64().filter(|f| f.fract() == 0.0));
                match whole {
                    Some(f) if (1.0..=f64::from(MAX_DAYS)).contains(&f) => {
                        Ok(RetentionPeriod::Days(f as u32))
                    }
                    Some(_) => Ok(RetentionPeriod::Days(0)),
                    None => Err(D::Error::custom(
                        "a retention period is \"keep\" or a whole number of days",
                    )),
                }
            }
            _ => Err(D::Error::custom(
                "a retention period is \"keep\" or a whole number of days",
            )),
        }
    }
}

impl utoipa::PartialSchema for RetentionPeriod {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{
            KnownFormat, ObjectBuilder, OneOfBuilder, SchemaFormat, Type,
        };
        OneOfBuilder::new()
            .item(
                ObjectBuilder::new()
                    .schema_type(Type::Integer)
                    .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int32)))
                    .minimum(Some(1))
                    .maximum(Some(MAX_DAYS))
                    .description(Some("Days")),
            )
            .item(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .enum_values(Some(["keep"]))
                    .description(Some("Keep forever")),
            )
            .description(Some(
                "A retention period: a number of days (1–36500), or \"keep\" to keep forever.",
            ))
            .into()
    }
}

impl ToSchema for RetentionPeriod {}

impl From<Period> for RetentionPeriod {
    fn from(p: Period) -> Self {
        match p {
            Period::Keep => RetentionPeriod::Keep(Keep::Keep),
            Period::Days(n) => RetentionPeriod::Days(n),
        }
    }
}

/// A retention period per data type. In a `PUT`, a type left out or `null` follows the
/// platform default.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RetentionPeriods {
    /// Messages with their reactions, edits and delivery state, by the time they were
    /// stored. Conversations left without messages are deleted with their last message, and
    /// contacts left without conversations too (unless restricted: the restriction is kept).
    #[schema(nullable)]
    pub messages: Option<RetentionPeriod>,
    /// Stored media files; the message stays and its media reports `expired`.
    #[schema(nullable)]
    pub media: Option<RetentionPeriod>,
    /// Raw webhook payloads (processed or failed events; events not yet processed are never
    /// purged).
    #[schema(nullable)]
    pub webhook_payloads: Option<RetentionPeriod>,
    /// Graph API call log.
    #[schema(nullable)]
    pub api_calls: Option<RetentionPeriod>,
    /// Access log of API requests.
    #[schema(nullable)]
    pub access_logs: Option<RetentionPeriod>,
    /// Audit log.
    #[schema(nullable)]
    pub audit_log: Option<RetentionPeriod>,
}

impl RetentionPeriods {
    fn slot(&self, t: DataType) -> Option<RetentionPeriod> {
        match t {
            DataType::Messages => self.messages,
            DataType::Media => self.media,
            DataType::WebhookPayloads => self.webhook_payloads,
            DataType::ApiCalls => self.api_calls,
            DataType::AccessLogs => self.access_logs,
            DataType::AuditLog => self.audit_log,
        }
    }

    fn slot_mut(&mut self, t: DataType) -> &mut Option<RetentionPeriod> {
        match t {
            DataType::Messages => &mut self.messages,
            DataType::Media => &mut self.media,
            DataType::WebhookPayloads => &mut self.webhook_payloads,
            DataType::ApiCalls => &mut self.api_calls,
            DataType::AccessLogs => &mut self.access_logs,
            DataType::AuditLog => &mut self.audit_log,
        }
    }

    pub fn from_overrides(o: &Overrides) -> Self {
        let mut out = Self::default();
        for t in DataType::ALL {
            *out.slot_mut(t) = o.get(t).map(Into::into);
        }
        out
    }

    pub fn from_periods(p: &Periods) -> Self {
        let mut out = Self::default();
        for t in DataType::ALL {
            *out.slot_mut(t) = Some(p.get(t).into());
        }
        out
    }

    /// Checks the ranges and converts to stored overrides.
    pub fn validated(&self) -> Result<Overrides, ApiError> {
        let mut o = Overrides::default();
        for (i, t) in DataType::ALL.into_iter().enumerate() {
            o.0[i] = match self.slot(t) {
                None => None,
                Some(RetentionPeriod::Keep(_)) => Some(Period::Keep),
                Some(RetentionPeriod::Days(n)) if (1..=MAX_DAYS).contains(&n) => {
                    Some(Period::Days(n))
                }
                Some(RetentionPeriod::Days(_)) => {
                    return Err(ApiError::invalid_field(
                        t.as_str(),
                        format!("must be \"keep\" or a number of days from 1 to {MAX_DAYS}"),
                    ));
                }
            };
        }
        Ok(o)
    }
}

/// An organization's retention: its own settings, the platform defaults and the result.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Retention {
    /// What the organization set (`null`: the platform default applies).
    pub settings: RetentionPeriods,
    /// The platform defaults (configuration).
    pub defaults: RetentionPeriods,
    /// The periods the purge applies.
    pub effective: RetentionPeriods,
    /// When the organization last changed its settings.
    pub updated_at: Option<chrono::DateTime<chrono::Utc>>,
}

impl Retention {
    pub fn new(
        overrides: &Overrides,
        defaults: &Defaults,
        updated_at: Option<chrono::NaiveDateTime>,
    ) -> Self {
        Self {
            settings: RetentionPeriods::from_overrides(overrides),
            defaults: RetentionPeriods::from_periods(defaults),
            effective: RetentionPeriods::from_periods(&overrides.effective(defaults)),
            updated_at: updated_at.map(|t| t.and_utc()),
        }
    }
}

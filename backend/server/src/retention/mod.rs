//! Retention: how long each kind of data is kept, per organization, and the purge that
//! deletes what has expired (`GET|PUT /api/v1/organization/retention`, an hourly background
//! job and `winmessages purge`).

pub mod dto;
pub mod purge;
pub mod routes;
pub mod store;

use serde::{Deserialize, Serialize};

/// The kinds of data with their own retention period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DataType {
    /// Messages (with their reactions, edits and delivery state); conversations and contacts
    /// left without messages go with them.
    Messages,
    /// Stored media files (the message stays, its media is marked `expired`).
    Media,
    /// Raw webhook payloads as received from Meta.
    WebhookPayloads,
    /// The log of calls to Meta's Graph API.
    ApiCalls,
    /// The access log of API requests.
    AccessLogs,
    /// The audit log.
    AuditLog,
}

impl DataType {
    pub const ALL: [DataType; 6] = [
        DataType::Messages,
        DataType::Media,
        DataType::WebhookPayloads,
        DataType::ApiCalls,
        DataType::AccessLogs,
        DataType::AuditLog,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DataType::Messages => "messages",
            DataType::Media => "media",
            DataType::WebhookPayloads => "webhook_payloads",
            DataType::ApiCalls => "api_calls",
            DataType::AccessLogs => "access_logs",
            DataType::AuditLog => "audit_log",
        }
    }

    /// The environment variable holding the platform default.
    pub fn setting(self) -> &'static str {
        match self {
            DataType::Messages => "WINMESSAGES_RETENTION_MESSAGES_DAYS",
            DataType::Media => "WINMESSAGES_RETENTION_MEDIA_DAYS",
            DataType::WebhookPayloads => "WINMESSAGES_RETENTION_WEBHOOK_PAYLOADS_DAYS",
            DataType::ApiCalls => "WINMESSAGES_RETENTION_API_CALLS_DAYS",
            DataType::AccessLogs => "WINMESSAGES_RETENTION_ACCESS_LOGS_DAYS",
            DataType::AuditLog => "WINMESSAGES_RETENTION_AUDIT_LOG_DAYS",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// Longest period that can be set (100 years); longer means "keep".
pub const MAX_DAYS: u32 = 36_500;

/// A retention period: a number of days, or keep forever.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Keep,
    Days(u32),
}

impl Period {
    /// Parses a setting: `keep` or a number of days from 1 to [`MAX_DAYS`].
    pub fn parse(raw: &str) -> Result<Self, String> {
        let raw = raw.trim();
        if raw.eq_ignore_ascii_case("keep") {
            return Ok(Period::Keep);
        }
        match raw.parse::<u32>() {
            Ok(n) if (1..=MAX_DAYS).contains(&n) => Ok(Period::Days(n)),
            _ => Err(format!(
                "`{raw}` must be `keep` or a number of days from 1 to {MAX_DAYS}"
            )),
        }
    }

    /// Stored form: 0 is keep.
    pub fn to_column(self) -> i32 {
        match self {
            Period::Keep => 0,
            Period::Days(n) => i32::try_from(n).unwrap_or(i32::MAX),
        }
    }

    pub fn from_column(v: i32) -> Self {
        match u32::try_from(v) {
            Ok(n) if n > 0 => Period::Days(n.min(MAX_DAYS)),
            _ => Period::Keep,
        }
    }

    /// Rows created before this instant have expired.
    pub fn cutoff(self, now: chrono::NaiveDateTime) -> Option<chrono::NaiveDateTime> {
        match self {
            Period::Keep => None,
            Period::Days(n) => Some(now - chrono::Duration::days(i64::from(n))),
        }
    }
}

/// One period per data type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Periods([Period; 6]);

impl Periods {
    pub fn get(&self, t: DataType) -> Period {
        self.0[t.index()]
    }

    pub fn set(&mut self, t: DataType, p: Period) {
        self.0[t.index()] = p;
    }
}

/// The platform's defaults, from configuration.
pub type Defaults = Periods;

impl Default for Periods {
    /// Defaults when nothing is configured: conversations for two years, media for one,
    /// technical logs for 30–90 days, the audit log for two years.
    fn default() -> Self {
        Periods([
            Period::Days(730),
            Period::Days(365),
            Period::Days(30),
            Period::Days(30),
            Period::Days(90),
            Period::Days(730),
        ])
    }
}

/// An organization's own settings: `None` means the platform default.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Overrides(pub [Option<Period>; 6]);

impl Overrides {
    pub fn get(&self, t: DataType) -> Option<Period> {
        self.0[t.index()]
    }

    pub fn effective(&self, defaults: &Defaults) -> Periods {
        let mut p = *defaults;
        for t in DataType::ALL {
            if let Some(v) = self.get(t) {
                p.set(t, v);
            }
        }
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_parse_and_store() {
        assert_eq!(Period::parse("keep"), Ok(Period::Keep));
        assert_eq!(Period::parse(" KEEP "), Ok(Period::Keep));
        assert_eq!(Period::parse("30"), Ok(Period::Days(30)));
        assert!(Period::parse("0").is_err());
        assert!(Period::parse("36501").is_err());
        assert!(Period::parse("-1").is_err());
        assert!(Period::parse("ten").is_err());
        assert_eq!(Period::from_column(Period::Keep.to_column()), Period::Keep);
        assert_eq!(
            Period::from_column(Period::Days(7).to_column()),
            Period::Days(7)
        );
    }

    #[test]
    fn cutoff_is_days_before_now() {
        let now = chrono::NaiveDate::from_ymd_opt(2026, 3, 31)
            .unwrap()
            .and_hms_opt(12, 0, 0)
            .unwrap();
        assert_eq!(Period::Keep.cutoff(now), None);
        assert_eq!(
            Period::Days(30).cutoff(now),
            chrono::NaiveDate::from_ymd_opt(2026, 3, 1)
                .unwrap()
                .and_hms_opt(12, 0, 0)
        );
    }

    #[test]
    fn overrides_replace_defaults_per_type() {
        let mut o = Overrides::default();
        o.0[DataType::Media.index()] = Some(Period::Keep);
        let p = o.effective(&Defaults::default());
        assert_eq!(p.get(DataType::Media), Period::Keep);
        assert_eq!(p.get(DataType::Messages), Period::Days(730));
    }
}

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(routes::get_retention, routes::put_retention),
    tags((name = "retention", description = "How long each kind of data is kept; the purge deletes what has expired"))
)]
pub struct Api;

//! Reading `TIMESTAMP` columns faster on SQLite. SQLite keeps them as text
//! (`2026-11-26 11:00:23.963082522`, as diesel writes them); diesel reads that text with
//! chrono's `parse_from_str`, which interprets its format string anew for every value, a
//! tenth of the time it takes to load and render a message. Rows that are read in bulk (the
//! inbox's messages and conversations, the event stream) take their timestamps through these
//! wrappers: `#[diesel(deserialize_as = Ts)]` on a `NaiveDateTime` field, `TsOpt` on an
//! `Option<NaiveDateTime>` one. Text in exactly that layout is parsed directly; anything else
//! (another layout, a number) and every PostgreSQL value goes to diesel's own reading.

use super::{MultiBackend, MultiRawValue};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::deserialize::{self, FromSql, FromSqlRow};
use diesel::pg::Pg;
use diesel::sql_types::{Nullable, Timestamp};
use diesel::sqlite::{Sqlite, SqliteType};

/// A `TIMESTAMP` read through [`parse`] on SQLite.
#[derive(Debug, Clone, Copy, FromSqlRow)]
pub struct Ts(NaiveDateTime);

impl From<Ts> for NaiveDateTime {
    fn from(t: Ts) -> Self {
        t.0
    }
}

/// A nullable `TIMESTAMP` read through [`parse`] on SQLite.
#[derive(Debug, Clone, Copy, FromSqlRow)]
pub struct TsOpt(Option<NaiveDateTime>);

impl From<TsOpt> for Option<NaiveDateTime> {
    fn from(t: TsOpt) -> Self {
        t.0
    }
}

impl FromSql<Timestamp, MultiBackend> for Ts {
    fn from_sql(value: MultiRawValue<'_>) -> deserialize::Result<Self> {
        match value {
            MultiRawValue::Sqlite(mut v) => {
                if v.value_type() == Some(SqliteType::Text)
                    && let Some(t) = parse(v.read_text())
                {
                    return Ok(Ts(t));
                }
                <NaiveDateTime as FromSql<Timestamp, Sqlite>>::from_sql(v).map(Ts)
            }
            MultiRawValue::Postgresql(v) => {
                <NaiveDateTime as FromSql<Timestamp, Pg>>::from_sql(v).map(Ts)
            }
        }
    }
}

impl FromSql<Nullable<Timestamp>, MultiBackend> for TsOpt {
    fn from_sql(value: MultiRawValue<'_>) -> deserialize::Result<Self> {
        <Ts as FromSql<Timestamp, MultiBackend>>::from_sql(value).map(|t| TsOpt(Some(t.0)))
    }

    fn from_nullable_sql(value: Option<MultiRawValue<'_>>) -> deserialize::Result<Self> {
        match value {
            Some(v) => Self::from_sql(v),
            None => Ok(TsOpt(None)),
        }
    }
}

/// `YYYY-MM-DD HH:MM:SS` with an optional fraction of 1 to 9 digits, nothing else.
fn parse(text: &str) -> Option<NaiveDateTime> {
    let b = text.as_bytes();
    if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || b[10] != b' ' {
        return None;
    }
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    let digits = |from: usize, to: usize| -> Option<u32> {
        b[from..to].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let year = digits(0, 4)?;
    let (month, day) = (digits(5, 7)?, digits(8, 10)?);
    let (hour, minute, second) = (digits(11, 13)?, digits(14, 16)?, digits(17, 19)?);
    let nanos = match &b[19..] {
        [] => 0,
        [b'.', fraction @ ..] if (1..=9).contains(&fraction.len()) => {
            digits(20, b.len())? * 10u32.pow(9 - fraction.len() as u32)
        }
        _ => return None,
    };
    NaiveDate::from_ymd_opt(year as i32, month, day)?.and_hms_nano_opt(hour, minute, second, nanos)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What diesel's own reading gives (chrono with diesel's first SQLite format).
    fn chrono(text: &str) -> Option<NaiveDateTime> {
        NaiveDateTime::parse_from_str(text, "%F %T%.f").ok()
    }

    #[test]
    fn reads_what_is_stored_like_chrono() {
        for text in [
            "2026-11-26 11:00:23",
            "2026-11-26 11:00:23.9",
            "2026-11-26 11:00:23.963",
            "2026-11-26 11:00:23.963082",
            "2026-11-26 11:00:23.963082522",
            "2026-11-26 11:00:23.000000001",
            "1970-01-01 00:00:00",
            "2024-02-29 23:59:59.999999999",
            "0001-01-01 00:00:00",
            "9999-12-31 23:59:59",
        ] {
            assert_eq!(parse(text), chrono(text), "{text}");
            assert!(parse(text).is_some(), "{text}");
        }
        // What diesel writes, read back.
        let t = NaiveDate::from_ymd_opt(2026, 11, 26)
            .unwrap()
            .and_hms_nano_opt(11, 0, 23, 963_082_522)
            .unwrap();
        assert_eq!(parse(&t.format("%F %T%.f").to_string()), Some(t));
    }

    #[test]
    fn leaves_other_text_to_diesel() {
        for text in [
            "",
            "2026-11-26",
            "2026-11-26T11:00:23",
            "2026-11-26 11:00:23Z",
            "2026-11-26 11:00:23+01:00",
            "2026-11-26 11:00:23.",
            "2026-11-26 11:00:23.1234567890",
            "2026-13-26 11:00:23",
            "2026-02-30 11:00:23",
            "2026-11-26 24:00:00",
            "2026-11-26 11:60:00",
            "2026-1a-26 11:00:23",
            "+2026-11-26 11:00:2",
        ] {
            assert_eq!(parse(text), None, "{text}");
        }
    }
}

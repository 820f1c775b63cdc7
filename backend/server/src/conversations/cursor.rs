//! Keyset cursors over a (timestamp, id) order, as used by the conversation list (last
//! activity) and the message list (message time). A cursor names the last row of a page by
//! its exact timestamp and id (`<unix seconds>.<nanoseconds>_<id>`), so pages neither repeat
//! nor skip rows, even when many rows share a timestamp. Clients treat it as opaque.

use crate::error::ApiError;
use crate::pagination::PageQuery;
use chrono::{DateTime, NaiveDateTime};
use serde::Deserialize;
use utoipa::IntoParams;

/// `?cursor=&limit=` of lists ordered by time.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TimePageQuery {
    /// `next_cursor` of the previous page; omit for the first page.
    #[param(pattern = r"^[0-9]{1,12}\.[0-9]{9}_[1-9][0-9]{0,17}$")]
    pub cursor: Option<String>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeCursor {
    pub at: NaiveDateTime,
    pub id: i64,
}

/// A validated request for one page of a (timestamp, id)-ordered list.
#[derive(Debug, Clone, Copy)]
pub struct TimePage {
    /// Rows strictly after this position in list order.
    pub after: Option<TimeCursor>,
    pub limit: i64,
}

impl TimeCursor {
    pub fn encode(&self) -> String {
        let t = self.at.and_utc();
        format!(
            "{}.{:09}_{}",
            t.timestamp(),
            t.timestamp_subsec_nanos(),
            self.id
        )
    }

    /// Parses what [`Self::encode`] writes (the documented pattern); `None` otherwise.
    pub fn decode(raw: &str) -> Option<Self> {
        let (time, id) = raw.split_once('_')?;
        let (secs, nanos) = time.split_once('.')?;
        let digits = |s: &str, min: usize, max: usize| {
            (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
        };
        if !digits(secs, 1, 12) || !digits(nanos, 9, 9) || !digits(id, 1, 18) || id.starts_with('0')
        {
            return None;
        }
        let at = DateTime::from_timestamp(secs.parse().ok()?, nanos.parse().ok()?)?;
        Some(Self {
            at: at.naive_utc(),
            id: id.parse().ok()?,
        })
    }
}

impl TimePage {
    /// Validates `limit` like every list and decodes `cursor`; both errors answer 422.
    pub fn from_query(q: &TimePageQuery) -> Result<Self, ApiError> {
        let limit = PageQuery {
            cursor: None,
            limit: q.limit,
        }
        .page()?
        .limit;
        let after = match q.cursor.as_deref() {
            None => None,
            Some(raw) => Some(
                TimeCursor::decode(raw)
                    .ok_or_else(|| ApiError::invalid_field("cursor", "is not a valid cursor"))?,
            ),
        };
        Ok(Self { after, limit })
    }

    /// One more row than the page, to know whether another page exists.
    pub fn fetch(&self) -> i64 {
        self.limit + 1
    }

    /// Trims the extra row; returns the next page's cursor when there is one.
    pub fn finish<T>(&self, rows: &mut Vec<T>, key: impl Fn(&T) -> TimeCursor) -> Option<String> {
        let limit = usize::try_from(self.limit).unwrap_or(usize::MAX);
        if rows.len() > limit {
            rows.truncate(limit);
            rows.last().map(|r| key(r).encode())
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn cursors_round_trip_to_the_nanosecond() {
        let at = NaiveDate::from_ymd_opt(2026, 11, 25)
            .unwrap()
            .and_hms_nano_opt(12, 0, 1, 123_456_789)
            .unwrap();
        let c = TimeCursor { at, id: 42 };
        assert_eq!(TimeCursor::decode(&c.encode()), Some(c));
    }

    #[test]
    fn anything_but_the_pattern_is_rejected() {
        for raw in [
            "",
            "42",
            "!!!",
            "1.5_3",
            "1.000000000_0",
            "1.000000000_07",
            "+1.000000000_7",
            "1.000000000_1000000000000000000",
            "1.00000000a_7",
            "1764000000.000000000-7",
        ] {
            assert_eq!(TimeCursor::decode(raw), None, "{raw}");
        }
        let c = TimeCursor::decode("999999999999.999999999_999999999999999999").unwrap();
        assert_eq!(c.id, 999_999_999_999_999_999);
    }
}

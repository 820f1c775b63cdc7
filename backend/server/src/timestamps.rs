//! RFC 3339 output of the API's timestamps, byte for byte what chrono's serde support writes
//! (`2026-11-26T11:00:23.963Z`: no fraction, or 3, 6 or 9 digits, whichever is exact; `Z`),
//! written straight into a stack buffer. chrono goes through `fmt::Display` and
//! `collect_str`, which is a large part of rendering a message or conversation as JSON (every
//! event frame and list page carries several timestamps). Years outside 0–9999 and leap
//! seconds, which chrono writes differently, go to chrono itself.
//!
//! Use on `DateTime<Utc>` fields: `#[serde(serialize_with = "crate::timestamps::rfc3339")]`,
//! and `rfc3339_opt` for `Option<DateTime<Utc>>`.

use chrono::{DateTime, Datelike, Timelike, Utc};
use serde::{Serialize, Serializer};

/// Longest output: `YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ`.
const MAX: usize = 30;

/// Writes `t` into `out`; `None` for what only chrono writes (see the module documentation).
fn write(t: &DateTime<Utc>, out: &mut [u8; MAX]) -> Option<usize> {
    let year = t.year();
    let nano = t.nanosecond();
    if !(0..=9999).contains(&year) || nano >= 1_000_000_000 {
        return None;
    }
    let two = |out: &mut [u8; MAX], at: usize, v: u32| {
        out[at] = b'0' + (v / 10) as u8;
        out[at + 1] = b'0' + (v % 10) as u8;
    };
    let year = year as u32;
    two(out, 0, year / 100);
    two(out, 2, year % 100);
    out[4] = b'-';
    two(out, 5, t.month());
    out[7] = b'-';
    two(out, 8, t.day());
    out[10] = b'T';
    two(out, 11, t.hour());
    out[13] = b':';
    two(out, 14, t.minute());
    out[16] = b':';
    two(out, 17, t.second());
    let mut len = 19;
    let (digits, mut fraction) = if nano == 0 {
        (0, 0)
    } else if nano.is_multiple_of(1_000_000) {
        (3, nano / 1_000_000)
    } else if nano.is_multiple_of(1_000) {
        (6, nano / 1_000)
    } else {
        (9, nano)
    };
    if digits > 0 {
        out[len] = b'.';
        for i in (0..digits).rev() {
            out[len + 1 + i] = b'0' + (fraction % 10) as u8;
            fraction /= 10;
        }
        len += 1 + digits;
    }
    out[len] = b'Z';
    Some(len + 1)
}

/// serde `serialize_with` for `DateTime<Utc>`.
pub fn rfc3339<S: Serializer>(t: &DateTime<Utc>, serializer: S) -> Result<S::Ok, S::Error> {
    let mut buf = [0u8; MAX];
    match write(t, &mut buf) {
        // Only ASCII digits and separators were written.
        Some(len) => serializer.serialize_str(std::str::from_utf8(&buf[..len]).unwrap_or_default()),
        None => t.serialize(serializer),
    }
}

/// serde `serialize_with` for `Option<DateTime<Utc>>` (`None` is `null`).
pub fn rfc3339_opt<S: Serializer>(
    t: &Option<DateTime<Utc>>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => rfc3339(t, serializer),
        None => serializer.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, TimeZone};

    #[derive(Serialize)]
    struct Fast(#[serde(serialize_with = "rfc3339")] DateTime<Utc>);

    #[derive(Serialize)]
    struct FastOpt(#[serde(serialize_with = "rfc3339_opt")] Option<DateTime<Utc>>);

    fn same_as_chrono(t: DateTime<Utc>) {
        let ours = serde_json::to_string(&Fast(t)).unwrap();
        let chrono = serde_json::to_string(&t).unwrap();
        assert_eq!(ours, chrono, "{t:?}");
        assert_eq!(serde_json::to_string(&FastOpt(Some(t))).unwrap(), chrono);
    }

    #[test]
    fn writes_what_chrono_writes() {
        let base = Utc.with_ymd_and_hms(2026, 11, 26, 11, 0, 23).unwrap();
        for nanos in [
            0,
            1,
            999,
            1_000,
            120_000,
            999_000,
            1_000_000,
            963_000_000,
            963_082_522,
            500_000_001,
            999_999_999,
        ] {
            same_as_chrono(base + chrono::Duration::nanoseconds(nanos));
        }
        // Dates across the range, including year boundaries, single-digit fields and midnight.
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let secs = (seed % 253_402_300_799) as i64; // 1970 … 9999-12-31T23:59:59
            let nanos = match seed % 4 {
                0 => 0,
                1 => (seed >> 20) as u32 % 1000 * 1_000_000,
                2 => (seed >> 20) as u32 % 1_000_000 * 1_000,
                _ => (seed >> 20) as u32 % 1_000_000_000,
            };
            same_as_chrono(Utc.timestamp_opt(secs, nanos).unwrap());
        }
        for (y, m, d) in [
            (1, 1, 1),
            (999, 12, 31),
            (1000, 1, 1),
            (9999, 12, 31),
            (2024, 2, 29),
        ] {
            let t = NaiveDate::from_ymd_opt(y, m, d)
                .unwrap()
                .and_hms_opt(0, 0, 0)
                .unwrap()
                .and_utc();
            same_as_chrono(t);
        }
    }

    #[test]
    fn leaves_the_rest_to_chrono() {
        // A year chrono writes with a sign, and a leap second (second 60).
        let far = NaiveDate::from_ymd_opt(10_000, 1, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap()
            .and_utc();
        assert!(write(&far, &mut [0; MAX]).is_none());
        same_as_chrono(far);
        let leap = NaiveDate::from_ymd_opt(2016, 12, 31)
            .unwrap()
            .and_hms_nano_opt(23, 59, 59, 1_500_000_000)
            .unwrap()
            .and_utc();
        assert!(write(&leap, &mut [0; MAX]).is_none());
        same_as_chrono(leap);
        assert_eq!(serde_json::to_string(&FastOpt(None)).unwrap(), "null");
    }
}

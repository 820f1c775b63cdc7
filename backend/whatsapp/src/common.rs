//! Small value types shared by webhook and Graph API models.
//!
//! Meta encodes the same logical value sometimes as a JSON string and
//! sometimes as a JSON number (timestamps, template ids, file sizes). These
//! types accept both and remember which form was received, so a parsed
//! payload serialises back to the same JSON.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// Keys that this crate does not model, kept verbatim so nothing is lost.
pub type Extra = serde_json::Map<String, serde_json::Value>;

/// An integer that may arrive as a JSON number or a decimal string.
///
/// Equality, ordering and hashing only consider the numeric value.
#[derive(Clone, Copy)]
pub struct FlexInt {
    value: i64,
    textual: bool,
}

impl FlexInt {
    /// Creates a value that serialises as a JSON number.
    pub const fn number(value: i64) -> Self {
        Self {
            value,
            textual: false,
        }
    }

    /// Creates a value that serialises as a decimal string.
    pub const fn text(value: i64) -> Self {
        Self {
            value,
            textual: true,
        }
    }

    /// The numeric value.
    pub const fn get(self) -> i64 {
        self.value
    }

    /// Whether the value was (or will be) written as a JSON string.
    pub const fn is_textual(self) -> bool {
        self.textual
    }
}

impl fmt::Debug for FlexInt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.value)
    }
}

impl fmt::Display for FlexInt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.value)
    }
}

impl PartialEq for FlexInt {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}
impl Eq for FlexInt {}
impl PartialOrd for FlexInt {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for FlexInt {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.value.cmp(&other.value)
    }
}
impl std::hash::Hash for FlexInt {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.value.hash(state);
    }
}

impl Serialize for FlexInt {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.textual {
            s.collect_str(&self.value)
        } else {
            s.serialize_i64(self.value)
        }
    }
}

struct FlexIntVisitor;

impl Visitor<'_> for FlexIntVisitor {
    type Value = FlexInt;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an integer or a string holding an integer")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<FlexInt, E> {
        Ok(FlexInt::number(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<FlexInt, E> {
        i64::try_from(v)
            .map(FlexInt::number)
            .map_err(|_| E::custom("integer out of range"))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<FlexInt, E> {
        // Only whole numbers within range are accepted; anything else is
        // a malformed payload rather than a rounding question.
        if v.fract() == 0.0 && v >= i64::MIN as f64 && v < i64::MAX as f64 {
            Ok(FlexInt::number(v as i64))
        } else {
            Err(E::custom("expected a whole number"))
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<FlexInt, E> {
        v.trim()
            .parse::<i64>()
            .map(FlexInt::text)
            .map_err(|_| E::custom("string does not hold an integer"))
    }
}

impl<'de> Deserialize<'de> for FlexInt {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(FlexIntVisitor)
    }
}

/// Unix time in seconds, as found in `timestamp`, `entry[].time` and similar
/// fields. Accepts `"1749416383"` and `1749416383` alike.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(FlexInt);

impl Timestamp {
    /// A timestamp that serialises as a string, the form used in
    /// `messages[]` and `statuses[]`.
    pub const fn from_secs(secs: i64) -> Self {
        Self(FlexInt::text(secs))
    }

    /// Seconds since the Unix epoch.
    pub const fn secs(self) -> i64 {
        self.0.get()
    }

    /// The instant as a UTC date-time; `None` if out of chrono's range.
    pub fn to_datetime(self) -> Option<DateTime<Utc>> {
        DateTime::from_timestamp(self.secs(), 0)
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Timestamp({})", self.secs())
    }
}

impl From<i64> for Timestamp {
    fn from(secs: i64) -> Self {
        Self::from_secs(secs)
    }
}

/// A Graph object id that may arrive as a JSON string or number (template
/// ids appear as numbers in template webhooks). Exposed as text.
#[derive(Clone)]
pub struct FlexId {
    value: String,
    numeric: bool,
}

impl FlexId {
    /// An id that serialises as a JSON string.
    pub fn new(value: impl Into<String>) -> Self {
        Self {
            value: value.into(),
            numeric: false,
        }
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.value
    }
}

impl fmt::Debug for FlexId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.value, f)
    }
}

impl fmt::Display for FlexId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.value)
    }
}

impl PartialEq for FlexId {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}
impl Eq for FlexId {}
impl std::hash::Hash for FlexId {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.value.hash(state);
    }
}

impl PartialEq<str> for FlexId {
    fn eq(&self, other: &str) -> bool {
        self.value == other
    }
}
impl PartialEq<&str> for FlexId {
    fn eq(&self, other: &&str) -> bool {
        self.value == *other
    }
}

impl Serialize for FlexId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.numeric
            && let Ok(n) = self.value.parse::<u64>()
        {
            return s.serialize_u64(n);
        }
        s.serialize_str(&self.value)
    }
}

struct FlexIdVisitor;

impl Visitor<'_> for FlexIdVisitor {
    type Value = FlexId;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string or integer id")
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<FlexId, E> {
        Ok(FlexId {
            value: v.to_string(),
            numeric: true,
        })
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<FlexId, E> {
        // Negative ids do not exist; keep them textual so they round-trip.
        Ok(FlexId::new(v.to_string()))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<FlexId, E> {
        Ok(FlexId::new(v))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<FlexId, E> {
        Ok(FlexId::new(v))
    }
}

impl<'de> Deserialize<'de> for FlexId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(FlexIdVisitor)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn timestamp_accepts_string_and_number_and_keeps_form() {
        let a: Timestamp = serde_json::from_str("\"1749416383\"").unwrap();
        let b: Timestamp = serde_json::from_str("1749416383").unwrap();
        assert_eq!(a, b);
        assert_eq!(a.secs(), 1_749_416_383);
        assert_eq!(serde_json::to_string(&a).unwrap(), "\"1749416383\"");
        assert_eq!(serde_json::to_string(&b).unwrap(), "1749416383");
        assert_eq!(
            a.to_datetime().unwrap().to_rfc3339(),
            "2025-06-08T20:59:43+00:00"
        );
    }

    #[test]
    fn timestamp_rejects_garbage() {
        assert!(serde_json::from_str::<Timestamp>("\"soon\"").is_err());
        assert!(serde_json::from_str::<Timestamp>("1.5").is_err());
        assert!(serde_json::from_str::<Timestamp>("null").is_err());
        assert!(serde_json::from_str::<Timestamp>("1e300").is_err());
    }

    #[test]
    fn flex_id_keeps_numeric_form() {
        let n: FlexId = serde_json::from_str("1689556908129832").unwrap();
        let s: FlexId = serde_json::from_str("\"1689556908129832\"").unwrap();
        assert_eq!(n, s);
        assert_eq!(n.as_str(), "1689556908129832");
        assert_eq!(serde_json::to_string(&n).unwrap(), "1689556908129832");
        assert_eq!(serde_json::to_string(&s).unwrap(), "\"1689556908129832\"");
    }
}

//! The list filters of both access log endpoints, validated into a [`Filter`].

use crate::error::ApiError;
use crate::ids::OrgId;
use chrono::{DateTime, NaiveDateTime, Utc};
use serde::Deserialize;
use utoipa::IntoParams;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AccessLogQuery {
    /// Only requests at or after this time (RFC 3339).
    pub from: Option<DateTime<Utc>>,
    /// Only requests before this time (RFC 3339).
    pub to: Option<DateTime<Utc>>,
    /// Only requests made by this user.
    pub user_id: Option<i64>,
    /// Only requests made with this API key.
    pub api_key_id: Option<i64>,
    /// Only this HTTP method, e.g. `DELETE`.
    #[param(example = "DELETE", pattern = "^[A-Za-z]{1,16}$")]
    pub method: Option<String>,
    /// Only this status (`404`) or status class (`4xx`).
    #[param(example = "4xx", pattern = "^[1-5]([0-9][0-9]|[xX][xX])$")]
    pub status: Option<String>,
    /// Only paths starting with this prefix, e.g. `/api/v1/contacts`.
    #[param(example = "/api/v1/contacts", pattern = "^/", max_length = 2048)]
    pub path: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusFilter {
    Exact(i32),
    /// The first digit: 4 for `4xx`.
    Class(i32),
}

#[derive(Debug, Default, Clone)]
pub struct Filter {
    pub organization: Option<OrgId>,
    pub user: Option<i64>,
    pub api_key: Option<i64>,
    pub method: Option<String>,
    pub status: Option<StatusFilter>,
    pub path_prefix: Option<String>,
    pub from: Option<NaiveDateTime>,
    pub to: Option<NaiveDateTime>,
}

impl Filter {
    /// Whether no entry can match (an empty time range).
    pub fn is_empty_range(&self) -> bool {
        matches!((self.from, self.to), (Some(from), Some(to)) if from >= to)
    }
}

fn status(raw: &str) -> Result<StatusFilter, ApiError> {
    let invalid = || {
        ApiError::invalid_field(
            "status",
            "must be an HTTP status such as 404 or a class such as 4xx",
        )
    };
    let &[first, second, third] = raw.as_bytes() else {
        return Err(invalid());
    };
    if !(b'1'..=b'5').contains(&first) {
        return Err(invalid());
    }
    let digit = |b: u8| i32::from(b - b'0');
    match (second, third) {
        (b'x' | b'X', b'x' | b'X') => Ok(StatusFilter::Class(digit(first))),
        (s, t) if s.is_ascii_digit() && t.is_ascii_digit() => Ok(StatusFilter::Exact(
            digit(first) * 100 + digit(s) * 10 + digit(t),
        )),
        _ => Err(invalid()),
    }
}

impl AccessLogQuery {
    /// Validates the parameters; `organization` scopes the result (None: every organization).
    pub fn filter(self, organization: Option<OrgId>) -> Result<Filter, ApiError> {
        let method = match self.method.as_deref() {
            None => None,
            Some(m)
                if (1..=16).contains(&m.len()) && m.chars().all(|c| c.is_ascii_alphabetic()) =>
            {
                Some(m.to_ascii_uppercase())
            }
            Some(_) => {
                return Err(ApiError::invalid_field(
                    "method",
                    "must be an HTTP method such as GET",
                ));
            }
        };
        let path_prefix = match self.path {
            None => None,
            Some(p) if p.starts_with('/') && p.len() <= 2048 => Some(p),
            Some(_) => {
                return Err(ApiError::invalid_field(
                    "path",
                    "must be a path prefix starting with /",
                ));
            }
        };
        Ok(Filter {
            organization,
            user: self.user_id,
            api_key: self.api_key_id,
            method,
            status: self.status.as_deref().map(status).transpose()?,
            path_prefix,
            from: self.from.map(|t| t.naive_utc()),
            to: self.to.map(|t| t.naive_utc()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_are_exact_or_a_class() {
        assert_eq!(status("404").ok(), Some(StatusFilter::Exact(404)));
        assert_eq!(status("4xx").ok(), Some(StatusFilter::Class(4)));
        assert_eq!(status("5XX").ok(), Some(StatusFilter::Class(5)));
        assert_eq!(status("599").ok(), Some(StatusFilter::Exact(599)));
        for bad in [
            "42", "600", "6xx", "44xx", "x", "", "4x", "+40", " 404", "4x0", "099",
        ] {
            assert!(status(bad).is_err(), "{bad}");
        }
    }
}

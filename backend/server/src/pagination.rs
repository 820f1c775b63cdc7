//! Keyset pagination shared by list endpoints: `?cursor=&limit=` in, `{items, next_cursor}`
//! out. The cursor is opaque to clients (today: the last id seen).

use crate::error::ApiError;
use serde::Deserialize;
use utoipa::IntoParams;

pub const DEFAULT_LIMIT: i64 = 50;
pub const MAX_LIMIT: i64 = 200;

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// `next_cursor` of the previous page; omit for the first page.
    #[param(pattern = "^[1-9][0-9]{0,18}$")]
    pub cursor: Option<String>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
}

/// A validated page request: rows strictly after `after` (in list order), at most `limit`.
#[derive(Debug, Clone, Copy)]
pub struct Page {
    pub after: Option<i64>,
    pub limit: i64,
}

impl PageQuery {
    pub fn page(&self) -> Result<Page, ApiError> {
        let limit = self.limit.unwrap_or(DEFAULT_LIMIT);
        if !(1..=MAX_LIMIT).contains(&limit) {
            return Err(ApiError::invalid_field(
                "limit",
                format!("must be between 1 and {MAX_LIMIT}"),
            ));
        }
        let after = match self.cursor.as_deref() {
            None => None,
            // Any id the pattern allows is a valid position; beyond the largest id simply
            // means "past the end".
            Some(c) => Some(
                c.parse::<u64>()
                    .ok()
                    .filter(|n| *n > 0)
                    .map(|n| i64::try_from(n).unwrap_or(i64::MAX))
                    .ok_or_else(|| ApiError::invalid_field("cursor", "is not a valid cursor"))?,
            ),
        };
        Ok(Page { after, limit })
    }
}

impl Page {
    /// How many rows to load: one more than the page, to know whether another page exists.
    pub fn fetch(&self) -> i64 {
        self.limit + 1
    }

    /// Trims the extra row and returns the cursor of the next page, if any.
    pub fn finish<T>(&self, rows: &mut Vec<T>, id_of: impl Fn(&T) -> i64) -> Option<String> {
        let limit = usize::try_from(self.limit).unwrap_or(usize::MAX);
        if rows.len() > limit {
            rows.truncate(limit);
            rows.last().map(|r| id_of(r).to_string())
        } else {
            None
        }
    }
}

/// Declares a `{items, next_cursor}` list type for one item type.
#[macro_export]
macro_rules! page_type {
    ($(#[$doc:meta])* $name:ident, $item:ty) => {
        $(#[$doc])*
        #[derive(Debug, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
        pub struct $name {
            pub items: Vec<$item>,
            /// Pass as `cursor` to get the next page; null on the last page.
            pub next_cursor: Option<String>,
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(cursor: Option<&str>, limit: Option<i64>) -> Result<Page, ApiError> {
        PageQuery {
            cursor: cursor.map(str::to_owned),
            limit,
        }
        .page()
    }

    #[test]
    fn cursors_and_limits() {
        assert_eq!(page(None, None).unwrap().limit, DEFAULT_LIMIT);
        assert_eq!(page(Some("42"), Some(10)).unwrap().after, Some(42));
        // Beyond the largest id: a valid position past the end, not an error.
        assert_eq!(
            page(Some("9825483976156714237"), None).unwrap().after,
            Some(i64::MAX)
        );
        for bad in ["", "0", "-3", "abc", "99999999999999999999999"] {
            assert!(page(Some(bad), None).is_err(), "{bad}");
        }
        assert!(page(None, Some(0)).is_err());
        assert!(page(None, Some(MAX_LIMIT + 1)).is_err());
    }

    #[test]
    fn finish_trims_the_probe_row() {
        let p = page(None, Some(2)).unwrap();
        let mut rows = vec![1, 2, 3];
        assert_eq!(p.finish(&mut rows, |r| *r), Some("2".to_owned()));
        assert_eq!(rows, [1, 2]);
        let mut rows = vec![1, 2];
        assert_eq!(p.finish(&mut rows, |r| *r), None);
    }
}

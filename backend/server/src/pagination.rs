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
            Some(c) => Some(
                c.parse::<i64>()
                    .ok()
                    .filter(|n| *n > 0)
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

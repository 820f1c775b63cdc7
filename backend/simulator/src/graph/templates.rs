//! `GET /{version}/{WABA}/message_templates` with cursor paging
//! (CLOUD_API.md §8).

use std::collections::HashMap;

use actix_web::web::{Data, Path};
use actix_web::{HttpRequest, HttpResponse};
use serde_json::{Value, json};

use super::{apply_faults, auth, check_version, fields, query};
use crate::engine::Engine;
use crate::errors::ApiError;
use crate::ids;
use crate::model::{FaultScope, Template};

/// Page size without `limit`.
pub(crate) const DEFAULT_LIMIT: usize = 25;
const MAX_LIMIT: usize = 1000;
/// Query parameters carried over into `paging.next` / `previous`.
const KEPT_PARAMS: &[&str] = &["fields", "status", "name", "category", "language"];

fn matches(t: &Template, q: &HashMap<String, String>) -> bool {
    let eq = |key: &str, value: &str| {
        q.get(key)
            .is_none_or(|want| want.eq_ignore_ascii_case(value))
    };
    let name_ok = q
        .get("name")
        .is_none_or(|n| t.name.to_lowercase().contains(&n.to_lowercase()));
    name_ok && eq("status", &t.status) && eq("category", &t.category) && eq("language", &t.language)
}

fn cursor(q: &HashMap<String, String>, key: &str) -> Result<Option<usize>, ApiError> {
    match q.get(key) {
        None => Ok(None),
        Some(c) => ids::decode_cursor(c)
            .map(Some)
            .ok_or_else(|| ApiError::InvalidParameter(format!("Invalid {key} cursor."))),
    }
}

fn page_url(
    base: &str,
    q: &HashMap<String, String>,
    limit: usize,
    key: &str,
    value: &str,
) -> String {
    match url::Url::parse(base) {
        Ok(mut u) => {
            {
                let mut pairs = u.query_pairs_mut();
                pairs.append_pair("limit", &limit.to_string());
                for k in KEPT_PARAMS {
                    if let Some(v) = q.get(*k) {
                        pairs.append_pair(k, v);
                    }
                }
                pairs.append_pair(key, value);
            }
            u.to_string()
        }
        Err(_) => base.to_string(),
    }
}

/// Handler.
pub(crate) async fn list(
    engine: Data<Engine>,
    req: HttpRequest,
    path: Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (version, waba) = path.into_inner();
    check_version(&version)?;
    let state = &engine.state;
    apply_faults(state, FaultScope::Templates).await?;
    auth::waba(state, &req, &waba, "get")?;
    let q = query(&req);
    let limit = match q.get("limit") {
        None => DEFAULT_LIMIT,
        Some(s) => s
            .trim()
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=MAX_LIMIT).contains(n))
            .ok_or_else(|| {
                ApiError::InvalidParameter(format!(
                    "Param limit must be an integer between 1 and {MAX_LIMIT}."
                ))
            })?,
    };
    let all: Vec<Template> = state.with(|i| {
        i.templates
            .iter()
            .filter(|t| t.waba_id == waba && matches(t, &q))
            .cloned()
            .collect()
    });
    let total = all.len();
    let (start, end) = match (cursor(&q, "after")?, cursor(&q, "before")?) {
        (Some(after), _) => {
            let s = after.saturating_add(1).min(total);
            (s, s.saturating_add(limit).min(total))
        }
        (None, Some(before)) => {
            let e = before.min(total);
            (e.saturating_sub(limit), e)
        }
        (None, None) => (0, limit.min(total)),
    };
    let wanted = fields(&q);
    let data: Vec<Value> = all
        .get(start..end)
        .unwrap_or_default()
        .iter()
        .map(|t| t.to_json(wanted.as_deref()))
        .collect();
    let mut body = json!({ "data": data });
    if end > start {
        let base = format!("{}/{version}/{waba}/message_templates", state.public_url);
        let before = ids::encode_cursor(start);
        let after = ids::encode_cursor(end - 1);
        let mut paging = json!({ "cursors": { "before": before, "after": after } });
        if end < total {
            paging["next"] = json!(page_url(&base, &q, limit, "after", &after));
        }
        if start > 0 {
            paging["previous"] = json!(page_url(&base, &q, limit, "before", &before));
        }
        body["paging"] = paging;
    }
    Ok(HttpResponse::Ok().json(body))
}

//! `GET /{version}/{PNID}` (CLOUD_API.md §9).

use actix_web::{HttpRequest, HttpResponse};
use serde_json::{Map, Value};

use super::{apply_faults, auth, fields, query};
use crate::errors::ApiError;
use crate::model::{FaultScope, PhoneNumber};
use crate::state::SimState;

/// Fields returned without `fields=`.
const DEFAULT_FIELDS: &[&str] = &[
    "id",
    "display_phone_number",
    "verified_name",
    "quality_rating",
];

/// Selects `wanted` (or `default`) from all fields of a number.
pub(crate) fn select(
    state: &SimState,
    phone: &PhoneNumber,
    wanted: Option<&[String]>,
    default: &[&str],
) -> Value {
    let settings = state.settings();
    let url = phone.webhook_url.clone().or(settings.webhook_url);
    let all = phone.all_fields(url.as_deref());
    let mut out = Map::new();
    for (k, v) in all {
        let keep = k == "id"
            || match wanted {
                Some(list) => list.contains(&k),
                None => default.contains(&k.as_str()),
            };
        if keep {
            out.insert(k, v);
        }
    }
    Value::Object(out)
}

/// Handler body for a known phone number id.
pub(crate) async fn info(
    state: &SimState,
    req: &HttpRequest,
    pnid: &str,
) -> Result<HttpResponse, ApiError> {
    apply_faults(state, FaultScope::PhoneNumbers).await?;
    let phone = auth::phone(state, req, pnid, "get")?;
    let wanted = fields(&query(req));
    Ok(HttpResponse::Ok().json(select(state, &phone, wanted.as_deref(), DEFAULT_FIELDS)))
}

//! The fake Graph API (`/{version}/...`) and the media download host.

mod auth;
mod media;
mod messages;
mod objects;
mod phone;
mod templates;
mod waba;

use std::collections::HashMap;

use actix_web::{HttpRequest, HttpResponse, web};

use crate::errors::ApiError;
use crate::model::FaultKind;
use crate::model::FaultScope;
use crate::state::SimState;

/// Registers the Graph API routes.
pub(crate) fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/whatsapp_business/attachments/").route(web::get().to(media::download)),
    )
    .service(web::resource("/{version}/{id}/messages").route(web::post().to(messages::send)))
    .service(web::resource("/{version}/{id}/media").route(web::post().to(media::upload)))
    .service(
        web::resource("/{version}/{id}/message_templates").route(web::get().to(templates::list)),
    )
    .service(
        web::resource("/{version}/{id}/phone_numbers").route(web::get().to(waba::phone_numbers)),
    )
    .service(
        web::resource("/{version}/{id}/subscribed_apps")
            .route(web::get().to(waba::subscribed_apps))
            .route(web::post().to(waba::subscribe))
            .route(web::delete().to(waba::unsubscribe)),
    )
    .service(
        web::resource("/{version}/{id}")
            .route(web::get().to(objects::get))
            .route(web::delete().to(objects::delete)),
    );
}

/// Fallback for paths the simulator does not implement.
pub(crate) async fn unknown_path(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    Err(ApiError::UnknownPath(req.path().to_string()))
}

/// Accepts `v<major>.<minor>`.
pub(crate) fn check_version(version: &str) -> Result<(), ApiError> {
    let ok = version
        .strip_prefix('v')
        .and_then(|rest| rest.split_once('.'))
        .is_some_and(|(major, minor)| {
            !major.is_empty()
                && !minor.is_empty()
                && major.bytes().all(|b| b.is_ascii_digit())
                && minor.bytes().all(|b| b.is_ascii_digit())
        });
    if ok {
        Ok(())
    } else {
        Err(ApiError::UnknownPath(format!(
            "unknown API version '{version}', expected v<major>.<minor>"
        )))
    }
}

/// Decoded query string.
pub(crate) fn query(req: &HttpRequest) -> HashMap<String, String> {
    url::form_urlencoded::parse(req.query_string().as_bytes())
        .into_owned()
        .collect()
}

/// Top-level names of a Graph `fields` parameter (`a,b{c,d},e` → a, b, e).
pub(crate) fn fields(q: &HashMap<String, String>) -> Option<Vec<String>> {
    let raw = q.get("fields")?;
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut current = String::new();
    for c in raw.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                if !current.trim().is_empty() {
                    out.push(current.trim().to_string());
                }
                current.clear();
            }
            _ if depth == 0 => current.push(c),
            _ => {}
        }
    }
    if !current.trim().is_empty() {
        out.push(current.trim().to_string());
    }
    Some(out)
}

/// Applies an armed fault for a call of `scope`, if any.
pub(crate) async fn apply_faults(state: &SimState, scope: FaultScope) -> Result<(), ApiError> {
    let Some(fault) = state.take_fault(scope) else {
        return Ok(());
    };
    tracing::debug!(?fault, "injecting fault");
    Err(match fault.kind {
        FaultKind::Http500 => ApiError::Internal,
        FaultKind::RateLimit => ApiError::RateLimited,
        FaultKind::WindowClosed => ApiError::ReEngagement,
        FaultKind::TokenExpired => ApiError::TokenExpired,
        FaultKind::Timeout => {
            let ms = fault.delay_ms.unwrap_or(30_000);
            tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
            ApiError::ServiceUnavailable
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions() {
        assert!(check_version("v23.0").is_ok());
        assert!(check_version("v9.12").is_ok());
        assert!(check_version("23.0").is_err());
        assert!(check_version("v23").is_err());
        assert!(check_version("_sim").is_err());
    }

    #[test]
    fn nested_fields_are_cut() {
        let mut q = HashMap::new();
        q.insert(
            "fields".to_string(),
            "name,components{type,text},status".to_string(),
        );
        assert_eq!(
            fields(&q),
            Some(vec!["name".into(), "components".into(), "status".into()])
        );
    }
}

//! Control API under `/_sim` (documented in README.md).

mod admin;
mod inbound;
mod inspect;
mod registry;

use actix_web::{Scope, web};

use crate::errors::SimError;

/// Largest control request body (base64 media included).
const JSON_LIMIT: usize = 160 * 1024 * 1024;

/// The `/_sim` scope.
pub(crate) fn scope() -> Scope {
    let json = web::JsonConfig::default()
        .limit(JSON_LIMIT)
        .error_handler(|err, _req| SimError::BadRequest(err.to_string()).into());
    web::scope("/_sim")
        .app_data(json)
        .service(web::resource("/health").route(web::get().to(admin::health)))
        .service(
            web::resource("/phone-numbers")
                .route(web::post().to(registry::add_phone))
                .route(web::get().to(registry::list_phones)),
        )
        .service(
            web::resource("/templates")
                .route(web::post().to(registry::add_template))
                .route(web::get().to(registry::list_templates)),
        )
        .service(
            web::resource("/customers")
                .route(web::post().to(registry::add_customer))
                .route(web::get().to(registry::list_customers)),
        )
        .service(
            web::resource("/customers/{wa_id}/messages")
                .route(web::post().to(inbound::customer_message)),
        )
        .service(web::resource("/customers/{wa_id}/window").route(web::post().to(inbound::window)))
        .service(web::resource("/sent").route(web::get().to(inspect::sent)))
        .service(web::resource("/read-receipts").route(web::get().to(inspect::read_receipts)))
        .service(web::resource("/webhooks").route(web::get().to(inspect::webhooks)))
        .service(web::resource("/media").route(web::get().to(inspect::media)))
        .service(
            web::resource("/messages/{wamid}/statuses").route(web::post().to(admin::emit_status)),
        )
        .service(
            web::resource("/faults")
                .route(web::post().to(admin::add_fault))
                .route(web::get().to(admin::list_faults))
                .route(web::delete().to(admin::clear_faults)),
        )
        .service(
            web::resource("/settings")
                .route(web::get().to(admin::get_settings))
                .route(web::patch().to(admin::patch_settings)),
        )
        .service(
            web::resource("/clock")
                .route(web::get().to(admin::get_clock))
                .route(web::post().to(admin::advance_clock)),
        )
        .service(web::resource("/reset").route(web::post().to(admin::reset)))
}

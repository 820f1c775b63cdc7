//! Meta's webhooks: the signed `POST /webhooks/whatsapp` is stored durably before it is
//! acknowledged (group commit), then processed asynchronously and idempotently; events stay
//! inspectable and can be reprocessed through `/api/v1/webhook-events`.

pub mod dto;
pub mod intake;
pub mod metrics;
pub mod processor;
pub mod routes;
pub mod store;

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        routes::verify_subscription,
        routes::receive,
        routes::list_events,
        routes::reprocess_event,
    ),
    components(schemas(dto::EventStatus)),
    tags(
        (name = "webhooks", description = "Meta's webhook callback (signed by Meta, not by API clients)"),
        (name = "webhook-events", description = "Received webhooks and their processing"),
    )
)]
pub struct Api;

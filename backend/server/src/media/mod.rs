//! Media of messages: inbound files are downloaded from Meta right away (their URLs expire in
//! minutes), checked (sha256, size) and stored through `object_store`; failures are retried
//! with backoff and a final failure stays visible on the message.

pub mod blobs;
pub mod routes;
pub mod storage;
pub mod store;
pub mod upload;
pub mod worker;

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(routes::get_media, upload::upload_media),
    tags((name = "media", description = "Files attached to messages"))
)]
pub struct Api;

//! Message templates of each connected number: synced from the Graph API (on demand, on a
//! schedule and when Meta reports a status change), listed for the composer's template
//! picker with the parameters each needs, and checked before a template message is sent.

mod check;
mod dto;
pub mod parameters;
pub mod routes;
pub mod store;
pub mod sync;
pub mod worker;

pub use check::{check_parameters, check_send};
pub use dto::{MessageTemplate, TemplatePage, TemplateSync};

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(routes::list_templates, routes::sync_templates),
    tags((name = "templates", description = "Message templates of the connected numbers"))
)]
pub struct Api;

//! Restricted administrative access. Platform staff see no organization's data by default.
//! An organization admin grants them read access for a limited time (1–72 h, with a reason);
//! in an emergency a platform admin opens break-glass access (1 h, with a reason), which the
//! organization sees in its audit log at once. While a grant is active, a platform admin reads
//! that organization's data through the normal endpoints — GET only — by sending
//! `X-WinMessages-Organization: <id>`; every such read is written to the organization's audit
//! log as `staff.read` with the path and the grant.

mod dto;
pub mod routes;
pub mod staff;
pub mod store;

pub use dto::{AccessGrant, AccessGrantKind, AccessGrantPage, BreakGlassRequest, NewAccessGrant};

/// The header naming the organization a platform admin reads.
pub const ORGANIZATION_HEADER: &str = "x-winmessages-organization";

/// How long break-glass access lasts.
pub const BREAK_GLASS_HOURS: i64 = 1;

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        routes::list_access_grants,
        routes::create_access_grant,
        routes::revoke_access_grant,
        routes::open_break_glass,
    ),
    tags((name = "access-grants", description = "Time-boxed read access for platform staff, granted by the organization"))
)]
pub struct Api;

//! Authentication and authorization: passwords, JWT sessions with rotating refresh tokens,
//! API keys, login rate limits, and the caller extractors every handler uses.

mod caller;
pub mod dto;
pub mod jwt;
pub mod password;
pub mod ratelimit;
mod role;
pub mod routes;
mod service;
pub mod store;
pub mod tokens;

pub(crate) use caller::identify_late;
pub use caller::{Caller, OrgAdmin, OrgMember, PlatformAdmin, Principal};
pub use role::{MemberRole, Role};
pub use service::AuthService;

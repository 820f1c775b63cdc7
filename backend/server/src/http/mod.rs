//! Cross-cutting HTTP plumbing: extractor error handlers, the problem+json safety net,
//! panic containment, the request id header, security headers, CORS and TLS.

pub mod client;
pub mod extractors;
pub mod fallback;
pub mod json;

pub use json::Json;
pub mod middleware;
pub mod security;
pub mod tls;

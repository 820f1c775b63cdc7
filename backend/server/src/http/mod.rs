//! Cross-cutting HTTP plumbing: extractor error handlers, the problem+json safety net,
//! panic containment and the request id header.

pub mod client;
pub mod extractors;
pub mod fallback;
pub mod json;

pub use json::Json;
pub mod middleware;

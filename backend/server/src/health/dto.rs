use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The process is alive.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Health {
    /// Always `ok` when the process answers.
    #[schema(example = "ok")]
    pub status: String,
    /// Server version.
    #[schema(example = "0.1.0")]
    pub version: String,
}

/// The server can serve requests: its database answers.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Readiness {
    #[schema(example = "ready")]
    pub status: String,
    /// The database backend in use: `sqlite` or `postgresql`.
    #[schema(example = "sqlite")]
    pub database: String,
}

//! Command line: `winmessages [serve|migrate|create-admin|openapi]`; every flag mirrors an
//! environment variable so the same settings work in containers and shells.

use clap::{Args, Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(name = "winmessages", version, about = "WinMessages — WhatsApp Business team inbox")]
pub struct Cli {
    #[command(flatten)]
    pub settings: Settings,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the HTTP server (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Create a platform administrator.
    CreateAdmin {
        #[arg(long)]
        email: String,
        #[arg(long)]
        password: String,
    },
    /// Print the OpenAPI document to standard output.
    Openapi,
}

/// Raw settings as given on the command line or in the environment; [`crate::config::Config`]
/// validates them.
#[derive(Debug, Clone, Args)]
pub struct Settings {
    /// Database URL: `postgres://…` or `sqlite://path`; default: `winmessages.db` in the data dir.
    #[arg(long, env = "DATABASE_URL", global = true)]
    pub database_url: Option<String>,
    /// Address to listen on.
    #[arg(long, env = "WINMESSAGES_BIND", default_value = "127.0.0.1:8080", global = true)]
    pub bind: String,
    /// Directory for the SQLite database, generated keys and media.
    #[arg(long, env = "WINMESSAGES_DATA_DIR", default_value = "data", global = true)]
    pub data_dir: PathBuf,
    /// Directory of the built SPA served at `/`.
    #[arg(long, env = "WINMESSAGES_STATIC_DIR", default_value = "frontend/dist", global = true)]
    pub static_dir: PathBuf,
    /// Maximum database connections in the pool.
    #[arg(long, env = "WINMESSAGES_DB_POOL_SIZE", global = true)]
    pub db_pool_size: Option<String>,
    /// Log format: `text` or `json`.
    #[arg(long, env = "WINMESSAGES_LOG_FORMAT", default_value = "text", global = true)]
    pub log_format: String,
}

impl Settings {
    /// Defaults only; used by tests that then override fields.
    pub fn defaults() -> Self {
        Self {
            database_url: None,
            bind: "127.0.0.1:8080".into(),
            data_dir: PathBuf::from("data"),
            static_dir: PathBuf::from("frontend/dist"),
            db_pool_size: None,
            log_format: "text".into(),
        }
    }
}

/// Parses the listen address, naming the setting on failure.
pub fn parse_bind(raw: &str) -> Result<SocketAddr, String> {
    raw.parse()
        .map_err(|e| format!("WINMESSAGES_BIND: `{raw}` is not a socket address ({e})"))
}

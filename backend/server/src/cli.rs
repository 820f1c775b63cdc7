//! Command line: `winmessages [serve|migrate|create-admin|purge|openapi|seed]`; every flag mirrors an
//! environment variable so the same settings work in containers and shells.

use clap::{Args, Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "winmessages",
    version,
    about = "WinMessages — WhatsApp Business team inbox"
)]
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
    /// Delete data older than its retention period now (the server also does it hourly) and
    /// print what was deleted.
    Purge,
    /// Fill the database with a generated inbox (demos, list benchmarks).
    Seed(crate::seed::SeedOptions),
}

/// Raw settings as given on the command line or in the environment; [`crate::config::Config`]
/// validates them.
#[derive(Debug, Clone, Args)]
pub struct Settings {
    /// Database URL: `postgres://…` or `sqlite://path`; default: `winmessages.db` in the data dir.
    #[arg(long, env = "DATABASE_URL", global = true)]
    pub database_url: Option<String>,
    /// Address to listen on.
    #[arg(
        long,
        env = "WINMESSAGES_BIND",
        default_value = "127.0.0.1:8080",
        global = true
    )]
    pub bind: String,
    /// Directory for the SQLite database, generated keys and media.
    #[arg(
        long,
        env = "WINMESSAGES_DATA_DIR",
        default_value = "data",
        global = true
    )]
    pub data_dir: PathBuf,
    /// Directory of the built SPA served at `/`.
    #[arg(
        long,
        env = "WINMESSAGES_STATIC_DIR",
        default_value = "frontend/dist",
        global = true
    )]
    pub static_dir: PathBuf,
    /// Maximum database connections in the pool.
    #[arg(long, env = "WINMESSAGES_DB_POOL_SIZE", global = true)]
    pub db_pool_size: Option<String>,
    /// Secret for signing access tokens (at least 32 bytes); generated into the data dir when unset.
    #[arg(
        long,
        env = "WINMESSAGES_JWT_SECRET",
        global = true,
        hide_env_values = true
    )]
    pub jwt_secret: Option<String>,
    /// First platform administrator, created at start when no user exists (with the password).
    #[arg(long, env = "WINMESSAGES_ADMIN_EMAIL", global = true)]
    pub admin_email: Option<String>,
    #[arg(
        long,
        env = "WINMESSAGES_ADMIN_PASSWORD",
        global = true,
        hide_env_values = true
    )]
    pub admin_password: Option<String>,
    /// Failed-login budget: attempts per minute per account.
    #[arg(
        long,
        env = "WINMESSAGES_LOGIN_ATTEMPTS_PER_ACCOUNT",
        default_value = "5",
        global = true
    )]
    pub login_attempts_per_account: String,
    /// Failed-login budget: attempts per minute per client IP address.
    #[arg(
        long,
        env = "WINMESSAGES_LOGIN_ATTEMPTS_PER_IP",
        default_value = "20",
        global = true
    )]
    pub login_attempts_per_ip: String,
    /// Take the client address from `Forwarded`/`X-Forwarded-For` (only behind a trusted proxy).
    #[arg(
        long,
        env = "WINMESSAGES_TRUST_FORWARDED",
        default_value = "false",
        global = true
    )]
    pub trust_forwarded: String,
    /// Log format: `text` or `json`.
    #[arg(
        long,
        env = "WINMESSAGES_LOG_FORMAT",
        default_value = "text",
        global = true
    )]
    pub log_format: String,
    /// Secret of the Meta app, to verify `X-Hub-Signature-256` on webhooks.
    #[arg(
        long,
        env = "WINMESSAGES_META_APP_SECRET",
        global = true,
        hide_env_values = true
    )]
    pub meta_app_secret: Option<String>,
    /// Token Meta sends in the webhook verification handshake.
    #[arg(
        long,
        env = "WINMESSAGES_META_VERIFY_TOKEN",
        global = true,
        hide_env_values = true
    )]
    pub meta_verify_token: Option<String>,
    /// Graph API origin (a simulator's URL in tests and demos).
    #[arg(
        long,
        env = "WINMESSAGES_GRAPH_API_BASE",
        default_value = "https://graph.facebook.com",
        global = true
    )]
    pub graph_api_base: String,
    /// Graph API version path segment.
    #[arg(
        long,
        env = "WINMESSAGES_GRAPH_API_VERSION",
        default_value = "v23.0",
        global = true
    )]
    pub graph_api_version: String,
    /// Key encrypting access tokens at rest: 32 bytes in base64; generated into the data dir when unset.
    #[arg(
        long,
        env = "WINMESSAGES_ENCRYPTION_KEY",
        global = true,
        hide_env_values = true
    )]
    pub encryption_key: Option<String>,
    /// Where media is stored: a directory path or `file:///dir` (default: `media` in the data
    /// dir), or `s3://bucket[/prefix]` (credentials and endpoint from the standard `AWS_*` variables).
    #[arg(long, env = "WINMESSAGES_MEDIA_STORE", global = true)]
    pub media_store: Option<String>,
    /// Messages sent per second per WhatsApp number at most (Meta's default throughput is 80).
    #[arg(
        long,
        env = "WINMESSAGES_SEND_RATE_PER_NUMBER",
        default_value = "80",
        global = true
    )]
    pub send_rate_per_number: String,
    /// First retry delay of a failed send in milliseconds; it doubles with each attempt.
    #[arg(
        long,
        env = "WINMESSAGES_OUTBOX_RETRY_BASE_MS",
        default_value = "2000",
        global = true
    )]
    pub outbox_retry_base_ms: String,
    /// Seconds a Graph API call (other than media transfers) may take before it is abandoned.
    #[arg(
        long,
        env = "WINMESSAGES_GRAPH_TIMEOUT_SECS",
        default_value = "30",
        global = true
    )]
    pub graph_timeout_secs: String,
    /// Seconds between two refreshes of every connected number's message templates.
    #[arg(
        long,
        env = "WINMESSAGES_TEMPLATE_REFRESH_INTERVAL",
        default_value = "21600",
        global = true
    )]
    pub template_refresh_interval: String,
    /// Seconds between two heartbeats of an open event stream (`GET /api/v1/events`); the
    /// stream's credential is checked again at each.
    #[arg(
        long,
        env = "WINMESSAGES_EVENTS_HEARTBEAT_SECS",
        default_value = "15",
        global = true
    )]
    pub events_heartbeat_secs: String,
    /// Seconds inbox events are kept for clients reconnecting with `Last-Event-ID`.
    #[arg(
        long,
        env = "WINMESSAGES_EVENTS_RETENTION_SECS",
        default_value = "600",
        global = true
    )]
    pub events_retention_secs: String,
    /// Platform default retention of messages: days, or `keep`.
    #[arg(
        long,
        env = "WINMESSAGES_RETENTION_MESSAGES_DAYS",
        default_value = "730",
        global = true
    )]
    pub retention_messages_days: String,
    /// Platform default retention of stored media files: days, or `keep`.
    #[arg(
        long,
        env = "WINMESSAGES_RETENTION_MEDIA_DAYS",
        default_value = "365",
        global = true
    )]
    pub retention_media_days: String,
    /// Platform default retention of raw webhook payloads: days, or `keep`.
    #[arg(
        long,
        env = "WINMESSAGES_RETENTION_WEBHOOK_PAYLOADS_DAYS",
        default_value = "30",
        global = true
    )]
    pub retention_webhook_payloads_days: String,
    /// Platform default retention of the Graph API call log: days, or `keep`.
    #[arg(
        long,
        env = "WINMESSAGES_RETENTION_API_CALLS_DAYS",
        default_value = "30",
        global = true
    )]
    pub retention_api_calls_days: String,
    /// Platform default retention of the access log: days, or `keep`.
    #[arg(
        long,
        env = "WINMESSAGES_RETENTION_ACCESS_LOGS_DAYS",
        default_value = "90",
        global = true
    )]
    pub retention_access_logs_days: String,
    /// Platform default retention of the audit log: days, or `keep`.
    #[arg(
        long,
        env = "WINMESSAGES_RETENTION_AUDIT_LOG_DAYS",
        default_value = "730",
        global = true
    )]
    pub retention_audit_log_days: String,
    /// Seconds between two runs of the background purge of expired data.
    #[arg(
        long,
        env = "WINMESSAGES_PURGE_INTERVAL_SECS",
        default_value = "3600",
        global = true
    )]
    pub purge_interval_secs: String,
    /// PEM file with the TLS certificate chain; with `WINMESSAGES_TLS_KEY`, the server speaks
    /// HTTPS itself instead of relying on a terminating proxy.
    #[arg(long, env = "WINMESSAGES_TLS_CERT", global = true)]
    pub tls_cert: Option<PathBuf>,
    /// PEM file with the private key of `WINMESSAGES_TLS_CERT`.
    #[arg(long, env = "WINMESSAGES_TLS_KEY", global = true)]
    pub tls_key: Option<PathBuf>,
    /// Origins (comma-separated, e.g. `https://crm.example.com`) whose browser code may call
    /// the API; none by default.
    #[arg(long, env = "WINMESSAGES_CORS_ORIGINS", global = true)]
    pub cors_origins: Option<String>,
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
            jwt_secret: None,
            admin_email: None,
            admin_password: None,
            login_attempts_per_account: "5".into(),
            login_attempts_per_ip: "20".into(),
            trust_forwarded: "false".into(),
            log_format: "text".into(),
            meta_app_secret: None,
            meta_verify_token: None,
            graph_api_base: "https://graph.facebook.com".into(),
            graph_api_version: "v23.0".into(),
            encryption_key: None,
            media_store: None,
            send_rate_per_number: "80".into(),
            outbox_retry_base_ms: "2000".into(),
            graph_timeout_secs: "30".into(),
            template_refresh_interval: "21600".into(),
            events_heartbeat_secs: "15".into(),
            events_retention_secs: "600".into(),
            retention_messages_days: "730".into(),
            retention_media_days: "365".into(),
            retention_webhook_payloads_days: "30".into(),
            retention_api_calls_days: "30".into(),
            retention_access_logs_days: "90".into(),
            retention_audit_log_days: "730".into(),
            purge_interval_secs: "3600".into(),
            tls_cert: None,
            tls_key: None,
            cors_origins: None,
        }
    }
}

/// Parses the listen address, naming the setting on failure.
pub fn parse_bind(raw: &str) -> Result<SocketAddr, String> {
    raw.parse()
        .map_err(|e| format!("WINMESSAGES_BIND: `{raw}` is not a socket address ({e})"))
}

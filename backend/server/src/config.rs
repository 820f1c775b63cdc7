//! Validated configuration. Every error names the setting it is about, so a bad deployment
//! fails at start-up with one clear line.

use crate::cli::{Settings, parse_bind};
use crate::db::DatabaseTarget;
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Clone)]
pub struct Config {
    pub database: DatabaseTarget,
    pub bind: SocketAddr,
    pub data_dir: PathBuf,
    pub static_dir: PathBuf,
    pub pool_size: u32,
    pub log_format: LogFormat,
    /// Configured JWT secret; `None` → generated into the data dir.
    pub jwt_secret: Option<Secret>,
    pub bootstrap_admin: Option<(String, Secret)>,
    pub login_attempts_per_account: u32,
    pub login_attempts_per_ip: u32,
    pub trust_forwarded: bool,
    /// Meta app secret for webhook signatures; `None` → webhooks are refused with 503.
    pub meta_app_secret: Option<Secret>,
    /// Verify token of the webhook handshake; `None` → the handshake is refused.
    pub meta_verify_token: Option<Secret>,
    pub graph_api_base: String,
    pub graph_api_version: String,
    /// Configured access-token encryption key; `None` → generated into the data dir.
    pub encryption_key: Option<crate::crypto::EncryptionKey>,
    pub media_store: crate::media::storage::MediaStoreTarget,
    /// Sends per second per WhatsApp number.
    pub send_rate_per_number: u32,
    /// First retry delay of a failed send (doubles per attempt, with jitter).
    pub outbox_retry_base: std::time::Duration,
    /// Time limit of a Graph API call (media transfers have their own, longer one).
    pub graph_timeout: std::time::Duration,
    /// Time between two refreshes of every number's message templates.
    pub template_refresh_interval: std::time::Duration,
    /// Time between two heartbeats (and credential re-checks) of an open event stream.
    pub events_heartbeat: std::time::Duration,
    /// How long inbox events are kept for reconnecting clients (`Last-Event-ID`).
    pub events_retention: std::time::Duration,
    /// Platform default retention per data type (organizations may set their own).
    pub retention_defaults: crate::retention::Defaults,
    /// Time between two runs of the background purge.
    pub purge_interval: std::time::Duration,
    /// HTTPS served directly (certificate and key loaded at start-up); `None` → plain HTTP,
    /// e.g. behind a TLS-terminating proxy.
    pub tls: Option<std::sync::Arc<rustls::ServerConfig>>,
    /// Browser origins allowed to call the API cross-origin; empty → CORS stays closed.
    pub cors_origins: Vec<String>,
}

/// A secret value whose `Debug` never prints it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}

fn positive(name: &str, raw: &str) -> Result<u32, ConfigError> {
    match raw.parse::<u32>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(ConfigError(format!(
            "{name}: `{raw}` must be a whole number greater than 0"
        ))),
    }
}

fn boolean(name: &str, raw: &str) -> Result<bool, ConfigError> {
    match raw.to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" | "" => Ok(false),
        _ => Err(ConfigError(format!(
            "{name}: `{raw}` must be true or false"
        ))),
    }
}

fn non_empty(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

fn graph_api_base(raw: &str) -> Result<String, ConfigError> {
    match url::Url::parse(raw.trim()) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() => {
            Ok(raw.trim().trim_end_matches('/').to_owned())
        }
        _ => Err(ConfigError(format!(
            "WINMESSAGES_GRAPH_API_BASE: `{raw}` must be an http(s) URL"
        ))),
    }
}

fn tls(s: &Settings) -> Result<Option<std::sync::Arc<rustls::ServerConfig>>, ConfigError> {
    let blank = |p: &Option<PathBuf>| p.clone().filter(|p| !p.as_os_str().is_empty());
    match (blank(&s.tls_cert), blank(&s.tls_key)) {
        (None, None) => Ok(None),
        (Some(cert), Some(key)) => crate::http::tls::server_config(&cert, &key)
            .map(|c| Some(std::sync::Arc::new(c)))
            .map_err(ConfigError),
        (Some(_), None) => Err(ConfigError(
            "WINMESSAGES_TLS_KEY: required when WINMESSAGES_TLS_CERT is set".into(),
        )),
        (None, Some(_)) => Err(ConfigError(
            "WINMESSAGES_TLS_CERT: required when WINMESSAGES_TLS_KEY is set".into(),
        )),
    }
}

/// Exact origins such as `https://crm.example.com` (scheme, host and optional port only).
fn cors_origins(raw: Option<&str>) -> Result<Vec<String>, ConfigError> {
    let Some(raw) = raw else {
        return Ok(Vec::new());
    };
    raw.split(',')
        .map(str::trim)
        .filter(|o| !o.is_empty())
        .map(|origin| {
            let canonical = url::Url::parse(origin)
                .ok()
                .filter(|u| matches!(u.scheme(), "http" | "https"))
                .map(|u| u.origin().ascii_serialization());
            match canonical {
                Some(c) if c == origin.trim_end_matches('/') => Ok(c),
                _ => Err(ConfigError(format!(
                    "WINMESSAGES_CORS_ORIGINS: `{origin}` must be an origin such as https://app.example.com (no path)"
                ))),
            }
        })
        .collect()
}

fn graph_api_version(raw: &str) -> Result<String, ConfigError> {
    let valid = raw
        .strip_prefix('v')
        .and_then(|rest| rest.split_once('.'))
        .is_some_and(|(major, minor)| {
            !major.is_empty()
                && !minor.is_empty()
                && major.chars().all(|c| c.is_ascii_digit())
                && minor.chars().all(|c| c.is_ascii_digit())
        });
    if valid {
        Ok(raw.to_owned())
    } else {
        Err(ConfigError(format!(
            "WINMESSAGES_GRAPH_API_VERSION: `{raw}` must look like v23.0"
        )))
    }
}

fn retention_defaults(s: &Settings) -> Result<crate::retention::Defaults, ConfigError> {
    use crate::retention::{DataType, Defaults, Period};
    let mut d = Defaults::default();
    for (t, raw) in [
        (DataType::Messages, &s.retention_messages_days),
        (DataType::Media, &s.retention_media_days),
        (
            DataType::WebhookPayloads,
            &s.retention_webhook_payloads_days,
        ),
        (DataType::ApiCalls, &s.retention_api_calls_days),
        (DataType::AccessLogs, &s.retention_access_logs_days),
        (DataType::AuditLog, &s.retention_audit_log_days),
    ] {
        let p = Period::parse(raw).map_err(|e| ConfigError(format!("{}: {e}", t.setting())))?;
        d.set(t, p);
    }
    Ok(d)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ConfigError(pub String);

impl Config {
    pub fn from_settings(s: &Settings) -> Result<Self, ConfigError> {
        let database = DatabaseTarget::from_setting(s.database_url.as_deref(), &s.data_dir)
            .map_err(ConfigError)?;
        let bind = parse_bind(&s.bind).map_err(ConfigError)?;
        let pool_size = match &s.db_pool_size {
            None => database.default_pool_size(),
            Some(raw) => match raw.parse::<u32>() {
                Ok(n) if (1..=256).contains(&n) => n,
                _ => {
                    return Err(ConfigError(format!(
                        "WINMESSAGES_DB_POOL_SIZE: `{raw}` must be a whole number from 1 to 256"
                    )));
                }
            },
        };
        let log_format = match s.log_format.as_str() {
            "text" => LogFormat::Text,
            "json" => LogFormat::Json,
            other => {
                return Err(ConfigError(format!(
                    "WINMESSAGES_LOG_FORMAT: `{other}` must be `text` or `json`"
                )));
            }
        };
        let jwt_secret = match s.jwt_secret.as_deref().filter(|v| !v.is_empty()) {
            Some(v) if v.len() < 32 => {
                return Err(ConfigError(
                    "WINMESSAGES_JWT_SECRET: must be at least 32 characters long".into(),
                ));
            }
            v => v.map(Secret::new),
        };
        let bootstrap_admin = match (
            s.admin_email.as_deref().filter(|v| !v.is_empty()),
            s.admin_password.as_deref().filter(|v| !v.is_empty()),
        ) {
            (Some(email), Some(password)) => Some((email.to_owned(), Secret::new(password))),
            (None, None) => None,
            (Some(_), None) => {
                return Err(ConfigError(
                    "WINMESSAGES_ADMIN_PASSWORD: required when WINMESSAGES_ADMIN_EMAIL is set"
                        .into(),
                ));
            }
            (None, Some(_)) => {
                return Err(ConfigError(
                    "WINMESSAGES_ADMIN_EMAIL: required when WINMESSAGES_ADMIN_PASSWORD is set"
                        .into(),
                ));
            }
        };
        Ok(Self {
            database,
            bind,
            data_dir: s.data_dir.clone(),
            static_dir: s.static_dir.clone(),
            pool_size,
            log_format,
            jwt_secret,
            bootstrap_admin,
            login_attempts_per_account: positive(
                "WINMESSAGES_LOGIN_ATTEMPTS_PER_ACCOUNT",
                &s.login_attempts_per_account,
            )?,
            login_attempts_per_ip: positive(
                "WINMESSAGES_LOGIN_ATTEMPTS_PER_IP",
                &s.login_attempts_per_ip,
            )?,
            trust_forwarded: boolean("WINMESSAGES_TRUST_FORWARDED", &s.trust_forwarded)?,
            meta_app_secret: non_empty(&s.meta_app_secret).map(Secret::new),
            meta_verify_token: non_empty(&s.meta_verify_token).map(Secret::new),
            graph_api_base: graph_api_base(&s.graph_api_base)?,
            graph_api_version: graph_api_version(&s.graph_api_version)?,
            encryption_key: match non_empty(&s.encryption_key) {
                None => None,
                Some(raw) => Some(
                    crate::crypto::EncryptionKey::parse(raw)
                        .map_err(|e| ConfigError(format!("WINMESSAGES_ENCRYPTION_KEY: {e}")))?,
                ),
            },
            media_store: crate::media::storage::MediaStoreTarget::from_setting(
                non_empty(&s.media_store),
                &s.data_dir,
            )
            .map_err(|e| ConfigError(format!("WINMESSAGES_MEDIA_STORE: {e}")))?,
            send_rate_per_number: positive(
                "WINMESSAGES_SEND_RATE_PER_NUMBER",
                &s.send_rate_per_number,
            )?,
            outbox_retry_base: std::time::Duration::from_millis(u64::from(positive(
                "WINMESSAGES_OUTBOX_RETRY_BASE_MS",
                &s.outbox_retry_base_ms,
            )?)),
            graph_timeout: std::time::Duration::from_secs(u64::from(positive(
                "WINMESSAGES_GRAPH_TIMEOUT_SECS",
                &s.graph_timeout_secs,
            )?)),
            template_refresh_interval: std::time::Duration::from_secs(u64::from(positive(
                "WINMESSAGES_TEMPLATE_REFRESH_INTERVAL",
                &s.template_refresh_interval,
            )?)),
            events_heartbeat: std::time::Duration::from_secs(u64::from(positive(
                "WINMESSAGES_EVENTS_HEARTBEAT_SECS",
                &s.events_heartbeat_secs,
            )?)),
            events_retention: std::time::Duration::from_secs(u64::from(positive(
                "WINMESSAGES_EVENTS_RETENTION_SECS",
                &s.events_retention_secs,
            )?)),
            retention_defaults: retention_defaults(s)?,
            purge_interval: std::time::Duration::from_secs(u64::from(positive(
                "WINMESSAGES_PURGE_INTERVAL_SECS",
                &s.purge_interval_secs,
            )?)),
            tls: tls(s)?,
            cors_origins: cors_origins(non_empty(&s.cors_origins))?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> Settings {
        Settings::defaults()
    }

    #[test]
    fn defaults_give_sqlite_in_data_dir() {
        let c = Config::from_settings(&settings()).unwrap();
        assert_eq!(
            c.database,
            DatabaseTarget::Sqlite(PathBuf::from("data").join("winmessages.db"))
        );
        assert_eq!(c.bind.to_string(), "127.0.0.1:8080");
    }

    #[test]
    fn cors_origins_are_a_comma_separated_list_of_exact_origins() {
        let mut s = settings();
        s.cors_origins = Some(" https://crm.example.com , http://localhost:5173/,".into());
        let c = Config::from_settings(&s).unwrap();
        assert_eq!(
            c.cors_origins,
            ["https://crm.example.com", "http://localhost:5173"]
        );
        assert!(c.tls.is_none());
        assert!(
            Config::from_settings(&settings())
                .unwrap()
                .cors_origins
                .is_empty()
        );
    }

    #[test]
    fn template_refresh_interval_is_seconds() {
        let c = Config::from_settings(&settings()).unwrap();
        assert_eq!(
            c.template_refresh_interval,
            std::time::Duration::from_secs(6 * 3600)
        );
        let mut s = settings();
        s.template_refresh_interval = "0".into();
        let e = Config::from_settings(&s).unwrap_err().to_string();
        assert!(
            e.starts_with("WINMESSAGES_TEMPLATE_REFRESH_INTERVAL:"),
            "{e}"
        );
    }

    #[test]
    fn errors_name_the_setting() {
        let mut s = settings();
        s.bind = "nope".into();
        let e = Config::from_settings(&s).unwrap_err().to_string();
        assert!(e.starts_with("WINMESSAGES_BIND:"), "{e}");

        let mut s = settings();
        s.database_url = Some("mysql://x".into());
        let e = Config::from_settings(&s).unwrap_err().to_string();
        assert!(e.starts_with("DATABASE_URL:"), "{e}");

        let mut s = settings();
        s.db_pool_size = Some("0".into());
        let e = Config::from_settings(&s).unwrap_err().to_string();
        assert!(e.starts_with("WINMESSAGES_DB_POOL_SIZE:"), "{e}");

        let mut s = settings();
        s.jwt_secret = Some("short".into());
        let e = Config::from_settings(&s).unwrap_err().to_string();
        assert!(e.starts_with("WINMESSAGES_JWT_SECRET:"), "{e}");

        let mut s = settings();
        s.admin_email = Some("a@example.com".into());
        let e = Config::from_settings(&s).unwrap_err().to_string();
        assert!(e.starts_with("WINMESSAGES_ADMIN_PASSWORD:"), "{e}");

        let mut s = settings();
        s.login_attempts_per_ip = "0".into();
        let e = Config::from_settings(&s).unwrap_err().to_string();
        assert!(e.starts_with("WINMESSAGES_LOGIN_ATTEMPTS_PER_IP:"), "{e}");

        let mut s = settings();
        s.graph_api_version = "23".into();
        let e = Config::from_settings(&s).unwrap_err().to_string();
        assert!(e.starts_with("WINMESSAGES_GRAPH_API_VERSION:"), "{e}");

        let mut s = settings();
        s.graph_api_base = "ftp://x".into();
        let e = Config::from_settings(&s).unwrap_err().to_string();
        assert!(e.starts_with("WINMESSAGES_GRAPH_API_BASE:"), "{e}");

        let mut s = settings();
        s.encryption_key = Some("too-short".into());
        let e = Config::from_settings(&s).unwrap_err().to_string();
        assert!(e.starts_with("WINMESSAGES_ENCRYPTION_KEY:"), "{e}");

        let mut s = settings();
        s.media_store = Some("gs://bucket".into());
        let e = Config::from_settings(&s).unwrap_err().to_string();
        assert!(e.starts_with("WINMESSAGES_MEDIA_STORE:"), "{e}");

        let mut s = settings();
        s.tls_cert = Some("cert.pem".into());
        let e = Config::from_settings(&s).unwrap_err().to_string();
        assert!(e.starts_with("WINMESSAGES_TLS_KEY:"), "{e}");

        let mut s = settings();
        s.tls_key = Some("key.pem".into());
        let e = Config::from_settings(&s).unwrap_err().to_string();
        assert!(e.starts_with("WINMESSAGES_TLS_CERT:"), "{e}");

        let mut s = settings();
        s.tls_cert = Some("/nonexistent/cert.pem".into());
        s.tls_key = Some("/nonexistent/key.pem".into());
        let e = Config::from_settings(&s).unwrap_err().to_string();
        assert!(e.starts_with("WINMESSAGES_TLS_CERT:"), "{e}");

        for bad in [
            "crm.example.com",
            "https://crm.example.com/app",
            "ftp://x.example",
        ] {
            let mut s = settings();
            s.cors_origins = Some(format!("https://ok.example, {bad}"));
            let e = Config::from_settings(&s).unwrap_err().to_string();
            assert!(e.starts_with("WINMESSAGES_CORS_ORIGINS:"), "{bad}: {e}");
        }

        let mut s = settings();
        s.log_format = "xml".into();
        let e = Config::from_settings(&s).unwrap_err().to_string();
        assert!(e.starts_with("WINMESSAGES_LOG_FORMAT:"), "{e}");
    }
}

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
        Ok(Self {
            database,
            bind,
            data_dir: s.data_dir.clone(),
            static_dir: s.static_dir.clone(),
            pool_size,
            log_format,
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
        s.log_format = "xml".into();
        let e = Config::from_settings(&s).unwrap_err().to_string();
        assert!(e.starts_with("WINMESSAGES_LOG_FORMAT:"), "{e}");
    }
}

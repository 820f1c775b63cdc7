//! Persistence: one diesel connection type over SQLite and PostgreSQL, an r2d2 pool, and the
//! embedded migrations of both backends. The backend is chosen from the URL scheme.

mod id_list;
mod migrate;
mod pool;
pub mod schema;
mod timestamp;
mod transaction;

pub use id_list::{IdIn, id_in};
pub use migrate::{revert_all_migrations, run_migrations};
pub use pool::{DbPool, PoolError, PooledConn, build_pool};
pub use timestamp::{Ts, TsOpt};
pub use transaction::transaction;

use diesel::{PgConnection, SqliteConnection};
use std::path::{Path, PathBuf};

/// The connection every store function takes. Backend-specific SQL matches on the variant.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Postgresql(PgConnection),
    Sqlite(SqliteConnection),
}

/// Alias used by store functions: `fn find(conn: &mut Conn, …)`.
pub type Conn = DbConnection;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgresql",
        }
    }
}

/// Where the data lives, parsed from `DATABASE_URL`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseTarget {
    Sqlite(PathBuf),
    Postgres(String),
}

impl DatabaseTarget {
    /// `None` → `winmessages.db` in the data dir; `postgres://` / `postgresql://` → PostgreSQL;
    /// `sqlite://path` or `sqlite:path` → that SQLite file.
    pub fn from_setting(url: Option<&str>, data_dir: &Path) -> Result<Self, String> {
        let Some(raw) = url.map(str::trim).filter(|u| !u.is_empty()) else {
            return Ok(Self::Sqlite(data_dir.join("winmessages.db")));
        };
        if raw.starts_with("postgres://") || raw.starts_with("postgresql://") {
            let parsed = url::Url::parse(raw)
                .map_err(|e| format!("DATABASE_URL: not a valid PostgreSQL URL ({e})"))?;
            if parsed.host_str().is_none_or(str::is_empty) && !raw.contains("host=") {
                return Err("DATABASE_URL: the PostgreSQL URL has no host".into());
            }
            return Ok(Self::Postgres(raw.to_owned()));
        }
        if let Some(path) = raw
            .strip_prefix("sqlite://")
            .or_else(|| raw.strip_prefix("sqlite:"))
        {
            if path.is_empty() || path == ":memory:" {
                return Err(
                    "DATABASE_URL: a SQLite URL needs a file path (in-memory databases are not shared by the pool)"
                        .into(),
                );
            }
            return Ok(Self::Sqlite(PathBuf::from(path)));
        }
        let scheme = raw.split(':').next().unwrap_or(raw);
        Err(format!(
            "DATABASE_URL: unsupported scheme `{scheme}` (use postgres://… or sqlite://path)"
        ))
    }

    pub fn backend(&self) -> Backend {
        match self {
            Self::Sqlite(_) => Backend::Sqlite,
            Self::Postgres(_) => Backend::Postgres,
        }
    }

    pub fn default_pool_size(&self) -> u32 {
        match self {
            // SQLite has one writer at a time; a few readers alongside it is enough.
            Self::Sqlite(_) => 8,
            Self::Postgres(_) => 16,
        }
    }

    /// A description safe for logs: no password.
    pub fn redacted(&self) -> String {
        match self {
            Self::Sqlite(p) => format!("sqlite:{}", p.display()),
            Self::Postgres(u) => match url::Url::parse(u) {
                Ok(mut parsed) => {
                    if parsed.password().is_some() {
                        let _ = parsed.set_password(Some("***"));
                    }
                    parsed.to_string()
                }
                Err(_) => "postgres://(unparseable)".into(),
            },
        }
    }
}

impl DbConnection {
    pub fn backend(&self) -> Backend {
        match self {
            DbConnection::Postgresql(_) => Backend::Postgres,
            DbConnection::Sqlite(_) => Backend::Sqlite,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scheme_selects_backend() {
        let dir = Path::new("d");
        assert_eq!(
            DatabaseTarget::from_setting(None, dir).unwrap(),
            DatabaseTarget::Sqlite(dir.join("winmessages.db"))
        );
        assert_eq!(
            DatabaseTarget::from_setting(Some("sqlite:///tmp/x.db"), dir).unwrap(),
            DatabaseTarget::Sqlite(PathBuf::from("/tmp/x.db"))
        );
        assert_eq!(
            DatabaseTarget::from_setting(Some("postgres://u@localhost/db"), dir)
                .unwrap()
                .backend(),
            Backend::Postgres
        );
        assert!(DatabaseTarget::from_setting(Some("sqlite::memory:"), dir).is_err());
        assert!(DatabaseTarget::from_setting(Some("postgres://[bad"), dir).is_err());
        assert!(DatabaseTarget::from_setting(Some("redis://x"), dir).is_err());
    }

    #[test]
    fn redacts_password() {
        let t = DatabaseTarget::Postgres("postgres://u:secret@h/db".into());
        assert!(!t.redacted().contains("secret"));
    }
}

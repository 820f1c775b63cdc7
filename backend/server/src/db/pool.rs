//! r2d2 pool whose manager establishes the backend named by the URL directly (the derived
//! MultiConnection `establish` would try each backend in turn and hide the real error), and
//! applies SQLite's per-connection pragmas.

use super::{DatabaseTarget, DbConnection};
use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection, SqliteConnection};
use std::time::Duration;

pub type DbPool = r2d2::Pool<DbManager>;
pub type PooledConn = r2d2::PooledConnection<DbManager>;
pub type PoolError = r2d2::Error;

/// SQLite settings applied on every new connection (a pragma is per connection).
const SQLITE_PRAGMAS: &str = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
     PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON;";

#[derive(Debug, thiserror::Error)]
pub enum ManagerError {
    #[error(transparent)]
    Connection(#[from] diesel::ConnectionError),
    #[error(transparent)]
    Query(#[from] diesel::result::Error),
    #[error("cannot create the data directory {path}: {source}")]
    DataDir {
        path: String,
        source: std::io::Error,
    },
}

#[derive(Debug)]
pub struct DbManager {
    target: DatabaseTarget,
}

impl r2d2::ManageConnection for DbManager {
    type Connection = DbConnection;
    type Error = ManagerError;

    fn connect(&self) -> Result<DbConnection, ManagerError> {
        match &self.target {
            DatabaseTarget::Postgres(url) => {
                Ok(DbConnection::Postgresql(PgConnection::establish(url)?))
            }
            DatabaseTarget::Sqlite(path) => {
                let mut conn = SqliteConnection::establish(&path.to_string_lossy())?;
                conn.batch_execute(SQLITE_PRAGMAS)?;
                Ok(DbConnection::Sqlite(conn))
            }
        }
    }

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), ManagerError> {
        conn.batch_execute("SELECT 1").map_err(Into::into)
    }

    fn has_broken(&self, _conn: &mut DbConnection) -> bool {
        false
    }
}

/// Builds the pool. The first connection is made eagerly with a short timeout so an
/// unreachable database is reported at start-up with its real cause.
pub fn build_pool(target: &DatabaseTarget, max_size: u32) -> Result<DbPool, String> {
    if let DatabaseTarget::Sqlite(path) = target
        && let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
    {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("WINMESSAGES_DATA_DIR: cannot create {}: {e}", dir.display()))?;
    }
    let manager = DbManager {
        target: target.clone(),
    };
    // Probe once directly: r2d2 only reports "timed out" and keeps the cause in its log.
    let probe = r2d2::ManageConnection::connect(&manager).map_err(|e| {
        let first_line = e.to_string().lines().next().unwrap_or_default().to_owned();
        format!(
            "DATABASE_URL: cannot connect to {} ({first_line})",
            target.redacted()
        )
    })?;
    drop(probe);
    r2d2::Pool::builder()
        .max_size(max_size)
        .min_idle(Some(1))
        .connection_timeout(Duration::from_secs(5))
        .test_on_check_out(false)
        .build(manager)
        .map_err(|e| format!("DATABASE_URL: cannot open a connection pool ({e})"))
}

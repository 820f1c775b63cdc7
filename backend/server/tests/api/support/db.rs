//! A fresh database per test: a temporary SQLite file, or — when `TEST_DATABASE_URL` names a
//! PostgreSQL server — a new database on it, dropped when the test ends.

use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection};
use std::path::PathBuf;
use winmessages::db::DatabaseTarget;

pub struct TestDb {
    pub target: DatabaseTarget,
    _dir: tempfile::TempDir,
    pg: Option<PgCleanup>,
}

struct PgCleanup {
    admin_url: String,
    name: String,
}

impl TestDb {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        match std::env::var("TEST_DATABASE_URL")
            .ok()
            .filter(|u| !u.is_empty())
        {
            Some(admin_url) => {
                let name = format!("wm_test_{}", unique_suffix());
                let mut admin = PgConnection::establish(&admin_url).unwrap_or_else(|e| {
                    panic!("TEST_DATABASE_URL is set but PostgreSQL is unreachable: {e}")
                });
                admin
                    .batch_execute(&format!("CREATE DATABASE {name}"))
                    .expect("create test database");
                let url = with_database(&admin_url, &name);
                Self {
                    target: DatabaseTarget::Postgres(url),
                    _dir: dir,
                    pg: Some(PgCleanup { admin_url, name }),
                }
            }
            None => {
                let path: PathBuf = dir.path().join("test.db");
                Self {
                    target: DatabaseTarget::Sqlite(path),
                    _dir: dir,
                    pg: None,
                }
            }
        }
    }

    pub fn data_dir(&self) -> PathBuf {
        self._dir.path().to_path_buf()
    }

    pub fn is_postgres(&self) -> bool {
        self.pg.is_some()
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some(pg) = &self.pg
            && let Ok(mut admin) = PgConnection::establish(&pg.admin_url)
        {
            let _ =
                admin.batch_execute(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", pg.name));
        }
    }
}

fn unique_suffix() -> String {
    use rand::Rng;
    let n: u64 = rand::rng().random();
    format!("{}_{n:x}", std::process::id())
}

/// Replaces the database name (the URL path) of a PostgreSQL URL.
pub fn with_database(url: &str, name: &str) -> String {
    let mut parsed = url::Url::parse(url).expect("TEST_DATABASE_URL must be a URL");
    parsed.set_path(&format!("/{name}"));
    parsed.to_string()
}

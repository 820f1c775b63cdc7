//! Embedded migrations, one folder per backend with identical names.

use super::DbConnection;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

const SQLITE: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// Applies pending migrations; returns the versions applied.
pub fn run_migrations(conn: &mut DbConnection) -> Result<Vec<String>, String> {
    let applied = match conn {
        DbConnection::Sqlite(c) => c.run_pending_migrations(SQLITE),
        DbConnection::Postgresql(c) => c.run_pending_migrations(POSTGRES),
    }
    .map_err(|e| format!("database migration failed: {e}"))?;
    Ok(applied.iter().map(ToString::to_string).collect())
}

/// Reverts every migration (used by the test that proves each `down.sql` undoes its `up.sql`).
pub fn revert_all_migrations(conn: &mut DbConnection) -> Result<usize, String> {
    let reverted = match conn {
        DbConnection::Sqlite(c) => c.revert_all_migrations(SQLITE),
        DbConnection::Postgresql(c) => c.revert_all_migrations(POSTGRES),
    }
    .map_err(|e| format!("database migration revert failed: {e}"))?;
    Ok(reverted.len())
}

//! Write transactions. On SQLite a transaction that reads first and writes later fails at
//! once with SQLITE_BUSY when another connection committed in between (the busy timeout does
//! not apply to that upgrade), so write transactions start with `BEGIN IMMEDIATE`, taking the
//! write lock up front and waiting for it under the busy timeout. PostgreSQL uses a normal
//! `BEGIN`.

use super::DbConnection;
use diesel::connection::{AnsiTransactionManager, TransactionManager};
use diesel::result::Error;

fn begin(conn: &mut DbConnection) -> Result<(), Error> {
    match conn {
        DbConnection::Sqlite(c) => {
            AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")
        }
        DbConnection::Postgresql(c) => AnsiTransactionManager::begin_transaction(c),
    }
}

fn commit(conn: &mut DbConnection) -> Result<(), Error> {
    match conn {
        DbConnection::Sqlite(c) => AnsiTransactionManager::commit_transaction(c),
        DbConnection::Postgresql(c) => AnsiTransactionManager::commit_transaction(c),
    }
}

fn rollback(conn: &mut DbConnection) -> Result<(), Error> {
    match conn {
        DbConnection::Sqlite(c) => AnsiTransactionManager::rollback_transaction(c),
        DbConnection::Postgresql(c) => AnsiTransactionManager::rollback_transaction(c),
    }
}

/// Runs `f` in a write transaction: committed when it returns `Ok`, rolled back otherwise.
/// Nested `conn.transaction(..)` calls inside `f` become savepoints as usual.
pub fn transaction<T, E>(
    conn: &mut DbConnection,
    f: impl FnOnce(&mut DbConnection) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<Error>,
{
    begin(conn)?;
    match f(conn) {
        Ok(value) => match commit(conn) {
            Ok(()) => Ok(value),
            Err(e) => {
                // A failed COMMIT may leave the transaction open; make sure it is closed.
                let _ = rollback(conn);
                Err(e.into())
            }
        },
        Err(e) => {
            rollback(conn)?;
            Err(e)
        }
    }
}

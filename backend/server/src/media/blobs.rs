//! Deleting stored media blobs. Rows go in a database transaction, blobs cannot: the keys of
//! blobs whose rows were removed are queued in `blob_deletions` in that same transaction and
//! deleted from the store afterwards; a failed deletion stays queued and is retried by the
//! next purge, so no blob outlives its row for longer than a failed store.

use super::storage::MediaStorage;
use crate::db::schema::blob_deletions;
use crate::db::{Conn, DbPool};
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// Queues blobs for deletion (inside the caller's transaction).
pub fn queue(conn: &mut Conn, keys: &[String], now: NaiveDateTime) -> QueryResult<()> {
    if keys.is_empty() {
        return Ok(());
    }
    // One row per statement: diesel's multi-row insert is not available across both backends.
    for k in keys {
        diesel::insert_into(blob_deletions::table)
            .values((
                blob_deletions::storage_key.eq(k.as_str()),
                blob_deletions::attempts.eq(0),
                blob_deletions::created_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// What a flush did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Flushed {
    pub deleted: u64,
    pub failed: u64,
}

/// Deletes queued blobs from the store, `batch` at a time, until the queue holds only
/// blobs whose deletion failed during this flush.
pub async fn flush(pool: &DbPool, storage: &MediaStorage, batch: i64) -> Result<Flushed, String> {
    let mut out = Flushed::default();
    let mut after = 0_i64;
    loop {
        let p = pool.clone();
        let rows: Vec<(i64, String)> = tokio::task::spawn_blocking(move || {
            let mut conn = p.get().map_err(|e| e.to_string())?;
            blob_deletions::table
                .filter(blob_deletions::id.gt(after))
                .order(blob_deletions::id)
                .select((blob_deletions::id, blob_deletions::storage_key))
                .limit(batch)
                .load(&mut conn)
                .map_err(|e| e.to_string())
        })
        .await
        .map_err(|e| e.to_string())??;
        let Some(last) = rows.last() else {
            return Ok(out);
        };
        after = last.0;
        let mut done = Vec::new();
        let mut failed = Vec::new();
        for (id, key) in rows {
            match storage.delete(&key).await {
                Ok(()) => done.push(id),
                Err(e) => {
                    tracing::warn!(error = %e, "a media blob could not be deleted; retried by the next purge");
                    failed.push(id);
                }
            }
        }
        out.deleted += done.len() as u64;
        out.failed += failed.len() as u64;
        let p = pool.clone();
        tokio::task::spawn_blocking(move || -> Result<(), String> {
            let mut conn = p.get().map_err(|e| e.to_string())?;
            diesel::delete(blob_deletions::table.filter(blob_deletions::id.eq_any(&done)))
                .execute(&mut conn)
                .map_err(|e| e.to_string())?;
            diesel::update(blob_deletions::table.filter(blob_deletions::id.eq_any(&failed)))
                .set(blob_deletions::attempts.eq(blob_deletions::attempts + 1))
                .execute(&mut conn)
                .map_err(|e| e.to_string())?;
            Ok(())
        })
        .await
        .map_err(|e| e.to_string())??;
    }
}

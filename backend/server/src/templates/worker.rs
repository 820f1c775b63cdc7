//! Keeps every active number's templates fresh: a full refresh each
//! `WINMESSAGES_TEMPLATE_REFRESH_INTERVAL`, and a refresh of one number as soon as a template
//! webhook names a template we do not have (see `ingest::apply`). Failures are logged; the
//! next pass tries again.

use super::sync;
use crate::accounts::{AccountId, store as accounts};
use crate::app::AppState;
use crate::db::schema::accounts as accounts_table;
use crate::workers::SWEEP_INTERVAL;
use diesel::prelude::*;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// Delay before the first full pass after start-up (lets the server settle).
const FIRST_PASS: Duration = Duration::from_secs(60);

pub async fn run(state: AppState, stop: Arc<AtomicBool>) {
    let interval = state.config.template_refresh_interval;
    let mut next_full = tokio::time::Instant::now() + FIRST_PASS.min(interval);
    while !stop.load(Ordering::SeqCst) {
        refresh_requested(&state).await;
        if tokio::time::Instant::now() >= next_full {
            refresh_all(&state).await;
            next_full = tokio::time::Instant::now() + interval;
        }
        if stop.load(Ordering::SeqCst) {
            break;
        }
        tokio::select! {
            () = state.pipeline.templates_wake.notified() => {}
            () = tokio::time::sleep(SWEEP_INTERVAL) => {}
        }
    }
}

/// Refreshes the numbers whose refresh was requested; returns how many were refreshed.
pub async fn refresh_requested(state: &AppState) -> usize {
    let mut done = 0;
    for account in state.pipeline.take_template_refreshes() {
        let st = state.clone();
        let row = tokio::task::spawn_blocking(move || {
            let mut conn = st.pool.get().map_err(|e| e.to_string())?;
            accounts::find(&mut conn, AccountId(account)).map_err(|e| e.to_string())
        })
        .await;
        match row {
            Ok(Ok(Some(row))) if row.disabled_at.is_none() => {
                refresh_one(state, row).await;
                done += 1;
            }
            Ok(Ok(_)) => {}
            Ok(Err(e)) => {
                tracing::warn!(account, error = %e, "template refresh: account lookup failed")
            }
            Err(e) => tracing::warn!(account, error = %e, "template refresh task failed"),
        }
    }
    done
}

/// Refreshes every number that is not disabled, one after the other.
pub async fn refresh_all(state: &AppState) {
    let st = state.clone();
    let rows = tokio::task::spawn_blocking(move || {
        let mut conn = st.pool.get().map_err(|e| e.to_string())?;
        accounts_table::table
            .filter(accounts_table::disabled_at.is_null())
            .order(accounts_table::id.asc())
            .select(accounts::AccountRow::as_select())
            .load(&mut *conn)
            .map_err(|e| e.to_string())
    })
    .await;
    match rows {
        Ok(Ok(rows)) => {
            for row in rows {
                refresh_one(state, row).await;
            }
        }
        Ok(Err(e)) => tracing::warn!(error = %e, "template refresh: cannot list accounts"),
        Err(e) => tracing::warn!(error = %e, "template refresh task failed"),
    }
}

async fn refresh_one(state: &AppState, row: accounts::AccountRow) {
    let id = row.id;
    match sync::refresh(state, row).await {
        Ok(o) => tracing::debug!(
            account = id,
            synced = o.synced,
            added = o.added,
            removed = o.removed,
            "templates refreshed"
        ),
        Err(e) => tracing::warn!(account = id, error = %e, "template refresh failed"),
    }
}

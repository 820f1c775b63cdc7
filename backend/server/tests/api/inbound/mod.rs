//! The inbound pipeline: connected accounts, webhook receipt and processing, media, crash
//! safety.

mod accounts;
mod crash;
mod fixtures;
pub mod harness;
mod pipeline;
mod receive;

use crate::support::{TestApp, TestOrg};
use diesel::prelude::*;
use std::collections::HashMap;
use winmessages::db::schema::{media, webhook_events};

/// Organization A's accounts, webhook events and media, for the tenancy walker.
pub fn tenancy_ids(app: &TestApp, a: &TestOrg, ids: &mut HashMap<&'static str, String>) {
    let account = app.account_row(a, "4242", "4242000001");
    let now = chrono::NaiveDate::from_ymd_opt(2026, 11, 25)
        .unwrap()
        .and_hms_opt(12, 0, 0)
        .unwrap();
    let conn = &mut app.state.pool.get().unwrap();
    let event: i64 = diesel::insert_into(webhook_events::table)
        .values((
            webhook_events::organization_id.eq(a.id.0),
            webhook_events::account_id.eq(account),
            webhook_events::payload.eq("{}"),
            webhook_events::status.eq("processed"),
            webhook_events::attempts.eq(1),
            webhook_events::received_at.eq(now),
        ))
        .returning(webhook_events::id)
        .get_result(conn)
        .unwrap();
    let media_id: i64 = diesel::insert_into(media::table)
        .values((
            media::organization_id.eq(a.id.0),
            media::account_id.eq(account),
            media::status.eq("stored"),
            media::mime_type.eq("text/plain"),
            media::attempts.eq(1),
            media::created_at.eq(now),
            media::updated_at.eq(now),
        ))
        .returning(media::id)
        .get_result(conn)
        .unwrap();
    let key = format!("org/{}/media/{media_id}", a.id.0);
    diesel::update(media::table.find(media_id))
        .set(media::storage_key.eq(&key))
        .execute(conn)
        .unwrap();
    let file = app.db.data_dir().join("media").join(&key);
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(file, "hello").unwrap();
    ids.insert("accounts", account.to_string());
    ids.insert("webhook-events", event.to_string());
    ids.insert("media", media_id.to_string());
}

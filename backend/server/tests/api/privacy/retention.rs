//! Retention settings per organization and data type, and the purge that applies them
//! (run here with a controlled clock).

use super::call;
use crate::support::{TestApp, assert_problem};
use chrono::Duration;
use diesel::prelude::*;
use serde_json::{Value, json};
use winmessages::auth::Role;
use winmessages::db::schema::{
    access_logs, api_calls, audit_log, blob_deletions, contacts, conversations, media,
    message_reactions, messages, webhook_events,
};
use winmessages::retention::purge::{PurgeOptions, run_once};

const URI: &str = "/api/v1/organization/retention";

fn fresh_admin(app: &TestApp, org: &crate::support::TestOrg) -> (&'static str, String) {
    let token = app.token_for(org.admin.id, Some(org.id), Role::OrgAdmin);
    ("authorization", format!("Bearer {token}"))
}

async fn set(app: &TestApp, org: &crate::support::TestOrg, body: Value) -> (u16, String, Value) {
    call(app, "PUT", URI, fresh_admin(app, org), Some(body)).await
}

fn count<T>(app: &TestApp, f: impl FnOnce(&mut winmessages::db::Conn) -> QueryResult<T>) -> T {
    f(&mut app.state.pool.get().unwrap()).unwrap()
}

#[actix_web::test]
async fn settings_start_at_the_platform_defaults_and_are_replaced_by_put() {
    let app = TestApp::new();
    let acme = app.org("Acme");
    let other = app.org("Other");
    let (s, _, body) = call(&app, "GET", URI, acme.admin.bearer(), None).await;
    assert_eq!(s, 200, "{body}");
    assert_eq!(body["settings"]["messages"], Value::Null);
    assert_eq!(body["defaults"]["messages"], 730);
    assert_eq!(body["defaults"]["webhook_payloads"], 30);
    assert_eq!(body["effective"]["access_logs"], 90);
    assert_eq!(body["updated_at"], Value::Null);

    let (s, _, body) = set(
        &app,
        &acme,
        json!({"messages": 90, "media": "keep", "api_calls": 7}),
    )
    .await;
    assert_eq!(s, 200, "{body}");
    assert_eq!(body["settings"]["messages"], 90);
    assert_eq!(body["settings"]["media"], "keep");
    assert_eq!(body["settings"]["audit_log"], Value::Null);
    assert_eq!(body["effective"]["media"], "keep");
    assert_eq!(body["effective"]["audit_log"], 730);
    let (_, _, again) = call(&app, "GET", URI, acme.admin.bearer(), None).await;
    assert_eq!(again["settings"], body["settings"]);
    assert!(again["updated_at"].is_string());

    // A PUT replaces the whole policy: what is left out returns to the default.
    let (_, _, body) = set(&app, &acme, json!({"messages": 30})).await;
    assert_eq!(body["settings"]["media"], Value::Null);
    assert_eq!(body["effective"]["media"], 365);

    // The change is audited with before and after.
    let details: Vec<Option<String>> = count(&app, |c| {
        audit_log::table
            .filter(audit_log::organization_id.eq(acme.id.0))
            .filter(audit_log::action.eq("retention.updated"))
            .order(audit_log::id)
            .select(audit_log::details)
            .load(c)
    });
    assert_eq!(details.len(), 2);
    let last: Value = serde_json::from_str(details[1].as_deref().unwrap()).unwrap();
    assert_eq!(last["before"]["media"], "keep");
    assert_eq!(last["after"]["messages"], 30);

    // Another organization keeps its own (default) settings.
    let (_, _, theirs) = call(&app, "GET", URI, other.admin.bearer(), None).await;
    assert_eq!(theirs["settings"]["messages"], Value::Null);
}

#[actix_web::test]
async fn settings_are_for_org_admins_and_reject_bad_periods() {
    let app = TestApp::new();
    let acme = app.org("Acme");
    let (s, _, _) = call(&app, "GET", URI, acme.agent.bearer(), None).await;
    assert_eq!(s, 403);
    let r = call(
        &app,
        "PUT",
        URI,
        acme.agent.bearer(),
        Some(json!({"messages": 5})),
    )
    .await;
    assert_eq!(r.0, 403);
    for bad in [
        json!({"messages": 0}),
        json!({"messages": 36501}),
        json!({"messages": -3}),
        json!({"media": "forever"}),
        json!({"media": 1.5}),
        json!({"mesages": 30}),
    ] {
        let got = set(&app, &acme, bad.clone()).await;
        assert!(got.0 == 400 || got.0 == 422, "{bad} → {} {}", got.0, got.2);
        assert!(got.1.starts_with("application/problem+json"), "{bad}");
        assert!(got.2["code"].is_string(), "{bad}");
    }
    assert_problem(
        &set(&app, &acme, json!({"messages": 0})).await,
        422,
        "validation_failed",
    );
    // Nothing was stored by the refused requests.
    let (_, _, body) = call(&app, "GET", URI, acme.admin.bearer(), None).await;
    assert_eq!(body["updated_at"], Value::Null);
}

/// Puts a blob where the media worker would and records it on the media row.
async fn stored_blob(app: &TestApp, media_id: i64, bytes: &[u8]) -> String {
    let key = format!("test/{media_id}");
    app.state
        .media_storage
        .put(&key, bytes.to_vec())
        .await
        .unwrap();
    count(app, |c| {
        diesel::update(media::table.find(media_id))
            .set(media::storage_key.eq(&key))
            .execute(c)
    });
    key
}

#[actix_web::test]
async fn expired_messages_go_with_their_media_and_the_conversations_and_contacts_they_empty() {
    let app = TestApp::new();
    let acme = app.org("Acme");
    let other = app.org("Other");
    let inbox = app.inbox(&acme);
    let theirs = app.inbox(&other);

    // Day 0: old messages everywhere.
    let kept_conv = inbox.conversation("15550000001", "Keeps talking");
    let old_in_kept = inbox.text(kept_conv, "old hello").insert();
    let gone_conv = inbox.conversation("15550000002", "Went quiet");
    let old_only = inbox.text(gone_conv, "an old question").insert();
    inbox.react(old_only, "15550000002", "👍", app.now());
    inbox.edit(old_only, "an old question, edited", app.now());
    let image = inbox
        .message(
            gone_conv,
            "image",
            json!({"image": {"caption": "old photo"}}),
        )
        .insert();
    let media_id = inbox.media("stored", "image/jpeg", None);
    inbox.attach_media(media_id, image);
    let key = stored_blob(&app, media_id, b"jpeg bytes").await;
    let restricted_conv = inbox.conversation("15550000003", "Objected");
    inbox.text(restricted_conv, "please stop").insert();
    count(&app, |c| {
        diesel::update(contacts::table.find(restricted_conv.contact_id))
            .set(contacts::restricted_at.eq(Some(app.now())))
            .execute(c)
    });
    let other_conv = theirs.conversation("15550000009", "Other org's customer");
    let other_old = theirs
        .text(other_conv, "kept by the default period")
        .insert();

    // Day 31: a new message in one conversation; the policy is 30 days.
    app.clock.advance(Duration::days(31));
    let new_in_kept = inbox.text(kept_conv, "new hello").after(0).insert();
    let r = set(&app, &acme, json!({"messages": 30})).await;
    assert_eq!(r.0, 200, "{}", r.2);

    let report = run_once(
        &app.state,
        PurgeOptions {
            batch: 2,
            ..PurgeOptions::default()
        },
    )
    .await
    .unwrap();
    assert!(report.ran);
    let counts = report.organizations[&acme.id.0];
    assert_eq!(counts.messages, 4, "{report:?}");
    assert_eq!(counts.conversations, 2);
    assert_eq!(counts.contacts, 1, "the restricted contact is kept");
    assert_eq!(counts.media_files, 1);
    assert_eq!(report.blobs_deleted, 1);
    assert!(report.organizations[&other.id.0].is_empty());

    let left: Vec<i64> = count(&app, |c| {
        messages::table
            .filter(messages::organization_id.eq(acme.id.0))
            .select(messages::id)
            .load(c)
    });
    assert_eq!(left, vec![new_in_kept]);
    assert!(!left.contains(&old_in_kept));
    let convs: Vec<i64> = count(&app, |c| {
        conversations::table
            .filter(conversations::organization_id.eq(acme.id.0))
            .select(conversations::id)
            .load(c)
    });
    assert_eq!(convs, vec![kept_conv.id]);
    let last: Option<i64> = count(&app, |c| {
        conversations::table
            .find(kept_conv.id)
            .select(conversations::last_message_id)
            .first(c)
    });
    assert_eq!(last, Some(new_in_kept));
    let people: Vec<i64> = count(&app, |c| {
        contacts::table
            .filter(contacts::organization_id.eq(acme.id.0))
            .order(contacts::id)
            .select(contacts::id)
            .load(c)
    });
    assert_eq!(
        people,
        vec![kept_conv.contact_id, restricted_conv.contact_id]
    );
    let reactions: i64 = count(&app, |c| message_reactions::table.count().get_result(c));
    assert_eq!(reactions, 0);
    let media_rows: i64 = count(&app, |c| {
        media::table
            .filter(media::id.eq(media_id))
            .count()
            .get_result(c)
    });
    assert_eq!(media_rows, 0);
    assert!(
        app.state.media_storage.get(&key).await.is_err(),
        "blob deleted"
    );
    let queued: i64 = count(&app, |c| blob_deletions::table.count().get_result(c));
    assert_eq!(queued, 0);
    // The other organization's (default: 730 days) message is untouched.
    let other_left: i64 = count(&app, |c| {
        messages::table
            .filter(messages::id.eq(other_old))
            .count()
            .get_result(c)
    });
    assert_eq!(other_left, 1);

    // The purge is in the organization's audit log, with counts and no personal data.
    let entry: (Option<i64>, Option<String>) = count(&app, |c| {
        audit_log::table
            .filter(audit_log::organization_id.eq(acme.id.0))
            .filter(audit_log::action.eq("retention.purged"))
            .select((audit_log::actor_user_id, audit_log::details))
            .first(c)
    });
    assert_eq!(entry.0, None, "the system purges, no user");
    let details: Value = serde_json::from_str(entry.1.as_deref().unwrap()).unwrap();
    assert_eq!(details["deleted"]["messages"], 4);
    assert_eq!(details["deleted"]["conversations"], 2);
    assert!(!entry.1.unwrap().contains("15550000002"));

    // A second run finds nothing more.
    let again = run_once(&app.state, PurgeOptions::default()).await.unwrap();
    assert!(again.total().is_empty(), "{again:?}");
}

#[actix_web::test]
async fn expired_media_files_are_deleted_and_the_message_reports_them_expired() {
    let app = TestApp::new();
    let acme = app.org("Acme");
    let inbox = app.inbox(&acme);
    let conv = inbox.conversation("15550000001", "Photographer");
    let image = inbox
        .message(conv, "image", json!({"image": {"caption": "a photo"}}))
        .insert();
    let media_id = inbox.media("stored", "image/jpeg", None);
    inbox.attach_media(media_id, image);
    let key = stored_blob(&app, media_id, b"jpeg bytes").await;
    app.clock.advance(Duration::days(8));
    let fresh = inbox.media("stored", "image/png", None);
    let fresh_key = stored_blob(&app, fresh, b"png bytes").await;
    set(&app, &acme, json!({"media": 7, "messages": "keep"})).await;

    let report = run_once(&app.state, PurgeOptions::default()).await.unwrap();
    assert_eq!(report.organizations[&acme.id.0].media_files, 1);
    assert_eq!(report.organizations[&acme.id.0].messages, 0);
    assert!(app.state.media_storage.get(&key).await.is_err());
    assert_eq!(
        app.state.media_storage.get(&fresh_key).await.unwrap(),
        b"png bytes"
    );
    let admin = fresh_admin(&app, &acme);
    let got = call(
        &app,
        "GET",
        &format!("/api/v1/media/{media_id}"),
        admin.clone(),
        None,
    )
    .await;
    assert_problem(&got, 410, "media_expired");
    let (s, _, page) = call(
        &app,
        "GET",
        &format!("/api/v1/conversations/{}/messages", conv.id),
        admin,
        None,
    )
    .await;
    assert_eq!(s, 200, "{page}");
    assert_eq!(page["items"][0]["id"], image);
    assert_eq!(page["items"][0]["media"]["status"], "expired");
}

fn webhook_event(app: &TestApp, org: Option<i64>, status: &str) -> i64 {
    count(app, |c| {
        diesel::insert_into(webhook_events::table)
            .values((
                webhook_events::organization_id.eq(org),
                webhook_events::payload.eq(r#"{"object":"whatsapp_business_account","entry":[]}"#),
                webhook_events::status.eq(status),
                webhook_events::attempts.eq(1),
                webhook_events::received_at.eq(app.now()),
            ))
            .returning(webhook_events::id)
            .get_result(c)
    })
}

fn access_log(app: &TestApp, org: Option<i64>) -> i64 {
    count(app, |c| {
        diesel::insert_into(access_logs::table)
            .values((
                access_logs::organization_id.eq(org),
                access_logs::method.eq("GET"),
                access_logs::path.eq("/api/v1/conversations"),
                access_logs::status.eq(200),
                access_logs::duration_ms.eq(3_i64),
                access_logs::created_at.eq(app.now()),
            ))
            .returning(access_logs::id)
            .get_result(c)
    })
}

fn api_call(app: &TestApp, org: Option<i64>) -> i64 {
    count(app, |c| {
        diesel::insert_into(api_calls::table)
            .values((
                api_calls::organization_id.eq(org),
                api_calls::method.eq("POST"),
                api_calls::path.eq("/v23.0/1/messages"),
                api_calls::status.eq(Some(200)),
                api_calls::duration_ms.eq(12_i64),
                api_calls::created_at.eq(app.now()),
            ))
            .returning(api_calls::id)
            .get_result(c)
    })
}

#[actix_web::test]
async fn technical_logs_expire_by_their_own_periods_but_unprocessed_webhooks_never_do() {
    let app = TestApp::new();
    let acme = app.org("Acme");
    let processed = webhook_event(&app, Some(acme.id.0), "processed");
    let failed = webhook_event(&app, Some(acme.id.0), "failed");
    let waiting = webhook_event(&app, Some(acme.id.0), "pending");
    let unknown_number = webhook_event(&app, None, "processed");
    let call_a = api_call(&app, Some(acme.id.0));
    let access_old = access_log(&app, Some(acme.id.0));
    let access_unowned = access_log(&app, None);
    let call_platform = api_call(&app, None);
    app.clock.advance(Duration::days(3));
    let recent = webhook_event(&app, Some(acme.id.0), "processed");
    let recent_call = api_call(&app, Some(acme.id.0));
    let access_recent = access_log(&app, Some(acme.id.0));
    set(
        &app,
        &acme,
        json!({"webhook_payloads": 2, "api_calls": 2, "audit_log": 2, "access_logs": 2}),
    )
    .await;

    let report = run_once(&app.state, PurgeOptions::default()).await.unwrap();
    let counts = report.organizations[&acme.id.0];
    assert_eq!(counts.webhook_events, 2);
    assert_eq!(counts.api_calls, 1);
    assert!(counts.access_logs >= 1, "{report:?}");
    let access: Vec<i64> = count(&app, |c| {
        access_logs::table
            .filter(access_logs::id.eq_any([access_old, access_unowned, access_recent]))
            .order(access_logs::id)
            .select(access_logs::id)
            .load(c)
    });
    assert_eq!(access, vec![access_unowned, access_recent]);
    // Rows of no organization follow the platform defaults (30 days): not yet expired.
    assert!(report.unowned.is_empty(), "{report:?}");
    let events: Vec<i64> = count(&app, |c| {
        webhook_events::table
            .order(webhook_events::id)
            .select(webhook_events::id)
            .load(c)
    });
    assert_eq!(events, vec![waiting, unknown_number, recent]);
    assert!(!events.contains(&processed) && !events.contains(&failed));
    let calls: Vec<i64> = count(&app, |c| {
        api_calls::table
            .order(api_calls::id)
            .select(api_calls::id)
            .load(c)
    });
    assert_eq!(calls, vec![call_a.max(call_platform), recent_call]);

    // Thirty days on, the unowned rows expire too.
    app.clock.advance(Duration::days(30));
    let report = run_once(&app.state, PurgeOptions::default()).await.unwrap();
    assert_eq!(report.unowned.webhook_events, 1);
    assert_eq!(report.unowned.api_calls, 1);
    // The organization's audit log kept only entries younger than two days: the purge entry
    // written now.
    let actions: Vec<String> = count(&app, |c| {
        audit_log::table
            .filter(audit_log::organization_id.eq(acme.id.0))
            .select(audit_log::action)
            .load(c)
    });
    assert_eq!(actions, vec!["retention.purged".to_owned()]);
}

#[actix_web::test]
async fn keep_means_nothing_is_ever_purged() {
    let app = TestApp::new();
    let acme = app.org("Acme");
    let inbox = app.inbox(&acme);
    let conv = inbox.conversation("15550000001", "Forever");
    inbox.text(conv, "kept").insert();
    webhook_event(&app, Some(acme.id.0), "processed");
    set(
        &app,
        &acme,
        json!({"messages": "keep", "media": "keep", "webhook_payloads": "keep",
               "api_calls": "keep", "access_logs": "keep", "audit_log": "keep"}),
    )
    .await;
    app.clock.advance(Duration::days(5000));
    let report = run_once(&app.state, PurgeOptions::default()).await.unwrap();
    assert!(report.organizations[&acme.id.0].is_empty(), "{report:?}");
    let n: i64 = count(&app, |c| messages::table.count().get_result(c));
    assert_eq!(n, 1);
}

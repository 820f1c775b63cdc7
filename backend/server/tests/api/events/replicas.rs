//! Real server processes: on PostgreSQL two replicas share one database and an event made on
//! one reaches a stream opened on the other (LISTEN/NOTIFY); on SQLite one process does both.

use super::client::SseClient;
use crate::inbound::harness::{PNID, SECRET, WABA, sign, text_webhook};
use crate::support::TestApp;
use crate::support::free_port;
use diesel::prelude::*;
use serde_json::json;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use winmessages::db::DatabaseTarget;
use winmessages::db::schema::messages;

/// A server process, killed when dropped (also when a test fails).
pub struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `winmessages serve` on the test's database; returns it and its base URL.
pub async fn serve(app: &TestApp, name: &str) -> (Server, String) {
    let port = free_port();
    let url = match &app.db.target {
        DatabaseTarget::Sqlite(path) => format!("sqlite://{}", path.display()),
        DatabaseTarget::Postgres(url) => url.clone(),
    };
    let server = Server(
        Command::new(env!("CARGO_BIN_EXE_winmessages"))
            .arg("serve")
            .env("DATABASE_URL", url)
            .env("WINMESSAGES_BIND", format!("127.0.0.1:{port}"))
            .env("WINMESSAGES_DATA_DIR", app.db.data_dir().join(name))
            .env("WINMESSAGES_STATIC_DIR", app.db.data_dir().join("no-spa"))
            .env("WINMESSAGES_META_APP_SECRET", SECRET)
            // Nothing is sent in these tests; a closed port keeps the processes offline.
            .env("WINMESSAGES_GRAPH_API_BASE", "http://127.0.0.1:9")
            .env("WINMESSAGES_EVENTS_HEARTBEAT_SECS", "1")
            .env("RUST_LOG", "error")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let ready = client
            .get(format!("{base}/readyz"))
            .send()
            .await
            .is_ok_and(|r| r.status().is_success());
        if ready {
            return (server, base);
        }
        assert!(Instant::now() < deadline, "the server did not become ready");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[actix_web::test]
async fn events_made_on_one_replica_reach_streams_on_another() {
    let app = TestApp::new();
    let org = app.org("Replicaco");
    let other = app.org("Elsewhere");
    app.account_row(&org, WABA, PNID);
    let (_, key) = app.api_key(org.id, false);
    let (_, other_key) = app.api_key(other.id, false);
    let (_a, a) = serve(&app, "a").await;
    let (_b, b) = if app.db.is_postgres() {
        let (server, url) = serve(&app, "b").await;
        (Some(server), url)
    } else {
        (None, a.clone())
    };
    let auth = format!("Bearer {key}");
    let mut sse = SseClient::open(&b, &auth, None).await;
    let mut elsewhere = SseClient::open(&b, &format!("Bearer {other_key}"), None).await;

    // A webhook accepted by A: B's stream gets the new message.
    let now = chrono::Utc::now().timestamp();
    let body = text_webhook("wamid.REPLICA1", "across replicas", now);
    let client = reqwest::Client::new();
    let res = client
        .post(format!("{a}/webhooks/whatsapp"))
        .header("content-type", "application/json")
        .header("x-hub-signature-256", sign(&body))
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let created = sse.event_of("message.created").await;
    assert_eq!(created.data["message"]["text"]["body"], "across replicas");
    let conversation = created.data["message"]["conversation_id"].as_i64().unwrap();
    let message = created.data["message"]["id"].as_i64().unwrap();

    // Status and assignment changed through A.
    let res = client
        .patch(format!("{a}/api/v1/conversations/{conversation}"))
        .header("authorization", &auth)
        .json(&json!({"status": "resolved", "assignee_id": org.agent.id.0}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let updated = sse
        .event_where("conversation.updated", |d| {
            d["conversation"]["status"] != "open"
        })
        .await;
    assert_eq!(updated.data["conversation"]["status"], "resolved");
    assert_eq!(updated.data["conversation"]["assignee_id"], org.agent.id.0);

    // A message status written by any writer of the database.
    diesel::update(messages::table.find(message))
        .set(messages::status.eq("read"))
        .execute(&mut app.state.pool.get().unwrap())
        .unwrap();
    let status = sse.event_of("message.updated").await;
    assert_eq!(status.data["message"]["status"], "read");

    // Replay on the other replica from the first event seen.
    let mut again = SseClient::open(&a, &auth, created.id).await;
    let replayed = again.event_of("conversation.updated").await;
    assert!(replayed.id.unwrap() > created.id.unwrap());

    elsewhere.assert_quiet(Duration::from_millis(500)).await;
}

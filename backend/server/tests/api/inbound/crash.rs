//! Crash safety of the real binary: a burst of signed webhooks, SIGKILL in the middle of it,
//! a restart; every webhook that was answered 200 ends up in the inbox exactly once.

use super::harness::{SECRET, sign};
use crate::support::TestDb;
use crate::support::{database_url, free_port};
use diesel::prelude::*;
use std::collections::HashSet;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use winmessages::db;
use winmessages::db::schema::{accounts, messages, organizations};

const PNID: &str = "555000111";
const BURST: usize = 600;
const KILL_AFTER: usize = 150;

fn start_server(db: &TestDb, port: u16) -> Child {
    Command::new(env!("CARGO_BIN_EXE_winmessages"))
        .arg("serve")
        .env("DATABASE_URL", database_url(&db.target))
        .env("WINMESSAGES_BIND", format!("127.0.0.1:{port}"))
        .env("WINMESSAGES_DATA_DIR", db.data_dir())
        .env("WINMESSAGES_STATIC_DIR", db.data_dir().join("no-spa"))
        .env("WINMESSAGES_META_APP_SECRET", SECRET)
        .env("WINMESSAGES_GRAPH_API_BASE", "http://127.0.0.1:9")
        .env("RUST_LOG", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

async fn wait_ready(client: &reqwest::Client, port: u16) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        let ok = client
            .get(format!("http://127.0.0.1:{port}/readyz"))
            .send()
            .await
            .is_ok_and(|r| r.status().is_success());
        if ok {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("the server did not become ready");
}

fn webhook(i: usize) -> (String, Vec<u8>) {
    let wamid = format!("wamid.crash-{i:05}");
    let body = serde_json::to_vec(&serde_json::json!({
        "object": "whatsapp_business_account",
        "entry": [{"id": "777", "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "15550001111", "phone_number_id": PNID},
            "contacts": [{"profile": {"name": format!("Customer {}", i % 40)}, "wa_id": format!("1555{:04}", i % 40)}],
            "messages": [{"from": format!("1555{:04}", i % 40), "id": wamid, "timestamp": "1764000000",
                "type": "text", "text": {"body": format!("message {i}")}}]
        }}]}]
    }))
    .unwrap();
    (wamid, body)
}

#[actix_web::test]
async fn acknowledged_webhooks_survive_sigkill_exactly_once() {
    let db = TestDb::new();
    let pool = db::build_pool(&db.target, 2).unwrap();
    {
        let conn = &mut pool.get().unwrap();
        db::run_migrations(conn).unwrap();
        let now = chrono::Utc::now().naive_utc();
        let org: i64 = diesel::insert_into(organizations::table)
            .values((
                organizations::name.eq("Crashco"),
                organizations::created_at.eq(now),
                organizations::updated_at.eq(now),
            ))
            .returning(organizations::id)
            .get_result(conn)
            .unwrap();
        diesel::insert_into(accounts::table)
            .values((
                accounts::organization_id.eq(org),
                accounts::waba_id.eq("777"),
                accounts::phone_number_id.eq(PNID),
                accounts::display_phone_number.eq("+1 555-000-1111"),
                accounts::verified_name.eq("Crashco"),
                accounts::access_token_ciphertext.eq("unused"),
                accounts::created_at.eq(now),
                accounts::updated_at.eq(now),
            ))
            .execute(conn)
            .unwrap();
    }

    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let port = free_port();
    let mut server = start_server(&db, port);
    wait_ready(&client, port).await;

    let acked = Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let acks = Arc::new(AtomicUsize::new(0));
    let next = Arc::new(AtomicUsize::new(0));
    let mut senders = Vec::new();
    for _ in 0..16 {
        let (client, acked, acks, next) =
            (client.clone(), acked.clone(), acks.clone(), next.clone());
        senders.push(tokio::spawn(async move {
            loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                if i >= BURST {
                    return;
                }
                let (wamid, body) = webhook(i);
                let res = client
                    .post(format!("http://127.0.0.1:{port}/webhooks/whatsapp"))
                    .header("content-type", "application/json")
                    .header("x-hub-signature-256", sign(&body))
                    .body(body)
                    .send()
                    .await;
                if res.is_ok_and(|r| r.status() == 200) {
                    acked.lock().unwrap().push(wamid);
                    acks.fetch_add(1, Ordering::SeqCst);
                }
            }
        }));
    }
    let deadline = Instant::now() + Duration::from_secs(30);
    while acks.load(Ordering::SeqCst) < KILL_AFTER && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    server.kill().unwrap(); // SIGKILL
    server.wait().unwrap();
    for s in senders {
        s.await.unwrap();
    }
    let acked: HashSet<String> = acked.lock().unwrap().iter().cloned().collect();
    assert!(
        acked.len() >= KILL_AFTER,
        "only {} acknowledged",
        acked.len()
    );
    assert!(acked.len() < BURST, "the kill came after the burst");

    let port = free_port();
    let mut server = start_server(&db, port);
    wait_ready(&client, port).await;
    let deadline = Instant::now() + Duration::from_secs(30);
    let stored: Vec<String> = loop {
        let stored: Vec<Option<String>> = messages::table
            .select(messages::wamid)
            .load(&mut pool.get().unwrap())
            .unwrap();
        let stored: Vec<String> = stored.into_iter().flatten().collect();
        let present: HashSet<&String> = stored.iter().collect();
        if acked.iter().all(|w| present.contains(w)) || Instant::now() > deadline {
            break stored;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    server.kill().unwrap();
    server.wait().unwrap();

    let unique: HashSet<&String> = stored.iter().collect();
    assert_eq!(unique.len(), stored.len(), "no message stored twice");
    let missing: Vec<&String> = acked.iter().filter(|w| !unique.contains(w)).collect();
    assert!(
        missing.is_empty(),
        "{} acknowledged messages lost: {:?}",
        missing.len(),
        &missing[..missing.len().min(5)]
    );
}

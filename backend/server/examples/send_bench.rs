//! Outbound benchmark for `scripts/bench_send.sh` (loopback only): a WhatsApp simulator runs in
//! this process as the Graph API; the server under test is the given binary.
//!
//! ```text
//! send_bench DATABASE_URL SERVER_BIN DATA_DIR COUNT CONCURRENCY
//! ```
//! 1. sustained: COUNT replies POSTed through the API (CONCURRENCY at once) → time until the
//!    simulator accepted all of them (the end-to-end send rate: API, outbox, Graph API call);
//! 2. idle latency: 200 replies one at a time, 20 ms apart → time from the POST to the
//!    simulator accepting the Graph API call (p50/p99).
//!
//! The per-number send rate is raised for the run (`WINMESSAGES_SEND_RATE_PER_NUMBER`): Meta's
//! default of 80/s per number would otherwise be what is measured.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use diesel::prelude::*;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use wa_simulator::{PhoneNumber, SimConfig, Simulator};
use winmessages::db::schema::{accounts, contacts, conversations, organizations};
use winmessages::db::{self, DatabaseTarget};

const PNID: &str = "100200300400";
const WABA: &str = "100200300";
const TOKEN: &str = "bench-graph-token";
const CUSTOMER: &str = "491512345678";
const KEY: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

fn now_ms() -> i64 {
    i64::try_from(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_millis(),
    )
    .unwrap()
}

/// Migrates and creates an organization, a connected number, a customer whose window is open
/// and an API key; returns (conversation id, API key).
fn setup(url: &str) -> (i64, String) {
    let target = DatabaseTarget::from_setting(Some(url), std::path::Path::new(".")).unwrap();
    let pool = db::build_pool(&target, 1).unwrap();
    let conn = &mut pool.get().unwrap();
    db::run_migrations(conn).unwrap();
    let now = chrono::Utc::now().naive_utc();
    let key = winmessages::crypto::EncryptionKey::parse(KEY).unwrap();
    let sealed = winmessages::crypto::SecretBox::new(&key)
        .seal(TOKEN, PNID)
        .unwrap();
    let org: i64 = diesel::insert_into(organizations::table)
        .values((
            organizations::name.eq("Bench"),
            organizations::created_at.eq(now),
            organizations::updated_at.eq(now),
        ))
        .returning(organizations::id)
        .get_result(conn)
        .unwrap();
    let account: i64 = diesel::insert_into(accounts::table)
        .values((
            accounts::organization_id.eq(org),
            accounts::waba_id.eq(WABA),
            accounts::phone_number_id.eq(PNID),
            accounts::display_phone_number.eq("+1 555-000-1111"),
            accounts::verified_name.eq("Bench"),
            accounts::access_token_ciphertext.eq(sealed),
            accounts::created_at.eq(now),
            accounts::updated_at.eq(now),
        ))
        .returning(accounts::id)
        .get_result(conn)
        .unwrap();
    let contact: i64 = diesel::insert_into(contacts::table)
        .values((
            contacts::organization_id.eq(org),
            contacts::wa_id.eq(CUSTOMER),
            contacts::created_at.eq(now),
            contacts::updated_at.eq(now),
        ))
        .returning(contacts::id)
        .get_result(conn)
        .unwrap();
    let conversation: i64 = diesel::insert_into(conversations::table)
        .values((
            conversations::organization_id.eq(org),
            conversations::account_id.eq(account),
            conversations::contact_id.eq(contact),
            conversations::status.eq("open"),
            conversations::unread_count.eq(0),
            conversations::last_inbound_at.eq(now),
            conversations::window_expires_at.eq(now + chrono::Duration::days(1)),
            conversations::created_at.eq(now),
            conversations::updated_at.eq(now),
        ))
        .returning(conversations::id)
        .get_result(conn)
        .unwrap();
    let api_key = winmessages::auth::tokens::new_api_key();
    winmessages::api_keys::store::insert(
        conn,
        &winmessages::api_keys::store::NewApiKey {
            organization_id: org,
            name: "bench",
            prefix: &api_key[..7],
            key_hash: &winmessages::auth::tokens::digest(&api_key),
            scope: "agent",
            created_by: None,
            created_at: now,
        },
    )
    .unwrap();
    (conversation, api_key)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss
    )]
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, url, bin, data_dir, count, concurrency] = args.as_slice() else {
        eprintln!("usage: send_bench DATABASE_URL SERVER_BIN DATA_DIR COUNT CONCURRENCY");
        std::process::exit(2);
    };
    let count: usize = count.parse().unwrap();
    let concurrency: usize = concurrency.parse().unwrap();

    let sim = Simulator::start(SimConfig {
        app_secret: "bench-app-secret".into(),
        ..SimConfig::default()
    })
    .await
    .unwrap();
    sim.add_phone_number(PhoneNumber::new(PNID, WABA, "+1 555-000-1111", TOKEN))
        .unwrap();
    sim.set_last_inbound(PNID, CUSTOMER, Some(sim.now()));
    let (conversation, api_key) = setup(url);

    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut server = Command::new(bin)
        .arg("serve")
        .env("DATABASE_URL", url)
        .env("WINMESSAGES_BIND", format!("127.0.0.1:{port}"))
        .env("WINMESSAGES_DATA_DIR", data_dir)
        .env("WINMESSAGES_STATIC_DIR", format!("{data_dir}/none"))
        .env("WINMESSAGES_ENCRYPTION_KEY", KEY)
        .env("WINMESSAGES_GRAPH_API_BASE", sim.url())
        .env("WINMESSAGES_SEND_RATE_PER_NUMBER", "100000")
        .env("RUST_LOG", "error")
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(concurrency)
        .build()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(30);
    while !client
        .get(format!("{base}/readyz"))
        .send()
        .await
        .is_ok_and(|r| r.status().is_success())
    {
        assert!(Instant::now() < deadline, "server not ready");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let uri = format!("{base}/api/v1/conversations/{conversation}/messages");
    let post = |client: reqwest::Client, uri: String, key: String, i: usize| async move {
        let res = client
            .post(&uri)
            .bearer_auth(&key)
            .json(&serde_json::json!({"type": "text", "text": {"body": format!("Reply number {i}: your order has shipped.")}}))
            .send()
            .await
            .unwrap();
        assert_eq!(
            res.status(),
            202,
            "{}",
            res.text().await.unwrap_or_default()
        );
    };

    // 1. Sustained.
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let (client, uri, key, next) = (client.clone(), uri.clone(), api_key.clone(), next.clone());
        tasks.push(tokio::spawn(async move {
            loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                if i >= count {
                    return;
                }
                post(client.clone(), uri.clone(), key.clone(), i).await;
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let accepted = started.elapsed();
    let deadline = Instant::now() + Duration::from_secs(300);
    while sim.sent_messages().len() < count {
        assert!(Instant::now() < deadline, "sends did not complete");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let total = started.elapsed().as_secs_f64();
    #[allow(clippy::cast_precision_loss)]
    let rate = count as f64 / total;
    println!(
        "sustained: {count} replies POSTed in {:.2} s ({:.0}/s accepted), all sent through the Graph API in {total:.2} s = {rate:.0} messages/s",
        accepted.as_secs_f64(),
        count as f64 / accepted.as_secs_f64()
    );
    assert_eq!(sim.sent_messages().len(), count, "nothing sent twice");

    // 2. Idle latency: POST → Graph API call.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let before = sim.sent_messages().len();
    let mut latencies = Vec::new();
    for i in 0..200 {
        let t0 = now_ms();
        post(client.clone(), uri.clone(), api_key.clone(), count + i).await;
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let sent = sim.sent_messages();
            if sent.len() > before + i {
                #[allow(clippy::cast_precision_loss)]
                latencies.push((sent[before + i].received_at_ms - t0) as f64);
                break;
            }
            assert!(Instant::now() < deadline, "send did not happen");
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    latencies.sort_by(f64::total_cmp);
    println!(
        "idle: POST to Graph API call over 200 replies: p50 {:.0} ms, p99 {:.0} ms, max {:.0} ms",
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.99),
        latencies.last().copied().unwrap_or(f64::NAN)
    );
    let _ = server.kill();
    let _ = server.wait();
}

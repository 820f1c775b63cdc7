//! The outbox with real server processes: jobs pending when the process is SIGKILLed are sent
//! after the restart and none twice; on PostgreSQL two replicas share one outbox and every
//! message is sent exactly once.

use crate::inbound::harness::{SECRET, TOKEN};
use crate::support::TestDb;
use crate::support::{database_url, free_port};
use diesel::prelude::*;
use std::collections::HashMap;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use wa_simulator::{PhoneNumber, SimConfig, Simulator};
use whatsapp_cloud::send::{OutgoingContent, OutgoingMessage};
use winmessages::db::schema::{
    accounts, contacts, conversations, messages, organizations, outbox_jobs,
};
use winmessages::db::{self, DatabaseTarget, DbPool};

const PNID: &str = "106540352242999";
const WABA: &str = "419561257915999";
const CUSTOMER: &str = "16505550199";
/// A fixed key, so that the test can seal the token the server processes open.
const KEY: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

/// A server process, killed when dropped (also when a test fails).
struct Server(Child);

impl Server {
    fn kill(&mut self) {
        let _ = self.0.kill(); // SIGKILL
        let _ = self.0.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

fn start_server(db: &TestDb, port: u16, graph: &str, rate: u32, data: &str) -> Server {
    Server(
        Command::new(env!("CARGO_BIN_EXE_winmessages"))
            .arg("serve")
            .env("DATABASE_URL", database_url(&db.target))
            .env("WINMESSAGES_BIND", format!("127.0.0.1:{port}"))
            .env("WINMESSAGES_DATA_DIR", db.data_dir().join(data))
            .env("WINMESSAGES_STATIC_DIR", db.data_dir().join("no-spa"))
            .env("WINMESSAGES_META_APP_SECRET", SECRET)
            .env("WINMESSAGES_ENCRYPTION_KEY", KEY)
            .env("WINMESSAGES_GRAPH_API_BASE", graph)
            .env("WINMESSAGES_GRAPH_TIMEOUT_SECS", "2")
            .env("WINMESSAGES_SEND_RATE_PER_NUMBER", rate.to_string())
            .env("RUST_LOG", "error")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    )
}

async fn wait_ready(port: u16) {
    let client = reqwest::Client::new();
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

/// A migrated database with one organization, account, contact and conversation, and `n`
/// queued text messages with their outbox jobs; returns the pool and the message ids.
fn queued_messages(db: &TestDb, n: usize) -> (DbPool, Vec<i64>) {
    let pool = db::build_pool(&db.target, 2).unwrap();
    let conn = &mut pool.get().unwrap();
    db::run_migrations(conn).unwrap();
    let now = chrono::Utc::now().naive_utc();
    let key = winmessages::crypto::EncryptionKey::parse(KEY).unwrap();
    let sealed = winmessages::crypto::SecretBox::new(&key)
        .seal(TOKEN, PNID)
        .unwrap();
    let org: i64 = diesel::insert_into(organizations::table)
        .values((
            organizations::name.eq("Outboxco"),
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
            accounts::display_phone_number.eq("+1 555-000-0199"),
            accounts::verified_name.eq("Outboxco"),
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
            conversations::created_at.eq(now),
            conversations::updated_at.eq(now),
        ))
        .returning(conversations::id)
        .get_result(conn)
        .unwrap();
    let mut ids = Vec::new();
    for i in 0..n {
        let body = format!("reply {i}");
        let id: i64 = diesel::insert_into(messages::table)
            .values((
                messages::organization_id.eq(org),
                messages::account_id.eq(account),
                messages::conversation_id.eq(conversation),
                messages::direction.eq("outbound"),
                messages::kind.eq("text"),
                messages::body.eq(&body),
                messages::content.eq(serde_json::json!({"text": {"body": body}}).to_string()),
                messages::status.eq("pending"),
                messages::sent_at.eq(now),
                messages::created_at.eq(now),
                messages::updated_at.eq(now),
            ))
            .returning(messages::id)
            .get_result(conn)
            .unwrap();
        let request = OutgoingMessage::to(CUSTOMER, OutgoingContent::text(body, false))
            .with_callback_data(winmessages::outbox::callback_data(id));
        diesel::insert_into(outbox_jobs::table)
            .values((
                outbox_jobs::organization_id.eq(org),
                outbox_jobs::account_id.eq(account),
                outbox_jobs::message_id.eq(id),
                outbox_jobs::kind.eq("send"),
                outbox_jobs::request.eq(serde_json::to_string(&request).unwrap()),
                outbox_jobs::state.eq("queued"),
                outbox_jobs::attempts.eq(0),
                outbox_jobs::next_attempt_at.eq(now),
                outbox_jobs::created_at.eq(now),
                outbox_jobs::updated_at.eq(now),
            ))
            .execute(conn)
            .unwrap();
        ids.push(id);
    }
    (pool, ids)
}

async fn simulator(webhook_url: Option<String>) -> Simulator {
    let sim = Simulator::start(SimConfig {
        app_secret: SECRET.into(),
        webhook_url,
        ..SimConfig::default()
    })
    .await
    .unwrap();
    sim.add_phone_number(PhoneNumber::new(PNID, WABA, "+1 555-000-0199", TOKEN))
        .unwrap();
    // The customer wrote a moment ago: the simulator's 24-hour window is open.
    sim.set_last_inbound(PNID, CUSTOMER, Some(sim.now()));
    sim
}

/// How many times the simulator received each of our messages (by callback data).
fn sends_per_message(sim: &Simulator) -> HashMap<i64, usize> {
    let mut out = HashMap::new();
    for m in sim.sent_messages() {
        let id = m.request["biz_opaque_callback_data"]
            .as_str()
            .and_then(winmessages::outbox::message_of_callback)
            .expect("every send names its message");
        *out.entry(id).or_default() += 1;
    }
    out
}

fn states(pool: &DbPool) -> HashMap<i64, (String, Option<String>)> {
    messages::table
        .select((messages::id, messages::status, messages::wamid))
        .load::<(i64, String, Option<String>)>(&mut pool.get().unwrap())
        .unwrap()
        .into_iter()
        .map(|(id, s, w)| (id, (s, w)))
        .collect()
}

fn open_jobs(pool: &DbPool) -> i64 {
    outbox_jobs::table
        .filter(outbox_jobs::state.eq_any(["queued", "sending"]))
        .count()
        .get_result(&mut pool.get().unwrap())
        .unwrap()
}

#[actix_web::test]
async fn jobs_pending_at_sigkill_are_sent_after_restart_and_none_twice() {
    const N: usize = 120;
    let db = TestDb::new();
    let (pool, ids) = queued_messages(&db, N);
    let port = free_port();
    let sim = simulator(Some(format!("http://127.0.0.1:{port}/webhooks/whatsapp"))).await;
    // 40 messages per second: the outbox is busy for 3 s.
    let mut server = start_server(&db, port, sim.url(), 40, "a");
    wait_ready(port).await;
    let deadline = Instant::now() + Duration::from_secs(20);
    while sim.sent_messages().len() < 30 {
        if Instant::now() > deadline {
            let jobs: Vec<(String, i32, Option<String>)> = outbox_jobs::table
                .select((
                    outbox_jobs::state,
                    outbox_jobs::attempts,
                    outbox_jobs::last_error,
                ))
                .limit(3)
                .load(&mut pool.get().unwrap())
                .unwrap();
            panic!("nothing was sent: {jobs:?}");
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    server.kill();
    let before = sim.sent_messages().len();
    assert!(before < N, "the kill came after the last send");

    let mut server = start_server(&db, port, sim.url(), 400, "a");
    wait_ready(port).await;
    // In-flight jobs wait for their lease (2 × 2 s + 10 s) unless a status webhook settles them.
    let deadline = Instant::now() + Duration::from_secs(40);
    while open_jobs(&pool) > 0 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // Let the last status webhooks arrive.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    server.kill();

    let sends = sends_per_message(&sim);
    let twice: Vec<_> = sends.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "sent more than once: {twice:?}");
    let states = states(&pool);
    let mut unknown_unsent = 0;
    for id in &ids {
        let (status, wamid) = &states[id];
        match sends.get(id) {
            Some(_) => assert!(
                wamid.is_some() && status != "pending" && status != "unknown",
                "message {id} reached WhatsApp but is {status}"
            ),
            // Killed between taking the job and writing the request: the outcome is unknown
            // to the server, which does not guess.
            None => {
                assert_eq!(status, "unknown", "message {id} never sent and {status}");
                unknown_unsent += 1;
            }
        }
    }
    // At most the calls in flight at the kill: bursts of a tenth of the 40/s rate per claim.
    assert!(
        unknown_unsent <= 8,
        "{unknown_unsent} messages left unknown"
    );
    println!(
        "sent before the kill: {before}; after the restart: {}; left unknown: {unknown_unsent}",
        sends.len() - before
    );
}

#[actix_web::test]
async fn two_replicas_share_the_outbox_and_send_each_message_once() {
    let db = TestDb::new();
    if matches!(db.target, DatabaseTarget::Sqlite(_)) {
        // One SQLite file has one server; replicas need PostgreSQL.
        return;
    }
    const N: usize = 400;
    let (pool, ids) = queued_messages(&db, N);
    let sim = simulator(None).await;
    let (pa, pb) = (free_port(), free_port());
    let mut a = start_server(&db, pa, sim.url(), 1000, "a");
    let mut b = start_server(&db, pb, sim.url(), 1000, "b");
    wait_ready(pa).await;
    wait_ready(pb).await;
    let deadline = Instant::now() + Duration::from_secs(30);
    while open_jobs(&pool) > 0 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let client = reqwest::Client::new();
    let mut per_replica = Vec::new();
    for port in [pa, pb] {
        let metrics = client
            .get(format!("http://127.0.0.1:{port}/metrics"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let sent: f64 = metrics
            .lines()
            .find(|l| {
                l.starts_with("winmessages_outbox_calls_total")
                    && l.contains("kind=\"send\"")
                    && l.contains("outcome=\"sent\"")
            })
            .and_then(|l| l.rsplit(' ').next()?.parse().ok())
            .unwrap_or(0.0);
        per_replica.push(sent);
    }
    a.kill();
    b.kill();

    let sends = sends_per_message(&sim);
    assert_eq!(sends.len(), N, "every message sent");
    assert!(sends.values().all(|n| *n == 1), "none sent twice");
    let states = states(&pool);
    assert!(ids.iter().all(|id| states[id].0 == "sent"));
    assert!(
        per_replica.iter().all(|n| *n > 0.0),
        "both replicas sent: {per_replica:?}"
    );
    assert_eq!(per_replica.iter().sum::<f64>() as usize, N);
    println!("sends per replica: {per_replica:?}");
}

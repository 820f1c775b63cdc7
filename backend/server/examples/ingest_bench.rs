//! Load generator and baseline for `scripts/bench_ingest.sh` (loopback only).
//!
//! ```text
//! ingest_bench setup  DATABASE_URL PNID          # migrate, create an organization + account
//! ingest_bench flood  URL SECRET PNID COUNT CONCURRENCY   # closed loop, as fast as possible
//! ingest_bench paced  URL SECRET PNID RATE SECONDS         # open loop at RATE webhooks/s
//! ingest_bench drain  URL COUNT TIMEOUT_SECS               # wait until COUNT events are processed
//! ingest_bench raw    DATABASE_URL COUNT                   # the same rows inserted with diesel only
//! ```
//! Each webhook carries one inbound text message (distinct wamid, 500 rotating customers),
//! signed like Meta signs it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use diesel::prelude::*;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use winmessages::db::schema::{
    accounts, contacts, conversations, messages, organizations, webhook_events,
};
use winmessages::db::{self, DatabaseTarget};

fn body(pnid: &str, i: usize, run: u128) -> Vec<u8> {
    let customer = format!("4915{:07}", i % 500);
    serde_json::to_vec(&serde_json::json!({
        "object": "whatsapp_business_account",
        "entry": [{"id": "100200300", "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "15550001111", "phone_number_id": pnid},
            "contacts": [{"profile": {"name": format!("Customer {}", i % 500)}, "wa_id": customer}],
            "messages": [{"from": customer, "id": format!("wamid.bench-{run}-{i:08}"),
                "timestamp": "1764000000", "type": "text",
                "text": {"body": format!("Hello, this is message number {i} of the benchmark. Is my order ready?")}}]
        }}]}]
    }))
    .unwrap()
}

fn target(url: &str) -> DatabaseTarget {
    DatabaseTarget::from_setting(Some(url), std::path::Path::new(".")).unwrap()
}

fn setup(url: &str, pnid: &str) {
    let pool = db::build_pool(&target(url), 1).unwrap();
    let conn = &mut pool.get().unwrap();
    db::run_migrations(conn).unwrap();
    let now = chrono::Utc::now().naive_utc();
    let org: i64 = diesel::insert_into(organizations::table)
        .values((
            organizations::name.eq("Bench"),
            organizations::created_at.eq(now),
            organizations::updated_at.eq(now),
        ))
        .returning(organizations::id)
        .get_result(conn)
        .unwrap();
    diesel::insert_into(accounts::table)
        .values((
            accounts::organization_id.eq(org),
            accounts::waba_id.eq("100200300"),
            accounts::phone_number_id.eq(pnid),
            accounts::display_phone_number.eq("+1 555-000-1111"),
            accounts::verified_name.eq("Bench"),
            accounts::access_token_ciphertext.eq("unused"),
            accounts::created_at.eq(now),
            accounts::updated_at.eq(now),
        ))
        .execute(conn)
        .unwrap();
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

fn run_id() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos()
}

async fn post(client: &reqwest::Client, url: &str, secret: &str, payload: Vec<u8>) -> bool {
    let sig = whatsapp_cloud::sign(secret.as_bytes(), &payload);
    client
        .post(format!("{url}/webhooks/whatsapp"))
        .header("content-type", "application/json")
        .header("x-hub-signature-256", sig)
        .body(payload)
        .send()
        .await
        .is_ok_and(|r| r.status() == 200)
}

async fn flood(url: String, secret: String, pnid: String, count: usize, concurrency: usize) {
    let client = reqwest::Client::new();
    let next = Arc::new(AtomicUsize::new(0));
    let ok = Arc::new(AtomicUsize::new(0));
    let run = run_id();
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let (client, next, ok, url, secret, pnid) = (
            client.clone(),
            next.clone(),
            ok.clone(),
            url.clone(),
            secret.clone(),
            pnid.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= count {
                    return latencies;
                }
                let t = Instant::now();
                if post(&client, &url, &secret, body(&pnid, i, run)).await {
                    ok.fetch_add(1, Ordering::Relaxed);
                }
                latencies.push(t.elapsed());
            }
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    let secs = started.elapsed().as_secs_f64();
    all.sort();
    println!(
        "flood: {} webhooks, {} answered 200, in {secs:.2} s = {:.0} acknowledged/s; time to 200 p50 {:.2} ms, p99 {:.2} ms",
        count,
        ok.load(Ordering::Relaxed),
        ok.load(Ordering::Relaxed) as f64 / secs,
        percentile(&all, 0.50),
        percentile(&all, 0.99),
    );
}

async fn paced(url: String, secret: String, pnid: String, rate: usize, seconds: u64) {
    let client = reqwest::Client::new();
    let run = run_id();
    let total = rate * seconds as usize;
    let interval = Duration::from_secs_f64(1.0 / rate as f64);
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(total);
    for i in 0..total {
        // Open loop: send at the scheduled time whatever the previous answers took.
        let due = started + interval * i as u32;
        tokio::time::sleep_until(due.into()).await;
        let (client, url, secret) = (client.clone(), url.clone(), secret.clone());
        let payload = body(&pnid, i, run);
        tasks.push(tokio::spawn(async move {
            let ok = post(&client, &url, &secret, payload).await;
            (ok, due.elapsed())
        }));
    }
    let mut latencies = Vec::with_capacity(total);
    let mut ok = 0;
    for t in tasks {
        let (good, latency) = t.await.unwrap();
        ok += usize::from(good);
        latencies.push(latency);
    }
    latencies.sort();
    println!(
        "paced: {rate} webhooks/s for {seconds} s: {ok}/{total} answered 200; time to 200 p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        percentile(&latencies, 0.50),
        percentile(&latencies, 0.99),
        percentile(&latencies, 1.0),
    );
}

async fn metric(client: &reqwest::Client, url: &str, name: &str) -> f64 {
    let text = match client.get(format!("{url}/metrics")).send().await {
        Ok(r) => r.text().await.unwrap_or_default(),
        Err(_) => String::new(),
    };
    text.lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(' ')?.trim().parse().ok())
        .unwrap_or(0.0)
}

async fn drain(url: String, count: usize, timeout: u64) {
    let client = reqwest::Client::new();
    let started = Instant::now();
    loop {
        let processed = metric(&client, &url, "winmessages_webhooks_processed_total").await;
        if processed as usize >= count {
            println!("drain: {processed} events processed");
            return;
        }
        if started.elapsed() > Duration::from_secs(timeout) {
            println!("drain: timed out with {processed} of {count} processed");
            std::process::exit(1);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The rows ingestion writes for each message (event, contact, conversation, message),
/// written by diesel alone in transactions of the processor's batch size: the ceiling the
/// pipeline is compared with.
fn raw(url: &str, count: usize) {
    let pool = db::build_pool(&target(url), 1).unwrap();
    let conn = &mut pool.get().unwrap();
    db::run_migrations(conn).unwrap();
    let (org, account): (i64, i64) = accounts::table
        .select((accounts::organization_id, accounts::id))
        .first(conn)
        .unwrap();
    let run = run_id();
    let now = chrono::Utc::now().naive_utc();
    let started = Instant::now();
    let batch = winmessages::webhooks::processor::BATCH as usize;
    let mut conversation_of = std::collections::HashMap::new();
    for chunk in (0..count).collect::<Vec<_>>().chunks(batch) {
        conn.transaction(|c| -> QueryResult<()> {
            for &i in chunk {
                let payload = String::from_utf8(body("raw", i, run)).unwrap();
                diesel::insert_into(webhook_events::table)
                    .values((
                        webhook_events::payload.eq(&payload),
                        webhook_events::status.eq("processed"),
                        webhook_events::attempts.eq(1),
                        webhook_events::received_at.eq(now),
                    ))
                    .execute(c)?;
                let customer = i % 500;
                let conversation = match conversation_of.get(&customer) {
                    Some(id) => *id,
                    None => {
                        let contact: i64 = diesel::insert_into(contacts::table)
                            .values((
                                contacts::organization_id.eq(org),
                                contacts::wa_id.eq(format!("raw-{run}-{customer}")),
                                contacts::created_at.eq(now),
                                contacts::updated_at.eq(now),
                            ))
                            .returning(contacts::id)
                            .get_result(c)?;
                        let id: i64 = diesel::insert_into(conversations::table)
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
                            .get_result(c)?;
                        conversation_of.insert(customer, id);
                        id
                    }
                };
                let id: i64 = diesel::insert_into(messages::table)
                    .values((
                        messages::organization_id.eq(org),
                        messages::account_id.eq(account),
                        messages::conversation_id.eq(conversation),
                        messages::direction.eq("inbound"),
                        messages::kind.eq("text"),
                        messages::wamid.eq(format!("wamid.raw-{run}-{i}")),
                        messages::body.eq("Hello, this is a message of the benchmark."),
                        messages::content.eq(
                            r#"{"text":{"body":"Hello, this is a message of the benchmark."}}"#,
                        ),
                        messages::status.eq("received"),
                        messages::sent_at.eq(now),
                        messages::created_at.eq(now),
                        messages::updated_at.eq(now),
                    ))
                    .returning(messages::id)
                    .get_result(c)?;
                diesel::update(conversations::table.find(conversation))
                    .set((
                        conversations::last_message_id.eq(id),
                        conversations::last_message_at.eq(now),
                        conversations::unread_count.eq(conversations::unread_count + 1),
                        conversations::updated_at.eq(now),
                    ))
                    .execute(c)?;
            }
            Ok(())
        })
        .unwrap();
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "raw: {count} messages' rows in {secs:.2} s = {:.0} messages/s",
        count as f64 / secs
    );
}

fn main() {
    // Positional arguments after the program name.
    let args: Vec<String> = std::env::args().collect::<Vec<_>>().split_off(1);
    let arg = |i: usize| {
        args.get(i)
            .cloned()
            .unwrap_or_else(|| panic!("missing argument {i}; see the file header"))
    };
    let num = |i: usize| arg(i).parse::<usize>().unwrap();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    match arg(0).as_str() {
        "setup" => setup(&arg(1), &arg(2)),
        "flood" => rt.block_on(flood(arg(1), arg(2), arg(3), num(4), num(5))),
        "paced" => rt.block_on(paced(arg(1), arg(2), arg(3), num(4), num(5) as u64)),
        "drain" => rt.block_on(drain(arg(1), num(2), num(3) as u64)),
        "raw" => raw(&arg(1), num(2)),
        other => panic!("unknown command {other}"),
    }
}

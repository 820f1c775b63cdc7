//! Load generator for `scripts/bench_events.sh` (loopback only).
//!
//! ```text
//! events_bench keys     DATABASE_URL ORGS          # API keys: the first organization's, then ORGS-1 new ones
//! events_bench latency  URL_A URL_B SECRET PNID KEY COUNT   # webhook accepted on A → message.created on B
//! events_bench hold     URL KEYS_FILE STREAMS READY_FILE STOP_FILE [EXPECT DONE_FILE]
//!                        # keep STREAMS streams open; once EXPECT message.created frames have
//!                        # arrived, write the time (Unix seconds) to DONE_FILE
//! events_bench render   DATABASE_URL BATCH         # the fan-out's rendering cost per event
//! ```
#![allow(clippy::unwrap_used, clippy::expect_used)]

use diesel::prelude::*;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use winmessages::auth::tokens;
use winmessages::db::schema::organizations;
use winmessages::db::{self, DatabaseTarget};

fn keys(url: &str, orgs: usize) {
    let target = DatabaseTarget::from_setting(Some(url), std::path::Path::new(".")).unwrap();
    let pool = db::build_pool(&target, 1).unwrap();
    let conn = &mut pool.get().unwrap();
    db::run_migrations(conn).unwrap();
    let now = chrono::Utc::now().naive_utc();
    let mut ids: Vec<i64> = organizations::table
        .select(organizations::id)
        .order(organizations::id.asc())
        .limit(1)
        .load(conn)
        .unwrap();
    while ids.len() < orgs {
        let id: i64 = diesel::insert_into(organizations::table)
            .values((
                organizations::name.eq(format!("Bench {}", ids.len())),
                organizations::created_at.eq(now),
                organizations::updated_at.eq(now),
            ))
            .returning(organizations::id)
            .get_result(conn)
            .unwrap();
        ids.push(id);
    }
    for org in ids {
        let key = tokens::new_api_key();
        winmessages::api_keys::store::insert(
            conn,
            &winmessages::api_keys::store::NewApiKey {
                organization_id: org,
                name: "bench",
                prefix: &key[..7],
                key_hash: &tokens::digest(&key),
                scope: "agent",
                created_by: None,
                created_at: now,
            },
        )
        .unwrap();
        println!("{key}");
    }
}

fn webhook(pnid: &str, wamid: &str, i: usize) -> Vec<u8> {
    let customer = format!("4916{:07}", i % 50);
    serde_json::to_vec(&serde_json::json!({
        "object": "whatsapp_business_account",
        "entry": [{"id": "100200300", "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "15550001111", "phone_number_id": pnid},
            "contacts": [{"profile": {"name": "Latency"}, "wa_id": customer}],
            "messages": [{"from": customer, "id": wamid, "timestamp": "1764000000",
                "type": "text", "text": {"body": "How long does this take?"}}]
        }}]}]
    }))
    .unwrap()
}

async fn open(client: &reqwest::Client, url: &str, key: &str) -> reqwest::Response {
    let res = client
        .get(format!("{url}/api/v1/events"))
        .header("authorization", format!("Bearer {key}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "opening the stream");
    res
}

/// Counts `message.created` frames, calling `seen` with the count and the bytes of each
/// chunk (one SIMD search per chunk, no parsing: the reader shares the machine with the
/// server, and should take as little of it as a client on another machine would).
async fn count_frames(mut res: reqwest::Response, mut seen: impl FnMut(usize, usize)) {
    const NEEDLE: &[u8] = b"\nevent: message.created\n";
    let finder = memchr::memmem::Finder::new(NEEDLE);
    // The end of the previous chunk, in case the needle straddles two chunks.
    let mut tail: Vec<u8> = Vec::new();
    while let Ok(Some(chunk)) = res.chunk().await {
        let mut n = finder.find_iter(&chunk).count();
        if !tail.is_empty() {
            let head = &chunk[..chunk.len().min(NEEDLE.len() - 1)];
            tail.extend_from_slice(head);
            n += finder.find_iter(&tail).count();
        }
        tail.clear();
        tail.extend_from_slice(&chunk[chunk.len().saturating_sub(NEEDLE.len() - 1)..]);
        seen(n, chunk.len());
    }
}

/// Reads frames, calling `seen` with each `message.created` wamid.
async fn read_frames(mut res: reqwest::Response, mut seen: impl FnMut(&str)) {
    let mut buffer = String::new();
    while let Ok(Some(chunk)) = res.chunk().await {
        buffer.push_str(&String::from_utf8_lossy(&chunk));
        while let Some(end) = buffer.find("\n\n") {
            let block: String = buffer.drain(..end + 2).collect();
            if !block.contains("event: message.created") {
                continue;
            }
            if let Some(data) = block.lines().find_map(|l| l.strip_prefix("data: "))
                && let Ok(v) = serde_json::from_str::<serde_json::Value>(data)
                && let Some(wamid) = v["message"]["wamid"].as_str()
            {
                seen(wamid);
            }
        }
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

async fn latency(a: &str, b: &str, secret: &str, pnid: &str, key: &str, count: usize) {
    let client = reqwest::Client::new();
    let arrivals: Arc<Mutex<HashMap<String, Instant>>> = Arc::default();
    let res = open(&client, b, key).await;
    let sink = arrivals.clone();
    tokio::spawn(read_frames(res, move |wamid| {
        sink.lock()
            .unwrap()
            .insert(wamid.to_owned(), Instant::now());
    }));
    let run = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let mut samples = Vec::with_capacity(count);
    let mut lost = 0;
    for i in 0..count {
        let wamid = format!("wamid.latency-{run}-{i}");
        let payload = webhook(pnid, &wamid, i);
        let sig = whatsapp_cloud::sign(secret.as_bytes(), &payload);
        let ok = client
            .post(format!("{a}/webhooks/whatsapp"))
            .header("content-type", "application/json")
            .header("x-hub-signature-256", sig)
            .body(payload)
            .send()
            .await
            .is_ok_and(|r| r.status() == 200);
        let accepted = Instant::now();
        assert!(ok, "webhook refused");
        let deadline = accepted + Duration::from_secs(5);
        loop {
            if let Some(at) = arrivals.lock().unwrap().get(&wamid) {
                samples.push(at.saturating_duration_since(accepted).as_secs_f64() * 1000.0);
                break;
            }
            if Instant::now() > deadline {
                lost += 1;
                break;
            }
            tokio::time::sleep(Duration::from_micros(200)).await;
        }
        // Spread the webhooks out a little, like real traffic.
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    samples.sort_by(f64::total_cmp);
    println!(
        "webhook accepted on A → message.created on B: {} events, p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms, lost {lost}",
        samples.len(),
        percentile(&samples, 0.5),
        percentile(&samples, 0.99),
        samples.last().copied().unwrap_or(f64::NAN),
    );
}

async fn hold(
    url: &str,
    keys_file: &str,
    streams: usize,
    ready: &str,
    stop: &str,
    expect: Option<(usize, String)>,
) {
    let keys: Vec<String> = std::fs::read_to_string(keys_file)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()
        .unwrap();
    let events = Arc::new(AtomicUsize::new(0));
    let bytes = Arc::new(AtomicUsize::new(0));
    let open_now = Arc::new(AtomicUsize::new(0));
    for i in 0..streams {
        let res = open(&client, url, &keys[i % keys.len()]).await;
        let (events, bytes, open_now) = (events.clone(), bytes.clone(), open_now.clone());
        open_now.fetch_add(1, Ordering::Relaxed);
        tokio::spawn(async move {
            count_frames(res, |n, size| {
                events.fetch_add(n, Ordering::Relaxed);
                bytes.fetch_add(size, Ordering::Relaxed);
            })
            .await;
            open_now.fetch_sub(1, Ordering::Relaxed);
        });
    }
    std::fs::write(ready, "ready").unwrap();
    let mut expect = expect;
    while !std::path::Path::new(stop).exists() {
        tokio::time::sleep(Duration::from_millis(5)).await;
        if let Some((count, done)) = &expect
            && events.load(Ordering::Relaxed) >= *count
        {
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap();
            std::fs::write(done, format!("{:.3}", now.as_secs_f64())).unwrap();
            expect = None;
        }
    }
    println!(
        "{streams} streams over {} organizations: {} still open, {} message.created frames received ({:.1} MB)",
        keys.len(),
        open_now.load(Ordering::Relaxed),
        events.load(Ordering::Relaxed),
        bytes.load(Ordering::Relaxed) as f64 / 1e6
    );
}

/// Renders every stored event as the fan-out does, `batch` rows per pass (single-threaded,
/// on a database a flood has filled): the fan-out's CPU cost per event, apart from the
/// load that shares the machine during the flood. Prints the best of three rounds.
fn render(url: &str, batch: i64) {
    use winmessages::events::{render, store};
    let target = DatabaseTarget::from_setting(Some(url), std::path::Path::new(".")).unwrap();
    let pool = db::build_pool(&target, 1).unwrap();
    let conn = &mut pool.get().unwrap();
    let mut best: Option<(Duration, usize, usize, usize, usize)> = None;
    for _ in 0..3 {
        let started = Instant::now();
        let (mut cursor, mut events, mut frames, mut bytes, mut passes) = (0, 0, 0, 0, 0);
        loop {
            let rows = store::after(conn, cursor, batch).unwrap();
            let Some(last) = rows.last() else { break };
            cursor = last.id;
            events += rows.len();
            passes += 1;
            for batch in render::render(conn, &rows, |_| true).unwrap() {
                frames += batch.frames.len();
                bytes += batch.joined.len();
            }
        }
        let took = started.elapsed();
        if best.is_none_or(|b| took < b.0) {
            best = Some((took, events, frames, bytes, passes));
        }
    }
    let (took, events, frames, bytes, passes) = best.unwrap();
    println!(
        "render, {batch} rows per pass: {events} events in {passes} passes → {frames} frames \
         ({:.1} MB) in {:.0} ms: {:.1} µs per event",
        bytes as f64 / 1e6,
        took.as_secs_f64() * 1e3,
        took.as_secs_f64() * 1e6 / events.max(1) as f64
    );
}

#[tokio::main]
async fn main() {
    // args[0] is the program; the command and its operands follow.
    let args: Vec<String> = std::env::args().collect();
    let arg = |i: usize| args.get(i + 1).map(String::as_str).unwrap_or_default();
    match arg(0) {
        "keys" => keys(arg(1), arg(2).parse().unwrap()),
        "latency" => {
            latency(
                arg(1),
                arg(2),
                arg(3),
                arg(4),
                arg(5),
                arg(6).parse().unwrap(),
            )
            .await;
        }
        "hold" => {
            let expect = (!arg(6).is_empty()).then(|| (arg(6).parse().unwrap(), arg(7).to_owned()));
            hold(
                arg(1),
                arg(2),
                arg(3).parse().unwrap(),
                arg(4),
                arg(5),
                expect,
            )
            .await;
        }
        "render" => render(arg(1), arg(2).parse().unwrap()),
        _ => {
            eprintln!("usage: see the comment at the top of examples/events_bench.rs");
            std::process::exit(2);
        }
    }
}

//! Send throughput of the simulator: text messages over loopback with a
//! reqwest client. `cargo bench -p wa-simulator --bench send`
//!
//! Environment: `BENCH_REQUESTS` (default 20000), `BENCH_CONCURRENCY`
//! (default 32). Status webhooks are off (no callback URL), so the figure is
//! the Graph API path: auth, validation, window check, recording. Run by
//! `cargo test --all-targets` (no `--bench` argument) it only does a short
//! smoke run of 500 requests.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use futures_util::StreamExt;
use serde_json::json;
use wa_simulator::{CustomerMessage, PhoneNumber, SimConfig, Simulator};

const PNID: &str = "106540352242922";
const TOKEN: &str = "bench-token";

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let idx = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[idx.min(sorted.len() - 1)]
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let requests = env_usize("BENCH_REQUESTS", if full { 20_000 } else { 500 });
    let concurrency = env_usize("BENCH_CONCURRENCY", 32);
    let sim = Simulator::start(SimConfig {
        phone_numbers: vec![PhoneNumber::new(
            PNID,
            "419561257915477",
            "+1 555-078-3881",
            TOKEN,
        )],
        ..SimConfig::default()
    })
    .await
    .expect("simulator starts");
    sim.customer_sends(CustomerMessage::text(PNID, "16505551234", "hi"))
        .await
        .expect("window opens");

    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(concurrency)
        .build()
        .unwrap();
    let url = format!("{}/v23.0/{PNID}/messages", sim.url());
    let body = serde_json::to_vec(&json!({
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": "+16505551234",
        "type": "text",
        "text": { "body": "Benchmark message", "preview_url": false }
    }))
    .unwrap();

    // Warm up connections.
    for _ in 0..concurrency {
        client
            .post(&url)
            .bearer_auth(TOKEN)
            .header("content-type", "application/json")
            .body(body.clone())
            .send()
            .await
            .unwrap();
    }

    let started = Instant::now();
    let results: Vec<(bool, Duration)> = futures_util::stream::iter(0..requests)
        .map(|_| {
            let client = client.clone();
            let url = url.clone();
            let body = body.clone();
            async move {
                let t = Instant::now();
                let ok = match client
                    .post(&url)
                    .bearer_auth(TOKEN)
                    .header("content-type", "application/json")
                    .body(body)
                    .send()
                    .await
                {
                    Ok(resp) => resp.status().is_success() && resp.bytes().await.is_ok(),
                    Err(_) => false,
                };
                (ok, t.elapsed())
            }
        })
        .buffer_unordered(concurrency)
        .collect()
        .await;
    let elapsed = started.elapsed();

    let failures = results.iter().filter(|(ok, _)| !ok).count();
    let mut latencies: Vec<Duration> = results.iter().map(|(_, d)| *d).collect();
    latencies.sort();
    let rps = requests as f64 / elapsed.as_secs_f64();
    println!(
        "wa-simulator send: {requests} text sends, concurrency {concurrency}, {:.2} s, {rps:.0} requests/s, p50 {:.2} ms, p99 {:.2} ms, failures {failures}",
        elapsed.as_secs_f64(),
        percentile(&latencies, 0.50).as_secs_f64() * 1000.0,
        percentile(&latencies, 0.99).as_secs_f64() * 1000.0,
    );
    assert_eq!(failures, 0, "all sends must succeed");
    assert_eq!(sim.sent_messages().len(), requests + concurrency);
    sim.stop().await;
}

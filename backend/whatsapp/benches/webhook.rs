//! Throughput of webhook handling on one thread: signature verification
//! plus typed parsing of a ~2 KB inbound-message payload.
//!
//! Run with `cargo bench -p whatsapp-cloud --bench webhook`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use serde_json::Value;
use whatsapp_cloud::webhook::{self, MessageContent};
use whatsapp_cloud::{sign, verify};

const TARGET_SIZE: usize = 2048;
const SECRET: &[u8] = b"bench-app-secret";

/// The click-to-WhatsApp-ad fixture (contacts, referral, text), with the
/// text padded so the pretty-printed body is about 2 KB.
fn payload() -> Vec<u8> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/openapi__webhook_text_message_from_click_to_whatsapp_ad.json"
    );
    let mut v: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    let base = serde_json::to_vec_pretty(&v).unwrap().len();
    let pad = TARGET_SIZE.saturating_sub(base);
    let body = &mut v["entry"][0]["changes"][0]["value"]["messages"][0]["text"]["body"];
    let mut text = body.as_str().unwrap().to_owned();
    text.push(' ');
    while text.len() < pad + 34 {
        text.push_str("Is the blue one still in stock? ");
    }
    text.truncate(pad + 34);
    *body = Value::String(text);
    serde_json::to_vec_pretty(&v).unwrap()
}

fn measure(label: &str, bytes: usize, mut f: impl FnMut()) -> f64 {
    for _ in 0..2_000 {
        f();
    }
    let budget = Duration::from_secs(2);
    let start = Instant::now();
    let mut n: u64 = 0;
    while start.elapsed() < budget {
        for _ in 0..500 {
            f();
        }
        n += 500;
    }
    let secs = start.elapsed().as_secs_f64();
    let rate = n as f64 / secs;
    println!(
        "{label:<28} {rate:>12.0} msgs/s  {:>8.1} MB/s  {:>7.2} µs/msg",
        rate * bytes as f64 / 1e6,
        1e6 / rate
    );
    rate
}

fn main() {
    let body = payload();
    let header = sign(SECRET, &body);
    // Sanity: the payload is valid and typed as expected.
    verify(SECRET, &body, Some(&header)).unwrap();
    let env = webhook::parse(&body).unwrap();
    let (_, value) = env.messages_values().next().unwrap();
    assert!(matches!(value.messages[0].content, MessageContent::Text(_)));
    assert!(value.messages[0].referral.is_some());

    println!("payload: {} bytes, one thread", body.len());
    measure("verify signature", body.len(), || {
        verify(SECRET, black_box(&body), Some(black_box(&header))).unwrap();
    });
    measure("parse envelope", body.len(), || {
        black_box(webhook::parse(black_box(&body)).unwrap());
    });
    measure("verify + parse", body.len(), || {
        black_box(
            webhook::parse_verified(SECRET, black_box(&body), Some(black_box(&header))).unwrap(),
        );
    });
}

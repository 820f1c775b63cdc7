//! Signed POSTs to the callback URL with bounded retries.

use std::time::Duration;

use actix_web::web::Bytes;

use crate::config::WebhookConfig;
use crate::model::DeliveryOutcome;

/// `User-Agent` Meta's webhook client sends.
const USER_AGENT: &str = "facebookexternalua";

/// Posts `body` with its signature until a 200 answer or `max_attempts`.
pub(crate) async fn post(
    client: &reqwest::Client,
    url: &str,
    signature: &str,
    body: &Bytes,
    cfg: &WebhookConfig,
) -> DeliveryOutcome {
    let mut outcome = DeliveryOutcome::default();
    let attempts = cfg.max_attempts.max(1);
    let mut backoff = cfg.retry_backoff_ms;
    for attempt in 0..attempts {
        outcome.attempts += 1;
        let result = client
            .post(url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header(reqwest::header::USER_AGENT, USER_AGENT)
            .header(whatsapp_cloud::signature::SIGNATURE_HEADER, signature)
            .timeout(Duration::from_millis(cfg.timeout_ms.max(1)))
            .body(body.clone())
            .send()
            .await;
        let code = match result {
            Ok(resp) => resp.status().as_u16(),
            Err(e) => {
                tracing::debug!(url, error = %e, "webhook attempt failed");
                0
            }
        };
        outcome.responses.push(code);
        if code == 200 {
            outcome.delivered = true;
            break;
        }
        if attempt + 1 < attempts {
            tokio::time::sleep(Duration::from_millis(backoff)).await;
            backoff = backoff.saturating_mul(2);
        }
    }
    outcome
}

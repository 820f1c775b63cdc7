//! A record of every Graph API exchange, for a technical call log. The client hands each
//! finished call to a [`CallRecorder`]; recording must be cheap and must never block, so
//! implementations queue the record and store it elsewhere.
//!
//! Records never carry the `Authorization` header. An `access_token` query parameter is
//! removed from the path; bodies are kept as text up to [`MAX_RECORDED_BODY`] bytes (uploads
//! and media downloads are described, not copied).

use std::time::Duration;

use url::Url;

/// Longest body text kept in a [`CallRecord`].
pub const MAX_RECORDED_BODY: usize = 64 * 1024;

/// One Graph API request and its outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallRecord {
    /// HTTP method, e.g. `POST`.
    pub method: String,
    /// URL path and query, without any access token.
    pub path: String,
    /// HTTP status, when an answer arrived.
    pub status: Option<u16>,
    /// Time from sending the request to reading the whole answer.
    pub duration: Duration,
    /// Request body as text, or a description of a binary body.
    pub request_body: Option<String>,
    /// Response body as text, or a description of a media download.
    pub response_body: Option<String>,
    /// Transport error, or a summary of Meta's error object.
    pub error: Option<String>,
    /// Meta's error code, when the answer carried one.
    pub meta_error_code: Option<i64>,
}

/// Receives a [`CallRecord`] for every request a [`crate::GraphClient`] makes.
pub trait CallRecorder: Send + Sync {
    /// Called once per request, after its answer (or failure). Must not block.
    fn record(&self, call: CallRecord);
}

/// Path and query of `url`, without `access_token` parameters.
pub fn redacted_path(url: &Url) -> String {
    let mut out = url.path().to_owned();
    if url.query().is_some() {
        let kept: Vec<(String, String)> = url
            .query_pairs()
            .filter(|(k, _)| !k.eq_ignore_ascii_case("access_token"))
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        if !kept.is_empty() {
            let query = url::form_urlencoded::Serializer::new(String::new())
                .extend_pairs(kept)
                .finish();
            out.push('?');
            out.push_str(&query);
        }
    }
    out
}

/// A body as text, cut at [`MAX_RECORDED_BODY`] bytes (on a character boundary).
pub fn body_text(bytes: &[u8]) -> String {
    let cut = bytes.len().min(MAX_RECORDED_BODY);
    let mut text = String::from_utf8_lossy(&bytes[..cut]).into_owned();
    if cut < bytes.len() {
        // A multi-byte character split by the cut shows as U+FFFD; drop it.
        if text.ends_with('\u{FFFD}') {
            text.pop();
        }
        text.push_str(&format!("… ({} bytes in all)", bytes.len()));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_leave_the_path() {
        let url = Url::parse(
            "https://h/v23.0/1/message_templates?fields=a%2Cb&access_token=SECRET&after=X",
        )
        .unwrap();
        let p = redacted_path(&url);
        assert_eq!(p, "/v23.0/1/message_templates?fields=a%2Cb&after=X");
        let url = Url::parse("https://h/v23.0/1?ACCESS_TOKEN=SECRET").unwrap();
        assert_eq!(redacted_path(&url), "/v23.0/1");
        let url = Url::parse("https://h/v23.0/1").unwrap();
        assert_eq!(redacted_path(&url), "/v23.0/1");
    }

    #[test]
    fn long_bodies_are_cut() {
        assert_eq!(body_text(b"{\"a\":1}"), "{\"a\":1}");
        let long = "é".repeat(MAX_RECORDED_BODY);
        let text = body_text(long.as_bytes());
        assert!(text.len() < MAX_RECORDED_BODY + 40, "{}", text.len());
        assert!(text.ends_with(&format!("({} bytes in all)", long.len())));
        assert!(!text.contains('\u{FFFD}'));
    }
}

//! Async Graph API client (reqwest + rustls).
//!
//! The access token is passed per call because every tenant has its own.
//! Transport failures are mapped so that [`Error::class`] tells a safe retry
//! (nothing was sent) from an unknown outcome (the request may have been
//! applied; re-sending could duplicate a message).

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::{RequestBuilder, StatusCode};
use serde::de::DeserializeOwned;
use url::Url;

use crate::error::{Error, GraphErrorBody};
use crate::media::{DownloadedMedia, MediaInfo, MediaUploadResponse};
use crate::phone::{DEFAULT_PHONE_FIELDS, PhoneNumberInfo, PhoneNumberList};
use crate::record::{CallRecord, CallRecorder, body_text, redacted_path};
use crate::response::{Paging, SendResponse, SuccessResponse};
use crate::send::{MESSAGING_PRODUCT, MarkReadRequest, OutgoingMessage};
use crate::templates::{DEFAULT_TEMPLATE_FIELDS, Template, TemplateList, TemplateQuery};

/// Default Graph API origin.
pub const DEFAULT_BASE_URL: &str = "https://graph.facebook.com";
/// Default API version: the one Meta's OpenAPI spec (and this crate's
/// fixtures) describe, supported until 2027-10-08 (CLOUD_API.md §10.3).
pub const DEFAULT_API_VERSION: &str = "v23.0";

/// Longest error body kept in [`Error::Http`].
const MAX_ERROR_BODY: usize = 512;

/// A Graph API access token. `Debug` never prints it.
#[derive(Clone, PartialEq, Eq)]
pub struct AccessToken(String);

impl AccessToken {
    /// Wraps a token.
    pub fn new(token: impl Into<String>) -> Self {
        Self(token.into())
    }

    /// The secret value, for the `Authorization` header only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessToken(<redacted>)")
    }
}

impl From<&str> for AccessToken {
    fn from(s: &str) -> Self {
        Self::new(s)
    }
}

impl From<String> for AccessToken {
    fn from(s: String) -> Self {
        Self::new(s)
    }
}

/// Client settings.
#[derive(Clone)]
pub struct GraphClientConfig {
    /// Origin (plus optional path prefix), e.g. `https://graph.facebook.com`.
    pub base_url: String,
    /// Version path segment, e.g. `v23.0`.
    pub api_version: String,
    /// Limit for establishing a connection; failures here are retryable.
    pub connect_timeout: Duration,
    /// Limit for a whole JSON request.
    pub request_timeout: Duration,
    /// Limit for media upload and download.
    pub media_timeout: Duration,
    /// Largest media download accepted (inbound media is ≤ 100 MB).
    pub max_media_bytes: u64,
    /// Safety bound when following `paging.next`.
    pub max_pages: usize,
    /// Told about every request the client makes (technical call log); `None` records
    /// nothing.
    pub recorder: Option<Arc<dyn CallRecorder>>,
}

impl fmt::Debug for GraphClientConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GraphClientConfig")
            .field("base_url", &self.base_url)
            .field("api_version", &self.api_version)
            .field("connect_timeout", &self.connect_timeout)
            .field("request_timeout", &self.request_timeout)
            .field("media_timeout", &self.media_timeout)
            .field("max_media_bytes", &self.max_media_bytes)
            .field("max_pages", &self.max_pages)
            .field("recorder", &self.recorder.is_some())
            .finish()
    }
}

impl Default for GraphClientConfig {
    fn default() -> Self {
        Self {
            base_url: DEFAULT_BASE_URL.to_owned(),
            api_version: DEFAULT_API_VERSION.to_owned(),
            connect_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_secs(30),
            media_timeout: Duration::from_secs(120),
            max_media_bytes: 110 * 1024 * 1024,
            max_pages: 100,
            recorder: None,
        }
    }
}

/// Graph API client; cheap to clone (shares the connection pool).
#[derive(Clone)]
pub struct GraphClient {
    http: reqwest::Client,
    base: Url,
    config: GraphClientConfig,
}

impl fmt::Debug for GraphClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GraphClient")
            .field("base", &self.base.as_str())
            .field("api_version", &self.config.api_version)
            .finish()
    }
}

fn transport_error(e: reqwest::Error, idempotent: bool) -> Error {
    // Drop the URL: media URLs carry signed query parameters.
    let e = e.without_url();
    if e.is_builder() {
        Error::InvalidRequest(e.to_string())
    } else if e.is_connect() {
        // Includes connect timeouts: no byte of the request was sent.
        Error::Connect(e.to_string())
    } else if e.is_timeout() {
        Error::Timeout { idempotent }
    } else {
        Error::Interrupted {
            idempotent,
            message: e.to_string(),
        }
    }
}

/// A call in flight, for the recorder.
struct Call {
    method: String,
    path: String,
    request_body: Option<String>,
    started: Instant,
}

/// One line for the call log: Meta's code, message and details, or the transport error.
fn error_summary(e: &Error) -> String {
    match e.graph_error() {
        Some(g) => g.to_string(),
        None => e.to_string(),
    }
}

fn status_error(status: StatusCode, body: &[u8]) -> Error {
    let status = status.as_u16();
    match serde_json::from_slice::<GraphErrorBody>(body) {
        Ok(b) => {
            tracing::debug!(
                status,
                code = b.error.code,
                fbtrace_id = b.error.fbtrace_id.as_deref().unwrap_or(""),
                "graph api error"
            );
            Error::Api {
                status,
                error: Box::new(b.error),
            }
        }
        Err(_) => {
            let text = String::from_utf8_lossy(body);
            Error::Http {
                status,
                body: text.chars().take(MAX_ERROR_BODY).collect(),
            }
        }
    }
}

impl GraphClient {
    /// A client with default settings.
    pub fn new() -> Result<Self, Error> {
        Self::with_config(GraphClientConfig::default())
    }

    /// A client with the given settings.
    pub fn with_config(config: GraphClientConfig) -> Result<Self, Error> {
        let http = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout)
            .timeout(config.request_timeout)
            .user_agent(concat!(
                "winmessages-whatsapp-cloud/",
                env!("CARGO_PKG_VERSION")
            ))
            .build()
            .map_err(|e| Error::InvalidRequest(format!("HTTP client: {e}")))?;
        Self::with_http_client(config, http)
    }

    /// A client reusing an existing reqwest client (its own timeouts apply
    /// unless overridden per request).
    pub fn with_http_client(
        config: GraphClientConfig,
        http: reqwest::Client,
    ) -> Result<Self, Error> {
        let base = Url::parse(&config.base_url)
            .map_err(|e| Error::InvalidRequest(format!("base URL {:?}: {e}", config.base_url)))?;
        if base.cannot_be_a_base() || !matches!(base.scheme(), "http" | "https") {
            return Err(Error::InvalidRequest("base URL must be http(s)".to_owned()));
        }
        Ok(Self { http, base, config })
    }

    /// The settings in use.
    pub fn config(&self) -> &GraphClientConfig {
        &self.config
    }

    /// `{base}/{version}/{segments…}`; segments are percent-encoded, so
    /// ids cannot escape their path position.
    fn url(&self, segments: &[&str]) -> Result<Url, Error> {
        let mut url = self.base.clone();
        {
            let mut path = url
                .path_segments_mut()
                .map_err(|()| Error::InvalidRequest("base URL cannot have a path".to_owned()))?;
            path.pop_if_empty();
            path.push(&self.config.api_version);
            for s in segments {
                if s.is_empty() {
                    return Err(Error::InvalidRequest("empty id in request path".to_owned()));
                }
                path.push(s);
            }
        }
        Ok(url)
    }

    async fn read_body(
        resp: reqwest::Response,
        idempotent: bool,
        limit: u64,
    ) -> Result<(StatusCode, Vec<u8>), Error> {
        let status = resp.status();
        let mut resp = resp;
        if resp.content_length().is_some_and(|n| n > limit) {
            return Err(Error::Decode(format!("response larger than {limit} bytes")));
        }
        let mut body = Vec::new();
        loop {
            match resp.chunk().await {
                Ok(Some(chunk)) => {
                    if body.len() as u64 + chunk.len() as u64 > limit {
                        return Err(Error::Decode(format!("response larger than {limit} bytes")));
                    }
                    body.extend_from_slice(&chunk);
                }
                Ok(None) => return Ok((status, body)),
                // An error status is final even if its body was cut short.
                Err(_) if !status.is_success() => return Ok((status, body)),
                Err(e) => return Err(transport_error(e, idempotent)),
            }
        }
    }

    async fn execute<T: DeserializeOwned>(
        &self,
        req: RequestBuilder,
        token: &crate::AccessToken,
        idempotent: bool,
    ) -> Result<T, Error> {
        self.execute_described(req, token, idempotent, None).await
    }

    /// Like [`Self::execute`]; `request_note` replaces the request body in the call
    /// record (for bodies that are not text, such as uploads).
    async fn execute_described<T: DeserializeOwned>(
        &self,
        req: RequestBuilder,
        token: &crate::AccessToken,
        idempotent: bool,
        request_note: Option<String>,
    ) -> Result<T, Error> {
        let request = req
            .bearer_auth(token.expose())
            .build()
            .map_err(|e| transport_error(e, idempotent))?;
        let call = self.begin_call(&request, request_note);
        let exchanged = match self.http.execute(request).await {
            // JSON answers are small; 8 MiB bounds a misbehaving server.
            Ok(resp) => Self::read_body(resp, idempotent, 8 * 1024 * 1024).await,
            Err(e) => Err(transport_error(e, idempotent)),
        };
        let (status, body) = match exchanged {
            Ok(answer) => answer,
            Err(e) => {
                self.end_call(call, None, None, Some(&e));
                return Err(e);
            }
        };
        let result = if status.is_success() {
            serde_json::from_slice(&body).map_err(|e| Error::Decode(e.to_string()))
        } else {
            Err(status_error(status, &body))
        };
        if call.is_some() {
            let text = body_text(&body);
            self.end_call(
                call,
                Some(status.as_u16()),
                Some(text),
                result.as_ref().err(),
            );
        }
        result
    }

    /// Starts a call record when a recorder is configured.
    fn begin_call(&self, request: &reqwest::Request, request_note: Option<String>) -> Option<Call> {
        self.config.recorder.as_ref()?;
        let request_body = request_note.or_else(|| {
            request
                .body()
                .and_then(reqwest::Body::as_bytes)
                .filter(|b| !b.is_empty())
                .map(body_text)
        });
        Some(Call {
            method: request.method().as_str().to_owned(),
            path: redacted_path(request.url()),
            request_body,
            started: Instant::now(),
        })
    }

    /// Hands a finished call to the recorder.
    fn end_call(
        &self,
        call: Option<Call>,
        status: Option<u16>,
        response_body: Option<String>,
        error: Option<&Error>,
    ) {
        let (Some(call), Some(recorder)) = (call, self.config.recorder.as_ref()) else {
            return;
        };
        recorder.record(CallRecord {
            method: call.method,
            path: call.path,
            status,
            duration: call.started.elapsed(),
            request_body: call.request_body,
            response_body,
            error: error.map(error_summary),
            meta_error_code: error.and_then(Error::code),
        });
    }

    /// Sends a message (`POST /{phone-number-id}/messages`) after checking
    /// it with [`OutgoingMessage::validate`].
    ///
    /// A timeout or broken connection after sending yields
    /// [`crate::ErrorClass::UnknownOutcome`]: do not blindly re-send.
    pub async fn send_message(
        &self,
        token: &AccessToken,
        phone_number_id: &str,
        message: &OutgoingMessage,
    ) -> Result<SendResponse, Error> {
        message.validate()?;
        let url = self.url(&[phone_number_id, "messages"])?;
        tracing::debug!(
            phone_number_id,
            kind = message.content.kind(),
            "sending message"
        );
        self.execute(self.http.post(url).json(message), token, false)
            .await
    }

    /// Marks an inbound message (and earlier ones) as read, optionally
    /// showing the typing indicator.
    pub async fn mark_read(
        &self,
        token: &AccessToken,
        phone_number_id: &str,
        message_id: &str,
        typing_indicator: bool,
    ) -> Result<SuccessResponse, Error> {
        let url = self.url(&[phone_number_id, "messages"])?;
        let body = MarkReadRequest::new(message_id, typing_indicator);
        // Marking read twice is harmless.
        self.execute(self.http.post(url).json(&body), token, true)
            .await
    }

    /// Uploads media (`POST /{phone-number-id}/media`, multipart).
    pub async fn upload_media(
        &self,
        token: &AccessToken,
        phone_number_id: &str,
        bytes: Vec<u8>,
        mime_type: &str,
        filename: &str,
    ) -> Result<MediaUploadResponse, Error> {
        let url = self.url(&[phone_number_id, "media"])?;
        let note = format!(
            "multipart/form-data: messaging_product, type={mime_type}, file {filename:?} ({} bytes)",
            bytes.len()
        );
        let part = reqwest::multipart::Part::bytes(bytes)
            .file_name(filename.to_owned())
            .mime_str(mime_type)
            .map_err(|e| Error::InvalidRequest(format!("MIME type {mime_type:?}: {e}")))?;
        let form = reqwest::multipart::Form::new()
            .text("messaging_product", MESSAGING_PRODUCT)
            .text("type", mime_type.to_owned())
            .part("file", part);
        let req = self
            .http
            .post(url)
            .multipart(form)
            .timeout(self.config.media_timeout);
        // A repeated upload only creates an unused media id.
        self.execute_described(req, token, true, Some(note)).await
    }

    /// Resolves a media id to a short-lived download URL (`GET /{media-id}`).
    pub async fn media_info(
        &self,
        token: &AccessToken,
        media_id: &str,
        phone_number_id: Option<&str>,
    ) -> Result<MediaInfo, Error> {
        let mut url = self.url(&[media_id])?;
        if let Some(pnid) = phone_number_id {
            url.query_pairs_mut().append_pair("phone_number_id", pnid);
        }
        self.execute(self.http.get(url), token, true).await
    }

    /// Downloads media from a URL returned by [`Self::media_info`] or found
    /// in a webhook; the token is required by Meta's media host.
    pub async fn download_media(
        &self,
        token: &AccessToken,
        url: &str,
    ) -> Result<DownloadedMedia, Error> {
        let url = Url::parse(url).map_err(|e| Error::InvalidRequest(format!("media URL: {e}")))?;
        if !matches!(url.scheme(), "https" | "http") {
            return Err(Error::InvalidRequest(
                "media URL must be http(s)".to_owned(),
            ));
        }
        let request = self
            .http
            .get(url)
            .bearer_auth(token.expose())
            .timeout(self.config.media_timeout)
            .build()
            .map_err(|e| transport_error(e, true))?;
        let call = self.begin_call(&request, None);
        let resp = match self.http.execute(request).await {
            Ok(resp) => resp,
            Err(e) => {
                let e = transport_error(e, true);
                self.end_call(call, None, None, Some(&e));
                return Err(e);
            }
        };
        let mime_type = resp
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let (status, bytes) = match Self::read_body(resp, true, self.config.max_media_bytes).await {
            Ok(answer) => answer,
            Err(e) => {
                self.end_call(call, None, None, Some(&e));
                return Err(e);
            }
        };
        if !status.is_success() {
            let e = status_error(status, &bytes);
            self.end_call(
                call,
                Some(status.as_u16()),
                Some(body_text(&bytes)),
                Some(&e),
            );
            return Err(e);
        }
        // The file itself is never recorded: only its size and type.
        self.end_call(
            call,
            Some(status.as_u16()),
            Some(format!(
                "{} bytes of {}",
                bytes.len(),
                mime_type.as_deref().unwrap_or("unknown type")
            )),
            None,
        );
        Ok(DownloadedMedia { bytes, mime_type })
    }

    /// Resolves a media id and downloads it. The MIME type falls back to
    /// the one reported by the lookup.
    pub async fn download_media_by_id(
        &self,
        token: &AccessToken,
        media_id: &str,
    ) -> Result<(MediaInfo, DownloadedMedia), Error> {
        let info = self.media_info(token, media_id, None).await?;
        let mut media = self.download_media(token, &info.url).await?;
        if media.mime_type.is_none() {
            media.mime_type.clone_from(&info.mime_type);
        }
        Ok((info, media))
    }

    /// Deletes uploaded media (`DELETE /{media-id}`).
    pub async fn delete_media(
        &self,
        token: &AccessToken,
        media_id: &str,
    ) -> Result<SuccessResponse, Error> {
        let url = self.url(&[media_id])?;
        self.execute(self.http.delete(url), token, true).await
    }

    fn templates_url(
        &self,
        waba_id: &str,
        query: &TemplateQuery,
        after: Option<&str>,
    ) -> Result<Url, Error> {
        let mut url = self.url(&[waba_id, "message_templates"])?;
        {
            let mut q = url.query_pairs_mut();
            q.append_pair(
                "fields",
                query.fields.as_deref().unwrap_or(DEFAULT_TEMPLATE_FIELDS),
            );
            if let Some(limit) = query.limit {
                q.append_pair("limit", &limit.to_string());
            }
            if let Some(status) = &query.status {
                q.append_pair("status", status);
            }
            if let Some(name) = &query.name {
                q.append_pair("name", name);
            }
            if let Some(after) = after {
                q.append_pair("after", after);
            }
        }
        Ok(url)
    }

    /// One page of `GET /{waba-id}/message_templates`.
    pub async fn list_templates_page(
        &self,
        token: &AccessToken,
        waba_id: &str,
        query: &TemplateQuery,
        after: Option<&str>,
    ) -> Result<TemplateList, Error> {
        let url = self.templates_url(waba_id, query, after)?;
        self.execute(self.http.get(url), token, true).await
    }

    /// All templates, following `paging.next` until the last page.
    pub async fn list_templates(
        &self,
        token: &AccessToken,
        waba_id: &str,
        query: &TemplateQuery,
    ) -> Result<Vec<Template>, Error> {
        let first = self.templates_url(waba_id, query, None)?;
        self.collect_pages(token, first, |page: TemplateList| (page.data, page.paging))
            .await
    }

    /// Phone number details (`GET /{phone-number-id}`); proves the token
    /// can read the number.
    pub async fn phone_number_info(
        &self,
        token: &AccessToken,
        phone_number_id: &str,
    ) -> Result<PhoneNumberInfo, Error> {
        let mut url = self.url(&[phone_number_id])?;
        url.query_pairs_mut()
            .append_pair("fields", DEFAULT_PHONE_FIELDS);
        self.execute(self.http.get(url), token, true).await
    }

    /// All phone numbers of a WABA (`GET /{waba-id}/phone_numbers`).
    pub async fn list_phone_numbers(
        &self,
        token: &AccessToken,
        waba_id: &str,
    ) -> Result<Vec<PhoneNumberInfo>, Error> {
        let first = self.url(&[waba_id, "phone_numbers"])?;
        self.collect_pages(token, first, |page: PhoneNumberList| {
            (page.data, page.paging)
        })
        .await
    }

    /// Subscribes this app to a WABA's webhooks
    /// (`POST /{waba-id}/subscribed_apps`).
    pub async fn subscribe_app(
        &self,
        token: &AccessToken,
        waba_id: &str,
    ) -> Result<SuccessResponse, Error> {
        let url = self.url(&[waba_id, "subscribed_apps"])?;
        self.execute(self.http.post(url), token, true).await
    }

    /// The next page URL. `paging.next` is followed only on the configured
    /// origin so the token is never sent elsewhere; otherwise the `after`
    /// cursor is applied to the first URL.
    fn next_page_url(&self, first: &Url, paging: Option<&Paging>) -> Option<Url> {
        let paging = paging?;
        let next = paging.next.as_deref()?;
        if let Ok(url) = Url::parse(next)
            && url.origin() == self.base.origin()
        {
            return Some(url);
        }
        let after = paging.cursors.as_ref()?.after.as_deref()?;
        let mut url = first.clone();
        let kept: Vec<(String, String)> = first
            .query_pairs()
            .filter(|(k, _)| k != "after")
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        url.query_pairs_mut()
            .clear()
            .extend_pairs(kept)
            .append_pair("after", after);
        Some(url)
    }

    async fn collect_pages<P, T>(
        &self,
        token: &AccessToken,
        first: Url,
        split: impl Fn(P) -> (Vec<T>, Option<Paging>),
    ) -> Result<Vec<T>, Error>
    where
        P: DeserializeOwned,
    {
        let mut out = Vec::new();
        let mut url = first.clone();
        for _ in 0..self.config.max_pages {
            let page: P = self
                .execute(self.http.get(url.clone()), token, true)
                .await?;
            let (items, paging) = split(page);
            let empty = items.is_empty();
            out.extend(items);
            match self.next_page_url(&first, paging.as_ref()) {
                // An empty page or a repeated URL would loop forever.
                Some(next) if !empty && next != url => url = next,
                _ => return Ok(out),
            }
        }
        Err(Error::Decode(format!(
            "paging did not end after {} pages",
            self.config.max_pages
        )))
    }
}

//! A minimal Server-Sent Events client over a real HTTP connection.

use serde_json::Value;
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct SseEvent {
    pub id: Option<i64>,
    pub event: String,
    pub data: Value,
}

/// What the stream gave next.
#[derive(Debug)]
pub enum Next {
    Event(SseEvent),
    Heartbeat,
    /// The server closed the stream.
    Closed,
    /// Nothing within the time limit.
    Timeout,
}

pub struct SseClient {
    response: reqwest::Response,
    buffer: String,
}

impl SseClient {
    /// Opens the stream; panics unless it answers 200 `text/event-stream`.
    pub async fn open(base: &str, authorization: &str, last_event_id: Option<i64>) -> Self {
        Self::open_with(base, authorization, last_event_id, &[]).await
    }

    /// [`Self::open`] with more request headers.
    pub async fn open_with(
        base: &str,
        authorization: &str,
        last_event_id: Option<i64>,
        headers: &[(&str, String)],
    ) -> Self {
        let response = Self::request_with(base, authorization, last_event_id, headers).await;
        assert_eq!(response.status(), 200);
        let ct = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        assert!(ct.starts_with("text/event-stream"), "content type {ct}");
        assert_eq!(response.headers()["cache-control"], "no-cache");
        assert_eq!(response.headers()["x-accel-buffering"], "no");
        Self {
            response,
            buffer: String::new(),
        }
    }

    pub async fn request(
        base: &str,
        authorization: &str,
        last_event_id: Option<i64>,
    ) -> reqwest::Response {
        Self::request_with(base, authorization, last_event_id, &[]).await
    }

    pub async fn request_with(
        base: &str,
        authorization: &str,
        last_event_id: Option<i64>,
        headers: &[(&str, String)],
    ) -> reqwest::Response {
        let mut req = reqwest::Client::new()
            .get(format!("{base}/api/v1/events"))
            .header("authorization", authorization)
            .header("accept", "text/event-stream");
        for (name, value) in headers {
            req = req.header(*name, value);
        }
        if let Some(id) = last_event_id {
            req = req.header("last-event-id", id.to_string());
        }
        req.send().await.unwrap()
    }

    /// The next event, heartbeat or end of stream.
    pub async fn next(&mut self, limit: Duration) -> Next {
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            while let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                let mut event = SseEvent {
                    id: None,
                    event: "message".into(),
                    data: Value::Null,
                };
                let mut data = None;
                let mut comment = false;
                for line in block.lines() {
                    if let Some(v) = line.strip_prefix("id: ") {
                        event.id = Some(v.parse().unwrap());
                    } else if let Some(v) = line.strip_prefix("event: ") {
                        event.event = v.to_owned();
                    } else if let Some(v) = line.strip_prefix("data: ") {
                        data = Some(serde_json::from_str(v).unwrap());
                    } else if line.starts_with(':') {
                        comment = true;
                    }
                }
                match data {
                    Some(d) => {
                        event.data = d;
                        return Next::Event(event);
                    }
                    None if comment => return Next::Heartbeat,
                    None => {} // `retry:`
                }
            }
            match tokio::time::timeout_at(deadline, self.response.chunk()).await {
                Err(_) => return Next::Timeout,
                Ok(Ok(Some(bytes))) => self.buffer.push_str(&String::from_utf8_lossy(&bytes)),
                Ok(Ok(None)) | Ok(Err(_)) => return Next::Closed,
            }
        }
    }

    /// The next event (heartbeats skipped); panics on timeout or end of stream.
    pub async fn event(&mut self) -> SseEvent {
        loop {
            match self.next(Duration::from_secs(10)).await {
                Next::Event(e) => return e,
                Next::Heartbeat => {}
                other => panic!("expected an event, got {other:?}"),
            }
        }
    }

    /// The next event of this type, skipping others; panics after 10 s.
    pub async fn event_of(&mut self, kind: &str) -> SseEvent {
        loop {
            let e = self.event().await;
            if e.event == kind {
                return e;
            }
        }
    }

    /// The next event of this type whose data satisfies `accept`, skipping others.
    pub async fn event_where(&mut self, kind: &str, accept: impl Fn(&Value) -> bool) -> SseEvent {
        loop {
            let e = self.event_of(kind).await;
            if accept(&e.data) {
                return e;
            }
        }
    }

    /// Every event until none arrives for `quiet`.
    pub async fn drain(&mut self, quiet: Duration) -> Vec<SseEvent> {
        let mut events = Vec::new();
        let mut until = tokio::time::Instant::now() + quiet;
        loop {
            let left = until.saturating_duration_since(tokio::time::Instant::now());
            if left.is_zero() {
                return events;
            }
            match self.next(left).await {
                Next::Event(e) => {
                    events.push(e);
                    until = tokio::time::Instant::now() + quiet;
                }
                Next::Heartbeat => {}
                Next::Timeout => return events,
                Next::Closed => panic!("the stream closed"),
            }
        }
    }

    /// Asserts that nothing but heartbeats arrives for `period`.
    pub async fn assert_quiet(&mut self, period: Duration) {
        let deadline = tokio::time::Instant::now() + period;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            if left.is_zero() {
                return;
            }
            match self.next(left).await {
                Next::Heartbeat => {}
                Next::Timeout => return,
                other => panic!("expected no event, got {other:?}"),
            }
        }
    }

    /// Waits for the server to close the stream (heartbeats skipped).
    pub async fn assert_closed(&mut self, limit: Duration) {
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            match self.next(left).await {
                Next::Closed => return,
                Next::Heartbeat | Next::Event(_) => {}
                Next::Timeout => panic!("the stream stayed open"),
            }
        }
    }
}

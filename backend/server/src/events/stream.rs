//! One open event stream: the replay of what a reconnecting client missed, then its
//! organization's live frames, heartbeats (with a re-check of the credential), and `resync`
//! for a client too slow to keep up.

use super::dto::ResyncReason;
use super::hub::{EventHub, Subscription};
use super::render::{self, Frame};
use super::store;
use crate::auth::Principal;
use crate::clock::SharedClock;
use crate::db::{Conn, DbPool};
use crate::ids::OrgId;
use actix_web::web::{self, Bytes};
use futures_util::Stream;
use std::collections::VecDeque;
use std::convert::Infallible;
use std::time::Duration;
use tokio::sync::broadcast::error::RecvError;
use tokio::time::{Instant, Interval, MissedTickBehavior};

/// Events a reconnecting client is sent at most; beyond that it is told to resync.
pub const REPLAY_LIMIT: i64 = 1000;
/// How long a client waits before reconnecting (the SSE `retry` field).
const RETRY_MS: u32 = 3000;
const HEARTBEAT: &[u8] = b": heartbeat\n\n";

/// Where a new stream starts.
pub struct Start {
    /// Live frames with higher ids are sent (late ones too).
    pub after: i64,
    /// Frames sent first: the replay, or a `resync`.
    pub frames: Vec<Bytes>,
}

/// What a client that last saw `last_seen` missed, up to `cursor` (the hub's position when it
/// subscribed; later events arrive live).
pub fn replay(
    conn: &mut Conn,
    org: OrgId,
    last_seen: i64,
    cursor: i64,
    hide_restricted: bool,
) -> diesel::QueryResult<Start> {
    if last_seen >= cursor {
        return Ok(Start {
            after: last_seen,
            frames: Vec::new(),
        });
    }
    let resync = |reason| Start {
        after: cursor,
        frames: vec![render::resync(cursor, reason)],
    };
    // Everything after `last_seen` must still be stored: when the oldest stored row is
    // younger, some were purged.
    match store::first_id(conn)? {
        Some(first) if first <= last_seen + 1 => {}
        _ => return Ok(resync(ResyncReason::Expired)),
    }
    let rows = store::of_organization(conn, org, last_seen, cursor, REPLAY_LIMIT + 1)?;
    if rows.len() as i64 > REPLAY_LIMIT {
        return Ok(resync(ResyncReason::TooMany));
    }
    let batches = render::render(conn, &rows, |_| true)?;
    Ok(Start {
        after: cursor,
        frames: batches
            .into_iter()
            .flat_map(|b| b.frames)
            .filter(|f| !(hide_restricted && f.restricted))
            .map(|f| f.bytes)
            .collect(),
    })
}

struct Open {
    subscription: Subscription,
    hub: EventHub,
    pool: DbPool,
    clock: SharedClock,
    principal: Principal,
    hide_restricted: bool,
    after: i64,
    queue: VecDeque<Bytes>,
    heartbeat: Interval,
    closing: bool,
}

/// Small pieces waiting together (single frames, heartbeats) are written as one chunk of at
/// most this many bytes: one write and one HTTP chunk instead of one per frame.
const MAX_CHUNK: usize = 256 * 1024;
/// A piece at least this big (a fan-out batch) is written as it is, never copied.
const JOIN_BELOW: usize = 16 * 1024;

impl Open {
    /// The next chunk to write: a big piece alone, or the small ones in a row joined up to
    /// [`MAX_CHUNK`].
    fn take_chunk(&mut self) -> Bytes {
        let Some(first) = self.queue.pop_front() else {
            return Bytes::new();
        };
        if self.queue.is_empty() || first.len() >= JOIN_BELOW {
            return first;
        }
        let mut size = first.len();
        let mut n = 0;
        for frame in &self.queue {
            if frame.len() >= JOIN_BELOW || size + frame.len() > MAX_CHUNK {
                break;
            }
            size += frame.len();
            n += 1;
        }
        if n == 0 {
            return first;
        }
        let mut out = actix_web::web::BytesMut::with_capacity(size);
        out.extend_from_slice(&first);
        for frame in self.queue.drain(..n) {
            out.extend_from_slice(&frame);
        }
        out.freeze()
    }

    fn wants(&self, frame: &Frame) -> bool {
        frame.org == self.subscription.org
            && (frame.id > self.after || frame.late)
            && !(self.hide_restricted && frame.restricted)
    }

    /// Whether the stream's credential still works (a database error keeps it open).
    async fn still_allowed(&self) -> bool {
        let pool = self.pool.clone();
        let org = self.subscription.org;
        let principal = self.principal;
        let now = self.clock.now_naive();
        let checked = web::block(move || -> Result<bool, String> {
            let mut conn = pool.get().map_err(|e| e.to_string())?;
            store::still_allowed(&mut conn, org, principal, now).map_err(|e| e.to_string())
        })
        .await;
        match checked {
            Ok(Ok(allowed)) => allowed,
            Ok(Err(e)) => {
                tracing::warn!(error = %e, "re-checking an event stream's credential failed");
                true
            }
            Err(_) => true,
        }
    }
}

/// The SSE body of a stream.
pub fn body(
    hub: EventHub,
    pool: DbPool,
    clock: SharedClock,
    subscription: Subscription,
    principal: Principal,
    hide_restricted: bool,
    start: Start,
) -> impl Stream<Item = Result<Bytes, Infallible>> {
    let period = hub.settings().heartbeat.max(Duration::from_millis(10));
    let mut heartbeat = tokio::time::interval_at(Instant::now() + period, period);
    heartbeat.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let mut queue = VecDeque::with_capacity(start.frames.len() + 1);
    queue.push_back(Bytes::from(format!("retry: {RETRY_MS}\n\n")));
    queue.extend(start.frames);
    let open = Open {
        subscription,
        hub,
        pool,
        clock,
        principal,
        hide_restricted,
        after: start.after,
        queue,
        heartbeat,
        closing: false,
    };
    futures_util::stream::unfold(open, |mut s| async move {
        loop {
            if !s.queue.is_empty() {
                let chunk = s.take_chunk();
                return Some((Ok(chunk), s));
            }
            if s.closing {
                return None;
            }
            tokio::select! {
                received = s.subscription.receiver.recv() => match received {
                    Ok(batch) => {
                        if batch.frames.iter().all(|f| s.wants(f)) {
                            if !batch.joined.is_empty() {
                                s.queue.push_back(batch.joined.clone());
                            }
                        } else {
                            for frame in &batch.frames {
                                if s.wants(frame) {
                                    s.queue.push_back(frame.bytes.clone());
                                }
                            }
                        }
                    }
                    Err(RecvError::Lagged(_)) => {
                        let position = s.hub.position();
                        s.queue.push_back(render::resync(position, ResyncReason::Lagged));
                        s.closing = true;
                    }
                    Err(RecvError::Closed) => return None,
                },
                _ = s.heartbeat.tick() => {
                    if !s.still_allowed().await {
                        return None;
                    }
                    return Some((Ok(Bytes::from_static(HEARTBEAT)), s));
                }
            }
        }
    })
}

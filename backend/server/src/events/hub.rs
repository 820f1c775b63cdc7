//! The process's event hub: one fan-out thread reads new `inbox_events` rows, renders them
//! once and broadcasts the frames; each open stream holds a [`Subscription`] and keeps its
//! own organization's frames. On PostgreSQL a listener thread turns the NOTIFYs of every
//! replica's commits into wake-ups; in-process writers wake the fan-out directly.

use super::fanout;
use super::render::Frame;
use crate::db::{DatabaseTarget, DbPool};
use crate::ids::OrgId;
use actix_web::web::Bytes;
use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;
use tokio::sync::broadcast;

/// Batches of frames (one per fan-out pass, up to a thousand events) kept per organization
/// for streams that have not read them yet; a stream that falls further behind is sent
/// `resync` and closed, so a slow client never slows the server.
pub const BUFFER: usize = 64;

/// One fan-out pass's frames of one organization, in id order, shared by its streams.
pub type FrameBatch = Arc<Batch>;

/// Frames of one pass and organization, in id order, written back to back into one buffer:
/// a stream that wants them all (the usual case) writes `joined` as it is, without copying it
/// per stream; the frames are slices of it, for streams that leave some out. Built by
/// [`render::render`](super::render::render).
#[derive(Debug)]
pub struct Batch {
    pub org: OrgId,
    pub frames: Vec<Frame>,
    pub joined: Bytes,
}

/// Settings of the live event stream.
#[derive(Debug, Clone, Copy)]
pub struct EventSettings {
    /// Time between two heartbeats (and credential re-checks) of an open stream.
    pub heartbeat: Duration,
    /// How long events are kept for reconnecting clients (`Last-Event-ID`).
    pub retention: Duration,
}

#[derive(Clone)]
pub struct EventHub {
    pub(super) shared: Arc<Shared>,
}

pub(super) struct Shared {
    pub pool: DbPool,
    pub database: DatabaseTarget,
    pub settings: EventSettings,
    /// Every event with an id up to this one has been broadcast (or given up on).
    pub delivered: AtomicI64,
    /// One channel per organization with open streams (and their count): only those
    /// organizations' events are rendered, and a frame wakes only its organization's streams.
    pub channels: Mutex<HashMap<i64, Channel>>,
    wake: Mutex<bool>,
    wake_cv: Condvar,
    started: Mutex<bool>,
}

pub(super) struct Channel {
    pub sender: broadcast::Sender<FrameBatch>,
    pub streams: usize,
}

impl Shared {
    /// Waits for a wake-up or the timeout.
    pub fn wait(&self, timeout: Duration) {
        let woken = self.wake.lock().unwrap_or_else(|p| p.into_inner());
        let (mut woken, _) = self
            .wake_cv
            .wait_timeout_while(woken, timeout, |w| !*w)
            .unwrap_or_else(|p| p.into_inner());
        *woken = false;
    }

    pub fn wake(&self) {
        *self.wake.lock().unwrap_or_else(|p| p.into_inner()) = true;
        self.wake_cv.notify_one();
    }

    /// The senders of the organizations with open streams.
    pub fn senders(&self) -> HashMap<i64, broadcast::Sender<FrameBatch>> {
        self.channels
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
            .map(|(org, c)| (*org, c.sender.clone()))
            .collect()
    }
}

impl std::fmt::Debug for EventHub {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventHub")
            .field("delivered", &self.shared.delivered.load(Ordering::SeqCst))
            .finish_non_exhaustive()
    }
}

impl EventHub {
    pub fn new(pool: DbPool, database: DatabaseTarget, settings: EventSettings) -> Self {
        Self {
            shared: Arc::new(Shared {
                pool,
                database,
                settings,
                delivered: AtomicI64::new(0),
                channels: Mutex::new(HashMap::new()),
                wake: Mutex::new(false),
                wake_cv: Condvar::new(),
                started: Mutex::new(false),
            }),
        }
    }

    pub fn settings(&self) -> EventSettings {
        self.shared.settings
    }

    /// Starts the fan-out (and on PostgreSQL the listener) unless running. Blocking: it reads
    /// the current last event id first. The threads end when the hub is dropped.
    pub fn start(&self) -> Result<(), String> {
        let mut started = self
            .shared
            .started
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        if *started {
            return Ok(());
        }
        let last = {
            let mut conn = self.shared.pool.get().map_err(|e| e.to_string())?;
            super::store::last_id(&mut conn).map_err(|e| e.to_string())?
        };
        self.shared.delivered.store(last, Ordering::SeqCst);
        fanout::spawn(&self.shared)?;
        *started = true;
        Ok(())
    }

    /// Tells the fan-out that events were committed in this process (it also polls, and on
    /// PostgreSQL hears every replica's commits).
    pub fn wake(&self) {
        self.shared.wake();
    }

    /// Registers a stream of `org`: returns its subscription and the id up to which events
    /// have been broadcast (older ones come from the table). Starts the hub if needed.
    pub fn subscribe(&self, org: OrgId) -> Result<(Subscription, i64), String> {
        self.start()?;
        // Receiver first, then the cursor: an event is either broadcast to this receiver or at
        // most the returned cursor (see `fanout::deliver`).
        let receiver = {
            let mut channels = self
                .shared
                .channels
                .lock()
                .unwrap_or_else(|p| p.into_inner());
            let channel = channels.entry(org.0).or_insert_with(|| Channel {
                sender: broadcast::channel(BUFFER).0,
                streams: 0,
            });
            channel.streams += 1;
            channel.sender.subscribe()
        };
        let cursor = self.shared.delivered.load(Ordering::SeqCst);
        Ok((
            Subscription {
                receiver,
                org,
                shared: self.shared.clone(),
            },
            cursor,
        ))
    }

    /// Deletes the events older than `age` now (the fan-out does it every minute with the
    /// retention window).
    pub fn purge(&self, age: Duration) -> Result<usize, String> {
        let mut conn = self.shared.pool.get().map_err(|e| e.to_string())?;
        fanout::purge(&mut conn, age).map_err(|e| e.to_string())
    }

    /// Ends every open stream (at shutdown: clients reconnect to another replica instead of
    /// holding the graceful stop until its timeout).
    pub fn close_all(&self) {
        self.shared
            .channels
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clear();
    }

    /// The id up to which events have been broadcast.
    pub fn position(&self) -> i64 {
        self.shared.delivered.load(Ordering::SeqCst)
    }

    /// Open streams in this process.
    pub fn open_streams(&self) -> usize {
        self.shared
            .channels
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .values()
            .map(|c| c.streams)
            .sum()
    }
}

/// An open stream's place in the hub; unregistered when dropped.
pub struct Subscription {
    pub receiver: broadcast::Receiver<FrameBatch>,
    pub org: OrgId,
    shared: Arc<Shared>,
}

impl Drop for Subscription {
    fn drop(&mut self) {
        let mut channels = self
            .shared
            .channels
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        if let Some(channel) = channels.get_mut(&self.org.0) {
            channel.streams -= 1;
            if channel.streams == 0 {
                channels.remove(&self.org.0);
            }
        }
    }
}

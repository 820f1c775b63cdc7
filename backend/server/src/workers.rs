//! Background work of the inbound pipeline: the webhook processor (a thread: its work is all
//! database), the media downloader and the template refresher (tasks: their work is network). `serve` starts them and
//! stops them at shutdown; tests start them explicitly, or drive the processor step by step.

use crate::app::AppState;
use crate::db::Backend;
use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;
use tokio::sync::Notify;

/// How often due retries are looked for when nothing wakes the workers.
pub const SWEEP_INTERVAL: Duration = Duration::from_secs(1);

/// Wake-up signals shared by the request handlers and the workers, and the write gate.
#[derive(Debug)]
pub struct Pipeline {
    backend: Backend,
    processor_wake: Mutex<bool>,
    processor_cv: Condvar,
    pub media_wake: Notify,
    /// Wakes the outbox worker when a job is queued.
    pub outbox_wake: Notify,
    /// Wakes the template refresher.
    pub templates_wake: Notify,
    /// Accounts whose templates should be fetched again soon.
    template_refreshes: Mutex<BTreeSet<i64>>,
    /// SQLite has one writer at a time: the pipeline's writers take turns in-process instead
    /// of sleeping in SQLite's busy handler.
    write_gate: Mutex<()>,
}

impl Pipeline {
    pub fn new(backend: Backend) -> Self {
        Self {
            backend,
            processor_wake: Mutex::new(false),
            processor_cv: Condvar::new(),
            media_wake: Notify::new(),
            outbox_wake: Notify::new(),
            templates_wake: Notify::new(),
            template_refreshes: Mutex::new(BTreeSet::new()),
            write_gate: Mutex::new(()),
        }
    }

    pub fn wake_processor(&self) {
        let mut woken = self
            .processor_wake
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        *woken = true;
        self.processor_cv.notify_one();
    }

    /// Waits for a wake-up or the timeout.
    pub fn wait_for_work(&self, timeout: Duration) {
        let woken = self
            .processor_wake
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        let (mut woken, _) = self
            .processor_cv
            .wait_timeout_while(woken, timeout, |w| !*w)
            .unwrap_or_else(|p| p.into_inner());
        *woken = false;
    }

    pub fn wake_media(&self) {
        self.media_wake.notify_one();
    }

    /// Asks the template refresher to fetch these accounts' templates again.
    pub fn request_template_refresh(&self, accounts: &[i64]) {
        self.template_refreshes
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .extend(accounts);
        self.templates_wake.notify_one();
    }

    /// The accounts waiting for a template refresh (emptying the list).
    pub fn take_template_refreshes(&self) -> Vec<i64> {
        std::mem::take(
            &mut *self
                .template_refreshes
                .lock()
                .unwrap_or_else(|p| p.into_inner()),
        )
        .into_iter()
        .collect()
    }

    /// The in-process write turn (SQLite only).
    pub fn write_lock(&self) -> Option<MutexGuard<'_, ()>> {
        match self.backend {
            Backend::Sqlite => Some(self.write_gate.lock().unwrap_or_else(|p| p.into_inner())),
            Backend::Postgres => None,
        }
    }
}

/// Running background workers.
pub struct Workers {
    stop: Arc<AtomicBool>,
    state: AppState,
    processor: Option<std::thread::JoinHandle<()>>,
    media: Option<tokio::task::JoinHandle<()>>,
    outbox: Option<tokio::task::JoinHandle<()>>,
    templates: Option<tokio::task::JoinHandle<()>>,
    purge: Option<tokio::task::JoinHandle<()>>,
}

impl Workers {
    /// Starts the processor thread and the media task (on the current Tokio runtime). Events
    /// left unprocessed by a previous run are picked up at once.
    pub fn start(state: &AppState) -> Result<Self, String> {
        state.events.start()?;
        let stop = Arc::new(AtomicBool::new(false));
        let processor = {
            let state = state.clone();
            let stop = stop.clone();
            std::thread::Builder::new()
                .name("webhook-processor".into())
                .spawn(move || crate::webhooks::processor::run(&state, &stop))
                .map_err(|e| format!("cannot start the webhook processor: {e}"))?
        };
        let media = tokio::spawn(crate::media::worker::run(state.clone(), stop.clone()));
        let outbox = tokio::spawn(crate::outbox::worker::run(state.clone(), stop.clone()));
        let templates = tokio::spawn(crate::templates::worker::run(state.clone(), stop.clone()));
        let purge = tokio::spawn(crate::retention::purge::run(state.clone(), stop.clone()));
        Ok(Self {
            stop,
            state: state.clone(),
            processor: Some(processor),
            media: Some(media),
            outbox: Some(outbox),
            templates: Some(templates),
            purge: Some(purge),
        })
    }

    /// Stops the workers after the work in hand (a batch, a download) is finished.
    pub async fn shutdown(mut self) {
        self.signal_stop();
        if let Some(media) = self.media.take() {
            let _ = media.await;
        }
        if let Some(outbox) = self.outbox.take() {
            let _ = outbox.await;
        }
        if let Some(templates) = self.templates.take() {
            let _ = templates.await;
        }
        if let Some(purge) = self.purge.take() {
            let _ = purge.await;
        }
        if let Some(processor) = self.processor.take() {
            let _ = tokio::task::spawn_blocking(move || processor.join()).await;
        }
    }

    fn signal_stop(&self) {
        self.stop.store(true, Ordering::SeqCst);
        self.state.pipeline.wake_processor();
        self.state.pipeline.wake_media();
        self.state.pipeline.outbox_wake.notify_one();
        self.state.pipeline.templates_wake.notify_one();
    }
}

impl Drop for Workers {
    fn drop(&mut self) {
        self.signal_stop();
    }
}

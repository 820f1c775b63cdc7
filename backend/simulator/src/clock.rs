//! Injectable time source.
//!
//! The customer-service window, status timestamps and media URL expiry all
//! read time through [`Clock`], so tests can pin or move time. On top of the
//! configured clock the simulator keeps an offset that the control API can
//! advance (`POST /_sim/clock`).

use std::fmt;

use chrono::{DateTime, Duration, Utc};
use parking_lot::Mutex;

/// Source of "now".
pub trait Clock: Send + Sync + fmt::Debug {
    /// Current time.
    fn now(&self) -> DateTime<Utc>;
}

/// Wall-clock time.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that only moves when told to.
#[derive(Debug)]
pub struct ManualClock {
    now: Mutex<DateTime<Utc>>,
}

impl ManualClock {
    /// A clock frozen at `start`.
    pub fn new(start: DateTime<Utc>) -> Self {
        Self {
            now: Mutex::new(start),
        }
    }

    /// Sets the current time.
    pub fn set(&self, at: DateTime<Utc>) {
        *self.now.lock() = at;
    }

    /// Moves the clock forward (or back, with a negative duration).
    pub fn advance(&self, by: Duration) {
        let mut now = self.now.lock();
        *now += by;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        *self.now.lock()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manual_clock_moves_only_when_told() {
        let start = DateTime::<Utc>::from_timestamp(1_750_000_000, 0).unwrap_or_default();
        let clock = ManualClock::new(start);
        assert_eq!(clock.now(), start);
        clock.advance(Duration::hours(25));
        assert_eq!(clock.now().timestamp(), 1_750_000_000 + 25 * 3600);
    }
}

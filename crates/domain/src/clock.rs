//! "Now" and "today", injectable so that dated rules (no future work dates, burn windows) can be
//! tested on fixed days, and timed rules (timers) at fixed instants.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};

/// [`Clock::pinned_now`]'s value while "now" follows the wall clock.
const UNPINNED: i64 = i64::MIN;

#[derive(Clone, Debug)]
pub struct Clock {
    fixed_today: Option<NaiveDate>,
    /// Microseconds since the epoch that "now" is pinned to, or [`UNPINNED`]. Shared by every
    /// clone, so a test that pins or moves it moves the running server's clock too.
    pinned_now: Arc<AtomicI64>,
}

impl Default for Clock {
    fn default() -> Self {
        Self {
            fixed_today: None,
            pinned_now: Arc::new(AtomicI64::new(UNPINNED)),
        }
    }
}

impl Clock {
    /// The wall clock, in UTC.
    pub fn system() -> Self {
        Self::default()
    }

    /// A clock whose calendar day is pinned (timestamps still come from the wall clock, so that
    /// ordering by creation time keeps working).
    pub fn fixed_on(today: NaiveDate) -> Self {
        Self {
            fixed_today: Some(today),
            ..Self::default()
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        match self.pinned_now.load(Ordering::SeqCst) {
            UNPINNED => Utc::now(),
            micros => DateTime::from_timestamp_micros(micros).unwrap_or_else(Utc::now),
        }
    }

    /// Pins "now" to `instant` (for this clock and every clone of it) until it is pinned again:
    /// for tests of timed rules. The calendar day stays as it was set.
    pub fn pin_now(&self, instant: DateTime<Utc>) {
        self.pinned_now
            .store(instant.timestamp_micros(), Ordering::SeqCst);
    }

    pub fn today(&self) -> NaiveDate {
        self.fixed_today.unwrap_or_else(|| Utc::now().date_naive())
    }
}

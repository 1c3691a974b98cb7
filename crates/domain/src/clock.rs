//! "Now" and "today", injectable so that dated rules (no future work dates, burn windows) can be
//! tested on fixed days.

use chrono::{DateTime, NaiveDate, Utc};

#[derive(Clone, Debug, Default)]
pub struct Clock {
    fixed_today: Option<NaiveDate>,
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
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }

    pub fn today(&self) -> NaiveDate {
        self.fixed_today.unwrap_or_else(|| Utc::now().date_naive())
    }
}

//! Timers: one running per person, on a task; stopped, its time becomes time entries.
//!
//! How a stopped timer becomes entries:
//! - its time runs from `started_at` to the stop, cut at the cap (`cap_at`, the server's
//!   `TIMER_CAP_HOURS` after the start): a forgotten timer logs no more than the cap, and the
//!   answer says it was capped and how much was left out;
//! - the time is split at the person's midnights (their UTC offset given when starting): one
//!   entry per day, dated that day (the person's day: east of UTC it may already be the day
//!   after the server's UTC date);
//! - each day's time is rounded by the board's `time_rounding`: `none` to the nearest hundredth
//!   of an hour (36 seconds; half up), `up_to_1_minute` / `up_to_6_minutes` /
//!   `up_to_15_minutes` up to whole steps of that many minutes and then up to the hundredth of
//!   an hour (6 and 15 minutes are whole hundredths: 0.10 and 0.25 hours; one minute is 0.0166…
//!   and counts as 0.02). A day is never 0.00 hours: a timer stopped in its first seconds logs
//!   the rule's smallest amount (0.01 hours with `none`);
//! - a day over 16.00 hours (the most one entry holds) is written as several entries of that
//!   day, 16.00 hours each and the rest;
//! - every entry is written with the rules of logging time (the 24 hours a day, closed time,
//!   the hard stop, the person's rates in force that day) in one transaction: if one is refused,
//!   nothing is logged and the timer keeps running.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::time_entry::TimeEntry;
use crate::Hours;

/// Start a timer on a task.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimerStart {
    /// What the time is for: the description of the entries it becomes.
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 2000,
            pattern = r"^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*$"
        )
    )]
    pub description: Option<String>,
    /// Whether its entries are billable. Default true.
    #[serde(default)]
    pub is_billable: Option<bool>,
    /// The person's offset from UTC now, in minutes east of UTC (60 for UTC+01:00, -300 for
    /// UTC-05:00), -720 to 840. Default 0. The timer's time is split at this offset's midnights.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = -720, maximum = 840))]
    pub utc_offset_minutes: Option<i32>,
}

/// Change the running timer; absent fields stay as they are.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimerPatch {
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 2000,
            pattern = r"^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*$"
        )
    )]
    pub description: Option<String>,
    #[serde(default)]
    pub is_billable: Option<bool>,
    /// When it started (a start forgotten, or made late): not in the future, not before
    /// 1970-01-01. The cap counts from it.
    #[serde(default)]
    pub started_at: Option<DateTime<Utc>>,
    /// The person's offset from UTC, minutes east of UTC, -720 to 840.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = -720, maximum = 840))]
    pub utc_offset_minutes: Option<i32>,
}

/// A running timer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Timer {
    pub board_id: i64,
    pub board_name: String,
    pub task_id: i64,
    pub task_title: String,
    pub started_at: DateTime<Utc>,
    /// The person's offset from UTC given when it started, minutes east of UTC.
    pub utc_offset_minutes: i32,
    pub description: String,
    pub is_billable: bool,
    /// Whole seconds from `started_at` to this answer (to the stop, in a stop's answer).
    pub elapsed_seconds: i64,
    /// When it reaches the cap: time after this is not logged.
    pub cap_at: DateTime<Utc>,
    /// Whether it has run past `cap_at` (a forgotten timer).
    pub past_cap: bool,
}

/// The caller's running timer, if any.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CurrentTimer {
    /// Null when no timer is running.
    pub timer: Option<Timer>,
}

/// A timer stopped, and the entries its time became.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StoppedTimer {
    /// The timer as it stood when stopped.
    pub timer: Timer,
    /// The entries logged, oldest work date first.
    pub entries: Vec<TimeEntry>,
    /// Whether its time was cut at the cap.
    pub capped: bool,
    /// The time after the cap, not logged, to the nearest hundredth of an hour; 0.00 when not
    /// capped.
    pub uncounted_hours: Hours,
}

/// A timer started; the one it replaced, stopped, if one was running.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StartedTimer {
    pub timer: Timer,
    /// The timer that was running, stopped (its entries logged) in the same transaction; null
    /// when none was.
    pub stopped: Option<StoppedTimer>,
}

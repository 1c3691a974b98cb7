//! The words of the pieces every screen is built from: the loading state, the confirmed Delete,
//! "Show older" under a list, and the units written after figures (hours, days, points, UTC).

use rust_decimal::Decimal;

pub struct Words {
    // Loading
    pub loading: &'static str,

    // Confirmed Delete
    /// The accessible name of the question with its two buttons.
    pub confirm_delete_label: &'static str,
    pub delete_button: &'static str,
    pub keep_button: &'static str,

    // Show older
    /// Under a list when it already holds as many items as one request may read.
    pub showing_newest: fn(u64) -> String,
    pub show_older_button: &'static str,

    // Units after figures (the figures written in the browser's locale)
    /// Hours: "7.50 h".
    pub hours: fn(&str) -> String,
    /// Days, the written figure and the number it stands for (which decides the plural, its
    /// sign aside): "41.2 days", "1 day", "+12 days".
    pub days: fn(&str, Decimal) -> String,
    /// A change in percentage points: "+3.20 points".
    pub points: fn(&str) -> String,
    /// A time from the server, its day and its hour and minute, in UTC: "25 Nov 2026 14:05 UTC".
    pub utc_timestamp: fn(&str, &str) -> String,
    /// After a short amount on a chart axis, in thousands: "$20k".
    pub thousands_suffix: &'static str,
    /// After a short amount on a chart axis, in millions: "$1.5M".
    pub millions_suffix: &'static str,
}

pub const ENGLISH: Words = Words {
    loading: "Loading…",

    confirm_delete_label: "Confirm deletion",
    delete_button: "Delete",
    keep_button: "Keep",

    showing_newest: |shown| format!("Showing the newest {shown}."),
    show_older_button: "Show older",

    hours: |hours| format!("{hours} h"),
    days: |days, count| {
        if count == Decimal::ONE {
            format!("{days} day")
        } else {
            format!("{days} days")
        }
    },
    points: |points| format!("{points} points"),
    utc_timestamp: |date, time| format!("{date} {time} UTC"),
    thousands_suffix: "k",
    millions_suffix: "M",
};

//! The words of the running timer in every screen's header, the button that starts one on a
//! task, and a board's time settings.

pub struct Words {
    // The header's timer
    /// The timer's accessible name: the task it runs on.
    pub running_label: fn(&str) -> String,
    pub past_cap_badge: &'static str,
    pub stop_button: &'static str,
    pub discard_button: &'static str,
    /// Hours logged on a day, an item of `logged`.
    pub logged_hours: fn(&str, &str) -> String,
    /// After a stop: the hours logged (from `logged_hours`) and the task.
    pub logged: fn(&[String], &str) -> String,
    /// After a stop at the cap: the hours logged, the task, and the hours past the cap.
    pub logged_past_cap: fn(&[String], &str, &str) -> String,
    pub discarded: &'static str,

    // Starting a timer on a task
    pub start_button: &'static str,
    pub running_button: &'static str,

    // A board's time settings
    pub settings_heading: &'static str,
    pub rounding_label: &'static str,
    pub log_for_others_label: &'static str,
    pub settings_save_button: &'static str,
    pub settings_saving: &'static str,
    pub settings_saved: &'static str,
}

pub const ENGLISH: Words = Words {
    running_label: |task| format!("Timer running on {task}"),
    past_cap_badge: "past its cap",
    stop_button: "Stop",
    discard_button: "Discard",
    logged_hours: |hours, date| format!("{hours} on {date}"),
    logged: |hours, task| format!("Logged {} ({task}).", hours.join(", ")),
    logged_past_cap: |hours, task, uncounted| {
        format!(
            "Logged {} ({task}); {uncounted} past the cap not logged.",
            hours.join(", ")
        )
    },
    discarded: "Timer discarded: nothing logged.",

    start_button: "Start timer",
    running_button: "Timer running",

    settings_heading: "Time settings",
    rounding_label: "Timers round",
    log_for_others_label: "Editors may log and correct time for other people",
    settings_save_button: "Save time settings",
    settings_saving: "Saving…",
    settings_saved: "Time settings saved.",
};

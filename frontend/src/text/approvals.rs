//! The words of a board's approvals screen: the weeks waiting for a decision, a week opened from
//! that queue, and the approved weeks.

pub struct Words {
    /// After the board's name in the screen's heading.
    pub section: &'static str,

    // The weeks waiting for a decision
    pub waiting_heading: &'static str,
    pub waiting_empty: &'static str,
    /// A week in a list: the person's name, the week's Monday and its hours.
    pub week_line: fn(&str, &str, &str) -> String,
    pub open_button: &'static str,
    pub approve_button: &'static str,
    pub comment_label: &'static str,
    pub reject_button: &'static str,

    // A week opened from the queue
    /// The week's Monday and its state.
    pub opened_heading: fn(&str, &str) -> String,
    pub task_column: &'static str,
    pub total_column: &'static str,
    /// The week's hours in all.
    pub opened_total: fn(&str) -> String,

    // The approved weeks
    pub approved_heading: &'static str,
    pub approved_empty: &'static str,
    pub reopen_button: &'static str,
}

pub const ENGLISH: Words = Words {
    section: "approvals",

    waiting_heading: "Waiting for approval",
    waiting_empty: "No week is waiting for approval.",
    week_line: |person, week, hours| format!("{person} — week of {week} — {hours}"),
    open_button: "Open",
    approve_button: "Approve",
    comment_label: "Comment ",
    reject_button: "Reject",

    opened_heading: |week, status| format!("Week of {week} — {status}"),
    task_column: "Task",
    total_column: "Total",
    opened_total: |hours| format!("Total {hours}"),

    approved_heading: "Approved",
    approved_empty: "No approved week.",
    reopen_button: "Reopen",
};

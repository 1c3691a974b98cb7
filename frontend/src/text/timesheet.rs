//! The words of a person's week on a board: the timesheet grid, its week picker, and the
//! week's state with its submit and withdraw buttons.

pub struct Words {
    /// After the board's name in the screen's heading.
    pub section: &'static str,
    pub heading: &'static str,

    // The week picker
    pub previous_week_button: &'static str,
    pub week_label: &'static str,
    pub next_week_button: &'static str,

    // The week's state
    pub status_open: &'static str,
    pub status_submitted: &'static str,
    pub status_approved: &'static str,
    pub status_rejected: &'static str,
    /// The approver's comment, after the state.
    pub comment: fn(&str) -> String,
    /// Why the week cannot be changed, after the state.
    pub read_only: fn(&str) -> String,

    // The grid
    pub task_column: &'static str,
    pub total_column: &'static str,
    pub day_total_row: &'static str,
    /// A cell's accessible name: the task's title and the day's number in the week (from 1).
    pub cell_label: fn(&str, usize) -> String,

    // Editing and saving
    pub task_picker_label: &'static str,
    pub task_picker_blank: &'static str,
    pub add_row_button: &'static str,
    pub copy_last_week_button: &'static str,
    pub save_button: &'static str,
    pub saved_notice: &'static str,
    /// The week was changed elsewhere since it was read: it is read again.
    pub changed_elsewhere_notice: &'static str,
    pub submit_button: &'static str,
    pub withdraw_button: &'static str,
}

pub const ENGLISH: Words = Words {
    section: "timesheet",
    heading: "My week",

    previous_week_button: "← Previous week",
    week_label: "Week of ",
    next_week_button: "Next week →",

    status_open: "Open",
    status_submitted: "Submitted, waiting for approval",
    status_approved: "Approved",
    status_rejected: "Rejected",
    comment: |comment| format!(" — “{comment}”"),
    read_only: |reason| format!(" Read-only: {reason}."),

    task_column: "Task",
    total_column: "Total",
    day_total_row: "Day total",
    cell_label: |task, day| format!("{task} day {day}"),

    task_picker_label: "Add a task",
    task_picker_blank: "Choose a task",
    add_row_button: "Add row",
    copy_last_week_button: "Copy last week's rows",
    save_button: "Save week",
    saved_notice: "Saved.",
    changed_elsewhere_notice: "This week changed since you opened it (time was logged or changed \
                               elsewhere): it has been read again. Enter your changes again and save.",
    submit_button: "Submit for approval",
    withdraw_button: "Withdraw",
};

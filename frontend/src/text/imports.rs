//! The words of a board's time import screen: the file and its options, and the report of a
//! dry run or an import with its rows.

pub struct Words {
    /// After the board's name in the screen's heading.
    pub section: &'static str,

    // The form
    pub heading: &'static str,
    pub intro: &'static str,
    pub file_label: &'static str,
    /// The chosen file's name and how many lines it has.
    pub file_lines: fn(&str, usize) -> String,
    pub file_unreadable: &'static str,
    pub file_missing: &'static str,
    pub format_label: &'static str,
    pub format_from_header: &'static str,
    pub create_tasks_label: &'static str,
    pub skip_refused_label: &'static str,
    pub dry_run_button: &'static str,
    pub import_button: &'static str,

    // The report
    /// The file's format and where the import stands (one of the `status_*` below, or blank).
    pub report_heading: fn(&str, &str) -> String,
    pub status_dry_run: &'static str,
    pub status_running: &'static str,
    pub status_done: &'static str,
    pub status_failed: &'static str,
    /// Rows done and rows in all.
    pub progress: fn(u64, u64) -> String,
    /// A dry run's totals: rows, rows accepted, their hours, rows refused.
    pub dry_run_totals: fn(u64, u64, &str, u64) -> String,
    /// An import's totals: rows, rows accepted, their hours, rows refused.
    pub import_totals: fn(u64, u64, &str, u64) -> String,
    /// The titles of the tasks the import creates.
    pub new_tasks: fn(&[String]) -> String,
    pub no_rows: &'static str,

    // The rows
    pub rows_intro: &'static str,
    pub line_column: &'static str,
    pub outcome_column: &'static str,
    pub person_column: &'static str,
    pub task_column: &'static str,
    pub date_column: &'static str,
    pub hours_column: &'static str,
    pub description_column: &'static str,
    pub why_refused_column: &'static str,
    /// A task the import creates.
    pub new_task: fn(&str) -> String,
    pub outcome_would_create: &'static str,
    pub outcome_created: &'static str,
    pub outcome_refused: &'static str,
}

pub const ENGLISH: Words = Words {
    section: "import time",

    heading: "Import time entries",
    intro: "A CSV export of Toggl Track (detailed report), Clockify (detailed report) or Kimai, \
            or this app's own time-entry export. People are matched by e-mail, tasks by title; \
            durations are rounded to the nearest 0.01 hour. Try it first: nothing is written \
            until you import.",
    file_label: "CSV file",
    file_lines: |name, lines| format!("{name}: {lines} lines"),
    file_unreadable: "The file could not be read.",
    file_missing: "Choose a CSV file first.",
    format_label: "Format",
    format_from_header: "Recognise from the header",
    create_tasks_label: "Create the tasks the board lacks",
    skip_refused_label: "Import the other rows when some are refused",
    dry_run_button: "Try it (dry run)",
    import_button: "Import",

    report_heading: |format, status| format!("{format} ({status})"),
    status_dry_run: "dry run: nothing was written",
    status_running: "importing…",
    status_done: "done",
    status_failed: "stopped",
    progress: |done, total| format!("{done} of {total} rows"),
    dry_run_totals: |total, accepted, hours, refused| {
        format!("{total} rows: {accepted} would be created ({hours}), {refused} refused.")
    },
    import_totals: |total, accepted, hours, refused| {
        format!("{total} rows: {accepted} created ({hours}), {refused} refused.")
    },
    new_tasks: |titles| format!("New tasks: {}.", titles.join(", ")),
    no_rows: "The file has no rows.",

    rows_intro: "The first rows of the file, then every refused row.",
    line_column: "Line",
    outcome_column: "Outcome",
    person_column: "Person",
    task_column: "Task",
    date_column: "Date",
    hours_column: "Hours",
    description_column: "Description",
    why_refused_column: "Why refused",
    new_task: |title| format!("{title} (new)"),
    outcome_would_create: "would be created",
    outcome_created: "created",
    outcome_refused: "refused",
};

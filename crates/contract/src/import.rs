//! Imports of time entries from CSV files: the formats read, the options, and the report of
//! what each row became (or why it was refused).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::Hours;

wire_enum! {
    /// The CSV formats an import reads, recognised by their header rows:
    /// - `toggl`: Toggl Track's detailed report (`User`, `Email`, `Client`, `Project`, `Task`,
    ///   `Description`, `Billable`, `Start date`, `Start time`, `End date`, `End time`,
    ///   `Duration`, `Tags`, …; dates `YYYY-MM-DD`, durations `H:MM:SS`);
    /// - `clockify`: Clockify's detailed report (`Project`, `Client`, `Description`, `Task`,
    ///   `User`, `Group`, `Email`, `Tags`, `Billable`, `Start Date`, `Start Time`, `End Date`,
    ///   `End Time`, `Duration (h)`, `Duration (decimal)`, …; dates `MM/DD/YYYY` or
    ///   `YYYY-MM-DD`);
    /// - `kimai`: Kimai's CSV export (`Date`, `From`, `To`, `Duration`, …, `User`, `E-mail`,
    ///   `Customer`, `Project`, `Activity`, `Description`, `Billable`, …; dates `YYYY-MM-DD`,
    ///   durations decimal hours or `H:MM`);
    /// - `tracker`: this product's own export of a board's time entries
    ///   (`exportTimeEntriesCsv`: `id`, `work_date`, `task_id`, `user_id`, `hours`, …).
    #[derive(Hash)]
    pub enum ImportFormat {
        Toggl = "toggl",
        Clockify = "clockify",
        Kimai = "kimai",
        Tracker = "tracker",
    }
}

wire_enum! {
    /// Where an applied import stands: writing its rows, finished, or stopped by an error (its
    /// report says which; importing the same file again resumes it).
    pub enum ImportStatus {
        Running = "running",
        Done = "done",
        Failed = "failed",
    }
}

wire_enum! {
    /// What became of one row of a file.
    pub enum ImportOutcome {
        /// A dry run: the row would be created.
        WouldCreate = "would_create",
        /// The row's entry was created.
        Created = "created",
        /// The row was refused (`code` and `message` say why).
        Refused = "refused",
    }
}

wire_enum! {
    /// Why a row is refused.
    pub enum ImportRefusal {
        /// No account has the row's e-mail address (or, in our own format, its `user_id`).
        UnknownPerson = "unknown_person",
        /// The person cannot log time on the board: they must be one of its editors or admins.
        CannotLogTime = "cannot_log_time",
        /// The row is someone else's time, and the importer may not log time for others.
        NotLoggingForOthers = "not_logging_for_others",
        /// No task of the board has the row's title (or id), and missing tasks are not created.
        UnknownTask = "unknown_task",
        /// The person's time that day (already logged, and earlier rows of the file) would pass
        /// 24.00 hours.
        DailyLimitExceeded = "daily_limit_exceeded",
        /// One entry is at most 16.00 hours.
        EntryTooLong = "entry_too_long",
        /// The person's time on that day is closed (a locked period or an approved week).
        EntryLocked = "entry_locked",
        /// A duration or hours field is not a number of the expected form, or is zero.
        BadNumber = "bad_number",
        /// A date field is not a date of the expected form, or is outside 1970–2200.
        BadDate = "bad_date",
        /// The work date is after today.
        FutureDate = "future_date",
        /// A field the row needs is empty or missing.
        MissingColumn = "missing_column",
        /// A text field is too long or holds control characters.
        BadText = "bad_text",
        /// The entry could not be priced: no exchange rate from a rate's currency to the
        /// budget's on that day.
        Unpriced = "unpriced",
    }
}

/// Options of an import, given as query parameters beside the CSV body.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportOptions {
    /// The file's format; absent: recognised from its header row.
    #[serde(default)]
    pub format: Option<ImportFormat>,
    /// Reports what would be created and why rows would be refused; writes nothing.
    #[serde(default)]
    pub dry_run: bool,
    /// Creates the tasks the file names and the board lacks (board editors and admins).
    #[serde(default)]
    pub create_missing_tasks: bool,
    /// Applies the accepted rows even when some are refused; without it an import with a
    /// refused row writes nothing.
    #[serde(default)]
    pub skip_refused: bool,
}

/// One row of the file and what became of it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportRow {
    /// The row's line in the file (the header is line 1).
    pub line: u64,
    pub outcome: ImportOutcome,
    /// Why the row is refused; null otherwise.
    pub code: Option<ImportRefusal>,
    /// The refusal in words; null otherwise.
    pub message: Option<String>,
    /// The person, once matched.
    pub user_id: Option<i64>,
    /// The person's e-mail address as the file gives it.
    pub email: Option<String>,
    /// The task, once matched (null for a task still to be created).
    pub task_id: Option<i64>,
    /// The task's title as the file gives it (our own format: null).
    pub task_title: Option<String>,
    /// Whether the row's task is (or would be) created by the import.
    pub new_task: bool,
    pub work_date: Option<NaiveDate>,
    /// Hours to two decimals (see the import's rounding rule).
    pub hours: Option<Hours>,
    pub description: Option<String>,
    pub is_billable: Option<bool>,
    /// The entry created for the row.
    pub entry_id: Option<i64>,
}

/// What an import did (or, in a dry run, would do).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportReport {
    /// The applied import (`GET …/imports/{import_id}`); null for a dry run.
    pub id: Option<i64>,
    pub board_id: i64,
    pub format: ImportFormat,
    pub dry_run: bool,
    /// Null for a dry run.
    pub status: Option<ImportStatus>,
    /// SHA-256 of the file's bytes (hex): the same file on the same board is imported once.
    pub digest: String,
    pub create_missing_tasks: bool,
    pub skip_refused: bool,
    /// The file's data rows.
    pub rows_total: u64,
    /// Rows handled so far (the progress of a running import).
    pub rows_done: u64,
    /// Rows accepted (created, or in a dry run that would be created).
    pub accepted: u64,
    pub refused: u64,
    /// Hours of the accepted rows.
    pub hours: Hours,
    /// Titles of the tasks created (or to be created), in the order the file names them.
    pub new_tasks: Vec<String>,
    /// Why the import stopped, when its status is `failed`.
    pub error: Option<String>,
    /// The first rows of the file, then every refused row, at most 500 in all.
    pub rows: Vec<ImportRow>,
    pub created_at: Option<DateTime<Utc>>,
    pub updated_at: Option<DateTime<Utc>>,
}

//! Weekly timesheets: one person's week on one board (rows = tasks, columns = the seven days
//! from Monday), its approval, and an organisation's lock date.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::Hours;

wire_enum! {
    /// Where a week stands. `open`: its person's time may change (a week never submitted, or
    /// withdrawn, rejected or reopened); `submitted`: waiting for a board admin, closed;
    /// `approved`: closed until a board admin reopens it; `rejected`: open again, with the
    /// admin's comment.
    #[derive(Default, Hash)]
    pub enum TimesheetStatus {
        #[default]
        Open = "open",
        Submitted = "submitted",
        Approved = "approved",
        Rejected = "rejected",
    }
}

/// One person's week on one board.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Timesheet {
    pub board_id: i64,
    pub user_id: i64,
    /// The week's Monday.
    pub week: NaiveDate,
    pub status: TimesheetStatus,
    /// Who submitted the week last, and when.
    pub submitted_by: Option<i64>,
    pub submitted_at: Option<DateTime<Utc>>,
    /// The board admin who approved or rejected the week, when, and their comment.
    pub decided_by: Option<i64>,
    pub decided_at: Option<DateTime<Utc>>,
    pub comment: Option<String>,
    /// The seven days, Monday first: each day's total and whether its time is closed (a
    /// submitted or approved week, or on or before the organisation's lock date).
    pub days: Vec<TimesheetDay>,
    /// One row per task with time in the week, by task title then id.
    pub rows: Vec<TimesheetRow>,
    /// The week's total.
    pub total: Hours,
    /// The organisation's lock date: every entry on or before it is closed.
    pub closed_through: Option<NaiveDate>,
    /// Why the week's time may not change, when none of it may.
    pub locked_reason: Option<String>,
    /// The value to send as `If-Match` when saving the week (also the `ETag` header).
    pub etag: String,
}

/// A day of a timesheet.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimesheetDay {
    pub date: NaiveDate,
    pub total: Hours,
    pub closed: bool,
}

/// A task's row: its hours on each of the seven days (Monday first) and its total.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimesheetRow {
    pub task_id: i64,
    pub task_title: String,
    pub hours: Vec<Hours>,
    /// How many entries make up each day's cell (Monday first).
    pub entries: Vec<u32>,
    pub total: Hours,
}

/// The cells to save. Cells not listed, and listed cells whose total does not change, are left
/// as they are.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimesheetInput {
    /// At most 700 cells (100 tasks × 7 days); one per task and day.
    #[cfg_attr(feature = "openapi", schema(max_items = 700))]
    pub cells: Vec<TimesheetCell>,
}

/// A cell's new total: the hours of one task on one day of the week.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimesheetCell {
    pub task_id: i64,
    /// A day of the week. A date from 1970-01-01 to 2200-12-31.
    #[serde(deserialize_with = "crate::date::bounded")]
    pub work_date: NaiveDate,
    /// 0.00 (no time: the cell's entries are deleted) to 24.00, at most two decimals. A cell
    /// holding no entry or one entry holds at most 16.00.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "7.50", pattern = r"^(([0-9]|1[0-9]|2[0-3])(\.[0-9]{1,2})?|24(\.0{1,2})?)$"))]
    #[serde(deserialize_with = "crate::money::wire::decimal")]
    pub hours: Decimal,
}

/// A transition of a week: whose week (absent: the caller's) and a comment (required to
/// reject).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimesheetAction {
    #[serde(default)]
    pub user_id: Option<i64>,
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 2000,
            pattern = r"^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*$"
        )
    )]
    pub comment: Option<String>,
}

/// A week in an approvals queue.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimesheetWeek {
    pub board_id: i64,
    pub board_name: String,
    pub user_id: i64,
    pub user_name: String,
    pub week: NaiveDate,
    pub status: TimesheetStatus,
    /// The person's hours on the board that week.
    pub total: Hours,
    pub submitted_at: Option<DateTime<Utc>>,
    pub decided_by: Option<i64>,
    pub decided_at: Option<DateTime<Utc>>,
    pub comment: Option<String>,
}

/// An organisation's lock date.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimeLock {
    /// Every entry of the organisation's boards worked on or before this day is closed; null:
    /// nothing is closed by date. A date from 1970-01-01 to 2200-12-31.
    #[serde(default, deserialize_with = "crate::date::bounded_option")]
    pub closed_through: Option<NaiveDate>,
}

//! Tasks on a board.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

wire_enum! {
    #[derive(Default, Hash)]
    pub enum TaskStatus {
        #[default]
        Todo = "todo",
        InProgress = "in_progress",
        /// Completed: progress is then 100.
        Done = "done",
    }
}

wire_enum! {
    #[derive(Default, Hash)]
    pub enum Priority {
        Low = "low",
        #[default]
        Medium = "medium",
        High = "high",
        Urgent = "urgent",
    }
}

/// Create or replace a task.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaskInput {
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 200, pattern = r"\S")
    )]
    pub title: String,
    #[serde(default)]
    pub status: TaskStatus,
    /// 0 to 100; forced to 100 when the status is `done`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100))]
    pub progress: Option<i32>,
    #[serde(default)]
    pub priority: Priority,
    /// A user who can access the board.
    #[serde(default)]
    pub assignee_id: Option<i64>,
    #[serde(default)]
    pub due_date: Option<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Task {
    pub id: i64,
    pub board_id: i64,
    pub title: String,
    pub status: TaskStatus,
    pub progress: i32,
    pub priority: Priority,
    pub assignee_id: Option<i64>,
    pub due_date: Option<NaiveDate>,
    pub completed_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Increases with every change; the ETag is derived from it (`If-Match`).
    pub version: i64,
}

//! A board as it stood at the end of a past day, from its audit trail: the tasks' estimates and
//! progress and the budget then known. Today's state less every change recorded after that
//! day, undone newest first (each change keeps what it replaced). Tasks deleted since are left
//! out (their estimate went with them); a value written without a trace (an imported board)
//! counts as it is today.

use std::collections::HashMap;

use budget_contract::audit::AuditKind;
use chrono::{DateTime, Days, NaiveDate, NaiveTime, Utc};
use rust_decimal::Decimal;
use sea_orm::{ConnectionTrait, FromQueryResult};
use serde_json::Value;

use crate::amount::to_hundredths;
use crate::analytics::earned_value;
use crate::error::DomainResult;
use crate::sql;

/// A task's figures the forecast reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TaskState {
    pub estimated_cents: i64,
    pub progress: i32,
}

/// The recorded changes of a board's estimates, task progress and budget after a day.
#[derive(Clone, Debug, Default)]
pub struct Trail {
    events: Vec<Event>,
}

#[derive(Clone, Debug)]
struct Event {
    at: DateTime<Utc>,
    kind: AuditKind,
    entity_id: i64,
    old_value: Option<Value>,
    new_value: Option<Value>,
}

#[derive(Debug, FromQueryResult)]
struct EventRow {
    id: i64,
    created_at: DateTime<Utc>,
    entity_type: String,
    entity_id: i64,
    old_value: Option<Value>,
    new_value: Option<Value>,
}

/// The kinds of change a past day is replayed from: estimates, tasks (progress, creation) and
/// the budget.
const REPLAYED: [AuditKind; 3] = [AuditKind::TaskCost, AuditKind::Task, AuditKind::Budget];

/// The first moment after `day`.
fn end_of(day: NaiveDate) -> DateTime<Utc> {
    day.checked_add_days(Days::new(1))
        .unwrap_or(day)
        .and_time(NaiveTime::MIN)
        .and_utc()
}

impl Trail {
    /// The changes of task costs, tasks and the budget of `board_id` recorded after `day`,
    /// newest first.
    pub async fn since<C: ConnectionTrait>(
        conn: &C,
        board_id: i64,
        day: NaiveDate,
    ) -> DomainResult<Self> {
        // Sorted here rather than by the database: an ORDER BY on the time would lead SQLite
        // to the index by board and time, through every event since the day (one per logged
        // entry), instead of the index by board, kind and time.
        let mut values = vec![board_id.into(), end_of(day).into()];
        values.extend(REPLAYED.iter().map(|kind| kind.as_str().into()));
        let kinds = sql::placeholders(3, REPLAYED.len());
        let mut rows: Vec<EventRow> = sql::all(
            conn,
            &format!(
                "SELECT id, created_at, entity_type, entity_id, old_value, new_value \
                 FROM audit_event \
                 WHERE board_id = $1 AND created_at >= $2 AND entity_type IN ({kinds})"
            ),
            values,
        )
        .await?;
        rows.sort_unstable_by_key(|row| std::cmp::Reverse((row.created_at, row.id)));
        Ok(Self {
            events: rows
                .into_iter()
                .filter_map(|row| {
                    Some(Event {
                        at: row.created_at,
                        kind: row.entity_type.parse().ok()?,
                        entity_id: row.entity_id,
                        old_value: row.old_value,
                        new_value: row.new_value,
                    })
                })
                .collect(),
        })
    }

    fn after(&self, day: NaiveDate) -> impl Iterator<Item = &Event> {
        let end = end_of(day);
        self.events.iter().filter(move |event| event.at >= end)
    }

    /// Σ estimated cost at the end of `day`, from today's sum: each change of an estimate since
    /// moved the sum by its new value less its old one.
    pub fn planned_at(&self, planned_now_cents: i64, day: NaiveDate) -> i64 {
        let changed: i64 = self
            .after(day)
            .filter(|e| e.kind == AuditKind::TaskCost)
            .map(|e| estimate(e.new_value.as_ref()) - estimate(e.old_value.as_ref()))
            .sum();
        planned_now_cents - changed
    }

    /// The tasks at the end of `day`, from today's (task id → state): each change after that
    /// day undone, newest first. A task created since is absent.
    pub fn tasks_at(
        &self,
        mut tasks: HashMap<i64, TaskState>,
        day: NaiveDate,
    ) -> HashMap<i64, TaskState> {
        for event in self.after(day) {
            match event.kind {
                AuditKind::TaskCost => {
                    if let Some(task) = tasks.get_mut(&event.entity_id) {
                        task.estimated_cents = estimate(event.old_value.as_ref());
                    }
                }
                AuditKind::Task => match event.old_value.as_ref() {
                    // Created since: not there yet.
                    None => {
                        tasks.remove(&event.entity_id);
                    }
                    Some(old) => {
                        if let (Some(task), Some(progress)) =
                            (tasks.get_mut(&event.entity_id), progress(old))
                        {
                            task.progress = progress;
                        }
                    }
                },
                _ => {}
            }
        }
        tasks
    }

    /// The budget's allocated amount at the end of `day`, from today's.
    pub fn budget_at(&self, mut bac_cents: Option<i64>, day: NaiveDate) -> Option<i64> {
        for event in self.after(day).filter(|e| e.kind == AuditKind::Budget) {
            bac_cents = event
                .old_value
                .as_ref()
                .map(|old| amount(old.get("allocated_budget")).unwrap_or(0));
        }
        bac_cents
    }
}

#[derive(Debug, FromQueryResult)]
struct TaskRow {
    id: i64,
    estimated_cents: i64,
    progress: i32,
}

/// The board's tasks as they are now, by id.
pub async fn current_tasks<C: ConnectionTrait>(
    conn: &C,
    board_id: i64,
) -> DomainResult<HashMap<i64, TaskState>> {
    let rows: Vec<TaskRow> = sql::all(
        conn,
        "SELECT t.task_id AS id, CAST(t.estimated_cents AS BIGINT) AS estimated_cents, \
                t.progress \
         FROM task_totals t WHERE t.board_id = $1",
        vec![board_id.into()],
    )
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let state = TaskState {
                estimated_cents: row.estimated_cents,
                progress: row.progress,
            };
            (row.id, state)
        })
        .collect())
}

/// Σ estimated cost and earned value (currency units) of tasks.
pub fn scope(tasks: &HashMap<i64, TaskState>) -> (i64, Decimal) {
    let planned = tasks.values().map(|t| t.estimated_cents).sum();
    let earned = tasks
        .values()
        .map(|t| t.estimated_cents * i64::from(t.progress))
        .sum();
    (planned, earned_value::from_cent_percent(earned))
}

fn amount(value: Option<&Value>) -> Option<i64> {
    value
        .and_then(Value::as_str)
        .and_then(|text| text.parse::<Decimal>().ok())
        .and_then(to_hundredths)
}

/// A task cost's estimate in a recorded value; none before the cost existed.
fn estimate(value: Option<&Value>) -> i64 {
    amount(value.and_then(|v| v.get("estimated_cost"))).unwrap_or(0)
}

/// A task's progress in a recorded value (a task, or a deleted task's record).
fn progress(value: &Value) -> Option<i32> {
    value
        .get("progress")
        .or_else(|| value.get("task").and_then(|task| task.get("progress")))
        .and_then(Value::as_i64)
        .and_then(|p| i32::try_from(p).ok())
}

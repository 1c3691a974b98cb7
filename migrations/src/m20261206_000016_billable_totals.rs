//! The running totals of time entries per task and per board-day also sum the entries' billable
//! amounts, so revenue is read from one row per task or per day, as labour is.

use sea_orm::ConnectionTrait;
use sea_orm_migration::prelude::*;

use crate::entry_totals;

#[derive(DeriveMigrationName)]
pub struct Migration;

const BEFORE: [&str; 2] = ["labour_cost_cents", "centihours"];
const AFTER: [&str; 3] = ["labour_cost_cents", "centihours", "billable_cents"];

const TOTALS: [&str; 2] = ["task_labour", "board_day_labour"];

const BACKFILL: [&str; 2] = [
    "UPDATE task_labour SET billable_cents = COALESCE((SELECT SUM(e.billable_cents) \
       FROM time_entry e WHERE e.task_id = task_labour.task_id), 0)",
    "UPDATE board_day_labour SET billable_cents = COALESCE((SELECT SUM(e.billable_cents) \
       FROM time_entry e WHERE e.board_id = board_day_labour.board_id \
       AND e.work_date = board_day_labour.work_date), 0)",
];

/// The SQLite triggers before (the running totals' own) and after.
const OLD_TRIGGERS: &str = "time_entry_totals";
const NEW_TRIGGERS: &str = "time_entry_sums";

/// Replaces the time-entry triggers (SQLite: those named `from` by ones named `to`; a trigger is
/// not replaced in place there) or their functions (PostgreSQL) with ones summing `columns`.
async fn sum_columns(
    manager: &SchemaManager<'_>,
    from: &str,
    to: &str,
    columns: &[&str],
) -> Result<(), DbErr> {
    let totals = entry_totals::TASK_AND_DAY;
    let backend = manager.get_database_backend();
    let db = manager.get_connection();
    for statement in
        entry_totals::replace_entry_triggers(backend, &totals, from, &totals, to, columns)
    {
        db.execute_unprepared(&statement).await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for table in TOTALS {
            db.execute_unprepared(&format!(
                "ALTER TABLE {table} ADD COLUMN billable_cents BIGINT NOT NULL DEFAULT 0"
            ))
            .await?;
        }
        for statement in BACKFILL {
            db.execute_unprepared(statement).await?;
        }
        sum_columns(manager, OLD_TRIGGERS, NEW_TRIGGERS, &AFTER).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        sum_columns(manager, NEW_TRIGGERS, OLD_TRIGGERS, &BEFORE).await?;
        let db = manager.get_connection();
        for table in TOTALS {
            db.execute_unprepared(&format!("ALTER TABLE {table} DROP COLUMN billable_cents"))
                .await?;
        }
        Ok(())
    }
}

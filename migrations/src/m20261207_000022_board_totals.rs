//! Running totals per board and per task, so that a board's figures are read from one row: see
//! [`crate::board_totals`] for what they hold and the triggers that keep them. The view
//! `task_totals` then reads each task's figures from its running totals.

use sea_orm::{ConnectionTrait, DbBackend};
use sea_orm_migration::prelude::*;

use crate::board_totals::{self, board_sums, TASK_FIGURES};
use crate::m20261206_000015_expenses::TASK_TOTALS_WITH_EXPENSES;

/// `task_totals` read from the running totals per task: the same columns and figures as
/// before, one row of `task_sums` per task instead of a sum over its expenses.
const TASK_TOTALS_FROM_SUMS: &str = "CREATE VIEW task_totals AS \
    SELECT s.task_id, s.board_id, t.status, t.progress, \
           s.estimated_cents, s.estimated_centihours, \
           s.direct_cents, s.resource_cents, s.labour_cents, s.centihours, \
           s.direct_cents + s.resource_cents + s.labour_cents AS total_cents, \
           s.estimated_cents * t.progress AS earned_cent_percent, \
           c.incurred_on, \
           CASE WHEN s.estimated_cents > 0 \
                 AND s.direct_cents + s.resource_cents + s.labour_cents > s.estimated_cents \
                THEN 1 ELSE 0 END AS over_estimate \
    FROM task_sums s \
    JOIN task t ON t.id = s.task_id \
    LEFT JOIN task_cost c ON c.task_id = s.task_id";

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A running sum: may pass through any value inside a transaction, so no `>= 0` check.
fn sum_columns(columns: impl IntoIterator<Item = &'static str>) -> String {
    columns
        .into_iter()
        .map(|c| format!("{c} BIGINT NOT NULL DEFAULT 0"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn tables() -> [String; 4] {
    [
        format!(
            "CREATE TABLE task_sums (\
               task_id BIGINT NOT NULL PRIMARY KEY REFERENCES task (id) ON DELETE CASCADE, \
               board_id BIGINT NOT NULL REFERENCES board (id) ON DELETE CASCADE, {})",
            sum_columns(TASK_FIGURES)
        ),
        "CREATE INDEX ix_task_sums_board ON task_sums (board_id)".to_owned(),
        format!(
            "CREATE TABLE board_totals (\
               board_id BIGINT NOT NULL PRIMARY KEY REFERENCES board (id) ON DELETE CASCADE, {})",
            sum_columns(board_sums().map(|(c, _)| c))
        ),
        // The burn window's resource costs by the day they were incurred, without a pass over
        // the board's tasks.
        "CREATE INDEX ix_task_cost_incurred_on ON task_cost (incurred_on)".to_owned(),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for statement in tables().iter().chain(board_totals::backfill().iter()) {
            db.execute_unprepared(statement).await?;
        }
        let triggers: Vec<String> = match manager.get_database_backend() {
            DbBackend::Sqlite => board_totals::sqlite_triggers()
                .into_iter()
                .map(|(name, body)| format!("CREATE TRIGGER {name} {body}"))
                .collect(),
            _ => board_totals::postgres_statements(),
        };
        for statement in triggers {
            db.execute_unprepared(&statement).await?;
        }
        db.execute_unprepared("DROP VIEW task_totals").await?;
        db.execute_unprepared(TASK_TOTALS_FROM_SUMS).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared("DROP VIEW task_totals").await?;
        db.execute_unprepared(TASK_TOTALS_WITH_EXPENSES).await?;
        match manager.get_database_backend() {
            DbBackend::Sqlite => {
                for (name, _) in board_totals::sqlite_triggers() {
                    db.execute_unprepared(&format!("DROP TRIGGER IF EXISTS {name}"))
                        .await?;
                }
            }
            _ => {
                for statement in board_totals::postgres_drop() {
                    db.execute_unprepared(&statement).await?;
                }
            }
        }
        db.execute_unprepared("DROP INDEX ix_task_cost_incurred_on")
            .await?;
        db.execute_unprepared("DROP TABLE board_totals").await?;
        db.execute_unprepared("DROP TABLE task_sums").await?;
        Ok(())
    }
}

//! The running totals of time entries also per board and person (`board_person_labour`: labour,
//! hours and billable amounts), so the profitability by person reads one row per person instead
//! of every entry of the board.

use sea_orm::ConnectionTrait;
use sea_orm_migration::prelude::*;

use crate::entry_totals::{self, Total, PER_DAY, PER_PERSON, PER_TASK};

#[derive(DeriveMigrationName)]
pub struct Migration;

const COLUMNS: [&str; 3] = ["labour_cost_cents", "centihours", "billable_cents"];

const BEFORE: [Total; 2] = [PER_TASK, PER_DAY];
const AFTER: [Total; 3] = [PER_TASK, PER_DAY, PER_PERSON];

/// The SQLite triggers before and after (a trigger is not replaced in place there).
const OLD_TRIGGERS: &str = "time_entry_sums";
const NEW_TRIGGERS: &str = "time_entry_person_sums";

const TABLE: &str = "CREATE TABLE board_person_labour (\
    board_id BIGINT NOT NULL REFERENCES board (id) ON DELETE CASCADE, \
    user_id BIGINT NOT NULL, \
    labour_cost_cents BIGINT NOT NULL DEFAULT 0, \
    centihours BIGINT NOT NULL DEFAULT 0, \
    billable_cents BIGINT NOT NULL DEFAULT 0, \
    PRIMARY KEY (board_id, user_id))";

const BACKFILL: &str = "INSERT INTO board_person_labour \
      (board_id, user_id, labour_cost_cents, centihours, billable_cents) \
    SELECT board_id, user_id, SUM(labour_cost_cents), SUM(centihours), SUM(billable_cents) \
    FROM time_entry GROUP BY board_id, user_id";

/// Replaces the time-entry triggers (SQLite) or their functions (PostgreSQL) with ones keeping
/// `totals`.
async fn keep(
    manager: &SchemaManager<'_>,
    totals: &[Total],
    from: &str,
    to: &str,
    before: &[Total],
) -> Result<(), DbErr> {
    let backend = manager.get_database_backend();
    let db = manager.get_connection();
    for statement in
        entry_totals::replace_entry_triggers(backend, before, from, totals, to, &COLUMNS)
    {
        db.execute_unprepared(&statement).await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared(TABLE).await?;
        db.execute_unprepared(BACKFILL).await?;
        keep(manager, &AFTER, OLD_TRIGGERS, NEW_TRIGGERS, &BEFORE).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        keep(manager, &BEFORE, NEW_TRIGGERS, OLD_TRIGGERS, &AFTER).await?;
        manager
            .get_connection()
            .execute_unprepared("DROP TABLE board_person_labour")
            .await?;
        Ok(())
    }
}

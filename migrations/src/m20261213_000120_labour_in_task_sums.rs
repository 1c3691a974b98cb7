//! Each task's labour kept in one place. A time entry's labour, hours and billable amount were
//! added to its task's row of `task_labour`, whose own triggers then added the same change to
//! the task's row of `task_sums`: two writes of one figure, and on PostgreSQL one more statement
//! and its triggers for every statement of entries. The entries' triggers now add it to
//! `task_sums` directly, and `task_labour` goes.
//!
//! A task's row of `task_sums` is made with the task, so the entries' triggers only ever update
//! it; an entry whose task is gone (its row deleted first, as a deleted task's entries go) changes
//! nothing there. The figures do not change: `task_sums` held the same sums before, kept by the
//! cascade. `down` makes `task_labour` again from the entries and restores the cascade.

use sea_orm::DbBackend;
use sea_orm_migration::prelude::*;

use crate::board_totals::{
    drop_statement_triggers, postgres_labour_functions, sqlite_triggers, statement_triggers,
};
use crate::entry_totals::{
    replace_entry_triggers, Total, PER_DAY, PER_PERSON, PER_TASK, PER_TASK_SUMS,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

const COLUMNS: [&str; 3] = ["labour_cost_cents", "centihours", "billable_cents"];

const BEFORE: [Total; 3] = [PER_TASK, PER_DAY, PER_PERSON];
const AFTER: [Total; 3] = [PER_TASK_SUMS, PER_DAY, PER_PERSON];

/// The SQLite time-entry triggers before and after (a trigger is not replaced in place there).
const OLD_TRIGGERS: &str = "time_entry_person_sums";
const NEW_TRIGGERS: &str = "time_entry_task_sums";

/// The triggers (and, on PostgreSQL, their functions) adding `task_labour` to `task_sums`.
const CASCADE: &str = "totals_task_labour";

const CREATE_TABLE: &str = "CREATE TABLE task_labour ( \
    task_id BIGINT NOT NULL PRIMARY KEY REFERENCES task (id) ON DELETE CASCADE, \
    board_id BIGINT NOT NULL REFERENCES board (id) ON DELETE CASCADE, \
    labour_cost_cents BIGINT NOT NULL DEFAULT 0, \
    centihours BIGINT NOT NULL DEFAULT 0, \
    billable_cents BIGINT NOT NULL DEFAULT 0)";

/// Fills `task_labour` from the entries (before its triggers exist).
const BACKFILL: &str = "INSERT INTO task_labour \
      (task_id, board_id, labour_cost_cents, centihours, billable_cents) \
    SELECT task_id, MIN(board_id), SUM(labour_cost_cents), SUM(centihours), SUM(billable_cents) \
    FROM time_entry GROUP BY task_id";

/// SQLite: the triggers adding `task_labour` to `task_sums`.
fn sqlite_cascade() -> Vec<(String, String)> {
    sqlite_triggers()
        .into_iter()
        .filter(|(name, _)| name.starts_with(&format!("{CASCADE}_")))
        .collect()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        let mut statements = replace_entry_triggers(
            backend,
            &BEFORE,
            OLD_TRIGGERS,
            &AFTER,
            NEW_TRIGGERS,
            &COLUMNS,
        );
        match backend {
            DbBackend::Postgres => {
                statements.extend(drop_statement_triggers("task_labour", CASCADE));
            }
            _ => statements.extend(
                sqlite_cascade()
                    .into_iter()
                    .map(|(name, _)| format!("DROP TRIGGER IF EXISTS {name}")),
            ),
        }
        statements.push("DROP TABLE task_labour".to_owned());
        crate::execute_all(manager, statements).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        let mut statements = vec![CREATE_TABLE.to_owned(), BACKFILL.to_owned()];
        match backend {
            DbBackend::Postgres => {
                statements.push(crate::m20261212_000110_sums_in_place::room_to_update(
                    "task_labour",
                ));
                statements.extend(postgres_labour_functions());
                statements.extend(statement_triggers("task_labour", CASCADE));
            }
            _ => statements.extend(
                sqlite_cascade()
                    .into_iter()
                    .map(|(name, body)| format!("CREATE TRIGGER {name} {body}")),
            ),
        }
        statements.extend(replace_entry_triggers(
            backend,
            &AFTER,
            NEW_TRIGGERS,
            &BEFORE,
            OLD_TRIGGERS,
            &COLUMNS,
        ));
        crate::execute_all(manager, statements).await
    }
}

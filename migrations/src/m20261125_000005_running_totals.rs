//! Running labour totals per task and per board-day, and a per-board data revision, kept by the
//! database itself.
//!
//! Every dashboard needs each task's labour and the board's labour per day. Summing 100,000
//! entries per request costs tens of milliseconds even index-only; these tables hold the sums,
//! so the reads touch one row per task or per day instead of one per entry.
//!
//! Triggers rather than application code maintain them because a total that some write path
//! forgets is wrong forever: with triggers every insert, update and delete of an entry (API,
//! repricing, cascades from a deleted task, the demo seeder, bulk loads) adjusts them in the
//! same transaction, atomically (`x = x + delta`, never read-modify-write in the application).
//!
//! `board_revision.version` rises with every change to anything the board's figures are
//! computed from (tasks, their costs, entries, the budget, the board itself). Readers cache a
//! computed answer under the version they saw and know it is current while the version holds.
//! On PostgreSQL the bump is the triggers' first write, so concurrent writers of one board queue
//! on that one row in the same order and cannot deadlock on the totals rows behind it. Bumps are
//! plain UPDATEs (the row is created with its board) so that cascading deletes of a board never
//! try to recreate it.

use sea_orm::{ConnectionTrait, DbBackend};
use sea_orm_migration::prelude::*;

use crate::columns::{board_fk, reference, task_fk};
use crate::entry_totals;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum TaskLabour {
    Table,
    TaskId,
    BoardId,
    LabourCostCents,
    Centihours,
}

#[derive(DeriveIden, Clone, Copy)]
enum BoardDayLabour {
    Table,
    BoardId,
    WorkDate,
    LabourCostCents,
    Centihours,
}

#[derive(DeriveIden, Clone, Copy)]
enum BoardRevision {
    Table,
    BoardId,
    Version,
}

/// A running sum: may pass through any value inside a transaction, so no `>= 0` check.
fn sum_column<T: IntoIden>(name: T) -> ColumnDef {
    ColumnDef::new(name)
        .big_integer()
        .not_null()
        .default(0)
        .to_owned()
}

/// Fills the new tables from the data already there.
const BACKFILL: [&str; 3] = [
    "INSERT INTO task_labour (task_id, board_id, labour_cost_cents, centihours) \
     SELECT task_id, MIN(board_id), SUM(labour_cost_cents), SUM(centihours) \
     FROM time_entry GROUP BY task_id",
    "INSERT INTO board_day_labour (board_id, work_date, labour_cost_cents, centihours) \
     SELECT board_id, work_date, SUM(labour_cost_cents), SUM(centihours) \
     FROM time_entry GROUP BY board_id, work_date",
    "INSERT INTO board_revision (board_id, version) SELECT id, 1 FROM board",
];

/// SQLite: one trigger per table and operation (name, then what follows `CREATE TRIGGER name`),
/// apart from the time-entry triggers, which [`sqlite_triggers`] builds.
const SQLITE_REVISION_TRIGGERS: [(&str, &str); 11] = [
    (
        "board_revision_create",
        "AFTER INSERT ON board BEGIN \
       INSERT INTO board_revision (board_id, version) VALUES (NEW.id, 1); \
     END",
    ),
    (
        "board_revision_board",
        "AFTER UPDATE ON board BEGIN \
       UPDATE board_revision SET version = version + 1 WHERE board_id = NEW.id; \
     END",
    ),
    (
        "board_revision_task_insert",
        "AFTER INSERT ON task BEGIN \
       UPDATE board_revision SET version = version + 1 WHERE board_id = NEW.board_id; \
     END",
    ),
    (
        "board_revision_task_update",
        "AFTER UPDATE ON task BEGIN \
       UPDATE board_revision SET version = version + 1 \
         WHERE board_id IN (OLD.board_id, NEW.board_id); \
     END",
    ),
    (
        "board_revision_task_delete",
        "AFTER DELETE ON task BEGIN \
       UPDATE board_revision SET version = version + 1 WHERE board_id = OLD.board_id; \
     END",
    ),
    (
        "board_revision_task_cost_insert",
        "AFTER INSERT ON task_cost BEGIN \
       UPDATE board_revision SET version = version + 1 \
         WHERE board_id = (SELECT board_id FROM task WHERE id = NEW.task_id); \
     END",
    ),
    (
        "board_revision_task_cost_update",
        "AFTER UPDATE ON task_cost BEGIN \
       UPDATE board_revision SET version = version + 1 \
         WHERE board_id = (SELECT board_id FROM task WHERE id = NEW.task_id); \
     END",
    ),
    (
        "board_revision_budget_write",
        "AFTER INSERT ON project_budget BEGIN \
       UPDATE board_revision SET version = version + 1 WHERE board_id = NEW.board_id; \
     END",
    ),
    (
        "board_revision_budget_change",
        "AFTER UPDATE ON project_budget BEGIN \
       UPDATE board_revision SET version = version + 1 WHERE board_id = NEW.board_id; \
     END",
    ),
    (
        "board_revision_task_cost_delete",
        "AFTER DELETE ON task_cost BEGIN \
       UPDATE board_revision SET version = version + 1 \
         WHERE board_id = (SELECT board_id FROM task WHERE id = OLD.task_id); \
     END",
    ),
    (
        "board_revision_budget_delete",
        "AFTER DELETE ON project_budget BEGIN \
       UPDATE board_revision SET version = version + 1 WHERE board_id = OLD.board_id; \
     END",
    ),
];

/// SQLite's triggers: [`SQLITE_REVISION_TRIGGERS`] plus the time-entry triggers, which add the
/// new row to the totals, take the old one out, or both (an update is the old row taken out and
/// the new one put in).
fn sqlite_triggers() -> Vec<(String, String)> {
    SQLITE_REVISION_TRIGGERS
        .iter()
        .map(|(name, body)| (String::from(*name), String::from(*body)))
        .chain(entry_totals::sqlite_entry_triggers(
            "time_entry_totals",
            &LABOUR,
        ))
        .collect()
}

/// The columns of an entry these totals sum.
const LABOUR: [&str; 2] = ["labour_cost_cents", "centihours"];

/// PostgreSQL: time entries are applied per statement, everything else per row.
///
/// Entries use statement triggers with transition tables: one statement's entries are summed
/// per task and per day and applied in one upsert each, and the revision rises once per
/// statement. Per row, a bulk statement (an import, a repricing, a task's cascade delete) would
/// update one board's revision row once per entry inside one transaction, and PostgreSQL must
/// walk every earlier version of that row on each update: 100,000 entries took minutes instead
/// of seconds. SQLite has only row triggers, and updates in place, so it keeps them.
const POSTGRES_TRIGGERS: [&str; 11] = [
    "CREATE FUNCTION bump_board_revision(target BIGINT) RETURNS VOID LANGUAGE sql AS $$ \
       UPDATE board_revision SET version = version + 1 WHERE board_id = target \
     $$",
    // Tasks, budgets and the board itself carry the board id; a task cost finds it via its task.
    "CREATE FUNCTION board_revision_by_board_id() RETURNS TRIGGER LANGUAGE plpgsql AS $$ \
     BEGIN \
       IF TG_OP <> 'INSERT' THEN PERFORM bump_board_revision(OLD.board_id); END IF; \
       IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.board_id <> OLD.board_id) THEN \
         PERFORM bump_board_revision(NEW.board_id); \
       END IF; \
       RETURN NULL; \
     END $$",
    "CREATE FUNCTION board_revision_by_task_id() RETURNS TRIGGER LANGUAGE plpgsql AS $$ \
     BEGIN \
       PERFORM bump_board_revision(t.board_id) FROM task t \
         WHERE t.id = CASE WHEN TG_OP = 'DELETE' THEN OLD.task_id ELSE NEW.task_id END; \
       RETURN NULL; \
     END $$",
    "CREATE FUNCTION board_revision_of_board() RETURNS TRIGGER LANGUAGE plpgsql AS $$ \
     BEGIN \
       IF TG_OP = 'INSERT' THEN \
         INSERT INTO board_revision (board_id, version) VALUES (NEW.id, 1); \
       ELSE \
         PERFORM bump_board_revision(NEW.id); \
       END IF; \
       RETURN NULL; \
     END $$",
    // Transition tables need one trigger per event.
    "CREATE TRIGGER time_entries_added AFTER INSERT ON time_entry \
     REFERENCING NEW TABLE AS added \
     FOR EACH STATEMENT EXECUTE FUNCTION time_entries_added()",
    "CREATE TRIGGER time_entries_removed AFTER DELETE ON time_entry \
     REFERENCING OLD TABLE AS removed \
     FOR EACH STATEMENT EXECUTE FUNCTION time_entries_removed()",
    "CREATE TRIGGER time_entries_changed AFTER UPDATE ON time_entry \
     REFERENCING OLD TABLE AS before_change NEW TABLE AS after_change \
     FOR EACH STATEMENT EXECUTE FUNCTION time_entries_changed()",
    "CREATE TRIGGER board_revision_task AFTER INSERT OR UPDATE OR DELETE ON task \
     FOR EACH ROW EXECUTE FUNCTION board_revision_by_board_id()",
    "CREATE TRIGGER board_revision_budget AFTER INSERT OR UPDATE OR DELETE ON project_budget \
     FOR EACH ROW EXECUTE FUNCTION board_revision_by_board_id()",
    "CREATE TRIGGER board_revision_task_cost AFTER INSERT OR UPDATE OR DELETE ON task_cost \
     FOR EACH ROW EXECUTE FUNCTION board_revision_by_task_id()",
    "CREATE TRIGGER board_revision_board AFTER INSERT OR UPDATE ON board \
     FOR EACH ROW EXECUTE FUNCTION board_revision_of_board()",
];

/// PostgreSQL's statements: [`POSTGRES_TRIGGERS`] plus the functions that add entries to the
/// totals and take them out.
fn postgres_triggers() -> Vec<String> {
    let mut statements: Vec<String> = POSTGRES_TRIGGERS.iter().map(|s| String::from(*s)).collect();
    // After bump_board_revision, before the triggers that name them.
    for (at, function) in entry_totals::postgres_entry_functions(&LABOUR)
        .into_iter()
        .enumerate()
    {
        statements.insert(at + 1, function);
    }
    statements
}

const POSTGRES_DROP: [&str; 14] = [
    "DROP TRIGGER IF EXISTS board_revision_board ON board",
    "DROP TRIGGER IF EXISTS board_revision_task_cost ON task_cost",
    "DROP TRIGGER IF EXISTS board_revision_budget ON project_budget",
    "DROP TRIGGER IF EXISTS board_revision_task ON task",
    "DROP TRIGGER IF EXISTS time_entries_changed ON time_entry",
    "DROP TRIGGER IF EXISTS time_entries_removed ON time_entry",
    "DROP TRIGGER IF EXISTS time_entries_added ON time_entry",
    "DROP FUNCTION IF EXISTS board_revision_of_board()",
    "DROP FUNCTION IF EXISTS board_revision_by_task_id()",
    "DROP FUNCTION IF EXISTS board_revision_by_board_id()",
    "DROP FUNCTION IF EXISTS time_entries_changed()",
    "DROP FUNCTION IF EXISTS time_entries_removed()",
    "DROP FUNCTION IF EXISTS time_entries_added()",
    "DROP FUNCTION IF EXISTS bump_board_revision(BIGINT)",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(TaskLabour::Table)
                    .col(reference(TaskLabour::TaskId).primary_key())
                    .col(reference(TaskLabour::BoardId))
                    .col(sum_column(TaskLabour::LabourCostCents))
                    .col(sum_column(TaskLabour::Centihours))
                    .foreign_key(&mut task_fk(TaskLabour::Table, TaskLabour::TaskId))
                    .foreign_key(&mut board_fk(TaskLabour::Table, TaskLabour::BoardId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(BoardDayLabour::Table)
                    .col(reference(BoardDayLabour::BoardId))
                    .col(ColumnDef::new(BoardDayLabour::WorkDate).date().not_null())
                    .col(sum_column(BoardDayLabour::LabourCostCents))
                    .col(sum_column(BoardDayLabour::Centihours))
                    .primary_key(
                        Index::create()
                            .col(BoardDayLabour::BoardId)
                            .col(BoardDayLabour::WorkDate),
                    )
                    .foreign_key(&mut board_fk(
                        BoardDayLabour::Table,
                        BoardDayLabour::BoardId,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(BoardRevision::Table)
                    .col(reference(BoardRevision::BoardId).primary_key())
                    .col(sum_column(BoardRevision::Version))
                    .foreign_key(&mut board_fk(BoardRevision::Table, BoardRevision::BoardId))
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        for statement in BACKFILL {
            db.execute_unprepared(statement).await?;
        }
        let triggers: Vec<String> = match manager.get_database_backend() {
            DbBackend::Sqlite => sqlite_triggers()
                .into_iter()
                .map(|(name, body)| format!("CREATE TRIGGER {name} {body}"))
                .collect(),
            _ => postgres_triggers(),
        };
        for statement in triggers {
            db.execute_unprepared(&statement).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DbBackend::Sqlite => {
                for (name, _) in sqlite_triggers() {
                    db.execute_unprepared(&format!("DROP TRIGGER IF EXISTS {name}"))
                        .await?;
                }
            }
            _ => {
                for statement in POSTGRES_DROP {
                    db.execute_unprepared(statement).await?;
                }
            }
        }
        for table in [
            BoardRevision::Table.into_iden(),
            BoardDayLabour::Table.into_iden(),
            TaskLabour::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

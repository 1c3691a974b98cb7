//! The day a task's resource cost was incurred, kept on its `task_sums` row
//! (`resource_incurred_on`, copied from `task_cost.incurred_on` by triggers) with an index over the
//! dated ones: a board's resource costs by day, before a day or within a window read the tasks that
//! have such a cost, not every task of the board.

use sea_orm_migration::sea_orm::DbBackend;

/// A day's column type on each engine, as the schema's date columns are typed.
pub fn date_type(backend: DbBackend) -> &'static str {
    match backend {
        DbBackend::Sqlite => "date_text",
        _ => "DATE",
    }
}

/// The column `task_sums` gains, typed as `task_cost.incurred_on` is on each engine.
pub fn column(backend: DbBackend) -> String {
    format!(
        "ALTER TABLE task_sums ADD COLUMN resource_incurred_on {} NULL",
        date_type(backend)
    )
}

/// Each task's resource cost day, from its cost row.
pub const BACKFILL: &str = "UPDATE task_sums SET resource_incurred_on = \
    (SELECT c.incurred_on FROM task_cost c WHERE c.task_id = task_sums.task_id)";

/// The dated resource costs of a board by day, covering what the sums read.
pub const INDEX: &str = "CREATE INDEX ix_task_sums_resource_day ON task_sums \
    (board_id, resource_incurred_on, resource_cents) WHERE resource_incurred_on IS NOT NULL";

/// SQLite: the triggers copying the day (each its name, then what follows `CREATE TRIGGER name`).
pub fn sqlite_triggers() -> Vec<(String, String)> {
    let set = |row: &str, day: &str| {
        format!("UPDATE task_sums SET resource_incurred_on = {day} WHERE task_id = {row}.task_id;")
    };
    vec![
        (
            "resource_day_task_cost_insert".to_owned(),
            format!(
                "AFTER INSERT ON task_cost BEGIN {} END",
                set("NEW", "NEW.incurred_on")
            ),
        ),
        (
            "resource_day_task_cost_update".to_owned(),
            format!(
                "AFTER UPDATE OF incurred_on, task_id ON task_cost BEGIN {} {} END",
                set("OLD", "NULL"),
                set("NEW", "NEW.incurred_on")
            ),
        ),
        (
            "resource_day_task_cost_delete".to_owned(),
            format!("AFTER DELETE ON task_cost BEGIN {} END", set("OLD", "NULL")),
        ),
    ]
}

/// PostgreSQL: the function copying the day and its row trigger.
pub const POSTGRES: [&str; 2] = [
    "CREATE OR REPLACE FUNCTION resource_day_task_cost_row() RETURNS TRIGGER LANGUAGE plpgsql AS $$ \
     BEGIN \
       IF TG_OP <> 'INSERT' THEN \
         UPDATE task_sums SET resource_incurred_on = NULL WHERE task_id = OLD.task_id; \
       END IF; \
       IF TG_OP <> 'DELETE' THEN \
         UPDATE task_sums SET resource_incurred_on = NEW.incurred_on WHERE task_id = NEW.task_id; \
       END IF; \
       RETURN NULL; \
     END $$",
    "CREATE TRIGGER resource_day_task_cost AFTER INSERT OR UPDATE OF incurred_on, task_id OR DELETE \
     ON task_cost FOR EACH ROW EXECUTE FUNCTION resource_day_task_cost_row()",
];

/// PostgreSQL: what undoes [`POSTGRES`].
pub const POSTGRES_DROP: [&str; 2] = [
    "DROP TRIGGER IF EXISTS resource_day_task_cost ON task_cost",
    "DROP FUNCTION IF EXISTS resource_day_task_cost_row()",
];

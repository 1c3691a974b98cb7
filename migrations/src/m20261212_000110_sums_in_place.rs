//! Each task's running sums updated in place. A time entry changes its task's labour and hours
//! in `task_labour` and `task_sums`; PostgreSQL can write the new version of such a row beside
//! the old one, in the same page and without touching the table's indexes (a heap-only update),
//! when no indexed column changed and the page has room. Two things stood in the way:
//!
//! - An index on `task_sums` over each task's variance (total − estimate), to find a board's
//!   largest overruns: every change to a task's sums changed an indexed value and wrote each of
//!   the table's indexes anew. It is replaced by `task_overrun`: one row per task that has an
//!   estimate and whose costs exceed it, with its overrun, indexed per board by overrun, so that
//!   a board's largest overruns are still the first rows of one index whatever the board's size.
//!   Triggers on `task_sums` keep it in the transaction of every write: a task joins as its costs
//!   pass its estimate, its overrun follows each change, and it leaves as it falls back within
//!   the estimate (or is deleted). A task within its estimate changes no index as time is logged
//!   on it; one over it changes this narrow table's.
//! - Full pages: both tables keep a fifth of each page free on PostgreSQL (`fillfactor`), room
//!   for the next versions of its rows. The setting applies to the pages written from now on
//!   (`VACUUM FULL` on either table applies it at once).
//!
//! On PostgreSQL the functions adding a statement's change of `task_labour` to `task_sums` are
//! made again to skip a statement that changed no row: the upsert of each time entry's task
//! fires the insert and the update triggers both, and one of them always has nothing to add.
//! Skipping it changes no figure, so `down` leaves them as they are.
//!
//! SQLite updates rows in place and rewrites only the indexes whose columns changed; it keeps
//! the same table of overruns, so that both engines read the overruns one way.

use sea_orm::{ConnectionTrait, DbBackend};
use sea_orm_migration::prelude::*;

use crate::board_totals::{drop_statement_triggers, statement_triggers, OVERRUN, OVER_ESTIMATE};

#[derive(DeriveMigrationName)]
pub struct Migration;

const CREATE_TABLE: &str = "CREATE TABLE task_overrun ( \
    task_id BIGINT NOT NULL PRIMARY KEY REFERENCES task (id) ON DELETE CASCADE, \
    board_id BIGINT NOT NULL REFERENCES board (id) ON DELETE CASCADE, \
    overrun_cents BIGINT NOT NULL)";

/// A board's overruns, largest first (ties by task), as the analytics list them.
const INDEX: &str =
    "CREATE INDEX ix_task_overrun_board ON task_overrun (board_id, overrun_cents DESC, task_id)";

/// The overrun of the `task_sums` row `row`.
fn overrun(row: &str) -> String {
    OVERRUN.replace("r.", &format!("{row}."))
}

/// Whether the `task_sums` row `row` is over its estimate.
fn over(row: &str) -> String {
    format!("({})", OVER_ESTIMATE.replace("r.", &format!("{row}.")))
}

/// The over-estimate rows of `source` (a table or transition table named `r`) as
/// `task_overrun` rows: added, or their overrun and board brought up to date.
fn upsert_from(source: &str) -> String {
    format!(
        "INSERT INTO task_overrun (task_id, board_id, overrun_cents) \
         SELECT r.task_id, r.board_id, {overrun} FROM {source} r WHERE {over} \
         ON CONFLICT (task_id) DO UPDATE \
           SET board_id = excluded.board_id, overrun_cents = excluded.overrun_cents \
           WHERE task_overrun.board_id <> excluded.board_id \
              OR task_overrun.overrun_cents <> excluded.overrun_cents",
        overrun = overrun("r"),
        over = over("r")
    )
}

/// The overrun of every task over its estimate, from the sums as they stand.
fn backfill() -> String {
    upsert_from("task_sums")
}

/// SQLite: row triggers on `task_sums` (each its name, then what follows `CREATE TRIGGER name`).
fn sqlite_triggers() -> Vec<(String, String)> {
    let upsert = format!(
        "INSERT INTO task_overrun (task_id, board_id, overrun_cents) \
         VALUES (NEW.task_id, NEW.board_id, {}) \
         ON CONFLICT (task_id) DO UPDATE \
           SET board_id = excluded.board_id, overrun_cents = excluded.overrun_cents;",
        overrun("NEW")
    );
    let leave = |row: &str| format!("DELETE FROM task_overrun WHERE task_id = {row}.task_id;");
    vec![
        (
            "overruns_task_sums_insert".to_owned(),
            format!(
                "AFTER INSERT ON task_sums WHEN {} BEGIN {upsert} END",
                over("NEW")
            ),
        ),
        // Over its estimate after the change: its overrun and board follow, where they moved.
        (
            "overruns_task_sums_update".to_owned(),
            format!(
                "AFTER UPDATE ON task_sums WHEN {} AND NOT ({} AND {} = {} \
                   AND NEW.board_id = OLD.board_id) \
                 BEGIN {upsert} END",
                over("NEW"),
                over("OLD"),
                overrun("NEW"),
                overrun("OLD")
            ),
        ),
        (
            "overruns_task_sums_within".to_owned(),
            format!(
                "AFTER UPDATE ON task_sums WHEN {} AND NOT {} BEGIN {} END",
                over("OLD"),
                over("NEW"),
                leave("OLD")
            ),
        ),
        (
            "overruns_task_sums_delete".to_owned(),
            format!(
                "AFTER DELETE ON task_sums WHEN {} BEGIN {} END",
                over("OLD"),
                leave("OLD")
            ),
        ),
    ]
}

/// PostgreSQL: each statement's changed rows applied at once, from its transition tables.
fn postgres_statements() -> Vec<String> {
    let function = |name: &str, body: &str| {
        format!(
            "CREATE FUNCTION {name}() RETURNS TRIGGER LANGUAGE plpgsql AS $$ \
             BEGIN {body}; RETURN NULL; END $$"
        )
    };
    vec![
        function("overruns_task_sums_added", &upsert_from("added")),
        function(
            "overruns_task_sums_changed",
            &format!(
                "DELETE FROM task_overrun o USING after_change r \
                   WHERE o.task_id = r.task_id AND NOT {}; {}",
                over("r"),
                upsert_from("after_change")
            ),
        ),
        function(
            "overruns_task_sums_removed",
            "DELETE FROM task_overrun o USING removed r WHERE o.task_id = r.task_id",
        ),
    ]
    .into_iter()
    .chain(statement_triggers("task_sums", "overruns_task_sums"))
    .collect()
}

/// PostgreSQL: the tables whose rows every time entry changes, with the share of each page their
/// inserts fill.
const ROOM_TO_UPDATE: [(&str, u8); 2] = [("task_sums", 80), ("task_labour", 80)];

/// PostgreSQL: the statement leaving room in the pages of `table` (one of [`ROOM_TO_UPDATE`]).
pub(crate) fn room_to_update(table: &str) -> String {
    let percent = ROOM_TO_UPDATE
        .iter()
        .find(|(name, _)| *name == table)
        .map_or(100, |(_, percent)| *percent);
    format!("ALTER TABLE {table} SET (fillfactor = {percent})")
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let mut statements = vec![
            CREATE_TABLE.to_owned(),
            backfill(),
            INDEX.to_owned(),
            "DROP INDEX ix_task_sums_overrun".to_owned(),
        ];
        match manager.get_database_backend() {
            DbBackend::Postgres => {
                statements.extend(postgres_statements());
                statements.extend(crate::board_totals::postgres_labour_functions());
                statements.extend(ROOM_TO_UPDATE.map(|(table, _)| room_to_update(table)));
            }
            _ => {
                for (name, body) in sqlite_triggers() {
                    statements.push(format!("CREATE TRIGGER {name} {body}"));
                }
            }
        }
        for statement in statements {
            db.execute_unprepared(&statement).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let mut statements: Vec<String> = match manager.get_database_backend() {
            DbBackend::Postgres => drop_statement_triggers("task_sums", "overruns_task_sums")
                .into_iter()
                .chain(
                    ROOM_TO_UPDATE
                        .map(|(table, _)| format!("ALTER TABLE {table} RESET (fillfactor)")),
                )
                .collect(),
            _ => sqlite_triggers()
                .into_iter()
                .map(|(name, _)| format!("DROP TRIGGER IF EXISTS {name}"))
                .collect(),
        };
        statements.push("DROP TABLE task_overrun".to_owned());
        statements.push(crate::group_totals::OVERRUN_INDEX.to_owned());
        for statement in statements {
            db.execute_unprepared(&statement).await?;
        }
        Ok(())
    }
}

//! The running totals of a board's tasks grouped by assignee and status (`board_group_totals`),
//! kept by triggers on `task_sums` in the transaction of every write, so that the breakdowns by
//! assignee and by status read a handful of rows whatever the board's size.
//!
//! Each task's row in `task_sums` names its group: `assignee_id` (0 for nobody: ids start at 1)
//! and `status`, copied from the task by the task triggers. Every change to a task's row takes
//! its old figures out of its old group and puts the new ones into its new group (an upsert: a
//! group's first task makes its row). A group whose tasks all left keeps its row at zero; readers
//! skip rows without tasks.
//!
//! SQLite runs row triggers; PostgreSQL applies each statement's task rows per group with
//! transition tables, as it does for the board's totals (see [`crate::board_totals`]).

use crate::board_totals::{done_of, drop_statement_triggers, statement_triggers};

/// The columns of `board_group_totals` beside its key, each with what one task row `r` adds.
pub const GROUP_SUMS: [(&str, &str); 6] = [
    ("tasks", "1"),
    ("estimated_cents", "r.estimated_cents"),
    ("direct_cents", "r.direct_cents"),
    ("resource_cents", "r.resource_cents"),
    ("labour_cents", "r.labour_cents"),
    ("centihours", "r.centihours"),
];

/// What follows `CREATE TABLE board_group_totals`.
pub fn table() -> String {
    let sums = GROUP_SUMS
        .map(|(c, _)| format!("{c} BIGINT NOT NULL DEFAULT 0"))
        .join(", ");
    format!(
        "CREATE TABLE board_group_totals (\
           board_id BIGINT NOT NULL REFERENCES board (id) ON DELETE CASCADE, \
           assignee_id BIGINT NOT NULL, \
           status TEXT NOT NULL, {sums}, \
           PRIMARY KEY (board_id, assignee_id, status))"
    )
}

/// The columns `task_sums` gains: the group of its task.
pub const TASK_SUMS_COLUMNS: [&str; 2] = [
    "ALTER TABLE task_sums ADD COLUMN assignee_id BIGINT NOT NULL DEFAULT 0",
    "ALTER TABLE task_sums ADD COLUMN status TEXT NOT NULL DEFAULT ''",
];

/// The task's group copied into `task_sums`, then the groups summed from it (before any of the
/// group triggers exist).
pub fn backfill() -> [String; 2] {
    let columns = GROUP_SUMS.map(|(c, _)| c).join(", ");
    let sums = GROUP_SUMS.map(|(_, e)| format!("SUM({e})")).join(", ");
    [
        "UPDATE task_sums SET \
           assignee_id = COALESCE((SELECT t.assignee_id FROM task t WHERE t.id = task_sums.task_id), 0), \
           status = (SELECT t.status FROM task t WHERE t.id = task_sums.task_id)"
            .to_owned(),
        format!(
            "INSERT INTO board_group_totals (board_id, assignee_id, status, {columns}) \
             SELECT r.board_id, r.assignee_id, r.status, {sums} FROM task_sums r \
             GROUP BY r.board_id, r.assignee_id, r.status"
        ),
    ]
}

/// `board_group_totals` plus the task row `row` (an upsert).
fn add_to_group(row: &str) -> String {
    let columns = GROUP_SUMS.map(|(c, _)| c).join(", ");
    let values = GROUP_SUMS
        .map(|(_, e)| e.replace("r.", &format!("{row}.")))
        .join(", ");
    let accumulate = GROUP_SUMS
        .map(|(c, _)| format!("{c} = board_group_totals.{c} + excluded.{c}"))
        .join(", ");
    format!(
        "INSERT INTO board_group_totals (board_id, assignee_id, status, {columns}) \
         VALUES ({row}.board_id, {row}.assignee_id, {row}.status, {values}) \
         ON CONFLICT (board_id, assignee_id, status) DO UPDATE SET {accumulate};"
    )
}

/// `board_group_totals` less the task row `row`.
fn take_from_group(row: &str) -> String {
    let take = GROUP_SUMS
        .map(|(c, e)| format!("{c} = {c} - ({})", e.replace("r.", &format!("{row}."))))
        .join(", ");
    format!(
        "UPDATE board_group_totals SET {take} \
         WHERE board_id = {row}.board_id AND assignee_id = {row}.assignee_id \
           AND status = {row}.status;"
    )
}

/// Whether a changed `task_sums` row stays in its group.
const SAME_GROUP: &str = "OLD.board_id = NEW.board_id AND OLD.assignee_id = NEW.assignee_id \
     AND OLD.status = NEW.status";

/// `board_group_totals` changed by the difference between a task row's `OLD` and `NEW` figures
/// (its group unchanged).
fn change_group() -> String {
    let change = GROUP_SUMS
        .map(|(c, e)| {
            format!(
                "{c} = {c} + ({}) - ({})",
                e.replace("r.", "NEW."),
                e.replace("r.", "OLD.")
            )
        })
        .join(", ");
    format!(
        "UPDATE board_group_totals SET {change} \
         WHERE board_id = NEW.board_id AND assignee_id = NEW.assignee_id AND status = NEW.status;"
    )
}

/// What a task row `row` sets on its `task_sums` row beside its figures.
fn task_facts(row: &str) -> String {
    format!(
        "board_id = {row}.board_id, done = {}, progress = {row}.progress, \
         assignee_id = COALESCE({row}.assignee_id, 0), status = {row}.status",
        done_of(row)
    )
}

/// The task columns whose change reaches `task_sums`.
const TASK_COLUMNS: &str = "board_id, status, progress, assignee_id";

/// SQLite: the board totals' task triggers that [`sqlite_triggers`] replaces (under new names:
/// SQLite's triggers are not replaced in place within one connection here).
pub const SQLITE_REPLACED: [&str; 2] = ["totals_task_insert", "totals_task_update"];

/// SQLite: the triggers on `task_sums` that keep the groups, and the task triggers that now copy
/// the group too: each its name, then what follows `CREATE TRIGGER name`.
pub fn sqlite_triggers() -> Vec<(String, String)> {
    vec![
        (
            "groups_task_sums_insert".to_owned(),
            format!(
                "AFTER INSERT ON task_sums BEGIN {} END",
                add_to_group("NEW")
            ),
        ),
        (
            "groups_task_sums_delete".to_owned(),
            format!(
                "AFTER DELETE ON task_sums BEGIN {} END",
                take_from_group("OLD")
            ),
        ),
        // A task staying in its group (every time entry) changes its group by the difference;
        // one moving between groups leaves the one and joins the other.
        (
            "groups_task_sums_update".to_owned(),
            format!(
                "AFTER UPDATE ON task_sums WHEN {SAME_GROUP} BEGIN {} END",
                change_group()
            ),
        ),
        (
            "groups_task_sums_move".to_owned(),
            format!(
                "AFTER UPDATE ON task_sums WHEN NOT ({SAME_GROUP}) BEGIN {} {} END",
                take_from_group("OLD"),
                add_to_group("NEW")
            ),
        ),
        (
            "groups_task_insert".to_owned(),
            format!(
                "AFTER INSERT ON task BEGIN \
                   INSERT INTO task_sums (task_id, board_id, done, progress, assignee_id, status) \
                   VALUES (NEW.id, NEW.board_id, {}, NEW.progress, COALESCE(NEW.assignee_id, 0), \
                           NEW.status); \
                 END",
                done_of("NEW")
            ),
        ),
        (
            "groups_task_update".to_owned(),
            format!(
                "AFTER UPDATE OF {TASK_COLUMNS} ON task BEGIN \
                   UPDATE task_sums SET {} WHERE task_id = NEW.id; \
                 END",
                task_facts("NEW")
            ),
        ),
    ]
}

/// PostgreSQL: the task trigger's function copying the group too, its trigger on the group's
/// columns, and the functions and triggers keeping the groups.
pub fn postgres_statements() -> Vec<String> {
    let sums = GROUP_SUMS;
    let columns = sums.map(|(c, _)| c).join(", ");
    let positive = sums.map(|(c, e)| format!("{e} AS {c}")).join(", ");
    let negative = sums.map(|(c, e)| format!("-({e}) AS {c}")).join(", ");
    let totals = sums.map(|(c, _)| format!("SUM({c})")).join(", ");
    let accumulate = sums
        .map(|(c, _)| format!("{c} = board_group_totals.{c} + excluded.{c}"))
        .join(", ");
    let key = "board_id, assignee_id, status";
    let upsert = |name: &str, delta: &str| {
        format!(
            "CREATE OR REPLACE FUNCTION {name}() RETURNS TRIGGER LANGUAGE plpgsql AS $$ \
             BEGIN \
               INSERT INTO board_group_totals ({key}, {columns}) \
                 SELECT {key}, {totals} FROM ({delta}) d GROUP BY {key} \
                 ON CONFLICT ({key}) DO UPDATE SET {accumulate}; \
               RETURN NULL; \
             END $$"
        )
    };
    let row_key = "r.board_id, r.assignee_id, r.status";
    vec![
        format!(
            "CREATE OR REPLACE FUNCTION totals_task_row() RETURNS TRIGGER LANGUAGE plpgsql AS $$ \
             BEGIN \
               IF TG_OP = 'INSERT' THEN \
                 INSERT INTO task_sums (task_id, board_id, done, progress, assignee_id, status) \
                 VALUES (NEW.id, NEW.board_id, {done}, NEW.progress, COALESCE(NEW.assignee_id, 0), \
                         NEW.status); \
               ELSIF TG_OP = 'UPDATE' THEN \
                 UPDATE task_sums SET {facts} WHERE task_id = NEW.id; \
               ELSE \
                 DELETE FROM task_sums WHERE task_id = OLD.id; \
               END IF; \
               RETURN NULL; \
             END $$",
            done = done_of("NEW"),
            facts = task_facts("NEW")
        ),
        "DROP TRIGGER totals_task ON task".to_owned(),
        format!(
            "CREATE TRIGGER totals_task AFTER INSERT OR UPDATE OF {TASK_COLUMNS} OR DELETE \
             ON task FOR EACH ROW EXECUTE FUNCTION totals_task_row()"
        ),
        upsert(
            "groups_task_sums_added",
            &format!("SELECT {row_key}, {positive} FROM added r"),
        ),
        upsert(
            "groups_task_sums_changed",
            &format!(
                "SELECT {row_key}, {positive} FROM after_change r \
                 UNION ALL SELECT {row_key}, {negative} FROM before_change r"
            ),
        ),
        // Removal subtracts with an UPDATE: a board being deleted has lost its rows already.
        format!(
            "CREATE OR REPLACE FUNCTION groups_task_sums_removed() RETURNS TRIGGER \
             LANGUAGE plpgsql AS $$ \
             BEGIN \
               UPDATE board_group_totals g SET {take} \
                 FROM (SELECT {key}, {named} \
                       FROM (SELECT {row_key}, {positive} FROM removed r) x GROUP BY {key}) d \
                 WHERE g.board_id = d.board_id AND g.assignee_id = d.assignee_id \
                   AND g.status = d.status; \
               RETURN NULL; \
             END $$",
            take = sums.map(|(c, _)| format!("{c} = g.{c} - d.{c}")).join(", "),
            named = sums.map(|(c, _)| format!("SUM({c}) AS {c}")).join(", "),
        ),
    ]
    .into_iter()
    .chain(statement_triggers("task_sums", "groups_task_sums"))
    .collect()
}

/// PostgreSQL: what undoes the group triggers (the task trigger is put back by the caller).
pub fn postgres_drop() -> Vec<String> {
    drop_statement_triggers("task_sums", "groups_task_sums")
}

/// The tasks furthest over their estimate, found through an index rather than a pass over the
/// board's tasks: the variance (total − estimate) of tasks with an estimate. Replaced by the
/// table of the tasks over their estimate (`task_overrun`), whose migration's `down` makes it
/// again.
pub const OVERRUN_INDEX: &str = "CREATE INDEX ix_task_sums_overrun ON task_sums \
    (board_id, (direct_cents + resource_cents + labour_cents - estimated_cents)) \
    WHERE estimated_cents > 0";

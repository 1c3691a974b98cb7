//! The triggers that keep the running totals of time entries per task (`task_labour`) and per
//! board-day (`board_day_labour`), for a given set of summed columns: each column of an entry is
//! added to both totals on insert, taken out on delete, and both on update. Every migration that
//! sums another column of entries builds its triggers here.

/// SQLite: the three time-entry triggers (`{prefix}_insert`, `_delete`, `_update`; each the name
/// and what follows `CREATE TRIGGER name`). Each first raises the board's data revision.
pub fn sqlite_entry_triggers(prefix: &str, columns: &[&str]) -> Vec<(String, String)> {
    let bump = |boards: &str| {
        format!("UPDATE board_revision SET version = version + 1 WHERE board_id {boards};")
    };
    [
        (
            "insert",
            "INSERT",
            bump("= NEW.board_id") + &sqlite_add(columns, "NEW"),
        ),
        (
            "delete",
            "DELETE",
            bump("= OLD.board_id") + &sqlite_subtract(columns, "OLD"),
        ),
        (
            "update",
            "UPDATE",
            bump("IN (OLD.board_id, NEW.board_id)")
                + &sqlite_subtract(columns, "OLD")
                + &sqlite_add(columns, "NEW"),
        ),
    ]
    .into_iter()
    .map(|(name, event, body)| {
        (
            format!("{prefix}_{name}"),
            format!("AFTER {event} ON time_entry BEGIN {body} END"),
        )
    })
    .collect()
}

/// `c = table.c + excluded.c` for every column.
fn accumulate(columns: &[&str], table: &str) -> String {
    columns
        .iter()
        .map(|c| format!("{c} = {table}.{c} + excluded.{c}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// SQLite: adds the entry `row` to its task's and its day's totals.
fn sqlite_add(columns: &[&str], row: &str) -> String {
    let names = columns.join(", ");
    let values = columns
        .iter()
        .map(|c| format!("{row}.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        " INSERT INTO task_labour (task_id, board_id, {names}) \
           VALUES ({row}.task_id, {row}.board_id, {values}) \
           ON CONFLICT (task_id) DO UPDATE SET {}; \
         INSERT INTO board_day_labour (board_id, work_date, {names}) \
           VALUES ({row}.board_id, {row}.work_date, {values}) \
           ON CONFLICT (board_id, work_date) DO UPDATE SET {};",
        accumulate(columns, "task_labour"),
        accumulate(columns, "board_day_labour"),
    )
}

/// SQLite: takes the entry `row` out of its task's and its day's totals.
fn sqlite_subtract(columns: &[&str], row: &str) -> String {
    let take = columns
        .iter()
        .map(|c| format!("{c} = {c} - {row}.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        " UPDATE task_labour SET {take} WHERE task_id = {row}.task_id; \
         UPDATE board_day_labour SET {take} \
           WHERE board_id = {row}.board_id AND work_date = {row}.work_date;"
    )
}

/// PostgreSQL: the three statement-trigger functions the time-entry triggers execute
/// (`time_entries_added`, `time_entries_changed`, `time_entries_removed`), created or replaced.
pub fn postgres_entry_functions(columns: &[&str]) -> Vec<String> {
    let names = columns.join(", ");
    let negated = columns
        .iter()
        .map(|c| format!("-{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    let added = delta_function(
        columns,
        "time_entries_added",
        "SELECT board_id FROM added",
        &format!("SELECT task_id, board_id, work_date, {names} FROM added"),
    );
    // An update is its new rows added and its old rows taken away, netted per task and per day
    // (an entry moved to another day leaves one day and joins the other).
    let changed = delta_function(
        columns,
        "time_entries_changed",
        "SELECT board_id FROM before_change UNION SELECT board_id FROM after_change",
        &format!(
            "SELECT task_id, board_id, work_date, {names} FROM after_change \
             UNION ALL \
             SELECT task_id, board_id, work_date, {negated} FROM before_change"
        ),
    );
    vec![added, changed, removed_function(columns)]
}

/// A statement-trigger function that raises the revision of the boards `boards` selects, then
/// adds the rows `delta` selects (task_id, board_id, work_date and the columns) to the totals,
/// summed per task and per day in one upsert each. The revision comes first, as in every
/// trigger: concurrent writers of one board then queue on that one row before touching the
/// totals rows, in the same order, and cannot deadlock.
fn delta_function(columns: &[&str], name: &str, boards: &str, delta: &str) -> String {
    let names = columns.join(", ");
    let sums = columns
        .iter()
        .map(|c| format!("SUM({c})"))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "CREATE OR REPLACE FUNCTION {name}() RETURNS TRIGGER LANGUAGE plpgsql AS $$ \
         BEGIN \
           UPDATE board_revision SET version = version + 1 WHERE board_id IN ({boards}); \
           INSERT INTO task_labour (task_id, board_id, {names}) \
             SELECT task_id, MIN(board_id), {sums} FROM ({delta}) delta \
             GROUP BY task_id \
             ON CONFLICT (task_id) DO UPDATE SET {}; \
           INSERT INTO board_day_labour (board_id, work_date, {names}) \
             SELECT board_id, work_date, {sums} FROM ({delta}) delta \
             GROUP BY board_id, work_date \
             ON CONFLICT (board_id, work_date) DO UPDATE SET {}; \
           RETURN NULL; \
         END $$",
        accumulate(columns, "task_labour"),
        accumulate(columns, "board_day_labour"),
    )
}

/// Removal subtracts with UPDATEs, not upserts: when a task is deleted, its totals row may go
/// (cascade) before its entries do, and an upsert would then try to recreate it.
fn removed_function(columns: &[&str]) -> String {
    let take = |alias: &str| {
        columns
            .iter()
            .map(|c| format!("{c} = {alias}.{c} - r.{c}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let sums = columns
        .iter()
        .map(|c| format!("SUM({c}) AS {c}"))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "CREATE OR REPLACE FUNCTION time_entries_removed() RETURNS TRIGGER LANGUAGE plpgsql AS $$ \
         BEGIN \
           UPDATE board_revision SET version = version + 1 \
             WHERE board_id IN (SELECT board_id FROM removed); \
           UPDATE task_labour l SET {} \
             FROM (SELECT task_id, {sums} FROM removed GROUP BY task_id) r \
             WHERE l.task_id = r.task_id; \
           UPDATE board_day_labour d SET {} \
             FROM (SELECT board_id, work_date, {sums} FROM removed GROUP BY board_id, work_date) r \
             WHERE d.board_id = r.board_id AND d.work_date = r.work_date; \
           RETURN NULL; \
         END $$",
        take("l"),
        take("d"),
    )
}

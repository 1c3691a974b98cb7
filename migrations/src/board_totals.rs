//! The running totals of a board (`board_totals`) and of each of its tasks (`task_sums`), kept by
//! triggers in the transaction of every write, so that a board's figures are read from one row
//! whatever its size, and a board that just changed costs no more to read than one that did not.
//!
//! `task_sums` holds one row per task: whether it is done, its progress, its estimates and
//! resource cost (from `task_cost`), its direct cost (its expenses) and its labour (the entries'
//! running totals: kept in `task_labour` and added from there at first, then added by the
//! entries' own triggers, see `entry_totals`). `board_totals` holds one row per board with tasks:
//! the sum over its `task_sums` rows of each figure, the tasks, the done ones, the ones over
//! their estimate and the earned value (Σ estimate × progress, in cent-percent). Every change to
//! a task's row takes its old figures out of its board's totals and puts the new ones in, so the
//! count of tasks over their estimate follows any change that crosses an estimate.
//!
//! SQLite runs row triggers. PostgreSQL applies the entries' totals and the task rows to the
//! board per statement with transition tables (one board update per statement, not per row: a
//! row updated many times in one transaction costs PostgreSQL a walk of its versions each time),
//! and the task, task-cost and expense changes per row, as their revision triggers do; every
//! trigger is named after the revision triggers so that PostgreSQL, which runs a table's triggers
//! in the order of their names, raises the board's revision first.

use budget_contract::task::TaskStatus;

/// A task's figures in `task_sums`, beside `task_id` and `board_id`.
pub const TASK_FIGURES: [&str; 10] = [
    "done",
    "progress",
    "estimated_cents",
    "estimated_centihours",
    "direct_cents",
    "direct_billable_cents",
    "resource_cents",
    "labour_cents",
    "labour_billable_cents",
    "centihours",
];

/// [`OVER_ESTIMATE`], as a literal that `concat!` can join.
macro_rules! over_estimate {
    () => {
        "r.estimated_cents > 0 \
         AND r.direct_cents + r.resource_cents + r.labour_cents > r.estimated_cents"
    };
}

/// Whether the task row `r` is over its estimate: it has one, and its costs exceed it.
pub(crate) const OVER_ESTIMATE: &str = over_estimate!();

/// How far the task row `r` is over its estimate (negative within it).
pub(crate) const OVERRUN: &str =
    "r.direct_cents + r.resource_cents + r.labour_cents - r.estimated_cents";

/// The columns of `board_totals` beside `board_id`, each with what one task row `r` adds to it.
pub fn board_sums() -> [(&'static str, &'static str); 12] {
    [
        ("tasks", "1"),
        ("done_tasks", "r.done"),
        (
            "over_tasks",
            concat!("CASE WHEN ", over_estimate!(), " THEN 1 ELSE 0 END"),
        ),
        ("estimated_cents", "r.estimated_cents"),
        ("estimated_centihours", "r.estimated_centihours"),
        ("earned_cent_percent", "r.estimated_cents * r.progress"),
        ("direct_cents", "r.direct_cents"),
        ("direct_billable_cents", "r.direct_billable_cents"),
        ("resource_cents", "r.resource_cents"),
        ("labour_cents", "r.labour_cents"),
        ("labour_billable_cents", "r.labour_billable_cents"),
        ("centihours", "r.centihours"),
    ]
}

/// 1 for a done task, else 0, of the task row `row`.
pub(crate) fn done_of(row: &str) -> String {
    format!(
        "CASE WHEN {row}.status = '{}' THEN 1 ELSE 0 END",
        TaskStatus::Done.as_str()
    )
}

/// Fills both tables from the data already there (before any of their triggers exist).
pub fn backfill() -> [String; 2] {
    let figures = TASK_FIGURES.join(", ");
    let columns = board_sums().map(|(c, _)| c).join(", ");
    let sums = board_sums().map(|(_, e)| format!("SUM({e})")).join(", ");
    [
        format!(
            "INSERT INTO task_sums (task_id, board_id, {figures}) \
             SELECT t.id, t.board_id, {}, t.progress, \
                    COALESCE(c.estimated_cost_cents, 0), COALESCE(c.estimated_centihours, 0), \
                    COALESCE((SELECT SUM(e.cost_cents) FROM expense e WHERE e.task_id = t.id), 0), \
                    COALESCE((SELECT SUM(e.billable_cents) FROM expense e WHERE e.task_id = t.id), 0), \
                    COALESCE(c.resource_cost_cents, 0), \
                    COALESCE(l.labour_cost_cents, 0), COALESCE(l.billable_cents, 0), \
                    COALESCE(l.centihours, 0) \
             FROM task t \
             LEFT JOIN task_cost c ON c.task_id = t.id \
             LEFT JOIN task_labour l ON l.task_id = t.id",
            done_of("t")
        ),
        format!(
            "INSERT INTO board_totals (board_id, {columns}) \
             SELECT r.board_id, {sums} FROM task_sums r GROUP BY r.board_id"
        ),
    ]
}

/// The sources of a task's figures: what each sets in `task_sums` from a row of its table.
/// (`set` for a row added or changed, `unset` for a row removed; `key` names the task.)
struct Source {
    table: &'static str,
    key: &'static str,
    /// (task_sums column, the source column) added as a running sum, or set outright.
    columns: &'static [(&'static str, &'static str)],
    additive: bool,
}

const TASK_COST: Source = Source {
    table: "task_cost",
    key: "task_id",
    columns: &[
        ("estimated_cents", "estimated_cost_cents"),
        ("estimated_centihours", "estimated_centihours"),
        ("resource_cents", "resource_cost_cents"),
    ],
    additive: false,
};

const EXPENSE: Source = Source {
    table: "expense",
    key: "task_id",
    columns: &[
        ("direct_cents", "cost_cents"),
        ("direct_billable_cents", "billable_cents"),
    ],
    additive: true,
};

/// A task's labour in `task_sums`: (its column, the column of the entries' sums it holds).
pub(crate) const LABOUR: &[(&str, &str)] = &[
    ("labour_cents", "labour_cost_cents"),
    ("labour_billable_cents", "billable_cents"),
    ("centihours", "centihours"),
];

const TASK_LABOUR: Source = Source {
    table: "task_labour",
    key: "task_id",
    columns: LABOUR,
    additive: true,
};

/// `UPDATE task_sums` with the figures of `row` of `source`: added (`sign` "+") or taken out
/// ("-") for a running sum, set (or, `sign` "-", reset to 0) otherwise.
fn apply_row(source: &Source, row: &str, sign: &str) -> String {
    let sets = source
        .columns
        .iter()
        .map(|(sum, column)| match (source.additive, sign) {
            (true, _) => format!("{sum} = {sum} {sign} {row}.{column}"),
            (false, "+") => format!("{sum} = {row}.{column}"),
            (false, _) => format!("{sum} = 0"),
        })
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "UPDATE task_sums SET {sets} WHERE task_id = {row}.{};",
        source.key
    )
}

/// `board_totals` plus the task row `row` (an upsert: a board's first task makes its row).
fn add_to_board(row: &str) -> String {
    let columns = board_sums().map(|(c, _)| c).join(", ");
    let values = board_sums()
        .map(|(_, e)| e.replace("r.", &format!("{row}.")))
        .join(", ");
    let accumulate = board_sums()
        .map(|(c, _)| format!("{c} = board_totals.{c} + excluded.{c}"))
        .join(", ");
    format!(
        "INSERT INTO board_totals (board_id, {columns}) VALUES ({row}.board_id, {values}) \
         ON CONFLICT (board_id) DO UPDATE SET {accumulate};"
    )
}

/// `board_totals` less the task row `row`.
fn take_from_board(row: &str) -> String {
    let take = board_sums()
        .map(|(c, e)| format!("{c} = {c} - ({})", e.replace("r.", &format!("{row}."))))
        .join(", ");
    format!("UPDATE board_totals SET {take} WHERE board_id = {row}.board_id;")
}

/// SQLite: every trigger (its name, then what follows `CREATE TRIGGER name`).
pub fn sqlite_triggers() -> Vec<(String, String)> {
    let figures = "task_id, board_id, done, progress";
    let mut triggers = vec![
        (
            "totals_task_sums_insert".to_owned(),
            format!("AFTER INSERT ON task_sums BEGIN {} END", add_to_board("NEW")),
        ),
        (
            "totals_task_sums_delete".to_owned(),
            format!(
                "AFTER DELETE ON task_sums BEGIN {} END",
                take_from_board("OLD")
            ),
        ),
        (
            "totals_task_sums_update".to_owned(),
            format!(
                "AFTER UPDATE ON task_sums BEGIN {} {} END",
                take_from_board("OLD"),
                add_to_board("NEW")
            ),
        ),
        (
            "totals_task_insert".to_owned(),
            format!(
                "AFTER INSERT ON task BEGIN \
                   INSERT INTO task_sums ({figures}) VALUES (NEW.id, NEW.board_id, {}, NEW.progress); \
                 END",
                done_of("NEW")
            ),
        ),
        (
            "totals_task_update".to_owned(),
            format!(
                "AFTER UPDATE OF board_id, status, progress ON task BEGIN \
                   UPDATE task_sums SET board_id = NEW.board_id, done = {}, progress = NEW.progress \
                   WHERE task_id = NEW.id; \
                 END",
                done_of("NEW")
            ),
        ),
        (
            "totals_task_delete".to_owned(),
            "AFTER DELETE ON task BEGIN DELETE FROM task_sums WHERE task_id = OLD.id; END"
                .to_owned(),
        ),
    ];
    for source in [TASK_COST, EXPENSE, TASK_LABOUR] {
        let table = source.table;
        triggers.push((
            format!("totals_{table}_insert"),
            format!(
                "AFTER INSERT ON {table} BEGIN {} END",
                apply_row(&source, "NEW", "+")
            ),
        ));
        triggers.push((
            format!("totals_{table}_delete"),
            format!(
                "AFTER DELETE ON {table} BEGIN {} END",
                apply_row(&source, "OLD", "-")
            ),
        ));
        let update = if source.additive {
            format!(
                "{} {}",
                apply_row(&source, "OLD", "-"),
                apply_row(&source, "NEW", "+")
            )
        } else {
            apply_row(&source, "NEW", "+")
        };
        triggers.push((
            format!("totals_{table}_update"),
            format!("AFTER UPDATE ON {table} BEGIN {update} END"),
        ));
    }
    triggers
}

/// PostgreSQL: the function of the task trigger, keeping a task's row of `task_sums`.
pub fn postgres_task_function() -> String {
    let figures = "task_id, board_id, done, progress";
    format!(
            "CREATE OR REPLACE FUNCTION totals_task_row() RETURNS TRIGGER LANGUAGE plpgsql AS $$ \
             BEGIN \
               IF TG_OP = 'INSERT' THEN \
                 INSERT INTO task_sums ({figures}) VALUES (NEW.id, NEW.board_id, {done}, NEW.progress); \
               ELSIF TG_OP = 'UPDATE' THEN \
                 UPDATE task_sums SET board_id = NEW.board_id, done = {done}, progress = NEW.progress \
                 WHERE task_id = NEW.id; \
               ELSE \
                 DELETE FROM task_sums WHERE task_id = OLD.id; \
               END IF; \
               RETURN NULL; \
             END $$",
            done = done_of("NEW")
        )
}

/// PostgreSQL: the functions adding each statement's change of `task_labour` to `task_sums`,
/// netted per task. A statement that changed no row changes nothing further: an upsert fires
/// the insert and the update triggers both, and an update of no row would still fire the
/// statement triggers of `task_sums` (the board's totals, the groups, the overruns) for nothing.
pub fn postgres_labour_functions() -> [String; 3] {
    let labour = |name: &str, changed: &str, delta: &str| {
        let sets = TASK_LABOUR
            .columns
            .iter()
            .map(|(sum, column)| format!("{sum} = s.{sum} + d.{column}"))
            .collect::<Vec<_>>()
            .join(", ");
        let sums = TASK_LABOUR
            .columns
            .iter()
            .map(|(_, column)| format!("SUM({column}) AS {column}"))
            .collect::<Vec<_>>()
            .join(", ");
        format!(
            "CREATE OR REPLACE FUNCTION {name}() RETURNS TRIGGER LANGUAGE plpgsql AS $$ \
             BEGIN \
               IF EXISTS (SELECT FROM {changed}) THEN \
                 UPDATE task_sums s SET {sets} \
                   FROM (SELECT task_id, {sums} FROM ({delta}) x GROUP BY task_id) d \
                   WHERE s.task_id = d.task_id; \
               END IF; \
               RETURN NULL; \
             END $$"
        )
    };
    let columns = TASK_LABOUR
        .columns
        .iter()
        .map(|(_, c)| *c)
        .collect::<Vec<_>>();
    let plain = columns.join(", ");
    let negated = columns
        .iter()
        .map(|c| format!("-{c} AS {c}"))
        .collect::<Vec<_>>()
        .join(", ");
    [
        labour(
            "totals_task_labour_added",
            "added",
            &format!("SELECT task_id, {plain} FROM added"),
        ),
        labour(
            "totals_task_labour_changed",
            "after_change",
            &format!(
                "SELECT task_id, {plain} FROM after_change \
                 UNION ALL SELECT task_id, {negated} FROM before_change"
            ),
        ),
        labour(
            "totals_task_labour_removed",
            "removed",
            &format!("SELECT task_id, {negated} FROM removed"),
        ),
    ]
}

/// PostgreSQL: the statement triggers `{name}_added`, `{name}_changed` and `{name}_removed` on
/// `table`, each running the function of its own name with the statement's rows as transition
/// tables: `added`; `before_change` and `after_change`; `removed`.
pub fn statement_triggers(table: &str, name: &str) -> [String; 3] {
    [
        ("added", "INSERT", "NEW TABLE AS added"),
        (
            "changed",
            "UPDATE",
            "OLD TABLE AS before_change NEW TABLE AS after_change",
        ),
        ("removed", "DELETE", "OLD TABLE AS removed"),
    ]
    .map(|(kind, event, tables)| {
        format!(
            "CREATE TRIGGER {name}_{kind} AFTER {event} ON {table} REFERENCING {tables} \
             FOR EACH STATEMENT EXECUTE FUNCTION {name}_{kind}()"
        )
    })
}

/// PostgreSQL: what undoes [`statement_triggers`], the functions they run included.
pub fn drop_statement_triggers(table: &str, name: &str) -> Vec<String> {
    let kinds = ["added", "changed", "removed"];
    let triggers = kinds.map(|kind| format!("DROP TRIGGER IF EXISTS {name}_{kind} ON {table}"));
    let functions = kinds.map(|kind| format!("DROP FUNCTION IF EXISTS {name}_{kind}()"));
    triggers.into_iter().chain(functions).collect()
}

/// PostgreSQL: the functions, then the triggers that run them.
pub fn postgres_statements() -> Vec<String> {
    let mut statements = vec![
        // Task rows: per row, as the revision trigger of tasks.
        postgres_task_function(),
        format!(
            "CREATE OR REPLACE FUNCTION totals_task_cost_row() RETURNS TRIGGER LANGUAGE plpgsql AS $$ \
             BEGIN \
               IF TG_OP = 'DELETE' THEN {} ELSE {} END IF; \
               RETURN NULL; \
             END $$",
            apply_row(&TASK_COST, "OLD", "-"),
            apply_row(&TASK_COST, "NEW", "+")
        ),
        format!(
            "CREATE OR REPLACE FUNCTION totals_expense_row() RETURNS TRIGGER LANGUAGE plpgsql AS $$ \
             BEGIN \
               IF TG_OP <> 'INSERT' THEN {} END IF; \
               IF TG_OP <> 'DELETE' THEN {} END IF; \
               RETURN NULL; \
             END $$",
            apply_row(&EXPENSE, "OLD", "-"),
            apply_row(&EXPENSE, "NEW", "+")
        ),
    ];
    statements.extend(postgres_labour_functions());
    // The task rows per board: per statement, netted per board.
    let sums = board_sums();
    let columns = sums.map(|(c, _)| c).join(", ");
    let positive = sums.map(|(c, e)| format!("{e} AS {c}")).join(", ");
    let negative = sums.map(|(c, e)| format!("-({e}) AS {c}")).join(", ");
    let totals = sums.map(|(c, _)| format!("SUM({c})")).join(", ");
    let accumulate = sums
        .map(|(c, _)| format!("{c} = board_totals.{c} + excluded.{c}"))
        .join(", ");
    let upsert = |name: &str, delta: &str| {
        format!(
            "CREATE OR REPLACE FUNCTION {name}() RETURNS TRIGGER LANGUAGE plpgsql AS $$ \
             BEGIN \
               INSERT INTO board_totals (board_id, {columns}) \
                 SELECT board_id, {totals} FROM ({delta}) d GROUP BY board_id \
                 ON CONFLICT (board_id) DO UPDATE SET {accumulate}; \
               RETURN NULL; \
             END $$"
        )
    };
    statements.push(upsert(
        "totals_task_sums_added",
        &format!("SELECT r.board_id, {positive} FROM added r"),
    ));
    statements.push(upsert(
        "totals_task_sums_changed",
        &format!(
            "SELECT r.board_id, {positive} FROM after_change r \
             UNION ALL SELECT r.board_id, {negative} FROM before_change r"
        ),
    ));
    // Removal subtracts with an UPDATE: a board being deleted has lost its row already.
    let take = sums.map(|(c, _)| format!("{c} = b.{c} - d.{c}")).join(", ");
    let named = sums.map(|(c, _)| format!("SUM({c}) AS {c}")).join(", ");
    statements.push(format!(
        "CREATE OR REPLACE FUNCTION totals_task_sums_removed() RETURNS TRIGGER LANGUAGE plpgsql AS $$ \
         BEGIN \
           UPDATE board_totals b SET {take} \
             FROM (SELECT board_id, {named} FROM (SELECT r.board_id, {positive} FROM removed r) x \
                   GROUP BY board_id) d \
             WHERE b.board_id = d.board_id; \
           RETURN NULL; \
         END $$"
    ));
    statements.extend(postgres_triggers());
    statements
}

/// PostgreSQL: the task trigger.
pub const POSTGRES_TASK_TRIGGER: &str =
    "CREATE TRIGGER totals_task AFTER INSERT OR UPDATE OF board_id, status, progress OR DELETE \
     ON task FOR EACH ROW EXECUTE FUNCTION totals_task_row()";

/// PostgreSQL: the row triggers, each as (its table, its name, what makes it).
const POSTGRES_ROW_TRIGGERS: [(&str, &str, &str); 3] = [
    ("task", "totals_task", POSTGRES_TASK_TRIGGER),
    (
        "task_cost",
        "totals_task_cost",
        "CREATE TRIGGER totals_task_cost AFTER INSERT OR UPDATE OR DELETE ON task_cost \
         FOR EACH ROW EXECUTE FUNCTION totals_task_cost_row()",
    ),
    (
        "expense",
        "totals_expense",
        "CREATE TRIGGER totals_expense AFTER INSERT OR UPDATE OR DELETE ON expense \
         FOR EACH ROW EXECUTE FUNCTION totals_expense_row()",
    ),
];

/// PostgreSQL: the tables applied per statement, each with the name of its triggers (see
/// [`statement_triggers`]).
const POSTGRES_STATEMENT_TRIGGERS: [(&str, &str); 2] = [
    ("task_labour", "totals_task_labour"),
    ("task_sums", "totals_task_sums"),
];

/// PostgreSQL: every trigger, after the functions they run.
fn postgres_triggers() -> Vec<String> {
    let rows = POSTGRES_ROW_TRIGGERS.map(|(_, _, trigger)| trigger.to_owned());
    let statements = POSTGRES_STATEMENT_TRIGGERS
        .into_iter()
        .flat_map(|(table, name)| statement_triggers(table, name));
    rows.into_iter().chain(statements).collect()
}

/// PostgreSQL: what undoes [`postgres_statements`].
pub fn postgres_drop() -> Vec<String> {
    let rows = POSTGRES_ROW_TRIGGERS
        .map(|(table, name, _)| format!("DROP TRIGGER IF EXISTS {name} ON {table}"));
    let statements = POSTGRES_STATEMENT_TRIGGERS
        .into_iter()
        .flat_map(|(table, name)| drop_statement_triggers(table, name));
    rows.into_iter().chain(statements).collect()
}

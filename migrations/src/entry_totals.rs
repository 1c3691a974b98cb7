//! The triggers that keep the running totals of time entries — per task (in `task_labour` at
//! first, then in each task's row of `task_sums`), per board-day (`board_day_labour`) and, from
//! the person totals on, per board and person (`board_person_labour`) — for a given set of
//! summed columns: each column of an entry is added to every total on insert, taken out on
//! delete, and both on update. Every migration that sums another column of entries, or keeps
//! another total, builds its triggers here.

/// A running total of entries: its table, the entry columns that name one of its rows (its
/// unique key), and the columns it carries along (the board of a task).
pub struct Total {
    pub table: &'static str,
    pub key: &'static [&'static str],
    pub carried: &'static [&'static str],
    /// Its own name for an entry column, where the two differ: (its column, the entry column).
    pub renamed: &'static [(&'static str, &'static str)],
    /// Its rows exist before any entry (a task's row of `task_sums` is made with the task):
    /// entries update them and never add one.
    pub updated_only: bool,
}

pub const PER_TASK: Total = Total {
    table: "task_labour",
    key: &["task_id"],
    carried: &["board_id"],
    renamed: &[],
    updated_only: false,
};

/// Each task's labour, hours and billable amount in its row of `task_sums`, beside its other
/// figures.
pub const PER_TASK_SUMS: Total = Total {
    table: "task_sums",
    key: &["task_id"],
    carried: &[],
    renamed: crate::board_totals::LABOUR,
    updated_only: true,
};

pub const PER_DAY: Total = Total {
    table: "board_day_labour",
    key: &["board_id", "work_date"],
    carried: &[],
    renamed: &[],
    updated_only: false,
};

pub const PER_PERSON: Total = Total {
    table: "board_person_labour",
    key: &["board_id", "user_id"],
    carried: &[],
    renamed: &[],
    updated_only: false,
};

/// The totals kept before the person totals.
pub const TASK_AND_DAY: [Total; 2] = [PER_TASK, PER_DAY];

impl Total {
    /// Its key and carried columns.
    fn named(&self) -> Vec<&'static str> {
        self.key.iter().chain(self.carried).copied().collect()
    }

    /// Its column holding the sum of the entry column `column`.
    fn column<'a>(&self, column: &'a str) -> &'a str {
        self.renamed
            .iter()
            .find(|(_, entry)| *entry == column)
            .map_or(column, |(own, _)| own)
    }

    /// `c = c {sign} {row}.e` for every entry column `e` and its own column `c` (`c` read from
    /// `table.` where given).
    fn moved(&self, columns: &[&str], sign: &str, table: &str, row: &str) -> String {
        columns
            .iter()
            .map(|&c| {
                let own = self.column(c);
                format!("{own} = {table}{own} {sign} {row}.{c}")
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// SQLite: its row of the entry `row` with the entry's columns added (`sign` "+") or taken
    /// out ("-").
    fn sqlite_update(&self, columns: &[&str], sign: &str, row: &str) -> String {
        format!(
            " UPDATE {} SET {} WHERE {};",
            self.table,
            self.moved(columns, sign, "", row),
            self.matching("", row)
        )
    }

    /// `k = {row}.k` for every column of its key, joined by AND (`k` read from `table.`).
    fn matching(&self, table: &str, row: &str) -> String {
        self.key
            .iter()
            .map(|k| format!("{table}{k} = {row}.{k}"))
            .collect::<Vec<_>>()
            .join(" AND ")
    }
}

/// The time-entry triggers made to keep `totals`, summing `columns`. SQLite does not replace a
/// trigger in place: the ones named `from` (keeping `before`) are dropped and ones named `to`
/// made. PostgreSQL's triggers stay and their functions are made again.
pub fn replace_entry_triggers(
    backend: sea_orm_migration::sea_orm::DbBackend,
    before: &[Total],
    from: &str,
    totals: &[Total],
    to: &str,
    columns: &[&str],
) -> Vec<String> {
    if backend == sea_orm_migration::sea_orm::DbBackend::Postgres {
        return postgres_entry_functions_of(totals, columns);
    }
    let dropped = sqlite_entry_triggers_of(before, from, columns)
        .into_iter()
        .map(|(name, _)| format!("DROP TRIGGER IF EXISTS {name}"));
    let created = sqlite_entry_triggers_of(totals, to, columns)
        .into_iter()
        .map(|(name, body)| format!("CREATE TRIGGER {name} {body}"));
    dropped.chain(created).collect()
}

/// SQLite: the three time-entry triggers (`{prefix}_insert`, `_delete`, `_update`; each the name
/// and what follows `CREATE TRIGGER name`) keeping the task and day totals.
pub fn sqlite_entry_triggers(prefix: &str, columns: &[&str]) -> Vec<(String, String)> {
    sqlite_entry_triggers_of(&TASK_AND_DAY, prefix, columns)
}

/// SQLite: the three time-entry triggers keeping `totals`. Each first raises the board's data
/// revision.
pub fn sqlite_entry_triggers_of(
    totals: &[Total],
    prefix: &str,
    columns: &[&str],
) -> Vec<(String, String)> {
    let bump = |boards: &str| {
        format!("UPDATE board_revision SET version = version + 1 WHERE board_id {boards};")
    };
    [
        (
            "insert",
            "INSERT",
            bump("= NEW.board_id") + &sqlite_add(totals, columns, "NEW"),
        ),
        (
            "delete",
            "DELETE",
            bump("= OLD.board_id") + &sqlite_subtract(totals, columns, "OLD"),
        ),
        (
            "update",
            "UPDATE",
            bump("IN (OLD.board_id, NEW.board_id)")
                + &sqlite_subtract(totals, columns, "OLD")
                + &sqlite_add(totals, columns, "NEW"),
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

/// SQLite: adds the entry `row` to each of its totals.
fn sqlite_add(totals: &[Total], columns: &[&str], row: &str) -> String {
    totals
        .iter()
        .map(|total| {
            if total.updated_only {
                return total.sqlite_update(columns, "+", row);
            }
            let named: Vec<&str> = total
                .named()
                .into_iter()
                .chain(columns.iter().copied())
                .collect();
            let values = named
                .iter()
                .map(|c| format!("{row}.{c}"))
                .collect::<Vec<_>>()
                .join(", ");
            format!(
                " INSERT INTO {table} ({names}) VALUES ({values}) \
                   ON CONFLICT ({key}) DO UPDATE SET {};",
                accumulate(columns, total.table),
                table = total.table,
                names = named.join(", "),
                key = total.key.join(", "),
            )
        })
        .collect()
}

/// SQLite: takes the entry `row` out of each of its totals.
fn sqlite_subtract(totals: &[Total], columns: &[&str], row: &str) -> String {
    totals
        .iter()
        .map(|total| total.sqlite_update(columns, "-", row))
        .collect()
}

/// PostgreSQL: the three statement-trigger functions the time-entry triggers execute
/// (`time_entries_added`, `time_entries_changed`, `time_entries_removed`), created or replaced,
/// keeping the task and day totals.
pub fn postgres_entry_functions(columns: &[&str]) -> Vec<String> {
    postgres_entry_functions_of(&TASK_AND_DAY, columns)
}

/// PostgreSQL: the three statement-trigger functions keeping `totals`.
pub fn postgres_entry_functions_of(totals: &[Total], columns: &[&str]) -> Vec<String> {
    let mut named: Vec<&str> = Vec::new();
    for total in totals {
        for column in total.named() {
            if !named.contains(&column) {
                named.push(column);
            }
        }
    }
    let named = named.join(", ");
    let names = columns.join(", ");
    let negated = columns
        .iter()
        .map(|c| format!("-{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    let added = delta_function(
        totals,
        columns,
        "time_entries_added",
        "SELECT board_id FROM added",
        &format!("SELECT {named}, {names} FROM added"),
    );
    // An update is its new rows added and its old rows taken away, netted per total's row (an
    // entry moved to another day leaves one day and joins the other).
    let changed = delta_function(
        totals,
        columns,
        "time_entries_changed",
        "SELECT board_id FROM before_change UNION SELECT board_id FROM after_change",
        &format!(
            "SELECT {named}, {names} FROM after_change \
             UNION ALL \
             SELECT {named}, {negated} FROM before_change"
        ),
    );
    vec![added, changed, removed_function(totals, columns)]
}

/// A statement-trigger function that raises the revision of the boards `boards` selects, then
/// adds the rows `delta` selects (every total's key and carried columns, and the columns) to the
/// totals, summed per row of each total in one upsert each. The revision comes first, as in
/// every trigger: concurrent writers of one board then queue on that one row before touching the
/// totals rows, in the same order, and cannot deadlock.
fn delta_function(
    totals: &[Total],
    columns: &[&str],
    name: &str,
    boards: &str,
    delta: &str,
) -> String {
    let sums = columns
        .iter()
        .map(|c| format!("SUM({c})"))
        .collect::<Vec<_>>()
        .join(", ");
    let upserts: String = totals
        .iter()
        .map(|total| {
            if total.updated_only {
                return update_from(total, columns, "+", &format!("({delta}) delta"));
            }
            let key = total.key.join(", ");
            let carried: String = total
                .carried
                .iter()
                .map(|c| format!("MIN({c}), "))
                .collect();
            let carried_names: String = total.carried.iter().map(|c| format!("{c}, ")).collect();
            let own: Vec<&str> = columns.iter().map(|c| total.column(c)).collect();
            format!(
                "INSERT INTO {table} ({key}, {carried_names}{names}) \
                   SELECT {key}, {carried}{sums} FROM ({delta}) delta \
                   GROUP BY {key} \
                   ON CONFLICT ({key}) DO UPDATE SET {}; ",
                accumulate(&own, total.table),
                table = total.table,
                names = own.join(", "),
            )
        })
        .collect();
    format!(
        "CREATE OR REPLACE FUNCTION {name}() RETURNS TRIGGER LANGUAGE plpgsql AS $$ \
         BEGIN \
           UPDATE board_revision SET version = version + 1 WHERE board_id IN ({boards}); \
           {upserts}\
           RETURN NULL; \
         END $$"
    )
}

/// `UPDATE` of the rows of `total` that the entries of `source` name: their sums per row of
/// the total added to it (`sign` "+") or taken out ("-"). A row that is not there is left out.
fn update_from(total: &Total, columns: &[&str], sign: &str, source: &str) -> String {
    let key = total.key.join(", ");
    let sums = columns
        .iter()
        .map(|c| format!("SUM({c}) AS {c}"))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "UPDATE {table} t SET {moved} \
           FROM (SELECT {key}, {sums} FROM {source} GROUP BY {key}) r \
           WHERE {matching}; ",
        table = total.table,
        moved = total.moved(columns, sign, "t.", "r"),
        matching = total.matching("t.", "r"),
    )
}

/// Removal subtracts with UPDATEs, not upserts: when a task is deleted, its totals row may go
/// (cascade) before its entries do, and an upsert would then try to recreate it.
fn removed_function(totals: &[Total], columns: &[&str]) -> String {
    let updates: String = totals
        .iter()
        .map(|total| update_from(total, columns, "-", "removed"))
        .collect();
    format!(
        "CREATE OR REPLACE FUNCTION time_entries_removed() RETURNS TRIGGER LANGUAGE plpgsql AS $$ \
         BEGIN \
           UPDATE board_revision SET version = version + 1 \
             WHERE board_id IN (SELECT board_id FROM removed); \
           {updates}\
           RETURN NULL; \
         END $$"
    )
}

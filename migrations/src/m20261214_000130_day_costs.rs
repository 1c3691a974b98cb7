//! A board's direct and resource costs summed by the day they were incurred
//! (`board_day_costs`), beside its labour by work date (`board_day_labour`). What a board spent
//! on a day, before a day, within the burn window or in a month then reads one row a day with
//! spending, not every expense of the board and every task with a dated resource cost.
//!
//! A row holds, for one board and day, the cost and the billable amount of the expenses
//! incurred that day and the resource costs incurred that day (a task's resource cost and its
//! day are on its row of `task_sums`; one without a day belongs to no day). Triggers keep it in
//! the transaction of every write: an expense or a task's resource cost is added to its day as
//! it is recorded, taken out as it is deleted, and both as its amount, day or board changes. A
//! day's first cost makes its row (an upsert); a day whose costs all went keeps its row at zero.
//!
//! Time entries change neither source: on PostgreSQL the triggers on `task_sums` fire only for
//! updates that name its resource cost, its day or its board, and skip rows whose figures did
//! not move; entries update a task's labour alone. The index of `task_sums` over the dated
//! resource costs, which the readers used before, goes.

use sea_orm::{ConnectionTrait, DbBackend};
use sea_orm_migration::prelude::*;

use crate::resource_days;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A table whose rows add to their board's day: the column naming the day (a row without one
/// adds to no day), and (`board_day_costs` column, its column) for each figure.
struct Source {
    table: &'static str,
    /// The name of its triggers and, on PostgreSQL, of their function.
    triggers: &'static str,
    day: &'static str,
    figures: &'static [(&'static str, &'static str)],
}

const EXPENSES: Source = Source {
    table: "expense",
    triggers: "day_costs_expense",
    day: "incurred_on",
    figures: &[
        ("direct_cents", "cost_cents"),
        ("direct_billable_cents", "billable_cents"),
    ],
};

const RESOURCES: Source = Source {
    table: "task_sums",
    triggers: "day_costs_task_sums",
    day: "resource_incurred_on",
    figures: &[("resource_cents", "resource_cents")],
};

const SOURCES: [Source; 2] = [EXPENSES, RESOURCES];

/// Every figure of `board_day_costs`.
const FIGURES: [&str; 3] = ["direct_cents", "direct_billable_cents", "resource_cents"];

fn create_table(backend: DbBackend) -> String {
    let figures = FIGURES
        .map(|c| format!("{c} BIGINT NOT NULL DEFAULT 0"))
        .join(", ");
    format!(
        "CREATE TABLE board_day_costs ( \
           board_id BIGINT NOT NULL REFERENCES board (id) ON DELETE CASCADE, \
           day {date} NOT NULL, {figures}, \
           PRIMARY KEY (board_id, day))",
        date = resource_days::date_type(backend)
    )
}

impl Source {
    /// Its columns whose change moves its figures: the board, the day and the figures.
    fn watched(&self) -> Vec<&'static str> {
        ["board_id", self.day]
            .into_iter()
            .chain(self.figures.iter().map(|(_, column)| *column))
            .collect()
    }

    /// Its row `row`'s figures as `board_day_costs` rows (by their column names), with a zero
    /// for the figures it does not hold.
    fn as_day_costs(&self, row: &str) -> String {
        let figures = FIGURES.map(|figure| {
            let value = self
                .figures
                .iter()
                .find(|(own, _)| *own == figure)
                .map_or("0".to_owned(), |(_, column)| format!("{row}.{column}"));
            format!("{value} AS {figure}")
        });
        format!(
            "{row}.board_id AS board_id, {row}.{day} AS day, {figures}",
            day = self.day,
            figures = figures.join(", ")
        )
    }

    /// Its row `row` added to its day (an upsert), when it has one.
    fn add(&self, row: &str) -> String {
        let accumulate = FIGURES
            .map(|c| format!("{c} = board_day_costs.{c} + excluded.{c}"))
            .join(", ");
        format!(
            "INSERT INTO board_day_costs (board_id, day, {figures}) \
             SELECT {values} WHERE {row}.{day} IS NOT NULL \
             ON CONFLICT (board_id, day) DO UPDATE SET {accumulate};",
            figures = FIGURES.join(", "),
            values = self.as_day_costs(row),
            day = self.day
        )
    }

    /// Its row `row` taken out of its day (a day of a board being deleted may be gone already).
    fn take_out(&self, row: &str) -> String {
        let take = self
            .figures
            .iter()
            .map(|(own, column)| format!("{own} = {own} - {row}.{column}"))
            .collect::<Vec<_>>()
            .join(", ");
        format!(
            "UPDATE board_day_costs SET {take} \
             WHERE board_id = {row}.board_id AND day = {row}.{day};",
            day = self.day
        )
    }

    /// Whether any watched column differs between `OLD` and `NEW`, `differs` being the engine's
    /// null-safe inequality.
    fn moved(&self, differs: &str) -> String {
        self.watched()
            .iter()
            .map(|c| format!("OLD.{c} {differs} NEW.{c}"))
            .collect::<Vec<_>>()
            .join(" OR ")
    }

    /// SQLite: its three triggers (each its name, then what follows `CREATE TRIGGER name`).
    fn sqlite_triggers(&self) -> [(String, String); 3] {
        let (table, name, day) = (self.table, self.triggers, self.day);
        [
            (
                format!("{name}_insert"),
                format!(
                    "AFTER INSERT ON {table} WHEN NEW.{day} IS NOT NULL BEGIN {} END",
                    self.add("NEW")
                ),
            ),
            (
                format!("{name}_update"),
                format!(
                    "AFTER UPDATE OF {watched} ON {table} WHEN {moved} BEGIN {} {} END",
                    self.take_out("OLD"),
                    self.add("NEW"),
                    watched = self.watched().join(", "),
                    moved = self.moved("IS NOT"),
                ),
            ),
            (
                format!("{name}_delete"),
                format!(
                    "AFTER DELETE ON {table} WHEN OLD.{day} IS NOT NULL BEGIN {} END",
                    self.take_out("OLD")
                ),
            ),
        ]
    }

    /// PostgreSQL: its function, then its three row triggers.
    fn postgres_statements(&self) -> [String; 4] {
        let (table, name, day) = (self.table, self.triggers, self.day);
        let trigger = |event: &str, when: &str| {
            format!(
                "CREATE TRIGGER {name}_{suffix} AFTER {event} ON {table} FOR EACH ROW \
                 WHEN ({when}) EXECUTE FUNCTION {name}_row()",
                suffix = event
                    .split_whitespace()
                    .next()
                    .unwrap_or(event)
                    .to_lowercase()
            )
        };
        [
            format!(
                "CREATE OR REPLACE FUNCTION {name}_row() RETURNS TRIGGER LANGUAGE plpgsql AS $$ \
                 BEGIN \
                   IF TG_OP <> 'INSERT' THEN {} END IF; \
                   IF TG_OP <> 'DELETE' THEN {} END IF; \
                   RETURN NULL; \
                 END $$",
                self.take_out("OLD"),
                self.add("NEW")
            ),
            trigger("INSERT", &format!("NEW.{day} IS NOT NULL")),
            trigger(
                &format!("UPDATE OF {}", self.watched().join(", ")),
                &self.moved("IS DISTINCT FROM"),
            ),
            trigger("DELETE", &format!("OLD.{day} IS NOT NULL")),
        ]
    }

    /// PostgreSQL: what undoes [`Source::postgres_statements`].
    fn postgres_drop(&self) -> Vec<String> {
        let (table, name) = (self.table, self.triggers);
        ["insert", "update", "delete"]
            .map(|event| format!("DROP TRIGGER IF EXISTS {name}_{event} ON {table}"))
            .into_iter()
            .chain([format!("DROP FUNCTION IF EXISTS {name}_row()")])
            .collect()
    }
}

/// Each board's costs by day from the expenses and the resource costs as they stand (before
/// any of the triggers exist).
fn backfill() -> String {
    let sources = SOURCES
        .iter()
        .map(|source| {
            format!(
                "SELECT {} FROM {table} r WHERE r.{day} IS NOT NULL",
                source.as_day_costs("r"),
                table = source.table,
                day = source.day
            )
        })
        .collect::<Vec<_>>()
        .join(" UNION ALL ");
    let sums = FIGURES.map(|c| format!("SUM(s.{c})")).join(", ");
    format!(
        "INSERT INTO board_day_costs (board_id, day, {figures}) \
         SELECT s.board_id, s.day, {sums} FROM ({sources}) s GROUP BY s.board_id, s.day",
        figures = FIGURES.join(", ")
    )
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        let mut statements = vec![create_table(backend), backfill()];
        for source in &SOURCES {
            match backend {
                DbBackend::Postgres => statements.extend(source.postgres_statements()),
                _ => statements.extend(
                    source
                        .sqlite_triggers()
                        .map(|(name, body)| format!("CREATE TRIGGER {name} {body}")),
                ),
            }
        }
        statements.push("DROP INDEX ix_task_sums_resource_day".to_owned());
        let db = manager.get_connection();
        for statement in statements {
            db.execute_unprepared(&statement).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        let mut statements = vec![resource_days::INDEX.to_owned()];
        for source in &SOURCES {
            match backend {
                DbBackend::Postgres => statements.extend(source.postgres_drop()),
                _ => statements.extend(
                    source
                        .sqlite_triggers()
                        .map(|(name, _)| format!("DROP TRIGGER IF EXISTS {name}")),
                ),
            }
        }
        statements.push("DROP TABLE board_day_costs".to_owned());
        let db = manager.get_connection();
        for statement in statements {
            db.execute_unprepared(&statement).await?;
        }
        Ok(())
    }
}

//! The triggers that keep a board's costs other than labour summed by one key — by the day
//! incurred (`board_day_costs`), by the person who recorded them (`board_person_costs`) — from
//! the rows that carry them (expenses; each task's resource cost on its row of `task_sums`).
//!
//! A source row is added to its key's row as it is recorded (an upsert: a key's first cost
//! makes its row), taken out as it is deleted, and both as its figures, its key or its board
//! change. A row without a key (a resource cost without a day) adds to none, unless the total
//! names a key for it. A key whose costs all went keeps its row at zero.
//!
//! SQLite and PostgreSQL both run row triggers: these sources change a row at a time. On
//! PostgreSQL an update fires them only when it names one of the columns they read, and only
//! for rows where one of those moved, so the many updates of a task's labour never do.

use sea_orm_migration::sea_orm::DbBackend;

/// A total of costs per board and key: its table, its key column, and its summed columns.
pub struct Total {
    pub table: &'static str,
    pub key: &'static str,
    pub figures: &'static [&'static str],
}

/// A table whose rows add to a [`Total`].
pub struct Source {
    pub table: &'static str,
    /// The name of its triggers and, on PostgreSQL, of their function.
    pub triggers: &'static str,
    /// Its column naming the total's key.
    pub key: &'static str,
    /// The key its rows without one add to, if any (otherwise they add to nothing).
    pub keyless: Option<&'static str>,
    /// (the total's column, what one row `r` adds to it: one of its columns, `r.column`, or a
    /// constant); figures not named add 0.
    pub figures: &'static [(&'static str, &'static str)],
}

impl Total {
    /// What follows `CREATE TABLE`, its key typed `key_type`.
    fn create(&self, key_type: &str) -> String {
        let figures = self
            .figures
            .iter()
            .map(|c| format!("{c} BIGINT NOT NULL DEFAULT 0"))
            .collect::<Vec<_>>()
            .join(", ");
        format!(
            "CREATE TABLE {table} ( \
               board_id BIGINT NOT NULL REFERENCES board (id) ON DELETE CASCADE, \
               {key} {key_type} NOT NULL, {figures}, \
               PRIMARY KEY (board_id, {key}))",
            table = self.table,
            key = self.key
        )
    }

    /// Its rows summed from `sources` as they stand (before any of their triggers exist).
    fn backfill(&self, sources: &[Source]) -> String {
        let rows = sources
            .iter()
            .map(|source| {
                let counted = source
                    .counted("r")
                    .map_or(String::new(), |c| format!(" WHERE {c}"));
                format!(
                    "SELECT {} FROM {table} r{counted}",
                    source.as_total(self, "r"),
                    table = source.table
                )
            })
            .collect::<Vec<_>>()
            .join(" UNION ALL ");
        let sums = self
            .figures
            .iter()
            .map(|c| format!("SUM(s.{c})"))
            .collect::<Vec<_>>()
            .join(", ");
        format!(
            "INSERT INTO {table} (board_id, {key}, {figures}) \
             SELECT s.board_id, s.{key}, {sums} FROM ({rows}) s GROUP BY s.board_id, s.{key}",
            table = self.table,
            key = self.key,
            figures = self.figures.join(", ")
        )
    }
}

impl Total {
    /// What makes it on `backend`, its key typed `key_type`: the table, its rows from `sources`
    /// as they stand, then the triggers keeping it from each.
    pub fn make(&self, backend: DbBackend, key_type: &str, sources: &[Source]) -> Vec<String> {
        let mut statements = vec![self.create(key_type), self.backfill(sources)];
        for source in sources {
            statements.extend(source.create(backend, self));
        }
        statements
    }

    /// What undoes [`Total::make`].
    pub fn unmake(&self, backend: DbBackend, sources: &[Source]) -> Vec<String> {
        let mut statements: Vec<String> = sources
            .iter()
            .flat_map(|source| source.remove(backend, self))
            .collect();
        statements.push(format!("DROP TABLE {}", self.table));
        statements
    }
}

impl Source {
    /// `expression` of one row `r` written for the row `row`.
    fn of(expression: &str, row: &str) -> String {
        expression.replace("r.", &format!("{row}."))
    }

    /// The key the row `row` adds to.
    fn key_of(&self, row: &str) -> String {
        match self.keyless {
            Some(key) => format!("COALESCE({row}.{}, {key})", self.key),
            None => format!("{row}.{}", self.key),
        }
    }

    /// When the row `row` adds to the total, if not always.
    fn counted(&self, row: &str) -> Option<String> {
        match self.keyless {
            Some(_) => None,
            None => Some(format!("{row}.{} IS NOT NULL", self.key)),
        }
    }

    /// Its columns whose change moves what it adds: the board, the key and the figures' columns.
    fn watched(&self) -> Vec<&'static str> {
        let columns = self
            .figures
            .iter()
            .filter_map(|(_, expression)| expression.strip_prefix("r."));
        ["board_id", self.key].into_iter().chain(columns).collect()
    }

    /// The row `row` as a row of `total` (by its column names), 0 for figures it does not add.
    fn as_total(&self, total: &Total, row: &str) -> String {
        let figures = total.figures.iter().map(|figure| {
            let value = self
                .figures
                .iter()
                .find(|(own, _)| own == figure)
                .map_or("0".to_owned(), |(_, expression)| Self::of(expression, row));
            format!("{value} AS {figure}")
        });
        [
            format!("{row}.board_id AS board_id"),
            format!("{} AS {}", self.key_of(row), total.key),
        ]
        .into_iter()
        .chain(figures)
        .collect::<Vec<_>>()
        .join(", ")
    }

    /// The row `row` added to `total` (an upsert), when it counts.
    fn add(&self, total: &Total, row: &str) -> String {
        let accumulate = total
            .figures
            .iter()
            .map(|c| format!("{c} = {table}.{c} + excluded.{c}", table = total.table))
            .collect::<Vec<_>>()
            .join(", ");
        format!(
            "INSERT INTO {table} (board_id, {key}, {figures}) SELECT {values} WHERE {counted} \
             ON CONFLICT (board_id, {key}) DO UPDATE SET {accumulate};",
            table = total.table,
            key = total.key,
            figures = total.figures.join(", "),
            values = self.as_total(total, row),
            counted = self.counted(row).unwrap_or_else(|| "TRUE".to_owned())
        )
    }

    /// The row `row` taken out of `total` (a key of a board being deleted may be gone already).
    fn take_out(&self, total: &Total, row: &str) -> String {
        let take = self
            .figures
            .iter()
            .map(|(own, expression)| format!("{own} = {own} - {}", Self::of(expression, row)))
            .collect::<Vec<_>>()
            .join(", ");
        format!(
            "UPDATE {table} SET {take} WHERE board_id = {row}.board_id AND {key} = {of};",
            table = total.table,
            key = total.key,
            of = self.key_of(row)
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

    /// SQLite: its three triggers keeping `total` (each its name, then what follows
    /// `CREATE TRIGGER name`).
    fn sqlite_triggers(&self, total: &Total) -> [(String, String); 3] {
        let (table, name) = (self.table, self.triggers);
        let when = |row: &str| {
            self.counted(row)
                .map_or(String::new(), |c| format!(" WHEN {c}"))
        };
        [
            (
                format!("{name}_insert"),
                format!(
                    "AFTER INSERT ON {table}{} BEGIN {} END",
                    when("NEW"),
                    self.add(total, "NEW")
                ),
            ),
            (
                format!("{name}_update"),
                format!(
                    "AFTER UPDATE OF {watched} ON {table} WHEN {moved} BEGIN {} {} END",
                    self.take_out(total, "OLD"),
                    self.add(total, "NEW"),
                    watched = self.watched().join(", "),
                    moved = self.moved("IS NOT"),
                ),
            ),
            (
                format!("{name}_delete"),
                format!(
                    "AFTER DELETE ON {table}{} BEGIN {} END",
                    when("OLD"),
                    self.take_out(total, "OLD")
                ),
            ),
        ]
    }

    /// PostgreSQL: its function keeping `total`, then its three row triggers.
    fn postgres_statements(&self, total: &Total) -> [String; 4] {
        let (table, name) = (self.table, self.triggers);
        let trigger = |event: &str, suffix: &str, when: Option<String>| {
            let when = when.map_or(String::new(), |w| format!(" WHEN ({w})"));
            format!(
                "CREATE TRIGGER {name}_{suffix} AFTER {event} ON {table} FOR EACH ROW{when} \
                 EXECUTE FUNCTION {name}_row()"
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
                self.take_out(total, "OLD"),
                self.add(total, "NEW")
            ),
            trigger("INSERT", "insert", self.counted("NEW")),
            trigger(
                &format!("UPDATE OF {}", self.watched().join(", ")),
                "update",
                Some(self.moved("IS DISTINCT FROM")),
            ),
            trigger("DELETE", "delete", self.counted("OLD")),
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

    /// What keeps `total` from this source on `backend`.
    fn create(&self, backend: DbBackend, total: &Total) -> Vec<String> {
        match backend {
            DbBackend::Postgres => self.postgres_statements(total).to_vec(),
            _ => self
                .sqlite_triggers(total)
                .map(|(name, body)| format!("CREATE TRIGGER {name} {body}"))
                .to_vec(),
        }
    }

    /// What undoes [`Source::create`].
    fn remove(&self, backend: DbBackend, total: &Total) -> Vec<String> {
        match backend {
            DbBackend::Postgres => self.postgres_drop(),
            _ => self
                .sqlite_triggers(total)
                .map(|(name, _)| format!("DROP TRIGGER IF EXISTS {name}"))
                .to_vec(),
        }
    }
}

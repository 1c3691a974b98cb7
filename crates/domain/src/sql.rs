//! Hand-written SQL for the aggregates, portable across SQLite and PostgreSQL.
//!
//! Queries are written once with PostgreSQL's `$1` placeholders; SQLite reads `?1` with the same
//! meaning, so the text is translated rather than duplicated. Sums are wrapped in
//! `CAST(COALESCE(SUM(..), 0) AS BIGINT)` so both engines return a plain 64-bit integer.

use sea_orm::{ConnectionTrait, DbBackend, DbErr, FromQueryResult, Statement, Value};

pub fn statement(backend: DbBackend, sql: &str, values: Vec<Value>) -> Statement {
    let text = match backend {
        DbBackend::Sqlite => numbered_question_marks(sql),
        _ => sql.to_owned(),
    };
    Statement::from_sql_and_values(backend, text, values)
}

/// Runs a query expected to return exactly one row (aggregates always do).
pub async fn one<T, C>(conn: &C, sql: &str, values: Vec<Value>) -> Result<T, DbErr>
where
    T: FromQueryResult,
    C: ConnectionTrait,
{
    T::find_by_statement(statement(conn.get_database_backend(), sql, values))
        .one(conn)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("aggregate returned no row".to_owned()))
}

pub async fn all<T, C>(conn: &C, sql: &str, values: Vec<Value>) -> Result<Vec<T>, DbErr>
where
    T: FromQueryResult,
    C: ConnectionTrait,
{
    T::find_by_statement(statement(conn.get_database_backend(), sql, values))
        .all(conn)
        .await
}

/// Runs a statement that returns no rows (an insert or update), answering how many rows it
/// touched.
pub async fn execute<C: ConnectionTrait>(
    conn: &C,
    sql: &str,
    values: Vec<Value>,
) -> Result<u64, DbErr> {
    Ok(conn
        .execute(statement(conn.get_database_backend(), sql, values))
        .await?
        .rows_affected())
}

/// `count` numbered placeholders from `$first` on, separated by commas: `$3, $4, $5`.
pub fn placeholders(first: usize, count: usize) -> String {
    (first..first + count)
        .map(|n| format!("${n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn numbered_question_marks(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '$' && chars.peek().is_some_and(char::is_ascii_digit) {
            out.push('?');
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_become_numbered_question_marks_on_sqlite() {
        let stmt = statement(DbBackend::Sqlite, "a = $1 AND b = $12 AND c = '$'", vec![]);
        assert_eq!(stmt.sql, "a = ?1 AND b = ?12 AND c = '$'");
        let stmt = statement(DbBackend::Postgres, "a = $1", vec![]);
        assert_eq!(stmt.sql, "a = $1");
    }

    #[test]
    fn placeholders_are_numbered_from_the_first() {
        assert_eq!(placeholders(3, 3), "$3, $4, $5");
        assert_eq!(placeholders(1, 1), "$1");
        assert_eq!(placeholders(7, 0), "");
    }
}

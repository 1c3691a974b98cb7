//! The per-task breakdown: every task of a board with its estimate, costs, variance, hours and
//! (for those who see margins) profitability, read a page at a time in the order asked.
//!
//! The database orders and cuts the list (`ORDER BY … LIMIT` over the `task_totals` view), so a
//! page costs the same whatever the board's size and no request loads every task. A page ends
//! at a keyset cursor, the position of its last task: the sorted figure and the task id, the
//! id breaking ties, so paging neither skips nor repeats a task while the figures stand still.

use budget_contract::analytics::{TaskBreakdown, TaskBreakdownSort};
use budget_contract::limits::NAME_CHARS;
use budget_contract::page::Page;
use budget_contract::task::TaskStatus;
use budget_contract::Currency;
use sea_orm::{DbBackend, FromQueryResult, Statement, Value};

use super::queries::{task_rows, TaskRow};
use super::report::task_view;
use crate::access::BoardAccess;
use crate::error::DomainResult;
use crate::metrics::formulas::profitability;
use crate::metrics::may_see_margins;
use crate::pagination::{self, PageRequest};
use crate::sql;
use crate::validate::Checks;
use crate::Domain;
use budget_contract::text::TextKind;

/// A request for one page of the breakdown.
#[derive(Clone, Debug, Default)]
pub struct TaskListQuery {
    pub sort: TaskBreakdownSort,
    pub limit: Option<u64>,
    pub cursor: Option<String>,
    pub filter: TaskListFilter,
}

/// Which tasks a page is cut from; every condition given must hold.
#[derive(Clone, Debug, Default)]
pub struct TaskListFilter {
    pub status: Option<TaskStatus>,
    /// Only the tasks assigned to this person.
    pub assignee_id: Option<i64>,
    /// Only the tasks assigned to no one.
    pub unassigned: bool,
    /// Only the tasks whose title contains this text, the case of A–Z ignored.
    pub title_contains: Option<String>,
}

impl TaskListFilter {
    fn check(&self, checks: &mut Checks) {
        if self.unassigned && self.assignee_id.is_some() {
            checks.fail(
                "unassigned",
                "conflict",
                "cannot be true together with assignee_id",
            );
        }
        if let Some(text) = &self.title_contains {
            if text.chars().count() > NAME_CHARS {
                checks.fail(
                    "q",
                    "too_long",
                    format!("must be at most {NAME_CHARS} characters"),
                );
            } else {
                checks.characters("q", text, TextKind::Name);
            }
        }
    }

    /// The SQL conditions on `task t`, each after ` AND `, their values appended to `values`.
    fn conditions(&self, backend: DbBackend, values: &mut Vec<Value>) -> String {
        fn bind(values: &mut Vec<Value>, value: Value) -> String {
            values.push(value);
            format!("${}", values.len())
        }
        let mut sql = String::new();
        if let Some(status) = self.status {
            let at = bind(values, status.as_str().into());
            sql.push_str(&format!(" AND t.status = {at}"));
        }
        if let Some(assignee) = self.assignee_id {
            let at = bind(values, assignee.into());
            sql.push_str(&format!(" AND t.assignee_id = {at}"));
        }
        if self.unassigned {
            sql.push_str(" AND t.assignee_id IS NULL");
        }
        if let Some(text) = self.title_contains.as_deref().filter(|t| !t.is_empty()) {
            let at = bind(values, like_pattern(text).into());
            // Under the "C" collation PostgreSQL's LOWER folds A–Z only, as SQLite's does.
            let title = match backend {
                DbBackend::Postgres => "LOWER(t.title COLLATE \"C\")",
                _ => "LOWER(t.title)",
            };
            sql.push_str(&format!(" AND {title} LIKE {at} ESCAPE '\\'"));
        }
        sql
    }
}

/// `%text%` for LIKE, A–Z lowered and the wildcards `%`, `_` and the escape `\` escaped.
fn like_pattern(text: &str) -> String {
    let mut pattern = String::from("%");
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c.to_ascii_lowercase());
    }
    pattern.push('%');
    pattern
}

/// One page of the board's task breakdown in the order `query.sort` names.
pub async fn list(
    domain: &Domain,
    access: &BoardAccess,
    query: TaskListQuery,
) -> DomainResult<Page<TaskBreakdown>> {
    let order = Order::of(query.sort);
    let mut checks = Checks::new();
    let page = PageRequest::parse(&mut checks, query.limit, query.cursor.as_deref(), |raw| {
        order.decode(raw)
    });
    query.filter.check(&mut checks);
    checks.finish()?;
    let backend = domain.db.backend();
    let board_id = access.board_id();
    let mut values = vec![board_id.into()];
    let conditions = query.filter.conditions(backend, &mut values);
    let filtered = sql::statement(
        backend,
        &format!("SELECT t.id FROM task t WHERE t.board_id = $1{conditions}"),
        values,
    );
    let window = order.window(
        backend,
        board_id,
        &query.filter,
        page.after.as_ref(),
        page.fetch_value(),
    );
    let (rows, total) = pagination::read::<ListedTask>(&domain.db, filtered, window).await?;
    let currency = crate::budget::currency(domain.db.conn(), board_id).await?;
    let margins = may_see_margins(access);
    Ok(page
        .page(rows, total, |row| order.encode(&order.position(&row.task)))
        .map(|row| row.view(currency, margins)))
}

/// Every task of the board by id, without profitability: the CSV export, which holds all of
/// them whatever the size.
pub async fn all(domain: &Domain, access: &BoardAccess) -> DomainResult<Vec<TaskBreakdown>> {
    let conn = domain.db.conn();
    let currency = crate::budget::currency(conn, access.board_id()).await?;
    Ok(task_rows(conn, access.board_id())
        .await?
        .iter()
        .map(|row| task_view(row, currency))
        .collect())
}

/// A task of a page: its breakdown row and its revenue.
#[derive(Debug)]
struct ListedTask {
    task: TaskRow,
    revenue_cents: i64,
}

impl FromQueryResult for ListedTask {
    fn from_query_result(row: &sea_orm::QueryResult, pre: &str) -> Result<Self, sea_orm::DbErr> {
        Ok(Self {
            task: TaskRow::from_query_result(row, pre)?,
            revenue_cents: row.try_get(pre, "revenue_cents")?,
        })
    }
}

impl ListedTask {
    fn view(self, currency: &Currency, margins: bool) -> TaskBreakdown {
        let mut view = task_view(&self.task, currency);
        if margins {
            view.profitability = Some(profitability(
                self.revenue_cents,
                self.task.total_cents(),
                currency,
            ));
        }
        view
    }
}

/// The figure a page is ordered by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Figure {
    Total,
    Variance,
    VariancePercent,
    Estimated,
    Hours,
    Title,
    Id,
}

/// Where a task stands in the order: the value of the figure it is sorted by.
#[derive(Clone, Debug, PartialEq)]
enum SortValue {
    Cents(i64),
    /// variance / estimated, none without an estimate.
    Ratio(Option<f64>),
    Text(String),
}

/// A task's place in the order: the sorted value, then its id.
#[derive(Clone, Debug, PartialEq)]
struct Position {
    value: SortValue,
    id: i64,
}

/// An order of the breakdown: a figure and its direction, ties by id ascending.
#[derive(Clone, Copy, Debug)]
struct Order {
    sort: TaskBreakdownSort,
    figure: Figure,
    descending: bool,
}

impl Order {
    fn of(sort: TaskBreakdownSort) -> Self {
        use TaskBreakdownSort as S;
        let (figure, descending) = match sort {
            S::Total => (Figure::Total, false),
            S::TotalDesc => (Figure::Total, true),
            S::Variance => (Figure::Variance, false),
            S::VarianceDesc => (Figure::Variance, true),
            S::VariancePercent => (Figure::VariancePercent, false),
            S::VariancePercentDesc => (Figure::VariancePercent, true),
            S::Estimated => (Figure::Estimated, false),
            S::EstimatedDesc => (Figure::Estimated, true),
            S::Hours => (Figure::Hours, false),
            S::HoursDesc => (Figure::Hours, true),
            S::Title => (Figure::Title, false),
            S::TitleDesc => (Figure::Title, true),
            S::Id => (Figure::Id, false),
            S::IdDesc => (Figure::Id, true),
        };
        Self {
            sort,
            figure,
            descending,
        }
    }

    /// The position of a task in this order; computed in Rust with the same integer and IEEE
    /// double arithmetic the SQL of [`Order::keys`] does, so a cursor names its row exactly.
    fn position(&self, task: &TaskRow) -> Position {
        let variance = task.total_cents() - task.estimated_cents;
        let value = match self.figure {
            Figure::Total => SortValue::Cents(task.total_cents()),
            Figure::Variance => SortValue::Cents(variance),
            Figure::Estimated => SortValue::Cents(task.estimated_cents),
            Figure::Hours => SortValue::Cents(task.centihours),
            Figure::Id => SortValue::Cents(task.id),
            Figure::VariancePercent => SortValue::Ratio(
                (task.estimated_cents != 0).then(|| variance as f64 / task.estimated_cents as f64),
            ),
            Figure::Title => SortValue::Text(task.title.clone()),
        };
        Position { value, id: task.id }
    }

    /// `<sort>~<id>~<value>`: the sort is named so that a cursor of another order is refused.
    fn encode(&self, position: &Position) -> String {
        let value = match &position.value {
            SortValue::Cents(cents) => cents.to_string(),
            SortValue::Ratio(Some(ratio)) => ratio.to_string(),
            SortValue::Ratio(None) => "none".to_owned(),
            SortValue::Text(text) => text.clone(),
        };
        format!("{}~{}~{}", self.sort.as_str(), position.id, value)
    }

    fn decode(&self, raw: &str) -> Option<Position> {
        let mut parts = raw.splitn(3, '~');
        if parts.next()? != self.sort.as_str() {
            return None;
        }
        let id = pagination::decode_id(parts.next()?)?;
        let value = parts.next()?;
        let value = match self.figure {
            Figure::Title => SortValue::Text(value.to_owned()),
            Figure::VariancePercent if value == "none" => SortValue::Ratio(None),
            Figure::VariancePercent => {
                SortValue::Ratio(Some(value.parse::<f64>().ok().filter(|r| r.is_finite())?))
            }
            _ => SortValue::Cents(value.parse().ok()?),
        };
        Some(Position { value, id })
    }

    /// The SQL keys of this order, before the id, each with its direction and the value a
    /// position has for it. A variance percent is two keys: whether the task has no estimate
    /// (ascending whatever the direction, so those tasks come last) and the ratio (0 for them).
    fn keys(&self, backend: DbBackend, at: Option<&Position>) -> Vec<(String, bool, Value)> {
        let direct = |sql: &str| sql.to_owned();
        match self.figure {
            Figure::VariancePercent => {
                let ratio = match at.map(|p| &p.value) {
                    Some(SortValue::Ratio(ratio)) => *ratio,
                    _ => None,
                };
                vec![
                    (
                        direct("(CASE WHEN tt.estimated_cents = 0 THEN 1 ELSE 0 END)"),
                        false,
                        i64::from(ratio.is_none()).into(),
                    ),
                    (
                        direct(
                            "COALESCE(CAST(tt.total_cents - tt.estimated_cents AS DOUBLE PRECISION) \
                             / NULLIF(tt.estimated_cents, 0), 0)",
                        ),
                        self.descending,
                        ratio.unwrap_or(0.0).into(),
                    ),
                ]
            }
            figure => {
                let column = match figure {
                    Figure::Total => direct("tt.total_cents"),
                    Figure::Variance => direct("(tt.total_cents - tt.estimated_cents)"),
                    Figure::Estimated => direct("tt.estimated_cents"),
                    Figure::Hours => direct("tt.centihours"),
                    Figure::Id => direct("t.id"),
                    // Byte order on both engines: SQLite's default BINARY collation, and
                    // PostgreSQL's "C" rather than the database's locale.
                    _ => match backend {
                        DbBackend::Postgres => direct("t.title COLLATE \"C\""),
                        _ => direct("t.title"),
                    },
                };
                let value: Value = match at.map(|p| &p.value) {
                    Some(SortValue::Text(text)) => text.clone().into(),
                    Some(SortValue::Cents(cents)) => (*cents).into(),
                    _ => 0_i64.into(),
                };
                vec![(column, self.descending, value)]
            }
        }
    }

    /// The page after `after` (the first page without it): at most `fetch` rows in this order.
    fn window(
        &self,
        backend: DbBackend,
        board_id: i64,
        filter: &TaskListFilter,
        after: Option<&Position>,
        fetch: i64,
    ) -> Statement {
        let keys = self.keys(backend, after);
        let mut values: Vec<Value> = vec![board_id.into()];
        let conditions = filter.conditions(backend, &mut values);
        let mut after_sql = String::new();
        if let Some(position) = after {
            // (k1 beyond v1) OR (k1 = v1 AND k2 beyond v2) OR … OR (all equal AND id beyond).
            let mut alternatives = Vec::new();
            let mut equal: Vec<String> = Vec::new();
            for (column, descending, value) in &keys {
                values.push(value.clone());
                let placeholder = format!("${}", values.len());
                let beyond = if *descending { "<" } else { ">" };
                let mut alternative = equal.clone();
                alternative.push(format!("{column} {beyond} {placeholder}"));
                alternatives.push(format!("({})", alternative.join(" AND ")));
                equal.push(format!("{column} = {placeholder}"));
            }
            values.push(position.id.into());
            equal.push(format!("t.id > ${}", values.len()));
            alternatives.push(format!("({})", equal.join(" AND ")));
            after_sql = format!(" AND ({})", alternatives.join(" OR "));
        }
        let order_by: Vec<String> = keys
            .iter()
            .map(|(column, descending, _)| {
                format!("{column} {}", if *descending { "DESC" } else { "ASC" })
            })
            .chain(std::iter::once("t.id ASC".to_owned()))
            .collect();
        values.push(fetch.into());
        let text = format!(
            "SELECT t.id, t.title, t.status, t.priority, t.progress, t.assignee_id, \
                    u.display_name AS assignee_name, \
                    CAST(tt.estimated_cents AS BIGINT) AS estimated_cents, \
                    CAST(tt.estimated_centihours AS BIGINT) AS estimated_centihours, \
                    CAST(tt.direct_cents AS BIGINT) AS direct_cents, \
                    CAST(tt.resource_cents AS BIGINT) AS resource_cents, \
                    CAST(tt.labour_cents AS BIGINT) AS labour_cents, \
                    CAST(tt.centihours AS BIGINT) AS centihours, \
                    CAST(s.labour_billable_cents + s.direct_billable_cents AS BIGINT) \
                      AS revenue_cents \
             FROM task t \
             JOIN task_totals tt ON tt.task_id = t.id \
             JOIN task_sums s ON s.task_id = t.id \
             LEFT JOIN app_user u ON u.id = t.assignee_id \
             WHERE t.board_id = $1{conditions}{after_sql} \
             ORDER BY {} \
             LIMIT ${}",
            order_by.join(", "),
            values.len()
        );
        sql::statement(backend, &text, values)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task(id: i64, title: &str, estimated: i64, labour: i64) -> TaskRow {
        TaskRow {
            id,
            title: title.to_owned(),
            status: "todo".into(),
            priority: "medium".into(),
            progress: 0,
            assignee_id: None,
            assignee_name: None,
            estimated_cents: estimated,
            estimated_centihours: 0,
            direct_cents: 0,
            resource_cents: 0,
            labour_cents: labour,
            centihours: labour / 100,
        }
    }

    #[test]
    fn cursors_round_trip_in_every_order() {
        let rows = [
            task(7, "Design ~ build", 3_000, 4_000),
            task(8, "No estimate", 0, 100),
        ];
        for sort in TaskBreakdownSort::ALL {
            let order = Order::of(*sort);
            for row in &rows {
                let position = order.position(row);
                assert_eq!(
                    order.decode(&order.encode(&position)),
                    Some(position),
                    "{sort}"
                );
            }
        }
    }

    #[test]
    fn a_cursor_of_another_order_or_garbage_is_refused() {
        let row = task(7, "Design", 3_000, 4_000);
        let by_total = Order::of(TaskBreakdownSort::TotalDesc);
        let cursor = by_total.encode(&by_total.position(&row));
        assert_eq!(cursor, "-total~7~4000");
        assert_eq!(Order::of(TaskBreakdownSort::Total).decode(&cursor), None);
        for garbage in ["", "-total", "-total~x~1", "-total~0~1", "-total~7~1.5"] {
            assert_eq!(by_total.decode(garbage), None, "{garbage}");
        }
        let by_percent = Order::of(TaskBreakdownSort::VariancePercent);
        assert_eq!(by_percent.decode("variance_percent~7~NaN"), None);
        assert_eq!(
            by_percent.decode("variance_percent~7~0.5"),
            Some(Position {
                value: SortValue::Ratio(Some(0.5)),
                id: 7
            })
        );
    }

    #[test]
    fn the_window_after_a_position_compares_each_key_then_the_id() {
        let order = Order::of(TaskBreakdownSort::VariancePercentDesc);
        let at = Position {
            value: SortValue::Ratio(Some(0.25)),
            id: 9,
        };
        let none = TaskListFilter::default();
        let statement = order.window(DbBackend::Postgres, 3, &none, Some(&at), 51);
        assert!(statement.sql.contains(
            "AND (((CASE WHEN tt.estimated_cents = 0 THEN 1 ELSE 0 END) > $2) OR \
             ((CASE WHEN tt.estimated_cents = 0 THEN 1 ELSE 0 END) = $2 AND COALESCE"
        ));
        assert!(statement.sql.contains("t.id > $4)) ORDER BY"));
        assert!(statement.sql.ends_with("DESC, t.id ASC LIMIT $5"));
        let by_title =
            Order::of(TaskBreakdownSort::Title).window(DbBackend::Postgres, 3, &none, None, 51);
        assert!(by_title
            .sql
            .contains("ORDER BY t.title COLLATE \"C\" ASC, t.id ASC LIMIT $2"));
        // Filters bind before the position's values.
        let filter = TaskListFilter {
            status: Some(TaskStatus::Done),
            title_contains: Some("50%".to_owned()),
            ..TaskListFilter::default()
        };
        let filtered = order.window(DbBackend::Postgres, 3, &filter, Some(&at), 51);
        assert!(filtered.sql.contains(
            "WHERE t.board_id = $1 AND t.status = $2 \
             AND LOWER(t.title COLLATE \"C\") LIKE $3 ESCAPE '\\' AND ((("
        ));
        assert!(filtered.sql.ends_with("LIMIT $7"));
    }

    #[test]
    fn a_title_search_is_a_lowered_like_pattern_with_its_wildcards_escaped() {
        assert_eq!(like_pattern("Logo"), "%logo%");
        assert_eq!(like_pattern("50%_a\\b"), "%50\\%\\_a\\\\b%");
        assert_eq!(like_pattern("Écrire"), "%Écrire%");
    }
}

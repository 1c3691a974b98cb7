//! The aggregate queries behind analytics, forecasting and ROI. Each is one statement whatever
//! the board's size; the per-day and per-task shaping happens in Rust on their small results.
//!
//! What a board spent on a day: the labour of the entries with that work date (kept per day in
//! `board_day_labour`), plus the costs of the expenses incurred that day (`expense.incurred_on`),
//! plus the resource costs incurred that day (`task_cost.incurred_on`; a resource cost without a
//! date belongs to no day); the expenses and resource costs are kept per day in
//! `board_day_costs`. [`daily_costs`], [`cost_before`], the profitability by month and the
//! metrics' burn window date costs this way, each reading one row a day with spending. On a
//! budget kept on billable amounts, what spends it on a day is the billable amount of those
//! entries and expenses (resource costs are never billed).

use budget_contract::budget::BudgetBasis;
use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;
use sea_orm::{ConnectionTrait, FromQueryResult};

use super::earned_value;

use crate::error::DomainResult;
use crate::sql;

/// What spends a budget kept on a basis, as an expression over a row `d` of `board_day_labour`
/// and one over a row `c` of `board_day_costs`.
pub(crate) struct Spending {
    pub labour: &'static str,
    pub other: &'static str,
}

impl Spending {
    pub(crate) fn of(basis: BudgetBasis) -> Self {
        match basis {
            BudgetBasis::Cost => Spending {
                labour: "d.labour_cost_cents",
                other: "c.direct_cents + c.resource_cents",
            },
            BudgetBasis::Billable => Spending {
                labour: "d.billable_cents",
                other: "c.direct_billable_cents",
            },
        }
    }
}

/// What was spent on one day: labour of entries with that work date plus expenses and resource
/// costs incurred that day (on the budget's basis).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DayCost {
    pub day: NaiveDate,
    pub cents: i64,
}

#[derive(Debug, FromQueryResult)]
struct DayRow {
    day: NaiveDate,
    cents: i64,
}

/// What spent a budget kept on `basis` per day over `from..=to`, every day present (zero when
/// nothing was spent).
pub async fn daily_costs<C: ConnectionTrait>(
    conn: &C,
    board_id: i64,
    basis: BudgetBasis,
    from: NaiveDate,
    to: NaiveDate,
) -> DomainResult<Vec<DayCost>> {
    let spending = Spending::of(basis);
    // One row a day with labour and one a day with other costs; `fill_days` adds them up.
    let rows: Vec<DayRow> = sql::all(
        conn,
        &format!(
            "SELECT d.work_date AS day, CAST({labour} AS BIGINT) AS cents \
             FROM board_day_labour d \
             WHERE d.board_id = $1 AND d.work_date >= $2 AND d.work_date <= $3 \
             UNION ALL \
             SELECT c.day, CAST({other} AS BIGINT) AS cents \
             FROM board_day_costs c \
             WHERE c.board_id = $1 AND c.day >= $2 AND c.day <= $3",
            labour = spending.labour,
            other = spending.other,
        ),
        vec![board_id.into(), from.into(), to.into()],
    )
    .await?;
    Ok(fill_days(
        from,
        to,
        rows.into_iter().map(|r| (r.day, r.cents)),
    ))
}

#[derive(Debug, FromQueryResult)]
struct CentsRow {
    cents: i64,
}

/// Everything that spent a budget kept on `basis` on the days before `day`.
pub async fn cost_before<C: ConnectionTrait>(
    conn: &C,
    board_id: i64,
    basis: BudgetBasis,
    day: NaiveDate,
) -> DomainResult<i64> {
    let spending = Spending::of(basis);
    let row: CentsRow = sql::one(
        conn,
        &format!(
            "SELECT CAST( \
               (SELECT COALESCE(SUM({labour}), 0) FROM board_day_labour d \
                  WHERE d.board_id = $1 AND d.work_date < $2) + \
               (SELECT COALESCE(SUM({other}), 0) FROM board_day_costs c \
                  WHERE c.board_id = $1 AND c.day < $2) AS BIGINT) AS cents",
            labour = spending.labour,
            other = spending.other,
        ),
        vec![board_id.into(), day.into()],
    )
    .await?;
    Ok(row.cents)
}

/// Spreads (day, cents) pairs over every day of `from..=to`, summing duplicates.
pub fn fill_days(
    from: NaiveDate,
    to: NaiveDate,
    costs: impl IntoIterator<Item = (NaiveDate, i64)>,
) -> Vec<DayCost> {
    let length = usize::try_from((to - from).num_days() + 1).unwrap_or(0);
    let mut days: Vec<DayCost> = (0..length)
        .filter_map(|offset| {
            from.checked_add_days(Days::new(offset as u64))
                .map(|day| DayCost { day, cents: 0 })
        })
        .collect();
    for (day, cents) in costs {
        if let Ok(index) = usize::try_from((day - from).num_days()) {
            if let Some(slot) = days.get_mut(index) {
                slot.cents += cents;
            }
        }
    }
    days
}

/// One task with everything the breakdowns need.
#[derive(Clone, Debug, FromQueryResult)]
pub struct TaskRow {
    pub id: i64,
    pub title: String,
    pub status: String,
    pub priority: String,
    pub progress: i32,
    pub assignee_id: Option<i64>,
    pub assignee_name: Option<String>,
    pub estimated_cents: i64,
    pub estimated_centihours: i64,
    pub direct_cents: i64,
    pub resource_cents: i64,
    pub labour_cents: i64,
    pub centihours: i64,
}

impl TaskRow {
    /// Direct + resource + labour: a task's actual cost, as the `task_totals` view defines it.
    pub fn total_cents(&self) -> i64 {
        self.direct_cents + self.resource_cents + self.labour_cents
    }

    /// Estimated cost in cents × progress percent, as the `task_totals` view defines it.
    pub fn earned_cent_percent(&self) -> i64 {
        self.estimated_cents * i64::from(self.progress)
    }
}

/// Every task of the board with its estimate, costs and labour (the `task_totals` view), in one
/// statement, by id.
pub async fn task_rows<C: ConnectionTrait>(conn: &C, board_id: i64) -> DomainResult<Vec<TaskRow>> {
    task_rows_where(conn, board_id, "WHERE t.board_id = $1 ORDER BY t.id").await
}

/// The `limit` tasks furthest over their estimate, the largest variance (total − estimate)
/// first, ties by id.
pub async fn over_estimate_rows<C: ConnectionTrait>(
    conn: &C,
    board_id: i64,
    limit: usize,
) -> DomainResult<Vec<TaskRow>> {
    // The tasks are the first of the board's tasks over their estimate, kept by their overrun
    // (`task_overrun`, indexed in this order), and only those few are read in full, by id.
    task_rows_where(
        conn,
        board_id,
        &format!(
            "WHERE t.id IN (SELECT o.task_id FROM task_overrun o WHERE o.board_id = $1 \
                 ORDER BY o.overrun_cents DESC, o.task_id LIMIT {limit}) \
             ORDER BY tt.total_cents - tt.estimated_cents DESC, t.id"
        ),
    )
    .await
}

/// The tasks that `rest` (a `WHERE` clause naming the board as `$1`, then an order) chooses.
async fn task_rows_where<C: ConnectionTrait>(
    conn: &C,
    board_id: i64,
    rest: &str,
) -> DomainResult<Vec<TaskRow>> {
    Ok(sql::all(
        conn,
        &format!(
            "SELECT t.id, t.title, t.status, t.priority, t.progress, t.assignee_id, \
                    u.display_name AS assignee_name, \
                    CAST(tt.estimated_cents AS BIGINT) AS estimated_cents, \
                    CAST(tt.estimated_centihours AS BIGINT) AS estimated_centihours, \
                    CAST(tt.direct_cents AS BIGINT) AS direct_cents, \
                    CAST(tt.resource_cents AS BIGINT) AS resource_cents, \
                    CAST(tt.labour_cents AS BIGINT) AS labour_cents, \
                    CAST(tt.centihours AS BIGINT) AS centihours \
             FROM task t \
             JOIN task_totals tt ON tt.task_id = t.id \
             LEFT JOIN app_user u ON u.id = t.assignee_id \
             {rest}"
        ),
        vec![board_id.into()],
    )
    .await?)
}

/// The board's tasks summed per assignee and status: what the breakdowns add up.
#[derive(Clone, Debug, Default, FromQueryResult)]
pub struct Group {
    pub assignee_id: Option<i64>,
    pub assignee_name: Option<String>,
    pub status: String,
    pub tasks: i64,
    pub estimated_cents: i64,
    pub direct_cents: i64,
    pub resource_cents: i64,
    pub labour_cents: i64,
    pub centihours: i64,
}

impl Group {
    /// One task as a group of one.
    pub fn of(task: &TaskRow) -> Self {
        Self {
            assignee_id: task.assignee_id,
            assignee_name: task.assignee_name.clone(),
            status: task.status.clone(),
            tasks: 1,
            estimated_cents: task.estimated_cents,
            direct_cents: task.direct_cents,
            resource_cents: task.resource_cents,
            labour_cents: task.labour_cents,
            centihours: task.centihours,
        }
    }

    pub fn total_cents(&self) -> i64 {
        self.direct_cents + self.resource_cents + self.labour_cents
    }
}

/// [`Group`]s of the board, from its running totals per assignee and status (a few rows
/// whatever the board's size; groups left without tasks are skipped).
pub async fn groups<C: ConnectionTrait>(conn: &C, board_id: i64) -> DomainResult<Vec<Group>> {
    Ok(sql::all(
        conn,
        // Nobody is assignee 0 in the totals.
        "SELECT NULLIF(g.assignee_id, 0) AS assignee_id, u.display_name AS assignee_name, \
                g.status, CAST(g.tasks AS BIGINT) AS tasks, \
                CAST(g.estimated_cents AS BIGINT) AS estimated_cents, \
                CAST(g.direct_cents AS BIGINT) AS direct_cents, \
                CAST(g.resource_cents AS BIGINT) AS resource_cents, \
                CAST(g.labour_cents AS BIGINT) AS labour_cents, \
                CAST(g.centihours AS BIGINT) AS centihours \
         FROM board_group_totals g \
         LEFT JOIN app_user u ON u.id = g.assignee_id \
         WHERE g.board_id = $1 AND g.tasks <> 0",
        vec![board_id.into()],
    )
    .await?)
}

/// The estimated scope of the board and the part of it earned, from the board's running totals.
#[derive(Debug, Default, FromQueryResult)]
pub struct Scope {
    /// Σ estimated cost, in cents.
    pub planned_cents: i64,
    /// Σ estimated cost in cents × progress percent.
    pub earned_cent_percent: i64,
}

impl Scope {
    pub fn earned_value(&self) -> Decimal {
        earned_value::from_cent_percent(self.earned_cent_percent)
    }
}

pub async fn earned_scope<C: ConnectionTrait>(conn: &C, board_id: i64) -> DomainResult<Scope> {
    Ok(sql::one(
        conn,
        "SELECT CAST(COALESCE(SUM(s.estimated_cents), 0) AS BIGINT) AS planned_cents, \
                CAST(COALESCE(SUM(s.earned_cent_percent), 0) AS BIGINT) AS earned_cent_percent \
         FROM board_totals s \
         WHERE s.board_id = $1",
        vec![board_id.into()],
    )
    .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    #[test]
    fn every_day_is_present_and_duplicates_add_up() {
        let days = fill_days(
            day(1),
            day(4),
            [(day(2), 500), (day(2), 25), (day(4), 1), (day(9), 7)],
        );
        let cents: Vec<i64> = days.iter().map(|d| d.cents).collect();
        assert_eq!(cents, [0, 525, 0, 1]);
        assert_eq!(days[3].day, day(4));
        assert!(fill_days(day(4), day(1), []).is_empty());
    }
}

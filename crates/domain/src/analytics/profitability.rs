//! Revenue against cost by person and by month (by task: [`super::tasks`]). Each figure is the one rule of
//! [`formulas::profitability`]; the sums come from the running totals: by person (labour and
//! expenses), by day (labour, and expenses and resource costs, dated as everywhere: see
//! [`super::queries`]) and the board's resource cost.

use std::collections::BTreeMap;

use budget_contract::analytics::{MonthProfitability, PersonProfitability, ProfitabilityBreakdown};
use budget_contract::budget::BudgetBasis;
use budget_contract::Currency;
use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, DbBackend, FromQueryResult};

use super::approved::Unapproved;
use super::queries::Spending;
use crate::error::DomainResult;
use crate::metrics::formulas::profitability;
use crate::sql;

/// Cost and revenue, in hundredths.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Amounts {
    pub cost: i64,
    pub revenue: i64,
}

#[derive(Debug, FromQueryResult)]
struct PersonRow {
    user_id: Option<i64>,
    display_name: Option<String>,
    cost_cents: i64,
    revenue_cents: i64,
}

#[derive(Debug, FromQueryResult)]
struct MonthRow {
    month: String,
    cost_cents: i64,
    revenue_cents: i64,
}

/// Each person's cost and revenue: the entries they logged and the expenses they recorded (their
/// running totals on the board; expenses recorded by no one are kept as person 0); resource
/// costs belong to no one (the board's running total).
async fn people<C: ConnectionTrait>(conn: &C, board_id: i64) -> DomainResult<Vec<PersonRow>> {
    Ok(sql::all(
        conn,
        "SELECT p.user_id, u.display_name, CAST(SUM(p.cost) AS BIGINT) AS cost_cents, \
                CAST(SUM(p.revenue) AS BIGINT) AS revenue_cents FROM ( \
           SELECT l.user_id, l.labour_cost_cents AS cost, l.billable_cents AS revenue \
             FROM board_person_labour l WHERE l.board_id = $1 \
           UNION ALL \
           SELECT NULLIF(x.user_id, 0), x.cost_cents, x.billable_cents \
             FROM board_person_costs x WHERE x.board_id = $1 AND x.expenses <> 0 \
           UNION ALL \
           SELECT NULL, b.resource_cents, 0 FROM board_totals b \
             WHERE b.board_id = $1 AND b.resource_cents <> 0 \
         ) p LEFT JOIN app_user u ON u.id = p.user_id \
         GROUP BY p.user_id, u.display_name",
        vec![board_id.into()],
    )
    .await?)
}

/// `YYYY-MM` of the date `column` (SQLite keeps dates as `YYYY-MM-DD` text).
fn month_of(backend: DbBackend, column: &str) -> String {
    match backend {
        DbBackend::Postgres => format!("to_char({column}, 'YYYY-MM')"),
        _ => format!("substr({column}, 1, 7)"),
    }
}

/// Cost and revenue per month (`YYYY-MM`), summed by the database from the board's days:
/// entries by work date, expenses and resource costs by the day incurred. Revenue is what
/// spends a budget kept on billable amounts: the billable amounts of the entries and expenses.
async fn months<C: ConnectionTrait>(conn: &C, board_id: i64) -> DomainResult<Vec<MonthRow>> {
    let month = |column: &str| month_of(conn.get_database_backend(), column);
    let (cost, revenue) = (
        Spending::of(BudgetBasis::Cost),
        Spending::of(BudgetBasis::Billable),
    );
    Ok(sql::all(
        conn,
        &format!(
            "SELECT s.month, CAST(SUM(s.cost) AS BIGINT) AS cost_cents, \
                    CAST(SUM(s.revenue) AS BIGINT) AS revenue_cents FROM ( \
               SELECT {labour_month} AS month, {labour_cost} AS cost, {labour_revenue} AS revenue \
                 FROM board_day_labour d WHERE d.board_id = $1 \
               UNION ALL \
               SELECT {other_month}, {other_cost}, {other_revenue} \
                 FROM board_day_costs c WHERE c.board_id = $1 \
             ) s GROUP BY s.month",
            labour_month = month("d.work_date"),
            labour_cost = cost.labour,
            labour_revenue = revenue.labour,
            other_month = month("c.day"),
            other_cost = cost.other,
            other_revenue = revenue.other,
        ),
        vec![board_id.into()],
    )
    .await?)
}

/// Days summed into their months (`YYYY-MM`), oldest first. Pure.
pub fn by_month(days: impl IntoIterator<Item = (NaiveDate, Amounts)>) -> BTreeMap<String, Amounts> {
    let mut months: BTreeMap<String, Amounts> = BTreeMap::new();
    for (day, amounts) in days {
        let month = months.entry(day.format("%Y-%m").to_string()).or_default();
        month.cost += amounts.cost;
        month.revenue += amounts.revenue;
    }
    months
}

/// The breakdown of a board by person and by month (a task's is on its row of the task
/// breakdown: [`super::tasks`]).
pub async fn breakdown<C: ConnectionTrait>(
    conn: &C,
    board_id: i64,
    currency: &Currency,
    unapproved: Option<&Unapproved>,
) -> DomainResult<ProfitabilityBreakdown> {
    let mut people = people(conn, board_id).await?;
    if let Some(unapproved) = unapproved {
        for row in &mut people {
            let left_out = unapproved.of_person(row.user_id);
            row.cost_cents -= left_out.cost;
            row.revenue_cents -= left_out.revenue;
        }
    }
    // By id, and no one last, the same on both engines.
    people.sort_by_key(|row| (row.user_id.is_none(), row.user_id));
    let people = people
        .into_iter()
        .map(|row| PersonProfitability {
            user_id: row.user_id,
            display_name: row.display_name,
            profitability: profitability(row.revenue_cents, row.cost_cents, currency),
        })
        .collect();
    let mut months: BTreeMap<String, Amounts> = months(conn, board_id)
        .await?
        .into_iter()
        .map(|row| {
            let amounts = Amounts {
                cost: row.cost_cents,
                revenue: row.revenue_cents,
            };
            (row.month, amounts)
        })
        .collect();
    if let Some(unapproved) = unapproved {
        for (month, left_out) in by_month(unapproved.per_day()) {
            let amounts = months.entry(month).or_default();
            amounts.cost -= left_out.cost;
            amounts.revenue -= left_out.revenue;
        }
    }
    let months = months
        .into_iter()
        .map(|(month, amounts)| MonthProfitability {
            month,
            profitability: profitability(amounts.revenue, amounts.cost, currency),
        })
        .collect();
    Ok(ProfitabilityBreakdown { people, months })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_add_up_into_their_months() {
        let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
        let amounts = |cost, revenue| Amounts { cost, revenue };
        let months = by_month([
            (day(3, 31), amounts(10_000, 12_000)),
            (day(2, 10), amounts(10_541, 13_822)),
            (day(3, 1), amounts(500, 0)),
            (day(2, 28), amounts(59, 1)),
        ]);
        let listed: Vec<_> = months.iter().collect();
        assert_eq!(
            listed,
            [
                (&"2026-02".to_owned(), &amounts(10_600, 13_823)),
                (&"2026-03".to_owned(), &amounts(10_500, 12_000)),
            ]
        );
    }
}

//! Revenue against cost by person and by month (by task: [`super::tasks`]). Each figure is the one rule of
//! [`formulas::profitability`]; the sums come from the running totals, the expenses and the
//! resource costs, dated as everywhere (see [`super::queries`]).

use std::collections::BTreeMap;

use budget_contract::analytics::{MonthProfitability, PersonProfitability, ProfitabilityBreakdown};
use budget_contract::Currency;
use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, FromQueryResult};

use super::approved::Unapproved;
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
struct DayRow {
    day: NaiveDate,
    cost_cents: i64,
    revenue_cents: i64,
}

/// Each person's cost and revenue: the entries they logged (their running totals on the board),
/// the expenses they recorded; resource costs belong to no one (the board's running total).
async fn people<C: ConnectionTrait>(conn: &C, board_id: i64) -> DomainResult<Vec<PersonRow>> {
    Ok(sql::all(
        conn,
        "SELECT p.user_id, u.display_name, CAST(SUM(p.cost) AS BIGINT) AS cost_cents, \
                CAST(SUM(p.revenue) AS BIGINT) AS revenue_cents FROM ( \
           SELECT l.user_id, l.labour_cost_cents AS cost, l.billable_cents AS revenue \
             FROM board_person_labour l WHERE l.board_id = $1 \
           UNION ALL \
           SELECT x.user_id, x.cost_cents, x.billable_cents FROM expense x WHERE x.board_id = $1 \
           UNION ALL \
           SELECT NULL, b.resource_cents, 0 FROM board_totals b \
             WHERE b.board_id = $1 AND b.resource_cents <> 0 \
         ) p LEFT JOIN app_user u ON u.id = p.user_id \
         GROUP BY p.user_id, u.display_name",
        vec![board_id.into()],
    )
    .await?)
}

/// Cost and revenue per day: entries by work date, expenses and resource costs by the day
/// incurred.
async fn days<C: ConnectionTrait>(conn: &C, board_id: i64) -> DomainResult<Vec<DayRow>> {
    Ok(sql::all(
        conn,
        "SELECT d.work_date AS day, CAST(d.labour_cost_cents AS BIGINT) AS cost_cents, \
                CAST(d.billable_cents AS BIGINT) AS revenue_cents \
           FROM board_day_labour d WHERE d.board_id = $1 \
         UNION ALL \
         SELECT x.incurred_on, CAST(SUM(x.cost_cents) AS BIGINT), \
                CAST(SUM(x.billable_cents) AS BIGINT) \
           FROM expense x WHERE x.board_id = $1 GROUP BY x.incurred_on \
         UNION ALL \
         SELECT r.resource_incurred_on, CAST(SUM(r.resource_cents) AS BIGINT), CAST(0 AS BIGINT) \
           FROM task_sums r \
           WHERE r.board_id = $1 AND r.resource_incurred_on IS NOT NULL \
           GROUP BY r.resource_incurred_on",
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
    let days = days(conn, board_id).await?;
    let spent = days.into_iter().map(|row| {
        (
            row.day,
            Amounts {
                cost: row.cost_cents,
                revenue: row.revenue_cents,
            },
        )
    });
    let left_out = unapproved.into_iter().flat_map(|u| {
        u.per_day().map(|(day, amounts)| {
            let negated = Amounts {
                cost: -amounts.cost,
                revenue: -amounts.revenue,
            };
            (day, negated)
        })
    });
    let months = by_month(spent.chain(left_out))
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

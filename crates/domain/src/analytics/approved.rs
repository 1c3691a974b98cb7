//! Figures of approved time only. Every sum over time entries is its running total less the
//! entries not approved yet, read in one statement grouped by task, person and day: the running
//! totals keep serving, and the cost grows with the entries awaiting approval, not with the
//! board. Expenses and resource costs are not time and count as they are.

use std::collections::HashMap;

use budget_contract::budget::BudgetBasis;
use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, FromQueryResult};

use super::profitability::Amounts;
use super::queries::{Group, TaskRow};
use crate::error::DomainResult;
use crate::metrics::formulas::BoardTotals;
use crate::sql;

/// The entries not approved yet of one task, person and day, summed.
#[derive(Clone, Debug, FromQueryResult)]
struct Row {
    task_id: i64,
    assignee_id: Option<i64>,
    status: String,
    user_id: i64,
    work_date: NaiveDate,
    labour_cents: i64,
    billable_cents: i64,
    centihours: i64,
}

impl Row {
    /// What this time spent of a budget kept on `basis`.
    fn spent(&self, basis: BudgetBasis) -> i64 {
        match basis {
            BudgetBasis::Cost => self.labour_cents,
            BudgetBasis::Billable => self.billable_cents,
        }
    }
}

/// A board's time entries that are not approved yet: what to take out of each figure.
#[derive(Clone, Debug, Default)]
pub struct Unapproved {
    rows: Vec<Row>,
}

impl Unapproved {
    pub async fn read<C: ConnectionTrait>(conn: &C, board_id: i64) -> DomainResult<Self> {
        let rows = sql::all(
            conn,
            "SELECT e.task_id, t.assignee_id, t.status, e.user_id, e.work_date, \
                    CAST(SUM(e.labour_cost_cents) AS BIGINT) AS labour_cents, \
                    CAST(SUM(e.billable_cents) AS BIGINT) AS billable_cents, \
                    CAST(SUM(e.centihours) AS BIGINT) AS centihours \
             FROM time_entry e JOIN task t ON t.id = e.task_id \
             WHERE e.board_id = $1 AND e.approved = FALSE \
             GROUP BY e.task_id, t.assignee_id, t.status, e.user_id, e.work_date",
            vec![board_id.into()],
        )
        .await?;
        Ok(Self { rows })
    }

    /// The board's totals without the unapproved time; the burn window runs `from..=to`. The
    /// tasks over their estimate are counted again on `tasks` (already without it).
    pub fn take_from_totals(
        &self,
        totals: &mut BoardTotals,
        from: NaiveDate,
        to: NaiveDate,
        tasks: &[TaskRow],
    ) {
        for row in &self.rows {
            totals.labour_cents -= row.labour_cents;
            totals.billable_cents -= row.billable_cents;
            totals.centihours -= row.centihours;
            if row.work_date >= from && row.work_date <= to {
                totals.window_cost_cents -= row.labour_cents;
                totals.window_billable_cents -= row.billable_cents;
            }
        }
        totals.over_budget_tasks = tasks.iter().filter(|t| is_over_estimate(t)).count() as i64;
    }

    /// Each task's labour and hours without the unapproved time.
    pub fn take_from_tasks(&self, tasks: &mut [TaskRow]) {
        let at: HashMap<i64, usize> = tasks.iter().enumerate().map(|(i, t)| (t.id, i)).collect();
        for row in &self.rows {
            if let Some(task) = at.get(&row.task_id).and_then(|&i| tasks.get_mut(i)) {
                task.labour_cents -= row.labour_cents;
                task.centihours -= row.centihours;
            }
        }
    }

    /// The groups by assignee and status without the unapproved time.
    pub fn take_from_groups(&self, groups: &mut [Group]) {
        for row in &self.rows {
            let group = groups
                .iter_mut()
                .find(|g| g.assignee_id == row.assignee_id && g.status == row.status);
            if let Some(group) = group {
                group.labour_cents -= row.labour_cents;
                group.centihours -= row.centihours;
            }
        }
    }

    /// What the unapproved time spent of a budget kept on `basis`, per work date, negated: to
    /// add to the days' costs.
    pub fn negated_days(&self, basis: BudgetBasis) -> impl Iterator<Item = (NaiveDate, i64)> + '_ {
        self.rows
            .iter()
            .map(move |row| (row.work_date, -row.spent(basis)))
    }

    /// What the unapproved time before `day` spent of a budget kept on `basis`.
    pub fn spent_before(&self, basis: BudgetBasis, day: NaiveDate) -> i64 {
        self.rows
            .iter()
            .filter(|row| row.work_date < day)
            .map(|row| row.spent(basis))
            .sum()
    }

    /// The unapproved time's cost and revenue of one person.
    pub fn of_person(&self, user_id: Option<i64>) -> Amounts {
        self.sum(|row| Some(row.user_id) == user_id)
    }

    /// The unapproved time's cost and revenue, per work date.
    pub fn per_day(&self) -> impl Iterator<Item = (NaiveDate, Amounts)> + '_ {
        self.rows.iter().map(|row| {
            (
                row.work_date,
                Amounts {
                    cost: row.labour_cents,
                    revenue: row.billable_cents,
                },
            )
        })
    }

    fn sum(&self, keep: impl Fn(&Row) -> bool) -> Amounts {
        self.rows
            .iter()
            .filter(|row| keep(row))
            .fold(Amounts::default(), |sum, row| Amounts {
                cost: sum.cost + row.labour_cents,
                revenue: sum.revenue + row.billable_cents,
            })
    }
}

/// Whether a task's total is over its estimate (an estimate of zero is never overrun), as the
/// `task_totals` view says it.
pub fn is_over_estimate(task: &TaskRow) -> bool {
    task.estimated_cents > 0 && task.total_cents() > task.estimated_cents
}

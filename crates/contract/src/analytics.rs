//! Analytics of a board's spending: trend, burn rate, breakdowns, overruns, earned value.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::budget::BudgetBasis;
use crate::metrics::{BurnRate, CostSplit, Profitability};
use crate::task::TaskStatus;
use crate::{Hours, Money, Percent};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Analytics {
    pub board_id: i64,
    /// The day "today" refers to.
    pub as_of: NaiveDate,
    /// Dates and "today" are calendar days in this time zone.
    pub time_zone: String,
    /// The budget's currency; null without a budget.
    pub currency: Option<String>,
    /// What the budget is kept on (`cost` without a budget): what the trend, the burn rate and
    /// earned value's actual cost measure.
    pub basis: BudgetBasis,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Cost dated before `from`: where the cumulative line starts.
    pub opening_cost: Money,
    /// One point per day of `from..=to`, days without cost included as zero.
    pub trend: Vec<TrendPoint>,
    pub burn_rate: BurnRate,
    pub breakdown: Breakdown,
    /// The [`OVERRUNS_SHOWN`] tasks whose total actual cost exceeds a non-zero estimate by the
    /// most, largest variance first (ties by task id); every task with its figures:
    /// `listTaskBreakdown`.
    pub overruns: Vec<Overrun>,
    /// How many tasks' total actual cost exceeds a non-zero estimate, `overruns` being the first
    /// of them.
    pub overrun_count: u64,
    pub earned_value: EarnedValue,
    pub utilisation: Utilisation,
    /// Revenue, cost, profit and margin by person and by month (by task: on each task's row of
    /// `listTaskBreakdown`); absent for viewers, who see no margins.
    pub profitability: Option<ProfitabilityBreakdown>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrendPoint {
    pub date: NaiveDate,
    /// Labour dated that day plus direct and resource costs incurred that day.
    pub cost: Money,
    /// opening_cost + every cost up to and including this day.
    pub cumulative: Money,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
/// The board's costs summed by assignee, by status and by kind. Each task's own figures are a
/// list of their own, read page by page (`listTaskBreakdown`), so the analytics answer stays
/// small whatever the board's size.
pub struct Breakdown {
    pub assignees: Vec<AssigneeBreakdown>,
    pub statuses: Vec<StatusBreakdown>,
    pub split: CostSplit,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaskBreakdown {
    pub task_id: i64,
    pub title: String,
    pub status: TaskStatus,
    pub assignee_id: Option<i64>,
    pub progress: i32,
    pub estimated: Money,
    pub labour: Money,
    pub direct: Money,
    pub resource: Money,
    pub total: Money,
    /// total − estimated.
    pub variance: Money,
    /// variance / estimated × 100; null when nothing is estimated.
    pub variance_percent: Option<Percent>,
    pub hours: Hours,
    pub over_budget: bool,
    /// The task's revenue (its entries' and expenses' billable amounts) against its total cost;
    /// absent for viewers, who see no margins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profitability: Option<Profitability>,
}

/// How many overruns the analytics answer lists.
pub const OVERRUNS_SHOWN: usize = 10;

wire_enum! {
    /// The order of a board's task breakdown: ascending by the named figure, descending with a
    /// leading `-`. Tasks with equal figures follow by task id, ascending, so paging never skips
    /// or repeats a task. Titles compare by their UTF-8 bytes on every database; tasks without an
    /// estimate (no variance percent) come last in both directions.
    #[derive(Default, Hash)]
    pub enum TaskBreakdownSort {
        Total = "total",
        #[default]
        TotalDesc = "-total",
        Variance = "variance",
        VarianceDesc = "-variance",
        VariancePercent = "variance_percent",
        VariancePercentDesc = "-variance_percent",
        Estimated = "estimated",
        EstimatedDesc = "-estimated",
        Hours = "hours",
        HoursDesc = "-hours",
        Title = "title",
        TitleDesc = "-title",
        Id = "id",
        IdDesc = "-id",
    }
}

/// Costs of the tasks assigned to one person (null id: unassigned tasks).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssigneeBreakdown {
    pub assignee_id: Option<i64>,
    pub display_name: Option<String>,
    pub tasks: u64,
    pub estimated: Money,
    pub labour: Money,
    pub direct: Money,
    pub resource: Money,
    pub total: Money,
    pub hours: Hours,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusBreakdown {
    pub status: TaskStatus,
    pub tasks: u64,
    pub estimated: Money,
    pub total: Money,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Overrun {
    pub task_id: i64,
    pub title: String,
    pub estimated: Money,
    pub total: Money,
    pub variance: Money,
    pub variance_percent: Percent,
}

/// Earned value management. Money in the budget's currency; ratios to four decimals; every
/// undefined figure (no budget, no due date, nothing spent) is null.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EarnedValue {
    /// Budget at completion: the allocated budget.
    pub bac: Option<Money>,
    /// Planned value: BAC × the elapsed share of the board's start..due window.
    pub pv: Option<Money>,
    /// Earned value: Σ estimated cost × progress / 100; on a `billable` budget, the budget's
    /// share of the work done: BAC × that sum / Σ estimated cost (0 when nothing is estimated).
    pub ev: Money,
    /// Actual cost: everything that spent the budget, on its basis.
    pub ac: Money,
    /// Cost performance index EV / AC (< 1: each unit of money buys less work than planned).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "0.9231"))]
    pub cpi: Option<Decimal>,
    /// Schedule performance index EV / PV (< 1: behind schedule).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "1.0417"))]
    pub spi: Option<Decimal>,
    /// Cost variance EV − AC.
    pub cv: Money,
    /// Schedule variance EV − PV.
    pub sv: Option<Money>,
    /// Estimate at completion BAC / CPI.
    pub eac: Option<Money>,
    /// Estimate to complete EAC − AC.
    pub etc: Option<Money>,
    /// Variance at completion BAC − EAC.
    pub vac: Option<Money>,
    /// To-complete performance index (BAC − EV) / (BAC − AC): the efficiency the rest of the
    /// work needs to finish on budget.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "1.1200"))]
    pub tcpi: Option<Decimal>,
}

/// Budget use against time use and the calendar.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Utilisation {
    /// spent / allocated × 100.
    pub budget_percent: Option<Percent>,
    /// spent hours / allocated hours × 100.
    pub time_percent: Option<Percent>,
    /// Elapsed share of the board's start..due window × 100.
    pub schedule_percent: Option<Percent>,
}

/// Where the board earns and loses: each line's revenue (billable amounts of its time entries
/// and expenses), cost, profit and margin. A task's is on its row of `listTaskBreakdown`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProfitabilityBreakdown {
    /// Every person who logged time or recorded an expense, by id; last, with no person, the
    /// resource costs (no one's hours) and expenses no one recorded.
    pub people: Vec<PersonProfitability>,
    /// Every month with a dated cost or revenue, oldest first: entries by work date, expenses
    /// and resource costs by the day incurred (a resource cost without a day is in no month).
    pub months: Vec<MonthProfitability>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonProfitability {
    pub user_id: Option<i64>,
    pub display_name: Option<String>,
    pub profitability: Profitability,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MonthProfitability {
    /// `YYYY-MM`.
    #[cfg_attr(feature = "openapi", schema(example = "2026-03"))]
    pub month: String,
    pub profitability: Profitability,
}

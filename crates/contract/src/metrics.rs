//! Live budget metrics of a board.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::budget::BudgetBasis;
use crate::{Hours, Money, Percent};

wire_enum! {
    pub enum BudgetStatus {
        /// Below the warning threshold.
        Ok = "ok",
        /// Utilisation ≥ warning threshold.
        Warning = "warning",
        /// Utilisation ≥ critical threshold.
        Critical = "critical",
        /// Utilisation ≥ 100 %.
        Over = "over",
        /// The board has no budget.
        NoBudget = "no_budget",
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BudgetMetrics {
    pub board_id: i64,
    /// The day "today" refers to (UTC).
    pub as_of: NaiveDate,
    pub status: BudgetStatus,
    pub currency: Option<String>,
    pub allocated_budget: Option<Money>,
    /// What the budget is kept on (`cost` without a budget): what `spent`, `remaining`,
    /// utilisation, status and burn rate measure.
    pub basis: BudgetBasis,
    /// What has spent the budget: on `cost`, labour + expenses + resource costs; on
    /// `billable`, the billable amounts of the time entries and expenses.
    pub spent: Money,
    /// allocated − spent; negative when over budget.
    pub remaining: Option<Money>,
    /// spent / allocated × 100; null without a budget or with a zero budget.
    pub utilisation_percent: Option<Percent>,
    pub warning_threshold: Option<i32>,
    pub critical_threshold: Option<i32>,
    pub allocated_hours: Option<Hours>,
    pub spent_hours: Hours,
    /// spent hours / allocated hours × 100; null when no hours are allocated.
    pub time_utilisation_percent: Option<Percent>,
    pub tasks: TaskCounts,
    pub cost_split: CostSplit,
    pub burn_rate: BurnRate,
    /// What the board earns against what it costs; absent for viewers, who see no margins.
    pub profitability: Option<Profitability>,
}

/// Revenue, cost, profit and margin, in the board's currency.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Profitability {
    /// The budget's fixed fee when one is agreed (for a board as a whole), else Σ billable
    /// amounts of the time entries and the expenses.
    pub revenue: Money,
    /// What was spent (labour, expenses, resources).
    pub cost: Money,
    /// revenue − cost; negative at a loss.
    pub profit: Money,
    /// profit / revenue × 100; null when revenue is 0.
    pub margin_percent: Option<Percent>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaskCounts {
    pub total: u64,
    pub completed: u64,
    /// Tasks whose total actual cost exceeds a non-zero estimate.
    pub over_budget: u64,
}

/// Where the money went: labour (time entries), direct (task actual_cost), resources.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CostSplit {
    pub labour: Money,
    pub direct: Money,
    pub resource: Money,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BurnRate {
    /// The window: the last `window_days` days up to and including `as_of`.
    pub window_days: u32,
    /// What spent the budget in the window (on its basis): entries by work date, expenses and
    /// resource costs by the day they were incurred.
    pub window_cost: Money,
    /// window_cost / window_days.
    pub daily: Money,
    /// 7 × daily.
    pub weekly: Money,
    /// remaining / daily (0 when already exhausted); null when nothing is burning or there is no budget.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "41.25"))]
    pub days_until_exhausted: Option<Decimal>,
    /// as_of + whole days until exhausted.
    pub exhaustion_date: Option<NaiveDate>,
}

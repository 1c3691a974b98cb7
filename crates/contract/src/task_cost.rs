//! What a task is expected to cost and what it has cost.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::{Hours, Money, Percent};

/// Replace a task's cost figures (PUT). Missing amounts are zero.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaskCostInput {
    #[serde(default, deserialize_with = "crate::money::wire::decimal")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "1200.00", pattern = r"^(0|[1-9][0-9]{0,9})(\.[0-9]{1,2})?$|^10000000000(\.0{1,2})?$"))]
    pub estimated_cost: Decimal,
    #[serde(default, deserialize_with = "crate::money::wire::decimal")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "16.00", pattern = r"^(0|[1-9][0-9]{0,5})(\.[0-9]{1,2})?$|^1000000(\.0{1,2})?$"))]
    pub estimated_hours: Decimal,
    /// Not taken any more: a task's direct costs are its expenses (`createExpense`). Kept only
    /// to refuse a request that still sends an amount (422 on `actual_cost`), so that no amount
    /// is dropped silently; zero or null is accepted and means nothing.
    #[serde(default, skip_serializing)]
    #[cfg_attr(feature = "openapi", schema(ignore))]
    pub actual_cost: Option<serde_json::Value>,
    /// The task's cost rate (level `task` of the rates: everyone's hours on this task, in the
    /// board's currency), set from today on; the first one set applies from the first day.
    /// Absent: no task cost rate from today on. The rates API keeps the whole dated history,
    /// billable rates and other currencies.
    #[serde(default, deserialize_with = "crate::money::wire::optional_decimal")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "75.00", pattern = r"^(0|[1-9][0-9]{0,5})(\.[0-9]{1,2})?$|^1000000(\.0{1,2})?$"))]
    pub hourly_rate: Option<Decimal>,
    /// Cost of resources used (equipment, cloud, contractors billed per task).
    #[serde(default, deserialize_with = "crate::money::wire::decimal")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "0.00", pattern = r"^(0|[1-9][0-9]{0,9})(\.[0-9]{1,2})?$|^10000000000(\.0{1,2})?$"))]
    pub resource_cost: Decimal,
    /// The day the resource cost was incurred (it counts in the burn rate on that day; each
    /// expense counts on its own day). Defaults to the day it was first recorded. A date from
    /// 1970-01-01 to 2200-12-31.
    #[serde(default, deserialize_with = "crate::date::bounded_option")]
    pub incurred_on: Option<NaiveDate>,
    /// Make `hourly_rate` the task's cost rate on every day, not from today on, and re-price every
    /// time entry already logged on the task at the rates in force on its work date. Without
    /// it, past entries keep the rates they were priced at.
    #[serde(default)]
    pub reprice_existing_entries: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaskCost {
    pub task_id: i64,
    pub estimated_cost: Money,
    pub estimated_hours: Hours,
    /// Direct, non-labour cost: Σ cost of the task's expenses, in the board's currency.
    /// Read-only: record, change or delete expenses to change it.
    pub actual_cost: Money,
    /// The task's cost rate today (level `task` of the rates), exact.
    pub hourly_rate: Option<Money>,
    pub resource_cost: Money,
    pub incurred_on: Option<NaiveDate>,
    /// Σ labour cost of the task's time entries.
    pub labour_cost: Money,
    pub logged_hours: Hours,
    /// actual_cost + resource_cost + labour_cost.
    pub total_actual_cost: Money,
    /// total_actual_cost − estimated_cost.
    pub variance: Money,
    /// variance / estimated_cost × 100; null when nothing is estimated.
    pub variance_percent: Option<Percent>,
    /// total_actual_cost > estimated_cost > 0.
    pub over_budget: bool,
    /// How many time entries this request re-rated (only with `reprice_existing_entries`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repriced_entries: Option<u64>,
    pub updated_at: Option<DateTime<Utc>>,
    /// Increases with every change; the ETag is derived from it (`If-Match`). 0 while no
    /// cost was ever recorded.
    pub version: i64,
}

//! A board's budget: money, hours, alert thresholds and currency.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::{Hours, Money};

wire_enum! {
    /// What a budget is kept on, and so what spends it.
    #[derive(Default, Hash)]
    pub enum BudgetBasis {
        /// What the work costs: the labour cost of the time entries, the cost of the expenses
        /// and the resource costs.
        #[default]
        Cost = "cost",
        /// What the work is billed for (a budget of fees): the billable amounts of the time
        /// entries and of the expenses, markup included. Hours and expenses that are not
        /// billable, and resource costs, spend none of it; they remain costs.
        Billable = "billable",
    }
}

/// Create or replace a board's budget (PUT). Send `If-Match` with the budget's ETag to refuse
/// overwriting someone else's newer edit (412).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BudgetInput {
    /// ≥ 0, with at most the currency's minor units: two decimals, none for JPY and KRW.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "50000.00", pattern = r"^(0|[1-9][0-9]{0,9})(\.[0-9]{1,2})?$|^10000000000(\.0{1,2})?$"))]
    #[serde(deserialize_with = "crate::money::wire::decimal")]
    pub allocated_budget: Decimal,
    /// ISO 4217 code, e.g. USD, EUR, GBP, INR, JPY. Default USD. A board's amounts are in its
    /// budget's currency; a currency without a minor unit (JPY, KRW) is refused (409
    /// `amounts_finer_than_currency`) while the board holds an amount with cents.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(pattern = r"^\s*[A-Za-z]{3}\s*$"))]
    pub currency: Option<String>,
    /// ≥ 0, at most two decimals.
    #[serde(default, deserialize_with = "crate::money::wire::optional_decimal")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "400.00", pattern = r"^(0|[1-9][0-9]{0,5})(\.[0-9]{1,2})?$|^1000000(\.0{1,2})?$"))]
    pub allocated_hours: Option<Decimal>,
    /// Percent of the budget spent that raises a warning: 1 ≤ warning < critical. Default 80.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 99))]
    pub warning_threshold: Option<i32>,
    /// Percent that raises a critical alert: warning < critical ≤ 100. Default 95.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 2, maximum = 100))]
    pub critical_threshold: Option<i32>,
    /// Default true.
    #[serde(default)]
    pub ai_optimization_enabled: Option<bool>,
    /// What the budget is kept on: `cost` (default) or `billable` amounts. Spent, remaining,
    /// utilisation, status, burn rate, trend, earned value and forecast measure the budget on
    /// it; cost, revenue and profit do not change with it.
    #[serde(default)]
    pub basis: Option<BudgetBasis>,
    /// What the client pays for the whole work, whatever it takes; when set it is the board's
    /// revenue (instead of the billable amounts of its entries and expenses). ≥ 0, in the
    /// budget's currency.
    #[serde(default, deserialize_with = "crate::money::wire::optional_decimal")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "60000.00", pattern = r"^(0|[1-9][0-9]{0,9})(\.[0-9]{1,2})?$|^10000000000(\.0{1,2})?$"))]
    pub fixed_fee: Option<Decimal>,
    /// Default false. When true and the money (on the budget's basis) or the hours are spent,
    /// new time entries and expenses are refused (409 `budget_exhausted`), except for board
    /// admins, whose writes past the stop are audited.
    #[serde(default)]
    pub hard_stop: Option<bool>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Budget {
    pub board_id: i64,
    pub allocated_budget: Money,
    pub currency: String,
    pub allocated_hours: Option<Hours>,
    pub warning_threshold: i32,
    pub critical_threshold: i32,
    pub ai_optimization_enabled: bool,
    /// What the budget is kept on, and so what spends it.
    pub basis: BudgetBasis,
    /// The fixed fee, when agreed: the board's revenue.
    pub fixed_fee: Option<Money>,
    /// New time entries and expenses are refused once the money or hours are spent (board
    /// admins excepted).
    pub hard_stop: bool,
    pub last_ai_analysis: Option<DateTime<Utc>>,
    pub created_by: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Increases with every change; the ETag is derived from it.
    pub version: i64,
}

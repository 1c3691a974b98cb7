//! Return on investment of a board: snapshots of expected and realised value against
//! the cost spent, the current ROI, and the change between two snapshots.
//!
//! ROI % = (value − total cost) / total cost × 100, rounded half-to-even to two decimals; null
//! when the total cost is zero (undefined, never infinite).

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::{Money, Percent};

/// Take a snapshot (POST): the value the board is expected to deliver and the value delivered
/// so far. The cost side is the board's current spend, read by the server.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewRoiSnapshot {
    /// ≥ 0, with at most the minor units of the board's currency. Required.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "12000.00", pattern = r"^(0|[1-9][0-9]{0,9})(\.[0-9]{1,2})?$|^10000000000(\.0{1,2})?$"))]
    #[serde(deserialize_with = "crate::money::wire::decimal")]
    pub expected_value: Decimal,
    /// ≥ 0, with at most the minor units of the board's currency. Absent means nothing realised
    /// yet: 0.
    #[serde(default, deserialize_with = "crate::money::wire::optional_decimal")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "8750.00", pattern = r"^(0|[1-9][0-9]{0,9})(\.[0-9]{1,2})?$|^10000000000(\.0{1,2})?$"))]
    pub realized_value: Option<Decimal>,
    /// Take the board's revenue at this moment as the realised value (its fixed fee when one
    /// is agreed, else the billable amounts of its entries and expenses) instead of a
    /// `realized_value`, which must then be absent. Default false.
    #[serde(default)]
    pub realized_value_from_revenue: bool,
}

/// A stored ROI snapshot with every figure derived from it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoiSnapshot {
    pub id: i64,
    pub board_id: i64,
    /// When the snapshot was taken (UTC).
    pub snapshot_date: DateTime<Utc>,
    pub created_by: i64,
    pub expected_value: Money,
    pub realized_value: Money,
    /// The board's spent (labour + direct + resource) when the snapshot was taken.
    pub total_cost: Money,
    /// (expected value − total cost) / total cost × 100; null when the total cost is 0.
    pub expected_roi_percent: Option<Percent>,
    /// (realised value − total cost) / total cost × 100; null when the total cost is 0.
    pub realized_roi_percent: Option<Percent>,
    pub completed_tasks: u64,
    pub total_tasks: u64,
    /// completed / total × 100; null on a board without tasks.
    pub completion_rate_percent: Option<Percent>,
    /// total cost / completed tasks; null when no task is completed.
    pub cost_per_completed_task: Option<Money>,
    /// 0 (calm) to 100 (alarming), from the budget's utilisation, the share of tasks over their
    /// estimate and the budget status (see the domain's `roi::risk_score`); null on a board
    /// without a budget.
    pub risk_score: Option<i32>,
    /// Short plain-language statements generated from the figures above.
    pub insights: Vec<String>,
}

/// The board's ROI now: today's cost and task counts, set against the value of the latest
/// snapshot.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CurrentRoi {
    pub board_id: i64,
    /// The board's spent now.
    pub total_cost: Money,
    pub completed_tasks: u64,
    pub total_tasks: u64,
    /// completed / total × 100; null on a board without tasks.
    pub completion_rate_percent: Option<Percent>,
    /// total cost / completed tasks; null when no task is completed.
    pub cost_per_completed_task: Option<Money>,
    /// The latest snapshot's values; null when the board has no snapshot yet.
    pub expected_value: Option<Money>,
    pub realized_value: Option<Money>,
    /// The latest snapshot's values against the cost *now*; null without a snapshot or when the
    /// cost is 0.
    pub expected_roi_percent: Option<Percent>,
    pub realized_roi_percent: Option<Percent>,
    /// When the values used above were recorded; null without a snapshot.
    pub valued_at: Option<DateTime<Utc>>,
    /// The latest snapshots (at most 5), newest first.
    pub latest_snapshots: Vec<RoiSnapshot>,
}

/// How a money figure moved between two snapshots.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MoneyChange {
    pub from: Option<Money>,
    pub to: Option<Money>,
    /// to − from; null when either side is null.
    pub change: Option<Money>,
    /// change / |from| × 100 (positive means it went up); null when from is 0 or either side
    /// is null.
    pub change_percent: Option<Percent>,
}

/// How a percentage moved between two snapshots; `change` is in percentage points.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PercentChange {
    pub from: Option<Percent>,
    pub to: Option<Percent>,
    /// to − from, in percentage points; null when either side is null.
    pub change: Option<Percent>,
    /// change / |from| × 100; null when from is 0 or either side is null.
    pub change_percent: Option<Percent>,
}

/// How a count (tasks, risk score) moved between two snapshots.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CountChange {
    pub from: Option<i64>,
    pub to: Option<i64>,
    /// to − from; null when either side is null.
    pub change: Option<i64>,
    /// change / |from| × 100; null when from is 0 or either side is null.
    pub change_percent: Option<Percent>,
}

/// The change of every numeric field of a snapshot.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoiChanges {
    pub expected_value: MoneyChange,
    pub realized_value: MoneyChange,
    pub total_cost: MoneyChange,
    pub expected_roi_percent: PercentChange,
    pub realized_roi_percent: PercentChange,
    pub completed_tasks: CountChange,
    pub total_tasks: CountChange,
    pub completion_rate_percent: PercentChange,
    pub cost_per_completed_task: MoneyChange,
    pub risk_score: CountChange,
}

/// Two snapshots of one board and what changed from the first to the second. Changes are taken
/// between the figures as shown (in the currency's minor units), so `to − from` can be checked
/// by hand.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoiComparison {
    pub from: RoiSnapshot,
    pub to: RoiSnapshot,
    pub changes: RoiChanges,
}

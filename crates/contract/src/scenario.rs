//! What-if scenarios: changes to a board's plan, answered by the forecast with and without them.
//! Nothing in a scenario changes the board's data.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::forecast::CostInterval;
use crate::{Money, Percent};

/// The changes to try. Every list may be empty (an empty scenario answers the baseline twice)
/// and holds at most 50 changes.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScenarioInput {
    /// A new allocated budget, in the budget's currency.
    #[serde(default, deserialize_with = "crate::money::wire::optional_decimal")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "60000.00"))]
    pub budget: Option<Decimal>,
    /// A new due date, after today: the horizon of the forecast.
    #[serde(default, deserialize_with = "crate::date::bounded_option")]
    pub due_date: Option<NaiveDate>,
    /// Fixed costs per day from a day on (a licence, a rented room).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 50))]
    pub daily_costs: Vec<DailyCostChange>,
    /// People added (hours per week at an hourly cost) or taken away (negative hours).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 50))]
    pub people: Vec<PeopleChange>,
    /// A person's cost rate from a day on, applied to their recent hours (their last 28 days
    /// on the board).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 50))]
    pub rates: Vec<RateChange>,
    /// Tasks added (no `task_id`), re-estimated, or removed (an estimate of 0).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 50))]
    pub tasks: Vec<TaskChange>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DailyCostChange {
    /// Per day, ≥ 0, in the budget's currency.
    #[serde(deserialize_with = "crate::money::wire::decimal")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "120.00"))]
    pub amount: Decimal,
    /// The first day it is paid, after today.
    #[serde(deserialize_with = "crate::date::bounded")]
    pub from: NaiveDate,
    /// The last day it is paid; none: to the end.
    #[serde(default, deserialize_with = "crate::date::bounded_option")]
    pub until: Option<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PeopleChange {
    /// Hours a week: positive for someone added, negative for time taken away; at most 168
    /// either way, two decimals.
    #[serde(deserialize_with = "crate::money::wire::decimal")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "20.00"))]
    pub hours_per_week: Decimal,
    /// What an hour costs, in the budget's currency.
    #[serde(deserialize_with = "crate::money::wire::decimal")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "85.00"))]
    pub hourly_cost: Decimal,
    /// The first day, after today.
    #[serde(deserialize_with = "crate::date::bounded")]
    pub from: NaiveDate,
    /// The last day; none: to the end.
    #[serde(default, deserialize_with = "crate::date::bounded_option")]
    pub until: Option<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RateChange {
    /// A person who logged time on the board in the last 28 days.
    pub user_id: i64,
    /// Their new cost rate per hour, in the budget's currency.
    #[serde(deserialize_with = "crate::money::wire::decimal")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "95.00"))]
    pub cost_rate: Decimal,
    /// The first day at the new rate, after today.
    #[serde(deserialize_with = "crate::date::bounded")]
    pub from: NaiveDate,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaskChange {
    /// A task of the board to re-estimate or remove; none for a task added.
    #[serde(default)]
    pub task_id: Option<i64>,
    /// Its estimated cost: 0 removes a task from the scope.
    #[serde(deserialize_with = "crate::money::wire::decimal")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "4000.00"))]
    pub estimated_cost: Decimal,
}

/// The forecast without and with the changes, by the same method and seed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScenarioEvaluation {
    pub board_id: i64,
    pub as_of: NaiveDate,
    pub currency: Option<String>,
    pub method: String,
    pub baseline: ScenarioOutcome,
    pub scenario: ScenarioOutcome,
    /// scenario − baseline.
    pub difference: ScenarioDifference,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScenarioOutcome {
    pub projected_cost_at_completion: Money,
    pub interval_80: CostInterval,
    pub probability_over_budget: Option<Percent>,
    pub projected_exhaustion_date: Option<NaiveDate>,
    pub budget: Option<Money>,
    pub due_date: Option<NaiveDate>,
    /// (expected value − projected cost) / projected cost × 100, with the expected value of the
    /// latest ROI snapshot; null without one or without cost.
    pub roi_percent: Option<Percent>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScenarioDifference {
    pub projected_cost_at_completion: Money,
    /// In percentage points.
    pub probability_over_budget: Option<Percent>,
    /// Days later (negative: earlier) the budget runs out; null unless both run out.
    pub exhaustion_days: Option<i64>,
    /// In percentage points.
    pub roi_percent: Option<Percent>,
}

/// A scenario kept under a name, to evaluate again against the data of the day it is read.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SavedScenario {
    pub id: i64,
    pub board_id: i64,
    pub name: String,
    /// The changes as they were saved.
    pub changes: ScenarioInput,
    /// None once the person's account is gone.
    pub created_by: Option<i64>,
    pub created_at: DateTime<Utc>,
}

/// To keep a scenario: its name (unique on the board) and its changes, checked as a preview
/// checks them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewScenario {
    /// 1 to 200 characters, trimmed.
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 200,
            pattern = r"^[^\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]*\S[^\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]*$"
        )
    )]
    pub name: String,
    pub changes: ScenarioInput,
}

/// A change of stored changes that no longer applies as it was written, and what became of it
/// when they were evaluated today.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScenarioAdjustment {
    /// The field of the stored changes, e.g. `daily_costs[0].from`.
    pub field: String,
    pub adjustment: AdjustmentKind,
    /// Why, in words.
    pub reason: String,
}

wire_enum! {
    /// What became of a stored change that no longer applies as written.
    pub enum AdjustmentKind {
        /// Its first day has passed: it starts tomorrow.
        MovedToTomorrow = "moved_to_tomorrow",
        /// Its days have passed, its task is gone, or its person has no recent time: left out.
        LeftOut = "left_out",
    }
}

/// Stored changes evaluated against today's data: dates that have passed move to tomorrow and
/// changes that no longer apply are left out (each listed in `adjustments`), then the changes
/// applied are evaluated as a preview evaluates them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScenarioResult {
    /// The changes as evaluated today.
    pub applied: ScenarioInput,
    pub adjustments: Vec<ScenarioAdjustment>,
    pub evaluation: ScenarioEvaluation,
}

/// A saved scenario and its evaluation against today's data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SavedScenarioResult {
    pub scenario: SavedScenario,
    pub result: ScenarioResult,
}

/// Several saved scenarios against one baseline, today.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScenarioComparison {
    pub board_id: i64,
    pub as_of: NaiveDate,
    pub currency: Option<String>,
    pub method: String,
    pub baseline: ScenarioOutcome,
    /// In the order asked.
    pub scenarios: Vec<ComparedScenario>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ComparedScenario {
    pub id: i64,
    pub name: String,
    pub adjustments: Vec<ScenarioAdjustment>,
    pub outcome: ScenarioOutcome,
    /// outcome − baseline.
    pub difference: ScenarioDifference,
}

//! The budget optimiser: health analysis, recommendations people act on, overrun
//! prediction, learned cost patterns and resource suggestions. Every answer says which engine
//! produced it (`builtin`, `gemini`, `openai`) and, when an LLM failed, why builtin answered.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::forecast::Forecast;
use crate::metrics::BudgetStatus;
use crate::scenario::ScenarioInput;
use crate::task::Priority;
use crate::{Hours, Money, Percent};

wire_enum! {
    #[derive(Hash, PartialOrd, Ord)]
    pub enum RecommendationType {
        Reallocation = "reallocation",
        ScopeCut = "scope_cut",
        ResourceOptimization = "resource_optimization",
        RiskMitigation = "risk_mitigation",
        EfficiencyImprovement = "efficiency_improvement",
        TimelineChange = "timeline_change",
    }
}

wire_enum! {
    #[derive(Hash)]
    pub enum RecommendationStatus {
        Pending = "pending",
        Accepted = "accepted",
        Rejected = "rejected",
        Implemented = "implemented",
    }
}

wire_enum! {
    /// Which engine produced an answer.
    #[derive(Hash)]
    pub enum AiSource {
        /// The built-in statistical engine (no network).
        Builtin = "builtin",
        Gemini = "gemini",
        Openai = "openai",
    }
}

/// How an answer came about.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Provenance {
    pub source: AiSource,
    /// The LLM model, when an LLM answered.
    pub model: Option<String>,
    /// Set when the configured LLM did not give a usable answer and builtin answered instead.
    pub fallback_reason: Option<String>,
    pub generated_at: DateTime<Utc>,
}

wire_enum! {
    pub enum Severity {
        Low = "low",
        Medium = "medium",
        High = "high",
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Risk {
    pub title: String,
    pub severity: Severity,
    pub detail: String,
}

/// The figures an analysis is based on, so each statement can be checked against the data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KeyFigures {
    pub allocated_budget: Option<Money>,
    pub spent: Money,
    pub remaining: Option<Money>,
    pub utilisation_percent: Option<Percent>,
    pub time_utilisation_percent: Option<Percent>,
    pub daily_burn: Money,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "41.25"))]
    pub days_until_exhausted: Option<Decimal>,
    pub projected_cost_at_completion: Money,
    pub probability_over_budget: Option<Percent>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "0.9231"))]
    pub cpi: Option<Decimal>,
    pub tasks_total: u64,
    pub tasks_completed: u64,
    pub tasks_over_budget: u64,
}

/// Budget health: a 0–100 score (100 = healthy), the status, top risks and a summary.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BudgetAnalysis {
    pub board_id: i64,
    pub health_score: i32,
    pub status: BudgetStatus,
    pub risks: Vec<Risk>,
    pub summary: String,
    pub key_figures: KeyFigures,
    pub provenance: Provenance,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Recommendation {
    pub id: i64,
    pub board_id: i64,
    pub recommendation_type: RecommendationType,
    pub title: String,
    pub description: String,
    /// In the budget's currency.
    pub estimated_savings: Money,
    /// 0–100.
    pub confidence_score: i32,
    pub priority: Priority,
    pub status: RecommendationStatus,
    pub reasoning: String,
    /// The patterns or figures the recommendation rests on.
    pub based_on: serde_json::Value,
    pub source: AiSource,
    pub created_at: DateTime<Utc>,
    pub reviewed_by: Option<i64>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub realized_savings: Option<Money>,
    pub review_note: Option<String>,
    /// The changes to the plan that carry it out, when the forecast can model them (tasks
    /// deferred, work moved between people), to try as a what-if scenario: its effect, against
    /// today's data, is `getRecommendationScenario`.
    pub scenario: Option<ScenarioInput>,
    /// Increases with every change; the ETag is derived from it (`If-Match`).
    pub version: i64,
}

/// The outcome of generating recommendations: the new ones and the pending ones they repeated.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecommendationBatch {
    pub board_id: i64,
    /// Every recommendation of this run, newly stored or already pending.
    pub recommendations: Vec<Recommendation>,
    pub created: u32,
    /// Answers that matched a pending recommendation of the same type and title.
    pub already_pending: u32,
    pub provenance: Provenance,
}

/// What drives a predicted overrun, with its weight in money.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Driver {
    pub name: String,
    pub detail: String,
    pub impact: Money,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OverrunPrediction {
    pub board_id: i64,
    /// True when the projected cost at completion exceeds the budget.
    pub will_exceed_budget: bool,
    pub forecast: Forecast,
    pub narrative: String,
    pub drivers: Vec<Driver>,
    pub provenance: Provenance,
}

wire_enum! {
    /// The kinds of recurring cost pattern the optimiser learns from a board's data.
    pub enum PatternType {
        /// Tasks of one priority cost more than their estimates.
        PriorityOverrun = "priority_overrun",
        /// One person's tasks cost more than their estimates.
        AssigneeOverrun = "assignee_overrun",
        /// Cost lands on the weekend, or peaks on one weekday.
        WeekdayBurn = "weekday_burn",
        /// Finished tasks end up over (or under) their estimates.
        EstimateBias = "estimate_bias",
    }
}

/// A recurring cost pattern of the board, learned from its data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CostPattern {
    pub name: String,
    /// The kind of pattern: `priority_overrun`, `assignee_overrun`, `weekday_burn` or
    /// `estimate_bias`. A string, so that a client keeps working when a kind is added.
    pub pattern_type: String,
    pub description: String,
    pub data: serde_json::Value,
    /// 0–1: how consistently the data shows it.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "0.75"))]
    pub confidence: Decimal,
    pub occurrence_count: i32,
    pub last_occurred: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PatternReport {
    pub board_id: i64,
    pub patterns: Vec<CostPattern>,
    pub provenance: Provenance,
}

wire_enum! {
    pub enum LoadStatus {
        Overloaded = "overloaded",
        Balanced = "balanced",
        Underused = "underused",
    }
}

/// One person's work on the board against the estimates of the tasks assigned to them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonLoad {
    pub user_id: i64,
    pub display_name: String,
    pub hourly_rate: Option<Money>,
    pub assigned_tasks: u64,
    pub open_tasks: u64,
    pub estimated_hours: Hours,
    pub logged_hours: Hours,
    /// Hours left on their open tasks (estimate − logged, not below zero).
    pub remaining_hours: Hours,
    pub status: LoadStatus,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reassignment {
    pub task_id: i64,
    pub task_title: String,
    pub from_user_id: i64,
    pub to_user_id: i64,
    pub hours: Hours,
    /// hours × (from rate − to rate).
    pub expected_savings: Money,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResourcePlan {
    pub board_id: i64,
    pub people: Vec<PersonLoad>,
    pub reassignments: Vec<Reassignment>,
    pub summary: String,
    pub provenance: Provenance,
}

wire_enum! {
    pub enum ReviewAction {
        Accept = "accept",
        Reject = "reject",
        Implement = "implement",
    }
}

/// pending → accepted | rejected; accepted → implemented. Anything else is 409.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecommendationActionInput {
    pub action: ReviewAction,
    /// Only with `implement`: the savings actually realised (≥ 0).
    #[serde(default, deserialize_with = "crate::money::wire::optional_decimal")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "1200.00", pattern = r"^(0|[1-9][0-9]{0,9})(\.[0-9]{1,2})?$|^10000000000(\.0{1,2})?$"))]
    pub realized_savings: Option<Decimal>,
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 2000,
            pattern = r"^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*$"
        )
    )]
    pub note: Option<String>,
}

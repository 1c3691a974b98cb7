//! Alert rules on a board's budget, their firings, the events they and the optimiser emit, and
//! the in-app notifications those events feed.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::{Hours, Money, Percent};

wire_enum! {
    /// What an alert rule watches. A rule fires once when its condition becomes true and fires
    /// again only after the condition was false in between.
    #[derive(Hash)]
    pub enum AlertRuleKind {
        /// Money spent on the budget's basis ≥ `threshold` percent of the budget.
        MoneyUsedAtLeast = "money_used_at_least",
        /// Hours logged ≥ `threshold` percent of the budget's hours (never without hours).
        HoursUsedAtLeast = "hours_used_at_least",
        /// Days until the budget is exhausted at the current burn rate < `threshold` days.
        DaysUntilExhaustedBelow = "days_until_exhausted_below",
        /// The forecast's exhaustion date falls before the board's due date (no threshold;
        /// never without a due date).
        ExhaustionBeforeDueDate = "exhaustion_before_due_date",
        /// The forecast's probability of finishing over budget ≥ `threshold` percent.
        OverrunProbabilityAtLeast = "overrun_probability_at_least",
        /// The cost performance index (earned value / actual cost) < `threshold`.
        CpiBelow = "cpi_below",
    }
}

impl AlertRuleKind {
    /// Whether the rule takes a threshold (every kind but `exhaustion_before_due_date`).
    pub const fn takes_threshold(self) -> bool {
        !matches!(self, Self::ExhaustionBeforeDueDate)
    }

    /// The event a firing of this rule emits.
    pub const fn event(self) -> EventType {
        match self {
            Self::MoneyUsedAtLeast | Self::HoursUsedAtLeast | Self::CpiBelow => {
                EventType::BudgetThresholdCrossed
            }
            Self::DaysUntilExhaustedBelow | Self::ExhaustionBeforeDueDate => {
                EventType::BudgetExhaustionPredicted
            }
            Self::OverrunProbabilityAtLeast => EventType::BudgetOverrunProbable,
        }
    }
}

wire_enum! {
    /// The events the tracker emits: written to its outbox with their cause and delivered to
    /// the people who can see the board as notifications.
    #[derive(Hash)]
    pub enum EventType {
        /// A money, hours or CPI rule fired.
        BudgetThresholdCrossed = "budget.threshold_crossed",
        /// A days-until-exhausted or exhaustion-before-due-date rule fired.
        BudgetExhaustionPredicted = "budget.exhaustion_predicted",
        /// An overrun-probability rule fired.
        BudgetOverrunProbable = "budget.overrun_probable",
        /// A money rule at 100 % or more fired: the budget is spent.
        BudgetExceeded = "budget.exceeded",
        /// The optimiser stored a recommendation.
        RecommendationCreated = "recommendation.created",
        /// A recommendation was accepted, rejected or implemented.
        RecommendationStatusChanged = "recommendation.status_changed",
        /// A repricing was applied: entries priced again at the rates in force today.
        RepricingApplied = "repricing.applied",
        /// A webhook endpoint was disabled after repeated failures (a notification to its
        /// admins only; never sent to webhooks).
        WebhookEndpointDisabled = "webhook.endpoint_disabled",
    }
}

/// A new alert rule (board admins).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewAlertRule {
    pub kind: AlertRuleKind,
    /// Percent for the `…_at_least` kinds (0.01 to 1000, up to two decimals; the overrun
    /// probability at most 100), days for `days_until_exhausted_below` (0.01 to 1000), the index
    /// for `cpi_below` (0.01 to 1000); absent for `exhaustion_before_due_date`.
    #[serde(default, deserialize_with = "crate::money::wire::optional_decimal")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "90"))]
    pub threshold: Option<Decimal>,
    /// Default true. An inactive rule is not evaluated.
    #[serde(default)]
    pub active: Option<bool>,
}

/// A change to an alert rule: the fields sent replace the stored ones. A new threshold re-arms
/// the rule (its condition is judged afresh).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AlertRuleUpdate {
    /// As in [`NewAlertRule::threshold`].
    #[serde(default, deserialize_with = "crate::money::wire::optional_decimal")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "90"))]
    pub threshold: Option<Decimal>,
    #[serde(default)]
    pub active: Option<bool>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AlertRule {
    pub id: i64,
    pub board_id: i64,
    pub kind: AlertRuleKind,
    /// Two decimals; null for `exhaustion_before_due_date`.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "90.00"))]
    pub threshold: Option<Decimal>,
    pub active: bool,
    /// True while the rule may fire: it turns false when the rule fires and true again once
    /// its condition is false.
    pub armed: bool,
    pub last_fired_at: Option<DateTime<Utc>>,
    /// None for the rules created with the budget, or once the person's account is gone.
    pub created_by: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The figures an evaluation read, as they were when a rule fired. Absent figures were
/// undefined (no budget hours, nothing burning, no forecast needed).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AlertFigures {
    pub as_of: Option<NaiveDate>,
    pub currency: Option<String>,
    pub allocated_budget: Option<Money>,
    pub spent: Option<Money>,
    pub utilisation_percent: Option<Percent>,
    pub allocated_hours: Option<Hours>,
    pub spent_hours: Option<Hours>,
    pub time_utilisation_percent: Option<Percent>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "12.50"))]
    pub days_until_exhausted: Option<Decimal>,
    pub projected_exhaustion_date: Option<NaiveDate>,
    pub due_date: Option<NaiveDate>,
    pub probability_over_budget: Option<Percent>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "0.9231"))]
    pub cpi: Option<Decimal>,
}

/// A rule's firing: when, and the figures that made its condition true.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AlertFiring {
    pub id: i64,
    /// None once the rule is deleted.
    pub rule_id: Option<i64>,
    pub board_id: i64,
    pub kind: AlertRuleKind,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "90.00"))]
    pub threshold: Option<Decimal>,
    /// The event the firing emitted.
    pub event_type: EventType,
    /// The event's id in the outbox.
    pub event_id: String,
    pub fired_at: DateTime<Utc>,
    pub figures: AlertFigures,
}

/// One notification of the caller: an event on a board they can see.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notification {
    pub id: i64,
    pub event_id: String,
    pub event_type: EventType,
    pub board_id: Option<i64>,
    /// A sentence for people; may change.
    pub message: String,
    /// The event's payload: for a firing, the rule and its figures; for a recommendation, its
    /// id and status.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub payload: serde_json::Value,
    pub created_at: DateTime<Utc>,
    /// When the caller marked it read; null while unread.
    pub read_at: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnreadCount {
    pub unread: u64,
}

/// What marking every notification read did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MarkedRead {
    /// Notifications that were unread and are read now.
    pub marked: u64,
}

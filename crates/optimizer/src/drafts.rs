//! What an engine (builtin or LLM) answers, before it is stored or shown. Amounts are in cents so
//! that checks against the board's figures are exact.

use budget_contract::optimizer::{
    Driver, KeyFigures, PatternType, PersonLoad, Reassignment, RecommendationType, Risk,
};
use budget_contract::scenario::ScenarioInput;
use budget_contract::task::Priority;
use rust_decimal::Decimal;
use serde_json::Value;

#[derive(Clone, Debug, PartialEq)]
pub struct AnalysisDraft {
    /// 0–100, 100 = healthy.
    pub health_score: i32,
    pub risks: Vec<Risk>,
    pub summary: String,
    pub key_figures: KeyFigures,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RecommendationDraft {
    pub kind: RecommendationType,
    pub title: String,
    pub description: String,
    pub estimated_savings_cents: i64,
    /// 0–100.
    pub confidence: i32,
    pub priority: Priority,
    pub reasoning: String,
    /// The figures or pattern names it rests on.
    pub based_on: Value,
    /// The changes to the plan that carry it out, when the forecast can model them.
    pub scenario: Option<ScenarioInput>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PredictionDraft {
    pub narrative: String,
    pub drivers: Vec<Driver>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PatternDraft {
    /// Unique per board: the key patterns are upserted on.
    pub name: String,
    pub pattern_type: PatternType,
    pub description: String,
    pub data: Value,
    /// 0–1, two decimals.
    pub confidence: Decimal,
    pub occurrence_count: i32,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ResourceDraft {
    pub people: Vec<PersonLoad>,
    pub reassignments: Vec<Reassignment>,
    pub summary: String,
}

/// Recommendations per answer: fewer is not advice, more is noise.
pub const MIN_RECOMMENDATIONS: usize = 3;
pub const MAX_RECOMMENDATIONS: usize = 7;

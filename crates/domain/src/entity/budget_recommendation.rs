use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "budget_recommendation")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub board_id: i64,
    pub recommendation_type: String,
    pub title: String,
    pub description: String,
    pub estimated_savings_cents: i64,
    pub confidence_score: i32,
    pub priority: String,
    pub status: String,
    pub ai_reasoning: String,
    pub based_on_patterns: Option<Json>,
    pub source: String,
    pub created_at: DateTimeUtc,
    pub reviewed_by: Option<i64>,
    pub reviewed_at: Option<DateTimeUtc>,
    pub realized_savings_cents: Option<i64>,
    pub review_note: Option<String>,
    /// The changes to the plan that carry it out: a `ScenarioInput` as JSON.
    pub scenario_json: Option<String>,
    /// Raised by every change; the resource's ETag.
    pub version: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

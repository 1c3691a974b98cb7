use sea_orm::entity::prelude::*;

/// One optimiser analysis of a board's budget, as answered.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "budget_analysis")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub board_id: i64,
    /// The engine that answered: builtin, gemini or openai.
    pub source: String,
    pub health_score: i32,
    /// The analysis as the API answered it.
    pub analysis: Json,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "project_roi")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub board_id: i64,
    pub expected_value_cents: i64,
    pub realized_value_cents: i64,
    pub total_cost_cents: i64,
    pub roi_basis_points: Option<i64>,
    pub completed_tasks: i32,
    pub total_tasks: i32,
    pub snapshot_date: DateTimeUtc,
    pub created_by: i64,
    pub ai_insights: Option<Json>,
    pub ai_risk_score: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

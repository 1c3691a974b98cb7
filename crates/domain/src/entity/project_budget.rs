use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "project_budget")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub board_id: i64,
    pub allocated_budget_cents: i64,
    pub currency: String,
    pub allocated_centihours: Option<i64>,
    pub warning_threshold: i32,
    pub critical_threshold: i32,
    /// What the client pays for the whole work, when agreed; the board's revenue then.
    pub fixed_fee_cents: Option<i64>,
    /// What the budget is kept on: a `BudgetBasis` wire name.
    pub basis: String,
    pub ai_optimization_enabled: bool,
    /// New time entries and expenses are refused once the money or hours are spent.
    pub hard_stop: bool,
    pub last_ai_analysis: Option<DateTimeUtc>,
    pub created_by: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

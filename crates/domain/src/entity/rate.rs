use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "rate")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The level and its keys in one text (`task:12`, `board_member:3:7`): one row per scope and
    /// day.
    pub scope: String,
    pub level: String,
    pub organization_id: Option<i64>,
    pub board_id: Option<i64>,
    pub task_id: Option<i64>,
    pub user_id: Option<i64>,
    pub valid_from: Date,
    pub cost_rate_cents: Option<i64>,
    /// None: the board's budget currency.
    pub cost_currency: Option<String>,
    pub billable_rate_cents: Option<i64>,
    /// None: the board's budget currency.
    pub billable_currency: Option<String>,
    pub created_by: Option<i64>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "time_entry")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub board_id: i64,
    pub task_id: i64,
    pub user_id: i64,
    pub centihours: i32,
    pub work_date: Date,
    pub description: String,
    pub is_billable: bool,
    pub hourly_rate_cents: Option<i64>,
    pub labour_cost_cents: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// Raised by every change; the resource's ETag.
    pub version: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

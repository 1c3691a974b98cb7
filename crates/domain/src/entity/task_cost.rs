use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "task_cost")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub task_id: i64,
    pub estimated_cost_cents: i64,
    pub estimated_centihours: i64,
    pub actual_cost_cents: i64,
    pub resource_cost_cents: i64,
    pub incurred_on: Option<Date>,
    pub updated_at: DateTimeUtc,
    /// Raised by every change; the resource's ETag.
    pub version: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

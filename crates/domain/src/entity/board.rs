use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "board")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub name: String,
    pub organization_id: Option<i64>,
    pub created_by: i64,
    pub start_date: Date,
    pub due_date: Option<Date>,
    pub created_at: DateTimeUtc,
    /// How a stopped timer's time is rounded (`TimeRounding` wire names).
    pub time_rounding: String,
    /// Whether editors may log time on behalf of others.
    pub editors_log_for_others: bool,
    /// Raised by every change; the resource's ETag.
    pub version: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

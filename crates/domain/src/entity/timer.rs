use sea_orm::entity::prelude::*;

/// A running timer: at most one per person.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "timer")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    pub board_id: i64,
    pub task_id: i64,
    pub started_at: DateTimeUtc,
    /// The person's offset from UTC when it started, minutes: its days end at this offset's
    /// midnights.
    pub utc_offset_minutes: i32,
    pub description: String,
    pub is_billable: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

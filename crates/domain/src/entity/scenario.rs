use sea_orm::entity::prelude::*;

/// A what-if scenario kept under a name: one name per board.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "scenario")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub board_id: i64,
    pub name: String,
    /// The changes as saved: a `ScenarioInput` as JSON.
    pub changes_json: String,
    /// None once the person's account is gone.
    pub created_by: Option<i64>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

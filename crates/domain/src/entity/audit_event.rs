use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_event")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub actor_id: Option<i64>,
    pub board_id: Option<i64>,
    /// Set on a deleted board's events: the organisation the board belonged to.
    pub organization_id: Option<i64>,
    pub entity_type: String,
    pub entity_id: i64,
    pub action: String,
    pub old_value: Option<Json>,
    pub new_value: Option<Json>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

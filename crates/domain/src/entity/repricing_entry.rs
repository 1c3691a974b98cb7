use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "repricing_entry")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub repricing_id: i64,
    pub entry_id: i64,
    pub task_id: i64,
    pub user_id: i64,
    pub work_date: Date,
    pub centihours: i64,
    /// The price replaced, as JSON.
    pub old_price: String,
    /// The price set, as JSON.
    pub new_price: String,
    /// The entry's version the repricing left.
    pub version_after: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

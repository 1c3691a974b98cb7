use sea_orm::entity::prelude::*;

/// An alert rule of a board: its kind, threshold in hundredths, and whether it may fire.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "alert_rule")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub board_id: i64,
    /// An `AlertRuleKind` wire name.
    pub kind: String,
    /// Percent, days or the CPI, in hundredths; none for `exhaustion_before_due_date`.
    pub threshold_hundredths: Option<i64>,
    pub active: bool,
    /// False from a firing until the condition is seen false again.
    pub armed: bool,
    pub last_fired_at: Option<DateTimeUtc>,
    pub created_by: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

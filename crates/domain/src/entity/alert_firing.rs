use sea_orm::entity::prelude::*;

/// One firing of an alert rule, with the figures that made it fire.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "alert_firing")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// None once the rule is deleted.
    pub rule_id: Option<i64>,
    pub board_id: i64,
    pub kind: String,
    pub threshold_hundredths: Option<i64>,
    /// An `EventType` wire name.
    pub event_type: String,
    pub event_id: String,
    pub fired_at: DateTimeUtc,
    /// `AlertFigures` as JSON.
    pub figures_json: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

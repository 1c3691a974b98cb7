use sea_orm::entity::prelude::*;

/// A board's default forecast as answered on `as_of`: one per board and day.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "forecast_snapshot")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub board_id: i64,
    pub as_of: Date,
    /// The forecast method's stable name.
    pub method: String,
    /// The version of the server that computed it.
    pub version: String,
    /// What the budget was kept on: a `BudgetBasis` wire name.
    pub basis: String,
    /// The budget's currency; every amount below is in hundredths of it.
    pub currency: String,
    pub projected_cents: i64,
    pub low_cents: i64,
    pub high_cents: i64,
    /// Projected − budget (negative: headroom).
    pub projected_overrun_cents: Option<i64>,
    /// Actual cost so far on that day.
    pub ac_cents: i64,
    /// The budget on that day.
    pub bac_cents: i64,
    /// Probability of overrun in hundredths of a percent (0–10,000).
    pub probability_hundredths: Option<i32>,
    pub exhaustion_date: Option<Date>,
    /// The whole forecast answer (method and inputs), as JSON.
    pub forecast_json: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "expense")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub board_id: i64,
    pub task_id: i64,
    /// Who recorded it; absent for costs migrated from the per-task actual cost and once that
    /// account is gone.
    pub user_id: Option<i64>,
    pub category: String,
    /// The amount in the expense's own currency, in hundredths.
    pub amount_units: i64,
    pub currency: String,
    pub incurred_on: Date,
    pub is_billable: bool,
    /// Markup on the billable amount, percent in hundredths (15 % = 1500).
    pub markup_hundredths: Option<i64>,
    pub note: String,
    /// The exchange rate used, in hundred-millionths; absent in the board's own currency.
    pub exchange_rate_units: Option<i64>,
    pub exchange_rate_id: Option<i64>,
    /// The amount in the board's currency, in hundredths, rounded once.
    pub cost_cents: i64,
    /// The billable amount in the board's currency, in hundredths, rounded once; 0 when not
    /// billable.
    pub billable_cents: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// Raised by every change; the resource's ETag.
    pub version: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

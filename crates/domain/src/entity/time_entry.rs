use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "time_entry")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub board_id: i64,
    pub task_id: i64,
    pub user_id: i64,
    pub centihours: i32,
    pub work_date: Date,
    pub description: String,
    pub is_billable: bool,
    /// The cost rate in force on the work date, in `rate_currency`.
    pub hourly_rate_cents: Option<i64>,
    /// The labour cost in the board's currency.
    pub labour_cost_cents: i64,
    /// The cost rate's currency; None on entries logged before rates had currencies (the
    /// board's).
    pub rate_currency: Option<String>,
    pub cost_rate_id: Option<i64>,
    /// The exchange rate from `rate_currency` to the board's, in hundred-millionths; None when
    /// they are the same.
    pub cost_exchange_units: Option<i64>,
    pub billable_rate_cents: Option<i64>,
    pub billable_rate_currency: Option<String>,
    pub billable_rate_id: Option<i64>,
    pub billable_exchange_units: Option<i64>,
    /// The billable amount in the board's currency; 0 when not billable.
    pub billable_cents: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// Whether the entry's week is approved (set and cleared with the week's approval).
    pub approved: bool,
    /// Raised by every change; the resource's ETag.
    pub version: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

//! What both plans share: a planned time entry, the calendar arithmetic, and the one bulk
//! writer (multi-row INSERTs as large as the engines' bind-parameter limits allow).

use budget_domain::entity::time_entry;
use chrono::{DateTime, Datelike, Days, NaiveDate, Utc, Weekday};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel, Iterable, Set,
};

/// Bound parameters per INSERT: under SQLite's default limit (32,766) and PostgreSQL's (65,535).
/// A time entry has 21 columns, so about 1,500 entries go in one statement.
const MAX_BIND_PARAMETERS: usize = 32_000;

/// A time entry decided in memory: who logged how long on which task, at the rate in force.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedEntry {
    /// Index into the plan's tasks.
    pub task: usize,
    /// Index into the plan's people.
    pub person: usize,
    pub date: NaiveDate,
    pub centihours: i64,
    pub rate_cents: Option<i64>,
    pub labour_cents: i64,
    pub description: &'static str,
    pub billable: bool,
    /// The billable rate in force, its currency (none: the board's) and the exchange rate to
    /// the board's currency in hundred-millionths (none: the same currency).
    pub billable_rate: Option<BillableRate>,
    /// The billable amount in the board's currency; 0 when not billable.
    pub billable_cents: i64,
}

/// A billable rate as an entry snapshots it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BillableRate {
    pub cents: i64,
    pub currency: Option<&'static str>,
    pub exchange_units: Option<i64>,
}

impl PlannedEntry {
    /// The row to insert, logged at `logged_at`.
    pub fn row(
        &self,
        board_id: i64,
        task_id: i64,
        user_id: i64,
        logged_at: DateTime<Utc>,
    ) -> Result<time_entry::ActiveModel, DbErr> {
        Ok(time_entry::ActiveModel {
            board_id: Set(board_id),
            task_id: Set(task_id),
            user_id: Set(user_id),
            centihours: Set(i32::try_from(self.centihours)
                .map_err(|_| DbErr::Custom(format!("{} centihours", self.centihours)))?),
            work_date: Set(self.date),
            description: Set(self.description.to_owned()),
            is_billable: Set(self.billable),
            hourly_rate_cents: Set(self.rate_cents),
            labour_cost_cents: Set(self.labour_cents),
            billable_rate_cents: Set(self.billable_rate.map(|r| r.cents)),
            billable_rate_currency: Set(self
                .billable_rate
                .and_then(|r| r.currency.map(str::to_owned))),
            billable_exchange_units: Set(self
                .billable_rate
                .filter(|_| self.billable)
                .and_then(|r| r.exchange_units)),
            billable_cents: Set(self.billable_cents),
            created_at: Set(logged_at),
            updated_at: Set(logged_at),
            ..Default::default()
        })
    }
}

/// `days` after `day` (the day itself if that is past the calendar's end).
pub fn plus_days(day: NaiveDate, days: u64) -> NaiveDate {
    day.checked_add_days(Days::new(days)).unwrap_or(day)
}

pub fn is_weekend(day: NaiveDate) -> bool {
    matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
}

/// Rounds to the nearest multiple of `step` (halves up); amounts here are never negative.
pub fn round_to(value: i64, step: i64) -> i64 {
    (value + step / 2) / step * step
}

/// Multi-row INSERTs of as many rows as [`MAX_BIND_PARAMETERS`] allows for the table's width:
/// 66 statements for 100,000 entries instead of 100,000.
pub async fn insert_chunked<A, C>(conn: &C, rows: Vec<A>) -> Result<(), DbErr>
where
    A: ActiveModelTrait + Send,
    <A::Entity as EntityTrait>::Model: IntoActiveModel<A>,
    C: ConnectionTrait,
{
    let columns = <A::Entity as EntityTrait>::Column::iter().count().max(1);
    let rows_per_insert = (MAX_BIND_PARAMETERS / columns).max(1);
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<A> = rows.by_ref().take(rows_per_insert).collect();
        A::Entity::insert_many(chunk)
            .exec_without_returning(conn)
            .await?;
    }
    Ok(())
}

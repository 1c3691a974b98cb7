//! Repricing: pricing a board's time entries again at the rates and exchange rates in force now
//! for their work dates. It never happens on its own: it is previewed (every entry that would
//! change, old → new, and what that does to spent, revenue and margin, by person and by task),
//! applied as one audited operation with an id, and reverted to exactly the prices it replaced.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::Money;

wire_enum! {
    /// Where a repricing stands.
    pub enum RepricingStatus {
        /// Its prices are the entries' prices.
        Applied = "applied",
        /// The prices it replaced were restored.
        Reverted = "reverted",
    }
}

/// Which of the board's entries to price again; every filter is optional and they combine.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RepricingRequest {
    /// Only entries worked on or after this day. A date from 1970-01-01 to 2200-12-31.
    #[serde(default, deserialize_with = "crate::date::bounded_option")]
    pub from: Option<NaiveDate>,
    /// Only entries worked on or before this day. A date from 1970-01-01 to 2200-12-31.
    #[serde(default, deserialize_with = "crate::date::bounded_option")]
    pub to: Option<NaiveDate>,
    /// Only this person's entries.
    #[serde(default)]
    pub user_id: Option<i64>,
    /// Only the entries of this task of the board.
    #[serde(default)]
    pub task_id: Option<i64>,
}

/// One side of an entry's price: the rate per hour in its currency, and what the hours come to
/// in the board's currency.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PricedSide {
    /// Absent when no rate applied.
    pub rate: Option<Money>,
    /// ISO 4217 code of `rate`.
    pub currency: Option<String>,
    /// The exchange rate to the board's currency; absent when the same or not needed.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "0.9215"))]
    pub exchange_rate: Option<String>,
    /// In the board's currency.
    pub amount: Money,
}

/// An entry's price before and after.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EntryRepricing {
    pub entry_id: i64,
    pub task_id: i64,
    pub user_id: i64,
    pub work_date: NaiveDate,
    pub hours: crate::Hours,
    pub old_cost: PricedSide,
    pub new_cost: PricedSide,
    pub old_billable: PricedSide,
    pub new_billable: PricedSide,
}

/// What a repricing changes, in the board's currency: spent (cost), revenue (billable amounts)
/// and margin (revenue − cost), each new − old.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RepricingChange {
    /// How many entries change.
    pub entries: u64,
    pub spent: Money,
    pub revenue: Money,
    pub margin: Money,
}

/// The change for one person or one task.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RepricingGroup {
    /// The person (`by_person`) or the task (`by_task`).
    pub id: i64,
    pub change: RepricingChange,
}

/// What applying a repricing would do now. Entries whose price would not change are left out.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RepricingPreview {
    /// ISO 4217 code of the board's currency, that of every amount and change.
    pub currency: String,
    pub request: RepricingRequest,
    pub change: RepricingChange,
    /// By person, by user id.
    pub by_person: Vec<RepricingGroup>,
    /// By task, by task id.
    pub by_task: Vec<RepricingGroup>,
    /// Every entry whose price would change, by work date then id.
    pub entries: Vec<EntryRepricing>,
}

/// An applied repricing, kept with every price it replaced.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Repricing {
    pub id: i64,
    pub board_id: i64,
    pub status: RepricingStatus,
    pub currency: String,
    pub request: RepricingRequest,
    pub change: RepricingChange,
    pub by_person: Vec<RepricingGroup>,
    pub by_task: Vec<RepricingGroup>,
    /// Every entry it changed, old → new.
    pub entries: Vec<EntryRepricing>,
    /// Who applied it; absent once that account is gone.
    pub created_by: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub reverted_by: Option<i64>,
    pub reverted_at: Option<DateTime<Utc>>,
}

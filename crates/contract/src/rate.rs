//! Hourly rates: for each hour of work, a cost rate (what the hour costs) and a billable rate
//! (what it is charged), kept as a dated history at five levels. The rates in force for a
//! person's hour on a task on a day are each taken from the most specific level that sets one:
//! task, then the person on the board, then the board, then the person in their organisation,
//! then the organisation. At each level the row with the latest `valid_from` on or before the
//! day counts; a rate it leaves out is not set at that level from that day on.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::Money;

wire_enum! {
    /// Whom a rate covers, from the most specific level to the least.
    #[derive(PartialOrd, Ord, Hash)]
    pub enum RateLevel {
        /// Everyone's hours on one task (`task_id`).
        Task = "task",
        /// One person's hours on one board (`user_id`).
        BoardMember = "board_member",
        /// Everyone's hours on one board.
        Board = "board",
        /// One person's hours anywhere in their organisation (`user_id`).
        Person = "person",
        /// Everyone's hours in the organisation.
        Organization = "organization",
    }
}

/// A rate pair taking effect on a day. A board's rates are at the levels `task`,
/// `board_member` and `board`; an organisation's at `person` and `organization`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewRate {
    pub level: RateLevel,
    /// The person, for the levels `board_member` and `person`; absent otherwise.
    #[serde(default)]
    pub user_id: Option<i64>,
    /// The task, for the level `task`; absent otherwise.
    #[serde(default)]
    pub task_id: Option<i64>,
    /// The first day the pair applies to. A date from 1970-01-01 to 2200-12-31.
    #[serde(deserialize_with = "crate::date::bounded")]
    pub valid_from: NaiveDate,
    /// What an hour costs; absent: no cost rate at this level from `valid_from` on.
    #[serde(default, deserialize_with = "crate::money::wire::optional_decimal")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "80.00", pattern = r"^(0|[1-9][0-9]{0,5})(\.[0-9]{1,2})?$|^1000000(\.0{1,2})?$"))]
    pub cost_rate: Option<Decimal>,
    /// ISO 4217 code of the cost rate; absent: the board's budget currency.
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = r"^\s*[A-Za-z]{3}\s*$", example = "USD")
    )]
    pub cost_currency: Option<String>,
    /// What an hour is charged; absent: no billable rate at this level from `valid_from` on.
    #[serde(default, deserialize_with = "crate::money::wire::optional_decimal")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "120.00", pattern = r"^(0|[1-9][0-9]{0,5})(\.[0-9]{1,2})?$|^1000000(\.0{1,2})?$"))]
    pub billable_rate: Option<Decimal>,
    /// ISO 4217 code of the billable rate; absent: the board's budget currency.
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = r"^\s*[A-Za-z]{3}\s*$", example = "USD")
    )]
    pub billable_currency: Option<String>,
}

/// A stored rate pair.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Rate {
    pub id: i64,
    pub level: RateLevel,
    /// Set for the levels `person` and `organization`.
    pub organization_id: Option<i64>,
    /// Set for the levels `task`, `board_member` and `board`.
    pub board_id: Option<i64>,
    pub task_id: Option<i64>,
    /// The title of the task a task rate is for (read-only; absent for other levels).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_title: Option<String>,
    pub user_id: Option<i64>,
    pub valid_from: NaiveDate,
    pub cost_rate: Option<Money>,
    /// Absent: the budget currency of the board the hour is logged on.
    pub cost_currency: Option<String>,
    pub billable_rate: Option<Money>,
    /// Absent: the budget currency of the board the hour is logged on.
    pub billable_currency: Option<String>,
    /// Who entered it; absent for rates carried over from before rates were dated, or once
    /// that account is gone.
    pub created_by: Option<i64>,
    pub created_at: DateTime<Utc>,
}

/// One rate in force and where it came from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppliedRate {
    pub rate: Money,
    /// ISO 4217 code of `rate`.
    pub currency: String,
    pub level: RateLevel,
    /// The stored rate pair it was read from.
    pub rate_id: i64,
    pub valid_from: NaiveDate,
}

/// The rates in force for a person's hour on a task on a day.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RatesInForce {
    pub user_id: i64,
    pub task_id: i64,
    pub on: NaiveDate,
    /// Absent when no level sets a cost rate: the hour costs nothing.
    pub cost: Option<AppliedRate>,
    /// Absent when no level sets a billable rate: the hour is charged nothing.
    pub billable: Option<AppliedRate>,
}

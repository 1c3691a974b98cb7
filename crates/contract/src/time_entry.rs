//! Time logged on tasks; each entry carries the rate in force when it was logged.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::{Hours, Money};

#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewTimeEntry {
    /// 0.01 to 16.00, at most two decimals. One person's entries on one day total at most 24.00.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2.50", pattern = r"^(([1-9]|1[0-5])(\.[0-9]{1,2})?|0\.(0[1-9]|[1-9][0-9]?)|16(\.0{1,2})?)$"))]
    #[serde(deserialize_with = "crate::money::wire::decimal")]
    pub hours: Decimal,
    /// Not in the future. A date from 1970-01-01 to 2200-12-31.
    #[serde(deserialize_with = "crate::date::bounded")]
    pub work_date: NaiveDate,
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 2000,
            pattern = r"^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*$"
        )
    )]
    pub description: Option<String>,
    /// Default true.
    #[serde(default)]
    pub is_billable: Option<bool>,
    /// The person the time belongs to; absent: the caller. Logging for someone else takes a
    /// board admin, or an editor where the board's `editors_log_for_others` is on, and that
    /// person must be able to log time on the board. The entry is priced at that person's rates
    /// in force on the work date, and the audit trail records who logged it.
    #[serde(default)]
    pub user_id: Option<i64>,
}

/// Change an entry; absent fields stay as they are. The entry keeps the rate it was logged at.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimeEntryPatch {
    #[serde(default, deserialize_with = "crate::money::wire::optional_decimal")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "3.00", pattern = r"^(([1-9]|1[0-5])(\.[0-9]{1,2})?|0\.(0[1-9]|[1-9][0-9]?)|16(\.0{1,2})?)$"))]
    pub hours: Option<Decimal>,
    /// Not in the future. A date from 1970-01-01 to 2200-12-31.
    #[serde(default, deserialize_with = "crate::date::bounded_option")]
    pub work_date: Option<NaiveDate>,
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 2000,
            pattern = r"^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*$"
        )
    )]
    pub description: Option<String>,
    #[serde(default)]
    pub is_billable: Option<bool>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimeEntry {
    pub id: i64,
    pub board_id: i64,
    pub task_id: i64,
    pub user_id: i64,
    pub hours: Hours,
    pub work_date: NaiveDate,
    pub description: String,
    pub is_billable: bool,
    /// The cost rate in force on the work date (the most specific level that sets one: task,
    /// person on the board, board, person in the organisation, organisation), in
    /// `rate_currency`. Null when none was in force, and for callers who may not see this
    /// person's rates (board and organisation admins see everyone's, editors their own).
    pub hourly_rate: Option<Money>,
    /// ISO 4217 code of `hourly_rate`.
    pub rate_currency: Option<String>,
    /// The stored rate `hourly_rate` was read from.
    pub cost_rate_id: Option<i64>,
    /// The exchange rate from `rate_currency` to the board's currency used for `labour_cost`;
    /// null when they are the same.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "0.9215"))]
    pub cost_exchange_rate: Option<String>,
    /// hours × hourly_rate × cost_exchange_rate, in the board's currency, rounded once
    /// half-to-even to its minor unit (the cent, the whole yen); zero without a rate.
    pub labour_cost: Money,
    /// The billable rate in force on the work date, in `billable_rate_currency`; hidden as
    /// `hourly_rate` is.
    pub billable_rate: Option<Money>,
    /// ISO 4217 code of `billable_rate`.
    pub billable_rate_currency: Option<String>,
    /// The stored rate `billable_rate` was read from.
    pub billable_rate_id: Option<i64>,
    /// The exchange rate from `billable_rate_currency` to the board's currency used for
    /// `billable_amount`; null when they are the same or nothing was billed.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "0.9215"))]
    pub billable_exchange_rate: Option<String>,
    /// hours × billable_rate × billable_exchange_rate, in the board's currency, rounded once
    /// half-to-even to its minor unit; zero when the entry is not billable or without a
    /// billable rate.
    pub billable_amount: Money,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Whether the entry's week is approved: approved time is locked until a board admin
    /// reopens the week.
    pub approved: bool,
    /// Increases with every change; the ETag is derived from it (`If-Match`).
    pub version: i64,
}

//! Expenses: a task's non-labour costs as dated line items. Each is entered in its own currency
//! and keeps, from the moment it is written, its conversion into the board's budget currency:
//! the exchange rate in force on the day it was incurred, its cost and its billable amount,
//! each rounded once. A later exchange rate never changes a stored expense; changing the
//! expense's amount, currency, day, markup or billable flag converts it again.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::{Money, Percent};

/// Record an expense on a task.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewExpense {
    /// What it was spent on ("travel", "licences"): free text, 1 to 60 characters, one line.
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 60,
            example = "travel",
            pattern = r"^[^\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]*\S[^\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]*$"
        )
    )]
    pub category: String,
    /// The amount in `currency`: more than 0, at most 10000000000, in the currency's minor
    /// units (whole yen).
    #[serde(deserialize_with = "crate::money::wire::decimal")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "120.00", pattern = r"^(0|[1-9][0-9]{0,9})(\.[0-9]{1,2})?$|^10000000000(\.0{1,2})?$"))]
    pub amount: Decimal,
    /// ISO 4217 code of the amount's currency; default the board's budget currency. Another
    /// currency needs an exchange rate into the board's currency in force on `incurred_on`
    /// (entered by an organisation admin).
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = r"^\s*[A-Za-z]{3}\s*$", example = "JPY")
    )]
    pub currency: Option<String>,
    /// The day it was incurred: it counts in the burn rate and the daily series on that day.
    /// Default today; never in the future. A date from 1970-01-01 to 2200-12-31.
    #[serde(default, deserialize_with = "crate::date::bounded_option")]
    pub incurred_on: Option<NaiveDate>,
    /// Whether it is charged on to the client; default true.
    #[serde(default)]
    pub is_billable: Option<bool>,
    /// Markup on the billable amount, percent: 0 to 1000, at most two decimals.
    #[serde(default, deserialize_with = "crate::money::wire::optional_decimal")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "15", pattern = r"^(0|[1-9][0-9]{0,2})(\.[0-9]{1,2})?$|^1000(\.0{1,2})?$"))]
    pub markup_percent: Option<Decimal>,
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 2000,
            pattern = r"^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*$"
        )
    )]
    pub note: Option<String>,
}

/// Change an expense; absent fields stay as they are. A changed amount, currency, day, markup
/// or billable flag converts the expense again at the exchange rate in force on its (new) day.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExpensePatch {
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 60,
            example = "travel",
            pattern = r"^[^\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]*\S[^\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]*$"
        )
    )]
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default, deserialize_with = "crate::money::wire::optional_decimal")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "120.00", pattern = r"^(0|[1-9][0-9]{0,9})(\.[0-9]{1,2})?$|^10000000000(\.0{1,2})?$"))]
    pub amount: Option<Decimal>,
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = r"^\s*[A-Za-z]{3}\s*$", example = "EUR")
    )]
    pub currency: Option<String>,
    /// Not in the future. A date from 1970-01-01 to 2200-12-31.
    #[serde(default, deserialize_with = "crate::date::bounded_option")]
    pub incurred_on: Option<NaiveDate>,
    #[serde(default)]
    pub is_billable: Option<bool>,
    /// 0 to 1000, at most two decimals; `"0"` removes the markup.
    #[serde(default, deserialize_with = "crate::money::wire::optional_decimal")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "10", pattern = r"^(0|[1-9][0-9]{0,2})(\.[0-9]{1,2})?$|^1000(\.0{1,2})?$"))]
    pub markup_percent: Option<Decimal>,
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 2000,
            pattern = r"^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*$"
        )
    )]
    pub note: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Expense {
    pub id: i64,
    pub board_id: i64,
    pub task_id: i64,
    /// Who recorded it; absent for costs carried over from a task's former single actual cost,
    /// and once that account is gone.
    pub user_id: Option<i64>,
    pub category: String,
    /// The amount in `currency`, in its minor units.
    pub amount: Money,
    pub currency: String,
    pub incurred_on: NaiveDate,
    pub is_billable: bool,
    /// Markup on the billable amount, percent; absent when none.
    pub markup_percent: Option<Percent>,
    pub note: String,
    /// The exchange rate `currency` → `board_currency` used, exact (`"0.00617"`); absent when
    /// the expense is in the board's currency.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "0.00617"))]
    pub exchange_rate: Option<Decimal>,
    /// amount × exchange_rate in `board_currency`, the exact product rounded once half-to-even
    /// to its minor unit.
    pub cost: Money,
    /// amount × exchange_rate × (1 + markup_percent / 100) in `board_currency`, the exact
    /// product rounded once half-to-even; 0 when not billable.
    pub billable_amount: Money,
    /// The board's budget currency, which `cost` and `billable_amount` are in.
    pub board_currency: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Increases with every change; the ETag is derived from it (`If-Match`).
    pub version: i64,
}

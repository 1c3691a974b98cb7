//! Exchange rates an organisation converts amounts with: for a pair of currencies, how many units
//! of the second one unit of the first is worth, from a day on. Rates are kept as a history: a
//! new rate for a pair takes effect on its `valid_from` day and the earlier one still applies to
//! the days before it.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::Money;

wire_enum! {
    /// Where a stored exchange rate came from.
    pub enum ExchangeRateSource {
        /// Entered by an organisation admin.
        Manual = "manual",
        /// Read from a CSV file an organisation admin imported.
        Import = "import",
    }
}

/// One exchange rate: 1 `from_currency` = `rate` `to_currency` from `valid_from` on.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewExchangeRate {
    /// ISO 4217 code of the currency converted from, e.g. USD.
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = r"^\s*[A-Za-z]{3}\s*$", example = "USD")
    )]
    pub from_currency: String,
    /// ISO 4217 code of the currency converted to, e.g. EUR; not the same as `from_currency`.
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = r"^\s*[A-Za-z]{3}\s*$", example = "EUR")
    )]
    pub to_currency: String,
    /// Units of `to_currency` one unit of `from_currency` is worth: more than 0, at most
    /// 1000000, at most eight decimals.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "0.9215", pattern = r"^(0|[1-9][0-9]{0,5})(\.[0-9]{1,8})?$|^1000000(\.0{1,8})?$"))]
    #[serde(deserialize_with = "crate::money::wire::rate")]
    pub rate: Decimal,
    /// The first day the rate applies to. A date from 1970-01-01 to 2200-12-31.
    #[serde(deserialize_with = "crate::date::bounded")]
    pub valid_from: NaiveDate,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExchangeRate {
    pub id: i64,
    pub organization_id: i64,
    pub from_currency: String,
    pub to_currency: String,
    /// Units of `to_currency` one unit of `from_currency` is worth, exact, without trailing
    /// zeros (`"0.9215"`).
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "0.9215"))]
    pub rate: String,
    pub valid_from: NaiveDate,
    pub source: ExchangeRateSource,
    /// Who entered or imported it; absent once that account is gone.
    pub created_by: Option<i64>,
    pub created_at: DateTime<Utc>,
}

/// A CSV file of rates to import (RFC 4180, UTF-8): the header row
/// `from_currency,to_currency,rate,valid_from`, then one rate per row, at most 1000 rows.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExchangeRateFile {
    /// The file's text.
    #[cfg_attr(
        feature = "openapi",
        schema(
            example = "from_currency,to_currency,rate,valid_from\r\nUSD,EUR,0.9215,2026-03-01\r\n"
        )
    )]
    pub csv: String,
}

/// What an import did: every row of the file was checked before any was stored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExchangeRateImport {
    /// Rows stored as new rates.
    pub created: u64,
    /// Rows equal to a rate already stored (same pair, day and rate), left as they were.
    pub unchanged: u64,
}

/// An amount converted with the rate in force on a day.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Conversion {
    pub from_currency: String,
    pub to_currency: String,
    /// The day whose rate was used.
    pub on: NaiveDate,
    /// The amount converted, in `from_currency`.
    pub amount: Money,
    /// The rate used, exact (`"1"` between a currency and itself).
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "0.9215"))]
    pub rate: String,
    /// The stored rate used; absent between a currency and itself.
    pub rate_id: Option<i64>,
    /// The day the rate used took effect; absent between a currency and itself.
    pub rate_valid_from: Option<NaiveDate>,
    /// `amount` × `rate`, rounded once half-to-even to the minor unit of `to_currency`.
    pub converted: Money,
}

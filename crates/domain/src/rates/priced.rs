//! What an hour at a rate comes to in the board's currency, through the exchange rate of its day.

use budget_contract::Currency;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use sea_orm::ConnectionTrait;

use crate::amount::hours_at_rate_cents;
use crate::error::DomainResult;
use crate::exchange_rates;

use super::resolve::Applied;

/// One side of an entry's price: the rate, its currency, the row it came from and the exchange
/// rate to the board's currency (in hundred-millionths; none between a currency and itself, or
/// not looked up yet).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Priced {
    pub rate_id: Option<i64>,
    pub cents: i64,
    pub currency: &'static Currency,
    pub exchange_units: Option<i64>,
}

impl Priced {
    /// The side of a resolved rate, in its currency (the board's when it names none).
    pub fn from_applied(applied: &Applied, board_currency: &'static Currency) -> Self {
        Self {
            rate_id: Some(applied.rate_id),
            cents: applied.cents,
            currency: applied
                .currency
                .as_deref()
                .and_then(Currency::find)
                .unwrap_or(board_currency),
            exchange_units: None,
        }
    }

    /// The amount of `centihours` at this rate in the board's currency, rounded once; looks up
    /// (and keeps) the exchange rate in force on `day` when it has none yet. A missing exchange
    /// rate is refused, naming the pair and the day.
    pub async fn amount<C: ConnectionTrait>(
        &mut self,
        conn: &C,
        org_id: Option<i64>,
        board_currency: &'static Currency,
        centihours: i64,
        day: NaiveDate,
    ) -> DomainResult<i64> {
        let factor = if self.currency == board_currency {
            Decimal::ONE
        } else if let Some(units) = self.exchange_units {
            exchange_rates::rate_value(units)
        } else {
            let found = exchange_rates::in_force_for_board(
                conn,
                org_id,
                self.currency,
                board_currency,
                day,
            )
            .await?
            .ok_or_else(|| {
                exchange_rates::missing("work_date", self.currency, board_currency, day)
            })?;
            self.exchange_units = found.units;
            found.rate
        };
        Ok(hours_at_rate_cents(
            centihours,
            self.cents,
            factor,
            board_currency,
        ))
    }
}

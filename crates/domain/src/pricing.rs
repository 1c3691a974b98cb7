//! What a time entry is priced at: the cost and billable rates it was priced with (each with
//! its currency, the stored rate row and the exchange rate to the board's currency) and the
//! amounts they come to in the board's currency. Logging, editing and repricing an entry all
//! price it here.

use budget_contract::repricing::PricedSide;
use budget_contract::{Currency, Money};
use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, Set};
use serde::{Deserialize, Serialize};

use crate::amount::{from_hundredths, money};
use crate::entity::time_entry;
use crate::error::DomainResult;
use crate::exchange_rates::rate_value;
use crate::rates::{Priced, Resolved};

/// What an entry is priced at: each side's rate (with its currency, stored row and exchange
/// rate) and the amounts in the board's currency.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Price {
    pub cost: Option<Priced>,
    pub billable: Option<Priced>,
    pub labour_cost_cents: i64,
    pub billable_cents: i64,
}

impl Price {
    /// Priced at rates just resolved; amounts not worked out yet.
    pub fn resolved(resolved: &Resolved, currency: &'static Currency) -> Self {
        Self {
            cost: resolved
                .cost
                .as_ref()
                .map(|applied| Priced::from_applied(applied, currency)),
            billable: resolved
                .billable
                .as_ref()
                .map(|applied| Priced::from_applied(applied, currency)),
            labour_cost_cents: 0,
            billable_cents: 0,
        }
    }

    /// The price an entry holds.
    pub fn stored(entry: &time_entry::Model, currency: &'static Currency) -> Self {
        let side = |cents: Option<i64>, code: &Option<String>, id, units| {
            cents.map(|cents| Priced {
                rate_id: id,
                cents,
                currency: code.as_deref().and_then(Currency::find).unwrap_or(currency),
                exchange_units: units,
            })
        };
        Self {
            cost: side(
                entry.hourly_rate_cents,
                &entry.rate_currency,
                entry.cost_rate_id,
                entry.cost_exchange_units,
            ),
            billable: side(
                entry.billable_rate_cents,
                &entry.billable_rate_currency,
                entry.billable_rate_id,
                entry.billable_exchange_units,
            ),
            labour_cost_cents: entry.labour_cost_cents,
            billable_cents: entry.billable_cents,
        }
    }

    /// The amounts of `centihours` at these rates: the labour cost always, the billable amount
    /// when the entry is billable (0 otherwise). Exchange rates not held yet are those in force
    /// on `day`.
    pub async fn work_out<C: ConnectionTrait>(
        mut self,
        conn: &C,
        org_id: Option<i64>,
        currency: &'static Currency,
        centihours: i64,
        is_billable: bool,
        day: NaiveDate,
    ) -> DomainResult<Self> {
        self.labour_cost_cents = match self.cost.as_mut() {
            Some(cost) => cost.amount(conn, org_id, currency, centihours, day).await?,
            None => 0,
        };
        self.billable_cents = match self.billable.as_mut() {
            Some(billable) if is_billable => {
                billable
                    .amount(conn, org_id, currency, centihours, day)
                    .await?
            }
            _ => 0,
        };
        Ok(self)
    }

    pub fn set_on(&self, entry: &mut time_entry::ActiveModel) {
        StoredPrice::from(self).set_on(entry);
    }
}

/// An entry's price as its columns hold it: what a repricing keeps of the price it replaced.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredPrice {
    pub hourly_rate_cents: Option<i64>,
    pub rate_currency: Option<String>,
    pub cost_rate_id: Option<i64>,
    pub cost_exchange_units: Option<i64>,
    pub labour_cost_cents: i64,
    pub billable_rate_cents: Option<i64>,
    pub billable_rate_currency: Option<String>,
    pub billable_rate_id: Option<i64>,
    pub billable_exchange_units: Option<i64>,
    pub billable_cents: i64,
}

impl From<&Price> for StoredPrice {
    fn from(price: &Price) -> Self {
        let code = |side: &Option<Priced>| side.as_ref().map(|p| p.currency.code.to_owned());
        Self {
            hourly_rate_cents: price.cost.as_ref().map(|p| p.cents),
            rate_currency: code(&price.cost),
            cost_rate_id: price.cost.as_ref().and_then(|p| p.rate_id),
            cost_exchange_units: price.cost.as_ref().and_then(|p| p.exchange_units),
            labour_cost_cents: price.labour_cost_cents,
            billable_rate_cents: price.billable.as_ref().map(|p| p.cents),
            billable_rate_currency: code(&price.billable),
            billable_rate_id: price.billable.as_ref().and_then(|p| p.rate_id),
            billable_exchange_units: price.billable.as_ref().and_then(|p| p.exchange_units),
            billable_cents: price.billable_cents,
        }
    }
}

impl StoredPrice {
    /// The price an entry holds.
    pub fn of(entry: &time_entry::Model) -> Self {
        Self {
            hourly_rate_cents: entry.hourly_rate_cents,
            rate_currency: entry.rate_currency.clone(),
            cost_rate_id: entry.cost_rate_id,
            cost_exchange_units: entry.cost_exchange_units,
            labour_cost_cents: entry.labour_cost_cents,
            billable_rate_cents: entry.billable_rate_cents,
            billable_rate_currency: entry.billable_rate_currency.clone(),
            billable_rate_id: entry.billable_rate_id,
            billable_exchange_units: entry.billable_exchange_units,
            billable_cents: entry.billable_cents,
        }
    }

    pub fn set_on(&self, entry: &mut time_entry::ActiveModel) {
        entry.hourly_rate_cents = Set(self.hourly_rate_cents);
        entry.rate_currency = Set(self.rate_currency.clone());
        entry.cost_rate_id = Set(self.cost_rate_id);
        entry.cost_exchange_units = Set(self.cost_exchange_units);
        entry.labour_cost_cents = Set(self.labour_cost_cents);
        entry.billable_rate_cents = Set(self.billable_rate_cents);
        entry.billable_rate_currency = Set(self.billable_rate_currency.clone());
        entry.billable_rate_id = Set(self.billable_rate_id);
        entry.billable_exchange_units = Set(self.billable_exchange_units);
        entry.billable_cents = Set(self.billable_cents);
    }

    /// The cost side as shown, in the board's `currency`.
    pub fn cost_side(&self, currency: &Currency) -> PricedSide {
        side(
            self.hourly_rate_cents,
            &self.rate_currency,
            self.cost_exchange_units,
            self.labour_cost_cents,
            currency,
        )
    }

    /// The billable side as shown, in the board's `currency`.
    pub fn billable_side(&self, currency: &Currency) -> PricedSide {
        side(
            self.billable_rate_cents,
            &self.billable_rate_currency,
            self.billable_exchange_units,
            self.billable_cents,
            currency,
        )
    }
}

/// A rate (exact, in its currency; none named: the board's) and its amount in the board's
/// currency.
fn side(
    cents: Option<i64>,
    code: &Option<String>,
    exchange_units: Option<i64>,
    amount_cents: i64,
    currency: &Currency,
) -> PricedSide {
    let rate_currency = code.as_deref().and_then(Currency::find).unwrap_or(currency);
    PricedSide {
        rate: cents.map(|cents| Money::exact_in_currency(from_hundredths(cents), rate_currency)),
        currency: cents.map(|_| rate_currency.code.to_owned()),
        exchange_rate: exchange_units.map(|units| rate_value(units).to_string()),
        amount: money(amount_cents, currency),
    }
}

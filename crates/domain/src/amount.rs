//! Money and hours as stored (integer hundredths) and as computed (`Decimal`).
//!
//! Storing hundredths makes every SUM exact on SQLite, which has no decimal type, and identical
//! on PostgreSQL. Conversions live here so no other module multiplies or divides by 100.

use budget_contract::{Currency, Hours, Money};
use rust_decimal::{Decimal, RoundingStrategy};

/// Hundredths (cents, hundredths of an hour) as an exact decimal.
pub fn from_hundredths(hundredths: i64) -> Decimal {
    Decimal::new(hundredths, 2)
}

/// A validated decimal with at most two places as hundredths; `None` when it does not fit.
pub fn to_hundredths(value: Decimal) -> Option<i64> {
    let scaled = value.checked_mul(Decimal::ONE_HUNDRED)?;
    if scaled.fract() != Decimal::ZERO {
        return None;
    }
    i64::try_from(scaled).ok()
}

/// A stored amount of a board, written with its currency's minor units.
pub fn money(cents: i64, currency: &Currency) -> Money {
    Money::in_currency(from_hundredths(cents), currency)
}

pub fn optional_money(cents: Option<i64>, currency: &Currency) -> Option<Money> {
    cents.map(|cents| money(cents, currency))
}

/// Hundredths rounded half-to-even to a whole minor unit of `currency` (to whole yen), still
/// as hundredths: for a figure worked out to the cent that is stored in the board's currency.
pub fn in_currency_cents(hundredths: i64, currency: &Currency) -> i64 {
    let rounded = Money::in_currency(from_hundredths(hundredths), currency).value();
    to_hundredths(rounded).unwrap_or(hundredths)
}

pub fn hours(centihours: i64) -> Hours {
    Hours::from_hundredths(centihours)
}

/// Labour cost of `centihours` at `rate_cents` per hour, in hundredths, rounded once
/// half-to-even to the minor unit of the board's currency (the cent, the whole yen).
pub fn labour_cost_cents(centihours: i64, rate_cents: Option<i64>, currency: &Currency) -> i64 {
    rate_cents.map_or(0, |rate| {
        hours_at_rate_cents(centihours, rate, Decimal::ONE, currency)
    })
}

/// `centihours` at `rate_cents` per hour of another currency, converted at `exchange` (1 for
/// the board's own), in hundredths of the board's `currency`: the exact product rounded once
/// half-to-even to its minor unit. The one place an hour's amount is rounded before it is
/// stored.
pub fn hours_at_rate_cents(
    centihours: i64,
    rate_cents: i64,
    exchange: Decimal,
    currency: &Currency,
) -> i64 {
    // hours × rate × exchange = (ch/100) × (rc/100) × x, exact; rounded in currency units, then
    // stored as hundredths.
    let amount = Decimal::from(centihours)
        .checked_mul(Decimal::from(rate_cents))
        .and_then(|product| product.checked_div(Decimal::from(10_000)))
        .and_then(|local| local.checked_mul(exchange))
        .unwrap_or(Decimal::MAX);
    let rounded = amount.round_dp_with_strategy(
        currency.minor_units.min(2),
        RoundingStrategy::MidpointNearestEven,
    );
    rounded
        .checked_mul(Decimal::ONE_HUNDRED)
        .and_then(|cents| i64::try_from(cents).ok())
        .unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn hundredths_round_trip_exactly() {
        assert_eq!(to_hundredths(dec!(1234.50)), Some(123_450));
        assert_eq!(to_hundredths(dec!(0.1)), Some(10));
        assert_eq!(to_hundredths(dec!(0.001)), None);
        assert_eq!(from_hundredths(123_450), dec!(1234.50));
    }

    fn usd() -> &'static Currency {
        Currency::find_or_default("USD")
    }

    fn jpy() -> &'static Currency {
        Currency::find_or_default("JPY")
    }

    #[test]
    fn labour_cost_is_hours_times_rate_rounded_half_to_even() {
        // 2.50 h × 85.00 = 212.50
        assert_eq!(labour_cost_cents(250, Some(8_500), usd()), 21_250);
        // 0.33 h × 33.33 = 10.9989 → 11.00
        assert_eq!(labour_cost_cents(33, Some(3_333), usd()), 1_100);
        // 0.01 h × 50.50 = 0.505 → 0.50 (half to even)
        assert_eq!(labour_cost_cents(1, Some(5_050), usd()), 50);
        // 0.01 h × 51.50 = 0.515 → 0.52 (half to even)
        assert_eq!(labour_cost_cents(1, Some(5_150), usd()), 52);
        assert_eq!(labour_cost_cents(800, None, usd()), 0);
    }

    #[test]
    fn labour_cost_in_yen_is_rounded_once_to_the_whole_yen() {
        // 1.5 h × 1111 = 1666.5 → 1666 (half to even)
        assert_eq!(labour_cost_cents(150, Some(111_100), jpy()), 166_600);
        // 2.5 h × 1111 = 2777.5 → 2778
        assert_eq!(labour_cost_cents(250, Some(111_100), jpy()), 277_800);
        // 0.01 h × 149.50 = 1.495 → 1, not 1.50 → 2: rounded once, from the exact cost
        assert_eq!(labour_cost_cents(1, Some(14_950), jpy()), 100);
        assert_eq!(labour_cost_cents(800, None, jpy()), 0);
    }

    #[test]
    fn an_hour_in_another_currency_is_converted_then_rounded_once() {
        // 1.50 h × 100.00 USD × 0.9215 = 138.225 EUR → 138.22 (half to even)
        assert_eq!(
            hours_at_rate_cents(150, 10_000, dec!(0.9215), eur()),
            13_822
        );
        // 2.50 h × 90.00 GBP × 1.1712 = 263.52 EUR
        assert_eq!(hours_at_rate_cents(250, 9_000, dec!(1.1712), eur()), 26_352);
        // 0.25 h × 40.10 EUR × 161.53 = 1619.33825 JPY → 1619
        assert_eq!(hours_at_rate_cents(25, 4_010, dec!(161.53), jpy()), 161_900);
    }

    fn eur() -> &'static Currency {
        Currency::find_or_default("EUR")
    }

    #[test]
    fn stored_amounts_are_shown_and_rounded_in_their_currency() {
        assert_eq!(in_currency_cents(123_450, jpy()), 123_400);
        assert_eq!(in_currency_cents(123_550, jpy()), 123_600);
        assert_eq!(in_currency_cents(123_450, usd()), 123_450);
        assert_eq!(money(166_600, jpy()).to_string(), "1666");
        assert_eq!(money(8_325, usd()).to_string(), "83.25");
    }
}

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

/// The hourly rate in force for a person's time on a task, in cents: the most specific one set
/// wins — the task's own rate, else the person's rate on the board, else their default rate.
pub fn rate_in_force(
    task_rate: Option<i64>,
    member_rate: Option<i64>,
    person_rate: Option<i64>,
) -> Option<i64> {
    task_rate.or(member_rate).or(person_rate)
}

/// Labour cost of `centihours` at `rate_cents` per hour, in hundredths, rounded once
/// half-to-even to the minor unit of the board's currency (the cent, the whole yen): the one
/// place a computed amount is rounded before it is stored.
pub fn labour_cost_cents(centihours: i64, rate_cents: Option<i64>, currency: &Currency) -> i64 {
    let Some(rate_cents) = rate_cents else {
        return 0;
    };
    // hours × rate = (ch/100) × (rc/100), exact; rounded in currency units, then stored as
    // hundredths.
    let cost = Decimal::from(centihours)
        .checked_mul(Decimal::from(rate_cents))
        .and_then(|product| product.checked_div(Decimal::from(10_000)))
        .unwrap_or(Decimal::MAX);
    let rounded = cost.round_dp_with_strategy(
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

    #[test]
    fn the_most_specific_rate_set_is_in_force() {
        assert_eq!(
            rate_in_force(Some(12_000), Some(9_000), Some(8_000)),
            Some(12_000)
        );
        assert_eq!(rate_in_force(None, Some(9_000), Some(8_000)), Some(9_000));
        assert_eq!(rate_in_force(None, None, Some(8_000)), Some(8_000));
        assert_eq!(rate_in_force(Some(12_000), None, None), Some(12_000));
        assert_eq!(rate_in_force(None, None, None), None);
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
    fn stored_amounts_are_shown_and_rounded_in_their_currency() {
        assert_eq!(in_currency_cents(123_450, jpy()), 123_400);
        assert_eq!(in_currency_cents(123_550, jpy()), 123_600);
        assert_eq!(in_currency_cents(123_450, usd()), 123_450);
        assert_eq!(money(166_600, jpy()).to_string(), "1666");
        assert_eq!(money(8_325, usd()).to_string(), "83.25");
    }
}

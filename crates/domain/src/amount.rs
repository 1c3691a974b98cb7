//! Money and hours as stored (integer hundredths) and as computed (`Decimal`).
//!
//! Storing hundredths makes every SUM exact on SQLite, which has no decimal type, and identical
//! on PostgreSQL. Conversions live here so no other module multiplies or divides by 100.

use budget_contract::{Hours, Money};
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

pub fn money(cents: i64) -> Money {
    Money::from_hundredths(cents)
}

pub fn optional_money(cents: Option<i64>) -> Option<Money> {
    cents.map(Money::from_hundredths)
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

/// Labour cost of `centihours` at `rate_cents` per hour, in cents, rounded half-to-even: the one
/// place a computed amount is rounded before it is stored.
pub fn labour_cost_cents(centihours: i64, rate_cents: Option<i64>) -> i64 {
    let Some(rate_cents) = rate_cents else {
        return 0;
    };
    // hours × rate = (ch/100) × (rc/100); in cents that is ch × rc / 100.
    let cents = Decimal::from(centihours) * Decimal::from(rate_cents) / Decimal::ONE_HUNDRED;
    let rounded = cents.round_dp_with_strategy(0, RoundingStrategy::MidpointNearestEven);
    i64::try_from(rounded).unwrap_or(i64::MAX)
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

    #[test]
    fn labour_cost_is_hours_times_rate_rounded_half_to_even() {
        // 2.50 h × 85.00 = 212.50
        assert_eq!(labour_cost_cents(250, Some(8_500)), 21_250);
        // 0.33 h × 33.33 = 10.9989 → 11.00
        assert_eq!(labour_cost_cents(33, Some(3_333)), 1_100);
        // 0.01 h × 50.50 = 0.505 → 0.50 (half to even)
        assert_eq!(labour_cost_cents(1, Some(5_050)), 50);
        // 0.01 h × 51.50 = 0.515 → 0.52 (half to even)
        assert_eq!(labour_cost_cents(1, Some(5_150)), 52);
        assert_eq!(labour_cost_cents(800, None), 0);
    }
}

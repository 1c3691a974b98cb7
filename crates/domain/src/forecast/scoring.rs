//! How well forecasts did against what happened, as pure functions over exact decimals:
//! - **coverage**: the share of outcomes inside their forecast's 80 % interval (both ends
//!   included), 0–100; an honest 80 % interval covers about 80 % of outcomes;
//! - **median absolute percentage error** of a point forecast: the median over forecasts of
//!   |forecast − outcome| / outcome × 100 (an outcome of zero has no percentage error and is
//!   left out);
//! - **Brier score** of a probability of overrun: the mean of (p − o)², p the probability as a
//!   fraction and o 1 when the outcome exceeded the budget, else 0; 0 is perfect, a constant
//!   0.5 scores 0.25.
//!
//! Each answers `None` when it has nothing to score.

use rust_decimal::Decimal;

/// A forecast of a final cost, next to the cost it turned out to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scored {
    /// The point forecast.
    pub projected: Decimal,
    /// The 80 % interval.
    pub low: Decimal,
    pub high: Decimal,
    /// The probability of exceeding the budget, 0–100, when there was a budget.
    pub probability_over_budget: Option<Decimal>,
    /// The budget, when there was one.
    pub budget: Option<Decimal>,
    /// The final cost.
    pub outcome: Decimal,
}

impl Scored {
    pub fn covered(&self) -> bool {
        self.low <= self.outcome && self.outcome <= self.high
    }

    /// Whether the outcome exceeded the budget; `None` without one.
    pub fn overran(&self) -> Option<bool> {
        self.budget.map(|budget| self.outcome > budget)
    }
}

/// The share of outcomes inside their interval, 0–100.
pub fn coverage(forecasts: &[Scored]) -> Option<Decimal> {
    if forecasts.is_empty() {
        return None;
    }
    let covered = forecasts.iter().filter(|f| f.covered()).count();
    Some(Decimal::from(covered) * Decimal::ONE_HUNDRED / Decimal::from(forecasts.len()))
}

/// |point − outcome| / outcome × 100; `None` for an outcome of zero.
pub fn absolute_percentage_error(point: Decimal, outcome: Decimal) -> Option<Decimal> {
    (point - outcome)
        .abs()
        .checked_mul(Decimal::ONE_HUNDRED)?
        .checked_div(outcome.abs())
}

/// The median of the absolute percentage errors of `points` against their outcomes (pairs).
pub fn median_ape(pairs: impl IntoIterator<Item = (Decimal, Decimal)>) -> Option<Decimal> {
    median(
        pairs
            .into_iter()
            .filter_map(|(point, outcome)| absolute_percentage_error(point, outcome))
            .collect(),
    )
}

/// The median: the middle value, or the mean of the two middle values.
pub fn median(mut values: Vec<Decimal>) -> Option<Decimal> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let middle = values.len() / 2;
    Some(if values.len() % 2 == 1 {
        values[middle]
    } else {
        (values[middle - 1] + values[middle]) / Decimal::TWO
    })
}

/// The Brier score of probabilities (0–100) of an event against whether it happened.
pub fn brier(pairs: impl IntoIterator<Item = (Decimal, bool)>) -> Option<Decimal> {
    let mut total = Decimal::ZERO;
    let mut count = 0_u32;
    for (percent, happened) in pairs {
        let p = percent / Decimal::ONE_HUNDRED;
        let o = if happened {
            Decimal::ONE
        } else {
            Decimal::ZERO
        };
        total += (p - o) * (p - o);
        count += 1;
    }
    (count > 0).then(|| total / Decimal::from(count))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn scored(projected: Decimal, low: Decimal, high: Decimal, outcome: Decimal) -> Scored {
        Scored {
            projected,
            low,
            high,
            probability_over_budget: None,
            budget: None,
            outcome,
        }
    }

    #[test]
    fn coverage_counts_outcomes_inside_their_interval_ends_included() {
        // Four forecasts; outcomes 100 (inside), 90 (on the low end), 121 (above), 80 (below):
        // 2 of 4 = 50 %.
        let forecasts = [
            scored(dec!(100), dec!(90), dec!(110), dec!(100)),
            scored(dec!(100), dec!(90), dec!(110), dec!(90)),
            scored(dec!(100), dec!(90), dec!(120), dec!(121)),
            scored(dec!(100), dec!(90), dec!(120), dec!(80)),
        ];
        assert_eq!(coverage(&forecasts), Some(dec!(50)));
        assert_eq!(
            coverage(&forecasts[..3]).unwrap().round_dp(4),
            dec!(66.6667)
        );
        assert_eq!(coverage(&[]), None);
    }

    #[test]
    fn the_median_absolute_percentage_error_by_hand() {
        // Errors: |110 − 100| / 100 = 10 %, |45 − 50| / 50 = 10 %, |260 − 200| / 200 = 30 %,
        // |80 − 100| / 100 = 20 %; an outcome of 0 is left out. Sorted 10, 10, 20, 30: median 15.
        let pairs = [
            (dec!(110), dec!(100)),
            (dec!(45), dec!(50)),
            (dec!(260), dec!(200)),
            (dec!(80), dec!(100)),
            (dec!(5), dec!(0)),
        ];
        assert_eq!(median_ape(pairs), Some(dec!(15)));
        assert_eq!(median_ape([(dec!(99), dec!(100))]), Some(dec!(1)));
        assert_eq!(median_ape([]), None);
    }

    #[test]
    fn the_brier_score_by_hand() {
        // 80 % and it happened: 0.04; 30 % and it did not: 0.09; 100 % and it did not: 1;
        // 0 % and it did not: 0. Mean 1.13 / 4 = 0.2825.
        let pairs = [
            (dec!(80), true),
            (dec!(30), false),
            (dec!(100), false),
            (dec!(0), false),
        ];
        assert_eq!(brier(pairs), Some(dec!(0.2825)));
        // A constant 50 % scores 0.25 whatever happens.
        assert_eq!(
            brier([(dec!(50), true), (dec!(50), false)]),
            Some(dec!(0.25))
        );
        assert_eq!(brier([]), None);
    }

    #[test]
    fn an_outcome_over_its_budget_is_an_overrun() {
        let mut f = scored(dec!(100), dec!(90), dec!(110), dec!(105));
        assert_eq!(f.overran(), None);
        f.budget = Some(dec!(104.99));
        assert_eq!(f.overran(), Some(true));
        f.budget = Some(dec!(105));
        assert_eq!(f.overran(), Some(false));
        assert!(f.covered());
    }
}

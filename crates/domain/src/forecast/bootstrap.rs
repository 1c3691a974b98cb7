//! The pure forecast: from a board's daily cost series and earned-value figures to the
//! distribution of its final cost. No database, no clock; the same input always gives the same
//! output. The method is described in the [module above](super).

use budget_contract::forecast::HorizonSource;
use chrono::{Days, NaiveDate};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rust_decimal::{Decimal, RoundingStrategy};

use crate::amount::from_hundredths;
use crate::analytics::earned_value::{self, EvInputs};

/// The stable name of the method, returned with every forecast.
pub const METHOD: &str = "block-bootstrap-7d+ev-blend";
/// Days per resampled block: a whole week, so weekday/weekend patterns survive resampling.
pub const BLOCK_DAYS: usize = 7;
/// Bootstrap resamples per forecast.
pub const RESAMPLES: u32 = 2_000;
/// The longest horizon projected (three years); beyond it a burn history says nothing useful.
pub const MAX_HORIZON_DAYS: u32 = 1_095;
/// Mixed with the board id into the resampling seed.
const SEED_BASE: u64 = 0x0005_EED0_F0CA_5700;

/// What the forecast is computed from, in storage units where they are sums of stored amounts.
#[derive(Clone, Debug, PartialEq)]
pub struct ForecastInput {
    pub today: NaiveDate,
    /// The board's start date.
    pub start: NaiveDate,
    /// The board's due date.
    pub due: Option<NaiveDate>,
    /// Cost per day in cents, oldest first, the last entry being `today`; zero-cost days
    /// included. Empty is read as a single day of zero cost.
    pub daily_cents: Vec<i64>,
    /// Actual cost: everything spent so far.
    pub ac_cents: i64,
    /// The allocated budget, when there is one.
    pub bac_cents: Option<i64>,
    /// Σ estimated cost over the tasks.
    pub planned_cents: i64,
    /// Earned value Σ estimated cost × progress / 100, in currency units.
    pub ev: Decimal,
    /// Bootstrap resamples ([`RESAMPLES`] in service; at least 1).
    pub resamples: u32,
    /// Seed of the resampling ([`seed_for_board`] in service).
    pub seed: u64,
}

/// How many days after today are projected, and why.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Horizon {
    pub days: u32,
    pub source: HorizonSource,
}

/// The forecast, unrounded (currency units; percentages 0–100; ratios as fractions).
#[derive(Clone, Debug, PartialEq)]
pub struct ForecastOutcome {
    /// Median of the final cost.
    pub projected: Decimal,
    /// 10th percentile of the final cost.
    pub low: Decimal,
    /// 90th percentile of the final cost.
    pub high: Decimal,
    /// Share of resamples whose final cost exceeds the budget, 0–100.
    pub probability_over_budget: Option<Decimal>,
    /// projected − budget.
    pub projected_overrun: Option<Decimal>,
    pub exhaustion_date: Option<NaiveDate>,
    pub horizon: Horizon,
    pub history_days: u32,
    pub mean_daily_cost: Decimal,
    /// (projected − AC) / horizon days; zero without a horizon.
    pub projected_daily_cost: Decimal,
    pub ac: Decimal,
    pub ev: Decimal,
    pub bac: Option<Decimal>,
    pub planned: Decimal,
    /// EV / planned, 0–1; `None` when nothing is estimated.
    pub percent_complete: Option<Decimal>,
    pub cpi: Option<Decimal>,
    pub eac_ev: Option<Decimal>,
    pub blend_weight: Decimal,
    pub block_days: u32,
    pub resamples: u32,
    pub seed: u64,
}

/// The resampling seed of a board: fixed per board, so its forecast changes only when its data
/// does. Kept below 2^53 so that JSON clients read it exactly.
pub fn seed_for_board(board_id: i64) -> u64 {
    let mixed = SEED_BASE ^ (board_id as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    mixed & ((1 << 53) - 1)
}

/// Days until completion: to the due date when it is ahead; else the days elapsed so far
/// (start to today, both included) × (1 − p) / p for the earned share p of the work, rounded
/// half-to-even; else none. At most [`MAX_HORIZON_DAYS`].
pub fn horizon(
    today: NaiveDate,
    start: NaiveDate,
    due: Option<NaiveDate>,
    percent_complete: Option<Decimal>,
) -> Horizon {
    let capped = |days: i64| u32::try_from(days.clamp(0, i64::from(MAX_HORIZON_DAYS))).unwrap_or(0);
    if let Some(due) = due.filter(|due| *due > today) {
        return Horizon {
            days: capped((due - today).num_days()),
            source: HorizonSource::DueDate,
        };
    }
    match percent_complete {
        Some(p) if p >= Decimal::ONE => Horizon {
            days: 0,
            source: HorizonSource::Progress,
        },
        Some(p) if p > Decimal::ZERO => {
            let elapsed = Decimal::from(((today - start).num_days() + 1).max(1));
            // A share too small to divide by is as far off as the cap.
            let days = elapsed
                .checked_mul(Decimal::ONE - p)
                .and_then(|remaining| remaining.checked_div(p))
                .map(|days| days.round_dp_with_strategy(0, RoundingStrategy::MidpointNearestEven));
            Horizon {
                days: capped(
                    days.and_then(|days| i64::try_from(days).ok())
                        .unwrap_or(i64::MAX),
                ),
                source: HorizonSource::Progress,
            }
        }
        _ => Horizon {
            days: 0,
            source: HorizonSource::None,
        },
    }
}

/// The forecast of one board's data: pure and deterministic (the seed is part of the input).
pub fn forecast(input: &ForecastInput) -> ForecastOutcome {
    let series: &[i64] = if input.daily_cents.is_empty() {
        &[0]
    } else {
        &input.daily_cents
    };
    let history_days = series.len();
    let ac = from_hundredths(input.ac_cents);
    let bac = input.bac_cents.map(from_hundredths);
    let planned = from_hundredths(input.planned_cents);
    let percent_complete = (planned > Decimal::ZERO)
        .then(|| input.ev.checked_div(planned))
        .flatten()
        .map(|share| share.clamp(Decimal::ZERO, Decimal::ONE));
    let cpi = earned_value::compute(&EvInputs {
        bac,
        ev: input.ev,
        ac,
        start: input.start,
        due: input.due,
        today: input.today,
    })
    .cpi;
    let eac_ev = match (cpi, percent_complete) {
        // Beyond what an exact decimal holds (a vanishing CPI): no earned-value estimate.
        (Some(cpi), Some(p)) if cpi > Decimal::ZERO && p > Decimal::ZERO => (planned - input.ev)
            .max(Decimal::ZERO)
            .checked_div(cpi)
            .and_then(|rest| ac.checked_add(rest)),
        _ => None,
    };
    let blend_weight = match (eac_ev, percent_complete) {
        (Some(_), Some(p)) => p,
        _ => Decimal::ZERO,
    };
    let horizon = horizon(input.today, input.start, input.due, percent_complete);
    let horizon_days = horizon.days as usize;

    let resamples = input.resamples.max(1);
    let futures = FutureCosts::resample(series, horizon_days, resamples as usize, input.seed);
    let history_total: i128 = series.iter().map(|&cents| i128::from(cents)).sum();
    let mean_daily_cost = cents_to_money(history_total) / Decimal::from(history_days);

    // The burn projection's median, moved towards the earned-value estimate by the blend weight;
    // the whole distribution moves with it (never below what is already spent).
    let burn_median = ac + futures.percentile(50);
    let projected = match eac_ev {
        Some(eac) => eac
            .checked_sub(burn_median)
            .and_then(|gap| blend_weight.checked_mul(gap))
            .and_then(|moved| burn_median.checked_add(moved))
            .unwrap_or(burn_median),
        None => burn_median,
    };
    let shift = projected - burn_median;
    let final_cost = |future: Decimal| (ac + future + shift).max(ac);
    let projected = projected.max(ac);

    let probability_over_budget = bac.map(|bac| {
        let within = futures.count_while(|future| final_cost(future) <= bac);
        Decimal::from(futures.len() - within) * Decimal::ONE_HUNDRED / Decimal::from(futures.len())
    });
    let future_total = projected - ac;
    let projected_daily_cost = if horizon.days == 0 {
        Decimal::ZERO
    } else {
        future_total / Decimal::from(horizon.days)
    };
    let exhaustion_date = bac.and_then(|bac| {
        if ac > bac {
            return Some(input.today);
        }
        if horizon.days == 0 || future_total <= Decimal::ZERO {
            return None;
        }
        // The first whole day k with ac + k × daily > bac is floor((bac − ac) / daily) + 1.
        let before = (bac - ac)
            .checked_mul(Decimal::from(horizon.days))?
            .checked_div(future_total)?
            .floor();
        let day = u64::try_from(before).ok()?.checked_add(1)?;
        if day > u64::from(horizon.days) {
            return None;
        }
        input.today.checked_add_days(Days::new(day))
    });

    ForecastOutcome {
        projected,
        low: final_cost(futures.percentile(10)),
        high: final_cost(futures.percentile(90)),
        probability_over_budget,
        projected_overrun: bac.map(|bac| projected - bac),
        exhaustion_date,
        horizon,
        history_days: u32::try_from(history_days).unwrap_or(u32::MAX),
        mean_daily_cost,
        projected_daily_cost,
        ac,
        ev: input.ev,
        bac,
        planned,
        percent_complete,
        cpi,
        eac_ev,
        blend_weight,
        block_days: u32::try_from(block_days(history_days)).unwrap_or(0),
        resamples,
        seed: input.seed,
    }
}

/// Days per block for a history of `days` days: a week, or half the history when it is shorter
/// than two weeks (a block as long as the history would make every draw the same).
pub fn block_days(days: usize) -> usize {
    BLOCK_DAYS.min(days / 2).max(1)
}

/// Bootstrap draws of the cost of the next `horizon` days, sorted, each kept exactly as
/// cents × history days (an integer), so nothing is rounded before the percentiles.
struct FutureCosts {
    sorted: Vec<i128>,
    history_days: usize,
    /// √(n / (n − L)): widens the draws around their median to undo the block bootstrap's
    /// known shrinkage of the variance by (1 − L/n) (the block analogue of Bessel's correction).
    spread: Decimal,
}

impl FutureCosts {
    /// Each draw is a circular moving-block bootstrap of the series over the horizon, plus the
    /// horizon × (mean − resampled mean) of an independent block resample of the history itself,
    /// which carries the uncertainty of the mean burn into the interval (without it an 80 %
    /// interval covers the truth noticeably less than 80 % of the time).
    fn resample(series: &[i64], horizon: usize, resamples: usize, seed: u64) -> Self {
        let days = series.len().max(1);
        if horizon == 0 || series.is_empty() {
            return Self {
                sorted: vec![0; resamples],
                history_days: days,
                spread: Decimal::ONE,
            };
        }
        let block = block_days(days);
        // Prefix sums over the series laid twice end to end, so that a block may wrap around.
        let mut prefix: Vec<i128> = Vec::with_capacity(2 * days + 1);
        let mut running = 0_i128;
        prefix.push(running);
        for index in 0..2 * days {
            running += i128::from(series[index % days]);
            prefix.push(running);
        }
        let total = prefix[days];
        let mut rng = StdRng::seed_from_u64(seed);
        let blocks_over = |length: usize, rng: &mut StdRng| {
            let mut sum = 0_i128;
            let mut left = length;
            while left > 0 {
                let take = left.min(block);
                let start = rng.gen_range(0..days);
                sum += prefix[start + take] - prefix[start];
                left -= take;
            }
            sum
        };
        let (days_wide, horizon_wide) = (days as i128, horizon as i128);
        let mut sorted: Vec<i128> = (0..resamples)
            .map(|_| {
                let future = blocks_over(horizon, &mut rng);
                let history = blocks_over(days, &mut rng);
                days_wide * future + horizon_wide * (total - history)
            })
            .collect();
        sorted.sort_unstable();
        let spread = if days > block {
            sqrt(Decimal::from(days) / Decimal::from(days - block))
        } else {
            Decimal::ONE
        };
        Self {
            sorted,
            history_days: days,
            spread,
        }
    }

    fn len(&self) -> usize {
        self.sorted.len()
    }

    /// The draw of rank `index` (0-based) in currency units, widened around the median and
    /// floored at zero (no day costs less than nothing).
    fn value(&self, index: usize) -> Decimal {
        let Some(&draw) = self.sorted.get(index) else {
            return Decimal::ZERO;
        };
        let median = self.sorted[self.rank(50) - 1];
        let widened = if draw == median {
            cents_to_money(draw)
        } else {
            cents_to_money(median) + (cents_to_money(draw) - cents_to_money(median)) * self.spread
        };
        (widened / Decimal::from(self.history_days)).max(Decimal::ZERO)
    }

    /// Nearest rank of the `percent`-th percentile: ⌈percent/100 × B⌉, at least 1.
    fn rank(&self, percent: usize) -> usize {
        (percent * self.sorted.len()).div_ceil(100).max(1)
    }

    fn percentile(&self, percent: usize) -> Decimal {
        self.value(self.rank(percent) - 1)
    }

    /// How many of the smallest draws satisfy a condition that holds for a prefix of them.
    fn count_while(&self, holds: impl Fn(Decimal) -> bool) -> usize {
        let (mut low, mut high) = (0, self.sorted.len());
        while low < high {
            let middle = low + (high - low) / 2;
            if holds(self.value(middle)) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        low
    }
}

/// The square root of a positive decimal by Newton's method, to the precision of `Decimal`.
fn sqrt(value: Decimal) -> Decimal {
    if value <= Decimal::ZERO {
        return Decimal::ZERO;
    }
    let two = Decimal::TWO;
    let mut root = if value > Decimal::ONE {
        value
    } else {
        Decimal::ONE
    };
    for _ in 0..100 {
        let next = (root + value / root) / two;
        if next >= root {
            break;
        }
        root = next;
    }
    root
}

/// Cents (as a wide integer) in currency units. Draws stay far below 2^96, the limit of a
/// `Decimal`; saturating is the fallback, never a panic.
fn cents_to_money(cents: i128) -> Decimal {
    Decimal::try_from_i128_with_scale(cents, 2).unwrap_or(if cents < 0 {
        Decimal::MIN
    } else {
        Decimal::MAX
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use budget_contract::Money;
    use rust_decimal_macros::dec;

    const TODAY: (i32, u32, u32) = (2026, 11, 25);

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(TODAY.0, TODAY.1, TODAY.2).unwrap()
    }

    fn days_from_today(days: i64) -> NaiveDate {
        today() + chrono::Duration::days(days)
    }

    /// `history` days of spending ending today, everything spent within them, nothing estimated.
    fn input(daily_cents: Vec<i64>, due_in: Option<i64>, bac_cents: Option<i64>) -> ForecastInput {
        let days = i64::try_from(daily_cents.len()).unwrap();
        ForecastInput {
            today: today(),
            start: days_from_today(1 - days.max(1)),
            due: due_in.map(days_from_today),
            ac_cents: daily_cents.iter().sum(),
            daily_cents,
            bac_cents,
            planned_cents: 0,
            ev: Decimal::ZERO,
            resamples: RESAMPLES,
            seed: seed_for_board(1),
        }
    }

    /// A day's cost: nothing on about two days in seven, else 200.00 to 1,800.00, independently.
    fn noisy_day(rng: &mut StdRng) -> i64 {
        if rng.gen_range(0..7) < 2 {
            0
        } else {
            rng.gen_range(20_000..=180_000)
        }
    }

    #[test]
    fn constant_burn_is_an_exact_line() {
        // 10 days at 800.00 (AC 8,000.00), due in 30 days: 8,000 + 30 × 800 = 32,000 in every
        // resample. Budget 30,000: over in all of them, by 2,000; day 27 reaches 29,600 and
        // day 28 30,400, so the budget runs out on 2026-12-23.
        let outcome = forecast(&input(vec![80_000; 10], Some(30), Some(3_000_000)));
        assert_eq!(outcome.projected, dec!(32000));
        assert_eq!((outcome.low, outcome.high), (dec!(32000), dec!(32000)));
        assert_eq!(outcome.probability_over_budget, Some(dec!(100)));
        assert_eq!(outcome.projected_overrun, Some(dec!(2000)));
        assert_eq!(outcome.exhaustion_date, Some(days_from_today(28)));
        assert_eq!(outcome.mean_daily_cost, dec!(800));
        assert_eq!(outcome.projected_daily_cost, dec!(800));
        assert_eq!(
            outcome.horizon,
            Horizon {
                days: 30,
                source: HorizonSource::DueDate
            }
        );
        assert_eq!((outcome.history_days, outcome.block_days), (10, 5));
        assert_eq!((outcome.eac_ev, outcome.blend_weight), (None, dec!(0)));

        // Budget 40,000: under in every resample, 8,000 to spare, never exhausted.
        let outcome = forecast(&input(vec![80_000; 10], Some(30), Some(4_000_000)));
        assert_eq!(outcome.probability_over_budget, Some(dec!(0)));
        assert_eq!(outcome.projected_overrun, Some(dec!(-8000)));
        assert_eq!(outcome.exhaustion_date, None);

        // Exactly on budget is not over it.
        let outcome = forecast(&input(vec![80_000; 10], Some(30), Some(3_200_000)));
        assert_eq!(outcome.probability_over_budget, Some(dec!(0)));
        assert_eq!(outcome.projected_overrun, Some(dec!(0)));
        assert_eq!(outcome.exhaustion_date, None);
    }

    #[test]
    fn a_weekly_rhythm_resampled_in_whole_weeks_has_no_spurious_spread() {
        // Four weeks of five 1,000.00 days and a free weekend: every 7-day block costs 5,000,
        // so 14 days ahead cost exactly 10,000 whatever block starts are drawn.
        let week = [100_000, 100_000, 100_000, 100_000, 100_000, 0, 0];
        let history: Vec<i64> = week.iter().copied().cycle().take(28).collect();
        let outcome = forecast(&input(history, Some(14), None));
        assert_eq!(outcome.projected, dec!(30000));
        assert_eq!((outcome.low, outcome.high), (dec!(30000), dec!(30000)));
    }

    #[test]
    fn the_blend_moves_the_median_towards_the_earned_value_estimate() {
        // As above, 800.00/day for 10 days; one task estimated 40,000.00 is 20 % done:
        // EV 8,000 = AC, CPI 1, EAC_ev = 8,000 + 32,000 / 1 = 40,000, weight 0.2.
        // Projected = 0.8 × 32,000 + 0.2 × 40,000 = 33,600; daily (33,600 − 8,000) / 30 =
        // 853.33…; the 30,000 budget is passed after ⌊22,000 × 30 / 25,600⌋ + 1 = 26 days.
        let mut blended = input(vec![80_000; 10], Some(30), Some(3_000_000));
        blended.planned_cents = 4_000_000;
        blended.ev = dec!(8000);
        let outcome = forecast(&blended);
        assert_eq!(outcome.percent_complete, Some(dec!(0.2)));
        assert_eq!(outcome.cpi, Some(dec!(1)));
        assert_eq!(outcome.eac_ev, Some(dec!(40000)));
        assert_eq!(outcome.blend_weight, dec!(0.2));
        assert_eq!(outcome.projected, dec!(33600));
        assert_eq!((outcome.low, outcome.high), (dec!(33600), dec!(33600)));
        assert_eq!(outcome.probability_over_budget, Some(dec!(100)));
        assert_eq!(outcome.projected_overrun, Some(dec!(3600)));
        assert_eq!(
            Money::new(outcome.projected_daily_cost).to_string(),
            "853.33"
        );
        assert_eq!(outcome.exhaustion_date, Some(days_from_today(26)));
    }

    #[test]
    fn finished_work_is_projected_at_what_it_cost_and_never_below() {
        // Every estimated task done: EAC_ev = AC with full weight, even with 60 days to the due
        // date and a noisy burn. The spread is kept but floored at AC.
        let mut rng = StdRng::seed_from_u64(7);
        let history: Vec<i64> = (0..40).map(|_| noisy_day(&mut rng)).collect();
        let mut done = input(history, Some(60), Some(1));
        done.planned_cents = 1_000_000;
        done.ev = dec!(10000);
        let outcome = forecast(&done);
        let ac = from_hundredths(done.ac_cents);
        assert_eq!(outcome.blend_weight, dec!(1));
        assert_eq!(outcome.eac_ev, Some(ac));
        assert_eq!(outcome.projected, ac);
        assert_eq!(outcome.low, ac);
        assert!(outcome.high > ac);
        // Already over a budget of 0.01: certain, and exhausted today.
        assert_eq!(outcome.probability_over_budget, Some(dec!(100)));
        assert_eq!(outcome.exhaustion_date, Some(today()));
    }

    #[test]
    fn already_over_budget_is_certain_and_exhausted_today() {
        let outcome = forecast(&input(vec![50_000; 20], Some(10), Some(900_000)));
        // AC 10,000 over a 9,000 budget; 10 more days at 500 → 15,000.
        assert_eq!(outcome.projected, dec!(15000));
        assert_eq!(outcome.probability_over_budget, Some(dec!(100)));
        assert_eq!(outcome.projected_overrun, Some(dec!(6000)));
        assert_eq!(outcome.exhaustion_date, Some(today()));
    }

    #[test]
    fn no_history_is_zero_burn() {
        let mut empty = input(Vec::new(), Some(30), Some(100_000));
        empty.ac_cents = 0;
        let outcome = forecast(&empty);
        assert_eq!(outcome.history_days, 1);
        assert_eq!(outcome.mean_daily_cost, dec!(0));
        assert_eq!(
            (outcome.projected, outcome.low, outcome.high),
            (dec!(0), dec!(0), dec!(0))
        );
        assert_eq!(outcome.probability_over_budget, Some(dec!(0)));
        assert_eq!(outcome.projected_overrun, Some(dec!(-1000)));
        assert_eq!(outcome.exhaustion_date, None);
        assert_eq!(outcome.cpi, None);
    }

    #[test]
    fn without_a_budget_the_budget_figures_are_none() {
        let outcome = forecast(&input(vec![10_000; 5], Some(5), None));
        assert_eq!(outcome.projected, dec!(1000));
        assert_eq!(outcome.bac, None);
        assert_eq!(outcome.probability_over_budget, None);
        assert_eq!(outcome.projected_overrun, None);
        assert_eq!(outcome.exhaustion_date, None);
    }

    #[test]
    fn without_a_horizon_the_forecast_is_what_was_spent() {
        // No due date and nothing earned: H = 0, the final cost is AC, with no spread.
        let outcome = forecast(&input(vec![10_000, 0, 30_000], None, Some(50_000)));
        assert_eq!(
            outcome.horizon,
            Horizon {
                days: 0,
                source: HorizonSource::None
            }
        );
        assert_eq!(
            (outcome.projected, outcome.low, outcome.high),
            (dec!(400), dec!(400), dec!(400))
        );
        assert_eq!(outcome.projected_daily_cost, dec!(0));
        assert_eq!(outcome.probability_over_budget, Some(dec!(0)));
        assert_eq!(outcome.exhaustion_date, None);
    }

    #[test]
    fn the_horizon_comes_from_the_due_date_else_from_progress() {
        let start = days_from_today(-24); // 25 days elapsed, today included
        let h = |due: Option<i64>, p: Option<Decimal>| {
            horizon(today(), start, due.map(days_from_today), p)
        };
        assert_eq!(
            h(Some(30), Some(dec!(0.5))),
            Horizon {
                days: 30,
                source: HorizonSource::DueDate
            }
        );
        // Due today or passed: 25 × 0.75 / 0.25 = 75 more days at a quarter done.
        assert_eq!(
            h(Some(0), Some(dec!(0.25))),
            Horizon {
                days: 75,
                source: HorizonSource::Progress
            }
        );
        assert_eq!(
            h(None, Some(dec!(0.25))),
            Horizon {
                days: 75,
                source: HorizonSource::Progress
            }
        );
        // 25 × 0.7 / 0.3 = 58.33… → 58.
        assert_eq!(h(None, Some(dec!(0.3))).days, 58);
        assert_eq!(
            h(None, Some(dec!(1))),
            Horizon {
                days: 0,
                source: HorizonSource::Progress
            }
        );
        assert_eq!(
            h(None, Some(dec!(0))),
            Horizon {
                days: 0,
                source: HorizonSource::None
            }
        );
        assert_eq!(
            h(Some(-3), None),
            Horizon {
                days: 0,
                source: HorizonSource::None
            }
        );
        // Capped at three years either way.
        assert_eq!(h(None, Some(dec!(0.001))).days, MAX_HORIZON_DAYS);
        assert_eq!(h(Some(5_000), None).days, MAX_HORIZON_DAYS);
    }

    #[test]
    fn the_same_input_gives_the_same_forecast() {
        let mut rng = StdRng::seed_from_u64(11);
        let history: Vec<i64> = (0..90).map(|_| noisy_day(&mut rng)).collect();
        let noisy = input(history, Some(45), Some(5_000_000));
        let first = forecast(&noisy);
        assert_eq!(forecast(&noisy), first);
        assert!(first.low < first.projected && first.projected < first.high);
        let other_seed = forecast(&ForecastInput {
            seed: seed_for_board(2),
            ..noisy
        });
        assert_ne!((other_seed.low, other_seed.high), (first.low, first.high));
    }

    #[test]
    fn seeds_differ_by_board_and_fit_a_json_number() {
        assert_ne!(seed_for_board(1), seed_for_board(2));
        for board in [1, 2, 1_000_000, i64::MAX] {
            assert!(seed_for_board(board) < 1 << 53);
        }
    }

    /// On a noisy series whose answer is known, the 80 % interval covers the truth in
    /// at least 75 % of 200 seeded trials. Each trial: 60 days of independent daily costs, a
    /// 30-day horizon, and the truth an independent draw of those 30 days from the same law.
    ///
    /// The long-run coverage of this setting, measured over 20,000 trials, is 78 %; a count of
    /// 200 trials has a standard deviation of about 6, so it is not a sure thing for every data
    /// seed: over seeds 2000–2099 the count ranged 145–168 (mean 156.5), 95 of the 100 passing.
    /// This test uses the first of them.
    #[test]
    fn the_80_percent_interval_covers_a_noisy_truth_at_least_75_percent_of_the_time() {
        let trials = 200;
        let mut rng = StdRng::seed_from_u64(2000);
        let mut covered = 0;
        for trial in 0..trials {
            let history: Vec<i64> = (0..60).map(|_| noisy_day(&mut rng)).collect();
            let future: i64 = (0..30).map(|_| noisy_day(&mut rng)).sum();
            let mut noisy = input(history, Some(30), None);
            noisy.seed = seed_for_board(trial);
            let truth = from_hundredths(noisy.ac_cents + future);
            let outcome = forecast(&noisy);
            if outcome.low <= truth && truth <= outcome.high {
                covered += 1;
            }
        }
        println!("80 % interval covered the truth in {covered} of {trials} trials");
        assert!(covered >= 150, "covered {covered} of {trials}");
    }
}

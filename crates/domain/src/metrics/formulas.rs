//! The budget figures, as pure functions over exact decimals. Every surface (metrics,
//! analytics, the optimiser, the web app's figures) gets its numbers from here.

use budget_contract::budget::BudgetBasis;
use budget_contract::metrics::{
    BudgetMetrics, BudgetStatus, BurnRate, CostSplit, Profitability, TaskCounts,
};
use budget_contract::{Currency, Money, Percent};
use chrono::{Days, NaiveDate};
use rust_decimal::{Decimal, RoundingStrategy};

use crate::amount::{from_hundredths, hours, money};

/// The burn-rate window when none is asked for: the last 30 days, today included.
pub const DEFAULT_WINDOW_DAYS: u32 = 30;

/// Sums over a board, in storage units, as one aggregate query returns them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BoardTotals {
    pub total_tasks: i64,
    pub completed_tasks: i64,
    pub over_budget_tasks: i64,
    pub labour_cents: i64,
    pub direct_cents: i64,
    pub resource_cents: i64,
    pub centihours: i64,
    /// Labour dated in the burn window plus direct and resource costs incurred in it.
    pub window_cost_cents: i64,
    /// Σ billable amounts of the time entries and the expenses.
    pub billable_cents: i64,
    /// The billable amounts of the entries dated in the burn window and of the expenses
    /// incurred in it.
    pub window_billable_cents: i64,
    /// The code of the budget's currency, read with the sums; `None` without a budget.
    pub currency: Option<String>,
}

impl BoardTotals {
    /// The currency the board's amounts are in: its budget's, else the default currency.
    pub fn currency(&self) -> &'static Currency {
        Currency::find_or_default(
            self.currency
                .as_deref()
                .unwrap_or(crate::budget::DEFAULT_CURRENCY),
        )
    }

    /// What the work cost: labour, expenses and resource costs.
    pub fn cost_cents(&self) -> i64 {
        self.labour_cents + self.direct_cents + self.resource_cents
    }

    /// What has spent a budget kept on `basis`: its cost, or the billable amounts of the
    /// entries and expenses (see [`BudgetBasis`]).
    pub fn spent_cents(&self, basis: BudgetBasis) -> i64 {
        match basis {
            BudgetBasis::Cost => self.cost_cents(),
            BudgetBasis::Billable => self.billable_cents,
        }
    }

    /// What spent a budget kept on `basis` in the burn window.
    pub fn window_spent_cents(&self, basis: BudgetBasis) -> i64 {
        match basis {
            BudgetBasis::Cost => self.window_cost_cents,
            BudgetBasis::Billable => self.window_billable_cents,
        }
    }
}

/// The budget's figures that the metrics need, in storage units.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BudgetFigures {
    pub allocated_cents: i64,
    pub currency: String,
    pub allocated_centihours: Option<i64>,
    pub warning_threshold: i32,
    pub critical_threshold: i32,
    pub fixed_fee_cents: Option<i64>,
    pub basis: BudgetBasis,
}

impl BudgetFigures {
    /// The currency the board's amounts are in.
    pub fn currency(&self) -> &'static Currency {
        Currency::find_or_default(&self.currency)
    }
}

/// What the budget of a board is kept on: `cost` without a budget.
pub fn basis_of(budget: Option<&BudgetFigures>) -> BudgetBasis {
    budget.map(|b| b.basis).unwrap_or_default()
}

/// The currency of a board's amounts: its budget's, else the default currency.
pub fn currency_of(budget: Option<&BudgetFigures>) -> &'static Currency {
    budget.map_or_else(
        || Currency::find_or_default(crate::budget::DEFAULT_CURRENCY),
        BudgetFigures::currency,
    )
}

/// The first day of a window of `days` days ending on (and including) `as_of`.
pub fn window_start(as_of: NaiveDate, days: u32) -> NaiveDate {
    as_of
        .checked_sub_days(Days::new(u64::from(days.max(1) - 1)))
        .unwrap_or(NaiveDate::MIN)
}

/// part / whole × 100; `None` when the whole is zero (undefined, never infinite) or the
/// quotient is beyond what an exact decimal holds.
pub fn percent(part: Decimal, whole: Decimal) -> Option<Decimal> {
    part.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(whole)
}

/// Budget status from the exact (unrounded) utilisation. A zero budget with any spending is
/// over; with none it is ok.
pub fn status(
    utilisation: Option<Decimal>,
    spent: Decimal,
    warning: i32,
    critical: i32,
) -> BudgetStatus {
    let Some(utilisation) = utilisation else {
        return if spent > Decimal::ZERO {
            BudgetStatus::Over
        } else {
            BudgetStatus::Ok
        };
    };
    if utilisation >= Decimal::ONE_HUNDRED {
        BudgetStatus::Over
    } else if utilisation >= Decimal::from(critical) {
        BudgetStatus::Critical
    } else if utilisation >= Decimal::from(warning) {
        BudgetStatus::Warning
    } else {
        BudgetStatus::Ok
    }
}

/// Daily and weekly burn over the window, and when the remaining budget runs out at that pace.
pub fn burn_rate(
    window_cost: Decimal,
    window_days: u32,
    remaining: Option<Decimal>,
    as_of: NaiveDate,
    currency: &Currency,
) -> BurnRate {
    let days = Decimal::from(window_days.max(1));
    // A division by at least one day: it cannot overflow.
    let daily = window_cost.checked_div(days).unwrap_or(window_cost);
    let days_until_exhausted = match remaining {
        None => None,
        Some(remaining) if remaining <= Decimal::ZERO => Some(Decimal::ZERO),
        Some(remaining) => remaining.checked_div(daily),
    };
    let exhaustion_date = days_until_exhausted.and_then(|days| {
        let whole = u64::try_from(days.floor()).ok()?;
        as_of.checked_add_days(Days::new(whole))
    });
    BurnRate {
        window_days,
        window_cost: Money::in_currency(window_cost, currency),
        daily: Money::in_currency(daily, currency),
        weekly: Money::in_currency(daily.saturating_mul(Decimal::from(7)), currency),
        days_until_exhausted: days_until_exhausted.map(two_places),
        exhaustion_date,
    }
}

/// A task's cost against its estimate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Variance {
    pub variance: Money,
    pub variance_percent: Option<Percent>,
    pub over_budget: bool,
}

/// A task's actual cost against its estimate. Over budget means an estimate above zero and a
/// total above it: the rule the `task_totals` view states as `over_estimate` for the board's
/// counts, here for one task's row.
pub fn task_variance(
    estimated_cents: i64,
    total_actual_cents: i64,
    currency: &Currency,
) -> Variance {
    let estimated = from_hundredths(estimated_cents);
    let actual = from_hundredths(total_actual_cents);
    let variance = actual - estimated;
    Variance {
        variance: Money::in_currency(variance, currency),
        variance_percent: percent(variance, estimated).map(Percent::new),
        over_budget: estimated_cents > 0 && total_actual_cents > estimated_cents,
    }
}

pub fn compute(
    board_id: i64,
    as_of: NaiveDate,
    window_days: u32,
    totals: &BoardTotals,
    budget: Option<&BudgetFigures>,
) -> BudgetMetrics {
    let currency = currency_of(budget);
    let basis = basis_of(budget);
    let spent = from_hundredths(totals.spent_cents(basis));
    let allocated = budget.map(|b| from_hundredths(b.allocated_cents));
    let remaining = allocated.map(|allocated| allocated - spent);
    let utilisation = allocated.and_then(|allocated| percent(spent, allocated));
    let status = match budget {
        None => BudgetStatus::NoBudget,
        Some(b) => status(
            utilisation,
            spent,
            b.warning_threshold,
            b.critical_threshold,
        ),
    };
    let allocated_hours = budget.and_then(|b| b.allocated_centihours);
    let time_utilisation = allocated_hours.and_then(|allocated| {
        percent(
            from_hundredths(totals.centihours),
            from_hundredths(allocated),
        )
    });
    BudgetMetrics {
        board_id,
        as_of,
        status,
        currency: budget.map(|b| b.currency.clone()),
        allocated_budget: allocated.map(|allocated| Money::in_currency(allocated, currency)),
        basis,
        spent: Money::in_currency(spent, currency),
        remaining: remaining.map(|remaining| Money::in_currency(remaining, currency)),
        utilisation_percent: utilisation.map(Percent::new),
        warning_threshold: budget.map(|b| b.warning_threshold),
        critical_threshold: budget.map(|b| b.critical_threshold),
        allocated_hours: allocated_hours.map(hours),
        spent_hours: hours(totals.centihours),
        time_utilisation_percent: time_utilisation.map(Percent::new),
        tasks: TaskCounts {
            total: u64::try_from(totals.total_tasks).unwrap_or(0),
            completed: u64::try_from(totals.completed_tasks).unwrap_or(0),
            over_budget: u64::try_from(totals.over_budget_tasks).unwrap_or(0),
        },
        cost_split: CostSplit {
            labour: money(totals.labour_cents, currency),
            direct: money(totals.direct_cents, currency),
            resource: money(totals.resource_cents, currency),
        },
        burn_rate: burn_rate(
            from_hundredths(totals.window_spent_cents(basis)),
            window_days,
            remaining,
            as_of,
            currency,
        ),
        profitability: Some(profitability(
            revenue_cents(totals, budget),
            totals.cost_cents(),
            currency,
        )),
    }
}

/// A board's revenue: its fixed fee when one is agreed, else the billable amounts of its entries
/// and expenses.
pub fn revenue_cents(totals: &BoardTotals, budget: Option<&BudgetFigures>) -> i64 {
    budget
        .and_then(|b| b.fixed_fee_cents)
        .unwrap_or(totals.billable_cents)
}

/// Revenue against cost (both in hundredths): profit = revenue − cost, margin = profit /
/// revenue × 100, none when there is no revenue.
pub fn profitability(revenue_cents: i64, cost_cents: i64, currency: &Currency) -> Profitability {
    let revenue = from_hundredths(revenue_cents);
    let profit = revenue - from_hundredths(cost_cents);
    Profitability {
        revenue: Money::in_currency(revenue, currency),
        cost: money(cost_cents, currency),
        profit: Money::in_currency(profit, currency),
        margin_percent: percent(profit, revenue).map(Percent::new),
    }
}

fn two_places(value: Decimal) -> Decimal {
    let mut rounded = value.round_dp_with_strategy(2, RoundingStrategy::MidpointNearestEven);
    rounded.rescale(2);
    rounded
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn usd() -> &'static Currency {
        Currency::find_or_default("USD")
    }

    #[test]
    fn yen_figures_are_whole_yen_rounded_once_from_the_exact_value() {
        let yen = Currency::find_or_default("JPY");
        // 1000 yen over 30 days: 33.333… a day, 233.33… a week.
        let b = burn_rate(dec!(1000), 30, Some(dec!(500)), day(2026, 11, 25), yen);
        assert_eq!(b.daily.to_string(), "33");
        assert_eq!(b.weekly.to_string(), "233");
        assert_eq!(b.window_cost.to_string(), "1000");
        let mut figures = budget(10_000_000);
        figures.currency = "JPY".into();
        let totals = BoardTotals {
            labour_cents: 166_600,
            direct_cents: 100,
            ..BoardTotals::default()
        };
        let m = compute(1, day(2026, 11, 25), 30, &totals, Some(&figures));
        assert_eq!(m.allocated_budget.unwrap().to_string(), "100000");
        assert_eq!(m.spent.to_string(), "1667");
        assert_eq!(m.remaining.unwrap().to_string(), "98333");
        assert_eq!(m.cost_split.labour.to_string(), "1666");
        // Half to even, from the exact variance.
        assert_eq!(task_variance(0, 150, yen).variance.to_string(), "2");
        assert_eq!(task_variance(0, 250, yen).variance.to_string(), "2");
        assert_eq!(task_variance(10_000, 10_149, yen).variance.to_string(), "1");
    }

    fn budget(allocated_cents: i64) -> BudgetFigures {
        BudgetFigures {
            allocated_cents,
            currency: "USD".into(),
            allocated_centihours: Some(40_000),
            warning_threshold: 80,
            critical_threshold: 95,
            fixed_fee_cents: None,
            basis: BudgetBasis::Cost,
        }
    }

    #[test]
    fn a_billable_budget_is_spent_by_billable_amounts_only() {
        // Budget 10,000.00 of fees. Labour cost 4,000.00, expenses 500.00, resources 1,500.00:
        // cost 6,000.00. Billed: hours 8,550.00 and expenses 575.00 (a 15 % markup) = 9,125.00,
        // 91.25 % of the budget: at or above the warning threshold (80), below the critical
        // one (95), so warning; remaining 875.00. The window billed 2,625.00 over 30 days = 87.50 a
        // day, 612.50 a week; 875.00 / 87.50 = 10 days → 2026-12-05. Revenue is the billed
        // 9,125.00 against the cost 6,000.00 whatever the basis: profit 3,125.00, margin
        // 3,125 / 9,125 = 34.2465…% → 34.25.
        let totals = BoardTotals {
            total_tasks: 3,
            labour_cents: 400_000,
            direct_cents: 50_000,
            resource_cents: 150_000,
            window_cost_cents: 180_000,
            billable_cents: 912_500,
            window_billable_cents: 262_500,
            currency: Some("USD".into()),
            ..BoardTotals::default()
        };
        let mut fees = budget(1_000_000);
        fees.basis = BudgetBasis::Billable;
        let m = compute(7, day(2026, 11, 25), 30, &totals, Some(&fees));
        assert_eq!(m.basis, BudgetBasis::Billable);
        assert_eq!(m.spent.to_string(), "9125.00");
        assert_eq!(m.remaining.unwrap().to_string(), "875.00");
        assert_eq!(m.utilisation_percent.unwrap().to_string(), "91.25");
        assert_eq!(m.status, BudgetStatus::Warning);
        assert_eq!(m.burn_rate.window_cost.to_string(), "2625.00");
        assert_eq!(m.burn_rate.daily.to_string(), "87.50");
        assert_eq!(m.burn_rate.weekly.to_string(), "612.50");
        assert_eq!(m.burn_rate.days_until_exhausted, Some(dec!(10.00)));
        assert_eq!(m.burn_rate.exhaustion_date, Some(day(2026, 12, 5)));
        let p = m.profitability.unwrap();
        assert_eq!(p.revenue.to_string(), "9125.00");
        assert_eq!(p.cost.to_string(), "6000.00");
        assert_eq!(p.profit.to_string(), "3125.00");
        assert_eq!(p.margin_percent.unwrap().to_string(), "34.25");
        // The same board on a cost budget: spent is the cost, 60 %, ok; the window 1,800.00.
        let m = compute(7, day(2026, 11, 25), 30, &totals, Some(&budget(1_000_000)));
        assert_eq!(m.basis, BudgetBasis::Cost);
        assert_eq!(m.spent.to_string(), "6000.00");
        assert_eq!(m.utilisation_percent.unwrap().to_string(), "60.00");
        assert_eq!(m.status, BudgetStatus::Ok);
        assert_eq!(m.burn_rate.window_cost.to_string(), "1800.00");
        assert_eq!(m.profitability.unwrap().profit.to_string(), "3125.00");
    }

    #[test]
    fn the_window_includes_today() {
        assert_eq!(window_start(day(2026, 11, 25), 30), day(2026, 10, 27));
        assert_eq!(window_start(day(2026, 11, 25), 1), day(2026, 11, 25));
    }

    #[test]
    fn status_follows_the_thresholds_on_exact_utilisation() {
        let s = |u: Decimal| status(Some(u), dec!(1), 80, 95);
        assert_eq!(s(dec!(79.999)), BudgetStatus::Ok);
        assert_eq!(s(dec!(80)), BudgetStatus::Warning);
        assert_eq!(s(dec!(94.99)), BudgetStatus::Warning);
        assert_eq!(s(dec!(95)), BudgetStatus::Critical);
        assert_eq!(s(dec!(100)), BudgetStatus::Over);
        assert_eq!(status(None, dec!(0), 80, 95), BudgetStatus::Ok);
        assert_eq!(status(None, dec!(0.01), 80, 95), BudgetStatus::Over);
    }

    #[test]
    fn full_metrics_by_hand() {
        // Budget 10,000.00 and 400 h. Labour 6,543.21, direct 1,000.00, resource 456.79:
        // spent 8,000.00 → 80 % (warning), remaining 2,000.00. 312.50 h of 400 → 78.13 %
        // (78.125 rounds half-to-even). Window cost 3,000.00 over 30 days → 100.00/day,
        // 700.00/week, 20 days left → exhausted on 2026-12-15.
        let totals = BoardTotals {
            total_tasks: 12,
            completed_tasks: 5,
            over_budget_tasks: 2,
            labour_cents: 654_321,
            direct_cents: 100_000,
            resource_cents: 45_679,
            centihours: 31_250,
            window_cost_cents: 300_000,
            billable_cents: 0,
            window_billable_cents: 0,
            currency: Some("USD".into()),
        };
        let m = compute(7, day(2026, 11, 25), 30, &totals, Some(&budget(1_000_000)));
        assert_eq!(m.status, BudgetStatus::Warning);
        assert_eq!(m.spent.to_string(), "8000.00");
        assert_eq!(m.remaining.unwrap().to_string(), "2000.00");
        assert_eq!(m.utilisation_percent.unwrap().to_string(), "80.00");
        assert_eq!(m.time_utilisation_percent.unwrap().to_string(), "78.12");
        assert_eq!(m.spent_hours.to_string(), "312.50");
        assert_eq!(m.cost_split.labour.to_string(), "6543.21");
        assert_eq!(m.burn_rate.daily.to_string(), "100.00");
        assert_eq!(m.burn_rate.weekly.to_string(), "700.00");
        assert_eq!(m.burn_rate.days_until_exhausted, Some(dec!(20.00)));
        assert_eq!(m.burn_rate.exhaustion_date, Some(day(2026, 12, 15)));
        assert_eq!(m.tasks.over_budget, 2);
    }

    #[test]
    fn uneven_burn_rounds_only_at_the_edge() {
        // 1,000.00 over 30 days = 33.333…/day → 33.33; weekly 233.333… → 233.33.
        // Remaining 500.00 / 33.333… = 15.00 days exactly (not 500 / 33.33 = 15.0015).
        let b = burn_rate(dec!(1000), 30, Some(dec!(500)), day(2026, 11, 25), usd());
        assert_eq!(b.daily.to_string(), "33.33");
        assert_eq!(b.weekly.to_string(), "233.33");
        assert_eq!(b.days_until_exhausted, Some(dec!(15.00)));
        assert_eq!(b.exhaustion_date, Some(day(2026, 12, 10)));
        // 7 days of 10.00 with 25.00 left: 2.5 days → date is today + 2.
        let b = burn_rate(dec!(70), 7, Some(dec!(25)), day(2026, 11, 25), usd());
        assert_eq!(b.days_until_exhausted, Some(dec!(2.50)));
        assert_eq!(b.exhaustion_date, Some(day(2026, 11, 27)));
    }

    #[test]
    fn nothing_burning_or_nothing_left() {
        let idle = burn_rate(dec!(0), 30, Some(dec!(500)), day(2026, 11, 25), usd());
        assert_eq!(idle.days_until_exhausted, None);
        assert_eq!(idle.exhaustion_date, None);
        assert_eq!(idle.daily, Money::ZERO);
        let spent = burn_rate(dec!(300), 30, Some(dec!(-5)), day(2026, 11, 25), usd());
        assert_eq!(spent.days_until_exhausted, Some(dec!(0.00)));
        assert_eq!(spent.exhaustion_date, Some(day(2026, 11, 25)));
        let no_budget = burn_rate(dec!(300), 30, None, day(2026, 11, 25), usd());
        assert_eq!(no_budget.days_until_exhausted, None);
    }

    #[test]
    fn an_empty_board_without_budget() {
        let m = compute(1, day(2026, 11, 25), 30, &BoardTotals::default(), None);
        assert_eq!(m.status, BudgetStatus::NoBudget);
        assert_eq!(m.spent.to_string(), "0.00");
        assert_eq!(m.remaining, None);
        assert_eq!(m.utilisation_percent, None);
        assert_eq!(m.time_utilisation_percent, None);
        assert_eq!(m.currency, None);
        assert_eq!(m.burn_rate.days_until_exhausted, None);
    }

    #[test]
    fn a_zero_budget_has_no_utilisation() {
        let totals = BoardTotals {
            direct_cents: 1,
            ..BoardTotals::default()
        };
        let mut zero = budget(0);
        zero.allocated_centihours = Some(0);
        let m = compute(1, day(2026, 11, 25), 30, &totals, Some(&zero));
        assert_eq!(m.utilisation_percent, None);
        assert_eq!(m.time_utilisation_percent, None);
        assert_eq!(m.status, BudgetStatus::Over);
        assert_eq!(m.remaining.unwrap().to_string(), "-0.01");
    }

    #[test]
    fn variance_against_the_estimate() {
        let v = task_variance(100_000, 125_050, usd());
        assert_eq!(v.variance.to_string(), "250.50");
        assert_eq!(v.variance_percent.unwrap().to_string(), "25.05");
        assert!(v.over_budget);
        let v = task_variance(0, 5_000, usd());
        assert_eq!(v.variance.to_string(), "50.00");
        assert_eq!(v.variance_percent, None);
        assert!(!v.over_budget);
        let v = task_variance(100_000, 100_000, usd());
        assert!(!v.over_budget);
        assert_eq!(v.variance_percent.unwrap().to_string(), "0.00");
    }

    #[test]
    fn profit_is_revenue_less_cost_and_margin_its_share_of_revenue() {
        let usd = Currency::find_or_default("USD");
        // 444.60 − 380.00 = 64.60; 64.60 / 444.60 × 100 = 14.5299… → 14.53
        let p = profitability(44_460, 38_000, usd);
        assert_eq!(p.revenue.to_string(), "444.60");
        assert_eq!(p.cost.to_string(), "380.00");
        assert_eq!(p.profit.to_string(), "64.60");
        assert_eq!(p.margin_percent.unwrap().to_string(), "14.53");
        // At a loss: 100.00 − 150.00 = −50.00, −50.00 %.
        let loss = profitability(10_000, 15_000, usd);
        assert_eq!(loss.profit.to_string(), "-50.00");
        assert_eq!(loss.margin_percent.unwrap().to_string(), "-50.00");
        // Nothing billed: no margin to speak of.
        let unbilled = profitability(0, 15_000, usd);
        assert_eq!(unbilled.profit.to_string(), "-150.00");
        assert_eq!(unbilled.margin_percent, None);
        // Whole yen: 1667 − 1000 = 667; 667 / 1667 × 100 = 40.0119… → 40.01
        let yen = profitability(166_700, 100_000, Currency::find_or_default("JPY"));
        assert_eq!(yen.profit.to_string(), "667");
        assert_eq!(yen.margin_percent.unwrap().to_string(), "40.01");
    }
}

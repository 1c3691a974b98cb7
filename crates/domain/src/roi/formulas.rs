//! The ROI numbers as pure functions: ROI %, task figures, the builtin risk score,
//! the plain-language insights and the change between two snapshots.
//!
//! Everything is computed from exact decimals (integer cents in, `Decimal` in between) and
//! rounded half-to-even only at the edge, by [`Money`] (to the minor unit of the board's
//! currency) and [`Percent`] (to two decimals).

use budget_contract::metrics::BudgetStatus;
use budget_contract::roi::{CountChange, MoneyChange, PercentChange, RoiChanges, RoiSnapshot};
use budget_contract::{Currency, Money, Percent};
use rust_decimal::{Decimal, RoundingStrategy};

use crate::amount::from_hundredths;
use crate::metrics::formulas::{percent, status, BoardTotals, BudgetFigures};

/// The figures one snapshot is made of, in storage units.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Figures {
    pub expected_cents: i64,
    pub realized_cents: i64,
    pub total_cost_cents: i64,
    pub completed_tasks: i64,
    pub total_tasks: i64,
}

impl Figures {
    pub fn expected_roi(&self) -> Option<Decimal> {
        roi_percent(self.expected_cents, self.total_cost_cents)
    }

    pub fn realized_roi(&self) -> Option<Decimal> {
        roi_percent(self.realized_cents, self.total_cost_cents)
    }

    pub fn completion_rate(&self) -> Option<Decimal> {
        completion_rate(self.completed_tasks, self.total_tasks)
    }

    pub fn cost_per_completed_task(&self) -> Option<Decimal> {
        cost_per_completed_task(self.total_cost_cents, self.completed_tasks)
    }
}

/// (value − cost) / cost × 100, exact; `None` when the cost is zero.
pub fn roi_percent(value_cents: i64, cost_cents: i64) -> Option<Decimal> {
    percent(
        from_hundredths(value_cents) - from_hundredths(cost_cents),
        from_hundredths(cost_cents),
    )
}

/// A percentage as stored: hundredths of a percent, rounded half-to-even (as [`Percent`] does).
pub fn basis_points(percent: Decimal) -> i64 {
    let rounded = percent.round_dp_with_strategy(2, RoundingStrategy::MidpointNearestEven);
    let scaled = rounded * Decimal::ONE_HUNDRED;
    i64::try_from(scaled).unwrap_or(if scaled.is_sign_negative() {
        i64::MIN
    } else {
        i64::MAX
    })
}

/// completed / total × 100; `None` on a board without tasks.
pub fn completion_rate(completed: i64, total: i64) -> Option<Decimal> {
    percent(Decimal::from(completed), Decimal::from(total))
}

/// cost / completed tasks, exact; `None` when no task is completed.
pub fn cost_per_completed_task(cost_cents: i64, completed: i64) -> Option<Decimal> {
    if completed == 0 {
        None
    } else {
        Some(from_hundredths(cost_cents) / Decimal::from(completed))
    }
}

/// Most points the budget's utilisation can give (reached at 100 % used).
pub const UTILISATION_POINTS: i64 = 50;
/// Most points the share of tasks over their estimate can give (reached when all are over).
pub const OVERRUN_POINTS: i64 = 30;

/// Points for the budget status: the thresholds the board's owners chose themselves.
pub fn status_points(status: BudgetStatus) -> i64 {
    match status {
        BudgetStatus::Ok | BudgetStatus::NoBudget => 0,
        BudgetStatus::Warning => 10,
        BudgetStatus::Critical => 15,
        BudgetStatus::Over => 20,
    }
}

/// The builtin risk score and the parts it is the sum of, so a person can retrace it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Risk {
    /// 0 to 100.
    pub score: i32,
    /// Exact utilisation %, `None` with a zero budget.
    pub utilisation_percent: Option<Decimal>,
    pub status: BudgetStatus,
    pub utilisation_points: Decimal,
    pub overrun_points: Decimal,
    pub status_points: Decimal,
    pub over_budget_tasks: i64,
    pub total_tasks: i64,
}

/// The builtin risk score: a deterministic rule, `None` when the board has no budget.
///
/// score = utilisation points + overrun points + status points, rounded half-to-even to a whole
/// number and kept within 0..=100, where
/// - utilisation points = min(utilisation %, 100) × 0.5 (0 to 50); with a zero budget, 50 as
///   soon as anything is spent, else 0;
/// - overrun points = tasks over their estimate / all tasks × 30 (0 to 30; 0 without tasks);
/// - status points = ok 0, warning 10, critical 15, over 20 (the budget status, from
///   the board's own thresholds).
///
/// Example: 43.85 % used, 1 of 3 tasks over, status ok → 21.92… + 10 + 0 = 31.92… → 32.
pub fn risk_score(totals: &BoardTotals, budget: Option<&BudgetFigures>) -> Option<Risk> {
    let budget = budget?;
    let spent = from_hundredths(totals.spent_cents(budget.basis));
    let utilisation = percent(spent, from_hundredths(budget.allocated_cents));
    let budget_status = status(
        utilisation,
        spent,
        budget.warning_threshold,
        budget.critical_threshold,
    );
    let full = Decimal::from(UTILISATION_POINTS);
    let utilisation_points = match utilisation {
        Some(used) => used.clamp(Decimal::ZERO, Decimal::ONE_HUNDRED) * full / Decimal::ONE_HUNDRED,
        None if spent > Decimal::ZERO => full,
        None => Decimal::ZERO,
    };
    let overrun_points = if totals.total_tasks == 0 {
        Decimal::ZERO
    } else {
        Decimal::from(totals.over_budget_tasks) * Decimal::from(OVERRUN_POINTS)
            / Decimal::from(totals.total_tasks)
    };
    let status_points = Decimal::from(status_points(budget_status));
    let total = (utilisation_points + overrun_points + status_points)
        .round_dp_with_strategy(0, RoundingStrategy::MidpointNearestEven)
        .clamp(Decimal::ZERO, Decimal::ONE_HUNDRED);
    Some(Risk {
        score: i32::try_from(total).unwrap_or(100),
        utilisation_percent: utilisation,
        status: budget_status,
        utilisation_points,
        overrun_points,
        status_points,
        over_budget_tasks: totals.over_budget_tasks,
        total_tasks: totals.total_tasks,
    })
}

/// Short statements a person can read without the numbers table, each carrying the figures
/// it is made from.
pub fn insights(figures: &Figures, risk: Option<&Risk>, currency: &Currency) -> Vec<String> {
    let money_text = |value: Decimal| money_text(value, currency);
    let expected = from_hundredths(figures.expected_cents);
    let realized = from_hundredths(figures.realized_cents);
    let cost = from_hundredths(figures.total_cost_cents);
    let mut out = Vec::new();
    match (figures.realized_roi(), figures.expected_roi()) {
        (Some(realized_roi), Some(expected_roi)) => {
            out.push(format!(
                "Realised ROI is {}: value {} against cost {}.",
                percent_text(realized_roi),
                money_text(realized),
                money_text(cost)
            ));
            out.push(format!(
                "Expected ROI is {}: expected value {} against cost {}.",
                percent_text(expected_roi),
                money_text(expected),
                money_text(cost)
            ));
            let margin = realized - cost;
            out.push(if margin < Decimal::ZERO {
                format!(
                    "Realised value is {} short of the cost so far.",
                    money_text(-margin)
                )
            } else {
                format!(
                    "Realised value covers the cost so far, with {} to spare.",
                    money_text(margin)
                )
            });
        }
        _ => out.push(format!(
            "No cost recorded yet, so ROI is undefined: expected value {}, realised value {}.",
            money_text(expected),
            money_text(realized)
        )),
    }
    if let Some(share) = percent(realized, expected) {
        out.push(format!(
            "{} of the expected value is realised.",
            percent_text(share)
        ));
    }
    out.push(
        match (figures.completion_rate(), figures.cost_per_completed_task()) {
            (None, _) => "The board has no tasks yet.".to_owned(),
            (Some(_), None) => format!("No task is completed yet (0 of {}).", figures.total_tasks),
            (Some(rate), Some(per_task)) => format!(
                "{} of {} tasks completed ({}), at {} per completed task.",
                figures.completed_tasks,
                figures.total_tasks,
                percent_text(rate),
                money_text(per_task)
            ),
        },
    );
    out.push(match risk {
        None => "No budget is set, so there is no risk score.".to_owned(),
        Some(risk) => {
            let used = match risk.utilisation_percent {
                Some(used) => format!("{} of the budget used", percent_text(used)),
                None => "spending against a zero budget".to_owned(),
            };
            format!(
                "Risk score {} of 100: {} points for {used}, {} for {} of {} tasks over their \
                 estimate, {} for budget status {}.",
                risk.score,
                points_text(risk.utilisation_points),
                points_text(risk.overrun_points),
                risk.over_budget_tasks,
                risk.total_tasks,
                points_text(risk.status_points),
                risk.status.as_str()
            )
        }
    });
    out
}

/// The change of every numeric field from one snapshot to another, taken between the figures
/// as shown (in the currency's minor units) so that `to − from` checks by hand.
pub fn changes(from: &RoiSnapshot, to: &RoiSnapshot, currency: &Currency) -> RoiChanges {
    let money_change = |from, to| money_change(from, to, currency);
    RoiChanges {
        expected_value: money_change(Some(from.expected_value), Some(to.expected_value)),
        realized_value: money_change(Some(from.realized_value), Some(to.realized_value)),
        total_cost: money_change(Some(from.total_cost), Some(to.total_cost)),
        expected_roi_percent: percent_change(from.expected_roi_percent, to.expected_roi_percent),
        realized_roi_percent: percent_change(from.realized_roi_percent, to.realized_roi_percent),
        completed_tasks: count_change(
            Some(count(from.completed_tasks)),
            Some(count(to.completed_tasks)),
        ),
        total_tasks: count_change(Some(count(from.total_tasks)), Some(count(to.total_tasks))),
        completion_rate_percent: percent_change(
            from.completion_rate_percent,
            to.completion_rate_percent,
        ),
        cost_per_completed_task: money_change(
            from.cost_per_completed_task,
            to.cost_per_completed_task,
        ),
        risk_score: count_change(from.risk_score.map(i64::from), to.risk_score.map(i64::from)),
    }
}

pub fn money_change(from: Option<Money>, to: Option<Money>, currency: &Currency) -> MoneyChange {
    let (change, change_percent) = change_of(from.map(Money::value), to.map(Money::value));
    MoneyChange {
        from,
        to,
        change: change.map(|change| Money::in_currency(change, currency)),
        change_percent,
    }
}

pub fn percent_change(from: Option<Percent>, to: Option<Percent>) -> PercentChange {
    let (change, change_percent) = change_of(from.map(Percent::value), to.map(Percent::value));
    PercentChange {
        from,
        to,
        change: change.map(Percent::new),
        change_percent,
    }
}

pub fn count_change(from: Option<i64>, to: Option<i64>) -> CountChange {
    let (_, change_percent) = change_of(from.map(Decimal::from), to.map(Decimal::from));
    CountChange {
        from,
        to,
        change: from.zip(to).map(|(from, to)| to.saturating_sub(from)),
        change_percent,
    }
}

/// to − from, and that change relative to |from| (so a rise is positive even from a negative
/// start); the relative change is `None` when from is zero.
fn change_of(from: Option<Decimal>, to: Option<Decimal>) -> (Option<Decimal>, Option<Percent>) {
    let Some((from, to)) = from.zip(to) else {
        return (None, None);
    };
    let change = to - from;
    (Some(change), percent(change, from.abs()).map(Percent::new))
}

fn count(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

/// Money for reading: the currency's minor units, thousands grouped with commas ("-1,234.50",
/// "1,235" in yen).
pub fn money_text(value: Decimal, currency: &Currency) -> String {
    grouped(Money::in_currency(value, currency).to_string())
}

/// A percentage for reading: "20.00 %".
pub fn percent_text(value: Decimal) -> String {
    format!("{} %", grouped(Percent::new(value).to_string()))
}

fn points_text(value: Decimal) -> String {
    Percent::new(value).to_string()
}

fn grouped(two_decimals: String) -> String {
    let (sign, digits) = match two_decimals.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", two_decimals.as_str()),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    if fraction.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}.{fraction}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn usd() -> &'static Currency {
        Currency::find_or_default("USD")
    }

    fn budget(allocated_cents: i64) -> BudgetFigures {
        BudgetFigures {
            allocated_cents,
            currency: "USD".into(),
            allocated_centihours: None,
            warning_threshold: 80,
            critical_threshold: 95,
            fixed_fee_cents: None,
            basis: Default::default(),
        }
    }

    fn totals(spent_cents: i64, over: i64, total: i64) -> BoardTotals {
        BoardTotals {
            total_tasks: total,
            over_budget_tasks: over,
            labour_cents: spent_cents,
            ..BoardTotals::default()
        }
    }

    fn shown(value: Option<Decimal>) -> Option<String> {
        value.map(|v| Percent::new(v).to_string())
    }

    #[test]
    fn roi_is_value_less_cost_over_cost() {
        // 12,000.00 against 10,000.00 → +20.00 %; 8,750.00 → −12.50 %.
        assert_eq!(roi_percent(1_200_000, 1_000_000), Some(dec!(20)));
        assert_eq!(roi_percent(875_000, 1_000_000), Some(dec!(-12.5)));
        assert_eq!(roi_percent(0, 1_000_000), Some(dec!(-100)));
        // No cost: undefined, never infinite.
        assert_eq!(roi_percent(1_200_000, 0), None);
        assert_eq!(roi_percent(0, 0), None);
        // 10,000.00 against 3,000.00 = 233.333… % → 233.33; 0.01 against 0.03 → −66.67.
        assert_eq!(shown(roi_percent(1_000_000, 300_000)).unwrap(), "233.33");
        assert_eq!(shown(roi_percent(1, 3)).unwrap(), "-66.67");
    }

    #[test]
    fn roi_is_stored_in_hundredths_of_a_percent_half_to_even() {
        assert_eq!(basis_points(dec!(20)), 2_000);
        assert_eq!(basis_points(dec!(-12.5)), -1_250);
        assert_eq!(basis_points(dec!(233.333333)), 23_333);
        assert_eq!(basis_points(dec!(0.125)), 12);
        assert_eq!(basis_points(dec!(0.135)), 14);
        assert_eq!(basis_points(dec!(-0.125)), -12);
    }

    #[test]
    fn task_figures_by_hand() {
        let f = Figures {
            total_cost_cents: 1_000_000,
            completed_tasks: 3,
            total_tasks: 8,
            ..Figures::default()
        };
        // 3 of 8 = 37.5 %; 10,000.00 / 3 = 3,333.333… → 3,333.33.
        assert_eq!(f.completion_rate(), Some(dec!(37.5)));
        assert_eq!(
            Money::new(f.cost_per_completed_task().unwrap()).to_string(),
            "3333.33"
        );
        assert_eq!(completion_rate(0, 0), None);
        assert_eq!(cost_per_completed_task(1_000_000, 0), None);
        assert_eq!(cost_per_completed_task(0, 2), Some(dec!(0)));
    }

    #[test]
    fn risk_score_is_the_sum_of_its_three_parts() {
        // 4,384.56 of 10,000.00 = 43.8456 % → 21.9228 points; 1 of 3 over → 10; ok → 0.
        // 31.9228 → 32.
        let risk = risk_score(&totals(438_456, 1, 3), Some(&budget(1_000_000))).unwrap();
        assert_eq!(risk.utilisation_points, dec!(21.9228));
        assert_eq!(risk.overrun_points, dec!(10));
        assert_eq!(risk.status_points, dec!(0));
        assert_eq!(risk.status, BudgetStatus::Ok);
        assert_eq!(risk.score, 32);
        // 85 % used (warning): 42.5 + 0 + 10 = 52.5 → 52 (half to even).
        let risk = risk_score(&totals(850_000, 0, 4), Some(&budget(1_000_000))).unwrap();
        assert_eq!(risk.status, BudgetStatus::Warning);
        assert_eq!(risk.score, 52);
        // 96 % used (critical), 1 of 4 over: 48 + 7.5 + 15 = 70.5 → 70.
        let risk = risk_score(&totals(960_000, 1, 4), Some(&budget(1_000_000))).unwrap();
        assert_eq!(risk.status, BudgetStatus::Critical);
        assert_eq!(risk.score, 70);
    }

    #[test]
    fn risk_score_bounds() {
        // Nothing spent, nothing over: 0.
        let calm = risk_score(&totals(0, 0, 0), Some(&budget(1_000_000))).unwrap();
        assert_eq!(calm.score, 0);
        // Far over budget with every task over: utilisation counts up to 100 % only → 100.
        let worst = risk_score(&totals(5_000_000, 4, 4), Some(&budget(1_000_000))).unwrap();
        assert_eq!(worst.utilisation_points, dec!(50));
        assert_eq!(worst.status, BudgetStatus::Over);
        assert_eq!(worst.score, 100);
        // A zero budget: spending is over (50 + 20); nothing spent is calm.
        let zero = risk_score(&totals(1, 0, 1), Some(&budget(0))).unwrap();
        assert_eq!(zero.utilisation_percent, None);
        assert_eq!(zero.score, 70);
        assert_eq!(
            risk_score(&totals(0, 0, 1), Some(&budget(0)))
                .unwrap()
                .score,
            0
        );
        // No budget: no score.
        assert_eq!(risk_score(&totals(100, 1, 1), None), None);
    }

    #[test]
    fn insights_state_the_figures() {
        let figures = Figures {
            expected_cents: 1_200_000,
            realized_cents: 875_000,
            total_cost_cents: 1_000_000,
            completed_tasks: 3,
            total_tasks: 8,
        };
        // 50 % used → 25 points; 2 of 8 over → 7.5; ok → 0: 32.5 → 32 (half to even).
        let risk = risk_score(&totals(1_000_000, 2, 8), Some(&budget(2_000_000)));
        assert_eq!(
            insights(&figures, risk.as_ref(), usd()),
            [
                "Realised ROI is -12.50 %: value 8,750.00 against cost 10,000.00.",
                "Expected ROI is 20.00 %: expected value 12,000.00 against cost 10,000.00.",
                "Realised value is 1,250.00 short of the cost so far.",
                "72.92 % of the expected value is realised.",
                "3 of 8 tasks completed (37.50 %), at 3,333.33 per completed task.",
                "Risk score 32 of 100: 25.00 points for 50.00 % of the budget used, 7.50 for \
                 2 of 8 tasks over their estimate, 0.00 for budget status ok.",
            ]
        );
    }

    #[test]
    fn insights_without_cost_tasks_or_budget() {
        let figures = Figures {
            expected_cents: 100_000,
            ..Figures::default()
        };
        assert_eq!(
            insights(&figures, None, usd()),
            [
                "No cost recorded yet, so ROI is undefined: expected value 1,000.00, realised \
                 value 0.00.",
                "0.00 % of the expected value is realised.",
                "The board has no tasks yet.",
                "No budget is set, so there is no risk score.",
            ]
        );
    }

    #[test]
    fn money_reads_with_grouped_thousands() {
        assert_eq!(money_text(dec!(1234567.5), usd()), "1,234,567.50");
        assert_eq!(money_text(dec!(-1000), usd()), "-1,000.00");
        assert_eq!(money_text(dec!(999.999), usd()), "1,000.00");
        assert_eq!(money_text(dec!(12), usd()), "12.00");
        let yen = Currency::find_or_default("JPY");
        assert_eq!(money_text(dec!(1234567.5), yen), "1,234,568");
        assert_eq!(money_text(dec!(-1000), yen), "-1,000");
        assert_eq!(percent_text(dec!(-0.5)), "-0.50 %");
    }

    #[test]
    fn changes_are_absolute_and_relative_to_the_first_value() {
        let up = money_change(
            Some(Money::new(dec!(10000))),
            Some(Money::new(dec!(12500))),
            usd(),
        );
        assert_eq!(up.change, Some(Money::new(dec!(2500))));
        assert_eq!(up.change_percent, Some(Percent::new(dec!(25))));
        // From 0: no relative change.
        let from_zero = money_change(Some(Money::ZERO), Some(Money::new(dec!(5))), usd());
        assert_eq!(from_zero.change, Some(Money::new(dec!(5))));
        assert_eq!(from_zero.change_percent, None);
        // Either side null: no change at all.
        let gone = money_change(Some(Money::new(dec!(5))), None, usd());
        assert_eq!((gone.change, gone.change_percent), (None, None));
        // ROI from −12.50 to 20.00: +32.50 points, +260 % of |−12.50|.
        let roi = percent_change(
            Some(Percent::new(dec!(-12.5))),
            Some(Percent::new(dec!(20))),
        );
        assert_eq!(roi.change, Some(Percent::new(dec!(32.5))));
        assert_eq!(roi.change_percent, Some(Percent::new(dec!(260))));
        // 3 → 2 tasks: −1, −33.33 %.
        let tasks = count_change(Some(3), Some(2));
        assert_eq!(tasks.change, Some(-1));
        assert_eq!(tasks.change_percent, Some(Percent::new(dec!(-33.33))));
        assert_eq!(count_change(Some(0), Some(4)).change_percent, None);
        assert_eq!(count_change(None, Some(4)).change, None);
    }
}

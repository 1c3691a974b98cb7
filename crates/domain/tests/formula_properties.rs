//! Every formula driven with extreme and degenerate inputs: the largest amounts the API takes,
//! summed over many tasks, one-cent estimates at one percent, zero everywhere. A formula answers
//! every one of them (an undefined or unrepresentable figure is `None`) and never panics; the
//! wire forms built from the answers serialise.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use budget_contract::limits::{MAX_AMOUNT, MAX_HOURS};
use budget_contract::Money;
use budget_domain::analytics::earned_value::{self, EvInputs};
use budget_domain::forecast::bootstrap::{self, ForecastInput};
use budget_domain::metrics::formulas::{self, BoardTotals, BudgetFigures};
use budget_domain::roi::formulas as roi;
use chrono::{Days, NaiveDate};
use proptest::prelude::*;
use rust_decimal::Decimal;

/// The largest amount one field takes, in cents.
const MAX_CENTS: i64 = MAX_AMOUNT * 100;
/// Many tasks' worth of the largest amounts: a board-wide sum.
const MAX_SUM_CENTS: i64 = MAX_CENTS * 10_000;

/// An amount in cents, biased to the edges: nothing, one cent, the largest field, the largest sum.
fn cents(max: i64) -> impl Strategy<Value = i64> {
    prop_oneof![
        Just(0),
        Just(1),
        Just(MAX_CENTS.min(max)),
        Just(max),
        0..=max,
        0..=100_i64,
    ]
}

fn day() -> impl Strategy<Value = NaiveDate> {
    // 1970-01-01 plus up to 2200-12-31.
    (0_u64..=84_371).prop_map(|days| {
        NaiveDate::from_ymd_opt(1970, 1, 1)
            .unwrap()
            .checked_add_days(Days::new(days))
            .unwrap()
    })
}

fn totals() -> impl Strategy<Value = BoardTotals> {
    (
        0_i64..=10_000,
        cents(MAX_SUM_CENTS),
        cents(MAX_SUM_CENTS),
        cents(MAX_SUM_CENTS),
        cents(MAX_HOURS * 100 * 10_000),
        cents(MAX_SUM_CENTS),
    )
        .prop_flat_map(|(tasks, labour, direct, resource, hours, window)| {
            (0..=tasks, 0..=tasks).prop_map(move |(completed, over)| BoardTotals {
                total_tasks: tasks,
                completed_tasks: completed,
                over_budget_tasks: over,
                labour_cents: labour,
                direct_cents: direct,
                resource_cents: resource,
                centihours: hours,
                window_cost_cents: window.min(labour + direct + resource),
                billable_cents: 0,
                window_billable_cents: 0,
                currency: None,
            })
        })
}

fn budget() -> impl Strategy<Value = Option<BudgetFigures>> {
    proptest::option::of(
        (
            cents(MAX_CENTS),
            proptest::option::of(cents(MAX_HOURS * 100)),
            1_i32..=99,
        )
            .prop_flat_map(|(allocated, hours, warning)| {
                ((warning + 1)..=100).prop_map(move |critical| BudgetFigures {
                    allocated_cents: allocated,
                    currency: "USD".to_owned(),
                    allocated_centihours: hours,
                    warning_threshold: warning,
                    critical_threshold: critical,
                    fixed_fee_cents: None,
                    basis: Default::default(),
                })
            }),
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn metrics_answer_every_board(
        totals in totals(),
        budget in budget(),
        as_of in day(),
        window in 1_u32..=365,
    ) {
        let metrics = formulas::compute(1, as_of, window, &totals, budget.as_ref());
        serde_json::to_string(&metrics).unwrap();
        if budget.as_ref().is_some_and(|b| b.allocated_cents == 0) {
            prop_assert_eq!(metrics.utilisation_percent, None);
        }
    }

    #[test]
    fn percentages_are_null_when_undefined_and_exact_otherwise(
        part in cents(MAX_SUM_CENTS),
        whole in cents(MAX_SUM_CENTS),
    ) {
        let answer = formulas::percent(Decimal::new(part, 2), Decimal::new(whole, 2));
        if whole == 0 {
            prop_assert_eq!(answer, None);
        } else {
            let answer = answer.unwrap();
            // part / whole × 100 back to part, to the precision of a 28-digit decimal.
            let back = answer * Decimal::new(whole, 2) / Decimal::ONE_HUNDRED;
            prop_assert!((back - Decimal::new(part, 2)).abs() < Decimal::new(1, 6));
        }
    }

    #[test]
    fn task_variance_answers_every_task(estimated in cents(MAX_CENTS), actual in cents(MAX_SUM_CENTS)) {
        let variance = formulas::task_variance(estimated, actual, formulas::currency_of(None));
        prop_assert_eq!(variance.variance_percent.is_none(), estimated == 0);
        prop_assert_eq!(variance.over_budget, estimated > 0 && actual > estimated);
    }

    #[test]
    fn burn_rate_answers_every_window(
        window_cost in cents(MAX_SUM_CENTS),
        days in 1_u32..=365,
        remaining in proptest::option::of(-MAX_SUM_CENTS..=MAX_CENTS),
        as_of in day(),
    ) {
        let burn = formulas::burn_rate(
            Decimal::new(window_cost, 2),
            days,
            remaining.map(|r| Decimal::new(r, 2)),
            as_of,
            formulas::currency_of(None),
        );
        if window_cost == 0 && remaining.is_some_and(|r| r > 0) {
            prop_assert_eq!(burn.days_until_exhausted, None);
        }
        serde_json::to_string(&burn).unwrap();
    }

    #[test]
    fn earned_value_answers_every_board(
        bac in proptest::option::of(cents(MAX_CENTS)),
        // Σ estimated cents × progress %: one cent at 1 % up to every task at its largest.
        earned_cent_percent in cents(MAX_SUM_CENTS.saturating_mul(100)),
        ac in cents(MAX_SUM_CENTS),
        start in day(),
        due in proptest::option::of(day()),
        today in day(),
    ) {
        let ev = earned_value::from_cent_percent(earned_cent_percent);
        let figures = earned_value::compute(&EvInputs {
            bac: bac.map(|b| Decimal::new(b, 2)),
            ev,
            ac: Decimal::new(ac, 2),
            start,
            due,
            today,
        });
        prop_assert_eq!(figures.cpi.is_none(), ac == 0);
        if figures.eac.is_some() {
            prop_assert!(figures.cpi.is_some() && bac.is_some());
        }
        for money in [figures.pv, figures.sv, figures.eac, figures.etc, figures.vac].into_iter().flatten() {
            serde_json::to_string(&Money::new(money)).unwrap();
        }
    }

    #[test]
    fn roi_figures_answer_every_snapshot(
        value in cents(MAX_CENTS),
        cost in cents(MAX_SUM_CENTS),
        completed in 0_i64..=10_000,
        total in 0_i64..=10_000,
        totals in totals(),
        budget in budget(),
    ) {
        let figures = roi::Figures {
            expected_cents: value,
            realized_cents: value / 2,
            total_cost_cents: cost,
            completed_tasks: completed.min(total),
            total_tasks: total,
        };
        prop_assert_eq!(figures.expected_roi().is_none(), cost == 0);
        if let Some(roi_percent) = figures.expected_roi() {
            roi::basis_points(roi_percent);
        }
        figures.completion_rate();
        figures.cost_per_completed_task();
        let risk = roi::risk_score(&totals, budget.as_ref());
        if let Some(risk) = &risk {
            prop_assert!((0..=100).contains(&risk.score));
        }
        roi::insights(&figures, risk.as_ref(), formulas::currency_of(budget.as_ref()));
    }

    #[test]
    fn the_forecast_answers_every_history(
        daily in proptest::collection::vec(cents(MAX_CENTS * 10), 0..120),
        bac in proptest::option::of(cents(MAX_CENTS)),
        planned in cents(MAX_SUM_CENTS),
        earned_cent_percent in cents(MAX_SUM_CENTS.saturating_mul(100)),
        start in day(),
        due in proptest::option::of(day()),
        today in day(),
        seed in any::<u64>(),
    ) {
        let ac: i64 = daily.iter().sum();
        let input = ForecastInput {
            today,
            start: start.min(today),
            due,
            daily_cents: daily,
            ac_cents: ac,
            bac_cents: bac,
            planned_cents: planned,
            planned_before_cents: None,
            planned_before_days: 0,
            ev: earned_value::from_cent_percent(earned_cent_percent),
            resamples: 50,
            seed,
            model: budget_domain::forecast::bootstrap::Model::SERVICE,
            extra_costs: Vec::new(),
        };
        let outcome = bootstrap::forecast(&input);
        prop_assert!(outcome.low <= outcome.high);
        prop_assert!(outcome.horizon.days <= bootstrap::MAX_HORIZON_DAYS);
        let view = budget_domain::forecast::view(1, today, start.min(today), None, &outcome);
        serde_json::to_string(&view).unwrap();
    }
}

#[test]
fn a_vanishing_cpi_gives_no_estimate_rather_than_a_panic() {
    // EV = 0.0001 (one cent at 1 %) against AC = 10^13: CPI = 10^-17, and with BAC = 10^12,
    // BAC / CPI = 10^29 is beyond any exact decimal.
    let figures = earned_value::compute(&EvInputs {
        bac: Some(Decimal::new(1_000_000_000_000, 0)),
        ev: earned_value::from_cent_percent(1),
        ac: Decimal::new(10_000_000_000_000, 0),
        start: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        due: None,
        today: NaiveDate::from_ymd_opt(2026, 6, 1).unwrap(),
    });
    assert!(figures.cpi.is_some());
    assert_eq!((figures.eac, figures.etc, figures.vac), (None, None, None));
}

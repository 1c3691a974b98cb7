//! Hand-built boards for the engine's tests: metrics computed by the real formulas from the
//! tasks, and a forecast whose figures the test states, so each test says only what matters.

use budget_contract::forecast::{CostInterval, Forecast, ForecastInputs, HorizonSource};
use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;

use crate::facts::{BoardFacts, PersonRow};
use budget_contract::Money;
use budget_domain::amount::from_hundredths;
use budget_domain::analytics::queries::{DayCost, TaskRow};
use budget_domain::metrics::formulas::{burn_rate, compute, BoardTotals, BudgetFigures};

pub fn day(year: i32, month: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, d).unwrap()
}

/// "Today" of every test board: Wednesday 25 November 2026.
pub fn today() -> NaiveDate {
    day(2026, 11, 25)
}

/// A task whose whole cost so far is labour.
pub fn task(
    id: i64,
    status: &str,
    priority: &str,
    estimated_cents: i64,
    spent_cents: i64,
) -> TaskRow {
    TaskRow {
        id,
        title: format!("Task {id}"),
        status: status.to_owned(),
        priority: priority.to_owned(),
        progress: match status {
            "done" => 100,
            "in_progress" => 50,
            _ => 0,
        },
        assignee_id: None,
        assignee_name: None,
        estimated_cents,
        estimated_centihours: 0,
        direct_cents: 0,
        resource_cents: 0,
        labour_cents: spent_cents,
        centihours: 0,
    }
}

/// The task assigned to a person, with estimated and logged hours.
pub fn assigned(
    mut task: TaskRow,
    user_id: i64,
    estimated_centihours: i64,
    logged_centihours: i64,
) -> TaskRow {
    task.assignee_id = Some(user_id);
    task.assignee_name = Some(format!("User {user_id}"));
    task.estimated_centihours = estimated_centihours;
    task.centihours = logged_centihours;
    task
}

pub fn person(user_id: i64, role: Option<&str>, rate_cents: Option<i64>) -> PersonRow {
    PersonRow {
        user_id,
        display_name: format!("User {user_id}"),
        role: role.map(str::to_owned),
        org_role: None,
        rate_cents,
        logged_centihours: 0,
        labour_cents: 0,
    }
}

/// A board started 2026-10-01, due 2026-12-31 (55 of 91 days elapsed today: 60.44 %), created
/// by user 1, with the tasks' costs as its spending, no burn in the window and a forecast that
/// projects nothing more (projected = spent, probability 0 %).
pub fn board(budget_cents: Option<i64>, tasks: Vec<TaskRow>) -> BoardFacts {
    let totals = BoardTotals {
        total_tasks: tasks.len() as i64,
        completed_tasks: tasks.iter().filter(|t| t.status == "done").count() as i64,
        over_budget_tasks: tasks
            .iter()
            .filter(|t| t.estimated_cents > 0 && t.total_cents() > t.estimated_cents)
            .count() as i64,
        labour_cents: tasks.iter().map(|t| t.labour_cents).sum(),
        direct_cents: tasks.iter().map(|t| t.direct_cents).sum(),
        resource_cents: tasks.iter().map(|t| t.resource_cents).sum(),
        centihours: tasks.iter().map(|t| t.centihours).sum(),
        window_cost_cents: 0,
        billable_cents: 0,
        window_billable_cents: 0,
        currency: budget_cents.map(|_| "USD".into()),
    };
    let figures = budget_cents.map(|allocated_cents| BudgetFigures {
        allocated_cents,
        currency: "USD".into(),
        allocated_centihours: None,
        warning_threshold: 80,
        critical_threshold: 95,
        fixed_fee_cents: None,
        basis: Default::default(),
    });
    let metrics = compute(7, today(), 30, &totals, figures.as_ref());
    let spent = totals.cost_cents();
    let ev: Decimal = tasks
        .iter()
        .map(|t| {
            from_hundredths(t.estimated_cents) * Decimal::from(t.progress) / Decimal::ONE_HUNDRED
        })
        .sum();
    let planned: i64 = tasks.iter().map(|t| t.estimated_cents).sum();
    let due = day(2026, 12, 31);
    let forecast = Forecast {
        board_id: 7,
        as_of: today(),
        time_zone: "UTC".into(),
        currency: budget_cents.map(|_| "USD".into()),
        basis: Default::default(),
        method: budget_domain::forecast::METHOD.into(),
        projected_cost_at_completion: money(spent),
        interval_80: CostInterval {
            low: money(spent),
            high: money(spent),
        },
        probability_over_budget: budget_cents.map(|_| budget_contract::Percent::ZERO),
        projected_overrun: budget_cents.map(|b| money(spent - b)),
        projected_exhaustion_date: None,
        inputs: ForecastInputs {
            history_from: day(2026, 10, 1),
            history_to: today(),
            history_days: 56,
            horizon_days: 36,
            horizon_source: HorizonSource::DueDate,
            completion_date: due,
            mean_daily_cost: money(spent / 56),
            projected_daily_cost: money(0),
            ac: money(spent),
            ev: budget_contract::Money::new(ev),
            bac: budget_cents.map(money),
            planned_cost: money(planned),
            percent_complete: None,
            cpi: (spent > 0).then(|| (ev / from_hundredths(spent)).round_dp(4)),
            eac_ev: None,
            blend_weight: Decimal::ZERO,
            block_days: 7,
            recent_daily_cost: money(spent / 56),
            daily_cost_trend: money(0),
            progress_horizon_days: None,
            planned_cost_before: None,
            scope_growth: Decimal::ZERO,
            scope_spread: Decimal::ZERO,
            interval_spread: None,
            resamples: 2_000,
            seed: 1,
        },
    };
    BoardFacts {
        board_id: 7,
        board_name: "Test board".into(),
        created_by: 1,
        start_date: day(2026, 10, 1),
        due_date: Some(due),
        today: today(),
        now: today().and_time(chrono::NaiveTime::MIN).and_utc(),
        metrics,
        forecast,
        tasks,
        people: vec![person(1, None, None)],
        recent_days: Vec::new(),
    }
}

/// The forecast projects `projected_cents` at completion, with that probability of exceeding
/// the budget and an interval of ±10 %; the projected daily cost spreads the rest over the
/// horizon and the exhaustion date is the day that pace crosses the budget.
pub fn with_forecast(
    mut facts: BoardFacts,
    projected_cents: i64,
    probability: Decimal,
) -> BoardFacts {
    let f = &mut facts.forecast;
    let spent = facts.metrics.spent.value();
    let projected = from_hundredths(projected_cents);
    f.projected_cost_at_completion = money(projected_cents);
    f.interval_80 = CostInterval {
        low: money(projected_cents - projected_cents / 10),
        high: money(projected_cents + projected_cents / 10),
    };
    let horizon = Decimal::from(f.inputs.horizon_days);
    let daily = (projected - spent) / horizon;
    f.inputs.projected_daily_cost = budget_contract::Money::new(daily);
    if let Some(bac) = f.inputs.bac {
        f.probability_over_budget = Some(budget_contract::Percent::new(probability));
        f.projected_overrun = Some(budget_contract::Money::new(projected - bac.value()));
        f.projected_exhaustion_date =
            (projected > bac.value() && daily > Decimal::ZERO).then(|| {
                let days = ((bac.value() - spent) / daily).floor();
                today()
                    .checked_add_days(Days::new(u64::try_from(days).unwrap_or(0)))
                    .unwrap()
            });
    }
    facts
}

/// A figure of the test boards, whose currency is the dollar.
fn money(cents: i64) -> Money {
    Money::from_hundredths(cents)
}

/// `window_cents` spent in the 30-day burn window.
pub fn with_burn(mut facts: BoardFacts, window_cents: i64) -> BoardFacts {
    facts.metrics.burn_rate = burn_rate(
        from_hundredths(window_cents),
        30,
        facts.metrics.remaining.map(|r| r.value()),
        today(),
        facts.currency(),
    );
    facts
}

/// Daily costs ending today, oldest first.
pub fn with_days(mut facts: BoardFacts, cents: &[i64]) -> BoardFacts {
    let first = today()
        .checked_sub_days(Days::new(cents.len() as u64 - 1))
        .unwrap();
    facts.recent_days = cents
        .iter()
        .enumerate()
        .map(|(i, c)| DayCost {
            day: first.checked_add_days(Days::new(i as u64)).unwrap(),
            cents: *c,
        })
        .collect();
    facts
}

/// Budget 10,000.00; 4,000.00 spent (40 %) with 60.44 % of the schedule elapsed; no task over
/// its estimate; burn 1,500.00 over 30 days = 50.00/day → 6,000.00 lasts 120 days; the forecast
/// at 8,000.00 with a 2 % probability of exceeding the budget.
pub fn healthy() -> BoardFacts {
    let tasks = vec![
        task(1, "done", "high", 200_000, 180_000),
        task(2, "in_progress", "medium", 300_000, 150_000),
        task(3, "in_progress", "medium", 200_000, 70_000),
        task(4, "todo", "low", 100_000, 0),
    ];
    let facts = with_burn(board(Some(1_000_000), tasks), 150_000);
    with_forecast(facts, 800_000, Decimal::TWO)
}

//! The overrun prediction in words: the forecast's figures as a short narrative, and the drivers
//! that push the final cost up, each weighed in money.

use budget_contract::forecast::HorizonSource;
use budget_contract::optimizer::Driver;
use budget_contract::Money;
use rust_decimal::Decimal;

use super::patterns::estimate_bias;
use super::{
    amount, cents, format_money, format_money_value, format_percent, is_done,
    remaining_estimate_cents, round_cents,
};
use crate::drafts::PredictionDraft;
use crate::facts::BoardFacts;
use budget_domain::amount::money;

pub const MAX_DRIVERS: usize = 5;

/// Narrative and drivers of the forecast.
///
/// Drivers (only positive impacts; sorted by impact, largest first, ties by name; at most
/// [`MAX_DRIVERS`]):
///
/// | Driver | Impact |
/// |---|---|
/// | a task over its estimate (estimate > 0) | its variance: total cost − estimated cost |
/// | burn above the budget's pace (with a budget and a horizon) | (projected daily − budget-fitting daily) × horizon days = (projected cost at completion − spent) − max(budget − spent, 0), from the unrounded figures |
/// | estimates run low (estimate bias of done tasks ≥ 5 %) | Σ over open tasks of max(estimate − cost so far, 0) × median bias |
pub fn predict(facts: &BoardFacts) -> PredictionDraft {
    let drivers = drivers(facts);
    PredictionDraft {
        narrative: narrative(facts, &drivers),
        drivers,
    }
}

fn drivers(facts: &BoardFacts) -> Vec<Driver> {
    let f = &facts.forecast;
    let mut drivers: Vec<(i64, Driver)> = Vec::new();
    for task in &facts.tasks {
        let variance = task.total_cents() - task.estimated_cents;
        if task.estimated_cents > 0 && variance > 0 {
            let percent = amount(variance) * Decimal::ONE_HUNDRED / amount(task.estimated_cents);
            drivers.push((
                variance,
                Driver {
                    name: format!("{} (task {})", task.title, task.id),
                    detail: format!(
                        "Cost {} against an estimate of {}: {} over (+{}).",
                        format_money(facts, task.total_cents()),
                        format_money(facts, task.estimated_cents),
                        format_money(facts, variance),
                        format_percent(percent),
                    ),
                    impact: money(variance, facts.currency()),
                },
            ));
        }
    }
    if let Some(budget) = f.inputs.bac {
        let horizon = f.inputs.horizon_days;
        let spent = cents(f.inputs.ac);
        let future = cents(f.projected_cost_at_completion) - spent;
        let room = (cents(budget) - spent).max(0);
        let impact = future - room;
        if horizon > 0 && impact > 0 {
            let fitting = amount(room) / Decimal::from(horizon);
            drivers.push((
                impact,
                Driver {
                    name: "Burn above the budget's pace".into(),
                    detail: format!(
                        "Projected {} per day for {horizon} days against {} per day that fits the \
                         remaining {}.",
                        format_money(facts, cents(f.inputs.projected_daily_cost)),
                        format_money_value(facts, fitting),
                        format_money(facts, room),
                    ),
                    impact: money(impact, facts.currency()),
                },
            ));
        }
    }
    if let Some(bias) = estimate_bias(facts).filter(|b| b.is_material() && b.median > Decimal::ZERO)
    {
        let open_remaining: i64 = facts
            .tasks
            .iter()
            .filter(|t| !is_done(t))
            .map(remaining_estimate_cents)
            .sum();
        let exact_impact = amount(open_remaining) * bias.median;
        let impact = round_cents(exact_impact);
        if impact > 0 {
            drivers.push((
                impact,
                Driver {
                    name: "Estimates run low".into(),
                    detail: format!(
                        "Done tasks cost a median {} more than estimated ({} of {}); applied to \
                         the {} still estimated for open tasks.",
                        format_percent(bias.median * Decimal::ONE_HUNDRED),
                        bias.supporting,
                        bias.tasks,
                        format_money(facts, open_remaining),
                    ),
                    impact: Money::in_currency(exact_impact, facts.currency()),
                },
            ));
        }
    }
    drivers.sort_by(|(a, da), (b, db)| b.cmp(a).then_with(|| da.name.cmp(&db.name)));
    drivers.truncate(MAX_DRIVERS);
    drivers.into_iter().map(|(_, d)| d).collect()
}

/// Two to four sentences: the projection, the probability and date, the horizon and method, the
/// largest driver.
fn narrative(facts: &BoardFacts, drivers: &[Driver]) -> String {
    let f = &facts.forecast;
    let projected = format_money(facts, cents(f.projected_cost_at_completion));
    let interval = format!(
        "80 % interval {} to {}",
        format_money(facts, cents(f.interval_80.low)),
        format_money(facts, cents(f.interval_80.high)),
    );
    let mut sentences = Vec::with_capacity(4);
    match (f.inputs.bac, f.projected_overrun) {
        (Some(budget), Some(overrun)) => {
            let overrun = cents(overrun);
            let position = if overrun > 0 {
                format!("{} over it", format_money(facts, overrun))
            } else {
                format!("{} under it", format_money(facts, -overrun))
            };
            sentences.push(format!(
                "The forecast projects a final cost of {projected} ({interval}) against a budget \
                 of {}, {position}.",
                format_money(facts, cents(budget)),
            ));
            let probability = f
                .probability_over_budget
                .map_or_else(|| "unknown".to_owned(), |p| format_percent(p.value()));
            let date = match f.projected_exhaustion_date {
                Some(date) if date <= f.as_of => "the budget is already exceeded".to_owned(),
                Some(date) => format!("at the projected pace the budget is exceeded on {date}"),
                None => "the budget is not exceeded within the projection".to_owned(),
            };
            sentences.push(format!(
                "The probability of exceeding the budget is {probability}; {date}."
            ));
        }
        _ => sentences.push(format!(
            "The forecast projects a final cost of {projected} ({interval}); no budget is set."
        )),
    }
    let horizon = match f.inputs.horizon_source {
        HorizonSource::DueDate => "up to the due date",
        HorizonSource::Progress => "extrapolated from the progress so far",
        HorizonSource::None => "with no future days projected",
    };
    sentences.push(format!(
        "It covers {} days to {} ({horizon}) from {} days of cost history, by the {} method.",
        f.inputs.horizon_days, f.inputs.completion_date, f.inputs.history_days, f.method,
    ));
    if let Some(top) = drivers.first() {
        sentences.push(format!(
            "The largest driver is {} ({}).",
            top.name,
            format_money(facts, cents(top.impact))
        ));
    }
    sentences.join(" ")
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn drivers_of_an_overrunning_board_with_exact_impacts() {
        // Budget 10,000.00; spent 6,000.00; projected 12,000.00 → burn driver (12,000 − 6,000)
        // − (10,000 − 6,000) = 2,000.00. Task 1: 2,500.00 against 1,500.00 → 1,000.00; task 2:
        // 2,000.00 against 1,600.00 → 400.00. Done tasks' median bias (0.6667 + 0.25) / 2 =
        // 0.4583…; open tasks still estimated: 3,000.00 + 500.00 → 3,500.00 × 0.4583… = 1,604.17.
        let tasks = vec![
            task(1, "done", "high", 150_000, 250_000),
            task(2, "done", "medium", 160_000, 200_000),
            task(3, "todo", "low", 300_000, 0),
            task(4, "in_progress", "medium", 200_000, 150_000),
        ];
        let facts = with_forecast(board(Some(1_000_000), tasks), 1_200_000, dec!(84));
        let prediction = predict(&facts);
        let drivers: Vec<(&str, String)> = prediction
            .drivers
            .iter()
            .map(|d| (d.name.as_str(), d.impact.to_string()))
            .collect();
        assert_eq!(
            drivers,
            [
                ("Burn above the budget's pace", "2000.00".to_owned()),
                ("Estimates run low", "1604.17".to_owned()),
                ("Task 1 (task 1)", "1000.00".to_owned()),
                ("Task 2 (task 2)", "400.00".to_owned()),
            ]
        );
        assert_eq!(
            prediction.drivers[0].detail,
            "Projected 166.67 USD per day for 36 days against 111.11 USD per day that fits the \
             remaining 4,000.00 USD."
        );
        assert_eq!(
            prediction.drivers[2].detail,
            "Cost 2,500.00 USD against an estimate of 1,500.00 USD: 1,000.00 USD over (+66.67 %)."
        );
        // The exhaustion date: 4,000.00 / 166.666… = 24 days → 2026-12-19.
        assert_eq!(
            prediction.narrative,
            "The forecast projects a final cost of 12,000.00 USD (80 % interval 10,800.00 USD to \
             13,200.00 USD) against a budget of 10,000.00 USD, 2,000.00 USD over it. The \
             probability of exceeding the budget is 84.00 %; at the projected pace the budget is \
             exceeded on 2026-12-19. It covers 36 days to 2026-12-31 (up to the due date) from 56 \
             days of cost history, by the regime-bootstrap-7d+ev-mixture+scope+adaptive method. \
             The largest driver is Burn above the budget's pace (2,000.00 USD)."
        );
    }

    #[test]
    fn a_board_on_track_has_no_drivers() {
        let facts = with_forecast(
            board(
                Some(1_000_000),
                vec![task(1, "in_progress", "low", 500_000, 100_000)],
            ),
            600_000,
            dec!(3),
        );
        let prediction = predict(&facts);
        assert!(prediction.drivers.is_empty());
        assert!(prediction.narrative.contains(
            "4,000.00 USD under it. The probability of exceeding the budget is 3.00 %; the budget \
             is not exceeded within the projection."
        ));
    }

    #[test]
    fn an_empty_board_without_budget() {
        let prediction = predict(&board(None, Vec::new()));
        assert!(prediction.drivers.is_empty());
        assert!(prediction
            .narrative
            .starts_with("The forecast projects a final cost of 0.00 (80 % interval 0.00 to 0.00); no budget is set."));
    }
}

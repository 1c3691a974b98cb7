//! The board's saved scenarios: each listed with its name and when it was saved, opened
//! (evaluated against today's data and shown as a preview is, with what no longer applied as
//! saved), deleted after a confirmation, or checked to compare 2 to 10 of them against one
//! baseline in a table and one chart.

use budget_contract::scenario::{
    SavedScenario, SavedScenarioResult, ScenarioComparison, ScenarioOutcome,
};
use leptos::prelude::*;

use super::answer::{adjustment_text, change_lines, interval, outcome_exhaustion, Names};
use super::{BoardNames, Shown};
use crate::api::{self, ApiError};
use crate::components::charts::ScenarioChart;
use crate::components::{
    on_answer, read_view, settle, ConfirmDelete, Empty, ErrorNotice, FormError,
};
use crate::format;
use crate::labels;
use crate::requests::{Fetch, Submit};
use crate::session::{bump_refresh, use_refresh};
use crate::text::text;

/// The fewest and most saved scenarios a comparison takes.
const COMPARED: std::ops::RangeInclusive<usize> = 2..=10;

/// A saved scenario evaluated today, as the answer shows it: under its name, with its changes as
/// applied and what became of each change that no longer applied as saved.
pub fn opened(saved: SavedScenarioResult, names: &Names<'_>) -> Shown {
    let evaluation = saved.result.evaluation;
    let adjustments = saved
        .result
        .adjustments
        .iter()
        .map(|adjustment| {
            adjustment_text(
                &saved.scenario.changes,
                adjustment,
                evaluation.as_of,
                evaluation.currency.as_deref(),
                names,
            )
        })
        .collect();
    Shown {
        heading: (text().optimiser.opened_heading)(&saved.scenario.name),
        changes: change_lines(&saved.result.applied, evaluation.currency.as_deref(), names),
        evaluation,
        adjustments,
    }
}

#[component]
pub fn SavedScenarios(
    board_id: i64,
    shown: RwSignal<Option<Shown>>,
    names: BoardNames,
) -> impl IntoView {
    let refresh = use_refresh();
    let list = Fetch::new(move || {
        refresh.track();
        api::scenarios(board_id)
    });
    // The ids checked for a comparison, in the order they were checked.
    let checked = RwSignal::new(Vec::<i64>::new());
    let comparison = RwSignal::new(None::<ScenarioComparison>);
    let compare_error = RwSignal::new(None::<ApiError>);
    let compare = Submit::new(move |ids: &Vec<i64>| api::compare_scenarios(board_id, ids));
    on_answer(compare, compare_error, move |answer| {
        comparison.set(Some(answer))
    });
    let open_error = RwSignal::new(None::<ApiError>);
    let open = Submit::new(move |scenario: &i64| {
        let scenario = *scenario;
        async move {
            let saved = api::scenario(board_id, scenario).await?;
            // The changes are written in words once: their tasks' titles first.
            names
                .load(&[&saved.scenario.changes, &saved.result.applied])
                .await;
            Ok::<_, ApiError>(saved)
        }
    });
    on_answer(open, open_error, move |saved| {
        let opened = names.with(|names| opened(saved, names));
        shown.set(Some(opened));
    });
    let count = move || checked.with(Vec::len);
    let words = &text().optimiser;

    let rows = read_view(list, move |scenarios: Vec<SavedScenario>| {
        if scenarios.is_empty() {
            return view! {
                <Empty message=words.saved_empty />
            }
            .into_any();
        }
        view! {
            <div class="table-wrap" tabindex="0">
                <table data-testid="saved-scenarios">
                    <thead>
                        <tr>
                            <th scope="col">{words.compare_column}</th>
                            <th scope="col">{words.name_column}</th>
                            <th scope="col">{words.saved_column}</th>
                            <th scope="col">{words.actions_column}</th>
                        </tr>
                    </thead>
                    <tbody>
                        <For
                            each=move || scenarios.clone()
                            key=|scenario| scenario.id
                            children=move |scenario| {
                                view! { <SavedRow board_id scenario checked open comparison /> }
                            }
                        />
                    </tbody>
                </table>
            </div>
        }
        .into_any()
    });

    view! {
        <section class="card" data-testid="saved-scenarios-card" aria-labelledby="saved-scenarios-heading">
            <h2 id="saved-scenarios-heading">{words.saved_heading}</h2>
            <p class="hint">
                {words.saved_hint}
            </p>
            {rows}
            <FormError error=open_error />
            <div class="actions">
                <button
                    type="button"
                    class="button"
                    data-testid="compare-scenarios"
                    disabled=move || !COMPARED.contains(&count()) || compare.pending().get()
                    on:click=move |_| {
                        compare.dispatch(checked.get_untracked());
                    }
                >
                    {move || (words.compare_button)(count())}
                </button>
            </div>
            {move || compare_error.get().map(|error| view! { <ErrorNotice error /> })}
        </section>
        <div aria-live="polite">
            {move || comparison.get().map(|comparison| view! { <ComparisonTable comparison /> })}
        </div>
    }
}

/// One saved scenario: its checkbox, name and day, Open, and Delete after a confirmation.
#[component]
fn SavedRow(
    board_id: i64,
    scenario: SavedScenario,
    checked: RwSignal<Vec<i64>>,
    open: Submit<i64, Result<SavedScenarioResult, ApiError>>,
    comparison: RwSignal<Option<ScenarioComparison>>,
) -> impl IntoView {
    let id = scenario.id;
    let confirming = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let remove = Submit::new(move |_: &()| async move {
        let result = api::delete_scenario(board_id, id).await;
        if result.is_err() {
            confirming.try_set(false);
        }
        settle(result, error, |()| {
            checked.update(|ids| ids.retain(|checked| *checked != id));
            // A comparison that shows it would show a scenario that is gone.
            if comparison.with_untracked(|shown| {
                shown
                    .as_ref()
                    .is_some_and(|shown| shown.scenarios.iter().any(|row| row.id == id))
            }) {
                comparison.set(None);
            }
            bump_refresh();
        });
    });
    let checkbox_id = format!("compare-scenario-{id}");
    let name = scenario.name.clone();
    let words = &text().optimiser;
    view! {
        <tr data-testid="saved-scenario" data-scenario-id=id>
            <td>
                <input
                    id=checkbox_id.clone()
                    type="checkbox"
                    data-testid="saved-scenario-check"
                    aria-label=(words.compare_checkbox)(&name)
                    prop:checked=move || checked.with(|ids| ids.contains(&id))
                    on:change=move |event| {
                        let on = event_target_checked(&event);
                        checked.update(|ids| {
                            ids.retain(|checked| *checked != id);
                            if on {
                                ids.push(id);
                            }
                        });
                    }
                />
            </td>
            <td data-testid="saved-scenario-name">{scenario.name.clone()}</td>
            <td>{format::timestamp(scenario.created_at)}</td>
            <td class="actions">
                <button
                    type="button"
                    class="button"
                    data-testid="saved-scenario-open"
                    disabled=move || open.pending().get()
                    on:click=move |_| {
                        open.dispatch(id);
                    }
                >
                    {words.open_button}
                </button>
                <ConfirmDelete
                    question=words.delete_confirm
                    testid="saved-scenario"
                    confirming=confirming
                    pending=remove.pending()
                    on_confirm=move |()| {
                        remove.dispatch(());
                    }
                />
                <FormError error=error />
            </td>
        </tr>
    }
}

/// One plan of a comparison as a table row.
#[derive(Debug, PartialEq)]
pub struct ComparisonRow {
    /// None for today's plan.
    pub id: Option<i64>,
    pub name: String,
    pub cost: String,
    /// The cost's raw API value, for the cell's `data-value`.
    pub cost_value: String,
    pub interval: String,
    pub overrun: String,
    pub exhaustion: String,
    pub roi: String,
    pub difference: String,
    /// The difference's raw API value; none for today's plan.
    pub difference_value: Option<String>,
}

fn comparison_row(
    id: Option<i64>,
    name: String,
    outcome: &ScenarioOutcome,
    currency: Option<&str>,
) -> ComparisonRow {
    ComparisonRow {
        id,
        name,
        cost: format::money(&outcome.projected_cost_at_completion, currency),
        cost_value: outcome.projected_cost_at_completion.to_string(),
        interval: interval(outcome, currency),
        overrun: format::percent(outcome.probability_over_budget.as_ref()),
        exhaustion: outcome_exhaustion(outcome),
        roi: format::percent(outcome.roi_percent.as_ref()),
        difference: format::NONE.to_owned(),
        difference_value: None,
    }
}

/// Today's plan, then each scenario in the order asked, with its difference in cost.
pub fn comparison_rows(comparison: &ScenarioComparison) -> Vec<ComparisonRow> {
    let currency = comparison.currency.as_deref();
    let baseline = comparison_row(
        None,
        text().optimiser.todays_plan.to_owned(),
        &comparison.baseline,
        currency,
    );
    std::iter::once(baseline)
        .chain(comparison.scenarios.iter().map(|scenario| {
            let cost = &scenario.difference.projected_cost_at_completion;
            ComparisonRow {
                difference: format::money_change(cost, currency),
                difference_value: Some(cost.to_string()),
                ..comparison_row(
                    Some(scenario.id),
                    scenario.name.clone(),
                    &scenario.outcome,
                    currency,
                )
            }
        }))
        .collect()
}

/// Saved scenarios against one baseline: a row each, then all of them drawn together.
#[component]
fn ComparisonTable(comparison: ScenarioComparison) -> impl IntoView {
    let rows = comparison_rows(&comparison)
        .into_iter()
        .map(|row| {
            let id = row.id.map_or_else(|| "baseline".to_owned(), |id| id.to_string());
            view! {
                <tr data-testid="comparison-row" data-scenario-id=id>
                    <th scope="row" data-testid="comparison-name">{row.name}</th>
                    <td class="num" data-testid="comparison-cost" data-value=row.cost_value>{row.cost}</td>
                    <td class="num">{row.interval}</td>
                    <td class="num">{row.overrun}</td>
                    <td class="num">{row.exhaustion}</td>
                    <td class="num">{row.roi}</td>
                    <td
                        class="num scenario-difference"
                        data-testid="comparison-cost-difference"
                        data-value=row.difference_value
                    >
                        {row.difference}
                    </td>
                </tr>
            }
        })
        .collect_view();
    let words = &text().optimiser;
    let caption = (words.caption)(
        &format::date(comparison.as_of),
        &labels::forecast_method(&comparison.method),
    );
    let chart_rows = std::iter::once((words.todays_plan.to_owned(), comparison.baseline.clone()))
        .chain(
            comparison
                .scenarios
                .iter()
                .map(|scenario| (scenario.name.clone(), scenario.outcome.clone())),
        )
        .collect::<Vec<_>>();
    view! {
        <section class="card" data-testid="scenario-comparison" aria-labelledby="comparison-heading">
            <h2 id="comparison-heading">{words.comparison_heading}</h2>
            <div class="table-wrap" tabindex="0">
                <table>
                    <caption class="hint">{caption}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{words.plan_column}</th>
                            <th scope="col" class="num">{words.cost_at_completion}</th>
                            <th scope="col" class="num">{words.interval_80}</th>
                            <th scope="col" class="num">{words.probability_of_overrun}</th>
                            <th scope="col" class="num">{words.budget_runs_out}</th>
                            <th scope="col" class="num">{words.roi}</th>
                            <th scope="col" class="num">{words.difference_in_cost_column}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <ScenarioChart rows=chart_rows currency=comparison.currency.clone() />
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use budget_contract::forecast::CostInterval;
    use budget_contract::scenario::{ComparedScenario, ScenarioDifference};
    use budget_contract::{Decimal, Money};
    use std::str::FromStr;

    fn m(text: &str) -> Money {
        Money::new(Decimal::from_str(text).unwrap())
    }

    fn outcome(median: &str) -> ScenarioOutcome {
        ScenarioOutcome {
            projected_cost_at_completion: m(median),
            interval_80: CostInterval {
                low: m("30000"),
                high: m("50000"),
            },
            probability_over_budget: None,
            projected_exhaustion_date: None,
            budget: None,
            due_date: None,
            roi_percent: None,
        }
    }

    #[test]
    fn a_comparison_reads_baseline_first_then_each_scenario_with_its_difference() {
        let comparison = ScenarioComparison {
            board_id: 1,
            as_of: "2026-11-25".parse().unwrap(),
            currency: Some("USD".into()),
            method: "monte_carlo".into(),
            baseline: outcome("40000"),
            scenarios: vec![ComparedScenario {
                id: 7,
                name: "Licence".into(),
                adjustments: Vec::new(),
                outcome: outcome("43600.50"),
                difference: ScenarioDifference {
                    projected_cost_at_completion: m("3600.50"),
                    probability_over_budget: None,
                    exhaustion_days: None,
                    roi_percent: None,
                },
            }],
        };
        let rows = comparison_rows(&comparison);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].id, None);
        assert_eq!(rows[0].name, "Today's plan");
        assert_eq!(rows[0].difference_value, None);
        assert_eq!(rows[1].id, Some(7));
        assert_eq!(rows[1].cost, "$43,600.50");
        assert_eq!(rows[1].cost_value, "43600.50");
        assert_eq!(rows[1].difference, "+$3,600.50");
        assert_eq!(rows[1].difference_value.as_deref(), Some("3600.50"));
        assert_eq!(rows[1].interval, "$30,000.00 – $50,000.00");
    }
}

//! The what-if screen: a few changes to the board's plan (a new budget, a new due date, a fixed
//! daily cost, a person added or taken away, a task added), each optional, tried against
//! today's forecast. The answer shows the forecast without and with them side by side, their
//! difference and both drawn together. Nothing is written; editors and admins may try, a viewer
//! is told so and gets no form. Validation messages are the API's, beside their fields.

use budget_contract::board::BoardRole;
use budget_contract::scenario::{
    DailyCostChange, PeopleChange, ScenarioEvaluation, ScenarioInput, ScenarioOutcome, TaskChange,
};
use budget_contract::Decimal;
use chrono::NaiveDate;
use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::components::charts::ScenarioChart;
use crate::components::{on_answer, read_view, BoardHeading, BoardNav, FormActions, TextField};
use crate::format::{self, parse_decimal, parse_optional_date};

/// What the inputs hold, as typed. A lever left blank is not part of the scenario.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ScenarioDraft {
    pub budget: String,
    pub due_date: String,
    pub daily_amount: String,
    pub daily_from: String,
    pub daily_until: String,
    pub person_hours: String,
    pub person_cost: String,
    pub person_from: String,
    pub person_until: String,
    pub task_cost: String,
}

/// Collects the fields that are not a number or a date at all, under the API's field paths.
#[derive(Default)]
struct Problems(Vec<(String, String)>);

impl Problems {
    /// `text` read by `parse` (none when empty), or the field's problem noted.
    fn read<T>(
        &mut self,
        field: &str,
        text: &str,
        parse: fn(&str) -> Result<Option<T>, String>,
    ) -> Option<T> {
        parse(text).unwrap_or_else(|message| {
            self.0.push((field.to_owned(), message));
            None
        })
    }

    /// The same for a value the lever needs once any of its inputs is filled.
    fn required<T>(
        &mut self,
        field: &str,
        text: &str,
        parse: fn(&str) -> Result<Option<T>, String>,
    ) -> Option<T> {
        if text.trim().is_empty() {
            self.0.push((field.to_owned(), "is required".to_owned()));
            return None;
        }
        self.read(field, text, parse)
    }

    fn decimal(&mut self, field: &str, text: &str) -> Option<Decimal> {
        self.read(field, text, parse_decimal)
    }

    fn required_decimal(&mut self, field: &str, text: &str) -> Option<Decimal> {
        self.required(field, text, parse_decimal)
    }

    fn date(&mut self, field: &str, text: &str) -> Option<NaiveDate> {
        self.read(field, text, parse_optional_date)
    }

    fn required_date(&mut self, field: &str, text: &str) -> Option<NaiveDate> {
        self.required(field, text, parse_optional_date)
    }
}

fn filled(texts: &[&str]) -> bool {
    texts.iter().any(|text| !text.trim().is_empty())
}

impl ScenarioDraft {
    /// The request body, or every field that is not a number or a date at all, or that a lever
    /// in use lacks. Ranges and "after today" are left to the API, whose messages the form
    /// shows.
    pub fn to_input(&self) -> Result<ScenarioInput, ApiError> {
        let mut problems = Problems::default();
        let budget = problems.decimal("budget", &self.budget);
        let due_date = problems.date("due_date", &self.due_date);
        let mut input = ScenarioInput {
            budget,
            due_date,
            ..ScenarioInput::default()
        };
        if filled(&[&self.daily_amount, &self.daily_from, &self.daily_until]) {
            let amount = problems.required_decimal("daily_costs[0].amount", &self.daily_amount);
            let from = problems.required_date("daily_costs[0].from", &self.daily_from);
            let until = problems.date("daily_costs[0].until", &self.daily_until);
            if let (Some(amount), Some(from)) = (amount, from) {
                input.daily_costs.push(DailyCostChange {
                    amount,
                    from,
                    until,
                });
            }
        }
        if filled(&[
            &self.person_hours,
            &self.person_cost,
            &self.person_from,
            &self.person_until,
        ]) {
            let hours = problems.required_decimal("people[0].hours_per_week", &self.person_hours);
            let cost = problems.required_decimal("people[0].hourly_cost", &self.person_cost);
            let from = problems.required_date("people[0].from", &self.person_from);
            let until = problems.date("people[0].until", &self.person_until);
            if let (Some(hours_per_week), Some(hourly_cost), Some(from)) = (hours, cost, from) {
                input.people.push(PeopleChange {
                    hours_per_week,
                    hourly_cost,
                    from,
                    until,
                });
            }
        }
        if let Some(estimated_cost) = problems.decimal("tasks[0].estimated_cost", &self.task_cost) {
            input.tasks.push(TaskChange {
                task_id: None,
                estimated_cost,
            });
        }
        if problems.0.is_empty() {
            Ok(input)
        } else {
            Err(ApiError::local(
                problems
                    .0
                    .iter()
                    .map(|(field, message)| (field.as_str(), message.clone())),
            ))
        }
    }
}

/// The form's inputs, one signal each.
#[derive(Clone, Copy)]
struct DraftInputs {
    budget: RwSignal<String>,
    due_date: RwSignal<String>,
    daily_amount: RwSignal<String>,
    daily_from: RwSignal<String>,
    daily_until: RwSignal<String>,
    person_hours: RwSignal<String>,
    person_cost: RwSignal<String>,
    person_from: RwSignal<String>,
    person_until: RwSignal<String>,
    task_cost: RwSignal<String>,
}

impl DraftInputs {
    fn new() -> Self {
        Self {
            budget: RwSignal::new(String::new()),
            due_date: RwSignal::new(String::new()),
            daily_amount: RwSignal::new(String::new()),
            daily_from: RwSignal::new(String::new()),
            daily_until: RwSignal::new(String::new()),
            person_hours: RwSignal::new(String::new()),
            person_cost: RwSignal::new(String::new()),
            person_from: RwSignal::new(String::new()),
            person_until: RwSignal::new(String::new()),
            task_cost: RwSignal::new(String::new()),
        }
    }

    /// What the inputs hold now.
    fn draft(&self) -> ScenarioDraft {
        ScenarioDraft {
            budget: self.budget.get_untracked(),
            due_date: self.due_date.get_untracked(),
            daily_amount: self.daily_amount.get_untracked(),
            daily_from: self.daily_from.get_untracked(),
            daily_until: self.daily_until.get_untracked(),
            person_hours: self.person_hours.get_untracked(),
            person_cost: self.person_cost.get_untracked(),
            person_from: self.person_from.get_untracked(),
            person_until: self.person_until.get_untracked(),
            task_cost: self.task_cost.get_untracked(),
        }
    }
}

#[component]
pub fn WhatIfScreen(board_id: i64) -> impl IntoView {
    let board = LocalResource::new(move || api::board(board_id));
    view! {
        <section class="board-screen">
            <BoardHeading board section="what if" />
            <BoardNav board_id />
            {read_view(board, move |board| {
                if board.my_role == BoardRole::Viewer {
                    view! {
                        <p class="notice" data-testid="what-if-viewer">
                            "Only the board's editors and admins can try changes to its plan; you can read its forecast on the dashboard."
                        </p>
                    }
                        .into_any()
                } else {
                    view! { <ScenarioForm board_id /> }.into_any()
                }
            })}
        </section>
    }
}

/// The levers, the "Try it" button and the answer.
#[component]
fn ScenarioForm(board_id: i64) -> impl IntoView {
    let draft = DraftInputs::new();
    let error = RwSignal::new(None::<ApiError>);
    let answer = RwSignal::new(None::<ScenarioEvaluation>);
    let try_it = Action::new_local(move |input: &ScenarioInput| {
        let input = input.clone();
        async move { api::preview_scenario(board_id, &input).await }
    });
    let pending = try_it.pending();
    // `answer` is cleared when the form is sent, so a refused scenario shows no stale answer.
    on_answer(try_it, error, move |evaluation| {
        answer.set(Some(evaluation))
    });

    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        answer.set(None);
        match draft.draft().to_input() {
            Ok(input) => {
                error.set(None);
                try_it.dispatch(input);
            }
            Err(invalid) => error.set(Some(invalid)),
        }
    };
    let field_error = Signal::derive(move || error.get());

    view! {
        <div class="card">
            <h2>"Try changes to the plan"</h2>
            <p class="hint">
                "Every lever is optional; leave one blank to keep today's plan. Days must be after today. Nothing is saved."
            </p>
            <form class="form-grid" on:submit=on_submit novalidate=true data-testid="what-if-form">
                <TextField
                    id="what-if-budget"
                    testid="what-if-budget"
                    field="budget"
                    value=draft.budget
                    error=field_error
                    inputmode="decimal"
                    hint="In the budget's currency."
                >
                    "New budget"
                </TextField>
                <TextField id="what-if-due-date" testid="what-if-due-date" field="due_date" value=draft.due_date error=field_error kind="date">
                    "New due date"
                </TextField>
                <fieldset class="field--wide scenario-lever">
                    <legend>"A fixed daily cost (a licence, a rented room)"</legend>
                    <TextField
                        id="what-if-daily-amount"
                        testid="what-if-daily-amount"
                        field="daily_costs[0].amount"
                        value=draft.daily_amount
                        error=field_error
                        inputmode="decimal"
                    >
                        "Per day"
                    </TextField>
                    <TextField id="what-if-daily-from" testid="what-if-daily-from" field="daily_costs[0].from" value=draft.daily_from error=field_error kind="date">
                        "From"
                    </TextField>
                    <TextField
                        id="what-if-daily-until"
                        testid="what-if-daily-until"
                        field="daily_costs[0].until"
                        value=draft.daily_until
                        error=field_error
                        kind="date"
                        hint="Blank: to the end."
                    >
                        "Until (optional)"
                    </TextField>
                </fieldset>
                <fieldset class="field--wide scenario-lever">
                    <legend>"A person added, or time taken away"</legend>
                    <TextField
                        id="what-if-person-hours"
                        testid="what-if-person-hours"
                        field="people[0].hours_per_week"
                        value=draft.person_hours
                        error=field_error
                        inputmode="decimal"
                        hint="Negative for time taken away, e.g. -20."
                    >
                        "Hours per week"
                    </TextField>
                    <TextField
                        id="what-if-person-cost"
                        testid="what-if-person-cost"
                        field="people[0].hourly_cost"
                        value=draft.person_cost
                        error=field_error
                        inputmode="decimal"
                    >
                        "Cost per hour"
                    </TextField>
                    <TextField id="what-if-person-from" testid="what-if-person-from" field="people[0].from" value=draft.person_from error=field_error kind="date">
                        "From"
                    </TextField>
                    <TextField
                        id="what-if-person-until"
                        testid="what-if-person-until"
                        field="people[0].until"
                        value=draft.person_until
                        error=field_error
                        kind="date"
                        hint="Blank: to the end."
                    >
                        "Until (optional)"
                    </TextField>
                </fieldset>
                <TextField
                    id="what-if-task-cost"
                    testid="what-if-task-cost"
                    field="tasks[0].estimated_cost"
                    value=draft.task_cost
                    error=field_error
                    inputmode="decimal"
                    hint="The estimated cost of a task added to the scope."
                >
                    "A task added"
                </TextField>
                <FormActions pending label="Try it" pending_label="Trying…" testid="what-if-submit" error=field_error />
            </form>
        </div>
        <div aria-live="polite">
            {move || answer.get().map(|evaluation| view! { <ScenarioAnswer evaluation /> })}
        </div>
    }
}

/// One figure of both plans and their difference, as a table row.
struct FigureRow {
    label: &'static str,
    testid: &'static str,
    baseline: String,
    scenario: String,
    difference: String,
    /// The difference's raw API value, for the cell's `data-value`.
    difference_value: Option<String>,
}

fn outcome_exhaustion(outcome: &ScenarioOutcome) -> String {
    outcome
        .projected_exhaustion_date
        .map_or_else(|| "Not before completion".to_owned(), format::date)
}

fn interval(outcome: &ScenarioOutcome, currency: Option<&str>) -> String {
    format!(
        "{} – {}",
        format::money(&outcome.interval_80.low, currency),
        format::money(&outcome.interval_80.high, currency)
    )
}

/// The rows of the answer's table, in the order people read them.
fn figure_rows(evaluation: &ScenarioEvaluation) -> Vec<FigureRow> {
    let currency = evaluation.currency.as_deref();
    let (baseline, scenario, difference) = (
        &evaluation.baseline,
        &evaluation.scenario,
        &evaluation.difference,
    );
    vec![
        FigureRow {
            label: "Cost at completion",
            testid: "scenario-cost",
            baseline: format::money(&baseline.projected_cost_at_completion, currency),
            scenario: format::money(&scenario.projected_cost_at_completion, currency),
            difference: format::money_change(&difference.projected_cost_at_completion, currency),
            difference_value: Some(difference.projected_cost_at_completion.to_string()),
        },
        FigureRow {
            label: "80 % interval",
            testid: "scenario-interval",
            baseline: interval(baseline, currency),
            scenario: interval(scenario, currency),
            difference: String::new(),
            difference_value: None,
        },
        FigureRow {
            label: "Probability of overrun",
            testid: "scenario-overrun",
            baseline: format::percent(baseline.probability_over_budget.as_ref()),
            scenario: format::percent(scenario.probability_over_budget.as_ref()),
            difference: format::points_change(difference.probability_over_budget.as_ref()),
            difference_value: difference
                .probability_over_budget
                .map(|points| points.to_string()),
        },
        FigureRow {
            label: "Budget runs out",
            testid: "scenario-exhaustion",
            baseline: outcome_exhaustion(baseline),
            scenario: outcome_exhaustion(scenario),
            difference: format::days_change(difference.exhaustion_days),
            difference_value: difference.exhaustion_days.map(|days| days.to_string()),
        },
        FigureRow {
            label: "ROI",
            testid: "scenario-roi",
            baseline: format::percent(baseline.roi_percent.as_ref()),
            scenario: format::percent(scenario.roi_percent.as_ref()),
            difference: format::points_change(difference.roi_percent.as_ref()),
            difference_value: difference.roi_percent.map(|points| points.to_string()),
        },
    ]
}

/// The forecast without and with the changes, their difference, and both drawn together.
#[component]
fn ScenarioAnswer(evaluation: ScenarioEvaluation) -> impl IntoView {
    let rows = figure_rows(&evaluation)
        .into_iter()
        .map(|row| {
            view! {
                <tr data-testid=row.testid>
                    <th scope="row">{row.label}</th>
                    <td class="num">{row.baseline}</td>
                    <td class="num">{row.scenario}</td>
                    <td
                        class="num scenario-difference"
                        data-testid=format!("{}-difference", row.testid)
                        data-value=row.difference_value
                    >
                        {row.difference}
                    </td>
                </tr>
            }
        })
        .collect_view();
    let caption = format!(
        "As of {}, by the {} forecast.",
        format::date(evaluation.as_of),
        format::label(&evaluation.method)
    );
    view! {
        <section class="card" data-testid="scenario-answer" aria-labelledby="scenario-answer-heading">
            <h2 id="scenario-answer-heading">"Today's plan and with the changes"</h2>
            <div class="table-wrap">
                <table>
                    <caption class="hint">{caption}</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Figure"</th>
                            <th scope="col" class="num">"Today's plan"</th>
                            <th scope="col" class="num">"With the changes"</th>
                            <th scope="col" class="num">"Difference"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <ScenarioChart
                baseline=evaluation.baseline
                scenario=evaluation.scenario
                currency=evaluation.currency
            />
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    #[test]
    fn an_empty_draft_is_the_baseline() {
        let input = ScenarioDraft::default().to_input().unwrap();
        assert_eq!(input.budget, None);
        assert_eq!(input.due_date, None);
        assert!(input.daily_costs.is_empty());
        assert!(input.people.is_empty());
        assert!(input.tasks.is_empty());
    }

    #[test]
    fn each_lever_filled_becomes_one_change() {
        let draft = ScenarioDraft {
            budget: "60,000".into(),
            due_date: "2027-03-31".into(),
            daily_amount: "100.00".into(),
            daily_from: "2026-11-26".into(),
            person_hours: "-20".into(),
            person_cost: "85".into(),
            person_from: "2026-12-01".into(),
            person_until: "2027-01-31".into(),
            task_cost: "4000".into(),
            ..ScenarioDraft::default()
        };
        let input = draft.to_input().unwrap();
        assert_eq!(input.budget, Some(d("60000")));
        assert_eq!(input.due_date, NaiveDate::from_ymd_opt(2027, 3, 31));
        assert_eq!(input.daily_costs.len(), 1);
        assert_eq!(input.daily_costs[0].amount, d("100.00"));
        assert_eq!(input.daily_costs[0].until, None);
        assert_eq!(input.people[0].hours_per_week, d("-20"));
        assert_eq!(input.people[0].until, NaiveDate::from_ymd_opt(2027, 1, 31));
        assert_eq!(input.tasks[0].task_id, None);
        assert_eq!(input.tasks[0].estimated_cost, d("4000"));
    }

    #[test]
    fn a_lever_half_filled_is_flagged_on_its_missing_fields() {
        let draft = ScenarioDraft {
            daily_amount: "100".into(),
            person_cost: "lots".into(),
            ..ScenarioDraft::default()
        };
        let error = draft.to_input().unwrap_err();
        assert!(error.field("daily_costs[0].from").is_some());
        assert!(error.field("daily_costs[0].amount").is_none());
        assert!(error.field("people[0].hours_per_week").is_some());
        assert!(error.field("people[0].hourly_cost").is_some());
        assert!(error.field("people[0].from").is_some());
    }
}

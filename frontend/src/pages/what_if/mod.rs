//! The what-if screen: a few changes to the board's plan (a new budget, a new due date, a fixed
//! daily cost, a person added or taken away, a person's new cost rate, a task added,
//! re-estimated or removed), each optional, tried against today's forecast or saved under a
//! name. The answer shows the forecast without and with them side by side, their difference and
//! both drawn together. Saved scenarios are listed, opened (evaluated again today), deleted and
//! compared ([`saved`]); `?recommendation={id}` shows the effect of a recommendation's changes
//! ([`effect`]). Editors and admins may try and save; a viewer is told so and gets no form.
//! Validation messages are the API's, beside their fields.

mod answer;
mod draft;
mod effect;
mod saved;

use budget_contract::board::BoardRole;
use budget_contract::scenario::{NewScenario, ScenarioEvaluation, ScenarioInput};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::{self, ApiError};
use crate::components::{
    field_error_id, on_answer, read_view, BoardHeading, BoardNav, FieldError, FormActions,
    FormError, TaskPicker, TaskTitles, TextField,
};
use crate::effects::effect;
use crate::requests::{Fetch, Submit};
use crate::session::bump_refresh;
use crate::text::text;
use answer::{LineList, Names, ScenarioAnswer};
use draft::DraftInputs;
pub use draft::ScenarioDraft;
use effect::RecommendationEffect;
use saved::SavedScenarios;

/// An answer on the screen: a preview of the levers, a scenario just saved or one opened.
#[derive(Clone, Debug, PartialEq)]
pub struct Shown {
    /// "Today's plan and with the changes", or with a saved scenario's name.
    pub heading: String,
    pub evaluation: ScenarioEvaluation,
    /// The changes in words, when they are not the levers on the screen.
    pub changes: Vec<String>,
    /// What became of the changes that no longer applied as saved, in words.
    pub adjustments: Vec<String>,
}

impl Shown {
    fn preview(evaluation: ScenarioEvaluation) -> Self {
        Self {
            heading: text().optimiser.preview_heading.to_owned(),
            evaluation,
            changes: Vec::new(),
            adjustments: Vec::new(),
        }
    }
}

/// The board's people and tasks by id, for the levers' selects and for changes in words. Tasks
/// are named as the screen meets them (a board may have thousands).
#[derive(Clone, Copy)]
pub struct BoardNames {
    people: Signal<Vec<(i64, String)>>,
    titles: TaskTitles,
}

impl BoardNames {
    /// The people read from the members API; empty until it answers (or when it fails: the
    /// selects are then empty and changes name ids).
    fn of_board(board_id: i64) -> Self {
        let members = Fetch::new(move || api::members(board_id));
        Self {
            people: Signal::derive(move || {
                members
                    .get()
                    .and_then(Result::ok)
                    .map(|members| {
                        members
                            .into_iter()
                            .map(|member| (member.user_id, member.display_name))
                            .collect()
                    })
                    .unwrap_or_default()
            }),
            titles: TaskTitles::new(board_id),
        }
    }

    /// The tasks each of `changes` names.
    fn tasks_of<'a>(changes: &'a [&ScenarioInput]) -> impl Iterator<Item = i64> + 'a {
        changes
            .iter()
            .flat_map(|input| input.tasks.iter().filter_map(|task| task.task_id))
    }

    /// Reads the titles of the tasks `changes` name, in one batch, and returns once they are
    /// known.
    pub async fn load(&self, changes: &[&ScenarioInput]) {
        self.titles
            .load(Self::tasks_of(changes).collect::<Vec<_>>())
            .await;
    }

    /// Reads the titles of the tasks `changes` name, in one batch, for words that follow the
    /// names (tracked through [`Self::with`]).
    pub fn want(&self, changes: &[&ScenarioInput]) {
        self.titles.want(Self::tasks_of(changes));
    }

    /// `read` of the names as they are now (tracked).
    pub fn with<T>(&self, read: impl FnOnce(&Names<'_>) -> T) -> T {
        let tasks = self.titles.known();
        self.people.with(|people| {
            read(&Names {
                people,
                tasks: &tasks,
            })
        })
    }
}

#[component]
pub fn WhatIfScreen(board_id: i64) -> impl IntoView {
    let board = Fetch::new(move || api::board(board_id));
    let query = use_query_map();
    // A recommendation whose effect to show, from a recommendation's "See its effect" link.
    let recommendation =
        Memo::new(move |_| query.with(|query| query.get("recommendation")?.parse::<i64>().ok()));
    let words = &text().optimiser;
    view! {
        <section class="board-screen">
            <BoardHeading board section=words.what_if_section />
            <BoardNav board_id />
            {read_view(board, move |board| {
                if board.my_role == BoardRole::Viewer {
                    view! {
                        <p class="notice" data-testid="what-if-viewer">
                            {words.viewer_notice}
                        </p>
                    }
                        .into_any()
                } else {
                    let names = BoardNames::of_board(board_id);
                    view! {
                        {move || recommendation.get().map(|recommendation| view! {
                            <RecommendationEffect board_id recommendation names />
                        })}
                        <ScenarioForm board_id names />
                    }
                        .into_any()
                }
            })}
        </section>
    }
}

/// A select of the board's people or tasks by id, with the API's message for `field` beside it;
/// `children` is the label.
#[component]
fn ChoiceField(
    id: &'static str,
    /// The API's name of the field (`rates[0].user_id`).
    field: &'static str,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<ApiError>>,
    /// Each option's id and name.
    options: Signal<Vec<(i64, String)>>,
    /// The option that chooses nothing.
    blank: &'static str,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{children()}</label>
            <select
                id=id
                data-testid=id
                aria-describedby=field_error_id(field)
                on:change=move |event| value.set(event_target_value(&event))
            >
                <option value="" selected=move || value.with(String::is_empty)>{blank}</option>
                {move || {
                    options
                        .get()
                        .into_iter()
                        .map(|(option, name)| {
                            let text = option.to_string();
                            let chosen = text.clone();
                            view! {
                                <option value=text selected=move || value.with(|value| *value == chosen)>{name}</option>
                            }
                        })
                        .collect_view()
                }}
            </select>
            <FieldError error field=field />
        </div>
    }
}

/// The levers, the "Try it" and "Save as" buttons, the answer and the saved scenarios.
#[component]
fn ScenarioForm(board_id: i64, names: BoardNames) -> impl IntoView {
    let draft = DraftInputs::new();
    // The task chosen by title; the draft holds its id as the form's other fields hold text.
    let task_chosen = RwSignal::new(None::<(i64, String)>);
    effect(move || {
        let id = task_chosen.with(|task| task.as_ref().map(|(id, _)| id.to_string()));
        draft.task_id.set(id.unwrap_or_default());
    });
    let name = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let shown = RwSignal::new(None::<Shown>);
    // Each request carries the draft it was read from, which names the API's fields as the
    // form does.
    let try_it = Submit::new(move |(typed, input): &(ScenarioDraft, ScenarioInput)| {
        let (typed, input) = (typed.clone(), input.clone());
        async move {
            api::preview_scenario(board_id, &input)
                .await
                .map_err(|failure| typed.form_error(failure))
        }
    });
    on_answer(try_it, error, move |evaluation| {
        shown.set(Some(Shown::preview(evaluation)))
    });
    let save = Submit::new(move |(typed, body): &(ScenarioDraft, NewScenario)| {
        let (typed, body) = (typed.clone(), body.clone());
        async move {
            let saved = api::save_scenario(board_id, &body, &api::idempotency_key())
                .await
                .map_err(|failure| typed.form_error(failure))?;
            names.load(&[&saved.result.applied]).await;
            Ok(saved)
        }
    });
    on_answer(save, error, move |result| {
        name.set(String::new());
        shown.set(Some(names.with(|names| saved::opened(result, names))));
        bump_refresh();
    });

    // The levers as a request, or their problems shown; `shown` is cleared first, so a refused
    // scenario shows no stale answer.
    let read = move || {
        shown.set(None);
        let typed = draft.draft();
        match typed.to_input() {
            Ok(input) => {
                error.set(None);
                Some((typed, input))
            }
            Err(invalid) => {
                error.set(Some(invalid));
                None
            }
        }
    };
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if let Some(request) = read() {
            try_it.dispatch(request);
        }
    };
    let on_save = move |_| {
        if let Some((typed, changes)) = read() {
            let body = NewScenario {
                name: name.get_untracked(),
                changes,
            };
            save.dispatch((typed, body));
        }
    };
    let field_error = Signal::derive(move || error.get());
    let saving = save.pending();
    let words = &text().optimiser;

    view! {
        <div class="card">
            <h2>{words.form_heading}</h2>
            <p class="hint">
                {words.form_hint}
            </p>
            <form class="form-grid" on:submit=on_submit novalidate=true data-testid="what-if-form">
                <TextField
                    id="what-if-budget"
                    testid="what-if-budget"
                    field="budget"
                    value=draft.budget
                    error=field_error
                    inputmode="decimal"
                    hint=words.budget_hint
                >
                    {words.budget_label}
                </TextField>
                <TextField id="what-if-due-date" testid="what-if-due-date" field="due_date" value=draft.due_date error=field_error kind="date">
                    {words.due_date_label}
                </TextField>
                <fieldset class="field--wide scenario-lever">
                    <legend>{words.daily_cost_legend}</legend>
                    <TextField
                        id="what-if-daily-amount"
                        testid="what-if-daily-amount"
                        field="daily_costs[0].amount"
                        value=draft.daily_amount
                        error=field_error
                        inputmode="decimal"
                    >
                        {words.per_day_label}
                    </TextField>
                    <TextField id="what-if-daily-from" testid="what-if-daily-from" field="daily_costs[0].from" value=draft.daily_from error=field_error kind="date">
                        {words.from_label}
                    </TextField>
                    <TextField
                        id="what-if-daily-until"
                        testid="what-if-daily-until"
                        field="daily_costs[0].until"
                        value=draft.daily_until
                        error=field_error
                        kind="date"
                        hint=words.until_hint
                    >
                        {words.until_label}
                    </TextField>
                </fieldset>
                <fieldset class="field--wide scenario-lever">
                    <legend>{words.person_legend}</legend>
                    <TextField
                        id="what-if-person-hours"
                        testid="what-if-person-hours"
                        field="people[0].hours_per_week"
                        value=draft.person_hours
                        error=field_error
                        inputmode="decimal"
                        hint=words.hours_per_week_hint
                    >
                        {words.hours_per_week_label}
                    </TextField>
                    <TextField
                        id="what-if-person-cost"
                        testid="what-if-person-cost"
                        field="people[0].hourly_cost"
                        value=draft.person_cost
                        error=field_error
                        inputmode="decimal"
                    >
                        {words.cost_per_hour_label}
                    </TextField>
                    <TextField id="what-if-person-from" testid="what-if-person-from" field="people[0].from" value=draft.person_from error=field_error kind="date">
                        {words.from_label}
                    </TextField>
                    <TextField
                        id="what-if-person-until"
                        testid="what-if-person-until"
                        field="people[0].until"
                        value=draft.person_until
                        error=field_error
                        kind="date"
                        hint=words.until_hint
                    >
                        {words.until_label}
                    </TextField>
                </fieldset>
                <fieldset class="field--wide scenario-lever">
                    <legend>{words.rate_legend}</legend>
                    <ChoiceField
                        id="what-if-rate-person"
                        field="rates[0].user_id"
                        value=draft.rate_person
                        error=field_error
                        options=names.people
                        blank=words.member_blank
                    >
                        {words.member_label}
                    </ChoiceField>
                    <TextField
                        id="what-if-rate-cost"
                        testid="what-if-rate-cost"
                        field="rates[0].cost_rate"
                        value=draft.rate_cost
                        error=field_error
                        inputmode="decimal"
                        hint=words.rate_cost_hint
                    >
                        {words.cost_per_hour_label}
                    </TextField>
                    <TextField id="what-if-rate-from" testid="what-if-rate-from" field="rates[0].from" value=draft.rate_from error=field_error kind="date">
                        {words.from_label}
                    </TextField>
                </fieldset>
                <TextField
                    id="what-if-task-cost"
                    testid="what-if-task-cost"
                    field="tasks[0].estimated_cost"
                    value=draft.task_cost
                    error=field_error
                    inputmode="decimal"
                    hint=words.task_added_hint
                >
                    {words.task_added_label}
                </TextField>
                <fieldset class="field--wide scenario-lever">
                    <legend>{words.task_legend}</legend>
                    <TaskPicker
                        board_id
                        id="what-if-task"
                        field="tasks[1].task_id"
                        error=field_error
                        chosen=task_chosen
                        blank=words.task_blank
                    >
                        {words.task_label}
                    </TaskPicker>
                    <TextField
                        id="what-if-task-estimate"
                        testid="what-if-task-estimate"
                        field="tasks[1].estimated_cost"
                        value=draft.task_estimate
                        error=field_error
                        inputmode="decimal"
                        hint=words.new_estimate_hint
                    >
                        {words.new_estimate_label}
                    </TextField>
                </fieldset>
                <FormActions pending=try_it.pending() label=words.try_button pending_label=words.try_pending testid="what-if-submit" />
                <div class="field--wide save-as">
                    <TextField
                        id="what-if-name"
                        testid="what-if-name"
                        field="name"
                        value=name
                        error=field_error
                        maxlength=200
                        hint=words.save_as_hint
                    >
                        {words.save_as_label}
                    </TextField>
                    <button
                        type="button"
                        class="button"
                        data-testid="what-if-save"
                        disabled=move || saving.get()
                        on:click=on_save
                    >
                        {move || if saving.get() { words.save_pending } else { words.save_button }}
                    </button>
                </div>
                <FormError error=field_error />
            </form>
        </div>
        <div aria-live="polite">
            {move || {
                shown
                    .get()
                    .map(|shown| {
                        view! {
                            <ScenarioAnswer evaluation=shown.evaluation heading=shown.heading>
                                <LineList heading=words.changes_heading testid="scenario-changes" lines=shown.changes />
                                <LineList heading=words.adjustments_heading testid="scenario-adjustments" lines=shown.adjustments />
                            </ScenarioAnswer>
                        }
                    })
            }}
        </div>
        <SavedScenarios board_id shown names />
    }
}

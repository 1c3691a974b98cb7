//! Repricing on the Rates screen: the filters (from, to, person, task), the preview of every
//! entry whose price would change (old → new cost and billable amounts) with what that does to
//! spent, revenue and margin, overall, by person and by task; Apply, which prices exactly what
//! was previewed as one operation; and the board's repricings, each revertible while applied.

use budget_contract::repricing::{
    EntryRepricing, PricedSide, Repricing, RepricingChange, RepricingGroup, RepricingPreview,
    RepricingRequest, RepricingStatus,
};
use budget_contract::Money;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError};
use crate::components::rates::RateSubjects;
use crate::components::{
    joined_read_view, on_answer, settle, Empty, ErrorNotice, FieldError, FormActions, FormError,
    TaskPicker, TaskTitles, TextField,
};
use crate::effects::effect;
use crate::format;
use crate::labels;
use crate::requests::{Fetch, Submit};
use crate::text::text;

/// What the repricing form holds, as typed; shared with the screen, which fills it when it
/// offers the repricing a new rate calls for.
#[derive(Clone, Copy, Debug)]
pub struct RepricingFilters {
    pub from: RwSignal<String>,
    pub to: RwSignal<String>,
    pub person: RwSignal<String>,
    /// The task and its title, found by title.
    pub task: RwSignal<Option<(i64, String)>>,
    /// Counts the screen's requests for a preview of the filters as they are.
    pub preview_requested: RwSignal<u32>,
}

impl RepricingFilters {
    pub fn new() -> Self {
        Self {
            from: RwSignal::new(String::new()),
            to: RwSignal::new(String::new()),
            person: RwSignal::new(String::new()),
            task: RwSignal::new(None),
            preview_requested: RwSignal::new(0),
        }
    }

    /// The filters of `request`; its task named from `titles`.
    pub fn fill(&self, request: &RepricingRequest, titles: TaskTitles) {
        let text = |value: Option<String>| value.unwrap_or_default();
        self.from.set(text(request.from.map(|day| day.to_string())));
        self.to.set(text(request.to.map(|day| day.to_string())));
        self.person
            .set(text(request.user_id.map(|id| id.to_string())));
        self.task.set(
            request
                .task_id
                .map(|task| (task, untrack(|| titles.title(task)))),
        );
    }

    fn read(&self) -> Result<RepricingRequest, ApiError> {
        read_request(
            &self.from.get_untracked(),
            &self.to.get_untracked(),
            &self.person.get_untracked(),
            &self
                .task
                .get_untracked()
                .map(|(task, _)| task.to_string())
                .unwrap_or_default(),
        )
    }
}

/// The filters as typed, read into a request: blank is no filter; a day that is not a date is
/// an error at its field.
fn read_request(
    from: &str,
    to: &str,
    person: &str,
    task: &str,
) -> Result<RepricingRequest, ApiError> {
    let from_day = format::parse_optional_date(from);
    let to_day = format::parse_optional_date(to);
    match (from_day, to_day) {
        (Ok(from), Ok(to)) => Ok(RepricingRequest {
            from,
            to,
            user_id: person.trim().parse().ok(),
            task_id: task.trim().parse().ok(),
        }),
        (from, to) => {
            let mut invalid = Vec::new();
            if let Err(message) = from {
                invalid.push(("from", message));
            }
            if let Err(message) = to {
                invalid.push(("to", message));
            }
            Err(ApiError::local(invalid))
        }
    }
}

/// The filters of a repricing, for people: "from 1 Mar 2026, Ada, every task".
fn describe(request: &RepricingRequest, subjects: &RateSubjects) -> String {
    let words = &text().rates;
    let name = |names: &[(i64, String)], id: i64, unknown: fn(i64) -> String| {
        names
            .iter()
            .find(|(known, _)| *known == id)
            .map(|(_, name)| name.clone())
            .unwrap_or_else(|| unknown(id))
    };
    let days = match (request.from, request.to) {
        (Some(from), Some(to)) => (words.days_between)(&format::date(from), &format::date(to)),
        (Some(from), None) => (words.days_from)(&format::date(from)),
        (None, Some(to)) => (words.days_until)(&format::date(to)),
        (None, None) => words.every_day.to_owned(),
    };
    let person = request.user_id.map_or_else(
        || words.everyone.to_owned(),
        |id| name(&subjects.people, id, words.unknown_person),
    );
    let task = request.task_id.map_or_else(
        || words.every_task.to_owned(),
        |id| name(&subjects.tasks, id, words.unknown_task),
    );
    (words.repricing_scope)(&days, &person, &task)
}

#[component]
pub fn RepricingPanel(
    board_id: i64,
    subjects: Signal<RateSubjects>,
    /// Names the tasks the previews and repricings name, as they arrive.
    titles: TaskTitles,
    filters: RepricingFilters,
    /// Called after an apply or a revert (the entries' prices changed).
    on_change: Callback<()>,
) -> impl IntoView {
    let words = &text().rates;
    let error = RwSignal::new(None::<ApiError>);
    let shown = RwSignal::new(None::<RepricingPreview>);
    let applied = RwSignal::new(None::<String>);
    let reload = RwSignal::new(0u32);
    let repricings = Fetch::new(move || {
        reload.get();
        api::repricings(board_id)
    });

    let preview =
        Submit::new(move |request: &RepricingRequest| api::preview_repricing(board_id, request));
    on_answer(preview, error, move |answer| {
        applied.set(None);
        shown.set(Some(answer));
    });
    let run_preview = move || match filters.read() {
        Ok(request) => {
            preview.dispatch(request);
        }
        Err(invalid) => error.set(Some(invalid)),
    };
    effect(move || {
        if filters.preview_requested.get() > 0 {
            untrack(run_preview);
        }
    });
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        run_preview();
    };

    let apply_error = RwSignal::new(None::<ApiError>);
    let apply = Submit::new(move |(request, key): &(RepricingRequest, String)| {
        let (request, key) = (request.clone(), key.clone());
        api::apply_repricing(board_id, &request, &key)
    });
    on_answer(apply, apply_error, move |repricing| {
        shown.set(None);
        applied.set(Some((words.repricing_applied)(
            repricing.id,
            repricing.change.entries,
        )));
        reload.update(|count| *count += 1);
        on_change.run(());
    });
    // Applies exactly the request that was previewed, with a fresh key per click.
    let on_apply = move |_| {
        if let Some(previewed) = shown.get_untracked() {
            apply.dispatch((previewed.request, api::idempotency_key()));
        }
    };
    let field_error = Signal::derive(move || error.get());
    effect(move || {
        if let Some(Ok(page)) = repricings.get() {
            titles.want(
                page.items
                    .iter()
                    .filter_map(|repricing| repricing.request.task_id),
            );
        }
    });
    effect(move || {
        shown.with(|preview| {
            if let Some(preview) = preview {
                titles.want(preview.entries.iter().map(|entry| entry.task_id));
                titles.want(preview.by_task.iter().map(|group| group.id));
            }
        })
    });

    let select = move |id: &'static str, label: &'static str, value: RwSignal<String>| {
        view! {
            <div class="field">
                <label for=id>{label}</label>
                <select id=id data-testid=id on:change=move |event| value.set(event_target_value(&event))>
                    <option value="" selected=move || value.with(String::is_empty)>{words.everyone_option}</option>
                    {move || {
                        subjects
                            .with(|subjects| subjects.people.clone())
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
            </div>
        }
    };

    view! {
        <section class="card" aria-labelledby="repricing-heading" data-testid="repricing-panel">
            <h2 id="repricing-heading">{words.repricing_heading}</h2>
            <p class="muted">{words.repricing_intro}</p>
            <form class="form-grid" on:submit=on_submit novalidate=true>
                <TextField id="repricing-from" testid="repricing-from" field="from" value=filters.from error=field_error kind="date">
                    {words.from_label}
                </TextField>
                <TextField id="repricing-to" testid="repricing-to" field="to" value=filters.to error=field_error kind="date">
                    {words.to_label}
                </TextField>
                {select("repricing-person", words.person_label, filters.person)}
                <FieldError error=field_error field="user_id" />
                <TaskPicker board_id id="repricing-task" chosen=filters.task blank=words.every_task_option field="task_id" error=field_error>
                    {words.task_label}
                </TaskPicker>
                <FormActions pending=preview.pending() label=words.preview_button pending_label=words.preview_pending testid="repricing-preview" error=field_error />
            </form>
            <div role="status" aria-live="polite">
                {move || applied.get().map(|message| view! { <p class="success">{message}</p> })}
            </div>
            {move || {
                shown
                    .get()
                    .map(|answer| {
                        let names = subjects.get();
                        let nothing = answer.change.entries == 0;
                        view! {
                            <PreviewView preview=answer subjects=names />
                            <div class="actions">
                                <button
                                    type="button"
                                    class="button button--primary"
                                    data-testid="repricing-apply"
                                    disabled=move || nothing || apply.pending().get()
                                    on:click=on_apply
                                >
                                    {move || if apply.pending().get() { words.apply_pending } else { words.apply_button }}
                                </button>
                                <button type="button" class="button" on:click=move |_| shown.set(None)>
                                    {words.discard_button}
                                </button>
                            </div>
                            <FormError error=apply_error />
                        }
                    })
            }}
            <h3>{words.repricings_heading}</h3>
            {joined_read_view(move || {
                // Read before the wait, so that names arriving later show at once.
                let names = subjects.get();
                async move {
                    let page = repricings.await?;
                    if page.items.is_empty() {
                        return Ok::<_, ApiError>(
                            view! { <Empty message=words.no_repricings /> }.into_any(),
                        );
                    }
                    Ok(view! {
                        <RepricingList
                            board_id
                            repricings=page.items
                            subjects=names
                            on_change=Callback::new(move |()| {
                                reload.update(|count| *count += 1);
                                on_change.run(());
                            })
                        />
                    }
                    .into_any())
                }
            })}
        </section>
    }
}

/// One side of an entry's price: the amount, and the rate it came from.
fn side(priced: &PricedSide, currency: &str) -> String {
    let amount = format::money(&priced.amount, Some(currency));
    match (&priced.rate, &priced.currency) {
        (Some(rate), Some(code)) => {
            (text().rates.priced_at)(&amount, &format::money(rate, Some(code.as_str())))
        }
        _ => amount,
    }
}

/// A preview: the change overall, by person and by task, and every entry old → new.
#[component]
fn PreviewView(preview: RepricingPreview, subjects: RateSubjects) -> impl IntoView {
    let words = &text().rates;
    let currency = preview.currency.clone();
    if preview.entries.is_empty() {
        return view! {
            <div data-testid="repricing-result">
                <Empty message=words.no_change />
            </div>
        }
        .into_any();
    }
    let people = subjects.people.clone();
    let tasks = subjects.tasks.clone();
    let name = move |names: &[(i64, String)], id: i64| {
        names
            .iter()
            .find(|(known, _)| *known == id)
            .map(|(_, name)| name.clone())
            .unwrap_or_else(|| (words.numbered)(id))
    };
    let entry_row = {
        let currency = currency.clone();
        let people = people.clone();
        let tasks = tasks.clone();
        move |entry: EntryRepricing| {
            view! {
                <tr data-testid="repricing-entry" data-entry-id=entry.entry_id>
                    <td>{format::date(entry.work_date)}</td>
                    <td>{name(&people, entry.user_id)}</td>
                    <td>{name(&tasks, entry.task_id)}</td>
                    <td class="num">{format::hours(&entry.hours)}</td>
                    <td class="num">{(words.old_to_new)(&side(&entry.old_cost, &currency), &side(&entry.new_cost, &currency))}</td>
                    <td class="num">{(words.old_to_new)(&side(&entry.old_billable, &currency), &side(&entry.new_billable, &currency))}</td>
                </tr>
            }
        }
    };
    view! {
        <div data-testid="repricing-result">
            <ChangeFacts change=preview.change.clone() currency=currency.clone() />
            <GroupTable caption=words.by_person_caption groups=preview.by_person.clone() names=people.clone() currency=currency.clone() />
            <GroupTable caption=words.by_task_caption groups=preview.by_task.clone() names=tasks.clone() currency=currency.clone() />
            <div class="table-wrap" tabindex="0">
                <table>
                    <caption>{words.entries_caption}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{words.date_heading}</th>
                            <th scope="col">{words.who_heading}</th>
                            <th scope="col">{words.task_heading}</th>
                            <th scope="col" class="num">{words.hours_heading}</th>
                            <th scope="col" class="num">{words.cost_heading}</th>
                            <th scope="col" class="num">{words.billable_heading}</th>
                        </tr>
                    </thead>
                    <tbody>{preview.entries.into_iter().map(entry_row).collect_view()}</tbody>
                </table>
            </div>
        </div>
    }
    .into_any()
}

/// What a repricing changes: entries, spent, revenue and margin (new − old).
#[component]
fn ChangeFacts(change: RepricingChange, currency: String) -> impl IntoView {
    let words = &text().rates;
    let money = |amount: &Money| format::money_change(amount, Some(currency.as_str()));
    view! {
        <dl class="facts" data-testid="repricing-change">
            <dt>{words.entries}</dt>
            <dd>{change.entries}</dd>
            <dt>{words.spent}</dt>
            <dd data-testid="repricing-spent">{money(&change.spent)}</dd>
            <dt>{words.revenue}</dt>
            <dd data-testid="repricing-revenue">{money(&change.revenue)}</dd>
            <dt>{words.margin}</dt>
            <dd data-testid="repricing-margin">{money(&change.margin)}</dd>
        </dl>
    }
}

#[component]
fn GroupTable(
    caption: &'static str,
    groups: Vec<RepricingGroup>,
    names: Vec<(i64, String)>,
    currency: String,
) -> impl IntoView {
    let words = &text().rates;
    let name = move |id: i64| {
        names
            .iter()
            .find(|(known, _)| *known == id)
            .map(|(_, name)| name.clone())
            .unwrap_or_else(|| (words.numbered)(id))
    };
    let money = move |amount: &Money| format::money_change(amount, Some(currency.as_str()));
    view! {
        <div class="table-wrap" tabindex="0">
            <table>
                <caption>{caption}</caption>
                <thead>
                    <tr>
                        <th scope="col"><span class="visually-hidden">{words.whom_heading}</span></th>
                        <th scope="col" class="num">{words.entries}</th>
                        <th scope="col" class="num">{words.spent}</th>
                        <th scope="col" class="num">{words.revenue}</th>
                        <th scope="col" class="num">{words.margin}</th>
                    </tr>
                </thead>
                <tbody>
                    {groups
                        .into_iter()
                        .map(|group| {
                            view! {
                                <tr>
                                    <th scope="row">{name(group.id)}</th>
                                    <td class="num">{group.change.entries}</td>
                                    <td class="num">{money(&group.change.spent)}</td>
                                    <td class="num">{money(&group.change.revenue)}</td>
                                    <td class="num">{money(&group.change.margin)}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// The board's repricings, newest as the API lists them, each revertible while applied.
#[component]
fn RepricingList(
    board_id: i64,
    repricings: Vec<Repricing>,
    subjects: RateSubjects,
    on_change: Callback<()>,
) -> impl IntoView {
    let words = &text().rates;
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let revert = move |repricing: i64| {
        busy.set(true);
        spawn_local(async move {
            let result = api::revert_repricing(board_id, repricing).await;
            busy.try_set(false);
            settle(result, error, |_| on_change.run(()));
        });
    };
    view! {
        {move || error.get().map(|error| view! { <ErrorNotice error /> })}
        <div class="table-wrap" tabindex="0">
            <table data-testid="repricing-list">
                <thead>
                    <tr>
                        <th scope="col">{words.applied_heading}</th>
                        <th scope="col">{words.scope_heading}</th>
                        <th scope="col" class="num">{words.entries}</th>
                        <th scope="col" class="num">{words.spent}</th>
                        <th scope="col" class="num">{words.revenue}</th>
                        <th scope="col" class="num">{words.margin}</th>
                        <th scope="col">{words.status_heading}</th>
                        <th scope="col"><span class="visually-hidden">{words.actions_heading}</span></th>
                    </tr>
                </thead>
                <tbody>
                    {repricings
                        .into_iter()
                        .map(|repricing| {
                            let id = repricing.id;
                            let currency = repricing.currency.clone();
                            let money = |amount: &Money| format::money_change(amount, Some(currency.as_str()));
                            let revertible = repricing.status == RepricingStatus::Applied;
                            view! {
                                <tr data-testid="repricing-row" data-repricing-id=id data-status=repricing.status.as_str()>
                                    <td>{format::timestamp(repricing.created_at)}</td>
                                    <td>{describe(&repricing.request, &subjects)}</td>
                                    <td class="num">{repricing.change.entries}</td>
                                    <td class="num">{money(&repricing.change.spent)}</td>
                                    <td class="num">{money(&repricing.change.revenue)}</td>
                                    <td class="num">{money(&repricing.change.margin)}</td>
                                    <td>{labels::repricing_status(repricing.status)}</td>
                                    <td class="row-actions">
                                        {revertible
                                            .then(|| {
                                                view! {
                                                    <button
                                                        type="button"
                                                        class="button"
                                                        data-testid="repricing-revert"
                                                        disabled=move || busy.get()
                                                        on:click=move |_| revert(id)
                                                    >
                                                        {words.revert_button}
                                                    </button>
                                                }
                                            })}
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn blank_filters_are_no_filters_and_bad_days_are_marked() {
        let request = read_request("", " ", "", "").unwrap();
        assert_eq!(request, RepricingRequest::default());
        let request = read_request("2026-03-01", "", "7", "9").unwrap();
        assert_eq!(request.from, NaiveDate::from_ymd_opt(2026, 3, 1));
        assert_eq!((request.user_id, request.task_id), (Some(7), Some(9)));
        let error = read_request("1 March", "2026-13-01", "", "").unwrap_err();
        assert!(error.field("from").is_some());
        assert!(error.field("to").is_some());
    }

    #[test]
    fn a_repricing_says_whose_entries_of_which_days_it_priced() {
        let subjects = RateSubjects {
            people: vec![(7, "Ada".to_owned())],
            tasks: vec![(9, "Build".to_owned())],
        };
        let request = RepricingRequest {
            from: NaiveDate::from_ymd_opt(2026, 3, 1),
            to: None,
            user_id: Some(7),
            task_id: None,
        };
        assert_eq!(
            describe(&request, &subjects),
            "from 1 Mar 2026, Ada, every task"
        );
        assert_eq!(
            describe(&RepricingRequest::default(), &subjects),
            "every day, everyone, every task"
        );
    }
}

//! Tasks and time: the board's tasks with what each was estimated to cost,
//! what it has cost and the variance, sortable by any column; a form for a new task; and, for
//! the selected task, its cost figures (with the option to re-rate past entries), its expenses
//! with a form to record one, a form to log time and the task's time entries, each editable and
//! deletable.
//!
//! Every write bumps the app's refresh counter, so this table, the selected task's figures and
//! the dashboard re-read the API at once.

mod cost_form;
mod edit_form;
mod entries;
mod expenses;
mod export;
mod query;
mod table;
mod time_form;

use budget_contract::board::{BoardRole, Member};
use budget_contract::task::{Priority, Task, TaskInput, TaskStatus};
use budget_contract::Money;
use chrono::NaiveDate;
use leptos::prelude::*;

use crate::api::{self, currency_of, metrics_resource, ApiError};
use crate::components::{
    on_answer, read_view, BoardNav, Empty, FormActions, StartTimer, TextField,
};
use crate::effects::effect;
use crate::format;
use crate::labels;
use crate::requests::{Fetch, Submit};
use crate::routing::use_url_view;
use crate::session::{bump_refresh, use_refresh};
use crate::text::text;
use cost_form::CostForm;
use edit_form::TaskEditForm;
use entries::EntryRow;
use expenses::{ExpenseForm, ExpenseList};
use export::EntriesExport;
use query::TaskQuery;
use table::TaskTable;
use time_form::TimeForm;

#[component]
pub fn TasksScreen(board_id: i64) -> impl IntoView {
    let metrics = metrics_resource(board_id);
    let currency = currency_of(metrics);
    let today = Signal::derive(move || {
        metrics.with(|metrics| {
            metrics
                .as_ref()
                .and_then(|result| result.as_ref().ok())
                .map(|metrics| metrics.as_of)
        })
    });
    let members = Fetch::new(move || api::members(board_id));
    let board = Fetch::new(move || api::board(board_id));
    let role = Signal::derive(move || board.get().and_then(Result::ok).map(|b| b.my_role));
    // Board admins, and editors where the board lets editors log for others.
    let logs_for_others = Signal::derive(move || {
        board.get().and_then(Result::ok).is_some_and(|b| {
            b.my_role == BoardRole::Admin
                || (b.my_role == BoardRole::Editor && b.editors_log_for_others)
        })
    });

    // The view is the URL's: order, filters, page and the open task.
    let (query, go) = use_url_view::<TaskQuery>();
    let selected_id = Memo::new(move |_| query.with(|view| view.task));

    // Keyed by the task id only: re-reading the list never rebuilds the open panel (and loses
    // what is being typed).
    let detail = move || {
        selected_id.get().map(|task_id| {
            view! {
                <TaskDetail
                    board_id=board_id
                    task_id=task_id
                    currency=currency
                    today=today
                    members=members
                    role=role
                    logs_for_others=logs_for_others
                    on_close=move || go.run(TaskQuery {
                        task: None,
                        ..query.get_untracked()
                    })
                />
            }
        })
    };

    let words = &text().tasks;
    view! {
        <div class="board-screen">
            <BoardNav board_id=board_id />
            <h1>{words.heading}</h1>
            // Viewers read; adding a task takes an editor.
            {move || {
                role.get()
                    .is_some_and(|role| role >= BoardRole::Editor)
                    .then(|| view! {
                        <NewTaskForm
                            board_id=board_id
                            on_created=move |task: Task| go.run(TaskQuery {
                                task: Some(task.id),
                                ..query.get_untracked()
                            })
                        />
                    })
            }}
            <section class="card" aria-labelledby="tasks-heading">
                <h2 id="tasks-heading">{words.list_heading}</h2>
                <p class="muted">{words.list_intro}</p>
                <TaskTable board_id query go members currency />
            </section>
            {detail}
            <EntriesExport board_id=board_id />
        </div>
    }
}

/// A new task: the title (and a status); the rest can be edited later.
#[component]
fn NewTaskForm(board_id: i64, on_created: impl Fn(Task) + Copy + 'static) -> impl IntoView {
    let words = &text().tasks;
    let title = RwSignal::new(String::new());
    let status = RwSignal::new(TaskStatus::Todo);
    let error = RwSignal::new(None::<ApiError>);
    let create = Submit::new(move |input: &TaskInput| api::create_task(board_id, input));
    on_answer(create, error, move |task| {
        title.set(String::new());
        bump_refresh();
        on_created(task);
    });
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let text = title.get_untracked();
        if text.trim().is_empty() {
            error.set(Some(ApiError::local([(
                "title",
                words.empty_title_message,
            )])));
            return;
        }
        create.dispatch(TaskInput {
            title: text.trim().to_owned(),
            status: status.get_untracked(),
            progress: None,
            priority: Priority::Medium,
            assignee_id: None,
            due_date: None,
        });
    };
    let error_signal: Signal<Option<ApiError>> = error.into();
    view! {
        <section class="card" aria-labelledby="new-task-heading">
            <h2 id="new-task-heading">{words.new_task_heading}</h2>
            <form class="form-row" on:submit=submit novalidate=true>
                <TextField
                    id="new-task-title"
                    testid="new-task-title"
                    field="title"
                    value=title
                    error=error_signal
                    class="field field--grow"
                    maxlength=200
                >
                    {words.title_label}
                </TextField>
                <div class="field">
                    <label for="new-task-status">{words.status_label}</label>
                    <select
                        id="new-task-status"
                        on:change=move |event| {
                            status.set(event_target_value(&event).parse().unwrap_or(TaskStatus::Todo))
                        }
                    >
                        {TaskStatus::ALL
                            .iter()
                            .map(|option| {
                                let option = *option;
                                view! {
                                    <option value=option.as_str() selected=option == TaskStatus::Todo>
                                        {labels::task_status(option)}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
                <FormActions
                    pending=create.pending()
                    label=words.add_task_button
                    pending_label=words.add_task_pending
                    testid="new-task-submit"
                    error=error
                />
            </form>
        </section>
    }
}

/// The selected task: its cost figures and form, time logging and its entries.
#[component]
fn TaskDetail(
    board_id: i64,
    task_id: i64,
    currency: Signal<Option<String>>,
    today: Signal<Option<NaiveDate>>,
    members: Fetch<Vec<Member>>,
    role: Signal<Option<BoardRole>>,
    logs_for_others: Signal<bool>,
    on_close: impl Fn() + Copy + 'static,
) -> impl IntoView {
    let words = &text().tasks;
    let refresh = use_refresh();
    // The heading follows the task's title, edits included.
    let task = Fetch::new(move || {
        refresh.track();
        api::task(board_id, task_id)
    });
    let title = move || {
        task.get()
            .and_then(Result::ok)
            .map_or_else(|| words.detail_fallback_title.to_owned(), |task| task.title)
    };
    // Read once to fill the form (re-reading would overwrite what the person is typing) …
    let initial_cost = Fetch::new(move || api::task_cost(board_id, task_id));
    // … and again after every write for the figures.
    let cost = Fetch::new(move || {
        refresh.track();
        api::task_cost(board_id, task_id)
    });
    let entries = Fetch::new(move || {
        refresh.track();
        api::time_entries(board_id, task_id)
    });
    let expenses = Fetch::new(move || {
        refresh.track();
        api::task_expenses(board_id, task_id)
    });
    let heading = NodeRef::<leptos::html::H2>::new();
    // Bring the panel into view and move the focus to it, for keyboard and phone users.
    effect(move || {
        if let Some(heading) = heading.get() {
            let _ = heading.focus();
        }
    });

    let figures = read_view(cost, move |cost| {
        let currency = currency.get();
        let money = |value: Money| format::money(&value, currency.as_deref());
        view! {
            <dl class="figures" data-testid="task-cost-figures">
                <div><dt>{words.estimated_figure}</dt><dd>{money(cost.estimated_cost)}</dd></div>
                <div><dt>{words.labour_figure}</dt><dd>{money(cost.labour_cost)}</dd></div>
                <div><dt>{words.direct_figure}</dt><dd>{money(cost.actual_cost)}</dd></div>
                <div><dt>{words.resources_figure}</dt><dd>{money(cost.resource_cost)}</dd></div>
                <div><dt>{words.actual_total_figure}</dt><dd data-testid="task-total-cost">{money(cost.total_actual_cost)}</dd></div>
                <div>
                    <dt>{words.variance_figure}</dt>
                    <dd class:negative=cost.over_budget>
                        {(words.variance_value)(
                            &money(cost.variance),
                            &format::percent(cost.variance_percent.as_ref()),
                        )}
                    </dd>
                </div>
                <div>
                    <dt>{words.logged_figure}</dt>
                    <dd>
                        {(words.logged_value)(
                            &format::hours(&cost.logged_hours),
                            &format::hours(&cost.estimated_hours),
                        )}
                    </dd>
                </div>
            </dl>
        }
    });

    view! {
        <section class="card task-detail" id="task-detail" aria-labelledby="task-detail-heading">
            <div class="task-detail__head">
                <h2 id="task-detail-heading" tabindex="-1" node_ref=heading>{title}</h2>
                <button type="button" class="button" on:click=move |_| on_close()>{words.close_button}</button>
            </div>
            {figures}
            <h3>{words.details_heading}</h3>
            <TaskEditForm board_id=board_id task_id=task_id role=role members=members on_deleted=on_close />
            <div class="task-detail__forms">
                <div>
                    <h3>{words.cost_heading}</h3>
                    {read_view(initial_cost, move |initial| view! {
                        <CostForm board_id=board_id task_id=task_id initial=initial currency=currency />
                    })}
                </div>
                <div>
                    <h3>{words.log_time_heading}</h3>
                    <StartTimer board_id=board_id task_id=task_id />
                    <TimeForm board_id=board_id task_id=task_id today=today currency=currency members=members logs_for_others=logs_for_others />
                </div>
            </div>
            <h3>{words.expenses_heading}</h3>
            <ExpenseForm board_id=board_id task_id=task_id today=today currency=currency />
            {read_view(expenses, move |page| view! { <ExpenseList expenses=page.items /> })}
            <h3>{words.entries_heading}</h3>
            {read_view(entries, move |page| {
                if page.items.is_empty() {
                    return view! { <Empty message=words.entries_empty /> }.into_any();
                }
                    let names = members.with(|members| {
                        members
                            .as_ref()
                            .and_then(|result| result.as_ref().ok())
                            .cloned()
                            .unwrap_or_default()
                    });
                    view! {
                        <div class="table-wrap" tabindex="0">
                            <table data-testid="time-entries">
                                <thead>
                                    <tr>
                                        <th scope="col">{words.date_column}</th>
                                        <th scope="col">{words.who_column}</th>
                                        <th scope="col" class="num">{words.hours_column}</th>
                                        <th scope="col">{words.description_column}</th>
                                        <th scope="col">{words.billable_column}</th>
                                        <th scope="col" class="num">{words.cost_rate_column}</th>
                                        <th scope="col" class="num">{words.labour_cost_column}</th>
                                        <th scope="col" class="num">{words.billable_amount_column}</th>
                                        <th scope="col">{words.actions_column}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    <For
                                        each=move || page.items.clone()
                                        key=|entry| (entry.id, entry.version)
                                        children=move |entry| {
                                            let who = names
                                                .iter()
                                                .find(|member| member.user_id == entry.user_id)
                                                .map(|member| member.display_name.clone())
                                                .unwrap_or_else(|| (words.unknown_person)(entry.user_id));
                                            view! { <EntryRow entry=entry who=who currency=currency today=today /> }
                                        }
                                    />
                                </tbody>
                            </table>
                        </div>
                    }
                    .into_any()
            })}
        </section>
    }
}

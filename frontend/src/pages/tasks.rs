//! Tasks and time: the board's tasks with what each was estimated to cost,
//! what it has cost and the variance, sortable by any column; a form for a new task; and, for
//! the selected task, its cost figures (with the option to re-rate past entries), a form to log
//! time and the task's time entries, each editable and deletable.
//!
//! Every write bumps the app's refresh counter, so this table, the selected task's figures and
//! the dashboard re-read the API at once.

use std::cmp::Ordering;

use budget_contract::analytics::TaskBreakdown;
use budget_contract::board::Member;
use budget_contract::task::{Priority, Task, TaskInput, TaskStatus};
use budget_contract::task_cost::{TaskCost, TaskCostInput};
use budget_contract::time_entry::{NewTimeEntry, TimeEntry, TimeEntryPatch};
use budget_contract::{Decimal, Money, Percent};
use chrono::NaiveDate;
use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::api::{currency_of, idempotency_key, metrics_resource};
use crate::format::{self, parse_date, parse_decimal, parse_optional_date};
use crate::labels;
use crate::session::{bump_refresh, use_refresh};
use crate::components::{
    BoardNav, Empty, ErrorNotice, FieldError, FormActions, FormError, Loading,
};

/// A column the task table can be sorted by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortKey {
    Title,
    Status,
    Estimated,
    Actual,
    Variance,
    VariancePercent,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortDirection {
    Ascending,
    Descending,
}

/// The sort in force: which column, which way.
pub type Sort = (SortKey, SortDirection);

/// One line of the task table: the task joined with its figures from the analytics breakdown.
#[derive(Clone, Debug, PartialEq)]
pub struct TaskRow {
    pub id: i64,
    pub title: String,
    pub status: TaskStatus,
    pub progress: i32,
    pub estimated: Money,
    /// Total actual cost: labour + direct + resource.
    pub actual: Money,
    pub variance: Money,
    /// Null when nothing is estimated.
    pub variance_percent: Option<Percent>,
    pub over_budget: bool,
}

/// Joins the task list with the analytics breakdown (by task id). A task the breakdown does not
/// know yet (just created) shows zero cost and no variance percentage.
pub fn task_rows(tasks: &[Task], breakdown: &[TaskBreakdown]) -> Vec<TaskRow> {
    tasks
        .iter()
        .map(|task| {
            let figures = breakdown.iter().find(|row| row.task_id == task.id);
            TaskRow {
                id: task.id,
                title: task.title.clone(),
                status: task.status,
                progress: task.progress,
                estimated: figures.map_or(Money::ZERO, |row| row.estimated),
                actual: figures.map_or(Money::ZERO, |row| row.total),
                variance: figures.map_or(Money::ZERO, |row| row.variance),
                variance_percent: figures.and_then(|row| row.variance_percent),
                over_budget: figures.is_some_and(|row| row.over_budget),
            }
        })
        .collect()
}

fn status_rank(status: TaskStatus) -> u8 {
    match status {
        TaskStatus::Todo => 0,
        TaskStatus::InProgress => 1,
        TaskStatus::Done => 2,
    }
}

/// Sorts the rows in place. Titles compare without regard to case; statuses in workflow order
/// (to do, in progress, done). Rows without a variance percentage go last whichever the
/// direction, and ties keep a stable order by task id.
pub fn sort_rows(rows: &mut [TaskRow], (key, direction): Sort) {
    rows.sort_by(|a, b| {
        let ordering = match key {
            SortKey::Title => a.title.to_lowercase().cmp(&b.title.to_lowercase()),
            SortKey::Status => status_rank(a.status).cmp(&status_rank(b.status)),
            SortKey::Estimated => a.estimated.cmp(&b.estimated),
            SortKey::Actual => a.actual.cmp(&b.actual),
            SortKey::Variance => a.variance.cmp(&b.variance),
            SortKey::VariancePercent => match (a.variance_percent, b.variance_percent) {
                (Some(a), Some(b)) => a.cmp(&b),
                // Absent values go last whatever the direction: decided before it applies.
                (Some(_), None) => return Ordering::Less,
                (None, Some(_)) => return Ordering::Greater,
                (None, None) => Ordering::Equal,
            },
        };
        let ordering = match direction {
            SortDirection::Ascending => ordering,
            SortDirection::Descending => ordering.reverse(),
        };
        ordering.then(a.id.cmp(&b.id))
    });
}

/// The sort after a click on a column header: the same column flips direction; a new column
/// starts A→Z for text and largest first for money (the overruns are what people look for).
pub fn next_sort((key, direction): Sort, clicked: SortKey) -> Sort {
    if key == clicked {
        let flipped = match direction {
            SortDirection::Ascending => SortDirection::Descending,
            SortDirection::Descending => SortDirection::Ascending,
        };
        return (key, flipped);
    }
    let direction = match clicked {
        SortKey::Title | SortKey::Status => SortDirection::Ascending,
        _ => SortDirection::Descending,
    };
    (clicked, direction)
}

/// The `aria-sort` of a column header.
pub fn aria_sort((key, direction): Sort, column: SortKey) -> &'static str {
    match (key == column, direction) {
        (false, _) => "none",
        (true, SortDirection::Ascending) => "ascending",
        (true, SortDirection::Descending) => "descending",
    }
}

fn sort_arrow(sort: Sort, column: SortKey) -> &'static str {
    match aria_sort(sort, column) {
        "ascending" => " ▲",
        "descending" => " ▼",
        _ => "",
    }
}

/// A money amount typed into a form, for a request: blank means zero.
fn amount_or_zero(text: &str) -> Result<Decimal, String> {
    parse_decimal(text).map(Option::unwrap_or_default)
}

#[component]
pub fn TasksScreen(board_id: i64) -> impl IntoView {
    let refresh = use_refresh();
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
    let tasks = LocalResource::new(move || {
        refresh.track();
        api::tasks(board_id)
    });
    let analytics = LocalResource::new(move || {
        refresh.track();
        api::analytics(board_id)
    });
    let members = LocalResource::new(move || api::members(board_id));
    let sort = RwSignal::new((SortKey::Title, SortDirection::Ascending));
    // The open task: its id and title (the title travels with it, so a task just created shows
    // its name before the list is re-read).
    let selected = RwSignal::new(None::<(i64, String)>);
    let selected_id =
        Memo::new(move |_| selected.with(|selected| selected.as_ref().map(|(id, _)| *id)));

    let header = move |column: SortKey, label: &'static str, numeric: bool| {
        view! {
            <th scope="col" class:num=numeric aria-sort=move || aria_sort(sort.get(), column)>
                <button
                    type="button"
                    class="sort"
                    data-sort=label
                    on:click=move |_| sort.update(|current| *current = next_sort(*current, column))
                >
                    {label}
                    <span aria-hidden="true">{move || sort_arrow(sort.get(), column)}</span>
                </button>
            </th>
        }
    };

    let table = move || {
        let Some(task_page) = tasks.get() else {
            return view! { <Loading /> }.into_any();
        };
        let task_page = match task_page {
            Ok(page) => page,
            Err(error) => return view! { <ErrorNotice error=error /> }.into_any(),
        };
        let Some(analytics) = analytics.get() else {
            return view! { <Loading /> }.into_any();
        };
        if task_page.items.is_empty() {
            return view! { <Empty message="No tasks on this board yet. Add the first one above." /> }
                .into_any();
        }
        let (breakdown, analytics_error) = match analytics {
            Ok(analytics) => (analytics.breakdown.tasks, None),
            Err(error) => (Vec::new(), Some(error)),
        };
        let mut rows = task_rows(&task_page.items, &breakdown);
        sort_rows(&mut rows, sort.get());
        let more = task_page.next_cursor.is_some();
        let currency = currency.get();
        let body = rows
            .into_iter()
            .map(|row| {
                let id = row.id;
                let money = |value: Money| format::money(&value, currency.as_deref());
                let overrun = row.variance.value() > Decimal::ZERO;
                view! {
                    <tr
                        data-testid="task-row"
                        data-task-id=id
                        class:selected=move || selected_id.get() == Some(id)
                        class:over-budget=row.over_budget
                    >
                        <th scope="row">
                            <button
                                type="button"
                                class="button button--link"
                                data-testid="task-select"
                                aria-pressed=move || (selected_id.get() == Some(id)).to_string()
                                aria-controls="task-detail"
                                on:click={
                                    let title = row.title.clone();
                                    move |_| selected.set(Some((id, title.clone())))
                                }
                            >
                                {row.title.clone()}
                            </button>
                        </th>
                        <td>
                            <span data-status=row.status.as_str()>
                                {labels::task_status(row.status)}
                            </span>
                            <small class="muted">{format!(" {} %", row.progress)}</small>
                        </td>
                        <td class="num">{money(row.estimated)}</td>
                        <td class="num">{money(row.actual)}</td>
                        <td class="num" class:negative=overrun>
                            {money(row.variance)}
                        </td>
                        <td class="num">{format::percent(row.variance_percent.as_ref())}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            {analytics_error.map(|error| view! {
                <p class="notice">"The cost figures could not be loaded: " {error.message}</p>
            })}
            <div class="table-wrap">
                <table data-testid="tasks-table">
                    <caption class="visually-hidden">
                        "Tasks with estimated and actual cost. Column headers sort the table."
                    </caption>
                    <thead>
                        <tr>
                            {header(SortKey::Title, "Title", false)}
                            {header(SortKey::Status, "Status", false)}
                            {header(SortKey::Estimated, "Estimated", true)}
                            {header(SortKey::Actual, "Actual", true)}
                            {header(SortKey::Variance, "Variance", true)}
                            {header(SortKey::VariancePercent, "Variance %", true)}
                        </tr>
                    </thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
            {more.then(|| view! { <p class="muted">"Showing the first 500 tasks."</p> })}
        }
        .into_any()
    };

    // Keyed by the task id only: re-reading the list never rebuilds the open panel (and loses
    // what is being typed).
    let detail = move || {
        selected_id.get().map(|task_id| {
            let title = untrack(|| {
                selected.with(|selected| {
                    selected
                        .as_ref()
                        .map(|(_, title)| title.clone())
                        .unwrap_or_default()
                })
            });
            view! {
                <TaskDetail
                    board_id=board_id
                    task_id=task_id
                    title=title
                    currency=currency
                    today=today
                    members=members
                    on_close=move || selected.set(None)
                />
            }
        })
    };

    view! {
        <div class="board-screen">
            <BoardNav board_id=board_id />
            <h1>"Tasks and time"</h1>
            <NewTaskForm board_id=board_id on_created=move |task: Task| selected.set(Some((task.id, task.title))) />
            <section class="card" aria-labelledby="tasks-heading">
                <h2 id="tasks-heading">"Tasks"</h2>
                <p class="muted">
                    "Actual cost is labour (time logged × rate) plus direct and resource costs. "
                    "Variance = actual − estimated. Choose a task to edit its costs and log time."
                </p>
                {table}
            </section>
            {detail}
        </div>
    }
}

/// A new task: the title (and a status); the rest can be edited later.
#[component]
fn NewTaskForm(board_id: i64, on_created: impl Fn(Task) + Copy + 'static) -> impl IntoView {
    let title = RwSignal::new(String::new());
    let status = RwSignal::new(TaskStatus::Todo);
    let error = RwSignal::new(None::<ApiError>);
    let create = Action::new_local(move |input: &TaskInput| {
        let input = input.clone();
        async move {
            let result = api::create_task(board_id, &input).await;
            match result {
                Ok(task) => {
                    error.set(None);
                    title.set(String::new());
                    bump_refresh();
                    on_created(task);
                }
                Err(failure) => error.set(Some(failure)),
            }
        }
    });
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let text = title.get_untracked();
        if text.trim().is_empty() {
            error.set(Some(ApiError::local([("title", "must not be empty")])));
            return;
        }
        create.dispatch_local(TaskInput {
            title: text.trim().to_owned(),
            status: status.get_untracked(),
            progress: None,
            priority: Priority::Medium,
            assignee_id: None,
            due_date: None,
        });
    };
    let error_signal = Signal::from(error);
    view! {
        <section class="card" aria-labelledby="new-task-heading">
            <h2 id="new-task-heading">"New task"</h2>
            <form class="form-row" on:submit=submit novalidate=true>
                <div class="field field--grow">
                    <label for="new-task-title">"Title"</label>
                    <input
                        id="new-task-title"
                        data-testid="new-task-title"
                        type="text"
                        maxlength="200"
                        prop:value=move || title.get()
                        on:input=move |event| title.set(event_target_value(&event))
                        aria-describedby="field-error-title"
                    />
                    <FieldError error=error_signal field="title" />
                </div>
                <div class="field">
                    <label for="new-task-status">"Status"</label>
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
                    label="Add task"
                    pending_label="Adding…"
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
    title: String,
    currency: Signal<Option<String>>,
    today: Signal<Option<NaiveDate>>,
    members: LocalResource<Result<Vec<Member>, ApiError>>,
    on_close: impl Fn() + Copy + 'static,
) -> impl IntoView {
    let refresh = use_refresh();
    // Read once to fill the form (re-reading would overwrite what the person is typing) …
    let initial_cost = LocalResource::new(move || api::task_cost(board_id, task_id));
    // … and again after every write for the figures.
    let cost = LocalResource::new(move || {
        refresh.track();
        api::task_cost(board_id, task_id)
    });
    let entries = LocalResource::new(move || {
        refresh.track();
        api::time_entries(board_id, task_id)
    });
    let heading = NodeRef::<leptos::html::H2>::new();
    // Bring the panel into view and move the focus to it, for keyboard and phone users.
    Effect::new(move |_| {
        if let Some(heading) = heading.get() {
            let _ = heading.focus();
        }
    });

    let figures = move || {
        cost.get().map(|result| match result {
            Ok(cost) => {
                let currency = currency.get();
                let money = |value: Money| format::money(&value, currency.as_deref());
                view! {
                    <dl class="figures" data-testid="task-cost-figures">
                        <div><dt>"Estimated"</dt><dd>{money(cost.estimated_cost)}</dd></div>
                        <div><dt>"Labour"</dt><dd>{money(cost.labour_cost)}</dd></div>
                        <div><dt>"Direct"</dt><dd>{money(cost.actual_cost)}</dd></div>
                        <div><dt>"Resources"</dt><dd>{money(cost.resource_cost)}</dd></div>
                        <div><dt>"Actual total"</dt><dd data-testid="task-total-cost">{money(cost.total_actual_cost)}</dd></div>
                        <div>
                            <dt>"Variance"</dt>
                            <dd class:negative=cost.over_budget>
                                {money(cost.variance)} " (" {format::percent(cost.variance_percent.as_ref())} ")"
                            </dd>
                        </div>
                        <div><dt>"Logged"</dt><dd>{format::hours(&cost.logged_hours)} " of " {format::hours(&cost.estimated_hours)} " estimated"</dd></div>
                    </dl>
                }
                .into_any()
            }
            Err(error) => view! { <ErrorNotice error=error /> }.into_any(),
        })
    };

    view! {
        <section class="card task-detail" id="task-detail" aria-labelledby="task-detail-heading">
            <div class="task-detail__head">
                <h2 id="task-detail-heading" tabindex="-1" node_ref=heading>{title}</h2>
                <button type="button" class="button" on:click=move |_| on_close()>"Close"</button>
            </div>
            {figures}
            <div class="task-detail__forms">
                <div>
                    <h3>"Cost"</h3>
                    {move || match initial_cost.get() {
                        None => view! { <Loading /> }.into_any(),
                        Some(Err(error)) => view! { <ErrorNotice error=error /> }.into_any(),
                        Some(Ok(initial)) => view! {
                            <CostForm board_id=board_id task_id=task_id initial=initial currency=currency />
                        }
                        .into_any(),
                    }}
                </div>
                <div>
                    <h3>"Log time"</h3>
                    <TimeForm board_id=board_id task_id=task_id today=today currency=currency />
                </div>
            </div>
            <h3>"Time entries"</h3>
            {move || match entries.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(error)) => view! { <ErrorNotice error=error /> }.into_any(),
                Some(Ok(page)) if page.items.is_empty() => {
                    view! { <Empty message="No time logged on this task yet." /> }.into_any()
                }
                Some(Ok(page)) => {
                    let names = members.with(|members| {
                        members
                            .as_ref()
                            .and_then(|result| result.as_ref().ok())
                            .cloned()
                            .unwrap_or_default()
                    });
                    view! {
                        <div class="table-wrap">
                            <table data-testid="time-entries">
                                <thead>
                                    <tr>
                                        <th scope="col">"Date"</th>
                                        <th scope="col">"Who"</th>
                                        <th scope="col" class="num">"Hours"</th>
                                        <th scope="col">"Description"</th>
                                        <th scope="col">"Billable"</th>
                                        <th scope="col" class="num">"Rate"</th>
                                        <th scope="col" class="num">"Labour cost"</th>
                                        <th scope="col">"Actions"</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    <For
                                        each=move || page.items.clone()
                                        key=|entry| (entry.id, entry.updated_at)
                                        children=move |entry| {
                                            let who = names
                                                .iter()
                                                .find(|member| member.user_id == entry.user_id)
                                                .map(|member| member.display_name.clone())
                                                .unwrap_or_else(|| format!("user {}", entry.user_id));
                                            view! { <EntryRow entry=entry who=who currency=currency today=today /> }
                                        }
                                    />
                                </tbody>
                            </table>
                        </div>
                    }
                    .into_any()
                }
            }}
        </section>
    }
}

/// The task's cost figures (PUT replaces them all; blank amounts are zero, a blank rate means
/// no task rate).
#[component]
fn CostForm(
    board_id: i64,
    task_id: i64,
    initial: TaskCost,
    currency: Signal<Option<String>>,
) -> impl IntoView {
    let text = |value: Money| value.to_string();
    let estimated_cost = RwSignal::new(text(initial.estimated_cost));
    let estimated_hours = RwSignal::new(initial.estimated_hours.to_string());
    let direct = RwSignal::new(text(initial.actual_cost));
    let resource = RwSignal::new(text(initial.resource_cost));
    let rate = RwSignal::new(initial.hourly_rate.map(text).unwrap_or_default());
    let incurred_on = RwSignal::new(
        initial
            .incurred_on
            .map(|date| date.to_string())
            .unwrap_or_default(),
    );
    let reprice = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let saved = RwSignal::new(None::<String>);

    let save = Action::new_local(move |input: &TaskCostInput| {
        let input = input.clone();
        async move {
            let result = api::save_task_cost(board_id, task_id, &input).await;
            match result {
                Ok(cost) => {
                    error.set(None);
                    reprice.set(false);
                    let repriced = cost
                        .repriced_entries
                        .map(|count| format!(" {count} time entries re-rated."))
                        .unwrap_or_default();
                    saved.set(Some(format!("Costs saved.{repriced}")));
                    bump_refresh();
                }
                Err(failure) => {
                    saved.set(None);
                    error.set(Some(failure));
                }
            }
        }
    });

    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        saved.set(None);
        let mut problems = Vec::new();
        let mut amount = |field: &'static str, value: String| match amount_or_zero(&value) {
            Ok(amount) => amount,
            Err(message) => {
                problems.push((field, message));
                Decimal::ZERO
            }
        };
        let estimated_cost_value = amount("estimated_cost", estimated_cost.get_untracked());
        let estimated_hours_value = amount("estimated_hours", estimated_hours.get_untracked());
        let direct_value = amount("actual_cost", direct.get_untracked());
        let resource_value = amount("resource_cost", resource.get_untracked());
        let rate_value = match parse_decimal(&rate.get_untracked()) {
            Ok(rate) => rate,
            Err(message) => {
                problems.push(("hourly_rate", message));
                None
            }
        };
        let incurred_value = match parse_optional_date(&incurred_on.get_untracked()) {
            Ok(date) => date,
            Err(message) => {
                problems.push(("incurred_on", message));
                None
            }
        };
        if !problems.is_empty() {
            error.set(Some(ApiError::local(problems)));
            return;
        }
        save.dispatch_local(TaskCostInput {
            estimated_cost: estimated_cost_value,
            estimated_hours: estimated_hours_value,
            actual_cost: direct_value,
            hourly_rate: rate_value,
            resource_cost: resource_value,
            incurred_on: incurred_value,
            reprice_existing_entries: reprice.get_untracked(),
        });
    };

    let error_signal = Signal::from(error);
    let unit = move || currency.get().unwrap_or_default();
    let field = move |id: &'static str,
                      label: &'static str,
                      api_field: &'static str,
                      testid: Option<&'static str>,
                      value: RwSignal<String>,
                      with_unit: bool| {
        let input_id = format!("cost-{id}");
        view! {
            <div class="field">
                <label for=input_id.clone()>
                    {label}
                    {with_unit.then(|| view! { <small class="muted">" (" {unit} ")"</small> })}
                </label>
                <input
                    id=input_id
                    data-testid=testid
                    type="text"
                    inputmode="decimal"
                    autocomplete="off"
                    prop:value=move || value.get()
                    on:input=move |event| value.set(event_target_value(&event))
                    aria-describedby=format!("field-error-{api_field}")
                />
                <FieldError error=error_signal field=api_field />
            </div>
        }
    };

    view! {
        <form class="form-grid" on:submit=submit novalidate=true data-testid="cost-form">
            {field("estimated", "Estimated cost", "estimated_cost", Some("cost-estimated"), estimated_cost, true)}
            {field("hours", "Estimated hours", "estimated_hours", Some("cost-hours"), estimated_hours, false)}
            {field("direct", "Direct cost", "actual_cost", Some("cost-direct"), direct, true)}
            {field("resource", "Resource cost", "resource_cost", Some("cost-resource"), resource, true)}
            {field("rate", "Hourly rate for this task (blank: each person's rate)", "hourly_rate", Some("cost-rate"), rate, true)}
            <div class="field">
                <label for="cost-incurred">"Direct and resource costs incurred on"</label>
                <input
                    id="cost-incurred"
                    data-testid="cost-incurred"
                    type="date"
                    prop:value=move || incurred_on.get()
                    on:input=move |event| incurred_on.set(event_target_value(&event))
                    aria-describedby="field-error-incurred_on"
                />
                <FieldError error=error_signal field="incurred_on" />
            </div>
            <div class="field field--checkbox">
                <input
                    id="cost-reprice"
                    data-testid="cost-reprice"
                    type="checkbox"
                    prop:checked=move || reprice.get()
                    on:change=move |event| reprice.set(event_target_checked(&event))
                />
                <label for="cost-reprice">
                    "Re-rate the time already logged at the rate now in force"
                </label>
            </div>
            <FormActions
                pending=save.pending()
                label="Save costs"
                pending_label="Saving…"
                testid="cost-submit"
                saved=saved
                error=error
            />
        </form>
    }
}

/// Logging time on the task: hours, the day (today by default), a description, billable.
#[component]
fn TimeForm(
    board_id: i64,
    task_id: i64,
    today: Signal<Option<NaiveDate>>,
    currency: Signal<Option<String>>,
) -> impl IntoView {
    let hours = RwSignal::new(String::new());
    let work_date = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let billable = RwSignal::new(true);
    let error = RwSignal::new(None::<ApiError>);
    let saved = RwSignal::new(None::<String>);
    // One key per intended entry: a retry after a lost answer is not logged twice.
    let pending_key = RwSignal::new(None::<String>);

    // Today (the server's) as the default day, once it is known.
    Effect::new(move |_| {
        if let Some(today) = today.get() {
            if work_date.get_untracked().is_empty() {
                work_date.set(today.to_string());
            }
        }
    });

    let log = Action::new_local(move |(input, key): &(NewTimeEntry, String)| {
        let input = input.clone();
        let key = key.clone();
        async move {
            let result = api::log_time(board_id, task_id, &input, &key).await;
            match result {
                Ok(entry) => {
                    error.set(None);
                    pending_key.set(None);
                    hours.set(String::new());
                    description.set(String::new());
                    saved.set(Some(format!(
                        "Logged {} on {}: {} labour cost.",
                        format::hours(&entry.hours),
                        format::date(entry.work_date),
                        format::money(
                            &entry.labour_cost,
                            currency.try_get_untracked().flatten().as_deref()
                        )
                    )));
                    bump_refresh();
                }
                Err(failure) => {
                    saved.set(None);
                    error.set(Some(failure));
                }
            }
        }
    });

    let changed = move || pending_key.set(None);

    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        saved.set(None);
        let mut problems = Vec::new();
        let hours_value = match parse_decimal(&hours.get_untracked()) {
            Ok(Some(value)) => value,
            Ok(None) => {
                problems.push(("hours", "is required".to_owned()));
                Decimal::ZERO
            }
            Err(message) => {
                problems.push(("hours", message));
                Decimal::ZERO
            }
        };
        let date_value = parse_date(&work_date.get_untracked());
        if date_value.is_none() {
            problems.push(("work_date", "must be a date".to_owned()));
        }
        let (Some(date_value), true) = (date_value, problems.is_empty()) else {
            error.set(Some(ApiError::local(problems)));
            return;
        };
        let text = description.get_untracked();
        let key = pending_key.get_untracked().unwrap_or_else(idempotency_key);
        pending_key.set(Some(key.clone()));
        log.dispatch_local((
            NewTimeEntry {
                hours: hours_value,
                work_date: date_value,
                description: (!text.trim().is_empty()).then(|| text.trim().to_owned()),
                is_billable: Some(billable.get_untracked()),
            },
            key,
        ));
    };
    let error_signal = Signal::from(error);

    view! {
        <form class="form-grid" on:submit=submit novalidate=true data-testid="time-form">
            <div class="field">
                <label for="time-hours">"Hours"</label>
                <input
                    id="time-hours"
                    data-testid="time-hours"
                    type="text"
                    inputmode="decimal"
                    autocomplete="off"
                    placeholder="e.g. 2.5"
                    prop:value=move || hours.get()
                    on:input=move |event| {
                        changed();
                        hours.set(event_target_value(&event))
                    }
                    aria-describedby="field-error-hours"
                />
                <FieldError error=error_signal field="hours" />
            </div>
            <div class="field">
                <label for="time-date">"Date"</label>
                <input
                    id="time-date"
                    data-testid="time-date"
                    type="date"
                    max=move || today.get().map(|today| today.to_string())
                    prop:value=move || work_date.get()
                    on:input=move |event| {
                        changed();
                        work_date.set(event_target_value(&event))
                    }
                    aria-describedby="field-error-work_date"
                />
                <FieldError error=error_signal field="work_date" />
            </div>
            <div class="field field--wide">
                <label for="time-description">"Description"</label>
                <input
                    id="time-description"
                    data-testid="time-description"
                    type="text"
                    maxlength="500"
                    prop:value=move || description.get()
                    on:input=move |event| {
                        changed();
                        description.set(event_target_value(&event))
                    }
                    aria-describedby="field-error-description"
                />
                <FieldError error=error_signal field="description" />
            </div>
            <div class="field field--checkbox">
                <input
                    id="time-billable"
                    data-testid="time-billable"
                    type="checkbox"
                    prop:checked=move || billable.get()
                    on:change=move |event| {
                        changed();
                        billable.set(event_target_checked(&event))
                    }
                />
                <label for="time-billable">"Billable"</label>
            </div>
            <FormActions
                pending=log.pending()
                label="Log time"
                pending_label="Logging…"
                testid="time-submit"
                saved=saved
                error=error
            />
        </form>
    }
}

/// What a row of the entries table is doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RowMode {
    Showing,
    Editing,
    ConfirmingDelete,
}

/// One time entry: shown, edited in place (PATCH) or deleted after a confirmation.
#[component]
fn EntryRow(
    entry: TimeEntry,
    who: String,
    currency: Signal<Option<String>>,
    today: Signal<Option<NaiveDate>>,
) -> impl IntoView {
    let entry_id = entry.id;
    let mode = RwSignal::new(RowMode::Showing);
    let hours = RwSignal::new(entry.hours.to_string());
    let work_date = RwSignal::new(entry.work_date.to_string());
    let description = RwSignal::new(entry.description.clone());
    let billable = RwSignal::new(entry.is_billable);
    let error = RwSignal::new(None::<ApiError>);

    let update = Action::new_local(move |patch: &TimeEntryPatch| {
        let patch = patch.clone();
        async move {
            match api::update_time_entry(entry_id, &patch).await {
                Ok(_) => {
                    error.set(None);
                    mode.set(RowMode::Showing);
                    bump_refresh();
                }
                Err(failure) => error.set(Some(failure)),
            }
        }
    });
    let remove = Action::new_local(move |_: &()| async move {
        match api::delete_time_entry(entry_id).await {
            Ok(()) => {
                error.set(None);
                bump_refresh();
            }
            Err(failure) => {
                mode.set(RowMode::Showing);
                error.set(Some(failure));
            }
        }
    });

    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let mut problems = Vec::new();
        let hours_value = match parse_decimal(&hours.get_untracked()) {
            Ok(Some(value)) => Some(value),
            Ok(None) => {
                problems.push(("hours", "is required".to_owned()));
                None
            }
            Err(message) => {
                problems.push(("hours", message));
                None
            }
        };
        let date_value = parse_date(&work_date.get_untracked());
        if date_value.is_none() {
            problems.push(("work_date", "must be a date".to_owned()));
        }
        if !problems.is_empty() {
            error.set(Some(ApiError::local(problems)));
            return;
        }
        update.dispatch_local(TimeEntryPatch {
            hours: hours_value,
            work_date: date_value,
            description: Some(description.get_untracked()),
            is_billable: Some(billable.get_untracked()),
        });
    };
    let error_signal = Signal::from(error);
    let money = move |value: Money| format::money(&value, currency.get().as_deref());
    let rate = entry.hourly_rate;
    let labour = entry.labour_cost;
    let shown = entry.clone();
    let edit_id = format!("entry-{entry_id}");
    // Leaving the editor or the confirmation puts the focus back on the button that opened it.
    let back_from = RwSignal::new(None::<RowMode>);
    let leave = move || {
        back_from.set(Some(mode.get_untracked()));
        error.set(None);
        mode.set(RowMode::Showing);
    };

    view! {
        <tr
            data-testid="time-entry-row"
            data-entry-id=entry_id
            on:keydown=move |event| {
                // Escape leaves editing or the delete confirmation.
                if event.key() == "Escape" && mode.get_untracked() != RowMode::Showing {
                    leave();
                }
            }
        >
            {move || match mode.get() {
                RowMode::Editing => {
                    let edit_id = edit_id.clone();
                    let hours_input = NodeRef::<leptos::html::Input>::new();
                    Effect::new(move |_| {
                        if let Some(input) = hours_input.get() {
                            let _ = input.focus();
                        }
                    });
                    view! {
                        <td colspan="8">
                            <form class="form-grid form-grid--inline" on:submit=save novalidate=true>
                                <div class="field">
                                    <label for=format!("{edit_id}-hours")>"Hours"</label>
                                    <input
                                        id=format!("{edit_id}-hours")
                                        data-testid="entry-hours"
                                        node_ref=hours_input
                                        type="text"
                                        inputmode="decimal"
                                        prop:value=move || hours.get()
                                        on:input=move |event| hours.set(event_target_value(&event))
                                    />
                                    <FieldError error=error_signal field="hours" />
                                </div>
                                <div class="field">
                                    <label for=format!("{edit_id}-date")>"Date"</label>
                                    <input
                                        id=format!("{edit_id}-date")
                                        data-testid="entry-date"
                                        type="date"
                                        max=move || today.get().map(|today| today.to_string())
                                        prop:value=move || work_date.get()
                                        on:input=move |event| work_date.set(event_target_value(&event))
                                    />
                                    <FieldError error=error_signal field="work_date" />
                                </div>
                                <div class="field field--wide">
                                    <label for=format!("{edit_id}-description")>"Description"</label>
                                    <input
                                        id=format!("{edit_id}-description")
                                        data-testid="entry-description"
                                        type="text"
                                        prop:value=move || description.get()
                                        on:input=move |event| description.set(event_target_value(&event))
                                    />
                                    <FieldError error=error_signal field="description" />
                                </div>
                                <div class="field field--checkbox">
                                    <input
                                        id=format!("{edit_id}-billable")
                                        type="checkbox"
                                        prop:checked=move || billable.get()
                                        on:change=move |event| billable.set(event_target_checked(&event))
                                    />
                                    <label for=format!("{edit_id}-billable")>"Billable"</label>
                                </div>
                                <div class="actions">
                                    <button
                                        type="submit"
                                        class="button button--primary"
                                        data-testid="entry-save"
                                        disabled=move || update.pending().get()
                                    >
                                        "Save"
                                    </button>
                                    <button type="button" class="button" on:click=move |_| leave()>
                                        "Cancel"
                                    </button>
                                </div>
                            </form>
                        </td>
                    }
                    .into_any()
                }
                current => {
                    let shown = shown.clone();
                    let confirm_button = NodeRef::<leptos::html::Button>::new();
                    let edit_button = NodeRef::<leptos::html::Button>::new();
                    let delete_button = NodeRef::<leptos::html::Button>::new();
                    Effect::new(move |_| {
                        let (confirm, edit, delete) =
                            (confirm_button.get(), edit_button.get(), delete_button.get());
                        let target = match back_from.get_untracked() {
                            _ if confirm.is_some() => confirm,
                            Some(RowMode::Editing) => edit,
                            Some(RowMode::ConfirmingDelete) => delete,
                            _ => None,
                        };
                        if let Some(button) = target {
                            back_from.set(None);
                            let _ = button.focus();
                        }
                    });
                    view! {
                        <td>{format::date(shown.work_date)}</td>
                        <td>{who.clone()}</td>
                        <td class="num">{format::hours(&shown.hours)}</td>
                        <td>{shown.description.clone()}</td>
                        <td>{if shown.is_billable { "yes" } else { "no" }}</td>
                        <td class="num">
                            {move || rate.map(|rate| format!("{}/h", money(rate))).unwrap_or_else(|| "no rate".to_owned())}
                        </td>
                        <td class="num">{move || money(labour)}</td>
                        <td class="actions">
                            {if current == RowMode::ConfirmingDelete {
                                view! {
                                    <span role="group" aria-label="Confirm deletion">
                                        "Delete this entry? "
                                        <button
                                            type="button"
                                            class="button button--danger"
                                            data-testid="time-entry-confirm-delete"
                                            node_ref=confirm_button
                                            disabled=move || remove.pending().get()
                                            on:click=move |_| {
                                                remove.dispatch_local(());
                                            }
                                        >
                                            "Delete"
                                        </button>
                                        <button
                                            type="button"
                                            class="button"
                                            on:click=move |_| leave()
                                        >
                                            "Keep"
                                        </button>
                                    </span>
                                }
                                .into_any()
                            } else {
                                view! {
                                    <button
                                        type="button"
                                        class="button"
                                        data-testid="time-entry-edit"
                                        node_ref=edit_button
                                        on:click=move |_| {
                                            error.set(None);
                                            mode.set(RowMode::Editing)
                                        }
                                    >
                                        "Edit"
                                    </button>
                                    <button
                                        type="button"
                                        class="button"
                                        data-testid="time-entry-delete"
                                        node_ref=delete_button
                                        on:click=move |_| mode.set(RowMode::ConfirmingDelete)
                                    >
                                        "Delete"
                                    </button>
                                }
                                .into_any()
                            }}
                            <FormError error=error />
                        </td>
                    }
                    .into_any()
                }
            }}
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};
    use std::str::FromStr;

    fn money(text: &str) -> Money {
        Money::new(Decimal::from_str(text).unwrap())
    }

    fn row(id: i64, title: &str, status: TaskStatus, estimated: &str, actual: &str) -> TaskRow {
        let estimated = money(estimated);
        let actual = money(actual);
        let variance = Money::new(actual.value() - estimated.value());
        let variance_percent = (!estimated.value().is_zero())
            .then(|| Percent::new(variance.value() / estimated.value() * Decimal::ONE_HUNDRED));
        TaskRow {
            id,
            title: title.to_owned(),
            status,
            progress: 0,
            estimated,
            actual,
            variance,
            variance_percent,
            over_budget: actual > estimated && !estimated.value().is_zero(),
        }
    }

    fn rows() -> Vec<TaskRow> {
        vec![
            row(1, "drafting", TaskStatus::Done, "1000", "1200"),
            row(2, "Build", TaskStatus::InProgress, "3000", "1500"),
            row(3, "analytics", TaskStatus::Todo, "0", "250"),
            row(4, "Copy", TaskStatus::InProgress, "500", "500"),
        ]
    }

    fn ids(rows: &[TaskRow]) -> Vec<i64> {
        rows.iter().map(|row| row.id).collect()
    }

    #[test]
    fn titles_sort_without_regard_to_case() {
        let mut rows = rows();
        sort_rows(&mut rows, (SortKey::Title, SortDirection::Ascending));
        assert_eq!(ids(&rows), vec![3, 2, 4, 1]);
        sort_rows(&mut rows, (SortKey::Title, SortDirection::Descending));
        assert_eq!(ids(&rows), vec![1, 4, 2, 3]);
    }

    #[test]
    fn statuses_sort_in_workflow_order_with_ties_by_id() {
        let mut rows = rows();
        sort_rows(&mut rows, (SortKey::Status, SortDirection::Ascending));
        assert_eq!(ids(&rows), vec![3, 2, 4, 1]);
        sort_rows(&mut rows, (SortKey::Status, SortDirection::Descending));
        // Ties (2 and 4, both in progress) stay in id order whichever the direction.
        assert_eq!(ids(&rows), vec![1, 2, 4, 3]);
    }

    #[test]
    fn money_columns_sort_by_exact_amount() {
        let mut rows = rows();
        sort_rows(&mut rows, (SortKey::Actual, SortDirection::Descending));
        assert_eq!(ids(&rows), vec![2, 1, 4, 3]);
        sort_rows(&mut rows, (SortKey::Variance, SortDirection::Descending));
        // +250 (no estimate), +200, 0, −1500.
        assert_eq!(ids(&rows), vec![3, 1, 4, 2]);
        sort_rows(&mut rows, (SortKey::Estimated, SortDirection::Ascending));
        assert_eq!(ids(&rows), vec![3, 4, 1, 2]);
    }

    #[test]
    fn rows_without_a_variance_percentage_go_last_both_ways() {
        let mut rows = rows();
        sort_rows(
            &mut rows,
            (SortKey::VariancePercent, SortDirection::Descending),
        );
        // +20 %, 0 %, −50 %, then the task without an estimate.
        assert_eq!(ids(&rows), vec![1, 4, 2, 3]);
        sort_rows(
            &mut rows,
            (SortKey::VariancePercent, SortDirection::Ascending),
        );
        assert_eq!(ids(&rows), vec![2, 4, 1, 3]);
    }

    #[test]
    fn clicking_a_header_flips_or_starts_a_sort() {
        let title_up = (SortKey::Title, SortDirection::Ascending);
        assert_eq!(
            next_sort(title_up, SortKey::Title),
            (SortKey::Title, SortDirection::Descending)
        );
        assert_eq!(
            next_sort(title_up, SortKey::Variance),
            (SortKey::Variance, SortDirection::Descending)
        );
        assert_eq!(
            next_sort(
                (SortKey::Variance, SortDirection::Descending),
                SortKey::Status
            ),
            (SortKey::Status, SortDirection::Ascending)
        );
        assert_eq!(aria_sort(title_up, SortKey::Title), "ascending");
        assert_eq!(aria_sort(title_up, SortKey::Actual), "none");
        assert_eq!(
            aria_sort(
                (SortKey::Actual, SortDirection::Descending),
                SortKey::Actual
            ),
            "descending"
        );
    }

    fn task(id: i64, title: &str) -> Task {
        let at = Utc.with_ymd_and_hms(2026, 11, 1, 9, 0, 0).unwrap();
        Task {
            id,
            board_id: 1,
            title: title.to_owned(),
            status: TaskStatus::InProgress,
            progress: 40,
            priority: Priority::Medium,
            assignee_id: None,
            due_date: None,
            completed_at: None,
            created_at: at,
            updated_at: at,
        }
    }

    #[test]
    fn rows_join_tasks_with_their_breakdown_and_default_to_zero() {
        let breakdown = TaskBreakdown {
            task_id: 7,
            title: "Build".to_owned(),
            status: TaskStatus::InProgress,
            assignee_id: None,
            progress: 40,
            estimated: money("1000"),
            labour: money("900"),
            direct: money("150"),
            resource: money("50"),
            total: money("1100"),
            variance: money("100"),
            variance_percent: Some(Percent::new(Decimal::from(10))),
            hours: budget_contract::Hours::new(Decimal::from(9)),
            over_budget: true,
        };
        let rows = task_rows(&[task(7, "Build"), task(8, "New")], &[breakdown]);
        assert_eq!(rows[0].actual, money("1100"));
        assert_eq!(rows[0].variance, money("100"));
        assert!(rows[0].over_budget);
        assert_eq!(rows[1].estimated, Money::ZERO);
        assert_eq!(rows[1].variance_percent, None);
        assert!(!rows[1].over_budget);
    }

    #[test]
    fn blank_amounts_are_zero_and_words_are_refused() {
        assert_eq!(amount_or_zero(""), Ok(Decimal::ZERO));
        assert_eq!(
            amount_or_zero("12.5"),
            Ok(Decimal::from_str("12.5").unwrap())
        );
        assert!(amount_or_zero("twelve").is_err());
    }
}
